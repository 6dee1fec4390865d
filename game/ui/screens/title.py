"""The title screen: new game, continue, load, help, quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.ui.text import lit, prose

BANNER = """\
╺┳┓╻ ╻┏━┓╻     ┏━╸┏━┓┏━╸┏━╸╺━┓┏━╸
 ┃┃┃ ┃┣━┫┃     ┣╸ ┣┳┛┣╸ ┣╸ ┏━┛┣╸
╺┻┛┗━┛╹ ╹┗━╸   ╹  ╹┗╸┗━╸┗━╸┗━╸┗━╸"""


class TitleScreen(Screen[None]):
    """The first screen; every entry is also a key (n, c, l, h, q)."""

    DEFAULT_CSS = """
    TitleScreen {
        align: center middle;
    }
    TitleScreen #banner {
        width: auto;
        color: $text-accent;
        text-style: bold;
    }
    TitleScreen #tagline {
        width: auto;
        color: $foreground-muted;
        margin-bottom: 1;
    }
    TitleScreen #scenario {
        width: auto;
        max-width: 70;
        color: $foreground;
        margin-bottom: 1;
    }
    TitleScreen #menu {
        width: 34;
        height: auto;
        border: round $primary;
    }
    TitleScreen Center {
        height: auto;
    }
    TitleScreen > Vertical {
        height: auto;
        width: 100%;
    }
    """

    BINDINGS = [
        Binding("n", "pick('new')", "New game"),
        Binding("c", "pick('continue')", "Continue"),
        Binding("l", "pick('load')", "Load"),
        Binding("h,question_mark", "pick('help')", "Help"),
        Binding("q", "pick('quit')", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        app = self.app
        content = app.content  # type: ignore[attr-defined]
        newest = app.saves.newest(content)  # type: ignore[attr-defined]
        scenario = next(iter(content.scenarios.values()), None)
        blurb = prose(scenario.model.description) if scenario else ""
        with Vertical():
            with Center():
                yield Static(Content(BANNER), id="banner")
            with Center():
                yield Static(lit("a game of crisis diplomacy"), id="tagline")
            if blurb:
                with Center():
                    yield Static(lit(blurb), id="scenario")
            with Center():
                yield OptionList(
                    Option(lit("New game            n"), id="new"),
                    Option(
                        lit("Continue            c") if newest else lit("Continue (no saves) c", "$foreground-muted"),
                        id="continue",
                        disabled=newest is None,
                    ),
                    Option(lit("Load a game         l"), id="load"),
                    Option(lit("Help                ?"), id="help"),
                    Option(lit("Quit                q"), id="quit"),
                    id="menu",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh(recompose=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_pick(event.option.id)

    def action_pick(self, choice: str) -> None:
        app = self.app
        if getattr(app, "leaving", False):
            return
        if choice == "new":
            from game.ui.screens.setup import NewGameScreen

            app.push_screen(NewGameScreen())
        elif choice == "continue":
            newest = app.saves.newest(app.content)  # type: ignore[attr-defined]
            if newest is None:
                self.notify("There is no save to continue yet.", markup=False)
                return
            app.load(newest)  # type: ignore[attr-defined]
        elif choice == "load":
            from game.ui.screens.saves import LoadScreen

            app.push_screen(LoadScreen(app.saves))  # type: ignore[attr-defined]
        elif choice == "help":
            app.action_help()  # type: ignore[attr-defined]
        elif choice == "quit":
            app.exit(0)
