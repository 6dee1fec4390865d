"""Saves: a player who quits, crashes or upgrades finds the game where it was, or is told why not."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import saves
from game.ai import UtilityPolicy
from game.cli import main
from game.engine.game import Game
from game.engine.state import Phase
from game.mods.loader import ContentLoadError, load_content
from game.saves import (
    FORMAT_VERSION,
    KEEP_AUTOSAVES,
    MAX_SAVE_BYTES,
    SaveError,
    autosave,
    backup_path,
    check_slot_name,
    list_saves,
    load_game,
    newest_save,
    save_record,
    save_slot,
    saves_dir,
    slot_path,
    write_save,
)
from game.saves.record import canonical, checksum, dump_record, parse_save
from tests.conftest import MINI

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "savefiles"
#: The moves in the fixtures; they lead the mini world to turn 3, mid-diplomacy.
FIXTURE_MOVES = ["act shout", "end", "choose dilemma calm", "act soothe blue", "end", "act shout"]


@pytest.fixture(scope="module")
def base():
    try:
        return load_content()
    except ContentLoadError:
        pytest.skip("the base content does not load right now (being edited)")


def new_game(content, seed: int = 11, moves: list[str] = FIXTURE_MOVES) -> Game:
    game = Game(content, "test", "red", seed, policy=UtilityPolicy())
    for m in moves:
        game.play(m)
    return game


def play_by_picks(game: Game, picks: list[int]) -> None:
    """Play one legal move per pick (the pick indexes the legal moves), until the game ends."""
    for pick in picks:
        if game.over:
            return
        moves = game.legal_moves()
        game.play(moves[pick % len(moves)])


def rewrite(path: Path, edit) -> None:
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))


def same_game(a: Game, b: Game) -> None:
    assert a.state_hash() == b.state_hash()
    assert a.rng.getstate() == b.rng.getstate()
    assert a.move_log == b.move_log
    assert a.move_turns == b.move_turns
    assert (a.seed, a.player, a.scenario.id, a.difficulty.id) == (b.seed, b.player, b.scenario.id, b.difficulty.id)


# -- the format ----------------------------------------------------------------------------------


def test_a_save_holds_everything_the_issue_names(mini, tmp_path) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "s.json", game)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "dualfreeze-save" and data["version"] == FORMAT_VERSION
    assert data["game_version"]
    assert data["content"]["fingerprint"] == mini.fingerprint
    assert data["content"]["mods"] == [{"id": "mini", "version": "1.0"}]
    assert (data["scenario"], data["power"], data["seed"], data["difficulty"]) == ("test", "red", 11, "normal")
    assert [m for _, m in data["moves"]] == game.move_log
    assert data["rng"]["version"] == 3 and len(data["rng"]["internal"]) == 625
    assert data["snapshot"] == json.loads(json.dumps(game.state.snapshot()))
    assert data["state_hash"] == game.state_hash()
    assert data["checksum"] == checksum(data)
    assert data["summary"] == {
        "turn": 3,
        "date": "2020-03",
        "phase": "diplomacy",
        "ending": None,
        "power_name": "Redland",
        "scenario_name": "Test",
    }


@pytest.mark.parametrize("moves", [[], FIXTURE_MOVES, ["act shout", "end"], ["end"]])
def test_a_loaded_game_is_the_saved_game_and_plays_on_the_same(mini, tmp_path, moves) -> None:
    game = new_game(mini, 4, moves)
    loaded, notice = load_game(write_save(tmp_path / "s.json", game), mini)
    assert notice is None
    same_game(loaded, game)
    assert loaded.phase is game.phase
    loaded.run_to_end()
    game.run_to_end()
    same_game(loaded, game)


def test_a_finished_game_saves_and_loads(mini, tmp_path) -> None:
    game = new_game(mini, 2, [])
    game.run_to_end()
    loaded, notice = load_game(write_save(tmp_path / "done.json", game), mini)
    assert notice is None and loaded.over and loaded.ending == game.ending
    same_game(loaded, game)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**40),
    first=st.lists(st.integers(0, 50), max_size=25),
    second=st.lists(st.integers(0, 50), max_size=25),
)
def test_a_game_saved_and_loaded_midway_ends_as_one_played_in_one_go(mini, tmp_path, seed, first, second) -> None:
    whole = Game(mini, "test", "red", seed, policy=UtilityPolicy())
    play_by_picks(whole, first + second)
    half = Game(mini, "test", "red", seed, policy=UtilityPolicy())
    play_by_picks(half, first)
    path = write_save(tmp_path / "half.json", half)
    resumed, notice = load_game(path, mini)
    assert notice is None
    same_game(resumed, half)
    play_by_picks(resumed, second)
    same_game(resumed, whole)


def test_a_game_is_saved_only_between_moves(mini, tmp_path) -> None:
    game = new_game(mini, 1, [])
    caught: list[str] = []

    def save_inside_the_turn(turn: int) -> None:
        try:
            write_save(tmp_path / "inside.json", game)
        except SaveError as e:
            caught.append(str(e))

    game.on_turn_end = save_inside_the_turn
    game.play("end")
    assert caught and "between moves" in caught[0] and "inside.json" in caught[0]
    assert not (tmp_path / "inside.json").exists()


def test_the_module_is_plain_data_and_never_imports_the_interface() -> None:
    code = "import sys, game.saves\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=HERE.parent)
    assert out.stdout.strip() == "[]"


# -- atomic writes and backups -------------------------------------------------------------------


def test_writing_over_a_save_keeps_the_previous_one_as_a_backup(mini, tmp_path) -> None:
    first, second = new_game(mini, 1, ["end"]), new_game(mini, 1, ["act shout", "end"])
    path = write_save(tmp_path / "slot.json", first)
    assert not backup_path(path).exists()
    write_save(path, second)
    assert load_game(path, mini)[0].state_hash() == second.state_hash()
    assert load_game(backup_path(path), mini)[0].state_hash() == first.state_hash()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_damaged_save_never_pushes_a_good_backup_out(mini, tmp_path) -> None:
    good, newer = new_game(mini, 1, ["end"]), new_game(mini, 1, ["act shout", "end"])
    path = write_save(tmp_path / "slot.json", good)
    write_save(path, good)
    path.write_bytes(path.read_bytes()[:100])  # the disk ate it
    with pytest.raises(SaveError, match=r"slot\.json: .*cut short.*kept in slot\.json\.bak"):
        load_game(path, mini)
    write_save(path, newer)
    assert load_game(backup_path(path), mini)[0].state_hash() == good.state_hash()


def test_a_failed_write_leaves_the_old_save_and_no_litter(mini, tmp_path, monkeypatch) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "slot.json", game)
    before = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(SaveError, match=r"slot\.json: the save cannot be written: No space left on device"):
        write_save(path, new_game(mini, 3, []))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot.json"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_killing_the_writer_mid_write_never_loses_the_last_good_save(mini, tmp_path) -> None:
    """SIGKILL a process that keeps overwriting one save, many times: what is on disk always loads."""
    games = [new_game(mini, 5, []), new_game(mini, 5, [])]
    games[1].run_to_end()
    good = {g.state_hash() for g in games}
    blobs = [dump_record(save_record(g)) for g in games]
    path = tmp_path / "slot.json"
    path.write_bytes(blobs[0])
    rng = random.Random(20170704)
    for _ in range(40):
        pid = os.fork()
        if pid == 0:  # the child writes until it is killed; it must never return into pytest
            try:
                n = 0
                while True:
                    saves.write_atomically(path, blobs[n % 2])
                    n += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.001, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        game, notice = load_game(path, mini)
        assert notice is None and game.state_hash() in good
        if backup_path(path).exists():
            assert load_game(backup_path(path), mini)[0].state_hash() in good
    leftovers = list(tmp_path.glob(".slot.json.*.tmp"))
    assert leftovers, "no kill landed mid-write: the test proved nothing"
    assert [i.name for i in list_saves(tmp_path)] == ["slot"]  # stray temporary files are not saves


def test_stray_temporary_files_are_cleared_by_a_later_write(mini, tmp_path) -> None:
    path = write_save(tmp_path / "slot.json", new_game(mini))
    stray = tmp_path / ".slot.json.abc123.tmp"
    stray.write_bytes(b"{half a save")
    fresh = tmp_path / ".slot.json.def456.tmp"
    fresh.write_bytes(b"{another writer at work")
    old = time.time() - saves.files.STALE_TEMP_AGE - 10
    os.utime(stray, (old, old))
    write_save(path, new_game(mini))
    assert not stray.exists() and fresh.exists()


# -- loading checks: every broken file gets a clear message naming it ----------------------------


def _save_text(mini, tmp_path) -> str:
    return write_save(tmp_path / "model.json", new_game(mini)).read_text(encoding="utf-8")


BROKEN = {
    "empty": (lambda good: b"", "the file is empty"),
    "truncated": (lambda good: good.encode()[: len(good) // 2], "cut short"),
    "not json": (lambda good: b"slot 1: usa, turn 4\n", "not valid JSON: line 1, column 1"),
    "binary": (lambda good: bytes(range(256)) * 4, "not UTF-8"),
    "a list": (lambda good: b"[1, 2, 3]", "not a Dual Freeze save"),
    "someone else's json": (lambda good: b'{"name": "x", "version": 2}', "not a Dual Freeze save"),
    "too deep": (
        lambda good: b'{"format": "dualfreeze-save", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "nests its data too deeply",
    ),
    "repeated key": (
        lambda good: good.replace('"seed": 11,', '"seed": 11, "seed": 12,', 1).encode(),
        "'seed' appears twice",
    ),
    "NaN": (lambda good: good.replace('"seed": 11', '"seed": NaN', 1).encode(), "NaN is not a number"),
    "infinite": (lambda good: good.replace('"seed": 11', '"seed": 1e999', 1).encode(), "too large a number"),
    "huge integer": (lambda good: good.replace('"seed": 11', '"seed": ' + "9" * 5000, 1).encode(), "no save holds"),
    "newer": (
        lambda good: good.replace('"version": 3', '"version": 99', 1).encode(),
        "written by Dual Freeze 0.2.0 in format 99; this version (0.2.0) reads formats up to 3: update the game",
    ),
    "no version": (lambda good: good.replace('"version": 3', '"version": "3"', 1).encode(), "no valid format version"),
    "never written": (lambda good: good.replace('"version": 3', '"version": 0', 1).encode(), "format 0 is not one"),
    "wrong type": (
        lambda good: good.replace('"seed": 11', '"seed": "eleven"', 1).encode(),
        "damaged or was edited: 'seed': input should be a valid integer (found \"eleven\")",
    ),
    "unknown field": (
        lambda good: good.replace('"seed": 11', '"seed": 11, "cheat": true', 1).encode(),
        "unknown field 'cheat'",
    ),
    "bad rng": (
        lambda good: good.replace('"rng": {"version": 3', '"rng": {"version": 2', 1).encode(),
        "'rng.version'",
    ),
    "bad move": (
        lambda good: good.replace('"act shout"', '"shout loudly"', 1).encode(),
        'move 1 (turn 1) `"shout loudly"` is not a move',
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_save_is_refused_with_a_clear_message_naming_the_file(mini, tmp_path, case) -> None:
    make, expected = BROKEN[case]
    path = tmp_path / "broken.json"
    path.write_bytes(make(_save_text(mini, tmp_path)))
    with pytest.raises(SaveError) as caught:
        load_game(path, mini)
    assert str(caught.value).startswith(str(path) + ": ") or str(caught.value).startswith("broken.json: ")
    assert expected in str(caught.value)
    [info] = [i for i in list_saves(tmp_path) if i.path == path]
    assert not info.ok and expected in (info.error or "")


def test_a_file_too_large_is_refused_before_it_is_read(mini, tmp_path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:
        fh.truncate(MAX_SAVE_BYTES + 1)
    with pytest.raises(SaveError, match=r"huge\.json: the file is 8\.0 MiB; a save is at most 8\.0 MiB"):
        load_game(path, mini)


def test_a_missing_file_a_folder_and_a_pipe_are_not_saves(mini, tmp_path) -> None:
    with pytest.raises(SaveError, match="there is no such save file"):
        load_game(tmp_path / "nothing.json", mini)
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(SaveError, match="this is a folder, not a save file"):
        load_game(tmp_path / "folder.json", mini)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.json")
        with pytest.raises(SaveError, match="not a regular file"):  # and it does not hang
            load_game(tmp_path / "pipe.json", mini)


def test_every_truncation_of_a_save_is_refused_cleanly(mini, tmp_path) -> None:
    game = new_game(mini, 3, ["end"])
    full = write_save(tmp_path / "full.json", game).read_bytes()
    end = len(full.rstrip())
    path = tmp_path / "cut.json"
    for n in range(end):  # a truncated file never gets past the parser: check that layer at every offset
        with pytest.raises(
            SaveError, match=r"cut\.json: the file (is empty|is cut short at line \d+: it is incomplete)"
        ):
            parse_save(path, full[:n])
    for n in range(0, end, 61):  # and the whole way through load_game at a sample of them
        path.write_bytes(full[:n])
        with pytest.raises(SaveError, match=r"cut\.json: "):
            load_game(path, mini)
    path.write_bytes(full[:end])
    assert load_game(path, mini)[0].state_hash() == game.state_hash()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=4))
def test_flipped_bytes_never_crash_and_never_pass_unnoticed(mini, tmp_path, flips) -> None:
    game = new_game(mini)
    path = tmp_path / "flipped.json"
    good = bytearray(dump_record(save_record(game)))
    for where, mask in flips:
        good[int(where * len(good))] ^= mask
    path.write_bytes(bytes(good))
    try:
        loaded, notice = load_game(path, mini)
    except SaveError as e:
        assert str(e).startswith(str(path)) or "flipped.json" in str(e)
        return
    if notice is None:  # accepted silently: then it must be the very same game
        same_game(loaded, game)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
RECORD_KEYS = [
    *("seed", "power", "scenario", "difficulty", "ai", "moves", "rng", "snapshot", "state_hash", "checksum"),
    *("summary", "content", "name", "kind", "saved_at", "version", "game_version"),
]
SNAPSHOT_KEYS = list(
    json.loads(json.dumps(Game(load_content([MINI]), "test", "red", 1, policy=UtilityPolicy()).state.snapshot()))
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from([("record", k) for k in RECORD_KEYS] + [("snapshot", k) for k in SNAPSHOT_KEYS]),
    value=JSON_VALUES,
    fix_hashes=st.booleans(),
)
def test_any_field_replaced_by_any_json_never_crashes_the_loader(mini, tmp_path, where, value, fix_hashes) -> None:
    game = new_game(mini)
    record = save_record(game)
    table = record if where[0] == "record" else record["snapshot"]
    table[where[1]] = value
    if fix_hashes:  # a careful editor recomputes what he can
        with contextlib.suppress(TypeError, ValueError, AttributeError):
            record["state_hash"] = hashlib.sha256(canonical(record["snapshot"]).encode()).hexdigest()
        record["checksum"] = checksum(record)
    path = tmp_path / "any.json"
    path.write_text(json.dumps(record))
    try:
        loaded, notice = load_game(path, mini)
    except SaveError as e:
        assert "any.json: " in str(e)
        return
    if notice is None:
        assert loaded.state_hash() == hashlib.sha256(canonical(record["snapshot"]).encode()).hexdigest()
    if where != ("snapshot", "memory"):  # the negotiation's memory is opaque: only its hash vouches for it
        loaded.run_to_end()  # whatever was accepted can be played on


def test_a_hand_edited_snapshot_is_caught_and_rebuilt_from_the_moves(mini, tmp_path) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "edited.json", game)
    rewrite(path, lambda d: d["snapshot"]["pvars"]["red"].update(capital=9))
    loaded, notice = load_game(path, mini)
    assert notice is not None
    assert "edited.json: the saved state was damaged (it does not match its recorded hash)" in notice
    assert "rebuilt from its 6 move(s) and matches the save exactly" in notice
    same_game(loaded, game)


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (lambda s: s["vars"].update(tension="30"), "its 'vars' holds values the game never writes"),
        (lambda s: s["vars"].update(tension=True), "its 'vars' holds values the game never writes"),
        (lambda s: s.pop("flags"), "it does not restore: KeyError 'flags'"),
        (lambda s: s["vars"].update(tension=400), "tension = 400 is outside 0..100"),
        (lambda s: s["vars"].pop("tension"), "the variables do not match the content (missing tension)"),
        (lambda s: s["opinion"]["red"].update(mauve=3), "red's opinion row do not match the content (unknown mauve)"),
        (lambda s: s.update(phase="ai_turn"), "a game is never saved in the ai_turn phase"),
        (lambda s: s.update(turn=99, date="2028-03"), "turn 99 is outside the scenario's 1..6"),
        (lambda s: s.update(pending=[["nothing", "red"]]), "'nothing', is not one the player can answer"),
        (lambda s: s.update(ending="utopia"), "the ending 'utopia' is not in the content"),
    ],
)
def test_a_snapshot_the_game_could_not_play_on_is_rebuilt_from_the_moves(mini, tmp_path, edit, why) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "odd.json", game)

    def damage(d):
        edit(d["snapshot"])
        d["state_hash"] = None  # even with no hash to betray it
        d["checksum"] = None

    rewrite(path, damage)
    loaded, notice = load_game(path, mini)
    assert notice is not None and "the saved state was damaged (" in notice and why in notice
    assert "from the start: check it is where you left it" in notice
    same_game(loaded, game)


def test_a_damaged_snapshot_with_moves_that_no_longer_play_is_refused(mini, tmp_path) -> None:
    path = write_save(tmp_path / "lost.json", new_game(mini))

    def damage(d):
        d["snapshot"]["vars"]["tension"] = 1000
        d["moves"][0][1] = "act expensive"

    rewrite(path, damage)
    with pytest.raises(SaveError) as caught:
        load_game(path, mini)
    assert str(caught.value) == (
        f"{path}: its saved state is damaged (tension = 1000 is outside 0..100) and its moves cannot be "
        "replayed: move 1 of 6, `act expensive` on turn 1, is not allowed now: "
        "'Expensive' costs 9 political capital and you have 5"
    )


def test_an_edited_envelope_is_noticed_and_the_saved_state_kept(mini, tmp_path) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "env.json", game)
    rewrite(path, lambda d: d.update(saved_at="2030-01-01T00:00:00+00:00"))
    loaded, notice = load_game(path, mini)
    assert notice == f"{path} was changed outside the game, but its moves still lead to its saved state."
    same_game(loaded, game)
    rewrite(path, lambda d: d.update(seed=12))
    loaded, notice = load_game(path, mini)
    assert notice is not None and "its recorded moves no longer lead there" in notice
    assert loaded.state_hash() == game.state_hash() and loaded.rng.getstate() == game.rng.getstate()


# -- other content: replay the moves and say so, or refuse with the reason -----------------------


def _modded_mini(tmp_path: Path, old: str, new: str):
    folder = tmp_path / "mini_changed"
    shutil.copytree(MINI, folder)
    world = folder / "world.toml"
    text = world.read_text()
    assert old in text
    world.write_text(text.replace(old, new, 1))
    return load_content([folder])


def test_other_content_that_plays_the_same_replays_to_the_same_game(mini, tmp_path) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "s.json", game)
    renamed = _modded_mini(tmp_path, 'name = "Test"', 'name = "Test, revised"')
    loaded, notice = load_game(path, renamed)
    assert notice == (
        f"{path} was saved with other content (the same mods, but their files were changed): its 6 move(s) "
        "were replayed on the current content and the game came out exactly as saved."
    )
    assert loaded.state_hash() == game.state_hash()
    assert loaded.move_turns == game.move_turns


def test_other_content_that_plays_differently_is_replayed_and_says_so(mini, tmp_path) -> None:
    game = new_game(mini)
    path = write_save(tmp_path / "s.json", game)
    hotter = _modded_mini(tmp_path, 'each_turn = ["tension += 1"]', 'each_turn = ["tension += 3"]')
    loaded, notice = load_game(path, hotter)
    assert notice is not None and "may have gone differently from the one you saved" in notice
    assert loaded.move_log == game.move_log and loaded.state_hash() != game.state_hash()


def test_other_content_where_a_move_is_no_longer_legal_is_refused_with_the_reason(mini, tmp_path) -> None:
    path = write_save(tmp_path / "s.json", new_game(mini))
    pricier = _modded_mini(tmp_path, "cost = 2\ntarget", "cost = 8\ntarget")
    with pytest.raises(SaveError) as caught:
        load_game(path, pricier)
    assert str(caught.value).startswith(
        f"{path}: the content has changed since it was saved and its moves cannot be replayed: "
        "move 4 of 6, `act soothe blue` on turn 2, is not allowed now: 'Soothe' costs 8 political capital"
    )


# -- old formats ---------------------------------------------------------------------------------


def test_an_old_format_save_is_migrated_and_loads_as_it_was(mini) -> None:
    old, notice = load_game(FIXTURES / "v1_mini_turn3.json", mini)
    assert notice is not None and "saved in the older format 1 by Dual Freeze 0.0.9 and was converted" in notice
    replayed = new_game(mini)
    assert old.state_hash() == replayed.state_hash()
    assert old.move_turns == replayed.move_turns
    assert old.rng.getstate() == replayed.rng.getstate()


def test_a_format_2_save_is_rebuilt_from_its_moves_and_says_so(mini) -> None:
    game, notice = load_game(FIXTURES / "v2_mini_turn3.json", mini)
    assert notice is not None and "saved in the older format 2 by Dual Freeze 0.1.0 and was converted" in notice
    assert game.state_hash() == new_game(mini).state_hash()
    assert [m.turn for m in game.state.history] == [0, 1, 2], "the months' record is rebuilt too"


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_every_save_format_ever_shipped_still_loads(mini, fixture) -> None:
    game, _ = load_game(FIXTURES / fixture, mini)
    data = json.loads((FIXTURES / fixture).read_text())
    if data["version"] >= 3:
        # the game as it was saved, even if the rules have moved on since: the player goes on
        # from what they saw
        assert game.state_hash() == data["state_hash"]
    else:  # older formats are rebuilt from their moves under today's rules
        assert game.state_hash() == new_game(mini).state_hash()
    game.run_to_end()
    assert game.over


def test_a_damaged_old_format_save_says_it_cannot_be_converted(mini, tmp_path) -> None:
    path = tmp_path / "old.json"
    data = json.loads((FIXTURES / "v1_mini_turn3.json").read_text())
    del data["turns"]
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match=r"old\.json: the format 1 save is damaged and cannot be converted: it lacks"):
        load_game(path, mini)


def test_the_migrations_reach_the_current_format_one_step_at_a_time() -> None:
    assert sorted(saves.MIGRATIONS) == list(range(1, FORMAT_VERSION))


# -- where saves live, and slot names ------------------------------------------------------------


def test_the_saves_folder_is_the_option_then_the_environment_then_the_checkout(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DUALFREEZE_SAVES", str(tmp_path / "env"))
    assert saves_dir(str(tmp_path / "cli")) == tmp_path / "cli"
    assert saves_dir(None) == tmp_path / "env"
    monkeypatch.delenv("DUALFREEZE_SAVES")
    assert saves_dir(None) == HERE.parent.resolve() / "saves"


def test_an_installed_game_keeps_saves_in_the_user_data_folder(monkeypatch, tmp_path) -> None:
    import platformdirs

    monkeypatch.delenv("DUALFREEZE_SAVES", raising=False)
    monkeypatch.setattr(saves.files, "_checkout_root", lambda: None)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app, appauthor: str(tmp_path / app))
    assert saves_dir(None) == tmp_path / "dualfreeze" / "saves"


@pytest.mark.parametrize("name", ["Before the summit", "  spaced  ", "Перед саммитом", "v1.2 (backup)", "a" * 80])
def test_ordinary_slot_names_are_kept(tmp_path, name) -> None:
    assert slot_path(tmp_path, name) == tmp_path / f"{name.strip()}.json"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("../escape", "may not contain '/'"),
        ("..", "contain '..'"),
        ("a..b", "contain '..'"),
        ("/etc/passwd", "may not contain '/'"),
        ("sub/slot", "may not contain '/'"),
        ("back\\slash", "may not contain '\\\\'"),
        ("C:drive", "may not contain ':'"),
        (".hidden", "start or end with a dot"),
        ("trailing.", "start or end with a dot"),
        ("nul\x00byte", "control characters"),
        ("new\nline", "control characters"),
        ("con", "device name"),
        ("LPT1.txt", "device name"),
        ("autosave-000004", "kept for autosaves"),
        ("a" * 81, "longer than 80"),
    ],
)
def test_slot_names_that_could_leave_the_folder_are_refused(tmp_path, name, why) -> None:
    with pytest.raises(SaveError, match="the save name") as caught:
        check_slot_name(name)
    assert why in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_slot_that_links_out_of_the_folder_is_neither_written_nor_read(mini, tmp_path) -> None:
    folder, outside = tmp_path / "saves", tmp_path / "outside.json"
    folder.mkdir()
    outside.write_text("precious")
    (folder / "trap.json").symlink_to(outside)
    with pytest.raises(SaveError, match=r"trap\.json: the save is a link"):
        save_slot(folder, "trap", new_game(mini))
    assert outside.read_text() == "precious"
    [info] = list_saves(folder)
    assert not info.ok and "links outside the saves folder" in (info.error or "")


# -- slots, autosaves, the list ------------------------------------------------------------------


def test_slots_are_listed_newest_first_with_what_a_load_screen_shows(mini, tmp_path) -> None:
    save_slot(tmp_path, "early", new_game(mini, 1, ["end"]))
    save_slot(tmp_path, "late", new_game(mini))
    save_slot(tmp_path, "late", new_game(mini))  # leaves late.json.bak, which is not a slot
    (tmp_path / "notes.txt").write_text("not a save")
    infos = list_saves(tmp_path, mini)
    assert [i.name for i in infos] == ["late", "early"]
    late = infos[0]
    assert (late.kind, late.power, late.power_name, late.scenario_name) == ("slot", "red", "Redland", "Test")
    assert (late.date, late.turn, late.phase, late.ending) == ("2020-03", 3, "diplomacy", None)
    assert late.saved_at is not None and late.saved_at.tzinfo is not None
    assert late.content_matches is True and late.backup == tmp_path / "late.json.bak"
    assert newest_save(tmp_path) == tmp_path / "late.json"


def test_broken_saves_are_listed_with_their_error_and_continue_skips_them(mini, tmp_path) -> None:
    save_slot(tmp_path, "good", new_game(mini))
    (tmp_path / "bad.json").write_text('{"format": "dualfreeze-save", "version": 2, "seed"')
    infos = {i.name: i for i in list_saves(tmp_path)}
    assert infos["bad"].error == f"{tmp_path / 'bad.json'}: the file is cut short at line 1: it is incomplete"
    assert infos["good"].ok
    assert newest_save(tmp_path) == tmp_path / "good.json"
    assert list_saves(tmp_path / "no such folder") == [] and newest_save(tmp_path / "no such folder") is None


def test_autosave_keeps_the_last_three_and_continue_loads_the_newest(mini, tmp_path) -> None:
    game = Game(mini, "test", "red", 8, policy=UtilityPolicy())
    written = []
    while not game.over:
        game.play("end") if game.phase is Phase.DIPLOMACY else game.auto_answer()
        written.append(autosave(tmp_path, game))
    assert len(written) > KEEP_AUTOSAVES
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [p.name for p in written[-KEEP_AUTOSAVES:]]
    infos = list_saves(tmp_path)
    assert [i.path for i in infos] == written[::-1][:KEEP_AUTOSAVES]
    assert all(i.kind == "autosave" and i.name == "Autosave" for i in infos)
    loaded, _ = load_game(newest_save(tmp_path), mini)
    assert loaded.state_hash() == game.state_hash()


# -- recordings: export, run --save, run --from --------------------------------------------------


FIRST_HALF = """
power = "red"
seed = 5
finish = false
[[turn]]
moves = ["act soothe blue", "end"]
[[turn]]
choices = { dilemma = "calm" }
moves = ["act soothe green", "end"]
"""
SECOND_HALF = """
power = "red"
seed = 5
finish = false
[[turn]]
at = 3
moves = ["act shout", "end"]
[[turn]]
moves = ["act soothe blue", "end"]
"""


def _cli(*args: str) -> int:
    return main(["--mod", str(MINI), *args])


def test_a_game_played_half_and_half_gives_the_same_hash_as_in_one_go(mini, tmp_path, capsys) -> None:
    (tmp_path / "a.toml").write_text(FIRST_HALF)
    (tmp_path / "b.toml").write_text(SECOND_HALF)
    whole = FIRST_HALF + "\n".join(SECOND_HALF.splitlines()[4:]).replace("at = 3\n", "")
    (tmp_path / "ab.toml").write_text(whole)
    half = tmp_path / "half.json"
    assert _cli("run", str(tmp_path / "a.toml"), "--save", str(half)) == 0
    assert _cli("run", "--json", "--from", str(half), str(tmp_path / "b.toml"), "--save", str(tmp_path / "c.json")) == 0
    out = capsys.readouterr().out
    in_two = json.loads(out[out.index("[") :])[0]
    assert _cli("run", "--json", str(tmp_path / "ab.toml")) == 0
    in_one = json.loads(capsys.readouterr().out)[0]
    assert in_two["ok"] and in_one["ok"]
    assert in_two["state_hash"] == in_one["state_hash"]
    assert in_two["turn"] == in_one["turn"] == 5
    assert load_game(tmp_path / "c.json", mini)[0].state_hash() == in_one["state_hash"]


def test_export_prints_a_script_that_replays_the_save_exactly(mini, tmp_path, capsys, monkeypatch) -> None:
    game = new_game(mini, 9, ["act shout", "end", "choose dilemma rage", "act soothe blue", "end"])
    save_slot(tmp_path, "my game", game)
    monkeypatch.setenv("DUALFREEZE_SAVES", str(tmp_path))
    assert _cli("export", "my game") == 0
    script = capsys.readouterr().out
    assert 'power = "red"' in script and "seed = 9" in script
    (tmp_path / "replay.toml").write_text(script)
    assert _cli("run", "--json", str(tmp_path / "replay.toml")) == 0
    [result] = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["state_hash"] == game.state_hash()


RECORDED_AT = {
    "mid-turn": ["act shout", "end", "choose dilemma calm", "act soothe blue", "end", "act shout"],
    "in the first turn": ["act shout"],
    "before any move": [],
    "at the end": ["end", "choose dilemma rage"],  # and then played out
}


@pytest.mark.parametrize("when", list(RECORDED_AT))
def test_export_replays_a_save_made_at_any_moment_exactly(mini, tmp_path, capsys, when) -> None:
    game = new_game(mini, 4, RECORDED_AT[when])
    if when == "at the end":
        game.run_to_end()
    path = write_save(tmp_path / "rec.json", game)
    assert _cli("export", str(path)) == 0
    (tmp_path / "rec.toml").write_text(capsys.readouterr().out)
    assert _cli("run", "--json", str(tmp_path / "rec.toml")) == 0
    [result] = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["state_hash"] == game.state_hash()


@pytest.mark.parametrize("command", ["export", "run"])
def test_the_command_line_reports_a_broken_save_and_exits_1(mini, tmp_path, capsys, command) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "dualfreeze-save", "version": 7}')
    (tmp_path / "b.toml").write_text(SECOND_HALF)
    args = ["export", str(bad)] if command == "export" else ["run", "--from", str(bad), str(tmp_path / "b.toml")]
    assert _cli(*args) == 1
    err = capsys.readouterr().err
    assert f"dualfreeze {command}: {bad}: the save was written in format 7" in err
    assert "Traceback" not in err


def test_export_of_a_missing_save_exits_1(tmp_path, capsys) -> None:
    assert _cli("--saves", str(tmp_path), "export", "nothing here") == 1
    assert "there is no such save file" in capsys.readouterr().err


# -- the base game -------------------------------------------------------------------------------


def test_a_base_game_saves_and_loads_mid_game_and_plays_on_the_same(base, tmp_path) -> None:
    power = base.scenarios[next(iter(base.scenarios))].model.playable[0]
    whole = Game(base, None, power, 2017, policy=UtilityPolicy())
    half = Game(base, None, power, 2017, policy=UtilityPolicy())
    picks = random.Random(7).choices(range(40), k=30)
    play_by_picks(whole, picks + picks)
    play_by_picks(half, picks)
    resumed, notice = load_game(save_slot(tmp_path, "base", half), base)
    assert notice is None
    same_game(resumed, half)
    play_by_picks(resumed, picks)
    same_game(resumed, whole)
