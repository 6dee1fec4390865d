"""The dialogue's words as lines for a width: a counterpart's row, what they say and want, what
they are after this month, and how the player's last proposal went."""

from __future__ import annotations

from textual.content import Content

from game.engine.game import Game
from game.ui import view
from game.ui.text import hanging, lit, mood_style, signed, wrapped
from game.ui.widgets.wrapped import Row

VERDICT_WORDS = {
    "accept": ("✓ accepts", "bold $text-success"),
    "counter": ("↺ counters", "bold $text-warning"),
    "reject": ("✗ refuses", "bold $text-error"),
    "refuse": ("✗ refuses", "bold $text-error"),
}


def counterpart_row(cp: view.CounterpartView) -> Row:
    body = Content.assemble(
        lit(cp.name, "bold"),
        lit(f"\n{cp.mood.word} {signed(cp.opinion)}", mood_style(cp.mood)),
    )
    return Row(cp.power, body, lit(f"{cp.mood.symbol} ", mood_style(cp.mood)))


def talk_lines(game: Game, cp: view.CounterpartView, width: int) -> list[Content]:
    lines: list[Content] = []
    head = Content.assemble(lit(cp.name, "bold $text-accent"), lit(f" · {cp.leader}" if cp.leader else "", "italic"))
    lines.extend(wrapped(head, width))
    view_of_you = Content.assemble(
        lit("Their view of you: "),
        lit(f"{cp.mood.symbol} {cp.mood.word} ({signed(cp.opinion)})", mood_style(cp.mood)),
        lit(f" · trust {signed(cp.trust)}"),
    )
    lines.extend(wrapped(view_of_you, width, 2))
    heard = view.heard_from(game, cp.power)
    if heard is not None:
        lines.append(lit(""))
        lines.extend(wrapped(lit(f"“{heard.said}”", "italic"), width))
        if heard.wants:
            lines.extend(hanging(lit("They would welcome: ", "bold"), lit("; ".join(heard.wants)), width))
        if heard.least_costly:
            lines.extend(hanging(lit("Easiest for them to give: ", "bold"), lit("; ".join(heard.least_costly)), width))
    elif cp.heard:
        lines.append(lit(""))
        lines.extend(wrapped(lit(f"Last heard: “{cp.heard[0]}”", "italic"), width))
    if cp.says:
        lines.append(lit(""))
        lines.append(lit("What they care about", "bold underline"))
        for s in cp.says[:5]:
            lines.extend(hanging(lit("  • "), lit(s), width))
    return lines


def exchange_lines(ex: view.ExchangeView | None, width: int) -> list[Content]:
    if ex is None:
        return [lit("You have not proposed anything this month.", "italic $foreground-muted")]
    lines: list[Content] = list(wrapped(lit(ex.proposal, "bold"), width))
    for a in ex.answers:
        word, style = VERDICT_WORDS.get(a.verdict, (a.verdict, ""))
        lines.append(Content.assemble(lit(f"{a.name}: "), lit(word, style)))
        if a.said:
            lines.extend(hanging(lit("  "), lit(f"“{a.said}”", "italic"), width))
        for r in a.reasons:
            rstyle = "$text-success" if r.points > 0 else "$text-error"
            lines.extend(hanging(lit(f"  {signed(r.points):>4} ", rstyle), lit(r.text), width))
        if a.asks_for:
            lines.extend(hanging(lit("  asks for: ", "bold"), lit("; ".join(a.asks_for)), width))
        if a.drops:
            lines.extend(hanging(lit("  drops: ", "bold"), lit("; ".join(a.drops)), width))
    if ex.outcome:
        lines.extend(wrapped(lit(ex.outcome, "bold"), width))
    return lines
