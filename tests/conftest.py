"""Test-wide settings and the one tiny world most rule tests play on.

The content cache is private, so tests never read or write the player's. `MINI` is a small
standalone world (three powers, a handful of actions, events, terms); the `mini` fixture loads
it once a session.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ["DUALFREEZE_CACHE"] = tempfile.mkdtemp(prefix="dualfreeze-test-cache-")

from game.mods.content import Content
from game.mods.loader import load_content

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"


@pytest.fixture(scope="session")
def mini() -> Content:
    return load_content([MINI])
