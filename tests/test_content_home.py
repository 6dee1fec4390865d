"""Politics at home bite in the base game: support costs moves when it falls, the publics answer
concessions made under threat, casualties and economic pain, and the democracies' real elections
go as the government's standing says and change what it can do afterwards."""

from __future__ import annotations

import pytest

from game.engine import deals, events, rules
from game.engine.reactions import run_reactions
from game.engine.records import Reacted, records_of
from game.engine.state import GameState, Happening
from game.mods.expr import Scope
from tests.conftest import seated

ELECTIONS = {
    # event: (power, threshold, flag when it goes well, flag when it goes badly)
    "japan_snap_election": ("jpn", 42, "abe_supermajority", "abe_weakened"),
    "korean_local_elections": ("kor", 50, "moon_mandate", "moon_rebuked"),
    "us_midterms": ("usa", 60, "house_held", "house_hostile"),
}


def reacted(st: GameState, reaction: str) -> bool:
    return any(r.id == reaction for r in records_of(st.log, Reacted))


def test_support_is_what_home_politics_read(content) -> None:
    home = content.rules.home
    assert home.support == "support"
    g = seated(content, "kor")
    st = g.state
    assert rules.moves_allowed(st, "kor") == content.rules.moves_per_turn
    st.set_pvar("kor", "support", home.weak_below - 1)
    assert rules.moves_allowed(st, "kor") == home.weak_moves < content.rules.moves_per_turn


def test_the_democracies_meet_their_real_calendar(content) -> None:
    months = {eid: content.events[eid].model.start for eid in ELECTIONS}
    assert months == {"japan_snap_election": "2017-10", "korean_local_elections": "2018-06", "us_midterms": "2018-11"}


@pytest.mark.parametrize("election", sorted(ELECTIONS))
@pytest.mark.parametrize("backed", [True, False])
def test_an_election_goes_as_the_governments_standing_says(content, election, backed) -> None:
    power, threshold, good, bad = ELECTIONS[election]
    g = seated(content, "chn")
    st = g.state
    st.set_pvar(power, "support", threshold + 5 if backed else threshold - 5)
    before = st.pvars[power]["capital"]
    events.fire(st, content.events[election], g.policy)
    assert (good in st.flags) is backed and (bad in st.flags) is not backed
    assert (st.pvars[power]["capital"] > before) is backed


def test_the_snap_election_decides_whether_tokyo_can_build_up_its_defences(content) -> None:
    g = seated(content, "jpn")
    buildup = content.actions["jpn_defence_buildup"]
    assert rules.action_blocker(g.state, "jpn", buildup, None) is not None
    g.state.set_flag("abe_supermajority")
    assert rules.action_blocker(g.state, "jpn", buildup, None) is None


def test_a_rebuked_seoul_cannot_press_on_with_joint_projects(content) -> None:
    g = seated(content, "kor")
    st = g.state
    st.set_var("inter_korean", 60)
    st.set_flag("leaders_summit")
    projects = content.actions["kor_joint_projects"]
    assert rules.action_blocker(st, "kor", projects, None) is None
    st.set_flag("moon_rebuked")
    assert rules.action_blocker(st, "kor", projects, None) is not None


def test_a_hostile_house_blocks_a_security_guarantee_and_broad_relief(content) -> None:
    g = seated(content, "kor")
    st = g.state
    for term in ("usa_security_guarantee", "usa_ease_sanctions"):
        assert deals.deal_problem(st, "kor", ("usa",), (term,)) is None
    st.set_flag("house_hostile")
    for term in ("usa_security_guarantee", "usa_ease_sanctions"):
        assert deals.deal_problem(st, "kor", ("usa",), (term,)) is not None


def test_a_concession_under_threat_draws_the_publics_anger(content) -> None:
    g = seated(content, "usa")
    crisis = next(r.at for r in content.ladder.rung if r.id == "crisis")
    assert g.state.vars["tension"] >= crisis, "July 2017 is a month of crisis"
    g.play("act usa_offer_talks")
    g.play("end")
    assert reacted(g.state, "usa_home_on_concessions")


def test_signing_a_concession_under_threat_draws_it_too(content) -> None:
    g = seated(content, "chn")
    st = g.state
    st.set_var("tension", 60)
    deals.sign(st, ("chn", "usa", "prk"), ("usa_trade_truce",), None)
    run_reactions(st)
    assert reacted(st, "usa_home_on_signed_concessions")


def test_the_public_answers_casualties(content) -> None:
    g = seated(content, "chn")
    st = g.state
    clash = content.events["inc_nll_clash"]
    fire = next(o for o in clash.options if o.model.id == "return_fire")
    st.happenings.clear()
    events.resolve_option(st, clash, fire, "kor")
    run_reactions(st)
    assert reacted(st, "kor_home_on_casualties")
    assert reacted(st, "usa_home_on_casualties")


def test_economic_pain_is_tagged_where_it_falls(content) -> None:
    squeeze = {"chn_cut_trade", "chn_cut_oil", "chn_enforce_sanctions"}
    for aid in squeeze:
        assert "border_trade_cut" in content.actions[aid].model.tags, aid
    assert "trade_war" in content.events["trade_war_tariffs"].model.tags
    keyed = {r.id for r in content.reactions.values() if {"border_trade_cut", "trade_war"} & set(r.model.tags)}
    assert {"chn_home_on_border_trade", "usa_home_on_trade_war"} <= keyed


def test_a_chinese_boycott_costs_seoul_at_home(content) -> None:
    g = seated(content, "usa")
    st = g.state
    st.happenings.clear()
    support = st.pvars["kor"]["support"]
    boycott = content.actions["chn_retaliate_seoul"]
    rules.apply(boycott.effects, Scope(st, "chn", "chn", None))
    st.happenings.append(Happening(boycott.id, tuple(boycott.model.tags), "chn", None))
    run_reactions(st)
    assert reacted(st, "kor_home_on_chinese_boycott")
    assert st.pvars["kor"]["support"] < support
