"""What a rule may try: a move in notation with placeholders, or a move generator.

A `try` entry whose first word is a move verb (`act`, `propose`, `declare`, `talk`, `break`,
`end`) is a move in the notation of docs/moves.md, where a power, a list of powers or an
agreement may be a placeholder (`{self}`, `{each}`, `{next}`, `{parties}`, `{cosigners}`,
`{newest}`, `{oldest}`). Any other entry is a generator, which yields the moves a fixed
rule-book needs without spelling each one out (`cheapest action`, `packages`, `random move`...).
This module reads the text only; `load` checks the ids against the content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.moves import Act, Break, EndTurn, Move, MoveSyntaxError, Propose, Statement, Talk, parse_move

#: Placeholder -> the move fields it may stand in.
PLACEHOLDERS: dict[str, str] = {
    "self": "the seat's own power",
    "each": "every other power in turn: one move for each",
    "next": "one other power, the next in turn each time the rule fires",
    "parties": "the powers the deal's terms need: every giver and every power a term names",
    "cosigners": "every power that may sign the statement, but the seat and the powers it presses",
    "newest": "the newest agreement in force the seat is a party to",
    "oldest": "the oldest agreement in force the seat is a party to",
}

#: Where each placeholder may stand.
POWER_SPOTS = ("self", "each", "next")
LIST_SPOTS = {"propose": ("self", "each", "next", "parties"), "declare": ("self", "each", "next", "cosigners")}
AGREEMENT_SPOTS = ("newest", "oldest")

#: Generators: the words they start with -> usage.
GENERATORS: dict[str, str] = {
    "ai": "ai",
    "history": "history",
    "random move": "random move",
    "random action": "random action [tagged TAG[,TAG...]]",
    "actions": "actions [tagged TAG[,TAG...]]",
    "cheapest action": "cheapest action [tagged TAG[,TAG...]]",
    "action raising": "action raising VARIABLE [tagged TAG[,TAG...]]",
    "action lowering": "action lowering VARIABLE [tagged TAG[,TAG...]]",
    "packages": "packages",
    "package": "package PACKAGE",
    "asks": "asks",
    "concessions": "concessions",
    "statements": "statements",
    "talks": "talks",
    "repeat refused": "repeat refused",
}

#: Move verbs a rule may try; answers have their own tables.
RULE_VERBS = ("end", "act", "propose", "declare", "talk", "break")
ANSWER_VERBS = ("choose", "accept", "refuse")

_PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")
_MARK = "pb__"
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")


class SpecError(ValueError):
    """A `try` entry that is neither a move nor a generator; `offset` is where in the text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Template:
    """A move whose powers or agreement may be placeholders (marked `pb__NAME` inside)."""

    text: str
    move: Move

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(m.group(1) for m in _PLACEHOLDER.finditer(self.text))


@dataclass(frozen=True, slots=True)
class Generator:
    """A move generator: its kind (the key of GENERATORS), tags, a variable or a package."""

    text: str
    kind: str
    tags: tuple[str, ...] = ()
    variable: str | None = None
    package: str | None = None


Spec = Template | Generator


def placeholder(word: str) -> str | None:
    """The placeholder a marked word stands for, or None for an id."""
    return word[len(_MARK) :] if word.startswith(_MARK) else None


def parse_spec(text: str) -> Spec:
    """Read one `try` entry. Raises SpecError saying what was expected."""
    words = text.split()
    if not words:
        raise SpecError("an empty move")
    if words[0] in ANSWER_VERBS:
        raise SpecError(f"'{words[0]}' answers something: say how in [events], [offers] or [counters]")
    if words[0] in RULE_VERBS:
        return _template(text)
    return _generator(text, words)


def _template(text: str) -> Template:
    for m in _PLACEHOLDER.finditer(text):
        if m.group(1) not in PLACEHOLDERS:
            raise SpecError(
                f"unknown placeholder '{{{m.group(1)}}}' (placeholders: "
                + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                + ")",
                m.start(),
            )
    marked = _PLACEHOLDER.sub(lambda m: _MARK + m.group(1), text)
    if "{" in marked or "}" in marked:
        raise SpecError("a placeholder is written {name}, in braces", max(text.find("{"), text.find("}")))
    try:
        move = parse_move(marked)
    except MoveSyntaxError as e:
        raise SpecError(str(e).replace(_MARK, "")) from None
    _check_spots(text, move)
    return Template(text, move)


def _check_spots(text: str, move: Move) -> None:
    """Each placeholder must stand where it means something."""

    def bad(name: str, where: str) -> SpecError:
        return SpecError(f"'{{{name}}}' cannot stand for {where} here", max(0, text.find("{" + name + "}")))

    def one_power(word: str | None, where: str) -> None:
        name = placeholder(word or "")
        if name is not None and name not in POWER_SPOTS:
            raise bad(name, where)

    def power_list(words: tuple[str, ...], verb: str, where: str) -> None:
        names = [n for n in (placeholder(w) for w in words) if n is not None]
        for name in names:
            if name not in LIST_SPOTS[verb]:
                raise bad(name, where)
        if names.count("each") > 1:
            raise SpecError("'{each}' may stand only once in a move", text.find("{each}"))

    match move:
        case Act(action, target):
            if placeholder(action) is not None:
                raise bad(placeholder(action) or "", "an action")
            one_power(target, "the action's target")
        case Propose(parties, terms, package):
            power_list(parties, "propose", "the deal's parties")
            if any(placeholder(t) is not None for t in terms) or (package and placeholder(package)):
                raise SpecError("terms and packages are named by their ids", text.find("{"))
        case Statement(declaration, cosigners):
            if placeholder(declaration) is not None:
                raise bad(placeholder(declaration) or "", "a declaration")
            power_list(cosigners, "declare", "the statement's co-signers")
        case Talk(power):
            one_power(power, "the power to talk to")
        case Break(agreement):
            name = placeholder(agreement)
            if name is not None and name not in AGREEMENT_SPOTS:
                raise bad(name, "an agreement")
        case EndTurn():
            pass
        case _:  # pragma: no cover - parse_spec sent only rule verbs here
            raise SpecError("not a move a rule can try")


def _generator(text: str, words: list[str]) -> Generator:
    for n in (2, 1):
        head = " ".join(words[:n])
        if head in GENERATORS and len(words) >= n:
            return _generator_args(text, head, words[n:])
    known = ", ".join(f"`{u}`" for u in GENERATORS.values())
    raise SpecError(
        f"'{text.strip()[:60]}' is neither a move ({', '.join(RULE_VERBS)}) nor a generator; generators are: {known}"
    )


def _generator_args(text: str, kind: str, rest: list[str]) -> Generator:
    usage = GENERATORS[kind]

    def wrong() -> SpecError:
        return SpecError(f"expected `{usage}`", max(0, len(text) - len(text.lstrip())))

    variable = package = None
    if kind in ("action raising", "action lowering", "package"):
        if not rest or not _ID.match(rest[0]):
            raise wrong()
        if kind == "package":
            package = rest[0]
        else:
            variable = rest[0]
        rest = rest[1:]
    tags: tuple[str, ...] = ()
    if "TAG" in usage and rest:
        if rest[0] != "tagged" or len(rest) != 2:
            raise wrong()
        tags = tuple(rest[1].split(","))
        if not all(_ID.match(t) for t in tags):
            raise SpecError(f"tags are ids (lower case letters, digits and '_'): {rest[1]!r}", text.find(rest[1]))
        rest = []
    if rest:
        raise wrong()
    return Generator(text, kind, tags, variable, package)
