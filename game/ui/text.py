"""Literal text for widgets: content and save strings are never parsed as markup.

Textual runs actions from markup such as `[@click=app.quit]`, so every string that comes from
content, saves or the engine's log goes through `lit()` (a `Content` built from plain text).
Styles here are our own constants, never content.
"""

from __future__ import annotations

from textual.content import Content

from game.ui.view import Mood, prose

__all__ = ["lit", "prose"]

#: Theme-aware styles for moods, by `Mood.key`. Each mood also has a word and a symbol.
MOOD_STYLES = {
    "friendly": "bold $text-success",
    "warm": "$text-success",
    "neutral": "$foreground",
    "cool": "$text-warning",
    "hostile": "bold $text-error",
    "player": "bold $text-accent",
}


def lit(text: str, style: str = "") -> Content:
    """Plain text as Content: brackets, @click and $names are shown, never interpreted."""
    return Content.styled(text, style) if style else Content(text)


def mood_style(m: Mood) -> str:
    return MOOD_STYLES.get(m.key, "")


def signed(n: float, digits: int = 0) -> str:
    """+3, −2, 0: a number with its sign."""
    value = round(n, digits) if digits else round(n)
    if value == 0:
        return "0"
    text = f"{abs(value):.{digits}f}" if digits else str(abs(value))
    return ("+" if value > 0 else "−") + text


def delta_mark(delta: float) -> tuple[str, str]:
    """An arrow and a style for a change: the arrow carries the meaning, the colour helps."""
    if delta > 0:
        return "▲", "$text-success"
    if delta < 0:
        return "▼", "$text-error"
    return "·", "$foreground-muted"


def bar(value: int, lo: int, hi: int, width: int) -> str:
    """A horizontal bar in eighths: the length alone says how full."""
    if width <= 0:
        return ""
    frac = 0.0 if hi <= lo else max(0.0, min(1.0, (value - lo) / (hi - lo)))
    eighths = round(frac * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width, "·")[:width]


def hanging(lead: Content, body: Content, width: int) -> list[Content]:
    """`lead` then `body`, wrapped to `width`, every further line indented to start under the body.

    Lines are never cut: when the lead leaves too little room, the whole row wraps plainly."""
    indent = lead.cell_length
    if width <= indent + 8:
        return Content.assemble(lead, body).wrap(max(1, width)) or [lit("")]
    lines = body.wrap(width - indent) or [lit("")]
    pad = lit(" " * indent)
    return [Content.assemble(lead if i == 0 else pad, line) for i, line in enumerate(lines)]


def wrapped(text: Content, width: int, indent: int = 0) -> list[Content]:
    """A line wrapped to `width`; with `indent`, the lines after the first start that far in."""
    if indent <= 0:
        return text.wrap(max(1, width)) or [lit("")]
    first, *rest = text.wrap(max(1, width)) or [lit("")]
    if not rest:
        return [first]
    tail = Content(" ").join(rest)
    return [first, *(Content.assemble(lit(" " * indent), line) for line in tail.wrap(max(1, width - indent)))]
