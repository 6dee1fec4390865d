"""A whole game played with keys, from the title screen to the end screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ui.screens.end import EndScreen
from game.ui.screens.main import MainScreen
from game.ui.screens.setup import NewGameScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.chart import TensionChart
from tests.ui.conftest import make_app, play_to_the_end, screen_text, settle


@pytest.mark.slow
async def test_a_new_player_plays_from_the_title_to_the_end_with_keys(crisis, tmp_path: Path) -> None:
    app = make_app(crisis, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        # the power list starts on the first power; pick China (second), then difficulty, seed, start
        await pilot.press("down", "enter", "enter", "enter")
        await pilot.pause()
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert main.game.player == "chn"
        assert main.game.seed == 42
        presses = await play_to_the_end(pilot)
        assert isinstance(app.screen, EndScreen)
        assert presses > 6
        end = app.screen
        assert end.game.over
        chart = end.query_one(TensionChart)
        assert chart.view is not None and len(chart.view.points) == end.game.state.turn + 1
        text = screen_text(app.screen)
        assert "(you)" in text and "history" in text
        # the end screen offers another game and the title
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


@pytest.mark.slow
async def test_the_base_game_plays_from_the_title_to_its_end_with_keys_at_80x24(base, tmp_path: Path) -> None:
    app = make_app(base, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("down", "enter", "enter", "enter")  # China, the default difficulty, the seed: start
        await settle(pilot)
        await play_to_the_end(pilot, max_presses=4000)
        assert isinstance(app.screen, EndScreen)
        assert app.screen.game.over and app.screen.game.player == "chn"


async def test_a_first_evening_with_the_keyboard_alone_talks_proposes_declares_quits_and_continues(
    crisis, tmp_path: Path
) -> None:
    """Everything a new player does on the first evening, from the title, at 80x24, keys only."""
    from game.engine.records import Dialogue, Proposed, StatementIssued
    from game.ui.screens.confirm import ConfirmMoveScreen
    from game.ui.screens.dialogue import DialogueScreen
    from game.ui.screens.event import EventScreen, OfferScreen
    from game.ui.screens.quit import QuitScreen
    from game.ui.screens.statement import StatementScreen

    saves = tmp_path / "saves"
    app = make_app(crisis, saves)
    async with app.run_test(size=(80, 24)) as pilot:

        async def keys(*names: str) -> None:
            for name in names:
                await pilot.press(name)
                await settle(pilot)

        await keys("n", "down", "enter", "enter", "enter")  # China
        await keys("enter")  # the briefing
        assert isinstance(app.screen, EventScreen)
        await keys("1", "1")  # a choice's number shows it, the same number again makes it
        main = app.screen
        assert isinstance(main, MainScreen)
        await keys("d", "t")  # talk to the first counterpart
        assert isinstance(app.screen, DialogueScreen)
        await keys("2", "enter", "p")  # a known deal, its preview
        assert isinstance(app.screen, ConfirmMoveScreen)
        await keys("y")
        if isinstance(app.screen, OfferScreen):  # a counter-offer: refuse it
            await keys("r")
        await keys("4", "s")  # a statement: invite the first co-signer, read the preview, issue it
        assert isinstance(app.screen, StatementScreen)
        await keys("space", "y")
        log = main.game.state.log
        assert any(isinstance(e, Dialogue) for e in log)
        assert any(isinstance(e, Proposed) and e.power == "chn" for e in log)
        assert any(isinstance(e, StatementIssued) and e.power == "chn" for e in log)
        await keys("escape", "ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        await keys("y")
    assert not app.is_running
    again = make_app(crisis, saves)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        main = next(s for s in again.screen_stack if isinstance(s, MainScreen))
        assert main.game.state.moves_made == 2  # the proposal and the statement, kept
        await play_to_the_end(pilot)
        assert isinstance(again.screen, EndScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(again.screen, NewGameScreen)
