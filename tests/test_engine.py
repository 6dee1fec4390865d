"""The turn machine: phases, moves, events, reactions, red lines, endings, copies and hashes."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai import UtilityPolicy
from game.engine import step
from game.engine.game import Game, GameSetupError
from game.engine.phases import TRANSITIONS, IllegalTransitionError, check_transition
from game.engine.state import Phase
from game.engine.triggers import condition_holds
from game.engine.turn import advance
from game.mods.loader import load_content
from game.moves import (
    AcceptCounter,
    Act,
    Choose,
    EndTurn,
    IllegalMoveError,
    MoveSyntaxError,
    Propose,
    RefuseCounter,
    Statement,
    Talk,
    parse_move,
)

ROOT = Path(__file__).parent.parent


# -- phases ---------------------------------------------------------------------------------


def test_transition_table_allows_exactly_its_entries() -> None:
    for a, b in itertools.product(Phase, Phase):
        if b in TRANSITIONS[a]:
            check_transition(a, b)
        else:
            with pytest.raises(IllegalTransitionError):
                check_transition(a, b)


def test_game_over_is_final() -> None:
    assert TRANSITIONS[Phase.GAME_OVER] == frozenset()


def test_a_game_walks_the_phases_in_order(mini, monkeypatch) -> None:
    seen: list[tuple[Phase, Phase]] = []
    original = step.enter

    def spy(state, phase):
        seen.append((state.phase, phase))
        original(state, phase)

    monkeypatch.setattr(step, "enter", spy)
    g = Game(mini, None, "red", 3, policy=UtilityPolicy())
    assert g.phase is Phase.DIPLOMACY
    g.play("end")
    assert seen[:4] == [
        (Phase.BRIEFING, Phase.DIPLOMACY),
        (Phase.DIPLOMACY, Phase.AI_TURN),
        (Phase.AI_TURN, Phase.RESOLUTION),
        (Phase.RESOLUTION, Phase.BRIEFING),
    ]
    assert g.phase is Phase.EVENT_CHOICES  # February brings Redland's dilemma
    assert g.turn == 2


# -- moves ----------------------------------------------------------------------------------

MOVES = [
    EndTurn(),
    Act("shout"),
    Act("soothe", "blue"),
    Choose("dilemma", "calm"),
    Propose(("prk", "usa", "kor"), ("prk_freeze_tests", "usa_suspend_exercises")),
    AcceptCounter(),
    RefuseCounter(),
    Statement("dual_freeze_call", ("rus",)),
    Statement("condemn_test", ()),
    Talk("chn"),
]


@pytest.mark.parametrize("move", MOVES, ids=lambda m: m.notation())
def test_notation_round_trips(move) -> None:
    text = move.notation()
    assert parse_move(text) == move
    assert parse_move(text).notation() == text
    assert repr(move).startswith(type(move).__name__ + "(")  # a readable value, as in python-chess


ids = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)


@given(
    st.one_of(
        st.builds(Act, ids, st.one_of(st.none(), ids)),
        st.builds(Choose, ids, ids),
        st.builds(
            Propose,
            st.lists(ids, min_size=1, max_size=4, unique=True).map(tuple),
            st.lists(ids, min_size=1, max_size=5, unique=True).map(tuple),
        ),
        st.builds(Statement, ids, st.lists(ids, max_size=3, unique=True).map(tuple)),
        st.builds(Talk, ids),
    )
)
def test_any_move_prints_and_parses_back(move) -> None:
    assert parse_move(move.notation()) == move


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "fly",
        "act",
        "act Shout",
        "act a b c",
        "choose e",
        "propose usa",
        "propose usa,usa x",
        "end now",
        "talk",
        "declare",
        "propose usa, x",
    ],
)
def test_malformed_moves_are_syntax_errors(text: str) -> None:
    with pytest.raises(MoveSyntaxError):
        parse_move(text)


def test_syntax_and_legality_are_different_errors(mini) -> None:
    g = Game(mini, None, "red", 1, policy=UtilityPolicy())
    with pytest.raises(MoveSyntaxError):
        g.parse_move("act")
    with pytest.raises(IllegalMoveError, match="only Blueland may take 'Blue only'"):
        g.parse_move("act blue_only")
    with pytest.raises(IllegalMoveError, match="costs 9 political capital"):
        g.parse_move("act expensive")
    with pytest.raises(IllegalMoveError, match="needs a target"):
        g.parse_move("act soothe")
    with pytest.raises(IllegalMoveError, match="cannot target yourself"):
        g.parse_move("act soothe red")
    with pytest.raises(IllegalMoveError, match="no event is waiting"):
        g.parse_move("choose dilemma calm")
    assert isinstance(IllegalMoveError("x"), ValueError) and isinstance(MoveSyntaxError("x"), ValueError)


def test_an_illegal_move_changes_nothing(mini) -> None:
    g = Game(mini, None, "red", 1, policy=UtilityPolicy())
    before = g.state_hash()
    with pytest.raises(IllegalMoveError):
        g.play("act expensive")
    assert g.state_hash() == before
    assert g.move_log == []


def test_legal_moves_are_all_playable_and_limits_hold(mini) -> None:
    g = Game(mini, None, "red", 1, policy=UtilityPolicy())
    legal = [m.notation() for m in g.legal_moves() if not m.notation().startswith(("propose", "declare"))]
    assert legal == ["act shout", "act soothe blue", "act soothe green", "talk blue", "talk green", "end"]
    g.play("act shout")
    assert "act shout" not in [m.notation() for m in g.legal_moves()], "once a turn"
    g.play("act soothe blue")
    assert [m.notation() for m in g.legal_moves()] == ["talk blue", "talk green", "end"], "two moves a turn here"


def test_unknown_setup_is_refused(mini) -> None:
    with pytest.raises(GameSetupError, match="not a playable power"):
        Game(mini, None, "green", 1, policy=UtilityPolicy())
    with pytest.raises(GameSetupError, match="unknown scenario"):
        Game(mini, "nope", "red", 1, policy=UtilityPolicy())


# -- events, reactions, red lines, endings ---------------------------------------------------


@pytest.fixture
def quiet_ai(monkeypatch):
    """The computer powers take no actions, so a test follows only the player's moves."""
    monkeypatch.setattr("game.ai.policy.pick_actions", lambda *args, **kwargs: [])


