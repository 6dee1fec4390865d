"""A screen's widgets by selector, looked up once per compose instead of on every redraw.

`Screen.query` walks the whole screen (some 250 widgets on the talk screen) and matches every
one against the selector; the talk screen and the board asked a dozen times per `d` and per
`esc`, which was about a tenth of those keys' time. `Parts` finds each selector's widgets once and
keeps them while they are attached; a screen that composes again calls `forget`.
"""

from __future__ import annotations

from typing import TypeVar

from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.widget import Widget

W = TypeVar("W", bound=Widget)


class Parts:
    """The widgets of `node` by selector, found on first use and kept until `forget`."""

    def __init__(self, node: DOMNode) -> None:
        self._node = node
        self._found: dict[tuple[str | type[Widget], type[Widget]], list[Widget]] = {}

    def forget(self) -> None:
        """Look again next time (the screen composed its widgets again)."""
        self._found.clear()

    def all(self, selector: str | type[W], kind: type[W] = Widget) -> list[W]:  # type: ignore[assignment]
        """Every widget matching `selector` (a CSS selector, or a widget class) that is a `kind`."""
        if isinstance(selector, type) and kind is Widget:
            kind = selector
        key = (selector, kind)
        found = self._found.get(key)
        if found is None or not all(w.is_attached for w in found):
            found = self._found[key] = list(self._node.query(selector).results(kind))
        return found  # type: ignore[return-value]

    def maybe(self, selector: str | type[W], kind: type[W] = Widget) -> W | None:  # type: ignore[assignment]
        """The first widget matching `selector`, or None when the screen has none."""
        found = self.all(selector, kind)
        return found[0] if found else None

    def one(self, selector: str | type[W], kind: type[W] = Widget) -> W:  # type: ignore[assignment]
        """The first widget matching `selector`; NoMatches when there is none, as `query_one`."""
        found = self.maybe(selector, kind)
        if found is None:
            raise NoMatches(f"No nodes match {selector!r} on {self._node!r}")
        return found
