"""Any text in any string field of a content file or a save: never a traceback, never a raw control character out."""

from __future__ import annotations

import contextlib
import io
import json
import math
import shutil
from pathlib import Path
from typing import Any

import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ai import UtilityPolicy
from game.cli import main
from game.engine.game import Game
from game.mods.loader import ContentLoadError, Loader, load_content
from game.saves import SaveError, list_saves, load_game, save_record
from game.saves.record import checksum
from tests.conftest import MINI

#: What output may hold of the control characters: newlines only (reports have several lines).
FORBIDDEN_OUT = {chr(c) for c in (*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0))}


def clean(text: str) -> bool:
    return not FORBIDDEN_OUT.intersection(text)


Loc = tuple[str | int, ...]


def string_fields(data: Any, where: Loc = ()) -> list[Loc]:
    """The place of every string value in parsed data."""
    if isinstance(data, str):
        return [where]
    if isinstance(data, dict):
        return [loc for k, v in data.items() for loc in string_fields(v, (*where, k))]
    if isinstance(data, list):
        return [loc for i, v in enumerate(data) for loc in string_fields(v, (*where, i))]
    return []


def put(data: Any, loc: Loc, value: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def toml_value(v: Any) -> str:
    """TOML for plain data: JSON's string escapes are TOML's too; tables and arrays go inline."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        assert math.isfinite(v)
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    assert isinstance(v, dict)
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"


def toml_file(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in data.items())


MINI_FILES = {p.name: tomli.loads(p.read_text()) for p in sorted(MINI.glob("*.toml"))}
CONTENT_FIELDS = [(name, loc) for name, data in MINI_FILES.items() for loc in string_fields(data)]

#: Text a stranger might write: control characters, escape sequences, markup, and the ordinary.
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0xA0), max_size=40),
    st.sampled_from(
        [
            "\x1b]52;c;R0FNRVBXTg==\x07",
            "\x1b]0;title\x07",
            "\x1b[2J",
            "\x9b31m",
            "\x9d0;t\x9c",
            "[@click=app.quit]Quit[/]",
            "[link=https://example.com]x[/link]",
            "[bold]unclosed",
            "{leader} of {nowhere}",
            "\u202eevil",
            "red",
            "tension",
            "",
        ]
    ),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(500, 20_000)),
)


def run_cli(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    text = out.getvalue() + err.getvalue()
    assert code in (0, 1, 2), text
    assert "internal error" not in text and "Traceback" not in text, text
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(CONTENT_FIELDS), text=HOSTILE_TEXT)
def test_any_text_in_any_content_field_never_crashes_and_never_reaches_the_terminal_raw(
    tmp_path_factory, field, text
) -> None:
    name, loc = field
    mod = tmp_path_factory.mktemp("mod") / "mini"
    shutil.copytree(MINI, mod)
    data = json.loads(json.dumps(MINI_FILES[name]))
    put(data, loc, text)
    (mod / name).write_text(toml_file(data), encoding="utf-8", errors="surrogatepass")
    try:
        content = Loader([mod], include_base=False, use_cache=False).load()
    except ContentLoadError as e:
        assert e.errors
        assert clean(e.report())
        content = None
    out = run_cli("validate", "--mod", str(mod))
    assert clean(out)
    if content is None:
        return
    # it loaded: the text holds no control character, and a whole game plays on it
    game = Game(content, None, content.scenarios[next(iter(content.scenarios))].model.playable[0], 1,
                policy=UtilityPolicy())  # fmt: skip
    game.run_to_end()
    # content may hold tabs (game/mods/untrusted.py): whitespace, never the start of a sequence
    assert all(clean(r.text.replace("\t", " ")) for r in game.state.log)


def mutated_mini(folder: Path, name: str, edit) -> Path:  # type: ignore[no-untyped-def]
    mod = folder / "mini"
    shutil.copytree(MINI, mod)
    data = json.loads(json.dumps(MINI_FILES[name]))
    edit(data)
    (mod / name).write_text(toml_file(data), encoding="utf-8", errors="surrogatepass")
    return mod


OSC = "\x1b]52;c;R0FNRVBXTg==\x07\x1b]0;title\x07\x9b2J"


def test_an_escape_sequence_in_every_string_field_and_key_of_content_is_refused_and_quoted_escaped(tmp_path) -> None:
    keys = [(name, loc) for name, data in MINI_FILES.items() for loc in key_places(data)]
    cases = [(n, loc, False) for n, loc in CONTENT_FIELDS] + [(n, loc, True) for n, loc in keys]
    for i, (name, loc, is_key) in enumerate(cases):
        mod = mutated_mini(tmp_path / str(i), name, lambda d, loc=loc, k=is_key: (rename if k else put)(d, loc, OSC))
        try:
            Loader([mod], include_base=False, use_cache=False).load()
        except ContentLoadError as e:
            report = e.report()
        else:
            raise AssertionError(f"{name} {loc}: loaded with a control character in it")
        assert "control character U+001B (ESC) in " in report, (name, loc)
        assert clean(report), (name, loc, report)


def key_places(data: Any, where: Loc = ()) -> list[Loc]:
    """The place of every key of every table in parsed data."""
    out: list[Loc] = []
    if isinstance(data, dict):
        for k, v in data.items():
            out.append((*where, k))
            out += key_places(v, (*where, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += key_places(v, (*where, i))
    return out


def rename(data: Any, loc: Loc, prefix: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[prefix + str(loc[-1])] = data.pop(loc[-1])


MINI_CONTENT = load_content([MINI])


def _record() -> dict[str, Any]:
    game = Game(MINI_CONTENT, "test", "red", 11, policy=UtilityPolicy())
    for move in ["act shout", "end", "choose dilemma calm", "act soothe blue"]:
        game.play(move)
    record = save_record(game, name="slot")
    return json.loads(json.dumps(record))


RECORD = _record()
SAVE_FIELDS = string_fields(RECORD)


def test_an_escape_sequence_in_every_string_field_of_a_save_is_refused_or_rebuilt_and_quoted_escaped(tmp_path) -> None:
    for i, loc in enumerate(SAVE_FIELDS):
        if loc == ("checksum",):
            continue  # resealed below: the careful editor's checksum holds nothing of his
        record = json.loads(json.dumps(RECORD))
        put(record, loc, OSC)
        record["checksum"] = checksum(record)
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(record))
        try:
            game, notice = load_game(path, MINI_CONTENT)
        except SaveError as e:
            assert "holds the control character U+001B (ESC)" in str(e) or loc == ("format",), (loc, str(e))
            assert clean(str(e)), loc
            continue
        assert loc[0] == "snapshot" and notice is not None and "the saved state was damaged" in notice, loc
        assert clean(notice) and all(clean(r.text) for r in game.state.log), loc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(SAVE_FIELDS), text=HOSTILE_TEXT, reseal=st.booleans())
def test_any_text_in_any_save_field_never_crashes_and_never_reaches_the_terminal_raw(
    tmp_path_factory, field, text, reseal
) -> None:
    folder = tmp_path_factory.mktemp("saves")
    record = json.loads(json.dumps(RECORD))
    put(record, field, text)
    if reseal:  # a careful editor recomputes the checksum
        record["checksum"] = checksum(record)
    path = folder / "edited.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8", errors="surrogatepass")
    try:
        game, notice = load_game(path, MINI_CONTENT)
    except SaveError as e:
        assert clean(str(e))
    else:
        assert notice is None or clean(notice)
        assert all(clean(r.text) for r in game.state.log)
        game.run_to_end()
    for info in list_saves(folder, MINI_CONTENT):
        assert clean(info.name) and clean(info.error or "")
        assert all(clean(x or "") for x in (info.power_name, info.scenario_name, info.date, info.phase))
    assert clean(run_cli("--mod", str(MINI), "export", str(path)))
