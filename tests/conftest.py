"""Test-wide settings and the one tiny world most rule tests play on.

The content cache is private, so tests never read or write the player's. `MINI` is a small
standalone world (three powers, a handful of actions, events, terms); the `mini` fixture loads
it once a session, and `content` the base game. `seated` opens a game of the base game from a
power's seat.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ["DUALFREEZE_CACHE"] = tempfile.mkdtemp(prefix="dualfreeze-test-cache-")

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.engine.state import Phase
from game.mods.content import Content
from game.mods.loader import load_content

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"


@pytest.fixture(scope="session")
def mini() -> Content:
    return load_content([MINI])


@pytest.fixture(scope="session")
def content() -> Content:
    """The base game (a test module may define its own `content` instead)."""
    return load_content()


def seated(content: Content, power: str, seed: int = 3) -> Game:
    """July 2017 from `power`'s seat, its opening events answered as the computer would."""
    g = Game(content, None, power, seed, policy=UtilityPolicy())
    while g.phase is Phase.EVENT_CHOICES:
        g.auto_answer()
    return g
