"""How long each key takes to show its effect, in tmux, beside an app that only echoes a key.

    python benchmarks/keys.py                  # 3 games of 4 months each, at 120x40
    python benchmarks/keys.py --games 5 --months 6 --size 80x24

What is measured is what a player sees: the game runs as a whole process in a tmux window
(`dualfreeze new --power usa --seed N`, the same terminal size for both apps); a key goes in with
`tmux send-keys` and the clock stops at the first `tmux capture-pane` that shows the key's
effect. Next to it, in its own tmux window, runs the echo app: a bare Textual app (a Static and
nothing else) that shows the last key it got with a counter. Its figure is the floor that tmux,
the polling and Textual's own frame cost; every game key is followed at once by an echo key
(A B A B ...), so a busy neighbour on this shared machine slows both alike.

  key       what is sent                          the effect waited for
  d         on the main screen                    the talk screen (its counterparts and footer)
  esc       on the talk screen                    the main screen again (its footer)
  palette   ctrl+p on the main screen             the command palette's search line
  preview   p on the talk screen, a deal picked   the move's preview ("Make this move?")
  answer    y in that preview                     the answer under "Their answer" (or the counter-offer)
  e         on the main screen                    the next month's briefing (first: the spinner, or
                                                  the briefing when the month is quicker than it)

`e` includes the computer's month (the other powers think), which runs in a thread under a
spinner. That thinking is measured on its own, in this process: each game's moves are read back
from its newest autosave, replayed, and every `EndTurn` is timed alone. `e - thinking` (paired
month by month) is what the key itself costs: the interface before and after the month, the
autosave and the briefing.

The report gives, per key, the median, worst and spread (lowest-highest) of the game and of the
echo app, the ratio of medians and the difference, and the load average before and after. The
target (issue 13) is a median of 40 ms and a worst case of 100 ms. Everything is written under
one temporary folder (the saves, the content cache via DUALFREEZE_CACHE, the echo app), removed
at the end whatever happens; the tmux sessions are killed likewise.

The keys that only set a measurement up (closing a briefing, deciding an event, picking a deal)
wait for the screen to change and then to stand still before the next one. On a machine loaded
far past its cores (a load average over 10 on 2 cores) the game can take longer than that to
react, a set-up key lands on the board instead, and the run stops with the screen it saw.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout measured unless --root names another
sys.path.insert(0, str(ROOT))

TARGET_MEDIAN_MS = 40.0
TARGET_WORST_MS = 100.0
#: Longest wait for any effect before the run is called stuck (seconds).
TIMEOUT = 20.0
KEYS = ("d", "esc", "palette", "preview", "answer", "e first", "e", "e - thinking")

ECHO_APP = """
from textual.app import App
from textual.widgets import Static


class Echo(App):
    def compose(self):
        yield Static("ready", id="echo")

    def on_key(self, event):
        self.n = getattr(self, "n", 0) + 1
        self.query_one("#echo", Static).update(f"key {self.n}: {event.key}")


