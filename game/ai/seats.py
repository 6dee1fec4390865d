"""Different computer players at one table: each power played by a policy of its own.

Seat rotations measure a policy against another (one power on the search, five on the utility
policy, and the reverse) and playbooks take one seat. `Seats` hands each question to the policy
of the power it is about.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping

from game.engine.diplomacy import Deal
from game.engine.policy import Answer, Intel, Policy
from game.engine.state import GameState
from game.mods.content import EventDef, OptionDef
from game.moves import Move


class Seats:
    """A policy per power, and one for the rest."""

    def __init__(self, default: Policy, seats: Mapping[str, Policy]) -> None:
        self.default = default
        self.seats = dict(seats)
        self.name = default.name

    def of(self, power: str) -> Policy:
        return self.seats.get(power, self.default)

    def month(self, state: GameState, power: str) -> Iterator[Move]:
        return self.of(power).month(state, power)

    def choose_option(self, state: GameState, power: str, event: EventDef, rng: random.Random) -> OptionDef | None:
        return self.of(power).choose_option(state, power, event, rng)

    def answer(self, state: GameState, power: str, deal: Deal, counters: bool) -> Answer:
        return self.of(power).answer(state, power, deal, counters)

    def mediate(
        self, state: GameState, deal: Deal, counters: list[tuple[str, tuple[str, ...]]]
    ) -> tuple[str, ...] | None:
        return self.default.mediate(state, deal, counters)

    def cosigns(self, state: GameState, power: str, declaration: str, issuer: str) -> bool:
        return self.of(power).cosigns(state, power, declaration, issuer)

    def sound_out(self, state: GameState, power: str, listener: str) -> Intel:
        return self.of(power).sound_out(state, power, listener)
