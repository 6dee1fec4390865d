"""A cache of content that loaded cleanly, so the next start-up skips re-checking it.

Like Python's .pyc files: keyed by the bytes of every file in the mod stack and the code that
checks them, it holds each file's parsed data and the flags the content sets. On a hit the
loader skips TOML parsing and compiles expressions when they are first used, since they were
all checked when the cache was written. Any change to any file, or to the checking code, is a
miss. The cache is JSON; a damaged or foreign cache file is ignored, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 1
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


def read(key: str) -> dict[str, Any] | None:
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"content-{key[:32]}.json"
    try:
        record = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("key") != key:
        return None
    if not isinstance(record.get("files"), dict) or not isinstance(record.get("flags"), list):
        return None
    return record


def write(key: str, files: dict[str, Any], flags: list[str]) -> None:
    """Store a clean load; any failure (read-only disk, no space) just means no cache."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"format": FORMAT, "key": key, "flags": flags, "files": files}, separators=(",", ":"))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".content-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, folder / f"content-{key[:32]}.json")
        old = sorted(folder.glob("content-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for p in old:
            p.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
