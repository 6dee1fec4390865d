"""What a move would likely do, and what the player's advisors make of it, before it is made.

A preview is the move applied through the one door on a scratch copy of the state, with
scratch dice, so looking never changes the game. Every party is taken to agree (a deal as if
signed, a statement as if every invited power co-signed), and the reactions a power can count
on are added. The records the move wrote are read back, so a warning it would draw shows too.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from game.engine import scoring
from game.engine.diplomacy import Deal
from game.engine.policy import Answer, Intel, Policy
from game.engine.reactions import expected_reactions
from game.engine.records import Record, Verdict
from game.engine.state import GameState, Phase
from game.engine.step import apply
from game.engine.words import possessive, stable_pick
from game.mods.content import AdvisorDef, EventDef, OptionDef
from game.moves import AcceptCounter, Act, Break, Choose, Move, Propose, Statement


@dataclass(frozen=True, slots=True)
class Change:
    """One value a move would change: `label` is the display name."""

    kind: str  # "var", "pvar", "opinion", "flag"
    key: str
    label: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Advice:
    advisor: str
    name: str
    verdict: str  # "approve", "oppose", "neutral"
    points: float
    line: str


@dataclass(frozen=True, slots=True)
class Preview:
    move: str
    changes: tuple[Change, ...]
    advice: tuple[Advice, ...]
    #: True when the move crosses into a higher rung of the ladder...
    escalates: bool
    #: What the move itself would write (a warning it draws, the deal signed, ...).
    records: tuple[Record, ...] = ()
    #: ...and the name of the rung it would reach.
    rung: str = ""


class Agreeable:
    """Every party agrees: what a deal or a statement would do if it went through."""

    name = "agreeable"

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def month(self, state: GameState, power: str) -> Iterator[Move]:
        return iter(())

    def choose_option(self, state: GameState, power: str, event: EventDef, rng: random.Random) -> OptionDef | None:
        return self.policy.choose_option(state, power, event, rng)

    def answer(self, state: GameState, power: str, deal: Deal, counters: bool) -> Answer:
        return Answer(Verdict.ACCEPT, 0.0, 0.0, ())

    def mediate(
        self, state: GameState, deal: Deal, counters: list[tuple[str, tuple[str, ...]]]
    ) -> tuple[str, ...] | None:
        return deal.terms

    def cosigns(self, state: GameState, power: str, declaration: str, issuer: str) -> bool:
        return True

    def sound_out(self, state: GameState, power: str, listener: str) -> Intel:
        return Intel((), ())


#: Moves that change the world at once, and so have something to preview.
PREVIEWED = (Act, Choose, Propose, AcceptCounter, Statement, Break)


def simulate_move(state: GameState, move: Move, policy: Policy) -> tuple[GameState, list[Record]] | None:
    """The state right after the player's `move`, on a scratch copy with scratch dice, and the
    records it wrote. None for moves with no direct effects (talking, ending the month, refusing)."""
    st = state
    if not st.player or not isinstance(move, PREVIEWED):
        return None
    offer_waits = st.phase is Phase.EVENT_CHOICES and bool(st.diplomacy.offers)
    if isinstance(move, AcceptCounter) and st.diplomacy.counter is None and not offer_waits:
        return None
    if isinstance(move, Choose) and not any(p.event == move.event for p in st.pending):
        return None
    dice = random.Random(zlib.crc32(f"{st.seed}:{st.turn}:{move.notation()}".encode()))
    sim = st.copy(rng=dice, light=True)
    sim.quiet = False  # a light copy keeps no past, but the preview shows what the move writes
    seen = len(sim.happenings)
    records = apply(sim, move, Agreeable(policy))
    if isinstance(move, Act | Choose):
        for h in sim.happenings[seen:]:
            expected_reactions(sim, h)
    return sim, records


def diff(before: GameState, after: GameState, player: str | None) -> list[Change]:
    content = before.content
    out: list[Change] = []
    for k, v in before.vars.items():
        if after.vars[k] != v:
            out.append(Change("var", k, content.variables[k].name, v, after.vars[k]))
    for p, row in before.pvars.items():
        for k, v in row.items():
            if after.pvars[p][k] != v and k != content.rules.capital:
                name = content.powers[p].model.name
                out.append(Change("pvar", f"{k}:{p}", f"{content.variables[k].name} ({name})", v, after.pvars[p][k]))
    for a, row in before.opinion.items():
        for b, v in row.items():
            if after.opinion[a][b] != v and (player is None or player in (a, b)):
                an = content.powers[a].model.called or content.powers[a].model.name
                bn = content.powers[b].model.called or content.powers[b].model.name
                label = f"{possessive(an)} view of {bn}"
                out.append(Change("opinion", f"{a}:{b}", label[:1].upper() + label[1:], v, after.opinion[a][b]))
    for f in sorted(before.flags ^ after.flags):
        out.append(Change("flag", f, f.replace("_", " "), int(f in before.flags), int(f in after.flags)))
    return out


def advise(state: GameState, move: Move, after: GameState | None) -> list[Advice]:
    out: list[Advice] = []
    if not state.player:
        return out
    for adv in state.content.advisors.values():
        if after is None:
            points = 0.0
        else:
            points = _advisor_value(adv, after, state.player) - _advisor_value(adv, state, state.player)
        verdict = "approve" if points > 1 else "oppose" if points < -1 else "neutral"
        m = adv.model
        lines = {"approve": m.approve, "oppose": m.oppose, "neutral": m.neutral or m.approve}[verdict]
        line = stable_pick(list(lines), state.seed, state.turn, move.notation(), adv.id)
        out.append(Advice(adv.id, m.name, verdict, round(points, 1), line))
    return out


def _advisor_value(adv: AdvisorDef, state: GameState, player: str) -> float:
    return sum(scoring.interest_terms(adv.interests, state, player))


def preview(state: GameState, move: Move, policy: Policy) -> Preview:
    done = simulate_move(state, move, policy)
    after, records = done if done is not None else (None, [])
    changes = tuple(diff(state, after, state.player or None)) if after is not None else ()
    escalates = after is not None and after.rung > state.rung
    rung = state.content.ladder.rung[after.rung].name if after is not None and escalates else ""
    return Preview(move.notation(), changes, tuple(advise(state, move, after)), escalates, tuple(records), rung)
