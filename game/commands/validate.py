"""`dualfreeze validate` and `dualfreeze schema`: check content, print the content format's schema."""

from __future__ import annotations

import argparse
import json

from game.commands.common import EXIT_FAIL, EXIT_OK, load_content_or_report
from game.mods.schema import content_schema, manifest_schema


def validate_command(args: argparse.Namespace) -> int:
    content = load_content_or_report(args.mod)
    if content is None:
        return EXIT_FAIL
    print(content.summary())
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    print(json.dumps(manifest_schema() if args.manifest else content_schema(), indent=2))
    return EXIT_OK
