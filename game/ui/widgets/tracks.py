"""The tracks of the crisis: each shown variable as a bar with its value, ends and last change."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.text import bar, delta_mark, lit, signed
from game.ui.view import TrackView, level_glyph


class Tracks(Widget):
    """Draws `TrackView` rows: name, bar, value, and the change since the month began."""

    DEFAULT_CSS = """
    Tracks {
        height: auto;
        width: 1fr;
    }
    """

    view: reactive[tuple[TrackView, ...]] = reactive((), layout=True)

    def render(self) -> Content:
        rows = self.view
        if not rows:
            return Content("")
        width = self.size.width or 36
        longest = max(len(t.name) for t in rows)
        # name, bar, value, change: the bar shrinks to one level glyph before names are cut
        bar_w = max(0, min(20, width - longest - 11))
        if bar_w < 4:
            bar_w = 0
        name_w = max(3, min(longest, width - 10 - (bar_w + 1 if bar_w else 2)))
        lines = []
        for t in rows:
            arrow, style = delta_mark(t.delta)
            name = t.name if len(t.name) <= name_w else t.name[: name_w - 1] + "…"
            change = f"{arrow}{signed(t.delta)}" if t.delta else ""
            level = bar(t.value, t.lo, t.hi, bar_w) if bar_w else level_glyph(t.value, t.lo, t.hi)
            lines.append(
                Content.assemble(
                    lit(f"{name:<{name_w}} "),
                    lit(level, "$text-primary"),
                    lit(f" {t.value:>3}"),
                    lit(f" {change}", style),
                )
            )
        return Content("\n").join(lines)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self.view))
