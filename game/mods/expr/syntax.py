"""The expression language's syntax: tokens, syntax trees and the parser, with their limits.

Content never runs Python. Conditions and effects are short strings in a grammar of our own
(numbers, quoted strings, names, calls to an allow-list of functions, arithmetic, comparisons,
and/or/not, `a if c else b`, and assignment statements). Input length, token count and nesting
depth are bounded here, so no text can make the parser hang; names are resolved later, by the
compiler, against the content's symbol table.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

MAX_SOURCE = 1000
MAX_TOKENS = 300
MAX_DEPTH = 40
MAX_LITERAL = 1_000_000
MAX_STRING = 80


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
