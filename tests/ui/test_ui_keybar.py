"""The key bar: the screen's keys on one line, as Textual's Footer showed them, drawn as one widget
that follows the bindings, presses a clicked key, and draws nothing again when they are unchanged."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from game.ui.screens.dialogue import DialogueScreen
from game.ui.screens.main import MainScreen
from game.ui.widgets.keybar import KeyBar
from tests.ui.conftest import make_app, settle, to_main, to_talks


def _line(screen) -> str:  # type: ignore[no-untyped-def]
    return screen.query_one(KeyBar).render().plain


async def test_the_bar_shows_the_screen_s_keys_in_order_and_the_palette_on_the_right(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        line = _line(main)
        assert line.startswith(" e End month  d Talk  ? Help  esc Menu ")
        assert line.endswith("▏^p palette ") and len(line) == 120
        talks = await to_talks(pilot)
        assert " p Propose " in _line(talks) and " d Talk " not in _line(talks)


async def test_a_narrow_bar_leaves_keys_off_from_the_end_but_never_the_palette(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(40, 24)) as pilot:
        main = await to_main(pilot)
        line = _line(main)
        assert line.startswith(" e End month  d Talk ") and "Menu" not in line
        assert line.endswith("▏^p palette ") and len(line) == 40


async def test_the_bar_follows_the_focused_widget_s_bindings(crisis, tmp_path: Path) -> None:
    app = make_app(crisis, tmp_path / "saves")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.focused, OptionList)
        assert " ⏎ Choose and go on " in _line(app.screen) and " s Start the game " in _line(app.screen)


async def test_a_click_on_a_key_presses_it(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        bar = main.query_one(KeyBar)
        x = _line(main).index(" d Talk ") + 2
        await pilot.click(KeyBar, offset=(x, 0))
        await settle(pilot)
        assert isinstance(app.screen, DialogueScreen)
        await pilot.press("escape")
        await settle(pilot)
        first = bar.key_at(0)
        assert app.screen is main
        assert first is not None and first.key == "e"


async def test_bindings_unchanged_by_a_screen_switch_draw_nothing_again(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        assert isinstance(main, MainScreen)
        bar = main.query_one(KeyBar)
        drawn: list[int] = []

        def counted(*args: object, **kwargs: object) -> KeyBar:
            drawn.append(1)
            return bar

        bar.refresh = counted  # type: ignore[method-assign]
        before = bar.keys
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert bar.keys == before and not drawn
