"""`dualfreeze serve`: the game in a web browser, through textual-serve (the `web` extra).

textual-serve starts one game process for each page a browser opens (one websocket, one
process), as `sys.executable -m game ... play --session`, so it never depends on PATH. A session
is that one page: `--session` gives its process a saves folder of its own, a new folder named by
the time and a random token inside `web/` of the server's saves folder, so two visitors never
see or overwrite each other's games. textual-serve tells the process nothing about who opened
the page, so a reload or a second tab is a new session with no saves yet; the saves of earlier
sessions stay on the server.

This module imports nothing heavy at the top; textual-serve is imported when the command runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import secrets
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game.commands import EXIT_FAIL, EXIT_OK, EXIT_USAGE

PROG = "dualfreeze serve"
#: The folder, inside the server's saves folder, that holds one folder per browser session.
SESSIONS = "web"
#: The page textual-serve hands the browser, made to work offline (see its comment).
PAGE = Path(__file__).parent / "serve_page"
NO_EXTRA = (
    f"{PROG}: playing in a browser needs textual-serve: pip install 'dualfreeze[web]' "
    "(in a checkout: pip install -e '.[web]')"
)


def game_command(mods: Sequence[str], saves: Path) -> str:
    """The shell command textual-serve runs for each session (it runs it through the shell)."""
    parts = [sys.executable, "-m", "game"]
    for mod in mods:
        parts += ["--mod", mod]
    parts += ["--saves", str(saves), "play", "--session"]
    return shlex.join(parts)


def new_session_folder(root: Path) -> Path:
    """A new, empty saves folder for one session inside `root`; only its owner can read it."""
    root.mkdir(parents=True, exist_ok=True)
    while True:
        folder = root / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(6)}"
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
            return folder


def drop_if_empty(folder: Path) -> None:
    """Remove a session's folder when the session saved nothing (rmdir refuses a full folder)."""
    with contextlib.suppress(OSError):
        folder.rmdir()


async def reap(service: Any, grace: float = 5.0) -> None:
    """Wait for a session's game process to end (killing it after `grace` seconds) and close its
    transport while the event loop still runs."""
    process = getattr(service, "_process", None)
    if process is None:
        return
    if process.returncode is None:
        try:
            await asyncio.wait_for(process.wait(), grace)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
    transport = getattr(process, "_transport", None)  # asyncio's Process has no public close
    if transport is not None:
        transport.close()


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def page_address(host: str, port: int) -> str:
    shown = "this machine's address" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def serve_command(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print(NO_EXTRA, file=sys.stderr)
        return EXIT_FAIL
    if not 1 <= args.port <= 65535:
        print(f"{PROG}: --port must be between 1 and 65535, not {args.port}", file=sys.stderr)
        return EXIT_USAGE
    from game.commands.common import load_content_or_report
    from game.saves.files import saves_dir

    mods = [str(Path(m).expanduser().resolve()) for m in args.mod]
    content = load_content_or_report(mods)  # a broken mod is reported once, here, not on every page
    if content is None:
        return EXIT_FAIL
    sessions = saves_dir(getattr(args, "saves", None)).expanduser().resolve() / SESSIONS
    title = content.title or "the game"
    address = page_address(args.host, args.port)
    if not is_loopback(args.host):
        print(
            f"{PROG}: warning: listening on {args.host}, open to the network, and there is no login: anyone who "
            f"can reach port {args.port} can start games here and fill {sessions}",
            file=sys.stderr,
        )

    class GameServer(Server):  # type: ignore[misc]
        """textual-serve's server, with our banner, and each session's game process reaped when its
        page goes. textual-serve never waits for the process nor closes its transport, so asyncio
        closed it when the garbage collector came by, which at shutdown was after the event loop had
        closed: a traceback from `BaseSubprocessTransport.__del__` on the way out."""

        def __init__(self, *a: Any, **k: Any) -> None:
            super().__init__(*a, **k)
            self.live: dict[asyncio.Task[Any], Any] = {}  # the session each page's handler runs

        async def on_startup(self, app: Any) -> None:
            app.on_cleanup.append(self.reap_all)
            print(f"Serving {title} on {address}", flush=True)
            print(f"Each page opened is a session with its own saves folder in {sessions}", flush=True)
            print("Press Ctrl+C to stop", flush=True)

        async def _process_messages(self, websocket: Any, app_service: Any) -> None:
            task = asyncio.current_task()
            if task is not None:
                self.live[task] = app_service
            await super()._process_messages(websocket, app_service)

        async def handle_websocket(self, request: Any) -> Any:
            try:
                return await super().handle_websocket(request)
            finally:
                task = asyncio.current_task()
                if task is not None and task in self.live:
                    await reap(self.live[task])
                    del self.live[task]  # only once reaped: if shutdown cancels the reaping, reap_all finishes it

        async def reap_all(self, app: Any) -> None:
            """On cleanup, after aiohttp has ended or cancelled every page's handler."""
            while self.live:
                await reap(self.live.popitem()[1], grace=1.0)

    server = GameServer(game_command(mods, sessions), host=args.host, port=args.port, title=title, templates_path=PAGE)
    try:
        server.serve()
    except OSError as e:  # the port is taken, the host is not this machine's...
        print(f"{PROG}: cannot listen on {args.host}:{args.port}: {e.strerror or e}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK
