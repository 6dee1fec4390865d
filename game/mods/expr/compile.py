"""Compiling expressions and effects: the compiled forms the engine runs, and the lazy ones.

Each condition, value and effect compiles once into nested closures over a `Scope`; running
one is a few Python calls, with no tree walking. Content that an earlier load checked (the
cache) gets lazy stand-ins that compile on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from game.mods.expr.library import (
    BOOL,
    BUILTIN_NAMES,
    FUNCTIONS,
    NUM,
    PROCEDURES,
    ROLES,
    Change,
    Closure,
    Names,
    Scope,
    VariableInfo,
)
from game.mods.expr.reads import ExpressionCompiler, did_you_mean
from game.mods.expr.syntax import (
    Assign,
    Call,
    Do,
    ExpressionError,
    Logic,
    Name,
    Node,
    Statement,
    Str,
    parse_expression,
    parse_statements,
)

__all__ = [
    "Compiled",
    "Compiler",
    "Condition",
    "Effect",
    "Effects",
    "LazyCondition",
    "LazyEffect",
    "LazyValue",
    "Names",
    "Scope",
    "VariableInfo",
    "guard_of",
]


@dataclass(frozen=True, slots=True)
class Compiled:
    """A compiled value: run it with a Scope. `deps` are the state keys it reads."""

    source: str
    run: Closure
    type: str
    deps: frozenset[str]


@dataclass(frozen=True, slots=True)
class Condition:
    """A compiled condition, also split into its top-level 'and' parts with their reads."""

    source: str
    run: Closure
    deps: frozenset[str]
    parts: tuple[tuple[Closure, frozenset[str]], ...]
    #: The state key whose presence the first part tests (`flag("x")`: "flag:x", `happened("e")`:
    #: "event:e"), or None: while that key is absent the condition is false, and reads only it.
    guard: str | None = None

    def __call__(self, scope: Scope) -> bool:
        return bool(self.run(scope))


def presence_guard(node: Node) -> str | None:
    """The key a condition's first part tests the presence of (see `Condition.guard`)."""
    first = node.operands[0] if isinstance(node, Logic) and node.op == "and" else node
    if isinstance(first, Call) and len(first.args) == 1 and isinstance(first.args[0], Str):
        if first.name == "flag":
            return f"flag:{first.args[0].value}"
        if first.name == "happened":
            return f"event:{first.args[0].value}"
    return None


def guard_of(source: str) -> str | None:
    """`presence_guard` of a condition's text (one that compiles: it was checked)."""
    return presence_guard(parse_expression(source))


@dataclass(frozen=True, slots=True)
class Effect:
    """A compiled list of statements, applied in order."""

    source: str
    run: Change
    writes: frozenset[str]
    flags_set: frozenset[str]

    def __call__(self, scope: Scope) -> None:
        self.run(scope)


@dataclass(frozen=True, slots=True)
class Effects:
    """Several effects run as one closure: each in order, and one that fails is skipped alone.

    This is the engine's rule for a list of effects (an action's, a term's on_sign, ...): an
    effect that raises KeyError or TypeError, because it names a role absent here (`target` of
    an action without one), does nothing, and the effects after it still run. `run(scope)` does
    all of that in one call. Iterating gives the effects, like the tuple it stands for.
    """

    effects: tuple[Effect, ...]
    run: Change = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "run", _in_turn(self.effects))

    def __call__(self, scope: Scope) -> None:
        self.run(scope)

    def __iter__(self) -> Iterator[Effect]:
        return iter(self.effects)

    def __len__(self) -> int:
        return len(self.effects)


def _in_turn(effects: tuple[Effect, ...]) -> Change:
    bound: tuple[Change, ...] | None = None

    def run(scope: Scope) -> None:
        nonlocal bound
        if bound is None:
            # bound at the first run, not before: an effect from a cached load compiles then
            bound = tuple(e.run for e in effects)
        for r in bound:
            try:
                r(scope)
            except (KeyError, TypeError):
                continue  # a statement about an absent role does nothing

    return run


