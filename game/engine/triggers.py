"""Which events could fire this turn, without evaluating every event every turn.

Each event's condition is split into its top-level `and` parts. When an event is checked and
a part is false, the index watches only that part's reads (the state keys it depends on); the
event is not looked at again until one of those keys is written, its date window opens, or
the part reads the clock. Events whose whole condition holds stay armed and are rolled every
turn. The result is exactly what evaluating every event would give, at a cost that follows
what changed rather than how much content there is.
"""

from __future__ import annotations

from typing import Protocol

from game.mods.content import Content, EventDef
from game.mods.expr import TIME, Scope, World


class Watched(World, Protocol):
    """A state the index can follow: what expressions read, plus the keys written since it last looked."""

    @property
    def touched(self) -> set[str]: ...


class TriggerIndex:
    def __init__(self, content: Content, incident_tag: str) -> None:
        self.events: list[EventDef] = [
            e for e in content.events.values() if not e.model.scheduled_only and incident_tag not in e.model.tags
        ]
        self.incidents: list[EventDef] = [
            e for e in content.events.values() if not e.model.scheduled_only and incident_tag in e.model.tags
        ]
        self._pos = {e.id: i for i, e in enumerate(self.events)}
        self._opening: dict[int, list[int]] = {}
        for i, e in enumerate(self.events):
            if e.first_turn is not None:
                self._opening.setdefault(e.first_turn, []).append(i)
        self._watch: dict[str, set[int]] = {}
        self._watching: dict[int, tuple[str, ...]] = {}
        self._armed: set[int] = set()
        self._clock: set[int] = set()
        self._retired: set[int] = set()
        self._dirty: set[int] = set(range(len(self.events)))
        self._last_turn_seen = 0

    def copy(self) -> TriggerIndex:
        """An independent index in the same place: what the content gives is shared, what it
        has learned of the game is copied."""
        new = TriggerIndex.__new__(TriggerIndex)
        new.events = self.events
        new.incidents = self.incidents
        new._pos = self._pos
        new._opening = self._opening
        new._watch = {k: set(v) for k, v in self._watch.items()}
        new._watching = dict(self._watching)
        new._armed = set(self._armed)
        new._clock = set(self._clock)
        new._retired = set(self._retired)
        new._dirty = set(self._dirty)
        new._last_turn_seen = self._last_turn_seen
        return new

    def _unwatch(self, i: int) -> None:
        for k in self._watching.pop(i, ()):
            w = self._watch.get(k)
            if w is not None:
                w.discard(i)
                if not w:
                    del self._watch[k]
        self._clock.discard(i)
        self._armed.discard(i)

    def retire(self, event_id: str) -> None:
        """The event can never fire again on its own (a `once` event that fired)."""
        i = self._pos.get(event_id)
        if i is not None:
            self._unwatch(i)
            self._dirty.discard(i)
            self._retired.add(i)

    def eligible(self, state: Watched) -> list[EventDef]:
        """Events whose window is open and whose condition holds now, in firing order."""
        touched = state.touched
        if touched:
            watch = self._watch
            dirty = self._dirty
            for k in touched:
                hit = watch.pop(k, None)
                if hit:
                    dirty |= hit
            touched.clear()
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
            if i in self._retired:
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