Echo().run()
"""

MAIN = "d Talk"  # the main screen's footer (both sizes)
TALK = "p Propose"  # the talk screen's footer
PREVIEW = "Make this move?"
BRIEFING = "Continue [enter]"
EVENT = "An event needs your decision"
OFFER = ("A counter-offer", "An offer")
SPINNER = "The other capitals are deciding"
PALETTE = "Search for commands"


class Stuck(Exception):
    """The expected effect never showed: the screen as it stood is in the message."""


class Pane:
    """One tmux session running one process."""

    def __init__(self, name: str, command: str, size: tuple[int, int], env: dict[str, str]) -> None:
        self.name = name
        w, h = size
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", str(w), "-y", str(h), f"env {exports} {command}"],
            check=True,
        )
        # A process that dies leaves its last screen up (with tmux's "Pane is dead" line).
        subprocess.run(["tmux", "set-option", "-t", name, "remain-on-exit", "on"], capture_output=True)

    def text(self) -> str:
        out = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return out.stdout

    def send(self, key: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)

    def wait(self, done: Callable[[str], bool], what: str, timeout: float = TIMEOUT) -> str:
        end = time.perf_counter() + timeout
        while True:
            text = self.text()
            if done(text):
                return text
            if time.perf_counter() > end:
                raise Stuck(f"{self.name}: waited {timeout:.0f}s for {what}; the screen:\n{text}")

    def still(self, quiet: float = 0.5) -> str:
        """Wait until the screen has not changed for `quiet` seconds; returns it."""
        text, since = self.text(), time.perf_counter()
        end = since + TIMEOUT
        while time.perf_counter() - since < quiet:
            time.sleep(0.05)
            now = self.text()
            if now != text:
                text, since = now, time.perf_counter()
            if time.perf_counter() > end:
                raise Stuck(f"{self.name}: the screen never stood still:\n{text}")
        return text

    def timed(self, key: str, done: Callable[[str], bool], what: str) -> tuple[float, str]:
        """Milliseconds from sending `key` to the first capture where `done` holds."""
        t = time.perf_counter()
        self.send(key)
        text = self.wait(done, what)
        return (time.perf_counter() - t) * 1000, text

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


class Echo:
    def __init__(self, pane: Pane) -> None:
        self.pane = pane
        self.n = 0
        pane.wait(lambda t: "ready" in t, "the echo app")

    def press(self) -> float:
        self.n += 1
        marker = f"key {self.n}:"
        ms, _ = self.pane.timed("x", lambda t: marker in t, marker)
        return ms


def settle(pane: Pane) -> None:
    """Answer whatever stands over the main screen (briefing, event, offer) until the board shows.

    After each answer it waits for the screen to change: on a busy machine a second Enter sent
    too soon would land on the board and pick a move."""
    pane.still()
    for _ in range(40):
        text = pane.wait(lambda t: BRIEFING in t or EVENT in t or any(o in t for o in OFFER) or MAIN in t, "the board")
        if BRIEFING in text or EVENT in text:
            pane.send("Enter")  # close the briefing; decide an event with its first choice
        elif any(o in text for o in OFFER):
            pane.send("r")  # refuse the offer
        elif MAIN in text and TALK not in text and "waits [v]" in text:
            pane.send("v")  # a counter-offer put off: open it (and refuse it, next round)
        elif MAIN in text and TALK not in text:
            return
        pane.wait(lambda t, before=text: t != before, "the screen to change")
        pane.still()
    raise Stuck(f"{pane.name}: the board never showed")


def play_game(
    root: Path,
    seed: int,
    months: int,
    size: tuple[int, int],
    env: dict[str, str],
    echo: Echo,
    out: dict[str, list[float]],
) -> None:
    """One game: `months` months of talk screen, palette, a proposal and the month's end."""
    saves = Path(env["DUALFREEZE_SAVES"])
    cmd = f"{sys.executable} -m game new --power usa --seed {seed} --saves {saves}"
    pane = Pane(f"dfkeys-{os.getpid()}-{seed}", f"sh -c 'cd {root} && {cmd}'", size, env)

    def measure(key: str, send: str, done: Callable[[str], bool], what: str) -> str:
        ms, text = pane.timed(send, done, what)
        out[key].append(ms)
        out[f"echo {key}"].append(echo.press())
        return text

    try:
        for _ in range(months):
            settle(pane)
            time.sleep(0.3)
            measure("palette", "C-p", lambda t: PALETTE in t, "the palette")
            time.sleep(0.3)
            pane.send("Escape")
            text = pane.wait(lambda t: PALETTE not in t and (MAIN in t or PREVIEW in t), "the palette to close")
            if PREVIEW in text:  # an Enter of settle's that arrived late picked the highlighted move
                pane.send("Escape")
                pane.wait(lambda t: PREVIEW not in t and MAIN in t, "the preview to close")
            time.sleep(0.3)
            measure("d", "d", lambda t: TALK in t and "Counterparts" in t, "the talk screen")
            time.sleep(0.3)
            pane.send("2")  # the deal section, its known deals first
            time.sleep(0.3)
            pane.send("Enter")  # the first known deal's terms
            pane.wait(lambda t: "[✓]" in t and TALK in t, "a deal's terms picked")
            time.sleep(0.3)
            measure("preview", "p", lambda t: PREVIEW in t, "the preview")
            time.sleep(0.3)

            def answered(t: str) -> bool:
                return PREVIEW not in t and ("proposes to" in t or any(o in t for o in OFFER))

            text = measure("answer", "y", answered, "the answer")
            time.sleep(0.3)
            if not any(o in text for o in OFFER):
                time.sleep(0.5)  # a counter-offer opens over the answer a moment after it
                text = pane.text()
            if any(o in text for o in OFFER):
                pane.send("Escape")  # put the counter-offer off: it waits in the header
                pane.wait(lambda t: TALK in t and not any(o in t for o in OFFER), "the counter-offer put off")
                time.sleep(0.3)
            measure("esc", "Escape", lambda t: MAIN in t and TALK not in t, "the board")
            time.sleep(0.3)
            settle(pane)  # a counter-offer put off opens again over the board
            time.sleep(0.3)
            t0 = time.perf_counter()
            pane.send("e")
            first = pane.wait(lambda t: SPINNER in t or BRIEFING in t, "the spinner or the briefing")
            t1 = time.perf_counter()
            if BRIEFING not in first:
                pane.wait(lambda t: BRIEFING in t, "the briefing")
            t2 = time.perf_counter()
            out["e first"].append((t1 - t0) * 1000)
            out["e"].append((t2 - t0) * 1000)
            out["echo e first"].append(echo.press())
            out["echo e"].append(out["echo e first"][-1])
            time.sleep(0.3)
    except Stuck as e:
        crash = saves / "crash.log"
        raise Stuck(f"{e}\n{crash.read_text() if crash.exists() else ''}") from None
    finally:
        pane.kill()


