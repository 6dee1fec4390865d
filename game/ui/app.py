"""The app: a thin shell holding the content and the saves, and opening screens.

Dependencies come in from outside (the content, the saves folder, a source of seeds), so tests
build the app with a fixture world and a fixed seed. `run_app` is the command line's door. The
shell names only what the content names: its title is the content's.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from game.ai import default_policy
from game.engine.game import Game, GameSetupError
from game.engine.setup import new_state
from game.ui.requests import NewGame, clock_seed
from game.ui.saving import SaveProblem, SaveShelf

__all__ = ["DualFreezeApp", "NewGame", "clock_seed", "run_app"]

if TYPE_CHECKING:
    from game.mods.content import Content


class DualFreezeApp(App[int]):
    """Opens the title screen (or a game straight away) and switches between screens."""

    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        content: Content,
        *,
        saves: SaveShelf | None = None,
        start: NewGame | None = None,
        seed_source: Callable[[], int] = clock_seed,
    ) -> None:
        super().__init__()
        self.content = content
        self.title = content.title or "Crisis diplomacy"
        scenario = next(iter(content.scenarios.values()), None)
        self.sub_title = scenario.model.name if scenario is not None else ""
        self.saves = saves or SaveShelf(None)
        self.start = start
        self.seed_source = seed_source
        #: Set once the app is quitting: keys still in flight must not open screens.
        self.leaving = False
        #: Where a crash's details go instead of the terminal (set by `run_app`; tests keep tracebacks).
        self.crash_log: Path | None = None
        #: Set when the player asks to quit while the computer's month runs: it asks once that is done.
        self.quit_after_month = False

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

        self.push_screen(TitleScreen())
        if self.start is not None:
            self.begin(self.start)

    def _fatal_error(self) -> None:
        """A bug got through: save the game, write the details to a file, and say so in one line."""
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
        """Show a game: the main screen on top of the title, replacing any game screen open now
        (which is saved first, where it stands)."""
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
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen) and not self.month_running:
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


def run_app(content: Content, args: argparse.Namespace) -> int:
    """Open the game for `dualfreeze` or `dualfreeze new --power ID ...`; returns the exit code."""
    saves = SaveShelf(getattr(args, "saves", None))
    start = None
    if getattr(args, "command", None) == "new":
        seed = args.seed if getattr(args, "seed", None) is not None else clock_seed()
        start = NewGame(args.power, seed, getattr(args, "scenario", None), getattr(args, "difficulty", None))
        try:
            new_state(content, start.scenario, start.power, start.seed, start.difficulty)
        except (GameSetupError, ValueError) as e:
            print(f"dualfreeze new: {e}", file=sys.stderr)
            return 2
    app = DualFreezeApp(content, saves=saves, start=start)
    app.crash_log = saves.folder / "crash.log"
    code = app.run()
    if app.return_code:
        return int(app.return_code)
    return int(code or 0)
