"""Start-up and memory of the game beside a bare Textual app, as whole processes in tmux.

    python benchmarks/startup.py                 # 10 rounds at 120x40
    python benchmarks/startup.py --rounds 20 --size 80x24
    python benchmarks/startup.py --profile       # also: where the game's start-up time goes

What is measured, each side a fresh process started in its own tmux session, in the order
bare, title, bare, new, bare, title, ... (A B A B: a noisy neighbour on this shared machine
slows both sides alike):

  title   `python -m game`: from launching the process to the title screen on the terminal,
          its menu and its footer drawn (what tmux shows, polled every few milliseconds)
  ready   the same start, until the content has loaded behind the title and the saves are
          read ("continue" says what it would open): a choice made before then waits for it
  new     `python -m game new --power chn --seed 1`: from launch to the new game's first
          screen usable, the month's briefing with its "Continue [enter]" and footer
  bare    the yardstick: a bare Textual app (Header, Static, Footer), launched the same way,
          to its Static and footer on the terminal
  memory  peak resident memory (VmHWM in /proc) of the game at the main screen (`new`, with
          the briefing shown) and of the bare app at its first frame, both read once the
          screen has settled

The report gives for each the median, the spread (lowest-highest), the ratio of the medians
to the bare app's, and the target (issue 13: 1.25x for start-up, 1.3x for memory).

The game runs as a player's would: the content cache warm (one start is made before timing
to fill it), and a saves folder holding a few saves and an autosave, so the title has saves
to scan and "continue" to offer. The cache and the saves live in one temporary folder
(DUALFREEZE_CACHE, DUALFREEZE_SAVES), removed at the end whatever happens: the player's own
cache and saves are never read or written. tmux runs on a socket of its own, stopped (and its
socket removed) at the end.

The CPU figure is the process's own time when its first frame is seen: for the title it may
include a few milliseconds of the content loading behind it, which starts once the frame is out.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Results = dict[str, dict[str, list[float]]]
SOCKET = f"dfstartup{os.getpid()}"
POLL = 0.004  # seconds between two looks at the pane
TIMEOUT = 30.0

BARE_APP = '''
"""The yardstick: the barest Textual app with a header, a line of text and a footer."""
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer, Header, Static


class Bare(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("The bare app is ready.")
        yield Footer()


Bare().run()
'''

#: What the first frame shows, top and bottom: every marker must be on the pane.
MARKERS = {
    "bare": ("The bare app is ready.", "q Quit"),
    "title": ("Load a game", "l Load  ? Help  q Quit"),
    "new": ("Continue [enter]", "⏎ Continue"),
}
#: What the title's continue entry says until the content has loaded and the saves are read.
LOOKING = "looking for saves"


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False)
    return done.stdout


def commands(folder: Path) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "bare": [py, str(folder / "bare.py")],
        "title": [py, "-m", "game"],
        "new": [py, "-m", "game", "new", "--power", "chn", "--seed", "1"],
    }


def launch(name: str, argv: Sequence[str], env: dict[str, str], size: tuple[int, int]) -> float:
    """Start `argv` in a new tmux session; returns the moment just before (perf_counter)."""
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    line = f"cd {shlex.quote(str(ROOT))} && exec env -u PYTHONDONTWRITEBYTECODE {exports} {shlex.join(argv)}"
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "-L", SOCKET, "new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), line],
        check=True,
    )
    return start


def wait_for(name: str, markers: Sequence[str], gone: str = "") -> tuple[float, str]:
    """Poll the pane until every marker is on it (and `gone` is not); returns the moment seen and
    the pane's text."""
    deadline = time.perf_counter() + TIMEOUT
    while True:
        pane = tmux("capture-pane", "-p", "-t", name)
        now = time.perf_counter()
        if all(m in pane for m in markers) and not (gone and gone in pane):
            return now, pane
        if now > deadline:
            raise SystemExit(f"{name}: the first frame never came; the pane shows:\n{pane}")
        time.sleep(POLL)


