"""Snapshots of the title, main, dialogue, event and end screens at 80x24 and 120x40.

Run `python -m pytest tests/ui/test_ui_snapshots.py --snapshot-update` after an intended change
to the look, and look at the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from game.ui.app import NewGame
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
        await pilot.press("1")
        await settle(pilot)

    app = make_app(crisis, tmp_path / "saves", NewGame("chn", 7))
    assert snap_compare(app, terminal_size=size, run_before=answer_the_event)


@pytest.mark.parametrize("size", SIZES)
def test_dialogue_screen(snap_compare, crisis, tmp_path: Path, size: tuple[int, int]) -> None:
    async def talk_to_washington(pilot: Pilot) -> None:
        await past_the_briefing(pilot)
        await pilot.press("1")
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
