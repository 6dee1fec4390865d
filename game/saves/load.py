"""Loading a save: restore its snapshot and check it, or replay its moves, and say what was done."""

from __future__ import annotations

from pathlib import Path

from game.ai import policy_named
from game.engine.checks import state_problem
from game.engine.game import Game, GameSetupError
from game.mods.content import Content
from game.moves import IllegalMoveError, MoveSyntaxError
from game.saves.record import (
    FORMAT_VERSION,
    SAVE_PHASES,
    SaveError,
    SaveRecord,
    backup_path,
    canonical,
    control_in,
    read_record,
    shown_path,
)


class _Damaged(Exception):
    """The snapshot cannot be trusted; the moves may still rebuild the game."""


def load_game(path: Path | str, content: Content) -> tuple[Game, str | None]:
    """Load a save on this content; returns the game and a notice for the player, or None.

    The notice says what was done when the save could not be taken as it is: an old format
    converted, the content changed (the moves were replayed on it), a damaged state rebuilt from
    the moves. Raises SaveError, naming the file and the reason, when the game cannot be had.
    """
    path = Path(path)
    try:
        read = read_record(path)
    except SaveError as e:
        bak = backup_path(path)
        if bak.is_file() and path.suffix != ".bak":
            raise SaveError(path, f"{e.reason} (the previous save here is kept in {bak.name})") from None
        raise
    rec = read.record
    shown = shown_path(path)
    notes: list[str] = []
    if read.from_version < FORMAT_VERSION:
        by = f" by Dual Freeze {rec.game_version}" if rec.game_version else ""
        notes.append(f"{shown} was saved in the older format {read.from_version}{by} and was converted.")
    if rec.content.fingerprint != content.fingerprint:
        game = _replay(path, rec, content, "the content has changed since it was saved and ")
        same = rec.state_hash is not None and game.state_hash() == rec.state_hash
        result = (
            "the game came out exactly as saved"
            if same
            else "the game may have gone differently from the one you saved"
        )
        notes.append(
            f"{shown} was saved with other content ({_mods_changed(rec, content)}): its {len(rec.moves)} "
            f"move(s) were replayed on the current content and {result}."
        )
        return game, " ".join(notes)
    if rec.snapshot is None:
        game = _replay(path, rec, content, "")
        notes.append(f"Its {len(rec.moves)} move(s) were replayed to rebuild the game.")
        return game, " ".join(notes)
    try:
        game = _restore(path, rec, content)
    except _Damaged as e:
        game = _replay(path, rec, content, f"its saved state is damaged ({e}) and ")
        if rec.state_hash is not None and game.state_hash() == rec.state_hash:
            notes.append(
                f"{shown}: the saved state was damaged ({e}); the game was rebuilt from its "
                f"{len(rec.moves)} move(s) and matches the save exactly."
            )
        else:
            notes.append(
                f"{shown}: the saved state was damaged ({e}); the game was rebuilt by replaying its "
                f"{len(rec.moves)} move(s) from the start: check it is where you left it."
            )
        return game, " ".join(notes)
    if read.unvouched:
        # Nothing vouches for the snapshot, however sound it looks: the moves decide, and the
        # player is told whether they lead to it.
        game = _replay(path, rec, content, f"it has no {read.unvouched} and ")
        result = (
            "and it matches the saved state exactly"
            if canonical(game.state.snapshot()) == canonical(rec.snapshot)
            else "from the start, and it differs from the saved state: check it is where you left it"
        )
        notes.append(
            f"{shown} has no {read.unvouched} to vouch for its saved state, so the game was rebuilt by "
            f"replaying its {len(rec.moves)} move(s) {result}."
        )
        return game, " ".join(notes)
    if not read.intact:
        try:
            again = _replay(path, rec, content, "")
        except SaveError:
            again = None
        if again is not None and again.state_hash() == game.state_hash():
            notes.append(f"{shown} was changed outside the game, but its moves still lead to its saved state.")
        else:
            notes.append(
                f"{shown} was changed outside the game: its saved state is intact and the game goes on from "
                "it, but its recorded moves no longer lead there, so an exported recording will not replay it."
            )
    return game, " ".join(notes) or None


