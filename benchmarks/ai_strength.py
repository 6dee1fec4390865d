"""How well, and how fast, the computer plays: seat rotations, difficulty head to head, month time.

    python benchmarks/ai_strength.py rotation                # 1 search AI among 5 utility AIs, and the reverse
    python benchmarks/ai_strength.py difficulty              # the hardest level against the easiest, seat by seat
    python benchmarks/ai_strength.py month --games 4         # the computer's time for one month, per level
    python benchmarks/ai_strength.py departures --games 20   # how often the search overrules its instinct

Rotations are measured as Diplomacy bots are: one seat played by policy A while the other five are
played by B, against the same seat played by B, on the same seeds, for every seat in turn. Each
figure is the mean per-game difference with a 95% interval (normal approximation). Difficulty
compares one seat played at the hardest level with the same seat at the easiest, the other powers
at the default level. Month time is the wall-clock time of every computer power's moves for one
month (`engine.turn.computer_turn`), with the player's seat played by the game's own AI.
Departures count, in all-computer games at each level, the months in which a power's search
chose a plan other than its instinct (the utility policy's month): where it never does, the
budget cannot matter.

Every outcome here spreads widely from game to game (one seat's score has a standard deviation
of 50 to 80 points), so intervals over 20 seeds are some ±15 to ±25 points a seat: use 100.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.ai import SearchPolicy, UtilityPolicy
from game.ai.search import Plan
from game.ai.seats import Seats
from game.engine.game import Game
from game.engine.policy import Policy
from game.engine.state import GameState
from game.mods.content import Content
from game.mods.loader import load_content
from game.mods.rule_models import Difficulty

_CONTENT: Content | None = None


def content() -> Content:
    global _CONTENT
    if _CONTENT is None:
        _CONTENT = load_content()
    return _CONTENT


def policy(spec: str) -> Policy:
    """`utility`, or `search` at a difficulty level's budget (`search:hard`), or the default level's."""
    if spec == "utility":
        return UtilityPolicy()
    _, _, level = spec.partition(":")
    if not level:
        return SearchPolicy()
    (budget,) = [d for d in content().rules.difficulty if d.id == level]
    return SearchPolicy(budget)


def seat_scores(task: tuple[str, int, str, str]) -> dict[str, float]:
    """Every power's score in one all-computer game: `seat` played by one policy, the rest by another."""
    power, seed, seat, rest = task
    game = Game(content(), None, None, seed, policy=Seats(policy(rest), {power: policy(seat)}))
    game.run_to_end()
    return game.scores()


def interval(diffs: list[float]) -> str:
    mean = statistics.mean(diffs)
    half = 1.96 * statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else 0.0
    return f"{mean:+6.1f} ± {half:4.1f}"


def paired(a: str, b: str, rest: str, games: int, jobs: int) -> None:
    """Seat by seat: the seat played by `a` against the same seat played by `b`, the rest by `rest`.
    When `b` is `rest`, its games are one all-`b` game a seed, played once for every seat."""
    powers = list(content().powers)
    seeds = range(1, games + 1)
    by_seed: list[list[float]] = [[] for _ in seeds]
    with ProcessPoolExecutor(jobs) as pool:
        shared = list(pool.map(seat_scores, [(powers[0], s, b, rest) for s in seeds])) if b == rest else None
        for p in powers:
            sa = [r[p] for r in pool.map(seat_scores, [(p, s, a, rest) for s in seeds])]
            games_b = shared if shared is not None else pool.map(seat_scores, [(p, s, b, rest) for s in seeds])
            sb = [r[p] for r in games_b]
            diffs = [x - y for x, y in zip(sa, sb, strict=True)]
            for row, d in zip(by_seed, diffs, strict=True):
                row.append(d)
            print(f"  {p:5} {a:>14} {statistics.mean(sa):6.1f}  {b:>14} {statistics.mean(sb):6.1f}  {interval(diffs)}")
    # the seats of one seed share its games (and, when b is the rest, its very baseline): the
    # interval is over the seeds, each seed's mean over the seats
    means = [statistics.mean(row) for row in by_seed]
    print(f"  all seats: {a} − {b} = {interval(means)}  ({len(means)} seeds × {len(powers)} seats)")


