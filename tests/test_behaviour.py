"""The game plays exactly as recorded: every playthrough's hash, a 200-game run's endings and
scores, and what each shipped save loads to (tests/fixtures/behaviour.json).

A change meant to alter the rules, the content or the AI re-records these figures in a commit
of its own that says why; a refactor never does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.mods.loader import load_content
from game.saves import load_game
from game.saves.record import shown_path
from game.scripts import run_script
from game.simulate import simulate, summarise

HERE = Path(__file__).parent
FIGURES = json.loads((HERE / "fixtures" / "behaviour.json").read_text())


@pytest.fixture(scope="module")
def base():  # type: ignore[no-untyped-def]
    return load_content()


@pytest.mark.parametrize("name", sorted(FIGURES["playthroughs"]))
def test_every_playthrough_reaches_its_recorded_state(base, name: str) -> None:
    result = run_script(HERE / "playthroughs" / f"{name}.toml", base)
    assert result.game is not None
    assert result.game.state_hash() == FIGURES["playthroughs"][name]


def test_the_recorded_run_of_200_games_ends_the_same_way(base) -> None:
    results = simulate(base, 200, 1, jobs=2)
    summary = summarise(base, results, 1.0)
    want = FIGURES["simulate_200_seed_1"]
    assert summary["endings"] == want["endings"]
    assert summary["mean_scores"] == want["mean_scores"]


@pytest.mark.parametrize("name", sorted(FIGURES["save_fixtures"]))
def test_every_shipped_save_loads_to_its_recorded_game(name: str) -> None:
    mini = load_content([HERE / "fixtures" / "mini"])
    path = HERE / "fixtures" / "savefiles" / name
    game, notice = load_game(path, mini)
    want = FIGURES["save_fixtures"][name]
    assert game.state_hash() == want["state_hash"]
    assert notice == (want["notice"].replace("{save}", shown_path(path)) if want["notice"] else None)
