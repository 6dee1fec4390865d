"""The moves open to the player and the events waiting for an answer, in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from game.engine import rules
from game.engine.state import Phase
from game.mods.expr import Scope
from game.moves import (
    AcceptCounter,
    Act,
    Choose,
    EndTurn,
    Move,
    Propose,
    RefuseCounter,
    Statement,
    Talk,
)
from game.ui.view.words import month_label, power_name, prose, sentence_case

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.mods.content import Content

T = TypeVar("T")


# -- moves ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One action the player's power has, with every target it may take now."""

    action: str
    name: str
    description: str
    cost: int
    moves: tuple[Move, ...]  # legal now; empty when blocked
    blocked: str | None  # why not, when no target is legal
    needs_target: bool
    #: Closed because what it is for has been achieved (the content's `done`).
    done: bool = False


def move_title(content: Content, move: Move) -> str:
    """A move in words: 'Condemn publicly → North Korea', 'End the month'."""
    if isinstance(move, Act):
        a = content.actions.get(move.action)
        name = a.model.name if a else move.action
        return f"{name} → {power_name(content, move.target)}" if move.target else name
    if isinstance(move, EndTurn):
        return "End the month"
    if isinstance(move, Choose):
        ev = content.events.get(move.event)
        opt = next((o for o in ev.options if o.model.id == move.option), None) if ev else None
        return opt.model.text if opt else move.notation()
    if isinstance(move, Talk):
        return f"Talk to {power_name(content, move.power)}"
    if isinstance(move, Propose):
        terms = [content.terms[t].model.name if t in content.terms else t for t in move.terms]
        parties = [power_name(content, p) or p for p in move.parties]
        return f"Propose to {', '.join(parties)}: {'; '.join(terms)}"
    if isinstance(move, AcceptCounter):
        return "Take the counter-offer"
    if isinstance(move, RefuseCounter):
        return "Refuse the counter-offer"
    if isinstance(move, Statement):
        who = f", inviting {', '.join(power_name(content, p) for p in move.cosigners)}" if move.cosigners else ""
        decl = content.declarations.get(move.declaration)
        name = decl.model.name if decl is not None else move.declaration.replace("_", " ")
        return f"Issue a statement: {name}{who}"
    return move.notation()


def move_cost(content: Content, move: Move) -> int:
    """The political capital a move costs."""
    if isinstance(move, Act) and move.action in content.actions:
        return content.actions[move.action].model.cost
    if isinstance(move, Propose):
        return content.rules.negotiation.propose_cost
    if isinstance(move, Statement) and move.declaration in content.declarations:
        return content.declarations[move.declaration].model.cost
    return 0


def takes_a_move(move: Move) -> bool:
    """Whether a move counts against the month's limit of moves."""
    return isinstance(move, Act | Propose | Statement)


def plain_reason(action: str, why: str) -> str:
    """An engine refusal, shortened for the moves list (the engine already speaks in names)."""
    text = why.strip()
    if text.startswith("'") and "' " in text[1:]:
        text = text[text.index("' ", 1) + 2 :]  # drop the action's own name: the row shows it
    if text.startswith(("is not possible at the moment", "does not fit")):
        text = "not possible now"
    elif text.startswith("was already taken this month"):
        text = "already taken this month"
    elif text.startswith("was issued recently; "):
        text = "issued recently; " + text.removeprefix("was issued recently; ")
    elif text.startswith("costs ") and " political capital and you have " in text:
        cost, have = text.removeprefix("costs ").split(" political capital and you have ")
        text = f"needs ◆{cost}, you have {have}"
    text = text.replace("this turn", "this month").replace("turn(s)", "month(s)")
    return sentence_case(text)


def game_moment(game: Game) -> tuple[int, tuple[object, ...], int]:
    """Where the game stands, for what the interface keeps between redraws: the state itself,
    every change to it (its `moment`) and every move (each writes to its log)."""
    st = game.state
    return (id(st), st.moment, len(st.log))


def kept(game: Game, name: str, make: Callable[[], T]) -> T:
    """`make()`, worked out once and kept until the game moves on (`game_moment`)."""
    st = game.state
    return st.derived(name, str(len(st.log)), make)  # derived is kept per state and moment


def action_rows(game: Game) -> tuple[ActionRow, ...]:
    """Every action the player's power has: the open ones first, then the blocked with why, then
    the ones whose purpose is already met. Kept until the game moves on: the board, the palette
    and the keys ask for them many times a month, and each time worked out every legal move."""
    return kept(game, "ui.action_rows", lambda: fresh_action_rows(game))


def fresh_action_rows(game: Game) -> tuple[ActionRow, ...]:
    """`action_rows`, worked out afresh."""
    player = game.player
    if player is None:
        return ()
    legal = [m for m in game.legal_moves() if isinstance(m, Act)]
    by_action: dict[str, list[Move]] = {}
    for m in legal:
        by_action.setdefault(m.action, []).append(m)
    open_rows, blocked_rows, done_rows = [], [], []
    st = game.state
    for a in game.content.actions.values():
        m = a.model
        if m.powers and player not in m.powers:
            continue
        moves = tuple(by_action.get(a.id, ()))
        why = None
        done = False
        if not moves:
            done = a.done is not None and rules.holds(a.done, Scope(st, player))
            targets = rules.action_targets(st, player, a)
            first = targets[0] if targets else None
            why = "done" if done else plain_reason(a.id, game.why_not(Act(a.id, first)) or "not possible now")
        row = ActionRow(a.id, m.name, m.description, m.cost, moves, why, m.target != "none", done)
        (open_rows if moves else done_rows if done else blocked_rows).append(row)
    return tuple(open_rows + blocked_rows + done_rows)


# -- events -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OptionView:
    move: Choose
    text: str


@dataclass(frozen=True, slots=True)
class EventView:
    event: str
    title: str
    text: str
    month: str
    options: tuple[OptionView, ...]


def pending_event(game: Game) -> EventView | None:
    """The first event waiting for the player's choice, with the options open now."""
    st = game.state
    if st.phase is not Phase.EVENT_CHOICES or not st.pending:
        return None
    pend = st.pending[0]
    ev = game.content.events.get(pend.event)
    if ev is None:
        return None
    names = rules.names_for(st, pend.power)
    legal = {m for m in game.legal_moves() if isinstance(m, Choose) and m.event == ev.id}
    options = tuple(
        OptionView(Choose(ev.id, o.model.id), rules.render(o.model.text, names))
        for o in ev.options
        if Choose(ev.id, o.model.id) in legal
    )
    return EventView(
        ev.id,
        rules.render(ev.model.title, names),
        prose(rules.render(ev.model.text or ev.model.news, names)),
        month_label(st.date),
        options,
    )
