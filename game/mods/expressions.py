"""The content expression language: a small safe grammar, parsed and compiled once into closures.

Content never runs Python. Conditions and effects are short strings in a grammar of our own
(numbers, quoted strings, names, calls to an allow-list of functions, arithmetic, comparisons,
and/or/not, `a if c else b`, and assignment statements). Every name and function is resolved at
load against the content's symbol table, so a typo is a load error with its position, never a
surprise at turn 14. Input length, token count and nesting depth are bounded, numbers are
bounded, and division by zero is zero: no expression can hang or crash the game.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from typing import Any, NamedTuple

MAX_SOURCE = 1000
MAX_TOKENS = 300
MAX_DEPTH = 40
MAX_LITERAL = 1_000_000
MAX_VALUE = 1e12
MAX_STRING = 80

NUM, BOOL, STR, POWER = "number", "true/false", "text", "power"

#: Keys in the dependency sets that are not state entries.
TIME = "time"


class ExpressionError(Exception):
    """A problem in one expression, with the 0-based offset of the offending text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


# ---------------------------------------------------------------------------------------------
# Tokens

_TOKEN_RE = re.compile(
    r"""
    ([ \t\r\n]*)
    (?:
      (\d+(?:\.\d+)?)(?![A-Za-z_])
    | ("[^"\\\n]*"|'[^'\\\n]*')
    | ([A-Za-z_][A-Za-z0-9_]*)
    | (\+=|-=|\*=|==|!=|<=|>=|[-+*/%<>=(),;])
    )
    """,
    re.VERBOSE,
)
_FINDALL = _TOKEN_RE.findall

KEYWORDS = frozenset({"and", "or", "not", "if", "else", "true", "false", "True", "False"})

#: Binding strength of binary operators (unary minus binds at 7, `not` at 3).
_PREC = {
    "or": 1, "and": 2,
    "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
    "+": 5, "-": 5,
    "*": 6, "/": 6, "%": 6,
}  # fmt: skip


class Token(NamedTuple):
    kind: str  # num, str, name, op, kw, end
    text: str
    offset: int


_new_token = tuple.__new__


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_SOURCE:
        raise ExpressionError(f"expression is {len(source)} characters long; the limit is {MAX_SOURCE}")
    tokens: list[Token] = []
    append = tokens.append
    pos = 0
    # findall skips what it cannot match; the length check below catches any gap
    for ws, num, string, name, op in _FINDALL(source):
        pos += len(ws)
        if name:
            append(_new_token(Token, ("kw" if name in KEYWORDS else "name", name, pos)))
            pos += len(name)
        elif op:
            append(_new_token(Token, ("op", op, pos)))
            pos += len(op)
        elif num:
            append(_new_token(Token, ("num", num, pos)))
            pos += len(num)
        else:
            append(_new_token(Token, ("str", string, pos)))
            pos += len(string)
    end = len(source)
    if pos != len(source.rstrip(" \t\r\n")):
        _raise_at_gap(source)
    if len(tokens) > MAX_TOKENS:
        raise ExpressionError(f"expression has more than {MAX_TOKENS} tokens", tokens[MAX_TOKENS].offset)
    append(_new_token(Token, ("end", "", end)))
    return tokens


def _raise_at_gap(source: str) -> None:
    """Find the first character the tokenizer could not read and say what it is."""
    pos = 0
    end = len(source)
    while pos < end:
        m = _TOKEN_RE.match(source, pos)
        if m is None:
            at = pos + len(source[pos:]) - len(source[pos:].lstrip(" \t\r\n"))
            if at >= end:
                return
            ch = source[at]
            if ch in "\"'":
                raise ExpressionError("unterminated string (strings cannot hold backslashes or newlines)", at)
            if ch.isdigit():
                num = re.match(r"\d+(?:\.\d+)?", source[at:])
                after = at + (num.end() if num else 1)
                if after < end:
                    raise ExpressionError(f"unexpected character {source[after]!r} after a number", after)
            raise ExpressionError(f"unexpected character {ch!r}", at)
        pos = m.end()


# ---------------------------------------------------------------------------------------------
# Syntax tree


class Num(NamedTuple):
    value: int | float
    offset: int


class Str(NamedTuple):
    value: str
    offset: int


class Bool(NamedTuple):
    value: bool
    offset: int


