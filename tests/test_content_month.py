"""A month of the base game makes sense: drills a deal has suspended do not happen, tests do not
share a month with summits or a moratorium, and every power keeps real decisions to the last
month, a hawkish Washington included."""

from __future__ import annotations

import pytest

from game.ai import UtilityPolicy
from game.engine import deals, events
from game.engine.game import Game
from game.engine.state import Happening, Phase
from game.moves import Act, EndTurn
from tests.conftest import seated

DRILLS = ("ufg_2017", "reagan_drills", "three_carriers", "vigilant_ace")
TESTS = {"missile_test", "nuclear_test"}
CALM = {"summit", "moratorium"}


def test_the_alliance_drills_are_events_a_suspension_can_stop(content) -> None:
    for eid in DRILLS:
        m = content.events[eid].model
        assert "exercises" in m.tags and m.power == "usa", eid
    assert "exercises" in content.terms["usa_suspend_exercises"].model.forbids


def test_drills_do_not_happen_while_a_suspension_is_in_force(content) -> None:
    g = seated(content, "chn")
    st = g.state
    drill = content.events["ufg_2017"]
    assert events.may_happen(st, drill, "usa")
    deals.sign(st, ("usa", "kor"), ("usa_suspend_exercises",), None)
    assert not events.may_happen(st, drill, "usa")


def test_scaled_down_drills_go_on_without_the_carriers(content) -> None:
    g = seated(content, "chn")
    st = g.state
    deals.sign(st, ("usa", "kor"), ("usa_scale_down_exercises",), None)
    assert events.may_happen(st, content.events["ufg_2017"], "usa")
    assert not events.may_happen(st, content.events["three_carriers"], "usa")


def test_tests_never_share_a_month_with_summits_or_a_moratorium(content) -> None:
    for eid, ev in content.events.items():
        m = ev.model
        tags = set(m.tags) | {t for o in m.option for t in o.tags}
        if tags & TESTS:
            assert set(m.excludes) >= CALM, f"{eid} tests a weapon but may share a month with a summit"
        if tags & CALM:
            assert set(m.excludes) >= TESTS, f"{eid} is a summit or a halt but may share a month with a test"


def test_a_summit_keeps_tests_out_of_its_month(content) -> None:
    g = seated(content, "chn")
    st = g.state
    launch = content.events["hwasong15"]
    st.happenings.clear()
    assert events.may_happen(st, launch, "prk")
    st.happenings.append(Happening("singapore_summit", ("summit",), "usa", None))
    assert not events.may_happen(st, launch, "prk")


def test_no_moratorium_is_declared_in_the_month_of_a_test(content) -> None:
    g = seated(content, "prk")
    st = g.state
    st.set_flag("nuclear_force_complete")
    moratorium = Act("prk_declare_moratorium")
    assert st.flags & {"tested_this_month"}, "the opening launch marks July as a month of tests"
    assert g.why_not(moratorium) is not None
    st.clear_flag("tested_this_month")
    assert g.why_not(moratorium) is None


def month(g: Game, hawkish: bool) -> None:
    """Take up to two pressure moves open this month when `hawkish`, then end it."""
    pressure = {a.id for a in g.content.actions.values() if "pressure" in a.model.tags}
    while not g.over and g.phase is not Phase.DIPLOMACY:
        g.auto_answer()
    for _ in range(2 if hawkish else 0):
        if g.over:
            return
        moves = [m for m in g.legal_moves() if isinstance(m, Act) and m.action in pressure]
        if not moves:
            break
        g.play(moves[0])
        while not g.over and g.phase is Phase.EVENT_CHOICES:
            g.auto_answer()
    if not g.over:
        g.play(EndTurn())


@pytest.mark.parametrize("power", ["usa", "chn", "rus", "prk", "kor", "jpn"])
def test_every_power_keeps_real_decisions_to_the_last_month(content, power) -> None:
    """Washington presses every month; the others wait. In the last month each still has at least
    three actions open, and Washington still has pressure to apply."""
    pressure = {a.id for a in content.actions.values() if "pressure" in a.model.tags}
    reached = 0
    for seed in (1, 2, 3, 4):
        g = Game(content, None, power, seed, policy=UtilityPolicy())
        while not g.over and g.state.turn < g.state.last_turn:
            month(g, hawkish=power == "usa")
        if g.over:
            continue
        while g.phase is Phase.EVENT_CHOICES:
            g.auto_answer()
        reached += 1
        acts = {m.action for m in g.legal_moves() if isinstance(m, Act)}
        assert len(acts) >= 3, f"{power}, seed {seed}: only {sorted(acts)} open in the last month"
        if power == "usa":
            assert acts & pressure, f"a hawkish Washington has no pressure left, only {sorted(acts)}"
    assert reached, f"{power} never reached the last month in four games"
