"""Building compiled Content from the stacked mods: one builder per kind of entry, run in order.

The symbol table comes first (`symbols`: variables, powers, every flag anything sets, the tags
index), so each expression compiles against the whole stack. Then the builders in BUILDERS run
in order, each checking the references of one kind of entry and compiling its expressions; the
order is the order errors are reported in. Nothing is returned while any error stands.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from game.mods.checks import References, check_state, check_texts, policy_move_problem
from game.mods.compiling import CompileContext
from game.mods.content import (
    ActionDef,
    AdvisorDef,
    Content,
    DeclarationDef,
    EndingDef,
    EventDef,
    EventPlan,
    InterestDef,
    OptionDef,
    PackageDef,
    PowerDef,
    ReactionDef,
    RedLineDef,
    ResponseDef,
    ScenarioDef,
    TermDef,
    plan_events,
)
from game.mods.errors import ErrorCollector, Origin, did_you_mean
from game.mods.expr import Compiler
from game.mods.models import DialogueLines, Event, Flag, HelpSection, Interest, month_to_index
from game.mods.read import Mod
from game.mods.stack import Merged
from game.mods.symbols import Symbols, symbol_table
from game.mods.text import check_placeholders


@dataclass
class Build:
    """What the builders read (the stacked entries, the symbol table) and the parts they fill."""

    merged: Merged
    sym: Symbols
    errs: ErrorCollector
    refs: References
    cx: CompileContext
    #: Whether an earlier load checked this very content (it came from the cache).
    checked_before: bool
    powers: dict[str, PowerDef] = field(default_factory=dict)
    actions: dict[str, ActionDef] = field(default_factory=dict)
    scenarios: dict[str, ScenarioDef] = field(default_factory=dict)
    events: dict[str, EventDef] = field(default_factory=dict)
    reactions: dict[str, ReactionDef] = field(default_factory=dict)
    endings: dict[str, EndingDef] = field(default_factory=dict)
    terms: dict[str, TermDef] = field(default_factory=dict)
    declarations: dict[str, DeclarationDef] = field(default_factory=dict)
    dialogue: dict[str, dict[str, list[DialogueLines]]] = field(default_factory=dict)
    packages: dict[str, PackageDef] = field(default_factory=dict)
    policies: dict[str, dict[int, tuple[str, ...]]] = field(default_factory=dict)
    advisors: dict[str, AdvisorDef] = field(default_factory=dict)
    flags: dict[str, Flag] = field(default_factory=dict)
    help: list[HelpSection] = field(default_factory=list)


@dataclass(frozen=True)
class Prebuilt:
    """What a load from the cache brings ready-made (see `rebuild`): what the events give the
    symbol table and the engine, and the events themselves, each made when first read."""

    tags: dict[str, list[str]]
    plan: EventPlan
    fingerprint: str
    #: The table of events, made once the other builders have run (it reads the scenarios).
    events: Callable[[Build], Mapping[str, EventDef]]


def build_content(
    mods: Sequence[Mod],
    merged: Merged,
    errs: ErrorCollector,
    known_flags: list[str] | None = None,
    prebuilt: Prebuilt | None = None,
) -> Content | None:
    """Check and compile the stacked entries; None when there were errors, all in `errs`.

    `known_flags` are the flags of content an earlier load checked (from the cache): its
    expressions then compile on first use and its texts are not checked again. With
    `prebuilt`, `merged` holds no events, only their ids: they come from there.
    """
    sym = symbol_table(mods, merged, errs, known_flags, prebuilt.tags if prebuilt is not None else None)
    cx = CompileContext(Compiler(sym.names), errs, lazy=known_flags is not None)
    b = Build(merged, sym, errs, References(errs, merged.power), cx, checked_before=known_flags is not None)
    for kind, builder in BUILDERS:
        if prebuilt is None or kind != "event":
            builder(b)
    if errs.items:
        return None
    if prebuilt is None:
        return _content(mods, b, b.events, plan_events(b.events, sym.ladder.incident_tag), _fingerprint(mods))
    return _content(mods, b, prebuilt.events(b), prebuilt.plan, prebuilt.fingerprint)


# ---------------------------------------------------------------------------------------------
# One builder per kind of entry


def build_powers(b: Build) -> None:
    cx = b.cx
    for pid, (p, o) in b.merged.power.items():
        interests = _interests(cx, o, p.interest)
        red_lines = []
        for i, rl in enumerate(p.red_line):
            w = cx.condition(o, ("red_line", i, "when"), rl.when, {"self"})
            effs = cx.effect_list(o, ("red_line", i, "effects"), rl.effects, {"self"})
            if w is not None:
                weight = rl.weight if rl.weight is not None else b.sym.rules.negotiation.red_line_weight
                why = rl.why or b.sym.rules.negotiation.reason_red_line
                red_lines.append(RedLineDef(rl.id, w, rl.text, effs, weight, why))
        each = cx.effect_list(o, ("each_turn",), p.each_turn, {"self"})
        b.powers[pid] = PowerDef(p, interests, tuple(red_lines), each)


def _interests(cx: CompileContext, o: Origin, interest: list[Interest]) -> tuple[InterestDef, ...]:
    out = []
    for i, it in enumerate(interest):
        c = cx.value(o, ("interest", i, "of"), it.of, {"self"})
        if c is not None:
            out.append(InterestDef(c, it.weight, it.why, it.gain or it.why, it.loss or it.why))
    return tuple(out)


def build_actions(b: Build) -> None:
    cx = b.cx
    for aid, (a, o) in b.merged.action.items():
        b.refs.powers_in(o, "powers", a.powers)
        b.refs.powers_in(o, "targets", a.targets)
        roles = {"self"} if a.target == "none" else {"self", "target"}
        when = cx.maybe_condition(o, ("when",), a.when, roles)
        ai_when = cx.maybe_condition(o, ("ai_when",), a.ai_when, roles)
        effs = cx.effect_list(o, ("effects",), a.effects, roles)
        done = cx.maybe_condition(o, ("done",), a.done, {"self"})
        b.actions[aid] = ActionDef(a, when, effs, ai_when, done)


def build_scenarios(b: Build) -> None:
    m = b.merged
    for sid, (s, o) in m.scenario.items():
        b.refs.powers_in(o, "playable", s.playable)
        check_state(b.errs, o, ("start_state",), s.start_state, m.power, b.sym.globals_, b.sym.per_power)
        check_state(b.errs, o, ("history",), s.history, m.power, b.sym.globals_, b.sym.per_power)
        if s.history.ending is not None:
            b.refs.known(o, ("history", "ending"), "ending", s.history.ending, m.ending)
        if s.board is not None:
            b.refs.known(o, ("board",), "board", s.board, m.board)
        each = b.cx.effect_list(o, ("each_turn",), s.each_turn, set())
        b.scenarios[sid] = ScenarioDef(s, each, month_to_index(s.start))


def build_events(b: Build) -> None:
    """Events, after scenarios: their date windows count turns from the earliest scenario's start."""
    first_start = first_scenario_start(b)
    for idx, (eid, (e, o)) in enumerate(b.merged.event.items()):
        b.events[eid] = event_def(b, idx, e, o, first_start)


