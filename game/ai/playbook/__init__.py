"""Playbooks: fixed strategies for one power's seat, written in TOML (docs/playbooks.md).

`load_playbooks` reads and checks them against the content (errors at file:line:col);
`PlaybookSeat` plays a seat by one, through the player's door; `play_seat` plays a whole game.
Two playbooks are built in, because every tournament measures against them: `ai` (the seat
played by the computer's own policy, through the same door) and `random` (uniformly random
legal moves and answers, with the playbook's own dice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.ai.playbook.load import (
    LoadedPlaybook,
    PlaybookError,
    check_playbook,
    load_playbook,
    load_playbooks,
    playbook_files,
)
from game.ai.playbook.model import FORMAT, Playbook
from game.ai.playbook.seat import PlaybookSeat, SeatStats, playbook_dice
from game.engine.game import Game
from game.engine.policy import Policy
from game.mods.content import Content

#: The seat played as the computer plays every other seat: its policy's moves and answers.
AI_PLAYBOOK: dict[str, Any] = {
    "name": "the AI in the seat",
    "description": "The computer's own policy plays the seat, through the player's door.",
    "events": {"otherwise": "ai"},
    "offers": {"answer": "ai"},
    "counters": {"answer": "ai"},
    "rule": [{"try": ["ai"], "take": "all"}],
}

#: Uniformly random legal moves until it draws `end`; random options and answers.
RANDOM_PLAYBOOK: dict[str, Any] = {
    "name": "random play",
    "description": "Each decision uniformly among the legal moves, until it draws the end of the month.",
    "events": {"otherwise": "random"},
    "offers": {"answer": "random"},
    "counters": {"answer": "random"},
    "rule": [{"try": ["random move"], "repeat": 50}],
}

BUILT_IN = {"ai": AI_PLAYBOOK, "random": RANDOM_PLAYBOOK}


def built_in(name: str, content: Content) -> LoadedPlaybook:
    """One of the built-in playbooks (`ai`, `random`), checked against the content."""
    return check_playbook(BUILT_IN[name], content, name)


@dataclass(frozen=True, slots=True)
class SeatResult:
    """One game with a seat played by a playbook: the seat's score, the ending, what it did."""

    score: float
    ending: str | None
    turns: int
    moves: int
    skipped: int
    state_hash: str


def play_seat(
    content: Content,
    playbook: LoadedPlaybook,
    seat: str,
    seed: int,
    policy: Policy,
    scenario: str | None = None,
    difficulty: str | None = None,
) -> SeatResult:
    """Play one game with `seat` played by `playbook` and every other power by `policy`."""
    game = Game(content, scenario, seat, seed, difficulty, policy=policy)
    player = PlaybookSeat(playbook, game, seat)
    player.play_to_end()
    st = game.state
    score = game.scores().get(seat, 0.0)
    return SeatResult(score, st.ending, st.turn, player.stats.played, player.stats.skipped, game.state_hash())


__all__ = [
    "AI_PLAYBOOK",
    "BUILT_IN",
    "FORMAT",
    "RANDOM_PLAYBOOK",
    "LoadedPlaybook",
    "Playbook",
    "PlaybookError",
    "PlaybookSeat",
    "SeatResult",
    "SeatStats",
    "built_in",
    "check_playbook",
    "load_playbook",
    "load_playbooks",
    "play_seat",
    "playbook_dice",
    "playbook_files",
]
