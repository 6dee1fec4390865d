"""Playthrough scripts: a scenario, a power, a seed, moves turn by turn and expectations.

A script is TOML. `run` plays it headless and checks every expectation; the first that fails
is reported with the script's path, line and column. The same module turns any game's move
log back into a script, so a player's game becomes a regression test.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError

from game.engine.game import Game, GameSetupError
from game.engine.state import Phase
from game.mods.content import Content
from game.mods.errors import ContentError, ContentLoadError, ErrorCollector, SourceFile
from game.mods.expr import STR, Compiler, Condition, ExpressionError, Names, Scope
from game.mods.models import Expr, Id, Model
from game.mods.read import read_toml
from game.moves import EndTurn, IllegalMoveError, MoveSyntaxError, parse_move


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


@dataclass
class ScriptResult:
    script: str
    ok: bool
    game: Game | None
    failure: str | None = None
    checked: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"script": self.script, "ok": self.ok, "failure": self.failure}
        g = self.game
        if g is not None:
            st = g.state
            out.update(
                power=g.player,
                seed=g.seed,
                scenario=g.scenario.id,
                difficulty=g.difficulty.id,
                turn=st.turn,
                date=st.date,
                phase=st.phase.value,
                ending=st.ending,
                state_hash=g.state_hash(),
                variables=dict(st.vars),
                power_variables={p: dict(v) for p, v in st.pvars.items()},
                opinions={a: dict(r) for a, r in st.opinion.items()},
                trust={a: dict(r) for a, r in st.trust.items()},
                flags=sorted(st.flags),
                agreements=[a.to_json() for a in st.agreements],
                scores=dict(st.scores) if st.scores else g.scores(),
                log=[e.to_json() for e in st.log],
            )
        out.update(self.extra)
        return out


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
    if errs.items:
        raise ScriptError(errs.items)
    return LoadedScript(path, src, script, checks)


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


class _Runner:
    """Plays one loaded script, checking expectations as turns end."""

    def __init__(
        self, loaded: LoadedScript, content: Content, game: Game | None = None, stop_at_end_of_script: bool = False
    ) -> None:
        self.loaded = loaded
        self.content = content
        s = loaded.script
        self.game = game or Game(content, s.scenario, s.power, s.seed, s.difficulty)
        self.failure: str | None = None
        self.checked = 0
        self.stop = stop_at_end_of_script

    def where(self, loc: tuple[str | int, ...], index: int | None = None) -> str:
        src = self.loaded.source
        spot = src.positions.inside_string(loc, index) if index is not None else src.positions.value(loc)
        return f"{src.shown}:{spot.line}:{spot.col}"

    def check(self, kind: str, turn: int | None) -> None:
        if self.stop:
            return  # listing moves: expectations are for full runs
        s = self.loaded.script
        for i, ex in enumerate(s.expect):
            due = (kind == "end" and ex.at_end) or (kind == "turn" and ex.after_turn == turn)
            if not due or self.failure:
                continue
            when = "at the end" if ex.at_end else f"after turn {ex.after_turn}"
            for j, cond in self.loaded.checks[i]:
                self.checked += 1
                scope = Scope(self.game.state)
                try:
                    ok = bool(cond.run(scope))
                except (KeyError, TypeError):
                    ok = False
                if not ok:
                    self.failure = (
                        f"{self.where(('expect', i, 'that', j))}: {when}, expected `{cond.source}`"
                        f"{_explain(cond, self.game)}"
                    )
                    return
            log = [e.to_json() for e in self.game.state.log]
            for field_name, wanted in (("log", True), ("no_log", False)):
                for j, pattern in enumerate(getattr(ex, field_name)):
                    self.checked += 1
                    found = any(all(entry.get(k) == v for k, v in pattern.items()) for entry in log)
                    if found != wanted:
                        shown = ", ".join(f"{k} = {v!r}" for k, v in pattern.items())
                        what = "no log entry with" if wanted else "a log entry with"
                        self.failure = f"{self.where((*('expect', i, field_name, j),))}: {when}, {what} {shown}"
                        return

    def run(self) -> None:
        g = self.game
        s = self.loaded.script
        g.on_turn_end = lambda turn: self.check("turn", turn)
        try:
            next_turn = g.turn
            for i, t in enumerate(s.turn):
                target = t.at if t.at is not None else next_turn
                if not self._pass_until(target, i):
                    break
                if t.exact:
                    self._play_moves(t, i)
                    if self.failure:
                        break
                    next_turn = target + 1
                    continue
                answers_offers = bool(t.moves) and t.moves[0].split()[:1] in (["accept"], ["refuse"])
                answered = self._answer(t.choices, i, leave_offers=answers_offers)
                if self.failure:
                    break
                ended = self._play_moves(t, i)
                if self.failure:
                    break
                missing = [ev for ev in t.choices if ev not in answered]
                if missing:
                    self.failure = (
                        f"{self.where(('turn', i, 'choices', missing[0]))}: turn {target}: "
                        f"event '{missing[0]}' did not ask for a choice this turn"
                    )
                    break
                last = i == len(s.turn) - 1
                if not ended and not g.over and not (self.stop and last):
                    self._answer({}, i)
                    if g.phase is Phase.DIPLOMACY:
                        g.play(EndTurn())
                next_turn = target + 1
            if not self.failure and not self.stop and s.finish:
                while not g.over:
                    self._answer({}, None)
                    if g.phase is Phase.DIPLOMACY:
                        g.play(EndTurn())
            if not self.failure and g.over:
                self.check("end", None)
            if not self.failure and not self.stop:
                self._unreached()
        finally:
            g.on_turn_end = None

    def _unreached(self) -> None:
        """An expectation for a turn the game never finished is a failure, not a pass."""
        g = self.game
        done = g.turn if g.over else g.turn - 1
        for i, ex in enumerate(self.loaded.script.expect):
            if ex.after_turn is not None and ex.after_turn > done:
                state = f"the game ended at turn {g.turn}" if g.over else f"the script stopped at turn {g.turn}"
                self.failure = (
                    f"{self.where(('expect', i, 'after_turn'))}: turn {ex.after_turn} was never finished: {state}"
                )
                return
            if ex.at_end and not g.over:
                self.failure = (
                    f"{self.where(('expect', i, 'at_end'))}: the game did not end (script stopped at turn {g.turn})"
                )
                return

    def _pass_until(self, target: int, i: int) -> bool:
        g = self.game
        while not g.over and g.turn < target and not self.failure:
            self._answer({}, None)
            if g.phase is Phase.DIPLOMACY:
                g.play(EndTurn())
        if self.failure:
            return False
        if g.over:
            self.failure = (
                f"{self.where(('turn', i))}: the game ended at turn {g.turn} "
                f"({g.ending or 'calendar'}) before turn {target}"
            )
            return False
        if g.turn > target:
            self.failure = f"{self.where(('turn', i))}: turn {target} has already passed (now turn {g.turn})"
            return False
        return True

    def _play_moves(self, t: ScriptTurn, i: int) -> bool:
        """Play a turn's moves; True when they ended the turn themselves."""
        g = self.game
        ended = False
        j = -1
        for j, mv in enumerate(t.moves):
            if g.over:
                self.failure = f"{self.where(('turn', i, 'moves', j))}: the game is over ({g.ending or 'calendar'})"
                return ended
            try:
                move = g.parse_move(mv)
            except (MoveSyntaxError, IllegalMoveError) as e:
                self.failure = f"{self.where(('turn', i, 'moves', j))}: turn {g.turn}: `{mv}` is not allowed: {e}"
                return ended
            g.play(move)
            ended = isinstance(move, EndTurn)
        counter = g.diplomacy.counter
        if counter is not None and j >= 0 and not (self.stop and t is self.loaded.script.turn[-1]):
            asks = ", ".join(t for t in counter["terms"])
            self.failure = (
                f"{self.where(('turn', i, 'moves', j))}: turn {g.turn}: this drew a counter-offer from "
                f"{counter['from']} ({asks}); answer it with `accept` or `refuse` as the next move"
            )
        return ended

    def _answer(self, choices: dict[str, str], turn_index: int | None, leave_offers: bool = False) -> set[str]:
        """Answer the events waiting for the player: from `choices`, else as the AI would.

        Offers from other powers wait after the events; they are answered as the computer would
        unless the turn's moves begin with `accept` or `refuse` (`leave_offers`).
        """
        g = self.game
        answered: set[str] = set()
        while g.phase is Phase.EVENT_CHOICES and not self.failure:
            if not g.state.pending:  # only offers wait
                if leave_offers:
                    break
                g.auto_answer()
                continue
            pend = g.state.pending[0]
            if pend.event in choices:
                try:
                    g.play(g.parse_move(f"choose {pend.event} {choices[pend.event]}"))
                except (MoveSyntaxError, IllegalMoveError) as e:
                    assert turn_index is not None
                    self.failure = f"{self.where(('turn', turn_index, 'choices', pend.event))}: {e}"
                    break
                answered.add(pend.event)
            else:
                g.auto_answer()
        return answered


