"""Reading mods from disk safely: size caps, encodings, TOML syntax, and a mod's manifest and files.

Content comes from strangers, so every read is bounded (a file's size, a mod's total size, its
number of files) and every way a file can fail to be TOML becomes one located error: a NUL
byte, bytes that are not UTF-8, a syntax error, nesting too deep for the parser, a number past
Python's digit limit.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli
from pydantic import ValidationError

from game.mods.errors import ContentLoadError, ErrorCollector, SourceFile
from game.mods.models import ModManifest
from game.mods.paths import base_content_dir as base_content_dir
from game.mods.validate import manifest_errors

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_MOD_BYTES = 128 * 1024 * 1024
MAX_FILES = 5000


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def read_toml(path: Path, shown: str | None = None) -> tuple[str, dict[str, Any]]:
    """Read and parse one TOML file. Raises ContentLoadError with a single located error."""
    shown = shown or display_path(path)
    errs = ErrorCollector()
    result = _read_toml(path, shown, errs)
    if result is None:
        raise ContentLoadError(errs.items)
    return result


def _read_toml(path: Path, shown: str, errs: ErrorCollector) -> tuple[str, dict[str, Any]] | None:
    raw = _read_raw(path, shown, errs)
    return None if raw is None else parse_toml_bytes(raw, shown, errs)


def _read_raw(path: Path, shown: str, errs: ErrorCollector) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            errs.plain(shown, f"file is {size / 1048576:.1f} MiB; the limit is {MAX_FILE_BYTES // 1048576} MiB")
            return None
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        errs.plain(shown, f"cannot read the file: {e.strerror or e}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        errs.plain(shown, f"file is larger than the limit of {MAX_FILE_BYTES // 1048576} MiB")
        return None
    return raw


def parse_toml_bytes(raw: bytes, shown: str, errs: ErrorCollector) -> tuple[str, dict[str, Any]] | None:
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
    return text, data


@dataclass
class Mod:
    """One mod as read from its folder: its manifest and its files, not yet parsed."""

    root: Path
    manifest: ModManifest
    files: list[SourceFile]
    manifest_file: SourceFile


def _find_files(root: Path, shown_root: str, errs: ErrorCollector) -> list[Path]:
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if f.endswith(".toml") and not f.startswith("."):
                p = Path(dirpath) / f
                if p.parent == root and f == "mod.toml":
                    continue
                out.append(p)
                if len(out) > MAX_FILES:
                    errs.plain(shown_root, f"the mod holds more than {MAX_FILES} TOML files")
                    return []
    return sorted(out, key=lambda p: p.relative_to(root).as_posix())


def read_mod(root: Path, errs: ErrorCollector) -> Mod | None:
    """Read a mod's manifest and the bytes of its files; None when it cannot be loaded at all."""
    shown_root = display_path(root)
    if not root.is_dir():
        errs.plain(shown_root, "no such mod folder")
        return None
    manifest_path = root / "mod.toml"
    if not manifest_path.is_file():
        errs.plain(shown_root, "a mod folder needs a mod.toml (id, name, version, requires)")
        return None
    read = _read_manifest(manifest_path, errs)
    if read is None:
        return None
    msrc, manifest = read
    files = _read_files(root, shown_root, manifest.id, errs)
    return None if files is None else Mod(root, manifest, files, msrc)


def _read_manifest(path: Path, errs: ErrorCollector) -> tuple[SourceFile, ModManifest] | None:
    shown = display_path(path)
    raw = _read_raw(path, shown, errs)
    parsed = None if raw is None else parse_toml_bytes(raw, shown, errs)
    if raw is None or parsed is None:
        return None
    data = parsed[1]
    msrc = SourceFile(path, shown, raw, data, "?")
    try:
        manifest = ModManifest.model_validate(data)
    except ValidationError as e:
        manifest_errors(msrc, e, errs)
        return None
    msrc.mod = manifest.id
    return msrc, manifest


def _read_files(root: Path, shown_root: str, mod_id: str, errs: ErrorCollector) -> list[SourceFile] | None:
    files: list[SourceFile] = []
    total = 0
    for p in _find_files(root, shown_root, errs):
        with contextlib.suppress(OSError):
            total += p.stat().st_size
        if total > MAX_MOD_BYTES:
            errs.plain(shown_root, f"the mod's files add up to more than {MAX_MOD_BYTES // 1048576} MiB")
            return None
        shown_p = display_path(p)
        raw_p = _read_raw(p, shown_p, errs)
        if raw_p is not None:
            files.append(SourceFile(p, shown_p, raw_p, None, mod_id))
    return files
