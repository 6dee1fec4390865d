"""Reading mods from disk safely: regular files only, size caps, encodings, TOML syntax, control characters.

Content comes from strangers, so every read is bounded (a file's size, a mod's total size, its
number of files), only regular files are opened (a FIFO, a device or a socket is refused before
it is opened, and opening never blocks), a link is followed only when it leads to a file inside
the mod's own folder, and every way a file can fail to be TOML becomes one located error: a NUL
byte, bytes that are not UTF-8, a syntax error, nesting too deep for the parser, a number past
Python's digit limit, a control character in a string or a key.

Paths are shown as the modder gave them: the mod folder as written on the command line, then
the file's path inside it. A mod's `scripts/` folder holds playthrough scripts, not content.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli
from pydantic import ValidationError

from game.mods.errors import ContentLoadError, ErrorCollector, SourceFile, maybe_defined
from game.mods.models import ModManifest
from game.mods.paths import base_content_dir as base_content_dir
from game.mods.positions import PositionMap
from game.mods.untrusted import controls_in, describe_control, escape_controls, first_control
from game.mods.validate import manifest_errors

MAX_FILE_BYTES = 16 * 1024 * 1024
#: The least each read of a content file asks for (a file that grows while it is read goes on in reads this size).
READ_CHUNK = 64 * 1024
MAX_MOD_BYTES = 128 * 1024 * 1024
MAX_FILES = 5000
#: The folder of a mod that holds playbooks (docs/playbooks.md); content loading skips it.
PLAYBOOKS_DIR = "playbooks"
#: The folder of a mod that holds playthrough scripts: content loading skips it.
SCRIPTS_FOLDER = "scripts"

#: Escapes in TOML text that can spell a control character; without one (and without a raw
#: DEL or C1 character, which TOML lets through) no string of the file can hold one.
_MAY_HOLD_CONTROLS = re.compile(r"\\[uUebfr]|[\x7f-\x9f]")


def _may_hold_controls(text: str) -> bool:
    """Whether a string of the file may hold a control character (see _MAY_HOLD_CONTROLS);
    the quick tests first, since the search is slow on large files."""
    if "\\" not in text and "\x7f" not in text and text.isascii():
        return False
    return _MAY_HOLD_CONTROLS.search(text) is not None


def display_path(path: Path) -> str:
    """A path the game found itself (the base content): relative when under the working folder."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def shown_in(shown_root: str, rel: Path) -> str:
    """A file of a mod as the modder gave it: the folder as written, then the path inside it."""
    inner = rel.as_posix()
    return inner if shown_root in ("", ".") else f"{shown_root.rstrip('/' + os.sep) or '/'}/{inner}"


def read_toml(path: Path, shown: str | None = None) -> tuple[str, dict[str, Any]]:
    """Read and parse one TOML file (a script). Raises ContentLoadError with every located error."""
    shown = shown or str(path)
    errs = ErrorCollector()
    raw = read_regular(path, shown, errs)
    result = None if raw is None else parse_toml_bytes(raw, shown, errs)
    if result is None or errs.items:
        raise ContentLoadError(errs.items)
    return result


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular(path: Path, shown: str, errs: ErrorCollector, inside: Path | None = None) -> bytes | None:
    """The bytes of a regular file, or None with the reason recorded.

    Only a regular file is opened: the kind is checked before opening, and the file is opened
    without blocking and checked again once open. With `inside` (a mod's resolved folder), a
    link is followed only when it leads to a file inside that folder.
    """
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                errs.plain(shown, "the file is a link that leads nowhere (its target is missing, or links loop)")
                return None
            if inside is not None and not target.is_relative_to(inside):
                errs.plain(
                    shown,
                    f"the file is a link to {escape_controls(str(target))}, outside the mod folder: "
                    "a mod reads only files inside its own folder",
                )
                return None
            info = os.stat(target)
        if not stat.S_ISREG(info.st_mode):
            errs.plain(shown, f"this is {_kind_of(info.st_mode)}, not a regular file: it is not read")
            return None
        if info.st_size > MAX_FILE_BYTES:
            errs.plain(shown, f"file is {info.st_size / 1048576:.1f} MiB; the limit is {MAX_FILE_BYTES // 1048576} MiB")
            return None
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except OSError as e:
        errs.plain(shown, f"cannot read the file: {e.strerror or e}")
        return None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # it was swapped for something else meanwhile
            errs.plain(shown, f"this is {_kind_of(opened.st_mode)}, not a regular file: it is not read")
            return None
        chunks: list[bytes] = []
        size = 0
        # Reads sized by the file (one more byte, to see it grew), never the limit: each read
        # allocates what it asks for, and asking for the limit cost 16 MiB a file.
        want = min(opened.st_size, MAX_FILE_BYTES) + 1
        while size <= MAX_FILE_BYTES and (
            chunk := os.read(fd, min(max(want - size, READ_CHUNK), MAX_FILE_BYTES + 1 - size))
        ):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        errs.plain(shown, f"cannot read the file: {e.strerror or e}")
        return None
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        errs.plain(shown, f"file is larger than the limit of {MAX_FILE_BYTES // 1048576} MiB")
        return None
    return b"".join(chunks)


