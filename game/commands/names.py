"""What `dualfreeze --help` and the title screen's first frame name: the game's title, tagline and
banner, its scenarios, powers and difficulties, read straight from the mods' TOML without the
content loader, so the help stays as fast as the parser and the title need not wait for it.

Only the foundation of the stack counts (the base game, or the last standalone mod given with
--mod), with later mods' entries replacing earlier ones by id, as the loader stacks them. This
is a reading for help text, not a check: anything it cannot read leaves the help generic, and
`dualfreeze validate` is where content errors are reported. The title screen drawn from it is
drawn again from the checked content once that has loaded, if the two differ at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.calendar import period

#: Files larger than this are not read for help text (the loader reports them).
MAX_BYTES = 4 * 1024 * 1024
#: The entry kinds the help names, as their tables open in a file.
WANTED = ("[[scenario]]", "[[power]]", "[[rules.difficulty]]", "[rules]")


@dataclass
class ShellNames:
    """The names the command line's help shows."""

    title: str = ""
    #: The foundation's line under the title and its text art (for the title screen).
    tagline: str = ""
    banner: str = ""
    #: scenario id -> (name, start month, turns, playable power ids)
    scenarios: dict[str, tuple[str, str, int, list[str]]] = field(default_factory=dict)
    #: power id -> name
    powers: dict[str, str] = field(default_factory=dict)
    #: difficulty id -> name
    difficulties: dict[str, str] = field(default_factory=dict)
    #: scenario id -> its description
    descriptions: dict[str, str] = field(default_factory=dict)

    def description(self) -> str:
        first = next(iter(self.scenarios.values()), None)
        if first is None:
            return f"{self.title}: a game of crisis diplomacy." if self.title else "A game of crisis diplomacy."
        name, start, turns, _ = first
        return f"{self.title}: {name}, {period(start, turns)}."

    def playable(self) -> list[str]:
        first = next(iter(self.scenarios.values()), None)
        ids = (first[3] if first is not None and first[3] else None) or list(self.powers)
        return [p for p in ids if p in self.powers]

    def powers_help(self) -> str:
        return ", ".join(f"{p} ({self.powers[p]})" for p in self.playable())


def _toml(path: Path) -> dict[str, Any] | None:
    import tomli

    try:
        raw = path.read_bytes()
        if len(raw) > MAX_BYTES:
            return None
        text = raw.decode("utf-8-sig")
        if not any(w in text for w in WANTED) and path.name != "mod.toml":
            return None
        return tomli.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, MemoryError):
        return None


def _mod_files(root: Path) -> list[Path]:
    try:
        return sorted(p for p in root.rglob("*.toml") if p.name != "mod.toml" and p.is_file())
    except OSError:
        return []


def read_names(mod_dirs: Sequence[str | Path]) -> ShellNames | None:
    """The names of the stack the base game and `mod_dirs` make, or None when it cannot be read."""
    from game.mods.paths import base_content_dir

    mods: list[tuple[Path, dict[str, Any]]] = []
    for d in [base_content_dir(), *map(Path, mod_dirs)]:
        manifest = _toml(d / "mod.toml")
        if manifest is None:
            continue
        mods.append((d, manifest))
    standalone = [i for i, (_, m) in enumerate(mods) if m.get("standalone") is True]
    mods = mods[standalone[-1] :] if standalone else mods
    if not mods:
        return None
    foundation = mods[0][1]
    names = ShellNames(
        title=str(foundation.get("title") or foundation.get("name") or ""),
        tagline=str(foundation.get("tagline") or ""),
        banner=str(foundation.get("banner") or ""),
    )
    for root, manifest in mods:
        removed = manifest.get("remove") if isinstance(manifest.get("remove"), dict) else {}
        for key, table in (("scenario", names.scenarios), ("power", names.powers)):
            for rid in removed.get(key, []) if isinstance(removed.get(key), list) else []:
                table.pop(str(rid), None)  # type: ignore[attr-defined]
        for path in _mod_files(root):
            _take(names, _toml(path) or {})
    return names


def _take(names: ShellNames, data: dict[str, Any]) -> None:
    for s in data.get("scenario", []) if isinstance(data.get("scenario"), list) else []:
        if isinstance(s, dict) and isinstance(s.get("id"), str):
            playable = [str(p) for p in s.get("playable", []) if isinstance(p, str)]
            turns = s.get("turns") if isinstance(s.get("turns"), int) else 0
            names.scenarios[s["id"]] = (str(s.get("name", s["id"])), str(s.get("start", "")), turns, playable)
            names.descriptions[s["id"]] = str(s.get("description", ""))
    for p in data.get("power", []) if isinstance(data.get("power"), list) else []:
        if isinstance(p, dict) and isinstance(p.get("id"), str):
            names.powers[p["id"]] = str(p.get("name", p["id"]))
    rules = data.get("rules")
    if isinstance(rules, dict) and isinstance(rules.get("difficulty"), list):
        names.difficulties = {
            str(d["id"]): str(d.get("name", d["id"])) for d in rules["difficulty"] if isinstance(d, dict) and "id" in d
        }


def mods_in(argv: Sequence[str]) -> list[str]:
    """The --mod folders given on a command line, in order (for help printed before parsing)."""
    out = []
    for i, a in enumerate(argv):
        if a == "--mod" and i + 1 < len(argv):
            out.append(argv[i + 1])
        elif a.startswith("--mod="):
            out.append(a.removeprefix("--mod="))
    return out
