"""The computer's diplomacy: which deal to put forward, which statement to issue, when to walk out,
how to answer what others propose, and what to let slip when sounded out."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

from game.ai.foresight import expected_score
from game.ai.valuation import DealMath
from game.engine import deals, rules, words
from game.engine.diplomacy import Deal
from game.engine.policy import Answer, Intel
from game.engine.records import Verdict
from game.engine.rules import moves_allowed
from game.engine.state import Agreement, GameState
from game.engine.statements import apply_declaration, cooldown_left
from game.mods.expr import Scope
from game.moves import Break, Propose, Statement


def answer(state: GameState, power: str, deal: Deal, counters: bool) -> Answer:
    """`power`'s answer to a deal, by what it is worth to it; a counter-offer when it is close."""
    dm = DealMath.of(state)
    table = deals.everyone(state.content, deal)
    val = dm.value(power, deal.proposer, table, deal.terms)
    verdict = val.verdict
    counter = None
    if verdict is Verdict.COUNTER:
        found = dm.counter(power, deal.proposer, table, deal.terms, val) if counters else None
        if found is None:
            verdict = Verdict.REJECT
        else:
            counter = found[0]
    return Answer(verdict, val.total, val.threshold, val.reasons, counter)


def defections(state: GameState, power: str, temptation: float) -> Iterator[Break]:
    """The agreements `power` walks out of: when trust in a party has collapsed since signing, or
    keeping the deal is worth less than breaking it (plus what breaking would let it do)."""
    neg = state.content.rules.negotiation
    dm = DealMath.of(state)
    for a in list(state.agreements):
        if power not in a.parties:
            continue
        if deals.distrusted(state, power, a):
            yield Break(a.id)
            continue
        if _not_worth_keeping(state, dm, power, a, temptation, neg.defect_margin, neg.talks_loyalty):
            yield Break(a.id)


def _not_worth_keeping(
    state: GameState, dm: DealMath, power: str, a: Agreement, temptation: float, margin: float, loyalty: float
) -> bool:
    keep = expected_score(dm.kept(a.terms, a.parties), power)
    walk = expected_score(dm.broken(a.terms, a.parties), power)
    return walk + max(0.0, temptation) - keep > margin + (loyalty if a.in_talks else 0)


#: How sure a proposer is of the others' minds: a party this many points short of accepting is
#: thought to accept about one time in four.
DOUBT = 4.0
#: Each refusal a party gave the proposer lately makes the proposer think it this much less willing.
WARINESS = 2.0


def acceptance(dm: DealMath, proposer: str, party: str, parties: tuple[str, ...], terms: tuple[str, ...]) -> float:
    """The proposer's belief that `party` accepts: it knows how each weighs a deal, not their
    exact margins (its doubt is `DOUBT` points), and learns from the refusals it met."""
    st = dm.state
    vv = dm.value(party, proposer, words.order(st.content, (proposer, *parties)), terms)
    months = st.content.rules.negotiation.repeat_months
    refused = sum(
        1 for r in st.diplomacy.refusals if r.by == party and r.proposer == proposer and st.turn - r.turn <= months
    )
    margin = vv.total - vv.threshold - WARINESS * refused
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, margin / DOUBT))))


def chance_all_accept(dm: DealMath, proposer: str, parties: tuple[str, ...], terms: tuple[str, ...]) -> float:
    """The proposer's belief that every computer party accepts."""
    return math.prod(acceptance(dm, proposer, q, parties, terms) for q in parties if q != dm.state.player)


def ranked_proposals(state: GameState, power: str) -> list[tuple[float, Propose]]:
    """The packages `power` could put forward now, best first by its own value times its belief
    that every party accepts; only those worth it (kept until the state changes)."""
    return state.derived("proposals", power, lambda: _ranked(state, power))


def _ranked(state: GameState, power: str) -> list[tuple[float, Propose]]:
    """The packages `power` could put forward now, best first by its own value times its belief
    that every party accepts; only those worth it. It pays as the player pays, and what it was
    refused lately is worth less (the refusal weighs in the others' answers and its beliefs)."""
    st = state
    c = st.content
    neg = c.rules.negotiation
    if not c.packages:
        return []
    if st.pvars[power][c.rules.capital] < neg.propose_cost or st.moves_made >= moves_allowed(st, power):
        return []
    dm = DealMath.of(st)
    out: list[tuple[float, Propose]] = []
    for pk in c.packages.values():
        m = pk.model
        terms = tuple(m.terms)
        parties = deals.parties_of(c, terms, power)
        if not parties or deals.deal_problem(st, power, parties, terms):
            continue
        if deals.package_problem(st, power, pk.id, terms):
            continue
        if any(p == st.player for p in parties) and st.diplomacy.offers:
            continue
        if not m.proposers and power not in {*parties, *deals.parties_of(c, terms, "")}:
            continue
        if pk.ai_when is not None and not rules.holds(pk.ai_when, Scope(st, power)):
            continue
        own = dm.value(power, power, words.order(c, (power, *parties)), terms)
        if own.total < neg.threshold:
            continue
        expected = own.total * chance_all_accept(dm, power, parties, terms)
        if expected >= neg.threshold / 2:
            out.append((expected, Propose(parties, terms, pk.id)))
    out.sort(key=lambda x: -x[0])
    return out


