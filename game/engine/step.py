"""The one door: every move, the player's or the computer's, is applied by `apply`.

`apply(state, move, policy, by=...)` changes the state as the rules say and returns the records
of what happened. It does not check that the move is allowed (`legal.why_not` does, for the
player; the computer's policies choose among allowed moves), and it does not run the turn on
(`turn.advance` does). Playing a game, replaying one, previewing a move and the computer's
what-ifs all go through here, so a move means the same everywhere.
"""

from __future__ import annotations

from typing import assert_never

from game.engine import deals, events, rules, statements, words
from game.engine.diplomacy import Deal
from game.engine.phases import check_transition
from game.engine.policy import Policy
from game.engine.records import ActionTaken, Dialogue, Record
from game.engine.scoring import utility
from game.engine.state import GameState, Happening, Phase
from game.mods.content import ActionDef
from game.mods.expr import Scope
from game.moves import AcceptCounter, Act, Break, Choose, EndTurn, Move, Propose, RefuseCounter, Statement, Talk


def enter(state: GameState, phase: Phase) -> None:
    check_transition(state.phase, phase)
    state.phase = phase


def apply(state: GameState, move: Move, policy: Policy, by: str | None = None) -> list[Record]:
    """Make `move` for `by` (the player when None); returns the records it wrote."""
    st = state
    power = by or st.player
    before = len(st.log)
    answering = st.phase is Phase.EVENT_CHOICES
    match move:
        case Act(action, target):
            take_action(st, power, st.content.actions[action], target)
        case Choose(event, option):
            pend = next(p for p in st.pending if p.event == event)
            st.pending.remove(pend)
            ev = st.content.events[event]
            opt = events.option_of(ev, option)
            assert opt is not None
            events.resolve_option(st, ev, opt, pend.power)
        case AcceptCounter():
            if answering:
                deals.answer_offer(st, True, policy)
            else:
                deals.accept_counter(st, policy)
        case RefuseCounter():
            if answering:
                deals.answer_offer(st, False, policy)
            else:
                deals.refuse_counter(st)
        case Propose(parties, terms, package):
            deal = Deal(power, parties, terms, package)
            counter = st.diplomacy.counter if power == st.player else None
            if counter is None:
                deals.propose(st, deal, policy)
            else:  # the player answers a counter-offer with one of their own: the same bargain, free
                st.diplomacy.counter = None
                deals.propose(st, deal, policy, pay=False, round=counter.round + 1)
        case Statement(declaration, cosigners):
            statements.declare(st, power, declaration, cosigners, policy)
        case Talk(counterpart):
            deals.talk(st, counterpart, policy)
        case Break(agreement_id):
            agreement = st.agreement(agreement_id)
            assert agreement is not None
            deals.walk_out(st, power, agreement)
        case EndTurn():
            enter(st, Phase.AI_TURN)
        case _:
            assert_never(move)
    if answering and st.phase is Phase.EVENT_CHOICES and not st.pending and not st.diplomacy.offers:
        enter(st, Phase.DIPLOMACY)
    return st.log[before:]


def take_action(state: GameState, power: str, action: ActionDef, target: str | None) -> None:
    st = state
    m = action.model
    watch = power == st.player
    before = {p: utility(st, p) for p in st.content.powers if p != power} if watch else {}
    st.spend(power, m.cost)
    st.moves_made += 1
    key = f"{power}:{m.id}"
    count, _ = st.used.get(key, (0, 0))
    st.used[key] = (count + 1, st.turn)
    rules.apply(action.effects, Scope(st, power, power, target))
    if not st.quiet:
        text = rules.render(m.news or f"{{actor}}: {m.name}", rules.names_for(st, power, power, target))
        st.write(ActionTaken(st.turn, st.date, m.id, text, power, target))
    st.happenings.append(Happening(m.id, tuple(m.tags), power, target))
    if watch:
        _warn(st, power, before)


def _warn(state: GameState, mover: str, before: dict[str, float]) -> None:
    """The power a move hurt most says so: a warning, or at high rungs a threat."""
    st = state
    neg = st.content.rules.negotiation
    losses = sorted(((utility(st, p) - u, p) for p, u in before.items()), key=lambda x: (x[0], x[1]))
    if not losses or losses[0][0] > -neg.warn_at:
        return
    speaker = losses[0][1]
    kind = "threat" if st.rung >= neg.threat_rung else "warning"
    st.write(Dialogue(st.turn, st.date, kind, words.say(st, speaker, kind, mover), speaker, mover))