_SELF = frozenset({"self"})
_NOBODY: frozenset[str] = frozenset()


def first_scenario_start(b: Build) -> int:
    """The month index turns count from: the earliest scenario's start."""
    return min((sd.start_index for sd in b.scenarios.values()), default=0)


def event_def(b: Build, idx: int, e: Event, o: Origin, first_start: int) -> EventDef:
    """One event checked and compiled; `idx` is its place in content order."""
    cx = b.cx
    roles = _SELF if e.power else _NOBODY
    if e.power:
        b.refs.power(o, ("power",), e.power)
    when = cx.maybe_condition(o, ("when",), e.when, roles)
    effs = cx.effect_list(o, ("effects",), e.effects, roles)
    opts, opt_ids = _options(b, o, e, roles)
    for i, fu in enumerate(e.follow_up):
        b.refs.known(o, ("follow_up", i, "event"), "event", fu.event, b.merged.event)
        if fu.option is not None and fu.option not in opt_ids:
            b.errs.at_value(
                o.file,
                (*o.loc, "follow_up", i, "option"),
                f"this event has no option '{fu.option}'{did_you_mean(fu.option, opt_ids)}",
            )
    if e.option and not e.power:
        b.errs.at_key(o.file, (*o.loc, "option"), "an event with options needs 'power': whose choice it is")
    for i, word in enumerate(e.excludes):
        if word not in b.merged.event and word not in b.merged.action and word not in b.sym.tags:
            b.errs.at_value(
                o.file,
                (*o.loc, "excludes", i),
                f"no action, event or tag '{word}'{did_you_mean(word, [*b.merged.event, *b.sym.tags])}",
            )
    first = month_to_index(e.start) - first_start + 1 if e.start else None
    last = month_to_index(e.until) - first_start + 1 if e.until else None
    if first is not None and last is not None and last < first:
        b.errs.at_value(o.file, (*o.loc, "until"), f"'until' ({e.until}) is before 'from' ({e.start})")
    return EventDef(e, idx, when, effs, opts, first, last)


