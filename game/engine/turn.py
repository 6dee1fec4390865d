"""A month's phases, run in order by one machine: briefing, the computer's turn, resolution.

`advance` runs the automatic phases until the player must decide again or the game is over.
Each month that ends appends a `TurnRecord` to the state's history.
"""

from __future__ import annotations

from collections.abc import Callable

from game.engine import deals, events, legal, rules, step
from game.engine.endings import best_ending, end_now, finish
from game.engine.policy import Policy
from game.engine.reactions import run_reactions
from game.engine.records import RedLineCrossed
from game.engine.state import GameState, Phase
from game.mods.expr import Scope


def advance(state: GameState, policy: Policy, on_turn_end: Callable[[int], None] | None = None) -> None:
    """Run automatic phases until the player must act or the game is over."""
    st = state
    while True:
        if st.phase is Phase.BRIEFING:
            events.briefing(st, policy)
            if end_now(st):
                continue
            if st.pending or st.diplomacy.offers:
                step.enter(st, Phase.EVENT_CHOICES)
            elif st.player:
                step.enter(st, Phase.DIPLOMACY)
            else:
                step.enter(st, Phase.AI_TURN)
        elif st.phase is Phase.AI_TURN:
            computer_turn(st, policy)
            if not end_now(st):
                step.enter(st, Phase.RESOLUTION)
        elif st.phase is Phase.RESOLUTION:
            over = resolution(st)
            st.history.append(st.month_record())
            if on_turn_end is not None:
                on_turn_end(st.turn)
            if over:
                step.enter(st, Phase.GAME_OVER)
            else:
                step.enter(st, Phase.BRIEFING)
                st.turn += 1
                st.touched.add("time")
        else:
            return


def computer_turn(state: GameState, policy: Policy) -> None:
    """Every computer power makes its month's moves, then every power reacts to what it saw."""
    st = state
    for p in st.content.powers:
        if p == st.player:
            continue
        st.moves_made = 0
        for move in policy.month(st, p):
            # the computer plays by the player's rules: a move they forbid is not made
            if legal.move_problem(st, p, move) is None:
                step.apply(st, move, policy, by=p)
                if end_now(st):
                    return
    st.moves_made = 0
    run_reactions(st)
    end_now(st)


def resolution(state: GameState) -> bool:
    """Run the month's end; True when the game is over."""
    st = state
    c = st.content
    rules.apply(st.scenario.each_turn, Scope(st))
    deals.resolve(st)
    for p in c.powers.values():
        for rl in p.red_lines:
            key = f"{p.id}:{rl.id}"
            scope = Scope(st, p.id)
            if rules.holds(rl.when, scope):
                if key not in st.red_lines:
                    st.red_lines.add(key)
                    rules.apply(rl.effects, scope)
                    text = rules.render(rl.text, rules.names_for(st, p.id))
                    st.write(RedLineCrossed(st.turn, st.date, rl.id, text, p.id))
            else:
                st.red_lines.discard(key)
    last = st.turn >= st.last_turn
    best = best_ending(st, last)
    if best is None and not last:
        return False
    finish(st, best.id if best else None)
    return True
