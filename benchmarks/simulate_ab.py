"""Games per second beside an earlier version of the game, measured side by side.

    python benchmarks/simulate_ab.py [--rev REV] [--games N] [--rounds R]

Checks REV (by default bca662c, the last commit before the typed core) out into a temporary
worktree, then plays the same N computer-only games (seed 1, one job) alternately with that
version and this one, R times each (A B A B ...), each in a fresh process that reports its own
CPU time. Prints the medians, their spread, and the ratio. The worktree and the private content
cache are removed afterwards; nothing is written to the user's cache.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from game.mods.loader import load_content
from game.simulate import simulate
content = load_content()
simulate(content, 1, 99, jobs=1)  # expressions compile on first use: not part of the figure
start = time.process_time()
simulate(content, int(sys.argv[2]), 1, jobs=1)
print(time.process_time() - start)
"""


def run(tree: Path, games: int, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(games)], capture_output=True, text=True, check=True, env=env
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rev", default="bca662c")
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dualfreeze-ab-"))
    old = tmp / "old"
    env = {**os.environ, "DUALFREEZE_CACHE": str(tmp / "cache"), "PYTHONHASHSEED": "0"}
    try:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.rev], check=True, capture_output=True
        )
        a, b = [], []
        for _ in range(args.rounds):
            a.append(run(old, args.games, env))
            b.append(run(ROOT, args.games, env))
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{args.games} games, seed 1, 1 job, {args.rounds} rounds each, A B A B ...")
        for name, times, median in ((args.rev, a, ma), ("this tree", b, mb)):
            spread = f"{min(times):.2f}-{max(times):.2f} s"
            print(f"  {name:<10} {args.games / median:6.2f} games/s (median {median:.2f} s, spread {spread})")
        print(f"  ratio {ma / mb:.2f}x as many games per second")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
