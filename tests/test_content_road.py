"""The base game's deals: interests that speak for themselves, red lines a deal can cross, terms
that come in degrees, and the road to the big deals (contacts, a channel, talks, a summit, with
trust and room at home) that binds the player and the computer alike."""

from __future__ import annotations

import pytest

from game.engine import deals
from game.engine.game import Game
from game.engine.records import Answered, CounterOffered, records_of
from game.mods.content import Content
from game.moves import Propose
from tests.conftest import seated

BIG_DEALS = ("leaders_summit", "six_party_talks", "grand_bargain")
BIG_TERMS = ("leaders_summit", "join_six_party_talks", "prk_denuclearisation_roadmap")


# -- interests and red lines --------------------------------------------------------------------


def test_every_interest_says_how_a_deal_serves_it_and_how_it_harms_it(content) -> None:
    for p, power in content.powers.items():
        for it in power.model.interest:
            assert it.gain and it.loss, f"{p}: interest {it.of!r} needs gain and loss words"
            assert it.gain != it.loss, f"{p}: interest {it.of!r} says the same either way"


def test_every_power_has_a_red_line_that_outweighs_the_crisis_pressure(content) -> None:
    neg = content.rules.negotiation
    for p, power in content.powers.items():
        lines = power.model.red_line
        assert lines, f"{p} has no red line"
        for rl in lines:
            weight = rl.weight if rl.weight is not None else neg.red_line_weight
            assert weight > 2 * neg.pressure_cap, f"{p}:{rl.id} weighs {weight}, the pressure cap is {neg.pressure_cap}"
            assert rl.why, f"{p}:{rl.id} needs words for the answers"


def answers(g: Game) -> list[Answered | CounterOffered]:
    return [*records_of(g.state.log, Answered), *records_of(g.state.log, CounterOffered)]


def red_line_answer(g: Game, proposal: str, power: str, why: str) -> Answered | CounterOffered:
    g.play(proposal)
    (ans,) = [a for a in answers(g) if a.power == power]
    texts = [r.text for r in ans.reasons or ()]
    assert any(why in t for t in texts), texts
    crossing = next(r for r in ans.reasons or () if why in r.text)
    pressure = [r for r in ans.reasons or () if r.text == g.content.rules.negotiation.reason_pressure]
    assert all(abs(r.points) < abs(crossing.points) for r in pressure), "pressure must never outweigh a red line"
    return ans


def test_washington_will_not_ease_sanctions_before_inspectors_even_at_the_brink(content) -> None:
    g = seated(content, "chn")
    g.state.set_var("tension", 75)
    why = next(rl.why for rl in content.powers["usa"].red_lines if rl.id == "relief_before_inspection")
    ans = red_line_answer(g, "propose usa usa_ease_sanctions", "usa", why)
    assert not g.state.agreements and ans.verdict.value != "accept"


def test_pyongyang_will_not_admit_inspectors_without_a_guarantee(content) -> None:
    g = seated(content, "kor")
    why = next(rl.why for rl in content.powers["prk"].red_lines if rl.id == "inspectors_unguaranteed")
    red_line_answer(g, "propose prk prk_admit_inspectors", "prk", why)
    assert not g.state.agreements


def test_seoul_will_not_suspend_the_drills_at_the_cost_of_the_alliance(content) -> None:
    g = seated(content, "chn")
    g.state.set_var("alliance", 58)
    why = next(rl.why for rl in content.powers["kor"].red_lines if rl.id == "alliance_hollowed")
    red_line_answer(g, "propose usa,kor usa_suspend_exercises", "kor", why)


def test_beijing_will_not_strangle_the_north_into_collapse(content) -> None:
    g = seated(content, "usa")
    g.state.set_var("prk_stability", 27)
    why = next(rl.why for rl in content.powers["chn"].red_lines if rl.id == "no_collapse")
    red_line_answer(g, "propose chn chn_cut_oil", "chn", why)


def test_moscow_will_not_help_turn_sanctions_into_a_blockade(content) -> None:
    g = seated(content, "usa")
    g.state.set_var("sanctions", 80)
    why = next(rl.why for rl in content.powers["rus"].red_lines if rl.id == "embargo")
    red_line_answer(g, "propose rus rus_back_un_resolution", "rus", why)


# -- degrees ------------------------------------------------------------------------------------