def thinking_ms(saves: Path) -> list[float]:
    """Replay the newest autosave's moves in this process and time each EndTurn alone."""
    from game.engine.game import Game
    from game.mods.loader import load_content
    from game.moves import EndTurn, parse_move
    from game.saves import list_saves, load_game

    content = load_content([])
    infos = [i for i in list_saves(saves, content) if i.ok and i.kind == "autosave"]
    if not infos:
        return []
    newest = max(infos, key=lambda i: i.turn or 0)
    saved, _ = load_game(newest.path, content)
    st = saved.state
    game = Game(content, st.scenario.id, saved.player, saved.seed, st.difficulty.id, policy=saved.policy)
    times = []
    for _, notation in saved.move_turns:
        move = parse_move(notation)
        t = time.perf_counter()
        game.play(move)
        if isinstance(move, EndTurn):
            times.append((time.perf_counter() - t) * 1000)
    return times


def summary(values: list[float]) -> str:
    if not values:
        return "no figures"
    return (
        f"median {statistics.median(values):6.1f}  worst {max(values):6.1f}  spread {min(values):.0f}-{max(values):.0f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--games", type=int, default=3)
    ap.add_argument("--months", type=int, default=4)
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to run (another commit, to compare)")
    args = ap.parse_args()
    root = args.root.resolve()
    w, h = (int(x) for x in args.size.split("x"))
    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="dfkeys-"))
    echo_pane = None
    out: dict[str, list[float]] = {k: [] for k in KEYS}
    out.update({f"echo {k}": [] for k in KEYS})
    think: list[float] = []
    try:
        (tmp / "echo.py").write_text(ECHO_APP)
        env = {"DUALFREEZE_CACHE": str(tmp / "cache"), "PYTHONPATH": str(root)}
        echo_pane = Pane(f"dfkeys-{os.getpid()}-echo", f"{sys.executable} {tmp / 'echo.py'}", (w, h), env)
        echo = Echo(echo_pane)
        for g in range(args.games):
            saves = tmp / f"saves-{g}"
            os.environ["DUALFREEZE_CACHE"] = env["DUALFREEZE_CACHE"]
            play_game(root, args.seed + g, args.months, (w, h), {**env, "DUALFREEZE_SAVES": str(saves)}, echo, out)
            months = thinking_ms(saves)
            think.extend(months)
            firsts = out["e"][-args.months :]
            out["e - thinking"].extend(e - t for e, t in zip(firsts, months, strict=False))
            out["echo e - thinking"].extend(out["echo e"][-args.months :])
            print(f"game {g + 1}/{args.games} done", file=sys.stderr)
    finally:
        if echo_pane is not None:
            echo_pane.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = os.getloadavg()
    print(
        f"{root}: keys in tmux at {w}x{h}, {args.games} games x {args.months} months; ms from send-keys to the effect."
    )
    print(
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after;"
        f" target: median {TARGET_MEDIAN_MS:.0f}, worst {TARGET_WORST_MS:.0f}"
    )
    for k in KEYS:
        game, echo_ms = out[k], out[f"echo {k}"]
        if not game:
            continue
        gm, em = statistics.median(game), statistics.median(echo_ms)
        ok = "ok" if gm <= TARGET_MEDIAN_MS and max(game) <= TARGET_WORST_MS else "MISSED"
        print(f"{k:<13} game {summary(game)}")
        print(f"{'':<13} echo {summary(echo_ms)}   x{gm / em:.1f}, +{gm - em:.0f} ms   {ok}")
    print(f"{'thinking':<13}      {summary(think)}   (the computer's month, in-process, under the spinner)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
