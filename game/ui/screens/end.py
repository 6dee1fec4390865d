"""The end of the game: the ending, every power's score beside history, the tension curve, the timeline."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.engine.game import Game
from game.ui import view
from game.ui.text import delta_mark, lit, signed, wrapped
from game.ui.widgets.chart import ChartView, TensionChart
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.news import news_lines
from game.ui.widgets.wrapped import Wrapped


def scores_content(ev: view.EndView) -> Content:
    lines: list[Content] = []
    name_w = max(len(r.name) for r in ev.rows) + 6 if ev.rows else 10
    lines.append(lit(f"  {'Power':<{name_w}} {'Score':>7} {'History':>8}  Difference", "bold"))
    for r in ev.rows:
        mark = "★" if r.mine else " "
        name = f"{r.name} (you)" if r.mine else r.name
        style = "bold $text-accent" if r.mine else ""
        parts: list[Content] = [lit(f"{mark} {name:<{name_w}} {r.score:>+7.1f} ", style)]
        if r.history is None:
            parts.append(lit(f"{'—':>8}", "$foreground-muted"))
        else:
            diff = r.score - r.history
            arrow, dstyle = delta_mark(round(diff, 1))
            parts.append(lit(f"{r.history:>+8.1f}  "))
            parts.append(lit(f"{arrow} {signed(diff, 1)}", dstyle))
        lines.append(Content.assemble(*parts))
        if r.outcome:
            lines.append(lit(f"    {r.outcome}", "italic $foreground-muted"))
    mine = next((r for r in ev.rows if r.mine), None)
    if mine is not None and mine.history is not None:
        diff = mine.score - mine.history
        verdict = "better than" if diff > 0.5 else "worse than" if diff < -0.5 else "about as well as"
        lines.append(lit(""))
        lines.append(
            lit(
                f"You scored {mine.score:+.1f}; in real history {mine.name} scored {mine.history:+.1f}. "
                f"You did {verdict} history.",
                "bold",
            )
        )
    if ev.history_summary:
        title = f"What really happened ({ev.history_title})" if ev.history_title else "What really happened"
        lines.append(lit(""))
        lines.append(lit(title, "bold underline"))
        lines.append(lit(ev.history_summary, "$foreground-muted"))
    return Content("\n").join(lines)


#: Width of "  +12.3" at the end of a score line.
POINTS = 8


def my_score_lines(ev: view.EndView, width: int) -> list[Content]:
    """The player's score line by line: each interest's gain or loss, what the ending gave, and
    the total they add up to. A long label wraps; the points stay in their column."""
    mine = next((r for r in ev.rows if r.mine), None)
    if mine is None:
        return [lit("You led no power in this game.", "italic $foreground-muted")]
    if not ev.lines:
        return [lit("Nothing you cared about moved, and the ending gave you nothing.", "italic $foreground-muted")]
    label_w = max(10, width - POINTS)
    out: list[Content] = []
    for line in ev.lines:
        arrow, style = delta_mark(round(line.points, 1))
        parts = wrapped(lit(line.label), label_w - 1)  # a space before the points
        out.extend(parts[:-1])
        pad = " " * max(0, label_w - parts[-1].cell_length)
        out.append(Content.assemble(parts[-1], lit(pad), lit(f"{arrow}{line.points:>+6.1f}"[:POINTS], style)))
    total = f"{mine.score:>+6.1f}"
    out.append(lit(f"{'Your score':<{label_w}} {total}", "bold"))
    return out


class EndScreen(Screen[None]):
    """Everything about a finished game; n starts another, t goes to the title, q quits."""

    DEFAULT_CSS = """
    EndScreen #end-body {
        height: 1fr;
    }
    EndScreen #end-left {
        width: 1fr;
        height: 1fr;
    }
    EndScreen #end-right {
        width: 1fr;
        height: 1fr;
    }
    EndScreen .section {
        height: auto;
        border: round $primary;
        padding: 0 1;
    }
    EndScreen #ending {
        border: thick $accent;
    }
    EndScreen #ending-title {
        text-style: bold;
        color: $text-accent;
    }
    EndScreen #chart {
        height: 16;
    }
    EndScreen.-narrow #end-right {
        display: none;
    }
    EndScreen.-wide #timeline-narrow {
        display: none;
    }
    """

    BINDINGS = [
        Binding("n", "new_game", "New game"),
        Binding("t", "title", "Title"),
        Binding("q", "app.quit", "Quit"),
        Binding("1", "jump('ending')", "Ending", show=False),
        Binding("2", "jump('my-score')", "Scores", show=False),
        Binding("3", "jump('chart')", "Tension", show=False),
        Binding("4", "jump('timeline-narrow')", "Timeline", show=False),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        ev = view.end_view(self.game)
        items = view.timeline(self.game)

        def timeline(width: int) -> list[Content]:
            return news_lines(items, width, "No events were recorded.")

        with Horizontal(id="end-body"):
            with VerticalScroll(id="end-left"):
                with Vertical(id="ending", classes="section") as box:
                    box.border_title = lit("The ending")  # type: ignore[assignment]
                    yield Static(lit(ev.title), id="ending-title")
                    if ev.text:
                        yield Static(lit(ev.text))
                with Vertical(id="my-score", classes="section") as box:
                    box.border_title = lit("Your score, interest by interest")  # type: ignore[assignment]
                    yield Wrapped(lambda width: my_score_lines(ev, width))
                with Vertical(id="scores", classes="section") as box:
                    box.border_title = lit("Every power's score")  # type: ignore[assignment]
                    yield Static(scores_content(ev))
                with Vertical(id="chart", classes="section") as box:
                    box.border_title = lit(f"{self._ladder_name()} month by month")  # type: ignore[assignment]
                    yield TensionChart()
                with Vertical(id="timeline-narrow", classes="section") as box:
                    box.border_title = lit("Timeline")  # type: ignore[assignment]
                    yield Wrapped(timeline)
            with VerticalScroll(id="end-right", classes="section") as box:
                box.border_title = lit("Timeline")  # type: ignore[assignment]
                yield Wrapped(timeline)
        yield KeyBar()

    def _ladder_name(self) -> str:
        c = self.game.content
        v = c.variables.get(c.ladder.variable)
        return v.name if v else c.ladder.variable

    def on_mount(self) -> None:
        self.query_one("#end-left").focus()
        self.draw_chart()

    def draw_chart(self) -> None:
        c = self.game.content
        var = c.variables.get(c.ladder.variable)
        points = view.tension_series(self.game)
        self.query_one(TensionChart).view = ChartView(
            points, tuple((r.name, r.at) for r in c.ladder.rung), var.max if var else 100
        )

    def action_jump(self, section: str) -> None:
        found = self.query(f"#{section}")
        if found:
            found.first().scroll_visible(top=True)

    def action_new_game(self) -> None:
        from game.ui.screens.setup import NewGameScreen

        self.app.switch_screen(NewGameScreen())

    def action_title(self) -> None:
        self.app.pop_screen()