class Compiler(ExpressionCompiler):
    """Turns syntax trees into closures, checking every name against the symbol table."""

    # -- entry points ----------------------------------------------------------------------

    def condition(self, source: str, roles: Iterable[str] = ()) -> Condition:
        node = parse_expression(source)
        froles = frozenset(roles)
        if isinstance(node, Logic) and node.op == "and":
            # compile each part once; the whole is their conjunction
            parts: list[tuple[Closure, frozenset[str]]] = []
            for operand in node.operands:
                prun, ptyp, pdeps = self._expr(operand, froles, allow_rand=False)
                self._want(ptyp, BOOL, operand, "'and'")
                parts.append((prun, pdeps))
            runs = tuple(p[0] for p in parts)
            deps: frozenset[str] = frozenset().union(*(p[1] for p in parts))
            if len(runs) == 2:
                a, b = runs

                def run(s: Scope) -> bool:
                    return bool(a(s) and b(s))
            else:

                def run(s: Scope) -> bool:
                    return all(r(s) for r in runs)

            return Condition(source, run, deps, tuple(parts), presence_guard(node))
        whole, typ, deps = self._expr(node, froles, allow_rand=False)
        if typ != BOOL:
            raise ExpressionError(f"a condition must be true or false, but this is a {typ}", 0)
        return Condition(source, whole, deps, ((whole, deps),), presence_guard(node))

    def value(self, source: str, roles: Iterable[str] = (), want: str = NUM) -> Compiled:
        node = parse_expression(source)
        run, typ, deps = self._expr(node, frozenset(roles), allow_rand=False)
        if want and typ != want:
            raise ExpressionError(f"expected a {want}, but this is a {typ}", 0)
        return Compiled(source, run, typ, deps)

    def effect(self, source: str, roles: Iterable[str] = ()) -> Effect:
        stmts = parse_statements(source)
        froles = frozenset(roles)
        runs: list[Change] = []
        writes: set[str] = set()
        flags: set[str] = set()
        for st in stmts:
            run, w, f = self._statement(st, froles)
            runs.append(run)
            writes |= w
            flags |= f
        if len(runs) == 1:
            only = runs[0]
            return Effect(source, only, frozenset(writes), frozenset(flags))
        seq = tuple(runs)

        def run_all(s: Scope) -> None:
            for r in seq:
                r(s)

        return Effect(source, run_all, frozenset(writes), frozenset(flags))

    def effects(self, sources: Iterable[str], roles: Iterable[str] = ()) -> Effects:
        """Compile a list of effect texts into one `Effects`; the first bad text raises."""
        froles = frozenset(roles)
        return Effects(tuple(self.effect(s, froles) for s in sources))

    # -- expressions -----------------------------------------------------------------------

    # -- statements ------------------------------------------------------------------------

    def _statement(self, st: Statement, roles: frozenset[str]) -> tuple[Change, set[str], set[str]]:
        guard_run: Closure | None = None
        if st.guard is not None:
            guard_run, gtyp, _ = self._expr(st.guard, roles, allow_rand=False)
            self._want(gtyp, BOOL, st.guard, "'if'")
        flags: set[str] = set()
        if isinstance(st, Do):
            run, writes, flags = self._procedure(st.call, roles)
        else:
            run, writes = self._assign(st, roles)
        if guard_run is None:
            return run, writes, flags
        inner, g = run, guard_run

        def guarded(s: Scope) -> None:
            if g(s):
                inner(s)

        return guarded, writes, flags

    def _procedure(self, call: Call, roles: frozenset[str]) -> tuple[Change, set[str], set[str]]:
        fn = call.name
        if fn not in PROCEDURES:
            if fn in FUNCTIONS or fn in self.names.per_power:
                raise ExpressionError(
                    f"{fn}(...) alone does nothing; effects change the game (e.g. x += 1, set_flag(...))",
                    call.offset,
                )
            raise ExpressionError(f"unknown action '{fn}'{did_you_mean(fn, PROCEDURES)}", call.offset)
        kinds, _ = PROCEDURES[fn]
        self._arity(call, len(kinds))
        if fn in ("set_flag", "clear_flag"):
            name = self._literal(call.args[0], "flag_set", fn, (), "flag")
            if fn == "set_flag":
                return (lambda s: s.game.set_flag(name)), {f"flag:{name}"}, {name}
            return (lambda s: s.game.clear_flag(name)), {f"flag:{name}"}, set()
        if fn == "schedule":
            ev = self._literal(call.args[0], "event", fn, self.names.events, "event")
            drun, dtyp, _ = self._expr(call.args[1], roles, allow_rand=True)
            self._want(dtyp, NUM, call.args[1], "schedule()")
            return (lambda s: s.game.schedule(ev, int(drun(s)), s.self)), set(), set()
        raise ExpressionError(f"unknown action '{fn}'", call.offset)  # pragma: no cover

    def _assign(self, st: Assign, roles: frozenset[str]) -> tuple[Change, set[str]]:
        vrun, vtyp, _ = self._expr(st.value, roles, allow_rand=True)
        self._want(vtyp, NUM, st.value, f"'{st.op}'")
        op = st.op
        target = st.target
        names = self.names

        def combine(old: float, new: float) -> float:
            if op == "=":
                return new
            if op == "+=":
                return old + new
            if op == "-=":
                return old - new
            return old * new

        if isinstance(target, Name):
            n = target.name
            if n in names.globals:
                return _assign_global(n, op, vrun), {n}
            if n in names.per_power:
                raise ExpressionError(f"'{n}' belongs to each power: write {n}(usa) {op} ...", target.offset)
            if n in BUILTIN_NAMES or n in names.extra or n in ROLES or n in self._power_set:
                raise ExpressionError(f"'{n}' cannot be changed", target.offset)
            known = [*names.globals, *names.per_power]
            raise ExpressionError(f"unknown variable '{n}'{did_you_mean(n, known)}", target.offset)
        fn = target.name
        if fn in names.per_power:
            self._arity(target, 1)
            prun, const = self._power_arg(target.args[0], roles, fn)
            w = f"{fn}:{const}" if const else f"{fn}:*"
            return _assign_pvar(fn, prun, op, vrun), {w}
        if fn in ("opinion", "trust"):
            self._arity(target, 2)
            arun, ac = self._power_arg(target.args[0], roles, fn)
            brun, bc = self._power_arg(target.args[1], roles, fn)
            w = f"{fn}:{ac}:{bc}" if ac and bc else f"{fn}:*"
            setter = "set_opinion" if fn == "opinion" else "set_trust"
            table = "opinion" if fn == "opinion" else "trust"

            return _assign_pair(table, setter, arun, brun, op, vrun), {w}
        if fn in FUNCTIONS or fn in PROCEDURES:
            raise ExpressionError(f"{fn}(...) cannot be assigned to", target.offset)
        known = [*names.per_power, "opinion", "trust"]
        raise ExpressionError(f"unknown variable '{fn}'{did_you_mean(fn, known)}", target.offset)


