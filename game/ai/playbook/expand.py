"""From a rule's `try` entries to the moves the seat tries, one at a time, as the game stands.

Each entry yields candidate moves lazily, so a generator that reads the state (the computer's
own choice, `ai`) sees what the moves before did. Nothing here checks legality: the seat asks
the game (`why_not`) before it plays anything, and skips what the rules do not allow.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from game.ai.playbook.notation import Generator, Spec, Template, placeholder
from game.engine.game import Game
from game.mods.content import Content
from game.moves import Act, Break, Move, MoveSyntaxError, Propose, Statement, Talk, parse_move


@dataclass
class Moment:
    """What a rule's entries are expanded with: the game, the seat, the playbook's own dice, how
    often the rule has fired (for `{next}`), and the seat's last proposal that was not signed."""

    game: Game
    seat: str
    rng: random.Random
    fired: int = 0
    unsigned: Propose | None = None
    #: Notation of the moves already yielded in this firing (a firing tries each move once).
    seen: set[str] = field(default_factory=set)

    @property
    def content(self) -> Content:
        return self.game.content

    def others(self) -> tuple[str, ...]:
        return tuple(p for p in self.content.powers if p != self.seat)

    def order(self, powers: set[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
        ranks = {p: i for i, p in enumerate(self.content.powers)}
        return tuple(sorted(set(powers), key=lambda p: ranks.get(p, len(ranks))))


def expand(spec: Spec, at: Moment) -> Iterator[Move]:
    """The moves one `try` entry stands for now, in the order they are tried."""
    if isinstance(spec, Template):
        return _template(spec, at)
    return GENERATE[spec.kind](spec, at)


def parties_of(content: Content, terms: tuple[str, ...], seat: str) -> tuple[str, ...]:
    """Who a deal of these terms goes to: every giver and every power a term needs, but the seat."""
    out: set[str] = set()
    for tid in terms:
        term = content.terms.get(tid)
        if term is None:
            continue
        if term.model.giver != "all":
            out.add(term.model.giver)
        out.update(term.model.needs)
    out.discard(seat)
    ranks = {p: i for i, p in enumerate(content.powers)}
    return tuple(sorted(out, key=lambda p: ranks.get(p, len(ranks))))


# -- moves with placeholders ----------------------------------------------------------------------


def _template(spec: Template, at: Moment) -> Iterator[Move]:
    move = spec.move
    match move:
        case Act(action, target):
            for t in _powers(target, at) if target is not None else [None]:
                yield Act(action, t)
        case Talk(power):
            for p in _powers(power, at):
                yield Talk(p)
        case Propose(parties, terms, package):
            for ps in _power_lists(parties, at, terms):
                yield Propose(at.order(ps), terms, package)
        case Statement(declaration, cosigners):
            for cs in _power_lists(cosigners, at, (), declaration):
                yield Statement(declaration, at.order(cs))
        case Break(agreement):
            found = _agreement(agreement, at)
            if found is not None:
                yield Break(found)
        case _:
            yield move


def _powers(word: str, at: Moment) -> list[str]:
    """The powers one power word stands for."""
    name = placeholder(word)
    if name is None:
        return [word]
    if name == "self":
        return [at.seat]
    others = list(at.others())
    if name == "each":
        return others
    return [others[at.fired % len(others)]] if others else []


def _power_lists(
    words: tuple[str, ...], at: Moment, terms: tuple[str, ...], declaration: str | None = None
) -> Iterator[list[str]]:
    """The lists of powers a list of power words stands for: one for each power `{each}` names."""
    fixed: list[str] = []
    each = False
    rotate = False
    for w in words:
        name = placeholder(w)
        if name is None:
            fixed.append(w)
        elif name == "self":
            fixed.append(at.seat)
        elif name == "parties":
            fixed.extend(parties_of(at.content, terms, at.seat))
        elif name == "cosigners" and declaration is not None:
            fixed.extend(_cosigners(at, declaration))
        elif name == "each":
            each = True
        elif name == "next":
            rotate = True
    if rotate:
        pool = [p for p in at.others() if p not in fixed]
        if pool:
            fixed.append(pool[at.fired % len(pool)])
    if not each:
        yield fixed
        return
    for p in at.others():
        if p not in fixed:
            yield [*fixed, p]


def _cosigners(at: Moment, declaration: str) -> list[str]:
    d = at.content.declarations.get(declaration)
    if d is None:
        return []
    may = d.model.by or list(at.content.powers)
    return [p for p in at.order(may) if p != at.seat and p not in d.model.presses]


def _agreement(word: str, at: Moment) -> str | None:
    name = placeholder(word)
    if name is None:
        return word
    mine = [a for a in at.game.state.agreements if at.seat in a.parties]
    if not mine:
        return None
    ordered = sorted(mine, key=lambda a: (a.signed, mine.index(a)))
    return (ordered[-1] if name == "newest" else ordered[0]).id


# -- generators -----------------------------------------------------------------------------------


def _legal_actions(at: Moment, tags: tuple[str, ...]) -> list[Act]:
    """The actions open to the seat now, in the content's order, with one of `tags` if any."""
    out: list[Act] = []
    for m in at.game.legal_moves():
        if not isinstance(m, Act):
            continue
        action = at.content.actions.get(m.action)
        if action is None or (tags and not set(tags) & set(action.model.tags)):
            continue
        out.append(m)
    return out


def _ai(spec: Generator, at: Moment) -> Iterator[Move]:
    yield from at.game.policy.month(at.game.state, at.seat)


def _history(spec: Generator, at: Moment) -> Iterator[Move]:
    st = at.game.state
    for text in at.content.policies.get(at.seat, {}).get(st.month_index, ()):
        try:
            yield parse_move(text)
        except MoveSyntaxError:  # the content loader checked these; a broken one is skipped
            continue


def _random_move(spec: Generator, at: Moment) -> Iterator[Move]:
    moves = at.game.legal_moves()
    if moves:
        yield moves[at.rng.randrange(len(moves))]


def _random_action(spec: Generator, at: Moment) -> Iterator[Move]:
    acts = _legal_actions(at, spec.tags)
    if acts:
        yield acts[at.rng.randrange(len(acts))]


def _actions(spec: Generator, at: Moment) -> Iterator[Move]:
    yield from _legal_actions(at, spec.tags)


def _cheapest(spec: Generator, at: Moment) -> Iterator[Move]:
    acts = _legal_actions(at, spec.tags)
    yield from sorted(acts, key=lambda m: at.content.actions[m.action].model.cost)


def _moving(spec: Generator, at: Moment) -> Iterator[Move]:
    """Actions by how far the preview says they move a variable, furthest first."""
    sign = 1 if spec.kind == "action raising" else -1
    scored: list[tuple[int, int, Act]] = []
    for i, m in enumerate(_legal_actions(at, spec.tags)):
        changes = at.game.preview(m).changes
        delta = sum(c.delta for c in changes if c.kind == "var" and c.key == spec.variable) * sign
        if delta > 0:
            scored.append((-delta, i, m))
    for _, _, m in sorted(scored, key=lambda x: (x[0], x[1])):
        yield m


def _packages(spec: Generator, at: Moment) -> Iterator[Move]:
    packages = at.content.packages
    if spec.package is None:
        chosen = list(packages.values())
    else:
        chosen = [packages[spec.package]] if spec.package in packages else []
    for pk in chosen:
        terms = tuple(pk.model.terms)
        parties = parties_of(at.content, terms, at.seat)
        if parties:
            # named as the package where the seat may put it forward, else as its bare terms
            named = not pk.model.proposers or at.seat in pk.model.proposers
            yield Propose(parties, terms, pk.id if named else None)


def _asks(spec: Generator, at: Moment) -> Iterator[Move]:
    for tid, t in at.content.terms.items():
        if t.model.giver not in ("all", at.seat):
            parties = at.order({t.model.giver, *t.model.needs} - {at.seat})
            yield Propose(parties, (tid,))


def _concessions(spec: Generator, at: Moment) -> Iterator[Move]:
    for tid, t in at.content.terms.items():
        if t.model.giver == at.seat:
            parties = at.order(set(t.model.needs) - {at.seat}) or at.others()
            yield Propose(parties, (tid,))


def _statements(spec: Generator, at: Moment) -> Iterator[Move]:
    for did in at.content.declarations:
        yield Statement(did, at.order(_cosigners(at, did)))


def _talks(spec: Generator, at: Moment) -> Iterator[Move]:
    for p in at.others():
        yield Talk(p)


def _refused(spec: Generator, at: Moment) -> Iterator[Move]:
    if at.unsigned is not None:
        yield at.unsigned


GENERATE = {
    "ai": _ai,
    "history": _history,
    "random move": _random_move,
    "random action": _random_action,
    "actions": _actions,
    "cheapest action": _cheapest,
    "action raising": _moving,
    "action lowering": _moving,
    "packages": _packages,
    "package": _packages,
    "asks": _asks,
    "concessions": _concessions,
    "statements": _statements,
    "talks": _talks,
    "repeat refused": _refused,
}

__all__ = ["GENERATE", "Moment", "expand", "parties_of"]
