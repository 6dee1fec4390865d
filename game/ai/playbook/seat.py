"""Playing one power's seat by a playbook, through the player's door: `Game.play`, legal moves only.

Each month the seat answers what waits for it (events, then offers from others) as the playbook
says, then reads its rules top to bottom: a rule whose condition holds tries its moves in order,
and every move is checked with `Game.why_not` before it is played, so an illegal try is skipped,
never forced. A counter-offer to the seat's own proposal is answered at once. When the rules
are done the seat ends the month. Random choices use the playbook's own dice, seeded from the
playbook, the game's seed and the seat: never the game's.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from game.ai.playbook.conditions import SeatWorld
from game.ai.playbook.expand import Moment, expand
from game.ai.playbook.load import CompiledAnswers, CompiledRule, LoadedPlaybook
from game.engine.diplomacy import Deal
from game.engine.game import Game
from game.engine.records import Record, Signed, Verdict
from game.engine.state import Phase
from game.mods.content import EventDef, OptionDef
from game.mods.expr import Condition, Scope
from game.moves import AcceptCounter, Choose, EndTurn, Move, Propose, RefuseCounter

#: Moves one entry of a rule may offer in one firing before the seat stops asking it.
MAX_PULLS = 400
#: Decisions in one game before the seat gives up as stuck (a bug, never a strategy).
MAX_DECISIONS = 100_000


def playbook_dice(playbook_seed: int, game_seed: int, seat: str) -> random.Random:
    """The playbook's own dice for one game: the same for the same playbook, seed and seat."""
    return random.Random(f"playbook:{playbook_seed}:{game_seed}:{seat}")


@dataclass
class _RuleState:
    months: int = 0
    last_month: int = 0
    fired: int = 0


@dataclass
class SeatStats:
    """What the seat did in a game: moves played, tries the rules refused, months played."""

    played: int = 0
    skipped: int = 0
    months: int = 0
    by_rule: list[int] = field(default_factory=list)