class Name(NamedTuple):
    name: str
    offset: int


class Call(NamedTuple):
    name: str
    args: tuple[Node, ...]
    offset: int


class Unary(NamedTuple):
    op: str  # "-" or "not"
    operand: Node
    offset: int


class Binary(NamedTuple):
    op: str  # + - * / %
    left: Node
    right: Node
    offset: int


class Compare(NamedTuple):
    ops: tuple[str, ...]
    operands: tuple[Node, ...]
    offset: int


class Logic(NamedTuple):
    op: str  # and / or
    operands: tuple[Node, ...]
    offset: int


class IfElse(NamedTuple):
    cond: Node
    then: Node
    other: Node
    offset: int


Node = Num | Str | Bool | Name | Call | Unary | Binary | Compare | Logic | IfElse


class Assign(NamedTuple):
    target: Name | Call
    op: str  # = += -= *=
    value: Node
    guard: Node | None
    offset: int


class Do(NamedTuple):
    call: Call
    guard: Node | None
    offset: int


Statement = Assign | Do


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.i = 0
        self.depth = 0

    # helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def at(self, text: str) -> bool:
        t = self.tokens[self.i]
        return t.text == text and t.kind in ("op", "kw")

    def expect(self, text: str, what: str) -> Token:
        if not self.at(text):
            raise ExpressionError(f"expected {what}, found {_describe(self.tok)}", self.tok.offset)
        return self.advance()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep", self.tok.offset)

    # grammar: precedence climbing over or < and < not < comparisons < + - < * / % < unary minus
    def expression(self, statement_value: bool = False) -> Node:
        self.enter()
        start = self.tok.offset
        node = self.binary(1)
        if self.at("if"):
            mark = self.i
            self.advance()
            cond = self.binary(1)
            if statement_value and not self.at("else"):
                # `x += 5 if cond` is a guarded statement, not an unfinished `a if c else b`
                self.i = mark
            else:
                self.expect("else", "'else' to finish 'a if condition else b'")
                other = self.expression()
                node = IfElse(cond, node, other, start)
        self.depth -= 1
        return node

    def binary(self, min_prec: int) -> Node:
        start = self.tok.offset
        left = self.prefix(min_prec)
        tokens = self.tokens
        while True:
            t = tokens[self.i]
            prec = _PREC.get(t.text) if t.kind in ("op", "kw") else None
            if prec is None or prec < min_prec:
                return left
            if prec <= 2:  # and / or: one flat node, so conditions split into their parts
                parts = [left]
                while tokens[self.i].text == t.text and tokens[self.i].kind == "kw":
                    self.i += 1
                    parts.append(self.binary(prec + 1))
                left = Logic(t.text, tuple(parts), start)
            elif prec == 4:  # comparisons chain: a < b <= c
                ops: list[str] = []
                operands = [left]
                while tokens[self.i].kind == "op" and _PREC.get(tokens[self.i].text) == 4:
                    ops.append(tokens[self.i].text)
                    self.i += 1
                    operands.append(self.binary(5))
                left = Compare(tuple(ops), tuple(operands), start)
            else:
                self.i += 1
                if prec == 6 and tokens[self.i].kind == "op" and tokens[self.i].text in ("*", "/"):
                    raise ExpressionError(f"'{t.text}{tokens[self.i].text}' is not an operator here", t.offset)
                right = self.binary(prec + 1)
                left = Binary(t.text, left, right, t.offset)

    def prefix(self, min_prec: int) -> Node:
        t = self.tok
        if t.kind == "kw" and t.text == "not":
            self.advance()
            self.enter()
            node = Unary("not", self.binary(3), t.offset)
            self.depth -= 1
            return node
        if t.kind == "op" and t.text in ("-", "+"):
            self.advance()
            self.enter()
            operand = self.prefix(7)
            self.depth -= 1
            return operand if t.text == "+" else Unary("-", operand, t.offset)
        return self.primary()

    def primary(self) -> Node:
        t = self.tok
        if t.kind == "num":
            self.advance()
            value: int | float = float(t.text) if "." in t.text else int(t.text)
            if abs(value) > MAX_LITERAL:
                raise ExpressionError(f"number {t.text} is too large (the limit is {MAX_LITERAL:,})", t.offset)
            return Num(value, t.offset)
        if t.kind == "str":
            self.advance()
            text = t.text[1:-1]
            if len(text) > MAX_STRING:
                raise ExpressionError(f"text is longer than {MAX_STRING} characters", t.offset)
            return Str(text, t.offset)
        if t.kind == "kw" and t.text in ("true", "false", "True", "False"):
            self.advance()
            return Bool(t.text in ("true", "True"), t.offset)
        if t.kind == "name":
            self.advance()
            if self.at("("):
                self.advance()
                args: list[Node] = []
                if not self.at(")"):
                    args.append(self.expression())
                    while self.at(","):
                        self.advance()
                        args.append(self.expression())
                self.expect(")", f"',' or ')' in the call to {t.text}()")
                return Call(t.text, tuple(args), t.offset)
            return Name(t.text, t.offset)
        if self.at("("):
            self.advance()
            node = self.expression()
            self.expect(")", "')'")
            return node
        if t.kind == "op" and t.text == ".":
            raise ExpressionError("attribute access is not part of the language", t.offset)
        raise ExpressionError(f"expected a value, found {_describe(t)}", t.offset)

    def statement(self) -> Statement:
        start = self.tok.offset
        target = self.primary_for_statement()
        if self.tok.kind == "op" and self.tok.text in ("=", "+=", "-=", "*="):
            op = self.advance().text
            value = self.expression(statement_value=True)
            guard = self.guard()
            return Assign(target, op, value, guard, start)
        if isinstance(target, Call):
            return Do(target, self.guard(), start)
        raise ExpressionError(
            f"expected '=', '+=', '-=' or '*=' after {target.name}, found {_describe(self.tok)}",
            self.tok.offset,
        )

    def primary_for_statement(self) -> Name | Call:
        t = self.tok
        if t.kind != "name":
            raise ExpressionError(f"a statement starts with a name or a call, found {_describe(t)}", t.offset)
        node = self.primary()
        assert isinstance(node, Name | Call)
        return node

    def guard(self) -> Node | None:
        if self.at("if"):
            self.advance()
            return self.expression()
        return None

    def finish(self) -> None:
        if self.tok.kind != "end":
            if self.tok.kind == "op" and self.tok.text == "=":
                raise ExpressionError("'=' assigns; to compare, write '=='", self.tok.offset)
            raise ExpressionError(f"unexpected {_describe(self.tok)}", self.tok.offset)


