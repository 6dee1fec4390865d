"""One game from the first briefing to its ending: the thin door the interface and runners use.

A game is content, a scenario, a power, a seed and the moves played. `Game.play(move)` checks
the move, applies it through the one door (`step.apply`), runs every automatic phase that
follows (the other powers' turn, the resolution, the next briefing) and stops where the player
must decide again, returning the records that were written. The computer's powers are played
by the `Policy` the game is given.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Iterable

from game.engine import legal, scoring, setup
from game.engine.endings import end_now
from game.engine.policy import Policy
from game.engine.preview import Preview, preview
from game.engine.records import Record, Verdict
from game.engine.setup import GameSetupError, new_state
from game.engine.state import GameState, Phase
from game.engine.step import apply
from game.engine.turn import advance
from game.mods.content import Content, ScenarioDef
from game.mods.rule_models import Difficulty
from game.moves import (
    AcceptCounter,
    Choose,
    EndTurn,
    IllegalMoveError,
    Move,
    MoveSyntaxError,
    RefuseCounter,
    parse_move,
)

__all__ = ["Game", "GameSetupError", "replay"]


class Game:
    """A game in progress. `player=None` lets the computer play every power."""

    def __init__(
        self,
        content: Content,
        scenario: str | None = None,
        player: str | None = None,
        seed: int = 0,
        difficulty: str | None = None,
        *,
        policy: Policy,
        start: bool = True,
    ) -> None:
        self.content = content
        self.policy = policy
        self.state: GameState = new_state(content, scenario, player, seed, difficulty)
        #: (turn, notation) of every player move, for saves and recordings.
        self.move_turns: list[tuple[int, str]] = []
        #: Called with the turn number when a turn's resolution is done (scripts check expectations).
        self.on_turn_end: Callable[[int], None] | None = None
        if start:
            advance(self.state, policy)

    # -- reading ---------------------------------------------------------------------------

    @property
    def player(self) -> str | None:
        return self.state.player or None

    @property
    def seed(self) -> int:
        return self.state.seed

    @property
    def scenario(self) -> ScenarioDef:
        return self.state.scenario

    @property
    def difficulty(self) -> Difficulty:
        return self.state.difficulty

    @property
    def ai(self) -> str:
        """The name of the way the computer plays (saves record it)."""
        return self.policy.name

    @property
    def rng(self) -> random.Random:
        return self.state.rng

    @property
    def phase(self) -> Phase:
        return self.state.phase

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def over(self) -> bool:
        return self.state.phase is Phase.GAME_OVER

    @property
    def ending(self) -> str | None:
        return self.state.ending

    @property
    def move_log(self) -> list[str]:
        """The notation of every player move, in order."""
        return [m for _, m in self.move_turns]

    def state_hash(self) -> str:
        return self.state.state_hash()

    def legal_moves(self) -> list[Move]:
        """The player's moves worth listing now, in a fixed order."""
        return legal.legal_moves(self.state)

    def why_not(self, move: Move) -> str | None:
        """Why a well-formed move is not allowed now, or None when it is."""
        return legal.why_not(self.state, move)

    def parse_move(self, text: str) -> Move:
        """Parse notation and check it is allowed now; raises MoveSyntaxError or IllegalMoveError."""
        move = parse_move(text)
        why = self.why_not(move)
        if why is not None:
            raise IllegalMoveError(why)
        return move

    def preview(self, move: Move) -> Preview:
        """What `move` would likely do, and what the advisors think, without changing the game."""
        return preview(self.state, move, self.policy)

    def scores(self) -> dict[str, float]:
        """Each power's score as things stand (its final score once the game is over)."""
        return dict(self.state.scores) if self.state.scores else scoring.scores(self.state, self.state.ending)

    def historical_scores(self) -> dict[str, float]:
        """What each power scored in real history, by the scenario's record of the end state."""
        return setup.historical_scores(self.state)

    # -- playing ---------------------------------------------------------------------------

    def play(self, move: Move | str) -> list[Record]:
        """Make one move and run the game on to the player's next decision."""
        if isinstance(move, str):
            move = self.parse_move(move)
        else:
            why = self.why_not(move)
            if why is not None:
                raise IllegalMoveError(why)
        before = len(self.state.log)
        self.move_turns.append((self.state.turn, move.notation()))
        apply(self.state, move, self.policy)
        if not end_now(self.state):
            advance(self.state, self.policy, self.on_turn_end)
        return self.state.log[before:]

    def auto_answer(self) -> None:
        """Answer the first thing waiting for the player as the computer would (scripts, autoplay).

        The choice is made with dice of its own, seeded from the game and the moment, never the
        game's: the move it makes is all a replay needs to find the same game again.
        """
        st = self.state
        if st.pending:
            pend = st.pending[0]
            ev = self.content.events[pend.event]
            dice = random.Random(zlib.crc32(f"{self.seed}:{st.turn}:{ev.id}".encode()))
            opt = self.policy.choose_option(st, pend.power, ev, dice) or ev.options[0]
            self.play(Choose(ev.id, opt.model.id))
        elif st.diplomacy.offers:
            deal = st.diplomacy.offers[0]
            ans = self.policy.answer(st, st.player, deal, counters=False)
            self.play(AcceptCounter() if ans.verdict is Verdict.ACCEPT else RefuseCounter())
        elif st.diplomacy.counter is not None:
            self.play(RefuseCounter())

    def run_to_end(self, max_turns: int = 10_000) -> None:
        """Let the computer finish the game: the player ends each turn and answers like an AI."""
        guard = 0
        while not self.over and guard < max_turns * 10:
            guard += 1
            if self.phase is Phase.EVENT_CHOICES or self.state.diplomacy.counter is not None:
                self.auto_answer()
            else:
                self.play(EndTurn())


def replay(
    content: Content,
    scenario: str | None,
    player: str | None,
    seed: int,
    difficulty: str | None,
    moves: Iterable[str],
    *,
    policy: Policy,
) -> Game:
    """Play a recorded game again from its moves."""
    game = Game(content, scenario, player, seed, difficulty, policy=policy)
    for i, text in enumerate(moves, 1):
        try:
            game.play(text)
        except (MoveSyntaxError, IllegalMoveError) as e:
            raise IllegalMoveError(f"move {i} ({text!r}): {e}") from None
    return game
