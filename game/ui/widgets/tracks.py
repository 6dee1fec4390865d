"""The tracks of the crisis: each shown variable as a bar with its value, ends and last change."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.text import bar, delta_mark, lit, signed
from game.ui.view import TrackView, level_glyph


def track_name(t: TrackView, width: int) -> str:
    """The track's name, its short name where the name does not fit; cut only when neither does."""
    for name in (t.name, t.short):
        if name and len(name) <= width:
            return name
    shortest = min((t.name, t.short or t.name), key=len)
    return shortest if len(shortest) <= width else shortest[: max(1, width - 1)] + "…"


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
        # name, bar, value, change: full names while they leave a bar worth reading, else the
        # content's short names; the bar shrinks to one level glyph before any name is cut
        fixed = 4 + 5  # " 100" and " ▲+12"
        full = max(len(t.name) for t in rows)
        short = max(len(t.short or t.name) for t in rows)
        name_w = full if width - full - 1 - fixed >= 6 else short
        name_w = max(3, min(name_w, width - fixed - 2))
        bar_w = max(0, min(20, width - name_w - 1 - fixed))
        if bar_w < 4:
            bar_w = 0
        lines = []
        for t in rows:
            arrow, style = delta_mark(t.delta)
            change = f"{arrow}{signed(t.delta)}" if t.delta else ""
            level = bar(t.value, t.lo, t.hi, bar_w) if bar_w else level_glyph(t.value, t.lo, t.hi)
            lines.append(
                Content.assemble(
                    lit(f"{track_name(t, name_w):<{name_w}} "),
                    lit(level, "$text-primary"),
                    lit(f" {t.value:>3}"),
                    lit(f" {change}", style),
                )
            )
        return Content("\n").join(lines)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self.view))
