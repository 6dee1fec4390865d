"""A list to pick several things from; [✓] and [ ] say which are picked, whatever the colours."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList

from game.ui.text import lit
from game.ui.widgets.wrapped import HangingOptions, Row


class Picker(HangingOptions):
    """Space or enter toggles the highlighted item; `picked` holds the keys, in list order."""

    DEFAULT_CSS = """
    Picker {
        height: auto;
        max-height: 10;
    }
    """

    BINDINGS = [Binding("space", "toggle", "Pick", show=False)]

    class Changed(Message):
        """The set of picked items changed."""

        def __init__(self, picker: Picker) -> None:
            self.picker = picker
            super().__init__()

        @property
        def control(self) -> Picker:
            return self.picker

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[tuple[str, Content]] = []
        self._picked: set[str] = set()

    @property
    def picked(self) -> list[str]:
        return [k for k, _ in self._items if k in self._picked]

    def set_items(self, items: Iterable[tuple[str, Content]], picked: Iterable[str] = ()) -> None:
        self._items = list(items)
        keys = {k for k, _ in self._items}
        self._picked = {k for k in picked if k in keys}
        self._redraw()

    def pick(self, keys: Iterable[str]) -> None:
        """Pick exactly these keys."""
        wanted = set(keys)
        self._picked = {k for k, _ in self._items if k in wanted}
        self._redraw()
        self.post_message(self.Changed(self))

    def toggle(self, key: str) -> None:
        self._picked ^= {key}
        self._redraw()
        self.post_message(self.Changed(self))

    def _redraw(self) -> None:
        at = self.highlighted
        rows = []
        for key, label in self._items:
            mark = lit("[✓] ", "bold $text-success") if key in self._picked else lit("[ ] ", "$foreground-muted")
            rows.append(Row(key, label, mark))
        self.set_rows(rows, self._items[min(at or 0, len(self._items) - 1)][0] if self._items else None)

    def action_toggle(self) -> None:
        if self.highlighted is not None and self._items:
            self.toggle(self._items[self.highlighted][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)
