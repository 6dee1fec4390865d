"""What every command shares: exit codes, and loading content with every error reported."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from game.commands import EXIT_FAIL, EXIT_OK, EXIT_USAGE
from game.mods.content import Content
from game.mods.loader import ContentLoadError, load_content

__all__ = ["EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "load_content_or_report"]


def load_content_or_report(mods: Sequence[str]) -> Content | None:
    """Load content; print every error and return None when it is broken."""
    try:
        return load_content(mods)
    except ContentLoadError as e:
        print(e.report(), file=sys.stderr)
        return None
