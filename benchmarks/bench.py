"""The modder's loop and the simulator, each figure measured beside its yardstick, as ratios.

    python benchmarks/bench.py            # everything (several minutes on a shared machine)
    python benchmarks/bench.py --quick    # fewer rounds, a smaller mod for Game()
    python benchmarks/bench.py --only cold,cached

Every figure is a pair: what the game does (A) and what it is compared with (B), each run in a
fresh process, alternately A B A B ... for several rounds, so that a noisy neighbour on a shared
machine slows both alike. Each child times only the operation itself (CPU seconds of its own
process, or wall seconds where several processes work); the report gives the median of each
side, its spread (lowest-highest), the ratio of the medians, and the target.

  cold     load base + 10,000 generated events, nothing cached    vs  bare tomli parse of the same files
           (and the same load writing the cache, as a modder's edit-and-load pays with it on)
  cached   the same load again, from the content cache             vs  json.loads of that cache file
  game     Game() with 50,000 dormant events: a process's first   vs  Game() with the base content only
           game, and a later game of the same content
  turn     a month of play with 10,000 dormant events              vs  the same month without them
  simulate computer-only games per second with 2 jobs              vs  the same games with 1 job

Everything is written under one temporary folder, removed at the end whatever happens; the
content cache points there too (DUALFREEZE_CACHE), so the user's own cache is never written.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVENTS = 10_000
GAME_EVENTS = 50_000
PER_FILE = 1_000
POWERS = ["usa", "chn", "rus", "prk", "kor", "jpn"]


def generate_mod(root: Path, events: int = EVENTS, name: str = "dormant") -> Path:
    """A mod of dormant events: chains waiting on flags, on other events, or on far-off dates.

    They are the shape real content takes (follow-ups waiting for a trigger), with enough
    text, options and effects to weigh what a real event weighs.
    """
    mod = root / name
    (mod / "events").mkdir(parents=True)
    (mod / "mod.toml").write_text(f'id = "{name}"\nname = "{events:,} dormant events"\nversion = "1.0"\n')
    rng = random.Random(7)
    for f in range((events + PER_FILE - 1) // PER_FILE):
        parts = []
        for i in range(f * PER_FILE, min(events, (f + 1) * PER_FILE)):
            parts.append(_event(i, events, rng))
        (mod / "events" / f"part_{f:03d}.toml").write_text("\n".join(parts))
    return mod


def _event(i: int, events: int, rng: random.Random) -> str:
    kind = i % 10
    p = POWERS[i % 6]
    if kind < 5:  # a chain: waits for the flag the previous link sets
        when = f'flag("dormant_{i}") and tension > {rng.randint(10, 90)}'
    elif kind < 8:  # waits for another dormant event to have happened
        when = f'happened("dormant_event_{(i + 1) % events}") and sanctions >= {rng.randint(10, 90)}'
    else:  # scheduled for years after the game
        when = f"opinion({p}, {POWERS[(i + 1) % 6]}) > {rng.randint(-50, 50)}"
    window = 'from = "2031-01"\nuntil = "2031-12"\n' if kind >= 8 else ""
    return (
        f'[[event]]\nid = "dormant_event_{i}"\ntitle = "Dormant event number {i}"\n'
        f'text = "A long-prepared contingency that waits for its moment, number {i}."\n'
        f"power = \"{p}\"\n{window}when = '{when}'\nchance = 0.5\n"
        f'effects = ["tension += {rng.randint(1, 5)}", \'set_flag("dormant_{(i + 1) % events}")\']\n'
        f'news = "{{self}} acts on contingency {i}."\n'
        f'[[event.option]]\nid = "go"\ntext = "Carry it out"\neffects = ["prestige(self) += 1"]\n'
        f'[[event.option]]\nid = "wait"\ntext = "Hold back"\nai_weight = 2\n'
    )


# ---------------------------------------------------------------------------------------------
# What a child process times: each prints one JSON object of seconds on its last line


def _mods(args: list[str]) -> list[Path]:
    return [Path(a) for a in args]


def child_cold(args: list[str]) -> dict[str, float]:
    from game.mods.loader import load_content

    start = time.process_time()
    load_content(_mods(args), use_cache=False)
    return {"s": time.process_time() - start}


def child_cold_write(args: list[str]) -> dict[str, float]:
    """The cold load a modder pays with the cache on: checking everything, then writing the cache."""
    os.environ["DUALFREEZE_CACHE"] = tempfile.mkdtemp(dir=os.environ["DUALFREEZE_CACHE"], prefix="miss-")
    from game.mods.loader import Loader

    start = time.process_time()
    loader = Loader(_mods(args))
    loader.load()
    spent = time.process_time() - start
    if loader.cached:
        raise SystemExit("the content cache hit: the figure would not be a cold load")
    return {"s": spent}


def child_parse(args: list[str]) -> dict[str, float]:
    """The bare parse: read every TOML file of the base content and the mods, and tomli.loads it."""
    import tomli

    from game.mods.paths import base_content_dir

    start = time.process_time()
    for d in [base_content_dir(), *_mods(args)]:
        for p in sorted(d.rglob("*.toml")):
            if "scripts" not in p.relative_to(d).parts:
                tomli.loads(p.read_bytes().decode("utf-8"))
    return {"s": time.process_time() - start}


def child_cached(args: list[str]) -> dict[str, float]:
    from game.mods.loader import Loader

    start = time.process_time()
    loader = Loader(_mods(args))
    loader.load()
    spent = time.process_time() - start
    if not loader.cached:
        raise SystemExit("the content cache missed: the figure would not be a cached load")
    return {"s": spent}


def child_json(args: list[str]) -> dict[str, float]:
    """json.loads of the content cache that the cached load reads (the newest one in the folder)."""
    folder = Path(os.environ["DUALFREEZE_CACHE"])
    newest = max(folder.glob("content-*.json"), key=lambda p: p.stat().st_mtime)
    start = time.process_time()
    json.loads(newest.read_bytes())
    return {"s": time.process_time() - start}


def child_game(args: list[str]) -> dict[str, float]:
    """Game() on loaded content: the first game of the process, then the median of later ones."""
    from game.ai import UtilityPolicy
    from game.engine.game import Game
    from game.mods.loader import load_content

    content = load_content(_mods(args))
    start = time.process_time()
    Game(content, None, "chn", 0, policy=UtilityPolicy())
    first = time.process_time() - start
    later = []
    for seed in range(1, 8):
        start = time.process_time()
        Game(content, None, "chn", seed, policy=UtilityPolicy())
        later.append(time.process_time() - start)
    return {"first": first, "later": statistics.median(later)}


def child_turn(args: list[str]) -> dict[str, float]:
    """CPU seconds of a month of play (the player passes, the computer plays five powers)."""
    from game.ai import UtilityPolicy
    from game.engine.game import Game
    from game.engine.state import Phase
    from game.mods.loader import load_content

    content = load_content(_mods(args))
    Game(content, None, "chn", 99, policy=UtilityPolicy()).run_to_end()  # expressions compile on first use
    spent = 0.0
    months = 0
    for seed in range(3):
        game = Game(content, None, "chn", seed, policy=UtilityPolicy())
        while not game.over and game.turn <= 12:
            start = time.process_time()
            if game.phase is Phase.EVENT_CHOICES or game.state.diplomacy.counter is not None:
                game.auto_answer()
            else:
                game.play("end")
                months += 1
            spent += time.process_time() - start
    return {"s": spent / max(1, months)}


def child_simulate(args: list[str]) -> dict[str, float]:
    """Wall seconds of N computer-only games with J jobs (wall time: the jobs are processes)."""
    from game.mods.loader import load_content
    from game.simulate import simulate

    games, jobs = int(args[0]), int(args[1])
    content = load_content()
    start = time.perf_counter()
    simulate(content, games, 1, jobs=jobs)
    return {"s": time.perf_counter() - start, "games": float(games)}


CHILDREN: dict[str, Callable[[list[str]], dict[str, float]]] = {
    "cold": child_cold,
    "cold_write": child_cold_write,
    "parse": child_parse,
    "cached": child_cached,
    "json": child_json,
    "game": child_game,
    "turn": child_turn,
    "simulate": child_simulate,
}


# ---------------------------------------------------------------------------------------------
# The parent: paired rounds in fresh processes


def run_child(name: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", name, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"bench child {name} failed:\n{out.stdout}\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def paired(
    a: tuple[str, list[str]], b: tuple[str, list[str]], rounds: int, env: dict[str, str]
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """A B A B ...: each side in a fresh process, alternating, `rounds` times."""
    out_a, out_b = [], []
    for _ in range(rounds):
        out_a.append(run_child(*a, env))
        out_b.append(run_child(*b, env))
    return out_a, out_b


def _ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:9.1f} ms ({min(xs) * 1000:.1f}-{max(xs) * 1000:.1f})"


def report(label: str, a: list[float], yard: str, b: list[float], target: float | None) -> bool:
    """One figure beside its yardstick; True when it meets its target (or has none)."""
    ratio = statistics.median(a) / statistics.median(b)
    pair_ratios = [x / y for x, y in zip(a, b, strict=True)]
    verdict = "" if target is None else ("  ok" if ratio <= target else f"  MISSED (target <= {target}x)")
    if target is not None and ratio <= target:
        verdict += f" (target <= {target}x)"
    print(f"  {label:<34} {_ms(a)}")
    print(f"  {'  yardstick: ' + yard:<34} {_ms(b)}")
    print(
        f"  {'  ratio of medians':<34} {ratio:9.2f}x   per pair {min(pair_ratios):.2f}-{max(pair_ratios):.2f}x{verdict}"
    )
    return target is None or ratio <= target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer rounds, and 10,000 events for Game()")
    ap.add_argument("--rounds", type=int, default=None, help="A B pairs per figure (default 5, quick 3)")
    ap.add_argument("--only", default="cold,cached,game,turn,simulate", help="which figures, comma separated")
    ap.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](args.child[1:])))
        return 0
    rounds = args.rounds or (3 if args.quick else 5)
    wanted = set(args.only.split(","))
    print(f"python {sys.version.split()[0]}, {sys.platform}, {os.cpu_count()} cores; {rounds} rounds A B A B ...")
    print("  each figure: median (lowest-highest) of fresh processes; CPU time unless said")
    with tempfile.TemporaryDirectory(prefix="dualfreeze-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "DUALFREEZE_CACHE": str(tmp / "cache"), "PYTHONHASHSEED": "0"}
        ok = figures(tmp, env, wanted, rounds, args.quick)
    print("all targets met" if ok else "SOME TARGETS MISSED (see above)")
    return 0 if ok else 1


def figures(tmp: Path, env: dict[str, str], wanted: set[str], rounds: int, quick: bool) -> bool:
    ok = True
    mod = str(generate_mod(tmp, EVENTS))
    if "cold" in wanted:
        print(f"\ncold load: base + {EVENTS:,} events, no cache (a modder's load after an edit)")
        a, b = paired(("cold", [mod]), ("parse", [mod]), rounds, env)
        ok &= report("load, checking everything", [r["s"] for r in a], "bare tomli parse", [r["s"] for r in b], 1.5)
        (tmp / "cache").mkdir(exist_ok=True)
        a, b = paired(("cold_write", [mod]), ("parse", [mod]), max(1, rounds // 2), env)
        report("the same, writing the cache", [r["s"] for r in a], "bare tomli parse", [r["s"] for r in b], None)
    if "cached" in wanted:
        print(f"\ncached load: base + {EVENTS:,} events, from the content cache")
        _fill_cache(mod, env)
        a, b = paired(("cached", [mod]), ("json", []), rounds, env)
        ok &= report("load from the cache", [r["s"] for r in a], "json.loads of the cache", [r["s"] for r in b], 1.2)
    if "game" in wanted:
        n = EVENTS if quick else GAME_EVENTS
        big = str(generate_mod(tmp, n, "dormant_game"))
        print(f"\nGame(): base + {n:,} dormant events beside the base content alone (content from the cache)")
        _fill_cache(big, env)
        _fill_cache(None, env)
        a, b = paired(("game", [big]), ("game", []), rounds, env)
        ok &= report(
            "a later Game() of the process", [r["later"] for r in a], "the same, no mod", [r["later"] for r in b], 2.0
        )
        firsts = [r["first"] for r in a], [r["first"] for r in b]
        ok &= report("the first Game() of a process", firsts[0], "the same, no mod", firsts[1], 2.0)
    if "turn" in wanted:
        print(f"\na month of play: base + {EVENTS:,} dormant events beside the base content alone")
        a, b = paired(("turn", [mod]), ("turn", []), rounds, env)
        ok &= report("a month, with the events", [r["s"] for r in a], "the same, no mod", [r["s"] for r in b], 1.5)
    if "simulate" in wanted:
        games = 8 if quick else 24
        print(f"\nsimulate: {games} computer-only games, wall time, 2 jobs beside 1 job")
        a, b = paired(("simulate", [str(games), "2"]), ("simulate", [str(games), "1"]), rounds, env)
        report("2 jobs", [r["s"] for r in a], "1 job", [r["s"] for r in b], None)
        g2 = statistics.median(games / r["s"] for r in a)
        g1 = statistics.median(games / r["s"] for r in b)
        print(f"  {'  games per second':<34} {g2:9.2f} with 2 jobs, {g1:.2f} with 1 job: speed-up {g2 / g1:.2f}x")
    return ok


def _fill_cache(mod: str | None, env: dict[str, str]) -> None:
    """One load of the stack, so the cached figures read a cache that holds it."""
    code = "import sys; from game.mods.loader import load_content; load_content([a for a in sys.argv[1:]])"
    subprocess.run([sys.executable, "-c", code, *([mod] if mod else [])], env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    raise SystemExit(main())
