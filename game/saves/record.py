"""The save format: its models, the record of a game, reading a file safely, migrating old formats.

A save is one JSON object (see `SaveRecord`). Reading trusts nothing: the size is capped before
the file is read, the JSON may not nest too deeply, repeat a key or hold NaN, the format version
is checked (a newer one is refused, an older one is brought up to date by the step functions in
MIGRATIONS), and every field is validated. Restoring the snapshot is `load`'s business.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from game import __version__
from game.ai import POLICIES
from game.engine.game import Game
from game.engine.state import Phase
from game.mods.untrusted import controls_in, describe_control, dotted, escape_controls
from game.moves import MoveSyntaxError, parse_move

MAGIC = "dualfreeze-save"
#: The format this version writes. Bump it with a step function in MIGRATIONS.
FORMAT_VERSION = 3
#: Saves are read whole; anything larger is refused before it is parsed.
MAX_SAVE_BYTES = 8 * 1024 * 1024
#: A game is saved between moves: never inside the turn machine's automatic phases.
SAVE_PHASES = (Phase.EVENT_CHOICES, Phase.DIPLOMACY, Phase.GAME_OVER)


class SaveError(Exception):
    """A save cannot be written or read; the message names the file and says why."""

    def __init__(self, path: Path | str | None, reason: str) -> None:
        self.path = Path(path) if path is not None else None
        # Reasons quote the file's name and what it holds: never let them reach a terminal raw.
        self.reason = escape_controls(reason)
        super().__init__(f"{shown_path(self.path)}: {self.reason}" if self.path is not None else self.reason)


def backup_path(path: Path) -> Path:
    """Where the previous save in a file is kept when it is overwritten."""
    return path.with_name(path.name + ".bak")


def shown_path(path: Path) -> str:
    """A path as the player should read it: relative when under the working folder, and with any
    control character in a file's name escaped."""
    try:
        text = Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        text = str(path)
    return escape_controls(text)


# ---------------------------------------------------------------------------------------------
# The format


Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Word = Annotated[StrictStr, Field(max_length=1000)]
Word32 = Annotated[int, Field(strict=True, ge=0, le=2**32 - 1)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModStamp(_Record):
    id: Word
    version: Word


class ContentStamp(_Record):
    fingerprint: Hex64
    mods: list[ModStamp] = Field(default_factory=list, max_length=1000)


class RngRecord(_Record):
    """`random.Random.getstate()` as JSON: version 3, 624 words and a position, the cached gauss."""

    version: Literal[3]
    internal: Annotated[list[Word32], Field(min_length=625, max_length=625)]
    gauss_next: Annotated[float, Field(strict=True)] | None


class Summary(_Record):
    """What a load screen shows without restoring the game."""

    turn: StrictInt
    date: Word
    phase: Word
    ending: Word | None = None
    power_name: Word | None = None
    scenario_name: Word | None = None


class SaveRecord(_Record):
    format: Literal["dualfreeze-save"]
    version: Literal[3]
    game_version: Word
    saved_at: Word | None
    name: Word | None
    kind: Literal["slot", "autosave", "file"]
    content: ContentStamp
    scenario: Word
    power: Word | None
    seed: StrictInt
    difficulty: Word
    #: How the computer's powers play: one of game.ai's POLICIES (format 1 saves get "utility").
    ai: Word
    summary: Summary
    #: (turn, notation) of every player move, in order.
    moves: Annotated[list[tuple[StrictInt, Annotated[StrictStr, Field(max_length=500)]]], Field(max_length=100_000)]
    rng: RngRecord
    #: sha256 of the canonical snapshot (GameState.state_hash); None in saves older than format 2.
    state_hash: Hex64 | None
    #: The state as saved; None when an older format's state could not be converted (its moves rebuild it).
    snapshot: dict[str, Any] | None
    #: sha256 of the canonical record without this field; None in saves older than format 2.
    checksum: Hex64 | None

    @field_validator("ai")
    @classmethod
    def _known_ai(cls, ai: str) -> str:
        if ai not in POLICIES:
            raise ValueError(f"it names no way the computer plays (known: {', '.join(sorted(POLICIES))})")
        return ai


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def checksum(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "checksum"}
    return hashlib.sha256(canonical(body).encode("ascii")).hexdigest()


def dump_record(record: dict[str, Any]) -> bytes:
    """The file's bytes: one top-level field a line, the snapshot indented, the rest compact."""

    def value(key: str, v: Any) -> str:
        if key == "snapshot":
            return json.dumps(v, indent=1, ensure_ascii=False, allow_nan=False).replace("\n", "\n ")
        return json.dumps(v, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))

    lines = [f" {json.dumps(k)}: {value(k, v)}" for k, v in record.items()]
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def save_record(game: Game, name: str | None = None, kind: str = "file") -> dict[str, Any]:
    """The JSON-able record of a game, as `write_save` writes it."""
    st = game.state
    if st.phase not in SAVE_PHASES:
        raise SaveError(None, f"a game can only be saved between moves, not in the {st.phase.value} phase")
    snap = st.snapshot()
    version, internal, gauss = game.rng.getstate()
    power = game.content.powers.get(game.player) if game.player else None
    record: dict[str, Any] = {
        "format": MAGIC,
        "version": FORMAT_VERSION,
        "game_version": __version__,
        "saved_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "name": name,
        "kind": kind,
        "content": {
            "fingerprint": game.content.fingerprint,
            "mods": [{"id": m.id, "version": m.version} for m in game.content.mods],
        },
        "scenario": game.scenario.id,
        "power": game.player,
        "seed": game.seed,
        "difficulty": game.difficulty.id,
        "ai": game.ai,
        "summary": {
            "turn": st.turn,
            "date": st.date,
            "phase": st.phase.value,
            "ending": st.ending,
            "power_name": power.model.name if power else None,
            "scenario_name": game.scenario.model.name,
        },
        "moves": [[turn, move] for turn, move in game.move_turns],
        "rng": {"version": version, "internal": list(internal), "gauss_next": gauss},
        "state_hash": hashlib.sha256(canonical(snap).encode("ascii")).hexdigest(),
        "snapshot": snap,
    }
    record["checksum"] = checksum(record)
    return record


