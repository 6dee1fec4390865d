"""The keys a screen answers to, on one line at the bottom: Textual's Footer drawn as one widget.

Textual's Footer is a container of one widget per key, and it composes them all again whenever
the screen's bindings change: on every screen switch and on focus changes. Opening the talk
screen and coming back each paid some 50-75 ms for it, more than everything else the key did.
This bar reads the same bindings (`Screen.active_bindings`, what Footer reads), draws them with
the same theme colours, and does nothing when they have not changed. A click on a key presses
it, as Footer's does; a disabled key rings the bell.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class Key(NamedTuple):
    """One key as the bar shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


class KeyBar(Widget, can_focus=False):
    """The screen's shown bindings, one per action in the order bound, the command palette's on
    the right. What does not fit the width is left off from the end, never the palette's key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--separator", "keybar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keybar--separator {
            color: $foreground 20%;
        }
        & > .keybar--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.keys: tuple[Key, ...] = ()
        #: The palette's key, drawn on the right; None when the app has no palette.
        self.palette: Key | None = None
        self._spans: list[tuple[int, int, Key]] = []
        self._hover: Key | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._read(screen)
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self.refresh()

    def _read(self, screen: Screen[object]) -> tuple[tuple[Key, ...], Key | None]:
        app = self.app
        active = screen.active_bindings
        seen: set[str] = set()
        keys: list[Key] = []
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(Key(binding.key, app.get_key_display(binding), binding.description, enabled, tooltip))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = Key(binding.key, app.get_key_display(binding), binding.description, enabled, tooltip)
            keys = [k for k in keys if k.key != palette.key]
        return tuple(keys), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        hover = self.get_component_rich_style("keybar--hover")
        dim = Style(dim=True)
        width = self.size.width
        right = Text()
        if self.palette is not None:
            right.append("▏", self.get_component_rich_style("keybar--separator"))
            right.append_text(self._key_text(self.palette, key_style, description_style, hover, dim, tight=True))
        room = width - cell_len(right.plain)
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, Key]] = []
        for key in self.keys:
            part = self._key_text(key, key_style, description_style, hover, dim)
            if line.cell_len + part.cell_len > room:
                break
            spans.append((line.cell_len, line.cell_len + part.cell_len, key))
            line.append_text(part)
        if self.palette is not None and room >= 0:
            line.append(" " * (room - line.cell_len))
            spans.append((line.cell_len, line.cell_len + right.cell_len, self.palette))
            line.append_text(right)
        self._spans = spans
        return line

    def _key_text(
        self, key: Key, key_style: Style, description_style: Style, hover: Style, dim: Style, tight: bool = False
    ) -> Text:
        """A key and what it does: ` d Talk `, or with `tight` (the palette's, as Footer draws it)
        `^p palette `."""
        part = Text()
        part.append(key.display if tight else f" {key.display} ", key_style)
        if key.description:
            part.append(f" {key.description} " if tight else f"{key.description} ", description_style)
        if not key.enabled:
            part.stylize(dim)
        if key is self._hover:
            part.stylize(hover)
        return part

    def key_at(self, x: int) -> Key | None:
        """The key drawn at column x, if any."""
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        if key is not self._hover:
            self._hover = key
            self.tooltip = (key.tooltip or key.description) if key is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()
