"""Many games with the computer playing every power: endings, scores, speed.

Each game's seed is derived from the run's seed and the game's number alone, and results are
gathered in game order, so a run gives the same figures whatever the number of jobs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from game.ai import policy_named
from game.engine.game import Game
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
    ai: str = "search",
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
    ai: str = "search",
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
