"""Random legal play over whole games: nothing raises and every value stays inside its range."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.mods.loader import load_content
from game.moves import Propose

_CONTENT = None


def content():
    global _CONTENT
    if _CONTENT is None:
        _CONTENT = load_content()
    return _CONTENT


def assert_in_range(game: Game) -> None:
    c = game.content
    stt = game.state
    for v in c.global_variables:
        assert v.min <= stt.vars[v.id] <= v.max, (v.id, stt.vars[v.id])
    for p, row in stt.pvars.items():
        for v in c.power_variables:
            assert v.min <= row[v.id] <= v.max, (p, v.id, row[v.id])
    for table in (stt.opinion, stt.trust):
        for a, row in table.items():
            for b, x in row.items():
                assert a != b and -100 <= x <= 100


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    power=st.sampled_from(["usa", "chn", "rus", "prk", "kor", "jpn"]),
    difficulty=st.sampled_from(["easy", "normal", "hard"]),
    pick=st.integers(0, 2**32 - 1),
)
def test_random_legal_moves_never_raise_and_keep_values_in_range(seed, power, difficulty, pick) -> None:
    game = Game(content(), None, power, seed, difficulty, policy=UtilityPolicy())
    rng = random.Random(pick)
    played = 0
    while not game.over and played < 400:
        moves = game.legal_moves()
        assert moves, f"no legal move in phase {game.phase}"
        # prefer ending the turn now and then so games reach their end
        move = rng.choice(moves)
        game.play(move)
        played += 1
        assert_in_range(game)
    assert game.over
    assert game.state.ending is None or game.state.ending in game.content.endings


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    parties=st.lists(st.sampled_from(["usa", "chn", "rus", "prk", "kor", "jpn"]), min_size=1, max_size=4, unique=True),
    terms=st.lists(st.sampled_from(sorted(load_content().terms)), min_size=1, max_size=5, unique=True),
)
def test_any_proposal_is_either_legal_or_refused_with_a_reason(seed, parties, terms) -> None:
    game = Game(content(), None, "chn", seed, policy=UtilityPolicy())
    while game.phase.value != "diplomacy":
        game.auto_answer()
    move = Propose(tuple(p for p in parties if p != "chn") or ("usa",), tuple(terms))
    why = game.why_not(move)
    before = game.state_hash()
    if why is None:
        game.play(move)
        assert_in_range(game)
    else:
        assert isinstance(why, str) and why
        assert game.state_hash() == before
