"""The screens do what a player expects: previews before moves, the palette, dialogue, saves, sizes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, TabbedContent

from game.engine.records import OptionChosen
from game.moves import Act
from game.ui.app import NewGame
from game.ui.screens.briefing import BriefingScreen
from game.ui.screens.confirm import ConfirmMoveScreen
from game.ui.screens.end import EndScreen
from game.ui.screens.event import EventScreen
from game.ui.screens.help import HelpScreen
from game.ui.screens.main import MainScreen
from game.ui.screens.saves import LoadScreen, SaveScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.moves import MoveList
from game.ui.widgets.picker import Picker
from game.ui.widgets.wrapped import Wrapped
from tests.ui.conftest import finished_game, make_app, screen_text, settle, shows, to_main, to_talks


def statics(screen) -> str:  # type: ignore[no-untyped-def]
    return screen_text(screen)


async def test_dualfreeze_new_opens_the_game_straight_away(app_factory, crisis) -> None:
    app = app_factory(crisis, power="usa", seed=11)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        assert main.game.player == "usa" and main.game.seed == 11
        # No title is made under the game (start-up is quicker); going back to it makes it then.
        assert not any(isinstance(s, TitleScreen) for s in app.screen_stack)
        app.action_to_title()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert not any(isinstance(s, MainScreen) for s in app.screen_stack)
        await pilot.press("c")  # the game just left was saved where it stood: continue opens it
        await pilot.pause()
        again = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert again.game.player == "usa" and again.game.state.turn == main.game.state.turn


async def test_a_move_shows_its_effects_and_both_advisors_before_it_is_made(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        capital = main.game.state.pvars["chn"]["capital"]
        main.pick("call_un_session")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ConfirmMoveScreen)
        text = statics(modal)
        assert "Likely effects" in text and "Sanctions" in text
        assert "The hawk" in text and "The dove" in text
        assert "Costs ◆2" in text
        await pilot.press("escape")
        await settle(pilot)
        assert main.game.state.pvars["chn"]["capital"] == capital  # cancelled: nothing happened
        main.pick("call_un_session")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert main.game.state.pvars["chn"]["capital"] == capital - 2
        assert any(e.kind == "action" and e.id == "call_un_session" for e in main.game.state.log)


async def test_a_move_with_targets_previews_each_target(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        main.pick("send_envoy")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ConfirmMoveScreen)
        assert "Toward United States" in statics(modal)
        await pilot.press("down")
        await settle(pilot)
        assert "Toward Russia" in statics(modal)
        await pilot.press("enter")
        await settle(pilot)
        assert main.game.state.log[-1].target == "rus"


async def test_the_command_palette_offers_the_legal_moves(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await to_main(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"envoy rus")
        await pilot.pause(0.5)
        await settle(pilot)
        palette = app.screen
        prompts = [str(o.prompt) for o in palette.query_one(OptionList).options]
        assert any("Send a special envoy → Russia" in p for p in prompts), prompts
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ConfirmMoveScreen)
        assert modal.move == Act("send_envoy", "rus")
        await pilot.press("y")
        await settle(pilot)
        assert main.game.state.log[-1].target == "rus"


async def test_bad_or_refused_notation_gives_a_message_not_a_traceback(app_factory, crisis) -> None:
    app = app_factory(crisis)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        real = main.notify
        main.notify = lambda message, **kw: (said.append(str(message)), real(message, **kw))[1]  # type: ignore[method-assign]
        before = len(main.game.state.log)
        for text in ("fly to the moon", "act nonsense", "act rally", "choose nothing here", "", "[@click=app.quit]"):
            main.request_move(text)
            await settle(pilot)
        assert len(main.game.state.log) == before
        assert len(said) >= 5, said
        assert app.is_running


async def test_ending_the_month_shows_a_briefing_then_the_next_month(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert "August 2017" in statics(app.screen)
        await pilot.press("enter")
        await settle(pilot)
        assert main.game.state.turn == 2
        assert isinstance(app.screen, MainScreen | EventScreen)


async def test_help_opens_from_every_screen_with_question_mark(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_main(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_the_layout_fills_a_large_terminal_and_folds_into_tabs_on_a_small_one(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(140, 45)) as pilot:
        main = await to_main(pilot)
        assert main.wide and not main.query(TabbedContent)
        assert main.query("#col-moves")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not main.wide and main.query(TabbedContent)
        assert main.query_one(MoveList).view is not None
        await pilot.press("2")
        await settle(pilot)
        assert main.query_one(TabbedContent).active == "news-tab"


async def test_dialogue_talks_builds_a_deal_and_reads_the_answer(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        dialogue = await to_talks(pilot)
        assert dialogue.counterpart == "usa"
        await pilot.press("t")
        await settle(pilot)
        assert any(e.kind == "dialogue" and e.power == "usa" for e in main.game.state.log)
        terms = dialogue.query_one("#terms", Picker)
        terms.pick(["halt_drills"])
        await settle(pilot)
        assert shows(dialogue, "ready to send")
        await pilot.press("p")
        await settle(pilot)
        # the proposal is previewed before it is sent
        preview = app.screen
        assert isinstance(preview, ConfirmMoveScreen)
        assert shows(preview, "If every party agrees") and shows(preview, "To: United States")
        assert not [e for e in main.game.state.log if e.kind == "proposal"]
        await pilot.press("y")
        await settle(pilot)
        proposals = [e for e in main.game.state.log if e.kind == "proposal"]
        assert proposals and proposals[-1].power == "chn"
        answer = dialogue.query_one("#answer-text", Wrapped).text
        assert "United States" in answer
        assert any(w in answer for w in ("accepts", "refuses", "counters"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_save_then_load_from_the_title(crisis, tmp_path: Path) -> None:
    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 5))
    async with app.run_test(size=(100, 30)) as pilot:
        main = await to_main(pilot)
        if not app.saves.available:
            return
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SaveScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        saved_turn = main.game.state.turn
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.action_to_title()
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LoadScreen)
        names = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert any("China July 2017" in n for n in names), names
        index = next(i for i, n in enumerate(names) if "China July 2017" in n)
        ol = app.screen.query_one(OptionList)
        ol.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        loaded = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert loaded is not main
        assert loaded.game.state.turn == saved_turn


async def test_a_finished_game_opens_on_the_end_screen_with_the_chart(crisis, tmp_path: Path) -> None:
    game = finished_game(crisis)
    app = make_app(crisis, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_game(game)
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        text = statics(app.screen)
        assert "China (you)" in text
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "NewGameScreen"


async def test_a_bug_saves_the_game_and_writes_its_details_to_a_file_not_the_screen(
    crisis, tmp_path: Path, capfd
) -> None:
    import pytest

    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 5))
    app.crash_log = tmp_path / "saves" / "crash.log"

    def broken() -> None:
        raise RuntimeError("a bug in the interface")

    with pytest.raises(RuntimeError):  # the test harness still sees it
        async with app.run_test(size=(80, 24)) as pilot:
            main = await to_main(pilot)
            main.action_dialogue = broken  # type: ignore[method-assign]
            await pilot.press("d")
            await pilot.pause()
    assert "a bug in the interface" in app.crash_log.read_text()
    shown = capfd.readouterr().err
    assert "Traceback" not in shown and "had to close" in shown
    assert list((tmp_path / "saves").glob("autosave-*.json"))


async def test_the_palette_answers_an_event_too_after_its_preview(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # past the briefing
        await settle(pilot)
        event = app.screen
        assert isinstance(event, EventScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"close the border")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # picked in the palette: highlighted in the event with its preview, not yet chosen
        assert app.screen is event
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert not any(isinstance(e, OptionChosen) and e.power == "chn" for e in main.game.state.log)
        choices = event.query_one("#choices", OptionList)
        assert choices.highlighted_option is not None and choices.highlighted_option.id == "close"
        assert shows(event, "Likely effects")
        await pilot.press("enter")
        await settle(pilot)
        choice = next(e for e in main.game.state.log if isinstance(e, OptionChosen) and e.power == "chn")
        assert choice.option == "close"


async def test_ctrl_r_records_the_game_as_a_script_that_replays_it(crisis, tmp_path: Path) -> None:
    from game.scripts import run_script

    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 5))
    async with app.run_test(size=(100, 30)) as pilot:
        main = await to_main(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        await pilot.press("ctrl+r")
        await settle(pilot)
        recordings = list((tmp_path / "saves" / "recordings").glob("*.toml"))
        assert len(recordings) == 1
        result = run_script(recordings[0], crisis)
        assert result.ok, result.failure
        assert result.game is not None and result.game.state_hash() == main.game.state_hash()
