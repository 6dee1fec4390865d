"""The command line's door into the interface, and the parts of the interface that stay headless."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from game.ui.app import run_app


@pytest.mark.parametrize(
    ("power", "difficulty", "scenario"),
    [("atlantis", None, None), ("chn", "impossible", None), ("chn", None, "no_such_scenario")],
)
def test_dualfreeze_new_with_a_bad_choice_says_why_and_exits_2(crisis, capsys, power, difficulty, scenario) -> None:
    args = argparse.Namespace(
        command="new", power=power, seed=1, scenario=scenario, difficulty=difficulty, saves=None, mod=[]
    )
    assert run_app(crisis, args) == 2
    err = capsys.readouterr().err
    assert err.startswith("dualfreeze new: ") and "Traceback" not in err


@pytest.mark.parametrize("module", ["game.ui.view", "game.ui.saving"])
def test_the_views_and_saves_adapter_do_not_need_textual(module: str) -> None:
    code = f"import sys, {module}\nprint(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
