"""Deals: proposals and their answers, counter-offers, agreements in force, breaches and walk-outs.

A deal is a set of terms among named parties; every party must accept. Each computer party
answers at once (the policy decides, the rules record it); an answer near acceptance can be a
counter-offer the proposer may take or refuse. Agreements in force run their terms every month
and are checked for breaches; a party that breaks one is remembered for it. Nothing here names
a country: the terms, packages and every number come from content.
"""

from __future__ import annotations

from game.engine import rules, words
from game.engine.diplomacy import Counter, Deal, Refusal
from game.engine.policy import Answer, Policy
from game.engine.records import Answered, Broken, CounterOffered, Dialogue, News, Proposed, Reason, Signed, Verdict
from game.engine.state import Agreement, GameState, Happening
from game.mods.content import Content, TermDef
from game.mods.expr import Scope


def term_givers(term: TermDef, parties: tuple[str, ...]) -> tuple[str, ...]:
    """Who gives a term in a deal among `parties` (all of them for a shared term)."""
    return parties if term.model.giver == "all" else (term.model.giver,)


def conflicts(content: Content, term_ids: tuple[str, ...] | list[str]) -> tuple[str, str] | None:
    ids = set(term_ids)
    for tid in term_ids:
        for other in content.terms[tid].model.conflicts:
            if other in ids:
                return (tid, other)
    return None


def parties_of(content: Content, terms: tuple[str, ...], proposer: str) -> tuple[str, ...]:
    """Who a deal of these terms must be put to: every giver and every power a term needs."""
    ps: set[str] = set()
    for t in terms:
        term = content.terms[t]
        if term.model.giver != "all":
            ps.add(term.model.giver)
        ps.update(term.model.needs)
    ps.discard(proposer)
    return words.order(content, ps)


def everyone(content: Content, deal: Deal | Counter) -> tuple[str, ...]:
    """Every party to a deal, its proposer included, in content order."""
    return words.order(content, (deal.proposer, *deal.parties))


def in_talks(state: GameState) -> bool:
    """Whether the parties sit at the talks' table, where concessions cost less face."""
    neg = state.content.rules.negotiation
    var = neg.talks_variable
    return var is not None and state.vars.get(var, 0) >= neg.talks_level


def deal_problem(state: GameState, proposer: str, parties: tuple[str, ...], terms: tuple[str, ...]) -> str | None:
    """Why `proposer` may not put these terms to `parties` now, or None."""
    content = state.content
    for p in parties:
        if p not in content.powers:
            return f"unknown power {p!r}"
        if p == proposer:
            return "name the other parties; you are a party to your own proposal"
    if not parties:
        return "a deal needs at least one other party"
    table = words.order(content, (proposer, *parties))
    for t in terms:
        term = content.terms.get(t)
        if term is None:
            return f"unknown term {t!r}"
        if term.model.giver != "all" and term.model.giver not in table:
            return f"{t} is given by {term.model.giver}, who is not a party to this deal"
        missing = [n for n in term.model.needs if n not in table]
        if missing:
            return f"{t} needs {', '.join(missing)} at the table"
        if state.term_in_force(t):
            return f"'{term.model.name}' is already in force"
        givers = term_givers(term, table)
        if term.when is not None and not all(rules.holds(term.when, Scope(state, g)) for g in givers):
            return f"'{term.model.name}' cannot be offered now"
    clash = conflicts(content, terms)
    if clash:
        a, b = (content.terms[x].model.name for x in clash)
        return f"'{a}' and '{b}' cannot stand in one deal"
    return _road_problem(state, proposer, terms)


def package_problem(state: GameState, proposer: str, package: str | None, terms: tuple[str, ...]) -> str | None:
    """Why `proposer` may not put these terms forward as the content's package `package`, or None."""
    if package is None:
        return None
    pk = state.content.packages.get(package)
    if pk is None:
        return f"unknown package {package!r}"
    if tuple(pk.model.terms) != terms:
        return f"the package {package} is {'+'.join(pk.model.terms)}"
    if pk.model.proposers and proposer not in pk.model.proposers:
        return f"only {words.names(state.content, pk.model.proposers)} put forward '{pk.model.name}'"
    return None