def _describe(t: Token) -> str:
    if t.kind == "end":
        return "the end of the expression"
    return repr(t.text)


@lru_cache(maxsize=65536)
def parse_expression(source: str) -> Node:
    """Parse one expression (a condition or a value)."""
    p = _Parser(source)
    if p.tok.kind == "end":
        raise ExpressionError("empty expression", 0)
    node = p.expression()
    p.finish()
    return node


@lru_cache(maxsize=65536)
def parse_statements(source: str) -> tuple[Statement, ...]:
    """Parse one or more effect statements separated by ';'."""
    p = _Parser(source)
    out: list[Statement] = []
    while True:
        if p.tok.kind == "end":
            if not out:
                raise ExpressionError("empty effect", 0)
            return tuple(out)
        out.append(p.statement())
        if p.at(";"):
            p.advance()
            continue
        p.finish()
        return tuple(out)


# ---------------------------------------------------------------------------------------------
# Symbol table and compilation


@dataclass(frozen=True, slots=True)
class VariableInfo:
    id: str
    min: int
    max: int


@dataclass
class Names:
    """Everything an expression may refer to, taken from the loaded content."""

    globals: dict[str, VariableInfo] = field(default_factory=dict)
    per_power: dict[str, VariableInfo] = field(default_factory=dict)
    powers: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    endings: frozenset[str] = frozenset()
    rungs: tuple[str, ...] = ()
    ladder_variable: str = "tension"
    #: Extra read-only names for special contexts (scripts know `ending`).
    extra: dict[str, str] = field(default_factory=dict)


class Scope:
    """What an expression sees when it runs: the game, and the powers in its roles."""

    __slots__ = ("actor", "game", "self", "target")

    def __init__(
        self, game: Any, self_power: str | None = None, actor: str | None = None, target: str | None = None
    ) -> None:
        self.game = game
        self.self = self_power
        self.actor = actor
        self.target = target


