"""Words and symbols shared by every view: months, names, moods, levels, prose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.records import Record
    from game.mods.content import Content

from game.calendar import MONTHS as MONTHS
from game.calendar import last_month as last_month
from game.calendar import month_label as month_label
from game.calendar import period as period

#: Eight steps of a bar, lowest first: a level drawn without relying on colour.
LEVELS = "▁▂▃▄▅▆▇█"


def prose(text: str) -> str:
    """Content text as paragraphs: single line breaks (from TOML) become spaces, blank lines stay."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def sentence_case(text: str) -> str:
    """`text` with its first letter a capital, the rest as it is: a clause made a sentence."""
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """`text` as a whole sentence: a capital first, and a full stop unless it ends with one."""
    text = sentence_case(text)
    return text if text.endswith((".", "!", "?")) else f"{text}."


def power_name(content: Content, power: str | None) -> str:
    if power is None or power not in content.powers:
        return ""
    return content.powers[power].model.name


def power_short(content: Content, power: str) -> str:
    m = content.powers[power].model
    return m.short or power.upper()[:3]


#: The tag of news that concerns no power in particular (an event without a power or a label).
NO_TAG = "—"


def record_tag(content: Content, record: Record) -> str:
    """The short tag beside a line of news: an event's own label, else its power's short name."""
    from game.engine.records import EventFired

    if isinstance(record, EventFired) and record.id in content.events:
        label = content.events[record.id].model.label
        if label:
            return label
    if record.power in content.powers:
        return power_short(content, record.power)
    return NO_TAG if isinstance(record, EventFired) else ""


def level_glyph(value: int, lo: int, hi: int) -> str:
    if hi <= lo:
        return LEVELS[-1]
    frac = (value - lo) / (hi - lo)
    return LEVELS[max(0, min(len(LEVELS) - 1, round(frac * (len(LEVELS) - 1))))]


# -- moods: opinion as a word and a symbol, never a colour alone ------------------------------


@dataclass(frozen=True, slots=True)
class Mood:
    key: str  # a CSS-friendly name: friendly, warm, neutral, cool, hostile
    word: str
    symbol: str


MOODS = (
    (40, Mood("friendly", "friendly", "▲")),
    (10, Mood("warm", "warm", "△")),
    (-9, Mood("neutral", "neutral", "○")),
    (-39, Mood("cool", "cool", "▽")),
    (-101, Mood("hostile", "hostile", "▼")),
)
PLAYER_MOOD = Mood("player", "you", "★")


def mood(opinion: int) -> Mood:
    for floor, m in MOODS:
        if opinion >= floor:
            return m
    return MOODS[-1][1]


# -- news ------------------------------------------------------------------------------------


NEWS_KINDS = {
    "event": "event",
    "incident": "incident",
    "choice": "decision",
    "action": "move",
    "reaction": "reaction",
    "red_line": "red line",
    "ending": "ending",
    "proposal": "proposal",
    "answer": "answer",
    "agreement": "agreement",
    "defection": "defection",
    "statement": "statement",
    "dialogue": "talk",
}


@dataclass(frozen=True, slots=True)
class NewsItem:
    turn: int
    month: str
    kind: str
    text: str
    who: str  # short label of the power concerned, or ""
    mine: bool  # the player's own doing
    fresh: bool  # happened since the player's last move
