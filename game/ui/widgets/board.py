"""The board: the scenario's map in text with each power's marker and the places that matter now."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.text import lit, mood_style
from game.ui.view import MOODS, PLAYER_MOOD, BoardView

#: How each kind of map character is drawn. The characters themselves carry the meaning.
LAND = "░"
COAST = set("─│╭╮╰╯╱╲╳┌┐└┘")
BORDER = set("┄┊┆")
DMZ = set("┅╍")
ARROWS = set("▶↘→←↗")


def _art_style(ch: str) -> str:
    if ch == LAND:
        return "$foreground 25%"
    if ch in COAST:
        return "$text-primary"
    if ch in DMZ:
        return "bold $text-error"
    if ch in BORDER:
        return "$foreground-muted"
    if ch in ARROWS:
        return "bold $text-accent"
    if ch.strip():
        return "italic $foreground-muted"
    return ""


def legend() -> Content:
    parts: list[Content] = []
    for _, m in MOODS:
        parts.append(lit(m.symbol + m.word, mood_style(m)))
    parts.append(lit(PLAYER_MOOD.symbol + PLAYER_MOOD.word, mood_style(PLAYER_MOOD)))
    return Content(" ").join(parts)


class BoardMap(Widget):
    """Draws a `BoardView`: art, places (tests, drills, deployments) and power markers on top."""

    DEFAULT_CSS = """
    BoardMap {
        width: 1fr;
        height: auto;
        content-align: center top;
    }
    """

    view: reactive[BoardView | None] = reactive(None, layout=True)

    def render(self) -> Content:
        v = self.view
        if v is None:
            return lit("This scenario has no map.", "italic $foreground-muted")
        grid = [list(line.ljust(v.width)) for line in v.art]
        styles: list[list[str]] = [[_art_style(ch) for ch in row] for row in grid]

        def put(row: int, col: int, text: str, style: str) -> None:
            if not 0 <= row < len(grid):
                return
            for i, ch in enumerate(text):
                c = col + i
                if 0 <= c < v.width:
                    grid[row][c] = ch
                    styles[row][c] = style

        for p in v.places:
            put(p.row, p.col, p.text, "bold $text-warning")
        for m in v.markers:
            put(m.row, m.col, m.text, f"reverse {mood_style(m.mood)}")
        lines = []
        for row, row_styles in zip(grid, styles, strict=True):
            parts: list[tuple[str, str] | str] = []
            run, run_style = "", None
            for ch, st in zip(row, row_styles, strict=True):
                if st != run_style and run:
                    parts.append((run, run_style) if run_style else run)
                    run = ""
                run_style = st
                run += ch
            if run:
                parts.append((run, run_style) if run_style else run)
            lines.append(Content.assemble(*parts))
        lines.append(legend())
        return Content("\n").join(lines)

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        v = self.view
        return max(v.width if v else 0, legend().cell_length)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        v = self.view
        return (len(v.art) if v else 1) + 1