def _road_problem(state: GameState, proposer: str, terms: tuple[str, ...]) -> str | None:
    """A deal that holds all of a package's terms must have walked that package's road (its `when`)."""
    held = set(terms)
    for pk in state.content.packages.values():
        reached = pk.when is None or not held.issuperset(pk.model.terms) or rules.holds(pk.when, Scope(state, proposer))
        if not reached:
            return f"'{pk.model.name}' is not within reach yet ({pk.model.when})"
    return None


# -- proposals ----------------------------------------------------------------------------------


def propose(state: GameState, deal: Deal, policy: Policy, pay: bool = True, round: int = 1) -> str:
    """Put a deal forward in round `round` of a bargain; returns 'agreement', 'counter', 'offer' or
    'refused'. Every proposal pays its cost, whoever makes it; rounds after the first are free."""
    st = state
    c = st.content
    neg = c.rules.negotiation
    proposer = deal.proposer
    if pay:
        st.spend(proposer, neg.propose_cost)
        st.moves_made += 1
    deal = Deal(proposer, words.order(c, deal.parties), deal.terms, deal.package)
    label = words.deal_label(c, deal.terms, deal.package)
    text = f"{words.subject(c, proposer)} proposes to {words.names(c, deal.parties)}: {label}"
    st.write(Proposed(st.turn, st.date, deal.package or "deal", text, proposer, parties=deal.parties, terms=deal.terms))
    st.happenings.append(Happening("proposal", ("proposal",), proposer, None))
    counters: list[tuple[str, tuple[str, ...]]] = []
    refused = False
    last = round >= neg.rounds
    for p in deal.parties:  # every party answers, so the proposer hears them all
        if p == st.player:
            continue
        ans = policy.answer(st, p, deal, counters=not last)
        write_answer(st, p, deal, ans)
        if ans.verdict is Verdict.REJECT:
            refuse(st, p, deal)
            refused = True
        if ans.counter is not None:
            counters.append((p, ans.counter))
    if refused:
        return "refused"
    if counters:
        counter = _one_counter(st, deal, counters, policy, round + 1)
        if counter is None:
            return "refused"
        if proposer == st.player:
            st.diplomacy.counter = counter
            return "counter"
        # a computer proposer takes a counter it likes, and the others answer it afresh
        changed = Deal(proposer, deal.parties, counter.terms)
        if policy.answer(st, proposer, changed, counters=False).verdict is not Verdict.ACCEPT:
            return "refused"
        return propose(st, changed, policy, pay=False, round=neg.rounds)
    if st.player in deal.parties:
        st.diplomacy.offers.append(deal)
        return "offer"
    sign(st, everyone(c, deal), deal.terms, deal.package)
    return "agreement"


def _one_counter(
    st: GameState, deal: Deal, counters: list[tuple[str, tuple[str, ...]]], policy: Policy, round: int
) -> Counter | None:
    """The counter-offer that goes back on the table: the only one, or, when several parties
    changed the deal, what a mediator finds that all of them could sign (None: nothing)."""
    if len(counters) == 1:
        by, only = counters[0]
        return Counter(by, deal.proposer, deal.parties, only, deal.package, round)
    found = policy.mediate(st, deal, counters)
    if found is None:
        return None
    mediator = _mediator(st, deal)
    line = words.say(st, mediator, "counter", deal.proposer, terms=found)
    st.write(Dialogue(st.turn, st.date, "mediation", line, mediator, deal.proposer))
    return Counter(mediator, deal.proposer, deal.parties, found, None, round)


def _mediator(st: GameState, deal: Deal) -> str:
    """Who brings several counter-offers together: the power outside the deal its parties regard
    best, or, when every power is at the table, the party they regard best."""
    c = st.content
    table = everyone(c, deal)
    outside = [p for p in c.powers if p not in table and p != st.player]
    pool = outside or [p for p in table if p != st.player and p != deal.proposer] or list(table)

    def standing(p: str) -> float:
        others = [q for q in table if q != p]
        return sum(st.opinion[q][p] for q in others) / max(1, len(others))

    return max(pool, key=lambda p: (standing(p), -list(c.powers).index(p)))