def _explain(cond: Condition, game: Game) -> str:
    """The values a failed expectation read, so the report says what was found."""
    st = game.state
    parts = []
    for dep in sorted(cond.deps):
        if dep in st.vars:
            parts.append(f"{dep} = {st.vars[dep]}")
        elif ":" in dep and not dep.startswith(("flag:", "event:", "term:")) and not dep.endswith("*"):
            bits = dep.split(":")
            if len(bits) == 2 and bits[1] in st.pvars:
                parts.append(f"{bits[0]}({bits[1]}) = {st.pvars[bits[1]].get(bits[0])}")
            elif len(bits) == 3 and bits[0] in ("opinion", "trust"):
                table = st.opinion if bits[0] == "opinion" else st.trust
                parts.append(f"{bits[0]}({bits[1]}, {bits[2]}) = {table[bits[1]][bits[2]]}")
        elif dep.startswith("flag:"):
            name = dep[5:]
            parts.append(f"flag {name} is {'set' if name in st.flags else 'not set'}")
    if "ending" in cond.source:
        parts.append(f"ending = {st.ending or 'none'}")
    return f" (found {', '.join(parts)})" if parts else ""


def run_script(path: Path, content: Content, game: Game | None = None, stop_at_end: bool = False) -> ScriptResult:
    try:
        loaded = load_script(path, content)
    except ScriptError as e:
        return ScriptResult(str(path), False, None, "\n".join(map(str, e.errors)))
    try:
        runner = _Runner(loaded, content, game, stop_at_end)
    except GameSetupError as e:
        return ScriptResult(str(path), False, None, f"{path}: {e}")
    runner.run()
    return ScriptResult(str(path), runner.failure is None, runner.game, runner.failure, runner.checked)


