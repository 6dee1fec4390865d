"""What the player asks the app for before there is a game: a new game's choices, and its seed."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NewGame:
    """What a new game needs: the player's choices on the new-game screen or the command line."""

    power: str
    seed: int
    scenario: str | None = None
    difficulty: str | None = None


def clock_seed() -> int:
    """A seed for a new game when the player gives none; shown, so the game can be replayed."""
    return time.time_ns() // 1_000 % 1_000_000