def test_event_choice_waits_for_the_player_and_follow_up_fires_later(mini, quiet_ai) -> None:
    g = Game(mini, None, "red", 1, policy=UtilityPolicy())
    g.play("end")
    assert g.phase is Phase.EVENT_CHOICES
    assert [m.notation() for m in g.legal_moves()] == ["choose dilemma calm", "choose dilemma rage"]
    with pytest.raises(IllegalMoveError, match="first answer"):
        g.play("end")
    g.play("choose dilemma rage")
    assert g.phase is Phase.DIPLOMACY
    g.play("end")
    assert "aftermath" not in g.state.fired
    g.play("end")
    assert g.state.fired["aftermath"] == (1, 4), "scheduled two turns after February"
    assert "aftermath_seen" in g.state.flags


def test_a_power_never_reacts_to_its_own_deed_unless_named(mini) -> None:
    g = Game(mini, None, "red", 1, policy=UtilityPolicy())
    g.play("act shout")
    g.play("end")
    frowns = [e for e in g.state.log if e.kind == "reaction"]
    assert frowns and all(e.power == "green" and e.target != "green" for e in frowns)
    assert any(e.target == "red" for e in frowns)


def test_red_line_fires_once_when_crossed(mini, quiet_ai) -> None:
    g = Game(mini, None, "red", 1, policy=UtilityPolicy())
    g.state.set_var("tension", 75)
    g.play("end")
    g.play("choose dilemma calm")
    lines = [e for e in g.state.log if e.kind == "red_line"]
    assert len(lines) == 1
    g.play("end")
    assert len([e for e in g.state.log if e.kind == "red_line"]) == 1


def test_war_ends_the_game_at_once_with_scores(mini) -> None:
    g = Game(mini, None, "red", 1, policy=UtilityPolicy())
    g.state.set_var("tension", 95)
    g.play("end")
    assert g.over and g.ending == "war"
    assert g.state.log[-1].kind == "ending"
    assert set(g.state.scores) == {"red", "blue", "green"}
    with pytest.raises(IllegalMoveError, match="the game is over"):
        g.play("end")
    assert g.legal_moves() == []


@pytest.mark.parametrize(("tension", "ending"), [(0, "peace"), (40, "muddle")])
def test_calendar_ending_takes_the_highest_priority_that_holds(mini, tension: int, ending: str) -> None:
    g = Game(mini, None, "red", 2, policy=UtilityPolicy())
    g.state.last_turn = 1
    g.state.set_var("tension", tension)
    g.state.pvars["blue"]["capital"] = g.state.pvars["green"]["capital"] = 0  # nobody can shout
    g.play("end")
    assert g.over and g.turn == 1
    assert g.ending == ending


def test_historical_scores_use_the_recorded_end_state(mini) -> None:
    g = Game(mini, None, "red", 1, policy=UtilityPolicy())
    hist = g.historical_scores()
    # red weighs tension at -1 and its score at +1: tension fell from 30 to 10 in history
    assert hist["red"] == pytest.approx(20)
    assert g.scores()["red"] == pytest.approx(-(g.state.vars["tension"] - 30) + g.state.pvars["red"]["score"] - 10)


