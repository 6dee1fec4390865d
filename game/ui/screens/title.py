"""The title screen: new game, continue, load, help, quit. Its banner, tagline and blurb are the
content's: a mod about another crisis shows its own name, period and powers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.mods.content import Content as GameContent
from game.ui.saving import SaveEntry
from game.ui.text import lit, prose
from game.ui.view import period


def banner(content: GameContent) -> Content:
    """The content's text art, or its title spelt out in spaced capitals (plain when that is long)."""
    m = content.foundation
    if m is not None and m.banner.strip("\n"):
        return lit(m.banner.strip("\n"))
    title = content.title or ""
    spaced = " ".join(title.upper())
    return lit(spaced if len(spaced) <= 60 else title.upper())


def blurb(content: GameContent, full: bool = True) -> str:
    """The first scenario: its period, its powers and (when `full`) its description."""
    scenario = next(iter(content.scenarios.values()), None)
    if scenario is None:
        return ""
    s = scenario.model
    playable = [p for p in (s.playable or list(content.powers)) if p in content.powers]
    powers = ", ".join(content.powers[p].model.name for p in playable)
    head = f"{s.name}: {period(s.start, s.turns)}."
    lines = [head, f"Play as {powers}." if powers else ""]
    if s.description and full:
        lines.append(prose(s.description))
    return "\n\n".join(line for line in lines if line)


def menu_line(label: str, key: str, detail: str = "") -> Content:
    return Content.assemble(
        lit(f"{label:<20}{key}"),
        lit(f"\n  {detail}", "italic $foreground-muted") if detail else lit(""),
    )


class TitleScreen(Screen[None]):
    """The first screen; every entry is also a key (n, c, l, ?, q), the same in menu and footer."""

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
        max-width: 74;
        color: $foreground;
        margin-bottom: 1;
    }
    TitleScreen #menu {
        width: 48;
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
        Binding("question_mark", "pick('help')", "Help", key_display="?"),
        Binding("q", "pick('quit')", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        app = self.app
        content: GameContent = app.content  # type: ignore[attr-defined]
        newest: SaveEntry | None = app.saves.newest_entry(content)  # type: ignore[attr-defined]
        tagline = content.foundation.tagline if content.foundation is not None else ""
        text = blurb(content, full=self.app.size.height >= 34)
        with Vertical():
            with Center():
                yield Static(banner(content), id="banner")
            if tagline:
                with Center():
                    yield Static(lit(tagline), id="tagline")
            if text:
                with Center():
                    yield Static(lit(text), id="scenario")
            if newest is None:
                cont = Option(menu_line("Continue", "c", "no saves yet"), id="continue", disabled=True)
            elif newest.finished:
                cont = Option(menu_line("Continue", "c", "your last game is over: start a new one"), id="continue")
            else:
                cont = Option(menu_line("Continue", "c", newest.where), id="continue")
            with Center():
                yield OptionList(
                    Option(menu_line("New game", "n"), id="new"),
                    cont,
                    Option(menu_line("Load a game", "l"), id="load"),
                    Option(menu_line("Help", "?"), id="help"),
                    Option(menu_line("Quit", "q"), id="quit"),
                    id="menu",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh(recompose=True)

    def on_resize(self) -> None:
        full = self.app.size.height >= 34
        if getattr(self, "_full", None) not in (None, full):
            self.refresh(recompose=True)
        self._full = full

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
            newest: SaveEntry | None = app.saves.newest_entry(app.content)  # type: ignore[attr-defined]
            if newest is None:
                self.notify("There is no save to continue yet.", markup=False)
                return
            if newest.finished:
                from game.ui.screens.setup import NewGameScreen

                app.push_screen(NewGameScreen())
                self.notify(
                    "Your last game is over; its end screen is under Load. Start a new one here.",
                    title="A new game",
                    markup=False,
                )
                return
            app.load(newest.path)  # type: ignore[attr-defined]
        elif choice == "load":
            from game.ui.screens.saves import LoadScreen

            app.push_screen(LoadScreen(app.saves))  # type: ignore[attr-defined]
        elif choice == "help":
            app.action_help()  # type: ignore[attr-defined]
        elif choice == "quit":
            app.exit(0)
