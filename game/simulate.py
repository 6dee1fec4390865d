"""Many games with the computer playing every power: endings, scores, speed.

Each game's seed is derived from the run's seed and the game's number alone, and results are
gathered in game order, so a run gives the same figures whatever the number of jobs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from game.ai import policy_named
from game.engine.game import Game, GameSetupError
from game.engine.setup import new_state
from game.mods.content import Content


@dataclass(frozen=True, slots=True)
class GameResult:
    number: int
    seed: int
    ending: str | None
    turns: int
    scores: dict[str, float]
    state_hash: str
    log: list[dict[str, Any]] | None = None


def game_seed(run_seed: int, number: int) -> int:
    """A game's seed from the run's seed and its number: independent of how work is split."""
    return (run_seed * 1_000_003 + number * 7919) % (2**63)


def play_one(
    content: Content,
    scenario: str | None,
    difficulty: str | None,
    run_seed: int,
    number: int,
    ai: str = "utility",
    keep_log: bool = False,
) -> GameResult:
    seed = game_seed(run_seed, number)
    game = Game(content, scenario, None, seed, difficulty, policy=policy_named(ai))
    game.run_to_end()
    st = game.state
    log = [e.to_json() for e in st.log] if keep_log else None
    return GameResult(number, seed, st.ending, st.turn, dict(st.scores), game.state_hash(), log)


_WORKER_CONTENT: Content | None = None


def _init_worker(mods: Sequence[str]) -> None:
    global _WORKER_CONTENT
    from game.mods.loader import load_content

    _WORKER_CONTENT = load_content(mods)


def _work(args: tuple[str | None, str | None, int, int, str, bool]) -> GameResult:
    assert _WORKER_CONTENT is not None
    return play_one(_WORKER_CONTENT, *args)


def simulate(
    content: Content,
    games: int,
    seed: int,
    jobs: int = 1,
    scenario: str | None = None,
    difficulty: str | None = None,
    ai: str = "utility",
    keep_log: bool = False,
    mods: Sequence[str] = (),
    progress: Any = None,
) -> list[GameResult]:
    tasks = [(scenario, difficulty, seed, i, ai, keep_log) for i in range(games)]
    results: list[GameResult] = []
    if jobs <= 1:
        for t in tasks:
            results.append(play_one(content, *t))
            if progress:
                progress(len(results), games)
        return results
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(list(mods),)) as pool:
        chunk = max(1, games // (jobs * 8))
        for r in pool.map(_work, tasks, chunksize=chunk):
            results.append(r)
            if progress:
                progress(len(results), games)
    return results


def summarise(content: Content, results: list[GameResult], seconds: float) -> dict[str, Any]:
    endings = Counter(r.ending or "none" for r in results)
    powers = list(content.powers)
    n = max(1, len(results))
    mean = {p: round(sum(r.scores.get(p, 0.0) for r in results) / n, 2) for p in powers}
    best = Counter()
    for r in results:
        if r.scores:
            top = max(powers, key=lambda p: (r.scores.get(p, 0.0), -powers.index(p)))
            best[top] += 1
    turns = sum(r.turns for r in results)
    order = [*content.endings, "none"]
    return {
        "games": len(results),
        "endings": {k: endings[k] for k in order if endings.get(k)},
        "mean_scores": mean,
        "best_power": {p: best.get(p, 0) for p in powers},
        "turns": turns,
        "seconds": round(seconds, 3),
        "games_per_second": round(len(results) / seconds, 2) if seconds > 0 else None,
        "turns_per_second": round(turns / seconds, 1) if seconds > 0 else None,
    }


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(1, total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} games")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def simulate_command(args: argparse.Namespace) -> int:
    from game.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, load_content_or_report

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
