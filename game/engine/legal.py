"""What a power may do now: why a move is not allowed, and the moves worth listing.

One set of rules for every seat: `move_problem` says why any power may not make a move of the
month (an action, a proposal, a statement, a talk, a walk-out), and the computer's moves are
checked by it as the player's are. `why_not` adds what only the player meets: the phases in
which the game waits for them, events and offers to answer, a counter-offer on the table.
"""

from __future__ import annotations

from typing import assert_never

from game.engine import deals, rules, words
from game.engine.events import option_of
from game.engine.phases import PLAYER_PHASES
from game.engine.state import GameState, Phase
from game.engine.statements import statement_problem
from game.mods.expr import Scope
from game.moves import AcceptCounter, Act, Break, Choose, EndTurn, Move, Propose, RefuseCounter, Statement, Talk


def why_not(state: GameState, move: Move) -> str | None:
    """Why a well-formed move is not allowed for the player now, or None when it is."""
    st = state
    if not st.player:
        return "the computer plays every power in this game"
    if st.phase is Phase.GAME_OVER:
        return "the game is over"
    if st.phase is Phase.EVENT_CHOICES:
        if st.pending:
            return _why_not_choice(st, move)
        if isinstance(move, AcceptCounter | RefuseCounter):
            return None
        return "first answer the offer on the table: accept or refuse"
    if st.phase is not Phase.DIPLOMACY:
        return f"no moves are taken in the {st.phase.value} phase"
    counter = st.diplomacy.counter
    match move:
        case AcceptCounter() | RefuseCounter():
            return "there is no counter-offer on the table" if counter is None else None
        case Propose() if counter is not None:
            return _why_not_counter_proposal(st, move)
        case _ if counter is not None:
            return "answer the counter-offer on the table first: accept, refuse, or propose a counter of your own"
        case Choose():
            return "no event is waiting for your choice"
        case EndTurn():
            return None
        case _:
            return move_problem(st, st.player, move)


def move_problem(state: GameState, power: str, move: Move) -> str | None:
    """Why `power` may not make this move of the month now (any seat, by the same rules), or None."""
    st = state
    match move:
        case Act(action_id, target):
            action = st.content.actions.get(action_id)
            if action is None:
                return f"unknown action {action_id!r}"
            return rules.action_blocker(st, power, action, target)
        case Talk(counterpart):
            return _why_not_talk(st, power, counterpart)
        case Break(agreement_id):
            agreement = st.agreement(agreement_id)
            if agreement is None:
                return f"no agreement {agreement_id!r} is in force"
            if power not in agreement.parties:
                return f"{words.name(st.content, power)} is not a party to {agreement_id} ({agreement.name})"
            return None
        case Propose() | Statement():
            return _why_not_costly(st, power, move)
        case EndTurn() | Choose() | AcceptCounter() | RefuseCounter():
            return f"{move.notation()!r} is not a move of the month"
        case _:
            assert_never(move)


def _why_not_talk(st: GameState, power: str, counterpart: str) -> str | None:
    if counterpart not in st.content.powers:
        return f"unknown power {counterpart!r}"
    if counterpart == power:
        return "you cannot talk to yourself"
    if power != st.player:
        return "only the player sounds others out"
    if counterpart in st.diplomacy.talked:
        return f"you have already talked to {words.name(st.content, counterpart)} this month"
    return None


def _why_not_costly(st: GameState, power: str, move: Propose | Statement) -> str | None:
    limit = rules.moves_allowed(st, power)
    if st.moves_made >= limit:
        return f"no moves left this turn (the limit is {limit})"
    capital = st.pvars[power][st.capital]
    if isinstance(move, Statement):
        return statement_problem(st, power, move.declaration, move.cosigners, capital)
    why = deals.deal_problem(st, power, move.parties, move.terms) or deals.package_problem(
        st, power, move.package, move.terms
    )
    if why:
        return why
    cost = st.content.rules.negotiation.propose_cost
    if cost > capital:
        return f"a proposal costs {cost} political capital and you have {capital}"
    return None


