"""The talk screen's layout: its five sections (what they say, a deal, their answer, a joint
statement, your agreements) and how they are drawn. The screen itself (dialogue.py) fills them
from the game and answers the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from game.mods.content import Content as GameContent
from game.ui.text import lit
from game.ui.widgets.picker import Picker
from game.ui.widgets.wrapped import HangingOptions, Wrapped

#: (id, tab title) of each section, in order; the narrow layout makes each a tab.
SECTIONS = (
    ("talk", "1 Talk"),
    ("deal", "2 Deal"),
    ("answer", "3 Answer"),
    ("statement", "4 Statement"),
    ("agreements", "5 Agreements"),
)

DIALOGUE_CSS = """
DialogueScreen #dialogue-body {
    height: 1fr;
}
DialogueScreen #counterparts {
    width: 24;
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
    height: 1;
    margin-top: 1;
}
DialogueScreen .buttons Button {
    margin-right: 2;
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


def talk_section() -> ComposeResult:
    with Vertical(id="talk-section", classes="section") as box:
        box.border_title = lit("What they say [1]")  # type: ignore[assignment]
        yield Wrapped(id="talk-text")
        yield Wrapped(id="talk-why", classes="summary")
        with Horizontal(classes="buttons"):
            yield Button(lit("Talk to them [t]"), id="talk", compact=True)


def deal_section(c: GameContent) -> ComposeResult:
    with Vertical(id="deal-section", classes="section") as box:
        box.border_title = lit("Build a deal [2]")  # type: ignore[assignment]
        if not c.terms:
            yield Static(lit("This game has no deal terms."), classes="summary")
            return
        if c.packages:
            yield Static(lit("Start from a known deal (enter picks its terms):"), classes="summary")
            yield HangingOptions(id="packages")
        yield Static(lit("Terms (space or enter picks):"), classes="summary")
        yield Picker(id="terms")
        yield Wrapped(id="deal-summary")
        with Horizontal(classes="buttons"):
            yield Button(lit("Propose… [p]"), variant="primary", id="propose", compact=True)
            yield Button(lit("Clear [c]"), id="clear", compact=True)


def answer_section() -> ComposeResult:
    with Vertical(id="answer-section", classes="section") as box:
        box.border_title = lit("Their answer [3]")  # type: ignore[assignment]
        yield Wrapped(id="answer-text")
        with Horizontal(classes="buttons", id="counter-buttons"):
            yield Button(lit("Answer the counter-offer… [a]"), variant="success", id="accept", compact=True)
            yield Button(lit("Refuse it [r]"), variant="error", id="refuse", compact=True)


def statement_section(any_declarations: bool) -> ComposeResult:
    with Vertical(id="statement-section", classes="section") as box:
        box.border_title = lit("Joint statement [4]")  # type: ignore[assignment]
        if not any_declarations:
            yield Static(lit("No statements can be drafted in this game."), classes="summary")
            return
        yield Static(lit("Enter or s: choose co-signers, see what it does, then issue it."), classes="summary")
        yield HangingOptions(id="declarations")
        yield Wrapped(id="declaration-text")
        yield Wrapped(id="statement-result")


def agreements_section() -> ComposeResult:
    with Vertical(id="agreements-section", classes="section") as box:
        box.border_title = lit("Your agreements [5]")  # type: ignore[assignment]
        yield HangingOptions(id="agreements")
        yield Wrapped(id="agreement-text")
        with Horizontal(classes="buttons"):
            yield Button(lit("Walk out… [b]"), variant="error", id="walk-out", compact=True)
