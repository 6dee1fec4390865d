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
