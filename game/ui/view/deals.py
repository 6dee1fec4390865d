"""Dialogue and negotiation views: counterparts, what they said, offers, counters and answers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from game.engine.records import (
    Answered,
    Broken,
    CounterOffered,
    Dialogue,
    Proposed,
    Signed,
    StatementIssued,
)
from game.engine.records import Reason as Reason
from game.moves import Break
from game.ui.view.words import Mood, mood, power_name, prose

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.mods.content import Content


# -- dialogue ---------------------------------------------------------------------------------

#: What a counterpart's page recalls: what it said, its answers, statements, deals and breaches.
HEARD_KINDS = (Dialogue, Answered, StatementIssued, Signed, Broken)


@dataclass(frozen=True, slots=True)
class CounterpartView:
    power: str
    name: str
    leader: str
    opinion: int
    trust: int
    mood: Mood
    says: tuple[str, ...]  # what they care about, in their words
    heard: tuple[str, ...]  # what they said to the player (dialogue, answers), newest first


def counterparts(game: Game) -> tuple[CounterpartView, ...]:
    st = game.state
    c = game.content
    player = game.player
    out = []
    for p, pd in c.powers.items():
        if p == player:
            continue
        m = pd.model
        opinion = st.opinion.get(p, {}).get(player, 0) if player else 0
        trust = st.trust.get(p, {}).get(player, 0) if player else 0
        interests = sorted(m.interest, key=lambda i: -abs(i.weight))
        says = tuple(i.why[:1].upper() + i.why[1:] + "." for i in interests if i.why)
        heard = tuple(
            e.text for e in reversed(st.log) if isinstance(e, HEARD_KINDS) and (e.power == p or e.target == p)
        )
        out.append(
            CounterpartView(p, m.name, f"{m.title} {m.leader}".strip(), opinion, trust, mood(opinion), says, heard[:20])
        )
    return tuple(out)


#: Each game's aims already worked out, by (month, moves made, log length, power): the search behind
#: an aim takes a tenth of a second, so it runs once a position, never once a key press.
_AIMS: WeakKeyDictionary[Game, dict[tuple[int, int, int, str], str]] = WeakKeyDictionary()


def aim_key(game: Game, power: str) -> tuple[int, int, int, str]:
    st = game.state
    return (st.turn, st.moves_made, len(st.log), power)


def aim_known(game: Game, power: str) -> bool:
    """Whether `aim` would answer at once: no aim to show, or one worked out already."""
    return aim_reader(game) is None or aim_key(game, power) in _AIMS.get(game, {})


def aim_reader(game: Game) -> Callable[..., object] | None:
    """The policy's `aim(state, power)`, when it has one and the difficulty lets the player see aims."""
    if game.state.difficulty.intel < 1:
        return None
    reader = getattr(game.policy, "aim", None)
    return reader if callable(reader) else None


def aim(game: Game, power: str) -> str:
    """What `power` is after this month, in words, or "" (no such insight at this difficulty, or
    a policy that cannot say). Worked out once for each position of the game."""
    reader = aim_reader(game)
    if reader is None or power == game.player:
        return ""
    known = _AIMS.setdefault(game, {})
    key = aim_key(game, power)
    if key not in known:
        if len(known) > 64:  # positions gone by
            known.clear()
        said = reader(game.state, power)
        known[key] = prose(said.strip()) if isinstance(said, str) else ""
    return known[key]


# -- deals on the table -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TermView:
    id: str
    name: str
    giver: str  # a power's name, or "every party"
    description: str


@dataclass(frozen=True, slots=True)
class OfferView:
    """A deal waiting for the player's yes or no: an offer from another power or a counter-offer."""

    kind: str  # "offer" or "counter"
    speaker: str
    speaker_name: str
    parties: str
    terms: tuple[TermView, ...]
    said: str
    reasons: tuple[Reason, ...]
    asks_for: tuple[str, ...]
    drops: tuple[str, ...]
    title: str


def term_view(content: Content, term: str) -> TermView:
    t = content.terms.get(term)
    if t is None:
        return TermView(term, term, "", "")
    giver = "every party" if t.model.giver == "all" else power_name(content, t.model.giver) or t.model.giver
    return TermView(term, t.model.name, giver, prose(t.model.description))


def shown_reasons(reasons: Iterable[Reason] | None) -> tuple[Reason, ...]:
    """The reasons worth showing: the ones that round to zero points decided nothing."""
    return tuple(r for r in reasons or () if round(r.points) != 0)


def power_names(content: Content, powers: Iterable[str]) -> str:
    return ", ".join(power_name(content, p) or p for p in powers)


