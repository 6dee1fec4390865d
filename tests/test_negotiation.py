"""Deals, answers with reasons, counter-offers, agreements, defections, statements, talk."""

from __future__ import annotations

import pytest

from game.ai import UtilityPolicy
from game.ai.valuation import DealMath
from game.engine.diplomacy import Deal
from game.engine.game import Game
from game.engine.records import (
    Answered,
    Broken,
    CounterOffered,
    Dialogue,
    Proposed,
    R,
    Reason,
    Signed,
    StatementIssued,
    Verdict,
    records_of,
)
from game.engine.state import Phase
from game.engine.step import apply
from game.engine.turn import advance
from game.moves import IllegalMoveError, Propose


def new(mini, seed: int = 1) -> Game:
    return Game(mini, None, "red", seed, policy=UtilityPolicy())


def entries(g: Game, kind: type[R]) -> list[R]:
    return records_of(g.state.log, kind)


def test_an_attractive_deal_is_accepted_and_signed(mini) -> None:
    g = new(mini)
    capital = g.state.pvars["red"]["capital"]
    g.play("propose blue red_pays+blue_stop_shouting")
    (answer,) = entries(g, Answered)
    assert answer.power == "blue" and answer.verdict is Verdict.ACCEPT
    assert answer.text == "Blueland signs, Redland."
    reasons = answer.reasons
    assert reasons and all(isinstance(r, Reason) for r in reasons)
    assert sum(r.points for r in reasons) == pytest.approx(answer.total, abs=0.2)
    (agreement,) = entries(g, Signed)
    assert agreement.terms == ("red_pays", "blue_stop_shouting")
    assert g.state.term_in_force("blue_stop_shouting")
    assert g.state.pvars["blue"]["score"] == 10 + 15
    assert g.state.pvars["red"]["capital"] == capital - 1, "a proposal costs political capital"


def test_a_bad_deal_is_refused_with_reasons_in_points_and_words(mini) -> None:
    g = new(mini)
    g.play("propose blue blue_pays")
    (answer,) = entries(g, Answered)
    assert answer.verdict is Verdict.REJECT
    texts = [r.text for r in answer.reasons or ()]
    assert "paying tribute shames us" in texts
    assert any(r.points == -10 for r in answer.reasons or ())
    assert not g.state.agreements


def test_a_near_miss_gets_a_counter_offer_that_can_be_taken(mini) -> None:
    g = new(mini)
    g.play("propose blue red_stop_shouting")
    (answer,) = entries(g, CounterOffered)
    assert answer.verdict is Verdict.COUNTER
    assert answer.asks_for == ("red_pays",)
    assert [m.notation() for m in g.legal_moves()] == ["accept", "refuse"]
    with pytest.raises(IllegalMoveError, match="counter-offer"):
        g.play("act shout")
    g.play("accept")
    (agreement,) = entries(g, Signed)
    assert set(agreement.terms) == {"red_stop_shouting", "red_pays"}


def test_a_counter_offer_can_be_refused(mini) -> None:
    g = new(mini)
    g.play("propose blue red_stop_shouting")
    g.play("refuse")
    assert not g.state.agreements
    assert g.state.diplomacy.counter is None
    assert "act shout" in [m.notation() for m in g.legal_moves()]


def test_breaking_a_term_is_a_defection_remembered_by_the_others(mini) -> None:
    g = new(mini)
    g.play("propose blue red_pays+red_stop_shouting+blue_stop_shouting")
    assert g.state.agreements
    opinion, trust = g.state.opinion["blue"]["red"], g.state.trust["blue"]["red"]
    g.play("act shout")  # shouting is what red promised not to do
    g.play("end")
    (defection,) = entries(g, Broken)
    assert defection.power == "red" and "Stop shouting" in defection.text
    assert not g.state.agreements and "red_quiet" not in g.state.flags
    assert g.state.opinion["blue"]["red"] < opinion - 10
    assert g.state.trust["blue"]["red"] < trust - 20
    grudge = g.state.diplomacy.grudge("blue", "red")
    g.play("choose dilemma calm")
    g.play("end")
    assert 0 < g.state.diplomacy.grudge("blue", "red") < grudge, "grudges fade slowly"


def test_trust_builds_with_every_month_kept(mini) -> None:
    g = new(mini)
    g.play("propose blue red_pays+blue_stop_shouting")
    before = g.state.trust["blue"]["red"]
    g.play("end")
    g.play("choose dilemma calm")
    g.play("end")
    assert g.state.trust["blue"]["red"] >= before + 2


def test_a_deal_needs_its_givers_and_needed_parties_at_the_table(mini) -> None:
    g = new(mini)
    with pytest.raises(IllegalMoveError, match="given by blue, who is not a party"):
        g.play("propose green blue_pays")
    with pytest.raises(IllegalMoveError, match="needs blue at the table"):
        g.play("propose green join_talks")
    with pytest.raises(IllegalMoveError, match="unknown term"):
        g.play("propose blue nothing_here")


def test_inside_talks_concessions_cost_less_face(mini) -> None:
    g = new(mini)
    math = DealMath(g.state)
    outside = math.value("blue", "red", ("red", "blue"), ("blue_pays",))
    g.state.set_var("talks", 2)
    inside = DealMath(g.state).value("blue", "red", ("red", "blue"), ("blue_pays",))
    assert inside.total > outside.total
    assert any("inside the talks" in r.text for r in inside.reasons)


def test_valuing_a_deal_never_touches_the_games_dice(mini) -> None:
    g = new(mini)
    state = g.rng.getstate()
    before = g.state_hash()
    DealMath(g.state).value("blue", "red", ("red", "blue"), ("red_pays", "blue_stop_shouting"))
    g.why_not(g.parse_move("propose blue red_pays"))
    assert g.rng.getstate() == state and g.state_hash() == before


def test_statements_gather_cosigners_who_like_them(mini) -> None:
    g = new(mini)
    g.play("declare calm_down green")
    (st,) = entries(g, StatementIssued)
    assert st.issued and st.signers[0] == "red"
    assert st.text.endswith("call for calm.")
    assert g.state.pvars["red"]["score"] == 12


def test_talking_reveals_what_a_power_wants(mini) -> None:
    g = new(mini)
    g.play("talk blue")
    (d,) = entries(g, Dialogue)
    assert d.text == "Blueland is listening."
    assert "red_pays" in (d.wants or ())
    with pytest.raises(IllegalMoveError, match="already talked"):
        g.play("talk blue")
    assert g.state.moves_made == 0, "talking is free"


def test_ai_offers_wait_for_the_player_next_month(mini) -> None:
    g = new(mini)
    g.state.diplomacy.offers.append(Deal("blue", ("red",), ("red_stop_shouting",)))
    g.state.phase = Phase.BRIEFING
    advance(g.state, g.policy)
    assert g.phase is Phase.EVENT_CHOICES
    assert [m.notation() for m in g.legal_moves()] == ["accept", "refuse"]
    g.play("accept")
    assert g.state.term_in_force("red_stop_shouting")
    assert g.phase is Phase.DIPLOMACY


def test_computer_powers_make_deals_with_each_other(mini) -> None:
    g = Game(mini, None, None, 3, start=False, policy=UtilityPolicy())
    apply(g.state, Propose(("green",), ("green_blesses",)), g.policy, by="blue")
    kinds = [type(e) for e in g.state.log]
    assert kinds[:2] == [Proposed, Answered]
