"""What keeps keys quick without changing what they do: the talk screen is composed once a game
and opens again as new, an unchanged view draws nothing again, the month's autosave is written
once its briefing is drawn, and the collector leaves what is alive alone during a game."""

from __future__ import annotations

import gc
from pathlib import Path

from textual.content import Content
from textual.widgets import Button

from game.ui.app import NewGame
from game.ui.screens.briefing import BriefingScreen
from game.ui.screens.dialogue import DialogueScreen
from game.ui.screens.main import MainScreen
from game.ui.widgets.picker import Picker
from game.ui.widgets.wrapped import HangingOptions, Row, Wrapped
from tests.ui.conftest import make_app, settle, to_main, to_talks


async def test_the_talk_screen_is_kept_and_opens_again_as_new(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        first = await to_talks(pilot)
        counterparts = first.query_one("#counterparts", HangingOptions)
        start = first.counterpart
        await pilot.press("down")  # another counterpart
        await settle(pilot)
        assert first.counterpart != start
        first.query_one("#terms", Picker).pick([first.query_one("#terms", Picker).rows[0].id])  # type: ignore[union-attr]
        await settle(pilot)
        assert first.query_one("#terms", Picker).picked
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is main
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is first  # the same widgets, not composed again
        assert first.counterpart == start and counterparts.highlighted == 0
        assert first.query_one("#terms", Picker).picked == []
        assert first.focused is counterparts
        assert "Pick one or more terms" in first.query_one("#deal-summary", Wrapped).text


def _styles(screen) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(repr(w), str(w.rich_style), str(w.styles.background)) for w in screen.query("*")]


async def test_the_talk_screen_opened_again_styles_only_what_changed_and_all_after_a_theme(app_factory, crisis) -> None:
    """Opening the kept talk screen again skips Textual's full restyle; its styles are then what
    a full restyle gives, after the player changed it (another counterpart, a term picked) and
    after a change of theme, which does restyle everything."""
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_main(pilot)
        talks = await to_talks(pilot)
        full = talks.update_node_styles
        passes: list[int] = []
        talks.update_node_styles = lambda animate=True: (passes.append(1), full(animate))  # type: ignore[method-assign]
        for theme in (None, "textual-light"):
            await pilot.press("down")
            await pilot.press("2", "enter")  # the deal section, a known deal's terms picked
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            if theme is not None:
                app.theme = theme
                await settle(pilot)
            passes.clear()
            await pilot.press("d")
            await settle(pilot)
            assert app.screen is talks
            assert len(passes) == (0 if theme is None else 1)
            seen = _styles(talks)
            full(animate=False)
            assert _styles(talks) == seen


async def test_p_on_a_deal_that_cannot_be_offered_says_why_and_opens_no_preview(app_factory, base) -> None:
    """The deal builder disables its Propose button for a deal that cannot be offered (here a
    term that needs Pyongyang's signal first); the `p` key says why instead of opening a preview
    whose 'make the move' would only be refused."""
    from game.ui.screens.confirm import ConfirmMoveScreen

    app = app_factory(base, "kor", 4)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        move_count = len(main.game.move_log)
        talks = await to_talks(pilot)
        talks.query_one("#terms", Picker).pick(["kor_food_aid", "military_hotline"])
        await settle(pilot)
        assert talks.query_one("#propose").disabled
        await pilot.press("p")
        await settle(pilot)
        assert app.screen is talks and not isinstance(app.screen, ConfirmMoveScreen)
        said = [str(n.message) for n in app._notifications]
        assert any("cannot be offered now." in m for m in said), said
        assert len(main.game.move_log) == move_count


