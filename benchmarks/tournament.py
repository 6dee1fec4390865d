"""The full tournament's time: every shipped playbook in every seat it fits, 20 seeds, two jobs.

    python benchmarks/tournament.py                 # the full run (target: at most 15 minutes)
    python benchmarks/tournament.py --games 4       # a quick look

Runs `dualfreeze tournament --power all --games N --seed 1 --jobs J --json` in a fresh process
and reports the wall-clock time, the games played, games per second, the ratio to the target,
and the CPU time of the workers (so a busy shared machine can be told apart from a slow game).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 15 * 60


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--ai", default=None, help="how the computer plays (default: the game's default AI)")
    args = ap.parse_args()
    cmd = [sys.executable, "-m", "game", "tournament", "--power", "all", "--games", str(args.games)]
    cmd += ["--seed", "1", "--jobs", str(args.jobs), "--json"] + (["--ai", args.ai] if args.ai else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return out.returncode
    data = json.loads(out.stdout)
    rows = sum(len(t["rows"]) for t in data["powers"].values())
    games = rows * data["games"] + data["games"]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"tournament: {rows} rows ({len(data['powers'])} seats), {data['games']} games each, {args.jobs} jobs")
    print(f"  {games} games in {wall:.1f} s wall ({games / wall:.2f} games/s), {cpu:.1f} s CPU")
    print(f"  target {TARGET_SECONDS} s: {wall / TARGET_SECONDS:.2f} of it")
    print(f"  load average during the run (1 min): {os.getloadavg()[0]:.2f}")
    print(f"  flagged: {len(data['flagged'])} playbook seats above the AI")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
