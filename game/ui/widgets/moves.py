"""The moves open to the player now, with their cost; closed moves say why, done ones say so."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList

from game.ui.text import lit
from game.ui.view import ActionRow
from game.ui.widgets.wrapped import HangingOptions, Row

END = "end"
DIALOGUE = "dialogue"
DECIDE = "decide"


@dataclass(frozen=True, slots=True)
class MovesView:
    rows: tuple[ActionRow, ...]
    can_end: bool
    #: Something that must be answered first (an event, an offer), in words; replaces "End the month".
    decision: str | None
    #: What the player's last move did, in words (shown at the top until the next one).
    last: str | None = None


def action_row(row: ActionRow) -> Row:
    """An action as a row: its cost first (never cut off), its name, and why it is closed."""
    if row.moves:
        target = lit(" →…", "$foreground-muted") if row.needs_target else lit("")
        return Row(row.action, Content.assemble(lit(row.name), target), lit(f"◆{row.cost} ", "bold $text-warning"))
    if row.done:
        body = Content.assemble(lit(row.name, "$foreground-muted"), lit(" · done", "italic $foreground-muted"))
        return Row(row.action, body, lit("✓  ", "$text-success"), disabled=True)
    why = lit(f" · {row.blocked}", "italic $foreground-muted") if row.blocked else lit("")
    body = Content.assemble(lit(row.name, "$foreground-muted"), lit(f" ◆{row.cost}", "$foreground-muted"), why)
    return Row(row.action, body, lit("✕  ", "$foreground-muted"), disabled=True)


class MoveList(HangingOptions):
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
        rows = _head_rows(v)
        actions = v.rows
        if actions and not any(r.moves for r in actions) and v.can_end:
            actions = ()
            note = lit("No moves left this month: end it when you are ready.", "italic")
            rows.append(Row(None, note, disabled=True))
        if actions:
            rows.append(None)
        open_rows = [r for r in actions if r.moves]
        rows.extend(action_row(r) for r in open_rows)
        for heading, group in (
            ("Not open now:", [r for r in actions if not r.moves and not r.done]),
            ("Done:", [r for r in actions if r.done]),
        ):
            if group:
                rows.append(Row(None, lit(heading, "italic $foreground-muted"), disabled=True))
                rows.extend(action_row(r) for r in group)
        ids = [r.id for r in rows if r is not None and not r.disabled and r.id]
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        self.set_rows(rows, _pick(v, bool(open_rows), highlighted, ids))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Picked(event.option.id))


def _head_rows(v: MovesView) -> list[Row | None]:
    """What the player did last, then what waits for a decision, or the month's end and the talks."""
    rows: list[Row | None] = []
    if v.last:
        rows.append(Row(None, lit(v.last, "italic"), lit("✓ ", "$text-success"), disabled=True))
    if v.decision:
        rows.append(Row(DECIDE, lit(v.decision, "bold $text-warning"), lit("▸ ", "bold $text-warning")))
    else:
        rows.append(Row(END, lit("End the month", "bold"), lit("▸ ", "bold"), disabled=not v.can_end))
        rows.append(Row(DIALOGUE, lit("Talk and negotiate…", "bold"), lit("▸ ", "bold")))
    return rows


def _pick(v: MovesView, has_open: bool, highlighted: str | None, ids: list[str | None]) -> str | None:
    """The row to highlight: what waits for a decision, else where the player was, else the first move."""
    if v.decision:
        return DECIDE
    if not has_open and v.can_end:
        return END
    if highlighted in ids:
        return highlighted
    return next((i for i in ids if i not in (END, DIALOGUE)), ids[0] if ids else None)
