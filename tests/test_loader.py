"""Loading content: every error at its exact line and column, hostile files refused cleanly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game.mods.loader import MAX_FILE_BYTES, ContentLoadError, base_content_dir, load_content
from tests.conftest import MINI


def make_mod(tmp_path: Path, files: dict[str, str | bytes], manifest: str | None = None, name: str = "m") -> Path:
    root = tmp_path / name
    root.mkdir()
    (root / "mod.toml").write_text(manifest or f'id = "{name}"\nname = "Test mod"\n')
    for rel, body in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            p.write_bytes(body)
        else:
            p.write_text(body)
    return root


def errors_of(*mods: Path) -> list[str]:
    with pytest.raises(ContentLoadError) as info:
        load_content([MINI, *mods], include_base=False)
    return [str(e) for e in info.value.errors]


def shown(p: Path) -> str:
    """A file of a mod as errors show it: the folder as it was given (here absolute), then the file."""
    return str(p)


def test_base_content_loads() -> None:
    content = load_content()
    assert len(content.powers) == 6
    assert "july2017" in content.scenarios
    assert content.fingerprint and len(content.fingerprint) == 64


def test_mini_fixture_loads_standalone() -> None:
    content = load_content([MINI])
    assert list(content.powers) == ["red", "blue", "green"]


def test_unknown_key_gets_did_you_mean_at_its_line(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"events.toml": '[[event]]\nid = "x"\ntitel = "Oops"\n'})
    errs = errors_of(mod)
    path = shown(mod / "events.toml")
    assert f"{path}:3:1: unknown key 'titel' in event; did you mean 'title'?" in errs
    assert f"{path}:1:1: event is missing the required key 'title'" in errs


def test_unknown_top_level_key_lists_what_a_file_may_hold(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"a.toml": "[[evnt]]\nid = 'x'\n"})
    (err,) = errors_of(mod)
    assert err.endswith("1:1: unknown key 'evnt' in file; did you mean 'event'?")


def test_expression_error_points_inside_the_string(tmp_path: Path) -> None:
    body = '[[event]]\nid = "x"\ntitle = "X"\nwhen = "tension > 5 and tensoin < 9"\n'
    mod = make_mod(tmp_path, {"e.toml": body})
    (err,) = errors_of(mod)
    # the string opens at column 8; its 17th character is the misspelt name
    assert err == f"{shown(mod / 'e.toml')}:4:25: unknown name 'tensoin'; did you mean 'tension'?"


def test_expression_error_in_a_multiline_array_element(tmp_path: Path) -> None:
    body = '[[action]]\nid = "a"\nname = "A"\neffects = [\n  "tension += 1",\n  "opinion(red, blu) -= 5",\n]\n'
    mod = make_mod(tmp_path, {"a.toml": body})
    (err,) = errors_of(mod)
    assert err == f"{shown(mod / 'a.toml')}:6:17: unknown name 'blu'; did you mean 'blue'?"


def test_errors_in_nested_tables_and_inline_tables(tmp_path: Path) -> None:
    body = (
        '[[event]]\nid = "e"\ntitle = "E"\npower = "red"\n'
        '[[event.option]]\nid = "o1"\ntext = "One"\n'
        '[[event.option]]\nid = "o2"\ntext = "Two"\neffects = ["score(self) += nope"]\n'
        '[[ending]]\nid = "z"\ntitle = "Z"\nwhen = "true"\noutcome = { red = { score = 5 }, purple = { score = 1 } }\n'
    )
    mod = make_mod(tmp_path, {"e.toml": body})
    errs = errors_of(mod)
    path = shown(mod / "e.toml")
    assert f"{path}:11:28: unknown name 'nope'" in errs[0]
    assert errs[1].startswith(f"{path}:16:")
    assert "unknown power 'purple'" in errs[1]


def test_every_error_is_reported_not_just_the_first(tmp_path: Path) -> None:
    mod = make_mod(
        tmp_path,
        {
            "a.toml": '[[action]]\nid = "a"\nname = "A"\ncost = "lots"\n',
            "b.toml": '[[event]]\nid = "b"\ntitle = "B"\nwhen = "flag(\\"never\\")"\n',
            "c.toml": '[[reaction]]\nid = "c"\ntags = ["laud"]\n[[reaction.response]]\nnews = "x"\n',
        },
    )
    errs = errors_of(mod)
    assert len(errs) == 3  # a schema error in one file hides nothing in the others
    assert "cost" in errs[0] and ":4:8:" in errs[0]
    assert "unknown flag 'never'" in errs[1]
    assert "no action, event or term carries the tag 'laud'; did you mean 'loud'?" in errs[2]


def test_toml_syntax_error_has_tomli_position(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"bad.toml": '[[event]]\nid = "x"\ntitle = "unterminated\n'})
    (err,) = errors_of(mod)
    assert err.startswith(f"{shown(mod / 'bad.toml')}:3:")
    assert "TOML syntax" in err


def test_duplicate_ids_in_one_mod_and_overrides_across_mods(tmp_path: Path) -> None:
    dup = make_mod(
        tmp_path, {"a.toml": '[[event]]\nid = "e"\ntitle = "A"\n', "b.toml": '[[event]]\nid = "e"\ntitle = "B"\n'}
    )
    (err,) = errors_of(dup)
    assert "event id 'e' is already defined at" in err and "a.toml:1" in err
    over = make_mod(
        tmp_path, {"o.toml": '[[action]]\nid = "shout"\nname = "Whisper"\ncost = 0\ntags = ["loud"]\n'}, name="over"
    )
    content = load_content([MINI, over])
    assert content.actions["shout"].model.name == "Whisper"
    assert next(iter(content.actions)) == "shout", "an override keeps the original's place"


def test_mod_can_remove_entries_and_require_others(tmp_path: Path) -> None:
    rm = make_mod(
        tmp_path, {}, 'id = "rm"\nname = "R"\nrequires = ["mini"]\nremove = { action = ["expensive"] }\n', "rm"
    )
    content = load_content([MINI, rm])
    assert "expensive" not in content.actions
    bad = make_mod(tmp_path, {}, 'id = "bad"\nname = "B"\nrequires = ["mini2"]\nremove = { event = ["nope"] }\n', "bad")
    errs = errors_of(bad)
    assert any("requires mod 'mini2', which is not loaded before it; did you mean 'mini'?" in e for e in errs)
    assert any("no event 'nope' was loaded before this mod" in e for e in errs)


def test_missing_manifest_and_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "nomanifest").mkdir()
    errs = errors_of(tmp_path / "nomanifest", tmp_path / "absent")
    assert any("needs a mod.toml" in e for e in errs)
    assert any("no such mod folder" in e for e in errs)


HOSTILE: dict[str, tuple[bytes, str]] = {
    "deep_arrays": (b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "too deeply"),
    "deep_inline_tables": (b"a = " + b"{b=" * 50_000 + b"1" + b"}" * 50_000 + b"\n", ""),
    "dotted_key_bomb": (b".".join([b"k"] * 200_000) + b" = 1\n", ""),
    "invalid_utf8": (b'[[event]]\nid = "x"\ntitle = "caf\xe9"\n', "not valid UTF-8"),
    "nul_byte": (b'[[event]]\nid = "x\x00"\n', "NUL byte"),
    "huge_integer": (b'[[variable]]\nid = "v"\nname = "V"\nmax = ' + b"9" * 5000 + b"\n", ""),
    "nan": (b'[[variable]]\nid = "v"\nname = "V"\n[[event]]\nid = "e"\ntitle = "E"\nchance = nan\n', "finite"),
    "inf": (b'[[event]]\nid = "e"\ntitle = "E"\nweight = inf\n', ""),
    "many_tables": (b"".join(b"[t%d]\nx = 1\n" % i for i in range(20_000)), "unknown key"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_get_a_clear_error_naming_the_file(tmp_path: Path, name: str) -> None:
    body, expected = HOSTILE[name]
    mod = make_mod(tmp_path, {f"{name}.toml": body})
    started = time.perf_counter()
    errs = errors_of(mod)
    assert time.perf_counter() - started < 20
    assert errs
    assert all(f"{name}.toml:" in e for e in errs[:1])
    if expected:
        assert any(expected in e for e in errs), errs


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"bom.toml": b'\xef\xbb\xbf[[action]]\nid = "bom"\nname = "Bom"\n'})
    assert "bom" in load_content([MINI, mod]).actions


def test_oversized_file_is_capped(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {})
    big = mod / "big.toml"
    with big.open("wb") as fh:
        fh.write(b"# filler\n")
        fh.seek(MAX_FILE_BYTES + 10)
        fh.write(b"\n")
    (err,) = errors_of(mod)
    assert "big.toml:1:1: file is" in err and "the limit is 16 MiB" in err


def test_a_file_is_read_in_reads_sized_by_it_and_one_that_grows_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each read allocates what it asks for: a small file is not read with a buffer the size of
    the limit (16 MiB a file), and a file that grows while it is read still stops at the limit."""
    import os

    from game.mods import read as module
    from game.mods.errors import ErrorCollector

    small = tmp_path / "small.toml"
    small.write_bytes(b"x" * 5000)
    asked: list[int] = []
    real_read = os.read

    def counted(fd: int, n: int) -> bytes:
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(module.os, "read", counted)
    errs = ErrorCollector()
    assert module.read_regular(small, "small.toml", errs) == b"x" * 5000
    assert asked and max(asked) <= module.READ_CHUNK and not errs.items

    monkeypatch.setattr(module, "MAX_FILE_BYTES", 200_000)
    growing = tmp_path / "growing.toml"
    growing.write_bytes(b"y" * 1000)
    grown = iter([b"y" * 1000, *[b"z" * 65536] * 10])  # what stat said, then more and more
    monkeypatch.setattr(module.os, "read", lambda fd, n: next(grown, b"")[:n])
    assert module.read_regular(growing, "growing.toml", errs) is None
    assert "larger than the limit" in str(errs.items[-1])


