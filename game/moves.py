"""Moves: small immutable values with a text notation that parses and prints back identically.

Every decision in a game, the player's and the computer's, is one of these. `parse_move`
checks syntax only (MoveSyntaxError); whether a move is allowed now is the rules' business
(`IllegalMoveError`). Both are ValueErrors, so a caller that does not care about the difference
can catch one thing. This module imports nothing else of the game: the content format (the
historical policies), the engine, the AI, saves and scripts all stand on it. See docs/moves.md.
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
    """Answer an event that waits for a decision."""

    event: str
    option: str

    def notation(self) -> str:
        return f"choose {self.event} {self.option}"


@dataclass(frozen=True, slots=True)
class Propose:
    """Put a deal to one or more powers: every named party must accept.

    `package` names the content's package when the deal is put forward as one (the news then
    calls it by the package's name); the terms are the deal either way.
    """

    parties: tuple[str, ...]
    terms: tuple[str, ...]
    package: str | None = None

    def notation(self) -> str:
        text = f"propose {','.join(self.parties)} {'+'.join(self.terms)}"
        return text + (f" as {self.package}" if self.package else "")


@dataclass(frozen=True, slots=True)
class AcceptCounter:
    """Take the offer or counter-offer on the table."""

    def notation(self) -> str:
        return "accept"


@dataclass(frozen=True, slots=True)
class RefuseCounter:
    """Turn down the offer or counter-offer on the table."""

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


@dataclass(frozen=True, slots=True)
class Break:
    """Walk out of an agreement in force that the mover is a party to."""

    agreement: str

    def notation(self) -> str:
        return f"break {self.agreement}"


Move = EndTurn | Act | Choose | Propose | AcceptCounter | RefuseCounter | Statement | Talk | Break


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
    "propose": "propose POWER[,POWER...] TERM[+TERM...] [as PACKAGE]",
    "accept": "accept",
    "refuse": "refuse",
    "declare": "declare DECLARATION [POWER[,POWER...]]",
    "talk": "talk POWER",
    "break": "break AGREEMENT",
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

    match verb:
        case "end":
            arity(0, 0)
            return EndTurn()
        case "act":
            arity(1, 2)
            return Act(_id(args[0], "action", text), _id(args[1], "power", text) if len(args) == 2 else None)
        case "choose":
            arity(2, 2)
            return Choose(_id(args[0], "event", text), _id(args[1], "option", text))
        case "propose":
            if len(args) == 4 and args[2] == "as":
                package: str | None = _id(args[3], "package", text)
            else:
                arity(2, 2)
                package = None
            return Propose(_ids(args[0], ",", "power", text), _ids(args[1], "+", "term", text), package)
        case "accept":
            arity(0, 0)
            return AcceptCounter()
        case "refuse":
            arity(0, 0)
            return RefuseCounter()
        case "declare":
            arity(1, 2)
            cos = _ids(args[1], ",", "power", text) if len(args) == 2 else ()
            return Statement(_id(args[0], "declaration", text), cos)
        case "break":
            arity(1, 1)
            return Break(_id(args[0], "agreement", text))
        case _:
            arity(1, 1)
            return Talk(_id(args[0], "power", text))
