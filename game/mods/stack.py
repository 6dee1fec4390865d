"""Stacking mods in load order: a standalone mod starts afresh, later entries replace earlier ones.

Mods load in the order given, the base game first. An entry replaces an earlier mod's entry of
the same kind and id and keeps its place in the order; a mod's `remove` takes earlier entries
out, and its `requires` must name mods loaded before it. Within one mod an id may be defined
only once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Protocol, TypeVar

from game.mods.errors import ErrorCollector, Origin, SourceFile, did_you_mean
from game.mods.models import (
    LIST_KINDS,
    Action,
    Advisor,
    Board,
    ContentFile,
    Declaration,
    DialogueLines,
    Ending,
    Event,
    Flag,
    HelpSection,
    Ladder,
    Package,
    Policy,
    Power,
    Reaction,
    Scenario,
    Term,
    Variable,
)
from game.mods.read import Mod
from game.mods.rule_models import Rules

E = TypeVar("E")
#: Entries of one kind by id, each with where it was defined, in load order.
Entries = dict[str, tuple[E, Origin]]
#: Each mod with its files and what each holds, as checked against the models.
Validated = list[tuple[Mod, list[tuple[SourceFile, ContentFile]]]]


class _Entry(Protocol):
    @property
    def id(self) -> str: ...


@dataclass
class Merged:
    """Every entry of the stacked mods: one table per kind (named as in LIST_KINDS), and the singles."""

    power: Entries[Power] = field(default_factory=dict)
    variable: Entries[Variable] = field(default_factory=dict)
    action: Entries[Action] = field(default_factory=dict)
    event: Entries[Event] = field(default_factory=dict)
    reaction: Entries[Reaction] = field(default_factory=dict)
    ending: Entries[Ending] = field(default_factory=dict)
    scenario: Entries[Scenario] = field(default_factory=dict)
    term: Entries[Term] = field(default_factory=dict)
    advisor: Entries[Advisor] = field(default_factory=dict)
    board: Entries[Board] = field(default_factory=dict)
    declaration: Entries[Declaration] = field(default_factory=dict)
    dialogue: Entries[DialogueLines] = field(default_factory=dict)
    package: Entries[Package] = field(default_factory=dict)
    policy: Entries[Policy] = field(default_factory=dict)
    flag: Entries[Flag] = field(default_factory=dict)
    help: Entries[HelpSection] = field(default_factory=dict)
    ladder: tuple[Ladder, Origin] | None = None
    rules: tuple[Rules, Origin] | None = None

    def table(self, kind: str) -> dict[str, tuple[_Entry, Origin]]:
        """The entries of a kind named at run time (one of LIST_KINDS)."""
        entries: dict[str, tuple[_Entry, Origin]] = getattr(self, kind)
        return entries


def from_last_standalone(mods: list[Mod]) -> list[Mod]:
    """A standalone mod replaces everything loaded before it."""
    standalone = [i for i, m in enumerate(mods) if m.manifest.standalone]
    if standalone:
        return mods[standalone[-1] :]
    return mods


def check_requires(mods: list[Mod], errs: ErrorCollector) -> None:
    seen: list[str] = []
    for m in mods:
        for req in m.manifest.requires:
            if req not in seen:
                hint = get_close_matches(req, seen, n=1)
                dym = f"; did you mean '{hint[0]}'?" if hint else ""
                errs.at_value(
                    m.manifest_file,
                    ("requires",),
                    f"requires mod '{req}', which is not loaded before it{dym} (loaded: {', '.join(seen) or 'none'})",
                )
        if m.manifest.id in seen:
            errs.at_value(m.manifest_file, ("id",), f"mod '{m.manifest.id}' is loaded twice")
        seen.append(m.manifest.id)


def merge(validated: Validated, errs: ErrorCollector) -> Merged:
    merged = Merged()
    for mod, files in validated:
        for kind, ids in mod.manifest.remove.items():
            table = merged.table(kind)
            for i, rid in enumerate(ids):
                if table.pop(rid, None) is None:
                    errs.at_value(
                        mod.manifest_file,
                        ("remove", kind, i),
                        f"no {kind} '{rid}' was loaded before this mod{did_you_mean(rid, table)}",
                    )
        for src, cf in files:
            _merge_entries(src, cf, merged, errs)
            _merge_singles(src, cf, merged, errs)
    return merged


def _merge_entries(src: SourceFile, cf: ContentFile, merged: Merged, errs: ErrorCollector) -> None:
    for kind in LIST_KINDS:
        table = merged.table(kind)
        seen_here: dict[str, int] = {}
        kept = src.kept.get(kind) if src.kept else None
        for n, entry in enumerate(getattr(cf, kind)):
            i = kept[n] if kept is not None else n  # its place in the file, entries refused counted
            origin = Origin(src, (kind, i))
            prev = table.get(entry.id)
            if entry.id in seen_here:
                errs.at_value(src, (kind, i, "id"), f"{kind} id '{entry.id}' is defined twice in this file")
                continue
            seen_here[entry.id] = i
            if prev is not None and prev[1].file.mod == src.mod:
                p = prev[1].file.positions.key(prev[1].loc)
                errs.at_value(
                    src,
                    (kind, i, "id"),
                    f"{kind} id '{entry.id}' is already defined at {prev[1].file.shown}:{p.line}",
                )
                continue
            table[entry.id] = (entry, origin)


def _merge_singles(src: SourceFile, cf: ContentFile, merged: Merged, errs: ErrorCollector) -> None:
    """[ladder] and [rules]: one of each, the last mod's."""
    if cf.ladder is not None and _may_replace(src, "ladder", merged.ladder, errs):
        merged.ladder = (cf.ladder, Origin(src, ("ladder",)))
    if cf.rules is not None and _may_replace(src, "rules", merged.rules, errs):
        merged.rules = (cf.rules, Origin(src, ("rules",)))


def _may_replace(src: SourceFile, kind: str, prev: tuple[object, Origin] | None, errs: ErrorCollector) -> bool:
    if prev is not None and prev[1].file.mod == src.mod:
        p = prev[1].file.positions.key(prev[1].loc)
        errs.at_key(src, (kind,), f"[{kind}] is already defined at {prev[1].file.shown}:{p.line}")
        return False
    return True
