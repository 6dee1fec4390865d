"""Command palette providers: the legal moves of the moment, and the main screen's own commands.

The palette parses prompts and help as markup, so every prompt is built as `Content` from plain
text and the help line holds only move notation (ids, which cannot contain markup).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from game.ui.text import lit
from game.ui.view import move_cost, move_title

if TYPE_CHECKING:
    from textual.screen import Screen

    from game.engine.game import Game
    from game.moves import Move


def parse_or_warn(screen: Screen, game: Game, notation: str) -> Move | None:
    """A move given by notation (the palette, tests): legal, or a warning toast and None."""
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


def _moves(screen: object) -> list[tuple[str, str, str]]:
    """(title, notation, help) for each legal move, or nothing when the screen has no game."""
    game: Game | None = getattr(screen, "game", None)
    if game is None:
        return []
    out = []
    for m in game.legal_moves():
        title = move_title(game.content, m)
        cost = move_cost(game.content, m)
        help_text = m.notation() + (f"  ·  costs {cost}" if cost else "")
        out.append((title, m.notation(), help_text))
    return out


class MoveCommands(Provider):
    """Every move the player may make now, by name or by notation."""

    def _run(self, notation: str) -> None:
        host = self.screen
        request: Callable[[str], None] | None = getattr(host, "request_move", None)
        if request is not None:
            request(notation)

    async def discover(self) -> Hits:
        for title, notation, help_text in _moves(self.screen):
            yield DiscoveryHit(lit(title), partial(self._run, notation), text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, notation, help_text in _moves(self.screen):
            candidate = f"{title} · {notation}"
            score = matcher.match(candidate)
            if score > 0:
                shown = highlight(matcher, candidate, len(title))
                yield Hit(score, shown, partial(self._run, notation), text=title, help=help_text)


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
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), partial(self._run, action), text=name, help=help_text)

    def _run(self, action: str) -> None:
        qualified = action if "." in action else f"screen.{action}"
        self.app.call_later(self.app.run_action, qualified)
