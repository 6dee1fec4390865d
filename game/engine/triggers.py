"""Which events could fire this turn, without evaluating every event every turn.

Each event's condition is split into its top-level `and` parts. When an event is checked and
a part is false, the index watches only that part's reads (the state keys it depends on); the
event is not looked at again until one of those keys is written, its date window opens, or
the part reads the clock. Events whose whole condition holds stay armed and are rolled every
turn. The result is exactly what evaluating every event would give, at a cost that follows
what changed rather than how much content there is.

Most dormant content waits on one thing: a follow-up on the flag or the event before it
(`flag("x") and ...`, `happened("e") and ...`). The content works out once which events are
guarded so (`EventPlan.guards`); a first look skips them while their key is absent, exactly as
if it had found that first part false, and so do events whose date window has not opened.

A new game does not pay for its content either. What the content gives (the events in firing
order, their date windows) is worked out once per Content, and so is the first look at every
event from a scenario's opening position, which is the same for every game of that scenario
and power: each game starts from that shared look (`Opening`) and keeps only what it has
learned since. Any index that holds the invariant above gives the same events, so a game that
starts from the shared look plays exactly as one that looked at every event itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from game.mods.content import Content, EventDef
from game.mods.expr import TIME, Scope, World


class Watched(World, Protocol):
    """A state the index can follow: what expressions read, plus the keys written since it last looked."""

    @property
    def touched(self) -> set[str]: ...


class _Events:
    """The events an index follows, by place, each taken from the content when first needed
    (content from the cache makes an event's definition only when something reads it)."""

    __slots__ = ("_by_id", "_ids")

    def __init__(self, ids: Sequence[str], by_id: Mapping[str, EventDef]) -> None:
        self._ids = ids
        self._by_id = by_id

    def __getitem__(self, i: int) -> EventDef:
        return self._by_id[self._ids[i]]

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[EventDef]:
        by_id = self._by_id
        return (by_id[e] for e in self._ids)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the content gives every index: the events it follows and when their windows open."""

    events: _Events
    incidents: _Events
    opening: Mapping[int, Sequence[int]]
    #: key -> events that cannot fire while it is absent and read nothing else until then
    guards: Mapping[str, Sequence[int]]
    #: the events a first look must look at (neither guarded nor waiting for their window)
    loose: Sequence[int]


@dataclass(frozen=True, slots=True)
class Opening:
    """A first look at every event from one opening position, shared by every game that starts there."""

    watch: dict[str, frozenset[int]]
    watched: frozenset[int]
    armed: frozenset[int]
    clock: frozenset[int]
    retired: frozenset[int]
    last_turn_seen: int
    #: the guard keys whose events were looked at (the rest still wait in the plan's guards)
    guards_gone: frozenset[str]


def _plan(content: Content, incident_tag: str) -> _Plan:
    key = f"triggers:{incident_tag}"
    found = content.memo.get(key)
    if isinstance(found, _Plan):
        return found
    ep = content.plan_for(incident_tag)
    plan = _Plan(
        _Events(ep.ids, content.events),
        _Events(ep.incidents, content.events),
        ep.opening,
        ep.guards,
        ep.loose,
    )
    content.memo[key] = plan
    return plan


def _present(key: str, state: Watched) -> bool:
    """Whether a guard key holds: its flag is set, or its event has fired."""
    kind, _, name = key.partition(":")
    return name in state.flags if kind == "flag" else name in state.fired


class TriggerIndex:
    def __init__(
        self, content: Content, incident_tag: str, opening: Opening | None = None, state: Watched | None = None
    ) -> None:
        plan = _plan(content, incident_tag)
        self.events = plan.events
        self.incidents = plan.incidents
        self._by_id = content.events
        self._opening = plan.opening
        self._guards = plan.guards
        #: The shared first look this index started from (never written), and what of it no longer holds:
        #: the keys written since (their events were looked at again) and the events looked at again.
        self._base = opening
        self._base_gone: set[str] = set()
        self._base_out: set[int] = set()
        self._watch: dict[str, set[int]] = {}
        self._watching: dict[int, tuple[str, ...]] = {}
        if opening is None:
            self._armed: set[int] = set()
            self._clock: set[int] = set()
            self._retired: set[int] = set()
            # A first look: every loose event, and the guarded ones whose key holds in `state`
            # (without a state, all of them). The others wait for their key, or their window.
            self._dirty: set[int] = set(plan.loose)
            self._guards_gone: set[str] = set()
            self._wake_guards(self._guards if state is None else self._guard_keys_in(state))
            self._last_turn_seen = 0
        else:
            self._armed = set(opening.armed)
            self._clock = set(opening.clock)
            self._retired = set()
            self._dirty = set()
            self._last_turn_seen = opening.last_turn_seen
            self._guards_gone = set(opening.guards_gone)

    def _guard_keys_in(self, state: Watched) -> list[str]:
        guards = self._guards
        keys = [f"flag:{f}" for f in state.flags] + [f"event:{e}" for e in state.fired]
        return [k for k in keys if k in guards]

    def _wake_guards(self, keys: Iterable[str]) -> None:
        """The guarded events of keys written (or holding at a first look) are looked at; once."""
        guards = self._guards
        gone = self._guards_gone
        for k in keys:
            if k not in gone:
                hit = guards.get(k)
                if hit:
                    gone.add(k)
                    self._dirty.update(hit)

    @classmethod
    def for_opening(cls, content: Content, incident_tag: str, state: Watched, key: str) -> TriggerIndex:
        """The index of a game at its opening position (`key` names that position: scenario,
        power, difficulty), starting from the content's shared first look from there."""
        memo_key = f"triggers:{incident_tag}:opening:{key}"
        found = content.memo.get(memo_key)
        if not isinstance(found, Opening):
            first = cls(content, incident_tag, state=state)
            touched = set(state.touched)
            state.touched.clear()
            first.eligible(state)
            state.touched.update(touched)
            found = first._freeze()
            content.memo[memo_key] = found
        return cls(content, incident_tag, found)

    def _freeze(self) -> Opening:
        assert self._base is None and not self._dirty
        return Opening(
            {k: frozenset(v) for k, v in self._watch.items()},
            frozenset(self._watching),
            frozenset(self._armed),
            frozenset(self._clock),
            frozenset(self._retired),
            self._last_turn_seen,
            frozenset(self._guards_gone),
        )

    def copy(self) -> TriggerIndex:
        """An independent index in the same place: what the content gives is shared, what it
        has learned of the game is copied."""
        new = TriggerIndex.__new__(TriggerIndex)
        new.events = self.events
        new.incidents = self.incidents
        new._by_id = self._by_id
        new._opening = self._opening
        new._guards = self._guards
        new._guards_gone = set(self._guards_gone)
        new._base = self._base
        new._base_gone = set(self._base_gone)
        new._base_out = set(self._base_out)
        new._watch = {k: set(v) for k, v in self._watch.items()}
        new._watching = dict(self._watching)
        new._armed = set(self._armed)
        new._clock = set(self._clock)
        new._retired = set(self._retired)
        new._dirty = set(self._dirty)
        new._last_turn_seen = self._last_turn_seen
        return new

    def _is_retired(self, i: int) -> bool:
        return i in self._retired or (self._base is not None and i in self._base.retired)

    def _unwatch(self, i: int) -> None:
        for k in self._watching.pop(i, ()):
            w = self._watch.get(k)
            if w is not None:
                w.discard(i)
                if not w:
                    del self._watch[k]
        if self._base is not None and i in self._base.watched:
            self._base_out.add(i)
        self._clock.discard(i)
        self._armed.discard(i)

    def retire(self, event_id: str) -> None:
        """The event can never fire again on its own (a `once` event that fired)."""
        ev = self._by_id.get(event_id)
        if ev is not None:
            i = ev.index
            self._unwatch(i)
            self._dirty.discard(i)
            self._retired.add(i)

    def _wake(self, touched: set[str]) -> None:
        """Every event watching a key written since the last look is looked at again."""
        watch = self._watch
        dirty = self._dirty
        base = self._base.watch if self._base is not None else None
        guards = self._guards
        gone = self._guards_gone
        for k in touched:
            if k in guards and k not in gone:
                gone.add(k)
                dirty.update(guards[k])
            hit = watch.pop(k, None)
            if hit:
                dirty |= hit
            if base is not None and k not in self._base_gone:
                shared = base.get(k)
                if shared:
                    self._base_gone.add(k)
                    dirty |= shared - self._base_out
        touched.clear()

    def eligible(self, state: Watched) -> list[EventDef]:
        """Events whose window is open and whose condition holds now, in firing order."""
        touched = state.touched
        if touched:
            self._wake(touched)
        turn = state.turn
        if turn != self._last_turn_seen:
            for t in range(self._last_turn_seen + 1, turn + 1):
                self._dirty.update(self._opening.get(t, ()))
            self._last_turn_seen = turn
        self._dirty |= self._armed
        self._dirty |= self._clock
        out: list[EventDef] = []
        fired = state.fired
        for i in sorted(self._dirty):
            if self._is_retired(i):
                continue
            e = self.events[i]
            self._unwatch(i)
            if e.model.once and e.id in fired:
                self._retired.add(i)
                continue
            if e.last_turn is not None and turn > e.last_turn:
                self._retired.add(i)
                continue
            if e.first_turn is not None and turn < e.first_turn:
                continue  # woken again when its window opens
            blocking = _first_false_part(e, state)
            if blocking is None:
                self._armed.add(i)
                out.append(e)
            elif TIME in blocking:
                self._clock.add(i)
            elif blocking:
                self._watching[i] = tuple(sorted(blocking))
                for k in self._watching[i]:
                    self._watch.setdefault(k, set()).add(i)
            else:
                self._retired.add(i)  # a constant falsehood: it can never fire
        self._dirty = set()
        out.sort(key=lambda e: (e.model.order, e.index))
        return out

    def incident_pool(self, state: Watched) -> list[EventDef]:
        """Incident events that could be drawn now."""
        out = []
        for e in self.incidents:
            if e.model.once and e.id in state.fired:
                continue
            if e.first_turn is not None and state.turn < e.first_turn:
                continue
            if e.last_turn is not None and state.turn > e.last_turn:
                continue
            if condition_holds(e, state):
                out.append(e)
        return out


def _first_false_part(e: EventDef, state: Watched) -> frozenset[str] | None:
    """None when the whole condition holds, else the reads of the first part that fails."""
    if e.when is None:
        return None
    scope = Scope(state, e.model.power)
    for run, deps in e.when.parts:
        try:
            ok = run(scope)
        except (KeyError, TypeError):
            ok = False
        if not ok:
            return deps
    return None


def condition_holds(e: EventDef, state: Watched) -> bool:
    return _first_false_part(e, state) is None
