"""`dualfreeze simulate`: the computer plays every power, many games; endings, scores and speed."""

from __future__ import annotations

import argparse
import json
import sys
import time

from game.commands.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, load_content_or_report
from game.engine.setup import GameSetupError, new_state
from game.simulate import simulate, summarise


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(1, total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} games")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def simulate_command(args: argparse.Namespace) -> int:
    if args.games < 1 or args.jobs < 1:
        print("dualfreeze simulate: --games and --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if args.log and not args.json:
        print("dualfreeze simulate: --log goes with --json", file=sys.stderr)
        return EXIT_USAGE
    content = load_content_or_report(args.mod)
    if content is None:
        return EXIT_FAIL
    try:
        new_state(content, args.scenario, None, 0, args.difficulty)
    except GameSetupError as e:
        print(f"dualfreeze simulate: {e}", file=sys.stderr)
        return EXIT_USAGE
    progress = _progress_bar if sys.stderr.isatty() else None
    start = time.perf_counter()
    results = simulate(
        content, args.games, args.seed, args.jobs, args.scenario, args.difficulty, args.ai, args.log, args.mod, progress
    )
    seconds = time.perf_counter() - start
    summary = summarise(content, results, seconds)
    summary["seed"] = args.seed
    summary["jobs"] = args.jobs
    summary["ai"] = args.ai
    if args.json:
        if args.log:
            summary["games_detail"] = None
            del summary["games_detail"]
            summary["games"] = [
                {
                    "game": r.number,
                    "seed": r.seed,
                    "ending": r.ending,
                    "turns": r.turns,
                    "scores": r.scores,
                    "state_hash": r.state_hash,
                    "log": r.log,
                }
                for r in results
            ]
            summary["count"] = len(results)
        print(json.dumps(summary, indent=1))
        return EXIT_OK
    print(f"{summary['games']} games, seed {args.seed}, {args.jobs} job(s), ai {args.ai}")
    print("endings:")
    for k, v in summary["endings"].items():
        title = content.endings[k].model.title if k in content.endings else "no ending"
        print(f"  {k:<20} {v:>6}  {100 * v / len(results):5.1f}%  {title}")
    print("mean score and best-placed games per power:")
    for p in content.powers:
        print(f"  {p:<6} {summary['mean_scores'][p]:>9.2f}  best in {summary['best_power'][p]} games")
    print(f"{summary['games_per_second']} games/s, {summary['turns_per_second']} turns/s ({summary['seconds']} s)")
    return EXIT_OK
