"""The state of one game: values, opinions, flags, agreements, the log; copyable and hashable.

The state is what an expression reads and writes. Every write clamps to the declared range,
stores whole numbers, and records which key changed, so the trigger index only re-checks the
events that read it. `snapshot()` gives a canonical JSON-able form; `state_hash()` is the
sha256 of it, stable across runs, machines and PYTHONHASHSEED.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from game.mods.content import Content


class Phase(StrEnum):
    BRIEFING = "briefing"
    EVENT_CHOICES = "event_choices"
    DIPLOMACY = "diplomacy"
    AI_TURN = "ai_turn"
    RESOLUTION = "resolution"
    GAME_OVER = "game_over"


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of the game's record: what happened, when, to whom."""

    turn: int
    date: str
    kind: str
    id: str
    text: str
    power: str | None = None
    target: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "turn": self.turn,
            "date": self.date,
            "kind": self.kind,
            "id": self.id,
            "text": self.text,
        }
        if self.power is not None:
            out["power"] = self.power
        if self.target is not None:
            out["target"] = self.target
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LogEntry:
        known = {"turn", "date", "kind", "id", "text", "power", "target"}
        return cls(
            turn=int(data["turn"]),
            date=str(data["date"]),
            kind=str(data["kind"]),
            id=str(data["id"]),
            text=str(data["text"]),
            power=data.get("power"),
            target=data.get("target"),
            extra={k: v for k, v in data.items() if k not in known},
        )


@dataclass(frozen=True, slots=True)
class Pending:
    """An event waiting for the player's choice."""

    event: str
    power: str


@dataclass(slots=True)
class Happening:
    """Something a power did or that befell the world this turn, that reactions may answer."""

    id: str
    tags: tuple[str, ...]
    actor: str | None
    target: str | None


@dataclass(slots=True)
class Agreement:
    """A deal in force: its parties, terms, and when it began."""

    id: str
    parties: tuple[str, ...]
    terms: tuple[str, ...]
    signed: int
    name: str = ""
    in_talks: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "parties": list(self.parties),
            "terms": list(self.terms),
            "signed": self.signed,
            "in_talks": self.in_talks,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Agreement:
        return cls(
            str(d["id"]),
            tuple(d["parties"]),
            tuple(d["terms"]),
            int(d["signed"]),
            str(d.get("name", "")),
            bool(d.get("in_talks", False)),
        )


def _round(x: float) -> int:
    # Python's round() is banker's rounding and fully deterministic.
    return round(x)