def term_names(content: Content, terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(term_view(content, t).name for t in terms)


def offer_on_table(game: Game) -> OfferView | None:
    """The first offer another power has put to the player, waiting for an answer."""
    st = game.state
    if not st.diplomacy.offers or st.pending:
        return None
    o = st.diplomacy.offers[0]
    c = game.content
    terms = tuple(term_view(c, t) for t in o.terms)
    title = c.packages[o.package].model.name if o.package and o.package in c.packages else ""
    said = next((e.text for e in reversed(st.log) if isinstance(e, Proposed) and e.power == o.proposer), "")
    return OfferView(
        "offer",
        o.proposer,
        power_name(c, o.proposer),
        power_names(c, [o.proposer, *o.parties]),
        terms,
        said,
        (),
        (),
        (),
        title,
    )


def counter_on_table(game: Game) -> OfferView | None:
    """The counter-offer answering the player's last proposal, if one waits."""
    counter = game.state.diplomacy.counter
    if counter is None:
        return None
    c = game.content
    answer: CounterOffered | None = None
    mediation = ""  # what a mediator said, bringing several counter-offers together
    for e in reversed(game.state.log):
        if isinstance(e, CounterOffered) and e.power == counter.by:
            answer = e
            break
        if isinstance(e, Dialogue) and e.id == "mediation" and e.power == counter.by and not mediation:
            mediation = e.text
        if isinstance(e, Proposed) and e.power == game.player:
            break
    return OfferView(
        "counter",
        counter.by,
        power_name(c, counter.by),
        power_names(c, [counter.proposer, *counter.parties]),
        tuple(term_view(c, t) for t in counter.terms),
        answer.text if answer is not None else mediation,
        shown_reasons(answer.reasons) if answer is not None else (),
        term_names(c, answer.asks_for) if answer is not None else (),
        term_names(c, answer.drops) if answer is not None else (),
        f"{power_name(c, counter.by)} answers with a counter-offer"
        if counter.by in (counter.proposer, *counter.parties)
        else f"{power_name(c, counter.by)} brings the parties' counter-offers together",
    )


# -- the dialogue screen ----------------------------------------------------------------------


def deal_parties(content: Content, terms: Iterable[str], player: str | None, counterpart: str) -> tuple[str, ...]:
    """Who a deal of these terms is put to: the counterpart, every giver and every needed power."""
    wanted = {counterpart}
    for t in terms:
        term = content.terms.get(t)
        if term is None:
            continue
        if term.model.giver != "all":
            wanted.add(term.model.giver)
        wanted.update(term.model.needs)
    wanted.discard(player or "")
    return tuple(p for p in content.powers if p in wanted)


@dataclass(frozen=True, slots=True)
class AnswerView:
    power: str
    name: str
    verdict: str  # accept, counter, reject, refuse
    said: str
    reasons: tuple[Reason, ...]
    asks_for: tuple[str, ...]
    drops: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExchangeView:
    """The player's last proposal this month and how it went."""

    proposal: str
    answers: tuple[AnswerView, ...]
    outcome: str  # what came of it, in words


def last_exchange(game: Game) -> ExchangeView | None:
    st = game.state
    c = game.content
    start = None
    for i in range(len(st.log) - 1, -1, -1):
        e = st.log[i]
        if e.turn != st.turn:
            break
        if isinstance(e, Proposed) and e.power == game.player:
            start = i
            break
    if start is None:
        return None
    answers = []
    outcome = ""
    for e in st.log[start + 1 :]:
        if isinstance(e, Answered) and e.power != game.player:
            counter = e if isinstance(e, CounterOffered) else None
            answers.append(
                AnswerView(
                    e.power or "",
                    power_name(c, e.power),
                    e.verdict.value,
                    e.text,
                    shown_reasons(e.reasons),
                    term_names(c, counter.asks_for) if counter else (),
                    term_names(c, counter.drops) if counter else (),
                )
            )
        elif isinstance(e, Signed) or (isinstance(e, Proposed) and e.power == game.player):
            outcome = e.text
    if not outcome and answers:
        verdicts = {a.verdict for a in answers}
        if "reject" in verdicts:
            outcome = "Refused."
        elif counter_on_table(game) is not None:
            outcome = "A counter-offer waits for your answer."
    return ExchangeView(st.log[start].text, tuple(answers), outcome)


@dataclass(frozen=True, slots=True)
class HeardView:
    """What the last talk with a power this month told the player."""

    said: str
    wants: tuple[str, ...]
    least_costly: tuple[str, ...]


def heard_from(game: Game, power: str) -> HeardView | None:
    st = game.state
    c = game.content
    for e in reversed(st.log):
        if e.turn != st.turn:
            break
        if isinstance(e, Dialogue) and e.power == power and e.target == game.player:
            return HeardView(e.text, term_names(c, e.wants or ()), term_names(c, e.least_costly or ()))
    return None


def last_statement(game: Game) -> str | None:
    """What came of the player's last statement this month, in words."""
    st = game.state
    c = game.content
    for e in reversed(st.log):
        if e.turn != st.turn:
            break
        if isinstance(e, StatementIssued) and e.power == game.player:
            signers = [p for p in e.signers if p != game.player]
            bits = [e.text]
            if signers:
                bits.append(f"Signed with {power_names(c, signers)}.")
            if e.declined:
                bits.append(f"Declined: {power_names(c, e.declined)}.")
            return " ".join(bits)
    return None


# -- agreements in force ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgreementView:
    """An agreement in force that the player is party to, and whether they may walk out now."""

    id: str
    name: str
    parties: str  # the other parties, by name
    terms: tuple[str, ...]  # term names
    months: int  # months in force
    move: Break
    closed: str | None  # why walking out is closed now, or None


def agreements(game: Game) -> tuple[AgreementView, ...]:
    """The player's agreements in force, oldest first."""
    st = game.state
    c = game.content
    out = []
    for a in st.agreements:
        if game.player not in a.parties:
            continue
        move = Break(a.id)
        name = a.name or "; ".join(term_names(c, a.terms)) or a.id
        others = power_names(c, [p for p in a.parties if p != game.player])
        why = game.why_not(move)
        out.append(AgreementView(a.id, name, others, term_names(c, a.terms), max(0, st.turn - a.signed), move, why))
    return tuple(out)