class _Lazy:
    """An expression from content that an earlier load already checked, compiled on first use.

    Attribute lookups that miss (`run`, `deps`, ...) compile it once and keep the results as
    plain attributes, so later calls cost what a compiled expression costs.
    """

    _fields: tuple[str, ...] = ()

    def __init__(self, compiler: Compiler, source: str, roles: frozenset[str]) -> None:
        self.source = source
        self._pending = (compiler, roles)

    def _compile(self, compiler: Compiler, roles: frozenset[str]) -> Condition | Effect | Compiled:
        raise NotImplementedError  # pragma: no cover - abstract

    def __getattr__(self, name: str) -> Any:
        if name not in self._fields or "_pending" not in self.__dict__:
            raise AttributeError(name)
        done = self._compile(*self.__dict__.pop("_pending"))
        for f in self._fields:
            setattr(self, f, getattr(done, f))
        return getattr(self, name)


class LazyCondition(_Lazy):
    _fields = ("run", "deps", "parts", "guard")
    run: Closure
    deps: frozenset[str]
    parts: tuple[tuple[Closure, frozenset[str]], ...]
    guard: str | None

    def __init__(self, compiler: Compiler, source: str, roles: frozenset[str], **known: str | None) -> None:
        """`guard=...` gives the guard when it is known without compiling (`shapes`)."""
        super().__init__(compiler, source, roles)
        if "guard" in known:
            self.guard = known["guard"]

    def _compile(self, compiler: Compiler, roles: frozenset[str]) -> Condition:
        return compiler.condition(self.source, roles)

    def __call__(self, scope: Scope) -> bool:
        return bool(self.run(scope))


