"""The cache of checked content: a warm load plays exactly like a cold one, and is never trusted blindly."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.mods import cache
from game.mods.loader import ContentLoadError, Loader, base_content_dir
from tests.conftest import MINI


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DUALFREEZE_CACHE", str(folder))
    return folder


def play(content, seed: int = 4) -> str:
    g = Game(content, None, "chn", seed, policy=UtilityPolicy())
    g.run_to_end()
    return g.state_hash()


def test_warm_load_plays_the_same_game_as_a_cold_one(private_cache: Path) -> None:
    cold = Loader()
    a = cold.load()
    assert not cold.cached and list(private_cache.glob("content-*.json"))
    warm = Loader()
    b = warm.load()
    assert warm.cached
    assert a.summary() == b.summary() and a.fingerprint == b.fingerprint
    assert play(a) == play(b)


def test_any_change_to_a_file_is_a_miss(private_cache: Path, tmp_path: Path) -> None:
    mod = tmp_path / "mini"
    shutil.copytree(MINI, mod)
    Loader([mod], include_base=False).load()
    again = Loader([mod], include_base=False)
    again.load()
    assert again.cached
    world = mod / "world.toml"
    world.write_text(world.read_text().replace('name = "Shout"', 'name = "Yell"'))
    changed = Loader([mod], include_base=False)
    content = changed.load()
    assert not changed.cached and content.actions["shout"].model.name == "Yell"
    world.write_text(world.read_text().replace('"tension += 10"', '"tensoin += 10"'))
    with pytest.raises(ContentLoadError, match="tensoin"):
        Loader([mod], include_base=False).load()


def test_a_damaged_cache_file_is_ignored(private_cache: Path) -> None:
    Loader([MINI], include_base=False).load()
    for p in private_cache.glob("content-*.json"):
        p.write_text('{"format": 1, "key": "nope", "files": {}, "flags": []}')
    fresh = Loader([MINI], include_base=False)
    fresh.load()
    assert not fresh.cached
    for p in private_cache.glob("content-*.json"):
        p.write_bytes(b"\x00\xff not json")
    again = Loader([MINI], include_base=False)
    again.load()
    assert not again.cached


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUALFREEZE_CACHE", "off")
    assert cache.cache_dir() is None
    loader = Loader([MINI], include_base=False)
    loader.load()
    loader2 = Loader([MINI], include_base=False)
    loader2.load()
    assert not loader2.cached


def test_an_unwritable_cache_folder_is_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DUALFREEZE_CACHE", str(blocker / "cache"))
    Loader([MINI], include_base=False).load()


def test_base_content_dir_is_the_checkout_content() -> None:
    assert base_content_dir().name in ("content", "_content")
    assert os.path.isfile(base_content_dir() / "mod.toml")


def test_the_code_key_covers_modules_in_subpackages(tmp_path: Path) -> None:
    (tmp_path / "expr").mkdir()
    (tmp_path / "loader.py").write_text("x = 1\n")
    (tmp_path / "expr" / "compile.py").write_text("y = 1\n")
    before = cache.source_key(tmp_path)
    (tmp_path / "expr" / "compile.py").write_text("y = 2\n")
    assert cache.source_key(tmp_path) != before
    assert cache.code_key() == cache.source_key(Path(cache.__file__).parent)
