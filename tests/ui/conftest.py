"""Fixtures for the interface tests: a small fixed world, apps built on it, and a key-driven player."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.mods.content import Content
from game.mods.loader import ContentLoadError, load_content
from game.moves import Choose, EndTurn, RefuseCounter
from game.ui.app import DualFreezeApp, NewGame
from game.ui.saving import SaveShelf
from game.ui.screens.briefing import BriefingScreen
from game.ui.screens.confirm import ConfirmMoveScreen
from game.ui.screens.dialogue import DialogueScreen
from game.ui.screens.end import EndScreen
from game.ui.screens.event import EventScreen, OfferScreen
from game.ui.screens.main import MainScreen
from game.ui.screens.thinking import ThinkingScreen

HERE = Path(__file__).parent
CRISIS = HERE / "fixtures" / "crisis"
HOSTILE = HERE / "fixtures" / "hostile"


@pytest.fixture(scope="session")
def crisis() -> Content:
    return load_content([CRISIS])


@pytest.fixture(scope="session")
def hostile() -> Content:
    return load_content([CRISIS, HOSTILE])


@pytest.fixture(scope="session")
def base() -> Content:
    try:
        return load_content([])
    except ContentLoadError as e:  # the base game is written alongside; say why when it is broken
        pytest.skip(f"the base content does not load yet: {e}")


def make_app(content: Content, saves: Path, start: NewGame | None = None) -> DualFreezeApp:
    return DualFreezeApp(content, saves=SaveShelf(saves), start=start, seed_source=lambda: 42)


@pytest.fixture
def app_factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    def build(content: Content, power: str | None = "chn", seed: int = 7) -> DualFreezeApp:
        start = NewGame(power, seed) if power else None
        return make_app(content, tmp_path / "saves", start)

    return build


def finished_game(content: Content, power: str = "chn", seed: int = 7) -> Game:
    """A game played to its end by moves alone (first option, refuse offers, end the month), so its
    move log replays exactly."""
    game = Game(content, None, power, seed, policy=UtilityPolicy())
    for _ in range(10_000):
        if game.over:
            return game
        moves = game.legal_moves()
        choose = next((m for m in moves if isinstance(m, Choose)), None)
        if choose is not None:
            game.play(choose)
        elif RefuseCounter() in moves:
            game.play(RefuseCounter())
        else:
            game.play(EndTurn())
    raise AssertionError("the game did not end")


def screen_text(screen) -> str:  # type: ignore[no-untyped-def]
    """Everything a screen shows in words: statics, wrapped text, list prompts, buttons, titles."""
    from textual.widgets import Button, OptionList, Static

    from game.ui.widgets.board import BoardMap
    from game.ui.widgets.chart import TensionChart
    from game.ui.widgets.ladder import Ladder
    from game.ui.widgets.opinions import OpinionMatrix
    from game.ui.widgets.status import StatusBar
    from game.ui.widgets.tracks import Tracks
    from game.ui.widgets.wrapped import Wrapped

    drawn = (BoardMap, TensionChart, Ladder, OpinionMatrix, StatusBar, Tracks)
    parts: list[str] = []
    for w in screen.query("*"):
        if isinstance(w, drawn):
            parts.append(w.render().plain)
        elif isinstance(w, Static) and not isinstance(w, Button) and w.visual is not None:
            parts.append(str(w.visual))
        elif isinstance(w, Wrapped):
            parts.append(w.text)
        elif isinstance(w, OptionList):
            parts.extend(str(w.get_option_at_index(i).prompt) for i in range(w.option_count))
        elif isinstance(w, Button):
            parts.append(str(w.label))
        if w.border_title:
            parts.append(str(w.border_title))
    return "\n".join(parts)


def shows(screen, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the screen shows `text`, wherever its lines were wrapped."""
    return "".join(text.split()) in "".join(screen_text(screen).split())


async def settle(pilot: Pilot) -> None:
    """Wait for the app to be still: its workers done, and the computer's month played out (its
    thread starts only once the spinner screen is drawn)."""
    await pilot.pause()
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not pilot.app.is_running or not getattr(pilot.app, "month_running", False):
            return


async def to_main(pilot) -> MainScreen:  # type: ignore[no-untyped-def]
    """Answer whatever waits at the start with the first option and return the main screen."""
    app = pilot.app
    await settle(pilot)
    for _ in range(10):
        if isinstance(app.screen, (EventScreen, BriefingScreen)):  # the first choice; the briefing read
            await pilot.press("enter")
        else:
            break
        await settle(pilot)
    assert isinstance(app.screen, MainScreen)
    return app.screen


async def to_talks(pilot) -> DialogueScreen:  # type: ignore[no-untyped-def]
    """Open the talk screen from the board (`d`) and return it once it is still."""
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DialogueScreen)
    return pilot.app.screen


async def play_to_the_end(pilot: Pilot, max_presses: int = 2000) -> int:
    """Play with keys only: enter takes the highlighted move (or ends the month), y confirms, enter
    makes an event's highlighted choice, r refuses offers, enter reads the briefing. Returns the
    number of keys pressed."""
    app = pilot.app
    presses = 0
    trail: list[str] = []
    while presses < max_presses:
        screen = app.screen
        if isinstance(screen, EndScreen):
            await settle(pilot)
            return presses
        if isinstance(screen, ThinkingScreen):  # the computer's month: its keys would be dropped
            await settle(pilot)
            continue
        if isinstance(screen, EventScreen):
            key = "enter"
        elif isinstance(screen, OfferScreen):
            key = "r"
        elif isinstance(screen, ConfirmMoveScreen):
            key = "y"
        elif isinstance(screen, (BriefingScreen, MainScreen)):
            key = "enter"
        else:
            raise AssertionError(f"unexpected screen {screen!r}")
        trail.append(f"{type(screen).__name__}/{type(app.focused).__name__}:{key}")
        await pilot.press(key)
        await pilot.pause()
        presses += 1
    raise AssertionError(f"the game did not end within {max_presses} keys: {' '.join(trail[-30:])}")
