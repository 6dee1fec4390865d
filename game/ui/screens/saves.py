"""Saving into a named slot and loading from the saves folder; broken saves are listed with why."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.game import Game
from game.ui.saving import SaveEntry, SaveProblem, SaveShelf
from game.ui.text import lit
from game.ui.view import month_label
from game.ui.widgets.keybar import KeyBar

SAVES_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 90%;
    max-width: 90;
    height: 80%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}}
{name} OptionList {{
    height: 1fr;
}}
{name} .hint {{
    color: $foreground-muted;
}}
"""


def entry_prompt(e: SaveEntry) -> Content:
    mark = lit("  ") if e.ok else lit("✕ ", "bold $text-error")
    name = lit(e.name, "bold" if e.ok else "$foreground-muted")
    return Content.assemble(mark, name, lit(f"\n    {e.detail}", "italic"))


class SaveScreen(ModalScreen[None]):
    """Type a name (or pick a save to overwrite) and press enter."""

    DEFAULT_CSS = SAVES_CSS.format(name="SaveScreen")
    BINDINGS = [Binding("escape", "close", "Cancel")]

    def __init__(self, game: Game, saves: SaveShelf) -> None:
        super().__init__()
        self.game = game
        self.saves = saves

    def compose(self) -> ComposeResult:
        yield KeyBar()
        entries = self.saves.entries(self.game.content)
        with Vertical() as box:
            box.border_title = lit("Save the game")  # type: ignore[assignment]
            if not self.saves.available:
                yield Static(lit("Saving is not available in this build."), classes="hint")
            power = self.game.content.powers[self.game.player].model.name if self.game.player else "game"
            default = f"{power} {month_label(self.game.state.date)}"
            yield Static(lit(f"Saves folder: {self.saves.folder}"), classes="hint")
            yield Input(value=default, placeholder="a name for this save", id="name")
            yield Static(lit("enter saves · ↓ picks an existing save to overwrite · esc cancels"), classes="hint")
            yield OptionList(*[Option(entry_prompt(e), id=str(i)) for i, e in enumerate(entries)], id="existing")
        self.entries = entries

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        self.save(event.value)

    @on(OptionList.OptionSelected, "#existing")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        entry = self.entries[event.option_index]
        self.query_one("#name", Input).value = entry.name
        self.query_one("#name", Input).focus()

    def save(self, name: str) -> None:
        try:
            path = self.saves.save(name, self.game)
        except SaveProblem as e:
            self.notify(str(e), title="Not saved", severity="error", markup=False)
            return
        self.notify(f"Saved as {path.name}", markup=False)
        self.dismiss(None)

    def key_down(self) -> None:
        if self.focused is self.query_one("#name", Input):
            self.query_one("#existing", OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)


class LoadScreen(ModalScreen[None]):
    """Every save in the folder, newest first; enter loads the highlighted one."""

    DEFAULT_CSS = SAVES_CSS.format(name="LoadScreen")
    BINDINGS = [Binding("escape", "close", "Cancel")]

    def __init__(self, saves: SaveShelf) -> None:
        super().__init__()
        self.saves = saves

    def compose(self) -> ComposeResult:
        yield KeyBar()
        content = self.app.content  # type: ignore[attr-defined]
        self.entries = self.saves.entries(content)
        with Vertical() as box:
            box.border_title = lit("Load a game")  # type: ignore[assignment]
            yield Static(lit(f"Saves folder: {self.saves.folder}"), classes="hint")
            if not self.saves.available:
                yield Static(lit("Loading is not available in this build."), classes="hint")
            elif not self.entries:
                yield Static(lit("No saves yet."), classes="hint")
            yield OptionList(
                *[Option(entry_prompt(e), id=str(i), disabled=not e.ok) for i, e in enumerate(self.entries)],
                id="saves",
            )

    def on_mount(self) -> None:
        self.query_one("#saves", OptionList).focus()

    @on(OptionList.OptionSelected, "#saves")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        entry = self.entries[event.option_index]
        if self.app.load(entry.path):  # type: ignore[attr-defined]
            pass

    def action_close(self) -> None:
        self.dismiss(None)
