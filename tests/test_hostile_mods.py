"""Hostile mods: control characters refused where they enter, regular files only, every error in one pass."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from game.mods.loader import ContentLoadError, load_content
from game.mods.untrusted import escape_controls, first_control
from tests.conftest import MINI
from tests.test_loader import errors_of, make_mod

#: What a terminal must never be sent from a mod: ESC, BEL and the C1 characters.
RAW = ("\x1b", "\x07", *(chr(c) for c in range(0x80, 0xA0)))


def raw_free(lines: list[str]) -> bool:
    return not any(c in line for line in lines for c in RAW)


# -- control characters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("\\u001b]52;c;R0FNRVBXTg==\\u0007", "U+001B (ESC)"),
        ("\\e[2J", "U+001B (ESC)"),
        ("\\u0007ring", "U+0007 (BEL)"),
        ("\\u009b31m", "U+009B (CSI)"),
        ("\\u009d0;title", "U+009D (OSC)"),
        ("\\u007f", "U+007F (DEL)"),
        ("\\bspace", "U+0008 (backspace)"),
        ("\\rreturn", "U+000D (carriage return)"),
        ("\\U0000001b", "U+001B (ESC)"),
    ],
)
def test_a_control_character_in_text_is_refused_at_its_line_and_column(tmp_path: Path, written: str, code: str) -> None:
    body = f'[[event]]\nid = "e"\ntitle = "Title"\nnews = "ab{written}"\n'
    mod = make_mod(tmp_path, {"e.toml": body})
    (err,) = errors_of(mod)
    # news = " opens at column 8; the control character is the third character of the string
    assert err.startswith(f"{mod / 'e.toml'}:4:11: control character {code} in text")
    assert raw_free([err])


def test_a_raw_c1_character_which_toml_allows_is_refused(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"e.toml": '[[event]]\nid = "e"\ntitle = "x\u009by"\n'.encode()})
    (err,) = errors_of(mod)
    assert ":3:11: control character U+009B (CSI) in text" in err and raw_free([err])


def test_the_hostile_power_name_from_the_issue_is_refused_and_never_printed_raw(tmp_path: Path) -> None:
    body = (
        '[[power]]\nid = "chn"\nname = "China\\u001b]52;c;R0FNRVBXTg==\\u0007\\u001b]0;gametitle\\u0007"\n'
        'leader = "Xi"\n'
    )
    mod = make_mod(tmp_path, {"p.toml": body})
    errs = errors_of(mod)
    assert errs == [f"{mod / 'p.toml'}:3:14: control character U+001B (ESC) in text: content may hold newlines and "
                    "tabs, no other control characters (a terminal would obey them)"]  # fmt: skip


def test_newlines_and_tabs_are_ordinary_text(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"e.toml": '[[event]]\nid = "tabbed"\ntitle = "a\\tb"\ntext = """one\ntwo"""\n'})
    assert load_content([MINI, mod]).events["tabbed"].model.text == "one\ntwo"


def test_control_characters_in_keys_ids_and_the_manifest_are_refused(tmp_path: Path) -> None:
    mod = make_mod(
        tmp_path,
        {"a.toml": '[[action]]\nid = "x\\u001b"\nname = "A"\n"ti\\u001btle" = "t"\n'},
        manifest='id = "m"\nname = "Mod\\u0007"\n',
    )
    errs = errors_of(mod)
    assert f"{mod / 'mod.toml'}:2:12: control character U+0007 (BEL) in text" in "\n".join(errs)
    assert any(":2:8: control character U+001B (ESC) in text" in e for e in errs)  # the id
    assert any(":4:1: control character U+001B (ESC) in a key" in e for e in errs)
    # the messages quoting what the mod wrote show it escaped
    assert any("unknown key 'ti\\x1btle' in action" in e for e in errs)
    assert raw_free(errs)


def test_an_unknown_flag_with_an_escape_in_its_name_is_quoted_escaped(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"a.toml": '[[action]]\nid = "a"\nname = "A"\nwhen = \'flag("x\u001b]0;t\u0007")\'\n'})
    errs = errors_of(mod)  # raw ESC in a TOML literal string is already a syntax error...
    assert raw_free(errs)
    body = '[[action]]\nid = "a"\nname = "A"\nwhen = "flag(\\"x\\u001by\\")"\n'
    mod2 = make_mod(tmp_path, {"a.toml": body}, name="n")
    errs = errors_of(mod2)  # ...and an escaped one is refused, and quoted escaped when it is unknown
    assert any("control character U+001B (ESC) in text" in e for e in errs)
    assert any("unknown flag 'x\\x1by'" in e for e in errs)
    assert raw_free(errs)


def test_file_and_folder_names_with_control_characters_are_not_read(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"ok.toml": '[[action]]\nid = "fine"\nname = "F"\n'})
    (mod / "bad\x1b]0;t\x07.toml").write_text('[[action]]\nid = "x"\nname = "X"\n')
    (mod / "dir\x9b").mkdir()
    errs = errors_of(mod)
    assert any("bad\\x1b]0;t\\x07.toml:1:1: a file name holds a control character" in e for e in errs)
    assert any("dir\\x9b:1:1: a folder name holds a control character" in e for e in errs)
    assert raw_free(errs)


def test_escaping_shows_every_control_character_and_keeps_ordinary_text() -> None:
    assert escape_controls("Ch\x1bi\x07na\x9d\u202e\n") == "Ch\\x1bi\\x07na\\x9d\\u202e\\n"
    assert escape_controls("two\nlines\tand [bold]", keep_newlines=True) == "two\nlines\\tand [bold]"
    assert escape_controls("Pyongyang 平壤") == "Pyongyang 平壤"
    assert first_control("fine\n\tok") == -1 and first_control("a\x7f") == 1


# -- regular files only ---------------------------------------------------------------------------


def load_within(mods: list[Path], seconds: float = 30) -> list[str]:
    """Load in a thread and fail if it does not finish: a blocked open would hang the suite."""
    out: list[list[str]] = []

    def work() -> None:
        try:
            load_content([MINI, *mods], include_base=False)
            out.append([])
        except ContentLoadError as e:
            out.append([str(x) for x in e.errors])

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "loading blocked"
    return out[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_mod_is_refused_and_never_blocks(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {})
    os.mkfifo(mod / "pipe.toml")
    os.mkfifo(mod / "mod2.toml")
    errs = load_within([mod])
    assert f"{mod / 'pipe.toml'}:1:1: this is a FIFO (named pipe), not a regular file: it is not read" in errs
    assert len(errs) == 2


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_and_a_link_to_a_device_are_refused(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {})
    here = Path.cwd()
    os.chdir(mod)  # a Unix socket's path has a short length limit
    try:
        s = socket.socket(socket.AF_UNIX)
        s.bind("sock.toml")
    finally:
        os.chdir(here)
    (mod / "zero.toml").symlink_to("/dev/zero")
    errs = load_within([mod])
    s.close()
    assert f"{mod / 'sock.toml'}:1:1: this is a socket, not a regular file: it is not read" in errs
    assert any("zero.toml:1:1: the file is a link to /dev/zero, outside the mod folder" in e for e in errs)


def test_a_manifest_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "m"
    root.mkdir()
    os.mkfifo(root / "mod.toml")
    assert load_within([root]) == [f"{root / 'mod.toml'}:1:1: this is a FIFO (named pipe), not a regular file: it is "
                                   "not read"]  # fmt: skip


def test_links_out_of_the_mod_are_refused_and_links_inside_are_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.toml").write_text('[[action]]\nid = "stolen"\nname = "S"\n')
    mod = make_mod(tmp_path, {"real/defs.txt": '[[action]]\nid = "linked"\nname = "L"\n'})
    (mod / "out.toml").symlink_to(outside / "secret.toml")
    (mod / "outdir").symlink_to(outside)
    (mod / "nowhere.toml").symlink_to(tmp_path / "missing.toml")
    (mod / "loop.toml").symlink_to(mod / "loop.toml")
    (mod / "in.toml").symlink_to(mod / "real" / "defs.txt")
    errs = load_within([mod])
    assert f"{mod / 'out.toml'}:1:1: the file is a link to {outside / 'secret.toml'}, outside the mod folder: " in (
        "\n".join(errs)
    )
    assert f"{mod / 'outdir'}:1:1: the folder is a link leading outside the mod folder: it is not read" in errs
    assert any("nowhere.toml:1:1: the file is a link that leads nowhere" in e for e in errs)
    assert any("loop.toml:1:1: the file is a link that leads nowhere" in e for e in errs)
    assert len(errs) == 4
    os.unlink(mod / "out.toml")
    os.unlink(mod / "outdir")
    os.unlink(mod / "nowhere.toml")
    os.unlink(mod / "loop.toml")
    content = load_content([MINI, mod])
    assert "linked" in content.actions and "stolen" not in content.actions


def test_a_link_to_a_folder_inside_the_mod_is_not_read_twice(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, {"events/e.toml": '[[action]]\nid = "once"\nname = "O"\n'})
    (mod / "again").symlink_to(mod / "events")
    assert "once" in load_content([MINI, mod]).actions


# -- one pass, paths as given, scripts kept apart -------------------------------------------------


def test_a_syntax_error_in_one_file_hides_no_unknown_name_in_another(tmp_path: Path) -> None:
    mod = make_mod(
        tmp_path,
        {
            "a.toml": "[[event]\nid = \n",
            "b.toml": '[[action]]\nid = "b"\nname = "B"\nwhen = "tensoin > 3"\n',
            "c.toml": '[[action]]\nid = "c"\nname = "C"\ntitel = "typo"\ntargets = ["purple"]\n',
        },
    )
    errs = errors_of(mod)
    assert any("a.toml:1:8: TOML syntax" in e for e in errs)
    assert any("b.toml:4:9: unknown name 'tensoin'; did you mean 'tension'?" in e for e in errs)
    assert any("c.toml:4:1: unknown key 'titel' in action" in e for e in errs)
    assert len(errs) == 3


def test_a_broken_entry_leaves_the_rest_of_its_file_checked_and_causes_no_echoes(tmp_path: Path) -> None:
    body = (
        '[[event]]\nid = "broken"\ntitel = "typo"\n'  # lines 1-3: refused
        '[[event]]\nid = "fine"\ntitle = "F"\nwhen = "happened(\\"broken\\")"\neffects = ["tensoin += 1"]\n'  # 4-8
    )
    react = '[[reaction]]\nid = "r"\nto = ["broken"]\n[[reaction.response]]\neffects = ["tension += 1"]\n'
    mod = make_mod(tmp_path, {"e.toml": body, "r.toml": react})
    errs = errors_of(mod)
    path = mod / "e.toml"
    assert errs == [
        f"{path}:1:1: event is missing the required key 'title'",
        f"{path}:3:1: unknown key 'titel' in event; did you mean 'title'?",
        # the valid entry after it is still compiled, at its own line...
        f"{path}:8:13: unknown variable 'tensoin'; did you mean 'tension'?",
        # ...and no "unknown event 'broken'" is reported, in this file or the reaction's
    ]


def test_a_broken_manifest_still_has_its_files_checked(tmp_path: Path) -> None:
    mod = make_mod(
        tmp_path,
        {"a.toml": '[[action]]\nid = "a"\nname = "A"\nwhen = "tensoin > 3"\n'},
        manifest='id = "m"\nname = "M"\nversoin = "1.0"\n',
    )
    errs = errors_of(mod)
    assert any("mod.toml:3:1: unknown key 'versoin' in mod.toml; did you mean 'version'?" in e for e in errs)
    assert any("a.toml:4:9: unknown name 'tensoin'" in e for e in errs)


def test_paths_print_as_the_modder_gave_them_relative_to_the_mods_root(tmp_path: Path, monkeypatch) -> None:
    mod = make_mod(tmp_path, {"events/typo.toml": '[[event]]\nid = "x"\ntitle = "X"\nwhen = "tensoin > 1"\n'})
    monkeypatch.chdir(tmp_path / "m" / "events")
    with pytest.raises(ContentLoadError) as info:
        load_content([MINI, "../../m"], include_base=False)
    assert str(info.value.errors[0]).startswith("../../m/events/typo.toml:4:9: unknown name 'tensoin'")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentLoadError) as info:
        load_content([MINI, "m/"], include_base=False)
    assert str(info.value.errors[0]).startswith("m/events/typo.toml:4:9:")
    with pytest.raises(ContentLoadError) as info:
        load_content([MINI, str(mod)], include_base=False)
    assert str(info.value.errors[0]).startswith(f"{mod}/events/typo.toml:4:9:")


def test_a_mods_scripts_folder_is_not_content(tmp_path: Path) -> None:
    mod = make_mod(
        tmp_path,
        {
            "scripts/calm.toml": 'power = "red"\nseed = 1\n',  # a script: not a content file at all
            "events/scripts/e.toml": '[[action]]\nid = "nested"\nname = "N"\n',  # only the top folder is skipped
        },
    )
    content = load_content([MINI, mod])
    assert "nested" in content.actions
    assert not any("calm" in f for f in content.files)
