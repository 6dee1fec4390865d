"""Hostile saves: no tamper check can be switched off, no field goes unchecked, no control character gets through."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.mods.loader import load_content
from game.saves import SaveError, check_slot_name, list_saves, load_game, save_record, write_save
from game.saves.record import checksum
from tests.conftest import MINI
from tests.test_loader import make_mod
from tests.test_saves import FIRST_HALF, new_game, rewrite, same_game

OSC52 = "\x1b]52;c;R0FNRVBXTg==\x07\x1b]0;gametitle\x07"
RAW = ("\x1b", "\x07", *(chr(c) for c in range(0x80, 0xA0)))


def raw_free(text: str) -> bool:
    return not any(c in text for c in RAW)


def resealed(edit):  # type: ignore[no-untyped-def]
    """An edit by someone who recomputes the checksum afterwards, as a careful cheat would."""

    def apply(d):  # type: ignore[no-untyped-def]
        edit(d)
        if d.get("checksum") is not None:
            d["checksum"] = checksum(d)

    return apply


# -- the tamper checks cannot be switched off ---------------------------------------------------------


@pytest.mark.parametrize("switched_off", [("checksum",), ("state_hash",), ("checksum", "state_hash")])
def test_a_hand_edited_state_with_its_checks_nulled_is_rebuilt_from_its_moves_with_a_notice(
    mini, tmp_path, switched_off
) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "cheat.json", game)

    def cheat(d):  # type: ignore[no-untyped-def]
        d["snapshot"]["vars"]["tension"] = 0
        for key in switched_off:
            d[key] = None

    rewrite(path, resealed(cheat))
    loaded, notice = load_game(path, mini)
    assert notice is not None
    if "state_hash" in switched_off:  # nothing vouches for the state: the moves decide
        assert "to vouch for its saved state, so the game was rebuilt by replaying its 6 move(s) from the start, " in (
            notice
        )
        assert "differs from the saved state: check it is where you left it" in notice
    else:  # the state hash still betrays the edit
        assert "the saved state was damaged (it does not match its recorded hash); the game was rebuilt" in notice
    assert loaded.state.vars["tension"] == game.state.vars["tension"] != 0
    same_game(loaded, game)


def test_a_save_with_no_checksum_but_an_honest_state_says_it_matches(mini, tmp_path) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "honest.json", game)
    rewrite(path, lambda d: d.update(checksum=None))
    loaded, notice = load_game(path, mini)
    assert notice == (
        f'{path} has no "checksum" to vouch for its saved state, so the game was rebuilt by replaying its '
        "6 move(s) and it matches the saved state exactly."
    )
    same_game(loaded, game)


@pytest.mark.parametrize("key", ["checksum", "state_hash", "ai", "difficulty"])
def test_a_save_missing_a_field_is_refused(mini, tmp_path, key) -> None:
    path = write_save(tmp_path / "short.json", new_game(mini))
    rewrite(path, resealed(lambda d: d.pop(key)))
    with pytest.raises(SaveError, match=f"the save is damaged or was edited: '{key}' is missing"):
        load_game(path, mini)


@pytest.mark.parametrize("ai", ["evil", "", "UTILITY", "__class__"])
def test_an_ai_the_game_does_not_have_is_refused_when_the_save_is_read(mini, tmp_path, ai) -> None:
    path = write_save(tmp_path / "ai.json", new_game(mini))
    rewrite(path, resealed(lambda d: d.update(ai=ai)))
    with pytest.raises(SaveError) as caught:
        load_game(path, mini)
    assert "'ai': it names no way the computer plays (known: historical, search, utility)" in str(caught.value)
    [info] = list_saves(tmp_path)
    assert not info.ok and "'ai'" in (info.error or "")


def test_the_historical_ai_is_a_valid_value(mini, tmp_path) -> None:
    game = new_game(mini)
    record = save_record(game)
    record["ai"] = "historical"
    record["checksum"] = checksum(record)
    path = tmp_path / "hist.json"
    path.write_text(json.dumps(record))
    loaded, _ = load_game(path, mini)
    assert loaded.ai == "historical"


def test_a_difficulty_the_content_does_not_have_is_refused_even_where_it_has_no_levels(mini, tmp_path) -> None:
    path = write_save(tmp_path / "hard.json", new_game(mini))
    rewrite(path, resealed(lambda d: d.update(difficulty="nightmare")))
    with pytest.raises(SaveError, match="played at the difficulty 'nightmare', which the content does not have"):
        load_game(path, mini)


# -- control characters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "shown"),
    [
        (lambda d: d.update(name="Evil" + OSC52), "'name'"),
        (lambda d: d["summary"].update(power_name="China" + OSC52), "'summary.power_name'"),
        (lambda d: d["summary"].update(scenario_name="\x9b2J"), "'summary.scenario_name'"),
        (lambda d: d.update(game_version="1\x07"), "'game_version'"),
        (lambda d: d["moves"].append([3, "act shout\x1b[2J"]), "'moves[6][1]'"),
        (lambda d: d["content"]["mods"].append({"id": "x\x1b", "version": "1"}), "'content.mods[1].id'"),
    ],
)
def test_a_control_character_in_any_save_field_is_refused_and_never_printed_raw(mini, tmp_path, where, shown) -> None:
    path = write_save(tmp_path / "esc.json", new_game(mini))
    rewrite(path, resealed(where))
    with pytest.raises(SaveError) as caught:
        load_game(path, mini)
    message = str(caught.value)
    assert f"the save is damaged or was edited: {shown} holds the control character U+" in message
    assert raw_free(message)
    [info] = list_saves(tmp_path)
    assert not info.ok and raw_free(info.error or "") and raw_free(info.name)


def test_a_control_character_in_the_saved_state_has_the_game_rebuilt_from_its_moves(mini, tmp_path) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "log.json", game)

    def poison(d):  # type: ignore[no-untyped-def]
        d["snapshot"]["log"][0]["text"] = "News" + OSC52

    rewrite(path, resealed(poison))
    loaded, notice = load_game(path, mini)
    assert notice is not None and "'snapshot.log[0].text' holds the control character U+001B (ESC)" in notice
    assert raw_free(notice)
    same_game(loaded, game)
    assert all(raw_free(r.text) for r in loaded.state.log)


def test_a_save_file_whose_name_holds_control_characters_is_listed_escaped(mini, tmp_path) -> None:
    write_save(tmp_path / f"evil{OSC52}.json", new_game(mini))
    (tmp_path / f"broken{OSC52}.json").write_text("{")
    infos = list_saves(tmp_path)
    shown = "\\x1b]52;c;R0FNRVBXTg==\\x07\\x1b]0;gametitle\\x07"
    assert {i.name for i in infos} == {f"evil{shown}", f"broken{shown}"}
    for info in infos:
        assert raw_free(info.name) and raw_free(info.error or "")
    with pytest.raises(SaveError) as caught:
        load_game(tmp_path / f"broken{OSC52}.json", mini)
    assert raw_free(str(caught.value))


def test_a_save_written_to_a_file_named_with_control_characters_is_named_escaped_and_loads(mini, tmp_path) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / f"evil{OSC52}.json", game)
    [info] = list_saves(tmp_path)
    assert info.ok and info.name == "evil\\x1b]52;c;R0FNRVBXTg==\\x07\\x1b]0;gametitle\\x07"
    same_game(load_game(path, mini)[0], game)
    with pytest.raises(SaveError, match=r"this game cannot be saved: .*'name' holds the control character U"):
        write_save(tmp_path / "named.json", game, name="x\x07")


@pytest.mark.parametrize("name", [f"slot{OSC52}", "slot\x9b2J", "slot\u202etxt", "tab\tname", "new\nline"])
def test_slot_names_with_control_characters_are_refused(name) -> None:
    with pytest.raises(SaveError) as caught:
        check_slot_name(name)
    assert "(no path separators or control characters)" in str(caught.value)
    assert raw_free(str(caught.value))


# -- export and run --save ------------------------------------------------------------------------------


def cli(*args: str) -> int:
    return main(["--mod", str(MINI), *args])


def test_export_of_a_linked_save_says_it_is_a_link(mini, tmp_path, capsys) -> None:
    real = write_save(tmp_path / "real.json", new_game(mini))
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert cli("export", str(link)) == 0
    captured = capsys.readouterr()
    assert f"dualfreeze export: {link} is a link to {real}: reading the save it leads to" in captured.err
    assert 'power = "red"' in captured.out
    dangling = tmp_path / "gone.json"
    dangling.symlink_to(tmp_path / "nothing.json")
    assert cli("export", str(dangling)) == 1
    assert "is a link that leads nowhere" in capsys.readouterr().err


def test_export_of_a_slot_that_is_a_link_says_so(mini, tmp_path, capsys) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    real = write_save(tmp_path / "elsewhere.json", new_game(mini))
    (folder / "linked.json").symlink_to(real)
    assert cli("--saves", str(folder), "export", "linked") == 1
    assert "linked.json: the save is a link; saves are not read or written through links" in capsys.readouterr().err


def test_run_save_writes_nothing_when_the_script_fails(tmp_path, capsys) -> None:
    failing = FIRST_HALF + '\n[[expect]]\nafter_turn = 1\nthat = ["tension > 1000"]\n'
    (tmp_path / "fails.toml").write_text(failing)
    out = tmp_path / "out.json"
    assert cli("run", str(tmp_path / "fails.toml"), "--save", str(out)) == 1
    captured = capsys.readouterr()
    assert not out.exists()
    assert f"dualfreeze run: the script failed, so no save was written ({out} is untouched)" in captured.err
    assert "FAIL" in captured.out


def test_run_save_says_what_it_wrote(tmp_path, capsys) -> None:
    (tmp_path / "ok.toml").write_text(FIRST_HALF)
    out = tmp_path / "out.json"
    assert cli("run", str(tmp_path / "ok.toml"), "--save", str(out)) == 0
    assert out.exists()
    assert f"dualfreeze run: saved the game at turn 3 (2020-03) to {out}" in capsys.readouterr().err


def test_a_mods_scripts_are_found_by_run_with_mod(tmp_path, capsys) -> None:
    mod = make_mod(tmp_path, {"scripts/first.toml": FIRST_HALF, "scripts/more/second.toml": FIRST_HALF})
    load_content([MINI, mod])  # the scripts are not content
    assert cli("--mod", str(mod), "run") == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == [
        f"ok   {mod}/scripts/first.toml",
        f"ok   {mod}/scripts/more/second.toml",
    ]
    assert cli("--mod", str(mod), "run", "first") == 0
    assert capsys.readouterr().out.startswith(f"ok   {mod}/scripts/first.toml:")
    assert cli("--mod", str(mod), "run", "more/second.toml") == 0
    assert capsys.readouterr().out.startswith(f"ok   {mod}/scripts/more/second.toml:")


def test_run_with_no_script_and_no_mod_scripts_is_a_usage_error(tmp_path, capsys) -> None:
    mod = make_mod(tmp_path, {})
    assert cli("--mod", str(mod), "run") == 2
    err = capsys.readouterr().err
    assert "dualfreeze run: name a script, or a --mod whose scripts/ folder holds some (" in err
    assert f"{mod}/scripts/)" in err


def test_a_mod_script_that_links_out_of_the_mod_is_not_read(tmp_path, capsys) -> None:
    (tmp_path / "elsewhere.toml").write_text(FIRST_HALF)
    mod = make_mod(tmp_path, {})
    (mod / "scripts").mkdir()
    (mod / "scripts" / "out.toml").symlink_to(tmp_path / "elsewhere.toml")
    assert cli("--mod", str(mod), "run") == 1
    assert "out.toml: the script is a link leading outside the mod folder" in capsys.readouterr().out
