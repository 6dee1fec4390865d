"""What the engine asks of whoever plays the computer's powers: the `Policy` protocol.

The engine applies the rules; a policy makes the choices. It is handed to the engine (never
imported by it), so the AI stands on the engine as a chess engine stands on the board. Every
method reads the state and returns a decision; none may change the state it is given.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from game.engine.diplomacy import Deal
from game.engine.records import Reason, Verdict
from game.engine.state import GameState
from game.mods.content import EventDef, OptionDef
from game.moves import Move


@dataclass(frozen=True, slots=True)
class Answer:
    """A party's answer to a deal: its verdict, the reasons (they add up to `total`), and, for a
    counter-offer, the changed terms it would sign instead."""

    verdict: Verdict
    total: float
    threshold: float
    reasons: tuple[Reason, ...]
    counter: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Intel:
    """What a power lets slip when sounded out: terms it wants, and what it would give cheapest."""

    wants: tuple[str, ...]
    least_costly: tuple[str, ...]


class Policy(Protocol):
    """The computer's side of the game."""

    #: What saves and reports call this way of playing ("utility", "historical", ...).
    name: str

    def month(self, state: GameState, power: str) -> Iterator[Move]:
        """`power`'s moves this month, one at a time: the engine applies each before asking for
        the next, so the policy sees what its last move did."""
        ...

    def choose_option(self, state: GameState, power: str, event: EventDef, rng: random.Random) -> OptionDef | None:
        """`power`'s answer to an event that asks for a decision, with `rng` for any dice."""
        ...

    def answer(self, state: GameState, power: str, deal: Deal, counters: bool) -> Answer:
        """`power`'s answer to a deal it is a party to; a counter-offer only when `counters`."""
        ...

    def mediate(
        self, state: GameState, deal: Deal, counters: list[tuple[str, tuple[str, ...]]]
    ) -> tuple[str, ...] | None:
        """Terms every party to `deal` could sign, found from the counter-offers several parties
        made to it (each: who, and the terms it would sign), or None when there are none."""
        ...

    def cosigns(self, state: GameState, power: str, declaration: str, issuer: str) -> bool:
        """Whether `power` co-signs a statement `issuer` invited it to."""
        ...

    def sound_out(self, state: GameState, power: str, listener: str) -> Intel:
        """What `power` lets `listener` hear when they talk."""
        ...