Closure = Callable[[Scope], Any]


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

    def __call__(self, scope: Scope) -> bool:
        return bool(self.run(scope))


@dataclass(frozen=True, slots=True)
class Effect:
    """A compiled list of statements, applied in order."""

    source: str
    run: Callable[[Scope], None]
    writes: frozenset[str]
    flags_set: frozenset[str]

    def __call__(self, scope: Scope) -> None:
        self.run(scope)


ROLES = ("self", "actor", "target")


def _clamp_value(x: float) -> float:
    if x > MAX_VALUE:
        return MAX_VALUE
    if x < -MAX_VALUE:
        return -MAX_VALUE
    return x


def _div(a: float, b: float) -> float:
    return _clamp_value(a / b) if b else 0


def _mod(a: float, b: float) -> float:
    return a % b if b else 0


_ARITH = {
    "+": lambda a, b: _clamp_value(a + b),
    "-": lambda a, b: _clamp_value(a - b),
    "*": lambda a, b: _clamp_value(a * b),
    "/": _div,
    "%": _mod,
}

_COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}

#: Read-only functions: name -> (argument kinds, result type, short help).
#: Argument kinds: "power", "number", "flag", "event", "term", "rung", "action".
FUNCTIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "flag": (("flag",), BOOL, 'whether a flag is set: flag("thaad_deployed")'),
    "opinion": (("power", "power"), NUM, "how the first power regards the second, -100..100"),
    "trust": (("power", "power"), NUM, "how far the first power trusts the second's word, -100..100"),
    "happened": (("event",), BOOL, "whether an event has fired at least once"),
    "times": (("event",), NUM, "how many times an event has fired"),
    "since": (("event",), NUM, "turns since an event last fired (999 if never)"),
    "in_force": (("term",), BOOL, "whether a deal term is part of an agreement in force"),
    "rung": (("rung",), NUM, 'the index of a rung of the escalation ladder: rung("brink")'),
    "is_player": (("power",), BOOL, "whether the power is the one the human plays"),
    "min": (("number", "number", "*"), NUM, "the smallest of its arguments"),
    "max": (("number", "number", "*"), NUM, "the largest of its arguments"),
    "abs": (("number",), NUM, "the absolute value"),
    "clamp": (("number", "number", "number"), NUM, "clamp(x, lo, hi)"),
    "rand": (("number", "number"), NUM, "a whole number from lo to hi, from the game's seeded dice (effects only)"),
}

#: Effect-only functions: name -> (argument kinds, short help).
PROCEDURES: dict[str, tuple[tuple[str, ...], str]] = {
    "set_flag": (("flag_set",), 'set a flag: set_flag("thaad_deployed")'),
    "clear_flag": (("flag_set",), "clear a flag"),
    "schedule": (("event", "number"), 'fire an event after N turns: schedule("talks_collapse", 2)'),
}

#: Read-only names always available: name -> (type, help).
BUILTIN_NAMES: dict[str, tuple[str, str]] = {
    "turn": (NUM, "the turn number, 1 for the first month"),
    "turns_left": (NUM, "turns before the calendar runs out"),
    "year": (NUM, "the current year"),
    "month": (NUM, "the current month, 1..12"),
    "rung": (NUM, "the index of the current escalation rung, 0 for the lowest"),
    "player": (POWER, "the power the human plays"),
}


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    match = get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


