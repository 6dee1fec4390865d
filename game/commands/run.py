"""`dualfreeze run SCRIPT...` and `dualfreeze moves SCRIPT`: scripts played headless from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.commands.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, load_content_or_report
from game.engine.game import Game
from game.mods.content import Content
from game.saves import SaveError, load_game, write_save
from game.scripts import ScriptError, ScriptResult, load_script, run_script


def run_command(args: argparse.Namespace) -> int:
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
