"""Playbooks against the computer: each fixed strategy plays a power's seat on the same seeds.

For every power asked for, the seat is played by the computer's own policy (`ai`), by random
play (`random`), and by each playbook that fits it, the other powers always by the computer,
on the same games: game n's seed comes from the run's seed and n alone (as `simulate` derives
it), and every playbook's dice from its own seed, the game's and the seat. Results are gathered
in a fixed order, so a run gives the same tables whatever the number of jobs. The same games
with the computer playing every power (`all-AI`) are kept for reference.

Intervals are normal-approximation 95% intervals, mean ± 1.96·sd/√n with the sample standard
deviation; `vs_ai` is the mean of the per-game differences from the AI on the same seed, with
its own interval. A playbook is flagged when its interval lies wholly above the AI's.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import game.ai
from game.ai import policy_named
from game.ai.playbook import LoadedPlaybook, SeatResult, built_in, check_playbook, play_seat
from game.mods.content import Content
from game.simulate import game_seed, play_one

#: How the intervals are made, as reports say it.
INTERVAL = "95% normal interval: mean ± 1.96·sd/√n (sample sd)"
Z95 = 1.96

#: The rows every power's table starts with.
BASELINES = ("ai", "random")

#: What plays the other seats unless asked: the AI package's default once it names one, so the
#: tournament measures whatever the game itself plays with.
DEFAULT_AI: str = getattr(game.ai, "DEFAULT_POLICY", "utility")


@dataclass(frozen=True, slots=True)
class Spread:
    """A sample's mean and its 95% interval."""

    n: int
    mean: float
    sd: float

    @property
    def half(self) -> float:
        return Z95 * self.sd / math.sqrt(self.n) if self.n > 1 else 0.0

    @property
    def lo(self) -> float:
        return self.mean - self.half

    @property
    def hi(self) -> float:
        return self.mean + self.half

    def to_json(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "mean": round(self.mean, 2),
            "sd": round(self.sd, 2),
            "lo": round(self.lo, 2),
            "hi": round(self.hi, 2),
        }


def spread(values: Sequence[float]) -> Spread:
    n = len(values)
    if n == 0:
        return Spread(0, 0.0, 0.0)
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
    return Spread(n, mean, math.sqrt(var))


@dataclass
class Row:
    """One way of playing a seat, over the run's games."""

    id: str
    name: str
    path: str | None
    results: list[SeatResult]

    @property
    def scores(self) -> list[float]:
        return [r.score for r in self.results]

    @property
    def spread(self) -> Spread:
        return spread(self.scores)

    def endings(self) -> Counter[str]:
        return Counter(r.ending or "none" for r in self.results)

    def moves(self) -> float:
        return sum(r.moves for r in self.results) / max(1, len(self.results))


@dataclass
class SeatTable:
    """Every row for one power's seat, and the same games with no player at all."""

    power: str
    rows: list[Row]
    all_ai: list[float] = field(default_factory=list)

    @property
    def ai(self) -> Row:
        return self.rows[0]

    def vs_ai(self, row: Row) -> Spread:
        """The mean per-game difference from the AI on the same seeds, with its interval."""
        return spread([a - b for a, b in zip(row.scores, self.ai.scores, strict=True)])

    def above_ai(self, row: Row) -> bool:
        """Whether the row's interval lies wholly above the AI's."""
        return row.id != "ai" and row.spread.lo > self.ai.spread.hi


@dataclass
class Tournament:
    games: int
    seed: int
    ai: str
    tables: list[SeatTable]
    seconds: float = 0.0
    #: Playbooks that fit none of the seats played, by id.
    unplayed: list[str] = field(default_factory=list)
    #: Playbooks that play exactly as a built-in row does (id -> the row's id): played once, shown once.
    aliases: dict[str, str] = field(default_factory=dict)

    def flagged(self) -> list[tuple[str, str]]:
        return [(t.power, r.id) for t in self.tables for r in t.rows if t.above_ai(r)]

    def game_count(self) -> int:
        """Games played: every row's, and the all-AI games."""
        return sum(len(r.results) for t in self.tables for r in t.rows) + self.games

    def to_json(self) -> dict[str, Any]:
        return {
            "games": self.games,
            "seed": self.seed,
            "ai": self.ai,
            "interval": INTERVAL,
            "seeds": [game_seed(self.seed, i) for i in range(self.games)],
            "powers": {t.power: _table_json(t) for t in self.tables},
            "flagged": [{"power": p, "playbook": r} for p, r in self.flagged()],
            "unplayed": self.unplayed,
            "same_as": self.aliases,
            "seconds": round(self.seconds, 3),
        }


def _table_json(t: SeatTable) -> dict[str, Any]:
    rows = []
    for r in t.rows:
        rows.append(
            {
                "id": r.id,
                "name": r.name,
                "file": r.path,
                **r.spread.to_json(),
                "vs_ai": t.vs_ai(r).to_json(),
                "above_ai": t.above_ai(r),
                "moves_per_game": round(r.moves(), 2),
                "endings": dict(sorted(r.endings().items(), key=lambda kv: (-kv[1], kv[0]))),
                "scores": [round(s, 4) for s in r.scores],
            }
        )
    return {"rows": rows, "all_ai": spread(t.all_ai).to_json()}


