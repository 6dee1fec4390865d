"""What a playbook's conditions may read: the game as content expressions see it, `self` the seat,
and a few names of the seat's own (moves left, agreements, refusals, the deal on the table).

Conditions are compiled by the content's own expression compiler against the content's names,
so `tension >= 60 and not in_force("prk_freeze_nuclear")` means what it means in an event. The
extra names are read through `SeatWorld`, which stands in for the state and adds them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from random import Random

from game.engine.state import GameState
from game.mods.content import Content
from game.mods.expr import BOOL, NUM, POWER, Names

#: Names every condition may read: name -> (type, help).
SEAT_NAMES: dict[str, tuple[str, str]] = {
    "moves_left": (NUM, "moves the seat may still make this month"),
    "agreements": (NUM, "agreements in force the seat is a party to"),
    "refusals": (NUM, "the seat's proposals that were not signed, so far this game"),
}

#: Names only the answers to a deal may read (`refuse_when`, `accept_when`).
DEAL_NAMES: dict[str, tuple[str, str]] = {
    "deal_from": (POWER, "who put the deal on the table (the proposer, or who countered)"),
    "deal_terms": (NUM, "how many terms the deal holds"),
    "deal_gives": (NUM, "how many of them the seat gives (shared terms count)"),
    "deal_gets": (NUM, "how many of them others give the seat"),
    "ai_accepts": (BOOL, "whether the computer, in the seat, would accept it"),
}


def playbook_names(content: Content, deal: bool) -> Names:
    """The content's names, with the seat's own (and, for answers, the deal's) added."""
    extra = {name: typ for name, (typ, _) in SEAT_NAMES.items()}
    if deal:
        extra.update({name: typ for name, (typ, _) in DEAL_NAMES.items()})
    return dataclasses.replace(content.names, extra=extra)


class SeatWorld:
    """The game state as a playbook's conditions read it: the state, plus the seat's names."""

    def __init__(self, state: GameState, extra: Mapping[str, Callable[[], object]]) -> None:
        self._st = state
        self._extra = extra

    def extra_name(self, name: str, /) -> object:
        return self._extra[name]()

    @property
    def vars(self) -> Mapping[str, float]:
        return self._st.vars

    @property
    def pvars(self) -> Mapping[str, Mapping[str, float]]:
        return self._st.pvars

    @property
    def opinion(self) -> Mapping[str, Mapping[str, float]]:
        return self._st.opinion

    @property
    def trust(self) -> Mapping[str, Mapping[str, float]]:
        return self._st.trust

    @property
    def flags(self) -> AbstractSet[str]:
        return self._st.flags

    @property
    def fired(self) -> Mapping[str, tuple[int, int]]:
        return self._st.fired

    @property
    def turn(self) -> int:
        return self._st.turn

    @property
    def turns_left(self) -> int:
        return self._st.turns_left

    @property
    def year(self) -> int:
        return self._st.year

    @property
    def month(self) -> int:
        return self._st.month

    @property
    def rung(self) -> int:
        return self._st.rung

    @property
    def player(self) -> str:
        return self._st.player

    @property
    def scores(self) -> Mapping[str, float]:
        return self._st.scores

    @property
    def rng(self) -> Random:
        # Conditions never roll dice (`rand` is for effects); this is here for the protocol only.
        raise TypeError("a playbook's condition cannot roll the game's dice")

    def term_in_force(self, term: str, /) -> bool:
        return self._st.term_in_force(term)

    # Conditions read; they never write. The setters are here for the protocol only.
    def set_var(self, name: str, value: float, /) -> None:
        raise TypeError("a playbook's condition cannot change the game")

    def set_pvar(self, power: str, name: str, value: float, /) -> None:
        raise TypeError("a playbook's condition cannot change the game")

    def set_opinion(self, a: str, b: str, value: float, /) -> None:
        raise TypeError("a playbook's condition cannot change the game")

    def set_trust(self, a: str, b: str, value: float, /) -> None:
        raise TypeError("a playbook's condition cannot change the game")

    def set_flag(self, name: str, /) -> None:
        raise TypeError("a playbook's condition cannot change the game")

    def clear_flag(self, name: str, /) -> None:
        raise TypeError("a playbook's condition cannot change the game")

    def schedule(self, event: str, delay: int, power: str | None, /) -> None:
        raise TypeError("a playbook's condition cannot change the game")
