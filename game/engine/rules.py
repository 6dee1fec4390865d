"""Applying content to a state: effects, conditions, availability of actions, news text."""

from __future__ import annotations

from random import Random
from typing import TypeVar

from game.engine.state import GameState
from game.mods.content import ActionDef
from game.mods.expr import Condition, Effects, Scope
from game.mods.text import render as render

T = TypeVar("T")


def holds(cond: Condition | None, scope: Scope) -> bool:
    """Evaluate a condition; a role that is absent here (no target) makes it false, not a crash."""
    if cond is None:
        return True
    try:
        return bool(cond.run(scope))
    except (KeyError, TypeError):
        return False


def apply(effects: Effects, scope: Scope) -> None:
    """Run a list of effects; one that names a role absent here (no target) does nothing alone."""
    effects.run(scope)


def names_for(
    state: GameState, self_power: str | None = None, actor: str | None = None, target: str | None = None, **more: str
) -> dict[str, str]:
    powers = state.content.powers

    def name(p: str | None) -> str:
        return (powers[p].model.called or powers[p].model.name) if p in powers else ""

    def leader(p: str | None) -> str:
        return powers[p].model.leader if p in powers else ""

    main = self_power or actor
    out = {
        "self": name(self_power),
        "actor": name(actor),
        "power": name(actor or self_power),
        "target": name(target),
        "leader": leader(main),
        "actor_leader": leader(actor),
        "target_leader": leader(target),
        "player": name(state.player),
        "date": state.date,
        "capital": powers[main].model.capital if main in powers else "",
    }
    out.update(more)
    return out


def weighted_pick(rng: Random, items: list[T], weights: list[float]) -> T | None:
    """Pick one item by weight with the game's RNG, in list order: deterministic."""
    total = sum(w for w in weights if w > 0)
    if not items or total <= 0:
        return None
    r = rng.random() * total
    acc = 0.0
    for item, w in zip(items, weights, strict=True):
        if w <= 0:
            continue
        acc += w
        if r < acc:
            return item
    return items[-1]


def action_blocker(state: GameState, power: str, action: ActionDef, target: str | None) -> str | None:
    """Why `power` may not take `action` (at `target`) now, in words for the player; None when it may."""
    m = action.model
    content = state.content
    name = f"'{m.name}'"

    def names(ids: list[str]) -> str:
        return ", ".join(content.powers[p].model.name if p in content.powers else p for p in ids)

    if m.powers and power not in m.powers:
        return f"only {names(m.powers)} may take {name}"
    if m.target == "none" and target is not None:
        return f"{name} takes no target"
    if m.target != "none":
        if target is None:
            return f"{name} needs a target power"
        if target not in content.powers:
            return f"unknown power {target!r}"
        if m.target == "other" and target == power:
            return f"{name} cannot target yourself"
        if m.targets and target not in m.targets:
            return f"{name} can only target {names(m.targets)}"
    capital = state.pvars[power].get(content.rules.capital, 0)
    if m.cost > capital:
        return f"{name} costs {m.cost} political capital and you have {capital}"
    limit = moves_allowed(state, power)
    if state.moves_made >= limit:
        return f"no moves left this month (the limit is {limit})"
    used = state.used.get(f"{power}:{m.id}")
    if used is not None:
        count, last = used
        if last == state.turn:
            return f"{name} was already taken this month"
        if m.limit and count >= m.limit:
            return f"{name} may be taken only {m.limit} time{'s' if m.limit != 1 else ''} in a game"
        if m.cooldown and state.turn - last < m.cooldown:
            wait = m.cooldown - (state.turn - last)
            return f"{name} can be taken again in {wait} month{'s' if wait != 1 else ''}"
    if not holds(action.when, Scope(state, power, power, target)):
        return m.unavailable or f"{name} is not possible at the moment"
    return None


def moves_allowed(state: GameState, power: str) -> int:
    """How many moves `power` may make this month: fewer when its public has turned on it."""
    rules = state.content.rules
    home = rules.home
    if home.support is not None and state.pvars[power].get(home.support, home.weak_below) < home.weak_below:
        return min(rules.moves_per_turn, home.weak_moves)
    return rules.moves_per_turn


def action_targets(state: GameState, power: str, action: ActionDef) -> list[str | None]:
    m = action.model
    if m.target == "none":
        return [None]
    pool = m.targets or list(state.content.powers)
    return [p for p in pool if not (m.target == "other" and p == power)]
