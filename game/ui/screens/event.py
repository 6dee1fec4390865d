"""Modals that wait for the player's answer: an event's choices, an offer or a counter-offer."""

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
from game.moves import AcceptCounter, Choose, Move, RefuseCounter
from game.ui import view
from game.ui.commands import MoveCommands, parse_or_warn
from game.ui.screens.confirm import preview_content
from game.ui.text import lit, signed

MODAL_CSS = """
{name} {{
    align: center middle;
}}
{name} > #dialog {{
    width: 96%;
    max-width: 100;
    height: auto;
    max-height: 95%;
    border: thick $warning;
    background: $surface;
    padding: 0 1;
}}
{name} #title {{
    text-style: bold;
    color: $text-warning;
}}
{name} #when {{
    color: $foreground-muted;
}}
{name} #story {{
    height: auto;
    max-height: 8;
    margin-bottom: 1;
}}
{name} #choices {{
    height: auto;
    max-height: 10;
}}
{name} #preview {{
    height: auto;
    max-height: 20;
}}
{name} #buttons {{
    height: 3;
    align-horizontal: right;
}}
{name} Button {{
    margin-left: 1;
}}
"""


class AnswerScreen(ModalScreen[Move | None]):
    """A modal that waits for the player's answer; the palette offers the answers as moves."""

    COMMANDS = ModalScreen.COMMANDS | {MoveCommands}

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def request_move(self, notation: str) -> None:
        move = parse_or_warn(self, self.game, notation)
        if move is not None:
            self.dismiss(move)


class EventScreen(AnswerScreen):
    """An event waiting for the player: its story and its choices. Esc looks at the board first."""

    DEFAULT_CSS = MODAL_CSS.format(name="EventScreen")

    BINDINGS = [
        Binding("escape", "later", "Look at the board"),
        *[Binding(str(i), f"choose({i})", f"Option {i}", show=False) for i in range(1, 10)],
    ]

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        self.event = view.pending_event(game)

    def compose(self) -> ComposeResult:
        yield Footer()
        ev = self.event
        with Vertical(id="dialog") as dialog:
            dialog.border_title = lit("An event needs your decision")  # type: ignore[assignment]
            if ev is None:
                yield Static(lit("Nothing waits for your decision."), id="title")
                return
            yield Static(lit(ev.title), id="title")
            yield Static(lit(ev.month), id="when")
            with VerticalScroll(id="story"):
                yield Static(lit(ev.text))
            yield OptionList(
                *[Option(lit(f"{i}. {o.text}"), id=o.move.option) for i, o in enumerate(ev.options, 1)],
                id="choices",
            )
            with VerticalScroll(id="preview"):
                yield Static(id="preview-text")
            with Horizontal(id="buttons"):
                yield Button(lit("Decide [enter]"), variant="warning", id="decide")
                yield Button(lit("Look at the board first [esc]"), id="later")

    def on_mount(self) -> None:
        choices = self.query("#choices")
        if choices:
            ol = choices.first(OptionList)
            ol.highlighted = 0
            ol.focus()

    @on(OptionList.OptionHighlighted, "#choices")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.event is None:
            return
        move = self.event.options[event.option_index].move
        pv = self.game.preview(move)
        # Previews of event choices come from the engine when it can simulate them; say nothing otherwise.
        text = preview_content(self.game, pv) if pv is not None and pv.changes else lit("")
        self.query_one("#preview-text", Static).update(text)

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option_index + 1)

    @on(Button.Pressed, "#decide")
    def _decide(self) -> None:
        ol = self.query_one("#choices", OptionList)
        if ol.highlighted is not None:
            self.action_choose(ol.highlighted + 1)

    def action_choose(self, number: int) -> None:
        if self.event is None or not 1 <= number <= len(self.event.options):
            return
        move: Choose = self.event.options[number - 1].move
        self.dismiss(move)

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss(None)


def offer_content(offer: view.OfferView) -> Content:
    lines: list[Content] = []
    if offer.said and offer.kind == "counter":
        lines.append(lit(f"{offer.speaker_name}: “{offer.said}”", "italic"))
        lines.append(lit(""))
    elif offer.said:
        lines.append(lit(offer.said, "italic"))
        lines.append(lit(""))
    lines.append(Content.assemble(lit("Parties: ", "bold"), lit(offer.parties)))
    lines.append(lit("Terms", "bold underline"))
    for t in offer.terms:
        giver = lit(f"  (given by {t.giver})", "$foreground-muted")
        lines.append(Content.assemble(lit(f"  • {t.name}", "bold"), giver))
        if t.description:
            lines.append(lit(f"    {t.description}", "$foreground-muted"))
    if offer.asks_for:
        lines.append(Content.assemble(lit("They ask for: ", "bold"), lit("; ".join(offer.asks_for))))
    if offer.drops:
        lines.append(Content.assemble(lit("They drop: ", "bold"), lit("; ".join(offer.drops))))
    if offer.reasons:
        lines.append(lit("Their reasons", "bold underline"))
        for r in offer.reasons:
            mark = "+" if r.points > 0 else "−" if r.points < 0 else "·"
            style = "$text-success" if r.points > 0 else "$text-error" if r.points < 0 else "$foreground-muted"
            lines.append(Content.assemble(lit(f"  {mark} {signed(r.points):>4} ", style), lit(r.text)))
    return Content("\n").join(lines)


class OfferScreen(AnswerScreen):
    """A deal waiting for a yes or no: another power's offer, or the counter to your proposal."""

    DEFAULT_CSS = MODAL_CSS.format(name="OfferScreen")

    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("r", "refuse", "Refuse"),
        Binding("escape", "later", "Look at the board"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        self.offer = view.counter_on_table(game) or view.offer_on_table(game)

    def compose(self) -> ComposeResult:
        yield Footer()
        offer = self.offer
        with Vertical(id="dialog") as dialog:
            kind = "A counter-offer" if offer is not None and offer.kind == "counter" else "An offer"
            dialog.border_title = lit(kind)  # type: ignore[assignment]
            if offer is None:
                yield Static(lit("No offer waits for your answer."), id="title")
                return
            if offer.kind == "counter":
                title = offer.title
            elif offer.title:
                title = f"{offer.speaker_name} proposes: {offer.title}"
            else:
                title = f"{offer.speaker_name} puts a deal to you"
            yield Static(lit(title), id="title")
            with VerticalScroll(id="preview"):
                yield Static(offer_content(offer))
                yield Static(self._if_accepted())
            with Horizontal(id="buttons"):
                yield Button(lit("Accept [a]"), variant="success", id="accept")
                yield Button(lit("Refuse [r]"), variant="error", id="refuse")
                yield Button(lit("Later [esc]"), id="later")

    def _if_accepted(self) -> Content:
        """What signing would do, and what the advisors make of it."""
        pv = self.game.preview(AcceptCounter())
        if not pv.changes:
            return lit("")
        return Content("\n").join([lit(""), lit("If you accept", "bold underline"), preview_content(self.game, pv)])

    def on_mount(self) -> None:
        # Not the accept button: an enter meant for the briefing must not sign a deal.
        if self.query("#preview"):
            self.query_one("#preview", VerticalScroll).focus()

    @on(Button.Pressed, "#accept")
    def action_accept(self) -> None:
        if self.offer is not None:
            self.dismiss(AcceptCounter())

    @on(Button.Pressed, "#refuse")
    def action_refuse(self) -> None:
        if self.offer is not None:
            self.dismiss(RefuseCounter())

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss(None)