def _options(b: Build, o: Origin, e: Event, roles: frozenset[str]) -> tuple[tuple[OptionDef, ...], set[str]]:
    opts = []
    opt_ids: set[str] = set()
    for i, opt in enumerate(e.option):
        if opt.id in opt_ids:
            b.errs.at_value(o.file, (*o.loc, "option", i, "id"), f"option id '{opt.id}' is used twice in this event")
        opt_ids.add(opt.id)
        ow = b.cx.maybe_condition(o, ("option", i, "when"), opt.when, roles)
        oe = b.cx.effect_list(o, ("option", i, "effects"), opt.effects, roles)
        opts.append(OptionDef(opt, ow, oe))
    return tuple(opts), opt_ids


def build_reactions(b: Build) -> None:
    cx = b.cx
    triggers = set(b.merged.action) | set(b.merged.event)
    for rid, (r, o) in b.merged.reaction.items():
        b.refs.powers_in(o, "powers", r.powers)
        b.refs.powers_in(o, "by", r.by)
        for i, t in enumerate(r.to):
            b.refs.known(o, ("to", i), "action or event", t, triggers)
        for i, t in enumerate(r.tags):
            b.refs.tagged(o, ("tags", i), "action, event or term", t, b.sym.tags)
        roles = {"self", "actor", "target"}
        when = cx.maybe_condition(o, ("when",), r.when, roles)
        resps = tuple(
            ResponseDef(resp, cx.effect_list(o, ("response", i, "effects"), resp.effects, roles))
            for i, resp in enumerate(r.response)
        )
        b.reactions[rid] = ReactionDef(r, when, resps)


def build_endings(b: Build) -> None:
    for nid, (n, o) in b.merged.ending.items():
        for pid in n.outcome:
            b.refs.power(o, ("outcome", pid), pid)
        w = b.cx.condition(o, ("when",), n.when, set())
        if w is not None:
            b.endings[nid] = EndingDef(n, w)


def build_terms(b: Build) -> None:
    cx = b.cx
    action_tags = {t for a, _ in b.merged.action.values() for t in a.tags}
    for tid, (t, o) in b.merged.term.items():
        if t.giver != "all":
            b.refs.power(o, ("giver",), t.giver)
        b.refs.powers_in(o, "needs", t.needs)
        for i, other in enumerate(t.conflicts):
            b.refs.known(o, ("conflicts", i), "term", other, b.merged.term)
        for i, tag in enumerate(t.forbids):
            b.refs.tagged(o, ("forbids", i), "action", tag, action_tags)
        if t.softer is not None:
            b.refs.known(o, ("softer",), "term", t.softer, b.merged.term)
            softer = b.merged.term.get(t.softer)
            if softer is not None and softer[0].giver != t.giver:
                b.errs.at_value(
                    o.file, (*o.loc, "softer"), f"'{t.softer}' is given by {softer[0].giver}, not {t.giver}"
                )
        roles = {"self"}
        b.terms[tid] = TermDef(
            t,
            cx.effect_list(o, ("on_sign",), t.on_sign, roles),
            cx.effect_list(o, ("each_turn",), t.each_turn, roles),
            cx.effect_list(o, ("on_break",), t.on_break, roles),
            cx.maybe_condition(o, ("keeps",), t.keeps, roles),
            cx.maybe_condition(o, ("when",), t.when, roles),
        )


