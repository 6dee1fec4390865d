"""A joint statement before it is issued: its words, who it presses, the co-signers to invite
(picked from the keyboard), what it costs, and a preview of what it would do if they all sign."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from game.engine.game import Game
from game.moves import Statement
from game.ui import view
from game.ui.screens.confirm import cost_line
from game.ui.screens.modal import FittedModal, buttons, modal_css
from game.ui.text import lit, mood_style, prose, signed, wrapped
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.picker import Picker
from game.ui.widgets.preview import preview_lines
from game.ui.widgets.wrapped import Wrapped


def cosigner_choices(game: Game, declaration: str) -> list[str]:
    """The powers the player may invite to sign: allowed to sign it, and not pressed by it."""
    c = game.content
    d = c.declarations.get(declaration)
    if d is None:
        return []
    by, presses = d.model.by, d.model.presses
    return [p for p in c.powers if p != game.player and p not in presses and not (by and p not in by)]


class StatementScreen(FittedModal[Statement | None]):
    """Pick co-signers with space, read the preview, press y to issue; esc leaves it unissued."""

    DEFAULT_CSS = (
        modal_css("StatementScreen")
        + """
    StatementScreen #cosigners {
        height: auto;
        max-height: 8;
        border: none;
        padding: 0;
        margin-bottom: 1;
    }
    StatementScreen #words {
        margin-bottom: 1;
    }
    """
    )

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("y", "confirm", "Issue it"),
    ]

    def __init__(self, game: Game, declaration: str, cosigners: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.game = game
        self.declaration = declaration
        self.invited = tuple(p for p in cosigners if p in cosigner_choices(game, declaration))

    @property
    def move(self) -> Statement:
        return Statement(self.declaration, self.invited)

    def compose(self) -> ComposeResult:
        yield KeyBar()
        c = self.game.content
        d = c.declarations[self.declaration].model
        with Vertical(id="dialog") as dialog:
            dialog.border_title = lit("Issue a joint statement?")  # type: ignore[assignment]
            yield Static(lit(d.name), id="title")
            with VerticalScroll(id="body"):
                yield Wrapped(self._words, id="words")
                yield Static(id="cost")
                choices = cosigner_choices(self.game, self.declaration)
                if choices:
                    yield Static(lit("Invite co-signers (space picks; each decides when it is issued):", "bold"))
                    yield Picker(id="cosigners")
                else:
                    yield Static(lit("Nobody else may sign it: you issue it alone.", "italic"), classes="muted")
                yield Static(id="status")
                yield Wrapped(id="preview")
            with Horizontal(id="buttons"):
                yield from buttons(
                    (("Issue the statement [y]", "confirm", "primary"), ("Cancel [esc]", "cancel", "default"))
                )

    def _words(self, width: int) -> list[Content]:
        c = self.game.content
        m = c.declarations[self.declaration].model
        lines: list[Content] = []
        if m.text:
            lines.extend(wrapped(lit(f"“{prose(m.text)}”", "italic"), width))
        if m.presses:
            pressed = Content.assemble(lit("It presses: ", "bold"), lit(view.power_names(c, m.presses)))
            lines.extend(wrapped(pressed, width, 4))
        if m.min_signers > 1:
            lines.append(lit(f"It needs {m.min_signers} signers, you included.", "$foreground-muted"))
        return lines

    def on_mount(self) -> None:
        pickers = self.query("#cosigners")
        if pickers:
            picker = pickers.first(Picker)
            picker.set_items(self._cosigner_items(), self.invited)
            picker.focus()
        else:
            self.query_one("#confirm", Button).focus()
        self.show()

    def _cosigner_items(self) -> list[tuple[str, Content]]:
        c = self.game.content
        st = self.game.state
        items = []
        for p in cosigner_choices(self.game, self.declaration):
            opinion = st.opinion.get(p, {}).get(self.game.player or "", 0)
            m = view.mood(opinion)
            label = Content.assemble(
                lit(view.power_name(c, p)),
                lit(f"  {m.symbol} {m.word} {signed(opinion)}", mood_style(m)),
            )
            items.append((p, label))
        return items

    def show(self) -> None:
        move = self.move
        game = self.game
        self.query_one("#cost", Static).update(cost_line(game, move))
        why = game.why_not(move)
        status = (
            lit("✓ ready to issue", "bold $text-success")
            if why is None
            else Content.assemble(lit("✕ ", "bold $text-error"), lit(why, "$text-error"))
        )
        self.query_one("#status", Static).update(status)
        self.query_one("#confirm", Button).disabled = why is not None
        pv = game.preview(move) if why is None else None
        heading = "If everyone you invite signs" if move.cosigners else "Likely effects"

        def lines(width: int) -> list[Content]:
            if pv is None:
                return []
            return preview_lines(game.content, pv, width, player=game.player, heading=heading)

        self.query_one("#preview", Wrapped).update(lines)
        self.fit()

    @on(Picker.Changed, "#cosigners")
    def _cosigners_changed(self, event: Picker.Changed) -> None:
        self.invited = tuple(event.picker.picked)
        self.show()

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        if self.game.why_not(self.move) is None:
            self.dismiss(self.move)
        else:
            self.notify(self.game.why_not(self.move) or "", title="Not possible", severity="warning", markup=False)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
