"""Reactions: how the powers answer what they saw this month, and what a power can count on.

`run_reactions` rolls the dice the content gives; `expected_reactions` applies only what is
likely (a chance of at least one half, the heaviest response), with no dice, for previews and
the computer's what-ifs. Both pick who reacts by the same rule.

A month runs at most the content's `rules.max_reactions_per_month` reactions: reactions that
schedule each other's events can otherwise multiply. At the limit the rest of the month's
reactions are skipped, and a news item names the reactions that ran and what went unanswered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from game.engine import rules
from game.engine.records import News, Reacted
from game.engine.state import GameState, Happening
from game.mods.content import ReactionDef
from game.mods.expr import Scope


def reactions_for(state: GameState, h: Happening) -> list[ReactionDef]:
    """The reactions keyed on a happening's id or tags, in content order, each once."""
    out: list[ReactionDef] = []
    seen: set[str] = set()
    by_trigger = state.content.reactions_by_trigger
    for key in (h.id, *h.tags):
        for r in by_trigger.get(key, ()):
            if r.id not in seen:
                seen.add(r.id)
                out.append(r)
    order = state.content.reaction_order
    out.sort(key=lambda r: order[r.id])
    return out


def _reactors(state: GameState, r: ReactionDef, h: Happening, everyone: bool) -> Iterator[str]:
    """Who answers `h` by `r`: the reaction's powers, or every power; the doer only when named in `by`."""
    m = r.model
    if everyone:
        reactors = m.powers or list(state.content.powers)
    else:
        reactors = m.powers or [p for p in state.content.powers if p != h.actor]
    for reactor in reactors:
        if reactor == h.actor and reactor not in m.by:
            continue
        yield reactor


def run_reactions(state: GameState, since: int = 0) -> None:
    """Every power answers what happened this month (from the `since`-th happening on), with the
    content's chances and dice; each reaction at most once a month for each reactor and doer."""
    st = state
    seen: set[tuple[str, str, str | None]] = set()
    limit = st.content.rules.max_reactions_per_month
    ran: Counter[str] = Counter()
    happenings = list(st.happenings[since:])
    for done, h in enumerate(happenings):
        for r in reactions_for(st, h):
            m = r.model
            if m.by and h.actor not in m.by:
                continue
            for reactor in _reactors(st, r, h, everyone=True):
                # once a month for each reactor and doer: two tests draw one protest, not two
                once = (m.id, reactor, h.actor)
                if once in seen:
                    continue
                scope = Scope(st, reactor, h.actor, h.target)
                if not rules.holds(r.when, scope):
                    continue
                if m.chance < 1.0 and st.rng.random() >= m.chance:
                    continue
                if ran.total() >= limit:
                    st.write(News(st.turn, st.date, "limit", _cut_short(limit, ran, happenings[done:])))
                    return
                resp = rules.weighted_pick(st.rng, list(r.responses), [x.model.weight for x in r.responses])
                if resp is None:
                    continue
                seen.add(once)
                ran[m.id] += 1
                rules.apply(resp.effects, scope)
                if resp.model.news:
                    text = rules.render(resp.model.news, rules.names_for(st, reactor, h.actor, h.target))
                    st.write(Reacted(st.turn, st.date, m.id, text, reactor, h.actor))


def _cut_short(limit: int, ran: Counter[str], left: list[Happening]) -> str:
    def most(c: Counter[str]) -> str:
        top = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"'{k}' x{n}" for k, n in top[:5])
        return shown + (f" and {len(top) - 5} more" if len(top) > 5 else "")

    return (
        f"The month's reactions were cut short at {limit}, the most the rules allow "
        f"(rules.max_reactions_per_month). Ran: {most(ran)}. Left unanswered: {most(Counter(h.id for h in left))}."
    )


def expected_reactions(state: GameState, h: Happening) -> None:
    """Apply, with no dice, the reactions to `h` a power can count on: chance at least one half,
    the heaviest response."""
    for r in _keyed(state, h):
        m = r.model
        if m.chance < 0.5 or (m.by and h.actor not in m.by):
            continue
        for reactor in _reactors(state, r, h, everyone=False):
            scope = Scope(state, reactor, h.actor, h.target)
            if not rules.holds(r.when, scope):
                continue
            best = max(r.responses, key=lambda x: x.model.weight)
            rules.apply(best.effects, scope)


def _keyed(state: GameState, h: Happening) -> Iterator[ReactionDef]:
    # What-ifs take reactions in the order their keys come (id, then tags), as forecasts always have.
    seen: set[str] = set()
    for key in (h.id, *h.tags):
        for r in state.content.reactions_by_trigger.get(key, ()):
            if r.id not in seen:
                seen.add(r.id)
                yield r
