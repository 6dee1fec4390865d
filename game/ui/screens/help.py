"""Help: how a month works, what the screens show, and every key. Our own text, never content."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

HELP = """\
# How to play Dual Freeze

You lead one power through a crisis, **one month per turn**. Bend the crisis toward your
power's interests (the new-game screen lists them) without letting it slide into war.

## A month

1. **Briefing.** The month begins; events happen and the news arrives.
2. **Decisions.** Some events need your answer. Another power may put a deal to you.
3. **Your moves.** Spend *political capital* (◆) on moves: up to the limit shown in the header.
   Before a move is made you see its likely effects and what your two advisors think of it.
   Talking to a power is free; proposals and statements cost capital like actions.
4. **The others move**, every power reacts to what it saw, agreements are checked.
5. **The month ends.** Capital refills from your support at home. Then the next briefing.

## The screen

- **Header**: the month, the turn, your power and leader, political capital, moves left.
- **Map**: each power's marker shows how it regards *you*: ▲ friendly, △ warm,
  ○ neutral, ▽ cool, ▼ hostile; ★ is you. Tests, drills, THAAD, sanctions and talks appear
  where they happen while they matter.
- **Escalation ladder**: the rung the crisis stands on and the chance of an incident each
  month. The top rung is war, and war ends the game.
- **Tracks**: the state of the crisis; ▲ and ▼ show the change since you last ended a month.
- **Opinions**: how each power (row) regards each other (column).
- **News**: newest first; ● marks what happened since your last month ended.

## Deals and statements

Press **d** to talk: pick a counterpart and hear them out, build a deal from terms and send
it. Every party named must accept. A party that is nearly convinced answers with a
**counter-offer** you may take or refuse. Joint statements gather co-signers and press the
powers they name. Broken deals are remembered.

## Keys

| Key | Where | What |
|---|---|---|
| ↑ ↓, enter | lists | move, choose |
| tab, shift+tab | everywhere | next, previous control |
| e | main | end the month |
| d | main | talk and negotiate |
| 1 2 3 4 | main | moves, news, tracks, opinions |
| v | main | answer what waits (an event, an offer) |
| y / esc | before a move | make it / cancel |
| 1–9 | event | pick that option |
| a / r | offer | accept / refuse |
| ctrl+p | everywhere | command palette: every legal move, themes, keys |
| ctrl+s, ctrl+o | main | save, load |
| ctrl+r | main | record the game as a playthrough script |
| esc | main | game menu |
| ? or f1 | everywhere | this help |
| ctrl+q | everywhere | quit |

The command palette (**ctrl+p**) lists every move open to you by name and by notation
(`act condemn prk`, `end`); it also holds Textual's theme picker.

## The end

The game ends at war, at another ending, or when the calendar runs out. Every power scores
its interests; yours is set beside what your power really got by December 2018.
"""


class HelpScreen(ModalScreen[None]):
    """Esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 95%;
        max-width: 100;
        height: 95%;
        border: thick $primary;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Footer()
        with VerticalScroll() as box:
            box.border_title = "Help"
            yield Markdown(HELP)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
