"""`dualfreeze serve`: the game reaches a websocket client as it reaches a browser, one game
and one saves folder per session; and every key the game needs is one a browser lets through."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.commands import serve

ROOT = Path(__file__).parent.parent
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(saves: Path, *extra: str) -> Iterator[str]:
    """`dualfreeze serve` on a free port; yields its address once it answers, and on the way out
    stops it as Ctrl+C would and checks it said nothing of tracebacks or unclosed resources."""
    with serving(saves, *extra) as (url, _):
        yield url


@contextlib.contextmanager
def serving(saves: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`running_server`, yielding the server's process too."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "game", "--saves", str(saves), "serve", "--port", str(port), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # every unclosed transport is reported, whenever the collector finds it, not only when it
        # happens to be collected after the loop has closed
        env={**os.environ, "PYTHONWARNINGS": "always::ResourceWarning"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start: {proc.communicate()[0]}")
            time.sleep(0.05)
        yield url, proc
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0]
        assert "Traceback" not in out, out
        assert "ResourceWarning" not in out, out


class Screen:
    """What one websocket session has been sent, as text without the terminal's escapes."""

    def __init__(self, ws: object) -> None:
        self.ws = ws
        self.text = ""

    async def until(self, *wanted: str, timeout: float = 30) -> str:
        """Read until every `wanted` text has arrived since the last call; returns that text."""
        import aiohttp

        raw = b""
        end = time.monotonic() + timeout
        while not all(w in self.text for w in wanted):
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"waited for {wanted}; the screen had:\n{self.text[-3000:]}")
            try:
                # wait_for, not receive(timeout=): aiohttp starts a receive's timeout again after
                # every ping it answers, and the server pings every 15 s, so that one never ran out
                msg = await asyncio.wait_for(self.ws.receive(), left)  # type: ignore[attr-defined]
            except TimeoutError:
                continue
            if msg.type == aiohttp.WSMsgType.BINARY:
                raw += msg.data
                self.text = ANSI.sub(b"", raw).decode("utf-8", "replace")
            elif msg.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the session closed ({msg.type}) waiting for {wanted}:\n{self.text[-3000:]}")
        seen, self.text = self.text, ""
        print(f"  {wanted} after {time.monotonic() - (end - timeout):.2f} s")
        return seen

    async def press(self, keys: str, *wanted: str) -> str:
        await self.ws.send_json(["stdin", keys])  # type: ignore[attr-defined]
        return await self.until(*wanted)


def session_folders(saves: Path) -> list[Path]:
    web = saves / serve.SESSIONS
    return sorted(p for p in web.iterdir() if p.is_dir()) if web.is_dir() else []


async def test_a_session_goes_from_title_to_board_and_saves_in_a_folder_no_other_session_sees(
    tmp_path: Path,
) -> None:
    pytest.importorskip("textual_serve", reason="needs the web extra: pip install -e '.[web]'")
    import aiohttp

    saves = tmp_path / "saves"
    with running_server(saves) as url:
        async with aiohttp.ClientSession() as http:
            async with http.get(url) as page:
                assert page.status == 200
                html = await page.text()
            assert "<title>Dual Freeze</title>" in html
            assert "googleapis" not in html  # no web font from elsewhere: the page works offline
            async with http.get(f"{url}/static/fonts/RobotoMono-VariableFont_wght.ttf") as font:
                assert font.status == 200

            started = time.monotonic()
            async with http.ws_connect(f"{url.replace('http', 'ws')}/ws?width=120&height=40") as ws:
                first = Screen(ws)
                await first.until("New game", "no saves yet")
                print(f"title after {time.monotonic() - started:.2f} s")
                await first.press("n", "Scenario", "Start the game")
                await first.press("s", "Briefing", "turn 1 of")
                await first.press("\r", "Decide [enter]")
                # a choice's number shows what it does, the same number again makes it (the first
                # key's only sign is a toast, which a partial redraw may send in pieces)
                await first.ws.send_json(["stdin", "1"])
                await first.press("1", "End month")
                await first.press("\x13", "Save the game")
                saved = await first.press("\r", "Saved as")
                (mine,) = session_folders(saves)
                (slot,) = [p for p in mine.glob("*.json") if not p.name.startswith("autosave-")]
                assert slot.name[:12] in saved
                assert mine.stat().st_mode & 0o077 == 0

                async with http.ws_connect(f"{url.replace('http', 'ws')}/ws?width=100&height=30") as ws2:
                    second = Screen(ws2)
                    await second.until("New game", "no saves yet")  # the first visitor's save is not here
                    folders = session_folders(saves)
                    assert len(folders) == 2 and mine in folders
                    (theirs,) = [p for p in folders if p != mine]
                    assert list(theirs.iterdir()) == []
                    await second.press("l", "Load a game", "No saves yet.")
                # a session that saved nothing leaves no folder behind
                for _ in range(100):
                    if session_folders(saves) == [mine]:
                        break
                    await asyncio.sleep(0.1)
                assert session_folders(saves) == [mine]
    print(f"whole session {time.monotonic() - started:.2f} s")


