"""The app: a thin shell holding the content and the saves, and opening screens.

Dependencies come in from outside (the content, the saves folder, a source of seeds), so tests
build the app with a fixture world and a fixed seed. `run_app` is the command line's door. The
shell names only what the content names: its title is the content's.

Start-up is quick because nothing waits that need not. `dualfreeze` draws the title from the
base game's TOML as the help reads it and loads (and checks) the content in a thread behind it,
then reads the saves for "continue"; a choice made before that is done waits for it, and
content that does not load closes the app with the same report as before. With `--mod`, the
mods are strangers' text: they are checked before anything is drawn, as before. `dualfreeze new` loads the
content and makes the game before the app opens (a bad choice is told on the terminal), and
opens the game without the title under it: the title is made only when the player goes back
to it. The engine, the AI and the saves are imported when they are first needed.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.driver import Driver
from textual.message import Message

from game.ui.driver import driver_for
from game.ui.requests import NewGame, clock_seed
from game.ui.saving import SaveProblem, SaveShelf
from game.ui.screens.title import LOOKING, TitleFacts

__all__ = ["DualFreezeApp", "NewGame", "clock_seed", "run_app"]

#: Seconds between the title's first frame and the start of the content's load behind it. On a
#: busy machine the terminal draws the frame 0.2-0.3 s later when the load starts at once (the
#: two compete for the CPU); 0.1 s was enough on this project's shared 2-core machine.
LOAD_AFTER = 0.1

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.mods.content import Content
    from game.ui.saving import SaveEntry


class ContentLoaded(Message):
    """From the loading thread: the content is checked and loaded, and the newest save read."""

    def __init__(self, content: Content, newest: SaveEntry | None) -> None:
        super().__init__()
        self.content = content
        self.newest = newest


class ContentFailed(Message):
    """From the loading thread: the content did not load (or loading it hit a bug)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class DualFreezeApp(App[int]):
    """Opens the title screen (or a game straight away) and switches between screens."""

    CSS_PATH = "app.tcss"
    # Only the end screen's style reads the width's class; no style reads the height's.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        content: Content | None = None,
        *,
        saves: SaveShelf | None = None,
        start: NewGame | None = None,
        seed_source: Callable[[], int] = clock_seed,
        game: Game | None = None,
        loading: Callable[[], Content] | None = None,
        facts: TitleFacts | None = None,
    ) -> None:
        """`content`, or `loading` (run in a thread once the title is drawn from `facts`); then
        `start` (the choices of a new game) or `game` (one made already) to open at once."""
        super().__init__()
        if content is None and (loading is None or facts is None):
            raise ValueError("the app needs its content, or a way to load it and the facts for the title")
        self._content = content
        self._loading = loading if content is None else None
        #: What the content failed with when it loaded behind the title (run_app reports it).
        self.load_error: Exception | None = None
        self._waiting: list[Callable[[], None]] = []
        self._loader: threading.Thread | None = None
        self.title_facts = TitleFacts.from_content(content) if content is not None else facts or TitleFacts()
        self.title = self.title_facts.title or "Crisis diplomacy"
        self.sub_title = self.title_facts.scenario
        self.saves = saves or SaveShelf(None)
        self.start = start
        self.opening = game
        self.seed_source = seed_source
        #: Set once the app is quitting: keys still in flight must not open screens.
        self.leaving = False
        #: Where a crash's details go instead of the terminal (set by `run_app`; tests keep tracebacks).
        self.crash_log: Path | None = None
        #: Log crashes to crash.log in the saves folder (found only when a crash needs it).
        self.crash_log_in_saves = False
        #: Set when the player asks to quit while the computer's month runs: it asks once that is done.
        self.quit_after_month = False

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, the escape key read as soon as ESCDELAY allows."""
        return driver_for(super().get_driver_class())

    # -- the content ---------------------------------------------------------------------

    @property
    def content(self) -> Content:
        """The checked content; only once `ready` (what needs it before then goes through `when_ready`)."""
        if self._content is None:
            raise RuntimeError("the content is still loading: wait for it with when_ready()")
        return self._content

    @property
    def ready(self) -> bool:
        """Whether the content has loaded (always, unless it is loading behind the title)."""
        return self._content is not None

    def when_ready(self, then: Callable[[], None]) -> None:
        """Run `then` now, or as soon as the content has loaded."""
        if self._content is not None:
            then()
            return
        if not self._waiting:
            self.notify("Loading the game's content…", timeout=3, markup=False)
        self._waiting.append(then)

    def newest_save(self) -> SaveEntry | str | None:
        """The newest save "continue" would open, read now; `LOOKING` while the content loads."""
        if self._content is None:
            return LOOKING
        return self.saves.newest_entry(self._content)

    def start_loading(self) -> None:
        """Load the content in a thread, once, a moment after the title's first frame is written:
        the terminal must draw that frame, and on a busy machine the load would take its CPU."""
        if self._loading is not None and self._loader is None:
            self.set_timer(LOAD_AFTER, self._start_thread)

    def _start_thread(self) -> None:
        if self._loading is None or self._loader is not None or self.leaving:
            return
        self._loader = threading.Thread(target=self._load_behind, args=(self._loading,), name="content", daemon=True)
        self._loader.start()

    def _load_behind(self, load: Callable[[], Content]) -> None:
        """In the loading thread: the content, then the newest save (both need the content)."""
        try:
            content = load()
            newest = self.saves.newest_entry(content)
        except Exception as e:  # reported by run_app once the app has closed: the loader's report, or a bug's
            self.post_message(ContentFailed(e))
            return
        self.post_message(ContentLoaded(content, newest))

    def join_loading(self, timeout: float = 30.0) -> None:
        """Wait for the loading thread (when the player quit before it was done)."""
        if self._loader is not None:
            self._loader.join(timeout)

    @on(ContentLoaded)
    async def _loaded(self, message: ContentLoaded) -> None:
        from game.ui.screens.title import TitleScreen

        self._content = message.content
        facts = TitleFacts.from_content(message.content)
        titles = [s for s in self.screen_stack if isinstance(s, TitleScreen)]
        if facts != self.title_facts:  # the TOML as read for the first frame said something else
            self.title_facts = facts
            self.title = facts.title or "Crisis diplomacy"
            self.sub_title = facts.scenario
            for screen in titles:
                await screen.redraw()
        else:
            for screen in titles:
                screen.show_newest(message.newest)
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()

    @on(ContentFailed)
    def _failed(self, message: ContentFailed) -> None:
        self.load_error = message.error
        self._waiting.clear()
        self.exit(1, return_code=1)

    @property
    def month_running(self) -> bool:
        """Whether the computer's month is running in its thread (the spinner screen is open)."""
        from game.ui.screens.thinking import ThinkingScreen

        return any(isinstance(s, ThinkingScreen) for s in self.screen_stack)

    def action_command_palette(self) -> None:
        if not self.month_running:  # nothing opens over the spinner: the game is changing in its thread
            super().action_command_palette()

    def exit(self, result: int | None = None, return_code: int = 0, message: object = None) -> None:
        self.leaving = True
        super().exit(result, return_code, message)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        from game.ui.screens.title import TitleScreen

        # A game asked for on the command line opens at once, with no title made under it.
        if self.opening is not None:
            self.open_game(self.opening, fresh=True)
        elif self.start is None or not self.begin(self.start):
            self.push_screen(TitleScreen())

    def _fatal_error(self) -> None:
        """A bug got through: save the game, write the details to a file, and say so in one line."""
        if self.crash_log is None and self.crash_log_in_saves:
            try:
                self.crash_log = self.saves.folder / "crash.log"
            except Exception:  # the crash handler must not crash: then the terminal gets the traceback
                self.crash_log = None
        if self.crash_log is None:
            super()._fatal_error()
            return
        import traceback

        from textual.worker import WorkerFailed

        error = getattr(self, "_exception", None)
        if isinstance(error, WorkerFailed) and isinstance(error.error, Exception):
            error = error.error  # the computer's month failed in its thread: log what it raised
        try:
            self.crash_log.parent.mkdir(parents=True, exist_ok=True)
            detail = "".join(traceback.format_exception(error)) if error is not None else "unknown error"
            self.crash_log.write_text(detail, encoding="utf-8")
            where = f"The details are in {self.crash_log}; please report it with that file."
        except OSError:
            where = "The details could not be written."
        from rich.text import Text

        saved = self._save_on_crash()
        message = f"{self.title} hit a bug and had to close. {saved} {where}"
        self._exit_renderables.append(Text(" ".join(message.split())))
        self._close_messages_no_wait()

    def _save_on_crash(self) -> str:
        from game.ui.screens.main import MainScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                try:
                    problem = self.saves.autosave(screen.game)
                except Exception:  # the game state itself may be what broke
                    return "The game could not be saved."
                return "The game could not be saved." if problem else "Your game was autosaved."
        return ""

    # -- opening games ---------------------------------------------------------------------

    def begin(self, request: NewGame) -> bool:
        """Start a new game and open it; False (with a message) when the choices do not fit."""
        from game.ai import default_policy
        from game.engine.game import Game, GameSetupError

        try:
            game = Game(
                self.content,
                request.scenario,
                request.power,
                request.seed,
                request.difficulty,
                policy=default_policy(),
            )
        except (GameSetupError, ValueError) as e:
            self.notify(str(e), title="Cannot start this game", severity="error", markup=False)
            return False
        self.open_game(game, fresh=True)
        return True

    def open_game(self, game: Game, notice: str | None = None, fresh: bool = False) -> None:
        """Show a game: the main screen on top of the title (when there is one), replacing any
        game screen open now (which is saved first, where it stands)."""
        from game.ui.screens.main import MainScreen
        from game.ui.screens.title import TitleScreen

        self.save_where_it_stands()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()
        self.push_screen(MainScreen(game, self.saves, fresh))
        if notice:
            self.notify(notice, title="Loaded", timeout=12, markup=False)

    def load(self, path: Path) -> bool:
        try:
            game, notice = self.saves.load(path, self.content)
        except SaveProblem as e:
            self.notify(str(e), title="Cannot load", severity="error", markup=False)
            return False
        self.open_game(game, notice)
        return True

    # -- app-wide actions --------------------------------------------------------------------

    def action_help(self) -> None:
        self.when_ready(self._help)

    def _help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen) and not self.month_running and not self.leaving:
            self.push_screen(HelpScreen())

    def game_in_progress(self) -> Game | None:
        """The game open now, if it has not ended."""
        from game.ui.screens.main import MainScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return None if screen.game.over else screen.game
        return None

    def save_where_it_stands(self) -> str | None:
        """Save the game in progress as it stands (mid-month moves included); a problem, or None."""
        game = self.game_in_progress()
        if game is None:
            return None
        problem = self.saves.autosave(game)
        if problem:
            self.notify(problem, title="Not saved", severity="error", markup=False)
        return problem

    async def action_quit(self) -> None:
        """Quit; a game in progress asks first and is saved where the player stands."""
        from game.ui.screens.quit import DISCARD, SAVE, QuitScreen

        game = self.game_in_progress()
        if game is None or self.leaving:
            self.exit(0)
            return
        if isinstance(self.screen, QuitScreen):
            return
        if self.month_running:
            # The game is changing under the spinner: it can be saved only once the month is done.
            self.quit_after_month = True
            self.notify("The month is being played out; you can quit once it is done.", markup=False, timeout=4)
            return
        self.quit_after_month = False

        def answer(choice: str | None) -> None:
            if (choice == SAVE and self.save_where_it_stands() is None) or choice == DISCARD:
                self.exit(0)

        self.push_screen(QuitScreen(game, self.title), answer)

    def action_to_title(self) -> None:
        from game.ui.screens.title import TitleScreen

        self.save_where_it_stands()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()
        if not isinstance(self.screen, TitleScreen):  # `dualfreeze new` made none: make it now
            self.push_screen(TitleScreen())


