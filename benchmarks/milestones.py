"""When the big deals come: the first month each deal is signed, and each summit held, in all-computer games.

    python benchmarks/milestones.py --games 30

Prints, for every deal signed (by its name) and every summit event, in how many games it came,
the earliest month and the median month; then the endings.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.ai import default_policy
from game.engine.game import Game
from game.engine.records import EventFired, Signed
from game.mods.loader import load_content

SUMMITS = ("olympic_thaw", "inter_korean_summit", "panmunjom_summit", "singapore_summit")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1000)
    args = ap.parse_args()
    content = load_content()
    first: defaultdict[str, list[str]] = defaultdict(list)
    endings: Counter[str] = Counter()
    for n in range(args.games):
        game = Game(content, None, None, args.seed + n, policy=default_policy())
        game.run_to_end()
        endings[game.ending or "none"] += 1
        seen: set[str] = set()
        for r in game.state.log:
            key = (
                f"deal: {r.name}"
                if isinstance(r, Signed)
                else f"event: {r.id}"
                if isinstance(r, EventFired) and r.id in SUMMITS
                else None
            )
            if key is not None and key not in seen:
                seen.add(key)
                first[key].append(r.date)
    for key, dates in sorted(first.items()):
        dates.sort()
        print(f"{key[:60]:60} {len(dates):3} games  earliest {dates[0]}  median {dates[len(dates) // 2]}")
    print("endings:", ", ".join(f"{e} {n}" for e, n in endings.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
