"""Start-up: the title drawn before the content has loaded, the content loaded and checked behind
it, and what the first frame may import (so it never waits for the loader or the engine)."""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.widgets import OptionList

from game.commands.names import read_names
from game.mods.content import Content
from game.mods.loader import ContentLoadError, load_content
from game.ui import app as app_module
from game.ui.app import DualFreezeApp
from game.ui.saving import SaveShelf
from game.ui.screens.setup import NewGameScreen
from game.ui.screens.title import LOOKING, TitleFacts, TitleScreen
from tests.ui.conftest import CRISIS, HOSTILE, finished_game, screen_text


@pytest.mark.parametrize("mods", [[], [CRISIS], [CRISIS, HOSTILE]], ids=["base", "crisis", "hostile"])
def test_the_title_read_from_the_toml_is_the_title_of_the_checked_content(mods: list[Path]) -> None:
    names = read_names(mods)
    assert names is not None
    assert TitleFacts.from_names(names) == TitleFacts.from_content(load_content(mods))


def test_the_title_read_from_the_toml_shows_control_characters_escaped(tmp_path: Path) -> None:
    mod = tmp_path / "bell"
    mod.mkdir()
    (mod / "mod.toml").write_text('id = "bell"\nname = "Bell"\nstandalone = true\ntitle = "Ring\\u0007 me"\n')
    names = read_names([mod])
    assert names is not None
    facts = TitleFacts.from_names(names)
    assert "\x07" not in facts.title and "Ring" in facts.title


def continue_prompt(app: DualFreezeApp) -> str:
    return str(app.screen.query_one("#menu", OptionList).get_option("continue").prompt)


def loading_app(crisis: Content, saves: Path, gate: threading.Event | None = None) -> DualFreezeApp:
    """An app that loads its content behind the title; with `gate`, the load waits for it."""

    def load() -> Content:
        if gate is not None:
            assert gate.wait(20)
        return crisis

    names = read_names([CRISIS])
    assert names is not None
    facts = TitleFacts.from_names(names)
    return DualFreezeApp(saves=SaveShelf(saves), loading=load, facts=facts, seed_source=lambda: 42)


async def until(pilot, check, tries: int = 200) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):
        if check():
            return
        await pilot.pause(0.02)
    raise AssertionError("it never happened")


async def test_the_title_comes_first_and_continue_fills_in_when_the_content_has_loaded(crisis, tmp_path) -> None:
    from game.saves import save_slot

    save_slot(tmp_path / "saves", "evening", finished_game(crisis))
    gate = threading.Event()
    app = loading_app(crisis, tmp_path / "saves", gate)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen) and not app.ready
        assert "Continue" in continue_prompt(app) and LOOKING in continue_prompt(app)
        assert crisis.title in screen_text(app.screen) or crisis.title.upper()[0] in screen_text(app.screen)
        await pilot.press("down")  # the player moves before the content is there: the highlight stays
        gate.set()
        await until(pilot, lambda: app.ready and LOOKING not in continue_prompt(app))
        assert "your last game is over" in continue_prompt(app)
        assert app.screen.query_one("#menu", OptionList).highlighted == 1


async def test_a_choice_made_before_the_content_has_loaded_waits_for_it(crisis, tmp_path) -> None:
    gate = threading.Event()
    app = loading_app(crisis, tmp_path / "saves", gate)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)  # nothing opens on content that is not there
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, NewGameScreen))
        assert "no saves yet" in str(app.screen_stack[-2].query_one("#menu", OptionList).get_option("continue").prompt)


async def test_content_that_fails_behind_the_title_closes_the_app_with_its_report(crisis, tmp_path) -> None:
    def broken() -> Content:
        return load_content([tmp_path / "missing"])

    names = read_names([])
    assert names is not None
    app = DualFreezeApp(saves=SaveShelf(tmp_path), loading=broken, facts=TitleFacts.from_names(names))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.load_error is not None)
        await asyncio.sleep(0.1)
    assert isinstance(app.load_error, ContentLoadError)
    assert app.return_code == 1


def broken_mod(tmp_path: Path) -> Path:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "mod.toml").write_text('id = "bad"\nname = "Bad"\n')
    (bad / "events.toml").write_text('[[event]]\nid = "x"\ntitle = "X"\nwhen = "nonsense +"\n')
    return bad


def test_a_broken_mod_is_reported_before_the_app_opens(tmp_path: Path, monkeypatch, capsys) -> None:
    def never(self: DualFreezeApp) -> int:
        raise AssertionError("the app opened on a mod that does not load")

    monkeypatch.setattr(DualFreezeApp, "run", never)
    args = argparse.Namespace(command=None, mod=[str(broken_mod(tmp_path))], saves=str(tmp_path / "saves"))
    assert app_module.run_app(None, args) == 1
    err = capsys.readouterr().err
    assert "events.toml" in err and "Traceback" not in err


def test_run_app_prints_the_loaders_report_when_the_content_fails_behind_the_title(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    bad = broken_mod(tmp_path)
    monkeypatch.setattr(app_module, "_loading", lambda args: lambda: load_content([bad]))
    opened = []

    def fake_run(self: DualFreezeApp) -> int:  # the app's part, without a terminal: the load fails
        opened.append(self.title)
        load = self._loading
        assert load is not None
        try:
            load()
        except Exception as e:
            self.load_error = e
        return 1

    monkeypatch.setattr(DualFreezeApp, "run", fake_run)
    args = argparse.Namespace(command=None, mod=[], saves=str(tmp_path / "saves"))
    assert app_module.run_app(None, args) == 1
    assert opened == ["Dual Freeze"]  # the base game's title was drawn first
    err = capsys.readouterr().err
    assert "events.toml" in err and "Traceback" not in err


def test_the_first_frame_imports_neither_the_content_loader_nor_the_engine() -> None:
    code = (
        "import sys, game.cli, game.ui.app, game.ui.screens.title\n"
        "from game.commands.names import read_names\n"
        "read_names([])\n"
        "heavy = ['pydantic', 'game.mods.models', 'game.mods.loader', 'game.engine', 'game.ai', 'game.saves']\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
