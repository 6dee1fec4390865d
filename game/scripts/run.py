"""Playing a script headless: its moves turn by turn, events answered as it says, expectations checked.

The first expectation that fails is reported with the script's path, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.ai import default_policy, policy_named
from game.engine.game import Game, GameSetupError
from game.engine.state import Phase
from game.mods.content import Content
from game.mods.expr import Condition, Scope
from game.moves import EndTurn, IllegalMoveError, MoveSyntaxError
from game.scripts.model import LoadedScript, ScriptError, ScriptTurn, load_script


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


class _Runner:
    """Plays one loaded script, checking expectations as turns end."""

    def __init__(
        self, loaded: LoadedScript, content: Content, game: Game | None = None, stop_at_end_of_script: bool = False
    ) -> None:
        self.loaded = loaded
        self.content = content
        s = loaded.script
        policy = policy_named(s.ai) if s.ai is not None else default_policy()
        self.game = game or Game(content, s.scenario, s.power, s.seed, s.difficulty, policy=policy)
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
                if not self._pass_until(target, i) or not self._play_turn(t, i, target, i == len(s.turn) - 1):
                    break
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

    def _play_turn(self, t: ScriptTurn, i: int, target: int, last: bool) -> bool:
        """One [[turn]] of the script: its choices, its moves, then the month ends; False on a failure."""
        g = self.game
        if t.exact:
            self._play_moves(t, i)
            return not self.failure
        answers_offers = bool(t.moves) and t.moves[0].split()[:1] in (["accept"], ["refuse"])
        answered = self._answer(t.choices, i, leave_offers=answers_offers)
        if self.failure:
            return False
        ended = self._play_moves(t, i)
        if self.failure:
            return False
        missing = [ev for ev in t.choices if ev not in answered]
        if missing:
            self.failure = (
                f"{self.where(('turn', i, 'choices', missing[0]))}: turn {target}: "
                f"event '{missing[0]}' did not ask for a choice this turn"
            )
            return False
        if not ended and not g.over and not (self.stop and last):
            self._answer({}, i)
            if g.phase is Phase.DIPLOMACY:
                g.play(EndTurn())
        return True

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
        counter = g.state.diplomacy.counter
        if counter is not None and j >= 0 and not (self.stop and t is self.loaded.script.turn[-1]):
            asks = ", ".join(counter.terms)
            self.failure = (
                f"{self.where(('turn', i, 'moves', j))}: turn {g.turn}: this drew a counter-offer from "
                f"{counter.by} ({asks}); answer it with `accept` or `refuse` as the next move"
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
