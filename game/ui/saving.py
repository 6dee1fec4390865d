"""The saves folder as the interface uses it: save, autosave, list and load, with errors as messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.mods.content import Content


class SaveProblem(Exception):
    """A save could not be written or read; the message is for the player."""


@dataclass(frozen=True, slots=True)
class SaveEntry:
    path: Path
    name: str
    detail: str  # power, date, turn, when saved; or why it cannot be loaded
    ok: bool
    #: The saved game has ended (continuing it would only show its end screen).
    finished: bool = False
    #: The power and month it was saved at, in words ("China, March 2018"), when it can be loaded.
    where: str = ""


def _saves() -> Any | None:
    try:
        import game.saves as saves
    except ImportError:
        return None
    return saves


class SaveShelf:
    """One saves folder. Every method turns a failure into `SaveProblem` with a readable reason."""

    def __init__(self, folder: Path | str | None) -> None:
        self._folder = folder

    @property
    def available(self) -> bool:
        return _saves() is not None

    @property
    def folder(self) -> Path:
        saves = _saves()
        if saves is None:
            return Path(self._folder or "saves")
        return Path(saves.saves_dir(self._folder))

    def entries(self, content: Content) -> list[SaveEntry]:
        saves = _saves()
        if saves is None:
            return []
        try:
            infos = saves.list_saves(self.folder, content)
        except (OSError, saves.SaveError):
            return []
        out = []
        for i in infos:
            if not i.ok:
                out.append(SaveEntry(i.path, i.name, f"cannot be loaded: {i.error}", False))
                continue
            when = i.saved_at.astimezone().strftime("%Y-%m-%d %H:%M") if i.saved_at else ""
            from game.ui.view import month_label

            month = month_label(i.date) if i.date else ""
            over = "finished" if i.ending else ""
            bits = [i.power_name or "", month, f"turn {i.turn}" if i.turn else "", over, i.kind, when]
            if i.content_matches is False:
                bits.append("other content: moves will be replayed")
            where = ", ".join(b for b in (i.power_name or "", month) if b)
            out.append(SaveEntry(i.path, i.name, " · ".join(b for b in bits if b), True, bool(i.ending), where))
        return out

    def newest_entry(self, content: Content) -> SaveEntry | None:
        """The newest save that can be loaded (what "continue" offers), with what it holds."""
        return next((e for e in self.entries(content) if e.ok), None)

    def newest(self, content: Content) -> Path | None:
        saves = _saves()
        if saves is None:
            return None
        try:
            path = saves.newest_save(self.folder, content)
        except (OSError, saves.SaveError):
            return None
        return Path(path) if path is not None else None

    def save(self, name: str, game: Game) -> Path:
        saves = _saves()
        if saves is None:
            raise SaveProblem("saving is not available in this build")
        try:
            return Path(saves.save_slot(self.folder, name, game))
        except saves.SaveError as e:
            raise SaveProblem(str(e)) from None
        except OSError as e:
            raise SaveProblem(f"the save cannot be written: {e.strerror or e}") from None

    def record(self, game: Game) -> Path:
        """Write the game's moves as a playthrough script beside the saves; returns its path."""
        saves = _saves()
        if saves is None:
            raise SaveProblem("recordings are not available in this build")
        from game.scripts import export_script

        name = f"{game.player or 'all'}-seed{game.seed}-turn{game.turn}.toml"
        path = self.folder / "recordings" / name
        text = export_script(game, f"Recorded from a game of {game.player}, seed {game.seed}, at turn {game.turn}.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            saves.write_atomically(path, text.encode("utf-8"), backup=False)
        except saves.SaveError as e:
            raise SaveProblem(str(e)) from None
        except OSError as e:
            raise SaveProblem(f"the recording cannot be written: {e.strerror or e}") from None
        return path

    def autosave(self, game: Game) -> str | None:
        """Write an autosave; returns a problem to show, or None."""
        saves = _saves()
        if saves is None:
            return None
        try:
            saves.autosave(self.folder, game)
        except saves.SaveError as e:
            return f"autosave failed: {e}"
        except OSError as e:
            return f"autosave failed: {e.strerror or e}"
        return None

    def load(self, path: Path, content: Content) -> tuple[Game, str | None]:
        saves = _saves()
        if saves is None:
            raise SaveProblem("loading is not available in this build")
        try:
            game, notice = saves.load_game(path, content)
        except saves.SaveError as e:
            raise SaveProblem(str(e)) from None
        except OSError as e:
            raise SaveProblem(f"the save cannot be read: {e.strerror or e}") from None
        return game, notice