def _new_game(path: Path, rec: SaveRecord, content: Content, start: bool) -> Game:
    try:
        policy = policy_named(rec.ai)
    except KeyError:
        raise SaveError(
            path, f"the save names a way of playing the computer's powers ({rec.ai!r}) this version does not have"
        ) from None
    try:
        game = Game(content, rec.scenario, rec.power, rec.seed, rec.difficulty, policy=policy, start=start)
    except GameSetupError as e:
        raise SaveError(path, f"the saved game does not fit the current content: {e}") from None
    if game.difficulty.id != rec.difficulty:  # content without levels plays every game at its one
        raise SaveError(
            path,
            f"the saved game does not fit the current content: it was played at the difficulty "
            f"{rec.difficulty!r}, which the content does not have (it plays at {game.difficulty.id!r})",
        )
    return game


def _restore(path: Path, rec: SaveRecord, content: Content) -> Game:
    game = _new_game(path, rec, content, start=False)
    snap = rec.snapshot
    assert snap is not None
    where = control_in(snap, "snapshot")
    if where is not None:
        raise _Damaged(where)
    try:
        game.state.restore(snap)
        again = game.state.snapshot()
        # What restore() reads must be exactly what snapshot() writes: a value of the wrong
        # type, a key restore ignores or a field it derives would otherwise pass unseen.
        differs = canonical(again) != canonical(snap)
    except Exception as e:  # the snapshot is untrusted input: any failure means it is damaged
        raise _Damaged(f"it does not restore: {type(e).__name__} {e}") from None
    if differs:
        keys = sorted(set(again) | set(snap))
        bad = next((k for k in keys if canonical(again.get(k)) != canonical(snap.get(k))), "?")
        raise _Damaged(f"its '{bad}' holds values the game never writes")
    try:
        problem = _state_problem(game)
    except Exception as e:  # a value of a type no check foresaw
        problem = f"it holds values of the wrong kind ({type(e).__name__} {e})"
    if problem:
        raise _Damaged(problem)
    if rec.state_hash is not None and game.state_hash() != rec.state_hash:
        raise _Damaged("it does not match its recorded hash")
    try:
        game.rng.setstate((rec.rng.version, tuple(rec.rng.internal), rec.rng.gauss_next))
    except (TypeError, ValueError) as e:
        raise _Damaged(f"the random generator state is invalid: {e}") from None
    game.move_turns = [(turn, move) for turn, move in rec.moves]
    return game


def _state_problem(game: Game) -> str | None:
    """What in a restored state the content cannot play on, or a save never holds, or None."""
    st = game.state
    problem = state_problem(st)
    if problem:
        return problem
    if st.phase not in SAVE_PHASES:
        return f"a game is never saved in the {st.phase.value} phase"
    return None


def _replay(path: Path, rec: SaveRecord, content: Content, why: str) -> Game:
    """The game rebuilt from the seed and its moves; raises SaveError when a move is refused."""
    game = _new_game(path, rec, content, start=True)
    total = len(rec.moves)
    for i, (turn, move) in enumerate(rec.moves, 1):
        try:
            game.play(move)
        except (MoveSyntaxError, IllegalMoveError) as e:
            raise SaveError(
                path,
                f"{why}its moves cannot be replayed: move {i} of {total}, `{move}` on turn {turn}, "
                f"is not allowed now: {e}",
            ) from None
        except Exception as e:  # the engine is running a stranger's moves: report, never crash
            raise SaveError(
                path, f"{why}replaying its moves failed at move {i} of {total} (`{move}`): {type(e).__name__} {e}"
            ) from None
    return game


def _mods_changed(rec: SaveRecord, content: Content) -> str:
    def names(mods: list[tuple[str, str]]) -> str:
        return ", ".join(f"{i} {v}" for i, v in mods) or "unknown"

    then = [(m.id, m.version) for m in rec.content.mods]
    now = [(m.id, m.version) for m in content.mods]
    if then and then != now:
        return f"mods then: {names(then)}; now: {names(now)}"
    return "the same mods, but their files were changed"
