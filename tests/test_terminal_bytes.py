"""The bytes `validate`, `run`, `export` and the game write to the terminal hold no sequence a mod or save wrote.

Each case of the hostile-mod report is played through the real command, in a subprocess: its
output must hold no ESC, no BEL and no C1 character at all. The game itself draws with escape
sequences, so in a pseudo-terminal the check is that every sequence is one the interface writes
(CSI drawing and modes, and OSC 22, the mouse pointer's shape), and that the hostile text shows,
escaped, on the screen.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.mods.loader import load_content
from game.saves import save_record, write_save
from game.saves.record import checksum
from tests.conftest import MINI

ROOT = Path(__file__).parent.parent
OSC52 = "\\u001b]52;c;R0FNRVBXTg==\\u0007\\u001b]0;gametitle\\u0007"  # as TOML writes it
RAW_OSC52 = "\x1b]52;c;R0FNRVBXTg==\x07\x1b]0;gametitle\x07"

#: The hostile mods of the report, each a file of the `hostile` mod with what `validate` must say.
CASES = {
    "power_name": (
        f'[[power]]\nid = "chn"\nname = "China{OSC52}"\nleader = "Xi"\n',
        "control character U+001B (ESC) in text",
    ),
    "blank_screen": ('[[power]]\nid = "kor"\nname = "Korea"\nleader = "Moon\\u001b[2J"\n', "U+001B (ESC)"),
    "unknown_key": (
        '[[event]]\nid = "e"\ntitle = "E"\n"ti\\u001b]0;x\\u0007tle" = 1\n',
        "unknown key 'ti\\x1b]0;x\\x07tle'",
    ),
    "unknown_flag": (
        '[[event]]\nid = "f"\ntitle = "F"\nwhen = "flag(\\"x\\u001b]0;t\\u0007\\")"\n',
        "unknown flag 'x\\x1b]0;t\\x07'",
    ),
    "unavailable": (
        '[[action]]\nid = "a"\nname = "A"\nwhen = "false"\nunavailable = "No\\u0007\\u009b2J"\n',
        "U+0007 (BEL)",
    ),
}


def no_raw_controls(data: bytes) -> None:
    assert b"\x1b" not in data and b"\x07" not in data, data[:2000]
    text = data.decode("utf-8", "replace")
    assert not re.search("[\x80-\x9f]", text), text[:2000]


def dualfreeze(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    out = subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, cwd=ROOT, env=env or os.environ.copy(), check=False
    )
    assert b"Traceback" not in out.stderr and b"internal error" not in out.stderr, out.stderr
    return out


def hostile_mod(tmp_path: Path, case: str) -> Path:
    mod = tmp_path / "hostile"
    mod.mkdir()
    (mod / "mod.toml").write_text('id = "hostile"\nname = "Hostile"\nrequires = ["base"]\n')
    (mod / f"{case}.toml").write_text(CASES[case][0])
    return mod


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_and_run_on_a_hostile_mod_write_no_control_bytes(tmp_path: Path, case: str) -> None:
    mod = hostile_mod(tmp_path, case)
    out = dualfreeze("validate", "--mod", str(mod))
    assert out.returncode == 1
    no_raw_controls(out.stdout + out.stderr)
    assert CASES[case][1] in out.stderr.decode()
    script = tmp_path / "s.toml"
    script.write_text('power = "chn"\nseed = 1\n')
    out = dualfreeze("run", str(script), "--mod", str(mod))
    assert out.returncode == 1
    no_raw_controls(out.stdout + out.stderr)


def test_a_script_with_control_characters_in_its_name_and_its_text_is_reported_escaped(tmp_path: Path) -> None:
    script = tmp_path / f"evil{RAW_OSC52}.toml"
    script.write_text(f'power = "chn{OSC52}"\nseed = 1\n[[turn]]\nmoves = ["act x\\u001b[2J"]\n')
    out = dualfreeze("run", str(script), "--mod", str(MINI))
    assert out.returncode == 1
    no_raw_controls(out.stdout + out.stderr)
    assert "evil\\x1b]52;c;R0FNRVBXTg==\\x07" in out.stdout.decode()


def hostile_saves(folder: Path) -> None:
    """A save named with the report's sequence, one whose name field holds it, and one whose
    power name does, each resealed as a careful cheat would."""
    content = load_content([MINI])
    game = Game(content, "test", "red", 3, policy=UtilityPolicy())
    folder.mkdir(parents=True, exist_ok=True)
    write_save(folder / f"evil{RAW_OSC52}.json", game)
    for name, edit in (
        ("named", lambda r: r.update(name="Evil" + RAW_OSC52)),
        ("power", lambda r: r["summary"].update(power_name="Red" + RAW_OSC52)),
    ):
        record = save_record(game)
        edit(record)
        record["checksum"] = checksum(record)
        (folder / f"{name}.json").write_text(json.dumps(record))


def test_export_and_run_from_hostile_saves_write_no_control_bytes(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    hostile_saves(saves)
    script = tmp_path / "s.toml"
    script.write_text('power = "red"\nseed = 3\n')
    for save in sorted(saves.iterdir()):
        out = dualfreeze("--mod", str(MINI), "export", str(save))
        no_raw_controls(out.stdout + out.stderr)
        out = dualfreeze("--mod", str(MINI), "run", "--from", str(save), str(script))
        no_raw_controls(out.stdout + out.stderr)


# -- the interface, in a pseudo-terminal ----------------------------------------------------------------

#: What the interface itself writes: CSI sequences (drawing, modes) and OSC 22 (the pointer's shape).
_OWN_SEQUENCE = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\]22;[a-z-]*\x07")


def in_terminal(args: list[str], keys: list[str], env: dict[str, str], size=(100, 30), timeout=90.0) -> bytes:
    """Run the game in a pseudo-terminal, typing each key once the screen has settled; its output."""
    import fcntl
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(ROOT)
        os.execvpe(sys.executable, [sys.executable, "-m", "game", *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    out = bytearray()
    pending = list(keys)
    started = last = time.monotonic()
    try:
        while time.monotonic() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # the game ended
                    break
                if not chunk:
                    break
                out += chunk
                last = time.monotonic()
            elif out and time.monotonic() - last > 1.5:
                if not pending:
                    break
                os.write(fd, pending.pop(0).encode())
                last = time.monotonic()
    finally:
        with_suppressed_kill(pid)
        os.close(fd)
    return bytes(out)


def with_suppressed_kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def foreign_sequences(data: bytes) -> list[bytes]:
    """Escape sequences and BELs the interface does not write itself."""
    rest = _OWN_SEQUENCE.sub(b"", data)
    return re.findall(rb"\x1b.{0,12}|\x07", rest, re.DOTALL)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_game_lists_hostile_saves_escaped_and_sends_the_terminal_nothing_of_theirs(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    hostile_saves(saves)
    env = dict(os.environ, TERM="xterm-256color", DUALFREEZE_SAVES=str(saves))
    # the title screen, then Load: the list of saves, then open the first one, then back and quit
    data = in_terminal(["--mod", str(MINI)], ["l", "\r", "\x1b", "\x1b", "q"], env)
    assert b"evil\\x1b]52;c;R0FNRVBXTg==\\x07" in data, "the load screen shows the save's name, escaped"
    assert foreign_sequences(data) == []
    assert not re.search("[\x80-\x9f]", data.decode("utf-8", "replace"))
    assert b"\x1b[2J" not in data


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("case", ["power_name", "blank_screen"])
def test_the_game_refuses_a_hostile_mod_and_sends_the_terminal_nothing_of_it(tmp_path: Path, case: str) -> None:
    mod = hostile_mod(tmp_path, case)
    env = dict(os.environ, TERM="xterm-256color", DUALFREEZE_SAVES=str(tmp_path / "saves"))
    data = in_terminal(["--mod", str(mod)], [], env, timeout=60)
    assert b"control character U+001B (ESC) in text" in data
    no_raw_controls(data)
