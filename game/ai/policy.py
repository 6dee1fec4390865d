"""The computer's ways of playing: by its interests one step ahead, or as history went.

`UtilityPolicy` takes each month's moves by what they do to the power's interests: it walks out
of deals no longer worth keeping, puts forward the package it likes best, issues the statement
that serves it, and takes the actions that raise its utility most. `HistoricalPolicy` plays what
each power really did, month by month, as far as the world still allows it. Both answer deals
and statements by value (`diplomat`). Nothing here names a country.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from game.ai import diplomat
from game.ai.actions import Candidate, evaluate_actions, pick_actions
from game.engine import deals, rules
from game.engine.diplomacy import Deal
from game.engine.policy import Answer, Intel
from game.engine.state import GameState
from game.engine.statements import statement_problem
from game.mods.content import EventDef, OptionDef
from game.mods.expr import Scope
from game.moves import Act, Move, Propose, Statement, parse_move


def instinct(state: GameState, power: str, candidates: list[Candidate], rng: random.Random) -> tuple[Move, ...]:
    """What `power`'s interests suggest for its month, one step ahead: the agreements it would
    walk out of, the package it likes best, its statement, and its best actions within what is
    left of its moves and capital. `rng` decides whether it drafts a proposal and a statement."""
    st = state
    moves: list[Move] = []
    if st.agreements:
        forbidden = deals.forbidden_tags(st, power)
        tempting = [c.value for c in candidates if forbidden & set(c.action.model.tags)]
        moves.extend(diplomat.defections(st, power, max(tempting, default=0.0)))
    spent = 0
    offer = diplomat.proposal(st, power, rng)
    if offer is not None:
        moves.append(offer)
        spent += 1
    said = diplomat.statement(st, power, rng)
    if said is not None:
        moves.append(said)
        spent += 1
    forbidden = deals.forbidden_tags(st, power) if st.agreements else set()
    allowed = [c for c in candidates if not forbidden & set(c.action.model.tags)]
    limit = rules.moves_allowed(st, power) - st.moves_made - spent
    moves.extend(c.move for c in pick_actions(st, power, allowed, limit))
    return tuple(moves)


def keep_faith(state: GameState, power: str, moves: tuple[Move, ...]) -> Iterator[Move]:
    """The moves of a plan, one at a time, leaving out an action a deal signed meanwhile forbids."""
    for move in moves:
        if isinstance(move, Act):
            tags = set(state.content.actions[move.action].model.tags)
            if tags & deals.forbidden_tags(state, power):
                continue
        yield move


def choose_option(state: GameState, event: EventDef, power: str, rng: random.Random) -> OptionDef | None:
    """An answer to an event by the content's weights, among the options open to `power`."""
    scope = Scope(state, power)
    options = [o for o in event.options if rules.holds(o.when, scope)]
    return rules.weighted_pick(rng, options, [o.model.ai_weight for o in options])


class UtilityPolicy:
    """Plays each computer power by its interests, one step ahead."""

    name = "utility"

    def month(self, state: GameState, power: str) -> Iterator[Move]:
        candidates = evaluate_actions(state, power, self, state.rng)
        yield from keep_faith(state, power, instinct(state, power, candidates, state.rng))

    def choose_option(self, state: GameState, power: str, event: EventDef, rng: random.Random) -> OptionDef | None:
        return choose_option(state, event, power, rng)

    def answer(self, state: GameState, power: str, deal: Deal, counters: bool) -> Answer:
        return diplomat.answer(state, power, deal, counters)

    def mediate(
        self, state: GameState, deal: Deal, counters: list[tuple[str, tuple[str, ...]]]
    ) -> tuple[str, ...] | None:
        return diplomat.mediate(state, deal, counters)

    def cosigns(self, state: GameState, power: str, declaration: str, issuer: str) -> bool:
        return diplomat.statement_value(state, power, declaration, issuer) >= 0

    def sound_out(self, state: GameState, power: str, listener: str) -> Intel:
        return diplomat.sound_out(state, power, listener)


class HistoricalPolicy(UtilityPolicy):
    """Plays what each power really did (the content's historical policies), where the world
    still allows it; answers as the utility policy does, and picks history's option in events."""

    name = "historical"

    def month(self, state: GameState, power: str) -> Iterator[Move]:
        for text in state.content.policies.get(power, {}).get(state.month_index, ()):
            move = parse_move(text)
            if _still_possible(state, power, move):
                yield move

    def choose_option(self, state: GameState, power: str, event: EventDef, rng: random.Random) -> OptionDef | None:
        scope = Scope(state, power)
        chosen = next((o for o in event.options if o.model.historical and rules.holds(o.when, scope)), None)
        return chosen or choose_option(state, event, power, rng)


def _still_possible(st: GameState, power: str, move: Move) -> bool:
    """Whether the world still allows what history did: an action, a proposal or a statement."""
    match move:
        case Act(action, target):
            return rules.action_blocker(st, power, st.content.actions[action], target) is None
        case Propose(parties, terms):
            return deals.deal_problem(st, power, parties, terms) is None
        case Statement(declaration, cosigners):
            capital = st.pvars[power][st.content.rules.capital]
            return statement_problem(st, power, declaration, cosigners, capital) is None
    return False
