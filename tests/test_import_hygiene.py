"""The package's layers: every import points down, no module is part of a cycle, and nothing
outside the interface pulls in Textual. Imports are read with `ast`, so ones inside functions
and under TYPE_CHECKING count as much as the rest."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "game"

#: Each part of the package and the layer it stands on; a module may import only its own layer
#: and those below. The rules know nothing of the AI; the AI stands on the rules; saves, scripts,
#: the simulator and the commands stand on both; the command line and the interface on top.
LAYERS = {
    "game": 0,
    "game.moves": 0,
    "game.mods": 1,
    "game.engine": 2,
    "game.ai": 3,
    "game.saves": 4,
    "game.scripts": 4,
    "game.simulate": 4,
    "game.tournament": 4,
    "game.commands": 5,
    "game.ui": 6,
    "game.cli": 7,
    "game.__main__": 8,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Every module of the package `name` imports, anywhere in its file."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` needs the module; `from module import name`, the module
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in MODULES:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


GRAPH = {name: imports_of(name) for name in MODULES}


def layer(name: str) -> int:
    best = max((k for k in LAYERS if name == k or name.startswith(k + ".")), key=len)
    return LAYERS[best]


def test_every_module_has_a_layer() -> None:
    assert all(any(n == k or n.startswith(k + ".") for k in LAYERS) for n in MODULES)
    assert len(MODULES) > 40


def test_every_import_points_down() -> None:
    upward = sorted(f"{a} imports {b}" for a, deps in GRAPH.items() for b in deps if layer(b) > layer(a))
    assert upward == []


def test_nothing_imports_the_command_line() -> None:
    assert sorted(a for a, deps in GRAPH.items() if "game.cli" in deps) == ["game.__main__"]


def test_no_module_is_part_of_an_import_cycle() -> None:
    # Tarjan's strongly connected components: any component of two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_walk_sees_imports_inside_functions_and_under_type_checking() -> None:
    # game.cli opens the interface only inside a function; the engine's GameState names the trigger
    # index's type at the top, triggers.py only a protocol under its own name.
    assert "game.ui.app" in GRAPH["game.cli"]
    assert "game.ui.screens.title" in GRAPH["game.ui.app"]


def test_nothing_outside_the_interface_pulls_in_textual_or_rich() -> None:
    headless = [n for n in MODULES if layer(n) < LAYERS["game.ui"]]
    code = (
        f"import sys\nfor m in {headless!r}:\n    __import__(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_the_command_line_starts_without_the_content_loader() -> None:
    heavy = "('pydantic', 'game.mods')"
    code = f"import sys, game.cli\nprint(','.join(m for m in sorted(sys.modules) if m.startswith({heavy})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_no_code_execution_primitives_in_the_package() -> None:
    pattern = re.compile(r"\b(eval|exec|compile)\(|\bpickle\b|\bmarshal\b|__import__")
    offenders = [
        f"{p}:{n}"
        for p in PACKAGE.rglob("*.py")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line) and "re.compile" not in line
    ]
    assert offenders == []
