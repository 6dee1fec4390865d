"""How well, and how fast, the computer plays: seat rotations, difficulty head to head, month time.

    python benchmarks/ai_strength.py rotation --games 20     # 1 search AI among 5 utility AIs, and the reverse
    python benchmarks/ai_strength.py difficulty --games 20   # the hardest level against the easiest, seat by seat
    python benchmarks/ai_strength.py month --games 4         # the computer's time for one month, per level

Rotations are measured as Diplomacy bots are: one seat played by policy A while the other five are
played by B, against the same seat played by B, on the same seeds, for every seat in turn. Each
figure is the mean per-game difference with a 95% interval (normal approximation). Difficulty
compares one seat played at the hardest level with the same seat at the easiest, the other powers
at the default level. Month time is the wall-clock time of every computer power's moves for one
month (`engine.turn.computer_turn`), with the player's seat played by the game's own AI.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.ai import SearchPolicy, UtilityPolicy
from game.ai.seats import Seats
from game.engine.game import Game
from game.engine.policy import Policy
from game.mods.content import Content
from game.mods.loader import load_content

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


def seat_score(task: tuple[str, int, str, str]) -> float:
    """The seat's score in one all-computer game: `seat` played by one policy, the rest by another."""
    power, seed, seat, rest = task
    game = Game(content(), None, None, seed, policy=Seats(policy(rest), {power: policy(seat)}))
    game.run_to_end()
    return game.scores()[power]


def interval(diffs: list[float]) -> str:
    mean = statistics.mean(diffs)
    half = 1.96 * statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else 0.0
    return f"{mean:+6.1f} ± {half:4.1f}"


def paired(a: str, b: str, rest: str, games: int, jobs: int) -> None:
    """Seat by seat: the seat played by `a` against the same seat played by `b`, the rest by `rest`."""
    powers = list(content().powers)
    every: list[float] = []
    with ProcessPoolExecutor(jobs) as pool:
        for p in powers:
            seeds = range(1, games + 1)
            sa = list(pool.map(seat_score, [(p, s, a, rest) for s in seeds]))
            sb = list(pool.map(seat_score, [(p, s, b, rest) for s in seeds]))
            diffs = [x - y for x, y in zip(sa, sb, strict=True)]
            every += diffs
            print(f"  {p:5} {a:>14} {statistics.mean(sa):6.1f}  {b:>14} {statistics.mean(sb):6.1f}  {interval(diffs)}")
    print(f"  all seats: {a} − {b} = {interval(every)}  ({len(every)} paired games)")


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
    ap.add_argument("what", choices=["rotation", "difficulty", "month"])
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
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
