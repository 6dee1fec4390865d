"""Turn mod folders into checked, compiled Content, reporting every error as path:line:col.

Loading runs in stages: read and parse every file (regular files only, size caps, encoding,
TOML syntax, control characters: `read`), validate each file against the models (`validate`),
stack the mods in order, a later entry replacing an earlier one with the same id (`stack`),
then check cross-references and compile every expression against the merged symbol table
(`build`, `checks`). Content that loaded cleanly before comes from the cache.

One load reports every error: a file or an entry that fails a stage is left out of the later
ones and the others go on, so a syntax error in one file does not hide an unknown name in
another. The errors a left-out entry would cause elsewhere ("unknown power 'x'" where 'x' is
defined in the broken file) are echoes, and are dropped (`ErrorCollector.forget_echoes`).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from game.mods import cache
from game.mods.build import build_content
from game.mods.content import Content
from game.mods.cycles import multiplying_chains
from game.mods.errors import ContentError, ContentLoadError, ErrorCollector, SourceFile, maybe_defined
from game.mods.models import ContentFile
from game.mods.read import MAX_FILE_BYTES, Mod, base_content_dir, parse_toml_bytes, read_mod
from game.mods.rebuild import RECORD_ERRORS, content_record, rebuild_content
from game.mods.stack import Validated, check_requires, from_last_standalone, merge
from game.mods.validate import validate_file

__all__ = [
    "MAX_FILE_BYTES",
    "ContentError",
    "ContentLoadError",
    "Loader",
    "base_content_dir",
    "load_content",
]


class Loader:
    """Loads the base content and any mods into one compiled Content."""

    def __init__(
        self, mod_dirs: Sequence[Path | str] = (), include_base: bool = True, use_cache: bool = True, warn: bool = False
    ) -> None:
        #: Each mod folder, with the way it is shown: as written by the modder (the base: found).
        self.dirs: list[tuple[Path, str | None]] = [(base_content_dir(), None)] if include_base else []
        self.dirs += [(Path(d), str(d)) for d in mod_dirs]
        #: Words that refused files or entries may define: errors about them are echoes.
        self.unsure: set[str] = set()
        self.errs = ErrorCollector()
        self.use_cache = use_cache
        #: Whether the last load came from the cache of checked content.
        self.cached = False
        #: With `warn`, what a clean load warns of (chains of events that can multiply).
        self.warn = warn
        self.warnings: list[ContentError] = []

    def load(self) -> Content:
        # Loading makes hundreds of thousands of small objects and no cycles worth collecting;
        # pausing the cycle collector meanwhile saves a third of the time on large mods.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            content = self._load()
        finally:
            if was_enabled:
                gc.enable()
        _age_what_was_made()
        return content

    def _load(self) -> Content:
        errs = self.errs
        read = [read_mod(d, errs, shown) for d, shown in self.dirs]
        mods = from_last_standalone([m for m in read if m is not None])
        for m in mods:
            self.unsure |= m.unsure
        key = cache.stack_key([(self._cache_name(m, f), f.raw) for m in mods for f in [m.manifest_file, *m.files]])
        cached = self._from_cache(key, mods)
        if cached is not None:
            return cached
        self._parse(mods)
        validated = self._validate(mods)
        checked_from = len(errs.items)
        merged = merge(validated, errs)
        check_requires(mods, errs)
        content = build_content(mods, merged, errs)
        errs.forget_echoes(self.unsure, checked_from)
        self._stop_on_errors()
        assert content is not None
        if self.warn:
            self.warnings = multiplying_chains(merged, content.rules.max_events_per_month)
        if self.use_cache:
            cache.write(key, content_record(merged, content))
        return content

    def _from_cache(self, key: str, mods: list[Mod]) -> Content | None:
        """The content the cache holds for this very stack; None on a miss.

        A record that does not build is a miss too (the load goes on afresh and rewrites it).
        With `warn`, what a clean load warns of needs every entry checked: no cache then."""
        if not self.use_cache or self.warn or self.errs.items or not mods:
            return None
        record = cache.read(key)
        if record is None:
            return None
        try:
            content = rebuild_content(mods, record)
        except (*RECORD_ERRORS, ValidationError, RecursionError):
            return None
        self.cached = content is not None
        return content

    def _parse(self, mods: list[Mod]) -> None:
        """Parse every file's TOML; a file that does not parse is dropped, its error recorded."""
        for m in mods:
            kept = []
            for f in m.files:
                parsed = parse_toml_bytes(f.raw, f.shown, self.errs)
                if parsed is None:
                    self.unsure |= maybe_defined(f.text)
                    continue
                f.data = parsed[1]
                kept.append(f)
            m.files = kept

    def _validate(self, mods: list[Mod]) -> Validated:
        out: Validated = []
        for m in mods:
            files: list[tuple[SourceFile, ContentFile]] = []
            out.append((m, files))
            for src in m.files:
                cf = validate_file(src, self.errs, self.unsure)
                if cf is not None:
                    files.append((src, cf))
        return out

    def _stop_on_errors(self) -> None:
        if self.errs.items:
            raise ContentLoadError(self.errs.items)

    @staticmethod
    def _cache_name(m: Mod, f: SourceFile) -> str:
        return f"{m.manifest.id}/{f.path.relative_to(m.root).as_posix()}"


def _age_what_was_made() -> None:
    """Count what the load made as old, as the collector would once two collections had passed.

    The load made its objects with the collector paused, so all are young: the next young
    collection would walk every one (150 ms for 50,000 events, in the middle of whatever ran
    next). Freezing and unfreezing them puts them in the oldest generation without walking them;
    they are collected as any old object is (a full collection), nothing is kept alive. Left
    alone when something else froze objects (unfreezing would thaw those too)."""
    if gc.isenabled() and gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def load_content(mod_dirs: Sequence[Path | str] = (), include_base: bool = True, use_cache: bool = True) -> Content:
    """Load the base game plus mods; raises ContentLoadError listing every problem."""
    return Loader(mod_dirs, include_base, use_cache).load()
