"""Content is text, never markup: titles that look like Textual markup show as written and run nothing."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from game.ui.screens.briefing import BriefingScreen
from game.ui.screens.event import EventScreen
from game.ui.screens.main import MainScreen
from game.ui.widgets.news import NewsFeed
from tests.ui.conftest import screen_text, settle, to_talks

CLICK_TITLE = "[@click=app.quit]Quit[/]"
BOLD_TITLE = "[bold]x"


def flat(text: str) -> str:
    return "".join(text.split())


def visible_text(screen) -> str:  # type: ignore[no-untyped-def]
    """The screen's text with every wrapped line joined again (long names wrap, never cut)."""
    return "".join(screen_text(screen).split())


async def test_an_event_titled_like_markup_shows_its_brackets_and_clicking_runs_nothing(app_factory, hostile) -> None:
    app = app_factory(hostile)
    rang: list[str] = []
    app.bell = lambda: rang.append("bell")  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # the opening briefing lists the month's news, titles included, as written
        briefing = app.screen
        assert isinstance(briefing, BriefingScreen)
        assert flat(CLICK_TITLE) in visible_text(briefing) and flat(BOLD_TITLE) in visible_text(briefing)
        await pilot.click("#news")
        await pilot.pause()
        assert app.is_running and rang == []
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventScreen)
        text = visible_text(screen)
        assert flat(CLICK_TITLE) in text
        assert flat("[@click=app.bell]Ring the bell[/]") in text
        assert flat("[@click=app.quit]Leave now[/]") in text
        title = screen.query_one("#title", Static)
        assert str(title.visual) == CLICK_TITLE
        # click the title, the story and the option that spell out actions: nothing runs
        await pilot.click("#title")
        await pilot.click("#story")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert rang == []
        assert isinstance(app.screen, EventScreen)
        # choose the first option; the next event is the one titled with a bare bold tag
        await pilot.press("1", "1")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventScreen)
        assert str(screen.query_one("#title", Static).visual) == BOLD_TITLE
        assert flat("[/] unbalanced [b]markup[/i] and $variable") in visible_text(screen)
        await pilot.click("#title")
        await pilot.press("1", "1")
        await settle(pilot)
        # the news feed shows both titles literally, and clicking it runs nothing either
        await pilot.press("escape")
        await settle(pilot)
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        news = main.query_one(NewsFeed)
        shown = screen_text(news)
        assert flat(CLICK_TITLE) in flat(shown)
        assert flat(BOLD_TITLE) in flat(shown)
        assert app.is_running and rang == []


async def test_a_power_named_like_markup_is_shown_literally_on_the_main_and_dialogue_screens(
    app_factory, hostile
) -> None:
    app = app_factory(hostile)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1", "1")
        await settle(pilot)
        await pilot.press("1", "1")
        await settle(pilot)
        await pilot.press("1", "1")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("4")
        text = visible_text(await to_talks(pilot))
        assert flat("[@click=app.quit]Japan[/]") in text
        # pick Japan (the last counterpart) and read what it cares about
        ol = app.screen.query_one("#counterparts", OptionList)
        ol.highlighted = ol.option_count - 1
        await settle(pilot)
        text = visible_text(app.screen)
        assert flat("[$accent]PM [bold]Heron") in text
        assert flat("[i]pressure[/i] is the [@click=app.quit]only[/] language") in text
        await pilot.click("#talk-text")
        await pilot.click("#counterparts")
        await settle(pilot)
        assert app.is_running and app.return_code is None