def export_script(game: Game, description: str = "") -> str:
    """A game's moves as a script that replays it exactly."""
    lines = []
    if description:
        lines.append(f"description = {json.dumps(description)}")
    lines.append(f"scenario = {json.dumps(game.scenario.id)}")
    lines.append(f"power = {json.dumps(game.player)}")
    lines.append(f"seed = {game.seed}")
    lines.append(f"difficulty = {json.dumps(game.difficulty.id)}")
    lines.append("finish = false")
    turns = _moves_by_turn(game)
    for turn, moves in turns:
        lines.append("")
        lines.append("[[turn]]")
        lines.append(f"at = {turn}")
        lines.append("exact = true")
        lines.append("moves = [" + ", ".join(json.dumps(m) for m in moves) + "]")
    if game.over or game.turn > 1:  # a game still in its first turn has finished no turn to check
        lines.append("")
        lines.append("# The state this recording reached:")
        lines.append("[[expect]]")
        if game.over:
            lines.append("at_end = true")
            lines.append(f"that = [{json.dumps('ending == ' + json.dumps(game.ending or ''))}]")
        else:
            lines.append(f"after_turn = {game.turn - 1}")
            lines.append(f'that = ["turn >= {game.turn - 1}"]')
    return "\n".join(lines) + "\n"


