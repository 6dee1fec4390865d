"""The core never imports the interface: headless commands stay quick and testable."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "game.cli",
    "game.engine.game",
    "game.engine.state",
    "game.moves",
    "game.mods.loader",
    "game.mods.expr",
    "game.ai.policy",
    "game.scripts",
    "game.simulate",
    "game.saves",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_pull_in_textual_or_rich(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imported {out.stdout.strip()}"


def test_no_code_execution_primitives_in_the_package() -> None:
    import pathlib
    import re

    root = pathlib.Path(__file__).parent.parent / "game"
    pattern = re.compile(r"\b(eval|exec|compile)\(|\bpickle\b|\bmarshal\b|__import__")
    offenders = [
        f"{p}:{n}"
        for p in root.rglob("*.py")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line) and "re.compile" not in line
    ]
    assert offenders == []


#: What plays the game, above the content format: game.mods imports none of it (game.moves is below).
ABOVE_THE_CONTENT_FORMAT = (
    "game.engine",
    "game.ai",
    "game.saves",
    "game.scripts",
    "game.simulate",
    "game.cli",
    "game.ui",
)


def _above(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in ABOVE_THE_CONTENT_FORMAT)


def test_the_content_format_imports_nothing_that_plays_the_game() -> None:
    """game.mods sits below the engine: no import of it anywhere, not in a function, not for types."""
    import ast
    import pathlib

    root = pathlib.Path(__file__).parent.parent / "game" / "mods"
    offenders = []
    for p in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(p.read_text(), str(p))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            for name in names:
                if _above(name):
                    offenders.append(f"{p.relative_to(root)}:{node.lineno}: {name}")
    assert offenders == []


def test_loading_content_does_not_import_the_engine() -> None:
    code = (
        "import sys, game.mods.loader, game.mods.expr\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({ABOVE_THE_CONTENT_FORMAT!r}))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", out.stdout
