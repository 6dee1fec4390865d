"""The month's briefing: what the other powers did and what the new month brought, at a glance."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from game.engine.game import Game
from game.ui import view
from game.ui.screens.modal import FittedModal, modal_css
from game.ui.text import delta_mark, lit, signed, wrapped
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.news import news_lines
from game.ui.widgets.wrapped import Wrapped


class BriefingScreen(FittedModal[None]):
    """The news since the player ended the month, oldest first. Any of enter, space or esc closes it."""

    DEFAULT_CSS = (
        modal_css("BriefingScreen", width=110)
        + """
    BriefingScreen #changes {
        margin-bottom: 1;
    }
    BriefingScreen #buttons {
        align-horizontal: center;
        dock: bottom;
    }
    """
    )

    BINDINGS = [
        Binding("enter", "close", "Continue"),
        Binding("escape", "close", "Continue", show=False),
        Binding("space", "close", "Continue", show=False),
    ]

    def __init__(self, game: Game, seen: int, before: dict[str, int] | None = None) -> None:
        super().__init__()
        self.game = game
        self.seen = seen
        #: Track values when the month was ended, to say what changed since.
        self.before = before

    def compose(self) -> ComposeResult:
        yield KeyBar()
        items = tuple(reversed([i for i in view.news_view(self.game, self.seen) if i.fresh]))
        items = tuple(view.NewsItem(i.turn, i.month, i.kind, i.text, i.who, i.mine, False) for i in items)
        lad = view.ladder_view(self.game)
        rung = lad.rungs[lad.current].name if lad.rungs else ""
        with Vertical(id="dialog") as dialog:
            dialog.border_title = lit("Briefing")  # type: ignore[assignment]
            header = view.header_view(self.game)
            yield Static(
                lit(f"{header.month}: turn {header.turn} of {header.turns} · {lad.variable} {lad.value} ({rung})"),
                id="title",
            )
            if self.before is not None:
                changes = self._changes()
                yield Wrapped(lambda width: wrapped(changes, width, 2), id="changes")
            with VerticalScroll(id="body"):
                yield Wrapped(lambda width: news_lines(items, width, "A quiet month."), id="news")
            with Horizontal(id="buttons"):
                yield Button(lit("Continue [enter]"), variant="primary", id="continue", compact=True)

    def _changes(self) -> Content:
        game = self.game
        before = self.before or {}
        var = game.content.ladder.variable
        rows = [(v.variable, v.value - before.get(var, v.value)) for v in [view.ladder_view(game)]]
        rows += [(t.name, t.delta) for t in view.tracks_view(game, before)]
        moved = [(name, d) for name, d in rows if d]
        moved.sort(key=lambda x: -abs(x[1]))
        if not moved:
            return lit("Since last month: no track moved.", "$foreground-muted")
        parts: list[Content] = [lit("Since last month: ", "bold")]
        for i, (name, d) in enumerate(moved[:6]):
            arrow, style = delta_mark(d)
            if i:
                parts.append(lit(" · ", "$foreground-muted"))
            parts.append(Content.assemble(lit(f"{name} "), lit(f"{arrow}{signed(d)}", style)))
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.query_one("#body", VerticalScroll).focus()

    def on_button_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)
