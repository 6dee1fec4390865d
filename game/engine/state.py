"""The state of one game: values, opinions, flags, agreements, diplomacy, the log; copyable and hashable.

The state is what an expression reads and writes (`Scope.game`). Every write clamps to the
declared range, stores whole numbers, and records which key changed, so the trigger index only
re-checks the events that read it. One table (`FIELDS`) lists what changes in a game: it drives
copies, `snapshot()` (a canonical JSON-able form), `restore()`, equality and the checks a save
loader runs. `state_hash()` is the sha256 of the snapshot, stable across runs, machines and
PYTHONHASHSEED. What stays fixed for a whole game (the content, the scenario, the difficulty,
the seed, the player) is shared by every copy.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from game.engine.diplomacy import DiplomacyState
from game.engine.records import Record, TurnRecord, record_from_json
from game.engine.triggers import TriggerIndex
from game.mods.content import Content, ScenarioDef
from game.mods.rule_models import Difficulty

T = TypeVar("T")


class Phase(StrEnum):
    BRIEFING = "briefing"
    EVENT_CHOICES = "event_choices"
    DIPLOMACY = "diplomacy"
    AI_TURN = "ai_turn"
    RESOLUTION = "resolution"
    GAME_OVER = "game_over"


@dataclass(frozen=True, slots=True)
class Pending:
    """An event waiting for the player's choice."""

    event: str
    power: str


@dataclass(frozen=True, slots=True)
class Happening:
    """Something a power did or that befell the world this turn, that reactions may answer."""

    id: str
    tags: tuple[str, ...]
    actor: str | None
    target: str | None


@dataclass(frozen=True, slots=True)
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


# -- the field table ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Codec:
    """How one kind of value is copied, written to a snapshot and read back."""

    copy: Callable[[Any], Any]
    dump: Callable[[Any], Any]
    load: Callable[[Any], Any]


def _same(x: Any) -> Any:
    return x


