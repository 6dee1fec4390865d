"""Text from strangers: which characters content and saves may not hold, and quoting text safely.

A terminal obeys control characters: ESC starts sequences that can set the window's title,
write to the clipboard (OSC 52) or blank the screen, BEL rings, and C1 characters (U+0080 to
U+009F) are sequences of their own on some terminals. Content, saves and slot names may hold
newlines and tabs and nothing else of the kind: `first_control` finds the first forbidden
character, and every message that quotes untrusted text passes it through `escape_controls`,
which also escapes the Unicode controls that reorder a line (bidirectional overrides).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

#: C0 controls but tab and newline, DEL, and C1: what content and saves may never hold.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: What a message escapes: every C0 control (newline and tab too), DEL, C1, the line and
#: paragraph separators, and the bidirectional embeddings, overrides and isolates.
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPED_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x0D: "carriage return",
    0x1B: "ESC", 0x7F: "DEL", 0x90: "DCS", 0x9B: "CSI", 0x9C: "ST", 0x9D: "OSC",
}  # fmt: skip
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def first_control(text: str) -> int:
    """The index of the first character content and saves may not hold, or -1."""
    m = FORBIDDEN.search(text)
    return -1 if m is None else m.start()


def describe_control(char: str) -> str:
    """'U+001B (ESC)': a forbidden character named so a modder can find it."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def _escape_one(m: re.Match[str]) -> str:
    c = m.group()
    if c in _SHORT:
        return _SHORT[c]
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control character written as an escape (`\\x1b`), safe to print.

    With `keep_newlines`, newlines stay (a report of several lines); everything else is escaped.
    """
    pattern = _ESCAPED_BUT_NEWLINE if keep_newlines else _ESCAPED
    return pattern.sub(_escape_one, text) if pattern.search(text) else text


def controls_in(data: Any, where: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], bool, int]]:
    """Every string in parsed data (TOML or JSON) holding a forbidden character, keys included.

    Yields (path, is_key, index of the first forbidden character), in document order.
    """
    stack: list[tuple[tuple[str | int, ...], Any]] = [(where, data)]
    search = FORBIDDEN.search
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            m = search(value)
            if m is not None:
                yield path, False, m.start()
        elif isinstance(value, dict):
            items = list(value.items())
            for key, sub in reversed(items):
                stack.append(((*path, key), sub))
            for key, _ in items:
                if isinstance(key, str) and (m := search(key)) is not None:
                    yield (*path, key), True, m.start()
        elif isinstance(value, list):
            stack.extend(((*path, i), sub) for i, sub in reversed(list(enumerate(value))))


def dotted(path: tuple[str | int, ...]) -> str:
    """('event', 3, 'title') -> 'event[3].title', for messages that name a place in data."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + escape_controls(part)
    return out or "the file"
