"""Months in words, for every layer that shows them: '2017-07' -> 'July 2017', periods, last months."""

from __future__ import annotations

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month_label(date: str) -> str:
    """'2017-07' -> 'July 2017' (anything else comes back unchanged)."""
    try:
        year, month = date.split("-")
        return f"{MONTHS[int(month) - 1]} {int(year)}"
    except (ValueError, IndexError):
        return date


def last_month(start: str, turns: int) -> str:
    """The month of a scenario's last turn: '2017-07' and 18 turns -> '2018-12'."""
    try:
        year, month = (int(x) for x in start.split("-"))
    except ValueError:
        return start
    index = year * 12 + month - 1 + max(0, turns - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def period(start: str, turns: int) -> str:
    """'July 2017 to December 2018 (18 months)'."""
    months = f"{turns} month{'s' if turns != 1 else ''}"
    if turns <= 1:
        return f"{month_label(start)} ({months})"
    return f"{month_label(start)} to {month_label(last_month(start, turns))} ({months})"
