"""`dualfreeze run SCRIPT...` and `dualfreeze moves SCRIPT`: scripts played headless from the command line.

Scripts are named by path, or found in the `scripts/` folder of a mod given with `--mod` (all of
them when none is named). `--save FILE` writes the game a script reached only when the script
passed, and says so either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.commands.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, load_content_or_report, say
from game.engine.game import Game
from game.engine.records import News
from game.mods.content import Content
from game.saves import SaveError, load_game, write_save
from game.saves.record import shown_path
from game.scripts import ScriptError, ScriptResult, load_script, run_script
from game.scripts.find import FoundScript, ScriptNotFound, find_scripts


def run_command(args: argparse.Namespace) -> int:
    try:
        found = find_scripts(args.scripts, args.mod)
    except ScriptNotFound as e:
        say(f"dualfreeze run: {e}")
        return EXIT_USAGE
    if args.save and len(found) != 1:
        say("dualfreeze run: --save takes exactly one script")
        return EXIT_USAGE
    if args.from_save and len(found) != 1:
        say("dualfreeze run: --from takes exactly one script")
        return EXIT_USAGE
    content = load_content_or_report(args.mod)
    if content is None:
        return EXIT_FAIL
    results: list[ScriptResult] = []
    for script in found:
        result = _run_one(script, content, args.from_save)
        if result is None:
            return EXIT_FAIL
        results.append(result)
        _say_limits(result)
    if args.save and not _save(Path(args.save), results[0]):
        return EXIT_FAIL
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=1))
    else:
        for r in results:
            _report(r)
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAIL


def _run_one(script: FoundScript, content: Content, from_save: str | None) -> ScriptResult | None:
    if script.refused:
        return ScriptResult(script.shown, False, None, f"{script.shown}: {script.refused}")
    game = None
    if from_save:
        try:
            game, notice = load_game(Path(from_save), content)
        except SaveError as e:
            say(f"dualfreeze run: {e}")
            return None
        if notice:
            say(notice)
        _warn_if_script_differs(script, content, game)
    result = run_script(script.path, content, game)
    result.script = script.shown
    return result


def _save(path: Path, result: ScriptResult) -> bool:
    """Write the game a script reached, only when it passed; say what was written, or why not."""
    if not result.ok or result.game is None:
        say(f"dualfreeze run: the script failed, so no save was written ({shown_path(path)} is untouched)")
        return True
    try:
        written = write_save(path, result.game)
    except SaveError as e:
        say(f"dualfreeze run: {e}")
        return False
    g = result.game
    say(f"dualfreeze run: saved the game at turn {g.turn} ({g.state.date}) to {shown_path(written)}")
    return True


def _report(r: ScriptResult) -> None:
    if r.ok:
        g = r.game
        assert g is not None
        ending = g.ending or ("none yet" if not g.over else "calendar")
        say(
            f"ok   {r.script}: turn {g.turn} ({g.state.date}), ending {ending}, "
            f"{r.checked} expectation(s) held, hash {g.state_hash()[:12]}",
            out=sys.stdout,
        )
    else:
        say(f"FAIL {r.script}", out=sys.stdout)
        say(f"  {r.failure}", out=sys.stdout)


def _say_limits(r: ScriptResult) -> None:
    """A month whose events or reactions hit the content's limits is worth a word on the terminal."""
    if r.game is None:
        return
    hits = [rec for rec in r.game.state.log if isinstance(rec, News) and rec.id == "limit"]
    if hits:
        first = hits[0]
        say(f"dualfreeze run: {r.script}: turn {first.turn} ({first.date}): {first.text}")
    if len(hits) > 1:
        months = len({rec.turn for rec in hits})
        say(f"dualfreeze run: {r.script}: the limits were hit {len(hits)} times in all, in {months} month(s)")


def _warn_if_script_differs(script: FoundScript, content: Content, game: Game) -> None:
    """With --from, the save decides the power, seed and scenario; say so when the script disagrees."""
    try:
        loaded = load_script(script.path, content).script
    except ScriptError:
        return  # run_script reports it
    differs = []
    if loaded.power != game.player:
        differs.append(f"power {loaded.power} (the save plays {game.player})")
    if loaded.seed != game.seed:
        differs.append(f"seed {loaded.seed} (the save's is {game.seed})")
    if loaded.scenario is not None and loaded.scenario != game.scenario.id:
        differs.append(f"scenario {loaded.scenario} (the save's is {game.scenario.id})")
    if differs:
        say(f"dualfreeze run: {script.shown} names {'; '.join(differs)}: the saved game decides")


def moves_command(args: argparse.Namespace) -> int:
    try:
        (script,) = find_scripts([args.script], args.mod)
    except ScriptNotFound as e:
        say(f"dualfreeze moves: {e}")
        return EXIT_USAGE
    content = load_content_or_report(args.mod)
    if content is None:
        return EXIT_FAIL
    if script.refused:
        say(f"{script.shown}: {script.refused}")
        return EXIT_FAIL
    result = run_script(script.path, content, stop_at_end=True)
    if result.game is None or (result.failure and "expected" not in (result.failure or "")):
        say(str(result.failure))
        return EXIT_FAIL
    game = result.game
    if game.over:
        say(f"# the game is over ({game.ending or 'calendar'}): no moves")
        return EXIT_OK
    for m in game.legal_moves():
        print(m.notation())
    return EXIT_OK
