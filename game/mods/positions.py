"""Where each key and value of a TOML file stands, so schema and expression errors get line:col.

tomli gives positions only for syntax errors. This scanner reads an already-valid TOML text
and records, for every key path (`('event', 3, 'option', 0, 'effects', 1)`), the line and
column of the key and of its value. It runs only when a file has errors to report, so loading
a good file never pays for it.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_right
from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Spot:
    line: int  # 1-based
    col: int  # 1-based
    offset: int  # index into the text


@dataclass(frozen=True, slots=True)
class ValueSpot:
    offset: int  # index of the value's first character
    quote: str  # '"', "'", '"""', "'''" or "" for non-strings


class _Scanner:
    def __init__(self, text: str) -> None:
        self.t = text
        self.n = len(text)
        self.i = 0
        self.keys: dict[Path, int] = {}
        self.values: dict[Path, ValueSpot] = {}
        self.counts: dict[Path, int] = {}

    # -- low level -------------------------------------------------------------------------

    def skip_ws(self, newlines: bool) -> None:
        t, n = self.t, self.n
        while self.i < n:
            c = t[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                j = t.find("\n", self.i)
                self.i = n if j < 0 else j
            else:
                return

    def key_part(self) -> str:
        t = self.t
        c = t[self.i] if self.i < self.n else ""
        if c in "\"'":
            start = self.i + 1
            end = t.find(c, start)
            while c == '"' and end > 0 and t[end - 1] == "\\":
                end = t.find(c, end + 1)
            if end < 0:
                end = self.n
            self.i = end + 1
            raw = t[start:end]
            return raw.encode("utf-8", "surrogatepass").decode("unicode_escape") if c == '"' and "\\" in raw else raw
        start = self.i
        while self.i < self.n and (t[self.i].isalnum() or t[self.i] in "_-"):
            self.i += 1
        return t[start : self.i]

    def dotted_key(self) -> list[str]:
        parts = [self.key_part()]
        while True:
            self.skip_ws(False)
            if self.i < self.n and self.t[self.i] == ".":
                self.i += 1
                self.skip_ws(False)
                parts.append(self.key_part())
            else:
                return parts

    def resolve(self, parts: list[str]) -> Path:
        """Resolve a table path, stepping into the last element of arrays of tables."""
        path: Path = ()
        for p in parts:
            path = (*path, p)
            if path in self.counts:
                path = (*path, self.counts[path] - 1)
        return path

    # -- statements ------------------------------------------------------------------------

    def run(self) -> None:
        table: Path = ()
        t = self.t
        while True:
            self.skip_ws(True)
            if self.i >= self.n:
                return
            start = self.i
            if t.startswith("[[", self.i):
                self.i += 2
                self.skip_ws(False)
                parts = self.dotted_key()
                parent = self.resolve(parts[:-1])
                arr = (*parent, parts[-1])
                idx = self.counts.get(arr, 0)
                self.counts[arr] = idx + 1
                table = (*arr, idx)
                self.keys.setdefault(arr, start)
                self.keys[table] = start
                self.skip_line()
            elif t[self.i] == "[":
                self.i += 1
                self.skip_ws(False)
                parts = self.dotted_key()
                table = self.resolve(parts)
                self.keys[table] = start
                self.skip_line()
            else:
                parts = self.dotted_key()
                path = (*table, *parts)
                for k in range(len(table) + 1, len(path) + 1):
                    self.keys.setdefault(path[:k], start)
                self.keys[path] = start
                self.skip_ws(False)
                if self.i < self.n and t[self.i] == "=":
                    self.i += 1
                self.skip_ws(False)
                self.value(path)
                self.skip_line()

    def skip_line(self) -> None:
        j = self.t.find("\n", self.i)
        self.i = self.n if j < 0 else j + 1

    def value(self, path: Path) -> None:
        # Arrays and inline tables recurse here, in this one method, so a nesting level costs
        # one stack frame: tomli accepts 400 levels, and the scanner must follow them all.
        t = self.t
        if self.i >= self.n:
            return
        c = t[self.i]
        if t.startswith('"""', self.i) or t.startswith("'''", self.i):
            self.multiline_string(path)
        elif c in "\"'":
            self.string(path, c)
        elif c == "[":
            self.values[path] = ValueSpot(self.i, "")
            self.i += 1
            k = 0
            while self.next_item("]"):
                self.keys[(*path, k)] = self.i
                before = self.i
                self.value((*path, k))
                if self.i == before:
                    self.i += 1
                k += 1
        elif c == "{":
            self.values[path] = ValueSpot(self.i, "")
            self.i += 1
            while self.next_item("}"):
                sub = self.inline_key(path)
                before = self.i
                self.value(sub)
                if self.i == before:
                    self.i += 1
        else:
            self.values[path] = ValueSpot(self.i, "")
            while self.i < self.n and t[self.i] not in ",]}\n#":
                self.i += 1

    def multiline_string(self, path: Path) -> None:
        t = self.t
        q = t[self.i : self.i + 3]
        self.values[path] = ValueSpot(self.i, q)
        end = t.find(q, self.i + 3)
        while q == '"""' and end > 0 and _escaped(t, end):
            end = t.find(q, end + 1)
        self.i = self.n if end < 0 else end + 3
        while self.i < self.n and t[self.i] == q[0]:
            self.i += 1

    def string(self, path: Path, quote: str) -> None:
        t = self.t
        self.values[path] = ValueSpot(self.i, quote)
        j = self.i + 1
        while j < self.n and t[j] != quote and t[j] != "\n":
            j += 2 if (quote == '"' and t[j] == "\\") else 1
        self.i = j + 1

    def next_item(self, closing: str) -> bool:
        """Step to the next item of an array or inline table; False past its end."""
        t = self.t
        while True:
            self.skip_ws(True)
            if self.i >= self.n:
                return False
            if t[self.i] == closing:
                self.i += 1
                return False
            if t[self.i] != ",":
                return True
            self.i += 1

    def inline_key(self, path: Path) -> Path:
        """Read `key =` in an inline table; the path of the value that follows."""
        kstart = self.i
        sub = (*path, *self.dotted_key())
        self.keys[sub] = kstart
        self.skip_ws(False)
        if self.i < self.n and self.t[self.i] == "=":
            self.i += 1
        self.skip_ws(False)
        return sub


def _escaped(t: str, idx: int) -> bool:
    n = 0
    j = idx - 1
    while j >= 0 and t[j] == "\\":
        n += 1
        j -= 1
    return n % 2 == 1


class PositionMap:
    """Line and column lookups for key paths of one TOML text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            self._line_starts.append(i + 1)
            i = find("\n", i + 1)
        sc = _Scanner(text)
        with contextlib.suppress(IndexError, ValueError, RecursionError, UnicodeError):
            sc.run()  # best effort: a position is a help, never a reason to fail
        self._keys = sc.keys
        self._values = sc.values

    def spot(self, offset: int) -> Spot:
        line = bisect_right(self._line_starts, offset)
        return Spot(line, offset - self._line_starts[line - 1] + 1, offset)

    def key(self, path: Path) -> Spot:
        """The position of a key, or of the nearest enclosing key or table that exists."""
        p = tuple(path)
        while p:
            if p in self._keys:
                return self.spot(self._keys[p])
            p = p[:-1]
        return Spot(1, 1, 0)

    def value(self, path: Path) -> Spot:
        """The position of a value (its first character), falling back to its key."""
        v = self._values.get(tuple(path))
        if v is not None:
            return self.spot(v.offset)
        return self.key(path)

    def inside_string(self, path: Path, index: int) -> Spot:
        """The position of character `index` of the decoded string stored at `path`."""
        v = self._values.get(tuple(path))
        if v is None or not v.quote:
            return self.value(path)
        t = self.text
        i = v.offset + len(v.quote)
        if v.quote in ('"""', "'''") and t.startswith("\n", i):
            i += 1  # a newline right after the opening quotes is trimmed
        elif v.quote in ('"""', "'''") and t.startswith("\r\n", i):
            i += 2
        basic = v.quote[0] == '"'
        remaining = index
        while remaining > 0 and i < len(t):
            if basic and t[i] == "\\":
                nxt = t[i + 1] if i + 1 < len(t) else ""
                if nxt == "u":
                    i += 6
                elif nxt == "U":
                    i += 10
                elif nxt in "\n \t\r" and len(v.quote) == 3:
                    # line-ending backslash: swallows whitespace, produces nothing
                    i += 1
                    while i < len(t) and t[i] in " \t\r\n":
                        i += 1
                    continue
                else:
                    i += 2
            else:
                i += 1
            remaining -= 1
        return self.spot(i)
