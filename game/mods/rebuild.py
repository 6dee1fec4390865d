"""Content written to the cache after a clean load, and built back from it without checking again.

The record holds every merged entry as the data it was validated from (its table in the TOML,
which a clean load holds only as plain tables, arrays, text and numbers), and what the events
give the rest (the flags their effects set, the tags index, the engine's plan
of them), so a load from the cache parses no TOML, merges nothing and compiles nothing: each
expression compiles when first run, each event is made when first read. Each
model is made from its data by `trusted`, as validation made it when the record was written,
without building the model's validator; the other builders run as on a first load.

A record is only ever read under the key of the very files and checking code that wrote it
(see `cache`), and a damaged one is caught by its checksum there; `rebuild_content` still
refuses a record that lacks what it needs (an entry, a field) rather than fail later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, cast

from pydantic import BaseModel

from game.mods.build import Build, Prebuilt, build_content, event_def, first_scenario_start
from game.mods.content import Content, EventDef, EventPlan
from game.mods.errors import ErrorCollector, Origin
from game.mods.models import LIST_KINDS, ContentFile, Event, Ladder
from game.mods.read import Mod
from game.mods.rule_models import Rules
from game.mods.stack import Merged
from game.mods.trusted import trusted

#: Raised on a record that is not what this code writes (the loader then loads afresh).
RECORD_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def content_record(merged: Merged, content: Content) -> dict[str, Any]:
    """What the cache keeps of a clean load: each merged entry as the data it was validated from."""
    plan = content.plan_for(content.ladder.incident_tag)
    return {
        "entries": {kind: [_data(o) for _, o in merged.table(kind).values()] for kind in LIST_KINDS},
        "ladder": _data(merged.ladder[1]) if merged.ladder is not None else None,
        "rules": _data(merged.rules[1]) if merged.rules is not None else None,
        "flags": sorted(content.names.flags),
        "tags": {k: list(v) for k, v in content.tags.items()},
        "plan": {
            "incident_tag": plan.incident_tag,
            "ids": list(plan.ids),
            "incidents": list(plan.incidents),
            "opening": {str(t): list(v) for t, v in plan.opening.items()},
            "guards": {k: list(v) for k, v in plan.guards.items()},
            "loose": list(plan.loose),
        },
        "fingerprint": content.fingerprint,
    }


def _data(origin: Origin) -> Any:
    """The parsed TOML an entry was validated from (its file's data at its place)."""
    data: Any = origin.file.data
    for part in origin.loc:
        data = data[part]
    return data


def rebuild_content(mods: Sequence[Mod], record: dict[str, Any]) -> Content | None:
    """The content of a record `content_record` wrote for these mods; None if it does not build."""
    entries = record["entries"]
    merged = Merged()
    origin = Origin(mods[0].manifest_file, ())  # where errors would go: a clean load has none
    for kind in LIST_KINDS:
        if kind == "event":
            continue
        model = _model_of(kind)
        table = merged.table(kind)
        for data in entries[kind]:
            entry = trusted(model, data)
            table[data["id"]] = (cast(Any, entry), origin)
    events: list[dict[str, Any]] = entries["event"]
    ids: list[str] = record["plan"]["ids"]
    if len(ids) != len(events):
        raise ValueError("the record's plan does not match its events")
    # Only the ids of events are read before the events are made (references to them).
    merged.event = cast(dict[str, tuple[Event, Origin]], dict.fromkeys(ids))
    if record["ladder"] is not None:
        merged.ladder = (trusted(Ladder, record["ladder"]), origin)
    if record["rules"] is not None:
        merged.rules = (trusted(Rules, record["rules"]), origin)
    p = record["plan"]
    plan = EventPlan(
        p["incident_tag"],
        ids,
        p["incidents"],
        {int(t): v for t, v in p["opening"].items()},
        p["guards"],
        p["loose"],
    )

    def make_events(b: Build) -> Mapping[str, EventDef]:
        first_start = first_scenario_start(b)
        return LazyEvents(ids, events, lambda i, d: event_def(b, i, trusted(Event, d), origin, first_start))

    errs = ErrorCollector()
    prebuilt = Prebuilt(record["tags"], plan, str(record["fingerprint"]), make_events)
    content = build_content(mods, merged, errs, list(record["flags"]), prebuilt)
    return None if errs.items else content


class LazyEvents(Mapping[str, EventDef]):
    """Events by id in content order, each made from its data when first read."""

    def __init__(
        self, ids: list[str], data: list[dict[str, Any]], make: Callable[[int, dict[str, Any]], EventDef]
    ) -> None:
        self._data = data
        self._make = make
        self._pos = dict(zip(ids, range(len(ids)), strict=True))
        self._made: dict[str, EventDef] = {}

    def __getitem__(self, eid: str) -> EventDef:
        made = self._made.get(eid)
        if made is None:
            i = self._pos[eid]
            made = self._made[eid] = self._make(i, self._data[i])
        return made

    def __contains__(self, eid: object) -> bool:
        return eid in self._pos

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)


@cache
def _model_of(kind: str) -> type[BaseModel]:
    """The model of one entry kind (the item type of ContentFile's list of it)."""
    annotation = ContentFile.model_fields[kind].annotation
    args: tuple[object, ...] = getattr(annotation, "__args__", ())
    item = args[0] if len(args) == 1 else None
    if not isinstance(item, type) or not issubclass(item, BaseModel):
        raise TypeError(f"ContentFile.{kind} is not a list of models")
    return item