def test_placeholders_in_text_are_checked(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"a.toml": '[[action]]\nid = "a"\nname = "A"\nnews = "{actor} meets {leeder}."\n'})
    (err,) = errors_of(mod)
    assert ":4:8:" in err and "unknown placeholder {leeder}; did you mean {leader}?" in err


def test_base_content_directory_exists() -> None:
    assert (base_content_dir() / "mod.toml").is_file()


def test_every_kind_of_entry_has_a_table_in_the_stack_and_a_builder() -> None:
    from dataclasses import fields

    from game.mods.build import BUILDERS
    from game.mods.models import LIST_KINDS
    from game.mods.stack import Merged

    tables = {f.name for f in fields(Merged)}
    assert set(LIST_KINDS) <= tables
    built = {kind for kind, _ in BUILDERS}
    assert set(LIST_KINDS) - {"variable"} <= built  # variables make the symbol table


def test_flags_get_display_names_and_a_name_for_a_flag_nothing_sets_is_an_error(tmp_path: Path) -> None:
    flags = '[[flag]]\nid = "red_quiet"\nname = "Redland keeps quiet"\n\n[[flag]]\nid = "red_qiuet"\nname = "X"\n'
    mod = make_mod(tmp_path, {"flags.toml": flags})
    (err,) = errors_of(mod)
    assert err == (
        f"{shown(mod / 'flags.toml')}:6:6: no effect sets the flag 'red_qiuet' and no scenario starts with it; "
        "did you mean 'red_quiet'?"
    )
    good = make_mod(tmp_path, {"flags.toml": '[[flag]]\nid = "red_quiet"\nname = "Redland keeps quiet"\n'}, name="g")
    content = load_content([MINI, good], include_base=False)
    assert content.flags["red_quiet"].name == "Redland keeps quiet" and content.flags["red_quiet"].show


