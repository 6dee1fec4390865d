"""`dualfreeze` and `dualfreeze new`: open the game in the terminal."""

from __future__ import annotations

import argparse
import os
import sys

from game.commands.common import EXIT_FAIL, load_content_or_report


def play_command(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty() and not os.environ.get("DUALFREEZE_FORCE_UI"):
        print(
            "dualfreeze: the game needs a terminal; try `dualfreeze validate` or `dualfreeze run SCRIPT`",
            file=sys.stderr,
        )
        return EXIT_FAIL
    content = load_content_or_report(args.mod)
    if content is None:
        return EXIT_FAIL
    from game.ui.app import run_app

    return run_app(content, args)
