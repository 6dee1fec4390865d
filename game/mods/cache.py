"""A cache of content that loaded cleanly, so the next start-up skips re-checking it.

Like Python's .pyc files: keyed by the bytes of every file in the mod stack and the code that
checks them, it holds the checked content (`rebuild.content_record`). On a hit the loader skips
parsing, merging and checking, makes each event when first read and compiles expressions when
they are first used, since all of it was checked when the cache was written. Any change to any
file, or to the checking code, is a miss. The cache is JSON with a sha256 of its payload: a
damaged, foreign or older cache file is ignored, never trusted, and written afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

FORMAT = 2
KEEP = 8
_CODE_KEY: str | None = None


def cache_dir() -> Path | None:
    """Where cached content lives; None when caching is off (DUALFREEZE_CACHE=off)."""
    env = os.environ.get("DUALFREEZE_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "dualfreeze"
    with contextlib.suppress(ImportError):
        import platformdirs

        return Path(platformdirs.user_cache_dir("dualfreeze", appauthor=False))
    return Path.home() / ".cache" / "dualfreeze"


def code_key() -> str:
    """A hash of the code that checks content: a new version of the checker is a cache miss."""
    global _CODE_KEY
    if _CODE_KEY is None:
        _CODE_KEY = source_key(Path(__file__).parent)
    return _CODE_KEY


def source_key(package: Path) -> str:
    """A hash of every module under `package`, subpackages included, by relative path and bytes."""
    h = hashlib.sha256(f"format {FORMAT}".encode())
    for name in sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py")):
        h.update(name.encode())
        h.update((package / name).read_bytes())
    return h.hexdigest()


def stack_key(parts: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256(code_key().encode())
    for name, raw in parts:
        h.update(name.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
        h.update(hashlib.sha256(raw).digest())
    return h.hexdigest()


def _path(folder: Path, key: str) -> Path:
    return folder / f"content-{key[:32]}.json"


def _head(key: str) -> bytes:
    """How a cache file for `key` begins; the payload's checksum follows, then the payload."""
    return f'{{"format":{FORMAT},"key":"{key}","crc32":"'.encode()


_MID = b'","content":'


def _checksum(payload: bytes) -> bytes:
    """CRC-32 of the payload, as 8 hex digits: what a damaged file (a torn write, a bad disk, an
    edit) fails. A file for other content or other code has another key and is never read."""
    return f"{zlib.crc32(payload):08x}".encode()


def read(key: str) -> dict[str, Any] | None:
    """The record stored under `key`, or None: missing, another key or format, damaged, unreadable."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        raw = _path(folder, key).read_bytes()
    except OSError:
        return None
    head = _head(key)
    start = len(head) + 8 + len(_MID)
    if not raw.startswith(head) or raw[start - len(_MID) : start] != _MID or not raw.endswith(b"}"):
        return None
    payload = raw[start:-1]
    if _checksum(payload) != raw[len(head) : len(head) + 8]:
        return None  # damaged: it does not hold what was written
    try:
        record = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


def write(key: str, record: dict[str, Any]) -> None:
    """Store a clean load's record; any failure (read-only disk, no space) just means no cache.

    The file is one JSON object: the format, the key, the checksum of the payload, and the
    payload (the record), so a damaged file is caught before it is believed."""
    folder = cache_dir()
    if folder is None:
        return
    tmp = None
    try:
        payload = json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".content-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(_head(key) + _checksum(payload) + _MID + payload + b"}")
        os.replace(tmp, _path(folder, key))
        tmp = None
        old = sorted(folder.glob("content-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for p in old:
            p.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError, RecursionError):
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