class _Counting(SearchPolicy):
    """The search, counting for each power the months its best plan was or was not its instinct."""

    def __init__(self, budget: Difficulty | None = None) -> None:
        super().__init__(budget)
        self.counts: Counter[tuple[str, bool]] = Counter()

    def best_plan(self, state: GameState, power: str) -> Plan:
        plan = super().best_plan(state, power)
        self.counts[(power, plan.instinct)] += 1
        return plan


def departures(task: tuple[str, int]) -> Counter[tuple[str, bool]]:
    """One all-computer game at `level`: (power, kept its instinct) -> months."""
    level, seed = task
    (budget,) = [d for d in content().rules.difficulty if d.id == level]
    pol = _Counting(budget)
    Game(content(), None, None, seed, level, policy=pol).run_to_end()
    return pol.counts


def month_time(task: tuple[str | None, int]) -> list[float]:
    import game.engine.turn as turn

    level, seed = task
    times: list[float] = []
    original = turn.computer_turn

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        original(*args, **kwargs)
        times.append(time.perf_counter() - t)

    turn.computer_turn = timed  # type: ignore[assignment]
    try:
        game = Game(content(), None, "usa", seed, level, policy=SearchPolicy())
        game.run_to_end()
    finally:
        turn.computer_turn = original
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["rotation", "difficulty", "month", "departures"])
    ap.add_argument(
        "--games", type=int, default=None, help="seeds (rotation, difficulty: 100; departures: 20; month: 2)"
    )
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if args.games is None:
        args.games = {"rotation": 100, "difficulty": 100, "departures": 20, "month": 2}[args.what]
    start = time.perf_counter()
    if args.what == "rotation":
        print("1 search AI in the seat, 5 utility AIs around it; against a utility AI in that seat:")
        paired("search", "utility", "utility", args.games, args.jobs)
        print("1 utility AI in the seat, 5 search AIs around it; against a search AI in that seat:")
        paired("utility", "search", "search", args.games, args.jobs)
    elif args.what == "difficulty":
        levels = [d.id for d in content().rules.difficulty]
        hard, easy = f"search:{levels[-1]}", f"search:{levels[0]}"
        print(f"The seat at {levels[-1]} against the same seat at {levels[0]}; the rest at the default level:")
        paired(hard, easy, "search", args.games, args.jobs)
    elif args.what == "departures":
        powers = list(content().powers)
        print("Months in which the search overruled its instinct, all-computer games:")
        print("  level    " + "".join(f"{p:>11}" for p in powers))
        with ProcessPoolExecutor(args.jobs) as pool:
            for d in content().rules.difficulty:
                counts: Counter[tuple[str, bool]] = Counter()
                for c in pool.map(departures, [(d.id, s) for s in range(1, args.games + 1)]):
                    counts.update(c)
                cells = []
                for p in powers:
                    n = counts[(p, True)] + counts[(p, False)]
                    cells.append(f"{counts[(p, False)]:>4}/{n:<4}" if n else f"{'-':>11}")
                print(f"  {d.id:8} " + " ".join(f"{c:>10}" for c in cells))
    else:
        for d in content().rules.difficulty:
            times = sorted(t for s in range(args.games) for t in month_time((d.id, 100 + s)))
            median, p90 = statistics.median(times), times[int(len(times) * 0.9)]
            print(
                f"  {d.id:8} months {len(times):4}  median {median * 1000:5.0f} ms  p90 {p90 * 1000:5.0f} ms"
                f"  worst {times[-1] * 1000:5.0f} ms"
            )
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
