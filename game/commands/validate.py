"""`dualfreeze validate` and `dualfreeze schema`: check content, print the content format's schema."""

from __future__ import annotations

import argparse
import json

from game.commands.common import EXIT_FAIL, EXIT_OK, load_content_or_report
from game.mods.loader import Loader
from game.mods.schema import content_schema, manifest_schema


def validate_command(args: argparse.Namespace) -> int:
    loader = Loader(args.mod, warn=True)
    content = load_content_or_report(args.mod, loader=loader)
    if content is None:
        return EXIT_FAIL
    n = len(loader.warnings)
    print(content.summary() + (f" ({n} warning{'s' if n != 1 else ''})" if n else ""))
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    print(json.dumps(manifest_schema() if args.manifest else content_schema(), indent=2))
    return EXIT_OK
