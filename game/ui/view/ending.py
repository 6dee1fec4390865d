"""The end screen's views: the ending, scores beside history, the timeline, the tension curve."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.records import (
    ActionTaken,
    Broken,
    Ended,
    EventFired,
    OptionChosen,
    Proposed,
    RedLineCrossed,
    Signed,
    StatementIssued,
)
from game.engine.scoring import score_lines
from game.ui.view.words import NEWS_KINDS, NewsItem, month_label, power_name, prose, record_tag, sentence_case

if TYPE_CHECKING:
    from game.engine.game import Game


# -- the end ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreRow:
    power: str
    name: str
    score: float
    history: float | None
    outcome: str
    mine: bool


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One line of the player's score: an interest's gain or loss, or what the ending gave."""

    label: str
    points: float


@dataclass(frozen=True, slots=True)
class EndView:
    title: str
    text: str
    rows: tuple[ScoreRow, ...]
    history_summary: str
    history_title: str
    #: The player's own score, interest by interest, then what the ending gave (they add up to it).
    lines: tuple[ScoreLine, ...] = ()


def end_view(game: Game) -> EndView:
    c = game.content
    ending = game.ending
    em = c.endings[ending].model if ending in c.endings else None
    scores = game.state.scores or game.scores()
    try:
        hist = game.historical_scores()
    except (KeyError, ValueError, TypeError):
        hist = {}
    hm = game.scenario.model.history
    rows = []
    for p in c.powers:
        outcome = em.outcome[p].text if em is not None and p in em.outcome else ""
        rows.append(ScoreRow(p, power_name(c, p), scores.get(p, 0.0), hist.get(p), outcome, p == game.player))
    rows.sort(key=lambda r: -r.score)
    htitle = c.endings[hm.ending].model.title if hm.ending in c.endings else ""
    return EndView(
        em.title if em else "The calendar ran out",
        prose(em.text if em else ""),
        tuple(rows),
        prose(hm.summary),
        htitle,
        my_score_lines(game),
    )


def my_score_lines(game: Game) -> tuple[ScoreLine, ...]:
    """The player's score line by line, in the order of their interests, the ending's line last."""
    if game.player is None or game.player not in game.content.powers:
        return ()
    return tuple(
        ScoreLine(sentence_case(prose(label)), points) for label, points in score_lines(game.state, game.player)
    )


#: What the timeline tells: events and incidents, red lines, deals made and broken, statements, the end.
TIMELINE_KINDS = (EventFired, RedLineCrossed, Signed, Broken, StatementIssued, Ended)
#: The player's own moves, which the timeline tells too.
OWN_KINDS = (ActionTaken, OptionChosen, Proposed)


def timeline(game: Game) -> tuple[NewsItem, ...]:
    """The game's story, oldest first: events, the player's own moves, deals and red lines."""
    c = game.content
    out = []
    for e in game.state.log:
        mine = e.power == game.player and isinstance(e, OWN_KINDS)
        if not isinstance(e, TIMELINE_KINDS) and not mine:
            continue
        who = record_tag(c, e)
        out.append(NewsItem(e.turn, month_label(e.date), NEWS_KINDS.get(e.kind, e.kind), e.text, who, mine, False))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    label: str  # "2017-07", or "start" for the opening position
    value: int


def tension_series(game: Game) -> tuple[SeriesPoint, ...]:
    """The ladder variable in the opening position and at each month's end, from the game's history."""
    var = game.content.ladder.variable
    return tuple(SeriesPoint("start" if m.turn == 0 else m.date, m.vars.get(var, 0)) for m in game.state.history)