async def test_stopping_the_server_with_a_game_still_open_ends_that_game_cleanly(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve", reason="needs the web extra: pip install -e '.[web]'")
    import aiohttp

    with serving(tmp_path / "saves") as (url, proc):  # its exit checks the output for tracebacks
        async with aiohttp.ClientSession() as http, http.ws_connect(f"{url.replace('http', 'ws')}/ws") as ws:
            await Screen(ws).until("New game")
            proc.terminate()  # the page is still open when the server is told to stop, as on Ctrl+C
            while not ws.closed:
                if (await ws.receive(timeout=20)).type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    break
        assert proc.wait(timeout=20) == 0


@pytest.mark.parametrize("hangs", [False, True])
async def test_a_finished_session_s_process_is_reaped_and_its_transport_closed_while_the_loop_runs(
    hangs: bool,
) -> None:
    """textual-serve leaves both to the garbage collector, which at shutdown could come after the
    loop had closed and print a traceback; a process that does not quit is killed after the grace."""
    script = "import time; time.sleep(60)" if hangs else "pass"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )

    class Service:
        _process = process

    started = time.monotonic()
    await serve.reap(Service(), grace=0.5)
    assert process.returncode is not None
    assert process._transport.is_closing()  # type: ignore[attr-defined]
    assert time.monotonic() - started < 10
    await serve.reap(object())  # a page whose process never started


# -- the command around the server --------------------------------------------------------------


def test_each_session_is_started_as_this_python_with_the_mods_and_the_saves_passed_on(tmp_path: Path) -> None:
    command = serve.game_command(["/mods/a b", "/mods/c;rm -rf x"], tmp_path / "saves" / "web")
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "game",
        "--mod",
        "/mods/a b",
        "--mod",
        "/mods/c;rm -rf x",
        "--saves",
        str(tmp_path / "saves" / "web"),
        "play",
        "--session",
    ]


def test_every_session_folder_is_new_empty_and_private(tmp_path: Path) -> None:
    folders = {serve.new_session_folder(tmp_path / "web") for _ in range(20)}
    assert len(folders) == 20
    for f in folders:
        assert f.parent == tmp_path / "web" and list(f.iterdir()) == []
        assert f.stat().st_mode & 0o777 == 0o700
    one = sorted(folders)[0]
    (one / "a save.json").write_text("{}")
    serve.drop_if_empty(one)
    assert one.is_dir()  # a folder with a save in it is never removed
    two = sorted(folders)[1]
    serve.drop_if_empty(two)
    assert not two.exists()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.4", False)],
)
def test_only_this_machine_counts_as_private(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


def test_without_the_web_extra_it_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # makes the import fail
    args = argparse.Namespace(host="127.0.0.1", port=8000, mod=[], saves=None)
    assert serve.serve_command(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install" in err and "[web]" in err


def test_a_taken_port_on_the_network_warns_of_no_login_and_fails_cleanly(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve", reason="needs the web extra")
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run(
            [sys.executable, "-m", "game", "--saves", str(tmp_path), "serve", "--host", "0.0.0.0", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr + out.stdout
    assert "no login" in out.stderr
    assert f"cannot listen on 0.0.0.0:{port}" in out.stderr


def test_a_bad_port_is_a_usage_error() -> None:
    pytest.importorskip("textual_serve", reason="needs the web extra")
    out = subprocess.run(
        [sys.executable, "-m", "game", "serve", "--port", "70000"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 2 and "--port must be between 1 and 65535" in out.stderr


def test_the_terminal_check_lets_textual_serve_s_driver_through(monkeypatch: pytest.MonkeyPatch) -> None:
    from game import cli

    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert not cli.has_a_screen()
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert cli.has_a_screen()


def test_without_a_terminal_or_a_driver_the_game_says_what_to_do() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    out = subprocess.run([sys.executable, "-m", "game"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert out.returncode == 1 and "needs a terminal" in out.stderr and "dualfreeze serve" in out.stderr


# -- keys a browser lets through ------------------------------------------------------------------

#: What Chromium keeps for itself and never hands a page (tabs and windows: close, new, reopen,
#: switch; quit), nor does Firefox; the game must need none of them.
BROWSER_KEYS = {
    "ctrl+w",
    "ctrl+t",
    "ctrl+n",
    "ctrl+shift+w",
    "ctrl+shift+t",
    "ctrl+shift+n",
    "ctrl+tab",
    "ctrl+shift+tab",
    "ctrl+shift+q",
    "ctrl+pageup",
    "ctrl+pagedown",
}


def _bindings() -> list[tuple[str, str, str]]:
    import importlib
    import inspect
    import pkgutil

    from textual.app import App
    from textual.binding import Binding
    from textual.dom import DOMNode

    import game.ui

    found = []
    for info in pkgutil.walk_packages(game.ui.__path__, "game.ui."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DOMNode | App) or not cls.__module__.startswith("game."):
                continue
            for b in cls.__dict__.get("BINDINGS", []):  # the game's own (Textual's scroll keys are not needed)
                key, action = (b.key, b.action) if isinstance(b, Binding) else (b[0], b[1])
                found += [(name, k.strip(), action) for k in key.split(",")]
    return found


def test_no_key_the_game_needs_is_one_the_browser_keeps() -> None:
    found = _bindings()
    assert len(found) > 40  # the screens were found
    assert [b for b in found if b[1] in BROWSER_KEYS] == []


def test_the_help_says_which_keys_to_use_in_a_browser() -> None:
    from game.mods.loader import Loader
    from game.ui.screens.help import help_lines

    text = "\n".join(line.plain for line in help_lines(Loader([]).load(), 100))
    assert "browser" in text and "ctrl+w" in text
