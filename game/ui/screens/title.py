"""The title screen: new game, continue, load, help, quit. Its banner, tagline and blurb are the
content's: a mod about another crisis shows its own name, period and powers.

It is drawn from `TitleFacts`: read from the checked content, or, for the first frame of
`dualfreeze`, from the mods' TOML (`game.commands.names`) while the content loads behind it; the
app draws it again if the checked content says anything else. Nothing here imports the content
loader or the engine, so the first frame waits for neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.calendar import period
from game.ui.text import lit, prose
from game.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from game.commands.names import ShellNames
    from game.mods.content import Content as GameContent
    from game.ui.saving import SaveEntry


@dataclass(frozen=True, slots=True)
class TitleFacts:
    """What the title shows of the content: its name, line, art, and its first scenario."""

    title: str = ""
    tagline: str = ""
    banner: str = ""
    #: The first scenario's name, start month, length and description ("" when there is none).
    scenario: str = ""
    start: str = ""
    turns: int = 0
    description: str = ""
    #: The names of the powers it lets the player lead.
    powers: tuple[str, ...] = ()

    @classmethod
    def from_content(cls, content: GameContent) -> TitleFacts:
        m = content.foundation
        first = next(iter(content.scenarios.values()), None)
        head = cls(content.title or "", m.tagline if m else "", m.banner if m else "")
        if first is None:
            return head
        s = first.model
        playable = [p for p in (s.playable or list(content.powers)) if p in content.powers]
        powers = tuple(content.powers[p].model.name for p in playable)
        return cls(head.title, head.tagline, head.banner, s.name, s.start, s.turns, s.description, powers)

    @classmethod
    def from_names(cls, names: ShellNames) -> TitleFacts:
        """From the TOML as read for help, before it is checked: control characters are escaped."""
        from game.mods.untrusted import escape_controls

        def clean(text: str) -> str:
            return escape_controls(text, keep_newlines=True)

        head = cls(clean(names.title), clean(names.tagline), clean(names.banner))
        sid = next(iter(names.scenarios), None)
        if sid is None:
            return head
        name, start, turns, _ = names.scenarios[sid]
        powers = tuple(clean(names.powers[p]) for p in names.playable())
        description = clean(names.descriptions.get(sid, ""))
        return cls(head.title, head.tagline, head.banner, clean(name), clean(start), turns, description, powers)


def banner(facts: TitleFacts) -> Content:
    """The content's text art, or its title spelt out in spaced capitals (plain when that is long)."""
    if facts.banner.strip("\n"):
        return lit(facts.banner.strip("\n"))
    spaced = " ".join(facts.title.upper())
    return lit(spaced if len(spaced) <= 60 else facts.title.upper())


def blurb(facts: TitleFacts, full: bool = True) -> str:
    """The first scenario: its period, its powers and (when `full`) its description."""
    if not facts.scenario:
        return ""
    head = f"{facts.scenario}: {period(facts.start, facts.turns)}."
    lines = [head, f"Play as {', '.join(facts.powers)}." if facts.powers else ""]
    if facts.description and full:
        lines.append(prose(facts.description))
    return "\n\n".join(line for line in lines if line)


def menu_line(label: str, key: str, detail: str = "") -> Content:
    return Content.assemble(
        lit(f"{label:<20}{key}"),
        lit(f"\n  {detail}", "italic $foreground-muted") if detail else lit(""),
    )


#: What the continue entry says while the saves are still being read (just after start-up).
LOOKING = "looking for saves…"


def continue_option(newest: SaveEntry | str | None) -> Option:
    """The continue entry for the newest save; `LOOKING` while the saves are being read."""
    if isinstance(newest, str):
        return Option(menu_line("Continue", "c", newest), id="continue")
    if newest is None:
        return Option(menu_line("Continue", "c", "no saves yet"), id="continue", disabled=True)
    if newest.finished:
        return Option(menu_line("Continue", "c", "your last game is over: start a new one"), id="continue")
    return Option(menu_line("Continue", "c", newest.where), id="continue")


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
        facts: TitleFacts = app.title_facts  # type: ignore[attr-defined]
        newest = app.newest_save()  # type: ignore[attr-defined]
        text = blurb(facts, full=self.app.size.height >= 34)
        with Vertical():
            with Center():
                yield Static(banner(facts), id="banner")
            if facts.tagline:
                with Center():
                    yield Static(lit(facts.tagline), id="tagline")
            if text:
                with Center():
                    yield Static(lit(text), id="scenario")
            with Center():
                yield OptionList(
                    Option(menu_line("New game", "n"), id="new"),
                    continue_option(newest),
                    Option(menu_line("Load a game", "l"), id="load"),
                    Option(menu_line("Help", "?"), id="help"),
                    Option(menu_line("Quit", "q"), id="quit"),
                    id="menu",
                )
        yield KeyBar()

    def show_newest(self, newest: SaveEntry | None) -> None:
        """The saves have been read: the continue entry says what it would open, in place (the
        highlight stays where the player put it)."""
        menu = self.query_one("#menu", OptionList)
        highlighted = menu.highlighted
        option = continue_option(newest)
        menu.replace_option_prompt("continue", option.prompt)
        if option.disabled:
            menu.disable_option("continue")
        else:
            menu.enable_option("continue")
        if highlighted is not None and not menu.get_option_at_index(highlighted).disabled:
            menu.highlighted = highlighted
        elif highlighted is not None:
            menu.action_cursor_down()

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()
        # The content loads behind the title once it is on the terminal, not before.
        self.call_after_refresh(self.app.start_loading)  # type: ignore[attr-defined]

    async def on_screen_resume(self) -> None:
        # Back from another screen: the saves may have changed. Not when it is first shown: it
        # has just been composed, and the saves read for it.
        if not getattr(self, "_shown", False):
            self._shown = True
            return
        await self.redraw()

    async def on_resize(self) -> None:
        full = self.app.size.height >= 34
        if getattr(self, "_full", None) not in (None, full):
            await self.redraw()
        self._full = full

    async def redraw(self) -> None:
        """Compose again (the content or the saves changed), the keyboard kept in the menu."""
        menu = self.query("#menu").first()
        highlighted = menu.highlighted if isinstance(menu, OptionList) else None
        await self.recompose()
        menu = self.query_one("#menu", OptionList)
        if highlighted is not None and highlighted < menu.option_count:
            menu.highlighted = highlighted
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_pick(event.option.id)

    def action_pick(self, choice: str) -> None:
        app = self.app
        if getattr(app, "leaving", False):
            return
        if choice == "quit":
            app.exit(0)
            return
        # Everything else needs the checked content: just after start-up it may still be loading.
        app.when_ready(lambda: self._pick(choice))  # type: ignore[attr-defined]

    def _pick(self, choice: str) -> None:
        app = self.app
        if getattr(app, "leaving", False) or not self.is_current:
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