def build_declarations(b: Build) -> None:
    cx = b.cx
    for did, (d, o) in b.merged.declaration.items():
        b.refs.powers_in(o, "by", d.by)
        b.refs.powers_in(o, "presses", d.presses)
        b.declarations[did] = DeclarationDef(
            d,
            cx.maybe_condition(o, ("when",), d.when, {"self"}),
            cx.effect_list(o, ("effects",), d.effects, {"self"}),
            cx.effect_list(o, ("per_signer",), d.per_signer, {"self"}),
            cx.effect_list(o, ("pressure",), d.pressure, {"self", "target"}),
        )


def build_dialogue(b: Build) -> None:
    rung_ids = [r.id for r in b.sym.ladder.rung]
    for _, (dl, o) in b.merged.dialogue.items():
        b.refs.power(o, ("power",), dl.power)
        for i, r in enumerate(dl.rungs):
            b.refs.known(o, ("rungs", i), "rung", r, rung_ids)
        for i, line in enumerate(dl.lines):
            problem = check_placeholders(line)
            if problem:
                b.errs.at_value(o.file, (*o.loc, "lines", i), problem)
        b.dialogue.setdefault(dl.power, {}).setdefault(dl.kind, []).append(dl)


def build_packages(b: Build) -> None:
    for pkid, (pk, o) in b.merged.package.items():
        for i, tid in enumerate(pk.terms):
            b.refs.known(o, ("terms", i), "term", tid, b.merged.term)
        b.refs.powers_in(o, "proposers", pk.proposers)
        b.packages[pkid] = PackageDef(
            pk,
            b.cx.maybe_condition(o, ("ai_when",), pk.ai_when, {"self"}),
            b.cx.maybe_condition(o, ("when",), pk.when, {"self"}),
        )


def build_policies(b: Build) -> None:
    for _, (pol, o) in b.merged.policy.items():
        b.refs.power(o, ("power",), pol.power)
        steps = b.policies.setdefault(pol.power, {})
        for i, step in enumerate(pol.step):
            for j, text in enumerate(step.moves):
                problem = policy_move_problem(text, b.merged)
                if problem:
                    b.errs.at_value(o.file, (*o.loc, "step", i, "moves", j), problem)
            month = month_to_index(step.month)
            steps[month] = steps.get(month, ()) + tuple(step.moves)


def check_negotiation(b: Build) -> None:
    support = b.sym.rules.home.support
    if support is not None and support not in b.sym.per_power and b.sym.rules_origin is not None:
        b.errs.at_value(
            b.sym.rules_origin.file,
            ("rules", "home", "support"),
            f"'{support}' is not a per-power variable{did_you_mean(support, b.sym.per_power)}",
        )
    talks = b.sym.rules.negotiation.talks_variable
    if talks is not None and talks not in b.sym.globals_ and b.sym.rules_origin is not None:
        b.errs.at_value(
            b.sym.rules_origin.file,
            ("rules", "negotiation", "talks_variable"),
            f"'{talks}' is not a global variable{did_you_mean(talks, b.sym.globals_)}",
        )


def check_boards(b: Build) -> None:
    for bd, o in b.merged.board.values():
        for pid in bd.markers:
            b.refs.power(o, ("markers", pid), pid)
        width = max((len(line) for line in bd.art.splitlines()), default=0)
        height = len(bd.art.splitlines())
        for table, markers in (("markers", bd.markers), ("places", bd.places)):
            for key, mk in markers.items():
                if mk.row >= height or mk.col >= width:
                    b.errs.at_key(
                        o.file,
                        (*o.loc, table, key),
                        f"marker at row {mk.row}, col {mk.col} is outside the {width}x{height} map",
                    )


