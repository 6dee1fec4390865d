"""The opinion matrix: how each power (row) regards each other (column), as numbers and symbols."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.text import lit, mood_style
from game.ui.view import OpinionView, mood


class OpinionMatrix(Widget):
    """Draws an `OpinionView`; the player's row and column are marked with ★."""

    DEFAULT_CSS = """
    OpinionMatrix {
        height: auto;
        width: 1fr;
    }
    """

    view: reactive[OpinionView | None] = reactive(None, layout=True)

    def render(self) -> Content:
        v = self.view
        if v is None:
            return Content("")
        cell = 5 if (self.size.width or 0) >= 4 + 5 * len(v.powers) else 4
        head: list[Content | str] = [lit("    ")]
        for p, short in v.powers:
            label = f"★{short[:2]}" if p == v.player else f"{short[:3]:>3}"
            head.append(lit(f"{label:>{cell - 1}} ", "bold $text-accent" if p == v.player else "bold"))
        lines = [Content.assemble(*head)]
        for a, short_a in v.powers:
            mark = "★" if a == v.player else " "
            row: list[Content | str] = [
                lit(f"{mark}{short_a[:3]:<3} ", "bold $text-accent" if a == v.player else "bold")
            ]
            for b, _ in v.powers:
                if a == b:
                    row.append(lit(f"{'—':>{cell - 1}} ", "$foreground-muted"))
                    continue
                value = v.opinion.get(a, {}).get(b, 0)
                m = mood(value)
                shown = max(-99, min(99, value))
                row.append(lit(f"{shown:>+{cell - 1}d}{m.symbol}", mood_style(m)))
            lines.append(Content.assemble(*row))
        lines.append(lit("how each row regards each column (▲ friendly … ▼ hostile)", "italic $foreground-muted"))
        return Content("\n").join(lines)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        v = self.view
        return (len(v.powers) + 2) if v else 1
