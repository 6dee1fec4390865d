"""Checking many expressions that differ only in their literals at the cost of one.

Content repeats its expressions' shapes with other names and numbers in them: a thousand
follow-ups each `flag("step_41") and tension > 30`, each effect `set_flag("step_42")`. The
shape of an expression is its tokens with every number and quoted text left blank. The first
expression of a shape is compiled in full; compiling it notes which of its literals name
something that must exist (a flag, an event, a term, a rung) or must be a well-formed flag
name. Every later expression of that shape with the same roles is checked by its literals
alone (those checks, and the limits on numbers and texts), which is everything compiling it
would check, and is compiled when first run. Anything else, a new shape or a literal that
fails, is compiled in full at once, so every error is reported as compiling reports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar, cast

from game.mods.expr.compile import Compiler, Condition, Effect, LazyCondition, LazyEffect, presence_guard
from game.mods.expr.syntax import (
    _FINDALL,
    MAX_LITERAL,
    MAX_SOURCE,
    MAX_STRING,
    MAX_TOKENS,
    Call,
    Do,
    ExpressionError,
    Logic,
    Str,
    flags_set_in,
    parse_expression,
    parse_statements,
)

_T = TypeVar("_T")

_FLAG_NAME = re.compile(r"[a-z][a-z0-9_]*")
#: A shape: its tokens, literals blank; and the literals' texts.
_Shape = tuple[str, tuple[str, ...]]


@lru_cache(maxsize=65536)
def shape_of(source: str) -> _Shape | None:
    """The expression's shape, or None when it does not even tokenize (compiling says why)."""
    if len(source) > MAX_SOURCE:
        return None
    found = _FINDALL(source)
    # findall skips what it cannot read: then the tokens fall short of the text
    if sum(map(len, map("".join, found))) != len(source.rstrip(" \t\r\n")) or len(found) > MAX_TOKENS:
        return None
    key = " ".join([name or op or ("\0n" if num else "\0s") for _, num, _, name, op in found])
    return key, tuple([num or string for _, num, string, _, _ in found if num or string])


def literal_offsets(source: str) -> list[int]:
    """Where each literal of the expression starts (it tokenizes)."""
    offsets = []
    pos = 0
    for ws, num, string, name, op in _FINDALL(source):
        pos += len(ws)
        if num or string:
            offsets.append(pos)
        pos += len(num or string or name or op)
    return offsets


def literals_within_limits(lits: tuple[str, ...]) -> bool:
    """Whether every number and text is within what the parser takes."""
    for lit in lits:
        if lit[0] in "\"'":
            if len(lit) - 2 > MAX_STRING:
                return False
        elif abs(float(lit) if "." in lit else int(lit)) > MAX_LITERAL:
            return False
    return True


@dataclass(frozen=True, slots=True)
class _Template:
    """What an expression of one shape checks of its literals, and what it reads off them."""

    #: (literal, kind) for every literal that names something (kinds as `_literal` takes).
    ids: tuple[tuple[int, str], ...]
    #: A condition's guard (`Condition.guard`) as its prefix and the literal that completes it.
    guard: tuple[str, int] | None = None


class Shapes:
    """Conditions and effects for a Compiler, each shape compiled once (see the module)."""

    def __init__(self, compiler: Compiler) -> None:
        self.compiler = compiler
        names = compiler.names
        # `ending == "x"` is checked against the endings (scripts): no shortcut there.
        self.enabled = not names.extra
        self._known = {"flag": names.flags, "event": names.events, "term": names.terms, "rung": set(names.rungs)}
        self._templates: dict[tuple[str, frozenset[str], str], _Template] = {}

    def condition(self, source: str, roles: frozenset[str]) -> Condition:
        shape = shape_of(source) if self.enabled else None
        if shape is not None:
            t = self._templates.get(("when", roles, shape[0]))
            if t is not None and self._accepts(t, shape[1]):
                guard = None if t.guard is None else t.guard[0] + shape[1][t.guard[1]][1:-1]
                return cast(Condition, LazyCondition(self.compiler, source, roles, guard=guard))
        done, noted = self._noting(lambda: self.compiler.condition(source, roles))
        if shape is not None:
            self._templates[("when", roles, shape[0])] = _Template(self._ids(noted, source), _guard_slot(source))
        return done

    def effect(self, source: str, roles: frozenset[str]) -> Effect:
        shape = shape_of(source) if self.enabled else None
        if shape is not None:
            t = self._templates.get(("effect", roles, shape[0]))
            if t is not None and self._accepts(t, shape[1]):
                return cast(Effect, LazyEffect(self.compiler, source, roles))
        done, noted = self._noting(lambda: self.compiler.effect(source, roles))
        if shape is not None:
            self._templates[("effect", roles, shape[0])] = _Template(self._ids(noted, source))
        return done

    def _noting(self, make: Callable[[], _T]) -> tuple[_T, list[tuple[int, str]]]:
        compiler = self.compiler
        compiler.noted = []
        noted = compiler.noted
        try:
            return make(), noted
        finally:
            compiler.noted = None

    @staticmethod
    def _ids(noted: list[tuple[int, str]], source: str) -> tuple[tuple[int, str], ...]:
        at = {off: i for i, off in enumerate(literal_offsets(source))}
        return tuple((at[off], kind) for off, kind in noted)

    def _accepts(self, t: _Template, lits: tuple[str, ...]) -> bool:
        if not literals_within_limits(lits):
            return False
        known = self._known
        for i, kind in t.ids:
            value = lits[i][1:-1]
            if kind == "flag_set":
                if _FLAG_NAME.fullmatch(value) is None:
                    return False
            elif value not in known[kind]:
                return False
        return True


def _guard_slot(source: str) -> tuple[str, int] | None:
    """Which literal completes a condition's guard, read off the first of its shape."""
    node = parse_expression(source)
    guard = presence_guard(node)
    if guard is None:
        return None
    first = node.operands[0] if isinstance(node, Logic) and node.op == "and" else node
    assert isinstance(first, Call) and isinstance(first.args[0], Str)
    prefix = guard[: guard.index(":") + 1]
    return prefix, literal_offsets(source).index(first.args[0].offset)


#: shape -> the literals that name the flags its statements set (None: it does not parse).
_SETS: dict[str, tuple[int, ...]] = {}
_MAX_SETS = 65536


def flags_set_by(source: str) -> list[str]:
    """The flags a statement list sets (see `syntax.flags_set_in`), each shape parsed once."""
    shape = shape_of(source)
    if shape is None:
        return flags_set_in(source)
    slots = _SETS.get(shape[0])
    if slots is not None:
        return [shape[1][i][1:-1] for i in slots] if literals_within_limits(shape[1]) else []
    found = flags_set_in(source)
    try:
        stmts = parse_statements(source)
    except (ExpressionError, RecursionError):  # what does not parse is reported when it compiles
        return found
    at = {off: i for i, off in enumerate(literal_offsets(source))}
    if len(_SETS) >= _MAX_SETS:
        _SETS.clear()
    _SETS[shape[0]] = tuple(
        at[st.call.args[0].offset]
        for st in stmts
        if isinstance(st, Do) and st.call.name == "set_flag" and st.call.args and isinstance(st.call.args[0], Str)
    )
    return found
