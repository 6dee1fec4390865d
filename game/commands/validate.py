"""`dualfreeze validate` and `dualfreeze schema`: check content, print the content format's schema."""

from __future__ import annotations

import argparse
import json

from game.commands.common import EXIT_FAIL, EXIT_OK, load_content_or_report
from game.mods.lint import shown_id_warnings
from game.mods.loader import Loader
from game.mods.schema import content_schema, manifest_schema


def validate_command(args: argparse.Namespace) -> int:
    """Print the content's summary, then a warning for every id the player would see unnamed."""
    loader = Loader(args.mod, warn=True)
    content = load_content_or_report(args.mod, loader=loader)
    if content is None:
        return EXIT_FAIL
    print(content.summary())
    # the loader's warnings (chains of events that can multiply) are printed as it reports
    shown = shown_id_warnings(content)
    for w in shown:
        print(f"warning: {w}")
    if shown:
        n = len(shown)
        print(f"{n} warning{'s' if n != 1 else ''}: the content loads, but players would see these ids.")
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    print(json.dumps(manifest_schema() if args.manifest else content_schema(), indent=2))
    return EXIT_OK