# -- playing ------------------------------------------------------------------------------------

#: A unit of work: ("seat", playbook index, power, game number) or ("all", -1, "", game number).
Task = tuple[str, int, str, int]


@dataclass(frozen=True, slots=True)
class _Setup:
    ai: str
    run_seed: int
    scenario: str | None
    difficulty: str | None
    #: (id, data, path) of every playbook, built-ins first: workers check them again.
    playbooks: tuple[tuple[str, dict[str, Any], str | None], ...]


class _Player:
    """Plays tasks: one process's content, playbooks and settings."""

    def __init__(self, content: Content, setup: _Setup) -> None:
        self.content = content
        self.setup = setup
        self.playbooks = [check_playbook(data, content, pid) for pid, data, _ in setup.playbooks]

    def play(self, task: Task) -> SeatResult | dict[str, float]:
        kind, index, power, number = task
        s = self.setup
        if kind == "all":
            return play_one(self.content, s.scenario, s.difficulty, s.run_seed, number, s.ai).scores
        seed = game_seed(s.run_seed, number)
        policy = policy_named(s.ai)
        return play_seat(self.content, self.playbooks[index], power, seed, policy, s.scenario, s.difficulty)


_WORKER: _Player | None = None


def _init_worker(mods: Sequence[str], setup: _Setup) -> None:
    global _WORKER
    from game.mods.loader import load_content

    _WORKER = _Player(load_content(mods), setup)


def _work(task: Task) -> SeatResult | dict[str, float]:
    assert _WORKER is not None
    return _WORKER.play(task)


def _behaviour(pb: LoadedPlaybook) -> str:
    """What decides a playbook's play (not its name): equal keys play identical games."""
    return json.dumps(pb.model.model_dump(by_alias=True, exclude={"name", "description"}), sort_keys=True)


def run_tournament(
    content: Content,
    playbooks: Sequence[LoadedPlaybook],
    powers: Sequence[str],
    games: int,
    seed: int,
    jobs: int = 1,
    ai: str = DEFAULT_AI,
    scenario: str | None = None,
    difficulty: str | None = None,
    mods: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> Tournament:
    """Play every playbook (and the AI, and random play) in each power's seat on the same games."""
    import time

    start = time.perf_counter()
    every = [built_in(b, content) for b in BASELINES] + list(playbooks)
    setup = _Setup(
        ai, seed, scenario, difficulty, tuple((p.id, p.model.model_dump(by_alias=True), p.path) for p in every)
    )
    # Each (behaviour, power, game) is played once, however many rows share it.
    keys: dict[tuple[str, str, int], int] = {}
    tasks: list[Task] = [("all", -1, "", n) for n in range(games)]
    layout: list[tuple[str, list[tuple[int, list[int]]]]] = []
    baselines = {_behaviour(pb): pb.id for pb in every[: len(BASELINES)]}
    aliases = {pb.id: baselines[_behaviour(pb)] for pb in playbooks if _behaviour(pb) in baselines}
    for power in powers:
        rows = []
        for i, pb in enumerate(every):
            if not pb.fits(power) or (pb.id in aliases and i >= len(BASELINES)):
                continue
            slots = []
            for n in range(games):
                key = (_behaviour(pb), power, n)
                if key not in keys:
                    keys[key] = len(tasks)
                    tasks.append(("seat", i, power, n))
                slots.append(keys[key])
            rows.append((i, slots))
        layout.append((power, rows))
    results = _play_all(content, setup, tasks, jobs, mods, progress)
    tables = []
    for power, rows in layout:
        all_ai = [_scores(results[n])[power] for n in range(games)]
        table_rows = [
            Row(every[i].id, every[i].name, every[i].path, [_seat(results[k]) for k in slots]) for i, slots in rows
        ]
        tables.append(SeatTable(power, table_rows, all_ai))
    unplayed = [p.id for p in playbooks if not any(p.fits(q) for q in powers)]
    return Tournament(games, seed, ai, tables, time.perf_counter() - start, unplayed, aliases)


def _seat(r: SeatResult | dict[str, float]) -> SeatResult:
    assert isinstance(r, SeatResult)
    return r


def _scores(r: SeatResult | dict[str, float]) -> dict[str, float]:
    assert isinstance(r, dict)
    return r


def _play_all(
    content: Content,
    setup: _Setup,
    tasks: list[Task],
    jobs: int,
    mods: Sequence[str],
    progress: Callable[[int, int], None] | None,
) -> list[SeatResult | dict[str, float]]:
    total = len(tasks)
    out: list[SeatResult | dict[str, float]] = []
    if jobs <= 1:
        player = _Player(content, setup)
        for t in tasks:
            out.append(player.play(t))
            if progress:
                progress(len(out), total)
        return out
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(list(mods), setup)) as pool:
        chunk = max(1, min(8, total // (jobs * 16)))
        for r in pool.map(_work, tasks, chunksize=chunk):
            out.append(r)
            if progress:
                progress(len(out), total)
    return out
