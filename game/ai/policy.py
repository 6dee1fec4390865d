"""How a power run by the computer values the world and picks its moves.

A power's utility is the sum of its content-defined interests (an expression's value times a
weight). To choose actions it tries each one on a scratch copy of the state, including the
reactions it can expect, and takes the ones that raise its utility most, with a little
seeded noise so that games differ from seed to seed. Nothing here names a country.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from game.engine import rules
from game.engine.state import GameState
from game.mods.content import ActionDef, EventDef, InterestDef, OptionDef
from game.mods.expr import Scope


def interest_terms(interests: Sequence[InterestDef], state: GameState, power: str) -> list[float]:
    """Each interest's weighted value, read with `power` as `self` (0 where it cannot be read)."""
    scope = Scope(state, power)
    out = []
    for it in interests:
        try:
            out.append(it.weight * float(it.value.run(scope)))
        except (KeyError, TypeError):
            out.append(0.0)
    return out


def utility(state: GameState, power: str) -> float:
    """How good the world looks to `power`, by its interests."""
    return sum(interest_terms(state.content.powers[power].interests, state, power))


@dataclass(frozen=True, slots=True)
class Candidate:
    action: ActionDef
    target: str | None
    value: float


def expected_reactions(
    sim: GameState, happening_id: str, tags: tuple[str, ...], actor: str, target: str | None
) -> None:
    """Apply, on a scratch state, the reactions a power can count on (chance at least one half)."""
    content = sim.content
    seen: set[str] = set()
    for key in (happening_id, *tags):
        for r in content.reactions_by_trigger.get(key, ()):
            if r.id in seen:
                continue
            seen.add(r.id)
            m = r.model
            if m.chance < 0.5 or (m.by and actor not in m.by):
                continue
            reactors = m.powers or [p for p in content.powers if p != actor]
            for reactor in reactors:
                if reactor == actor and reactor not in m.by:
                    continue
                scope = Scope(sim, reactor, actor, target)
                if not rules.holds(r.when, scope):
                    continue
                best = max(r.responses, key=lambda x: x.model.weight)
                rules.apply(best.effects, scope)


def evaluate_actions(state: GameState, power: str, rng: random.Random) -> list[Candidate]:
    """Every action `power` could take now, with its estimated worth, best first."""
    content = state.content
    base = utility(state, power)
    scratch = random.Random(rng.getrandbits(32))
    boldness = content.powers[power].model.ai_boldness
    capital_value = content.rules.ai_capital_value
    out: list[Candidate] = []
    for action in content.actions.values():
        m = action.model
        if m.powers and power not in m.powers:
            continue
        for target in rules.action_targets(state, power, action):
            if rules.action_blocker(state, power, action, target) is not None:
                continue
            scope = Scope(state, power, power, target)
            if action.ai_when is not None and not rules.holds(action.ai_when, scope):
                continue
            sim = state.copy(rng=scratch, light=True)
            sim_scope = Scope(sim, power, power, target)
            rules.apply(action.effects, sim_scope)
            expected_reactions(sim, m.id, tuple(m.tags), power, target)
            value = utility(sim, power) - base + m.ai_bias - m.cost * capital_value
            value += (rng.random() * 2 - 1) * boldness
            out.append(Candidate(action, target, value))
    out.sort(key=lambda c: -c.value)
    return out


def pick_actions(state: GameState, power: str, candidates: list[Candidate], limit: int) -> list[Candidate]:
    """The actions worth taking this turn, best first, within capital and the move limit."""
    picked: list[Candidate] = []
    capital = state.pvars[power].get(state.content.rules.capital, 0)
    used: set[str] = set()
    for c in candidates:
        if len(picked) >= limit or c.value <= 0:
            break
        if c.action.id in used or c.action.model.cost > capital:
            continue
        picked.append(c)
        used.add(c.action.id)
        capital -= c.action.model.cost
    return picked


def choose_actions(state: GameState, power: str, rng: random.Random, limit: int) -> list[Candidate]:
    return pick_actions(state, power, evaluate_actions(state, power, rng), limit)


def choose_option(state: GameState, event: EventDef, power: str, rng: random.Random) -> OptionDef | None:
    """An AI's answer to an event: by the content's weights, among the options open to it."""
    scope = Scope(state, power)
    options = [o for o in event.options if rules.holds(o.when, scope)]
    return rules.weighted_pick(rng, options, [o.model.ai_weight for o in options])
