"""Dialogue: pick a counterpart, hear them out, build a deal from terms, read the answer and its
reasons, answer a counter-offer, and issue joint statements with co-signers.

Every move that changes the world opens its preview first (a proposal in the move dialog, a
statement in the statement dialog, a counter-offer in the offer dialog), then goes through the
main screen's `commit`, so refusals become messages the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, OptionList, TabbedContent, TabPane

from game.engine.game import Game
from game.engine.records import Record
from game.mods.content import DeclarationDef
from game.moves import AcceptCounter, EndTurn, Move, Propose, RefuseCounter, Statement, Talk
from game.ui import view
from game.ui.commands import MoveCommands
from game.ui.parts import Parts
from game.ui.screens.dialogue_layout import (
    DIALOGUE_CSS,
    SECTIONS,
    agreements_section,
    answer_section,
    deal_section,
    statement_section,
    talk_section,
)
from game.ui.screens.event import offer_lines
from game.ui.screens.statement import cosigner_choices
from game.ui.text import lit, wrapped
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.picker import Picker
from game.ui.widgets.status import StatusBar
from game.ui.widgets.talk import (
    agreement_lines,
    agreement_row,
    counterpart_row,
    exchange_lines,
    statement_row,
    statement_words,
    talk_lines,
)
from game.ui.widgets.wrapped import HangingOptions, Row, Wrapped

#: Seconds the highlight must rest on a counterpart before its aim is worked out.
AIM_DELAY = 0.15


def _styles_moment(screen: Screen[None]) -> tuple[object, ...] | None:
    """What every style of `screen` depends on beyond its own widgets: the app's CSS generation
    (it moves with each theme or stylesheet change) and whether the terminal has focus. None when
    this Textual does not say, and the screen is then restyled on every resume, as by default."""
    generation = getattr(screen.app, "_css_update_count", None)
    return None if generation is None else (generation, screen.app.app_focus)


class DialogueScreen(Screen[None]):
    """Keys: t talk, p propose, a answer a counter-offer, s issue a statement, b walk out of an
    agreement, 1-5 sections, esc back."""

    COMMANDS = Screen.COMMANDS | {MoveCommands}

    DEFAULT_CSS = DIALOGUE_CSS

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("t", "talk", "Talk"),
        Binding("p", "propose", "Propose"),
        Binding("a,v", "answer", "Answer counter", show=False),
        Binding("r", "refuse", "Refuse counter", show=False),
        Binding("s", "declare", "Statement"),
        Binding("c", "clear", "Clear deal", show=False),
        Binding("1", "section('talk')", "Talk tab", show=False),
        Binding("2", "section('deal')", "Deal tab", show=False),
        Binding("3", "section('answer')", "Answer tab", show=False),
        Binding("4", "section('statement')", "Statement tab", show=False),
        Binding("5", "section('agreements')", "Agreements tab", show=False),
        Binding("b", "walk_out", "Walk out", show=False),
    ]

    def __init__(self, game: Game, commit: Callable[[Move], list[Record] | None] | None = None) -> None:
        super().__init__()
        self.game = game
        self._commit = commit
        #: The widgets `show` and the keys reach, found once per compose.
        self.parts = Parts(self)
        cps = view.counterparts(game)
        self.counterpart: str | None = cps[0].power if cps else None
        #: Works out the shown counterpart's aim once the player stops moving through the list.
        self._aim_timer: Timer | None = None
        #: True while an aim not known yet may wait (`_aim`): the screen follows the highlight
        #: down the counterparts, or draws a proposal's answer.
        self._aim_waits = False
        #: The game's moment the screen was last drawn for (`show`).
        self._shown_for: tuple[int, tuple[object, ...], int] | None = None
        #: What this screen's styles were last worked out for (`_styles_moment`).
        self._styled_for: tuple[object, ...] | None = None

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.wide = self.app.size.width >= 110 and self.app.size.height >= 34
        yield StatusBar()
        with Horizontal(id="dialogue-body"):
            cps = HangingOptions(id="counterparts")
            cps.border_title = lit("Counterparts")  # type: ignore[assignment]
            yield cps
            sections = {
                "talk": talk_section,
                "deal": lambda: deal_section(self.game.content),
                "answer": answer_section,
                "statement": lambda: statement_section(bool(self._declarations())),
                "agreements": agreements_section,
            }
            if self.wide:
                with VerticalScroll(id="talk-area"):
                    for name, _ in SECTIONS:
                        yield from sections[name]()
            else:
                with TabbedContent(id="dialogue-tabs"):
                    for name, title in SECTIONS:
                        with TabPane(title, id=f"{name}-tab"), VerticalScroll():
                            yield from sections[name]()
        yield KeyBar()

    def action_section(self, section: str) -> None:
        """Show a section and put the keyboard in it."""
        self.reveal(section)
        first = {
            "talk": "#talk",
            "deal": "#packages, #terms",
            "answer": "#accept",
            "statement": "#declarations",
            "agreements": "#agreements",
        }
        found = self.parts.all(first[section])
        target = next((w for w in found if w.focusable and w.display), None)
        if target is not None:
            self.call_after_refresh(target.focus)

    def reveal(self, section: str) -> None:
        """Bring a section into view: its tab when narrow, a scroll when wide."""
        tabs = self.parts.maybe("#dialogue-tabs", TabbedContent)
        if tabs is not None:
            tabs.active = f"{section}-tab"
            holder = self.parts.one(f"#{section}-section").parent
            focused = self.focused
            if isinstance(holder, VerticalScroll) and (focused is None or holder not in focused.ancestors):
                holder.focus()
        else:
            self.call_after_refresh(self.parts.one(f"#{section}-section").scroll_visible, top=True)

    def _declarations(self) -> list[DeclarationDef]:
        c = self.game.content
        player = self.game.player
        return [d for d in c.declarations.values() if not d.model.by or player in d.model.by]

    def on_mount(self) -> None:
        self._fill_terms()
        self.show()
        self.parts.one("#counterparts", HangingOptions).focus()

    def on_resize(self) -> None:
        wide = self.app.size.width >= 110 and self.app.size.height >= 34
        if wide != self.wide:
            self.run_worker(self._relayout, exclusive=True, group="layout")

    async def _relayout(self) -> None:
        await self.recompose()
        self.parts.forget()
        self._fill_terms()
        self.show()
        self.parts.one("#counterparts", HangingOptions).focus()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles every widget of a screen it pushes: a quarter of each `d`. This screen
        # is kept for the whole game and its widgets restyle themselves as their classes, focus
        # and state change, so a full pass is needed only when what all styles hang on changed
        # since the last one: the app's CSS (a theme) or the terminal's focus.
        moment = _styles_moment(self)
        if moment is not None and moment == self._styled_for:
            event.refresh_styles = False
        self._styled_for = moment
        # Back from a modal (a preview, an offer): drawn again only if the game moved meanwhile,
        # since nothing else it shows can change while it is covered.
        if self.is_attached and self._shown_for != view.game_moment(self.game):
            self.show()

    def reopen(self) -> None:
        """Start again as a new talk screen would (the first counterpart, nothing picked, the first
        section, the keyboard in the counterparts), keeping the widgets: the main screen keeps
        this screen for the whole game, since composing its sections again on every `d` cost more
        than anything else on that key. `show()` then draws only what the game changed."""
        if self.wide != (self.app.size.width >= 110 and self.app.size.height >= 34):
            self.run_worker(self._relayout, exclusive=True, group="layout")
        self._shown_for = None  # a new visit: drawn in full when it is pushed
        cps = view.counterparts(self.game)
        self.counterpart = cps[0].power if cps else None
        if self._aim_timer is not None:
            self._aim_timer.stop()
            self._aim_timer = None
        for ol in self.parts.all(HangingOptions):
            if ol.option_count:
                ol.highlighted = 0
            ol.scroll_home(animate=False)
        self._fill_terms()  # no term picked
        tabs = self.parts.maybe("#dialogue-tabs", TabbedContent)
        if tabs is not None:
            tabs.active = "talk-tab"
        for scroll in self.parts.all(VerticalScroll):
            scroll.scroll_home(animate=False)
        self.parts.one("#counterparts", HangingOptions).focus()

    def start_draft(self, counterpart: str, terms: Sequence[str]) -> None:
        """The deal builder holding `terms`, facing `counterpart`: a refused offer to change and
        put back. Terms the content no longer has are left out."""
        if counterpart in self.game.content.powers and counterpart != self.game.player:
            self.counterpart = counterpart
        self.show()
        self.reveal("deal")
        picker = self.parts.maybe("#terms", Picker)
        if picker is not None:
            picker.pick(terms)
            if picker.picked:  # the keyboard on the first term picked, in view
                picker.highlighted = picker.get_option_index(picker.picked[0])
            self.call_after_refresh(picker.focus)

    # -- reflecting the game -----------------------------------------------------------------

    def show(self) -> None:
        game = self.game
        self._shown_for = view.game_moment(self.game)
        self.parts.one(StatusBar).view = view.header_view(game)
        cps = view.counterparts(game)
        self.parts.one("#counterparts", HangingOptions).set_rows([counterpart_row(cp) for cp in cps], self.counterpart)
        self._show_talk(cps)
        talk_why = game.why_not(Talk(self.counterpart)) if self.counterpart else "nobody to talk to"
        self.parts.one("#talk", Button).disabled = talk_why is not None
        why = f"✕ {view.sentence_case(talk_why)}." if talk_why else ""
        self.parts.one("#talk-why", Wrapped).update(
            lambda width: wrapped(lit(why, "italic"), width, 2) if why else [], key=("why", why)
        )
        counter = view.counter_on_table(game)
        answer = view.last_exchange(game)

        def answer_lines(width: int) -> list[Content]:
            lines = exchange_lines(answer, width)
            if counter is not None:
                lines += [lit(""), lit("The counter-offer", "bold underline"), *offer_lines(counter, width)]
            return lines

        self.parts.one("#answer-text", Wrapped).update(answer_lines, key=("answer", answer, counter))
        self.parts.one("#counter-buttons").display = counter is not None
        self._fill_packages()
        self._update_deal()
        self._update_statements()
        self._update_agreements()

    def _update_agreements(self) -> None:
        found = view.agreements(self.game)
        ol = self.parts.one("#agreements", HangingOptions)
        ol.set_rows([agreement_row(a) for a in found], self._agreement_id() or (found[0].id if found else None))
        ol.display = bool(found)
        self._show_agreement()

    def _agreement_id(self) -> str | None:
        option = self.parts.one("#agreements", HangingOptions).highlighted_option
        return option.id if option is not None else None

    def _agreement(self) -> view.AgreementView | None:
        return next((a for a in view.agreements(self.game) if a.id == self._agreement_id()), None)

    def _show_agreement(self) -> None:
        a = self._agreement()
        self.parts.one("#agreement-text", Wrapped).update(lambda width: agreement_lines(a, width), key=("a", a))
        self.parts.one("#walk-out", Button).disabled = a is None or a.closed is not None

    def _show_talk(self, cps: tuple[view.CounterpartView, ...] | None = None) -> None:
        game = self.game
        cps = view.counterparts(game) if cps is None else cps
        current = next((cp for cp in cps if cp.power == self.counterpart), None)
        if current is None:
            self.parts.one("#talk-text", Wrapped).update(
                lambda width: [lit("There is nobody to talk to.")], key="nobody"
            )
            return
        aim = self._aim(current.power)
        key = ("talk", current, aim, view.heard_from(game, current.power))  # all that talk_lines reads
        self.parts.one("#talk-text", Wrapped).update(lambda width: talk_lines(game, current, width, aim), key=key)

    def _aim(self, power: str) -> str | None:
        """The counterpart's aim. While the player walks down the list (or a proposal's answer is
        drawn), an aim not known yet is None and worked out in a moment, once the highlight
        rests: the search behind it is too slow to run on every key."""
        if view.aim_known(self.game, power) or not self._aim_waits:
            return view.aim(self.game, power)
        if self._aim_timer is not None:
            self._aim_timer.stop()
        self._aim_timer = self.set_timer(AIM_DELAY, self._work_out_aim)
        return None

    def _work_out_aim(self) -> None:
        self._aim_timer = None
        if self.is_attached and self.counterpart is not None and not self.game.over:
            view.aim(self.game, self.counterpart)
            self._show_talk()

    def _fill_packages(self) -> None:
        packages = self.parts.maybe("#packages", HangingOptions)
        if packages is None:
            return
        c = self.game.content
        packages.set_rows([Row(p.id, lit(p.model.name)) for p in c.packages.values()])

    def _fill_terms(self) -> None:
        picker = self.parts.maybe("#terms", Picker)
        if picker is None:
            return
        c = self.game.content
        items = []
        for t in c.terms.values():
            tv = view.term_view(c, t.id)
            items.append((t.id, Content.assemble(lit(tv.name), lit(f" · {tv.giver}", "$foreground-muted"))))
        picker.set_items(items)

    def _deal_move(self) -> Propose | None:
        picker = self.parts.maybe("#terms", Picker)
        if picker is None or self.counterpart is None:
            return None
        terms = tuple(picker.picked)
        if not terms:
            return None
        parties = view.deal_parties(self.game.content, terms, self.game.player, self.counterpart)
        return Propose(parties, terms)

    def _update_deal(self) -> None:
        summary = self.parts.maybe("#deal-summary", Wrapped)
        if summary is None:
            return
        move = self._deal_move()
        button = self.parts.one("#propose", Button)
        if move is None:
            hint = lit("Pick one or more terms. The deal goes to everyone who gives something.", "italic")
            summary.update(lambda width: wrapped(hint, width), key="hint")
            button.disabled = True
            return
        why = self.game.why_not(move)
        parties = view.power_names(self.game.content, move.parties)
        cost = self.game.content.rules.negotiation.propose_cost
        status = lit("✓ ready to send", "bold $text-success") if why is None else lit(f"✕ {why}", "$text-error")
        line = Content.assemble(lit(f"To: {parties} · costs ◆{cost} · "), status)
        summary.update(lambda width: wrapped(line, width, 4), key=("deal", move, why, parties, cost))
        button.disabled = why is not None

    def _statement_id(self) -> str | None:
        declarations = self.parts.maybe("#declarations", HangingOptions)
        if declarations is None:
            return None
        option = declarations.highlighted_option
        return option.id if option is not None else None

    def _update_statements(self) -> None:
        ol = self.parts.maybe("#declarations", HangingOptions)
        if ol is None:
            return
        rows = [statement_row(self.game, d, tuple(cosigner_choices(self.game, d.id))) for d in self._declarations()]
        ol.set_rows(rows, self._statement_id() or (rows[0].id if rows else None))
        self._show_statement()

    def _show_statement(self) -> None:
        """The words of the highlighted statement, and what came of the last one issued."""
        if self.parts.maybe("#declarations", HangingOptions) is None:
            return
        game = self.game
        decl = game.content.declarations.get(self._statement_id() or "")
        self.parts.one("#declaration-text", Wrapped).update(
            lambda width: statement_words(game.content, decl, width), key=("decl", decl.id if decl else None)
        )
        result = view.last_statement(game)
        self.parts.one("#statement-result", Wrapped).update(
            lambda width: wrapped(lit(result, "bold"), width) if result else [], key=("result", result)
        )

    # -- events ------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#counterparts")
    def _counterpart(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.highlighted != event.option_index:
            return  # stale: filling the list again moved the highlight on since (following it would ping-pong)
        if event.option.id and event.option.id != self.counterpart:
            self.counterpart = event.option.id
            self._aim_waits = True  # the aim waits until the highlight rests
            try:
                self.show()
            finally:
                self._aim_waits = False

    @on(OptionList.OptionSelected, "#counterparts")
    def _counterpart_chosen(self, event: OptionList.OptionSelected) -> None:
        talk = self.parts.one("#talk", Button)
        if not talk.disabled:
            talk.focus()
        elif self.parts.maybe("#terms", Picker) is not None:
            self.action_section("deal")

    @on(OptionList.OptionSelected, "#packages")
    def _package(self, event: OptionList.OptionSelected) -> None:
        pk = self.game.content.packages.get(event.option.id or "")
        if pk is None:
            return
        picker = self.parts.one("#terms", Picker)
        picker.pick(pk.model.terms)
        picker.focus()

    @on(Picker.Changed, "#terms")
    def _terms_changed(self) -> None:
        self._update_deal()

    @on(OptionList.OptionHighlighted, "#declarations")
    def _declaration(self, event: OptionList.OptionHighlighted) -> None:
        self._show_statement()  # only the words: filling the list again would highlight again

    @on(OptionList.OptionHighlighted, "#agreements")
    def _agreement_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_agreement()

    @on(OptionList.OptionSelected, "#agreements")
    def _agreement_chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_walk_out()

    @on(OptionList.OptionSelected, "#declarations")
    def _declaration_chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_declare()

    # -- moves -------------------------------------------------------------------------------

    def request_move(self, move: Move | str) -> None:
        """A move from the palette (or notation, in tests): it opens the same preview the screen does."""
        from game.ui.commands import parse_or_warn
        from game.ui.screens.flow import ask_to_make

        if isinstance(move, str):
            parsed = parse_or_warn(self, self.game, move)
            if parsed is None:
                return
            move = parsed
        ask_to_make(self, self.game, move, self.play)

    def play(self, move: Move) -> None:
        if isinstance(move, EndTurn) and self._commit is not None:
            # The month runs over the board, not over the talks (they would read a changing game).
            self.dismiss(None)
            self._commit(move)
            return
        if self._commit is not None:
            self._commit(move)
        else:
            try:
                self.game.play(move)
            except ValueError as e:
                self.notify(str(e), title="Not possible", severity="warning", markup=False)
        if self.is_attached:
            # After a proposal the answer is what the player waits for: the counterpart's aim
            # (a search of its own) is worked out a moment after the answer is drawn.
            self._aim_waits = isinstance(move, Propose)
            try:
                self.show()
            finally:
                self._aim_waits = False
        if isinstance(move, Propose) and self.is_attached:
            self.action_section("answer")
            if view.counter_on_table(self.game) is not None:
                self.request_move(AcceptCounter())  # the counter-offer opens with what taking it would do
        elif isinstance(move, Statement) and self.is_attached:
            self.reveal("statement")

    @on(Button.Pressed, "#talk")
    def action_talk(self) -> None:
        if self.counterpart is not None and self.game.why_not(Talk(self.counterpart)) is None:
            self.play(Talk(self.counterpart))
            self.reveal("talk")
        elif self.counterpart is not None:
            why = self.game.why_not(Talk(self.counterpart)) or ""
            self.notify(view.sentence_case(why), severity="warning", markup=False)

    @on(Button.Pressed, "#propose")
    def action_propose(self) -> None:
        move = self._deal_move()
        if move is None:
            self.notify("Pick the terms of the deal first.", severity="warning", markup=False)
            self.action_section("deal")
            return
        why = self.game.why_not(move)
        if why is not None:  # the button is disabled for it; the key says why, as the summary does
            self.notify(view.sentence(why), title="Not possible", severity="warning", markup=False)
            return
        self.request_move(move)

    @on(Button.Pressed, "#accept")
    def action_answer(self) -> None:
        if view.counter_on_table(self.game) is not None:
            self.request_move(AcceptCounter())

    @on(Button.Pressed, "#refuse")
    def action_refuse(self) -> None:
        if view.counter_on_table(self.game) is not None:
            self.play(RefuseCounter())

    def action_declare(self) -> None:
        decl = self._statement_id()
        if decl is None:
            self.action_section("statement")
            return
        self.request_move(Statement(decl, ()))

    @on(Button.Pressed, "#walk-out")
    def action_walk_out(self) -> None:
        """Walk out of the highlighted agreement, after its preview."""
        a = self._agreement()
        if a is None:
            self.notify("You are party to no agreement in force.", severity="warning", markup=False)
            self.action_section("agreements")
        elif a.closed is not None:
            self.notify(view.sentence_case(a.closed), severity="warning", markup=False)
        else:
            self.request_move(a.move)

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        picker = self.parts.maybe("#terms", Picker)
        if picker is not None:
            picker.pick(())

    def action_back(self) -> None:
        self.dismiss(None)