def parse_toml_bytes(raw: bytes, shown: str, errs: ErrorCollector) -> tuple[str, dict[str, Any]] | None:
    """The file's text and data; None when it is not TOML. Control characters in its strings
    and keys are recorded as errors, each at its line and column, and the data is kept so the
    rest of the file is still checked."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark is harmless: drop it
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        errs.plain(shown, "the file holds a NUL byte: it is not a text file", line, col)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        errs.plain(shown, f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x})", line, col)
        return None
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as e:
        line = getattr(e, "lineno", None) or 1
        col = getattr(e, "colno", None) or 1
        msg = getattr(e, "msg", None) or str(e).split(" (at ")[0]
        errs.plain(shown, f"TOML syntax: {msg}", line, col)
        return None
    except RecursionError:
        errs.plain(shown, "the file nests arrays or tables too deeply to read")
        return None
    except MemoryError:
        errs.plain(shown, "the file needs too much memory to read")
        return None
    except ValueError as e:  # e.g. an integer past Python's digit limit
        errs.plain(shown, f"a value cannot be read: {str(e).splitlines()[0][:200]}")
        return None
    if _may_hold_controls(text):
        _control_errors(text, data, shown, errs)
    return text, data


def _control_errors(text: str, data: dict[str, Any], shown: str, errs: ErrorCollector) -> None:
    positions: PositionMap | None = None
    found = []
    for loc, is_key, index in controls_in(data):
        positions = positions or PositionMap(text)
        value = loc[-1] if is_key else _at(data, loc)
        assert isinstance(value, str)
        what = describe_control(value[index])
        if is_key:
            spot = positions.key(loc)
            message = f"control character {what} in a key: keys may not hold control characters"
        else:
            spot = positions.inside_string(loc, index)
            message = (
                f"control character {what} in text: content may hold newlines and tabs, "
                "no other control characters (a terminal would obey them)"
            )
        found.append((spot.line, spot.col, message))
    for line, col, message in sorted(found):
        errs.plain(shown, message, line, col)


def _at(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


@dataclass
class Mod:
    """One mod as read from its folder: its manifest and its files, not yet parsed."""

    root: Path
    manifest: ModManifest
    files: list[SourceFile]
    manifest_file: SourceFile
    #: How the folder was written on the command line: errors show paths under it.
    shown_root: str = ""
    #: Words that files refused so far may define (see `maybe_defined`).
    unsure: set[str] = field(default_factory=set)


def _find_files(root: Path, inside: Path, shown_root: str, errs: ErrorCollector) -> list[Path]:
    out: list[Path] = []

    def refused(where: Path, why: str) -> None:
        errs.plain(shown_in(shown_root, where.relative_to(root)), why)

    def unreadable(e: OSError) -> None:
        where = Path(e.filename) if e.filename else root
        errs.plain(shown_in(shown_root, where.relative_to(root)), f"cannot read the folder: {e.strerror or e}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(dirpath)
        if here == root:
            # playthrough scripts (run by `dualfreeze run --mod`) and playbooks (fixed strategies
            # for the tournament) are not content
            dirnames[:] = [d for d in dirnames if d not in (SCRIPTS_FOLDER, PLAYBOOKS_DIR)]
        kept = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            p = here / d
            if first_control(d) >= 0:
                refused(p, "a folder name holds a control character: the folder is not read")
            elif p.is_symlink():
                # Links to folders are never followed: inside the mod, the folder is read where it is.
                if not _resolves_inside(p, inside):
                    refused(p, "the folder is a link leading outside the mod folder: it is not read")
            else:
                kept.append(d)
        dirnames[:] = kept
        for f in sorted(filenames):
            if not f.endswith(".toml") or f.startswith("."):
                continue
            p = here / f
            if here == root and f == "mod.toml":
                continue
            if first_control(f) >= 0:
                refused(p, "a file name holds a control character: the file is not read")
                continue
            out.append(p)
            if len(out) > MAX_FILES:
                errs.plain(shown_root, f"the mod holds more than {MAX_FILES} TOML files")
                return []
    return sorted(out, key=lambda p: p.relative_to(root).as_posix())


def _resolves_inside(p: Path, inside: Path) -> bool:
    try:
        return p.resolve(strict=True).is_relative_to(inside)
    except (OSError, RuntimeError):
        return False


def read_mod(root: Path, errs: ErrorCollector, shown_root: str | None = None) -> Mod | None:
    """Read a mod's manifest and the bytes of its files; None when it cannot be loaded at all.

    A manifest with errors has them recorded; its files are still read and checked, under a
    stand-in manifest made of what in it is valid, so one load reports every error.
    """
    shown_root = shown_root if shown_root is not None else display_path(root)
    if first_control(shown_root) >= 0:
        errs.plain(shown_root, "the mod folder's name holds a control character: it is not read")
        return None
    if not root.is_dir():
        errs.plain(shown_root, "no such mod folder")
        return None
    inside = root.resolve()
    manifest_path = root / "mod.toml"
    if not os.path.lexists(manifest_path):
        errs.plain(shown_root, "a mod folder needs a mod.toml (id, name, version, requires)")
        return None
    mod = _read_manifest(root, manifest_path, inside, shown_root, errs)
    if mod is None:
        return None
    mod.files = _read_files(root, inside, shown_root, mod.manifest.id, errs)
    return mod


def _read_manifest(root: Path, path: Path, inside: Path, shown_root: str, errs: ErrorCollector) -> Mod | None:
    shown = shown_in(shown_root, Path("mod.toml"))
    raw = read_regular(path, shown, errs, inside)
    if raw is None:
        return None
    before = len(errs.items)
    parsed = parse_toml_bytes(raw, shown, errs)
    data = parsed[1] if parsed is not None else {}
    msrc = SourceFile(path, shown, raw, data, "?")
    manifest: ModManifest | None = None
    if len(errs.items) == before:
        try:
            manifest = ModManifest.model_validate(data)
        except ValidationError as e:
            manifest_errors(msrc, e, errs)
    mod = Mod(root, manifest or _stand_in_manifest(data, root), [], msrc, shown_root)
    if manifest is None:
        mod.unsure |= maybe_defined(msrc.text)
    msrc.mod = mod.manifest.id
    return mod


def _stand_in_manifest(data: dict[str, Any], root: Path) -> ModManifest:
    """What of a broken manifest is valid, so the mod's files can still be checked."""
    name = re.sub(r"[^a-z0-9_]", "_", root.resolve().name.lower()).strip("_")
    good: dict[str, Any] = {"id": name if re.fullmatch(r"[a-z][a-z0-9_]*", name or "") else "mod", "name": "?"}
    for key in ModManifest.model_fields:
        if key in data:
            try:
                ModManifest.model_validate({**good, key: data[key]})
            except ValidationError:
                continue
            good[key] = data[key]
    return ModManifest.model_validate(good)


def _read_files(root: Path, inside: Path, shown_root: str, mod_id: str, errs: ErrorCollector) -> list[SourceFile]:
    files: list[SourceFile] = []
    total = 0
    for p in _find_files(root, inside, shown_root, errs):
        shown_p = shown_in(shown_root, p.relative_to(root))
        raw = read_regular(p, shown_p, errs, inside)
        if raw is None:
            continue
        total += len(raw)
        if total > MAX_MOD_BYTES:
            errs.plain(shown_root, f"the mod's files add up to more than {MAX_MOD_BYTES // 1048576} MiB")
            return files
        files.append(SourceFile(p, shown_p, raw, None, mod_id))
    return files
