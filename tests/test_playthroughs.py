"""Every scripted playthrough under tests/playthroughs/ plays to the end with its expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.mods.loader import load_content
from game.scripts import run_script

HERE = Path(__file__).parent / "playthroughs"
SCRIPTS = sorted(HERE.glob("*.toml"))


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_there_are_playthroughs() -> None:
    assert len(SCRIPTS) >= 6


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_playthrough(script: Path, content) -> None:
    result = run_script(script, content)
    assert result.ok, result.failure
    assert result.game is not None and result.game.over


def test_playthroughs_reach_at_least_four_endings(content) -> None:
    endings = set()
    for script in SCRIPTS:
        result = run_script(script, content)
        assert result.game is not None
        endings.add(result.game.ending)
    assert len(endings - {None}) >= 4, endings


def test_a_refusal_carries_its_reasons_in_the_json(content) -> None:
    import json
    import subprocess
    import sys

    script = HERE / "chn_refused_with_reasons.toml"
    out = subprocess.run(
        [sys.executable, "-m", "game", "run", str(script), "--json"], capture_output=True, text=True, check=True
    )
    (result,) = json.loads(out.stdout)
    answers = [e for e in result["log"] if e["kind"] == "answer" and e.get("verdict") == "reject"]
    assert answers
    reasons = answers[0]["reasons"]
    assert reasons and all(set(r) == {"points", "text"} for r in reasons)
    assert any(r["points"] < 0 and "surrender" in r["text"] for r in reasons)
    assert abs(sum(r["points"] for r in reasons) - answers[0]["total"]) < 0.5
