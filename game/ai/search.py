"""The computer's search: a few plans for a power's month, each played out, the best one made.

For each computer power's month the search weighs a handful of plans: what its interests
suggest (its instinct, the utility policy's month), that plan without its proposal, with another
package put forward instead, with other actions, or with no actions at all. Each plan is played
out on copies of the world to the month's end (a harder difficulty looks further), with dice of
the search's own, the other parties' answers drawn from what the planner believes of their
minds, and the reactions and the month's end the rules give. Each copy is valued by the
planner's expected final score (its interests plus the ending it now expects, `foresight`). The
best plan wins; the instinct has a head start (the difficulty's `search_anchor`), so the search
corrects its instinct rather than replacing it with a brittle best reply.

Answers to events are weighed the same way: each open option played on a copy and valued at its
expected end, then drawn with odds of its `ai_weight` times e^((worth - best) / temperature), so
habits and home politics still show where the worths are close (`choose_option`).

The search never rolls the game's dice: its dice are seeded from the game's seed, the month and
the power, so a replay makes the same choices, whatever the number of jobs.
"""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from game.ai import diplomat
from game.ai.actions import Candidate, evaluate_actions, worth_after
from game.ai.foresight import expected_score, likeliest
from game.ai.policy import UtilityPolicy, keep_faith
from game.ai.policy import instinct as utility_instinct
from game.ai.valuation import DealMath
from game.engine import legal, rules, step, words
from game.engine.diplomacy import Deal
from game.engine.endings import end_now
from game.engine.events import briefing, resolve_option
from game.engine.policy import Answer
from game.engine.reactions import run_reactions
from game.engine.records import Verdict
from game.engine.state import GameState, Phase
from game.engine.turn import computer_turn, resolution
from game.mods.content import EventDef, OptionDef
from game.mods.expr import Scope
from game.mods.rule_models import Difficulty
from game.moves import Act, Move, Propose


@dataclass(frozen=True, slots=True)
class Plan:
    """A power's month: the moves it would make, in order, and what the plan is after."""

    moves: tuple[Move, ...]
    aim: str
    instinct: bool = False


class _Believed(UtilityPolicy):
    """How the world answers inside a rollout: each party accepts a deal by the planner's belief
    (drawn with the rollout's dice); everything else as the utility policy would."""

    name = "believed"

    def __init__(self, beliefs: dict[tuple[str, tuple[str, ...]], float]) -> None:
        self.beliefs = beliefs

    def answer(self, state: GameState, power: str, deal: Deal, counters: bool) -> Answer:
        p = self.beliefs.get((power, deal.terms), 0.0)
        verdict = Verdict.ACCEPT if state.rng.random() < p else Verdict.REJECT
        return Answer(verdict, 0.0, 0.0, ())

    def mediate(
        self, state: GameState, deal: Deal, counters: list[tuple[str, tuple[str, ...]]]
    ) -> tuple[str, ...] | None:
        return None


