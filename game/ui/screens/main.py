"""The main screen: the board, the ladder, the tracks, opinions, news and the moves open now.

The screen holds the game and nothing else of its own: after every move it reads the game again
(`show()`) and hands each widget its view. Moves arrive from the move list, the keys and the
command palette, and all go through `request_move()` or `pick()`.
"""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import TabbedContent, TabPane

from game.engine.game import Game
from game.engine.records import ActionTaken, Record, StatementIssued
from game.engine.state import Phase
from game.moves import Act, EndTurn, Move, Statement
from game.ui import view
from game.ui.commands import MoveCommands, ScreenCommands, parse_or_warn
from game.ui.parts import Parts
from game.ui.saving import SaveShelf
from game.ui.text import lit
from game.ui.widgets.board import BoardMap
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.ladder import Ladder
from game.ui.widgets.moves import DECIDE, DIALOGUE, END, MoveList, MovesView
from game.ui.widgets.news import NewsFeed
from game.ui.widgets.opinions import OpinionMatrix
from game.ui.widgets.status import StatusBar
from game.ui.widgets.tracks import Tracks

if TYPE_CHECKING:
    from game.ui.screens.briefing import BriefingScreen
    from game.ui.screens.dialogue import DialogueScreen
    from game.ui.screens.thinking import ThinkingScreen

PANELS = ("moves", "news", "tracks", "opinions")


def quiet_collector(sweep: bool = False) -> None:
    """Take everything alive now (the content, the game, the screens) out of the cyclic garbage
    collector's sight, until the game is left (`wake_collector`); with `sweep`, collect what is
    garbage first, so that nothing dead is kept.

    A full collection walks every object the process holds: with the content, the game and the
    screens that is well over 100,000 objects, a few hundred milliseconds on a busy machine, and
    it fell on whichever key happened to be answered. Frozen objects are still freed the usual
    way when nothing refers to them; only reference cycles among them wait for the unfreeze.
    """
    if sweep:
        gc.collect()
    gc.freeze()


def wake_collector() -> None:
    """Hand the frozen objects back to the collector (a game is left: its cycles may go)."""
    gc.unfreeze()


def wide_enough(width: int, height: int) -> bool:
    return width >= 110 and height >= 34