def test_an_actions_done_condition_is_compiled_and_checked(tmp_path: Path) -> None:
    body = (
        '[[action]]\nid = "calm"\nname = "Calm things"\nwhen = "tension > 10"\n'
        'unavailable = "Already calm."\ndone = "tensoin < 5"\n'
    )
    mod = make_mod(tmp_path, {"a.toml": body})
    (err,) = errors_of(mod)
    assert err == f"{shown(mod / 'a.toml')}:6:9: unknown name 'tensoin'; did you mean 'tension'?"
    good = make_mod(tmp_path, {"a.toml": body.replace("tensoin", "tension")}, name="g")
    action = load_content([MINI, good], include_base=False).actions["calm"]
    assert action.done is not None and action.model.unavailable == "Already calm."


def test_help_sections_keep_their_order_and_a_later_mod_replaces_one(tmp_path: Path) -> None:
    sections = (
        '[[help]]\nid = "a"\ntitle = "First"\ntext = "One."\n[[help]]\nid = "b"\ntitle = "Second"\ntext = "Two."\n'
    )
    one = make_mod(tmp_path, {"help.toml": sections}, name="one")
    two = make_mod(tmp_path, {"help.toml": '[[help]]\nid = "a"\ntitle = "First, again"\ntext = "Uno."\n'}, name="two")
    content = load_content([MINI, one, two], include_base=False)
    assert [(h.title, h.text) for h in content.help] == [("First, again", "Uno."), ("Second", "Two.")]
    empty = make_mod(tmp_path, {"help.toml": '[[help]]\nid = "c"\ntitle = "Empty"\ntext = "  "\n'}, name="three")
    (err,) = errors_of(empty)
    assert err.endswith(":4:8: a help section needs some text")


