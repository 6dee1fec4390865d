"""Deals that cost what they cost governments: the same rules for every seat, rounds of bargaining,
refusals remembered, capped pressure, red lines, the road to big deals, home politics, and a month
that makes sense (wars that cannot wait, events that exclude each other, promises kept)."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from game.ai import UtilityPolicy
from game.ai.valuation import DealMath
from game.engine import legal
from game.engine.diplomacy import Deal
from game.engine.game import Game
from game.engine.policy import Answer, Intel
from game.engine.records import Answered, CounterOffered, Dialogue, EventFired, Reacted, Signed, Verdict, records_of
from game.engine.state import GameState, Phase
from game.engine.step import apply
from game.engine.turn import advance
from game.mods.content import Content, EventDef, OptionDef
from game.mods.loader import load_content
from game.moves import Act, Move, Propose
from tests.conftest import HERE, MINI

PLUS = HERE / "fixtures" / "mini_plus"


@pytest.fixture(scope="module")
def plus() -> Content:
    return load_content([MINI, PLUS])


def new(content: Content, seed: int = 1) -> Game:
    return Game(content, None, "red", seed, policy=UtilityPolicy())


# -- the same rules for every seat --------------------------------------------------------------


def test_a_computer_proposal_costs_capital_and_a_move_as_the_players_does(plus: Content) -> None:
    g = Game(plus, None, None, 1, start=False, policy=UtilityPolicy())
    st = g.state
    st.phase = Phase.AI_TURN
    capital = st.pvars["blue"]["capital"]
    apply(st, Propose(("green",), ("green_blesses",)), g.policy, by="blue")
    assert st.pvars["blue"]["capital"] == capital - 1 and st.moves_made == 1


def test_the_computer_is_held_to_the_moves_limit(plus: Content) -> None:
    g = Game(plus, None, None, 1, start=False, policy=UtilityPolicy())
    st = g.state
    st.moves_made = 2
    assert legal.move_problem(st, "blue", Propose(("green",), ("green_blesses",))) is not None
    assert legal.move_problem(st, "blue", Act("shout")) is not None


# -- refusals -----------------------------------------------------------------------------------


def test_a_refused_proposal_costs_face_with_the_refuser_and_asking_again_costs_more(plus: Content) -> None:
    g = new(plus)
    before = g.state.opinion["blue"]["red"]
    g.play("propose blue blue_pays")
    (answer,) = records_of(g.state.log, Answered)
    assert answer.verdict is Verdict.REJECT
    once = g.state.opinion["blue"]["red"]
    assert once == before - 2
    g.play("propose blue blue_pays")
    assert g.state.opinion["blue"]["red"] == once - 4, "asking again what was refused costs double"
    again = records_of(g.state.log, Answered)[-1]
    assert any("turned this down once already" in r.text for r in again.reasons or ())
    assert [r.by for r in g.state.diplomacy.refusals] == ["blue", "blue"]


# -- rounds of bargaining -----------------------------------------------------------------------


def test_a_counter_offer_can_be_answered_with_a_counter_offer(plus: Content) -> None:
    g = new(plus)
    g.play("propose blue red_stop_shouting")
    counter = g.state.diplomacy.counter
    assert counter is not None and counter.round == 2
    assert legal.why_not(g.state, Propose(("blue",), ("red_stop_shouting", "blue_lower_voice"))) is None
    assert "same table" in (legal.why_not(g.state, Propose(("green",), ("green_blesses",))) or "")
    capital = g.state.pvars["red"]["capital"]
    g.play("propose blue red_stop_shouting+blue_lower_voice")
    assert g.state.pvars["red"]["capital"] == capital, "a counter to a counter is part of one bargain"
    assert g.state.diplomacy.counter is None, "the last round admits no counter-offer"
    assert records_of(g.state.log, Answered)[-1].verdict in (Verdict.ACCEPT, Verdict.REJECT)


def test_a_bargain_has_its_rounds_and_no_more(plus: Content) -> None:
    g = new(plus)
    g.play("propose blue red_stop_shouting")
    st = g.state
    assert st.diplomacy.counter is not None
    st.diplomacy.counter = type(st.diplomacy.counter)(**{**_fields(st.diplomacy.counter), "round": 3})
    why = legal.why_not(st, Propose(("blue",), ("red_stop_shouting", "blue_lower_voice")))
    assert why is not None and "rounds" in why


def _fields(counter: object) -> dict[str, object]:
    return {k: getattr(counter, k) for k in ("by", "proposer", "parties", "terms", "package", "round")}


def test_a_counter_offer_can_meet_in_the_middle_with_a_softer_degree(plus: Content) -> None:
    g = new(plus)
    dm = DealMath(g.state)
    table = ("red", "blue")
    val = dm.value("blue", "red", table, ("red_pays", "blue_stop_shouting"))
    variants = dm.counter_variants("blue", table, ("red_pays", "blue_stop_shouting"), val)
    assert ("red_pays", "blue_lower_voice") in variants


class TwoCounters(UtilityPolicy):
    """Both parties counter every deal; the mediator finds what both could sign."""

    def answer(self, state: GameState, power: str, deal: Deal, counters: bool) -> Answer:
        if not counters:
            return Answer(Verdict.ACCEPT, 10.0, 5.0, ())
        return Answer(
            Verdict.COUNTER, 0.0, 5.0, (), (*deal.terms, f"{power}_pays" if power == "blue" else "green_blesses")
        )

    def mediate(self, state: GameState, deal: Deal, counters: list[tuple[str, tuple[str, ...]]]) -> tuple[str, ...]:
        return ("red_stop_shouting", "green_blesses")


def test_a_mediator_brings_several_counter_offers_together(plus: Content) -> None:
    g = Game(plus, None, "red", 1, policy=TwoCounters())
    g.play("propose blue,green red_stop_shouting")
    counter = g.state.diplomacy.counter
    assert counter is not None and counter.terms == ("red_stop_shouting", "green_blesses")
    assert len(records_of(g.state.log, CounterOffered)) == 2
    (said,) = [d for d in records_of(g.state.log, Dialogue) if d.id == "mediation"]
    assert said.power == counter.by
    g.play("accept")
    assert records_of(g.state.log, Signed)


# -- what a deal is worth -----------------------------------------------------------------------


def test_crisis_pressure_is_one_capped_line_and_each_interest_speaks_for_itself(plus: Content) -> None:
    g = new(plus)
    g.state.set_var("tension", 80)
    val = DealMath(g.state).value("red", "blue", ("red", "blue"), ("blue_stop_shouting",))
    pressure = [r for r in val.reasons if "crisis presses" in r.text]
    assert len(pressure) == 1 and abs(pressure[0].points) <= 3.0, val.reasons
    assert sum(r.points for r in val.reasons) == pytest.approx(val.total)


def test_a_deal_that_crosses_a_red_line_costs_its_weight(plus: Content) -> None:
    g = new(plus)
    g.state.set_var("tension", 68)
    dm = DealMath(g.state)
    after = dm.with_terms(("red_pays",), ("red", "blue"))
    after.set_var("tension", 75)
    assert [rl.id for rl in dm.crossed("blue", after)] == ["too_hot"]


# -- the road to big deals ----------------------------------------------------------------------


def test_a_big_deal_needs_its_road_for_every_proposer(plus: Content) -> None:
    g = new(plus)
    why = g.why_not(Propose(("green",), ("red_pays", "green_blesses")))
    assert why is not None and "great pact" in why
    assert legal.move_problem(g.state, "blue", Propose(("red", "green"), ("red_pays", "green_blesses"))) is not None
    g.state.set_var("talks", 2)
    assert g.why_not(Propose(("blue", "green"), ("red_pays", "green_blesses"))) is None


# -- home politics ------------------------------------------------------------------------------


def test_a_government_its_public_turned_on_makes_fewer_moves(plus: Content) -> None:
    g = new(plus)
    g.state.set_pvar("red", "support", 20)
    g.play("act shout")
    why = g.why_not(Act("soothe", "blue"))
    assert why is not None and "limit is 1" in why


# -- a month that makes sense -------------------------------------------------------------------


def test_war_begins_the_moment_the_ladder_reaches_it(plus: Content) -> None:
    g = new(plus)
    g.state.set_var("tension", 85)
    g.play("act shout")  # +10: the war rung at 90, in the middle of the month
    assert g.over and g.ending == "war"
    assert g.state.phase is Phase.GAME_OVER and g.state.history[-1].turn == g.turn


def test_an_event_does_not_fire_in_a_month_it_excludes(plus: Content) -> None:
    quiet = new(plus)
    for move in ("end", "choose dilemma calm", "end"):
        quiet.play(move)
    fired = [e.id for e in records_of(quiet.state.log, EventFired) if e.turn == 3]
    assert "blue_rally" in fired and "truce_day" not in fired, "the loud rally excludes the truce"


def test_a_promise_stops_the_events_it_forbids(plus: Content) -> None:
    g = new(plus)
    g.play("propose blue red_pays+blue_stop_shouting")
    assert g.state.term_in_force("blue_stop_shouting")
    for move in ("end", "choose dilemma calm", "end"):
        g.play(move)
    fired = [e.id for e in records_of(g.state.log, EventFired) if e.turn == 3]
    assert "blue_rally" not in fired and "truce_day" in fired


def test_a_reaction_appears_once_a_month_whatever_provoked_it_twice(plus: Content) -> None:
    g = new(plus)
    g.play("act shout")
    st = g.state
    st.happenings.append(st.happenings[-1])  # the same deed seen twice this month
    g.play("end")
    frowns = [r for r in records_of(st.log, Reacted) if r.turn == 1 and r.target == "red"]
    assert len(frowns) == 1


# -- the search keeps the game deterministic ------------------------------------------------------


def test_the_search_ai_replays_exactly_and_never_rolls_the_games_dice_to_think(plus: Content) -> None:
    from game.ai import SearchPolicy

    one = Game(plus, None, None, 5, policy=SearchPolicy())
    one.run_to_end()
    two = Game(plus, None, None, 5, policy=SearchPolicy())
    two.run_to_end()
    assert one.state_hash() == two.state_hash()


class Silent(UtilityPolicy):
    def month(self, state: GameState, power: str) -> Iterator[Move]:
        return iter(())

    def choose_option(self, state: GameState, power: str, event: EventDef, rng: random.Random) -> OptionDef | None:
        return event.options[0]

    def sound_out(self, state: GameState, power: str, listener: str) -> Intel:
        return Intel((), ())


def test_advance_stops_at_once_when_the_war_cannot_wait(plus: Content) -> None:
    g = Game(plus, None, None, 2, start=False, policy=Silent())
    g.state.set_var("tension", 95)
    advance(g.state, g.policy)
    assert g.over and g.ending == "war" and g.turn == 1
