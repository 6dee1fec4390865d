"""Dialogue and negotiation views: counterparts, what they said, offers, counters and answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.ui.view.words import Mood, mood, power_name, prose

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.mods.content import Content


# -- dialogue ---------------------------------------------------------------------------------


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
            e.text
            for e in reversed(st.log)
            if e.kind in ("dialogue", "answer", "statement", "agreement", "defection")
            and (e.power == p or e.target == p)
        )
        out.append(
            CounterpartView(p, m.name, f"{m.title} {m.leader}".strip(), opinion, trust, mood(opinion), says, heard[:20])
        )
    return tuple(out)


# -- deals on the table -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TermView:
    id: str
    name: str
    giver: str  # a power's name, or "every party"
    description: str


@dataclass(frozen=True, slots=True)
class Reason:
    points: float
    text: str


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


def _diplomacy(game: Game) -> object | None:
    return getattr(game, "diplomacy", None)


def power_names(content: Content, powers: Iterable[str]) -> str:
    return ", ".join(power_name(content, p) or p for p in powers)


def _reasons(extra: dict[str, object]) -> tuple[Reason, ...]:
    out = []
    raw = extra.get("reasons")
    if isinstance(raw, list):
        for r in raw:
            if isinstance(r, dict):
                try:
                    out.append(Reason(float(r.get("points", 0)), str(r.get("text", ""))))
                except (TypeError, ValueError):
                    continue
    return tuple(out)


def offer_on_table(game: Game) -> OfferView | None:
    """The first offer another power has put to the player, waiting for an answer."""
    dip = _diplomacy(game)
    offers = getattr(dip, "offers", None) if dip is not None else None
    if not offers or game.state.pending:
        return None
    o = offers[0]
    c = game.content
    speaker = str(o.get("from", ""))
    terms = tuple(term_view(c, str(t)) for t in o.get("terms", ()))
    package = o.get("package")
    title = c.packages[package].model.name if package and package in getattr(c, "packages", {}) else ""
    said = ""
    for e in reversed(game.state.log):
        if e.kind == "proposal" and e.power == speaker:
            said = e.text
            break
    return OfferView(
        "offer",
        speaker,
        power_name(c, speaker),
        power_names(c, [speaker, *o.get("parties", ())]),
        terms,
        said,
        (),
        (),
        (),
        title,
    )


def counter_on_table(game: Game) -> OfferView | None:
    """The counter-offer answering the player's last proposal, if one waits."""
    dip = _diplomacy(game)
    counter = getattr(dip, "counter", None) if dip is not None else None
    if not counter:
        return None
    c = game.content
    speaker = str(counter.get("from", ""))
    answer = None
    for e in reversed(game.state.log):
        if e.kind == "answer" and e.power == speaker and e.extra.get("verdict") == "counter":
            answer = e
            break
        if e.kind == "proposal" and e.power == game.player:
            break
    extra = answer.extra if answer is not None else {}
    asks = extra.get("asks_for", ())
    drops = extra.get("drops", ())
    return OfferView(
        "counter",
        speaker,
        power_name(c, speaker),
        power_names(c, [str(counter.get("proposer", "")), *counter.get("parties", ())]),
        tuple(term_view(c, str(t)) for t in counter.get("terms", ())),
        answer.text if answer is not None else "",
        _reasons(extra),
        tuple(term_view(c, str(t)).name for t in asks) if isinstance(asks, list) else (),
        tuple(term_view(c, str(t)).name for t in drops) if isinstance(drops, list) else (),
        f"{power_name(c, speaker)} answers with a counter-offer",
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
        if e.kind == "proposal" and e.power == game.player:
            start = i
            break
    if start is None:
        return None
    answers = []
    outcome = ""
    for e in st.log[start + 1 :]:
        if e.kind == "answer" and e.power != game.player:
            x = e.extra
            asks = x.get("asks_for", ())
            drops = x.get("drops", ())
            answers.append(
                AnswerView(
                    e.power or "",
                    power_name(c, e.power),
                    str(x.get("verdict", "")),
                    e.text,
                    _reasons(x),
                    tuple(term_view(c, str(t)).name for t in asks) if isinstance(asks, list) else (),
                    tuple(term_view(c, str(t)).name for t in drops) if isinstance(drops, list) else (),
                )
            )
        elif e.kind == "agreement" or (e.kind == "proposal" and e.power == game.player):
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
        if e.kind == "dialogue" and e.power == power and e.target == game.player:
            wants = e.extra.get("wants", ())
            cheap = e.extra.get("least_costly", ())
            return HeardView(
                e.text,
                tuple(term_view(c, str(t)).name for t in wants) if isinstance(wants, list) else (),
                tuple(term_view(c, str(t)).name for t in cheap) if isinstance(cheap, list) else (),
            )
    return None


def last_statement(game: Game) -> str | None:
    """What came of the player's last statement this month, in words."""
    st = game.state
    c = game.content
    for e in reversed(st.log):
        if e.turn != st.turn:
            break
        if e.kind == "statement" and e.power == game.player:
            signers = [p for p in e.extra.get("signers", ()) if p != game.player]
            declined = list(e.extra.get("declined", ()))
            bits = [e.text]
            if signers:
                bits.append(f"Signed with {power_names(c, signers)}.")
            if declined:
                bits.append(f"Declined: {power_names(c, declined)}.")
            return " ".join(bits)
    return None
