"""What powers say and how the game names things: lines of content dialogue, names in sentences.

Nothing here rolls the game's dice: a line is picked by a hash of the situation, so looking
ahead or replaying never changes what comes next.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from game.engine import rules
from game.engine.state import GameState
from game.mods.content import Content
from game.mods.text import possessive as possessive


def stable_pick(options: list[str], *key: object) -> str:
    """Choose a line without touching the game's dice: the same situation gives the same line."""
    if not options:
        return ""
    h = zlib.crc32("|".join(map(str, key)).encode("utf-8"))
    return options[h % len(options)]


def mood(opinion: int) -> str:
    return "warm" if opinion >= 30 else "cold" if opinion <= -30 else "neutral"


def order(content: Content, powers: Iterable[str]) -> tuple[str, ...]:
    """Powers in the content's order, each once."""
    idx = list(content.powers)
    return tuple(sorted(set(powers), key=idx.index))


def name(content: Content, p: str) -> str:
    m = content.powers[p].model
    return m.called or m.name


def subject(content: Content, p: str) -> str:
    """The name opening a sentence: "The United States"."""
    n = name(content, p)
    return n[:1].upper() + n[1:]


def names(content: Content, ps: tuple[str, ...] | list[str]) -> str:
    ns = [name(content, p) for p in ps]
    return ns[0] if len(ns) == 1 else ", ".join(ns[:-1]) + " and " + ns[-1]


def subjects(content: Content, ps: tuple[str, ...] | list[str]) -> str:
    n = names(content, ps)
    return n[:1].upper() + n[1:]


def term_names(content: Content, terms: tuple[str, ...] | list[str]) -> str:
    return "; ".join(content.terms[t].model.name for t in terms)


def deal_label(content: Content, terms: tuple[str, ...], package: str | None) -> str:
    """What a deal is called: its package's name, or its terms."""
    return content.packages[package].model.name if package else term_names(content, terms)


_FALLBACK = {
    "greeting": "{self} listens.",
    "accept": "{self} accepts.",
    "reject": "{self} refuses.",
    "counter": "{self} asks for changes: {terms}.",
    "warning": "{self} warns {counterpart}.",
    "threat": "{self} threatens {counterpart}.",
    "betrayal": "{self} accuses {counterpart} of betrayal.",
}


def say(
    state: GameState, speaker: str, kind: str, counterpart: str | None, terms: tuple[str, ...] | list[str] = ()
) -> str:
    """A line of content dialogue fitting the speaker's mood and the rung."""
    content = state.content
    entries = content.dialogue.get(speaker, {}).get(kind, ())
    m = mood(state.opinion[speaker][counterpart]) if counterpart and counterpart != speaker else "neutral"
    rung_id = content.ladder.rung[state.rung].id
    scored: list[tuple[int, list[str]]] = []
    for e in entries:
        if e.mood not in ("any", m):
            continue
        if e.rungs and rung_id not in e.rungs:
            continue
        score = (2 if e.mood == m else 0) + (1 if e.rungs else 0)
        scored.append((score, list(e.lines)))
    pd = content.powers[speaker].model
    values = {
        "self": pd.called or pd.name,
        "leader": pd.leader,
        "capital": pd.capital,
        "counterpart": name(content, counterpart) if counterpart else "",
        "term": content.terms[terms[0]].model.name if terms else "",
        "terms": term_names(content, terms) if terms else "",
        "date": state.date,
    }
    if not scored:
        return rules.render(_FALLBACK[kind], values)
    best = max(s for s, _ in scored)
    lines = [line for s, ls in scored if s == best for line in ls]
    seq = len(state.log)
    return rules.render(stable_pick(lines, state.seed, state.turn, speaker, kind, counterpart, seq), values)


def in_sentence(title: str) -> str:
    """A title as it reads inside a sentence: "A nuclear North" becomes "a nuclear North"."""
    first, _, rest = title.partition(" ")
    return f"{first.lower()} {rest}" if rest and first in ("A", "An", "The") else title
