"""A new player's first evening (issue 12): each snag seen in play, played again with Pilot.

Each test is named for what a player does and sees. Items: 1 statements, 2 quitting, 3 a new
game from the keyboard, 4 the palette, 5 no ids on screen, 6 80x24 and long names, 7 text,
8 what is waiting. Item 9 (a total conversion) is tests/ui/test_ui_conversion.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Button, Input, OptionList

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.engine.records import ActionTaken, StatementIssued
from game.moves import Act, Propose, Statement
from game.ui.app import NewGame
from game.ui.saving import SaveShelf
from game.ui.screens.briefing import BriefingScreen
from game.ui.screens.confirm import ConfirmMoveScreen
from game.ui.screens.dialogue import DialogueScreen
from game.ui.screens.event import EventScreen, OfferScreen
from game.ui.screens.main import MainScreen
from game.ui.screens.menu import GameMenuScreen
from game.ui.screens.quit import QuitScreen
from game.ui.screens.setup import NewGameScreen, details
from game.ui.screens.statement import StatementScreen
from game.ui.screens.title import TitleScreen
from game.ui.view import action_rows, counter_on_table, news_view, shown_reasons
from game.ui.widgets.moves import MoveList, action_row
from game.ui.widgets.opinions import OpinionMatrix
from game.ui.widgets.picker import Picker
from game.ui.widgets.status import StatusBar
from game.ui.widgets.tracks import Tracks
from game.ui.widgets.wrapped import Wrapped
from tests.conftest import seated
from tests.ui.conftest import finished_game, make_app, screen_text, settle, shows, to_main


def in_view(app, widget) -> bool:  # type: ignore[no-untyped-def]
    """Whether every cell of a widget is on the screen (not cut off below or beside it)."""
    screen = app.screen.region
    r = widget.region
    return r.width > 0 and r.height > 0 and screen.contains_region(r)


# -- 1. statements -----------------------------------------------------------------------------


async def test_s_opens_the_statement_and_nothing_is_issued_until_the_player_confirms(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        made = main.game.state.moves_made
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("4", "s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatementScreen)
        assert main.game.state.moves_made == made
        assert not [e for e in main.game.state.log if isinstance(e, StatementIssued)]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DialogueScreen)
        assert main.game.state.moves_made == made
        # enter on a statement opens the same dialog
        await pilot.press("4", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StatementScreen)


async def test_co_signers_are_picked_with_the_keyboard_and_previewed_before_the_statement_goes_out(
    app_factory, crisis
) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("4", "s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatementScreen)
        picker = dialog.query_one("#cosigners", Picker)
        assert app.focused is picker and in_view(app, picker)  # in view at 120x40, from the keyboard
        assert shows(dialog, "Likely effects")
        await pilot.press("down", "space")  # the second power the statement may invite: Russia
        await settle(pilot)
        assert picker.picked == ["rus"]
        assert shows(dialog, "If everyone you invite signs") and shows(dialog, "ready to issue")
        assert in_view(app, dialog.query_one("#confirm", Button))
        await pilot.press("y")
        await settle(pilot)
        (issued,) = [e for e in main.game.state.log if isinstance(e, StatementIssued)]
        assert "rus" in issued.signers + issued.declined
        assert isinstance(app.screen, DialogueScreen)
        assert shows(app.screen, issued.text)


async def test_a_statement_that_needs_co_signers_cannot_be_sent_without_them(app_factory, base) -> None:
    app = app_factory(base, power="usa", seed=3)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        main.request_move(Statement("alliance_solidarity", ()))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatementScreen)
        assert dialog.query_one("#confirm", Button).disabled
        assert shows(dialog, "needs at least 2 signers")
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is dialog  # y does nothing while it cannot go out
        await pilot.press("space")
        await settle(pilot)
        assert not dialog.query_one("#confirm", Button).disabled


# -- 2. quitting -------------------------------------------------------------------------------


async def test_ctrl_q_asks_first_and_saves_where_the_player_stands(crisis, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(crisis, saves, NewGame("chn", 7))
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        main.request_move(Act("call_un_session"))
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert main.game.state.moves_made == 1
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitScreen) and app.is_running
        assert shows(app.screen, "1 move made this month")
        await pilot.press("escape")  # keep playing
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert not app.is_running
    # Continue picks the game up where it was left: the month's move is still made
    again = make_app(crisis, saves)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, TitleScreen)
        await pilot.press("c")
        await settle(pilot)
        main = next(s for s in again.screen_stack if isinstance(s, MainScreen))
        assert main.game.state.moves_made == 1
        assert any(isinstance(e, ActionTaken) and e.id == "call_un_session" for e in main.game.state.log)


async def test_quitting_from_the_game_menu_asks_too_and_n_quits_without_saving(crisis, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(crisis, saves, NewGame("chn", 7))
    async with app.run_test(size=(80, 24)) as pilot:
        await to_main(pilot)
        before = sorted(saves.glob("*.json"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GameMenuScreen)
        assert shows(app.screen, f"Quit {app.title}")
        menu = app.screen.query_one(OptionList)
        menu.highlighted = menu.option_count - 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("n")
        await settle(pilot)
    assert not app.is_running
    assert sorted(saves.glob("*.json")) == before


async def test_continue_on_a_finished_game_offers_a_new_game(crisis, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    SaveShelf(saves).save("over", finished_game(crisis))
    app = make_app(crisis, saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shows(app.screen, "your last game is over")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, NewGameScreen)


# -- 3. a new game from the keyboard -----------------------------------------------------------


async def test_enter_chooses_and_moves_on_and_the_footer_names_the_start_key(crisis, tmp_path: Path) -> None:
    app = make_app(crisis, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, NewGameScreen)
        keys = {b.key: b.description for _, b, enabled, _ in app.active_bindings.values() if enabled}
        assert keys.get("enter") == "Choose and go on" and keys.get("s") == "Start the game"
        powers = setup.query_one("#powers", OptionList)
        assert app.focused is powers and "▶ 2 Power" in str(powers.border_title)
        await pilot.press("down", "down", "enter")  # Russia, then on to the difficulty
        await settle(pilot)
        assert app.focused is setup.query_one("#difficulties", OptionList)
        assert shows(setup, "Russia")
        await pilot.press("enter")  # the difficulty highlighted, then on to the seed
        await settle(pilot)
        assert app.focused is setup.query_one("#seed")
        await pilot.press("enter")  # and start
        await settle(pilot)
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert main.game.player == "rus" and main.game.seed == 42


async def test_s_starts_the_game_from_any_step(crisis, tmp_path: Path) -> None:
    app = make_app(crisis, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("down", "s")
        await settle(pilot)
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert main.game.player == "chn"


async def test_s_starts_the_game_from_the_seed_and_digits_still_type_into_it(crisis, tmp_path: Path) -> None:
    """The seed box has the keyboard at the last step: a digit goes into it, `s` starts the game
    (as its button says) instead of being swallowed by the box."""
    app = make_app(crisis, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter", "enter")  # the power highlighted, the difficulty: on to the seed
        await settle(pilot)
        seed = app.screen.query_one("#seed", Input)
        assert app.focused is seed
        await pilot.press("ctrl+u", "7", "x", "1")  # a letter other than s goes nowhere
        await settle(pilot)
        assert seed.value == "71"
        await pilot.press("s")
        await settle(pilot)
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert main.game.seed == 71


# -- 4. the palette ----------------------------------------------------------------------------


async def test_a_closed_move_typed_in_full_finds_that_move_and_its_reason_and_sends_nothing(
    app_factory, crisis
) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await to_main(pilot)
        main.request_move(Act("call_un_session"))
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        before = len(main.game.state.log)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Call a Security Council session")
        await pilot.pause(0.5)
        await settle(pilot)
        prompts = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert prompts[0].startswith("✕ Call a Security Council session"), prompts
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(main.game.state.log) == before
        assert any("already taken this month" in str(n.message).lower() for n in app._notifications)


async def test_every_move_from_the_palette_opens_the_preview_the_screen_opens(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await to_main(pilot)
        before = len(main.game.state.log)
        for query, screen_type in (
            ("Propose to United States: Halt the big exercises", ConfirmMoveScreen),
            ("Issue a statement: Call for calm", StatementScreen),
            ("Send a special envoy → Russia", ConfirmMoveScreen),
        ):
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*query)
            await pilot.pause(0.5)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, screen_type), (query, app.screen)
            assert shows(app.screen, "Likely effects") or shows(app.screen, "If every party agrees")
            await pilot.press("escape")
            await settle(pilot)
        assert len(main.game.state.log) == before  # each was previewed, none was sent
        # the move picked is the move previewed, exactly
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Propose to United States: Halt the big exercises")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.move == Propose(("usa",), ("halt_drills",))  # type: ignore[attr-defined]


# -- 5. no internal ids on screen --------------------------------------------------------------


async def test_previews_and_refusals_call_flags_and_statements_by_their_names(app_factory, base) -> None:
    app = app_factory(base, power="chn", seed=3)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await to_main(pilot)
        # the opening's answers may have put the freeze on the table already: take it off, so the
        # preview has the flag to name
        main.game.state.flags.discard("dual_freeze_proposed")
        main.request_move(Act("chn_propose_dual_freeze"))
        await settle(pilot)
        preview = screen_text(app.screen)
        assert "The dual freeze is on the table" in preview
        assert "dual_freeze_proposed" not in preview and "dual freeze proposed" not in preview
        await pilot.press("escape")
        await settle(pilot)
        main.commit(Statement("dual_freeze_call", ()))
        await settle(pilot)
        await pilot.press("d", "4")
        await settle(pilot)
        text = screen_text(app.screen)
        assert shows(app.screen, "Call for a dual freeze ◆1 · Issued recently; it can be issued again in 3 months")
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)


async def test_the_main_screen_shows_no_id_of_the_base_game(app_factory, base) -> None:
    ids = {*base.flags, *base.actions, *base.declarations, *base.terms, *base.events, *base.variables}
    ids = {i for i in ids if "_" in i}
    for size in ((120, 40), (80, 24)):
        app = app_factory(base, power="usa", seed=3)
        async with app.run_test(size=size) as pilot:
            main = await to_main(pilot)
            for panel in ("1", "2", "3", "4"):
                await pilot.press(panel)
                await settle(pilot)
                words = set(re.findall(r"[a-z0-9_]+", screen_text(main)))
                assert not ids & words, ids & words


# -- 6. 80x24 and long names -------------------------------------------------------------------


async def test_decision_dialogs_keep_their_buttons_in_view_at_80x24(app_factory, base) -> None:
    app = app_factory(base, power="usa", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert in_view(app, app.screen.query_one("#continue", Button))
        await pilot.press("enter")
        await settle(pilot)
        event = app.screen
        assert isinstance(event, EventScreen)
        for bid in ("#decide", "#later"):
            assert in_view(app, event.query_one(bid, Button)), bid
        await pilot.press("1", "1")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        for move in (Act("send_envoy", "chn"), Act("usa_un_sanctions_draft")):
            main.request_move(move)
            await settle(pilot)
            assert isinstance(app.screen, ConfirmMoveScreen)
            for bid in ("#confirm", "#cancel"):
                assert in_view(app, app.screen.query_one(bid, Button)), (move, bid)
            await pilot.press("escape")
            await settle(pilot)
        main.request_move(Statement("maximum_pressure_pledge", ("kor", "jpn")))
        await settle(pilot)
        assert isinstance(app.screen, StatementScreen)
        assert in_view(app, app.screen.query_one("#confirm", Button))


async def test_an_offer_keeps_its_buttons_in_view_at_80x24(base, tmp_path: Path) -> None:
    game = seated(base, "chn", 1)
    game.play("propose usa,kor usa_suspend_exercises")
    app = make_app(base, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_game(game)
        await settle(pilot)
        offer = app.screen
        assert isinstance(offer, OfferScreen)
        for bid in ("#accept", "#refuse", "#redraft", "#later"):
            assert in_view(app, offer.query_one(bid, Button)), bid
        assert shows(offer, "If you accept")


async def test_refuse_and_counter_opens_the_deal_builder_on_the_offer_s_terms(base, tmp_path: Path) -> None:
    game = seated(base, "chn", 1)
    game.play("propose usa,kor usa_suspend_exercises")
    counter = game.state.diplomacy.counter
    assert counter is not None
    app = make_app(base, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_game(game)
        await settle(pilot)
        offer = app.screen
        assert isinstance(offer, OfferScreen) and offer.offer is not None
        speaker, terms = offer.offer.speaker, [t.id for t in offer.offer.terms]
        await pilot.press("c")
        await settle(pilot)
        talks = app.screen
        assert isinstance(talks, DialogueScreen)
        assert game.state.diplomacy.counter is None  # refused: the game knows no other answer
        assert game.move_log[-1] == "refuse"
        assert talks.counterpart == speaker
        picker = talks.query_one("#terms", Picker)
        assert picker.picked == [t for t in picker.picked if t in terms] and sorted(picker.picked) == sorted(terms)
        assert talks.query_one("#dialogue-tabs").active == "deal-tab"  # at 80x24: the deal's tab
        assert app.focused is picker and picker.highlighted_option.id == picker.picked[0]  # in view
        # the player changes the deal and puts it back: one term fewer, or the same if it had one
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.draft is None  # the counter is built once, not on every later decision


async def test_long_names_wrap_with_their_indent_and_keep_their_cost_at_80x24(app_factory, base) -> None:
    app = app_factory(base, power="usa", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        moves = main.query_one(MoveList)
        prompts = {o.id: str(o.prompt) for o in moves.options if o.id}
        un = prompts["usa_un_sanctions_draft"]
        assert " ".join(un.split()) == "◆3 Table a UN sanctions resolution"
        assert all(line.startswith("   ") for line in un.splitlines()[1:])  # wrapped under the name
        width = moves.scrollable_content_region.width
        assert all(len(line) <= width for p in prompts.values() for line in p.splitlines())
        await pilot.press("2")
        await settle(pilot)
        news = [line for line in main.query_one("#news").query_one(Wrapped).text.splitlines() if line]
        firsts = [line for line in news if line.startswith("● ") or (line.startswith("  ") and line[2] != " ")]
        wraps = [line for line in news if not line.startswith("──") and line not in firsts]
        assert firsts and wraps, news
        assert all(line.startswith(" " * 6) for line in wraps), wraps  # under the text, past mark and tag
        await pilot.press("3")
        await settle(pilot)
        tracks = main.query_one(Tracks).render().plain
        assert "NK warheads" in tracks and "…" not in tracks  # the short name, not a cut one


async def test_the_opinions_table_fits_80_columns(app_factory, base) -> None:
    app = app_factory(base, power="usa", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        await pilot.press("4")
        await settle(pilot)
        table = main.query_one(OpinionMatrix)
        width = table.size.width
        lines = table.lines(width)
        assert all(line.cell_length <= width for line in lines)
        assert lines[1].plain.split()[0] == "★US" and len(lines[1].plain.split()) == 7  # one row, seven cells


async def test_no_notice_covers_the_briefing(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await to_main(pilot)
        main.request_move(Act("call_un_session"))
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert shows(main, "the Security Council meets")  # what the move did, at the top of the moves
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert not app._notifications


async def test_the_main_screen_is_drawn_again_when_the_palette_closes(app_factory, crisis) -> None:
    app = app_factory(crisis)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await to_main(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Call a Security Council session")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        view = main.query_one(MoveList).view
        assert view is not None and view.last and "Security Council" in view.last
        assert main.query_one(StatusBar).view.moves_made == 1  # type: ignore[union-attr]


# -- 7. text -----------------------------------------------------------------------------------


async def test_a_statement_issued_alone_reads_calls_in_the_briefing(app_factory, base) -> None:
    app = app_factory(base, power="chn", seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await to_main(pilot)
        main.commit(Statement("dual_freeze_call", ()))
        await settle(pilot)
        assert shows(main, "China calls for a dual freeze")


def test_the_new_game_screen_names_the_period_once(base) -> None:
    scenario = next(iter(base.scenarios.values()))
    text = details(base, scenario, "chn", None).plain
    line = next(line for line in text.splitlines() if "months" in line)
    assert line == "The Korean Peninsula crisis · July 2017 to December 2018 (18 months)"


def test_reasons_worth_zero_points_are_not_shown() -> None:
    from game.engine.records import Reason

    kept = shown_reasons((Reason(0.3, "Russia has kept its word before"), Reason(-4.6, "it costs us face")))
    assert [r.text for r in kept] == ["it costs us face"]


def test_a_closed_move_is_marked_once_and_says_why(base) -> None:
    game = seated(base, "chn", 3)
    rows = {r.action: r for r in action_rows(game)}
    convene = rows["chn_convene_six_party"]
    prompt = action_row(convene).lead.plain + action_row(convene).body.plain
    assert prompt.count("✕") == 1
    assert "Needs four-party talks" in prompt
    game.state.set_var("talks", 3)  # the six-party talks agreed: done, not closed
    convene = {r.action: r for r in action_rows(game)}["chn_convene_six_party"]
    assert convene.done and "done" in action_row(convene).body.plain and "✕" not in action_row(convene).lead.plain


def test_news_tags_events_by_their_label_and_a_powerless_one_by_a_dash(base, crisis) -> None:
    game = Game(base, None, "usa", 3, policy=UtilityPolicy())
    joint = next(i for i in news_view(game, 0) if "jointly propose" in i.text)
    assert joint.who == "CN+RU"
    small = Game(crisis, None, "chn", 7, policy=UtilityPolicy())
    opening = next(i for i in news_view(small, 0) if "longest missile" in i.text)
    assert opening.who == "—"


# -- 8. what is waiting ------------------------------------------------------------------------


async def test_after_later_the_header_shows_the_counter_offer_until_it_is_answered(base, tmp_path: Path) -> None:
    game = seated(base, "chn", 1)
    game.play("propose usa,kor usa_suspend_exercises")
    assert game.state.diplomacy.counter is not None
    app = make_app(base, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_game(game)
        await settle(pilot)
        assert isinstance(app.screen, OfferScreen)
        await pilot.press("escape")  # later
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        header = main.query_one(StatusBar)
        shown = header.render().plain
        assert shown.startswith("⚑ a counter-offer") and "[v]" in shown
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, OfferScreen)
        await pilot.press("r")
        await settle(pilot)
        assert "waits" not in main.query_one(StatusBar).render().plain


async def test_the_title_screen_names_one_key_for_help_in_its_menu_and_footer(crisis, tmp_path: Path) -> None:
    app = make_app(crisis, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = {b.key_display or b.key: b.description for _, b, on, _ in app.active_bindings.values() if on}
        assert keys.get("?") == "Help" and "h" not in keys
        assert shows(app.screen, "Help ?")
        await pilot.press("question_mark")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"


def test_a_mediated_counter_offer_is_named_for_what_it_is_and_says_the_mediator_s_words(base) -> None:
    """A counter from a power outside the deal is a mediation of several parties' counters: not
    that power 'answering' a proposal it was never sent."""
    from game.engine.diplomacy import Counter
    from game.engine.records import Dialogue

    game = seated(base, "chn", 1)
    st = game.state
    st.diplomacy.counter = Counter("kor", "chn", ("usa", "jpn"), ("usa_trade_truce",), None, 2)
    st.log.append(Dialogue(st.turn, st.date, "mediation", "Seoul offers a middle way.", "kor", "chn"))
    offer = counter_on_table(game)
    assert offer is not None
    assert offer.title == "South Korea brings the parties' counter-offers together"
    assert offer.said == "Seoul offers a middle way."
    st.diplomacy.counter = Counter("usa", "chn", ("usa", "jpn"), ("usa_trade_truce",), None, 2)
    offer = counter_on_table(game)
    assert offer is not None and offer.title == "United States answers with a counter-offer"
