"""Finding playthrough scripts: a path as given, or a script kept in a mod's `scripts/` folder.

A mod may ship the scripts that test it in a `scripts/` folder beside its `mod.toml`; content
loading skips that folder, and `dualfreeze run --mod DIR` finds the scripts in it: all of them
when no script is named, or the one named (with or without `.toml`). A script in a mod is read
only when it is a regular file inside the mod's folder, like the mod's content.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from game.mods.read import SCRIPTS_FOLDER, shown_in
from game.mods.untrusted import escape_controls


@dataclass(frozen=True)
class FoundScript:
    path: Path
    #: As the player should read it: as given, or the mod folder as given then `scripts/NAME`.
    shown: str
    #: Why a script found in a mod is not read (a link leading out of the mod), or None.
    refused: str | None = None


class ScriptNotFound(Exception):
    """No script by that name: not a file, and no mod's scripts/ folder holds it."""


def mod_scripts(mod: str) -> list[FoundScript]:
    """Every script in a mod's `scripts/` folder (sub-folders included), in sorted order."""
    folder = Path(mod) / SCRIPTS_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [Path(dirpath) / f for f in filenames if f.endswith(".toml") and not f.startswith(".")]
    found.sort(key=lambda p: p.relative_to(folder).as_posix())
    return [_in_mod(p, mod) for p in found]


def _in_mod(p: Path, mod: str) -> FoundScript:
    shown = shown_in(mod, p.relative_to(Path(mod)))
    if _inside(p, Path(mod)):
        return FoundScript(p, shown)
    return FoundScript(p, shown, "the script is a link leading outside the mod folder (or nowhere): it is not read")


def find_scripts(names: Sequence[str], mods: Sequence[str]) -> list[FoundScript]:
    """The scripts named (each a path, or a script in a mod's scripts/ folder), or with no names,
    every script of every mod given (ScriptNotFound when they hold none). A name found nowhere is
    kept as a path: reading it says what is wrong."""
    if not names:
        found = [s for m in mods for s in mod_scripts(m)]
        if not found:
            where = ", ".join(f"{escape_controls(m)}/{SCRIPTS_FOLDER}/" for m in mods) or "no --mod was given"
            raise ScriptNotFound(f"name a script, or a --mod whose {SCRIPTS_FOLDER}/ folder holds some ({where})")
        return found
    return [_find_one(name, mods) for name in names]


def _find_one(name: str, mods: Sequence[str]) -> FoundScript:
    path = Path(name)
    if path.exists() or path.is_symlink():
        return FoundScript(path, name)
    for mod in reversed(mods):  # the last mod given wins, as its content does
        for candidate in (name, f"{name}.toml"):
            p = Path(mod) / SCRIPTS_FOLDER / candidate
            if p.exists() or p.is_symlink():
                return _in_mod(p, mod)
    return FoundScript(path, name)  # reading it says what is wrong


def _inside(p: Path, mod: Path) -> bool:
    """Whether a mod's script is inside the mod's folder, links resolved (a broken link is not)."""
    try:
        return p.resolve(strict=True).is_relative_to(mod.resolve())
    except (OSError, RuntimeError):
        return False
