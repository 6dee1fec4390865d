"""Compiling the expression fields of content, caching identical text, placing errors in the file.

Content repeats itself (`capital(self) = min(12, capital(self) + 2)` in every power), so each
text compiles once per set of roles, and texts that differ only in their literals are checked
at the cost of one (`expr.shapes`). An error is placed at the offending character inside the
string in the TOML file, and reported again at every other place the same text appears.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from typing import TypeVar, cast

from game.mods.errors import ErrorCollector, LocPath, Origin
from game.mods.expr import (
    NUM,
    Compiled,
    Compiler,
    Condition,
    Effect,
    Effects,
    ExpressionError,
    LazyCondition,
    LazyEffect,
    LazyValue,
)
from game.mods.expr.shapes import Shapes

#: The effects of an empty list: one for all.
NO_EFFECTS = Effects(())

_Compiled = TypeVar("_Compiled", Condition, Compiled, Effect)
_Key = tuple[str, frozenset[str]]


class CompileContext:
    """Compiles expression fields, caching identical text, and places errors in the file.

    With `lazy`, for content an earlier load checked, it hands out stand-ins that compile on
    first use: they have the attributes and call of what they stand for, which is all the
    engine uses, though they are not instances of it.
    """

    def __init__(self, compiler: Compiler, errs: ErrorCollector, lazy: bool = False) -> None:
        self.compiler = compiler
        self.errs = errs
        self.lazy = lazy
        self.shapes = Shapes(compiler)
        self._conditions: dict[_Key, Condition | ExpressionError] = {}
        self._values: dict[_Key, Compiled | ExpressionError] = {}
        self._effects: dict[_Key, Effect | ExpressionError] = {}
        self._lists: dict[tuple[tuple[str, ...], frozenset[str]], Effects] = {}

    def condition(self, origin: Origin, loc: LocPath, source: str, roles: AbstractSet[str]) -> Condition | None:
        return self._run(self._conditions, self._condition, origin, loc, source, roles)

    def maybe_condition(self, origin: Origin, loc: LocPath, source: str, roles: AbstractSet[str]) -> Condition | None:
        """The condition, or None when the field is left empty."""
        return self.condition(origin, loc, source, roles) if source else None

    def value(self, origin: Origin, loc: LocPath, source: str, roles: AbstractSet[str]) -> Compiled | None:
        return self._run(self._values, self._value, origin, loc, source, roles)

    def effects(
        self, origin: Origin, loc: LocPath, sources: Sequence[str], roles: AbstractSet[str]
    ) -> tuple[Effect, ...]:
        out = []
        for i, s in enumerate(sources):
            e = self._run(self._effects, self._effect, origin, (*loc, i), s, roles)
            if e is not None:
                out.append(e)
        return tuple(out)

    def effect_list(self, origin: Origin, loc: LocPath, sources: Sequence[str], roles: AbstractSet[str]) -> Effects:
        """The same effects as `effects`, as one Effects that runs them all in a single call.

        A list that compiled cleanly once is the same Effects wherever it appears again."""
        if not sources:
            return NO_EFFECTS
        key = (tuple(sources), roles if isinstance(roles, frozenset) else frozenset(roles))
        found = self._lists.get(key)
        if found is not None:
            return found
        before = len(self.errs.items)
        made = Effects(self.effects(origin, loc, sources, key[1]))
        if len(self.errs.items) == before:
            self._lists[key] = made
        return made

    def _condition(self, source: str, roles: frozenset[str]) -> Condition:
        if self.lazy:
            return cast(Condition, LazyCondition(self.compiler, source, roles))
        return self.shapes.condition(source, roles)

    def _value(self, source: str, roles: frozenset[str]) -> Compiled:
        if self.lazy:
            return cast(Compiled, LazyValue(self.compiler, source, roles))
        return self.compiler.value(source, roles, want=NUM)

    def _effect(self, source: str, roles: frozenset[str]) -> Effect:
        if self.lazy:
            return cast(Effect, LazyEffect(self.compiler, source, roles))
        return self.shapes.effect(source, roles)

    def _run(
        self,
        cache: dict[_Key, _Compiled | ExpressionError],
        make: Callable[[str, frozenset[str]], _Compiled],
        origin: Origin,
        loc: LocPath,
        source: str,
        roles: AbstractSet[str],
    ) -> _Compiled | None:
        key = (source, roles if isinstance(roles, frozenset) else frozenset(roles))
        hit = cache.get(key)
        if hit is not None:
            if isinstance(hit, ExpressionError):
                self._report(origin, loc, hit)
                return None
            return hit
        try:
            out = make(source, key[1])
        except ExpressionError as e:
            cache[key] = e
            self._report(origin, loc, e)
            return None
        except RecursionError:
            too_deep = ExpressionError("expression is nested too deeply", 0)
            cache[key] = too_deep
            self._report(origin, loc, too_deep)
            return None
        cache[key] = out
        return out

    def _report(self, origin: Origin, loc: LocPath, e: ExpressionError) -> None:
        self.errs.in_string(origin.file, (*origin.loc, *loc), e.offset, e.message)