def refuse(state: GameState, by: str, deal: Deal) -> None:
    """`by` turned the deal down: it remembers, and the proposer loses face with it, more for
    asking again what it refused only months ago."""
    st = state
    neg = st.content.rules.negotiation
    again = repeats(st, by, deal.proposer, deal.terms)
    st.diplomacy.refusals.append(Refusal(st.turn, deal.proposer, by, deal.terms))
    cost = neg.refusal_cost * (1 + again)
    if cost and by != deal.proposer:
        st.set_opinion(by, deal.proposer, st.opinion[by][deal.proposer] - cost)


def repeats(state: GameState, by: str, proposer: str, terms: tuple[str, ...]) -> int:
    """How often `by` refused `proposer` much the same terms (half of them or more) in the last months."""
    months = state.content.rules.negotiation.repeat_months
    asked = set(terms)
    n = 0
    for r in state.diplomacy.refusals:
        recent = r.by == by and r.proposer == proposer and state.turn - r.turn <= months
        if recent and len(asked & set(r.terms)) * 2 >= max(len(asked), len(r.terms)):
            n += 1
    return n


def write_answer(state: GameState, power: str, deal: Deal, ans: Answer) -> None:
    st = state
    line = words.say(st, power, ans.verdict.value, deal.proposer, terms=ans.counter or deal.terms)
    reasons = tuple(Reason(round(r.points, 1), r.text) for r in ans.reasons)
    common = dict(
        verdict=ans.verdict,
        reasons=reasons,
        total=round(ans.total, 1),
        threshold=round(ans.threshold, 1),
        proposer=deal.proposer,
    )
    rid = deal.package or "deal"
    if ans.counter is not None:
        asks = tuple(t for t in ans.counter if t not in deal.terms)
        drops = tuple(t for t in deal.terms if t not in ans.counter)
        st.write(
            CounterOffered(
                st.turn,
                st.date,
                rid,
                line,
                power,
                deal.proposer,
                counter_terms=ans.counter,
                asks_for=asks,
                drops=drops,
                **common,  # type: ignore[arg-type]
            )
        )
    else:
        st.write(Answered(st.turn, st.date, rid, line, power, deal.proposer, **common))  # type: ignore[arg-type]


def _answers_sign(state: GameState, deal: Deal, skip: tuple[str, ...], policy: Policy, heard: bool) -> bool:
    """The parties not in `skip` answer a deal that allows no counter; True when all accept.
    Refusals are always written down; acceptances only when `heard`."""
    for p in deal.parties:
        if p in skip:
            continue
        ans = policy.answer(state, p, deal, counters=False)
        if ans.verdict is not Verdict.ACCEPT:
            write_answer(state, p, deal, Answer(Verdict.REJECT, ans.total, ans.threshold, ans.reasons))
            refuse(state, p, deal)
            return False
        if heard:
            write_answer(state, p, deal, ans)
    return True


def accept_counter(state: GameState, policy: Policy) -> None:
    st = state
    c = st.content
    counter = st.diplomacy.counter
    assert counter is not None
    st.diplomacy.counter = None
    deal = Deal(counter.proposer, counter.parties, counter.terms, counter.package)
    text = (
        f"{words.subject(c, deal.proposer)} takes {words.possessive(words.name(c, counter.by))} counter-offer: "
        f"{words.term_names(c, deal.terms)}"
    )
    st.write(
        Proposed(
            st.turn,
            st.date,
            deal.package or "deal",
            text,
            deal.proposer,
            parties=deal.parties,
            terms=deal.terms,
            counter=True,
        )
    )
    if _answers_sign(st, deal, (st.player, counter.by), policy, heard=True):
        sign(st, everyone(c, deal), deal.terms, deal.package)


def refuse_counter(state: GameState) -> None:
    st = state
    c = st.content
    counter = st.diplomacy.counter
    assert counter is not None
    st.diplomacy.counter = None
    text = (
        f"{words.subject(c, counter.proposer)} turns down {words.possessive(words.name(c, counter.by))} counter-offer."
    )
    st.write(
        Answered(
            st.turn, st.date, counter.package or "deal", text, counter.proposer, counter.by, verdict=Verdict.REFUSE
        )
    )
    refuse(st, counter.proposer, Deal(counter.by, counter.parties, counter.terms))