class PlaybookSeat:
    """Plays `seat` in `game` by `playbook` until the game is over."""

    def __init__(self, playbook: LoadedPlaybook, game: Game, seat: str) -> None:
        if game.player != seat:
            raise ValueError(f"the game's player is {game.player!r}, not {seat!r}")
        self.playbook = playbook
        self.game = game
        self.seat = seat
        self.rng = playbook_dice(playbook.model.seed, game.seed, seat)
        self.rules = [_RuleState() for _ in playbook.rules]
        self.unsigned: Propose | None = None
        self.refusals = 0
        self.stats = SeatStats(by_rule=[0] * len(playbook.rules))
        #: The deal being answered, while `refuse_when` and `accept_when` are read.
        self._deal: tuple[str, tuple[str, ...]] | None = None
        self._ai_verdict: Callable[[], bool] = lambda: False

    # -- the game's loop ----------------------------------------------------------------------

    def play_to_end(self) -> None:
        g = self.game
        for _ in range(MAX_DECISIONS):
            if g.over:
                return
            st = g.state
            if st.phase is Phase.EVENT_CHOICES:
                if st.pending:
                    self._choose()
                elif st.diplomacy.offers:
                    self._answer_offer()
                else:  # pragma: no cover - the engine never waits on nothing
                    raise RuntimeError("the game waits for an answer but nothing is on the table")
            elif st.phase is Phase.DIPLOMACY:
                if st.diplomacy.counter is not None:
                    self._answer_counter()
                else:
                    self._month()
            else:  # pragma: no cover
                raise RuntimeError(f"the game stopped in the {st.phase.value} phase")
        raise RuntimeError(f"playbook {self.playbook.id}: no end after {MAX_DECISIONS} decisions")

    def _play(self, move: Move) -> list[Record]:
        records = self.game.play(move)
        self.stats.played += 1
        return records

    # -- conditions ---------------------------------------------------------------------------

    def _holds(self, cond: Condition | None) -> bool:
        if cond is None:
            return True
        st = self.game.state
        names: dict[str, Callable[[], object]] = {
            "moves_left": lambda: max(0, st.content.rules.moves_per_turn - st.moves_made),
            "agreements": lambda: sum(self.seat in a.parties for a in st.agreements),
            "refusals": lambda: self.refusals,
        }
        if self._deal is not None:
            by, terms = self._deal
            known = st.content.terms
            gives = [t for t in terms if t in known and known[t].model.giver in (self.seat, "all")]
            names.update(
                deal_from=lambda: by,
                deal_terms=lambda: len(terms),
                deal_gives=lambda: len(gives),
                deal_gets=lambda: len(terms) - len(gives),
                ai_accepts=self._ai_verdict,
            )
        try:
            return bool(cond.run(Scope(SeatWorld(st, names), self.seat, self.seat)))
        except (KeyError, TypeError):
            return False

    # -- answers ------------------------------------------------------------------------------

    def _choose(self) -> None:
        st = self.game.state
        pend = st.pending[0]
        ev = st.content.events[pend.event]
        open_options = [o for o in ev.options if self.game.why_not(Choose(ev.id, o.model.id)) is None]
        if not open_options:  # pragma: no cover - an event always leaves some option open
            self._play(self.game.legal_moves()[0])
            return
        picked = self._pick_option(ev, pend.power, open_options)
        self._play(Choose(ev.id, picked.model.id))

    def _pick_option(self, ev: EventDef, power: str, options: list[OptionDef]) -> OptionDef:
        ans = self.playbook.model.events
        by_id = {o.model.id: o for o in options}
        wanted = ans.choose.get(ev.id)
        if wanted in by_id:
            return by_id[wanted]
        for oid in ans.prefer:
            if oid in by_id:
                return by_id[oid]
        match ans.otherwise:
            case "first":
                return options[0]
            case "last":
                return options[-1]
            case "random":
                return options[self.rng.randrange(len(options))]
            case "historical":
                chosen = next((o for o in options if o.model.historical), None)
                if chosen is not None:
                    return chosen
        ai = self.game.policy.choose_option(self.game.state, power, ev, self.rng)
        return by_id.get(ai.model.id, options[0]) if ai is not None else options[0]

    def _decide(self, answers: CompiledAnswers, by: str, deal: Deal) -> bool:
        st = self.game.state
        policy = self.game.policy
        self._deal = (by, deal.terms)
        self._ai_verdict = lambda: policy.answer(st, self.seat, deal, counters=False).verdict is Verdict.ACCEPT
        try:
            if answers.refuse_when is not None and self._holds(answers.refuse_when):
                return False
            if answers.accept_when is not None and self._holds(answers.accept_when):
                return True
        finally:
            self._deal = None
        match answers.model.answer:
            case "accept":
                return True
            case "refuse":
                return False
            case "random":
                return self.rng.random() < 0.5
        return self._ai_verdict()

    def _answer_offer(self) -> None:
        deal = self.game.state.diplomacy.offers[0]
        accept = self._decide(self.playbook.offers, deal.proposer, deal)
        self._play(AcceptCounter() if accept else RefuseCounter())

    def _answer_counter(self) -> list[Record]:
        counter = self.game.state.diplomacy.counter
        assert counter is not None
        deal = Deal(self.seat, counter.parties, counter.terms, counter.package)
        accept = self._decide(self.playbook.counters, counter.by, deal)
        return self._play(AcceptCounter() if accept else RefuseCounter())

    # -- the month's rules --------------------------------------------------------------------

    def _month(self) -> None:
        g = self.game
        month = g.turn
        self.stats.months += 1
        for i, rule in enumerate(self.playbook.rules):
            if not self._in_month(month):
                return
            rs = self.rules[i]
            m = rule.model
            if (m.limit and rs.months >= m.limit) or (rs.months and month - rs.last_month < m.every):
                continue
            firings = 0
            while firings < m.repeat and self._in_month(month) and self._holds(rule.when):
                if not self._fire(rule, rs):
                    break
                firings += 1
                rs.fired += 1
                self.stats.by_rule[i] += 1
            if firings:
                rs.months += 1
                rs.last_month = month
        if self._in_month(month):
            self._play(EndTurn())

    def _in_month(self, month: int) -> bool:
        g = self.game
        return not g.over and g.turn == month and g.phase is Phase.DIPLOMACY and g.state.diplomacy.counter is None

    def _fire(self, rule: CompiledRule, rs: _RuleState) -> bool:
        """Try the rule's moves once; True when at least one was played."""
        month = self.game.turn
        at = Moment(self.game, self.seat, self.rng, rs.fired, self.unsigned)
        played = 0
        for spec in rule.tries:
            for pulls, move in enumerate(expand(spec, at)):
                if pulls >= MAX_PULLS or not self._in_month(month):
                    break
                text = move.notation()
                if text in at.seen:
                    continue
                at.seen.add(text)
                if self.game.why_not(move) is not None:
                    self.stats.skipped += 1
                    continue
                self._try(move)
                played += 1
                if rule.model.take == "first" or not self._in_month(month):
                    return True
            if not self._in_month(month):
                break
        return played > 0

    def _try(self, move: Move) -> None:
        records = self._play(move)
        if not isinstance(move, Propose):
            return
        while self.game.state.diplomacy.counter is not None and not self.game.over:
            records = records + self._answer_counter()
        if any(isinstance(r, Signed) for r in records):
            self.unsigned = None
        else:
            self.unsigned = move
            self.refusals += 1
