"""What every command shares: exit codes, loading content with every error reported, printing safely."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from game.commands import EXIT_FAIL, EXIT_OK, EXIT_USAGE
from game.mods.content import Content
from game.mods.loader import ContentLoadError, Loader
from game.mods.untrusted import escape_controls

__all__ = ["EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "load_content_or_report", "say"]


def say(text: str, out: TextIO | None = None) -> None:
    """Print a line that may quote a stranger's text (a path, a script, content): control
    characters are shown escaped, never sent to the terminal. Standard error unless `out`."""
    print(escape_controls(text, keep_newlines=True), file=out or sys.stderr)


def load_content_or_report(mods: Sequence[str], loader: Loader | None = None) -> Content | None:
    """Load content; print every error and return None when it is broken. A `loader` made with
    `warn=True` also has what it warns of (chains of events that can multiply) printed."""
    loader = loader or Loader(mods)
    try:
        content = loader.load()
    except ContentLoadError as e:
        say(e.report())
        return None
    for w in loader.warnings:
        say(str(w))
    return content
