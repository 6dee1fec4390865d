"""How a game ends: the ending that holds, checked at each month's end, and the ones that cannot
wait (war begins the moment the ladder reaches it)."""

from __future__ import annotations

from game.engine import rules
from game.engine.phases import check_transition
from game.engine.records import Ended
from game.engine.scoring import scores
from game.engine.state import GameState, Phase
from game.mods.content import EndingDef
from game.mods.expr import Scope


def best_ending(state: GameState, last: bool, immediate_only: bool = False) -> EndingDef | None:
    """The highest-priority ending that holds now: any ending when the calendar has run out
    (`last`), else only those that may end the game in any month."""
    best = None
    for e in state.content.endings.values():
        if e.model.at == "end" and not last:
            continue
        if immediate_only and not e.model.immediate:
            continue
        if rules.holds(e.when, Scope(state)) and (best is None or e.model.priority > best.model.priority):
            best = e
    return best


def end_now(state: GameState) -> bool:
    """End the game at once if an ending that cannot wait holds (war); True when the game is over."""
    if state.phase is Phase.GAME_OVER:
        return True
    e = best_ending(state, last=False, immediate_only=True)
    if e is None:
        return False
    finish(state, e.id)
    check_transition(state.phase, Phase.GAME_OVER)
    state.phase = Phase.GAME_OVER
    state.history.append(state.month_record())
    return True


def finish(state: GameState, ending: str | None) -> None:
    st = state
    st.ending = ending
    st.scores = scores(st, ending)
    if ending is not None:
        e = st.content.endings[ending].model
        st.write(Ended(st.turn, st.date, ending, e.title, text_long=e.text))
    else:
        st.write(Ended(st.turn, st.date, "", "The calendar ran out."))
