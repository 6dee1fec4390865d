"""The `dualfreeze` command line: the argument parser, and one line a command to hand it on.

Exit codes: 0 success, 1 failure (invalid content, a failed expectation, a bad file), 2 usage.
The interface is imported only by the commands that open it, so headless commands stay quick.
The help names what the content names (the game, its period, its powers): when help is asked
for, the names are read from the mods' TOML (`game.commands.names`), never by the full loader.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.commands import EXIT_FAIL, EXIT_OK, EXIT_USAGE
from game.commands.tournament import add_tournament_parser, tournament_command

if TYPE_CHECKING:
    from game.commands.names import ShellNames


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _add_mods(p: argparse.ArgumentParser, top: bool = False) -> None:
    # Subcommands must not reset what the top level already parsed, hence SUPPRESS below it.
    p.add_argument(
        "--mod",
        action="append",
        default=[] if top else argparse.SUPPRESS,
        metavar="DIR",
        help="load a mod folder after the base game (repeatable)",
    )


def _add_saves(p: argparse.ArgumentParser, top: bool = False) -> None:
    p.add_argument(
        "--saves",
        metavar="DIR",
        default=None if top else argparse.SUPPRESS,
        help="the saves folder (also DUALFREEZE_SAVES)",
    )


def build_parser(names: ShellNames | None = None) -> argparse.ArgumentParser:
    """The parser; with `names` (read only when help is printed) its help names the content's world."""
    description = names.description() if names is not None else "A game of crisis diplomacy in the terminal."
    parser = _Parser(
        prog="dualfreeze",
        description=description,
        epilog="With --mod, the help names the mods' world: dualfreeze --mod DIR new --help.",
    )
    from game import __version__

    parser.add_argument("--version", action="version", version=f"dualfreeze {__version__}")
    _add_mods(parser, top=True)
    _add_saves(parser, top=True)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("play", help="open the game (the default)")
    p.add_argument(
        "--session",
        action="store_true",
        help="play with a new, empty saves folder of this run's own inside the saves folder (what serve gives "
        "each browser page)",
    )
    _add_mods(p)
    _add_saves(p)

    powers = names.powers_help() if names is not None else ""
    scenarios = ", ".join(f"{k} ({v[0]})" for k, v in names.scenarios.items()) if names is not None else ""
    levels = ", ".join(f"{k} ({v})" for k, v in names.difficulties.items()) if names is not None else ""
    p = sub.add_parser("new", help="start a new game straight away", description=description)
    p.add_argument("--power", required=True, help=f"the power to lead: {powers}" if powers else "the power to lead")
    p.add_argument("--seed", type=int, default=None, help="the game's seed (random when left out)")
    p.add_argument("--scenario", default=None, help=f"the scenario: {scenarios}" if scenarios else "the scenario id")
    p.add_argument("--difficulty", default=None, help=f"the difficulty: {levels}" if levels else "difficulty id")
    _add_mods(p)
    _add_saves(p)

    p = sub.add_parser("validate", help="check content and mods, print a summary or every error")
    _add_mods(p)

    p = sub.add_parser(
        "run",
        help="play playthrough scripts headless and check their expectations",
        description="Play playthrough scripts headless. A SCRIPT is a file, or the name of a script in the "
        "scripts/ folder of a mod given with --mod; with no SCRIPT, every script of the mods given is run.",
    )
    p.add_argument("scripts", nargs="*", metavar="SCRIPT")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument(
        "--save", metavar="FILE", help="write a save of the game at the end, when the script passed (one script)"
    )
    p.add_argument("--from", dest="from_save", metavar="FILE", help="continue a saved game with the script's moves")
    _add_mods(p)

    p = sub.add_parser("moves", help="list the player's legal moves where a script ends")
    p.add_argument("script", metavar="SCRIPT")
    _add_mods(p)

    p = sub.add_parser("simulate", help="let the computer play every power, many games")
    p.add_argument("--games", type=int, default=100)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--scenario", default=None)
    p.add_argument("--difficulty", default=None)
    p.add_argument(
        "--ai",
        choices=["search", "utility", "historical"],
        default="search",
        help="how the powers play: search (the game's AI), utility (its one-step instinct), historical",
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--log", action="store_true", help="with --json: include every game's log")
    _add_mods(p)

    add_tournament_parser(sub, _add_mods)

    p = sub.add_parser("schema", help="print the JSON Schema of the content format")
    p.add_argument("--manifest", action="store_true", help="the schema of mod.toml instead")

    p = sub.add_parser(
        "serve",
        help="serve the game to web browsers (needs the web extra)",
        description="Serve the game with textual-serve: every page a browser opens is a game of its own, with its "
        "own saves folder inside the saves folder. There is no login: it listens on this machine only unless "
        "--host says otherwise.",
    )
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="the port to listen on (default 8000)")
    _add_mods(p)
    _add_saves(p)

    p = sub.add_parser("export", help="print a save's moves as a playthrough script")
    p.add_argument("save", metavar="SAVE")
    _add_mods(p)
    _add_saves(p)
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    from game.commands.validate import validate_command

    return validate_command(args)


