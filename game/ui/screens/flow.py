"""Which dialog a move opens before it is made: one door for the screens and the palette alike.

An action opens the move dialog (with every target it may take), a proposal the move dialog
with the deal, a statement the statement dialog with its co-signers, an answer to a
counter-offer the offer dialog; each shows what the move would do. Talking, ending the month
and moves with their own screens go straight on.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from game.engine.game import Game
from game.moves import AcceptCounter, Act, Break, Choose, Move, Propose, RefuseCounter, Statement
from game.ui import view


def ask_to_make(screen: Screen[object], game: Game, move: Move, make: Callable[[Move], object]) -> None:
    """Open the preview that fits `move`; `make` is called with the move the player confirms."""
    from game.ui.screens.confirm import ConfirmMoveScreen
    from game.ui.screens.event import EventScreen, OfferScreen
    from game.ui.screens.statement import StatementScreen

    app = screen.app

    def then(chosen: Move | None) -> None:
        if chosen is not None:
            make(chosen)

    if isinstance(move, Act):
        row = next((r for r in view.action_rows(game) if r.action == move.action), None)
        moves = row.moves if row is not None and move in row.moves else (move,)
        app.push_screen(ConfirmMoveScreen(game, moves, move), then)
    elif isinstance(move, Statement):
        app.push_screen(StatementScreen(game, move.declaration, move.cosigners), then)
    elif isinstance(move, Propose | Break):
        app.push_screen(ConfirmMoveScreen(game, (move,)), then)
    elif isinstance(move, AcceptCounter | RefuseCounter):
        app.push_screen(OfferScreen(game), then)
    elif isinstance(move, Choose):
        app.push_screen(EventScreen(game, move), then)
    else:
        make(move)