def build_advisors(b: Build) -> None:
    for aid, (adv, o) in b.merged.advisor.items():
        b.advisors[aid] = AdvisorDef(adv, _interests(b.cx, o, adv.interest))


def build_flags(b: Build) -> None:
    """Display names of flags; one for a flag nothing sets and no scenario starts with is a typo."""
    for fid, (f, o) in b.merged.flag.items():
        if fid not in b.sym.names.flags:
            b.errs.at_value(
                o.file,
                (*o.loc, "id"),
                f"no effect sets the flag '{fid}' and no scenario starts with it{did_you_mean(fid, b.sym.names.flags)}",
            )
        b.flags[fid] = f


def build_help(b: Build) -> None:
    """The help screen's sections about the world; the rules' own help is the interface's."""
    for _hid, (h, o) in b.merged.help.items():
        if not h.text.strip():
            b.errs.at_value(o.file, (*o.loc, "text"), "a help section needs some text")
        b.help.append(h)


def check_texts_once(b: Build) -> None:
    if not b.checked_before:
        check_texts(b.merged, b.errs)


#: The builders in the order they run, which is the order their errors are reported in.
BUILDERS: tuple[tuple[str, Callable[[Build], None]], ...] = (
    ("power", build_powers),
    ("action", build_actions),
    ("scenario", build_scenarios),
    ("event", build_events),
    ("reaction", build_reactions),
    ("ending", build_endings),
    ("term", build_terms),
    ("declaration", build_declarations),
    ("dialogue", build_dialogue),
    ("package", build_packages),
    ("policy", build_policies),
    ("rules", check_negotiation),
    ("board", check_boards),
    ("advisor", build_advisors),
    ("flag", build_flags),
    ("help", build_help),
    ("text", check_texts_once),
)


# ---------------------------------------------------------------------------------------------
# The result


def _content(mods: Sequence[Mod], b: Build, events: Mapping[str, EventDef], plan: EventPlan, digest: str) -> Content:
    m = b.merged
    return Content(
        mods=tuple(mod.manifest for mod in mods),
        powers=b.powers,
        variables={k: v[0] for k, v in m.variable.items()},
        ladder=b.sym.ladder,
        rules=b.sym.rules,
        actions=b.actions,
        events=events,
        reactions=b.reactions,
        endings=b.endings,
        scenarios=b.scenarios,
        terms=b.terms,
        advisors=b.advisors,
        boards={k: v[0] for k, v in m.board.items()},
        declarations=b.declarations,
        dialogue={p: {k: tuple(v) for k, v in kinds.items()} for p, kinds in b.dialogue.items()},
        packages=b.packages,
        policies=b.policies,
        names=b.sym.names,
        fingerprint=digest,
        files=tuple(src.shown for mod in mods for src in [mod.manifest_file, *mod.files]),
        tags={k: tuple(v) for k, v in b.sym.tags.items()},
        reactions_by_trigger=_index_reactions(b.reactions),
        flags=b.flags,
        help=tuple(b.help),
        event_plan=plan,
    )


def _fingerprint(mods: Sequence[Mod]) -> str:
    """sha256 over every file loaded, in order, with its mod id and path."""
    digest = hashlib.sha256()
    for m in mods:
        for src in [m.manifest_file, *m.files]:
            rel = src.path.relative_to(m.root).as_posix()
            digest.update(f"{m.manifest.id}/{rel}\0".encode())
            digest.update(src.raw)
            digest.update(b"\0")
    return digest.hexdigest()


def _index_reactions(reactions: dict[str, ReactionDef]) -> dict[str, tuple[ReactionDef, ...]]:
    out: dict[str, list[ReactionDef]] = {}
    for r in reactions.values():
        for key in dict.fromkeys((*r.model.to, *r.model.tags)):
            out.setdefault(key, []).append(r)
    return {k: tuple(v) for k, v in out.items()}
