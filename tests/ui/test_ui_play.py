"""A whole game played with keys, from the title screen to the end screen."""

from __future__ import annotations

from pathlib import Path

from game.ui.screens.end import EndScreen
from game.ui.screens.main import MainScreen
from game.ui.screens.setup import NewGameScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.chart import TensionChart
from tests.ui.conftest import make_app, play_to_the_end, screen_text, settle


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


async def test_the_base_game_plays_to_its_end_with_keys(base, tmp_path: Path) -> None:
    from game.ui.app import NewGame

    app = make_app(base, tmp_path / "saves", NewGame("chn", 3))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await play_to_the_end(pilot, max_presses=4000)
        assert isinstance(app.screen, EndScreen)
        assert app.screen.game.over
