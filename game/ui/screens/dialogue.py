"""Dialogue: pick a counterpart, hear them out, build a deal from terms, read the answer and its
reasons, take or refuse a counter-offer, and draft joint statements with co-signers.

Moves are made through the main screen's `commit`, so refusals become messages the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from game.engine.game import Game
from game.engine.records import Record
from game.moves import AcceptCounter, Move, Propose, RefuseCounter, Statement, Talk
from game.ui import view
from game.ui.commands import MoveCommands, parse_or_warn
from game.ui.screens.event import offer_content
from game.ui.text import lit, mood_style, prose, signed
from game.ui.widgets.picker import Picker
from game.ui.widgets.status import StatusBar

VERDICT_WORDS = {
    "accept": ("✓ accepts", "bold $text-success"),
    "counter": ("↺ counters", "bold $text-warning"),
    "reject": ("✗ refuses", "bold $text-error"),
    "refuse": ("✗ refuses", "bold $text-error"),
}


def counterpart_prompt(cp: view.CounterpartView) -> Content:
    return Content.assemble(
        lit(f"{cp.mood.symbol} ", mood_style(cp.mood)),
        lit(cp.name, "bold"),
        lit(f"\n  {cp.mood.word} {signed(cp.opinion)}", mood_style(cp.mood)),
    )


def talk_content(game: Game, cp: view.CounterpartView) -> Content:
    lines: list[Content] = [
        Content.assemble(lit(cp.name, "bold $text-accent"), lit(f" · {cp.leader}" if cp.leader else "", "italic")),
        Content.assemble(
            lit("Their view of you: "),
            lit(f"{cp.mood.symbol} {cp.mood.word} ({signed(cp.opinion)})", mood_style(cp.mood)),
            lit(f" · trust {signed(cp.trust)}"),
        ),
    ]
    heard = view.heard_from(game, cp.power)
    if heard is not None:
        lines.append(lit(""))
        lines.append(lit(f"“{heard.said}”", "italic"))
        if heard.wants:
            lines.append(Content.assemble(lit("They would welcome: ", "bold"), lit("; ".join(heard.wants))))
        if heard.least_costly:
            cheap = lit("; ".join(heard.least_costly))
            lines.append(Content.assemble(lit("Easiest for them to give: ", "bold"), cheap))
    elif cp.heard:
        lines.append(lit(""))
        lines.append(lit(f"Last heard: “{cp.heard[0]}”", "italic"))
    if cp.says:
        lines.append(lit(""))
        lines.append(lit("What they care about", "bold underline"))
        for s in cp.says[:5]:
            lines.append(Content.assemble(lit("  • "), lit(s)))
    return Content("\n").join(lines)


def exchange_content(ex: view.ExchangeView | None) -> Content:
    if ex is None:
        return lit("You have not proposed anything this month.", "italic $foreground-muted")
    lines: list[Content] = [lit(ex.proposal, "bold")]
    for a in ex.answers:
        word, style = VERDICT_WORDS.get(a.verdict, (a.verdict, ""))
        lines.append(Content.assemble(lit(f"{a.name}: "), lit(word, style)))
        if a.said:
            lines.append(lit(f"  “{a.said}”", "italic"))
        for r in a.reasons:
            rstyle = "$text-success" if r.points > 0 else "$text-error" if r.points < 0 else "$foreground-muted"
            lines.append(Content.assemble(lit(f"  {signed(r.points):>4} ", rstyle), lit(r.text)))
        if a.asks_for:
            lines.append(Content.assemble(lit("  asks for: ", "bold"), lit("; ".join(a.asks_for))))
        if a.drops:
            lines.append(Content.assemble(lit("  drops: ", "bold"), lit("; ".join(a.drops))))
    if ex.outcome:
        lines.append(lit(ex.outcome, "bold"))
    return Content("\n").join(lines)


class DialogueScreen(Screen[None]):
    """Keys: t talk, p propose, a/r take or refuse a counter-offer, s issue a statement, esc back."""

    COMMANDS = Screen.COMMANDS | {MoveCommands}

    DEFAULT_CSS = """
    DialogueScreen #dialogue-body {
        height: 1fr;
    }
    DialogueScreen #counterparts {
        width: 26;
        height: 1fr;
        border: round $primary;
    }
    DialogueScreen #counterparts:focus {
        border: round $accent;
    }
    DialogueScreen #talk-area, DialogueScreen #dialogue-tabs {
        width: 1fr;
        height: 1fr;
    }
    DialogueScreen TabPane {
        padding: 0;
    }
    DialogueScreen .section {
        height: auto;
        border: round $primary;
        padding: 0 1;
    }
    DialogueScreen .section:focus-within {
        border: round $accent;
    }
    DialogueScreen .buttons {
        height: auto;
    }
    DialogueScreen .buttons Button {
        margin-right: 1;
    }
    DialogueScreen Picker, DialogueScreen #packages, DialogueScreen #declarations {
        height: auto;
        max-height: 8;
        border: none;
        padding: 0;
    }
    DialogueScreen .summary {
        color: $foreground-muted;
    }
    DialogueScreen #talk-area {
        layout: grid;
        grid-size: 2;
        grid-columns: 1fr 1fr;
        grid-rows: auto;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("t", "talk", "Talk"),
        Binding("p", "propose", "Propose"),
        Binding("a", "accept", "Take counter", show=False),
        Binding("r", "refuse", "Refuse counter", show=False),
        Binding("s", "declare", "Statement"),
        Binding("c", "clear", "Clear deal", show=False),
        Binding("1", "section('talk')", "Talk tab", show=False),
        Binding("2", "section('deal')", "Deal tab", show=False),
        Binding("3", "section('answer')", "Answer tab", show=False),
        Binding("4", "section('statement')", "Statement tab", show=False),
    ]

    def __init__(self, game: Game, commit: Callable[[Move], list[Record] | None] | None = None) -> None:
        super().__init__()
        self.game = game
        self._commit = commit
        cps = view.counterparts(game)
        self.counterpart: str | None = cps[0].power if cps else None

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.wide = self.app.size.width >= 110 and self.app.size.height >= 34
        yield StatusBar()
        with Horizontal(id="dialogue-body"):
            cps = OptionList(id="counterparts")
            cps.border_title = lit("Counterparts")  # type: ignore[assignment]
            yield cps
            if self.wide:
                with VerticalScroll(id="talk-area"):
                    yield from self._talk_section()
                    yield from self._deal_section()
                    yield from self._answer_section()
                    yield from self._statement_section()
            else:
                with TabbedContent(id="dialogue-tabs"):
                    for name, title, section in (
                        ("talk", "Talk", self._talk_section),
                        ("deal", "Deal", self._deal_section),
                        ("answer", "Answer", self._answer_section),
                        ("statement", "Statement", self._statement_section),
                    ):
                        with TabPane(title, id=f"{name}-tab"), VerticalScroll():
                            yield from section()
        yield Footer()

    def _talk_section(self) -> ComposeResult:
        with Vertical(id="talk-section", classes="section") as box:
            box.border_title = lit("What they say")  # type: ignore[assignment]
            yield Static(id="talk-text")
            with Horizontal(classes="buttons"):
                yield Button(lit("Talk to them [t]"), id="talk")

    def _deal_section(self) -> ComposeResult:
        c = self.game.content
        with Vertical(id="deal-section", classes="section") as box:
            box.border_title = lit("Build a deal")  # type: ignore[assignment]
            if not c.terms:
                yield Static(lit("This game has no deal terms."), classes="summary")
                return
            packages = c.packages
            if packages:
                yield Static(lit("Start from a known deal (enter picks its terms):"), classes="summary")
                yield OptionList(*[Option(lit(p.model.name), id=p.id) for p in packages.values()], id="packages")
            yield Static(lit("Terms (space or enter picks):"), classes="summary")
            yield Picker(id="terms")
            yield Static(id="deal-summary")
            with Horizontal(classes="buttons"):
                yield Button(lit("Propose [p]"), variant="primary", id="propose")
                yield Button(lit("Clear [c]"), id="clear")

    def _answer_section(self) -> ComposeResult:
        with Vertical(id="answer-section", classes="section") as box:
            box.border_title = lit("Their answer")  # type: ignore[assignment]
            yield Static(id="answer-text")
            with Horizontal(classes="buttons", id="counter-buttons"):
                yield Button(lit("Take the counter-offer [a]"), variant="success", id="accept")
                yield Button(lit("Refuse it [r]"), variant="error", id="refuse")

    def _statement_section(self) -> ComposeResult:
        with Vertical(id="statement-section", classes="section") as box:
            box.border_title = lit("Joint statement")  # type: ignore[assignment]
            decls = self._declarations()
            if not decls:
                yield Static(lit("No statements can be drafted in this game."), classes="summary")
                return
            yield OptionList(
                *[Option(lit(f"{d.model.name} ◆{d.model.cost}"), id=d.id) for d in decls], id="declarations"
            )
            yield Static(id="declaration-text")
            yield Static(lit("Invite co-signers (space or enter picks):"), classes="summary")
            yield Picker(id="cosigners")
            yield Static(id="statement-summary")
            with Horizontal(classes="buttons"):
                yield Button(lit("Issue the statement [s]"), variant="primary", id="declare")
            yield Static(id="statement-result")

    def action_section(self, section: str) -> None:
        """Show a section and put the keyboard in it."""
        self.reveal(section)
        first = {"talk": "#talk", "deal": "#packages, #terms", "answer": "#accept", "statement": "#declarations"}
        found = self.query(first[section])
        target = next((w for w in found if w.focusable and w.display), None)
        if target is not None:
            self.call_after_refresh(target.focus)

    def reveal(self, section: str) -> None:
        """Bring a section into view: its tab when narrow, a scroll when wide."""
        tabs = self.query("#dialogue-tabs")
        if tabs:
            tabs.first(TabbedContent).active = f"{section}-tab"
            holder = self.query_one(f"#{section}-section").parent
            focused = self.focused
            if isinstance(holder, VerticalScroll) and (focused is None or holder not in focused.ancestors):
                holder.focus()
        else:
            self.call_after_refresh(self.query_one(f"#{section}-section").scroll_visible, top=True)

    def _declarations(self) -> list:  # type: ignore[type-arg]
        c = self.game.content
        player = self.game.player
        decls = c.declarations
        return [d for d in decls.values() if not d.model.by or player in d.model.by]

    def on_mount(self) -> None:
        self._fill_terms()
        self.show()
        self.query_one("#counterparts", OptionList).focus()

    def on_resize(self) -> None:
        wide = self.app.size.width >= 110 and self.app.size.height >= 34
        if wide != self.wide:
            self.run_worker(self._relayout, exclusive=True, group="layout")

    async def _relayout(self) -> None:
        await self.recompose()
        self._fill_terms()
        self.show()
        self.query_one("#counterparts", OptionList).focus()

    # -- reflecting the game -----------------------------------------------------------------

    def show(self) -> None:
        game = self.game
        self.query_one(StatusBar).view = view.header_view(game)
        cps = view.counterparts(game)
        ol = self.query_one("#counterparts", OptionList)
        ol.set_options([Option(counterpart_prompt(cp), id=cp.power) for cp in cps])
        if self.counterpart is not None:
            ol.highlighted = ol.get_option_index(self.counterpart)
        current = next((cp for cp in cps if cp.power == self.counterpart), None)
        self.query_one("#talk-text", Static).update(
            talk_content(game, current) if current else lit("There is nobody to talk to.")
        )
        talk_why = game.why_not(Talk(self.counterpart)) if self.counterpart else "nobody to talk to"
        talk_button = self.query_one("#talk", Button)
        talk_button.disabled = talk_why is not None
        talk_button.label = lit("Talk to them [t]") if talk_why is None else lit(f"✕ {talk_why}")
        counter = view.counter_on_table(game)
        answer = view.last_exchange(game)
        text = exchange_content(answer)
        if counter is not None:
            head = lit("The counter-offer", "bold underline")
            text = Content("\n").join([text, lit(""), head, offer_content(counter)])
        self.query_one("#answer-text", Static).update(text)
        self.query_one("#counter-buttons").display = counter is not None
        self._update_deal()
        self._update_statement()

    def _fill_terms(self) -> None:
        if not self.query("#terms"):
            return
        c = self.game.content
        items = []
        for t in c.terms.values():
            tv = view.term_view(c, t.id)
            items.append((t.id, Content.assemble(lit(tv.name), lit(f" · {tv.giver}", "$foreground-muted"))))
        self.query_one("#terms", Picker).set_items(items)
        self._fill_cosigners()

    def _fill_cosigners(self, declaration: str | None = None) -> None:
        if not self.query("#cosigners"):
            return
        c = self.game.content
        decls = c.declarations
        d = decls.get(declaration) if declaration else None
        by = d.model.by if d is not None else []
        presses = d.model.presses if d is not None else []
        picker = self.query_one("#cosigners", Picker)
        keep = picker.picked
        items = [
            (p, lit(view.power_name(c, p)))
            for p in c.powers
            if p != self.game.player and p not in presses and not (by and p not in by)
        ]
        picker.set_items(items, keep)

    def _deal_move(self) -> Propose | None:
        if not self.query("#terms") or self.counterpart is None:
            return None
        terms = tuple(self.query_one("#terms", Picker).picked)
        if not terms:
            return None
        parties = view.deal_parties(self.game.content, terms, self.game.player, self.counterpart)
        return Propose(parties, terms)

    def _update_deal(self) -> None:
        if not self.query("#deal-summary"):
            return
        move = self._deal_move()
        summary = self.query_one("#deal-summary", Static)
        button = self.query_one("#propose", Button)
        if move is None:
            summary.update(lit("Pick one or more terms. The deal goes to everyone who gives something.", "italic"))
            button.disabled = True
            return
        why = self.game.why_not(move)
        parties = ", ".join(view.power_name(self.game.content, p) for p in move.parties)
        cost = self.game.content.rules.negotiation.propose_cost
        status = lit("✓ ready to send", "bold $text-success") if why is None else lit(f"✕ {why}", "$text-error")
        summary.update(Content.assemble(lit(f"To: {parties} · costs ◆{cost} · "), status))
        button.disabled = why is not None

    def _statement_move(self) -> Statement | None:
        if not self.query("#declarations"):
            return None
        ol = self.query_one("#declarations", OptionList)
        if ol.highlighted is None:
            return None
        option = ol.get_option_at_index(ol.highlighted)
        cos = tuple(self.query_one("#cosigners", Picker).picked)
        return Statement(option.id or "", cos)

    def _update_statement(self) -> None:
        if not self.query("#declarations"):
            return
        move = self._statement_move()
        c = self.game.content
        decl = c.declarations.get(move.declaration) if move else None
        text = self.query_one("#declaration-text", Static)
        if decl is None or move is None:
            text.update(lit("Pick a statement.", "italic"))
            self.query_one("#declare", Button).disabled = True
            return
        m = decl.model
        lines = []
        if m.text:
            lines.append(lit(f"“{prose(m.text)}”", "italic"))
        if m.presses:
            lines.append(Content.assemble(lit("It presses: ", "bold"), lit(view.power_names(c, m.presses))))
        if m.min_signers > 1:
            lines.append(lit(f"Needs {m.min_signers} signers, you included.", "$foreground-muted"))
        text.update(Content("\n").join(lines) if lines else lit(""))
        why = self.game.why_not(move)
        status = lit("✓ ready to issue", "bold $text-success") if why is None else lit(f"✕ {why}", "$text-error")
        self.query_one("#statement-summary", Static).update(status)
        result = view.last_statement(self.game)
        self.query_one("#statement-result", Static).update(lit(result, "bold") if result else lit(""))
        self.query_one("#declare", Button).disabled = why is not None

    # -- events ------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#counterparts")
    def _counterpart(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.counterpart:
            self.counterpart = event.option.id
            self.show()

    @on(OptionList.OptionSelected, "#counterparts")
    def _counterpart_chosen(self, event: OptionList.OptionSelected) -> None:
        talk = self.query_one("#talk", Button)
        if not talk.disabled:
            talk.focus()
        elif self.query("#terms"):
            self.query_one("#terms").focus()

    @on(OptionList.OptionSelected, "#packages")
    def _package(self, event: OptionList.OptionSelected) -> None:
        pk = self.game.content.packages.get(event.option.id or "")
        if pk is None:
            return
        picker = self.query_one("#terms", Picker)
        picker.pick(pk.model.terms)
        picker.focus()

    @on(Picker.Changed, "#terms")
    def _terms_changed(self) -> None:
        self._update_deal()

    @on(OptionList.OptionHighlighted, "#declarations")
    def _declaration(self, event: OptionList.OptionHighlighted) -> None:
        self._fill_cosigners(event.option.id)
        self._update_statement()

    @on(Picker.Changed, "#cosigners")
    def _cosigners_changed(self) -> None:
        self._update_statement()

    # -- moves -------------------------------------------------------------------------------

    def request_move(self, notation: str) -> None:
        """A move from the palette: anything legal now, played as the buttons would."""
        move = parse_or_warn(self, self.game, notation)
        if move is not None:
            self.play(move)

    def play(self, move: Move) -> None:
        if self._commit is not None:
            self._commit(move)
        else:
            try:
                self.game.play(move)
            except ValueError as e:
                self.notify(str(e), title="Not possible", severity="warning", markup=False)
        if self.is_attached:
            self.show()

    @on(Button.Pressed, "#talk")
    def action_talk(self) -> None:
        if self.counterpart is not None:
            self.play(Talk(self.counterpart))
            self.reveal("talk")

    @on(Button.Pressed, "#propose")
    def action_propose(self) -> None:
        move = self._deal_move()
        if move is None:
            self.notify("Pick the terms of the deal first.", severity="warning", markup=False)
            return
        self.play(move)
        self.action_section("answer")

    @on(Button.Pressed, "#accept")
    def action_accept(self) -> None:
        if view.counter_on_table(self.game) is not None:
            self.play(AcceptCounter())

    @on(Button.Pressed, "#refuse")
    def action_refuse(self) -> None:
        if view.counter_on_table(self.game) is not None:
            self.play(RefuseCounter())

    @on(Button.Pressed, "#declare")
    def action_declare(self) -> None:
        move = self._statement_move()
        if move is None:
            self.notify("Pick a statement first.", severity="warning", markup=False)
            return
        self.play(move)
        self.reveal("statement")

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        if self.query("#terms"):
            self.query_one("#terms", Picker).pick(())

    def action_back(self) -> None:
        self.dismiss(None)
