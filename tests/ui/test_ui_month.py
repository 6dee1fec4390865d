"""What the computer's powers are after, the month they play behind a spinner, the rung a move
would reach, the score line by line, and walking out of an agreement."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from game.ai import UtilityPolicy
from game.engine import deals
from game.engine.scoring import score_lines
from game.moves import Act, Break, EndTurn
from game.ui.app import NewGame
from game.ui.screens.briefing import BriefingScreen
from game.ui.screens.confirm import ConfirmMoveScreen
from game.ui.screens.dialogue import DialogueScreen
from game.ui.screens.end import EndScreen
from game.ui.screens.main import MainScreen
from game.ui.screens.thinking import THINKING_WORDS, ThinkingScreen
from game.ui.view import words
from game.ui.widgets.wrapped import Wrapped
from tests.ui.conftest import finished_game, make_app, screen_text, settle, shows, to_main, to_talks


async def open_dialogue(pilot) -> DialogueScreen:  # type: ignore[no-untyped-def]
    await to_main(pilot)
    await to_talks(pilot)
    await pilot.pause(0.3)  # the aim is worked out once the highlight rests
    await settle(pilot)
    return pilot.app.screen


def count_aims(game) -> list[str]:  # type: ignore[no-untyped-def]
    """Wrap the policy's `aim` so the test sees every time the search behind it runs."""
    calls: list[str] = []
    real = game.policy.aim

    def aim(state, power):  # type: ignore[no-untyped-def]
        calls.append(power)
        return real(state, power)

    game.policy.aim = aim
    return calls


# -- 1. aims on the talk screen ------------------------------------------------------------------


