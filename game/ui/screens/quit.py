"""Quitting a game in progress: asked first, and the game is saved where the player stands."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from game.engine.game import Game
from game.ui import view
from game.ui.screens.modal import FittedModal, buttons, modal_css
from game.ui.text import lit, wrapped
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.wrapped import Wrapped

#: What the dialog returns: save and quit, quit without saving, or None to keep playing.
SAVE, DISCARD = "save", "discard"


def standing(game: Game) -> str:
    """Where the player stands, in words: the month, the moves made, what waits."""
    h = view.header_view(game)
    made = h.moves_made
    bits = [h.month, f"{made} move{'s' if made != 1 else ''} made this month"]
    if h.waiting:
        bits.append(f"{h.waiting} waiting")
    return ", ".join(bits)


class QuitScreen(FittedModal[str | None]):
    """y saves and quits, n quits without saving, esc keeps playing."""

    DEFAULT_CSS = modal_css("QuitScreen", width=76)

    BINDINGS = [
        Binding("escape", "keep", "Keep playing"),
        Binding("y", "save", "Save and quit"),
        Binding("n", "discard", "Quit without saving", show=False),
    ]

    def __init__(self, game: Game, title: str) -> None:
        super().__init__()
        self.game = game
        self.game_title = title

    def compose(self) -> ComposeResult:
        yield KeyBar()
        with Vertical(id="dialog") as dialog:
            dialog.border_title = lit(f"Quit {self.game_title}?" if self.game_title else "Quit?")  # type: ignore[assignment]
            yield Static(lit("Your game will be saved where you stand."), id="title")
            text = Content.assemble(
                lit(standing(self.game)),
                lit(". “Continue” on the title screen picks it up from here.", "$foreground-muted"),
            )
            yield Wrapped(lambda width: wrapped(text, width))
            with Horizontal(id="buttons"):
                yield from buttons(
                    (
                        ("Save and quit [y]", "save", "primary"),
                        ("Quit, do not save [n]", "discard", "error"),
                        ("Keep playing [esc]", "keep", "default"),
                    )
                )

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.dismiss(SAVE)

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        self.dismiss(DISCARD)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(None)
