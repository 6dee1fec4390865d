"""Writing saves atomically, the saves folder, named slots, autosaves and the load screen's list."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from game.engine.game import Game
from game.mods.content import Content
from game.mods.untrusted import escape_controls
from game.saves.record import (
    MAX_SAVE_BYTES,
    SaveError,
    backup_path,
    dump_record,
    mib,
    migrate,
    parse_save,
    read_bytes,
    read_record,
    refuse_controls,
    save_record,
    validate_record,
)

#: How many autosaves are kept; older ones are removed after each new one is written.
KEEP_AUTOSAVES = 3
MAX_SLOT_NAME = 80
ENV_SAVES = "DUALFREEZE_SAVES"
#: Temporary files a killed writer left behind are removed once they are this old (seconds).
STALE_TEMP_AGE = 3600

_AUTOSAVE = re.compile(r"autosave-(\d{1,9})\.json\Z")
#: Path separators, what Windows forbids in names, and every control character (C0, DEL, C1,
#: and the Unicode controls that reorder or break a line).
_BAD_SLOT_CHARS = re.compile('[/\\\\:*?"<>|\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]')
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def write_save(path: Path | str, game: Game, *, name: str | None = None, kind: str = "file") -> Path:
    """Write a save atomically; the file it replaces (if it was a readable save) becomes `<file>.bak`."""
    path = Path(path)
    try:
        # A file's name is only a label; shown escaped, it can never hold a control character.
        record = save_record(game, name if name is not None else escape_controls(path.stem), kind)
    except SaveError as e:
        raise SaveError(path, e.reason) from None
    try:  # never write a save this version could not read back
        refuse_controls(path, {k: v for k, v in record.items() if k != "snapshot"})
        validate_record(path, record)
    except SaveError as e:
        raise SaveError(path, f"this game cannot be saved: {e.reason}") from None
    data = dump_record(record)
    if len(data) > MAX_SAVE_BYTES:
        raise SaveError(path, f"the save would be {mib(len(data))}, more than a save may be ({mib(MAX_SAVE_BYTES)})")
    write_atomically(path, data, backup=True)
    return path


def write_atomically(path: Path, data: bytes, backup: bool = True) -> None:
    """Temporary file in the same folder, flush, fsync, (backup by hard link), os.replace, fsync folder.

    At every instant `path` is either the old file or the new one, whole; a killed writer leaves
    only a stray temporary file, which a later write of the same save removes.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise SaveError(path, "a folder of that name is in the way")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise SaveError(path, f"the save cannot be written: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if backup and path.is_file() and not path.is_symlink() and _readable_save(path):
            _make_backup(path)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise SaveError(path, f"the save cannot be written: {e.strerror or e}") from None
    _fsync_folder(folder)
    _remove_stale_temps(path)


def _readable_save(path: Path) -> bool:
    # A damaged file must not push a good backup out.
    try:
        validate_record(path, migrate(path, parse_save(path, read_bytes(path)))[0])
    except SaveError:
        return False
    return True


def _make_backup(path: Path) -> None:
    bak = backup_path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.bak.tmp")
    try:
        os.link(path, tmp)
    except OSError:  # no hard links here (some filesystems): copy and sync instead
        with open(path, "rb") as src, open(tmp, "wb") as dst:
            dst.write(src.read())
            dst.flush()
            os.fsync(dst.fileno())
    try:
        os.replace(tmp, bak)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # Windows cannot open a folder; its rename is durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_stale_temps(path: Path) -> None:
    cutoff = time.time() - STALE_TEMP_AGE
    with contextlib.suppress(OSError):
        for p in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if p.lstat().st_mtime < cutoff:
                    p.unlink()


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


# ---------------------------------------------------------------------------------------------
# The saves folder: slots, autosaves, listing


def saves_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Where saves live: `--saves DIR`, else $DUALFREEZE_SAVES, else `saves/` in a checkout,
    else the user's data folder. The folder is created when the first save is written."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_SAVES)
    if env:
        return Path(env).expanduser()
    root = _checkout_root()
    if root is not None:
        return root / "saves"
    import platformdirs

    return Path(platformdirs.user_data_dir("dualfreeze", appauthor=False)) / "saves"


def _checkout_root() -> Path | None:
    root = Path(__file__).resolve().parents[2]  # game/saves/files.py -> the project folder
    if (root / "pyproject.toml").is_file() and (root / "content" / "mod.toml").is_file():
        return root
    return None


def check_slot_name(name: str) -> str:
    """The slot name cleaned (trimmed, NFC); raises SaveError saying what is wrong with it."""
    clean = unicodedata.normalize("NFC", name).strip()

    def bad(why: str) -> SaveError:
        return SaveError(None, f"the save name {name!r} {why}")

    if not clean:
        raise bad("is empty")
    if len(clean) > MAX_SLOT_NAME:
        raise bad(f"is longer than {MAX_SLOT_NAME} characters")
    if m := _BAD_SLOT_CHARS.search(clean):
        raise bad(f"may not contain {m.group()!r} (no path separators or control characters)")
    if ".." in clean or clean.startswith(".") or clean.endswith("."):
        raise bad("may not start or end with a dot or contain '..'")
    if clean.split(".")[0].lower() in _WINDOWS_DEVICES:
        raise bad("is a device name on Windows")
    if re.fullmatch(r"autosave-\d+", clean, re.IGNORECASE):
        raise bad("is kept for autosaves")
    return clean


def slot_path(folder: Path | str, name: str) -> Path:
    """The file of a named slot inside `folder`; never outside it, never through a link."""
    folder = Path(folder)
    path = folder / f"{check_slot_name(name)}.json"
    if path.is_symlink():
        raise SaveError(path, "the save is a link; saves are not read or written through links")
    try:
        inside = path.resolve().parent == folder.resolve()
    except (OSError, RuntimeError):  # a loop of links
        inside = False
    if not inside:
        raise SaveError(path, "the save would be outside the saves folder")
    return path


def save_slot(folder: Path | str, name: str, game: Game) -> Path:
    """Save into the named slot in `folder` (created if needed); returns the file written."""
    clean = check_slot_name(name)
    return write_save(slot_path(folder, clean), game, name=clean, kind="slot")


def autosave(folder: Path | str, game: Game) -> Path:
    """Write the next autosave and keep only the newest KEEP_AUTOSAVES.

    Call it after `game.play()` returns (between moves), never from inside the turn machine.
    """
    folder = Path(folder)
    numbers = _autosave_numbers(folder)
    path = folder / f"autosave-{(max(numbers) + 1 if numbers else 1):06d}.json"
    write_save(path, game, name="Autosave", kind="autosave")
    old = set(sorted(_autosave_numbers(folder))[:-KEEP_AUTOSAVES])
    for p in list(folder.iterdir()):
        m = _AUTOSAVE.match(p.name.removesuffix(".bak"))
        if m and int(m.group(1)) in old:
            with contextlib.suppress(OSError):
                p.unlink()
    return path


def _autosave_numbers(folder: Path) -> list[int]:
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return []
    return [int(m.group(1)) for n in names if (m := _AUTOSAVE.match(n))]


@dataclass(frozen=True)
class SaveInfo:
    """One save as a load screen lists it; `error` says why a broken one cannot be loaded."""

    path: Path
    name: str
    kind: str
    saved_at: datetime | None
    power: str | None = None
    power_name: str | None = None
    scenario: str | None = None
    scenario_name: str | None = None
    date: str | None = None
    turn: int | None = None
    phase: str | None = None
    ending: str | None = None
    game_version: str | None = None
    #: Whether it was saved on the content passed to list_saves (None when none was passed).
    content_matches: bool | None = None
    error: str | None = None
    #: The previous save in this slot, when one was kept.
    backup: Path | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def read_save_info(path: Path | str, content: Content | None = None) -> SaveInfo:
    """A save's summary without restoring it; a broken file gives an entry with `error` set."""
    path = Path(path)
    bak = backup_path(path)
    backup = bak if bak.is_file() else None
    kind = "autosave" if _AUTOSAVE.match(path.name) else "slot"
    try:
        mtime: datetime | None = datetime.fromtimestamp(path.lstat().st_mtime, UTC)
    except OSError:
        mtime = None
    try:
        if path.is_symlink() and not _links_inside(path):
            raise SaveError(path, "the save links outside the saves folder and is not read")
        rec = read_record(path).record
    except SaveError as e:
        return SaveInfo(path, escape_controls(path.stem), kind, mtime, error=str(e), backup=backup)
    try:
        saved = datetime.fromisoformat(rec.saved_at) if rec.saved_at else mtime
    except ValueError:
        saved = mtime
    s = rec.summary
    return SaveInfo(
        path=path,
        name=rec.name or escape_controls(path.stem),
        kind=rec.kind if rec.kind != "file" else kind,
        saved_at=saved,
        power=rec.power,
        power_name=s.power_name or rec.power,
        scenario=rec.scenario,
        scenario_name=s.scenario_name or rec.scenario,
        date=s.date,
        turn=s.turn,
        phase=s.phase,
        ending=s.ending,
        game_version=rec.game_version,
        content_matches=None if content is None else rec.content.fingerprint == content.fingerprint,
        backup=backup,
    )


def _links_inside(path: Path) -> bool:
    try:
        return path.resolve().parent == path.parent.resolve()
    except (OSError, RuntimeError):
        return False


def list_saves(folder: Path | str, content: Content | None = None) -> list[SaveInfo]:
    """Every save in `folder`, newest first; broken files are listed with their error, not hidden."""
    folder = Path(folder)
    try:
        paths = [p for p in folder.iterdir() if p.name.endswith(".json") and not p.name.startswith(".")]
    except OSError:
        return []
    infos = [read_save_info(p, content) for p in paths]
    epoch = datetime.min.replace(tzinfo=UTC)

    def newest(info: SaveInfo) -> tuple[datetime, str]:
        when = info.saved_at or epoch
        return (when if when.tzinfo else when.replace(tzinfo=UTC), info.path.name)

    return sorted(infos, key=newest, reverse=True)


def newest_save(folder: Path | str, content: Content | None = None) -> Path | None:
    """The newest save that can be read (what "continue" loads), or None."""
    return next((i.path for i in list_saves(folder, content) if i.ok), None)
