"""The figures that matter: loading, a turn, and simulated games per second, as ratios.

    python benchmarks/bench.py            # everything
    python benchmarks/bench.py --quick    # fewer repetitions

(a) loading the base content;
(b) loading a generated mod of 10,000 events beside the bare tomli parse of the same files
    (target: at most 1.5x);
(c) a turn with and without those 10,000 dormant events (target: at most 1.5x);
(d) simulated games per second with 1 and 2 jobs.

Timings are medians of repeated runs (time.perf_counter), so one slow run does not decide.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import tomli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.ai import UtilityPolicy  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.engine.state import Phase  # noqa: E402
from game.mods.expr import parse_expression, parse_statements  # noqa: E402
from game.mods.loader import base_content_dir, load_content  # noqa: E402
from game.simulate import simulate  # noqa: E402

EVENTS = 10_000
PER_FILE = 1_000


def median_time(fn, repeat: int) -> float:
    """Median CPU seconds of the calling process: steadier than wall time on a shared machine."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def cold_load(dirs: list[Path]):
    """A first load: no cache of checked content, and no text parsed earlier in this process."""
    parse_expression.cache_clear()
    parse_statements.cache_clear()
    return load_content(dirs, use_cache=False)


def generate_mod(root: Path, events: int = EVENTS) -> Path:
    """A mod of dormant events: chains waiting on flags, on other events, or on far-off dates.

    They are the shape real content takes (follow-ups waiting for a trigger), with enough
    text, options and effects to weigh what a real event weighs.
    """
    mod = root / "dormant"
    (mod / "events").mkdir(parents=True)
    (mod / "mod.toml").write_text('id = "dormant"\nname = "Ten thousand dormant events"\nversion = "1.0"\n')
    rng = random.Random(7)
    powers = ["usa", "chn", "rus", "prk", "kor", "jpn"]
    for f in range(events // PER_FILE):
        parts = []
        for j in range(PER_FILE):
            i = f * PER_FILE + j
            kind = i % 10
            p = powers[i % 6]
            if kind < 5:  # a chain: waits for the flag the previous link sets
                when = f'flag("dormant_{i}") and tension > {rng.randint(10, 90)}'
            elif kind < 8:  # waits for another dormant event to have happened
                when = f'happened("dormant_event_{(i + 1) % events}") and sanctions >= {rng.randint(10, 90)}'
            else:  # scheduled for years after the game
                when = f"opinion({p}, {powers[(i + 1) % 6]}) > {rng.randint(-50, 50)}"
            window = 'from = "2031-01"\nuntil = "2031-12"\n' if kind >= 8 else ""
            parts.append(
                f'[[event]]\nid = "dormant_event_{i}"\ntitle = "Dormant event number {i}"\n'
                f'text = "A long-prepared contingency that waits for its moment, number {i}."\n'
                f"power = \"{p}\"\n{window}when = '{when}'\nchance = 0.5\n"
                f'effects = ["tension += {rng.randint(1, 5)}", \'set_flag("dormant_{(i + 1) % events}")\']\n'
                f'news = "{{self}} acts on contingency {i}."\n'
                f'[[event.option]]\nid = "go"\ntext = "Carry it out"\neffects = ["prestige(self) += 1"]\n'
                f'[[event.option]]\nid = "wait"\ntext = "Hold back"\nai_weight = 2\n'
            )
        (mod / "events" / f"part_{f:02d}.toml").write_text("\n".join(parts))
    return mod


def bare_parse(dirs: list[Path]) -> None:
    for d in dirs:
        for p in sorted(d.rglob("*.toml")):
            tomli.loads(p.read_bytes().decode("utf-8"))


def turn_time(content, turns: int, seeds: int) -> tuple[float, float]:
    """CPU seconds of a game's first turn, and the mean of the turns after it.

    The player passes; the computer plays the other five powers. The first turn is apart
    because it is where the trigger index first reads every event.
    """
    first = 0.0
    rest = 0.0
    count = 0
    for seed in range(seeds):
        start = time.process_time()
        game = Game(content, None, "chn", seed, policy=UtilityPolicy())
        first += time.process_time() - start
        while not game.over and game.turn <= turns:
            start = time.process_time()
            if game.phase is Phase.EVENT_CHOICES or game.state.diplomacy.counter is not None:
                game.auto_answer()
            else:
                game.play("end")
                count += 1
            rest += time.process_time() - start
    return first / seeds, rest / max(1, count)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = ap.parse_args()
    rep = 3 if args.quick else 7

    print(f"python {sys.version.split()[0]}, {sys.platform}")
    base = base_content_dir()
    t_base_cold = median_time(lambda: cold_load([]), rep)
    t_base = median_time(lambda: load_content(), rep)
    t_base_parse = median_time(lambda: bare_parse([base]), rep)
    print(
        f"(a) load base content: first load {t_base_cold * 1000:.1f} ms, from the cache {t_base * 1000:.1f} ms "
        f"(bare tomli parse {t_base_parse * 1000:.1f} ms)"
    )

    tmp = Path(tempfile.mkdtemp(prefix="dualfreeze-bench-"))
    os.environ["DUALFREEZE_CACHE"] = str(tmp / "cache")
    try:
        mod = generate_mod(tmp)
        size = sum(p.stat().st_size for p in mod.rglob("*.toml"))
        t_mod_parse = median_time(lambda: bare_parse([base, mod]), max(3, rep // 2))
        t_cold = median_time(lambda: cold_load([mod]), max(3, rep // 2))
        load_content([mod])  # fills the cache of checked content
        t_mod = median_time(lambda: load_content([mod]), max(3, rep // 2))
        ratio_b = t_mod / t_mod_parse
        print(f"(b) load base + {EVENTS:,} events ({size / 1e6:.1f} MB): bare tomli parse {t_mod_parse * 1000:.1f} ms")
        print(f"      first load, checking everything:   {t_cold * 1000:8.1f} ms  ratio {t_cold / t_mod_parse:.2f}x")
        print(f"      later loads, from the cache:       {t_mod * 1000:8.1f} ms  ratio {ratio_b:.2f}x (target <= 1.5x)")

        plain = load_content()
        heavy = load_content([mod])
        seeds = 3 if args.quick else 6
        turn_time(plain, 18, 1)  # warm up: expressions compile on first use
        turn_time(heavy, 18, 1)
        plain_runs = [turn_time(plain, 18, seeds) for _ in range(3)]
        heavy_runs = [turn_time(heavy, 18, seeds) for _ in range(3)]
        t_plain = statistics.median(r[1] for r in plain_runs)
        t_heavy = statistics.median(r[1] for r in heavy_runs)
        f_plain = statistics.median(r[0] for r in plain_runs)
        f_heavy = statistics.median(r[0] for r in heavy_runs)
        ratio_c = t_heavy / t_plain
        print(
            f"(c) a turn: {t_plain * 1000:.2f} ms, with {EVENTS:,} dormant events {t_heavy * 1000:.2f} ms, "
            f"ratio {ratio_c:.2f}x (target <= 1.5x)"
        )
        print(
            f"      a new game's first turn: {f_plain * 1000:.1f} ms, with the dormant events {f_heavy * 1000:.1f} ms"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    games = 12 if args.quick else 40
    start = time.perf_counter()
    simulate(plain, games, 1, jobs=1)
    g1 = games / (time.perf_counter() - start)
    start = time.perf_counter()
    simulate(plain, games, 1, jobs=2)
    g2 = games / (time.perf_counter() - start)
    print(f"(d) simulate: {g1:6.2f} games/s with 1 job, {g2:6.2f} games/s with 2 jobs  ratio {g2 / g1:.2f}x")
    ok = ratio_b <= 1.5 and ratio_c <= 1.5
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
