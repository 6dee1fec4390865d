"""Turn mod folders into checked, compiled Content, reporting every error as path:line:col.

Loading runs in stages, each collecting all its errors before the next: read and parse every
file (size caps, encoding, TOML syntax, hostile input), validate each file against the models,
merge the mods in order (a later entry replaces an earlier one with the same id), check
cross-references, then compile every expression against the merged symbol table.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from game.mods import cache
from game.mods.content import (
    ActionDef,
    AdvisorDef,
    Content,
    DeclarationDef,
    EndingDef,
    EventDef,
    InterestDef,
    OptionDef,
    PackageDef,
    PowerDef,
    ReactionDef,
    RedLineDef,
    ResponseDef,
    ScenarioDef,
    TermDef,
)
from game.mods.errors import ContentError, ContentLoadError, ErrorCollector, LocPath, Origin, SourceFile
from game.mods.expr import (
    NUM,
    Compiled,
    Compiler,
    Condition,
    Effect,
    ExpressionError,
    LazyCondition,
    LazyEffect,
    LazyValue,
    Names,
    VariableInfo,
    flags_set_in,
)
from game.mods.models import (
    LIST_KINDS,
    ContentFile,
    Ladder,
    Rules,
    month_to_index,
)
from game.mods.read import MAX_FILE_BYTES, Mod, base_content_dir, parse_toml_bytes, read_mod
from game.mods.text import check_placeholders
from game.mods.validate import validate_file

__all__ = ["MAX_FILE_BYTES", "ContentError", "ContentLoadError", "Loader", "base_content_dir", "load_content"]

#: Tags the engine itself puts on what happens, for reactions to key on.
BUILTIN_TAGS = ("agreement", "defection", "statement", "proposal")


class Loader:
    """Loads the base content and any mods into one compiled Content."""

    def __init__(self, mod_dirs: Sequence[Path | str] = (), include_base: bool = True, use_cache: bool = True) -> None:
        dirs = [Path(d) for d in mod_dirs]
        self.dirs = ([base_content_dir()] if include_base else []) + dirs
        self.errs = ErrorCollector()
        self.use_cache = use_cache
        #: Whether the last load came from the cache of checked content.
        self.cached = False

    def load(self) -> Content:
        # Loading makes hundreds of thousands of small objects and no cycles worth collecting;
        # pausing the cycle collector meanwhile saves a third of the time on large mods.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._load()
        finally:
            if was_enabled:
                gc.enable()

    def _load(self) -> Content:
        errs = self.errs
        mods: list[Mod] = []
        for d in self.dirs:
            mod = read_mod(d, errs)
            if mod is not None:
                mods.append(mod)
        standalone = [i for i, m in enumerate(mods) if m.manifest.standalone]
        if standalone:
            mods = mods[standalone[-1] :]
        key = cache.stack_key([(self._cache_name(m, f), f.raw) for m in mods for f in [m.manifest_file, *m.files]])
        record = cache.read(key) if self.use_cache and not errs.items else None
        if record is not None and all(self._cache_name(m, f) in record["files"] for m in mods for f in m.files):
            for m in mods:
                for f in m.files:
                    f.data = record["files"][self._cache_name(m, f)]
            self.cached = True
        else:
            record = None
            for m in mods:
                kept = []
                for f in m.files:
                    parsed = parse_toml_bytes(f.raw, f.shown, errs)
                    if parsed is not None:
                        f.data = parsed[1]
                        kept.append(f)
                m.files = kept
        validated = self._validate(mods)
        if errs.items:
            raise ContentLoadError(errs.items)
        merged = self._merge(validated)
        self._check_requires(mods)
        if errs.items:
            raise ContentLoadError(errs.items)
        content = self._build(mods, merged, record["flags"] if record is not None else None)
        if errs.items:
            raise ContentLoadError(errs.items)
        assert content is not None
        if record is None and self.use_cache:
            files = {self._cache_name(m, f): f.data for m in mods for f in m.files}
            cache.write(key, files, sorted(content.names.flags))
        return content

    @staticmethod
    def _cache_name(m: Mod, f: SourceFile) -> str:
        return f"{m.manifest.id}/{f.path.relative_to(m.root).as_posix()}"

    # -- stages ------------------------------------------------------------------------

    def _check_requires(self, mods: list[Mod]) -> None:
        seen: list[str] = []
        for m in mods:
            for req in m.manifest.requires:
                if req not in seen:
                    hint = get_close_matches(req, seen, n=1)
                    dym = f"; did you mean '{hint[0]}'?" if hint else ""
                    self.errs.at_value(
                        m.manifest_file,
                        ("requires",),
                        f"requires mod '{req}', which is not loaded before it{dym} "
                        f"(loaded: {', '.join(seen) or 'none'})",
                    )
            if m.manifest.id in seen:
                self.errs.at_value(m.manifest_file, ("id",), f"mod '{m.manifest.id}' is loaded twice")
            seen.append(m.manifest.id)

    def _validate(self, mods: list[Mod]) -> list[tuple[Mod, list[tuple[SourceFile, ContentFile]]]]:
        out: list[tuple[Mod, list[tuple[SourceFile, ContentFile]]]] = []
        for m in mods:
            files: list[tuple[SourceFile, ContentFile]] = []
            out.append((m, files))
            for src in m.files:
                cf = validate_file(src, self.errs)
                if cf is not None:
                    files.append((src, cf))
        return out

    def _merge(self, validated: list[tuple[Mod, list[tuple[SourceFile, ContentFile]]]]) -> dict[str, Any]:
        merged: dict[str, dict[str, tuple[Any, Origin]]] = {k: {} for k in LIST_KINDS}
        singles: dict[str, tuple[Any, Origin] | None] = {"ladder": None, "rules": None}
        for mod, files in validated:
            for kind, ids in mod.manifest.remove.items():
                for i, rid in enumerate(ids):
                    if merged[kind].pop(rid, None) is None:
                        self.errs.at_value(
                            mod.manifest_file,
                            ("remove", kind, i),
                            f"no {kind} '{rid}' was loaded before this mod{_dym(rid, merged[kind])}",
                        )
            self._merge_files(files, merged, singles)
        return {**merged, **singles}

    def _merge_files(
        self,
        files: list[tuple[SourceFile, ContentFile]],
        merged: dict[str, dict[str, tuple[Any, Origin]]],
        singles: dict[str, tuple[Any, Origin] | None],
    ) -> None:
        for src, cf in files:
            for kind in LIST_KINDS:
                seen_here: dict[str, int] = {}
                for i, entry in enumerate(getattr(cf, kind)):
                    origin = Origin(src, (kind, i))
                    prev = merged[kind].get(entry.id)
                    if entry.id in seen_here:
                        self.errs.at_value(
                            src, (kind, i, "id"), f"{kind} id '{entry.id}' is defined twice in this file"
                        )
                        continue
                    seen_here[entry.id] = i
                    if prev is not None and prev[1].file.mod == src.mod:
                        p = prev[1].file.positions.key(prev[1].loc)
                        self.errs.at_value(
                            src,
                            (kind, i, "id"),
                            f"{kind} id '{entry.id}' is already defined at {prev[1].file.shown}:{p.line}",
                        )
                        continue
                    merged[kind][entry.id] = (entry, origin)
            for kind in ("ladder", "rules"):
                value = getattr(cf, kind)
                if value is not None:
                    prev_single = singles[kind]
                    if prev_single is not None and prev_single[1].file.mod == src.mod:
                        p = prev_single[1].file.positions.key(prev_single[1].loc)
                        self.errs.at_key(
                            src, (kind,), f"[{kind}] is already defined at {prev_single[1].file.shown}:{p.line}"
                        )
                        continue
                    singles[kind] = (value, Origin(src, (kind,)))

    # -- checks and compilation --------------------------------------------------------

    def _build(self, mods: list[Mod], merged: dict[str, Any], known_flags: list[str] | None = None) -> Content | None:
        errs = self.errs
        powers = merged["power"]
        variables = merged["variable"]
        ladder_entry = merged["ladder"]
        rules_entry = merged["rules"]
        first_file = mods[0].manifest_file if mods else None
        if not powers:
            errs.plain(first_file.shown if first_file else "content", "no [[power]] is defined")
        if not merged["scenario"]:
            errs.plain(first_file.shown if first_file else "content", "no [[scenario]] is defined")
        if ladder_entry is None:
            errs.plain(first_file.shown if first_file else "content", "no [ladder] is defined")
            return None
        ladder: Ladder = ladder_entry[0]
        ladder_origin: Origin = ladder_entry[1]
        rules: Rules = rules_entry[0] if rules_entry else Rules()
        rules_origin: Origin | None = rules_entry[1] if rules_entry else None

        power_ids = tuple(powers)
        globals_ = {k: VariableInfo(k, v[0].min, v[0].max) for k, v in variables.items() if v[0].scope == "global"}
        per_power = {k: VariableInfo(k, v[0].min, v[0].max) for k, v in variables.items() if v[0].scope == "power"}
        for vid, (_var, origin) in variables.items():
            if vid in powers:
                errs.at_value(origin.file, (*origin.loc, "id"), f"variable '{vid}' has the same id as a power")

        if ladder.variable not in globals_:
            errs.at_value(
                ladder_origin.file,
                ("ladder", "variable"),
                f"the ladder's variable '{ladder.variable}' is not a global variable{_dym(ladder.variable, globals_)}",
            )
        if rules.capital not in per_power and rules_origin is not None:
            errs.at_value(
                rules_origin.file,
                ("rules", "capital"),
                f"'{rules.capital}' is not a per-power variable{_dym(rules.capital, per_power)}",
            )
        elif rules.capital not in per_power and powers:
            errs.plain(
                first_file.shown if first_file else "content",
                f"no per-power variable '{rules.capital}' for political capital (set [rules] capital)",
            )
        if rules.difficulty and rules.default_difficulty and rules_origin is not None:
            ids = [d.id for d in rules.difficulty]
            if rules.default_difficulty not in ids:
                errs.at_value(
                    rules_origin.file,
                    ("rules", "default_difficulty"),
                    f"unknown difficulty '{rules.default_difficulty}'{_dym(rules.default_difficulty, ids)}",
                )

        # Every flag anything sets, so flag("x") can catch typos.
        flags: set[str] = set()
        if known_flags is not None:
            flags.update(known_flags)  # checked when the cache was written
        else:
            for scen, _ in merged["scenario"].values():
                flags.update(scen.start_state.flags)
            for src_text in _all_effect_strings(merged):
                flags.update(flags_set_in(src_text))

        tags_index: dict[str, list[str]] = {t: [] for t in BUILTIN_TAGS}
        for kind in ("action", "event", "term", "declaration"):
            for eid, (entry, _) in merged[kind].items():
                for t in entry.tags:
                    tags_index.setdefault(t, []).append(eid)
                if kind == "event":
                    for opt in entry.option:
                        for t in opt.tags:
                            tags_index.setdefault(t, []).append(eid)

        names = Names(
            globals=globals_,
            per_power=per_power,
            powers=power_ids,
            flags=frozenset(flags),
            events=frozenset(merged["event"]),
            terms=frozenset(merged["term"]),
            actions=frozenset(merged["action"]),
            endings=frozenset(merged["ending"]),
            rungs=tuple(r.id for r in ladder.rung),
            ladder_variable=ladder.variable,
        )
        cx = _CompileContext(Compiler(names), errs, lazy=known_flags is not None)

        def check_power(origin: Origin, loc: LocPath, pid: str, what: str = "power") -> None:
            if pid not in powers:
                errs.at_value(origin.file, (*origin.loc, *loc), f"unknown {what} '{pid}'{_dym(pid, powers)}")

        def check_powers(origin: Origin, field: str, pids: Iterable[str]) -> None:
            """Every id in a list field (powers, targets, by, ...) must be a power."""
            for i, pid in enumerate(pids):
                check_power(origin, (field, i), pid)

        # powers
        power_defs: dict[str, PowerDef] = {}
        for pid, (p, o) in powers.items():
            interests = []
            for i, it in enumerate(p.interest):
                c = cx.value(o, ("interest", i, "of"), it.of, {"self"})
                if c is not None:
                    interests.append(InterestDef(c, it.weight, it.why))
            red_lines = []
            for i, rl in enumerate(p.red_line):
                w = cx.condition(o, ("red_line", i, "when"), rl.when, {"self"})
                effs = cx.effects(o, ("red_line", i, "effects"), rl.effects, {"self"})
                if w is not None:
                    red_lines.append(RedLineDef(rl.id, w, rl.text, effs))
            each = cx.effects(o, ("each_turn",), p.each_turn, {"self"})
            power_defs[pid] = PowerDef(p, tuple(interests), tuple(red_lines), each)

        # actions
        action_defs: dict[str, ActionDef] = {}
        for aid, (a, o) in merged["action"].items():
            check_powers(o, "powers", a.powers)
            check_powers(o, "targets", a.targets)
            roles = {"self"} if a.target == "none" else {"self", "target"}
            when = cx.condition(o, ("when",), a.when, roles) if a.when else None
            ai_when = cx.condition(o, ("ai_when",), a.ai_when, roles) if a.ai_when else None
            effs = cx.effects(o, ("effects",), a.effects, roles)
            action_defs[aid] = ActionDef(a, when, effs, ai_when)

        # scenarios (needed for event date windows)
        scenario_defs: dict[str, ScenarioDef] = {}
        for sid, (s, o) in merged["scenario"].items():
            check_powers(o, "playable", s.playable)
            self._check_state(o, ("start_state",), s.start_state, powers, globals_, per_power, flags)
            self._check_state(o, ("history",), s.history, powers, globals_, per_power, flags)
            if s.history.ending is not None and s.history.ending not in merged["ending"]:
                errs.at_value(
                    o.file,
                    (*o.loc, "history", "ending"),
                    f"unknown ending '{s.history.ending}'{_dym(s.history.ending, merged['ending'])}",
                )
            if s.board is not None and s.board not in merged["board"]:
                errs.at_value(o.file, (*o.loc, "board"), f"unknown board '{s.board}'{_dym(s.board, merged['board'])}")
            each = cx.effects(o, ("each_turn",), s.each_turn, set())
            scenario_defs[sid] = ScenarioDef(s, each, month_to_index(s.start))
        first_start = min((sd.start_index for sd in scenario_defs.values()), default=0)

        # events
        event_defs: dict[str, EventDef] = {}
        for idx, (eid, (e, o)) in enumerate(merged["event"].items()):
            roles = {"self"} if e.power else set()
            if e.power:
                check_power(o, ("power",), e.power)
            when = cx.condition(o, ("when",), e.when, roles) if e.when else None
            effs = cx.effects(o, ("effects",), e.effects, roles)
            opts = []
            opt_ids: set[str] = set()
            for i, opt in enumerate(e.option):
                if opt.id in opt_ids:
                    errs.at_value(
                        o.file, (*o.loc, "option", i, "id"), f"option id '{opt.id}' is used twice in this event"
                    )
                opt_ids.add(opt.id)
                ow = cx.condition(o, ("option", i, "when"), opt.when, roles) if opt.when else None
                oe = cx.effects(o, ("option", i, "effects"), opt.effects, roles)
                opts.append(OptionDef(opt, ow, oe))
            for i, fu in enumerate(e.follow_up):
                if fu.event not in merged["event"]:
                    errs.at_value(
                        o.file,
                        (*o.loc, "follow_up", i, "event"),
                        f"unknown event '{fu.event}'{_dym(fu.event, merged['event'])}",
                    )
                if fu.option is not None and fu.option not in opt_ids:
                    errs.at_value(
                        o.file,
                        (*o.loc, "follow_up", i, "option"),
                        f"this event has no option '{fu.option}'{_dym(fu.option, opt_ids)}",
                    )
            if e.option and not e.power:
                errs.at_key(o.file, (*o.loc, "option"), "an event with options needs 'power': whose choice it is")
            first = month_to_index(e.start) - first_start + 1 if e.start else None
            last = month_to_index(e.until) - first_start + 1 if e.until else None
            if first is not None and last is not None and last < first:
                errs.at_value(o.file, (*o.loc, "until"), f"'until' ({e.until}) is before 'from' ({e.start})")
            event_defs[eid] = EventDef(e, idx, when, effs, tuple(opts), first, last)

        # reactions
        triggers = set(merged["action"]) | set(merged["event"])
        reaction_defs: dict[str, ReactionDef] = {}
        for rid, (r, o) in merged["reaction"].items():
            check_powers(o, "powers", r.powers)
            check_powers(o, "by", r.by)
            for i, t in enumerate(r.to):
                if t not in triggers:
                    errs.at_value(o.file, (*o.loc, "to", i), f"unknown action or event '{t}'{_dym(t, triggers)}")
            for i, t in enumerate(r.tags):
                if t not in tags_index:
                    errs.at_value(
                        o.file,
                        (*o.loc, "tags", i),
                        f"no action, event or term carries the tag '{t}'{_dym(t, tags_index)}",
                    )
            roles = {"self", "actor", "target"}
            when = cx.condition(o, ("when",), r.when, roles) if r.when else None
            resps = tuple(
                ResponseDef(resp, cx.effects(o, ("response", i, "effects"), resp.effects, roles))
                for i, resp in enumerate(r.response)
            )
            reaction_defs[rid] = ReactionDef(r, when, resps)

        # endings
        ending_defs: dict[str, EndingDef] = {}
        for nid, (n, o) in merged["ending"].items():
            for pid in n.outcome:
                check_power(o, ("outcome", pid), pid)
            w = cx.condition(o, ("when",), n.when, set())
            if w is not None:
                ending_defs[nid] = EndingDef(n, w)

        # terms
        action_tags = {t for a, _ in merged["action"].values() for t in a.tags}
        term_defs: dict[str, TermDef] = {}
        for tid, (t, o) in merged["term"].items():
            if t.giver != "all":
                check_power(o, ("giver",), t.giver)
            check_powers(o, "needs", t.needs)
            for i, other in enumerate(t.conflicts):
                if other not in merged["term"]:
                    errs.at_value(
                        o.file, (*o.loc, "conflicts", i), f"unknown term '{other}'{_dym(other, merged['term'])}"
                    )
            for i, tag in enumerate(t.forbids):
                if tag not in action_tags:
                    errs.at_value(
                        o.file, (*o.loc, "forbids", i), f"no action carries the tag '{tag}'{_dym(tag, action_tags)}"
                    )
            roles = {"self"}
            term_defs[tid] = TermDef(
                t,
                cx.effects(o, ("on_sign",), t.on_sign, roles),
                cx.effects(o, ("each_turn",), t.each_turn, roles),
                cx.effects(o, ("on_break",), t.on_break, roles),
                cx.condition(o, ("keeps",), t.keeps, roles) if t.keeps else None,
                cx.condition(o, ("when",), t.when, roles) if t.when else None,
            )

        declaration_defs: dict[str, DeclarationDef] = {}
        for did, (d, o) in merged["declaration"].items():
            check_powers(o, "by", d.by)
            check_powers(o, "presses", d.presses)
            declaration_defs[did] = DeclarationDef(
                d,
                cx.condition(o, ("when",), d.when, {"self"}) if d.when else None,
                cx.effects(o, ("effects",), d.effects, {"self"}),
                cx.effects(o, ("per_signer",), d.per_signer, {"self"}),
                cx.effects(o, ("pressure",), d.pressure, {"self", "target"}),
            )

        rung_ids = [r.id for r in ladder.rung]
        dialogue: dict[str, dict[str, list[Any]]] = {}
        for _, (dl, o) in merged["dialogue"].items():
            check_power(o, ("power",), dl.power)
            for i, r in enumerate(dl.rungs):
                if r not in rung_ids:
                    errs.at_value(o.file, (*o.loc, "rungs", i), f"unknown rung '{r}'{_dym(r, rung_ids)}")
            for i, line in enumerate(dl.lines):
                problem = check_placeholders(line)
                if problem:
                    errs.at_value(o.file, (*o.loc, "lines", i), problem)
            dialogue.setdefault(dl.power, {}).setdefault(dl.kind, []).append(dl)

        package_defs: dict[str, PackageDef] = {}
        for pkid, (pk, o) in merged["package"].items():
            for i, tid in enumerate(pk.terms):
                if tid not in merged["term"]:
                    errs.at_value(o.file, (*o.loc, "terms", i), f"unknown term '{tid}'{_dym(tid, merged['term'])}")
            check_powers(o, "proposers", pk.proposers)
            package_defs[pkid] = PackageDef(
                pk, cx.condition(o, ("ai_when",), pk.ai_when, {"self"}) if pk.ai_when else None
            )

        policies: dict[str, dict[int, tuple[str, ...]]] = {}
        for _, (pol, o) in merged["policy"].items():
            check_power(o, ("power",), pol.power)
            steps = policies.setdefault(pol.power, {})
            for i, step in enumerate(pol.step):
                for j, text in enumerate(step.moves):
                    problem = _policy_move_problem(text, merged)
                    if problem:
                        errs.at_value(o.file, (*o.loc, "step", i, "moves", j), problem)
                month = month_to_index(step.month)
                steps[month] = steps.get(month, ()) + tuple(step.moves)

        neg = rules.negotiation
        if neg.talks_variable is not None and neg.talks_variable not in globals_ and rules_origin is not None:
            errs.at_value(
                rules_origin.file,
                ("rules", "negotiation", "talks_variable"),
                f"'{neg.talks_variable}' is not a global variable{_dym(neg.talks_variable, globals_)}",
            )

        for b, o in merged["board"].values():
            for pid in b.markers:
                check_power(o, ("markers", pid), pid)
            width = max((len(line) for line in b.art.splitlines()), default=0)
            height = len(b.art.splitlines())
            for table in ("markers", "places"):
                for key, mk in getattr(b, table).items():
                    if mk.row >= height or mk.col >= width:
                        errs.at_key(
                            o.file,
                            (*o.loc, table, key),
                            f"marker at row {mk.row}, col {mk.col} is outside the {width}x{height} map",
                        )

        advisor_defs: dict[str, AdvisorDef] = {}
        for aid, (adv, o) in merged["advisor"].items():
            interests = []
            for i, it in enumerate(adv.interest):
                c = cx.value(o, ("interest", i, "of"), it.of, {"self"})
                if c is not None:
                    interests.append(InterestDef(c, it.weight, it.why))
            advisor_defs[aid] = AdvisorDef(adv, tuple(interests))

        if known_flags is None:
            self._check_texts(merged)  # (cached content was checked when the cache was written)
        if errs.items:
            return None
        digest = hashlib.sha256()
        files: list[str] = []
        for m in mods:
            for src in [m.manifest_file, *m.files]:
                rel = src.path.relative_to(m.root).as_posix()
                digest.update(f"{m.manifest.id}/{rel}\0".encode())
                digest.update(src.raw)
                digest.update(b"\0")
                files.append(src.shown)
        return Content(
            mods=tuple(m.manifest for m in mods),
            powers=power_defs,
            variables={k: v[0] for k, v in variables.items()},
            ladder=ladder,
            rules=rules,
            actions=action_defs,
            events=event_defs,
            reactions=reaction_defs,
            endings=ending_defs,
            scenarios=scenario_defs,
            terms=term_defs,
            advisors=advisor_defs,
            boards={k: v[0] for k, v in merged["board"].items()},
            declarations=declaration_defs,
            dialogue={p: {k: tuple(v) for k, v in kinds.items()} for p, kinds in dialogue.items()},
            packages=package_defs,
            policies=policies,
            names=names,
            fingerprint=digest.hexdigest(),
            files=tuple(files),
            tags={k: tuple(v) for k, v in tags_index.items()},
            reactions_by_trigger=_index_reactions(reaction_defs),
        )

    def _check_texts(self, merged: dict[str, Any]) -> None:
        """Every {placeholder} in text that gets filled must be one the engine knows."""

        def check(origin: Origin, loc: LocPath, text: str) -> None:
            problem = check_placeholders(text)
            if problem:
                self.errs.at_value(origin.file, (*origin.loc, *loc), problem)

        for a, o in merged["action"].values():
            check(o, ("news",), a.news)
        for e, o in merged["event"].values():
            check(o, ("title",), e.title)
            check(o, ("news",), e.news)
            for i, opt in enumerate(e.option):
                check(o, ("option", i, "text"), opt.text)
                check(o, ("option", i, "news"), opt.news)
        for r, o in merged["reaction"].values():
            for i, resp in enumerate(r.response):
                check(o, ("response", i, "news"), resp.news)
        for p, o in merged["power"].values():
            for i, rl in enumerate(p.red_line):
                check(o, ("red_line", i, "text"), rl.text)
        for d, o in merged["declaration"].values():
            check(o, ("text",), d.text)
            check(o, ("news",), d.news)

    def _check_state(
        self, o: Origin, loc: LocPath, st: Any, powers: dict, globals_: dict, per_power: dict, flags: set[str]
    ) -> None:
        errs = self.errs
        for k, v in st.values.items():
            if k not in globals_:
                errs.at_key(o.file, (*o.loc, *loc, "values", k), f"unknown global variable '{k}'{_dym(k, globals_)}")
            elif not globals_[k].min <= v <= globals_[k].max:
                info = globals_[k]
                errs.at_value(
                    o.file, (*o.loc, *loc, "values", k), f"{k} = {v} is outside its range {info.min}..{info.max}"
                )
        for pid, vals in st.power_values.items():
            if pid not in powers:
                errs.at_key(o.file, (*o.loc, *loc, "power_values", pid), f"unknown power '{pid}'{_dym(pid, powers)}")
            for k, v in vals.items():
                if k not in per_power:
                    errs.at_key(
                        o.file,
                        (*o.loc, *loc, "power_values", pid, k),
                        f"unknown per-power variable '{k}'{_dym(k, per_power)}",
                    )
                elif not per_power[k].min <= v <= per_power[k].max:
                    info = per_power[k]
                    errs.at_value(
                        o.file,
                        (*o.loc, *loc, "power_values", pid, k),
                        f"{k} = {v} is outside its range {info.min}..{info.max}",
                    )
        for table in ("opinions", "trust"):
            for a, row in getattr(st, table).items():
                if a not in powers:
                    errs.at_key(o.file, (*o.loc, *loc, table, a), f"unknown power '{a}'{_dym(a, powers)}")
                for b, v in row.items():
                    if b not in powers:
                        errs.at_key(o.file, (*o.loc, *loc, table, a, b), f"unknown power '{b}'{_dym(b, powers)}")
                    elif not -100 <= v <= 100:
                        errs.at_value(o.file, (*o.loc, *loc, table, a, b), f"{table} run from -100 to 100, found {v}")


def _index_reactions(reactions: dict[str, ReactionDef]) -> dict[str, tuple[ReactionDef, ...]]:
    out: dict[str, list[ReactionDef]] = {}
    for r in reactions.values():
        for key in dict.fromkeys((*r.model.to, *r.model.tags)):
            out.setdefault(key, []).append(r)
    return {k: tuple(v) for k, v in out.items()}


def _policy_move_problem(text: str, merged: dict[str, Any]) -> str | None:
    """What is wrong with a move written in a policy, checked as far as content can tell."""
    from game.moves import Act, MoveSyntaxError, Propose, Statement, Talk, parse_move

    try:
        move = parse_move(text)
    except MoveSyntaxError as e:
        return str(e)
    powers = merged["power"]
    if isinstance(move, Act):
        if move.action not in merged["action"]:
            return f"unknown action '{move.action}'{_dym(move.action, merged['action'])}"
        if move.target is not None and move.target not in powers:
            return f"unknown power '{move.target}'{_dym(move.target, powers)}"
    elif isinstance(move, Propose):
        for p in move.parties:
            if p not in powers:
                return f"unknown power '{p}'{_dym(p, powers)}"
        for t in move.terms:
            if t not in merged["term"]:
                return f"unknown term '{t}'{_dym(t, merged['term'])}"
    elif isinstance(move, Statement):
        if move.declaration not in merged["declaration"]:
            return f"unknown declaration '{move.declaration}'{_dym(move.declaration, merged['declaration'])}"
    elif isinstance(move, Talk):
        return "a policy cannot talk; it acts, proposes or declares"
    else:
        return f"'{text}' is not a move a policy can make (act, propose or declare)"
    return None


def _dym(word: str, options: Iterable[str]) -> str:
    match = get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _all_effect_strings(merged: dict[str, Any]) -> Iterable[str]:
    for p, _ in merged["power"].values():
        yield from p.each_turn
        for rl in p.red_line:
            yield from rl.effects
    for kind in ("action", "event"):
        for entry, _ in merged[kind].values():
            yield from entry.effects
    for e, _ in merged["event"].values():
        for opt in e.option:
            yield from opt.effects
    for r, _ in merged["reaction"].values():
        for resp in r.response:
            yield from resp.effects
    for t, _ in merged["term"].values():
        yield from t.on_sign
        yield from t.each_turn
        yield from t.on_break
    for d, _ in merged["declaration"].values():
        yield from d.effects
        yield from d.per_signer
        yield from d.pressure
    for s, _ in merged["scenario"].values():
        yield from s.each_turn


class _CompileContext:
    """Compiles expression fields, caching identical text, and places errors in the file."""

    def __init__(self, compiler: Compiler, errs: ErrorCollector, lazy: bool = False) -> None:
        self.compiler = compiler
        self.errs = errs
        self.lazy = lazy
        self._cache: dict[tuple[str, str, frozenset[str]], Any] = {}

    def _run(self, kind: str, origin: Origin, loc: LocPath, source: str, roles: set[str]) -> Any:
        key = (kind, source, frozenset(roles))
        hit = self._cache.get(key)
        if hit is not None:
            if isinstance(hit, ExpressionError):
                self._report(origin, loc, hit)
                return None
            return hit
        if self.lazy:
            froles = frozenset(roles)
            lazy_cls = {"condition": LazyCondition, "value": LazyValue}.get(kind, LazyEffect)
            out_lazy = lazy_cls(self.compiler, source, froles)
            self._cache[key] = out_lazy
            return out_lazy
        try:
            if kind == "condition":
                out: Any = self.compiler.condition(source, roles)
            elif kind == "value":
                out = self.compiler.value(source, roles, want=NUM)
            else:
                out = self.compiler.effect(source, roles)
        except ExpressionError as e:
            self._cache[key] = e
            self._report(origin, loc, e)
            return None
        except RecursionError:
            e = ExpressionError("expression is nested too deeply", 0)
            self._cache[key] = e
            self._report(origin, loc, e)
            return None
        self._cache[key] = out
        return out

    def _report(self, origin: Origin, loc: LocPath, e: ExpressionError) -> None:
        self.errs.in_string(origin.file, (*origin.loc, *loc), e.offset, e.message)

    def condition(self, origin: Origin, loc: LocPath, source: str, roles: set[str]) -> Condition | None:
        return self._run("condition", origin, loc, source, roles)

    def value(self, origin: Origin, loc: LocPath, source: str, roles: set[str]) -> Compiled | None:
        return self._run("value", origin, loc, source, roles)

    def effects(self, origin: Origin, loc: LocPath, sources: Sequence[str], roles: set[str]) -> tuple[Effect, ...]:
        out = []
        for i, s in enumerate(sources):
            e = self._run("effect", origin, (*loc, i), s, roles)
            if e is not None:
                out.append(e)
        return tuple(out)


def load_content(mod_dirs: Sequence[Path | str] = (), include_base: bool = True, use_cache: bool = True) -> Content:
    """Load the base game plus mods; raises ContentLoadError listing every problem."""
    return Loader(mod_dirs, include_base, use_cache).load()
