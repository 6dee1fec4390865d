"""The base game's history: with every power playing its historical policy, the historical
events fall in their real months, most of them happen at all, and the crisis ends the way it
really did. A handful of seeded games keeps this to a few seconds."""

from __future__ import annotations

from collections import Counter

import pytest

from game.mods.content import Content
from game.mods.loader import load_content
from game.simulate import GameResult, simulate

GAMES = 8
SEED = 1


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="module")
def games(content: Content) -> list[GameResult]:
    return simulate(content, GAMES, SEED, ai="historical", keep_log=True)


def historical_events(content: Content) -> dict[str, tuple[str, str]]:
    """Each historical event's window, as (from, until) months."""
    out = {}
    for eid, ev in content.events.items():
        m = ev.model
        if m.historical:
            assert m.start and m.until, f"historical event {eid} needs a from/until window"
            out[eid] = (m.start, m.until)
    return out


def test_there_are_enough_historical_events_each_in_its_real_month(content: Content) -> None:
    windows = historical_events(content)
    assert len(windows) >= 75
    for eid, (start, until) in windows.items():
        assert start == until, f"{eid} should have its real month as its window, not {start}..{until}"


def test_every_historical_event_with_options_marks_the_choice_really_made(content: Content) -> None:
    for eid, ev in content.events.items():
        if ev.model.historical and ev.model.option:
            marked = [o.id for o in ev.model.option if o.historical]
            assert len(marked) == 1, f"{eid}: mark exactly one option historical (marked: {marked})"


def test_every_power_has_a_policy_and_its_moves_parse(content: Content) -> None:
    from game.moves import parse_move

    assert set(content.policies) == set(content.powers)
    for power, months in content.policies.items():
        assert months, f"{power} has an empty policy"
        for moves in months.values():
            for text in moves:
                parse_move(text)


def test_historical_events_fall_in_their_window(content: Content, games: list[GameResult]) -> None:
    windows = historical_events(content)
    for g in games:
        assert g.log is not None
        for entry in g.log:
            if entry["kind"] in ("event", "choice") and entry["id"] in windows:
                start, until = windows[entry["id"]]
                month = entry["date"][:7]
                assert start <= month <= until, f"game {g.number}: {entry['id']} fired in {month}, not {start}..{until}"


def test_a_solid_majority_of_historical_events_fire(content: Content, games: list[GameResult]) -> None:
    windows = historical_events(content)
    fired: Counter[str] = Counter()
    for g in games:
        assert g.log is not None
        fired.update({e["id"] for e in g.log if e["kind"] == "event" and e["id"] in windows})
    in_most = [eid for eid in windows if fired[eid] >= GAMES / 2]
    assert len(in_most) >= 0.8 * len(windows), sorted(set(windows) - set(in_most))
    per_game = [sum(1 for e in g.log or () if e["kind"] == "event" and e["id"] in windows) for g in games]
    assert sorted(per_game)[GAMES // 2] >= 0.75 * len(windows)


def test_the_choices_really_made_are_the_ones_taken(content: Content, games: list[GameResult]) -> None:
    taken = {
        (eid, o.id)
        for eid, ev in content.events.items()
        if ev.model.historical
        for o in ev.model.option
        if o.historical
    }
    marked_events = {eid for eid, _ in taken}
    for g in games:
        for e in g.log or ():
            if e["kind"] == "choice" and e["id"] in marked_events:
                assert (e["id"], e["option"]) in taken, f"game {g.number}: {e['id']} took {e['option']}"


def test_history_ends_close_to_where_it_really_did(content: Content, games: list[GameResult]) -> None:
    real = next(iter(content.scenarios.values())).model.history.ending
    endings = Counter(g.ending for g in games)
    assert endings[real] >= 0.6 * len(games), endings
    assert endings["war"] <= len(games) // 4, endings
