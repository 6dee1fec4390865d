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

from game.ai.foresight import outcome_shares
from game.engine import rules, words
from game.engine.deals import apply_signing, conflicts, in_talks, repeats, term_givers
from game.engine.records import Reason, Verdict
from game.engine.scoring import interest_values
from game.engine.state import GameState
from game.mods.content import Content, RedLineDef, TermDef
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
        self._values: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Valuation] = {}

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
        """What the deal is worth to `power` (kept: one moment's answers are asked many times)."""
        key = (power, proposer, parties, term_ids)
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = self._value(power, proposer, parties, term_ids)
        return found

    def _value(self, power: str, proposer: str, parties: tuple[str, ...], term_ids: tuple[str, ...]) -> Valuation:
        """What the deal is worth to `power`, one of its parties, when `proposer` puts it forward.

        Each term is weighed by what it does to the power's interests over the horizon, each
        interest a line of its own; what calming the crisis is worth (the ladder's interest and
        the rung) is one line, capped, so the power's own interests and red lines decide.
        """
        st = self.state
        neg = self.neg
        reasons: list[Reason] = []
        per_term, pressure, red_line = self._term_reasons(power, parties, term_ids, reasons)
        self._relation_reasons(power, proposer, parties, term_ids, per_term, reasons)
        pressure += self._rung_bonus(power, parties, term_ids)
        cap = neg.pressure_cap if red_line is None else min(neg.pressure_cap, 0.5 * red_line)
        pressure = max(-cap, min(cap, pressure))
        if abs(pressure) >= 0.5:
            reasons.append(Reason(pressure, neg.reason_pressure))
        again = repeats(st, power, proposer, term_ids) if proposer != power else 0
        if again:
            reasons.append(Reason(-neg.repeat_cost * again, neg.reason_repeat))
        total = sum(r.points for r in reasons)
        threshold = neg.threshold
        if proposer == st.player and power != proposer:
            threshold += st.difficulty.accept_margin
        return Valuation(power, total, threshold, neg.counter_band, tuple(reasons), per_term)

    def _term_reasons(
        self, power: str, parties: tuple[str, ...], term_ids: tuple[str, ...], reasons: list[Reason]
    ) -> tuple[dict[str, float], float, float | None]:
        """What each term does for `power` over the horizon, interest by interest, the face it costs
        its giver, and the red lines it would cross. Returns the points per term, the crisis
        pressure (kept apart, to be capped), and the weight of the smallest red line crossed."""
        content = self.content
        neg = self.neg
        per_term: dict[str, float] = {}
        base = self.baseline()
        in_talks = self.in_talks()
        pressure = 0.0
        red_line: float | None = None
        for tid in term_ids:
            term = content.terms[tid]
            after = self.with_terms((tid,), parties)
            pts = 0.0
            effects = [*self.interest_reasons(power, base, after), *self.ending_reasons(power, base, after)]
            for amount, text, is_pressure in effects:
                if is_pressure:
                    pressure += amount
                    continue
                pts += amount
                if abs(amount) >= 0.5:
                    reasons.append(Reason(amount, f"{term.model.name}: {text}"))
            for rl in self.crossed(power, after):
                reasons.append(Reason(-rl.weight, f"{term.model.name}: {rl.why}"))
                pts -= rl.weight
                red_line = rl.weight if red_line is None else min(red_line, rl.weight)
            if power in term_givers(term, parties) and term.model.face:
                face = term.model.face
                why = term.model.face_why or f"conceding '{term.model.name}' costs us face at home"
                reasons.append(Reason(-face, why))
                pts -= face
                if in_talks:
                    relief = face * (1 - neg.talks_face)
                    reasons.append(Reason(relief, neg.reason_talks))
                    pts += relief
            per_term[tid] = pts
        return per_term, pressure, red_line

    def interest_reasons(self, power: str, before: GameState, after: GameState) -> list[tuple[float, str, bool]]:
        """How each of `power`'s interests moves from `before` to `after`: points, the power's words
        for it (content's `gain` or `loss`), and whether it is the crisis itself (the ladder)."""
        a = interest_values(before, power)
        b = interest_values(after, power)
        ladder = self.content.ladder.variable
        out = []
        for it, x, y in zip(self.content.powers[power].interests, a, b, strict=True):
            d = y - x
            if d:
                text = (it.gain if d > 0 else it.loss) or it.why or it.value.source
                out.append((d, text, it.value.source.strip() == ladder))
        return out

    def ending_reasons(self, power: str, before: GameState, after: GameState) -> list[tuple[float, str, bool]]:
        """How the deal moves the endings `power` expects: points, its words, and whether the ending
        is the crisis itself (one that cannot wait, such as war), which counts as pressure."""
        a = outcome_shares(before, power)
        b = outcome_shares(after, power)
        endings = self.content.endings
        out = []
        for eid in endings:
            d = b.get(eid, 0.0) - a.get(eid, 0.0)
            if abs(d) < 0.05:
                continue
            m = endings[eid].model
            likelier = (b.get(eid, 0.0) / m.outcome[power].score) > (a.get(eid, 0.0) / m.outcome[power].score)
            template = self.neg.reason_likelier if likelier else self.neg.reason_unlikelier
            text = rules.render(template, {"ending": words.in_sentence(m.title)})
            out.append((d, text, m.immediate))
        return out

    def crossed(self, power: str, after: GameState) -> list[RedLineDef]:
        """`power`'s red lines that hold in `after` but not now."""
        st = self.state
        return [
            rl
            for rl in self.content.powers[power].red_lines
            if rules.holds(rl.when, Scope(after, power)) and not rules.holds(rl.when, Scope(st, power))
        ]

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

    def _rung_bonus(self, power: str, parties: tuple[str, ...], term_ids: tuple[str, ...]) -> float:
        """A power that fears war welcomes a deal that calms things, the more the higher the rung."""
        st = self.state
        content = self.content
        ladder = content.ladder.variable
        base = self.baseline()
        calms = sum(self.with_terms((t,), parties).vars[ladder] - base.vars[ladder] for t in term_ids) < 0
        fears_war = any(i.value.source.strip() == ladder and i.weight < 0 for i in content.powers[power].interests)
        return st.rung * self.neg.rung_weight if calms and fears_war and st.rung > 0 else 0.0

    def in_talks(self) -> bool:
        return in_talks(self.state)

    # -- counter-offers --------------------------------------------------------------------

    def counter(
        self, power: str, proposer: str, parties: tuple[str, ...], term_ids: tuple[str, ...], val: Valuation
    ) -> tuple[tuple[str, ...], Valuation] | None:
        """A changed deal `power` would accept, as close to what the others could sign as it can
        find: its own hardest concession softened (scale the exercises down rather than suspend
        them) or dropped, a concession asked of the others (or a harder degree of one offered),
        or both. Of the variants `power` accepts, the one the least willing other party likes best."""
        best: tuple[float, float, tuple[str, ...], Valuation] | None = None
        for v in self.counter_variants(power, parties, term_ids, val):
            vv = self.value(power, proposer, parties, v)
            if vv.total < vv.threshold:
                continue
            others = self.least_margin(v, proposer, parties, exclude=(power,))
            key = (others, vv.total)
            if best is None or key > best[:2]:
                best = (others, vv.total, v, vv)
        return (best[2], best[3]) if best is not None else None

    def counter_variants(
        self, power: str, parties: tuple[str, ...], term_ids: tuple[str, ...], val: Valuation
    ) -> list[tuple[str, ...]]:
        """The changed deals `power` considers, in a fixed order, each once."""
        terms = self.content.terms
        own = [t for t in term_ids if power in term_givers(terms[t], parties)]
        worst = min(own, key=lambda t: val.per_term.get(t, 0.0), default=None)
        gives: list[tuple[str, ...]] = []
        if worst is not None and val.per_term.get(worst, 0.0) < 0:
            softer = terms[worst].model.softer
            if softer is not None and softer not in term_ids:
                gives.append(tuple(softer if t == worst else t for t in term_ids))
            if len(term_ids) > 1:
                gives.append(tuple(t for t in term_ids if t != worst))
        asks = self._asks(power, parties, term_ids)
        variants = [*gives, *(_with_ask(base, ask) for ask in asks for base in (term_ids, *gives))]
        return [
            v
            for v in dict.fromkeys(variants)
            if v and not conflicts(self.content, v) and not any(self.state.term_in_force(t) for t in v)
        ]

    def _asks(self, power: str, parties: tuple[str, ...], term_ids: tuple[str, ...]) -> list[tuple[str, ...]]:
        """What `power` could ask of the others: the concessions it would gain most from, and a
        harder degree of what another party already gives."""
        terms = self.content.terms
        pool = self.addable_terms(parties, term_ids, exclude_giver=power)
        gains = {t: self._term_gain(power, parties, t) for t in pool}
        asks: list[tuple[str, ...]] = [(w,) for w in sorted(pool, key=lambda t: (-gains[t], t))[:3] if gains[w] > 0]
        for t in term_ids:
            harder = self._harder(t)
            if harder is not None and power not in term_givers(terms[harder], parties) and harder not in term_ids:
                asks.append(("-" + t, harder))
        return asks

    def least_margin(
        self, term_ids: tuple[str, ...], proposer: str, parties: tuple[str, ...], exclude: tuple[str, ...] = ()
    ) -> float:
        """How far the least willing computer party (not in `exclude`) is from accepting these terms
        (negative: short of its threshold). The player's mind is not known: it does not count."""
        margins = [
            vv.total - vv.threshold
            for q in parties
            if q not in exclude and q != self.state.player
            for vv in (self.value(q, proposer, parties, term_ids),)
        ]
        return min(margins, default=0.0)

    def _harder(self, term_id: str) -> str | None:
        """The term that `term_id` is the softer degree of, if any."""
        return next((tid for tid, t in self.content.terms.items() if t.model.softer == term_id), None)

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


def _with_ask(terms: tuple[str, ...], ask: tuple[str, ...]) -> tuple[str, ...]:
    """`terms` with an ask applied: a term added, or ("-old", "new") one term replaced by another."""
    if len(ask) == 2 and ask[0].startswith("-"):
        old, new = ask[0][1:], ask[1]
        return tuple(new if t == old else t for t in terms) if old in terms else terms
    return (*terms, *ask)