def cmd_schema(args: argparse.Namespace) -> int:
    from game.commands.validate import schema_command

    return schema_command(args)


def cmd_run(args: argparse.Namespace) -> int:
    from game.commands.run import run_command

    return run_command(args)


def cmd_moves(args: argparse.Namespace) -> int:
    from game.commands.run import moves_command

    return moves_command(args)


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.commands.simulate import simulate_command

    return simulate_command(args)


def cmd_export(args: argparse.Namespace) -> int:
    from game.commands.export import export_command

    return export_command(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from game.commands.serve import serve_command

    return serve_command(args)


def has_a_screen() -> bool:
    """A terminal on standard output, or a Textual driver named for the app: textual-serve names
    its web driver (TEXTUAL_DRIVER), which talks to the browser over pipes."""
    return sys.stdout.isatty() or bool(os.environ.get("TEXTUAL_DRIVER"))


#: How long (ms) the interface waits after an escape byte for the rest of a key's sequence before
#: it reads the escape key itself. Textual's default, 100, delays every `esc` by a tenth of a
#: second; a terminal writes a key's sequence at once, so 30 ms is plenty (the fish shell waits
#: as long). Players on a slow remote link set ESCDELAY higher, as for other programs.
ESCAPE_DELAY_MS = "30"


def quick_escape() -> None:
    """Wait `ESCAPE_DELAY_MS` after an escape, unless the player set ESCDELAY: call before the
    interface is imported (Textual reads it then)."""
    os.environ.setdefault("ESCDELAY", ESCAPE_DELAY_MS)


def cmd_play(args: argparse.Namespace) -> int:
    if not has_a_screen():
        print(
            "dualfreeze: the game needs a terminal (or a browser: `dualfreeze serve`); try `dualfreeze validate` "
            "or `dualfreeze run SCRIPT`",
            file=sys.stderr,
        )
        return EXIT_FAIL
    content = None
    if args.command == "new":  # the game opens at once: its content must be there first
        from game.commands.common import load_content_or_report

        content = load_content_or_report(args.mod)
        if content is None:
            return EXIT_FAIL
    # Without `new`, the title is drawn first and the content loads (and is checked) behind it.
    quick_escape()
    from game.ui.app import run_app

    if not getattr(args, "session", False):
        return run_app(content, args)
    from game.commands.serve import drop_if_empty, new_session_folder
    from game.saves.files import saves_dir

    root = saves_dir(getattr(args, "saves", None))
    try:
        args.saves = str(new_session_folder(root))
    except OSError as e:
        print(f"dualfreeze: cannot make a saves folder in {root}: {e.strerror or e}", file=sys.stderr)
        return EXIT_FAIL
    try:
        return run_app(content, args)
    finally:
        drop_if_empty(Path(args.saves))


COMMANDS = {
    "validate": cmd_validate,
    "schema": cmd_schema,
    "run": cmd_run,
    "moves": cmd_moves,
    "simulate": cmd_simulate,
    "export": cmd_export,
    "tournament": tournament_command,
    "serve": cmd_serve,
    "play": cmd_play,
    "new": cmd_play,
}


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    names = None
    if "-h" in args_in or "--help" in args_in:
        from game.commands.names import mods_in, read_names

        names = read_names(mods_in(args_in))
    parser = build_parser(names)
    args = parser.parse_args(args_in)
    command = args.command or "play"
    if not hasattr(args, "mod"):
        args.mod = []
    try:
        return COMMANDS[command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # a bug: say so plainly, keep the details for the report
        where = _write_crash_report()
        print(
            f"dualfreeze: internal error ({type(e).__name__}: {e}). This is a bug in the game, not in your "
            f"files; the details are in {where}",
            file=sys.stderr,
        )
        return EXIT_FAIL


def _write_crash_report() -> str:
    import tempfile
    import traceback

    try:
        fd, path = tempfile.mkstemp(prefix="dualfreeze-crash-", suffix=".txt")
        with os.fdopen(fd, "w") as fh:
            traceback.print_exc(file=fh)
        return path
    except OSError:
        return "(no report could be written)"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