def _moves_by_turn(game: Game) -> list[tuple[int, list[str]]]:
    out: list[tuple[int, list[str]]] = []
    for turn, move in game.move_turns:
        if not out or out[-1][0] != turn:
            out.append((turn, []))
        out[-1][1].append(move)
    return out


# ---------------------------------------------------------------------------------------------
# Commands


def run_scripts_command(args: argparse.Namespace) -> int:
    from game.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, load_content_or_report

    if args.save and len(args.scripts) != 1:
        print("dualfreeze run: --save takes exactly one script", file=sys.stderr)
        return EXIT_USAGE
    if args.from_save and len(args.scripts) != 1:
        print("dualfreeze run: --from takes exactly one script", file=sys.stderr)
        return EXIT_USAGE
    content = load_content_or_report(args.mod)
    if content is None:
        return EXIT_FAIL
    results: list[ScriptResult] = []
    for name in args.scripts:
        path = Path(name)
        game = None
        if args.from_save:
            from game.saves import SaveError, load_game

            try:
                game, notice = load_game(Path(args.from_save), content)
            except SaveError as e:
                print(f"dualfreeze run: {e}", file=sys.stderr)
                return EXIT_FAIL
            if notice:
                print(notice, file=sys.stderr)
            _warn_if_script_differs(path, content, game)
        result = run_script(path, content, game)
        results.append(result)
        if args.save and result.game is not None:
            from game.saves import SaveError, write_save

            try:
                write_save(Path(args.save), result.game)
            except SaveError as e:
                print(f"dualfreeze run: {e}", file=sys.stderr)
                return EXIT_FAIL
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=1))
    else:
        for r in results:
            if r.ok:
                g = r.game
                assert g is not None
                ending = g.ending or ("none yet" if not g.over else "calendar")
                print(
                    f"ok   {r.script}: turn {g.turn} ({g.state.date}), ending {ending}, "
                    f"{r.checked} expectation(s) held, hash {g.state_hash()[:12]}"
                )
            else:
                print(f"FAIL {r.script}", file=sys.stdout)
                print(f"  {r.failure}", file=sys.stdout)
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAIL


def _warn_if_script_differs(path: Path, content: Content, game: Game) -> None:
    """With --from, the save decides the power, seed and scenario; say so when the script disagrees."""
    try:
        script = load_script(path, content).script
    except ScriptError:
        return  # run_script reports it
    differs = []
    if script.power != game.player:
        differs.append(f"power {script.power} (the save plays {game.player})")
    if script.seed != game.seed:
        differs.append(f"seed {script.seed} (the save's is {game.seed})")
    if script.scenario is not None and script.scenario != game.scenario.id:
        differs.append(f"scenario {script.scenario} (the save's is {game.scenario.id})")
    if differs:
        print(f"dualfreeze run: {path} names {'; '.join(differs)}: the saved game decides", file=sys.stderr)


def moves_command(args: argparse.Namespace) -> int:
    from game.cli import EXIT_FAIL, EXIT_OK, load_content_or_report

    content = load_content_or_report(args.mod)
    if content is None:
        return EXIT_FAIL
    result = run_script(Path(args.script), content, stop_at_end=True)
    if result.game is None or (result.failure and "expected" not in (result.failure or "")):
        print(result.failure, file=sys.stderr)
        return EXIT_FAIL
    game = result.game
    if game.over:
        print(f"# the game is over ({game.ending or 'calendar'}): no moves", file=sys.stderr)
        return EXIT_OK
    for m in game.legal_moves():
        print(m.notation())
    return EXIT_OK
