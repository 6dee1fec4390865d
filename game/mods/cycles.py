"""Warnings for chains of events that can multiply: events and reactions that schedule each other.

An event that schedules itself three times, or two reactions that each make every power schedule
the other's event, grow a chain that triples (or worse) month on month. The engine stops any
month at `rules.max_events_per_month` events and `rules.max_reactions_per_month` reactions, but
a chain that hits the limit is a mistake in the mod, so `dualfreeze validate` warns of it.

The chains are a graph: a node is an event that may fire more than once (`once = false`), an
edge says how many times one firing of an event can schedule another, directly (its effects,
its options' effects, its follow-ups) or through the reactions keyed on it (times every power
that would react). A group of events that lead to each other grows without bound exactly when
its edges add up to more than it has events: a plain loop, one event after another, never does.
Conditions and chances are left aside: the warning is about what can happen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from game.mods.errors import ContentError, LocPath, Origin
from game.mods.expr import ExpressionError, parse_statements
from game.mods.expr.syntax import Do, Str
from game.mods.models import Event, Reaction
from game.mods.stack import Merged


@dataclass
class _Edge:
    weight: int = 0
    #: Where the first of the schedules behind this edge is written, and through what.
    origin: Origin | None = None
    loc: LocPath = ()
    via: str = ""


@dataclass
class _Graph:
    nodes: list[str]
    edges: dict[str, dict[str, _Edge]] = field(default_factory=dict)

    def add(self, a: str, b: str, weight: int, origin: Origin, loc: LocPath, via: str) -> None:
        if weight <= 0:
            return
        e = self.edges.setdefault(a, {}).setdefault(b, _Edge())
        if e.origin is None:
            e.origin, e.loc, e.via = origin, loc, via
        e.weight += weight


def scheduled_by(sources: Iterable[str]) -> dict[str, int]:
    """How many times a list of effects schedules each event (whatever its guards say)."""
    out: dict[str, int] = {}
    for source in sources:
        try:
            statements = parse_statements(source)
        except (ExpressionError, RecursionError):
            continue  # the compiler reports it
        for st in statements:
            if isinstance(st, Do) and st.call.name == "schedule" and st.call.args:
                arg = st.call.args[0]
                if isinstance(arg, Str):
                    out[arg.value] = out.get(arg.value, 0) + 1
    return out


def _reaction_keys(e: Event) -> set[str]:
    keys = {e.id, *e.tags}
    for opt in e.option:
        keys.update(opt.tags)
    return keys


def _reactors(r: Reaction, actor: str | None, powers: list[str]) -> int:
    if r.by and actor not in r.by:
        return 0
    who = r.powers or powers
    return sum(1 for p in who if p != actor or p in r.by)


def _graph(merged: Merged) -> _Graph:
    repeat = [eid for eid, (e, _) in merged.event.items() if not e.once]
    g = _Graph(repeat)
    nodes = set(repeat)
    powers = list(merged.power)
    by_key: dict[str, list[tuple[Reaction, Origin]]] = {}
    for r, o in merged.reaction.values():
        for key in dict.fromkeys((*r.to, *r.tags)):
            by_key.setdefault(key, []).append((r, o))
    for eid in repeat:
        e, o = merged.event[eid]
        for i, eff in enumerate(e.effects):
            for target, n in scheduled_by([eff]).items():
                if target in nodes:
                    g.add(eid, target, n, o, ("effects", i), "its effects")
        for i, fu in enumerate(e.follow_up):
            if fu.event in nodes and fu.option is None:
                g.add(eid, fu.event, 1, o, ("follow_up", i, "event"), "a follow-up")
        _options(g, eid, e, o, nodes)
        seen: set[str] = set()
        for key in sorted(_reaction_keys(e)):
            for r, ro in by_key.get(key, ()):
                if r.id in seen:
                    continue
                seen.add(r.id)
                reactors = _reactors(r, e.power, powers)
                for j, resp in enumerate(r.response):
                    for target, n in scheduled_by(resp.effects).items():
                        if target in nodes:
                            who = "every power that reacts" if reactors > 1 else "the power that reacts"
                            g.add(eid, target, n * reactors, ro, ("response", j), f"reaction '{r.id}' ({who})")
    return g


def _options(g: _Graph, eid: str, e: Event, o: Origin, nodes: set[str]) -> None:
    """What the options schedule: only one is chosen, so the most any one of them schedules."""
    best: dict[str, tuple[int, LocPath]] = {}
    for j, opt in enumerate(e.option):
        counts = scheduled_by(opt.effects)
        for fu in e.follow_up:
            if fu.option == opt.id:
                counts[fu.event] = counts.get(fu.event, 0) + 1
        for target, n in counts.items():
            if target in nodes and n > best.get(target, (0, ()))[0]:
                best[target] = (n, ("option", j))
    for target, (n, loc) in sorted(best.items()):
        g.add(eid, target, n, o, loc, "an option")


def _groups(g: _Graph) -> list[list[str]]:
    """The strongly connected groups of events (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    for root in g.nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(g.edges.get(root, {}))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(g.edges.get(child, {})))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    n = stack.pop()
                    on_stack.discard(n)
                    group.append(n)
                    if n == node:
                        break
                out.append(sorted(group, key=g.nodes.index))
    return out


def multiplying_chains(merged: Merged, events_limit: int) -> list[ContentError]:
    """A warning for each group of events that schedule each other and can multiply."""
    g = _graph(merged)
    warnings = []
    for group in _groups(g):
        members = set(group)
        inner = [(a, b, e) for a in group for b, e in sorted(g.edges.get(a, {}).items()) if b in members]
        total = sum(e.weight for _, _, e in inner)
        if not inner or total <= len(group):
            continue
        links = "; ".join(f"'{a}' -> '{b}' x{e.weight} through {e.via}" for a, b, e in inner[:6])
        if len(group) == 1:
            what = f"event '{group[0]}' schedules itself more than once each time it fires"
        else:
            names = ", ".join(f"'{n}'" for n in group[:8]) + (" and more" if len(group) > 8 else "")
            what = f"events {names} schedule each other and can multiply every month"
        first = max(inner, key=lambda t: t[2].weight)[2]
        assert first.origin is not None
        spot = first.origin.file.positions.value((*first.origin.loc, *first.loc))
        warnings.append(
            ContentError(
                first.origin.file.shown,
                spot.line,
                spot.col,
                f"warning: {what} ({links}); "
                f"the game cuts such a chain off at {events_limit} events a month (rules.max_events_per_month)",
            )
        )
    return warnings
