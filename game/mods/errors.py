"""Errors in content, each placed at path:line:col, and the collector every loading stage fills.

A modder fixes a mod from the list of its errors, so no stage stops at the first: each one
records every problem it finds, in file order, and loading stops between stages when there
are any. Positions are looked up only when an error is recorded, so a clean load never scans
a file for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from game.mods.positions import PositionMap
from game.mods.untrusted import escape_controls

#: Errors a report lists before it says how many more there are.
MAX_REPORTED = 200

#: Where something is in a file's data: keys and array indices, ('event', 3, 'option', 0, 'when').
LocPath = tuple[str | int, ...]


#: The shapes of an error about a name nothing defines: "unknown power 'x'", "'x' is not a ...".
_UNKNOWN_NAME = re.compile(
    r"^(?:unknown [a-z -]+|no [a-z, ]+|requires mod|this event has no option|the ladder's variable) '([^']*)'"
    r"|^'([^']*)' is not a "
)


def unknown_name_in(message: str) -> str | None:
    """The name an "unknown ..." error is about, or None for any other error."""
    m = _UNKNOWN_NAME.match(message)
    return None if m is None else m.group(1) or m.group(2)


@dataclass(frozen=True, slots=True)
class ContentError:
    path: str
    line: int
    col: int
    message: str
    #: The name the error says nothing defines, when it says that (see `ErrorCollector.forget_echoes`).
    unknown: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        # Paths and messages quote what a stranger wrote: never let it reach a terminal raw.
        return f"{escape_controls(self.path)}:{self.line}:{self.col}: {escape_controls(self.message)}"


class ContentLoadError(Exception):
    """Raised when content has errors; `errors` holds every one, in file order."""

    def __init__(self, errors: Sequence[ContentError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors[:MAX_REPORTED]))

    def report(self) -> str:
        lines = [str(e) for e in self.errors[:MAX_REPORTED]]
        if len(self.errors) > MAX_REPORTED:
            lines.append(f"... and {len(self.errors) - MAX_REPORTED} more errors")
        n = len(self.errors)
        lines.append(f"{n} error{'s' if n != 1 else ''}: the content was not loaded.")
        return "\n".join(lines)


@dataclass
class SourceFile:
    """One file of a mod, kept so errors can be placed in it later."""

    path: Path
    shown: str
    raw: bytes
    #: The parsed TOML: plain tables, arrays and scalars, checked against the models later.
    data: dict[str, Any] | None
    mod: str
    #: For a file some of whose entries were refused: kind -> the index in the file of each
    #: entry kept, so errors found later still point at the right table.
    kept: dict[str, list[int]] | None = None
    _positions: PositionMap | None = None
    _text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            raw = self.raw[3:] if self.raw.startswith(b"\xef\xbb\xbf") else self.raw
            self._text = raw.decode("utf-8", "replace")
        return self._text

    @property
    def positions(self) -> PositionMap:
        if self._positions is None:
            self._positions = PositionMap(self.text)
        return self._positions


@dataclass
class Origin:
    """Where an entry was defined: its file and its place in the file's data."""

    file: SourceFile
    loc: LocPath


@dataclass
class ErrorCollector:
    """Collects errors, placing each at a key, a value, or a character inside a string value."""

    items: list[ContentError] = field(default_factory=list)

    def at_key(self, src: SourceFile, loc: LocPath, message: str) -> None:
        s = src.positions.key(loc)
        self._add(src.shown, s.line, s.col, message)

    def at_value(self, src: SourceFile, loc: LocPath, message: str) -> None:
        s = src.positions.value(loc)
        self._add(src.shown, s.line, s.col, message)

    def in_string(self, src: SourceFile, loc: LocPath, index: int, message: str) -> None:
        s = src.positions.inside_string(loc, index)
        self._add(src.shown, s.line, s.col, message)

    def plain(self, shown: str, message: str, line: int = 1, col: int = 1, unknown: str | None = None) -> None:
        self._add(shown, line, col, message, unknown)

    def _add(self, shown: str, line: int, col: int, message: str, unknown: str | None = None) -> None:
        self.items.append(ContentError(shown, line, col, message, unknown or unknown_name_in(message)))

    def forget_echoes(self, unsure: set[str], since: int) -> None:
        """Drop the errors recorded from `since` on that are about names files refused earlier
        may define: they are echoes of that refusal, not errors of their own.

        Only a load that already failed has such names, so this never lets bad content through.
        """
        if unsure:
            later = [e for e in self.items[since:] if e.unknown is None or e.unknown not in unsure]
            self.items[since:] = later


#: Words a file that could not be checked may define: see `maybe_defined`.
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def maybe_defined(text: str) -> set[str]:
    """Every word in text that could not be checked (a refused file or entry): the ids it may define.

    When a file is refused, what it defines is unknown; errors elsewhere that name one of its
    words ("unknown power 'x'") would only be echoes of the refusal, so they are left out. This
    can hide an error only while the load fails anyway: the next load, with the file fixed,
    checks everything.
    """
    return set(_WORD.findall(text))


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """The hint an 'unknown ...' error ends with: the closest known word, if one is close."""
    match = get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""
