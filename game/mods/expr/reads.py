"""Compiling what expressions read: names, calls and operators, type-checked into closures.

Every name and function is resolved here against the content's symbol table, so a typo is a
load error with its position, never a surprise at turn 14. The compiler keeps each result's
type in the language (NUM, BOOL, STR, POWER) beside its closure, and refuses a mismatch.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from difflib import get_close_matches

from game.mods.expr.library import (
    ARITH,
    BOOL,
    BUILTIN_NAMES,
    COMPARE,
    FUNCTIONS,
    NUM,
    POWER,
    PROCEDURES,
    ROLES,
    STR,
    TIME,
    Closure,
    Names,
    Scope,
    Typed,
)
from game.mods.expr.syntax import (
    Binary,
    Bool,
    Call,
    Compare,
    ExpressionError,
    IfElse,
    Logic,
    Name,
    Node,
    Num,
    Str,
    Unary,
)


def did_you_mean(word: str, options: Iterable[str]) -> str:
    match = get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


class ExpressionCompiler:
    """Compiles expressions that read the game; `Compiler` adds the statements that change it."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self._power_set = frozenset(names.powers)
        #: While set, every literal id checked is noted here: its offset and its kind (`shapes`).
        self.noted: list[tuple[int, str]] | None = None

    def subexpression(self, node: Node, roles: frozenset[str]) -> Typed:
        """A part of an expression already parsed, compiled on its own (no dice allowed)."""
        return self._expr(node, roles, allow_rand=False)

    def _expr(self, node: Node, roles: frozenset[str], allow_rand: bool) -> Typed:
        if isinstance(node, Num):
            v = node.value
            return (lambda s: v), NUM, frozenset()
        if isinstance(node, Str):
            sv = node.value
            return (lambda s: sv), STR, frozenset()
        if isinstance(node, Bool):
            bv = node.value
            return (lambda s: bv), BOOL, frozenset()
        if isinstance(node, Name):
            return self._name(node, roles)
        if isinstance(node, Call):
            return self._call(node, roles, allow_rand)
        if isinstance(node, Unary):
            return self._unary(node, roles, allow_rand)
        if isinstance(node, Binary):
            return self._binary(node, roles, allow_rand)
        if isinstance(node, Compare):
            return self._compare(node, roles, allow_rand)
        if isinstance(node, Logic):
            return self._logic(node, roles, allow_rand)
        if isinstance(node, IfElse):
            return self._if_else(node, roles, allow_rand)
        raise ExpressionError("unsupported expression", getattr(node, "offset", 0))  # pragma: no cover

    def _unary(self, node: Unary, roles: frozenset[str], allow_rand: bool) -> Typed:
        run, typ, deps = self._expr(node.operand, roles, allow_rand)
        if node.op == "not":
            self._want(typ, BOOL, node.operand, "'not'")
            return (lambda s: not run(s)), BOOL, deps
        self._want(typ, NUM, node.operand, "'-'")
        return (lambda s: -run(s)), NUM, deps

    def _binary(self, node: Binary, roles: frozenset[str], allow_rand: bool) -> Typed:
        lrun, ltyp, ldeps = self._expr(node.left, roles, allow_rand)
        rrun, rtyp, rdeps = self._expr(node.right, roles, allow_rand)
        self._want(ltyp, NUM, node.left, f"'{node.op}'")
        self._want(rtyp, NUM, node.right, f"'{node.op}'")
        fn = ARITH[node.op]
        return (lambda s: fn(lrun(s), rrun(s))), NUM, ldeps | rdeps

    def _compare(self, node: Compare, roles: frozenset[str], allow_rand: bool) -> Typed:
        compiled = [self._expr(o, roles, allow_rand) for o in node.operands]
        deps: frozenset[str] = frozenset().union(*(c[2] for c in compiled))
        for op, (a, b) in zip(node.ops, itertools.pairwise(compiled), strict=True):
            if op in ("==", "!="):
                if a[1] != b[1]:
                    raise ExpressionError(f"cannot compare a {a[1]} with a {b[1]} using '{op}'", node.offset)
            else:
                for c, o in ((a, node.operands[0]), (b, node.operands[-1])):
                    self._want(c[1], NUM, o, f"'{op}'")
        self._check_string_compare(node)
        if len(node.ops) == 1:
            fn = COMPARE[node.ops[0]]
            left, right = compiled[0][0], compiled[1][0]
            first, second = node.operands
            if isinstance(second, Num):
                # the usual `tension > 30`: no call for the number, none for a global's value
                number = second.value
                if isinstance(first, Name) and first.name in self.names.globals:
                    return _var_against(first.name, node.ops[0], number), BOOL, deps
                return (lambda s: fn(left(s), number)), BOOL, deps
            return (lambda s: fn(left(s), right(s))), BOOL, deps
        fns = tuple(COMPARE[o] for o in node.ops)
        runs = tuple(c[0] for c in compiled)

        def chain(s: Scope) -> bool:
            prev = runs[0](s)
            for f, r in zip(fns, runs[1:], strict=True):
                cur = r(s)
                if not f(prev, cur):
                    return False
                prev = cur
            return True

        return chain, BOOL, deps

    def _logic(self, node: Logic, roles: frozenset[str], allow_rand: bool) -> Typed:
        compiled = [self._expr(o, roles, allow_rand) for o in node.operands]
        for c, o in zip(compiled, node.operands, strict=True):
            self._want(c[1], BOOL, o, f"'{node.op}'")
        runs = tuple(c[0] for c in compiled)
        deps: frozenset[str] = frozenset().union(*(c[2] for c in compiled))
        if node.op == "and":
            if len(runs) == 2:
                a, b = runs
                return (lambda s: bool(a(s) and b(s))), BOOL, deps
            return (lambda s: all(r(s) for r in runs)), BOOL, deps
        if len(runs) == 2:
            a, b = runs
            return (lambda s: bool(a(s) or b(s))), BOOL, deps
        return (lambda s: any(r(s) for r in runs)), BOOL, deps

    def _if_else(self, node: IfElse, roles: frozenset[str], allow_rand: bool) -> Typed:
        crun, ctyp, cdeps = self._expr(node.cond, roles, allow_rand)
        self._want(ctyp, BOOL, node.cond, "'if'")
        trun, ttyp, tdeps = self._expr(node.then, roles, allow_rand)
        orun, otyp, odeps = self._expr(node.other, roles, allow_rand)
        if ttyp != otyp:
            raise ExpressionError(
                f"both sides of 'if ... else' must be of one kind, found a {ttyp} and a {otyp}",
                node.offset,
            )
        deps = cdeps | tdeps | odeps
        if isinstance(node.then, Num) and isinstance(node.other, Num):
            tv, ov = node.then.value, node.other.value  # `1 if tension > 30 else 0`
            return (lambda s: tv if crun(s) else ov), ttyp, deps
        return (lambda s: trun(s) if crun(s) else orun(s)), ttyp, deps

    def _check_string_compare(self, node: Compare) -> None:
        # `ending == "wra"` is a typo the loader can catch.
        if "ending" not in self.names.extra:
            return
        for a, b in zip(node.operands, node.operands[1:], strict=False):
            for x, y in ((a, b), (b, a)):
                if (
                    isinstance(x, Name)
                    and x.name == "ending"
                    and isinstance(y, Str)
                    and y.value
                    and y.value not in self.names.endings
                ):
                    raise ExpressionError(
                        f"unknown ending '{y.value}'{did_you_mean(y.value, self.names.endings)}",
                        y.offset,
                    )

    def _want(self, got: str, want: str, node: Node, where: str) -> None:
        if got != want:
            raise ExpressionError(f"{where} needs a {want}, but this is a {got}", node.offset)

    def _name(self, node: Name, roles: frozenset[str]) -> Typed:
        n = node.name
        names = self.names
        if n in names.globals:
            return (lambda s: s.game.vars[n]), NUM, frozenset((n,))
        if n in self._power_set:
            return (lambda s: n), POWER, frozenset()
        if n in ROLES:
            if n not in roles:
                have = ", ".join(sorted(roles)) or "none"
                raise ExpressionError(f"'{n}' has no meaning here (roles available: {have})", node.offset)
            if n == "self":
                return (lambda s: s.self), POWER, frozenset()
            if n == "actor":
                return (lambda s: s.actor), POWER, frozenset()
            return (lambda s: s.target), POWER, frozenset()
        if n in names.extra:
            typ = names.extra[n]
            return (lambda s: s.game.extra_name(n)), typ, frozenset((TIME,))
        if n in BUILTIN_NAMES:
            return self._builtin_name(n)
        if n in names.per_power:
            raise ExpressionError(f"'{n}' belongs to each power: write {n}(usa) or {n}(self)", node.offset)
        if n in FUNCTIONS or n in PROCEDURES:
            raise ExpressionError(f"'{n}' is a function: call it as {n}(...)", node.offset)
        known = [*names.globals, *names.powers, *roles, *names.extra, *BUILTIN_NAMES, *names.per_power]
        raise ExpressionError(f"unknown name '{n}'{did_you_mean(n, known)}", node.offset)

    def _builtin_name(self, n: str) -> Typed:
        if n == "turn":
            return (lambda s: s.game.turn), NUM, frozenset((TIME,))
        if n == "turns_left":
            return (lambda s: s.game.turns_left), NUM, frozenset((TIME,))
        if n == "year":
            return (lambda s: s.game.year), NUM, frozenset((TIME,))
        if n == "month":
            return (lambda s: s.game.month), NUM, frozenset((TIME,))
        if n == "rung":
            return (lambda s: s.game.rung), NUM, frozenset((self.names.ladder_variable,))
        return (lambda s: s.game.player), POWER, frozenset()

    def _power_arg(self, node: Node, roles: frozenset[str], fn: str) -> tuple[Closure, str | None]:
        """Compile a power argument; return its closure and its id when it is a constant."""
        run, typ, _ = self._expr(node, roles, allow_rand=False)
        if typ != POWER:
            raise ExpressionError(f"{fn}() needs a power (like {self._example_power()}), found a {typ}", node.offset)
        const = node.name if isinstance(node, Name) and node.name in self._power_set else None
        return run, const

    def _example_power(self) -> str:
        return self.names.powers[0] if self.names.powers else "self"

    def _literal(self, node: Node, kind: str, fn: str, known: Iterable[str], what: str) -> str:
        if not isinstance(node, Str):
            raise ExpressionError(f'{fn}() needs the {what} id as a quoted name, like {fn}("...")', node.offset)
        value = node.value
        if self.noted is not None:
            self.noted.append((node.offset, kind))
        if kind == "flag_set":
            if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
                raise ExpressionError(
                    f"flag names are lower case letters, digits and '_', found {value!r}", node.offset
                )
            return value
        known_set = known if isinstance(known, frozenset | set | dict) else frozenset(known)
        if value not in known_set:
            extra = ""
            if kind == "flag":
                extra = " (no content sets it, and the scenario does not start with it)"
            raise ExpressionError(f"unknown {what} '{value}'{extra}{did_you_mean(value, known_set)}", node.offset)
        return value

    def _call(self, node: Call, roles: frozenset[str], allow_rand: bool) -> Typed:
        fn = node.name
        names = self.names
        args = node.args
        if fn in names.per_power:
            self._arity(node, 1)
            prun, const = self._power_arg(args[0], roles, fn)
            dep = f"{fn}:{const}" if const else f"{fn}:*"
            if const:
                return (lambda s: s.game.pvars[const][fn]), NUM, frozenset((dep,))
            return (lambda s: s.game.pvars[prun(s)][fn]), NUM, frozenset((dep,))
        if fn == "score" and "ending" in names.extra:  # playthrough scripts only
            self._arity(node, 1)
            srun, _ = self._power_arg(args[0], roles, fn)
            return (lambda s: s.game.scores.get(srun(s), 0.0)), NUM, frozenset((TIME,))
        if fn == "rung" and args:
            self._arity(node, 1)
            rung_name = self._literal(args[0], "rung", fn, names.rungs, "rung")
            idx = names.rungs.index(rung_name)
            return (lambda s: idx), NUM, frozenset()
        if fn in PROCEDURES:
            raise ExpressionError(f"{fn}() changes the game: it belongs in effects, not here", node.offset)
        if fn not in FUNCTIONS:
            known = [*FUNCTIONS, *names.per_power]
            raise ExpressionError(f"unknown function '{fn}'{did_you_mean(fn, known)}", node.offset)
        kinds, _typ, _ = FUNCTIONS[fn]
        if kinds and kinds[-1] == "*":
            if len(args) < len(kinds) - 1:
                raise ExpressionError(f"{fn}() needs at least {len(kinds) - 1} arguments", node.offset)
        else:
            self._arity(node, len(kinds))
        return self._library_call(node, roles, allow_rand)

    def _library_call(self, node: Call, roles: frozenset[str], allow_rand: bool) -> Typed:
        """A call to one of FUNCTIONS, its arity already checked."""
        fn = node.name
        names = self.names
        args = node.args
        if fn in ("opinion", "trust"):
            (arun, ac), (brun, bc) = (self._power_arg(a, roles, fn) for a in args)
            dep = f"{fn}:{ac}:{bc}" if ac and bc else f"{fn}:*"
            table = "opinion" if fn == "opinion" else "trust"
            if ac and bc:
                return (lambda s: getattr(s.game, table)[ac][bc]), NUM, frozenset((dep,))
            return (lambda s: getattr(s.game, table)[arun(s)][brun(s)]), NUM, frozenset((dep,))
        if fn == "flag":
            name = self._literal(args[0], "flag", fn, names.flags, "flag")
            return (lambda s: name in s.game.flags), BOOL, frozenset((f"flag:{name}",))
        if fn in ("happened", "times", "since"):
            return self._event_call(node)
        if fn == "in_force":
            term = self._literal(args[0], "term", fn, names.terms, "deal term")
            return (lambda s: s.game.term_in_force(term)), BOOL, frozenset((f"term:{term}",))
        if fn == "is_player":
            prun, _const = self._power_arg(args[0], roles, fn)
            return (lambda s: prun(s) == s.game.player), BOOL, frozenset()
        return self._numeric_call(node, roles, allow_rand)

    def _event_call(self, node: Call) -> Typed:
        fn = node.name
        ev = self._literal(node.args[0], "event", fn, self.names.events, "event")
        dep = frozenset((f"event:{ev}",)) if fn != "since" else frozenset((f"event:{ev}", TIME))
        if fn == "happened":
            return (lambda s: ev in s.game.fired), BOOL, dep
        if fn == "times":
            return (lambda s: s.game.fired.get(ev, (0, 0))[0]), NUM, dep
        return (lambda s: s.game.turn - s.game.fired[ev][1] if ev in s.game.fired else 999), NUM, dep

    def _numeric_call(self, node: Call, roles: frozenset[str], allow_rand: bool) -> Typed:
        fn = node.name
        args = node.args
        compiled = [self._expr(a, roles, allow_rand) for a in args]
        for c, a in zip(compiled, args, strict=True):
            self._want(c[1], NUM, a, f"{fn}()")
        runs = tuple(c[0] for c in compiled)
        deps: frozenset[str] = frozenset().union(*(c[2] for c in compiled))
        if fn == "min":
            return (lambda s: min(r(s) for r in runs)), NUM, deps
        if fn == "max":
            return (lambda s: max(r(s) for r in runs)), NUM, deps
        if fn == "abs":
            (r0,) = runs
            return (lambda s: abs(r0(s))), NUM, deps
        if fn == "clamp":
            x, lo, hi = runs
            return (lambda s: max(lo(s), min(hi(s), x(s)))), NUM, deps
        if fn == "rand":
            if not allow_rand:
                raise ExpressionError("rand() rolls dice: it may only be used in effects", node.offset)
            lo_r, hi_r = runs

            def roll(s: Scope) -> int:
                lo, hi = int(lo_r(s)), int(hi_r(s))
                if hi < lo:
                    lo, hi = hi, lo
                return s.game.rng.randint(lo, hi)

            return roll, NUM, deps | {TIME}
        raise ExpressionError(f"unknown function '{fn}'", node.offset)  # pragma: no cover

    def _arity(self, node: Call, n: int) -> None:
        if len(node.args) != n:
            plural = "argument" if n == 1 else "arguments"
            raise ExpressionError(f"{node.name}() takes {n} {plural}, found {len(node.args)}", node.offset)


def _var_against(n: str, op: str, c: float) -> Closure:
    """A global variable compared with a number, as one closure."""
    if op == ">":
        return lambda s: s.game.vars[n] > c
    if op == ">=":
        return lambda s: s.game.vars[n] >= c
    if op == "<":
        return lambda s: s.game.vars[n] < c
    if op == "<=":
        return lambda s: s.game.vars[n] <= c
    if op == "==":
        return lambda s: s.game.vars[n] == c
    return lambda s: s.game.vars[n] != c
