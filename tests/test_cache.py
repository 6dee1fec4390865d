"""The cache of checked content: a warm load plays exactly like a cold one, and is never trusted blindly."""

from __future__ import annotations

import os
import shutil
import typing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.mods import cache
from game.mods.loader import ContentLoadError, Loader, base_content_dir
from game.mods.models import LIST_KINDS, ContentFile, Ladder
from game.mods.rebuild import _model_of
from game.mods.rule_models import Rules
from game.mods.trusted import plan, trusted
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


def _same(a: object, b: object, where: str) -> None:
    """`a` and `b` hold the same values of the same types all the way down (`==` takes 3 for 3.0)."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} {a!r} against {type(b).__name__} {b!r}"
    if isinstance(a, BaseModel):
        assert isinstance(b, BaseModel)
        assert a.model_fields_set == b.model_fields_set, where
        for name in type(a).model_fields:
            _same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, list | tuple):
        assert isinstance(b, list | tuple) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for k in a:
            _same(a[k], b[k], f"{where}[{k!r}]")
    else:
        assert a == b, where


@pytest.mark.parametrize("mods", [[], [MINI]], ids=["base", "mini"])
def test_a_cached_entry_is_made_as_validation_would_make_it(private_cache: Path, mods: list[Path]) -> None:
    Loader(mods, include_base=not mods).load()
    (path,) = private_cache.glob("content-*.json")
    key = path.read_bytes()[len(f'{{"format":{cache.FORMAT},"key":"'.encode()) :][:64].decode()
    record = cache.read(key)
    assert record is not None
    made = 0
    for kind in LIST_KINDS:
        model = _model_of(kind)
        assert plan(model) is not None, f"{model.__name__} would be validated on every cached load"
        for data in record["entries"][kind]:
            _same(trusted(model, data), model.model_validate(data), f"{kind} {data.get('id')}")
            made += 1
    for model, data in ((Ladder, record["ladder"]), (Rules, record["rules"])):
        if data is not None:
            _same(trusted(model, data), model.model_validate(data), model.__name__)
    assert made > (500 if not mods else 5)


def test_every_content_model_is_made_without_its_validator() -> None:
    """A field `trusted` cannot make would quietly send its model back to validation, each load."""
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [ContentFile]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        assert plan(model) is not None, model.__name__
        for f in model.model_fields.values():
            args = [f.annotation]
            while args:
                t = args.pop()
                if isinstance(t, type) and issubclass(t, BaseModel):
                    todo.append(t)
                args.extend(typing.get_args(t))
    assert len(seen) > 20


def test_a_model_trusted_cannot_make_is_validated_instead() -> None:
    class Odd(BaseModel):
        pair: tuple[int, int]

    assert plan(Odd) is None
    assert trusted(Odd, {"pair": [1, 2]}).pair == (1, 2)
    with pytest.raises(ValidationError):
        trusted(Odd, {"pair": [1]})


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    at: int = 0
    share: float = 1.0


class _Lax(BaseModel):
    """Every kind of field content uses, with the loose forms validation accepts for each."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)
    count: int
    weight: float = 0.5
    show: bool = True
    limit: float | None = None
    start: str | None = Field(default=None, alias="from")
    mood: typing.Literal["warm", "cold"] = "warm"
    values: list[float] = Field(default_factory=list)
    marks: dict[str, _Inner] = Field(default_factory=dict)
    inner: _Inner = Field(default_factory=_Inner)


_NUMBERS = st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False), st.booleans())
_LOOSE = st.one_of(_NUMBERS, _NUMBERS.map(str), st.sampled_from(["yes", "Off", " 2 ", "3.0", "x", "t"]), st.none())


_PART = st.fixed_dictionaries({}, optional={"at": _LOOSE, "share": _LOOSE})
_LAX_DATA = st.fixed_dictionaries(
    {"count": _LOOSE},
    optional={
        "weight": _LOOSE,
        "show": _LOOSE,
        "limit": _LOOSE,
        "from": st.one_of(st.text(max_size=3), _LOOSE),
        "mood": st.sampled_from(["warm", "cold", "hot"]),
        "values": st.lists(_LOOSE, max_size=3),
        "marks": st.dictionaries(st.text(max_size=2), _PART, max_size=2),
        "inner": _PART,
    },
)


@settings(max_examples=300, deadline=None)
@given(_LAX_DATA)
def test_trusted_makes_what_validation_makes_of_any_data_it_accepts(data: dict) -> None:
    try:
        checked = _Lax.model_validate(data)
    except ValidationError:
        return  # never in the cache
    assert plan(_Lax) is not None
    _same(trusted(_Lax, data), checked, "_Lax")
