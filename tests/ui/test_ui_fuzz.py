"""Random key sequences on the main screen never raise: whatever a player mashes, the game survives."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ui.app import NewGame
from tests.ui.conftest import CRISIS, make_app

KEYS = [
    "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "space", "home", "end",
    "pageup", "pagedown", "e", "d", "v", "y", "n", "a", "r", "t", "p", "s", "c", "q", "l",
    "1", "2", "3", "4", "5", "question_mark", "ctrl+s", "ctrl+o", "ctrl+p", "x", "backspace",
]  # fmt: skip


def _content():  # type: ignore[no-untyped-def]
    from game.mods.loader import load_content

    return load_content([CRISIS])


CONTENT = _content()


async def _mash(keys: list[str], size: tuple[int, int], saves: Path) -> None:
    app = make_app(CONTENT, saves, NewGame("chn", 9))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            if not app.is_running:
                return
        await pilot.pause()
        await app.workers.wait_for_complete()
    # run_test re-raises anything that went wrong inside the app


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=40),
    size=st.sampled_from([(80, 24), (120, 40)]),
)
def test_random_keys_on_the_main_screen_never_raise(keys: list[str], size: tuple[int, int], tmp_path: Path) -> None:
    asyncio.run(_mash(keys, size, tmp_path / "saves"))


def test_the_fuzzing_sees_an_engine_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above can fail: an exception inside the engine reaches it (the screens have no
    catch-all that would turn it into a notice)."""
    from game.engine.game import Game

    def broken(self: Game, move: object) -> list[object]:
        raise RuntimeError("a bug in the rules")

    monkeypatch.setattr(Game, "play", broken)
    with pytest.raises(RuntimeError, match="a bug in the rules"):
        asyncio.run(_mash(["enter", "e", "e", "enter", "e"], (120, 40), tmp_path / "saves"))
