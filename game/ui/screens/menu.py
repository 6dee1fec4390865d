"""The game menu (esc on the main screen): resume, save, load, help, back to the title, quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.ui.text import lit
from game.ui.widgets.keybar import KeyBar


def choices(title: str) -> tuple[tuple[str, str], ...]:
    """The menu's entries; the last names the game as the content names it."""
    return (
        ("resume", "Resume"),
        ("save", "Save the game"),
        ("load", "Load a game"),
        ("record", "Record as a script"),
        ("help", "Help: rules and keys"),
        ("title", "Back to the title screen (saved)"),
        ("quit", f"Quit {title}" if title else "Quit"),
    )


class GameMenuScreen(ModalScreen[str | None]):
    """Returns the id of the chosen entry, or None to resume."""

    DEFAULT_CSS = """
    GameMenuScreen {
        align: center middle;
    }
    GameMenuScreen > Vertical {
        width: 40;
        height: auto;
        border: thick $primary;
        background: $surface;
    }
    GameMenuScreen OptionList {
        height: auto;
        border: none;
    }
    """

    BINDINGS = [Binding("escape", "resume", "Resume")]

    def compose(self) -> ComposeResult:
        yield KeyBar()
        with Vertical() as box:
            box.border_title = lit("Game menu")  # type: ignore[assignment]
            yield OptionList(*[Option(lit(text), id=key) for key, text in choices(self.app.title)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None if event.option.id == "resume" else event.option.id)

    def action_resume(self) -> None:
        self.dismiss(None)