class Compiler:
    """Turns syntax trees into closures, checking every name against the symbol table."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self._power_set = frozenset(names.powers)

    # -- entry points ----------------------------------------------------------------------

    def condition(self, source: str, roles: Iterable[str] = ()) -> Condition:
        node = parse_expression(source)
        roles = frozenset(roles)
        if isinstance(node, Logic) and node.op == "and":
            # compile each part once; the whole is their conjunction
            parts = []
            for operand in node.operands:
                prun, ptyp, pdeps = self._expr(operand, roles, allow_rand=False)
                self._want(ptyp, BOOL, operand, "'and'")
                parts.append((prun, pdeps))
            runs = tuple(p[0] for p in parts)
            deps = frozenset().union(*(p[1] for p in parts))
            if len(runs) == 2:
                a, b = runs

                def run(s: Scope) -> bool:
                    return bool(a(s) and b(s))
            else:

                def run(s: Scope) -> bool:
                    return all(r(s) for r in runs)

            return Condition(source, run, deps, tuple(parts))
        run, typ, deps = self._expr(node, roles, allow_rand=False)
        if typ != BOOL:
            raise ExpressionError(f"a condition must be true or false, but this is a {typ}", 0)
        return Condition(source, run, deps, ((run, deps),))

    def value(self, source: str, roles: Iterable[str] = (), want: str = NUM) -> Compiled:
        node = parse_expression(source)
        run, typ, deps = self._expr(node, frozenset(roles), allow_rand=False)
        if want and typ != want:
            raise ExpressionError(f"expected a {want}, but this is a {typ}", 0)
        return Compiled(source, run, typ, deps)

    def effect(self, source: str, roles: Iterable[str] = ()) -> Effect:
        stmts = parse_statements(source)
        roles = frozenset(roles)
        runs: list[Callable[[Scope], None]] = []
        writes: set[str] = set()
        flags: set[str] = set()
        for st in stmts:
            run, w, f = self._statement(st, roles)
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

    # -- expressions -----------------------------------------------------------------------

    def _expr(self, node: Node, roles: frozenset[str], allow_rand: bool) -> tuple[Closure, str, frozenset[str]]:
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
            run, typ, deps = self._expr(node.operand, roles, allow_rand)
            if node.op == "not":
                self._want(typ, BOOL, node.operand, "'not'")
                return (lambda s: not run(s)), BOOL, deps
            self._want(typ, NUM, node.operand, "'-'")
            return (lambda s: -run(s)), NUM, deps
        if isinstance(node, Binary):
            lrun, ltyp, ldeps = self._expr(node.left, roles, allow_rand)
            rrun, rtyp, rdeps = self._expr(node.right, roles, allow_rand)
            self._want(ltyp, NUM, node.left, f"'{node.op}'")
            self._want(rtyp, NUM, node.right, f"'{node.op}'")
            fn = _ARITH[node.op]
            return (lambda s: fn(lrun(s), rrun(s))), NUM, ldeps | rdeps
        if isinstance(node, Compare):
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
                fn = _COMPARE[node.ops[0]]
                left, right = compiled[0][0], compiled[1][0]
                return (lambda s: fn(left(s), right(s))), BOOL, deps
            fns = tuple(_COMPARE[o] for o in node.ops)
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
        if isinstance(node, Logic):
            compiled = [self._expr(o, roles, allow_rand) for o in node.operands]
            for c, o in zip(compiled, node.operands, strict=True):
                self._want(c[1], BOOL, o, f"'{node.op}'")
            runs = tuple(c[0] for c in compiled)
            deps = frozenset().union(*(c[2] for c in compiled))
            if node.op == "and":
                if len(runs) == 2:
                    a, b = runs
                    return (lambda s: bool(a(s) and b(s))), BOOL, deps
                return (lambda s: all(r(s) for r in runs)), BOOL, deps
            if len(runs) == 2:
                a, b = runs
                return (lambda s: bool(a(s) or b(s))), BOOL, deps
            return (lambda s: any(r(s) for r in runs)), BOOL, deps
        if isinstance(node, IfElse):
            crun, ctyp, cdeps = self._expr(node.cond, roles, allow_rand)
            self._want(ctyp, BOOL, node.cond, "'if'")
            trun, ttyp, tdeps = self._expr(node.then, roles, allow_rand)
            orun, otyp, odeps = self._expr(node.other, roles, allow_rand)
            if ttyp != otyp:
                raise ExpressionError(
                    f"both sides of 'if ... else' must be of one kind, found a {ttyp} and a {otyp}",
                    node.offset,
                )
            return (lambda s: trun(s) if crun(s) else orun(s)), ttyp, cdeps | tdeps | odeps
        raise ExpressionError("unsupported expression", getattr(node, "offset", 0))  # pragma: no cover

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
                        f"unknown ending '{y.value}'{_did_you_mean(y.value, self.names.endings)}",
                        y.offset,
                    )

    def _want(self, got: str, want: str, node: Node, where: str) -> None:
        if got != want:
            raise ExpressionError(f"{where} needs a {want}, but this is a {got}", node.offset)

    def _name(self, node: Name, roles: frozenset[str]) -> tuple[Closure, str, frozenset[str]]:
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
            if n == "turn":
                return (lambda s: s.game.turn), NUM, frozenset((TIME,))
            if n == "turns_left":
                return (lambda s: s.game.turns_left), NUM, frozenset((TIME,))
            if n == "year":
                return (lambda s: s.game.year), NUM, frozenset((TIME,))
            if n == "month":
                return (lambda s: s.game.month), NUM, frozenset((TIME,))
            if n == "rung":
                return (lambda s: s.game.rung), NUM, frozenset((names.ladder_variable,))
            if n == "player":
                return (lambda s: s.game.player), POWER, frozenset()
        if n in names.per_power:
            raise ExpressionError(f"'{n}' belongs to each power: write {n}(usa) or {n}(self)", node.offset)
        if n in FUNCTIONS or n in PROCEDURES:
            raise ExpressionError(f"'{n}' is a function: call it as {n}(...)", node.offset)
        known = [*names.globals, *names.powers, *roles, *names.extra, *BUILTIN_NAMES, *names.per_power]
        raise ExpressionError(f"unknown name '{n}'{_did_you_mean(n, known)}", node.offset)

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
            raise ExpressionError(f"unknown {what} '{value}'{extra}{_did_you_mean(value, known_set)}", node.offset)
        return value

    def _call(self, node: Call, roles: frozenset[str], allow_rand: bool) -> tuple[Closure, str, frozenset[str]]:
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
            prun, _ = self._power_arg(args[0], roles, fn)
            return (lambda s: s.game.scores.get(prun(s), 0.0)), NUM, frozenset((TIME,))
        if fn == "rung" and args:
            self._arity(node, 1)
            rung_name = self._literal(args[0], "rung", fn, names.rungs, "rung")
            idx = names.rungs.index(rung_name)
            return (lambda s: idx), NUM, frozenset()
        if fn in PROCEDURES:
            raise ExpressionError(f"{fn}() changes the game: it belongs in effects, not here", node.offset)
        if fn not in FUNCTIONS:
            known = [*FUNCTIONS, *names.per_power]
            raise ExpressionError(f"unknown function '{fn}'{_did_you_mean(fn, known)}", node.offset)
        kinds, _typ, _ = FUNCTIONS[fn]
        if kinds and kinds[-1] == "*":
            if len(args) < len(kinds) - 1:
                raise ExpressionError(f"{fn}() needs at least {len(kinds) - 1} arguments", node.offset)
        else:
            self._arity(node, len(kinds))
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
            ev = self._literal(args[0], "event", fn, names.events, "event")
            dep = frozenset((f"event:{ev}",)) if fn != "since" else frozenset((f"event:{ev}", TIME))
            if fn == "happened":
                return (lambda s: ev in s.game.fired), BOOL, dep
            if fn == "times":
                return (lambda s: s.game.fired.get(ev, (0, 0))[0]), NUM, dep
            return (lambda s: s.game.turn - s.game.fired[ev][1] if ev in s.game.fired else 999), NUM, dep
        if fn == "in_force":
            term = self._literal(args[0], "term", fn, names.terms, "deal term")
            return (lambda s: s.game.term_in_force(term)), BOOL, frozenset((f"term:{term}",))
        if fn == "is_player":
            prun, const = self._power_arg(args[0], roles, fn)
            return (lambda s: prun(s) == s.game.player), BOOL, frozenset()
        # numeric functions
        compiled = [self._expr(a, roles, allow_rand) for a in args]
        for c, a in zip(compiled, args, strict=True):
            self._want(c[1], NUM, a, f"{fn}()")
        runs = tuple(c[0] for c in compiled)
        deps = frozenset().union(*(c[2] for c in compiled))
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

    # -- statements ------------------------------------------------------------------------

    def _statement(self, st: Statement, roles: frozenset[str]) -> tuple[Callable[[Scope], None], set[str], set[str]]:
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

    def _procedure(self, call: Call, roles: frozenset[str]) -> tuple[Callable[[Scope], None], set[str], set[str]]:
        fn = call.name
        if fn not in PROCEDURES:
            if fn in FUNCTIONS or fn in self.names.per_power:
                raise ExpressionError(
                    f"{fn}(...) alone does nothing; effects change the game (e.g. x += 1, set_flag(...))",
                    call.offset,
                )
            raise ExpressionError(f"unknown action '{fn}'{_did_you_mean(fn, PROCEDURES)}", call.offset)
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

    def _assign(self, st: Assign, roles: frozenset[str]) -> tuple[Callable[[Scope], None], set[str]]:
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
                return (lambda s: s.game.set_var(n, combine(s.game.vars[n], vrun(s)))), {n}
            if n in names.per_power:
                raise ExpressionError(f"'{n}' belongs to each power: write {n}(usa) {op} ...", target.offset)
            if n in BUILTIN_NAMES or n in names.extra or n in ROLES or n in self._power_set:
                raise ExpressionError(f"'{n}' cannot be changed", target.offset)
            known = [*names.globals, *names.per_power]
            raise ExpressionError(f"unknown variable '{n}'{_did_you_mean(n, known)}", target.offset)
        fn = target.name
        if fn in names.per_power:
            self._arity(target, 1)
            prun, const = self._power_arg(target.args[0], roles, fn)
            w = f"{fn}:{const}" if const else f"{fn}:*"
            return (lambda s: s.game.set_pvar(p := prun(s), fn, combine(s.game.pvars[p][fn], vrun(s)))), {w}
        if fn in ("opinion", "trust"):
            self._arity(target, 2)
            arun, ac = self._power_arg(target.args[0], roles, fn)
            brun, bc = self._power_arg(target.args[1], roles, fn)
            w = f"{fn}:{ac}:{bc}" if ac and bc else f"{fn}:*"
            setter = "set_opinion" if fn == "opinion" else "set_trust"
            table = "opinion" if fn == "opinion" else "trust"

            def assign_pair(s: Scope) -> None:
                a, b = arun(s), brun(s)
                if a == b:
                    return
                old = getattr(s.game, table)[a][b]
                getattr(s.game, setter)(a, b, combine(old, vrun(s)))

            return assign_pair, {w}
        if fn in FUNCTIONS or fn in PROCEDURES:
            raise ExpressionError(f"{fn}(...) cannot be assigned to", target.offset)
        known = [*names.per_power, "opinion", "trust"]
        raise ExpressionError(f"unknown variable '{fn}'{_did_you_mean(fn, known)}", target.offset)


def flags_set_in(source: str) -> list[str]:
    """Flag names a statement list sets, read before compiling so flag() can check its names.

    Returns an empty list for text that does not parse; compiling reports that error.
    """
    try:
        stmts = parse_statements(source)
    except ExpressionError:
        return []
    out: list[str] = []
    for st in stmts:
        if isinstance(st, Do) and st.call.name == "set_flag" and st.call.args:
            a = st.call.args[0]
            if isinstance(a, Str):
                out.append(a.value)
    return out


class _Lazy:
    """An expression from content that an earlier load already checked, compiled on first use.

    Attribute lookups that miss (`run`, `deps`, ...) compile it once and keep the results as
    plain attributes, so later calls cost what a compiled expression costs.
    """

    _fields: tuple[str, ...] = ()

    def __init__(self, compiler: Compiler, source: str, roles: frozenset[str]) -> None:
        self.source = source
        self._pending = (compiler, roles)

    def _compile(self, compiler: Compiler, roles: frozenset[str]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def __getattr__(self, name: str) -> Any:
        pending = self.__dict__.pop("_pending", None)
        if pending is None or name not in self._fields:
            raise AttributeError(name)
        done = self._compile(*pending)
        for f in self._fields:
            setattr(self, f, getattr(done, f))
        return getattr(self, name)


class LazyCondition(_Lazy):
    _fields = ("run", "deps", "parts")

    def _compile(self, compiler: Compiler, roles: frozenset[str]) -> Condition:
        return compiler.condition(self.source, roles)

    def __call__(self, scope: Scope) -> bool:
        return bool(self.run(scope))


class LazyEffect(_Lazy):
    _fields = ("run", "writes", "flags_set")

    def _compile(self, compiler: Compiler, roles: frozenset[str]) -> Effect:
        return compiler.effect(self.source, roles)

    def __call__(self, scope: Scope) -> None:
        self.run(scope)


class LazyValue(_Lazy):
    _fields = ("run", "type", "deps")

    def _compile(self, compiler: Compiler, roles: frozenset[str]) -> Compiled:
        return compiler.value(self.source, roles, want=NUM)
