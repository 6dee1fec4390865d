"""While the computer plays its month: a spinner over the board, and no keys to act on.

The month runs in a thread (see `MainScreen.end_month`); this screen stands above the board
while it does, so no key reaches a game that is changing under it. It stays see-through for
the first tenth of a second: a quick month shows nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import LoadingIndicator, Static

from game.ui.text import lit

#: Seconds a month may take before the spinner shows.
SPINNER_DELAY = 0.1
#: What the spinner says.
THINKING_WORDS = "The other capitals are deciding…"


class ThinkingScreen(ModalScreen[None]):
    """Takes every key while the computer's month runs; the main screen closes it when it is done."""

    DEFAULT_CSS = """
    ThinkingScreen {
        align: center middle;
        background: transparent;
    }
    ThinkingScreen #thinking {
        width: auto;
        max-width: 90%;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 2;
        display: none;
    }
    ThinkingScreen #thinking.-shown {
        display: block;
    }
    ThinkingScreen LoadingIndicator {
        height: 1;
        min-width: 10;
    }
    ThinkingScreen #thinking-words {
        width: auto;
        text-style: bold;
    }
    """

    def __init__(self, start: Callable[[], object]) -> None:
        super().__init__()
        #: Starts the month's thread: once this screen is mounted, so the thread never races its
        #: mounting (its end dismisses this screen); not after its first frame, which cost the
        #: month a frame's time or more for a screen that shows nothing yet.
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="thinking"):
            yield Static(lit(THINKING_WORDS), id="thinking-words")
            yield LoadingIndicator()

    def on_mount(self) -> None:
        self.set_timer(SPINNER_DELAY, self.reveal)
        self.start()

    def reveal(self) -> None:
        """The month is taking a while: say so."""
        self.query_one("#thinking").add_class("-shown")

    @property
    def shown(self) -> bool:
        return self.query_one("#thinking").has_class("-shown")
