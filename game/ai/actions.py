"""Which actions a computer power takes: each tried on a scratch copy, the best taken.

Each action open to the power is applied through the engine's one door on a light copy of the
state, with the reactions it can count on, and valued by the power's interests; a little seeded
noise (the power's boldness) makes games differ from seed to seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from game.ai.foresight import expected_score
from game.engine import rules
from game.engine.policy import Policy
from game.engine.reactions import expected_reactions
from game.engine.state import GameState
from game.engine.step import apply
from game.mods.content import ActionDef
from game.mods.expr import Scope
from game.moves import Act


@dataclass(frozen=True, slots=True)
class Candidate:
    action: ActionDef
    target: str | None
    value: float

    @property
    def move(self) -> Act:
        return Act(self.action.id, self.target)


def worth_after(state: GameState, power: str, rng: random.Random, do: Callable[[GameState], object]) -> float:
    """What `power` expects its final score to be right after `do` and the reactions it can
    expect, on a scratch copy with `rng` for dice."""
    sim = state.copy(rng=rng, light=True)
    seen = len(sim.happenings)
    do(sim)
    for h in sim.happenings[seen:]:
        expected_reactions(sim, h)
    return expected_score(sim, power)


def action_value(state: GameState, power: str, move: Act, policy: Policy, rng: random.Random) -> float:
    """What `power` expects its final score to be right after `move` (see `worth_after`)."""
    return worth_after(state, power, rng, lambda sim: apply(sim, move, policy, by=power))


def evaluate_actions(state: GameState, power: str, policy: Policy, rng: random.Random) -> list[Candidate]:
    """Every action `power` could take now, with its estimated worth, best first."""
    content = state.content
    base = expected_score(state, power)
    scratch = random.Random(rng.getrandbits(32))
    boldness = content.powers[power].model.ai_boldness
    capital_value = content.rules.ai_capital_value
    out: list[Candidate] = []
    for action in content.actions_of[power]:
        m = action.model
        for target in rules.action_targets(state, power, action):
            if rules.action_blocker(state, power, action, target) is not None:
                continue
            scope = Scope(state, power, power, target)
            if action.ai_when is not None and not rules.holds(action.ai_when, scope):
                continue
            after = action_value(state, power, Act(action.id, target), policy, scratch)
            value = after - base + m.ai_bias - m.cost * capital_value
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
