"""The playbook format: pydantic models of a fixed strategy's TOML file (docs/playbooks.md).

A playbook is a name, the seats it fits, its own dice, how it answers events, offers and
counter-offers, and an ordered list of rules, each "when CONDITION, try MOVES". Conditions and
moves are plain strings here; `load` checks them against the content and compiles them. The
models forbid unknown keys and are frozen, like the content's.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from game.mods.base import Expr, Id, Model

#: The playbook format this game reads; a breaking change bumps it (docs/playbooks.md).
FORMAT: Literal[1] = 1

#: Control characters (tabs and newlines aside) would reach a terminal from the tables: refused.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _no_controls(text: str) -> str:
    found = _CONTROLS.search(text)
    if found:
        raise ValueError(f"the control character {found.group()!r} is not allowed in a playbook's text")
    return text


Text = Annotated[str, Field(max_length=4000), AfterValidator(_no_controls)]
MoveText = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_no_controls)]
Seed = Annotated[int, Field(ge=0, le=2**63 - 1)]


class EventAnswers(Model):
    """How the seat answers an event that waits for its decision."""

    #: event id -> the option to pick whenever it is open.
    choose: dict[Id, Id] = Field(default_factory=dict)
    #: Option ids picked first when open, in this order, in any event.
    prefer: list[Id] = Field(default_factory=list)
    #: Otherwise: the first or last open option, one at random (the playbook's dice), the one the
    #: computer would pick, or the one history took (else as the computer would).
    otherwise: Literal["first", "last", "random", "ai", "historical"] = "ai"


class DealAnswers(Model):
    """How the seat answers a deal put to it: offers from others, or a counter-offer to its own."""

    #: Refuse whenever this holds (checked first).
    refuse_when: Expr = ""
    #: Accept whenever this holds.
    accept_when: Expr = ""
    #: Otherwise: always accept, always refuse, as the computer would, or a coin toss.
    answer: Literal["accept", "refuse", "ai", "random"] = "ai"


class Rule(Model):
    """When `when` holds, try the moves in order: the first legal one, or every legal one."""

    when: Expr = ""
    #: Moves in notation with placeholders, or move generators (docs/playbooks.md).
    try_: list[MoveText] = Field(alias="try", min_length=1, max_length=100)
    #: "first": play the first legal move of the list; "all": play every legal one, in order.
    take: Literal["first", "all"] = "first"
    #: Times the rule may fire in one month, one after another while it holds (a firing plays one
    #: move, or with take = "all" every legal one).
    repeat: Annotated[int, Field(ge=1, le=50)] = 1
    #: Months in which the rule may fire in one game (0: no limit).
    limit: Annotated[int, Field(ge=0, le=1000)] = 0
    #: Months from one firing month to the next (1: any month; 3: at most once a quarter).
    every: Annotated[int, Field(ge=1, le=120)] = 1
    #: What the rule is for, in words.
    note: Text = ""


class Playbook(Model):
    """A fixed strategy for one power's seat."""

    format: Literal[1] = FORMAT
    #: The name the tournament shows (the file's name when left out).
    name: Annotated[str, Field(max_length=80), AfterValidator(_no_controls)] = ""
    description: Text = ""
    #: The powers whose seat it fits (empty: every playable power).
    powers: list[Id] = Field(default_factory=list)
    #: Seeds the playbook's own dice (random moves and answers), never the game's.
    seed: Seed = 0
    events: EventAnswers = Field(default_factory=EventAnswers)
    offers: DealAnswers = Field(default_factory=DealAnswers)
    counters: DealAnswers = Field(default_factory=DealAnswers)
    rule: list[Rule] = Field(default_factory=list, max_length=500)

    def fits(self, power: str) -> bool:
        return not self.powers or power in self.powers
