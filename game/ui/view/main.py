"""The main screen's views: header, board, ladder, tracks, opinions and news."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.records import ActionTaken, EventFired, OptionChosen
from game.engine.state import Phase
from game.mods.models import Board
from game.ui.view.words import (
    NEWS_KINDS,
    PLAYER_MOOD,
    Mood,
    NewsItem,
    level_glyph,
    month_label,
    mood,
    power_short,
    record_tag,
)

if TYPE_CHECKING:
    from game.engine.game import Game


# -- header -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeaderView:
    month: str
    turn: int
    turns: int
    power: str
    leader: str
    leader_name: str
    capital: int
    capital_name: str
    moves_made: int
    moves_max: int
    phase: str
    #: What waits for the player's answer ("a counter-offer"), or "" when nothing does.
    waiting: str = ""


PHASE_WORDS = {
    Phase.BRIEFING: "briefing",
    Phase.EVENT_CHOICES: "decide the events",
    Phase.DIPLOMACY: "your moves",
    Phase.AI_TURN: "the others move",
    Phase.RESOLUTION: "month's end",
    Phase.GAME_OVER: "game over",
}


def header_view(game: Game) -> HeaderView:
    st = game.state
    c = game.content
    player = game.player or ""
    pm = c.powers[player].model if player in c.powers else None
    cap = c.rules.capital
    leader = f"{pm.title} {pm.leader}".strip() if pm else ""
    return HeaderView(
        month=month_label(st.date),
        turn=st.turn,
        turns=st.last_turn,
        power=pm.name if pm else "",
        leader=leader,
        leader_name=pm.leader if pm else "",
        capital=st.pvars.get(player, {}).get(cap, 0),
        capital_name=c.variables[cap].name if cap in c.variables else cap,
        moves_made=st.moves_made,
        moves_max=c.rules.moves_per_turn,
        phase=PHASE_WORDS.get(st.phase, st.phase.value),
        waiting=waiting_for(game),
    )


def waiting_for(game: Game) -> str:
    """What waits for the player's answer, in a few words: an event, an offer or a counter-offer."""
    st = game.state
    if st.phase is Phase.GAME_OVER:
        return ""
    if st.phase is Phase.EVENT_CHOICES and any(p.power == st.player for p in st.pending):
        n = sum(1 for p in st.pending if p.power == st.player)
        return "an event to decide" if n == 1 else f"{n} events to decide"
    if st.diplomacy.counter is not None:
        return "a counter-offer"
    if st.phase is Phase.EVENT_CHOICES and st.diplomacy.offers:
        return "an offer"
    return ""


# -- the board --------------------------------------------------------------------------------


def board_for(game: Game) -> Board | None:
    """The scenario's board; the only board when the scenario names none; else None."""
    boards = game.content.boards
    wanted = game.scenario.model.board
    if wanted is not None and wanted in boards:
        return boards[wanted]
    if len(boards) == 1:
        return next(iter(boards.values()))
    return None


@dataclass(frozen=True, slots=True)
class MarkerView:
    power: str
    row: int
    col: int
    text: str
    name: str
    mood: Mood
    opinion: int | None  # the power's opinion of the player; None for the player's own marker
    colour: str


@dataclass(frozen=True, slots=True)
class PlaceView:
    id: str
    row: int
    col: int
    text: str


@dataclass(frozen=True, slots=True)
class BoardView:
    name: str
    art: tuple[str, ...]
    width: int
    markers: tuple[MarkerView, ...]
    places: tuple[PlaceView, ...]


def recent_ids(game: Game, turns: int = 1) -> set[str]:
    """Ids and tags of what happened this month and last: actions, events and choices."""
    st = game.state
    c = game.content
    out: set[str] = set()
    for e in reversed(st.log):
        if e.turn < st.turn - turns:
            break
        out.add(e.id)
        if isinstance(e, ActionTaken) and e.id in c.actions:
            out.update(c.actions[e.id].model.tags)
        elif isinstance(e, EventFired) and e.id in c.events:
            out.update(c.events[e.id].model.tags)
    return out


def board_view(game: Game) -> BoardView | None:
    board = board_for(game)
    if board is None:
        return None
    st = game.state
    c = game.content
    art = tuple(board.art.splitlines())
    width = max((len(line) for line in art), default=0)
    player = game.player
    markers = []
    for pid, mk in board.markers.items():
        if pid not in c.powers:
            continue
        pm = c.powers[pid].model
        label = mk.label or power_short(c, pid)
        if pid == player or player is None:
            m, opinion = PLAYER_MOOD, None
        else:
            opinion = st.opinion.get(pid, {}).get(player, 0)
            m = mood(opinion)
        markers.append(MarkerView(pid, mk.row, mk.col, label + m.symbol, pm.name, m, opinion, pm.colour))
    recent = recent_ids(game)
    places = []
    for key, mk in board.places.items():
        text = mk.label or place_name(game, key)
        if key in c.variables and c.variables[key].scope == "global":
            v = c.variables[key]
            value = st.vars.get(key, v.min)
            if value <= v.min:
                continue
            text += level_glyph(value, v.min, v.max)
        elif key in c.variables:
            continue
        elif key in st.flags:
            pass
        elif key not in recent:
            continue
        places.append(PlaceView(key, mk.row, mk.col, text))
    return BoardView(board.name, art, width, tuple(markers), tuple(places))


