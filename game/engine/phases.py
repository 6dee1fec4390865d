"""The phases of a turn and the one table of transitions between them."""

from __future__ import annotations

from game.engine.state import Phase

#: From each phase, the phases the game may enter next. Anything else is a bug and raises.
#: Every phase can end the game at once: war does not wait for the month's end.
TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    Phase.BRIEFING: frozenset({Phase.EVENT_CHOICES, Phase.DIPLOMACY, Phase.AI_TURN, Phase.GAME_OVER}),
    Phase.EVENT_CHOICES: frozenset({Phase.DIPLOMACY, Phase.GAME_OVER}),
    Phase.DIPLOMACY: frozenset({Phase.AI_TURN, Phase.GAME_OVER}),
    Phase.AI_TURN: frozenset({Phase.RESOLUTION, Phase.GAME_OVER}),
    Phase.RESOLUTION: frozenset({Phase.BRIEFING, Phase.GAME_OVER}),
    Phase.GAME_OVER: frozenset(),
}

#: Phases in which the game waits for the player's moves.
PLAYER_PHASES = frozenset({Phase.EVENT_CHOICES, Phase.DIPLOMACY})


class IllegalTransitionError(RuntimeError):
    """The engine tried to move between two phases the table does not connect."""


def check_transition(current: Phase, nxt: Phase) -> None:
    if nxt not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(p.value for p in TRANSITIONS[current])) or "nothing"
        raise IllegalTransitionError(f"cannot go from {current.value} to {nxt.value} (allowed: {allowed})")
