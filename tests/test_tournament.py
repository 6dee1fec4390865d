"""The tournament: every seat played by the AI, random play and each playbook that fits, on the same
seeds; intervals and flags; identical tables whatever the number of jobs; the command's output
and its errors. Played on the tiny world, and once, briefly, on the base game."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from game.ai.playbook import SeatResult, load_playbook, load_playbooks
from game.mods.content import Content
from game.mods.loader import load_content
from game.simulate import game_seed
from game.tournament import Row, SeatTable, run_tournament, spread

ROOT = Path(__file__).parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
MINI_BOOKS = MINI / "playbooks"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [sys.executable, "-m", "game", "tournament", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert "Traceback" not in out.stderr + out.stdout, out.stderr
    return out


def fake(scores: list[float]) -> list[SeatResult]:
    return [SeatResult(s, None, 6, 0, 0, "") for s in scores]


def test_each_seat_plays_the_ai_random_and_every_playbook_that_fits(mini: Content) -> None:
    books = load_playbooks([MINI_BOOKS], mini)
    seen: list[tuple[int, int]] = []
    t = run_tournament(mini, books, ["red", "blue"], games=3, seed=5, progress=lambda d, n: seen.append((d, n)))
    red, blue = t.tables
    assert [r.id for r in red.rows] == ["ai", "random", "shouter", "soother"]
    assert [r.id for r in blue.rows] == ["ai", "random", "shouter"]
    assert all(len(r.results) == 3 for tab in t.tables for r in tab.rows) and len(red.all_ai) == 3
    assert t.unplayed == ["green_only"] and t.aliases == {"randomly": "random"}
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == list(range(1, len(seen) + 1))
    # Every row of a seat plays the same games: the seeds are the run's, not the row's.
    assert t.to_json()["seeds"] == [game_seed(5, n) for n in range(3)]
    assert t.game_count() == 7 * 3 + 3


def test_the_tables_are_the_same_whatever_the_number_of_jobs(mini: Content) -> None:
    books = load_playbooks([MINI_BOOKS], mini)
    one = run_tournament(mini, books, ["red", "blue"], games=4, seed=9, jobs=1, mods=[str(MINI)]).to_json()
    two = run_tournament(mini, books, ["red", "blue"], games=4, seed=9, jobs=2, mods=[str(MINI)]).to_json()
    one.pop("seconds")
    two.pop("seconds")
    assert one == two


def test_an_interval_is_the_mean_give_or_take_1_96_standard_errors() -> None:
    s = spread([1.0, 2.0, 3.0, 4.0])
    sd = math.sqrt(sum((x - 2.5) ** 2 for x in (1, 2, 3, 4)) / 3)
    assert s.mean == 2.5 and s.sd == pytest.approx(sd)
    assert (s.lo, s.hi) == pytest.approx((2.5 - 1.96 * sd / 2, 2.5 + 1.96 * sd / 2))
    assert spread([7.0]).half == 0.0 and spread([]).n == 0


def test_a_playbook_is_flagged_only_when_its_interval_lies_above_the_ais() -> None:
    ai = Row("ai", "ai", None, fake([10, 12, 11, 9, 10, 11]))
    above = Row("p", "p", None, fake([30, 31, 29, 32, 30, 31]))
    overlapping = Row("q", "q", None, fake([11, 14, 12, 10, 12, 13]))
    table = SeatTable("red", [ai, above, overlapping])
    assert table.above_ai(above) and not table.above_ai(overlapping) and not table.above_ai(ai)
    assert table.vs_ai(above).mean == pytest.approx(20.0)
    assert table.vs_ai(overlapping).mean == pytest.approx(1.5)


def test_shipped_playbooks_play_the_base_game() -> None:
    content = load_content()
    books = [
        load_playbook(ROOT / "content" / "playbooks" / f"{n}.toml", content)
        for n in ("do_nothing", "six_party_every_month")
    ]
    t = run_tournament(content, books, ["chn"], games=2, seed=1)
    (chn,) = t.tables
    assert [r.id for r in chn.rows] == ["ai", "random", "do_nothing", "six_party_every_month"]
    assert all(math.isfinite(s) for r in chn.rows for s in r.scores)
    # Doing nothing ends every month at once; the six-party playbook tries its proposal every month
    # (skipped while the road to the table is not yet walked).
    do_nothing, six = chn.rows[2], chn.rows[3]

    def tries_a_month(row: Row) -> float:
        return sum(r.moves + r.skipped for r in row.results) / sum(r.turns for r in row.results)

    assert tries_a_month(do_nothing) < tries_a_month(six)
    assert sum(r.skipped for r in six.results) > 0
    assert chn.ai.moves() > 0


# -- the command ---------------------------------------------------------------------------------


def test_the_command_plays_the_mods_own_playbooks_and_prints_json() -> None:
    out = run("--mod", str(MINI), "--games", "2", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data["powers"]) == {"red", "blue"} and data["games"] == 2 and data["jobs"] == 1
    rows = {r["id"]: r for r in data["powers"]["red"]["rows"]}
    assert set(rows) == {"ai", "random", "shouter", "soother"}
    for r in rows.values():
        assert {"mean", "lo", "hi", "sd", "vs_ai", "above_ai", "endings", "scores", "moves_per_game"} <= set(r)
    assert data["unplayed"] == ["green_only"] and data["same_as"] == {"randomly": "random"}
    assert "interval" in data and data["flagged"] == [
        {"power": p, "playbook": r["id"]} for p, t in data["powers"].items() for r in t["rows"] if r["above_ai"]
    ]


def test_the_command_prints_a_table_per_seat() -> None:
    out = run("--mod", str(MINI), "--games", "2", "--power", "red", "--playbook", str(MINI_BOOKS / "soother.toml"))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Redland (red)" in text and "Blueland" not in text
    shown = [line[4:].split("  ")[0].strip() for line in text.splitlines() if line.startswith("    ")]
    assert shown == ["playbook", "ai", "random", "soother", "(all-AI games, no player)"]
    assert "1.96" in text and "games in" in text
    assert out.stderr == ""  # no progress bar when stderr is not a terminal


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--power", "purple"], 2, "unknown power 'purple' (powers: red, blue, or all)"),
        (["--power", "green"], 2, "'green' is not a playable power here (playable: red, blue)"),
        (["--games", "0"], 2, "--games and --jobs must be at least 1"),
        (["--ai", "clever"], 2, "unknown AI 'clever'"),
        (["--playbook", "nowhere.toml"], 1, "nowhere.toml:1:1: no such playbook file or folder"),
    ],
)
def test_bad_arguments_are_one_clear_line(args: list[str], code: int, message: str) -> None:
    out = run("--mod", str(MINI), *args)
    assert out.returncode == code
    assert message in out.stderr
    assert out.stdout == ""


def test_broken_playbooks_are_reported_at_file_line_col_and_nothing_is_played(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('[[rule]]\nwhen = "tensoin > 3"\ntry = ["act shuot"]\n')
    (tmp_path / "worse.toml").write_text("[[rule]\n")
    out = run("--mod", str(MINI), "--playbook", str(tmp_path))
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert any(line.endswith("bad.toml:2:9: unknown name 'tensoin'; did you mean 'tension'?") for line in lines)
    assert any(line.endswith("bad.toml:3:13: unknown action 'shuot'; did you mean 'shout'?") for line in lines)
    assert any("worse.toml:1:" in line and "TOML syntax" in line for line in lines)
    assert lines[-1] == "dualfreeze tournament: 3 errors in the playbooks: no game was played"
    assert out.stdout == ""
