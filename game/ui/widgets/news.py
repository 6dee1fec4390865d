"""The news feed: what happened, newest first, grouped by month, with the fresh items marked."""

from __future__ import annotations

from functools import lru_cache

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive

from game.ui.text import hanging, lit
from game.ui.view import NewsItem
from game.ui.widgets.wrapped import Wrapped

KIND_STYLES = {
    "event": "bold $text-warning",
    "incident": "bold $text-error",
    "red line": "bold $text-error",
    "ending": "bold $text-accent",
    "agreement": "bold $text-success",
    "defection": "bold $text-error",
}


def news_lines(items: tuple[NewsItem, ...], width: int, empty: str = "Nothing has happened yet.") -> list[Content]:
    """The items as lines for `width`: each wraps under its own text, past the mark and the tag."""
    if not items:
        return [lit(empty, "italic $foreground-muted")]
    lines: list[Content] = []
    month = None
    for it in items:
        if it.month != month:
            month = it.month
            lines.append(lit(f"── {month} ──", "bold $foreground-muted"))
        lines.extend(item_lines(it, width))
    return lines


@lru_cache(maxsize=4096)
def item_lines(it: NewsItem, width: int) -> tuple[Content, ...]:
    """One item's lines at `width`. Kept: the feed only grows, and wrapping all of it again after
    every month (in the feed and in the briefing) was most of the time its drawing took."""
    mark = lit("● ", "bold $text-accent") if it.fresh else lit("  ")
    who = lit(f"{it.who:<3} ", "bold $text-accent" if it.mine else "bold")
    kind = lit(f"{it.kind}: ", KIND_STYLES.get(it.kind, "$foreground-muted"))
    return tuple(hanging(Content.assemble(mark, who), Content.assemble(kind, lit(it.text)), width))


def news_content(items: tuple[NewsItem, ...], empty: str = "Nothing has happened yet.", width: int = 100) -> Content:
    """The same lines as one block of text (tests and plain dumps)."""
    return Content("\n").join(news_lines(items, width, empty))


class NewsFeed(VerticalScroll):
    """A scrolling list of `NewsItem`s; ● marks what happened since your last move."""

    DEFAULT_CSS = """
    NewsFeed {
        height: 1fr;
        width: 1fr;
    }
    """

    view: reactive[tuple[NewsItem, ...]] = reactive(())

    def compose(self) -> ComposeResult:
        items = self.view
        yield Wrapped(lambda width: news_lines(items, width))

    def watch_view(self, items: tuple[NewsItem, ...]) -> None:
        if self.is_mounted and self.query(Wrapped):
            self.query_one(Wrapped).update(lambda width: news_lines(items, width))
            self.scroll_home(animate=False)
