"""Modals that wait for the player's answer: an event's choices, an offer or a counter-offer.

Both keep their buttons in view at any size (the story and the preview scroll), and both show
what an answer would do before it is given: the highlighted choice's preview, or what accepting
the deal would do.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static

from game.engine.game import Game
from game.moves import AcceptCounter, Choose, Move, RefuseCounter
from game.ui import view
from game.ui.commands import MoveCommands, parse_or_warn
from game.ui.screens.modal import FittedModal, buttons, modal_css
from game.ui.text import hanging, lit, signed, wrapped
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.preview import preview_lines
from game.ui.widgets.wrapped import HangingOptions, Row, Wrapped

EVENT_CSS = """
EventScreen #when {
    color: $foreground-muted;
}
EventScreen #story {
    height: auto;
    margin-bottom: 1;
}
EventScreen #choices {
    height: auto;
    max-height: 12;
    border: none;
    padding: 0;
    margin-bottom: 1;
}
"""


class AnswerScreen(FittedModal[Move | None]):
    """A modal that waits for the player's answer; the palette offers the answers as moves."""

    COMMANDS = FittedModal.COMMANDS | {MoveCommands}

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def request_move(self, move: Move | str) -> None:
        if isinstance(move, str):
            parsed = parse_or_warn(self, self.game, move)
            if parsed is None:
                return
            move = parsed
        self.answer(move)

    def answer(self, move: Move) -> None:
        self.dismiss(move)


class EventScreen(AnswerScreen):
    """An event waiting for the player: its story and its choices. Esc looks at the board first."""

    DEFAULT_CSS = modal_css("EventScreen", border="$warning", title="$text-warning") + EVENT_CSS
    #: The story may take two fifths of the rows the rest leaves; the preview what remains.
    FLEXIBLE = (("#story", 0.4), ("#body", 1.0))

    BINDINGS = [
        Binding("escape", "later", "Look at the board"),
        Binding("enter", "decide", "Decide", show=False),
        *[Binding(str(i), f"choose({i})", f"Option {i}", show=False) for i in range(1, 10)],
    ]

    def __init__(self, game: Game, selected: Choose | None = None) -> None:
        super().__init__(game)
        self.event = view.pending_event(game)
        self.selected = selected
        #: The choice whose number was pressed last: pressing it again decides.
        self.armed: int | None = None

    def compose(self) -> ComposeResult:
        yield KeyBar()
        ev = self.event
        with Vertical(id="dialog") as dialog:
            dialog.border_title = lit("An event needs your decision")  # type: ignore[assignment]
            if ev is None:
                yield Static(lit("Nothing waits for your decision."), id="title")
                return
            yield Static(lit(ev.title), id="title")
            yield Static(lit(ev.month), id="when")
            with VerticalScroll(id="story"):
                yield Wrapped(lambda width: wrapped(lit(ev.text), width))
            yield HangingOptions(id="choices")
            with VerticalScroll(id="body"):
                yield Wrapped(id="preview")
            with Horizontal(id="buttons"):
                yield from buttons(
                    (("Decide [enter]", "decide", "warning"), ("Look at the board first [esc]", "later", "default"))
                )

    def on_mount(self) -> None:
        ev = self.event
        if ev is None or not self.query("#choices"):
            return
        rows = [Row(o.move.option, lit(o.text), lit(f"{i}. ", "bold")) for i, o in enumerate(ev.options, 1)]
        ol = self.query_one("#choices", HangingOptions)
        first = self.selected.option if self.selected is not None else (rows[0].id if rows else None)
        ol.set_rows(rows, first)
        ol.focus()
        self.fit()

    @on(OptionList.OptionHighlighted, "#choices")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.event is None:
            return
        move = self.event.options[event.option_index].move
        pv = self.game.preview(move)
        game = self.game

        # Previews of event choices come from the engine when it can simulate them; say nothing otherwise.
        def lines(width: int) -> list[Content]:
            if pv is None or not pv.changes:
                return []
            return preview_lines(game.content, pv, width, player=game.player)

        self.query_one("#preview", Wrapped).update(lines)
        self._show_armed()
        self.fit()

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.decide(event.option_index + 1)

    @on(Button.Pressed, "#decide")
    def action_decide(self) -> None:
        ol = self.query("#choices")
        if ol and ol.first(OptionList).highlighted is not None:
            self.decide(ol.first(OptionList).highlighted + 1)  # type: ignore[operator]

    def action_choose(self, number: int) -> None:
        """A choice's number shows what it would do; the same number again (or enter) makes it.
        A number alone never decides, so a key meant for the board never lands on an event."""
        if self.event is None or not 1 <= number <= len(self.event.options):
            return
        ol = self.query_one("#choices", OptionList)
        if self.armed == number and ol.highlighted == number - 1:
            self.decide(number)
            return
        ol.highlighted = number - 1
        ol.focus()
        self.armed = number
        self._show_armed()

    def _show_armed(self) -> None:
        """The decide button says which choice a second press of its number makes: said there,
        not in a notice, nothing stays up once the event is decided or stacks as numbers change."""
        ol = self.query("#choices")
        highlighted = ol.first(OptionList).highlighted if ol else None
        armed = self.armed if self.armed is not None and highlighted == self.armed - 1 else None
        label = "Decide [enter]" if armed is None else f"Decide on {armed} [{armed} or enter]"
        for button in self.query("#decide").results(Button):
            if str(button.label) != label:
                button.label = lit(label)
                button.refresh(layout=True)  # a longer label needs a wider button

    def decide(self, number: int) -> None:
        if self.event is None or not 1 <= number <= len(self.event.options):
            return
        move: Choose = self.event.options[number - 1].move
        self.dismiss(move)

    def answer(self, move: Move) -> None:
        """A choice from the palette is highlighted with its preview; enter then makes it."""
        if isinstance(move, Choose) and self.event is not None:
            options = [o.move for o in self.event.options]
            if move in options:
                ol = self.query_one("#choices", OptionList)
                ol.highlighted = options.index(move)
                ol.focus()
                self.notify("Read what it would do, then press enter to decide.", markup=False, timeout=4)
                return
        self.dismiss(move)

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss(None)


