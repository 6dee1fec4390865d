"""What a restored state must hold for the content to play on: the save loader's checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.engine.state import GameState


def _keys(found: dict[str, Any], want: list[str], what: str) -> str | None:
    if set(found) == set(want):
        return None
    missing = sorted(set(want) - set(found))
    extra = sorted(set(found) - set(want))
    parts = ([f"missing {', '.join(missing[:3])}"] if missing else []) + (
        [f"unknown {', '.join(extra[:3])}"] if extra else []
    )
    return f"{what} do not match the content ({'; '.join(parts)})"


def _in_range(st: GameState, name: str, value: int, where: str) -> str | None:
    lo, hi = st._ranges[name]
    return None if lo <= value <= hi else f"{where} = {value} is outside {lo}..{hi}"


def _check_values(st: GameState) -> str | None:
    c = st.content
    powers = list(c.powers)
    problem = _keys(st.vars, [v.id for v in c.global_variables], "the variables")
    problem = problem or next((p for k, v in st.vars.items() if (p := _in_range(st, k, v, k))), None)
    problem = problem or _keys(st.pvars, powers, "the powers")
    per = [v.id for v in c.power_variables]
    for p, row in st.pvars.items():
        problem = problem or _keys(row, per, f"{p}'s variables")
        problem = problem or next((x for k, v in row.items() if (x := _in_range(st, k, v, f"{k}({p})"))), None)
    for name, table in (("opinion", st.opinion), ("trust", st.trust)):
        problem = problem or _keys(table, powers, f"the {name} table's powers")
        for a, row in table.items():
            problem = problem or _keys(row, [q for q in powers if q != a], f"{a}'s {name} row")
            bad = next((b for b, v in row.items() if not -100 <= v <= 100), None)
            problem = problem or (bad and f"{name}({a}, {bad}) = {row[bad]} is outside -100..100")
    return problem or None


def _check_turn(st: GameState) -> str | None:
    if not 1 <= st.turn <= st.last_turn:
        return f"turn {st.turn} is outside the scenario's 1..{st.last_turn}"
    return None


def _check_events(st: GameState) -> str | None:
    c = st.content
    for pend in st.pending:
        ev = c.events.get(pend.event)
        if ev is None or not ev.options or pend.power != st.player:
            return f"the event waiting for a choice, '{pend.event}', is not one the player can answer"
    for _, _, event, power in st.scheduled:
        if event not in c.events or (power and power not in c.powers):
            return f"the scheduled event '{event}' is not in the content"
    if st.ending is not None and (not isinstance(st.ending, str) or st.ending not in c.endings):
        return f"the ending {st.ending!r} is not in the content"
    return None


def _check_records(st: GameState) -> str | None:
    powers = list(st.content.powers)
    for h in st.happenings:
        if not all(isinstance(t, str) for t in h.tags) or not {h.actor, h.target} <= {None, *powers}:
            return f"what happened this turn ('{h.id}') names unknown powers or tags"
    c = st.content
    for a in st.agreements:
        if not set(a.parties) <= set(powers) or not all(isinstance(t, str) and t in c.terms for t in a.terms):
            return f"the agreement '{a.id}' names powers or terms that are not in the content"
    return None


_CHECKS: tuple[Callable[[GameState], str | None], ...] = (_check_values, _check_turn, _check_events, _check_records)


def state_problem(state: GameState) -> str | None:
    """What in `state` the content cannot play on (it would fail later), or None."""
    for check in _CHECKS:
        found = check(state)
        if found:
            return found
    return None