# -- migrations: each step takes a format-N record (a plain dict) and returns format N+1 --------


def _v1_to_v2(d: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (game 0.0.x): flat fingerprint, moves and their turns in two lists, the RNG state
    as getstate()'s bare list, the snapshot under "state", no hashes, no summary."""
    moves, turns = d.pop("moves"), d.pop("turns")
    if not isinstance(moves, list) or not isinstance(turns, list) or len(moves) != len(turns):
        raise ValueError("its moves and their turns do not pair up")
    rng = d.pop("rng")
    if not isinstance(rng, list) or len(rng) != 3:
        raise ValueError("its random generator state is not [version, words, gauss]")
    snap = d.pop("state")
    if not isinstance(snap, dict):
        raise ValueError("its state is not an object")
    d.update(
        version=2,
        saved_at=None,
        name=None,
        kind="file",
        content={"fingerprint": d.pop("fingerprint"), "mods": []},
        ai="utility",
        summary={
            "turn": snap.get("turn"),
            "date": snap.get("date"),
            "phase": snap.get("phase"),
            "ending": snap.get("ending"),
        },
        moves=[[t, m] for t, m in zip(turns, moves, strict=True)],
        rng={"version": rng[0], "internal": rng[1], "gauss_next": rng[2]},
        state_hash=None,
        snapshot=snap,
        checksum=None,
    )
    return d


def _v2_to_v3(d: dict[str, Any]) -> dict[str, Any]:
    """Format 2 (game 0.1.x): the state kept negotiation under "memory", with keys only once they
    were used, and no record of the months. The months' record cannot be made up, so the state is
    left out and the game is rebuilt from its moves when it is loaded."""
    d.update(version=3, snapshot=None, state_hash=None, checksum=None)
    return d


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}


# ---------------------------------------------------------------------------------------------
# Reading


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"the key {k!r} appears twice in one object")
        out[k] = v
    return out


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number a save can hold")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is too large a number for a save")
    return value


