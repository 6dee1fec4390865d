"""What the interface keeps of the game between redraws (the board's rows, the palette's entries)
is what it would work out afresh."""

from __future__ import annotations

import random

import pytest

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.mods.content import Content
from game.moves import Choose, EndTurn, RefuseCounter
from game.ui.commands import entries, fresh_entries
from game.ui.view.moves import action_rows, fresh_action_rows


class Host:
    """What the palette reads its game from (a screen with `game`)."""

    def __init__(self, game: Game) -> None:
        self.game = game


SEATS = [("chn", 1), ("usa", 2), ("prk", 3), ("kor", 4), ("rus", 5), ("jpn", 6), ("chn", 7), ("usa", 8)]


@pytest.mark.parametrize("power,seed", SEATS)
def test_kept_action_rows_are_always_the_fresh_ones(base: Content, power: str, seed: int) -> None:
    """A random player (proposals, talks, statements, actions, walking out, event choices) asks
    after every move; the rows kept must never lag behind the world."""
    game = Game(base, None, power, seed, policy=UtilityPolicy())
    rng = random.Random(seed)
    checked = 0
    for _ in range(600):
        if game.over:
            break
        assert action_rows(game) == fresh_action_rows(game), f"turn {game.turn}, after {game.move_log[-3:]}"
        assert action_rows(game) is action_rows(game), "asked twice with nothing between: kept"
        assert entries(Host(game)) == fresh_entries(game), f"turn {game.turn}: the palette's entries"
        checked += 1
        moves = game.legal_moves()
        choices = [m for m in moves if isinstance(m, Choose)]
        if choices:
            game.play(rng.choice(choices))
        elif RefuseCounter() in moves:
            game.play(rng.choice(moves))
        elif rng.random() < 0.2:
            game.play(EndTurn())
        else:
            others = [m for m in moves if not isinstance(m, EndTurn)]
            game.play(rng.choice(others) if others else EndTurn())
    assert checked > 15
