"""Snapshots of the title, new-game, main, dialogue, event and end screens at 80x24 and 120x40,
and of every modal at 80x24 (where nothing a player needs may be cut or hidden).

Run `python -m pytest tests/ui/test_ui_snapshots.py --snapshot-update` after an intended change
to the look, and look at the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.mods.loader import load_content
from game.moves import Act, Propose, Statement
from game.ui.app import DualFreezeApp, NewGame
from game.ui.saving import SaveShelf
from tests.ui.conftest import finished_game, make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_title_screen(snap_compare, crisis, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(crisis, tmp_path / "saves"), terminal_size=size, run_before=settle)


async def past_the_briefing(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_event_screen(snap_compare, crisis, tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    assert snap_compare(app, terminal_size=size, run_before=past_the_briefing)


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, crisis, tmp_path: Path, size: tuple[int, int]) -> None:
    async def answer_the_event(pilot: Pilot) -> None:
        await past_the_briefing(pilot)
        await pilot.press("enter")
        await settle(pilot)

    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    assert snap_compare(app, terminal_size=size, run_before=answer_the_event)


@pytest.mark.parametrize("size", SIZES)
def test_dialogue_screen(snap_compare, crisis, tmp_path: Path, size: tuple[int, int]) -> None:
    async def talk_to_washington(pilot: Pilot) -> None:
        await past_the_briefing(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)

    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    assert snap_compare(app, terminal_size=size, run_before=talk_to_washington)


@pytest.mark.parametrize("size", SIZES)
def test_end_screen(snap_compare, crisis, tmp_path: Path, size: tuple[int, int]) -> None:
    game = finished_game(crisis)

    async def open_the_finished_game(pilot: Pilot) -> None:
        pilot.app.open_game(game)  # type: ignore[attr-defined]
        await settle(pilot)

    app = make_app(crisis, tmp_path / "saves")
    assert snap_compare(app, terminal_size=size, run_before=open_the_finished_game)


# -- every modal at 80x24, and the new-game screen at both sizes ---------------------------------

CONVERSION = Path(__file__).parent / "fixtures" / "conversion"


class ShelfForSnapshots(SaveShelf):
    """An empty saves folder shown under one fixed name, so the save and load screens hold still."""

    @property
    def folder(self) -> Path:
        return Path("saves")

    def entries(self, content):  # type: ignore[no-untyped-def,override]
        return []

    def newest_entry(self, content):  # type: ignore[no-untyped-def,override]
        return None


def still_app(content):  # type: ignore[no-untyped-def]
    return DualFreezeApp(content, saves=ShelfForSnapshots(None), start=NewGame("chn", 7), seed_source=lambda: 42)


async def at_main(pilot: Pilot) -> None:
    await past_the_briefing(pilot)
    await pilot.press("enter")
    await settle(pilot)


SMALL = (80, 24)


def test_new_game_screen(snap_compare, crisis, tmp_path: Path) -> None:
    async def open_it(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)

    for size in (SMALL, (120, 40)):
        assert snap_compare(make_app(crisis, tmp_path / "saves"), terminal_size=size, run_before=open_it)


def test_briefing_modal(snap_compare, crisis) -> None:
    assert snap_compare(still_app(crisis), terminal_size=SMALL, run_before=settle)


def test_move_modal_with_targets(snap_compare, crisis) -> None:
    async def envoy(pilot: Pilot) -> None:
        await at_main(pilot)
        pilot.app.screen.request_move(Act("send_envoy", "rus"))  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(still_app(crisis), terminal_size=SMALL, run_before=envoy)


def test_proposal_modal(snap_compare, crisis) -> None:
    async def propose(pilot: Pilot) -> None:
        await at_main(pilot)
        pilot.app.screen.request_move(Propose(("prk", "usa"), ("freeze_tests", "halt_drills")))  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(still_app(crisis), terminal_size=SMALL, run_before=propose)


def test_statement_modal(snap_compare, crisis) -> None:
    async def declare(pilot: Pilot) -> None:
        await at_main(pilot)
        pilot.app.screen.request_move(Statement("call_for_calm", ()))  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("down", "space")
        await settle(pilot)

    assert snap_compare(still_app(crisis), terminal_size=SMALL, run_before=declare)


def test_counter_offer_modal(snap_compare, tmp_path: Path) -> None:
    conversion = load_content([CONVERSION])
    game = Game(conversion, None, "ald", 1, policy=UtilityPolicy())
    while game.phase.value != "diplomacy":
        game.auto_answer()
    game.play("propose bry lift_chains+escort_only")

    async def open_it(pilot: Pilot) -> None:
        pilot.app.open_game(game)  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(make_app(conversion, tmp_path / "saves"), terminal_size=SMALL, run_before=open_it)


def test_offer_modal(snap_compare, tmp_path: Path) -> None:
    from game.ui.view import offer_on_table

    conversion = load_content([CONVERSION])
    game = Game(conversion, None, "ald", 1, policy=UtilityPolicy())
    while offer_on_table(game) is None:
        game.play("end") if game.phase.value == "diplomacy" else game.auto_answer()

    async def open_it(pilot: Pilot) -> None:
        pilot.app.open_game(game)  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(make_app(conversion, tmp_path / "saves"), terminal_size=SMALL, run_before=open_it)


def test_game_menu_modal(snap_compare, crisis) -> None:
    async def menu(pilot: Pilot) -> None:
        await at_main(pilot)
        await pilot.press("escape")
        await settle(pilot)

    assert snap_compare(still_app(crisis), terminal_size=SMALL, run_before=menu)


def test_quit_modal(snap_compare, crisis) -> None:
    async def quit_asked(pilot: Pilot) -> None:
        await at_main(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)

    assert snap_compare(still_app(crisis), terminal_size=SMALL, run_before=quit_asked)


def test_help_modal(snap_compare, crisis) -> None:
    async def help_open(pilot: Pilot) -> None:
        await at_main(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(still_app(crisis), terminal_size=SMALL, run_before=help_open)


def test_save_and_load_modals(snap_compare, crisis) -> None:
    for key in ("ctrl+s", "ctrl+o"):

        async def open_it(pilot: Pilot, key: str = key) -> None:
            await at_main(pilot)
            await pilot.press(key)
            await settle(pilot)

        assert snap_compare(still_app(crisis), terminal_size=SMALL, run_before=open_it)


def test_palette_modal(snap_compare, crisis) -> None:
    async def palette(pilot: Pilot) -> None:
        await at_main(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"envoy")
        await pilot.pause(0.5)
        for box in pilot.app.screen.query(Input):  # a blinking cursor would make the picture flicker
            box.cursor_blink = False
        await settle(pilot)

    assert snap_compare(still_app(crisis), terminal_size=SMALL, run_before=palette)
