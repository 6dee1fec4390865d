"""What every modal shares: a dialog that never outgrows the screen, with its buttons in view.

The dialog is as tall as its content up to the screen; its middle scrolls and is given exactly
the rows the rest leaves (`fit_to_screen`, run whenever the size or the content changes), so the
title stays above and the one-line buttons below at any size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button

from game.ui.text import lit
from game.ui.widgets.keybar import KeyBar

MODAL_CSS = """
{name} {{
    align: center middle;
}}
{name} > #dialog {{
    width: 96%;
    max-width: {width};
    height: auto;
    max-height: 100%;
    border: thick {border};
    background: $surface;
    padding: 0 1;
}}
{name} #title {{
    text-style: bold;
    color: {title};
}}
{name} #body {{
    height: auto;
}}
{name} #buttons {{
    height: 1;
    margin-top: 1;
    align-horizontal: right;
}}
{name} #buttons Button {{
    margin-left: 2;
}}
{name} .muted {{
    color: $foreground-muted;
}}
"""


def modal_css(name: str, width: int = 100, border: str = "$primary", title: str = "$text-accent") -> str:
    return MODAL_CSS.format(name=name, width=width, border=border, title=title)


def buttons(specs: Iterable[tuple[str, str, str]]) -> list[Button]:
    """One-line buttons (label, id, variant): each label names its key, so none needs a mouse."""
    return [Button(lit(label), id=bid, variant=variant, compact=True) for label, bid, variant in specs]  # type: ignore[arg-type]


def fit_to_screen(screen: Screen[object], flexible: Sequence[tuple[str, float]]) -> None:
    """Give the flexible parts of a modal's `#dialog` the rows its other parts leave on screen.

    `flexible` lists (selector, share): each part may take that share of the rows left, and what
    a part does not need goes to the next. The title, fixed lines and buttons always stay in view.
    """
    if not screen.is_attached or not screen.query("#dialog"):
        return
    dialog = screen.query_one("#dialog")
    parts = [(screen.query_one(sel), share) for sel, share in flexible if screen.query(sel)]
    fixed = dialog.styles.gutter.height
    for child in dialog.children:
        if child.display and all(child is not w and w not in child.walk_children() for w, _ in parts):
            fixed += child.outer_size.height + child.styles.margin.height
    footer = sum(w.outer_size.height for w in screen.query(KeyBar))
    room = max(3 * len(parts), screen.size.height - footer - fixed)
    for widget, share in parts:
        wanted = _natural_height(widget)
        allowed = max(3, int(room * share)) if share < 1 else room
        take = min(wanted, allowed) if wanted else allowed
        widget.styles.max_height = max(2, allowed)
        room = max(3, room - take - widget.styles.margin.height)


def _natural_height(widget: Widget) -> int:
    """The rows a scrolling part's content wants (its own height for anything else)."""
    if isinstance(widget, ScrollableContainer):
        return widget.virtual_size.height + widget.styles.gutter.height
    return widget.outer_size.height


ResultType = TypeVar("ResultType")


class FittedModal(ModalScreen[ResultType]):
    """A modal whose flexible parts (`FLEXIBLE`) are fitted to the screen on mount, on every
    resize, and whenever a subclass calls `fit()` after changing what it shows."""

    FLEXIBLE: ClassVar[tuple[tuple[str, float], ...]] = (("#body", 1.0),)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "page(1)", "Scroll", show=False),
        Binding("pageup", "page(-1)", "Scroll", show=False),
    ]

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        #: What waits for this modal to be drawn fitted (`when_fitted`).
        self._when_fitted: list[Callable[[], object]] = []

    def action_page(self, direction: int) -> None:
        """Page the scrolling part whatever has the keyboard (a list, a button)."""
        found = self.query(self.FLEXIBLE[-1][0])
        if found and isinstance(found.first(), ScrollableContainer):
            part = found.first(ScrollableContainer)
            (part.scroll_page_down if direction > 0 else part.scroll_page_up)(animate=False)

    def fit(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        fit_to_screen(self, self.FLEXIBLE)
        waiting, self._when_fitted = self._when_fitted, []
        for callback in waiting:  # after the frame this fit draws
            self.call_after_refresh(callback)

    def when_fitted(self, callback: Callable[[], object]) -> None:
        """Run `callback` once this modal has been drawn fitted to the screen, its buttons in
        view: work that can wait (a save, a sweep) then never holds up what the player reads.
        If the modal closes before that, the callback may never run: its owner sees to it."""
        self._when_fitted.append(callback)

    def on_mount(self) -> None:
        self.fit()

    def on_resize(self) -> None:
        self.fit()
