"""What a deal is worth to a power, line by line, and the counter-offer it would make instead.

Every number comes from content: the power's interest weights applied to what the deal's terms
would do over the negotiation horizon (run on a scratch copy of the state), the face each term
costs its giver at home, the power's opinion of and trust in the other parties, any grudge it
holds, the rung of the escalation ladder, and the difficulty's acceptance margin for deals the
player puts forward. The reasons add up to the total, so what the player reads is what decided.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field

from game.engine import rules
from game.engine.deals import apply_signing, conflicts, in_talks, term_givers
from game.engine.records import Reason, Verdict
from game.engine.scoring import interest_values
from game.engine.state import GameState
from game.mods.content import Content, TermDef
from game.mods.expr import Scope


@dataclass(frozen=True, slots=True)
class Valuation:
    power: str
    total: float
    threshold: float
    counter_band: float
    reasons: tuple[Reason, ...]
    per_term: dict[str, float] = field(default_factory=dict)

    @property
    def verdict(self) -> Verdict:
        if self.total >= self.threshold:
            return Verdict.ACCEPT
        if self.total >= self.threshold - self.counter_band:
            return Verdict.COUNTER
        return Verdict.REJECT


class DealMath:
    """Scratch simulations of deals for one state at one moment. Never touches the game's dice.

    `DealMath.of(state)` reuses the simulations while the state has not changed since.
    """

    @classmethod
    def of(cls, state: GameState) -> DealMath:
        key = state.moment
        cached = state.memo.get("deal_math")
        if cached is not None and cached[0] == key:
            math: DealMath = cached[1]
            return math
        math = cls(state)
        state.memo["deal_math"] = (key, math)
        return math

    def __init__(self, state: GameState) -> None:
        self.state = state
        self.content: Content = state.content
        self.neg = state.content.rules.negotiation
        self._baseline: GameState | None = None
        self._cache: dict[tuple[str, ...], GameState] = {}

    def _scratch(self, key: str) -> random.Random:
        return random.Random(zlib.crc32(f"{self.state.seed}:{self.state.turn}:{key}".encode()))

    def _drift(self, sim: GameState, terms: tuple[TermDef, ...], parties: tuple[str, ...]) -> None:
        """Months pass on `sim`: the scenario's monthly effects and each term's, for the horizon."""
        world = Scope(sim)
        monthly = [(t.each_turn, Scope(sim, g)) for t in terms for g in term_givers(t, parties)]
        each_turn = self.state.scenario.each_turn
        for _ in range(self.neg.horizon):
            each_turn.run(world)
            for effects, scope in monthly:
                effects.run(scope)

    def baseline(self) -> GameState:
        if self._baseline is None:
            sim = self.state.copy(rng=self._scratch("base"), light=True)
            self._drift(sim, (), ())
            self._baseline = sim
        return self._baseline

    def with_terms(self, term_ids: tuple[str, ...], parties: tuple[str, ...]) -> GameState:
        """The world over the horizon with these terms in force among `parties`."""
        # The parties matter only as the terms' givers: deals that share a term's givers share its world.
        terms = self.content.terms
        key = tuple(f"{t}/{','.join(term_givers(terms[t], parties))}" for t in sorted(term_ids))
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        sim = self.state.copy(rng=self._scratch(";".join(key)), light=True)
        apply_signing(sim, parties, term_ids)
        self._drift(sim, tuple(self.content.terms[t] for t in term_ids), parties)
        self._cache[key] = sim
        return sim

    def broken(self, term_ids: tuple[str, ...], parties: tuple[str, ...]) -> GameState:
        """The world if an agreement with these terms were broken now."""
        sim = self.state.copy(rng=self._scratch("break:" + ",".join(term_ids)), light=True)
        for tid in term_ids:
            t = self.content.terms[tid]
            for g in term_givers(t, parties):
                rules.apply(t.on_break, Scope(sim, g))
        self._drift(sim, (), ())
        return sim

    def kept(self, term_ids: tuple[str, ...], parties: tuple[str, ...]) -> GameState:
        """The world if an agreement in force is kept for the horizon."""
        sim = self.state.copy(rng=self._scratch("keep:" + ",".join(term_ids)), light=True)
        self._drift(sim, tuple(self.content.terms[t] for t in term_ids), parties)
        return sim

    # -- valuation -------------------------------------------------------------------------

    def effect_reason(self, power: str, before: GameState, after: GameState, label: str) -> tuple[float, str]:
        """Points of a change for `power`, and its reason: the interest that moved most."""
        a = interest_values(before, power)
        b = interest_values(after, power)
        deltas = [y - x for x, y in zip(a, b, strict=True)]
        points = sum(deltas)
        interests = self.content.powers[power].interests
        if not interests or all(abs(d) < 0.05 for d in deltas):
            return points, f"{label}: it changes little for us"
        top = max(range(len(deltas)), key=lambda i: abs(deltas[i]))
        why = interests[top].why or self.content.variables.get(interests[top].value.source, None)
        text = why if isinstance(why, str) and why else interests[top].value.source
        return points, f"{label}: {text}"

    def value(self, power: str, proposer: str, parties: tuple[str, ...], term_ids: tuple[str, ...]) -> Valuation:
        """What the deal is worth to `power`, one of its parties, when `proposer` puts it forward."""
        st = self.state
        neg = self.neg
        reasons: list[Reason] = []
        per_term = self._term_reasons(power, parties, term_ids, reasons)
        self._relation_reasons(power, proposer, parties, term_ids, per_term, reasons)
        self._rung_reason(power, parties, term_ids, reasons)
        total = sum(r.points for r in reasons)
        threshold = neg.threshold
        if proposer == st.player and power != proposer:
            threshold += st.difficulty.accept_margin
        return Valuation(power, total, threshold, neg.counter_band, tuple(reasons), per_term)

    def _term_reasons(
        self, power: str, parties: tuple[str, ...], term_ids: tuple[str, ...], reasons: list[Reason]
    ) -> dict[str, float]:
        """What each term does for `power` over the horizon, and the face it costs its giver."""
        content = self.content
        neg = self.neg
        per_term: dict[str, float] = {}
        base = self.baseline()
        in_talks = self.in_talks()
        for tid in term_ids:
            term = content.terms[tid]
            pts, text = self.effect_reason(power, base, self.with_terms((tid,), parties), term.model.name)
            per_term[tid] = pts
            if abs(pts) >= 0.5:
                reasons.append(Reason(pts, text))
            if power in term_givers(term, parties) and term.model.face:
                face = term.model.face
                why = term.model.face_why or f"conceding '{term.model.name}' costs us face at home"
                reasons.append(Reason(-face, why))
                per_term[tid] -= face
                if in_talks:
                    relief = face * (1 - neg.talks_face)
                    reasons.append(Reason(relief, neg.reason_talks))
                    per_term[tid] += relief
        return per_term

    def _relation_reasons(
        self,
        power: str,
        proposer: str,
        parties: tuple[str, ...],
        term_ids: tuple[str, ...],
        per_term: dict[str, float],
        reasons: list[Reason],
    ) -> None:
        """How `power` regards the proposer and the other parties, trusts those who give, and
        what grudges it holds."""
        st = self.state
        content = self.content
        neg = self.neg
        names = {p: content.powers[p].model.called or content.powers[p].model.name for p in content.powers}
        if proposer != power:
            op = st.opinion[power][proposer] * neg.opinion_weight
            if abs(op) >= 0.5:
                tmpl = neg.reason_opinion_good if op > 0 else neg.reason_opinion_bad
                reasons.append(Reason(op, rules.render(tmpl, {"counterpart": names[proposer]})))
        others = [q for q in parties if q not in (power, proposer)]
        if others:
            mean = sum(st.opinion[power][q] for q in others) / len(others)
            pts = mean * neg.opinion_weight / 2
            if pts <= -0.5:
                reasons.append(Reason(pts, neg.reason_parties))
        benefactors = sorted(
            {
                g
                for tid in term_ids
                for g in term_givers(content.terms[tid], parties)
                if g != power and per_term[tid] > 0
            },
            key=list(content.powers).index,
        )
        for g in benefactors:
            trust = st.trust[power][g]
            pts = trust * neg.trust_weight if trust < 0 else trust * neg.trust_weight / 2
            if abs(pts) >= 0.5:
                tmpl = neg.reason_trust_low if pts < 0 else neg.reason_trust_high
                reasons.append(Reason(pts, rules.render(tmpl, {"other": names[g]})))
        for q in parties:
            grudge = st.diplomacy.grudge(power, q)
            if q != power and grudge > 0:
                reasons.append(Reason(-float(grudge), rules.render(neg.reason_grudge, {"other": names[q]})))

    def _rung_reason(
        self, power: str, parties: tuple[str, ...], term_ids: tuple[str, ...], reasons: list[Reason]
    ) -> None:
        """A power that fears war welcomes a deal that calms things, the more the higher the rung."""
        st = self.state
        content = self.content
        ladder = content.ladder.variable
        base = self.baseline()
        calms = sum(self.with_terms((t,), parties).vars[ladder] - base.vars[ladder] for t in term_ids) < 0
        fears_war = any(i.value.source.strip() == ladder and i.weight < 0 for i in content.powers[power].interests)
        if calms and fears_war and st.rung > 0:
            reasons.append(Reason(st.rung * self.neg.rung_weight, self.neg.reason_rung))

    def in_talks(self) -> bool:
        return in_talks(self.state)

    # -- counter-offers --------------------------------------------------------------------

    def counter(
        self, power: str, proposer: str, parties: tuple[str, ...], term_ids: tuple[str, ...], val: Valuation
    ) -> tuple[tuple[str, ...], Valuation] | None:
        """A changed deal `power` would accept: drop the term it hates most, ask for one it wants."""
        pool = self.addable_terms(parties, term_ids, exclude_giver=power)
        own = [t for t in term_ids if power in term_givers(self.content.terms[t], parties)]
        worst = min(own, key=lambda t: val.per_term.get(t, 0.0), default=None)
        dropped: tuple[str, ...] | None = None
        if worst is not None and val.per_term.get(worst, 0.0) < 0 and len(term_ids) > 1:
            dropped = tuple(t for t in term_ids if t != worst)
        variants: list[tuple[str, ...]] = [dropped] if dropped else []
        gains = {t: self._term_gain(power, parties, t) for t in pool}
        for want in sorted(pool, key=lambda t: (-gains[t], t))[:3]:
            if gains[want] <= 0:
                continue
            variants.append((*term_ids, want))
            if dropped:
                variants.append((*dropped, want))
        best: tuple[tuple[str, ...], Valuation] | None = None
        for v in variants:
            if not v or conflicts(self.content, v):
                continue
            vv = self.value(power, proposer, parties, v)
            if vv.total >= vv.threshold and (best is None or vv.total > best[1].total):
                best = (v, vv)
        return best

    def _term_gain(self, power: str, parties: tuple[str, ...], tid: str) -> float:
        pts, _ = self.effect_reason(power, self.baseline(), self.with_terms((tid,), parties), "")
        return pts

    def addable_terms(
        self, parties: tuple[str, ...], term_ids: tuple[str, ...], exclude_giver: str | None
    ) -> list[str]:
        out = []
        st = self.state
        for tid, t in self.content.terms.items():
            if tid in term_ids or st.term_in_force(tid):
                continue
            if t.model.giver == "all" or t.model.giver not in parties or t.model.giver == exclude_giver:
                continue
            if any(n not in parties for n in t.model.needs):
                continue
            if conflicts(self.content, (*term_ids, tid)):
                continue
            if t.when is not None and not rules.holds(t.when, Scope(st, t.model.giver)):
                continue
            out.append(tid)
        return out
