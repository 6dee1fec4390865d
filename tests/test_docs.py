"""The docs stay true: every name of the expression language is documented, schemas are current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.mods.expr import BUILTIN_NAMES, FUNCTIONS, PROCEDURES
from game.mods.schema import content_schema, manifest_schema
from game.mods.text import PLACEHOLDERS

DOCS = Path(__file__).parent.parent / "docs"


@pytest.mark.parametrize("name", sorted({*FUNCTIONS, *PROCEDURES, *BUILTIN_NAMES}))
def test_every_expression_name_is_in_the_modding_guide(name: str) -> None:
    assert f"`{name}" in (DOCS / "modding.md").read_text()


def test_every_placeholder_is_documented() -> None:
    text = (DOCS / "modding.md").read_text()
    for p in PLACEHOLDERS:
        assert f"`{{{p}}}`" in text, p


def test_shipped_schemas_match_the_models() -> None:
    assert json.loads((DOCS / "content.schema.json").read_text()) == content_schema(), (
        "run: dualfreeze schema > docs/content.schema.json"
    )
    assert json.loads((DOCS / "mod.schema.json").read_text()) == manifest_schema(), (
        "run: dualfreeze schema --manifest > docs/mod.schema.json"
    )


def test_every_move_verb_is_in_the_notation_doc() -> None:
    from game.moves import USAGE

    text = (DOCS / "moves.md").read_text()
    for verb, usage in USAGE.items():
        assert f"`{usage}`" in text, verb
