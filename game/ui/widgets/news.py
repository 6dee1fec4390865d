"""The news feed: what happened, newest first, grouped by month, with the fresh items marked."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from game.ui.text import lit
from game.ui.view import NewsItem

KIND_STYLES = {
    "event": "bold $text-warning",
    "incident": "bold $text-error",
    "red line": "bold $text-error",
    "ending": "bold $text-accent",
    "agreement": "bold $text-success",
    "defection": "bold $text-error",
}


def news_content(items: tuple[NewsItem, ...], empty: str = "Nothing has happened yet.") -> Content:
    if not items:
        return lit(empty, "italic $foreground-muted")
    lines: list[Content] = []
    month = None
    for it in items:
        if it.month != month:
            month = it.month
            lines.append(lit(f"── {month} ──", "bold $foreground-muted"))
        mark = lit("● ", "bold $text-accent") if it.fresh else lit("  ")
        who = lit(f"{it.who:<3} ", "bold $text-accent" if it.mine else "bold") if it.who else lit("    ")
        kind = lit(f"{it.kind}: ", KIND_STYLES.get(it.kind, "$foreground-muted"))
        lines.append(Content.assemble(mark, who, kind, lit(it.text)))
    return Content("\n").join(lines)


class NewsFeed(VerticalScroll):
    """A scrolling list of `NewsItem`s; ● marks what happened since your last move."""

    DEFAULT_CSS = """
    NewsFeed {
        height: 1fr;
        width: 1fr;
    }
    NewsFeed > Static {
        width: 1fr;
    }
    """

    view: reactive[tuple[NewsItem, ...]] = reactive(())

    def compose(self) -> ComposeResult:
        yield Static(news_content(self.view))

    def watch_view(self, items: tuple[NewsItem, ...]) -> None:
        if self.is_mounted:
            self.query_one(Static).update(news_content(items))
            self.scroll_home(animate=False)