def run_app(content: Content | None, args: argparse.Namespace) -> int:
    """Open the game for `dualfreeze` or `dualfreeze new --power ID ...`; returns the exit code.

    Without `content`, the base game's title is drawn at once and its content loads behind it;
    with mods (or names that cannot be read) the content is loaded and checked first."""
    saves = SaveShelf(getattr(args, "saves", None))
    if getattr(args, "command", None) == "new":
        if content is None:
            from game.commands.common import load_content_or_report

            content = load_content_or_report(args.mod)
            if content is None:
                return 1
        opening = _new_game(content, args)
        if opening is None:
            return 2
        app = DualFreezeApp(content, saves=saves, game=opening)
    elif content is not None:
        app = DualFreezeApp(content, saves=saves)
    else:
        from game.commands.names import read_names

        # Mods are strangers' text: they are checked (and a hostile one refused) before anything is
        # drawn, as are stacks whose names cannot even be read. The base game ships checked.
        names = None if getattr(args, "mod", []) else read_names([])
        if names is None:
            loaded = _load_or_none(args)
            return 1 if loaded is None else run_app(loaded, args)
        app = DualFreezeApp(saves=saves, loading=_loading(args), facts=TitleFacts.from_names(names))
    app.crash_log_in_saves = True
    code = app.run()
    app.join_loading()
    if app.load_error is not None:
        return _report_load_error(app.load_error)
    if app.return_code:
        return int(app.return_code)
    return int(code or 0)