def answer_offer(state: GameState, accept: bool, policy: Policy) -> None:
    """The player answers the oldest offer waiting."""
    st = state
    c = st.content
    player = st.player
    deal = st.diplomacy.offers.pop(0)
    rid = deal.package or "deal"
    if not accept:
        text = f"{words.subject(c, player)} turns down the offer from {words.name(c, deal.proposer)}: " + (
            words.term_names(c, deal.terms)
        )
        st.write(Answered(st.turn, st.date, rid, text, player, deal.proposer, verdict=Verdict.REFUSE))
        refuse(st, player, deal)
        return
    text = f"{words.subject(c, player)} accepts: {words.term_names(c, deal.terms)}"
    st.write(Answered(st.turn, st.date, rid, text, player, deal.proposer, verdict=Verdict.ACCEPT))
    if deal_problem(st, deal.proposer, deal.parties, deal.terms):
        st.write(News(st.turn, st.date, "deal", "The offer no longer stands: the situation has changed."))
        return
    if _answers_sign(st, deal, (player, deal.proposer), policy, heard=False):
        sign(st, everyone(c, deal), deal.terms, deal.package)


# -- agreements ---------------------------------------------------------------------------------


def apply_signing(state: GameState, parties: tuple[str, ...], terms: tuple[str, ...]) -> None:
    """What signing these terms does at once: each giver's `on_sign` effects."""
    content = state.content
    for tid in terms:
        t = content.terms[tid]
        for giver in term_givers(t, parties):
            rules.apply(t.on_sign, Scope(state, giver))


def sign(state: GameState, parties: tuple[str, ...], terms: tuple[str, ...], package: str | None) -> Agreement:
    st = state
    c = st.content
    dip = st.diplomacy
    dip.agreement_seq += 1
    name = words.deal_label(c, terms, package)
    talks = in_talks(st)
    agreement = Agreement(f"deal{dip.agreement_seq}", parties, terms, st.turn, name, talks)
    st.agreements.append(agreement)
    st.touch_terms(terms)
    # Only what the parties do after signing can break it.
    dip.signed_at[agreement.id] = len(st.happenings)
    # Trust collapses only by falling after signing: remember where it stood.
    dip.signed_trust[agreement.id] = {f"{a}:{b}": st.trust[a][b] for a in parties for b in parties if a != b}
    apply_signing(st, parties, terms)
    for a in parties:
        for b in parties:
            if a != b:
                st.set_opinion(a, b, st.opinion[a][b] + 5)
    text = f"{words.subjects(c, parties)} agree: {name}"
    st.write(Signed(st.turn, st.date, agreement.id, text, parties=parties, terms=terms, name=name, in_talks=talks))
    tags = tuple(sorted({"agreement", *(tag for t in terms for tag in c.terms[t].model.tags)}))
    st.happenings.append(Happening("agreement", tags, parties[0], None))
    return agreement


def forbidden_tags(state: GameState, power: str) -> set[str]:
    """What `power` has promised not to do, by the agreements in force."""
    out: set[str] = set()
    for a in state.agreements:
        for tid in a.terms:
            t = state.content.terms[tid]
            if power in term_givers(t, a.parties):
                out.update(t.model.forbids)
    return out


def breaks(state: GameState, power: str, tags: tuple[str, ...] | list[str]) -> list[Agreement]:
    """Agreements `power` would break by doing something with these tags."""
    out = []
    for a in state.agreements:
        for tid in a.terms:
            t = state.content.terms[tid]
            if power in term_givers(t, a.parties) and set(t.model.forbids) & set(tags):
                out.append(a)
                break
    return out


def distrusted(state: GameState, power: str, agreement: Agreement) -> list[str]:
    """The other parties `power` has stopped trusting since the agreement was signed."""
    neg = state.content.rules.negotiation
    signed = state.diplomacy.signed_trust.get(agreement.id, {})
    return [
        q
        for q in agreement.parties
        if q != power
        and state.trust[power][q] <= neg.trust_collapse < signed.get(f"{power}:{q}", neg.trust_collapse + 1)
    ]


def walk_out(state: GameState, power: str, agreement: Agreement) -> None:
    """`power` breaks an agreement of its own accord, for the reason the state gives."""
    gone = distrusted(state, power, agreement)
    if gone:
        reason = f"it no longer trusts {words.names(state.content, gone)}"
    else:
        reason = "keeping it had come to cost more than it gave"
    break_agreement(state, agreement, power, reason)


