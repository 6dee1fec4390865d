"""Playthrough scripts: read and checked (`model`), played headless (`run`), recorded from a game (`export`)."""

from game.scripts.export import export_script
from game.scripts.model import Expect, LoadedScript, Script, ScriptError, ScriptTurn, load_script, script_names
from game.scripts.run import ScriptResult, run_script

__all__ = [
    "Expect",
    "LoadedScript",
    "Script",
    "ScriptError",
    "ScriptResult",
    "ScriptTurn",
    "export_script",
    "load_script",
    "run_script",
    "script_names",
]
