"""Text that wraps at the width it is given: lines drawn by a function of the width, and an
option list whose prompts wrap with a hanging indent. Nothing a player needs is cut off."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.ui.text import hanging

#: A row without a lead.
NO_LEAD = Content("")
#: Lines for a width: what a `Wrapped` widget draws.
LinesFor = Callable[[int], list[Content]]


class Wrapped(Widget):
    """Draws the lines `build(width)` gives for its width; its height follows them."""

    DEFAULT_CSS = """
    Wrapped {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, build: LinesFor | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._build: LinesFor = build or (lambda width: [])
        self._cache: tuple[int, list[Content]] | None = None
        self._key: object = None

    def update(self, build: LinesFor, key: object = None) -> None:
        """Draw these lines from now on. `key` stands for what they show (a frozen view value):
        given and equal to the last one's, the widget keeps the lines it has drawn."""
        if key is not None and key == self._key:
            return
        self._key = key
        self._build = build
        self._cache = None
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        if self._cache is None or self._cache[0] != width:
            self._cache = (width, self._build(max(1, width)))
        return self._cache[1]

    @property
    def text(self) -> str:
        """What it shows, as plain text at its current width (tests read this)."""
        return "\n".join(line.plain for line in self.lines(self.size.width or 80))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self.lines(width))


@dataclass(frozen=True, slots=True)
class Row:
    """One option: a lead (marks, a number) and a body that wraps beneath the body's start."""

    id: str | None
    body: Content
    lead: Content = NO_LEAD
    disabled: bool = False


class HangingOptions(OptionList):
    """An option list whose prompts are wrapped to its width with a hanging indent."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Row | None] = []
        self._wrapped_at = 0

    def _prompt_width(self) -> int:
        width = self.scrollable_content_region.width
        padding = self.get_component_styles("option-list--option").padding.width
        return width - padding if width > padding else 40

    def set_rows(self, rows: Sequence[Row | None], highlight: str | None = None) -> None:
        """Show these rows; keep the highlight on `highlight`, or on the row highlighted now."""
        current = self.highlighted_option.id if self.highlighted_option is not None else None
        if highlight is None:
            highlight = current
        rows = list(rows)
        if rows == self._rows and self._wrapped_at == self._prompt_width() and highlight == current:
            return  # the same rows, wrapped at the same width: what is drawn stays
        self._rows = rows
        self._rewrap(highlight)

    def _rewrap(self, highlight: str | None) -> None:
        width = self._prompt_width()
        self._wrapped_at = width
        options: list[Option | None] = []
        for row in self._rows:
            if row is None:
                options.append(None)
                continue
            prompt = Content("\n").join(hanging(row.lead, row.body, width))
            options.append(Option(prompt, id=row.id, disabled=row.disabled))
        self.set_options(options)
        ids = [o.id for o in options if o is not None]
        enabled = [o.id for o in options if o is not None and not o.disabled and o.id is not None]
        if highlight not in ids and enabled:
            highlight = enabled[0]  # enter must always have something to choose
        if highlight in ids:
            self.highlighted = self.get_option_index(highlight)
        # A scrollbar that appears now narrows the list: wrap again once it has.
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self.is_attached and self._rows and self._prompt_width() != self._wrapped_at:
            current = self.highlighted_option.id if self.highlighted_option is not None else None
            self._rewrap(current)

    def on_resize(self) -> None:
        self._fit()

    @property
    def rows(self) -> list[Row | None]:
        return list(self._rows)