def break_agreement(state: GameState, agreement: Agreement, breaker: str, reason: str) -> None:
    st = state
    c = st.content
    neg = c.rules.negotiation
    if agreement not in st.agreements:
        return
    st.agreements.remove(agreement)
    st.touch_terms(agreement.terms)
    dip = st.diplomacy
    dip.signed_trust.pop(agreement.id, None)
    for tid in agreement.terms:
        t = c.terms[tid]
        for giver in term_givers(t, agreement.parties):
            rules.apply(t.on_break, Scope(st, giver))
    for q in agreement.parties:
        if q == breaker:
            continue
        st.set_opinion(q, breaker, st.opinion[q][breaker] - neg.grudge_opinion)
        st.set_trust(q, breaker, st.trust[q][breaker] - neg.grudge_trust)
        key = f"{q}:{breaker}"
        dip.grudges[key] = dip.grudges.get(key, 0) + neg.grudge_opinion
    text = f"{words.subject(c, breaker)} breaks the agreement ({agreement.name}): {reason}"
    st.write(
        Broken(
            st.turn,
            st.date,
            agreement.id,
            text,
            breaker,
            agreement=agreement.name,
            terms=agreement.terms,
            reason=reason,
        )
    )
    for q in agreement.parties:
        if q != breaker and q != st.player:
            line = words.say(st, q, "betrayal", breaker, terms=agreement.terms)
            st.write(Dialogue(st.turn, st.date, "betrayal", line, q, breaker))
    tags = tuple(sorted({"defection", *(tag for t in agreement.terms for tag in c.terms[t].model.tags)}))
    st.happenings.append(Happening("defection", tags, breaker, None))


def _breach(state: GameState, agreement: Agreement) -> tuple[str, str] | None:
    """Who broke an agreement this month, and how, or None."""
    st = state
    start = st.diplomacy.signed_at.get(agreement.id, 0) if agreement.signed == st.turn else 0
    for tid in agreement.terms:
        t = st.content.terms[tid]
        for giver in term_givers(t, agreement.parties):
            done: set[str] = set()
            for h in st.happenings[start:]:
                if h.actor == giver:
                    done.update(h.tags)
            if set(t.model.forbids) & done:
                return (giver, f"it went against '{t.model.name}'")
            if t.keeps is not None and not rules.holds(t.keeps, Scope(st, giver)):
                return (giver, f"'{t.model.name}' no longer holds")
    return None


def resolve(state: GameState) -> None:
    """The month's end for agreements: breaches, monthly effects, trust and fading grudges."""
    st = state
    c = st.content
    neg = c.rules.negotiation
    for a in list(st.agreements):
        broken = _breach(st, a)
        if broken:
            break_agreement(st, a, *broken)
            continue
        for tid in a.terms:
            t = c.terms[tid]
            for giver in term_givers(t, a.parties):
                rules.apply(t.each_turn, Scope(st, giver))
        if st.turn > a.signed:
            for x in a.parties:
                for y in a.parties:
                    if x != y:
                        st.set_trust(x, y, st.trust[x][y] + neg.trust_per_month)
    dip = st.diplomacy
    for k in sorted(dip.grudges):
        dip.grudges[k] = max(0, dip.grudges[k] - neg.grudge_decay)
        if dip.grudges[k] == 0:
            del dip.grudges[k]
    dip.talked.clear()
    dip.counter = None
    dip.signed_at.clear()


# -- talking ------------------------------------------------------------------------------------


def talk(state: GameState, power: str, policy: Policy) -> None:
    """The player sounds `power` out: it speaks, and at easier levels lets slip what it wants."""
    st = state
    player = st.player
    st.diplomacy.talked.append(power)
    line = words.say(st, power, "greeting", player)
    intel = st.difficulty.intel
    wants = least = mood = opinion = trust = None
    if intel >= 1:
        heard = policy.sound_out(st, power, player)
        wants, least = heard.wants, heard.least_costly
        if intel >= 2:
            mood = words.mood(st.opinion[power][player])
            opinion = st.opinion[power][player]
            trust = st.trust[power][player]
    st.write(
        Dialogue(
            st.turn,
            st.date,
            "greeting",
            line,
            power,
            player,
            wants=wants,
            least_costly=least,
            mood=mood,
            opinion=opinion,
            trust=trust,
        )
    )
