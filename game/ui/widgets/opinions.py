"""The opinion matrix: how each power (row) regards each other (column), as numbers and symbols."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.text import lit, mood_style, wrapped
from game.ui.view import OpinionView, mood

LEGEND = "how each row regards each column (▲ friendly … ▼ hostile)"


def layout(v: OpinionView, width: int) -> tuple[int, int, bool]:
    """(label width, cell width, signed): the widest cells that fit, with a + on positive values
    when there is room; a cell is never narrower than its number and symbol."""
    longest = max((len(short) for _, short in v.powers), default=3)
    label = longest + 2  # the ★ mark and a space
    n = max(1, len(v.powers))
    for cell, plus in ((max(5, longest + 1), True), (5, True), (4, False)):
        if label + cell * n <= width:
            return label, cell, plus
    return min(label, 5), 4, False


class OpinionMatrix(Widget):
    """Draws an `OpinionView`; the player's row and column are marked with ★."""

    DEFAULT_CSS = """
    OpinionMatrix {
        height: auto;
        width: 1fr;
    }
    """

    view: reactive[OpinionView | None] = reactive(None, layout=True)

    def lines(self, width: int) -> list[Content]:
        v = self.view
        if v is None:
            return []
        label_w, cell, plus = layout(v, width)
        head: list[Content] = [lit(" " * label_w)]
        for p, short in v.powers:
            text = f"★{short}" if p == v.player else short
            head.append(lit(f"{text[: cell - 1]:>{cell - 1}} ", "bold $text-accent" if p == v.player else "bold"))
        out = [Content.assemble(*head)]
        for a, short_a in v.powers:
            mark = "★" if a == v.player else " "
            row: list[Content] = [
                lit(f"{mark}{short_a[: label_w - 2]:<{label_w - 2}} ", "bold $text-accent" if a == v.player else "bold")
            ]
            for b, _ in v.powers:
                if a == b:
                    row.append(lit(f"{'—':>{cell - 1}} ", "$foreground-muted"))
                    continue
                value = v.opinion.get(a, {}).get(b, 0)
                m = mood(value)
                shown = max(-99, min(99, value))
                number = f"{shown:>+{cell - 1}d}" if plus else f"{shown:>{cell - 1}d}"
                row.append(lit(f"{number}{m.symbol}", mood_style(m)))
            out.append(Content.assemble(*row))
        out.extend(wrapped(lit(LEGEND, "italic $foreground-muted"), width))
        return out

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width or 40))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self.lines(width)))