def _why_not_counter_proposal(st: GameState, move: Propose) -> str | None:
    """The player answers a counter-offer with a changed deal of their own, at the same table."""
    counter = st.diplomacy.counter
    assert counter is not None
    rounds = st.content.rules.negotiation.rounds
    if counter.round >= rounds:
        return f"this bargain has had its {rounds} rounds: accept or refuse the counter-offer"
    if words.order(st.content, move.parties) != words.order(st.content, counter.parties):
        return "a counter-proposal goes to the same table: " + words.names(st.content, list(counter.parties))
    return deals.deal_problem(st, st.player, move.parties, move.terms) or deals.package_problem(
        st, st.player, move.package, move.terms
    )


def _why_not_choice(st: GameState, move: Move) -> str | None:
    if not isinstance(move, Choose):
        waiting = ", ".join(p.event for p in st.pending)
        return f"first answer the event{'s' if len(st.pending) > 1 else ''} waiting for you: {waiting}"
    pend = next((p for p in st.pending if p.event == move.event), None)
    if pend is None:
        return f"no event {move.event!r} is waiting for your choice"
    ev = st.content.events[move.event]
    opt = option_of(ev, move.option)
    if opt is None:
        return f"{move.event} has no option {move.option!r} (options: {', '.join(o.model.id for o in ev.options)})"
    if not rules.holds(opt.when, Scope(st, pend.power)):
        return f"option {move.option!r} is not open to you now"
    return None


def legal_moves(state: GameState) -> list[Move]:
    """The player's moves worth listing now, in a fixed order: every action and event choice open,
    the content's packages and single asks, talks, statements, walking out of an agreement, and
    ending the month. Other combinations of terms may be legal too (`why_not` says)."""
    st = state
    player = st.player
    if not player or st.phase not in PLAYER_PHASES:
        return []
    if st.phase is Phase.EVENT_CHOICES:
        out: list[Move] = []
        for pend in st.pending:
            ev = st.content.events[pend.event]
            scope = Scope(st, pend.power)
            out.extend(Choose(ev.id, o.model.id) for o in ev.options if rules.holds(o.when, scope))
        if not st.pending and st.diplomacy.offers:
            out.extend([AcceptCounter(), RefuseCounter()])
        return out
    if st.diplomacy.counter is not None:
        return [AcceptCounter(), RefuseCounter()]
    moves: list[Move] = []
    for action in st.content.actions_of[player]:
        for target in rules.action_targets(st, player, action):
            if rules.action_blocker(st, player, action, target) is None:
                moves.append(Act(action.id, target))
    moves.extend(_diplomatic_moves(st))
    moves.extend(Break(a.id) for a in st.agreements if player in a.parties)
    moves.append(EndTurn())
    return moves


def _diplomatic_moves(st: GameState) -> list[Move]:
    c = st.content
    player = st.player
    out: list[Move] = []
    seen: set[str] = set()

    def add(m: Move) -> bool:
        """List `m` if it is new and legal; whether it was listed."""
        text = m.notation()
        if text in seen or why_not(st, m) is not None:
            return False
        seen.add(text)
        out.append(m)
        return True

    for pk in c.packages.values():
        terms = tuple(pk.model.terms)
        parties = deals.parties_of(c, terms, player)
        # as the package where the player may put it forward, else as the bare terms
        if parties and not add(Propose(parties, terms, pk.id)):
            add(Propose(parties, terms))
    for tid, t in c.terms.items():
        if t.model.giver not in ("all", player):
            add(Propose(words.order(c, {t.model.giver, *t.model.needs} - {player}), (tid,)))
    for p in c.powers:
        if p != player:
            add(Talk(p))
    for d in c.declarations.values():
        invite = tuple(
            q for q in words.order(c, d.model.by or list(c.powers)) if q != player and q not in d.model.presses
        )
        add(Statement(d.id, invite[: max(0, d.model.min_signers - 1)] if d.model.min_signers > 1 else ()))
    return out
