"""`dualfreeze export SAVE`: a save's moves as a playthrough script on standard output."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.commands.common import EXIT_FAIL, EXIT_OK, load_content_or_report, say
from game.saves import SaveError, load_game, saves_dir, slot_path
from game.saves.record import shown_path
from game.scripts import export_script


def find_save(arg: str, folder: Path) -> Path:
    """A save named on the command line: a file path, or a slot name in the saves folder.

    Raises SaveError when it names a slot that cannot be read (a link, for one).
    """
    path = Path(arg)
    looks_like_a_path = os.sep in arg or (os.altsep and os.altsep in arg) or arg.endswith(".json")
    if path.is_file() or path.is_symlink() or looks_like_a_path:
        return path
    try:
        return slot_path(folder, arg)
    except SaveError as e:
        if e.path is not None and os.path.lexists(e.path):
            raise  # a slot is there, and cannot be read: say why
        return path


def link_notice(path: Path) -> str | None:
    """What to tell the player when the save they named is a link: where it leads."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"{shown_path(path)} is a link that leads nowhere (its target is missing, or links loop)"
    return f"{shown_path(path)} is a link to {shown_path(target)}: reading the save it leads to"


def export_command(args: argparse.Namespace) -> int:
    content = load_content_or_report(getattr(args, "mod", []))
    if content is None:
        return EXIT_FAIL
    try:
        path = find_save(args.save, saves_dir(getattr(args, "saves", None)))
    except SaveError as e:
        say(f"dualfreeze export: {e}")
        return EXIT_FAIL
    notice = link_notice(path)
    if notice:
        say(f"dualfreeze export: {notice}")
    try:
        game, notice = load_game(path, content)
    except SaveError as e:
        say(f"dualfreeze export: {e}")
        return EXIT_FAIL
    if game.player is None:
        say(f"dualfreeze export: {shown_path(path)}: the computer played every power: no moves")
        return EXIT_FAIL
    if notice:
        say(f"dualfreeze export: {notice}")
    sys.stdout.write(export_script(game, f"Recorded from the save {shown_path(Path(path.name))}"))
    return EXIT_OK
