"""The symbol table expressions compile against: variables, powers, rungs, every flag set, tags.

It is built from the whole stack before any expression compiles, so an expression in the base
game may name a flag a later mod sets, and a typo anywhere is caught with its position.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from game.mods.errors import ErrorCollector, Origin, did_you_mean
from game.mods.expr import Names, VariableInfo
from game.mods.expr.shapes import flags_set_by
from game.mods.models import Event, Ladder, Rung
from game.mods.read import Mod
from game.mods.rule_models import Rules
from game.mods.stack import Merged

#: Tags the engine itself puts on what happens, for reactions to key on.
BUILTIN_TAGS = ("agreement", "defection", "statement", "proposal")


@dataclass
class Symbols:
    """What every builder checks names against."""

    names: Names
    ladder: Ladder
    rules: Rules
    rules_origin: Origin | None
    globals_: dict[str, VariableInfo]
    per_power: dict[str, VariableInfo]
    #: tag -> ids of the actions, events (options too), terms and declarations that carry it
    tags: dict[str, list[str]]


def symbol_table(
    mods: Sequence[Mod],
    merged: Merged,
    errs: ErrorCollector,
    known_flags: list[str] | None,
    known_tags: dict[str, list[str]] | None = None,
) -> Symbols:
    """The symbol table, checking the variables, the ladder and the rules it rests on.

    `known_flags` and `known_tags` come from the cache, checked when it was written.
    """
    powers = merged.power
    first_shown = mods[0].manifest_file.shown if mods else "content"
    if not powers:
        errs.plain(first_shown, "no [[power]] is defined", unknown="power")
    if not merged.scenario:
        errs.plain(first_shown, "no [[scenario]] is defined", unknown="scenario")
    if merged.ladder is None:
        errs.plain(first_shown, "no [ladder] is defined", unknown="ladder")
        # Go on with a stand-in, so the rest is still checked: the load fails anyway.
        ladder, ladder_origin = Ladder(rung=[Rung(id="none", name="none", at=0)]), None
    else:
        ladder, ladder_origin = merged.ladder
    rules, rules_origin = merged.rules if merged.rules else (Rules(), None)
    variables = merged.variable
    globals_ = {k: VariableInfo(k, v[0].min, v[0].max) for k, v in variables.items() if v[0].scope == "global"}
    per_power = {k: VariableInfo(k, v[0].min, v[0].max) for k, v in variables.items() if v[0].scope == "power"}
    for vid, (_var, origin) in variables.items():
        if vid in powers:
            errs.at_value(origin.file, (*origin.loc, "id"), f"variable '{vid}' has the same id as a power")
    if ladder_origin is not None and ladder.variable not in globals_:
        errs.at_value(
            ladder_origin.file,
            ("ladder", "variable"),
            f"the ladder's variable '{ladder.variable}' is not a global variable"
            f"{did_you_mean(ladder.variable, globals_)}",
        )
    _check_rules(rules, rules_origin, bool(powers), per_power, first_shown, errs)
    names = Names(
        globals=globals_,
        per_power=per_power,
        powers=tuple(powers),
        flags=frozenset(_flags(merged, known_flags)),
        events=frozenset(merged.event),
        terms=frozenset(merged.term),
        actions=frozenset(merged.action),
        endings=frozenset(merged.ending),
        rungs=tuple(r.id for r in ladder.rung),
        ladder_variable=ladder.variable,
    )
    tags = known_tags if known_tags is not None else tags_index(merged)
    return Symbols(names, ladder, rules, rules_origin, globals_, per_power, tags)


def _check_rules(
    rules: Rules,
    origin: Origin | None,
    have_powers: bool,
    per_power: dict[str, VariableInfo],
    first_shown: str,
    errs: ErrorCollector,
) -> None:
    if rules.capital not in per_power and origin is not None:
        errs.at_value(
            origin.file,
            ("rules", "capital"),
            f"'{rules.capital}' is not a per-power variable{did_you_mean(rules.capital, per_power)}",
        )
    elif rules.capital not in per_power and have_powers:
        errs.plain(first_shown, f"no per-power variable '{rules.capital}' for political capital (set [rules] capital)")
    if rules.difficulty and rules.default_difficulty and origin is not None:
        ids = [d.id for d in rules.difficulty]
        if rules.default_difficulty not in ids:
            errs.at_value(
                origin.file,
                ("rules", "default_difficulty"),
                f"unknown difficulty '{rules.default_difficulty}'{did_you_mean(rules.default_difficulty, ids)}",
            )


def _flags(merged: Merged, known_flags: list[str] | None) -> set[str]:
    """Every flag anything sets, so flag("x") can catch typos."""
    if known_flags is not None:
        return set(known_flags)  # checked when the cache was written
    flags: set[str] = set()
    for scen, _ in merged.scenario.values():
        flags.update(scen.start_state.flags)
    for src_text in set(_all_effect_strings(merged)):
        flags.update(flags_set_by(src_text))
    return flags


def _all_effect_strings(merged: Merged) -> Iterable[str]:
    for p, _ in merged.power.values():
        yield from p.each_turn
        for rl in p.red_line:
            yield from rl.effects
    for a, _ in merged.action.values():
        yield from a.effects
    for e, _ in merged.event.values():
        yield from e.effects
    for e, _ in merged.event.values():
        for opt in e.option:
            yield from opt.effects
    for r, _ in merged.reaction.values():
        for resp in r.response:
            yield from resp.effects
    for t, _ in merged.term.values():
        yield from t.on_sign
        yield from t.each_turn
        yield from t.on_break
    for d, _ in merged.declaration.values():
        yield from d.effects
        yield from d.per_signer
        yield from d.pressure
    for s, _ in merged.scenario.values():
        yield from s.each_turn


def tags_index(merged: Merged) -> dict[str, list[str]]:
    """tag -> ids of what carries it: actions, events and their options, terms, declarations."""
    index: dict[str, list[str]] = {t: [] for t in BUILTIN_TAGS}
    carriers: list[Iterable[tuple[str, Iterable[str]]]] = [
        ((aid, a.tags) for aid, (a, _) in merged.action.items()),
        ((eid, _event_tags(e)) for eid, (e, _) in merged.event.items()),
        ((tid, t.tags) for tid, (t, _) in merged.term.items()),
        ((did, d.tags) for did, (d, _) in merged.declaration.items()),
    ]
    for entries in carriers:
        for eid, tags in entries:
            for t in tags:
                index.setdefault(t, []).append(eid)
    return index


def _event_tags(e: Event) -> Iterable[str]:
    yield from e.tags
    for opt in e.option:
        yield from opt.tags