INT = Codec(_same, _same, int)
OPTIONAL_TEXT = Codec(_same, _same, _same)
PHASE = Codec(_same, lambda p: p.value, Phase)
INT_MAP = Codec(dict, lambda d: dict(sorted(d.items())), lambda d: {str(k): int(v) for k, v in d.items()})
INT_TABLE = Codec(
    lambda t: {k: dict(v) for k, v in t.items()},
    lambda t: {a: dict(sorted(r.items())) for a, r in sorted(t.items())},
    lambda t: {str(a): {str(b): int(v) for b, v in r.items()} for a, r in t.items()},
)
TEXT_SET = Codec(set, sorted, lambda s: {str(x) for x in s})
PAIR_MAP = Codec(
    dict,
    lambda d: {k: list(v) for k, v in sorted(d.items())},
    lambda d: {str(k): (int(v[0]), int(v[1])) for k, v in d.items()},
)
SCHEDULE = Codec(
    list, lambda s: [list(x) for x in sorted(s)], lambda s: [(int(a), int(b), str(c), str(d)) for a, b, c, d in s]
)
PENDING = Codec(list, lambda s: [[p.event, p.power] for p in s], lambda s: [Pending(str(e), str(p)) for e, p in s])
AGREEMENTS = Codec(list, lambda s: [a.to_json() for a in s], lambda s: [Agreement.from_json(a) for a in s])
HAPPENINGS = Codec(
    list,
    lambda s: [[h.id, list(h.tags), h.actor, h.target] for h in s],
    lambda s: [Happening(str(i), tuple(t), a, g) for i, t, a, g in s],
)
LOG = Codec(list, lambda s: [r.to_json() for r in s], lambda s: [record_from_json(r) for r in s])
SCORES = Codec(
    dict, lambda d: {k: round(v, 6) for k, v in sorted(d.items())}, lambda d: {str(k): float(v) for k, v in d.items()}
)
DIPLOMACY = Codec(lambda d: d.copy(), lambda d: d.to_json(), lambda d: DiplomacyState.from_json(dict(d)))
HISTORY = Codec(
    list,
    lambda h: [m.to_json() for m in h],
    lambda h: [
        TurnRecord(int(m["turn"]), str(m["date"]), INT_MAP.load(m["vars"]), INT_TABLE.load(m["opinion"]), ()) for m in h
    ],
)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of the state: its name in the snapshot, its codec, and how copies treat it."""

    name: str
    codec: Codec
    #: Whether the rules read it: equality of states compares these fields only.
    rules: bool = True
    #: What a light copy (a what-if) gets instead: a fresh empty value.
    light: Callable[[], Any] | None = None


#: Everything about a game that changes as it is played, in snapshot order.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("turn", INT),
    FieldSpec("phase", PHASE),
    FieldSpec("vars", INT_MAP),
    FieldSpec("pvars", INT_TABLE),
    FieldSpec("opinion", INT_TABLE),
    FieldSpec("trust", INT_TABLE),
    FieldSpec("flags", TEXT_SET),
    FieldSpec("fired", PAIR_MAP),
    FieldSpec("scheduled", SCHEDULE),
    FieldSpec("schedule_seq", INT),
    FieldSpec("pending", PENDING),
    FieldSpec("agreements", AGREEMENTS),
    FieldSpec("used", PAIR_MAP),
    FieldSpec("moves_made", INT),
    FieldSpec("red_lines", TEXT_SET),
    FieldSpec("happenings", HAPPENINGS),
    FieldSpec("log", LOG, rules=False, light=list),
    FieldSpec("ending", OPTIONAL_TEXT),
    FieldSpec("scores", SCORES),
    FieldSpec("diplomacy", DIPLOMACY),
    FieldSpec("history", HISTORY, rules=False, light=list),
)

#: The tables whose rows light copies share until one side writes to a row.
_ROW_TABLES = ("pvars", "opinion", "trust")
#: (attribute, copy, fresh value) for each field, for full and light copies.
_FULL_PLAN = tuple((spec.name, spec.codec.copy, None) for spec in FIELDS)
_LIGHT_PLAN = tuple((spec.name, spec.codec.copy, spec.light) for spec in FIELDS if spec.name not in _ROW_TABLES)

#: Where the snapshot shows values derived from the fields or fixed for the game.
_SNAPSHOT_EXTRAS = {"turn": ("date",), "phase": ("player",)}


class GameState:
    """Everything about one game in progress. Expressions see it as `game` in their scope."""

    def __init__(
        self,
        content: Content,
        scenario: ScenarioDef,
        difficulty: Difficulty,
        seed: int,
        player: str | None,
        rng: random.Random,
    ) -> None:
        # fixed for the game, shared by every copy
        self.content = content
        self.scenario = scenario
        self.difficulty = difficulty
        self.seed = seed
        self.player = player or ""
        self.start_index = scenario.start_index
        self.last_turn = scenario.model.turns
        self._ranges = {v.id: (v.min, v.max) for v in content.variables.values()}
        #: Each power's utility in the scenario's opening position (scores count from it), and
        #: each of its interests' values there.
        self.opening: dict[str, float] = {}
        self.opening_interests: dict[str, tuple[float, ...]] = {}
        # what changes (FIELDS)
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
        #: "power:action" -> (times taken, last turn)
        self.used: dict[str, tuple[int, int]] = {}
        self.moves_made = 0
        self.red_lines: set[str] = set()
        self.happenings: list[Happening] = []
        self.log: list[Record] = []
        self.ending: str | None = None
        self.scores: dict[str, float] = {}
        self.diplomacy = DiplomacyState()
        #: The opening position, then each month as it ended.
        self.history: list[TurnRecord] = []
        # bookkeeping, never copied
        #: Keys written since the trigger index last looked (kept only while there is an index:
        #: one built later looks at every event anyway).
        self.touched: set[str] = set()
        #: Counts writes, so values derived from this state can be reused until it changes.
        self.version = 0
        #: Values derived from this state (keyed by what they depend on); never copied.
        self.memo: dict[str, Any] = {}
        #: A what-if's scratch copy keeps no records: nobody reads them.
        self.quiet = False
        #: Rows of pvars, opinion and trust shared with light copies are copied when first
        #: written; this holds the (table, key) rows owned again since. None: every row is owned.
        self._shared_rows: set[tuple[str, str]] | None = None
        self.triggers: TriggerIndex | None = None

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

    @property
    def capital(self) -> str:
        """The per-power variable that moves are paid with."""
        return self.content.rules.capital

    def term_in_force(self, term: str) -> bool:
        return any(term in a.terms for a in self.agreements)

    def agreement(self, agreement_id: str) -> Agreement | None:
        return next((a for a in self.agreements if a.id == agreement_id), None)

    def extra_name(self, name: str) -> Any:
        if name == "ending":
            return self.ending or ""
        raise KeyError(name)

    def month_record(self, opening: bool = False) -> TurnRecord:
        """The month as it stands: its date, every variable and opinion, and what happened in it.
        `opening`: the position before the first briefing (turn 0, nothing happened yet)."""
        records: list[Record] = []
        if not opening:
            for r in reversed(self.log):
                if r.turn != self.turn:
                    break
                records.append(r)
            records.reverse()
        return TurnRecord(
            0 if opening else self.turn,
            self.date,
            dict(self.vars),
            {a: dict(row) for a, row in self.opinion.items()},
            tuple(records),
        )

    def write(self, record: Record) -> None:
        """Add a record of what happened to the log (a quiet what-if keeps none)."""
        if not self.quiet:
            self.log.append(record)

    @property
    def moment(self) -> tuple[int, int, Phase]:
        """What values derived from this state depend on: every write, the month, the phase."""
        return (self.version, self.turn, self.phase)

    def derived(self, name: str, key: str, make: Callable[[], T]) -> T:
        """A value derived from this state (`name` for `key`), made once and kept until the state
        changes: the computer's what-ifs read the same worlds many times."""
        memo = self.memo.get(name)
        moment = self.moment
        if memo is None or memo[0] != moment:
            memo = (moment, {})
            self.memo[name] = memo
        table: dict[str, T] = memo[1]
        if key in table:
            return table[key]
        value = table[key] = make()
        return value

    # -- writing ---------------------------------------------------------------------------

    def set_var(self, name: str, value: float) -> None:
        lo, hi = self._ranges[name]
        v = round(lo if value < lo else hi if value > hi else value)
        if self.vars[name] != v:
            self.vars[name] = v
            self.touched.add(name)
            self.version += 1

    def set_pvar(self, power: str, name: str, value: float) -> None:
        lo, hi = self._ranges[name]
        v = round(lo if value < lo else hi if value > hi else value)
        row = self.pvars[power]
        if row[name] != v:
            if self._shared_rows is not None and ("pvars", power) not in self._shared_rows:
                row = self._own_row(self.pvars, "pvars", power)
            row[name] = v
            self.version += 1
            if self.triggers is not None:
                self.touched.add(f"{name}:{power}")
                self.touched.add(f"{name}:*")

    def set_opinion(self, a: str, b: str, value: float) -> None:
        self._set_pair(self.opinion, "opinion", a, b, value)

    def set_trust(self, a: str, b: str, value: float) -> None:
        self._set_pair(self.trust, "trust", a, b, value)

    def _set_pair(self, table: dict[str, dict[str, int]], name: str, a: str, b: str, value: float) -> None:
        if a == b:
            return
        v = round(-100 if value < -100 else 100 if value > 100 else value)
        row = table[a]
        if row[b] != v:
            if self._shared_rows is not None and (name, a) not in self._shared_rows:
                row = self._own_row(table, name, a)
            row[b] = v
            self.version += 1
            if self.triggers is not None:
                self.touched.add(f"{name}:{a}:{b}")
                self.touched.add(f"{name}:*")

    def _own_row(self, table: dict[str, dict[str, int]], name: str, key: str) -> dict[str, int]:
        """A row this state shares with a light copy (or its parent), copied before it is written."""
        row = table[key] = dict(table[key])
        assert self._shared_rows is not None
        self._shared_rows.add((name, key))
        return row

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

    def spend(self, power: str, amount: int) -> None:
        """Pay political capital."""
        cap = self.content.rules.capital
        self.set_pvar(power, cap, self.pvars[power][cap] - amount)

    # -- copies, snapshots, hashes ---------------------------------------------------------

    def copy(self, rng: random.Random | None = None, light: bool = False) -> GameState:
        """An independent copy. `light` makes a what-if's scratch copy: it leaves out the past (the
        log and the months' history) and the trigger index, and keeps no records of its own."""
        new = GameState.__new__(GameState)
        d = new.__dict__
        mine = self.__dict__
        for name in _CONSTANTS:
            d[name] = mine[name]
        for key, copy, empty in _LIGHT_PLAN if light else _FULL_PLAN:
            d[key] = empty() if empty is not None else copy(mine[key])
        if light:
            # The rows of the tables are shared, and each side copies a row before writing it.
            for key in _ROW_TABLES:
                d[key] = dict(mine[key])
            self._shared_rows = set()
            new._shared_rows = set()
        else:
            new._shared_rows = None
        new.rng = rng if rng is not None else self.rng
        # what was derived from this state holds for the copy until either changes
        new.version = self.version
        new.memo = dict(self.memo)
        new.quiet = light or self.quiet
        if light or self.triggers is None:
            new.touched = set()
            new.triggers = None
        else:
            new.touched = set(self.touched)
            new.triggers = self.triggers.copy()
        return new

    def snapshot(self) -> dict[str, Any]:
        """A canonical, JSON-able picture of the whole state."""
        out: dict[str, Any] = {}
        for spec in FIELDS:
            out[spec.name] = spec.codec.dump(getattr(self, spec.name))
            for extra in _SNAPSHOT_EXTRAS.get(spec.name, ()):
                out[extra] = getattr(self, extra)
        return out

    def restore(self, snap: dict[str, Any]) -> None:
        """Load a snapshot made by `snapshot()` (the content must match)."""
        for spec in FIELDS:
            setattr(self, spec.name, spec.codec.load(snap[spec.name]))
        months: dict[int, list[Record]] = {}
        for r in self.log:
            months.setdefault(r.turn, []).append(r)
        self.history = [
            TurnRecord(m.turn, m.date, m.vars, m.opinion, tuple(months.get(m.turn, ())) if m.turn else ())
            for m in self.history
        ]
        self.touched = set()
        self.memo = {}
        self.triggers = None
        self._shared_rows = None
        self.version += 1

    def state_hash(self) -> str:
        data = json.dumps(self.snapshot(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(data.encode("ascii")).hexdigest()

    def rules_key(self) -> tuple[str, ...]:
        """What the rules read, as a hashable value: equal keys play on identically."""
        return tuple(
            json.dumps(spec.codec.dump(getattr(self, spec.name)), sort_keys=True) for spec in FIELDS if spec.rules
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GameState) and self.rules_key() == other.rules_key()

    __hash__ = None  # type: ignore[assignment]


#: Attributes fixed for the game, shared by every copy.
_CONSTANTS = (
    "content",
    "scenario",
    "difficulty",
    "seed",
    "player",
    "start_index",
    "last_turn",
    "_ranges",
    "opening",
    "opening_interests",
)