# -- copies, snapshots, hashes -------------------------------------------------------------


def test_copy_is_independent_and_equal(mini) -> None:
    g = Game(mini, None, "red", 1, policy=UtilityPolicy())
    c = g.state.copy()
    assert c == g.state and c.state_hash() == g.state_hash()
    c.set_var("tension", 1)
    c.opinion["red"]["blue"] = 99
    assert c != g.state
    assert g.state.opinion["red"]["blue"] == -20


def test_snapshot_restores_to_the_same_hash(mini) -> None:
    g = Game(mini, None, "red", 4, policy=UtilityPolicy())
    g.play("act shout")
    g.play("end")
    snap = json.loads(json.dumps(g.state.snapshot()))
    other = Game(mini, None, "red", 99, policy=UtilityPolicy())
    other.state.restore(snap)
    assert other.state_hash() == g.state_hash()


def test_same_seed_and_moves_same_game_different_seed_differs() -> None:
    content = load_content()
    hashes = set()
    for _ in range(2):
        g = Game(content, None, "chn", 11, policy=UtilityPolicy())
        g.run_to_end()
        hashes.add(g.state_hash())
    assert len(hashes) == 1
    g = Game(content, None, "chn", 12, policy=UtilityPolicy())
    g.run_to_end()
    assert g.state_hash() not in hashes


def _hash_under(seed: str, script: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-m", "game", "run", str(script), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout)[0]["state_hash"]


def test_state_hash_is_the_same_whatever_pythonhashseed() -> None:
    script = sorted((ROOT / "tests" / "playthroughs").glob("*.toml"))[0]
    assert _hash_under("0", script) == _hash_under("12345", script) == _hash_under("random", script)


# -- the trigger index ---------------------------------------------------------------------


def naive_eligible(content, state) -> list[str]:
    out = []
    for e in content.events.values():
        m = e.model
        if m.scheduled_only or content.ladder.incident_tag in m.tags:
            continue
        if m.once and e.id in state.fired:
            continue
        if e.first_turn is not None and state.turn < e.first_turn:
            continue
        if e.last_turn is not None and state.turn > e.last_turn:
            continue
        if condition_holds(e, state):
            out.append(e)
    out.sort(key=lambda e: (e.model.order, e.index))
    return [e.id for e in out]


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), power=st.sampled_from(["usa", "chn", "rus", "prk", "kor", "jpn"]))
def test_trigger_index_agrees_with_checking_every_event(seed: int, power: str) -> None:
    import random

    content = _base()
    g = Game(content, None, power, seed, start=False, policy=UtilityPolicy())
    real = g.state.triggers.eligible
    checks = []

    def checked(state):
        expected = naive_eligible(content, state)
        got = [e.id for e in real(state)]
        assert got == expected, f"turn {state.turn}"
        checks.append(state.turn)
        return [content.events[i] for i in got]

    g.state.triggers.eligible = checked
    advance(g.state, g.policy)
    rng = random.Random(seed)
    while not g.over:
        g.play(rng.choice(g.legal_moves()))
    asked = sorted(set(checks))
    # every briefing asked the index, but the last one, if an event due that month ended the game
    # before the eligible events were looked at
    assert asked in (list(range(1, g.turn + 1)), list(range(1, g.turn))), "every briefing asked the index"


_BASE = None


def _base():
    global _BASE
    if _BASE is None:
        _BASE = load_content()
    return _BASE


def test_a_fresh_index_of_a_game_under_way_agrees_with_checking_every_event() -> None:
    """A copy or a restored game builds its index afresh from the state: the events guarded by a
    flag or an event it already holds are looked at, the others wait, and it finds what checking
    every event finds, month after month."""
    from game.engine.triggers import TriggerIndex

    content = _base()
    assert content.event_plan is not None and content.event_plan.guards, "the base content has guarded events"
    g = Game(content, None, "kor", 11, policy=UtilityPolicy())
    while not g.over:
        st = g.state.copy(light=True)
        index = TriggerIndex(content, content.ladder.incident_tag, state=st)
        assert [e.id for e in index.eligible(st)] == naive_eligible(content, st), f"turn {st.turn}"
        if g.phase is Phase.EVENT_CHOICES or g.state.diplomacy.counter is not None:
            g.auto_answer()
        else:
            g.play("end")


@pytest.mark.parametrize("power", ["usa", "prk"])
def test_a_game_the_computer_finished_for_the_player_replays_from_its_moves(power: str) -> None:
    from game.engine.game import replay

    content = _base()
    g = Game(content, None, power, 5, policy=UtilityPolicy())
    g.play(g.legal_moves()[0])
    g.run_to_end()
    again = replay(content, None, power, 5, None, g.move_log, policy=UtilityPolicy())
    assert again.state_hash() == g.state_hash()