def read_bytes(path: Path) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SaveError(path, "there is no such save file") from None
    except PermissionError:
        raise SaveError(path, "the file cannot be read: permission denied") from None
    except OSError as e:
        raise SaveError(path, f"the file cannot be read: {e.strerror or e}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise SaveError(path, f"this is {kind}, not a save file")
        if info.st_size > MAX_SAVE_BYTES:
            raise SaveError(path, f"the file is {mib(info.st_size)}; a save is at most {mib(MAX_SAVE_BYTES)}")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_SAVE_BYTES and (chunk := os.read(fd, MAX_SAVE_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
        raw = b"".join(chunks)
    except OSError as e:
        raise SaveError(path, f"the file cannot be read: {e.strerror or e}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(path, f"the file is larger than {mib(MAX_SAVE_BYTES)}, the most a save can be")
    return raw


def mib(n: int) -> str:
    return f"{n / 1048576:.1f} MiB"


_PARTIAL_NUMBER = re.compile(r"-?(\d+(\.\d*)?([eE][+-]?\d*)?)?")


def _cut_short(text: str, e: json.JSONDecodeError) -> bool:
    """Whether the JSON is fine as far as it goes and simply stops (a write that never finished)."""
    tail = text[e.pos :].rstrip()
    return (
        not tail
        or e.msg.startswith("Unterminated string")
        or any(word.startswith(tail) for word in ("true", "false", "null"))
        or _PARTIAL_NUMBER.fullmatch(tail) is not None
        or (tail.startswith("\\u") and len(tail) < 6)
    )


def parse_save(path: Path, raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise SaveError(path, "the file is empty (a save that was never finished?)")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        raise SaveError(path, f"this is not a save: the file is not UTF-8 text (byte {e.start})") from None
    try:
        data = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants, parse_float=_finite_float
        )
    except json.JSONDecodeError as e:
        if _cut_short(text, e):
            raise SaveError(path, f"the file is cut short at line {e.lineno}: it is incomplete") from None
        raise SaveError(path, f"this is not valid JSON: line {e.lineno}, column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise SaveError(path, "the file nests its data too deeply to be a save") from None
    except ValueError as e:  # duplicate keys, NaN, integers with thousands of digits
        raise SaveError(path, f"the file holds data no save holds: {e}") from None
    if not isinstance(data, dict) or data.get("format") != MAGIC:
        raise SaveError(path, 'this is not a Dual Freeze save (no "format": "dualfreeze-save")')
    return data


def migrate(path: Path, data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Bring a record up to FORMAT_VERSION; returns it and the version it was written in."""
    version = data.get("version")
    if type(version) is not int:
        raise SaveError(path, f'the save has no valid format version ("version": {short(version)})')
    if version > FORMAT_VERSION:
        game = data.get("game_version")
        by = f" by Dual Freeze {game}" if isinstance(game, str) else ""
        raise SaveError(
            path,
            f"the save was written{by} in format {version}; this version ({__version__}) reads formats up to "
            f"{FORMAT_VERSION}: update the game to load it",
        )
    if version < min(MIGRATIONS, default=FORMAT_VERSION):
        raise SaveError(path, f"save format {version} is not one any version of Dual Freeze wrote")
    first = version
    while version < FORMAT_VERSION:
        try:
            data = MIGRATIONS[version](dict(data))
        except (KeyError, TypeError, ValueError) as e:
            why = f"it lacks {e}" if isinstance(e, KeyError) else str(e)
            raise SaveError(path, f"the format {version} save is damaged and cannot be converted: {why}") from None
        version += 1
    return data, first


def short(value: Any) -> str:
    text = json.dumps(value) if value is not None else "missing"
    return text if len(text) <= 40 else text[:37] + "..."


def validate_record(path: Path, data: dict[str, Any]) -> SaveRecord:
    try:
        return SaveRecord.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors(include_url=False)[:4]:
            where = ".".join(str(x) for x in err["loc"]) or "the save"
            if err["type"] == "extra_forbidden":
                problems.append(f"unknown field '{where}'")
            elif err["type"] == "missing":
                problems.append(f"'{where}' is missing")
            else:
                msg = err["msg"].removeprefix("Value error, ").lower()
                problems.append(f"'{where}': {msg} (found {short(err.get('input'))})")
        more = f" and {e.error_count() - 4} more" if e.error_count() > 4 else ""
        raise SaveError(path, f"the save is damaged or was edited: {'; '.join(problems)}{more}") from None


def control_in(data: Any, inside: str | None = None) -> str | None:
    """Where in a save's data a control character stands, and which, or None.

    Saves hold text the game wrote: content text and slot names, which never hold control
    characters. One in a save means it was edited or damaged, and it would drive the terminal.
    """
    for loc, is_key, index in controls_in(data):
        text = str(loc[-1]) if is_key else _at(data, loc)
        what = describe_control(text[index])
        shown = dotted(((inside,) if inside else ()) + loc)
        return f"{'a key in ' if is_key else ''}'{shown}' holds the control character {what}"
    return None


def _at(data: Any, loc: tuple[str | int, ...]) -> str:
    for part in loc:
        data = data[part]
    return str(data)


def refuse_controls(path: Path, data: Any) -> None:
    where = control_in(data)
    if where is not None:
        raise SaveError(path, f"the save is damaged or was edited: {where}; a save never holds control characters")


@dataclass(frozen=True)
class ReadSave:
    record: SaveRecord
    from_version: int
    #: The checksum recorded in the file matches its contents (True when it has none).
    intact: bool

    @property
    def unvouched(self) -> str | None:
        """What a current-format save lacks that vouches for its snapshot (its checksum, its
        state hash), or None. Only saves converted from older formats may lack them."""
        if self.from_version < FORMAT_VERSION:
            return None
        missing = [name for name in ("checksum", "state_hash") if getattr(self.record, name) is None]
        return " and ".join(f'"{m}"' for m in missing) or None


def read_record(path: Path) -> ReadSave:
    data = parse_save(path, read_bytes(path))
    intact = True
    if data.get("version") == FORMAT_VERSION and isinstance(data.get("checksum"), str):
        try:
            intact = checksum(data) == data["checksum"]
        except (TypeError, ValueError, RecursionError):
            intact = False
    data, first = migrate(path, data)
    refuse_controls(path, {k: v for k, v in data.items() if k != "snapshot"})
    record = validate_record(path, data)
    for i, (turn, move) in enumerate(record.moves, 1):
        try:
            parse_move(move)
        except MoveSyntaxError as e:
            raise SaveError(path, f"move {i} (turn {turn}) `{short(move)}` is not a move: {e}") from None
    return ReadSave(record, first, intact)
