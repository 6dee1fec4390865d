"""Before a move is made: what it is, what it costs, its likely effects, whether it climbs the
ladder, and what the advisors say. Every move that changes the world passes through here or
through the statement screen, whether it came from the screen or the command palette."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.game import Game
from game.engine.preview import PREVIEWED, Preview
from game.moves import Act, Break, Move, Propose
from game.ui import view
from game.ui.screens.modal import FittedModal, buttons, modal_css
from game.ui.text import hanging, lit, prose, wrapped
from game.ui.view import move_cost, move_title, power_name
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.preview import preview_lines
from game.ui.widgets.wrapped import Wrapped


def cost_line(game: Game, move: Move) -> Content:
    """What the move costs, what is left after it, and the moves left this month."""
    st = game.state
    c = game.content
    cost = move_cost(c, move)
    have = st.pvars.get(game.player or "", {}).get(c.rules.capital, 0)
    moves_left = c.rules.moves_per_turn - st.moves_made
    after = moves_left - 1 if view.takes_a_move(move) else moves_left
    return Content.assemble(
        lit(f"Costs ◆{cost} political capital", "bold $text-warning"),
        lit(f" · you have {have}, {max(0, have - cost)} left after · "),
        lit(f"{max(0, after)} move{'s' if after != 1 else ''} left this month after it"),
    )


def deal_lines(game: Game, move: Propose, width: int) -> list[Content]:
    """A proposal's parties and terms, each with who gives it and what it means."""
    c = game.content
    lines = wrapped(Content.assemble(lit("To: ", "bold"), lit(view.power_names(c, move.parties))), width, 4)
    for t in move.terms:
        tv = view.term_view(c, t)
        body = Content.assemble(lit(tv.name, "bold"), lit(f" (given by {tv.giver})", "$foreground-muted"))
        lines.extend(hanging(lit("  • "), body, width))
        if tv.description:
            lines.extend(hanging(lit("    "), lit(tv.description, "$foreground-muted"), width))
    return lines


def move_heading(game: Game, move: Move) -> str:
    """What the dialog calls the move: the action's name, the deal, the agreement broken."""
    c = game.content
    if isinstance(move, Act) and move.action in c.actions:
        return c.actions[move.action].model.name
    if isinstance(move, Break):
        agreement = game.state.agreement(move.agreement)
        return f"Break the agreement: {agreement.name if agreement else move.agreement}"
    if isinstance(move, Propose):
        known = next((p for p in c.packages.values() if tuple(p.model.terms) == move.terms), None)
        return f"Propose a deal: {known.model.name}" if known is not None else "Propose a deal"
    return move_title(c, move)


class ConfirmMoveScreen(FittedModal[Move | None]):
    """Shows a move (one per target) with its preview; returns the move to make, or None."""

    DEFAULT_CSS = (
        modal_css("ConfirmMoveScreen")
        + """
    ConfirmMoveScreen #middle {
        height: auto;
    }
    ConfirmMoveScreen #targets {
        width: 22;
        height: auto;
        max-height: 100%;
        margin-right: 1;
    }
    ConfirmMoveScreen #about {
        height: auto;
    }
    ConfirmMoveScreen #cost {
        margin-bottom: 1;
    }
    """
    )

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("n", "cancel", "Cancel", show=False),
        Binding("y", "confirm", "Make the move"),
    ]
    #: What the move is may take up to half the rows left; its preview takes the rest.
    FLEXIBLE = (("#about", 0.5), ("#body", 1.0))

    def __init__(self, game: Game, moves: tuple[Move, ...], selected: Move | None = None) -> None:
        super().__init__()
        self.game = game
        self.moves = moves
        self.move: Move = selected if selected in moves else moves[0]

    def compose(self) -> ComposeResult:
        yield KeyBar()
        c = self.game.content
        first = self.moves[0]
        with Vertical(id="dialog") as dialog:
            dialog.border_title = lit("Make this move?")  # type: ignore[assignment]
            yield Static(lit(move_heading(self.game, first)), id="title")
            with VerticalScroll(id="about"):
                yield Wrapped(self._what, id="description", classes="muted")
            yield Static(cost_line(self.game, first), id="cost")
            with Horizontal(id="middle"):
                if len(self.moves) > 1:
                    targets = OptionList(
                        *[Option(lit(power_name(c, m.target) if isinstance(m, Act) else "")) for m in self.moves],
                        id="targets",
                    )
                    targets.border_title = lit("Toward")  # type: ignore[assignment]
                    yield targets
                with VerticalScroll(id="body"):
                    yield Wrapped(id="preview")
            with Horizontal(id="buttons"):
                yield from buttons((("Make the move [y]", "confirm", "primary"), ("Cancel [esc]", "cancel", "default")))

    def _what(self, width: int) -> list[Content]:
        c = self.game.content
        move = self.moves[0]
        if isinstance(move, Act) and move.action in c.actions and c.actions[move.action].model.description:
            return wrapped(lit(prose(c.actions[move.action].model.description)), width)
        if isinstance(move, Propose):
            return deal_lines(self.game, move, width)
        if isinstance(move, Break):
            return wrapped(lit("The agreement ends, and every other party to it will remember who broke it."), width)
        return []

    def on_mount(self) -> None:
        targets = self.query("#targets")
        if targets:
            ol = targets.first(OptionList)
            ol.highlighted = self.moves.index(self.move)
            ol.focus()
        else:
            self.query_one("#confirm", Button).focus()
        self.show_preview()

    def preview(self) -> Preview | None:
        # Walking out is previewed too: the advisors speak, though the engine foresees no change.
        return self.game.preview(self.move) if isinstance(self.move, (*PREVIEWED, Break)) else None

    def show_preview(self) -> None:
        pv = self.preview()
        game = self.game
        move = self.move
        heading = "If every party agrees" if isinstance(move, Propose) else "Likely effects"

        def lines(width: int) -> list[Content]:
            out: list[Content] = []
            if isinstance(move, Act) and move.target:
                out.append(lit(f"Toward {power_name(game.content, move.target)}", "bold"))
            if pv is None:
                out.append(lit("Its effects cannot be foreseen.", "italic $foreground-muted"))
                return out
            return out + preview_lines(game.content, pv, width, player=game.player, heading=heading)

        self.query_one("#preview", Wrapped).update(lines)
        self.fit()

    @on(OptionList.OptionHighlighted, "#targets")
    def _target_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.move = self.moves[event.option_index]
        self.show_preview()

    @on(OptionList.OptionSelected, "#targets")
    def _target_selected(self, event: OptionList.OptionSelected) -> None:
        self.move = self.moves[event.option_index]
        self.action_confirm()

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(self.move)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
