"""The code stays in rooms of a size one can read: strict types where the rules are, no function
too tangled to follow, no module too long to hold in mind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).parent.parent
MODULES = sorted((ROOT / "game").rglob("*.py"))

#: About 500 lines a module, and a cyclomatic complexity of about 25 a function, at the most.
MAX_LINES = 550
MAX_COMPLEXITY = 25


def test_the_rules_the_content_format_and_the_ai_are_strictly_typed() -> None:
    # The files and the strictness are set in pyproject.toml ([tool.mypy]).
    out = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_no_function_is_too_tangled_to_follow() -> None:
    tangled = []
    for path in MODULES:
        for block in cc_visit(path.read_text()):
            if block.complexity > MAX_COMPLEXITY:
                tangled.append(f"{path.relative_to(ROOT)}:{block.lineno} {block.name} ({block.complexity})")
    assert tangled == []


def test_no_module_is_too_long() -> None:
    long = [f"{p.relative_to(ROOT)} ({n})" for p in MODULES if (n := len(p.read_text().splitlines())) > MAX_LINES]
    assert long == []
