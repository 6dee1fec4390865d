"""Playthrough scripts, read and checked: a scenario, a power, a seed, moves turn by turn, expectations.

A script is TOML (see docs/modding.md). `load_script` checks it against the content and reports
every problem with the script's path, line and column, as content errors are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from game.ai import POLICIES
from game.mods.base import Expr, Id, Model
from game.mods.content import Content
from game.mods.errors import ContentError, ContentLoadError, ErrorCollector, SourceFile
from game.mods.expr import STR, Compiler, Condition, ExpressionError, Names
from game.mods.read import read_toml
from game.moves import MoveSyntaxError, parse_move


class ScriptTurn(Model):
    #: The turn these moves belong to; turns skipped before it are passed.
    at: Annotated[int, Field(ge=1, le=10_000)] | None = None
    moves: list[Annotated[str, Field(max_length=500)]] = []
    choices: dict[Id, Id] = {}
    #: The moves are everything the player did this turn, in order (choices and answers to
    #: offers included): nothing is answered or ended for the player. Recordings are exact.
    exact: bool = False


LogValue = Annotated[str, Field(max_length=200)] | int | bool


class Expect(Model):
    after_turn: Annotated[int, Field(ge=1, le=10_000)] | None = None
    at_end: bool = False
    that: list[Expr] = []
    #: Log entries that must have been written by then: each table's keys must all match one
    #: entry (`kind`, `id`, `power`, `target`, `turn`, or any detail such as `verdict`).
    log: list[dict[Annotated[str, Field(max_length=40)], LogValue]] = []
    #: ...and entries that must not have been.
    no_log: list[dict[Annotated[str, Field(max_length=40)], LogValue]] = []


class Script(Model):
    description: str = ""
    scenario: Id | None = None
    power: Id
    seed: int = 0
    difficulty: Id | None = None
    #: The way the computer plays its powers (`search`, `utility`, `historical`); the game's default if unset.
    ai: Id | None = None
    #: Play on to the end of the game after the scripted turns (passing each turn).
    finish: bool = True
    turn: list[ScriptTurn] = []
    expect: list[Expect] = []


class ScriptError(Exception):
    """A script cannot be read or checked; `errors` are positioned like content errors."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


@dataclass
class LoadedScript:
    path: Path
    source: SourceFile
    script: Script
    #: One compiled condition list per [[expect]], with each condition's index.
    checks: list[list[tuple[int, Condition]]]


def script_names(content: Content) -> Names:
    n = content.names
    return Names(
        globals=n.globals,
        per_power=n.per_power,
        powers=n.powers,
        flags=n.flags,
        events=n.events,
        terms=n.terms,
        actions=n.actions,
        endings=n.endings,
        rungs=n.rungs,
        ladder_variable=n.ladder_variable,
        extra={"ending": STR},
    )


def load_script(path: Path, content: Content) -> LoadedScript:
    """Read and check a script against the content; raises ScriptError with positions."""
    try:
        text, data = read_toml(path)
    except ContentLoadError as e:
        raise ScriptError(e.errors) from None
    src = SourceFile(path, str(path), text.encode("utf-8"), data, "script")
    errs = ErrorCollector()
    try:
        script = Script.model_validate(data)
    except ValidationError as e:
        _schema_script_errors(src, e, errs)
        raise ScriptError(errs.items) from None
    except (RecursionError, MemoryError):
        raise ScriptError([ContentError(str(path), 1, 1, "the file nests its tables too deeply")]) from None
    _check_setup(script, content, src, errs)
    _check_turns(script, content, src, errs)
    checks = _compile_expectations(script, content, src, errs)
    if errs.items:
        raise ScriptError(errs.items)
    return LoadedScript(path, src, script, checks)


