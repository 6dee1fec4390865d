"""What happened: one frozen record per thing the game saw, and a record of each month.

The log of a game is a list of these records, in the order things happened. Each knows its
kind (`event`, `action`, `answer`, ...), and prints to the JSON that `run --json`, saves and
playthrough expectations read: `turn`, `date`, `kind`, `id`, `text`, `power` and `target` when
set, then the record's own fields (a field left at None is left out). `record_from_json`
reads that JSON back, strictly: a value of the wrong type or a key no record has is refused.
The interface reads these records by their type, never by scanning for keys.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")


class Verdict(StrEnum):
    """How a party answered a proposal, or the player an offer."""

    ACCEPT = "accept"
    COUNTER = "counter"
    REJECT = "reject"
    #: The player (or a proposer) turned down what was put to them.
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class Reason:
    """One line of why a power answered as it did: points for or against, and words."""

    points: float
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"points": self.points, "text": self.text}

    def line(self) -> str:
        return f"{round(self.points):+d} {self.text}"


@dataclass(frozen=True, slots=True)
class Record:
    """Common to every record: when, what (`id`), the words, and who (`power`, `target`)."""

    KIND: ClassVar[str] = ""

    turn: int
    date: str
    id: str
    text: str
    power: str | None = None
    target: str | None = None

    @property
    def kind(self) -> str:
        return self.KIND

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"turn": self.turn, "date": self.date, "kind": self.KIND, "id": self.id}
        out["text"] = self.text
        if self.power is not None:
            out["power"] = self.power
        if self.target is not None:
            out["target"] = self.target
        for f in _own_fields(type(self)):
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = _dump(value)
        return out


# -- the records --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFired(Record):
    KIND: ClassVar[str] = "event"
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentHappened(EventFired):
    """An event drawn from the incident pool of the current rung: nobody planned it."""

    KIND: ClassVar[str] = "incident"


@dataclass(frozen=True, slots=True, kw_only=True)
class OptionChosen(Record):
    KIND: ClassVar[str] = "choice"
    option: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionTaken(Record):
    KIND: ClassVar[str] = "action"


@dataclass(frozen=True, slots=True, kw_only=True)
class Dialogue(Record):
    """Something a power said: a greeting (with what it let slip), a warning, a threat, an accusation."""

    KIND: ClassVar[str] = "dialogue"
    wants: tuple[str, ...] | None = None
    least_costly: tuple[str, ...] | None = None
    mood: str | None = None
    opinion: int | None = None
    trust: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposed(Record):
    """A deal put forward; `counter` marks the proposer taking a counter-offer."""

    KIND: ClassVar[str] = "proposal"
    parties: tuple[str, ...]
    terms: tuple[str, ...]
    counter: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Answered(Record):
    """A party's answer to a proposal, with the reasons that decided it (they add up to `total`)."""

    KIND: ClassVar[str] = "answer"
    verdict: Verdict
    reasons: tuple[Reason, ...] | None = None
    total: float | None = None
    threshold: float | None = None
    proposer: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CounterOffered(Answered):
    """An answer that puts a changed deal back on the table."""

    counter_terms: tuple[str, ...]
    asks_for: tuple[str, ...]
    drops: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Signed(Record):
    KIND: ClassVar[str] = "agreement"
    parties: tuple[str, ...]
    terms: tuple[str, ...]
    name: str
    in_talks: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Broken(Record):
    KIND: ClassVar[str] = "defection"
    agreement: str
    terms: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StatementIssued(Record):
    """A statement issued (or that found too few signers: `issued` is false)."""

    KIND: ClassVar[str] = "statement"
    signers: tuple[str, ...]
    declined: tuple[str, ...]
    presses: tuple[str, ...] | None = None
    issued: bool
    words: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Reacted(Record):
    KIND: ClassVar[str] = "reaction"


@dataclass(frozen=True, slots=True, kw_only=True)
class RedLineCrossed(Record):
    KIND: ClassVar[str] = "red_line"


@dataclass(frozen=True, slots=True, kw_only=True)
class Ended(Record):
    KIND: ClassVar[str] = "ending"
    text_long: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class News(Record):
    KIND: ClassVar[str] = "news"