async def test_a_new_game_gets_a_new_talk_screen(tmp_path: Path, crisis) -> None:
    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        await pilot.press("d")
        await settle(pilot)
        talks = app.screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.begin(NewGame("chn", 8))
        await settle(pilot)
        await pilot.pause()
        assert not main.is_attached and main.talks is None
        assert not app.is_screen_installed(talks)
        new_main = await to_main(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is not talks and isinstance(app.screen, DialogueScreen)
        assert app.screen.game is new_main.game


async def test_the_same_rows_and_the_same_view_draw_nothing_again(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        moves = main.query_one("#moves", HangingOptions)
        rows = moves.rows
        options = [moves.get_option_at_index(i) for i in range(moves.option_count)]
        moves.set_rows(rows)
        again = [moves.get_option_at_index(i) for i in range(moves.option_count)]
        assert len(again) == len(options) and all(a is b for a, b in zip(options, again, strict=True))
        moves.set_rows([*rows, Row("more", Content("one more"))])
        assert moves.option_count == len(options) + 1

        drawn: list[int] = []
        w = Wrapped()
        await main.mount(w)
        w.update(lambda width: drawn.append(width) or [Content("a")], key=("a",))
        assert w.lines(10) and drawn == [10]
        w.update(lambda width: drawn.append(width) or [Content("b")], key=("a",))
        assert w.text == "a"  # the same key: the same lines
        w.update(lambda width: [Content("b")], key=("b",))
        assert w.text == "b"
        w.update(lambda width: [Content("c")])  # no key: always drawn again
        assert w.text == "c"


async def test_the_months_autosave_is_written_once_its_briefing_is_drawn(tmp_path: Path, crisis) -> None:
    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    async with app.run_test(size=(120, 40)) as pilot:
        await to_main(pilot)
        assert not list((tmp_path / "saves").glob("autosave-*.json"))
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        await pilot.pause()
        saved = list((tmp_path / "saves").glob("autosave-*.json"))
        assert len(saved) == 1 and not list((tmp_path / "saves").glob(".*.tmp"))
        loaded, _ = app.saves.load(saved[0], crisis)
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert loaded.state_hash() == main.game.state_hash()


async def test_the_autosave_waits_for_the_briefing_drawn_in_full_and_comes_once(tmp_path: Path, crisis) -> None:
    """The month's autosave and sweep come after the frame that shows the briefing fitted to the
    screen, its Continue button in view, and once a month whether it closes soon or late."""
    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        seen: list[tuple[bool, int]] = []
        write = main.saves.autosave

        def autosave(game):  # type: ignore[no-untyped-def]
            screen = app.screen
            button = screen.query_one("#continue") if isinstance(screen, BriefingScreen) else None
            fitted = button is not None and screen.query_one("#body").styles.max_height is not None
            in_view = fitted and 0 < button.region.bottom <= screen.size.height
            seen.append((in_view, game.state.turn))
            return write(game)

        main.saves.autosave = autosave  # type: ignore[method-assign]
        for _ in range(2):
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, BriefingScreen)
            await pilot.pause()
            await pilot.press("enter")  # read: the next decision, if any, opens
            await settle(pilot)
            while app.screen is not main:
                await pilot.press("enter")
                await settle(pilot)
        assert [in_view for in_view, _ in seen] == [True, True]
        assert len({turn for _, turn in seen}) == 2


async def test_what_is_alive_during_a_game_is_frozen_and_handed_back_after(tmp_path: Path, crisis) -> None:
    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await to_main(pilot)
            await pilot.pause()
            assert gc.get_freeze_count() > 0
            app.action_to_title()
            await settle(pilot)
            await pilot.pause()
            assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


# -- an event's choices: a number shows, the same number again decides ---------------------------


async def test_a_choice_s_number_shows_what_it_does_and_only_the_same_number_again_makes_it(
    tmp_path: Path, crisis
) -> None:
    from game.ui.screens.event import EventScreen

    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the briefing
        await settle(pilot)
        event = app.screen
        assert isinstance(event, EventScreen) and event.event is not None
        options = [o.move for o in event.event.options]
        assert len(options) >= 2
        choices = event.query_one("#choices", HangingOptions)
        before = str(event.query_one("#preview", Wrapped).text)

        await pilot.press("2")
        await settle(pilot)
        assert app.screen is event and choices.highlighted == 1  # shown, not decided
        assert str(event.query_one("#preview", Wrapped).text) != before  # its preview is the second's
        decide = event.query_one("#decide", Button)
        assert str(decide.label) == "Decide on 2 [2 or enter]"  # what a second 2 would do
        assert decide.size.width >= len("Decide on 2 [2 or enter]")  # in full: the button grew

        await pilot.press("1")  # another number moves the highlight and decides nothing either
        await settle(pilot)
        assert app.screen is event and choices.highlighted == 0
        assert str(decide.label) == "Decide on 1 [1 or enter]"
        await pilot.press("down")  # moved away by arrow: enter decides the highlighted one
        await settle(pilot)
        assert str(decide.label) == "Decide [enter]"
        await pilot.press("2")  # back by number: still shown only
        await settle(pilot)
        assert app.screen is event and choices.highlighted == 1

        await pilot.press("2")
        await settle(pilot)
        assert app.screen is not event
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert main.game.move_log[-1] == options[1].notation()
        assert not any("again" in str(n.message) for n in app._notifications)  # no hint left behind


async def test_enter_makes_the_highlighted_choice_without_a_number(tmp_path: Path, crisis) -> None:
    from game.ui.screens.event import EventScreen

    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        event = app.screen
        assert isinstance(event, EventScreen) and event.event is not None
        first = event.event.options[0].move
        await pilot.press("enter")
        await settle(pilot)
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert main.game.move_log[-1] == first.notation()


async def test_back_on_the_board_an_unchanged_screen_is_drawn_once(app_factory, base, monkeypatch) -> None:
    """esc from the talk screen draws the board in one frame: no panel refreshes for a title it
    already shows (the map's panel title was set again on every return, a second frame)."""
    from textual.app import App

    app = app_factory(base, power="usa", seed=4)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        await to_talks(pilot)
        frames: list[str] = []
        shown = App._display

        def counted(self: App[object], screen: object, update: object) -> None:
            frames.append(type(update).__name__)
            shown(self, screen, update)  # type: ignore[arg-type]

        monkeypatch.setattr(App, "_display", counted)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.pause(0.2)
        monkeypatch.undo()
        assert app.screen is main and main.query_one("BoardMap").parent.border_title
        assert frames == ["LayoutUpdate"]


async def test_a_move_made_on_the_talk_screen_draws_the_board_once_it_comes_back(
    app_factory, base, monkeypatch
) -> None:
    """A move made on the talk screen is drawn there; the board beneath it, out of sight, is given
    its views when it comes back, not also with every move (a cost on every answer)."""
    from game.moves import Propose
    from game.ui import view

    app = app_factory(base, power="usa", seed=4)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        talks = await to_talks(pilot)
        offer = next(m for m in main.game.legal_moves() if isinstance(m, Propose))
        shows: list[bool] = []
        original = MainScreen.show

        def spied(self: MainScreen) -> None:
            shows.append(self.is_current)
            original(self)

        monkeypatch.setattr(MainScreen, "show", spied)
        capital = view.header_view(main.game)
        talks.play(offer)  # as the preview's yes makes it
        await settle(pilot)
        if app.screen is not talks:  # a counter-offer came back: put it off
            await pilot.press("escape")
            await settle(pilot)
        assert shows == []  # nothing drawn out of sight
        assert view.header_view(main.game) != capital  # the move changed what the header shows
        await pilot.press("escape")
        await settle(pilot)
        monkeypatch.undo()
        assert shows and all(shows)  # drawn only in sight
        assert main.query_one("StatusBar").view == view.header_view(main.game)  # and up to date


async def test_back_from_a_preview_the_talk_screen_is_drawn_again_only_if_the_game_moved(
    app_factory, base, monkeypatch
) -> None:
    """A preview turned down changes nothing, so the talk screen under it is not drawn again; a
    preview made draws the answer, once, and the screen shows it."""
    from game.ui.screens.confirm import ConfirmMoveScreen

    app = app_factory(base, power="chn", seed=11)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_main(pilot)
        talks = await to_talks(pilot)
        shows: list[int] = []
        original = DialogueScreen.show

        def spied(self: DialogueScreen) -> None:
            shows.append(len(self.game.state.log))
            original(self)

        monkeypatch.setattr(DialogueScreen, "show", spied)
        await pilot.press("2", "enter")  # the deal section, the first known deal's terms
        await settle(pilot)
        before = len(shows)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmMoveScreen)
        await pilot.press("escape")  # not now
        await settle(pilot)
        assert app.screen is talks and len(shows) == before
        log = len(talks.game.state.log)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        made = [n for n in shows[before:] if n > log]
        assert len(made) == 1, shows  # drawn once for the answer, not again when the preview closed
        monkeypatch.undo()
