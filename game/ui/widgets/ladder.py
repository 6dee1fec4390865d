"""The escalation ladder: every rung, where the crisis stands, and the monthly risk of an incident."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.text import bar, lit
from game.ui.view import LadderView

#: Rungs from the bottom, coloured from calm to war; the name and the ▶ mark say the same thing.
RUNG_STYLES = ("$text-success", "$text-success", "$text-warning", "$text-warning", "$text-error", "bold $text-error")


def _rung_style(index: int, count: int) -> str:
    if count <= 1:
        return ""
    return RUNG_STYLES[min(len(RUNG_STYLES) - 1, round(index * (len(RUNG_STYLES) - 1) / (count - 1)))]


class Ladder(Widget):
    """Draws a `LadderView`: the full ladder when there is room, one line of it when not."""

    DEFAULT_CSS = """
    Ladder {
        height: auto;
        width: 1fr;
    }
    """

    view: reactive[LadderView | None] = reactive(None, layout=True)

    def summary(self) -> Content:
        v = self.view
        assert v is not None
        risk = f" · incident risk {round(v.incident_chance * 100)}%/month"
        width = max(6, min(24, (self.size.width or 44) - len(v.variable) - len(risk) - 5))
        return Content.assemble(
            lit(f"{v.variable} {v.value:>3} "),
            lit(bar(v.value, 0, v.maximum, width), _rung_style(v.current, len(v.rungs))),
            lit(risk),
        )

    def render(self) -> Content:
        v = self.view
        if v is None or not v.rungs:
            return Content("")
        n = len(v.rungs)
        if self.size.height and self.size.height < n + 1:
            return self._compact()
        lines = []
        for i in range(n - 1, -1, -1):
            r = v.rungs[i]
            mark = "▶" if r.current else " "
            style = _rung_style(i, n)
            risk = f"{round(r.incident_chance * 100):>3}%" if r.incident_chance else "   ·"
            row = Content.assemble(
                lit(mark, "bold $text-accent"),
                lit(f" {r.name:<13}", f"bold {style}" if r.current else style),
                lit(f"{r.at:>3}+ ", "$foreground-muted"),
                lit(risk, "$foreground-muted"),
                lit(f"  ◀ {v.value}", "bold $text-accent") if r.current else lit(""),
            )
            lines.append(row)
        lines.append(self.summary())
        return Content("\n").join(lines)

    def _compact(self) -> Content:
        v = self.view
        assert v is not None
        n = len(v.rungs)
        r = v.rungs[v.current]
        width = self.size.width or 44
        up = v.rungs[v.current + 1] if v.current + 1 < n else None
        tails = [f"  rung {v.current + 1} of {n}", f"  {v.current + 1}/{n}"]
        nexts = [f" · next: {up.name} at {up.at}", f" · next {up.at}+", ""] if up else [""]
        line1 = lit("")
        for tail in tails:
            for nxt in nexts:
                line1 = Content.assemble(
                    lit("▶ ", "bold $text-accent"),
                    lit(r.name.upper(), f"bold {_rung_style(v.current, n)}"),
                    lit(tail + nxt, "$foreground-muted"),
                )
                if line1.cell_length <= width:
                    return Content("\n").join([line1, self.summary()])
        return Content("\n").join([line1, self.summary()])

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        v = self.view
        return (len(v.rungs) + 1) if v else 1