def test_terms_come_in_degrees_of_the_same_concession(content) -> None:
    degrees = {tid: t.model.softer for tid, t in content.terms.items() if t.model.softer}
    assert {"usa_suspend_exercises", "usa_ease_sanctions", "prk_freeze_missiles"} <= set(degrees)
    for hard, soft in degrees.items():
        assert soft in content.terms, f"{hard}: softer {soft!r} is not a term"
        assert soft != hard
        h, s = content.terms[hard].model, content.terms[soft].model
        assert h.giver == s.giver, f"{hard} and {soft} must be given by the same power"
        assert h.face > s.face, f"{soft} should cost {h.giver} less face than {hard}"
        assert deals.conflicts(content, (hard, soft)), f"{hard} and {soft} cannot both be in one deal"
    seen: set[str] = set()
    for start in degrees:
        chain, t = [], start
        while t in degrees:
            assert t not in chain, f"softer terms go round in a circle: {chain}"
            chain.append(t)
            t = degrees[t]
        seen.update(chain)


# -- the road -----------------------------------------------------------------------------------


def big_proposals(content: Content, proposer: str) -> list[Propose]:
    out = []
    for pkid in BIG_DEALS:
        terms = tuple(content.packages[pkid].model.terms)
        parties = deals.parties_of(content, terms, proposer)
        out.append(Propose(parties, terms, pkid))
        out.append(Propose(parties, terms))
    for tid in BIG_TERMS:
        t = content.terms[tid].model
        parties = tuple(p for p in content.powers if p != proposer and (p in t.needs or p == t.giver))
        out.append(Propose(parties, (tid,)))
    return out


@pytest.mark.parametrize("power", ["usa", "chn", "rus", "prk", "kor", "jpn"])
def test_no_big_deal_can_be_put_forward_in_july_2017(content, power) -> None:
    g = seated(content, power)
    for move in big_proposals(content, power):
        assert g.why_not(move) is not None, f"{power} may already propose {move.notation()}"


def road_to_the_summit(g: Game) -> None:
    """Walk the road to a leaders' summit by hand: contacts, a channel, the Koreas' own summit,
    kept steps that built some trust, and a North that is talking."""
    st = g.state
    st.set_var("talks", 1)
    for flag in ("prk_dialogue_offer", "usa_prk_channel", "ik_summit_held"):
        st.set_flag(flag)
    st.set_trust("usa", "prk", -70)
    st.set_trust("prk", "usa", -70)
    st.set_var("tension", 50)


def summit(content: Content) -> Propose:
    terms = tuple(content.packages["leaders_summit"].model.terms)
    return Propose(deals.parties_of(content, terms, "kor"), terms, "leaders_summit")


def test_the_summit_opens_at_the_end_of_the_road(content) -> None:
    g = seated(content, "kor")
    road_to_the_summit(g)
    assert g.why_not(summit(content)) is None


@pytest.mark.parametrize(
    "step",
    ["contacts", "usa_prk_channel", "ik_summit_held", "trust", "support"],
)
def test_every_step_of_the_road_to_the_summit_is_needed(content, step) -> None:
    g = seated(content, "kor")
    road_to_the_summit(g)
    st = g.state
    if step == "contacts":
        st.set_var("talks", 0)
    elif step == "trust":
        st.set_trust("prk", "usa", -80)
    elif step == "support":
        st.set_pvar("usa", "support", 20)
    else:
        st.clear_flag(step)
    assert g.why_not(summit(content)) is not None


def test_the_six_party_table_needs_talks_a_freeze_and_trust(content) -> None:
    g = seated(content, "chn")
    st = g.state
    terms = tuple(content.packages["six_party_talks"].model.terms)
    move = Propose(deals.parties_of(content, terms, "chn"), terms, "six_party_talks")
    st.set_var("talks", 2)
    st.set_var("tension", 45)
    st.set_flag("prk_moratorium")
    assert g.why_not(move) is not None, "trust between Washington and Pyongyang is still at its opening low"
    st.set_trust("usa", "prk", -70)
    st.set_trust("prk", "usa", -70)
    assert g.why_not(move) is None
    st.clear_flag("prk_moratorium")
    assert g.why_not(move) is not None


def test_the_grand_bargain_needs_the_table_a_summit_and_inspectors(content) -> None:
    g = seated(content, "kor")
    st = g.state
    terms = tuple(content.packages["grand_bargain"].model.terms)
    move = Propose(deals.parties_of(content, terms, "kor"), terms, "grand_bargain")
    st.set_var("talks", 3)
    st.set_var("tension", 35)
    for flag in ("prk_moratorium", "leaders_summit_usa", "inspectors_in"):
        st.set_flag(flag)
    st.set_trust("usa", "prk", -60)
    st.set_trust("prk", "usa", -60)
    assert g.why_not(move) is None
    st.clear_flag("inspectors_in")
    assert g.why_not(move) is not None