def offer_lines(offer: view.OfferView, width: int) -> list[Content]:
    lines: list[Content] = []
    if offer.said and offer.kind == "counter":
        lines.extend(wrapped(lit(f"{offer.speaker_name}: “{offer.said}”", "italic"), width))
        lines.append(lit(""))
    elif offer.said:
        lines.extend(wrapped(lit(offer.said, "italic"), width))
        lines.append(lit(""))
    lines.extend(hanging(lit("Parties: ", "bold"), lit(offer.parties), width))
    lines.append(lit("Terms", "bold underline"))
    for t in offer.terms:
        body = Content.assemble(lit(t.name, "bold"), lit(f"  (given by {t.giver})", "$foreground-muted"))
        lines.extend(hanging(lit("  • "), body, width))
        if t.description:
            lines.extend(hanging(lit("    "), lit(t.description, "$foreground-muted"), width))
    if offer.asks_for:
        lines.extend(hanging(lit("They ask for: ", "bold"), lit("; ".join(offer.asks_for)), width))
    if offer.drops:
        lines.extend(hanging(lit("They drop: ", "bold"), lit("; ".join(offer.drops)), width))
    if offer.reasons:
        lines.append(lit("Their reasons", "bold underline"))
        for r in offer.reasons:
            style = "$text-success" if r.points > 0 else "$text-error"
            lines.extend(hanging(lit(f"  {signed(r.points):>4} ", style), lit(r.text), width))
    return lines


#: Called with the power that made a refused offer and its terms, to build a deal from them.
Redraft = Callable[[str, tuple[str, ...]], None]


class OfferScreen(AnswerScreen):
    """A deal waiting for a yes or no: another power's offer, or the counter to your proposal.

    With `redraft`, a third answer: refuse it and take its terms to the deal builder, to change
    them and put them back (the refusal is a refusal: the game knows no other kind)."""

    DEFAULT_CSS = modal_css("OfferScreen", border="$warning", title="$text-warning")

    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("r", "refuse", "Refuse"),
        Binding("c", "redraft", "Counter"),
        Binding("escape", "later", "Later"),
    ]

    def __init__(self, game: Game, redraft: Redraft | None = None) -> None:
        super().__init__(game)
        self.offer = view.counter_on_table(game) or view.offer_on_table(game)
        self.redraft = redraft

    def compose(self) -> ComposeResult:
        yield KeyBar()
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
            with VerticalScroll(id="body"):
                yield Wrapped(self._lines)
            with Horizontal(id="buttons"):
                choices = [("Accept [a]", "accept", "success"), ("Refuse [r]", "refuse", "error")]
                if self.redraft is not None:
                    choices.append(("Counter [c]", "redraft", "default"))
                choices.append(("Later [esc]", "later", "default"))
                yield from buttons(choices)

    def _lines(self, width: int) -> list[Content]:
        assert self.offer is not None
        lines = offer_lines(self.offer, width)
        pv = self.game.preview(AcceptCounter())
        if pv.changes:
            lines += [
                lit(""),
                *preview_lines(self.game.content, pv, width, player=self.game.player, heading="If you accept"),
            ]
        return lines

    def on_mount(self) -> None:
        # Not the accept button: an enter meant for the briefing must not sign a deal.
        if self.query("#body"):
            self.query_one("#body", VerticalScroll).focus()

    def answer(self, move: Move) -> None:
        if (isinstance(move, AcceptCounter | RefuseCounter) and self.offer is not None) or not isinstance(
            move, AcceptCounter | RefuseCounter
        ):
            self.dismiss(move)

    @on(Button.Pressed, "#accept")
    def action_accept(self) -> None:
        if self.offer is not None:
            self.dismiss(AcceptCounter())

    @on(Button.Pressed, "#refuse")
    def action_refuse(self) -> None:
        if self.offer is not None:
            self.dismiss(RefuseCounter())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No counter key where there is no deal builder to take the terms to."""
        return self.redraft is not None if action == "redraft" else True

    @on(Button.Pressed, "#redraft")
    def action_redraft(self) -> None:
        if self.offer is not None and self.redraft is not None:
            self.redraft(self.offer.speaker, tuple(t.id for t in self.offer.terms))
            self.dismiss(RefuseCounter())

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss(None)