class SearchPolicy(UtilityPolicy):
    """Plays each computer power by a search over its month's plans, valued at their expected end."""

    name = "search"

    def __init__(self, budget: Difficulty | None = None) -> None:
        #: The search budget to use instead of the game's difficulty (for head-to-head tests).
        self.budget = budget

    def month(self, state: GameState, power: str) -> Iterator[Move]:
        best = self.best_plan(state, power)
        yield from keep_faith(state, power, best.moves)

    def choose_option(self, state: GameState, power: str, event: EventDef, rng: random.Random) -> OptionDef | None:
        """An answer to an event by what each option is expected to bring: each open option is
        played on a copy with the reactions the power can count on and valued at its expected
        end; it is drawn with odds of its `ai_weight` (an option weighed 0 is never the
        computer's) times e^((worth - best) / the difficulty's `search_temperature`), so habits
        still show where the worths are close. The search's own dice decide everything here:
        the game's `rng` is left alone."""
        scope = Scope(state, power)
        options = [o for o in event.options if rules.holds(o.when, scope) and o.model.ai_weight > 0]
        if len(options) < 2:
            return options[0] if options else None
        temper = (self.budget or state.difficulty).search_temperature
        total = sum(o.model.ai_weight for o in options)
        dice = self.dice(state, power, "option", event.id)
        values = [
            worth_after(
                state,
                power,
                random.Random(dice.getrandbits(32)),
                partial(resolve_option, ev=event, opt=opt, power=power),
            )
            for opt in options
        ]
        top = max(values)
        odds = [o.model.ai_weight / total * math.exp((v - top) / temper) for o, v in zip(options, values, strict=True)]
        return rules.weighted_pick(dice, options, odds)

    def aim(self, state: GameState, power: str) -> str:
        """What the power is after this month, in words, from its search's best plan."""
        return self.best_plan(state, power).aim

    # -- the search ------------------------------------------------------------------------

    def best_plan(self, state: GameState, power: str) -> Plan:
        plans, beliefs = self.plans(state, power)
        level = self.budget or state.difficulty
        best: tuple[float, int, Plan] | None = None
        for i, plan in enumerate(plans):
            total = 0.0
            for r in range(level.search_rollouts):
                total += self.rollout(state, power, plan, beliefs, i, r)
            score = total / level.search_rollouts + (level.search_anchor if plan.instinct else 0.0)
            if best is None or score > best[0]:
                best = (score, -i, plan)
        assert best is not None
        return best[2]

    def dice(self, state: GameState, power: str, *key: object) -> random.Random:
        """The search's own dice, seeded from the game's seed, the month, the power and `key`."""
        text = ":".join(str(k) for k in (state.seed, state.turn, power, *key))
        return random.Random(zlib.crc32(f"search:{text}".encode()))

    def plans(self, state: GameState, power: str) -> tuple[list[Plan], dict[tuple[str, tuple[str, ...]], float]]:
        """The plans worth weighing, instinct first, and the planner's beliefs about the answers
        the deals they hold would get."""
        dm = DealMath.of(state)
        candidates = evaluate_actions(state, power, self, self.dice(state, power, "actions"))
        instinct = utility_instinct(state, power, candidates, self.dice(state, power, "instinct"))
        offers = [o for _, o in diplomat.ranked_proposals(state, power)[:2]]
        beliefs: dict[tuple[str, tuple[str, ...]], float] = {}
        for offer in dict.fromkeys([*offers, *(m for m in instinct if isinstance(m, Propose))]):
            for q in offer.parties:
                beliefs[(q, offer.terms)] = diplomat.acceptance(dm, power, q, offer.parties, offer.terms)
        plans = [Plan(instinct, self._describe(state, power, instinct), instinct=True)]
        seen = {instinct}
        for moves in self._variants(state, power, instinct, candidates, offers):
            if len(plans) >= (self.budget or state.difficulty).search_plans:
                break
            if moves not in seen:
                seen.add(moves)
                plans.append(Plan(moves, self._describe(state, power, moves)))
        return plans, beliefs

    def _variants(
        self,
        state: GameState,
        power: str,
        instinct: tuple[Move, ...],
        candidates: list[Candidate],
        offers: list[Propose],
    ) -> Iterator[tuple[Move, ...]]:
        """Other months than the instinct's, most different first: no actions at all; each of the
        best actions alone; another package put forward, or none; the instinct's talk with the
        next best actions."""
        talk = tuple(m for m in instinct if not isinstance(m, Act))
        acts = tuple(m for m in instinct if isinstance(m, Act))
        plain = tuple(m for m in instinct if not isinstance(m, Propose))
        others = [m for m in talk if not isinstance(m, Propose)]
        good = [c.move for c in candidates if c.value > 0]
        yield talk
        for offer in offers:
            if offer not in instinct:
                yield (*others, offer, *acts)
        if len(plain) < len(instinct):
            yield plain
        for move in good[:3]:
            yield (*talk, move)
        rest = [m for m in good if m not in acts]
        if rest:
            yield (*talk, *rest[: max(1, len(acts))])

    def rollout(
        self,
        state: GameState,
        power: str,
        plan: Plan,
        beliefs: dict[tuple[str, tuple[str, ...]], float],
        index: int,
        round: int,
    ) -> float:
        """One playing-out of `plan`: the planner's expected final score at the horizon."""
        sim = state.copy(rng=self.dice(state, power, "rollout", index, round))
        sim.quiet = True
        world = _Believed(beliefs)
        mine = len(sim.happenings)
        for move in plan.moves:
            if legal.move_problem(sim, power, move) is None:
                step.apply(sim, move, world, by=power)
                if end_now(sim):
                    return sim.scores.get(power, 0.0)
        # what this plan does draws the reactions; the rest of the month is the same for every plan
        run_reactions(sim, since=mine)
        if end_now(sim) or resolution(sim):
            return sim.scores.get(power, 0.0)
        for _ in range((self.budget or state.difficulty).search_months - 1):
            sim.turn += 1
            sim.phase = Phase.AI_TURN
            briefing(sim, world)
            if end_now(sim):
                return sim.scores.get(power, 0.0)
            computer_turn(sim, world)
            if end_now(sim) or resolution(sim):
                return sim.scores.get(power, 0.0)
        return expected_score(sim, power)

    # -- words -----------------------------------------------------------------------------

    def _describe(self, state: GameState, power: str, moves: tuple[Move, ...]) -> str:
        """What a plan is after, in the power's terms: the deal it puts forward, else the ending
        it steers toward, else its first action."""
        c = state.content
        who = words.subject(c, power)
        offer = next((m for m in moves if isinstance(m, Propose)), None)
        if offer is not None:
            return f"{who} wants {words.deal_label(c, offer.terms, offer.package)}"
        ending = likeliest(state)
        act = next((m for m in moves if isinstance(m, Act)), None)
        if act is not None:
            name = c.actions[act.action].model.name
            name = name[:1].lower() + name[1:]
            if ending is not None:
                return f"{who} plans next: {name}, and expects {words.in_sentence(c.endings[ending].model.title)}"
            return f"{who} plans next: {name}"
        return f"{who} waits to see where the crisis goes"