def test_the_games_title_comes_from_the_foundation_mod_and_defaults_to_its_name(tmp_path: Path) -> None:
    assert load_content().title == "Dual Freeze"
    assert load_content([MINI], include_base=False).title == "A tiny standalone world for engine tests"
    manifest = 'id = "tc"\nname = "Another crisis"\ntitle = "Three Rivers"\ntagline = "a test"\nstandalone = true\n'
    tc = make_mod(tmp_path, {}, manifest=manifest, name="tc")
    for rel in ("world.toml", "diplomacy.toml"):
        (tc / rel).write_text((MINI / rel).read_text())
    content = load_content([tc])
    assert content.title == "Three Rivers" and content.foundation is not None and content.foundation.tagline == "a test"
    # a small mod on top of the base game keeps the base game's title
    addon = make_mod(tmp_path, {}, name="addon")
    assert load_content([addon]).title == "Dual Freeze"


def test_expressions_of_one_shape_are_each_checked_with_their_own_names_and_numbers(tmp_path: Path) -> None:
    """Expressions that differ only in their literals are checked at the cost of one (expr.shapes):
    every later one still gets each check its literals need, and its error at its own place."""
    good = [
        f'[[event]]\nid = "step{i}"\ntitle = "S"\nwhen = \'flag("step_{i}") and tension > {i}\'\n'
        f"effects = ['set_flag(\"step_{(i + 1) % 5}\")', 'tension += {i}']\n"
        for i in range(5)
    ]
    bad = {
        'flag("stepp_1") and tension > 1': "unknown flag 'stepp_1'",
        'flag("step_1") and tension > 5000000': "number 5000000 is too large",
        'flag("step_1") and tension > 1 $': "unexpected character '$'",
        f'flag("{"s" * 81}") and tension > 1': "text is longer than 80 characters",
        'happened("step9") and tension > 1': "unknown event 'step9'",
    }
    odd = [f'[[event]]\nid = "odd{i}"\ntitle = "O"\nwhen = \'{w}\'\n' for i, w in enumerate(bad)]
    odd.append('[[event]]\nid = "odd9"\ntitle = "O"\neffects = [\'set_flag("Step_9")\']\n')
    mod = make_mod(tmp_path, {"e.toml": "".join(good + odd)})
    errs = errors_of(mod)
    assert len(errs) == len(bad) + 1, errs
    for err, (when, message) in zip(errs, bad.items(), strict=False):
        assert message in err
        line = 1 + "".join(good + odd).splitlines().index(f"when = '{when}'")
        assert err.startswith(f"{shown(mod / 'e.toml')}:{line}:")
    assert "flag names are lower case letters" in errs[-1]
    # and the same text alone, the first of its shape, is checked the same way
    alone = make_mod(tmp_path, {"e.toml": "".join(good[:0] + odd[:1]) + good[1]}, name="alone")
    assert any("unknown flag 'stepp_1'" in e for e in errors_of(alone))