def _check_setup(script: Script, content: Content, src: SourceFile, errs: ErrorCollector) -> None:
    """The power, scenario and difficulty must be the content's."""
    powers = content.powers
    if script.power not in powers:
        errs.at_value(src, ("power",), f"unknown power '{script.power}' (powers: {', '.join(powers)})")
    if script.scenario is not None and script.scenario not in content.scenarios:
        errs.at_value(
            src, ("scenario",), f"unknown scenario '{script.scenario}' (scenarios: {', '.join(content.scenarios)})"
        )
    levels = [d.id for d in content.rules.difficulty]
    if script.difficulty is not None and levels and script.difficulty not in levels:
        errs.at_value(src, ("difficulty",), f"unknown difficulty '{script.difficulty}' (levels: {', '.join(levels)})")
    if script.ai is not None and script.ai not in POLICIES:
        errs.at_value(
            src, ("ai",), f"unknown way for the computer to play '{script.ai}' (known: {', '.join(sorted(POLICIES))})"
        )


def _check_turns(script: Script, content: Content, src: SourceFile, errs: ErrorCollector) -> None:
    """Every move is a move, every event answered is the content's, and turns come in order."""
    for i, t in enumerate(script.turn):
        for j, mv in enumerate(t.moves):
            try:
                parse_move(mv)
            except MoveSyntaxError as e:
                errs.at_value(src, ("turn", i, "moves", j), str(e))
        if t.exact and t.choices:
            errs.at_key(src, ("turn", i, "choices"), "an exact turn lists its choices as `choose EVENT OPTION` moves")
        for ev, _opt in t.choices.items():
            if ev not in content.events:
                errs.at_key(src, ("turn", i, "choices", ev), f"unknown event '{ev}'")
    prev = 0
    for i, t in enumerate(script.turn):
        if t.at is not None:
            if t.at <= prev:
                errs.at_value(src, ("turn", i, "at"), f"turn {t.at} comes after turn {prev} in the script")
            prev = t.at
        else:
            prev += 1


def _compile_expectations(
    script: Script, content: Content, src: SourceFile, errs: ErrorCollector
) -> list[list[tuple[int, Condition]]]:
    """Each [[expect]]'s conditions, compiled against the content's names (and `ending`)."""
    compiler = Compiler(script_names(content))
    checks: list[list[tuple[int, Condition]]] = []
    for i, ex in enumerate(script.expect):
        if (ex.after_turn is None) == (not ex.at_end):
            errs.at_key(src, ("expect", i), "an [[expect]] needs exactly one of after_turn = N or at_end = true")
        if not (ex.that or ex.log or ex.no_log):
            errs.at_key(src, ("expect", i), "an [[expect]] needs `that`, `log` or `no_log`")
        compiled: list[tuple[int, Condition]] = []
        for j, cond in enumerate(ex.that):
            try:
                compiled.append((j, compiler.condition(cond, ())))
            except ExpressionError as e:
                errs.in_string(src, ("expect", i, "that", j), e.offset, e.message)
            except RecursionError:
                errs.at_value(src, ("expect", i, "that", j), "expression is nested too deeply")
        checks.append(compiled)
    return checks


def _schema_script_errors(src: SourceFile, exc: ValidationError, errs: ErrorCollector) -> None:
    # The content error mapper knows the content models; scripts use the same wording.
    from difflib import get_close_matches

    for err in exc.errors(include_url=False, include_input=False):
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            model = {0: Script, 2: ScriptTurn if loc[0] == "turn" else Expect}.get(len(loc) - 1, Script)
            keys = list(model.model_fields)
            match = get_close_matches(str(loc[-1]), keys, n=1, cutoff=0.6)
            hint = f"; did you mean '{match[0]}'?" if match else f" (expected one of: {', '.join(keys)})"
            errs.at_key(src, loc, f"unknown key '{loc[-1]}'{hint}")
        elif err["type"] == "missing":
            errs.at_key(src, loc[:-1], f"missing the required key '{loc[-1]}'")
        else:
            errs.at_value(src, loc, f"{'.'.join(map(str, loc))}: {err['msg']}")
