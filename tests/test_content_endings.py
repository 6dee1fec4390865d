"""The base game's endings mean something: war is the worst for everyone, a nuclear breakout is bad
for all but the North, the negotiated endings wait for the calendar, and war does not wait at all."""

from __future__ import annotations

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.engine.records import ActionTaken, Ended, Reacted
from game.engine.state import Phase
from game.mods.content import Content

CATASTROPHES = {"war", "nuclear_breakout", "regime_collapse"}
NEGOTIATED = {"dual_freeze", "six_party_talks", "summit_detente", "grand_bargain", "maximum_pressure", "standoff"}


def score(content: Content, ending: str, power: str) -> float:
    return content.endings[ending].model.outcome[power].score


def test_every_ending_gives_every_power_an_outcome(content) -> None:
    for eid, e in content.endings.items():
        assert set(e.model.outcome) == set(content.powers), (
            f"{eid} leaves out {set(content.powers) - set(e.model.outcome)}"
        )
        for p, o in e.model.outcome.items():
            assert o.score != 0 and o.text, f"{eid}: {p} needs a score and its words"


def test_war_is_the_worst_ending_for_every_power_the_winner_included(content) -> None:
    for p in content.powers:
        others = [score(content, e, p) for e in content.endings if e != "war"]
        assert score(content, "war", p) < min(others), p


def test_a_nuclear_breakout_is_bad_for_every_power_but_the_north(content) -> None:
    for p in content.powers:
        if p == "prk":
            assert score(content, "nuclear_breakout", p) > 0
        else:
            assert score(content, "nuclear_breakout", p) < 0, p


def test_negotiated_endings_wait_for_the_calendar_and_catastrophes_do_not(content) -> None:
    assert set(content.endings) == CATASTROPHES | NEGOTIATED
    for eid in NEGOTIATED:
        assert content.endings[eid].model.at == "end", eid
    for eid in CATASTROPHES:
        assert content.endings[eid].model.at == "any", eid
    assert content.endings["war"].model.immediate


def test_the_grand_bargain_is_decided_only_at_the_end(content) -> None:
    g = Game(content, None, "kor", 3, policy=UtilityPolicy())
    st = g.state
    st.set_var("talks", 3)
    st.set_var("tension", 20)
    st.set_flag("denuclearisation_roadmap")
    while g.phase is Phase.EVENT_CHOICES:
        g.auto_answer()
    g.play("end")
    assert not g.over, "a grand bargain in the first months must not end the game"


def test_war_begins_the_moment_tension_reaches_the_war_rung(content) -> None:
    g = Game(content, None, "usa", 3, policy=UtilityPolicy())
    while g.phase is Phase.EVENT_CHOICES:
        g.auto_answer()
    war_at = content.ladder.rung[-1].at
    g.state.set_var("tension", war_at - 2)
    g.play("act usa_carrier_group")
    assert g.over and g.state.ending == "war"
    log = g.state.log
    move = next(i for i, r in enumerate(log) if isinstance(r, ActionTaken) and r.id == "usa_carrier_group")
    end = next(i for i, r in enumerate(log) if isinstance(r, Ended))
    assert move < end and not [r for r in log[move + 1 : end] if isinstance(r, ActionTaken | Reacted)], (
        "nobody moves, and nobody reacts, after the move that starts the war"
    )
