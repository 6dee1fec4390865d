"""`dualfreeze tournament`: playbooks in a power's seat against the computer, on the same seeds.

This module imports nothing heavy at the top, so the command line can register it for free;
the tournament itself (`game.tournament`) is imported when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.commands import EXIT_FAIL, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from game.mods.content import Content
    from game.tournament import SeatTable, Tournament

PROG = "dualfreeze tournament"


def add_tournament_parser(sub: Any, add_mods: Callable[[argparse.ArgumentParser], None]) -> None:
    """The subcommand's arguments (cli.py registers it with one call)."""
    p = sub.add_parser(
        "tournament",
        help="play fixed strategies (playbooks) in a power's seat against the computer",
        description="Play each playbook in a power's seat, the other powers on the computer, on the same seeds; "
        "print each one's mean score beside the computer's own and random play's, with 95% intervals.",
    )
    p.add_argument("--power", default="all", help="the seat to play: a power id, or all (the default)")
    p.add_argument(
        "--playbook",
        action="extend",
        nargs="+",
        default=None,
        metavar="FILE",
        help="playbook files, or folders of them (default: the playbooks the loaded mods ship)",
    )
    p.add_argument("--games", type=int, default=20, help="games a playbook plays in each seat (default 20)")
    p.add_argument("--seed", type=int, default=1, help="the run's seed: game n's seed comes from it (default 1)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1); results do not depend on it")
    p.add_argument("--ai", default=None, metavar="NAME", help="how the computer plays (default: the game's default AI)")
    p.add_argument("--scenario", default=None)
    p.add_argument("--difficulty", default=None)
    p.add_argument("--json", action="store_true", help="print everything as JSON")
    add_mods(p)
    p.set_defaults(command="tournament")


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def tournament_command(args: argparse.Namespace) -> int:
    if args.games < 1 or args.jobs < 1:
        return _fail("--games and --jobs must be at least 1")
    if args.games > 100_000 or args.jobs > 256:
        return _fail("--games is at most 100000 and --jobs at most 256")
    from game.ai import POLICIES
    from game.commands.common import load_content_or_report
    from game.tournament import DEFAULT_AI

    args.ai = args.ai or DEFAULT_AI
    if args.ai not in POLICIES:
        return _fail(f"unknown AI {args.ai!r} (known: {', '.join(POLICIES)})")
    content = load_content_or_report(args.mod)
    if content is None:
        return EXIT_FAIL
    powers = _powers(content, args)
    if isinstance(powers, str):
        return _fail(powers)
    from game.ai.playbook import PlaybookError, load_playbooks

    paths = [Path(p) for p in args.playbook] if args.playbook else _shipped(content, args.mod)
    try:
        playbooks = load_playbooks(paths, content) if paths else []
    except PlaybookError as e:
        for err in e.errors[:200]:
            print(err, file=sys.stderr)
        n = len(e.errors)
        return _fail(f"{n} error{'s' if n != 1 else ''} in the playbooks: no game was played", EXIT_FAIL)
    from game.tournament import run_tournament

    progress = _progress_bar if sys.stderr.isatty() else None
    result = run_tournament(
        content,
        playbooks,
        powers,
        args.games,
        args.seed,
        args.jobs,
        args.ai,
        args.scenario,
        args.difficulty,
        args.mod,
        progress,
    )
    if args.json:
        import json

        out = result.to_json()
        out["jobs"] = args.jobs
        print(json.dumps(out, indent=1, ensure_ascii=False))
    else:
        _print(content, result, args.jobs)
    return EXIT_OK


def _powers(content: Content, args: argparse.Namespace) -> list[str] | str:
    """The seats to play, or what is wrong with the arguments."""
    from game.engine.setup import GameSetupError, new_state, pick_scenario

    try:
        scen = pick_scenario(content, args.scenario)
        new_state(content, args.scenario, None, 0, args.difficulty)
    except GameSetupError as e:
        return str(e)
    playable = list(scen.model.playable or content.powers)
    if args.power == "all":
        return playable
    if args.power not in content.powers:
        return f"unknown power {args.power!r} (powers: {', '.join(playable)}, or all)"
    if args.power not in playable:
        return f"{args.power!r} is not a playable power here (playable: {', '.join(playable)})"
    return [args.power]


def _shipped(content: Content, mods: list[str]) -> list[Path]:
    """The `playbooks/` folders of the mods the content was loaded from (the base game's too)."""
    from game.mods.read import PLAYBOOKS_DIR, base_content_dir

    dirs = [base_content_dir(), *(Path(m) for m in mods)]
    used = dirs[len(dirs) - len(content.mods) :]  # a standalone mod replaces what came before it
    return [d / PLAYBOOKS_DIR for d in used if (d / PLAYBOOKS_DIR).is_dir()]


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(1, total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} games")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _print(content: Content, t: Tournament, jobs: int) -> None:
    from game.tournament import INTERVAL

    print(
        f"Tournament: {t.games} game{'s' if t.games != 1 else ''} a seat, seed {t.seed}, {jobs} job(s); "
        f"the other powers played by the {t.ai!r} AI"
    )
    print(f"Scores are the seat's final score; {INTERVAL}.")
    print("'vs AI' is the mean difference from the AI on the same seeds; '!' marks an interval above the AI's.")
    for table in t.tables:
        _print_table(content, table)
    flagged = t.flagged()
    print()
    if flagged:
        print(f"{len(flagged)} playbook seat(s) score above the AI: " + ", ".join(f"{p} {r}" for p, r in flagged))
    else:
        print("No playbook's interval lies above the AI's.")
    if t.unplayed:
        print("Fit none of the seats played: " + ", ".join(t.unplayed))
    for pid, row in t.aliases.items():
        print(f"The playbook {pid} plays exactly as the {row} row: it is shown there.")
    rate = t.game_count() / t.seconds if t.seconds > 0 else 0.0
    print(f"{t.game_count()} games in {t.seconds:.1f} s ({rate:.1f} games/s)")


def _print_table(content: Content, table: SeatTable) -> None:
    from game.tournament import spread

    p = content.powers[table.power].model
    width = max(len("(all-AI games, no player)"), *(len(r.id) for r in table.rows))
    print()
    print(f"{p.name} ({table.power})")
    print(
        f"    {'playbook':<{width}} {'mean':>6}  {'95% interval':<16} {'vs AI':>13}  {'moves':>5}  most common ending"
    )
    for row in table.rows:
        s = row.spread
        mark = "!" if table.above_ai(row) else " "
        vs = table.vs_ai(row)
        vs_text = "" if row.id == "ai" else f"{vs.mean:+.1f} ± {vs.half:.1f}"
        endings = row.endings()
        top, count = max(endings.items(), key=lambda kv: (kv[1], kv[0] == "none", kv[0]))
        print(
            f"  {mark} {row.id:<{width}} {s.mean:6.1f}  [{s.lo:6.1f}, {s.hi:6.1f}] {vs_text:>13}  "
            f"{row.moves():5.1f}  {top} {100 * count / max(1, len(row.results)):.0f}%"
        )
    ref = spread(table.all_ai)
    print(f"    {'(all-AI games, no player)':<{width}} {ref.mean:6.1f}  [{ref.lo:6.1f}, {ref.hi:6.1f}]")
