"""Any game's moves as a playthrough script that replays it exactly: a player's game becomes a test."""

from __future__ import annotations

import json

from game.ai import DEFAULT_POLICY
from game.engine.game import Game


def export_script(game: Game, description: str = "") -> str:
    """A game's moves as a script that replays it exactly."""
    lines = []
    if description:
        lines.append(f"description = {json.dumps(description)}")
    lines.append(f"scenario = {json.dumps(game.scenario.id)}")
    lines.append(f"power = {json.dumps(game.player)}")
    lines.append(f"seed = {game.seed}")
    lines.append(f"difficulty = {json.dumps(game.difficulty.id)}")
    if game.ai != DEFAULT_POLICY:
        lines.append(f"ai = {json.dumps(game.ai)}")
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