class MainScreen(Screen[None]):
    """One game in progress."""

    COMMANDS = Screen.COMMANDS | {MoveCommands, ScreenCommands}

    BINDINGS = [
        Binding("e", "end_turn", "End month"),
        Binding("d", "dialogue", "Talk"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "menu", "Menu"),
        Binding("1", "panel('moves')", "Moves", show=False),
        Binding("2", "panel('news')", "News", show=False),
        Binding("3", "panel('tracks')", "Tracks", show=False),
        Binding("4", "panel('opinions')", "Opinions", show=False),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("ctrl+o", "load", "Load", show=False),
        Binding("ctrl+r", "record", "Record", show=False),
        Binding("v", "decide", "Decide", show=False),
    ]

    def __init__(self, game: Game, saves: SaveShelf, fresh: bool = False) -> None:
        super().__init__()
        self.game = game
        self.saves = saves
        #: The widgets `show` gives their views, found once per compose.
        self.parts = Parts(self)
        #: A game that has just begun opens with a briefing on how the crisis stands.
        self.fresh = fresh
        #: Log entries before this index were there when the player last ended a month.
        self.seen = 0
        #: Track values when the player last ended a month, for the changes shown beside them.
        self.baseline = view.track_values(game)
        #: Whether `baseline` was taken at the end of a month (not at the start of play).
        self.baseline_shown = False
        self.wide = False
        #: What the player's last move did, shown at the top of the moves until the month ends.
        self.last_result: str | None = None
        #: The spinner standing over the board while the computer's month runs, else None.
        self.thinking: ThinkingScreen | None = None
        #: The talk screen, composed on the first `d` and kept (installed) for this game.
        self.talks: DialogueScreen | None = None
        #: A refused offer to build a counter from (its maker and terms), once nothing else waits.
        self.draft: tuple[str, tuple[str, ...]] | None = None
        #: The month's autosave and sweep wait for its briefing (`after_briefing`).
        self.after_briefing_due = False

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.wide = wide_enough(self.app.size.width, self.app.size.height)
        yield StatusBar()
        if self.wide:
            with Horizontal(id="body", classes="wide"):
                with Vertical(id="col-board"):
                    yield self._panel(BoardMap(), "board", "Map")
                    yield self._panel(Ladder(), "ladder", "Escalation ladder")
                    yield self._panel(OpinionMatrix(), "opinions", "Opinions [4]")
                with Vertical(id="col-state"):
                    yield self._panel(Tracks(), "tracks", "Tracks [3]")
                    yield self._panel(NewsFeed(id="news"), "news-panel", "News [2]")
                with Vertical(id="col-moves"):
                    yield self._panel(MoveList(id="moves"), "moves-panel", "Your moves [1]")
        else:
            with Horizontal(id="body", classes="narrow"):
                with Vertical(id="col-board"):
                    yield self._panel(BoardMap(), "board", "Map")
                    yield self._panel(Ladder(), "ladder", "Escalation")
                with TabbedContent(id="tabs", initial="moves-tab"):
                    with TabPane("Moves", id="moves-tab"):
                        yield MoveList(id="moves")
                    with TabPane("News", id="news-tab"):
                        yield NewsFeed(id="news")
                    with TabPane("Tracks", id="tracks-tab"):
                        yield Tracks()
                    with TabPane("Opinions", id="opinions-tab"):
                        yield OpinionMatrix()
        yield KeyBar()

    def _panel(self, widget: object, id: str, title: str) -> Vertical:
        panel = Vertical(widget, id=id, classes="panel")  # type: ignore[arg-type]
        panel.border_title = lit(title)  # type: ignore[assignment]
        return panel

    def on_mount(self) -> None:
        self.show()
        self.query_one(MoveList).focus()
        self.call_after_refresh(quiet_collector)
        if self.fresh and self.game.state.log and not self.game.over:
            self.call_after_refresh(self.brief)
        else:
            self.call_after_refresh(self.next_decision)

    def on_unmount(self) -> None:
        self._drop_talks()
        wake_collector()

    def _drop_talks(self) -> None:
        """The game is left: the talk screen kept for it goes too."""
        talks, self.talks = self.talks, None
        if talks is None:
            return
        with contextlib.suppress(ScreenStackError):  # still stacked: the app is closing them all
            self.app.uninstall_screen(talks)
            talks.remove()

    def on_screen_resume(self) -> None:
        # Coming back from a modal or the palette: the game may have moved. Each widget gets its
        # view again and redraws only when the view differs from the one it shows.
        if self.is_attached:
            self.show()

    def on_resize(self) -> None:
        if wide_enough(self.app.size.width, self.app.size.height) != self.wide:
            self.run_worker(self._relayout, exclusive=True, group="layout")

    async def _relayout(self) -> None:
        await self.recompose()
        self.parts.forget()
        self.show()
        self.query_one(MoveList).focus()

    # -- reflecting the game -----------------------------------------------------------------

    def show(self) -> None:
        """Read the game and give every widget its view (not while the month runs: it is drawn
        when the month is done)."""
        if self.thinking is not None:
            return
        game = self.game
        parts = self.parts
        for w in parts.all(StatusBar):
            w.view = view.header_view(game)
        board = view.board_view(game)
        for b in parts.all(BoardMap):
            b.view = board
            if board is not None and board.name:
                panel = b.parent
                if isinstance(panel, Vertical) and str(panel.border_title or "") != board.name:
                    panel.border_title = lit(board.name)  # type: ignore[assignment]
        for lad in parts.all(Ladder):
            lad.view = view.ladder_view(game)
        for t in parts.all(Tracks):
            t.view = view.tracks_view(game, self.baseline)
        for o in parts.all(OpinionMatrix):
            o.view = view.opinion_view(game)
        for n in parts.all(NewsFeed):
            n.view = view.news_view(game, self.seen)
        for m in parts.all(MoveList):
            m.view = MovesView(
                view.action_rows(game) if game.phase is Phase.DIPLOMACY else (),
                game.phase is Phase.DIPLOMACY and not self._counter_waiting(),
                self.decision_title(),
                self.last_result,
            )

    def decision_title(self) -> str | None:
        """What waits for the player's answer before anything else, in words."""
        game = self.game
        if game.phase is Phase.EVENT_CHOICES:
            ev = view.pending_event(game)
            if ev is not None:
                return f"Decide: {ev.title}"
            if view.offer_on_table(game) is not None:
                return "Answer the offer on the table"
        if self._counter_waiting():
            return "Answer the counter-offer"
        return None

    def _counter_waiting(self) -> bool:
        return view.counter_on_table(self.game) is not None

    # -- moves -------------------------------------------------------------------------------

    @on(MoveList.Picked)
    def _picked(self, event: MoveList.Picked) -> None:
        self.pick(event.key)

    def pick(self, key: str) -> None:
        """A row of the move list: an action id, `end`, `dialogue` or `decide`."""
        if key == END:
            self.action_end_turn()
        elif key == DIALOGUE:
            self.action_dialogue()
        elif key == DECIDE:
            self.next_decision()
        else:
            row = next((r for r in view.action_rows(self.game) if r.action == key), None)
            if row is None or not row.moves:
                why = row.blocked if row is not None else "that move is not open now"
                self.notify(why or "not possible now", severity="warning", markup=False)
                return
            self.confirm(row.moves)

    def request_move(self, move: Move | str) -> None:
        """A move from the palette (or notation, in tests): it opens the same preview the screen
        would, and is made only when the player confirms it there."""
        from game.ui.screens.flow import ask_to_make

        if isinstance(move, str):
            parsed = parse_or_warn(self, self.game, move)
            if parsed is None:
                return
            move = parsed
        if isinstance(move, EndTurn):
            self.action_end_turn()
        else:
            ask_to_make(self, self.game, move, self.commit)

    def confirm(self, moves: tuple[Move, ...], selected: Move | None = None) -> None:
        from game.ui.screens.confirm import ConfirmMoveScreen

        def done(move: Move | None) -> None:
            if move is not None:
                self.commit(move)

        self.app.push_screen(ConfirmMoveScreen(self.game, moves, selected), done)

    def commit(self, move: Move) -> list[Record] | None:
        """Play a move; a refusal is reported as a message. Returns the records it wrote.

        Ending the month only starts it (the computer's month runs in a thread, see `end_month`)
        and returns None. An engine bug is not caught here: the app's crash handler saves the
        game and says so, and tests see the error."""
        if isinstance(move, EndTurn):
            self.end_month()
            return None
        try:
            entries = self.game.play(move)
        except ValueError as e:
            self.notify(str(e), title="Not possible", severity="warning", markup=False)
            return None
        mine = (ActionTaken, StatementIssued) if isinstance(move, Act | Statement) else ()
        said = [e.text for e in entries if e.power == self.game.player and isinstance(e, mine)]
        if said:
            self.last_result = " ".join(said)
        if not self._covered():  # under the talk screen the board is drawn when it comes back
            self.show()
        self.next_decision()
        return entries

    # -- the computer's month ------------------------------------------------------------------

    def end_month(self) -> None:
        """End the player's month: the other powers think in a thread (a second, at times) while
        a spinner stands over the board and takes the keys; the board is drawn again after."""
        if self.thinking is not None:
            return
        why = self.game.why_not(EndTurn())
        if why is not None:
            self.notify(why, title="Not possible", severity="warning", markup=False)
            return
        from game.ui.screens.thinking import ThinkingScreen

        before = len(self.game.state.log)
        self.baseline = view.track_values(self.game)
        self.baseline_shown = True
        # An error in the month is not caught: the worker hands it to the app's crash handler.
        self.thinking = ThinkingScreen(
            lambda: self.run_worker(lambda: self._month(before), thread=True, group="month", name="the month")
        )
        self.app.push_screen(self.thinking)

    def _month(self, before: int) -> None:
        """In the worker's thread: the month itself, then back to the interface's thread."""
        self.game.play(EndTurn())
        self.app.call_from_thread(self._month_done, before)

    def _month_done(self, before: int) -> None:
        thinking, self.thinking = self.thinking, None
        if thinking is not None and thinking.is_current:
            thinking.dismiss()
        self.last_result = None
        self.seen = before
        self.show()
        if getattr(self.app, "quit_after_month", False) or self.game.over:
            # Saved first: the quit asks from the saved game, and the end screen replaces this one.
            self.autosave()
            if getattr(self.app, "quit_after_month", False):
                self.app.call_later(self.app.run_action, "quit")
            else:
                self.next_decision()
            return
        self.after_briefing_due = True
        self.brief().when_fitted(self.after_briefing)

    def after_briefing(self) -> None:
        """Once the month's briefing is on screen in full (the key's effect comes first), or when
        it is closed sooner, whichever is first: write the autosave, on this thread (the write
        stays atomic: a temporary file, then a rename, so no save is lost or half-written, and a
        failure shows over the briefing), then sweep what the month left dead and freeze the rest."""
        if not self.after_briefing_due:
            return
        self.after_briefing_due = False
        self.autosave()
        quiet_collector(sweep=True)

    def autosave(self) -> None:
        """Write an autosave of the game as it stands; a failure is a message, never lost silently."""
        problem = self.saves.autosave(self.game)
        if problem:
            self.notify(problem, severity="warning", markup=False)

    def brief(self) -> BriefingScreen:
        from game.ui.screens.briefing import BriefingScreen

        self.app.clear_notifications()  # nothing of last month may cover the news of this one
        before = self.baseline if self.baseline_shown else None
        briefing = BriefingScreen(self.game, self.seen, before)
        self.app.push_screen(briefing, self._briefed)
        return briefing

    def _briefed(self, _: None) -> None:
        self.after_briefing()
        self.next_decision()

    def next_decision(self) -> None:
        """Open whatever waits for the player: the ending, an event, an offer or a counter-offer."""
        from game.ui.screens.event import EventScreen, OfferScreen

        if not self.is_current or self._covered():
            return
        game = self.game
        if game.over:
            from game.ui.screens.end import EndScreen

            self.app.switch_screen(EndScreen(game))
            return
        if view.pending_event(game) is not None:
            self.app.push_screen(EventScreen(game), self._answered)
        elif view.offer_on_table(game) is not None or view.counter_on_table(game) is not None:
            self.app.push_screen(OfferScreen(game, self.redraft), self._answered)
        elif self.draft is not None and game.phase is Phase.DIPLOMACY:
            draft, self.draft = self.draft, None
            self.action_dialogue(draft=draft)

    def redraft(self, speaker: str, terms: tuple[str, ...]) -> None:
        """The player refuses an offer to counter it: the talks open on its terms once every
        other decision waiting has been made."""
        self.draft = (speaker, terms)

    def _covered(self) -> bool:
        """Whether another full screen (the dialogue) stands above this one: it answers for itself."""
        stack = self.app.screen_stack
        above = stack[stack.index(self) + 1 :] if self in stack else []
        return any(not isinstance(s, ModalScreen) for s in above)

    def _answered(self, move: Move | None) -> None:
        if move is not None:
            self.commit(move)

    # -- actions -----------------------------------------------------------------------------

    def action_end_turn(self) -> None:
        if self.game.phase is not Phase.DIPLOMACY or self._counter_waiting():
            self.next_decision()
            return
        self.end_month()

    def action_decide(self) -> None:
        self.next_decision()

    def action_dialogue(self, draft: tuple[str, tuple[str, ...]] | None = None) -> None:
        """Open the talks; with `draft` (a power and terms), on the deal builder holding those terms."""
        from game.ui.screens.dialogue import DialogueScreen

        if self.game.phase is not Phase.DIPLOMACY:
            self.next_decision()
            return

        def back(_: object) -> None:
            # The board is drawn again by `on_screen_resume`, which follows at once.
            if not self._counter_waiting():  # put off in the dialogue: the header keeps showing it
                self.next_decision()

        talks = self.talks
        if talks is None:
            talks = self.talks = DialogueScreen(self.game, self.commit)
            self.app.install_screen(talks, f"talks-{id(self)}")  # installed: closing it keeps it
        else:
            talks.reopen()
        self.app.push_screen(talks, back)
        if draft is not None:
            talks.call_after_refresh(talks.start_draft, *draft)

    def action_panel(self, name: str) -> None:
        if name not in PANELS:
            return
        tabs = self.query(TabbedContent)
        if tabs:
            tabs.first().active = f"{name}-tab"
        target = {"moves": "#moves", "news": "#news", "tracks": "Tracks", "opinions": "OpinionMatrix"}[name]
        widget = self.query(target).first()
        if widget.focusable:
            self.call_after_refresh(widget.focus)  # once its tab is shown: a hidden widget takes no focus
        elif isinstance(widget.parent, Vertical):
            widget.scroll_visible()

    def action_menu(self) -> None:
        from game.ui.screens.menu import GameMenuScreen

        self.app.push_screen(GameMenuScreen(), self._menu_choice)

    def _menu_choice(self, choice: str | None) -> None:
        if choice == "save":
            self.action_save()
        elif choice == "load":
            self.action_load()
        elif choice == "record":
            self.action_record()
        elif choice == "help":
            self.app.action_help()
        elif choice == "title":
            self.app.call_later(self.app.run_action, "to_title")
        elif choice == "quit":
            self.app.call_later(self.app.run_action, "quit")

    def action_save(self) -> None:
        from game.ui.screens.saves import SaveScreen

        self.app.push_screen(SaveScreen(self.game, self.saves))

    def action_record(self) -> None:
        """Write this game's moves as a playthrough script: a bug report that replays itself."""
        from game.ui.saving import SaveProblem

        try:
            path = self.saves.record(self.game)
        except SaveProblem as e:
            self.notify(str(e), title="No recording", severity="warning", markup=False)
            return
        self.notify(
            f"Written to {path}. Replay it with: dualfreeze run {path}", title="Recorded", timeout=8, markup=False
        )

    def action_load(self) -> None:
        from game.ui.screens.saves import LoadScreen

        self.app.push_screen(LoadScreen(self.saves))
