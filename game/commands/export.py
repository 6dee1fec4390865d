"""`dualfreeze export SAVE`: a save's moves as a playthrough script on standard output."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.commands.common import EXIT_FAIL, EXIT_OK, load_content_or_report
from game.saves import SaveError, load_game, saves_dir, slot_path
from game.saves.record import shown_path
from game.scripts import export_script


def find_save(arg: str, folder: Path) -> Path:
    """A save named on the command line: a file path, or a slot name in the saves folder."""
    path = Path(arg)
    if path.is_file() or os.sep in arg or (os.altsep and os.altsep in arg) or arg.endswith(".json"):
        return path
    try:
        return slot_path(folder, arg)
    except SaveError:
        return path


def export_command(args: argparse.Namespace) -> int:
    content = load_content_or_report(getattr(args, "mod", []))
    if content is None:
        return EXIT_FAIL
    path = find_save(args.save, saves_dir(getattr(args, "saves", None)))
    try:
        game, notice = load_game(path, content)
    except SaveError as e:
        print(f"dualfreeze export: {e}", file=sys.stderr)
        return EXIT_FAIL
    if game.player is None:
        print(f"dualfreeze export: {shown_path(path)}: the computer played every power: no moves", file=sys.stderr)
        return EXIT_FAIL
    if notice:
        print(f"dualfreeze export: {notice}", file=sys.stderr)
    sys.stdout.write(export_script(game, f"Recorded from the save {path.name}"))
    return EXIT_OK
