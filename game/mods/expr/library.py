"""What expressions may name and do: the symbol table, the function library, the World they act on.

Every function, effect and built-in name an expression may use is listed here, with the help
text the documentation shows; nothing outside these tables is callable. `Names` holds what the
loaded content adds (variables, powers, flags, events, ...). Numbers are bounded and division
by zero is zero, so no arithmetic can crash the game. `World` is the one door between compiled
expressions and the game state: what they read, and the setters they write through.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from random import Random
from typing import Any, Protocol

MAX_VALUE = 1e12

NUM, BOOL, STR, POWER = "number", "true/false", "text", "power"

#: Keys in the dependency sets that are not state entries.
TIME = "time"

ROLES = ("self", "actor", "target")


class World(Protocol):
    """The game state as compiled expressions see it (the engine's GameState is one).

    Reads are attributes; every write goes through a setter, so the state can clamp a value to
    its range and note what changed. Expressions call the setters with positional arguments.
    """

    @property
    def vars(self) -> Mapping[str, float]: ...
    @property
    def pvars(self) -> Mapping[str, Mapping[str, float]]: ...
    @property
    def opinion(self) -> Mapping[str, Mapping[str, float]]: ...
    @property
    def trust(self) -> Mapping[str, Mapping[str, float]]: ...
    @property
    def flags(self) -> AbstractSet[str]: ...

    #: event id -> (times fired, last turn fired)
    @property
    def fired(self) -> Mapping[str, tuple[int, int]]: ...
    @property
    def turn(self) -> int: ...
    @property
    def turns_left(self) -> int: ...
    @property
    def year(self) -> int: ...
    @property
    def month(self) -> int: ...
    @property
    def rung(self) -> int: ...
    @property
    def player(self) -> str: ...
    @property
    def scores(self) -> Mapping[str, float]: ...
    @property
    def rng(self) -> Random: ...

    def term_in_force(self, term: str, /) -> bool: ...
    def extra_name(self, name: str, /) -> object: ...
    def set_var(self, name: str, value: float, /) -> None: ...
    def set_pvar(self, power: str, name: str, value: float, /) -> None: ...
    def set_opinion(self, a: str, b: str, value: float, /) -> None: ...
    def set_trust(self, a: str, b: str, value: float, /) -> None: ...
    def set_flag(self, name: str, /) -> None: ...
    def clear_flag(self, name: str, /) -> None: ...
    def schedule(self, event: str, delay: int, power: str | None, /) -> None: ...


@dataclass(frozen=True, slots=True)
class VariableInfo:
    id: str
    min: int
    max: int


@dataclass
class Names:
    """Everything an expression may refer to, taken from the loaded content."""

    globals: dict[str, VariableInfo] = field(default_factory=dict)
    per_power: dict[str, VariableInfo] = field(default_factory=dict)
    powers: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    endings: frozenset[str] = frozenset()
    rungs: tuple[str, ...] = ()
    ladder_variable: str = "tension"
    #: Extra read-only names for special contexts (scripts know `ending`).
    extra: dict[str, str] = field(default_factory=dict)


class Scope:
    """What an expression sees when it runs: the game, and the powers in its roles."""

    __slots__ = ("actor", "game", "self", "target")

    def __init__(
        self, game: World, self_power: str | None = None, actor: str | None = None, target: str | None = None
    ) -> None:
        self.game = game
        self.self = self_power
        self.actor = actor
        self.target = target


#: A compiled expression. What it returns in Python follows from its type in the language
#: (NUM, BOOL, STR, POWER), which the compiler checks; Python's types cannot say which.
Closure = Callable[[Scope], Any]
#: A compiled statement or effect: it changes the game through the World's setters.
Change = Callable[[Scope], None]
#: A compiled subexpression: its closure, its type in the language, the state keys it reads.
Typed = tuple[Closure, str, frozenset[str]]


def clamp_value(x: float) -> float:
    if x > MAX_VALUE:
        return MAX_VALUE
    if x < -MAX_VALUE:
        return -MAX_VALUE
    return x


def _div(a: float, b: float) -> float:
    return clamp_value(a / b) if b else 0


def _mod(a: float, b: float) -> float:
    return a % b if b else 0


ARITH: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: clamp_value(a + b),
    "-": lambda a, b: clamp_value(a - b),
    "*": lambda a, b: clamp_value(a * b),
    "/": _div,
    "%": _mod,
}

#: Operands may be of any one kind for == and !=, numbers for the others; the compiler checks.
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


#: Read-only functions: name -> (argument kinds, result type, short help).
#: Argument kinds: "power", "number", "flag", "event", "term", "rung", "action".
FUNCTIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "flag": (("flag",), BOOL, 'whether a flag is set: flag("thaad_deployed")'),
    "opinion": (("power", "power"), NUM, "how the first power regards the second, -100..100"),
    "trust": (("power", "power"), NUM, "how far the first power trusts the second's word, -100..100"),
    "happened": (("event",), BOOL, "whether an event has fired at least once"),
    "times": (("event",), NUM, "how many times an event has fired"),
    "since": (("event",), NUM, "turns since an event last fired (999 if never)"),
    "in_force": (("term",), BOOL, "whether a deal term is part of an agreement in force"),
    "rung": (("rung",), NUM, 'the index of a rung of the escalation ladder: rung("brink")'),
    "is_player": (("power",), BOOL, "whether the power is the one the human plays"),
    "min": (("number", "number", "*"), NUM, "the smallest of its arguments"),
    "max": (("number", "number", "*"), NUM, "the largest of its arguments"),
    "abs": (("number",), NUM, "the absolute value"),
    "clamp": (("number", "number", "number"), NUM, "clamp(x, lo, hi)"),
    "rand": (("number", "number"), NUM, "a whole number from lo to hi, from the game's seeded dice (effects only)"),
}

#: Effect-only functions: name -> (argument kinds, short help).
PROCEDURES: dict[str, tuple[tuple[str, ...], str]] = {
    "set_flag": (("flag_set",), 'set a flag: set_flag("thaad_deployed")'),
    "clear_flag": (("flag_set",), "clear a flag"),
    "schedule": (("event", "number"), 'fire an event after N turns: schedule("talks_collapse", 2)'),
}

#: Read-only names always available: name -> (type, help).
BUILTIN_NAMES: dict[str, tuple[str, str]] = {
    "turn": (NUM, "the turn number, 1 for the first month"),
    "turns_left": (NUM, "turns before the calendar runs out"),
    "year": (NUM, "the current year"),
    "month": (NUM, "the current month, 1..12"),
    "rung": (NUM, "the index of the current escalation rung, 0 for the lowest"),
    "player": (POWER, "the power the human plays"),
}
