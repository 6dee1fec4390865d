"""What the computer expects a position to be worth at the end: its interests plus the ending.

A power's final score is how far its interests moved since the opening, plus what the ending
gives it. Mid-game the ending is not known, so each is weighed by how likely it looks from here:
how near its condition is to holding (`compile_closeness`), endings that may come in any month
as a risk that gathers over the months the danger is expected to last (`ai_risk_months`), those
decided at the calendar's end as they stand, a higher-priority ending shadowing the ones below
it. `expected_score` is what every computer
power maximises; `ending_odds` is what it believes about where the crisis is heading.
"""

from __future__ import annotations

from game.engine.scoring import utility
from game.engine.state import GameState
from game.mods.content import Content
from game.mods.expr import Closure, Compiler, Scope, compile_closeness


def _forecasters(content: Content) -> list[tuple[str, bool, Closure]]:
    """Each ending's closeness, compiled once per content, highest priority first."""
    found = content.memo.get("foresight")
    if found is None:
        compiler = Compiler(content.names)
        ordered = sorted(content.endings.values(), key=lambda e: (-e.model.priority, list(content.endings).index(e.id)))
        found = [(e.id, e.model.at == "any", compile_closeness(compiler, e.model.when)) for e in ordered]
        content.memo["foresight"] = found
    return found


def ending_odds(state: GameState) -> dict[str, float]:
    """How likely each ending looks from `state` (the rest: no ending), kept until the state changes."""
    return state.derived("odds", "", lambda: _odds(state))


def _odds(state: GameState) -> dict[str, float]:
    scope = Scope(state)
    left = min(max(0, state.turns_left), state.content.rules.ai_risk_months)
    remaining = 1.0
    odds = {}
    for eid, any_month, near in _forecasters(state.content):
        p = near(scope)
        if any_month and left:
            p = 1.0 - (1.0 - p) ** (left + 1)  # a risk run for the months it is expected to last
        odds[eid] = remaining * p
        remaining *= 1.0 - p
    return odds


def outcome_shares(state: GameState, power: str) -> dict[str, float]:
    """What each ending is expected to give `power`: its score there times its odds."""
    return state.derived("shares", power, lambda: _shares(state, power))


def _shares(state: GameState, power: str) -> dict[str, float]:
    endings = state.content.endings
    out = {}
    for eid, p in ending_odds(state).items():
        outcome = endings[eid].model.outcome.get(power)
        if p and outcome is not None and outcome.score:
            out[eid] = p * outcome.score
    return out


def expected_outcome(state: GameState, power: str) -> float:
    """What the endings are expected to give `power`, weighed by their odds."""
    return sum(outcome_shares(state, power).values())


def expected_score(state: GameState, power: str) -> float:
    """`power`'s final score as it looks from `state`: its interests now, plus the expected ending."""
    return utility(state, power) - state.opening[power] + expected_outcome(state, power)


def likeliest(state: GameState) -> str | None:
    """The ending the crisis looks most likely to reach, or None when none looks likely."""
    odds = ending_odds(state)
    best = max(odds, key=lambda e: odds[e], default=None)
    return best if best is not None and odds[best] >= 0.2 else None