def _new_game(content: Content, args: argparse.Namespace) -> Game | None:
    """The game `dualfreeze new` asks for, made before the app opens; None (said why) when it cannot be."""
    from game.ai import default_policy
    from game.engine.game import Game, GameSetupError

    seed = args.seed if getattr(args, "seed", None) is not None else clock_seed()
    try:
        return Game(
            content,
            getattr(args, "scenario", None),
            args.power,
            seed,
            getattr(args, "difficulty", None),
            policy=default_policy(),
        )
    except (GameSetupError, ValueError) as e:
        print(f"dualfreeze new: {e}", file=sys.stderr)
        return None


def _loading(args: argparse.Namespace) -> Callable[[], Content]:
    mods = list(getattr(args, "mod", []))

    def load() -> Content:
        from game.mods.loader import Loader

        return Loader(mods).load()

    return load


def _load_or_none(args: argparse.Namespace) -> Content | None:
    from game.commands.common import load_content_or_report

    return load_content_or_report(getattr(args, "mod", []))


def _report_load_error(error: Exception) -> int:
    """The content failed behind the title: the loader's report, as `dualfreeze` prints it; a bug
    is raised again for the command line's crash report."""
    from game.commands.common import say
    from game.mods.loader import ContentLoadError

    if isinstance(error, ContentLoadError):
        say(error.report())
        return 1
    raise error