class GameState:
    """Everything that changes during a game. Expressions see it as `game` in their scope."""

    def __init__(
        self, content: Content, player: str | None, start_index: int, last_turn: int, rng: random.Random
    ) -> None:
        self.content = content
        self.player = player or ""
        self.start_index = start_index
        self.last_turn = last_turn
        self.rng = rng
        self.turn = 1
        self.phase = Phase.BRIEFING
        self.vars: dict[str, int] = {}
        self.pvars: dict[str, dict[str, int]] = {}
        self.opinion: dict[str, dict[str, int]] = {}
        self.trust: dict[str, dict[str, int]] = {}
        self.flags: set[str] = set()
        #: event id -> (times fired, last turn fired)
        self.fired: dict[str, tuple[int, int]] = {}
        #: (due turn, sequence, event id, self power or "")
        self.scheduled: list[tuple[int, int, str, str]] = []
        self.schedule_seq = 0
        self.pending: list[Pending] = []
        self.agreements: list[Agreement] = []
        #: (power, action) -> (times taken, last turn)
        self.used: dict[str, tuple[int, int]] = {}
        self.moves_made = 0
        self.red_lines: set[str] = set()
        self.happenings: list[Happening] = []
        self.log: list[LogEntry] = []
        self.ending: str | None = None
        self.scores: dict[str, float] = {}
        #: Opaque data later systems (negotiation) keep per game; JSON-able.
        self.memory: dict[str, Any] = {}
        #: Keys written since the trigger index last looked.
        self.touched: set[str] = set()
        #: Counts writes, so what-ifs computed on this state can be reused until it changes.
        self.version = 0
        self._ranges = {v.id: (v.min, v.max) for v in content.variables.values()}

    # -- reading ---------------------------------------------------------------------------

    @property
    def turns_left(self) -> int:
        return self.last_turn - self.turn

    @property
    def month_index(self) -> int:
        return self.start_index + self.turn - 1

    @property
    def year(self) -> int:
        return self.month_index // 12

    @property
    def month(self) -> int:
        return self.month_index % 12 + 1

    @property
    def date(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def rung(self) -> int:
        value = self.vars.get(self.content.ladder.variable, 0)
        idx = 0
        for i, r in enumerate(self.content.ladder.rung):
            if value >= r.at:
                idx = i
        return idx

    def term_in_force(self, term: str) -> bool:
        return any(term in a.terms for a in self.agreements)

    def extra_name(self, name: str) -> Any:
        if name == "ending":
            return self.ending or ""
        raise KeyError(name)

    # -- writing ---------------------------------------------------------------------------

    def set_var(self, name: str, value: float) -> None:
        lo, hi = self._ranges[name]
        v = _round(min(max(value, lo), hi))
        if self.vars[name] != v:
            self.vars[name] = v
            self.touched.add(name)
            self.version += 1

    def set_pvar(self, power: str, name: str, value: float) -> None:
        lo, hi = self._ranges[name]
        v = _round(min(max(value, lo), hi))
        row = self.pvars[power]
        if row[name] != v:
            row[name] = v
            self.version += 1
            self.touched.add(f"{name}:{power}")
            self.touched.add(f"{name}:*")

    def set_opinion(self, a: str, b: str, value: float) -> None:
        self._set_pair(self.opinion, "opinion", a, b, value)

    def set_trust(self, a: str, b: str, value: float) -> None:
        self._set_pair(self.trust, "trust", a, b, value)

    def _set_pair(self, table: dict[str, dict[str, int]], name: str, a: str, b: str, value: float) -> None:
        if a == b:
            return
        v = _round(min(max(value, -100), 100))
        if table[a][b] != v:
            table[a][b] = v
            self.version += 1
            self.touched.add(f"{name}:{a}:{b}")
            self.touched.add(f"{name}:*")

    def set_flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.add(name)
            self.version += 1
            self.touched.add(f"flag:{name}")

    def clear_flag(self, name: str) -> None:
        if name in self.flags:
            self.flags.discard(name)
            self.version += 1
            self.touched.add(f"flag:{name}")

    def schedule(self, event: str, delay: int, power: str | None = None) -> None:
        delay = max(0, min(delay, 1000))
        self.schedule_seq += 1
        self.scheduled.append((self.turn + max(1, delay), self.schedule_seq, event, power or ""))

    def mark_fired(self, event: str) -> None:
        count, _ = self.fired.get(event, (0, 0))
        self.fired[event] = (count + 1, self.turn)
        self.touched.add(f"event:{event}")
        self.version += 1

    def touch_terms(self, terms: tuple[str, ...] | list[str]) -> None:
        self.version += 1
        for t in terms:
            self.touched.add(f"term:{t}")

    # -- copies, snapshots, hashes ---------------------------------------------------------

    def copy(self, rng: random.Random | None = None, light: bool = False) -> GameState:
        """An independent copy. `light` skips the log and memory (for the AI's what-ifs)."""
        new = GameState.__new__(GameState)
        new.content = self.content
        new.player = self.player
        new.start_index = self.start_index
        new.last_turn = self.last_turn
        new.rng = rng if rng is not None else self.rng
        new.turn = self.turn
        new.phase = self.phase
        new.vars = dict(self.vars)
        new.pvars = {k: dict(v) for k, v in self.pvars.items()}
        new.opinion = {k: dict(v) for k, v in self.opinion.items()}
        new.trust = {k: dict(v) for k, v in self.trust.items()}
        new.flags = set(self.flags)
        new.fired = dict(self.fired)
        new.scheduled = list(self.scheduled)
        new.schedule_seq = self.schedule_seq
        new.pending = list(self.pending)
        new.agreements = [Agreement(a.id, a.parties, a.terms, a.signed, a.name, a.in_talks) for a in self.agreements]
        new.used = dict(self.used)
        new.moves_made = self.moves_made
        new.red_lines = set(self.red_lines)
        new.happenings = [] if light else list(self.happenings)
        new.log = [] if light else list(self.log)
        new.ending = self.ending
        new.scores = dict(self.scores)
        if light:
            new.memory = self.memory  # read-only in what-ifs
        else:
            new.memory = json.loads(json.dumps(self.memory)) if self.memory else {}
        new.touched = set()
        new.version = 0
        new._ranges = self._ranges
        return new

    def snapshot(self) -> dict[str, Any]:
        """A canonical, JSON-able picture of the whole state."""
        return {
            "turn": self.turn,
            "date": self.date,
            "phase": self.phase.value,
            "player": self.player,
            "vars": dict(sorted(self.vars.items())),
            "pvars": {p: dict(sorted(v.items())) for p, v in sorted(self.pvars.items())},
            "opinion": {a: dict(sorted(r.items())) for a, r in sorted(self.opinion.items())},
            "trust": {a: dict(sorted(r.items())) for a, r in sorted(self.trust.items())},
            "flags": sorted(self.flags),
            "fired": {k: list(v) for k, v in sorted(self.fired.items())},
            "scheduled": [list(s) for s in sorted(self.scheduled)],
            "schedule_seq": self.schedule_seq,
            "pending": [[p.event, p.power] for p in self.pending],
            "agreements": [a.to_json() for a in self.agreements],
            "used": {k: list(v) for k, v in sorted(self.used.items())},
            "moves_made": self.moves_made,
            "red_lines": sorted(self.red_lines),
            "happenings": [[h.id, list(h.tags), h.actor, h.target] for h in self.happenings],
            "log": [e.to_json() for e in self.log],
            "ending": self.ending,
            "scores": {k: round(v, 6) for k, v in sorted(self.scores.items())},
            "memory": self.memory,
        }

    def restore(self, snap: dict[str, Any]) -> None:
        """Load a snapshot made by `snapshot()` (the content must match)."""
        self.turn = int(snap["turn"])
        self.phase = Phase(snap["phase"])
        self.vars = {str(k): int(v) for k, v in snap["vars"].items()}
        self.pvars = {str(p): {str(k): int(v) for k, v in row.items()} for p, row in snap["pvars"].items()}
        self.opinion = {str(a): {str(b): int(v) for b, v in r.items()} for a, r in snap["opinion"].items()}
        self.trust = {str(a): {str(b): int(v) for b, v in r.items()} for a, r in snap["trust"].items()}
        self.flags = {str(f) for f in snap["flags"]}
        self.fired = {str(k): (int(v[0]), int(v[1])) for k, v in snap["fired"].items()}
        self.scheduled = [(int(a), int(b), str(c), str(d)) for a, b, c, d in snap["scheduled"]]
        self.schedule_seq = int(snap["schedule_seq"])
        self.pending = [Pending(str(e), str(p)) for e, p in snap["pending"]]
        self.agreements = [Agreement.from_json(a) for a in snap["agreements"]]
        self.used = {str(k): (int(v[0]), int(v[1])) for k, v in snap["used"].items()}
        self.moves_made = int(snap["moves_made"])
        self.red_lines = {str(x) for x in snap["red_lines"]}
        self.happenings = [Happening(str(i), tuple(t), a, g) for i, t, a, g in snap["happenings"]]
        self.log = [LogEntry.from_json(e) for e in snap["log"]]
        self.ending = snap["ending"]
        self.scores = {str(k): float(v) for k, v in snap["scores"].items()}
        self.memory = dict(snap.get("memory", {}))
        self.touched = set()
        self.version += 1

    def state_hash(self) -> str:
        data = json.dumps(self.snapshot(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(data.encode("ascii")).hexdigest()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GameState) and self.snapshot() == other.snapshot()

    __hash__ = None  # type: ignore[assignment]
