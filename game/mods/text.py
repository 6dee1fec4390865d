"""Text with {placeholders}: the names content may use, filling them, and checking them at load."""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import get_close_matches

#: Placeholders news, dialogue and event text may use.
PLACEHOLDERS = frozenset(
    {
        "actor", "target", "self", "power", "leader", "actor_leader", "target_leader", "player", "date",
        "term", "terms", "parties", "capital", "counterpart", "other",
    }
)  # fmt: skip

#: `{name}`, or `{name:one|many}`: the word that agrees with how many `name` stands for
#: ("{parties} {parties:calls|call} for talks": "China calls", "China and Russia call").
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}|]*)\|([^{}|]*))?\}")


def render(template: str, values: Mapping[str, str], counts: Mapping[str, int] | None = None) -> str:
    """Fill {placeholders}; unknown ones stay as written (the loader rejects them in content).

    `{name:one|many}` becomes `one` when `counts[name]` is 1 (or not given) and `many` otherwise.
    A value that opens a sentence gets a capital ("the United States" -> "The United States").
    """
    if "{" not in template:
        return template

    def fill(m: re.Match[str]) -> str:
        name, one, many = m.groups()
        if one is not None:
            if name not in values:
                return m.group(0)
            value = one if (counts or {}).get(name, 1) == 1 else many
        else:
            value = values.get(name, m.group(0))
        before = template[: m.start()].rstrip()
        if value and (not before or before[-1] in '.!?:"“'):
            value = value[0].upper() + value[1:]
        return value

    return _PLACEHOLDER.sub(fill, template)


def possessive(name: str) -> str:
    """ "the United States" -> "the United States'", "China" -> "China's"."""
    return name + ("'" if name.endswith("s") else "'s")


def check_placeholders(text: str) -> str | None:
    """An error message for the first unknown placeholder in `text`, or None."""
    for m in _PLACEHOLDER.finditer(text):
        name = m.group(1)
        if name not in PLACEHOLDERS:
            match = get_close_matches(name, sorted(PLACEHOLDERS), n=1, cutoff=0.6)
            hint = f"; did you mean {{{match[0]}}}?" if match else f" (known: {', '.join(sorted(PLACEHOLDERS))})"
            return f"unknown placeholder {{{name}}}{hint}"
    return None