async def test_the_talk_page_says_what_the_counterpart_is_after(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        dialogue = await open_dialogue(pilot)
        game = dialogue.game
        before = game.state_hash()
        expected = game.policy.aim(game.state, dialogue.counterpart)
        assert expected
        assert shows(dialogue, "Their aim:") and shows(dialogue, expected)
        assert game.state_hash() == before  # reading an aim changes nothing in the game


async def test_an_aim_is_worked_out_once_a_position_and_not_on_every_key(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        dialogue = await open_dialogue(pilot)
        calls = count_aims(dialogue.game)
        first = dialogue.counterpart
        walk = ("down", "down", "down", "up", "up", "up")  # down the list and back
        for _ in range(3):
            await pilot.press(*walk)
            await pilot.pause(0.3)
            await settle(pilot)
        assert dialogue.counterpart == first
        # the same position all along: each aim is worked out once at most, the first one was known
        assert first not in calls and len(calls) == len(set(calls))
        seen = list(calls)
        for key in ("2", "1", "3", "1"):  # tabs, no change to the game
            await pilot.press(key)
            await settle(pilot)
        assert calls == seen
        await pilot.press("1", "t")  # talking changes the position: the aim is read again, once
        await pilot.pause(0.3)
        await settle(pilot)
        assert calls == [*seen, first]


async def test_a_proposals_answer_is_drawn_before_the_counterparts_aim_is_worked_out(
    app_factory, crisis, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        dialogue = await open_dialogue(pilot)
        order = count_aims(dialogue.game)
        answer = dialogue.query_one("#answer-text", Wrapped)
        real_update = answer.update

        def update(make, key=None):  # type: ignore[no-untyped-def]
            if isinstance(key, tuple) and key[0] == "answer" and key[1] is not None:
                order.append("the answer")
            return real_update(make, key=key)

        monkeypatch.setattr(answer, "update", update)
        first = dialogue.counterpart
        await pilot.press("2", "enter", "p")  # a known deal, its preview
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause(0.3)
        await settle(pilot)
        assert "the answer" in order and first in order
        assert order.index("the answer") < order.index(first), order
        assert shows(dialogue, "Their aim:")


async def test_no_aim_at_the_hardest_intel_or_from_a_policy_that_cannot_say(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        dialogue = await open_dialogue(pilot)
        game = dialogue.game
        assert shows(dialogue, "Their aim:")
        game.state.difficulty = game.state.difficulty.model_copy(update={"intel": 0})
        dialogue.show()
        await pilot.pause(0.3)
        await settle(pilot)
        assert not shows(dialogue, "Their aim:")
        game.state.difficulty = game.state.difficulty.model_copy(update={"intel": 1})
        game.policy = UtilityPolicy()  # no `aim` at all
        dialogue.show()
        await pilot.pause(0.3)
        await settle(pilot)
        assert not shows(dialogue, "Their aim:")


# -- 2. the computer's month behind a spinner ----------------------------------------------------


def slow_month(game) -> tuple[threading.Event, list[str]]:  # type: ignore[no-untyped-def]
    """Make ending the month wait until the test sets the event it returns, with the names of
    the threads the month ran in."""
    threads: list[str] = []
    go = threading.Event()
    real = game.play

    def play(move):  # type: ignore[no-untyped-def]
        if isinstance(move, EndTurn):
            threads.append(threading.current_thread().name)
            assert go.wait(10)
        return real(move)

    game.play = play
    return go, threads


async def test_ending_the_month_shows_a_spinner_and_drops_the_keys_meanwhile(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        turn = main.game.turn
        go, threads = slow_month(main.game)
        await pilot.press("e")
        await pilot.pause(0.25)
        thinking = app.screen
        assert isinstance(thinking, ThinkingScreen) and thinking.shown
        assert THINKING_WORDS in screen_text(thinking)
        await pilot.press("e", "d", "escape", "enter", "ctrl+p", "f1")  # the game is changing: none of these act
        assert app.screen is thinking
        go.set()
        await settle(pilot)
        assert threads and threads[0] != threading.main_thread().name  # it ran off the interface's thread
        assert main.game.turn == turn + 1  # one month, however many keys
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is main and main.query_one("StatusBar").view is not None


async def test_until_the_spinner_is_due_the_board_stays_in_view(app_factory, crisis, monkeypatch) -> None:
    from game.ui.screens import thinking as module

    monkeypatch.setattr(module, "SPINNER_DELAY", 30.0)  # a month quicker than that shows nothing
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        go, _ = slow_month(main.game)
        await pilot.press("e")
        await pilot.pause(0.2)
        thinking = app.screen
        assert isinstance(thinking, ThinkingScreen) and not thinking.shown
        assert thinking.styles.background.a == 0  # see-through: the board shows as it was
        go.set()
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)


async def test_quitting_during_the_month_waits_for_it_then_asks(app_factory, crisis) -> None:
    from game.ui.screens.quit import QuitScreen

    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        go, _ = slow_month(main.game)
        await pilot.press("e")
        await pilot.pause(0.1)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ThinkingScreen)
        go.set()
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)


async def test_an_error_in_the_month_reaches_the_crash_handler(tmp_path: Path, crisis) -> None:
    from textual.worker import WorkerFailed

    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    app.crash_log = tmp_path / "crash.log"

    def broken(move):  # type: ignore[no-untyped-def]
        raise RuntimeError("the month broke")

    with pytest.raises((WorkerFailed, RuntimeError)):
        async with app.run_test(size=(80, 24)) as pilot:
            main = await to_main(pilot)
            main.game.play = broken
            await pilot.press("e")
            await settle(pilot)
            await pilot.pause(0.2)
    log = (tmp_path / "crash.log").read_text()
    assert "RuntimeError: the month broke" in log and "Traceback" in log
    assert (tmp_path / "saves").exists()  # the game was autosaved


# -- 3. the warning names the rung ---------------------------------------------------------------


async def test_a_move_that_climbs_the_ladder_names_the_rung_it_reaches(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        main.game.state.set_var("tension", 59)
        main.request_move(Act("rally"))
        await settle(pilot)
        assert isinstance(app.screen, ConfirmMoveScreen)
        assert shows(app.screen, "⚠ This would push the crisis up to Brink.")
        await pilot.press("escape")
        await settle(pilot)
        main.request_move(Act("call_un_session"))  # calms: no warning
        await settle(pilot)
        assert not shows(app.screen, "⚠ This would push")


def test_the_old_words_stand_when_the_rung_has_no_name() -> None:
    from game.engine.preview import Preview
    from game.ui.widgets.preview import escalation_words

    assert escalation_words(Preview("act x", (), (), True, (), "")) == (
        "⚠ This would push the crisis up a rung of the ladder."
    )
    assert escalation_words(Preview("act x", (), (), True, (), "Brink")) == "⚠ This would push the crisis up to Brink."


# -- 4. the score line by line -------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_end_screen_gives_the_players_score_line_by_line(tmp_path: Path, crisis, size) -> None:
    game = finished_game(crisis)
    lines = score_lines(game.state, "chn")
    assert lines
    app = make_app(crisis, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(EndScreen(game))
        await settle(pilot)
        end = app.screen
        for label, points in lines:
            assert shows(end, words.prose(label)[1:]) and shows(end, f"{points:+.1f}")
        mine = game.state.scores["chn"]
        assert shows(end, f"Your score {mine:+.1f}")
        assert abs(sum(p for _, p in lines) - mine) < 0.1 * len(lines) + 0.05
        assert shows(end, "Every power's score")
        await pilot.press("2")
        await settle(pilot)
        box = end.query_one("#my-score")
        assert box.region.y >= 0 and box.region.bottom <= size[1]  # in view after its key


# -- 5. walking out of an agreement --------------------------------------------------------------


def sign_with_usa(main: MainScreen) -> str:
    st = main.game.state
    agreement = deals.sign(st, ("chn", "usa"), ("freeze_tests",), None)
    return agreement.id


async def test_walking_out_of_an_agreement_shows_its_preview_first(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        deal = sign_with_usa(main)
        assert Break(deal) in main.game.legal_moves()
        dialogue = await to_talks(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert shows(dialogue, "with United States") and shows(dialogue, "Walk out")
        await pilot.press("b")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmMoveScreen) and confirm.move == Break(deal)
        assert shows(confirm, "Break the agreement") and shows(confirm, "Likely effects")
        await pilot.press("escape")  # thought better of it
        await settle(pilot)
        assert main.game.state.agreement(deal) is not None
        await pilot.press("enter")  # enter on the agreement opens the same preview
        await settle(pilot)
        assert isinstance(app.screen, ConfirmMoveScreen)
        await pilot.press("y")
        await settle(pilot)
        assert main.game.state.agreement(deal) is None
        assert app.screen is dialogue and shows(dialogue, "You are party to no agreement in force.")


async def test_with_no_agreement_there_is_nothing_to_walk_out_of(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_main(pilot)
        await pilot.press("d")
        await settle(pilot)
        dialogue = app.screen
        assert shows(dialogue, "You are party to no agreement in force.")
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is dialogue