def proposal(state: GameState, power: str, rng: random.Random) -> Propose | None:
    """The package `power` puts forward this month, if any is worth it and the dice allow."""
    if not state.content.packages or rng.random() >= state.content.rules.negotiation.ai_proposal_chance:
        return None
    ranked = ranked_proposals(state, power)
    return ranked[0][1] if ranked else None


def mediate(state: GameState, deal: Deal, counters: list[tuple[str, tuple[str, ...]]]) -> tuple[str, ...] | None:
    """Terms all the computer parties would sign, from the counter-offers several of them made: each
    counter as it stands, and every counter's changes made at once; the one whose least willing
    party is happiest."""
    dm = DealMath.of(state)
    c = state.content
    table = deals.everyone(c, deal)
    merged = list(deal.terms)
    for _, terms in counters:
        for t in deal.terms:
            if t not in terms and t in merged:
                merged.remove(t)
        for t in terms:
            if t not in merged and not deals.conflicts(c, (*merged, t)):
                merged.append(t)
    best: tuple[float, tuple[str, ...]] | None = None
    for cand in dict.fromkeys([tuple(merged), *(terms for _, terms in counters)]):
        if not cand or deals.conflicts(c, cand):
            continue
        margin = dm.least_margin(cand, deal.proposer, table)
        if margin >= 0 and (best is None or margin > best[0]):
            best = (margin, cand)
    return best[1] if best is not None else None


def statement_value(state: GameState, signer: str, decl_id: str, issuer: str) -> float:
    """What signing a statement is worth to `signer` (issuing it, when `signer` is the issuer)."""
    d = state.content.declarations[decl_id]
    sim = state.copy(rng=random.Random(0), light=True)
    apply_declaration(sim, d, signer if signer == issuer else None, [signer])
    value = expected_score(sim, signer) - expected_score(state, signer)
    if signer != issuer:
        value += state.opinion[signer][issuer] * state.content.rules.negotiation.opinion_weight
    return value


def statement(state: GameState, power: str, rng: random.Random) -> Statement | None:
    """The statement `power` issues this month, if any is worth it (and the dice allow)."""
    st = state
    c = st.content
    if not c.declarations or rng.random() >= c.rules.negotiation.ai_statement_chance:
        return None
    if st.moves_made >= moves_allowed(st, power):
        return None
    capital = st.pvars[power][c.rules.capital]
    best: tuple[float, str] | None = None
    for d in c.declarations.values():
        if d.model.by and power not in d.model.by:
            continue
        if d.model.cost > capital or power in d.model.presses:
            continue
        if not rules.holds(d.when, Scope(st, power)):
            continue
        if cooldown_left(st, power, d.id):
            continue
        v = statement_value(st, power, d.id, power)
        if v >= c.rules.negotiation.threshold / 2 and (best is None or v > best[0]):
            best = (v, d.id)
    if best is None:
        return None
    d = c.declarations[best[1]]
    invite = tuple(
        q
        for q in words.order(c, d.model.by or list(c.powers))
        if q != power and q not in d.model.presses and q != st.player
    )
    return Statement(d.id, invite)


def sound_out(state: GameState, power: str, listener: str) -> Intel:
    """The terms `power` would most like from others, and what it would give most easily."""
    st = state
    c = st.content
    dm = DealMath.of(st)
    wants = []
    for tid, t in c.terms.items():
        if t.model.giver in (power, "all") or st.term_in_force(tid):
            continue
        parties = words.order(c, {power, listener, t.model.giver, *t.model.needs})
        if any(n not in c.powers for n in parties):
            continue
        pts, _ = dm.effect_reason(power, dm.baseline(), dm.with_terms((tid,), parties), "")
        wants.append((pts, tid))
    wants.sort(key=lambda x: (-x[0], x[1]))
    offers = []
    for tid, t in c.terms.items():
        if t.model.giver != power or st.term_in_force(tid):
            continue
        parties = words.order(c, {power, listener, *t.model.needs})
        val = dm.value(power, listener, parties, (tid,))
        offers.append((val.total, tid))
    offers.sort(key=lambda x: (-x[0], x[1]))
    return Intel(tuple(t for pts, t in wants[:3] if pts > 0), tuple(t for _, t in offers[:3]))
