"""The moves open to the player now, with their cost; blocked moves say why."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.ui.text import lit
from game.ui.view import ActionRow

END = "end"
DIALOGUE = "dialogue"
DECIDE = "decide"


@dataclass(frozen=True, slots=True)
class MovesView:
    rows: tuple[ActionRow, ...]
    can_end: bool
    #: Something that must be answered first (an event, an offer), in words; replaces "End the month".
    decision: str | None


def _row_prompt(row: ActionRow) -> Content:
    cost = lit(f" ◆{row.cost}", "bold $text-warning")
    target = lit(" →…", "$foreground-muted") if row.needs_target else lit("")
    if row.moves:
        return Content.assemble(lit(row.name), target, cost)
    why = row.blocked or "not possible now"
    reason = lit("") if why == "not possible now" else lit(f" ✕ {why}", "italic $foreground-muted")
    return Content.assemble(lit("✕ ", "$foreground-muted"), lit(row.name, "$foreground-muted"), cost, reason)


class MoveList(OptionList):
    """Actions first (◆ is the political capital they cost), then talks and the end of the month."""

    DEFAULT_CSS = """
    MoveList {
        height: 1fr;
        width: 1fr;
        border: none;
        padding: 0;
    }
    MoveList:focus {
        border: none;
    }
    """

    class Picked(Message):
        """The player picked a row: an action id, `end` or `dialogue`."""

        def __init__(self, key: str) -> None:
            self.key = key
            super().__init__()

    view: reactive[MovesView | None] = reactive(None)

    def watch_view(self, v: MovesView | None) -> None:
        if v is None:
            return
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        options: list[Option | None] = []
        if v.decision:
            options.append(Option(lit(f"▸ {v.decision}", "bold $text-warning"), id=DECIDE))
        else:
            options.append(Option(lit("▸ End the month", "bold"), id=END, disabled=not v.can_end))
            options.append(Option(lit("▸ Talk and negotiate…", "bold"), id=DIALOGUE))
        rows = v.rows
        if rows and not any(r.moves for r in rows) and v.can_end:
            rows = ()
            options.append(Option(lit("No moves left this month: end it when you are ready.", "italic"), disabled=True))
        if rows:
            options.append(None)
        open_rows = [r for r in rows if r.moves]
        for row in open_rows:
            options.append(Option(_row_prompt(row), id=row.action))
        blocked = [r for r in rows if not r.moves]
        if blocked:
            options.append(Option(lit("Not open now:", "italic $foreground-muted"), disabled=True))
        for row in blocked:
            options.append(Option(_row_prompt(row), id=row.action, disabled=True))
        self.set_options(options)
        ids = [o.id for o in options if o is not None and not o.disabled]
        pick = _pick(v, bool(rows), highlighted, ids)
        if pick is not None:
            self.highlighted = self.get_option_index(pick)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Picked(event.option.id))


def _pick(v: MovesView, has_rows: bool, highlighted: str | None, ids: list[str | None]) -> str | None:
    """The row to highlight: what waits for a decision, else where the player was, else the first move."""
    if v.decision:
        return DECIDE
    if not has_rows and v.can_end:
        return END
    if highlighted in ids:
        return highlighted
    return next((i for i in ids if i not in (END, DIALOGUE)), ids[0] if ids else None)