class LazyEffect(_Lazy):
    _fields = ("run", "writes", "flags_set")
    run: Change
    writes: frozenset[str]
    flags_set: frozenset[str]

    def _compile(self, compiler: Compiler, roles: frozenset[str]) -> Effect:
        return compiler.effect(self.source, roles)

    def __call__(self, scope: Scope) -> None:
        self.run(scope)


class LazyValue(_Lazy):
    _fields = ("run", "type", "deps")
    run: Closure
    type: str
    deps: frozenset[str]

    def _compile(self, compiler: Compiler, roles: frozenset[str]) -> Compiled:
        return compiler.value(self.source, roles, want=NUM)


def _assign_global(n: str, op: str, vrun: Closure) -> Change:
    """`n = x`, `n += x`, `n -= x`, `n *= x` for a global variable; adding nothing writes nothing.

    Content is full of `tension -= 1 if tension > 30 else 0`: most months that is a zero, and a
    month's drift runs it thousands of times in the computer's what-ifs."""
    if op == "=":
        return lambda s: s.game.set_var(n, vrun(s))
    if op == "*=":

        def scale(s: Scope) -> None:
            g = s.game
            g.set_var(n, g.vars[n] * vrun(s))

        return scale
    sign = 1 if op == "+=" else -1

    def add(s: Scope) -> None:
        d = vrun(s)
        if d:
            g = s.game
            g.set_var(n, g.vars[n] + sign * d)

    return add


def _combine(op: str) -> Callable[[float, float], float]:
    if op == "=":
        return lambda old, new: new
    if op == "*=":
        return lambda old, new: old * new
    if op == "+=":
        return lambda old, new: old + new
    return lambda old, new: old - new


def _assign_pvar(fn: str, prun: Closure, op: str, vrun: Closure) -> Change:
    """`fn(power) op= x` for a per-power variable; adding nothing writes nothing."""
    combine = _combine(op)
    adds = op in ("+=", "-=")

    def assign(s: Scope) -> None:
        g = s.game
        p = prun(s)
        old = g.pvars[p][fn]
        new = vrun(s)
        if adds and not new:
            return
        g.set_pvar(p, fn, combine(old, new))

    return assign


def _assign_pair(table: str, setter: str, arun: Closure, brun: Closure, op: str, vrun: Closure) -> Change:
    """`opinion(a, b) op= x` or `trust(a, b) op= x`; adding nothing writes nothing."""
    combine = _combine(op)
    adds = op in ("+=", "-=")

    def assign(s: Scope) -> None:
        a, b = arun(s), brun(s)
        if a == b:
            return
        g = s.game
        old = getattr(g, table)[a][b]
        new = vrun(s)
        if adds and not new:
            return
        getattr(g, setter)(a, b, combine(old, new))

    return assign
