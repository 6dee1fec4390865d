"""What-ifs per second: the price of looking ahead, which the computer's play is made of.

    python benchmarks/whatifs.py [--quick]

A what-if is a copy of the state and a move applied to it through the engine's one door
(`step.apply`). Measured on real positions (the first months of seeded games, China as the
player), for the three kinds the AI and the previews use:

- a light copy (a what-if: no log, no history) and an action applied to it, with the
  reactions it can count on;
- a full copy (everything, the trigger index included) and the same action;
- a light copy alone, and a full copy alone, to show what the copying costs.

Figures are medians of repeated rounds, in process CPU time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.ai import UtilityPolicy  # noqa: E402
from game.engine import rules  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.engine.reactions import expected_reactions  # noqa: E402
from game.engine.state import GameState, Phase  # noqa: E402
from game.engine.step import apply  # noqa: E402
from game.mods.loader import load_content  # noqa: E402
from game.moves import Act  # noqa: E402


def positions(seeds: int, months: int) -> list[tuple[GameState, str, list[Act]]]:
    """States from seeded games, each with a computer power and the actions open to it."""
    content = load_content()
    out = []
    for seed in range(seeds):
        game = Game(content, None, "chn", seed, policy=UtilityPolicy())
        while not game.over and game.turn <= months:
            if game.phase is Phase.EVENT_CHOICES or game.state.diplomacy.counter is not None:
                game.auto_answer()
                continue
            st = game.state
            for power in ("usa", "prk", "kor"):
                acts = _open_actions(st, power)
                if acts:
                    out.append((st.copy(), power, acts))
            game.play("end")
    return out


def _open_actions(st: GameState, power: str) -> list[Act]:
    out = []
    for action in st.content.actions_of[power]:
        for target in rules.action_targets(st, power, action):
            if rules.action_blocker(st, power, action, target) is None:
                out.append(Act(action.id, target))
    return out


def rate(fn, work: int, rounds: int) -> float:
    """Operations per CPU second: the median of `rounds` rounds of `work` operations each."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return work / statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rounds = 3 if args.quick else 7
    pos = positions(2 if args.quick else 4, 6)
    policy = UtilityPolicy()
    dice = random.Random(1)
    moves = sum(len(acts) for _, _, acts in pos)

    def light_whatifs() -> None:
        for st, power, acts in pos:
            for move in acts:
                sim = st.copy(rng=dice, light=True)
                seen = len(sim.happenings)
                apply(sim, move, policy, by=power)
                for h in sim.happenings[seen:]:
                    expected_reactions(sim, h)

    def full_whatifs() -> None:
        for st, power, acts in pos:
            for move in acts:
                apply(st.copy(rng=dice), move, policy, by=power)

    def light_copies() -> None:
        for st, _, acts in pos:
            for _ in acts:
                st.copy(light=True)

    def full_copies() -> None:
        for st, _, acts in pos:
            for _ in acts:
                st.copy()

    print(f"python {sys.version.split()[0]}; {len(pos)} positions, {moves} action what-ifs a round")
    print(f"  light copy + action + expected reactions: {rate(light_whatifs, moves, rounds):9,.0f} what-ifs/s")
    print(f"  full copy + action:                       {rate(full_whatifs, moves, rounds):9,.0f} what-ifs/s")
    print(f"  light copy alone:                         {rate(light_copies, moves, rounds):9,.0f} copies/s")
    print(f"  full copy alone:                          {rate(full_copies, moves, rounds):9,.0f} copies/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