RECORD_TYPES: tuple[type[Record], ...] = (
    EventFired,
    IncidentHappened,
    OptionChosen,
    ActionTaken,
    Dialogue,
    Proposed,
    Answered,
    CounterOffered,
    Signed,
    Broken,
    StatementIssued,
    Reacted,
    RedLineCrossed,
    Ended,
    News,
)


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One month as it ended: the date, every variable, every opinion, and what happened in it."""

    turn: int
    date: str
    vars: dict[str, int]
    opinion: dict[str, dict[str, int]]
    records: tuple[Record, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "date": self.date,
            "vars": dict(sorted(self.vars.items())),
            "opinion": {a: dict(sorted(r.items())) for a, r in sorted(self.opinion.items())},
        }


# -- JSON ------------------------------------------------------------------------------------

_BASE = frozenset(f.name for f in dataclasses.fields(Record))
_FIELDS: dict[type[Record], tuple[dataclasses.Field[Any], ...]] = {}


def _own_fields(cls: type[Record]) -> tuple[dataclasses.Field[Any], ...]:
    own = _FIELDS.get(cls)
    if own is None:
        own = tuple(f for f in dataclasses.fields(cls) if f.name not in _BASE)
        _FIELDS[cls] = own
    return own


def _dump(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if isinstance(value, Reason):
        return value.to_json()
    if isinstance(value, Verdict):
        return value.value
    return value


def _kind_of(data: dict[str, Any]) -> type[Record]:
    kind = data.get("kind")
    if kind == "answer":
        return CounterOffered if data.get("verdict") == Verdict.COUNTER.value else Answered
    for cls in RECORD_TYPES:
        if kind == cls.KIND and cls is not CounterOffered:
            return cls
    raise ValueError(f"no record has the kind {kind!r}")


def _expect(value: Any, kind: type | tuple[type, ...], name: str) -> Any:
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise ValueError(f"'{name}' must be a number, found {value!r}")
    if not isinstance(value, kind):
        raise ValueError(f"'{name}' has the wrong type ({type(value).__name__})")
    return value


def _strings(value: Any, name: str) -> tuple[str, ...]:
    _expect(value, list, name)
    return tuple(_expect(v, str, name) for v in value)


def _load_field(f: dataclasses.Field[Any], value: Any) -> Any:
    hint = str(f.type)
    name = f.name
    if "Reason" in hint:
        _expect(value, list, name)
        out = []
        for r in value:
            _expect(r, dict, name)
            if set(r) != {"points", "text"}:
                raise ValueError(f"'{name}' holds a reason that is not points and text")
            out.append(Reason(float(_expect(r["points"], (int, float), name)), _expect(r["text"], str, name)))
        return tuple(out)
    if "Verdict" in hint:
        return Verdict(_expect(value, str, name))
    if "tuple[str" in hint:
        return _strings(value, name)
    if hint.startswith("bool"):
        return _expect(value, bool, name)
    if hint.startswith("int"):
        return _expect(value, int, name)
    if hint.startswith("float"):
        return float(_expect(value, (int, float), name))
    return _expect(value, str, name)


def record_from_json(data: Any) -> Record:
    """Read a record back from its JSON; raises ValueError when it is not one the game writes."""
    _expect(data, dict, "record")
    cls = _kind_of(data)
    args: dict[str, Any] = {
        "turn": _expect(data.get("turn"), int, "turn"),
        "date": _expect(data.get("date"), str, "date"),
        "id": _expect(data.get("id"), str, "id"),
        "text": _expect(data.get("text"), str, "text"),
        "power": _expect(data["power"], str, "power") if "power" in data else None,
        "target": _expect(data["target"], str, "target") if "target" in data else None,
    }
    own = _own_fields(cls)
    known = _BASE | {"kind"} | {f.name for f in own}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"a {cls.KIND} record has no field {unknown[0]!r}")
    for f in own:
        if f.name in data:
            args[f.name] = _load_field(f, data[f.name])
    try:
        return cls(**args)
    except TypeError as e:
        raise ValueError(f"a {cls.KIND} record is incomplete: {e}") from None


def records_of(log: list[Record] | tuple[Record, ...], kind: type[R]) -> list[R]:
    """The records of one type (subtypes included), in order."""
    return [r for r in log if isinstance(r, kind)]
