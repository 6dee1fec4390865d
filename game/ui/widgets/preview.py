"""A move's preview as lines for a width: what the advisors say, whether it climbs the ladder,
its likely effects (names from content, never ids) and what others would say to it."""

from __future__ import annotations

from textual.content import Content

from game.engine.preview import Change, Preview
from game.engine.records import Dialogue, RedLineCrossed
from game.mods.content import Content as GameContent
from game.ui.text import delta_mark, hanging, lit, signed, wrapped

VERDICTS = {
    "approve": ("✓ approves", "bold $text-success"),
    "oppose": ("✗ opposes", "bold $text-error"),
    "neutral": ("– no strong view", "$foreground-muted"),
}

#: Width of "  100 → 100  ▲+100" after a change's name.
NUMBERS = 18


def advice_lines(pv: Preview, width: int) -> list[Content]:
    lines: list[Content] = []
    for a in pv.advice:
        word, style = VERDICTS.get(a.verdict, (a.verdict, ""))
        lead = Content.assemble(lit(f"{a.name}: "), lit(word, style), lit(" "))
        body = lit(f"“{a.line}”", "italic") if a.line else lit("")
        lines.extend(hanging(lead, body, width) if a.line else [lead])
    return lines


def change_label(content: GameContent, c: Change) -> str | None:
    """A change's name: a flag's display name from content (None for bookkeeping flags)."""
    if c.kind != "flag":
        return c.label
    flag = content.flags.get(c.key)
    if flag is None:
        return c.label
    return flag.name if flag.show else None


def change_lines(content: GameContent, changes: tuple[Change, ...], width: int) -> list[Content]:
    """One row a change: the name, then before → after and the difference; a long name wraps."""
    rows = [(label, c) for c in changes if (label := change_label(content, c)) is not None]
    if not rows:
        return [lit("  nothing you can foresee", "italic $foreground-muted")]
    name_w = max(8, min(max(len(label) for label, _ in rows), width - 2 - NUMBERS))
    out: list[Content] = []
    for label, c in rows:
        arrow, style = delta_mark(c.delta)
        if c.kind == "flag":
            before, after = ("yes" if c.before else "no"), ("yes" if c.after else "no")
            numbers = Content.assemble(lit(f" {before:>4} → {after:<4} "), lit("▲" if c.after else "▼", style))
        else:
            numbers = Content.assemble(lit(f" {c.before:>4} → {c.after:<4} "), lit(f"{arrow}{signed(c.delta)}", style))
        parts = wrapped(lit(label), name_w)
        for part in parts[:-1]:
            out.append(Content.assemble(lit("  "), part))
        last = parts[-1]
        out.append(Content.assemble(lit("  "), last, lit(" " * max(0, name_w - last.cell_length)), numbers))
    return out


def said_lines(pv: Preview, player: str | None, width: int) -> list[Content]:
    """What the move would draw from others: warnings, threats, red lines."""
    said = [r for r in pv.records if isinstance(r, Dialogue | RedLineCrossed) and r.power != player]
    lines: list[Content] = []
    for r in said:
        lines.extend(hanging(lit("  ⚠ ", "bold $text-warning"), lit(r.text, "italic"), width))
    return lines


def escalation_words(pv: Preview) -> str:
    """The warning for a move that climbs the ladder, naming the rung it would reach when known."""
    rung = " ".join(pv.rung.split())
    if rung:
        return f"⚠ This would push the crisis up to {rung}."
    return "⚠ This would push the crisis up a rung of the ladder."


def preview_lines(
    content: GameContent,
    pv: Preview | None,
    width: int,
    *,
    player: str | None = None,
    show_advice: bool = True,
    heading: str = "Likely effects",
) -> list[Content]:
    """The whole preview of a move for a width, as literal text."""
    if pv is None:
        return [lit("No preview for this move.", "italic $foreground-muted")]
    lines: list[Content] = []
    if show_advice and pv.advice:
        lines.extend(advice_lines(pv, width))
    if pv.escalates:
        lines.extend(wrapped(lit(escalation_words(pv), "bold $text-error"), width))
    lines.append(lit(heading, "bold underline"))
    lines.extend(change_lines(content, pv.changes, width))
    said = said_lines(pv, player, width)
    if said:
        lines.append(lit("What others would say", "bold underline"))
        lines.extend(said)
    return lines
