"""How good the world looks to each power, by its interests, and what each power scores.

A power's utility is the sum of its content-defined interests (an expression's value times a
weight). Its score is how far its utility moved from the scenario's opening position, plus what
the ending gives it: zero means no better and no worse off than at the start.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.engine.state import GameState
from game.mods.content import InterestDef
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


def interest_values(state: GameState, power: str) -> tuple[float, ...]:
    """`power`'s own interests, one weighted value each, in content order (kept until the state
    changes: the computer's what-ifs read the same worlds many times)."""
    return state.derived(
        "interests",
        power,
        lambda: tuple(interest_terms(state.content.powers[power].interests, state, power)),
    )


def utility(state: GameState, power: str) -> float:
    """How good the world looks to `power`, by its interests."""
    return sum(interest_values(state, power))


def opening_utilities(state: GameState) -> dict[str, float]:
    return {p: utility(state, p) for p in state.content.powers}


def opening_interests(state: GameState) -> dict[str, tuple[float, ...]]:
    return {p: interest_values(state, p) for p in state.content.powers}


def scores(state: GameState, ending: str | None) -> dict[str, float]:
    """Each power's score in `state` if the game ended now with `ending` (None: no ending)."""
    content = state.content
    outcome = content.endings[ending].model.outcome if ending in content.endings else {}
    out = {}
    for p in content.powers:
        bonus = outcome[p].score if p in outcome else 0.0
        out[p] = round(utility(state, p) - state.opening[p] + bonus, 1)
    return out


def score_lines(state: GameState, power: str) -> list[tuple[str, float]]:
    """`power`'s score line by line: what each of its interests gained or lost since the opening
    (in the power's words for it), then what the ending gave it. The lines add up to its score."""
    interests = state.content.powers[power].interests
    now = interest_values(state, power)
    then = state.opening_interests[power]
    lines = []
    for it, a, b in zip(interests, then, now, strict=True):
        if round(b - a, 1):
            lines.append((it.why or it.value.source, b - a))
    ending = state.content.endings.get(state.ending or "")
    if ending is not None and power in ending.model.outcome and ending.model.outcome[power].score:
        outcome = ending.model.outcome[power]
        lines.append((outcome.text or ending.model.title, outcome.score))
    return lines
