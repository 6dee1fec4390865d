"""Cross-reference checks: every id an entry names is defined, every value in range, every text fillable.

Each check records its errors at the place in the file that names the missing thing, with the
closest known name as a hint, and goes on: one typo never hides the next.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from game.mods.errors import ErrorCollector, LocPath, Origin, did_you_mean
from game.mods.expr import VariableInfo
from game.mods.models import StartingState
from game.mods.stack import Merged
from game.mods.text import check_placeholders
from game.moves import Act, MoveSyntaxError, Propose, Statement, Talk, parse_move


@dataclass
class References:
    """Checks that the ids an entry names are defined, placing an error at each that is not."""

    errs: ErrorCollector
    powers: Collection[str]

    def known(self, origin: Origin, loc: LocPath, what: str, word: str, known: Collection[str]) -> None:
        if word not in known:
            self.errs.at_value(origin.file, (*origin.loc, *loc), f"unknown {what} '{word}'{did_you_mean(word, known)}")

    def power(self, origin: Origin, loc: LocPath, pid: str) -> None:
        self.known(origin, loc, "power", pid, self.powers)

    def powers_in(self, origin: Origin, field: str, pids: Iterable[str]) -> None:
        """Every id in a list field (powers, targets, by, ...) must be a power."""
        for i, pid in enumerate(pids):
            self.power(origin, (field, i), pid)

    def tagged(self, origin: Origin, loc: LocPath, carriers: str, tag: str, tags: Collection[str]) -> None:
        if tag not in tags:
            self.errs.at_value(
                origin.file, (*origin.loc, *loc), f"no {carriers} carries the tag '{tag}'{did_you_mean(tag, tags)}"
            )


def check_state(
    errs: ErrorCollector,
    o: Origin,
    loc: LocPath,
    st: StartingState,
    powers: Collection[str],
    globals_: Mapping[str, VariableInfo],
    per_power: Mapping[str, VariableInfo],
) -> None:
    """A scenario's start_state or history: known variables and powers, values in their ranges."""
    for k, v in st.values.items():
        if k not in globals_:
            errs.at_key(
                o.file, (*o.loc, *loc, "values", k), f"unknown global variable '{k}'{did_you_mean(k, globals_)}"
            )
        elif not globals_[k].min <= v <= globals_[k].max:
            info = globals_[k]
            errs.at_value(o.file, (*o.loc, *loc, "values", k), f"{k} = {v} is outside its range {info.min}..{info.max}")
    for pid, vals in st.power_values.items():
        if pid not in powers:
            errs.at_key(
                o.file, (*o.loc, *loc, "power_values", pid), f"unknown power '{pid}'{did_you_mean(pid, powers)}"
            )
        for k, v in vals.items():
            if k not in per_power:
                errs.at_key(
                    o.file,
                    (*o.loc, *loc, "power_values", pid, k),
                    f"unknown per-power variable '{k}'{did_you_mean(k, per_power)}",
                )
            elif not per_power[k].min <= v <= per_power[k].max:
                info = per_power[k]
                errs.at_value(
                    o.file,
                    (*o.loc, *loc, "power_values", pid, k),
                    f"{k} = {v} is outside its range {info.min}..{info.max}",
                )
    for table, rows in (("opinions", st.opinions), ("trust", st.trust)):
        _check_pairs(errs, o, (*loc, table), table, rows, powers)


def _check_pairs(
    errs: ErrorCollector,
    o: Origin,
    loc: LocPath,
    table: str,
    rows: Mapping[str, Mapping[str, int]],
    powers: Collection[str],
) -> None:
    for a, row in rows.items():
        if a not in powers:
            errs.at_key(o.file, (*o.loc, *loc, a), f"unknown power '{a}'{did_you_mean(a, powers)}")
        for b, v in row.items():
            if b not in powers:
                errs.at_key(o.file, (*o.loc, *loc, a, b), f"unknown power '{b}'{did_you_mean(b, powers)}")
            elif not -100 <= v <= 100:
                errs.at_value(o.file, (*o.loc, *loc, a, b), f"{table} run from -100 to 100, found {v}")


def check_texts(merged: Merged, errs: ErrorCollector) -> None:
    """Every {placeholder} in text that gets filled must be one the engine knows."""

    def check(origin: Origin, loc: LocPath, text: str) -> None:
        if "{" not in text:
            return  # no placeholder, nothing to fill
        problem = check_placeholders(text)
        if problem:
            errs.at_value(origin.file, (*origin.loc, *loc), problem)

    for a, o in merged.action.values():
        check(o, ("news",), a.news)
    for e, o in merged.event.values():
        check(o, ("title",), e.title)
        check(o, ("news",), e.news)
        for i, opt in enumerate(e.option):
            check(o, ("option", i, "text"), opt.text)
            check(o, ("option", i, "news"), opt.news)
    for r, o in merged.reaction.values():
        for i, resp in enumerate(r.response):
            check(o, ("response", i, "news"), resp.news)
    for p, o in merged.power.values():
        for i, rl in enumerate(p.red_line):
            check(o, ("red_line", i, "text"), rl.text)
    for d, o in merged.declaration.values():
        check(o, ("text",), d.text)
        check(o, ("news",), d.news)


def policy_move_problem(text: str, merged: Merged) -> str | None:
    """What is wrong with a move written in a policy, checked as far as content can tell."""
    try:
        move = parse_move(text)
    except MoveSyntaxError as e:
        return str(e)
    powers = merged.power
    if isinstance(move, Act):
        if move.action not in merged.action:
            return f"unknown action '{move.action}'{did_you_mean(move.action, merged.action)}"
        if move.target is not None and move.target not in powers:
            return f"unknown power '{move.target}'{did_you_mean(move.target, powers)}"
    elif isinstance(move, Propose):
        for p in move.parties:
            if p not in powers:
                return f"unknown power '{p}'{did_you_mean(p, powers)}"
        for t in move.terms:
            if t not in merged.term:
                return f"unknown term '{t}'{did_you_mean(t, merged.term)}"
    elif isinstance(move, Statement):
        if move.declaration not in merged.declaration:
            return f"unknown declaration '{move.declaration}'{did_you_mean(move.declaration, merged.declaration)}"
    elif isinstance(move, Talk):
        return "a policy cannot talk; it acts, proposes or declares"
    else:
        return f"'{text}' is not a move a policy can make (act, propose or declare)"
    return None
