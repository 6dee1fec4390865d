"""Deals, counter-offers, agreements, defections, joint statements and what powers say.

A deal is a set of terms among named parties; every party must accept. AI parties answer at
once from `game.ai.valuation`; an answer near acceptance becomes a counter-offer the proposer
may take or refuse. Agreements in force run their terms every month and are checked for
breaches; a party that breaks one is remembered for it. Statements are issued by one power
and co-signed by others, pressing the powers they name. Nothing here names a country: the
terms, declarations, packages, dialogue and every number come from content.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from game.ai.valuation import ACCEPT, COUNTER, DealMath, Valuation, conflicts, term_givers
from game.engine import rules
from game.engine.state import Agreement, Happening
from game.mods.expr import Scope
from game.mods.text import possessive
from game.moves import AcceptCounter, Move, Propose, RefuseCounter, Statement, Talk

if TYPE_CHECKING:
    from game.engine.game import Game


def mood(opinion: int) -> str:
    return "warm" if opinion >= 30 else "cold" if opinion <= -30 else "neutral"


class Diplomacy:
    """The negotiation rules of one game. Its state lives in `game.state.memory` and agreements."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self.content = game.content
        self.neg = game.content.rules.negotiation

    # -- memory ----------------------------------------------------------------------------

    @property
    def memory(self) -> dict[str, Any]:
        return self.game.state.memory

    @property
    def counter(self) -> dict[str, Any] | None:
        return self.memory.get("counter")

    @property
    def offers(self) -> list[dict[str, Any]]:
        """Offers waiting for the player (reading never changes the state)."""
        return self.memory.get("offers", [])

    def order(self, powers: set[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
        idx = list(self.content.powers)
        return tuple(sorted(set(powers), key=idx.index))

    def name(self, p: str) -> str:
        m = self.content.powers[p].model
        return m.called or m.name

    def subject(self, p: str) -> str:
        """The name opening a sentence: "The United States"."""
        n = self.name(p)
        return n[:1].upper() + n[1:]

    def subjects(self, ps: tuple[str, ...] | list[str]) -> str:
        n = self.names(ps)
        return n[:1].upper() + n[1:]

    def names(self, ps: tuple[str, ...] | list[str]) -> str:
        ns = [self.name(p) for p in ps]
        return ns[0] if len(ns) == 1 else ", ".join(ns[:-1]) + " and " + ns[-1]

    def term_names(self, terms: tuple[str, ...] | list[str]) -> str:
        return "; ".join(self.content.terms[t].model.name for t in terms)

    # -- what the player may do ------------------------------------------------------------

    def why_not(self, move: Move) -> str | None:
        g = self.game
        st = g.state
        player = g.player
        assert player is not None
        if isinstance(move, (AcceptCounter, RefuseCounter)):
            if self.counter is None:
                return "there is no counter-offer on the table"
            return None
        if self.counter is not None:
            return "answer the counter-offer on the table first (accept or refuse)"
        if isinstance(move, Talk):
            if move.power not in self.content.powers:
                return f"unknown power {move.power!r}"
            if move.power == player:
                return "you cannot talk to yourself"
            if move.power in self.memory.get("talked", []):
                return f"you have already talked to {self.name(move.power)} this month"
            return None
        if st.moves_made >= self.content.rules.moves_per_turn:
            return f"no moves left this turn (the limit is {self.content.rules.moves_per_turn})"
        capital = st.pvars[player][self.content.rules.capital]
        if isinstance(move, Propose):
            why = self.deal_problem(player, move.parties, move.terms)
            if why:
                return why
            if self.neg.propose_cost > capital:
                return f"a proposal costs {self.neg.propose_cost} political capital and you have {capital}"
            return None
        if isinstance(move, Statement):
            return self.statement_problem(player, move.declaration, move.cosigners, capital)
        return f"{move.notation()!r} is not available in this game"

    def deal_problem(self, proposer: str, parties: tuple[str, ...], terms: tuple[str, ...]) -> str | None:
        content = self.content
        for p in parties:
            if p not in content.powers:
                return f"unknown power {p!r}"
            if p == proposer:
                return "name the other parties; you are a party to your own proposal"
        if not parties:
            return "a deal needs at least one other party"
        everyone = self.order((proposer, *parties))
        for t in terms:
            term = content.terms.get(t)
            if term is None:
                return f"unknown term {t!r}"
            if term.model.giver != "all" and term.model.giver not in everyone:
                return f"{t} is given by {term.model.giver}, who is not a party to this deal"
            missing = [n for n in term.model.needs if n not in everyone]
            if missing:
                return f"{t} needs {', '.join(missing)} at the table"
            if self.game.state.term_in_force(t):
                return f"{t} is already in force"
            givers = term_givers(term, everyone)
            if term.when is not None and not all(rules.holds(term.when, Scope(self.game.state, g)) for g in givers):
                return f"{t} cannot be offered now ({term.model.when})"
        clash = conflicts(content, terms)
        if clash:
            return f"{clash[0]} and {clash[1]} cannot stand in one deal"
        return None

    def statement_problem(self, issuer: str, decl_id: str, cosigners: tuple[str, ...], capital: int) -> str | None:
        d = self.content.declarations.get(decl_id)
        if d is None:
            return f"unknown declaration {decl_id!r}"
        m = d.model
        if m.by and issuer not in m.by:
            return f"only {', '.join(m.by)} may issue {decl_id}"
        for c in cosigners:
            if c not in self.content.powers:
                return f"unknown power {c!r}"
            if c == issuer:
                return "you sign your own statement: invite the others"
            if m.by and c not in m.by:
                return f"{c} cannot sign {decl_id} (signers: {', '.join(m.by)})"
            if c in m.presses:
                return f"{c} is one of the powers {decl_id} presses"
        if 1 + len(cosigners) < m.min_signers:
            return f"{decl_id} needs at least {m.min_signers} signers; invite {m.min_signers - 1} or more"
        if m.cost > capital:
            return f"{decl_id} costs {m.cost} political capital and you have {capital}"
        last = self.memory.get("declared", {}).get(f"{issuer}:{decl_id}")
        if last is not None and self.game.state.turn - last < m.cooldown:
            wait = m.cooldown - (self.game.state.turn - last)
            return f"{decl_id} was issued recently; it can be issued again in {wait} turn(s)"
        if not rules.holds(d.when, Scope(self.game.state, issuer)):
            return f"{decl_id} does not fit the moment ({m.when})"
        return None

    def legal_moves(self) -> list[Move]:
        """Diplomatic moves worth listing now: known packages, single asks, talks and statements."""
        g = self.game
        player = g.player
        assert player is not None
        if self.counter is not None:
            return [AcceptCounter(), RefuseCounter()]
        out: list[Move] = []
        seen: set[str] = set()

        def add(m: Move) -> None:
            if m.notation() not in seen and self.why_not(m) is None:
                seen.add(m.notation())
                out.append(m)

        for pk in self.content.packages.values():
            terms = tuple(pk.model.terms)
            parties = self.parties_of(terms, player)
            if parties:
                add(Propose(parties, terms))
        for tid, t in self.content.terms.items():
            if t.model.giver not in ("all", player):
                parties = self.order({t.model.giver, *t.model.needs} - {player})
                add(Propose(parties, (tid,)))
        for p in self.content.powers:
            if p != player:
                add(Talk(p))
        for d in self.content.declarations.values():
            invite = tuple(
                q
                for q in self.order(d.model.by or list(self.content.powers))
                if q != player and q not in d.model.presses
            )
            add(Statement(d.id, invite[: max(0, d.model.min_signers - 1)] if d.model.min_signers > 1 else ()))
        return out

    def parties_of(self, terms: tuple[str, ...], proposer: str) -> tuple[str, ...]:
        ps: set[str] = set()
        for t in terms:
            term = self.content.terms[t]
            if term.model.giver != "all":
                ps.add(term.model.giver)
            ps.update(term.model.needs)
        ps.discard(proposer)
        return self.order(ps)

    # -- proposals -------------------------------------------------------------------------

    def propose(
        self,
        proposer: str,
        parties: tuple[str, ...],
        terms: tuple[str, ...],
        pay: bool = True,
        package: str | None = None,
        last_round: bool = False,
    ) -> str:
        """Put a deal forward; returns 'agreement', 'counter', 'offer' or 'refused'."""
        g = self.game
        st = g.state
        if pay:
            cap = self.content.rules.capital
            st.set_pvar(proposer, cap, st.pvars[proposer][cap] - self.neg.propose_cost)
            st.moves_made += 1
        parties = self.order(parties)
        everyone = self.order((proposer, *parties))
        label = self.content.packages[package].model.name if package else self.term_names(terms)
        g._log(
            "proposal",
            package or "deal",
            f"{self.subject(proposer)} proposes to {self.names(parties)}: {label}",
            power=proposer,
            parties=list(parties),
            terms=list(terms),
        )
        st.happenings.append(Happening("proposal", ("proposal",), proposer, None))
        math = DealMath.of(g)
        answers: dict[str, Valuation] = {}
        counter_from: str | None = None
        counter_terms: tuple[str, ...] | None = None
        refused = False
        for p in parties:  # every party answers, so the proposer hears them all
            if p == g.player:
                continue
            val = math.value(p, proposer, everyone, terms)
            answers[p] = val
            verdict = val.verdict
            counter = None
            if verdict == COUNTER:
                counter = None if last_round else math.counter(p, proposer, everyone, terms, val)
                if counter is None:
                    verdict = "reject"
            self._log_answer(p, proposer, terms, val, verdict, counter[0] if counter else None, package)
            refused = refused or verdict == "reject"
            if counter is not None and counter_from is None:
                counter_from, counter_terms = p, counter[0]
        if refused:
            return "refused"
        if counter_from is not None and counter_terms is not None:
            if proposer == g.player:
                self.memory["counter"] = {
                    "from": counter_from,
                    "proposer": proposer,
                    "parties": list(parties),
                    "terms": list(counter_terms),
                    "package": package,
                }
                return "counter"
            # an AI proposer takes a counter it likes, and the others answer it afresh
            val = math.value(proposer, proposer, everyone, counter_terms)
            if val.total < self.neg.threshold:
                return "refused"
            return self.propose(proposer, parties, counter_terms, pay=False, last_round=True)
        if g.player in parties:
            self.memory.setdefault("offers", []).append(
                {"from": proposer, "parties": list(parties), "terms": list(terms), "package": package}
            )
            return "offer"
        self.sign(everyone, terms, package)
        return "agreement"

    def _log_answer(
        self,
        p: str,
        proposer: str,
        terms: tuple[str, ...],
        val: Valuation,
        verdict: str,
        counter: tuple[str, ...] | None,
        package: str | None,
    ) -> None:
        kind = {"accept": "accept", "counter": "counter"}.get(verdict, "reject")
        extra_terms = counter or terms
        line = self.say(p, kind, proposer, terms=extra_terms)
        extra: dict[str, Any] = {
            "verdict": verdict,
            "reasons": [r.to_json() for r in val.reasons],
            "total": round(val.total, 1),
            "threshold": round(val.threshold, 1),
            "proposer": proposer,
        }
        if counter is not None:
            extra["counter_terms"] = list(counter)
            added = [t for t in counter if t not in terms]
            dropped = [t for t in terms if t not in counter]
            extra["asks_for"] = added
            extra["drops"] = dropped
        self.game._log("answer", package or "deal", line, power=p, target=proposer, **extra)

    def accept_counter(self) -> None:
        c = self.memory.pop("counter")
        proposer, parties, terms = c["proposer"], tuple(c["parties"]), tuple(c["terms"])
        g = self.game
        everyone = self.order((proposer, *parties))
        g._log(
            "proposal",
            c.get("package") or "deal",
            f"{self.subject(proposer)} takes {possessive(self.name(c['from']))} counter-offer: "
            f"{self.term_names(terms)}",
            power=proposer,
            parties=list(parties),
            terms=list(terms),
            counter=True,
        )
        math = DealMath.of(g)
        for p in parties:
            if p == g.player or p == c["from"]:
                continue
            val = math.value(p, proposer, everyone, terms)
            verdict = "accept" if val.verdict == ACCEPT else "reject"
            self._log_answer(p, proposer, terms, val, verdict, None, c.get("package"))
            if verdict == "reject":
                return
        self.sign(everyone, terms, c.get("package"))

    def refuse_counter(self) -> None:
        c = self.memory.pop("counter")
        self.game._log(
            "answer",
            c.get("package") or "deal",
            f"{self.subject(c['proposer'])} turns down {possessive(self.name(c['from']))} counter-offer.",
            power=c["proposer"],
            target=c["from"],
            verdict="refuse",
        )

    def answer_offer(self, accept: bool) -> None:
        offer = self.memory["offers"].pop(0)
        g = self.game
        player = g.player
        assert player is not None
        proposer = offer["from"]
        parties = tuple(offer["parties"])
        terms = tuple(offer["terms"])
        everyone = self.order((proposer, *parties))
        if not accept:
            g._log(
                "answer",
                offer.get("package") or "deal",
                f"{self.subject(player)} turns down the offer from {self.name(proposer)}: {self.term_names(terms)}",
                power=player,
                target=proposer,
                verdict="refuse",
            )
            g.state.set_opinion(proposer, player, g.state.opinion[proposer][player] - 3)
            return
        g._log(
            "answer",
            offer.get("package") or "deal",
            f"{self.subject(player)} accepts: {self.term_names(terms)}",
            power=player,
            target=proposer,
            verdict="accept",
        )
        if self.deal_problem(proposer, parties, terms):
            g._log("news", "deal", "The offer no longer stands: the situation has changed.")
            return
        math = DealMath.of(g)
        for p in parties:
            if p in (player, proposer):
                continue
            val = math.value(p, proposer, everyone, terms)
            if val.verdict != ACCEPT:
                self._log_answer(p, proposer, terms, val, "reject", None, offer.get("package"))
                return
        self.sign(everyone, terms, offer.get("package"))

    # -- agreements ------------------------------------------------------------------------

    def sign(self, parties: tuple[str, ...], terms: tuple[str, ...], package: str | None) -> Agreement:
        g = self.game
        st = g.state
        seq = int(self.memory.get("agreement_seq", 0)) + 1
        self.memory["agreement_seq"] = seq
        name = self.content.packages[package].model.name if package else self.term_names(terms)
        in_talks = DealMath.of(g).in_talks()
        agreement = Agreement(f"deal{seq}", parties, terms, st.turn, name, in_talks)
        st.agreements.append(agreement)
        st.touch_terms(terms)
        # Only what the parties do after signing can break it.
        self.memory.setdefault("signed_at", {})[agreement.id] = len(st.happenings)
        # Trust collapses only by falling after signing: remember where it stood.
        self.memory.setdefault("signed_trust", {})[agreement.id] = {
            f"{a}:{b}": st.trust[a][b] for a in parties for b in parties if a != b
        }
        for tid in terms:
            t = self.content.terms[tid]
            for giver in term_givers(t, parties):
                rules.apply(t.on_sign, Scope(st, giver))
        for a in parties:
            for b in parties:
                if a != b:
                    st.set_opinion(a, b, st.opinion[a][b] + 5)
        g._log(
            "agreement",
            agreement.id,
            f"{self.subjects(parties)} agree: {name}",
            parties=list(parties),
            terms=list(terms),
            name=name,
            in_talks=in_talks,
        )
        tags = tuple(sorted({"agreement", *(tag for t in terms for tag in self.content.terms[t].model.tags)}))
        st.happenings.append(Happening("agreement", tags, parties[0], None))
        return agreement

    def forbidden_tags(self, power: str) -> set[str]:
        out: set[str] = set()
        for a in self.game.state.agreements:
            for tid in a.terms:
                t = self.content.terms[tid]
                if power in term_givers(t, a.parties):
                    out.update(t.model.forbids)
        return out

    def breaks(self, power: str, tags: tuple[str, ...] | list[str]) -> list[Agreement]:
        """Agreements `power` would break by doing something with these tags."""
        out = []
        for a in self.game.state.agreements:
            for tid in a.terms:
                t = self.content.terms[tid]
                if power in term_givers(t, a.parties) and set(t.model.forbids) & set(tags):
                    out.append(a)
                    break
        return out

    def break_agreement(self, agreement: Agreement, breaker: str, reason: str) -> None:
        g = self.game
        st = g.state
        if agreement not in st.agreements:
            return
        st.agreements.remove(agreement)
        st.touch_terms(agreement.terms)
        self.memory.get("signed_trust", {}).pop(agreement.id, None)
        for tid in agreement.terms:
            t = self.content.terms[tid]
            for giver in term_givers(t, agreement.parties):
                rules.apply(t.on_break, Scope(st, giver))
        grudges = self.memory.setdefault("grudges", {})
        for q in agreement.parties:
            if q == breaker:
                continue
            st.set_opinion(q, breaker, st.opinion[q][breaker] - self.neg.grudge_opinion)
            st.set_trust(q, breaker, st.trust[q][breaker] - self.neg.grudge_trust)
            key = f"{q}:{breaker}"
            grudges[key] = grudges.get(key, 0) + self.neg.grudge_opinion
        g._log(
            "defection",
            agreement.id,
            f"{self.subject(breaker)} breaks the agreement ({agreement.name}): {reason}",
            power=breaker,
            agreement=agreement.name,
            terms=list(agreement.terms),
            reason=reason,
        )
        for q in agreement.parties:
            if q != breaker and q != g.player:
                g._log(
                    "dialogue",
                    "betrayal",
                    self.say(q, "betrayal", breaker, terms=agreement.terms),
                    power=q,
                    target=breaker,
                )
        tags = tuple(sorted({"defection", *(tag for t in agreement.terms for tag in self.content.terms[t].model.tags)}))
        st.happenings.append(Happening("defection", tags, breaker, None))

    def resolve(self) -> None:
        """The month's end for agreements: breaches, monthly effects, trust and fading grudges."""
        g = self.game
        st = g.state
        since = self.memory.get("signed_at", {})

        def done_by(power: str, agreement: Agreement) -> set[str]:
            """What `power` did this month after the agreement was signed (not before it)."""
            start = since.get(agreement.id, 0) if agreement.signed == st.turn else 0
            out: set[str] = set()
            for h in st.happenings[start:]:
                if h.actor == power:
                    out.update(h.tags)
            return out

        for a in list(st.agreements):
            broken = None
            for tid in a.terms:
                t = self.content.terms[tid]
                for giver in term_givers(t, a.parties):
                    hit = set(t.model.forbids) & done_by(giver, a)
                    if hit:
                        broken = (giver, f"it went against '{t.model.name}'")
                    elif t.keeps is not None and not rules.holds(t.keeps, Scope(st, giver)):
                        broken = (giver, f"'{t.model.name}' no longer holds")
                    if broken:
                        break
                if broken:
                    break
            if broken:
                self.break_agreement(a, *broken)
                continue
            for tid in a.terms:
                t = self.content.terms[tid]
                for giver in term_givers(t, a.parties):
                    rules.apply(t.each_turn, Scope(st, giver))
            if st.turn > a.signed:
                for x in a.parties:
                    for y in a.parties:
                        if x != y:
                            st.set_trust(x, y, st.trust[x][y] + self.neg.trust_per_month)
        grudges = self.memory.get("grudges")
        if grudges:
            for k in sorted(grudges):
                grudges[k] = max(0, grudges[k] - self.neg.grudge_decay)
                if grudges[k] == 0:
                    del grudges[k]
        self.memory.pop("talked", None)
        self.memory.pop("counter", None)
        self.memory.pop("signed_at", None)  # next month everything counts

    # -- the AI's diplomacy ----------------------------------------------------------------

    def ai_consider_defection(self, power: str, temptation: float) -> None:
        """An AI party walks out when keeping a deal is worth less than breaking it, or trust is gone."""
        g = self.game
        st = g.state
        math = DealMath.of(g)
        for a in list(st.agreements):
            if power not in a.parties:
                continue
            signed = self.memory.get("signed_trust", {}).get(a.id, {})
            distrust = [
                q
                for q in a.parties
                if q != power
                and st.trust[power][q]
                <= self.neg.trust_collapse
                < signed.get(f"{power}:{q}", self.neg.trust_collapse + 1)
            ]
            if distrust:
                self.break_agreement(a, power, f"it no longer trusts {self.names(distrust)}")
                continue
            from game.ai.valuation import interest_values

            keep = sum(interest_values(math.kept(a.terms, a.parties), power))
            walk = sum(interest_values(math.broken(a.terms, a.parties), power))
            loyalty = self.neg.defect_margin + (self.neg.talks_loyalty if a.in_talks else 0)
            if walk + max(0.0, temptation) - keep > loyalty:
                self.break_agreement(a, power, "keeping it had come to cost more than it gave")

    def ai_propose(self, power: str, rng: random.Random) -> None:
        g = self.game
        st = g.state
        if not self.content.packages or rng.random() >= self.neg.ai_proposal_chance:
            return
        math = DealMath.of(g)
        best: tuple[float, str, tuple[str, ...], tuple[str, ...]] | None = None
        for pk in self.content.packages.values():
            m = pk.model
            if m.proposers and power not in m.proposers:
                continue
            terms = tuple(m.terms)
            parties = self.parties_of(terms, power)
            if not parties or self.deal_problem(power, parties, terms):
                continue
            if any(p == g.player for p in parties) and self.offers:
                continue
            if not m.proposers and power not in {*parties, *self.parties_of(terms, "")}:
                continue
            if pk.ai_when is not None and not rules.holds(pk.ai_when, Scope(st, power)):
                continue
            everyone = self.order((power, *parties))
            own = math.value(power, power, everyone, terms)
            if own.total >= self.neg.threshold and (best is None or own.total > best[0]):
                best = (own.total, pk.id, parties, terms)
        if best is None:
            return
        _, pkid, parties, terms = best
        self.propose(power, parties, terms, pay=False, package=pkid)

    def statement_value(self, signer: str, decl_id: str, issuer: str) -> float:
        g = self.game
        d = self.content.declarations[decl_id]
        sim = g.state.copy(rng=random.Random(0), light=True)
        if signer == issuer:
            rules.apply(d.effects, Scope(sim, signer))
        rules.apply(d.per_signer, Scope(sim, signer))
        for target in d.model.presses:
            rules.apply(d.pressure, Scope(sim, signer, signer, target))
        from game.ai.policy import utility

        value = utility(sim, signer) - utility(g.state, signer)
        if signer != issuer:
            value += g.state.opinion[signer][issuer] * self.neg.opinion_weight
        return value

    def declare(self, issuer: str, decl_id: str, invited: tuple[str, ...], pay: bool = True) -> bool:
        g = self.game
        st = g.state
        d = self.content.declarations[decl_id]
        m = d.model
        signers = [issuer]
        declined = []
        for q in self.order(invited):
            if q == g.player:
                continue  # the player signs only what the player issues
            if self.statement_value(q, decl_id, issuer) >= 0:
                signers.append(q)
            else:
                declined.append(q)
        self.memory.setdefault("declared", {})[f"{issuer}:{decl_id}"] = st.turn
        if pay:
            st.moves_made += 1
        if len(signers) < m.min_signers:
            g._log(
                "statement",
                decl_id,
                f"{self.subject(issuer)} could not gather signers for '{m.name}': "
                f"{self.names(declined) if declined else 'nobody'} declined.",
                power=issuer,
                signers=signers,
                declined=declined,
                issued=False,
            )
            return False
        if pay:
            cap = self.content.rules.capital
            st.set_pvar(issuer, cap, st.pvars[issuer][cap] - m.cost)
        rules.apply(d.effects, Scope(st, issuer))
        for s in signers:
            rules.apply(d.per_signer, Scope(st, s))
            for target in m.presses:
                rules.apply(d.pressure, Scope(st, s, s, target))
        values = rules.names_for(st, issuer, issuer, None, parties=self.names(signers))
        text = rules.render(m.news or f"{{parties}}: {m.name}", values)
        g._log(
            "statement",
            decl_id,
            text,
            power=issuer,
            signers=signers,
            declined=declined,
            presses=list(m.presses),
            issued=True,
            words=rules.render(m.text, values),
        )
        st.happenings.append(Happening(decl_id, tuple(sorted({"statement", *m.tags})), issuer, None))
        return True

    def ai_declare(self, power: str, rng: random.Random) -> None:
        g = self.game
        st = g.state
        if not self.content.declarations or rng.random() >= self.neg.ai_statement_chance:
            return
        capital = st.pvars[power][self.content.rules.capital]
        best: tuple[float, str] | None = None
        for d in self.content.declarations.values():
            if d.model.by and power not in d.model.by:
                continue
            if d.model.cost > capital or power in d.model.presses:
                continue
            if not rules.holds(d.when, Scope(st, power)):
                continue
            last = self.memory.get("declared", {}).get(f"{power}:{d.id}")
            if last is not None and st.turn - last < d.model.cooldown:
                continue
            v = self.statement_value(power, d.id, power)
            if v >= self.neg.threshold / 2 and (best is None or v > best[0]):
                best = (v, d.id)
        if best is None:
            return
        d = self.content.declarations[best[1]]
        invite = tuple(
            q
            for q in self.order(d.model.by or list(self.content.powers))
            if q != power and q not in d.model.presses and q != g.player
        )
        self.declare(power, d.id, invite)

    # -- talking ---------------------------------------------------------------------------

    def talk(self, power: str) -> None:
        g = self.game
        player = g.player
        assert player is not None
        self.memory.setdefault("talked", []).append(power)
        line = self.say(power, "greeting", player)
        intel = g.difficulty.intel
        extra: dict[str, Any] = {}
        if intel >= 1:
            math = DealMath.of(g)
            wants = []
            for tid, t in self.content.terms.items():
                if t.model.giver in (power, "all") or g.state.term_in_force(tid):
                    continue
                parties = self.order({power, player, t.model.giver, *t.model.needs})
                if any(n not in self.content.powers for n in parties):
                    continue
                pts, _ = math.effect_reason(power, math.baseline(), math.with_terms((tid,), parties), "")
                wants.append((pts, tid))
            wants.sort(key=lambda x: (-x[0], x[1]))
            extra["wants"] = [t for pts, t in wants[:3] if pts > 0]
            offers = []
            for tid, t in self.content.terms.items():
                if t.model.giver != power or g.state.term_in_force(tid):
                    continue
                parties = self.order({power, player, *t.model.needs})
                val = math.value(power, player, parties, (tid,))
                offers.append((val.total, tid))
            offers.sort(key=lambda x: (-x[0], x[1]))
            extra["least_costly"] = [t for _, t in offers[:3]]
            if intel >= 2:
                extra["mood"] = mood(g.state.opinion[power][player])
                extra["opinion"] = g.state.opinion[power][player]
                extra["trust"] = g.state.trust[power][player]
        g._log("dialogue", "greeting", line, power=power, target=player, **extra)

    def say(self, speaker: str, kind: str, counterpart: str | None, terms: tuple[str, ...] | list[str] = ()) -> str:
        """A line of content dialogue fitting the speaker's mood and the rung; never rolls the game's dice."""
        from game.engine.preview import stable_pick

        g = self.game
        st = g.state
        entries = self.content.dialogue.get(speaker, {}).get(kind, ())
        m = mood(st.opinion[speaker][counterpart]) if counterpart and counterpart != speaker else "neutral"
        rung_id = self.content.ladder.rung[st.rung].id
        scored: list[tuple[int, list[str]]] = []
        for e in entries:
            model = e
            if model.mood not in ("any", m):
                continue
            if model.rungs and rung_id not in model.rungs:
                continue
            score = (2 if model.mood == m else 0) + (1 if model.rungs else 0)
            scored.append((score, list(model.lines)))
        pd = self.content.powers[speaker].model
        values = {
            "self": pd.called or pd.name,
            "leader": pd.leader,
            "capital": pd.capital,
            "counterpart": self.name(counterpart) if counterpart else "",
            "term": self.content.terms[terms[0]].model.name if terms else "",
            "terms": self.term_names(terms) if terms else "",
            "date": st.date,
        }
        if not scored:
            fallback = {
                "greeting": "{self} listens.",
                "accept": "{self} accepts.",
                "reject": "{self} refuses.",
                "counter": "{self} asks for changes: {terms}.",
                "warning": "{self} warns {counterpart}.",
                "threat": "{self} threatens {counterpart}.",
                "betrayal": "{self} accuses {counterpart} of betrayal.",
            }[kind]
            return rules.render(fallback, values)
        best = max(s for s, _ in scored)
        lines = [line for s, ls in scored if s == best for line in ls]
        seq = len(st.log)
        return rules.render(stable_pick(lines, g.seed, st.turn, speaker, kind, counterpart, seq), values)
