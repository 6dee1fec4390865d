"""Command palette providers: the player's moves of the moment, and the main screen's commands.

Each hit carries the very move it names (never notation to parse again), and picking it opens
the same preview as the screen does, so a fuzzy match can never send a move the player did not
see first. Moves that are closed now are listed too, with why: typing the name of a closed move
finds that move and its reason, not the nearest open one.

The palette parses prompts and help as markup, so every prompt is built as `Content` from plain
text and help is given as literal text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from game.moves import Propose
from game.ui import view
from game.ui.text import lit

if TYPE_CHECKING:
    from textual.screen import Screen

    from game.engine.game import Game
    from game.moves import Move


def parse_or_warn(screen: Screen, game: Game, notation: str) -> Move | None:
    """A move given by notation (tests, typed notation): legal, or a warning toast and None."""
    try:
        return game.parse_move(notation)
    except ValueError as e:
        screen.notify(str(e), title="Not possible", severity="warning", markup=False)
        return None


def highlight(matcher: Matcher, text: str, shown: int | None = None) -> Content:
    """Like `Matcher.highlight`, but the candidate stays literal text (that one parses markup).

    Only the first `shown` characters are displayed (the rest of the candidate is matched only)."""
    shown = len(text) if shown is None else shown
    content = lit(text[:shown])
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if offset < shown and not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the palette: a move open now, or an action closed now with why."""

    title: str
    help: str
    move: Move | None
    why: str | None = None


def palette_title(game: Game, move: Move) -> str:
    """A move in words; a proposal of a known deal says the deal's name."""
    c = game.content
    if isinstance(move, Propose):
        known = next((p for p in c.packages.values() if tuple(p.model.terms) == move.terms), None)
        if known is not None:
            return (
                f"Propose {known.model.name[:1].lower() + known.model.name[1:]} to {view.power_names(c, move.parties)}"
            )
    return view.move_title(c, move)


def entries(screen: object) -> tuple[Entry, ...]:
    """Every move the player may make now, then the actions closed now, or nothing without a game.
    Kept until the game moves on, as the board's rows are: the palette asks on opening and again
    on every key typed into it."""
    game: Game | None = getattr(screen, "game", None)
    if game is None:
        return ()
    return view.kept(game, "ui.palette", lambda: fresh_entries(game))


def fresh_entries(game: Game) -> tuple[Entry, ...]:
    """`entries` of a game, worked out afresh."""
    out = []
    for m in game.legal_moves():
        cost = view.move_cost(game.content, m)
        out.append(Entry(palette_title(game, m), m.notation() + (f"  ·  costs ◆{cost}" if cost else ""), m))
    if game.phase.value == "diplomacy" and game.state.diplomacy.counter is None:
        for row in view.action_rows(game):
            if not row.moves:
                why = row.blocked or "Not possible now"
                out.append(Entry(f"✕ {row.name}", f"closed now: {why}", None, why))
    return tuple(out)


def score(matcher: Matcher, query: str, entry: Entry, candidate: str) -> float:
    """The fuzzy score, raised to the top for a title typed in full or from its start."""
    title = entry.title.removeprefix("✕ ").casefold()
    typed = query.strip().casefold()
    if typed and (title == typed or title.startswith(typed)):
        return 1.0
    return matcher.match(candidate)


class MoveCommands(Provider):
    """Every move the player may make now, by name or by notation, and the closed ones with why."""

    def _run(self, entry: Entry) -> None:
        host = self.screen
        if entry.move is None:
            host.notify(entry.why or "Not possible now", title=entry.title.removeprefix("✕ "), severity="warning")
            return
        request: Callable[[Move], None] | None = getattr(host, "request_move", None)
        if request is not None:
            request(entry.move)

    async def discover(self) -> Hits:
        for e in entries(self.screen):
            yield DiscoveryHit(lit(e.title), partial(self._run, e), text=e.title, help=lit(e.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for e in entries(self.screen):
            candidate = f"{e.title} · {e.move.notation()}" if e.move is not None else e.title
            points = score(matcher, query, e, candidate)
            if points > 0:
                shown = highlight(matcher, candidate, len(e.title))
                yield Hit(points, shown, partial(self._run, e), text=e.title, help=lit(e.help))


class ScreenCommands(Provider):
    """The main screen's commands: end the month, talk, help, save and load."""

    COMMANDS = (
        ("End the month", "end_turn", "let the other powers move and see what the month brings"),
        ("Talk and negotiate", "dialogue", "open the dialogue screen"),
        ("Help: rules and keys", "app.help", "how to play"),
        ("Save the game", "save", "write a save"),
        ("Load a game", "load", "open a save"),
        ("Game menu", "menu", "save, load, help, quit to the title"),
    )

    async def discover(self) -> Hits:
        for name, action, help_text in self.COMMANDS:
            yield DiscoveryHit(lit(name), partial(self._run, action), text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self.COMMANDS:
            points = matcher.match(name)
            if points > 0:
                yield Hit(points, highlight(matcher, name), partial(self._run, action), text=name, help=help_text)

    def _run(self, action: str) -> None:
        qualified = action if "." in action else f"screen.{action}"
        self.app.call_later(self.app.run_action, qualified)
