"""Moves: small immutable values with a text notation that parses and prints back identically.

`parse_move` checks syntax only (MoveSyntaxError); whether a move is allowed now is the
game's business (`Game.parse_move` raises IllegalMoveError). Both are ValueErrors, so a caller
that does not care about the difference can catch one thing. See docs/moves.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")


class MoveSyntaxError(ValueError):
    """The text is not a move at all."""


class IllegalMoveError(ValueError):
    """The move is well formed but not allowed in this position."""


@dataclass(frozen=True, slots=True)
class EndTurn:
    """Finish the diplomacy phase; the other powers move and the month resolves."""

    def notation(self) -> str:
        return "end"


@dataclass(frozen=True, slots=True)
class Act:
    """Take a unilateral action, with a target power when the action needs one."""

    action: str
    target: str | None = None

    def notation(self) -> str:
        return f"act {self.action}" + (f" {self.target}" if self.target else "")


@dataclass(frozen=True, slots=True)
class Choose:
    """Answer an event that waits for the player's choice."""

    event: str
    option: str

    def notation(self) -> str:
        return f"choose {self.event} {self.option}"


@dataclass(frozen=True, slots=True)
class Propose:
    """Put a deal to one or more powers: every named party must accept."""

    parties: tuple[str, ...]
    terms: tuple[str, ...]

    def notation(self) -> str:
        return f"propose {','.join(self.parties)} {'+'.join(self.terms)}"


@dataclass(frozen=True, slots=True)
class AcceptCounter:
    """Take the counter-offer on the table."""

    def notation(self) -> str:
        return "accept"


@dataclass(frozen=True, slots=True)
class RefuseCounter:
    """Turn down the counter-offer on the table."""

    def notation(self) -> str:
        return "refuse"


@dataclass(frozen=True, slots=True)
class Statement:
    """Issue a joint statement, inviting co-signers; it names the powers it presses."""

    declaration: str
    cosigners: tuple[str, ...]

    def notation(self) -> str:
        return f"declare {self.declaration}" + (f" {','.join(self.cosigners)}" if self.cosigners else "")


@dataclass(frozen=True, slots=True)
class Talk:
    """Sound a power out: hear what it wants, at no cost but a move."""

    power: str

    def notation(self) -> str:
        return f"talk {self.power}"


Move = EndTurn | Act | Choose | Propose | AcceptCounter | RefuseCounter | Statement | Talk


def _ids(text: str, sep: str, what: str, source: str) -> tuple[str, ...]:
    parts = tuple(text.split(sep))
    for p in parts:
        if not _ID.match(p):
            raise MoveSyntaxError(f"{source!r}: {p!r} is not a valid {what} id")
    if len(set(parts)) != len(parts):
        raise MoveSyntaxError(f"{source!r}: a {what} is named twice")
    return parts


def _id(word: str, what: str, source: str) -> str:
    if not _ID.match(word):
        raise MoveSyntaxError(f"{source!r}: {word!r} is not a valid {what} id")
    return word


USAGE = {
    "end": "end",
    "act": "act ACTION [TARGET]",
    "choose": "choose EVENT OPTION",
    "propose": "propose POWER[,POWER...] TERM[+TERM...]",
    "accept": "accept",
    "refuse": "refuse",
    "declare": "declare DECLARATION [POWER[,POWER...]]",
    "talk": "talk POWER",
}


def parse_move(text: str) -> Move:
    """Parse move notation. Raises MoveSyntaxError with what was expected."""
    if not isinstance(text, str):
        raise MoveSyntaxError(f"a move is text, found {type(text).__name__}")
    if len(text) > 500:
        raise MoveSyntaxError("a move is at most 500 characters")
    words = text.split()
    if not words:
        raise MoveSyntaxError("empty move")
    verb, args = words[0], words[1:]
    if verb not in USAGE:
        raise MoveSyntaxError(f"{text!r}: unknown move {verb!r}; moves are: {', '.join(USAGE)}")

    def arity(lo: int, hi: int) -> None:
        if not lo <= len(args) <= hi:
            raise MoveSyntaxError(f"{text!r}: expected `{USAGE[verb]}`")

    if verb == "end":
        arity(0, 0)
        return EndTurn()
    if verb == "act":
        arity(1, 2)
        return Act(_id(args[0], "action", text), _id(args[1], "power", text) if len(args) == 2 else None)
    if verb == "choose":
        arity(2, 2)
        return Choose(_id(args[0], "event", text), _id(args[1], "option", text))
    if verb == "propose":
        arity(2, 2)
        return Propose(_ids(args[0], ",", "power", text), _ids(args[1], "+", "term", text))
    if verb == "accept":
        arity(0, 0)
        return AcceptCounter()
    if verb == "refuse":
        arity(0, 0)
        return RefuseCounter()
    if verb == "declare":
        arity(1, 2)
        cos = _ids(args[1], ",", "power", text) if len(args) == 2 else ()
        return Statement(_id(args[0], "declaration", text), cos)
    arity(1, 1)
    return Talk(_id(args[0], "power", text))