def pane_pid(name: str) -> str:
    """The pane's process: the app itself, since the shell exec'd it."""
    return tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip()


def cpu_seconds(pid: str) -> float:
    """User and system time the process has used so far (in clock ticks of /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_kib(pid: str) -> int:
    """VmHWM: the most resident memory the process has had."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise SystemExit(f"no VmHWM for process {pid}")


def one_run(kind: str, argv: Sequence[str], env: dict[str, str], size: tuple[int, int], n: int) -> dict[str, float]:
    """One start: seconds to the first frame, CPU seconds used by then, peak KiB once settled."""
    name = f"{kind}{n}"
    start = launch(name, argv, env, size)
    try:
        seen, _ = wait_for(name, MARKERS[kind])
        pid = pane_pid(name)
        cpu = cpu_seconds(pid)
        # The title's content and saves load behind it: when "continue" says what it opens, all is there.
        ready = wait_for(name, MARKERS[kind], gone=LOOKING)[0] if kind == "title" else seen
        time.sleep(0.5)  # let it settle (work left for after the first frame) before reading its peak
        kib = peak_kib(pid)
    finally:
        tmux("kill-session", "-t", name)
    return {"s": seen - start, "cpu": cpu, "kib": kib, "ready": ready - start}


def fill_saves(saves: Path, count: int) -> None:
    """A few saves and an autosave, as a player has after some evenings of play."""
    sys.path.insert(0, str(ROOT))
    from game.ai import UtilityPolicy
    from game.engine.game import Game
    from game.engine.state import Phase
    from game.mods.loader import load_content
    from game.saves import autosave, save_slot

    content = load_content(use_cache=False)
    for i in range(count):
        game = Game(content, None, ["chn", "usa", "rus", "prk", "kor", "jpn"][i % 6], i, policy=UtilityPolicy())
        while game.turn <= i % 4 and not game.over:
            if game.phase is Phase.EVENT_CHOICES or game.state.diplomacy.counter is not None:
                game.auto_answer()
            else:
                game.play("end")
        save_slot(saves, f"evening {i + 1}", game)
    autosave(saves, game)


def summary(label: str, values: list[float], unit: str, scale: float = 1.0) -> str:
    med = statistics.median(values)
    return f"{label:<6} median {med * scale:7.1f} {unit}  spread {min(values) * scale:.1f}-{max(values) * scale:.1f}"


def ratio_line(what: str, mine: list[float], bare: list[float], target: float | None) -> str:
    r = statistics.median(mine) / statistics.median(bare)
    if target is None:
        return f"  {what:<36} {r:5.2f}x the bare app"
    verdict = "meets it" if r <= target else "MISSES it"
    return f"  {what:<36} {r:5.2f}x the bare app   (target <= {target}x: {verdict})"


#: Stages of start-up, each timed in a plain process (no terminal): what the code below costs.
PROFILE = {
    "import textual.app": "import textual.app",
    "import game.cli": "import game.cli",
    "import the interface": "import game.ui.app",
    "import the title screen": "import game.ui.screens.title",
    "import the main screen": "import game.ui.screens.main",
    "load the content (cached)": "from game.commands.common import load_content_or_report\nload_content_or_report([])",
}