def place_name(game: Game, key: str) -> str:
    """What a map place without a label is called: the content's name for what it marks."""
    c = game.content
    if key in c.variables:
        return c.variables[key].short or c.variables[key].name
    if key in c.flags:
        return c.flags[key].name
    if key in c.actions:
        return c.actions[key].model.name
    if key in c.events:
        return c.events[key].model.title
    return key.replace("_", " ")


# -- ladder, tracks, opinions -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RungView:
    name: str
    at: int
    incident_chance: float
    description: str
    current: bool


@dataclass(frozen=True, slots=True)
class LadderView:
    variable: str
    value: int
    maximum: int
    rungs: tuple[RungView, ...]
    current: int
    incident_chance: float


def ladder_view(game: Game) -> LadderView:
    st = game.state
    c = game.content
    lad = c.ladder
    var = c.variables.get(lad.variable)
    scale = game.difficulty.event_chance
    current = st.rung
    rungs = tuple(
        RungView(r.name, r.at, min(1.0, r.incident_chance * scale), r.description, i == current)
        for i, r in enumerate(lad.rung)
    )
    return LadderView(
        variable=var.name if var else lad.variable,
        value=st.vars.get(lad.variable, 0),
        maximum=var.max if var else 100,
        rungs=rungs,
        current=current,
        incident_chance=rungs[current].incident_chance if rungs else 0.0,
    )


@dataclass(frozen=True, slots=True)
class TrackView:
    id: str
    name: str
    value: int
    lo: int
    hi: int
    low: str
    high: str
    description: str
    delta: int  # change since the start of this month (0 when unknown)
    #: The name for narrow places (the content's `short`, or the name).
    short: str = ""


def tracks_view(game: Game, before: dict[str, int] | None = None) -> tuple[TrackView, ...]:
    """The shown global tracks, then the player's own, each with its change since `before`."""
    st = game.state
    c = game.content
    before = before or {}
    out = []
    for v in c.global_variables:
        if not v.show or v.id == c.ladder.variable:
            continue
        value = st.vars.get(v.id, v.default)
        delta = value - before.get(v.id, value)
        out.append(TrackView(v.id, v.name, value, v.min, v.max, v.low, v.high, v.description, delta, v.short or v.name))
    player = game.player
    if player is not None and player in st.pvars:
        for v in c.power_variables:
            if not v.show or v.id == c.rules.capital:
                continue
            value = st.pvars[player].get(v.id, v.default)
            key = f"{v.id}:{player}"
            delta = value - before.get(key, value)
            out.append(
                TrackView(key, v.name, value, v.min, v.max, v.low, v.high, v.description, delta, v.short or v.name)
            )
    return tuple(out)


def track_values(game: Game) -> dict[str, int]:
    """The values `tracks_view` compares against, keyed the same way."""
    st = game.state
    out = dict(st.vars)
    if game.player is not None and game.player in st.pvars:
        out.update({f"{k}:{game.player}": v for k, v in st.pvars[game.player].items()})
    return out


@dataclass(frozen=True, slots=True)
class OpinionView:
    powers: tuple[tuple[str, str], ...]  # (id, short label)
    player: str | None
    #: opinion[a][b]: how a regards b.
    opinion: dict[str, dict[str, int]]


def opinion_view(game: Game) -> OpinionView:
    c = game.content
    powers = tuple((p, power_short(c, p)) for p in c.powers)
    table = {a: dict(row) for a, row in game.state.opinion.items()}
    return OpinionView(powers, game.player, table)


def news_view(game: Game, seen: int, limit: int = 80) -> tuple[NewsItem, ...]:
    """The log, newest first; entries after index `seen` are fresh."""
    c = game.content
    log = game.state.log
    out = []
    start = max(0, len(log) - limit)
    for i in range(len(log) - 1, start - 1, -1):
        e = log[i]
        who = record_tag(c, e)
        out.append(
            NewsItem(
                e.turn,
                month_label(e.date),
                NEWS_KINDS.get(e.kind, e.kind),
                e.text,
                who,
                e.power is not None and e.power == game.player and isinstance(e, ActionTaken | OptionChosen),
                i >= seen,
            )
        )
    return tuple(out)
