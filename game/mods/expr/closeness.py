"""How near a condition is to holding: a number from 0 to 1 instead of true or false.

A condition compiled this way says, for `sanctions >= 75`, about one half when sanctions stand
at 75, more above, less below, changing smoothly with the distance measured against the
variable's range. `and` multiplies, `or` and `not` combine as chances do; what cannot be
measured (a flag, a deal in force) counts as 1 or 0. The computer uses it to foresee which
ending the world is heading for, so it can steer toward the ones that serve it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from game.mods.expr.compile import Compiler
from game.mods.expr.library import BOOL, Closure, Scope
from game.mods.expr.syntax import Call, Compare, Logic, Name, Node, Num, Unary, parse_expression

#: Distance, in tenths of a variable's range, over which closeness goes from about a quarter to
#: about three quarters; for expressions that are not one variable, in plain points.
_DEFAULT_SCALE = 5.0
#: Rungs are counted one by one: a rung away is a long way.
RUNG_SCALE = 0.5


def compile_closeness(compiler: Compiler, source: str, roles: Iterable[str] = ()) -> Closure:
    """The closeness of a condition, compiled once: run it with a Scope for a float in 0..1."""
    return _near(compiler, parse_expression(source), frozenset(roles))


def _near(compiler: Compiler, node: Node, roles: frozenset[str]) -> Closure:
    if isinstance(node, Logic):
        parts = tuple(_near(compiler, o, roles) for o in node.operands)
        if node.op == "and":
            if len(parts) == 2:
                a, b = parts
                return lambda s: a(s) * b(s)

            def all_of(s: Scope) -> float:
                p = 1.0
                for part in parts:
                    p *= part(s)
                    if not p:
                        break
                return p

            return all_of
        if len(parts) == 2:
            a, b = parts
            return lambda s: 1.0 - (1.0 - a(s)) * (1.0 - b(s))

        def any_of(s: Scope) -> float:
            q = 1.0
            for part in parts:
                q *= 1.0 - part(s)
            return 1.0 - q

        return any_of
    if isinstance(node, Unary) and node.op == "not":
        inner = _near(compiler, node.operand, roles)
        return lambda s: 1.0 - inner(s)
    if isinstance(node, Compare) and len(node.ops) == 1 and node.ops[0] in ("<", "<=", ">", ">="):
        return _compare(compiler, node, roles)
    run, typ, _ = compiler.subexpression(node, roles)
    if typ != BOOL:  # pragma: no cover - the loader only compiles conditions here
        return lambda s: 0.0
    return lambda s: 1.0 if run(s) else 0.0


def _compare(compiler: Compiler, node: Compare, roles: frozenset[str]) -> Closure:
    left, right = node.operands
    lrun, _, ldeps = compiler.subexpression(left, roles)
    rrun, _, rdeps = compiler.subexpression(right, roles)
    scale = RUNG_SCALE if _is_rung(left) or _is_rung(right) else _scale(compiler, ldeps | rdeps)
    op = node.ops[0]
    # a whole step inside the bound counts as holding: `x >= 75` holds at 75, `x > 75` at 76
    shift = 0.5 if op in (">=", "<=") else -0.5
    sign = 1.0 if op in (">", ">=") else -1.0
    if isinstance(right, Num):
        c = right.value

        def near_const(s: Scope) -> float:
            return _logistic((sign * (lrun(s) - c) + shift) / scale)

        return near_const

    def near(s: Scope) -> float:
        return _logistic((sign * (lrun(s) - rrun(s)) + shift) / scale)

    return near


def _is_rung(node: Node) -> bool:
    """The escalation ladder's rung, a small whole number, however it is written."""
    return (isinstance(node, Name) and node.name == "rung") or (isinstance(node, Call) and node.name == "rung")


def _scale(compiler: Compiler, deps: frozenset[str]) -> float:
    """A tenth of the range of the one global variable compared, else a fixed number of points."""
    found = [compiler.names.globals[d] for d in deps if d in compiler.names.globals]
    if len(found) == 1:
        return max(1.0, (found[0].max - found[0].min) / 10)
    return _DEFAULT_SCALE


def _logistic(x: float) -> float:
    if x > 30:
        return 1.0
    if x < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))
