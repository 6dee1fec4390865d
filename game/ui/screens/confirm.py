"""Before a move is made: its likely effects, whether it climbs the ladder, and what the advisors say."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.game import Game
from game.engine.preview import Preview
from game.moves import Act, Move
from game.ui.text import delta_mark, lit, prose, signed
from game.ui.view import move_cost, move_title, power_name

VERDICTS = {
    "approve": ("✓ approves", "bold $text-success"),
    "oppose": ("✗ opposes", "bold $text-error"),
    "neutral": ("– no strong view", "$foreground-muted"),
}


def advice_content(pv: Preview) -> list[Content]:
    lines: list[Content] = []
    for a in pv.advice:
        word, style = VERDICTS.get(a.verdict, (a.verdict, ""))
        head = Content.assemble(lit(f"{a.name}: "), lit(word, style))
        lines.append(Content.assemble(head, lit(f"  “{a.line}”", "italic")) if a.line else head)
    return lines


def preview_content(game: Game, pv: Preview | None, show_advice: bool = True, width: int = 60) -> Content:
    """What the advisors say, then the likely effects of a move, as literal text."""
    if pv is None:
        return lit("No preview for this move.", "italic $foreground-muted")
    lines: list[Content] = []
    if show_advice and pv.advice:
        lines.extend(advice_content(pv))
    if pv.escalates:
        lines.append(lit("⚠ This would push the crisis up a rung of the ladder.", "bold $text-error"))
    lines.append(lit("Likely effects", "bold underline"))
    if not pv.changes:
        lines.append(lit("  nothing you can foresee", "italic $foreground-muted"))
    width = min(max((len(c.label) for c in pv.changes), default=0), 34, max(8, width - 20))
    for c in pv.changes:
        arrow, style = delta_mark(c.delta)
        label = c.label if len(c.label) <= width else c.label[: width - 1] + "…"
        if c.kind == "flag":
            change = lit("  now true" if c.after else "  no longer true", style)
            lines.append(Content.assemble(lit(f"  {label:<{width}}"), change))
            continue
        lines.append(
            Content.assemble(
                lit(f"  {label:<{width}} {c.before:>4} → {c.after:<4} "),
                lit(f"{arrow}{signed(c.delta)}", style),
            )
        )
    return Content("\n").join(lines)


class ConfirmMoveScreen(ModalScreen[Move | None]):
    """Shows a move (one per target) with its preview; returns the move to make, or None."""

    DEFAULT_CSS = """
    ConfirmMoveScreen {
        align: center middle;
    }
    ConfirmMoveScreen > #dialog {
        width: 96%;
        max-width: 100;
        height: auto;
        max-height: 95%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ConfirmMoveScreen #title {
        text-style: bold;
        color: $text-accent;
    }
    ConfirmMoveScreen #description {
        color: $foreground-muted;
    }
    ConfirmMoveScreen #middle {
        height: auto;
        max-height: 24;
    }
    ConfirmMoveScreen #targets {
        width: 20;
        height: auto;
        margin-right: 1;
    }
    ConfirmMoveScreen #preview {
        height: auto;
        max-height: 24;
    }
    ConfirmMoveScreen #buttons {
        height: 3;
        align-horizontal: right;
    }
    ConfirmMoveScreen Button {
        margin-left: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("n", "cancel", "Cancel", show=False),
        Binding("y", "confirm", "Confirm"),
    ]

    def __init__(self, game: Game, moves: tuple[Move, ...], selected: Move | None = None) -> None:
        super().__init__()
        self.game = game
        self.moves = moves
        self.move: Move = selected if selected in moves else moves[0]

    def compose(self) -> ComposeResult:
        yield Footer()
        c = self.game.content
        first = self.moves[0]
        action = c.actions.get(first.action) if isinstance(first, Act) else None
        name = action.model.name if action else move_title(c, first)
        with Vertical(id="dialog") as dialog:
            dialog.border_title = lit("Make this move?")  # type: ignore[assignment]
            yield Static(lit(name), id="title")
            if action is not None and action.model.description:
                yield Static(lit(prose(action.model.description)), id="description")
            yield Static(self._cost_line(), id="cost")
            with Horizontal(id="middle"):
                if len(self.moves) > 1:
                    targets = OptionList(
                        *[Option(lit(power_name(c, m.target) if isinstance(m, Act) else "")) for m in self.moves],
                        id="targets",
                    )
                    targets.border_title = lit("Toward")  # type: ignore[assignment]
                    yield targets
                with VerticalScroll(id="preview"):
                    yield Static(id="preview-text")
            with Horizontal(id="buttons"):
                yield Button(lit("Make the move [y]"), variant="primary", id="confirm")
                yield Button(lit("Cancel [esc]"), id="cancel")

    def _cost_line(self) -> Content:
        st = self.game.state
        c = self.game.content
        cost = move_cost(c, self.moves[0])
        have = st.pvars.get(self.game.player or "", {}).get(c.rules.capital, 0)
        moves_left = c.rules.moves_per_turn - st.moves_made
        return Content.assemble(
            lit(f"Costs ◆{cost} political capital", "bold $text-warning"),
            lit(f" · you have {have}, {max(0, have - cost)} left after · "),
            lit(f"{moves_left} move{'s' if moves_left != 1 else ''} left this month"),
        )

    def on_mount(self) -> None:
        targets = self.query("#targets")
        if targets:
            ol = targets.first(OptionList)
            ol.highlighted = self.moves.index(self.move)
            ol.focus()
        else:
            self.query_one("#confirm", Button).focus()
        self.call_after_refresh(self.show_preview)

    def show_preview(self) -> None:
        pv = self.game.preview(self.move)
        width = self.query_one("#preview").size.width or 60
        text = preview_content(self.game, pv, width=width)
        if isinstance(self.move, Act) and self.move.target:
            head = lit(f"Toward {power_name(self.game.content, self.move.target)}\n", "bold")
            text = Content.assemble(head, text)
        self.query_one("#preview-text", Static).update(text)

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
