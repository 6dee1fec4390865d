"""The dualfreeze command: exit codes, reports, JSON output; never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MINI = "tests/fixtures/mini"
SCRIPTS = Path("tests/fixtures/scripts")


def run(*args: str, check_tb: bool = True) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, check=False)
    if check_tb:
        assert "Traceback" not in out.stderr + out.stdout, out.stderr
    return out


def test_validate_prints_a_one_line_summary() -> None:
    out = run("validate")
    assert out.returncode == 0
    (line,) = out.stdout.strip().splitlines()
    assert line.startswith("6 powers, ") and " events, " in line and " endings" in line


def test_validate_warns_about_every_id_a_player_would_see_without_a_name(tmp_path: Path) -> None:
    mod = tmp_path / "unnamed"
    mod.mkdir()
    (mod / "mod.toml").write_text('id = "unnamed"\nname = "Unnamed"\nrequires = ["base"]\n')
    (mod / "a.toml").write_text(
        '[[action]]\nid = "rumour"\nname = "Spread a rumour"\nwhen = "tension > 50"\n'
        "effects = ['set_flag(\"rumour_spread\")']\n"
        '[[event]]\nid = "storm"\ntitle = "A storm"\nnews = "A storm hits the coast."\n'
    )
    out = run("validate", "--mod", str(mod))
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("6 powers, ")
    assert any(x.startswith("warning: flag 'rumour_spread' has no [[flag]] entry") for x in lines)
    assert any(x.startswith("warning: action 'rumour' has a 'when' but no 'unavailable' text") for x in lines)
    assert any(x.startswith("warning: event 'storm' has no 'power' and no 'label'") for x in lines)
    assert lines[-1] == "3 warnings: the content loads, but players would see these ids."


def test_validate_reports_every_error_and_exits_1(tmp_path: Path) -> None:
    mod = tmp_path / "broken"
    mod.mkdir()
    (mod / "mod.toml").write_text('id = "broken"\nname = "Broken"\n')
    (mod / "a.toml").write_text(
        '[[event]]\nid = "x"\ntitle = "X"\nwhen = "tensoin > 5"\n'  # line 4
        '[[action]]\nid = "y"\nname = "Y"\neffects = ["prestige(usaa) += 1"]\n'  # line 8
    )
    out = run("validate", "--mod", str(mod))
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert any(":4:9: unknown name 'tensoin'; did you mean 'tension'?" in x for x in lines)
    assert any(":8:22: unknown name 'usaa'; did you mean 'usa'?" in x for x in lines)
    assert lines[-1] == "2 errors: the content was not loaded."


def test_usage_errors_exit_2() -> None:
    assert run("simulate", "--games", "zero").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("run").returncode == 2
    assert run("simulate", "--games", "0").returncode == 2


def test_run_reports_ok_and_failures() -> None:
    ok = run("run", str(SCRIPTS / "mini_calm.toml"), "--mod", MINI)
    assert ok.returncode == 0 and ok.stdout.startswith("ok ")
    bad = run("run", str(SCRIPTS / "mini_calm.toml"), str(SCRIPTS / "mini_fails.toml"), "--mod", MINI)
    assert bad.returncode == 1
    assert "mini_fails.toml:9:9: after turn 1, expected `tension < 10` (found tension = " in bad.stdout
    illegal = run("run", str(SCRIPTS / "mini_illegal.toml"), "--mod", MINI)
    expected = "mini_illegal.toml:5:23: turn 1: `act blue_only` is not allowed: only Blueland may take 'Blue only'"
    assert expected in illegal.stdout
    typo = run("run", str(SCRIPTS / "mini_typo.toml"), "--mod", MINI)
    assert "mini_typo.toml:2:1: unknown key 'seeed'; did you mean 'seed'?" in typo.stdout


def test_log_expectations_match_entries_by_their_fields() -> None:
    out = run("run", str(SCRIPTS / "mini_log.toml"), "--mod", MINI)
    assert out.returncode == 1
    assert "mini_log.toml:11:8: after turn 2, no log entry with kind = 'nope'" in out.stdout


def test_run_json_has_the_documented_fields() -> None:
    out = run("run", str(SCRIPTS / "mini_calm.toml"), "--mod", MINI, "--json")
    assert out.returncode == 0
    (result,) = json.loads(out.stdout)
    for key in (
        "script",
        "power",
        "seed",
        "turn",
        "date",
        "ending",
        "state_hash",
        "variables",
        "opinions",
        "scores",
        "log",
    ):
        assert key in result
    assert result["power"] == "red" and result["seed"] == 5
    for entry in result["log"]:
        assert {"turn", "date", "kind", "id", "text"} <= set(entry)
        assert len(entry["date"]) == 7 and entry["date"][4] == "-"


def test_run_missing_script_is_a_clean_failure() -> None:
    out = run("run", "no/such/script.toml")
    assert out.returncode == 1
    assert "no/such/script.toml" in out.stdout and "cannot read" in out.stdout


def test_moves_lists_legal_moves_where_the_script_ends() -> None:
    out = run("moves", str(SCRIPTS / "mini_calm.toml"), "--mod", MINI)
    assert out.returncode == 0
    assert out.stdout.splitlines() == [
        "act shout",
        "propose blue red_stop_shouting+blue_stop_shouting",
        "propose blue blue_stop_shouting",
        "propose blue blue_pays",
        "propose green green_blesses",
        "talk blue",
        "talk green",
        "declare calm_down",
        "end",
    ]


def test_simulate_gives_identical_results_whatever_the_jobs() -> None:
    one = json.loads(run("simulate", "--games", "12", "--seed", "3", "--json", "--mod", MINI).stdout)
    two = json.loads(run("simulate", "--games", "12", "--seed", "3", "--jobs", "2", "--json", "--mod", MINI).stdout)
    for key in ("endings", "mean_scores", "best_power", "turns"):
        assert one[key] == two[key]
    text = run("simulate", "--games", "5", "--seed", "3", "--mod", MINI).stdout
    assert "games/s" in text and "endings:" in text


def test_simulate_log_gives_each_game_log() -> None:
    out = json.loads(run("simulate", "--games", "2", "--seed", "1", "--json", "--log", "--mod", MINI).stdout)
    assert len(out["games"]) == 2 and out["games"][0]["log"]


def test_schema_is_json_schema_for_content() -> None:
    out = run("schema")
    schema = json.loads(out.stdout)
    assert schema["title"] == "Dual Freeze content file"
    assert "event" in schema["properties"] and "$defs" in schema


def test_version() -> None:
    assert run("--version").stdout.startswith("dualfreeze ")


@pytest.mark.parametrize("cmd", [["validate", "--mod", "/nonexistent"], ["moves", "/nonexistent.toml"]])
def test_bad_paths_are_reported_not_raised(cmd: list[str]) -> None:
    out = run(*cmd)
    assert out.returncode == 1
    assert "nonexistent" in out.stderr + out.stdout


def test_help_names_the_game_its_period_and_powers_from_the_content() -> None:
    out = run("--help")
    assert out.returncode == 0
    text = " ".join(out.stdout.split())
    assert "Dual Freeze: The Korean Peninsula crisis, July 2017 to December 2018 (18 months)." in text
    new = " ".join(run("new", "--help").stdout.split())
    assert "usa (United States), chn (China), rus (Russia), prk (North Korea), kor (South Korea), jpn (Japan)" in new
    assert "normal (Minister)" in new


def test_help_under_a_total_conversion_names_only_the_conversion() -> None:
    tc = "tests/ui/fixtures/conversion"
    top = " ".join(run("--mod", tc, "--help").stdout.split())
    new = " ".join(run("--mod", tc, "new", "--help").stdout.split())
    assert "Amber Strait: The spring standoff, March 1995 to August 1995 (6 months)." in top
    assert "ald (Aldmark), bry (Brynland), cor (Corvane)" in new
    import re

    for word in ("Dual Freeze", "Korea", "2017", "2018", "usa", "chn", "prk"):
        assert not re.search(rf"\b{word}\b", top + new), word


def test_help_reads_names_without_the_content_loader() -> None:
    code = (
        "import sys\nfrom game.cli import main\ntry:\n    main(['new', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('LOADED', ','.join(m for m in sorted(sys.modules) if m.startswith(('pydantic', 'game.mods.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = out.stdout.strip().splitlines()[-1]
    assert loaded == "LOADED game.mods.paths", loaded


ESCAPE_PROBE = """
import sys, types
from game import cli
fake = types.ModuleType("game.ui.app")
def run_app(content, args):
    import textual.constants as c
    print(c.ESCAPE_DELAY)
    return 0
fake.run_app = run_app
sys.modules["game.ui.app"] = fake
cli.has_a_screen = lambda: True
raise SystemExit(cli.main(["new", "--power", "usa"]))
"""


@pytest.mark.parametrize(("own", "seen"), [(None, "0.03"), ("250", "0.25")])
def test_the_interface_reads_esc_after_30_ms_unless_the_player_set_escdelay(own: str | None, seen: str) -> None:
    """Textual waits ESCDELAY ms after an escape byte for a key's sequence (100 by default):
    `dualfreeze` sets 30 before the interface is imported; a player's own ESCDELAY stands."""
    env = {k: v for k, v in os.environ.items() if k != "ESCDELAY"}
    if own is not None:
        env["ESCDELAY"] = own
    out = subprocess.run([sys.executable, "-c", ESCAPE_PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [seen]
