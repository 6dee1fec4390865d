"""Saves: write a game to JSON atomically, read it back checked, migrate old formats, list slots.

A save is one JSON object: what the game is (scenario, power, seed, difficulty), the content it
was played on (a fingerprint of every loaded file), the moves played, the random generator's
state and a snapshot of the game state with its hash. Loading trusts nothing in the file; when
the snapshot does not add up, or the content changed, the honest recovery is to replay the
moves from the seed, and the notice returned with the game says so. Nothing here imports the
interface; the interface calls this package:

    write_save(path, game)            save_slot(folder, name, game)     autosave(folder, game)
    load_game(path, content) -> (game, notice or None)
    list_saves(folder) -> [SaveInfo]  newest_save(folder)               saves_dir(cli_value)
"""

from game.saves.files import (
    KEEP_AUTOSAVES,
    SaveInfo,
    autosave,
    backup_path,
    check_slot_name,
    list_saves,
    newest_save,
    read_save_info,
    save_slot,
    saves_dir,
    slot_path,
    write_atomically,
    write_save,
)
from game.saves.load import load_game
from game.saves.record import (
    FORMAT_VERSION,
    MAX_SAVE_BYTES,
    MIGRATIONS,
    SaveError,
    SaveRecord,
    save_record,
)

__all__ = [
    "FORMAT_VERSION",
    "KEEP_AUTOSAVES",
    "MAX_SAVE_BYTES",
    "MIGRATIONS",
    "SaveError",
    "SaveInfo",
    "SaveRecord",
    "autosave",
    "backup_path",
    "check_slot_name",
    "list_saves",
    "load_game",
    "newest_save",
    "read_save_info",
    "save_record",
    "save_slot",
    "saves_dir",
    "slot_path",
    "write_atomically",
    "write_save",
]
