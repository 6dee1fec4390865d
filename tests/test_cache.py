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


def test_a_cache_file_damaged_inside_is_caught_by_its_checksum(private_cache: Path) -> None:
    Loader([MINI], include_base=False).load()
    (path,) = private_cache.glob("content-*.json")
    raw = path.read_bytes()
    # one character of an entry changed, the file still a well-formed record of the right key
    at = raw.index(b'"shout"') + 2
    path.write_bytes(raw[:at] + b"S" + raw[at + 1 :])
    fresh = Loader([MINI], include_base=False)
    content = fresh.load()
    assert not fresh.cached and "shout" in content.actions
    assert path.read_bytes() == raw, "the damaged file is written afresh"
    again = Loader([MINI], include_base=False)
    again.load()
    assert again.cached


def test_a_record_of_the_wrong_shape_is_a_miss_not_a_crash(private_cache: Path) -> None:
    Loader([MINI], include_base=False).load()
    (path,) = private_cache.glob("content-*.json")
    key = path.read_bytes()[len(b'{"format":2,"key":"') :][:64].decode()
    cache.write(key, {"entries": {"action": [{"id": 3}]}})
    fresh = Loader([MINI], include_base=False)
    fresh.load()
    assert not fresh.cached


def _described(content) -> dict:
    """Everything a Content holds that a load from the cache rebuilds, as comparable values."""

    def expr(x):
        return None if x is None else x.source

    def effects(es):
        return [e.source for e in es]

    out: dict = {"summary": content.summary(), "fingerprint": content.fingerprint, "files": content.files}
    out["events"] = [
        (e.id, e.model, e.index, expr(e.when), effects(e.effects), e.first_turn, e.last_turn,
         [(o.model, expr(o.when), effects(o.effects)) for o in e.options])
        for e in content.events.values()
    ]  # fmt: skip
    out["actions"] = [
        (a.model, expr(a.when), expr(a.ai_when), expr(a.done), effects(a.effects)) for a in content.actions.values()
    ]
    out["powers"] = [
        (p.model, [(i.value.source, i.weight) for i in p.interests], [(r.id, expr(r.when)) for r in p.red_lines])
        for p in content.powers.values()
    ]
    out["terms"] = [(t.model, effects(t.on_sign), expr(t.keeps), expr(t.when)) for t in content.terms.values()]
    out["reactions"] = [(r.model, expr(r.when)) for r in content.reactions.values()]
    out["rest"] = (
        content.mods, content.variables, content.ladder, content.rules, content.boards, content.dialogue,
        content.policies, content.tags, content.flags, content.help, sorted(content.names.flags),
        sorted(content.names.events), list(content.reactions_by_trigger), content.event_plan,
    )  # fmt: skip
    return out


def test_content_from_the_cache_is_the_content_of_a_cold_load(private_cache: Path) -> None:
    cold = Loader()
    a = cold.load()
    warm = Loader()
    b = warm.load()
    assert warm.cached and not cold.cached
    assert _described(a) == _described(b)
