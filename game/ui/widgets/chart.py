"""A bar chart of the ladder variable over the game, with the rungs marked on its axis."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.text import lit
from game.ui.view import MONTHS, SeriesPoint

EIGHTHS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class ChartView:
    points: tuple[SeriesPoint, ...]
    rungs: tuple[tuple[str, int], ...]  # (name, from value), lowest first
    maximum: int


def _short_month(label: str) -> str:
    try:
        year, month = label.split("-")
        name = MONTHS[int(month) - 1][:3]
        return f"{name}{year[2:]}" if month == "01" else name
    except (ValueError, IndexError):
        return label[:5]


def _value_style(value: int, rungs: tuple[tuple[str, int], ...]) -> str:
    index = sum(1 for _, at in rungs if value >= at) - 1
    frac = index / max(1, len(rungs) - 1)
    return "$text-error" if frac > 0.5 else "$text-warning" if frac > 0.25 else "$text-success"


class TensionChart(Widget):
    """Bars in eighths of a row, a rung name on the axis wherever a rung begins."""

    DEFAULT_CSS = """
    TensionChart {
        height: 14;
        width: 1fr;
    }
    """

    view: reactive[ChartView | None] = reactive(None)

    def render(self) -> Content:
        v = self.view
        if v is None:
            return lit("Drawing the chart…", "italic $foreground-muted")
        if not v.points:
            return lit("No months were played.", "italic $foreground-muted")
        height = max(3, self.size.height - 2)
        axis_w = max((len(name) for name, _ in v.rungs), default=0) + 5
        n = len(v.points)
        col_w = max(1, min(4, (self.size.width - axis_w) // max(1, n)))
        top = max(1, v.maximum)
        per_row = top / height
        # the row (from the top) at which each rung begins
        rung_rows: dict[int, str] = {}
        for name, at in v.rungs:
            row = height - 1 - min(height - 1, int(at / per_row))
            rung_rows.setdefault(row, f"{name} {at}")
        lines: list[Content] = []
        for r in range(height):
            floor = (height - 1 - r) * per_row
            label = rung_rows.get(r, "")
            parts: list[Content] = [
                lit(f"{label:>{axis_w - 1}}┤" if label else " " * (axis_w - 1) + "│", "$foreground-muted")
            ]
            for p in v.points:
                fill = (p.value - floor) / per_row
                if fill >= 1:
                    ch = EIGHTHS[8]
                elif fill <= 0:
                    ch = "┈" if label else " "
                else:
                    ch = EIGHTHS[max(1, round(fill * 8))]
                style = _value_style(p.value, v.rungs)
                cell = (ch * (col_w - 1) + (" " if ch not in "┈" else "┈")) if col_w > 1 else ch
                parts.append(lit(cell, "$foreground-muted" if ch in " ┈" else style))
            lines.append(Content.assemble(*parts))
        lines.append(lit(" " * (axis_w - 1) + "└" + "─" * (n * col_w), "$foreground-muted"))
        labels = [" "] * (n * col_w)
        texts = ["·" if p.label == "start" else _short_month(p.label) for p in v.points]
        widest = max((len(t) for t in texts), default=1)
        step = max(1, -(-(widest + 1) // col_w))
        for i, text in enumerate(texts):
            if i % step:
                continue
            for j, ch in enumerate(text):
                k = i * col_w + j
                if k < len(labels):
                    labels[k] = ch
        lines.append(lit(" " * axis_w + "".join(labels).rstrip(), "$foreground-muted"))
        return Content("\n").join(lines)