def profile(env: dict[str, str], rounds: int) -> None:
    """CPU time of each stage in a fresh process, stages alternated round by round."""
    times: dict[str, list[float]] = {k: [] for k in PROFILE}
    child_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | env
    for _ in range(rounds):
        for key, code in PROFILE.items():
            text = f"import time\n_t = time.process_time()\n{code}\nprint(time.process_time() - _t)"
            out = subprocess.run(
                [sys.executable, "-c", text], cwd=ROOT, env=child_env, capture_output=True, text=True, check=True
            )
            times[key].append(float(out.stdout.split()[-1]))
    print("\nwhat each stage costs alone, in a fresh process (CPU ms, medians and spread; stages overlap):")
    for key, vals in times.items():
        med = statistics.median(vals) * 1000
        print(f"  {key:<28} {med:6.1f}  ({min(vals) * 1000:.1f}-{max(vals) * 1000:.1f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--size", default="120x40", help="the terminal, COLSxROWS")
    ap.add_argument("--saves", type=int, default=5, help="saves in the saves folder")
    ap.add_argument("--profile", action="store_true", help="also time each stage in a plain process")
    ap.add_argument("--json", action="store_true", help="also print the raw figures as JSON")
    args = ap.parse_args()
    cols, rows = (int(x) for x in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="dualfreeze-startup-") as tmp:
        folder = Path(tmp)
        (folder / "bare.py").write_text(textwrap.dedent(BARE_APP))
        env = {
            "DUALFREEZE_CACHE": str(folder / "cache"),
            "DUALFREEZE_SAVES": str(folder / "saves"),
            "PYTHONPATH": str(ROOT),
            # Bytecode as an installed game has it (pip compiles it), kept in the temporary folder.
            "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
            "TERM": os.environ.get("TERM", "xterm-256color"),
        }
        os.environ["DUALFREEZE_CACHE"] = env["DUALFREEZE_CACHE"]
        fill_saves(folder / "saves", args.saves)
        argv = commands(folder)
        tmux("new-session", "-d", "-s", "keep", "-x", "20", "-y", "5", "sleep 100000")  # the server, up before timing
        try:
            results = run_rounds(argv, env, (cols, rows), args.rounds)
            if args.profile:
                profile(env, args.rounds)
        finally:
            socket = tmux("display-message", "-p", "-t", "keep", "#{socket_path}").strip()
            tmux("kill-server")
            if socket:
                Path(socket).unlink(missing_ok=True)
    report(results, args.size, args.rounds)
    if args.json:
        print(json.dumps(results))
    return 0


def run_rounds(argv: dict[str, list[str]], env: dict[str, str], size: tuple[int, int], rounds: int) -> Results:
    for kind in ("title", "new", "bare"):  # fill the bytecode and the content cache, warm the disk: not timed
        one_run(kind, argv[kind], env, size, 0)
    results: Results = {k: {"s": [], "cpu": [], "kib": [], "ready": []} for k in ("bare", "title", "new")}
    n = 0
    for _ in range(rounds):
        for kind in ("bare", "title", "bare", "new"):
            n += 1
            for key, value in one_run(kind, argv[kind], env, size, n).items():
                results[kind][key].append(value)
        print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    return results


def report(results: Results, size: str, rounds: int) -> None:
    bare = results["bare"]
    print(f"start-up to the first frame, in tmux at {size}, {rounds} rounds (the bare app twice a round):")
    for kind in ("bare", "title", "new"):
        print("  " + summary(kind, results[kind]["s"], "ms", 1000))
    print(ratio_line("`dualfreeze` (the title)", results["title"]["s"], bare["s"], 1.25))
    print(ratio_line("`dualfreeze new` (the briefing)", results["new"]["s"], bare["s"], 1.25))
    print("  " + summary("ready", results["title"]["ready"], "ms", 1000) + "   the title's content loaded, saves read")
    print(ratio_line("`dualfreeze` until all is loaded", results["title"]["ready"], bare["s"], None))
    print("CPU time used by the first frame (10 ms ticks; less noisy than the wall clock):")
    for kind in ("bare", "title", "new"):
        print("  " + summary(kind, results[kind]["cpu"], "ms", 1000))
    print(ratio_line("`dualfreeze`", results["title"]["cpu"], bare["cpu"], None))
    print(ratio_line("`dualfreeze new`", results["new"]["cpu"], bare["cpu"], None))
    print("peak memory (VmHWM), half a second after the first frame:")
    for kind in ("bare", "title", "new"):
        print("  " + summary(kind, results[kind]["kib"], "MiB", 1 / 1024))
    print(ratio_line("at the main screen (`new`)", results["new"]["kib"], bare["kib"], 1.3))
    print(ratio_line("at the title", results["title"]["kib"], bare["kib"], None))


if __name__ == "__main__":
    raise SystemExit(main())
