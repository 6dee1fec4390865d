"""A total conversion shows nothing of the base game (issue 12, item 9).

The conversion in tests/ui/fixtures/conversion has three powers with other ids, another crisis
and another decade. The test walks every screen a player can reach, at 80x24 and 120x40, and
fails on any word of the base game: its title, its powers, leaders and capitals, its scenario,
its years, its power ids as words, and the words the shell used to hard-code about Korea.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from game.mods.loader import load_content
from game.moves import Act, Propose, Statement
from game.ui.screens.briefing import BriefingScreen
from game.ui.screens.confirm import ConfirmMoveScreen
from game.ui.screens.dialogue import DialogueScreen
from game.ui.screens.end import EndScreen
from game.ui.screens.event import EventScreen, OfferScreen
from game.ui.screens.main import MainScreen
from game.ui.screens.menu import GameMenuScreen
from game.ui.screens.quit import QuitScreen
from game.ui.screens.saves import LoadScreen, SaveScreen
from game.ui.screens.setup import NewGameScreen
from game.ui.screens.statement import StatementScreen
from game.ui.screens.title import TitleScreen
from tests.ui.conftest import make_app, screen_text, settle

CONVERSION = Path(__file__).parent / "fixtures" / "conversion"


@pytest.fixture(scope="module")
def conversion():  # type: ignore[no-untyped-def]
    return load_content([CONVERSION])


def base_words(base) -> list[str]:  # type: ignore[no-untyped-def]
    """Words that belong to the base game alone."""
    words = {"Dual Freeze", "Korea", "Korean", "Peninsula", "THAAD", "2017", "2018", "Pyongyang", "Hwasong"}
    words.add(base.title)
    for scenario in base.scenarios.values():
        words.add(scenario.model.name)
    for p in base.powers.values():
        m = p.model
        words.update(w for w in (m.name, m.leader, m.capital) if w)
    words.update(p for p in base.powers)  # ids as words: act condemn prk
    return sorted(words)


class Walk:
    """Collects the text of every screen the walk passes, and where it was seen."""

    def __init__(self, forbidden: list[str]) -> None:
        self.patterns = [(w, re.compile(rf"(?<![A-Za-z0-9_]){re.escape(w)}(?![A-Za-z0-9_])")) for w in forbidden]
        self.seen: list[str] = []
        self.problems: list[str] = []

    def look(self, pilot: Pilot, where: str) -> None:
        app = pilot.app
        text = "\n".join([screen_text(app.screen), str(app.title), str(app.sub_title)])
        self.seen.append(where)
        for word, pattern in self.patterns:
            m = pattern.search(text)
            if m:
                start = max(0, m.start() - 40)
                self.problems.append(f"{where}: {word!r} in …{text[start : m.end() + 40]!r}…")


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_a_total_conversion_shows_no_word_of_the_base_game_on_any_screen(
    conversion, base, tmp_path: Path, size: tuple[int, int]
) -> None:
    walk = Walk(base_words(base))
    app = make_app(conversion, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        walk.look(pilot, "title")
        assert "Amber Strait" in screen_text(app.screen) or "A M B E R" in screen_text(app.screen)
        await press(pilot, "question_mark")
        walk.look(pilot, "help from the title")
        assert "How to play Amber Strait" in screen_text(app.screen)
        assert "Reading the narrows" in screen_text(app.screen)
        await press(pilot, "escape", "l")
        assert isinstance(app.screen, LoadScreen)
        walk.look(pilot, "load from the title")
        await press(pilot, "escape", "n")
        assert isinstance(app.screen, NewGameScreen)
        for step in ("down", "down"):
            await press(pilot, step)
            walk.look(pilot, f"new game, {step}")
        await press(pilot, "home", "enter", "enter", "enter")  # Aldmark, the default difficulty, start
        assert isinstance(app.screen, BriefingScreen)
        walk.look(pilot, "opening briefing")
        await press(pilot, "enter")
        assert isinstance(app.screen, EventScreen)
        walk.look(pilot, "event")
        await press(pilot, "1", "1")
        main = app.screen
        assert isinstance(main, MainScreen) and main.game.player == "ald"
        for panel in ("1", "2", "3", "4"):
            await press(pilot, panel)
            walk.look(pilot, f"main screen, panel {panel}")
        await press(pilot, "ctrl+p")
        walk.look(pilot, "palette")
        await press(pilot, "escape")
        main.request_move(Act("shadow_convoy", "bry"))
        await settle(pilot)
        assert isinstance(app.screen, ConfirmMoveScreen)
        walk.look(pilot, "move preview")
        await press(pilot, "escape", "d")
        assert isinstance(app.screen, DialogueScreen)
        for section in ("1", "2", "3", "4"):
            await press(pilot, section)
            walk.look(pilot, f"dialogue, section {section}")
        await press(pilot, "t")
        walk.look(pilot, "dialogue after talking")
        app.screen.request_move(Propose(("bry",), ("lift_chains", "escort_only")))  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(app.screen, ConfirmMoveScreen)
        walk.look(pilot, "proposal preview")
        await press(pilot, "y")
        assert isinstance(app.screen, OfferScreen)  # the counter-offer opens at once
        walk.look(pilot, "counter-offer")
        await press(pilot, "escape")  # later
        walk.look(pilot, "dialogue with a counter-offer")
        await press(pilot, "a")
        assert isinstance(app.screen, OfferScreen)  # a opens it again
        await press(pilot, "escape", "escape")  # later, and back to the board
        assert isinstance(app.screen, MainScreen)
        walk.look(pilot, "main screen with a counter-offer waiting")
        await press(pilot, "v", "r", "d")
        app.screen.request_move(Statement("free_passage", ("cor",)))  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(app.screen, StatementScreen)
        walk.look(pilot, "statement preview")
        await press(pilot, "y")
        walk.look(pilot, "dialogue after the statement")
        await press(pilot, "escape")
        await press(pilot, "escape")
        assert isinstance(app.screen, GameMenuScreen)
        walk.look(pilot, "game menu")
        await press(pilot, "escape", "ctrl+s")
        assert isinstance(app.screen, SaveScreen)
        walk.look(pilot, "save")
        await press(pilot, "enter", "ctrl+o")
        walk.look(pilot, "load in a game")
        await press(pilot, "escape", "question_mark")
        walk.look(pilot, "help in a game")
        await press(pilot, "escape", "ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        walk.look(pilot, "quit")
        await press(pilot, "escape", "1", "e")  # back to the moves, and end the month
        assert isinstance(app.screen, BriefingScreen)
        walk.look(pilot, "second briefing")
        for _ in range(10):  # the next month's offer from another power, if one comes first
            if isinstance(app.screen, OfferScreen):
                walk.look(pilot, "an offer")
                break
            if not isinstance(app.screen, BriefingScreen | EventScreen):
                break
            await press(pilot, "1" if isinstance(app.screen, EventScreen) else "enter")
        # the rest of the game is played by the computer (keys alone play whole games elsewhere)
        while not isinstance(app.screen, MainScreen):
            await press(
                pilot,
                "1" if isinstance(app.screen, EventScreen) else "r" if isinstance(app.screen, OfferScreen) else "enter",
            )
        game = app.screen.game  # type: ignore[attr-defined]
        game.run_to_end()
        app.screen.next_decision()  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        for part in ("1", "2", "3", "4"):
            await press(pilot, part)
            walk.look(pilot, f"end screen, part {part}")
        await press(pilot, "t")
        walk.look(pilot, "title after the game")
    assert len(walk.seen) > 35
    assert walk.problems == []
