"""The dialogue's words as lines for a width: a counterpart's row, what they say and want, what
they are after this month, and how the player's last proposal went."""

from __future__ import annotations

from textual.content import Content

from game.engine.game import Game
from game.mods.content import Content as GameContent
from game.mods.content import DeclarationDef
from game.moves import Statement
from game.ui import view
from game.ui.text import hanging, lit, mood_style, prose, signed, wrapped
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


def aim_lines(aim: str | None, width: int) -> list[Content]:
    """What the counterpart is after this month: nothing when there is no aim to show, a
    placeholder (None) while it is being worked out."""
    if aim is None:
        return hanging(lit("Their aim: ", "bold"), lit("reading their intentions…", "italic $foreground-muted"), width)
    if not aim:
        return []
    return hanging(lit("Their aim: ", "bold"), lit(view.sentence(aim)), width)


def talk_lines(game: Game, cp: view.CounterpartView, width: int, aim: str | None = "") -> list[Content]:
    """A counterpart's page: who they are, their view of you, their aim (see `aim_lines`), what
    they said this month and what they care about."""
    lines: list[Content] = []
    head = Content.assemble(lit(cp.name, "bold $text-accent"), lit(f" · {cp.leader}" if cp.leader else "", "italic"))
    lines.extend(wrapped(head, width))
    view_of_you = Content.assemble(
        lit("Their view of you: "),
        lit(f"{cp.mood.symbol} {cp.mood.word} ({signed(cp.opinion)})", mood_style(cp.mood)),
        lit(f" · trust {signed(cp.trust)}"),
    )
    lines.extend(wrapped(view_of_you, width, 2))
    lines.extend(aim_lines(aim, width))
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


def statement_row(game: Game, d: DeclarationDef, cosigners: tuple[str, ...]) -> Row:
    """A statement in the list: its name and cost, or why it is closed even with every co-signer
    who could be invited (choosing the signers is the statement dialog's job)."""
    refusal = game.why_not(Statement(d.id, cosigners))
    closed = refusal is not None
    why = view.plain_reason(d.id, refusal) if refusal else None
    body = Content.assemble(
        lit(d.model.name, "$foreground-muted" if closed else ""),
        lit(f" ◆{d.model.cost}", "bold $text-warning" if not closed else "$foreground-muted"),
        lit(f" · {why}", "italic $foreground-muted") if closed and why else lit(""),
    )
    return Row(d.id, body, lit("✕ ", "$foreground-muted") if closed else lit("▸ "))


def statement_words(c: GameContent, decl: DeclarationDef | None, width: int) -> list[Content]:
    """A statement's words, whom it presses, and how many must sign."""
    if decl is None:
        return [lit("Pick a statement.", "italic")]
    m = decl.model
    lines: list[Content] = []
    if m.text:
        lines.extend(wrapped(lit(f"“{prose(m.text)}”", "italic"), width))
    if m.presses:
        lines.extend(
            wrapped(Content.assemble(lit("It presses: ", "bold"), lit(view.power_names(c, m.presses))), width, 4)
        )
    if m.min_signers > 1:
        lines.append(lit(f"Needs {m.min_signers} signers, you included.", "$foreground-muted"))
    return lines


def agreement_row(a: view.AgreementView) -> Row:
    """An agreement in force: its name, and with whom; closed ones say why."""
    body = Content.assemble(
        lit(a.name, "bold" if a.closed is None else "$foreground-muted"),
        lit(f"\nwith {a.parties}", "$foreground-muted"),
    )
    return Row(a.id, body, lit("✕ ", "$foreground-muted") if a.closed else lit("▸ "))


def agreement_lines(a: view.AgreementView | None, width: int) -> list[Content]:
    """What the highlighted agreement holds you to, and whether you may walk out of it now."""
    if a is None:
        return [lit("You are party to no agreement in force.", "italic $foreground-muted")]
    months = "signed this month" if a.months == 0 else f"in force {a.months} month{'s' if a.months != 1 else ''}"
    lines = wrapped(Content.assemble(lit(a.name, "bold"), lit(f" · {months}", "$foreground-muted")), width, 2)
    for t in a.terms:
        lines.extend(hanging(lit("  • "), lit(t), width))
    if a.closed:
        lines.extend(wrapped(lit(f"✕ {view.sentence_case(a.closed)}.", "italic"), width, 2))
    else:
        lines.extend(wrapped(lit("Walking out ends it for everyone, and they will remember it.", "italic"), width, 2))
    return lines
