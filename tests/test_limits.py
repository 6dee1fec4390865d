"""Events and reactions that multiply are stopped each month at the content's limits, and `validate` warns of them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from game.ai import UtilityPolicy
from game.engine.game import Game
from game.engine.records import EventFired, News, Reacted
from game.mods.loader import Loader, load_content
from tests.conftest import MINI
from tests.test_loader import make_mod

#: The issue's first case: an event that fires every month and schedules itself three times.
SPAWN = """
[[event]]
id = "spawn"
title = "Spawn"
chance = 1.0
once = false
effects = ['schedule("spawn", 1)', 'schedule("spawn", 1)', 'schedule("spawn", 1)']
"""
#: The issue's second: two reactions, every power scheduling the other's event.
PING_PONG = """
[[event]]
id = "ping"
title = "Ping"
once = false
[[event]]
id = "pong"
title = "Pong"
once = false
scheduled_only = true
[[reaction]]
id = "on_ping"
to = ["ping"]
[[reaction.response]]
effects = ['schedule("pong", 1)']
news = "{self} answers the ping."
[[reaction]]
id = "on_pong"
to = ["pong"]
[[reaction.response]]
effects = ['schedule("ping", 1)', 'schedule("ping", 1)']
"""


def played(tmp_path: Path, body: str, seed: int = 3, rules: str = "") -> Game:
    tmp_path.mkdir(exist_ok=True)
    files = {"e.toml": body}
    if rules:
        files["rules.toml"] = rules
    content = load_content([MINI, make_mod(tmp_path, files)])
    game = Game(content, "test", "red", seed, policy=UtilityPolicy())
    game.run_to_end()
    return game


def limits(game: Game) -> list[News]:
    return [r for r in game.state.log if isinstance(r, News) and r.id == "limit"]


def test_an_event_that_schedules_itself_three_times_is_cut_off_each_month(tmp_path: Path) -> None:
    game = played(tmp_path, SPAWN)
    fired = Counter(r.turn for r in game.state.log if isinstance(r, EventFired) and r.id == "spawn")
    assert max(fired.values()) == 200  # rules.max_events_per_month, the default
    assert fired[1] == 1 and fired[2] == 4  # the chain grows as it would until the limit...
    notices = limits(game)
    assert notices, "passing the limit leaves a news item"
    first = notices[0]
    assert first.text.startswith("The month's chain of events was cut short at 200 events, the most the rules allow")
    assert "Fired: 'spawn' x200." in first.text and "Not fired: 'spawn' x" in first.text
    # ...and what was due past the limit is dropped: the queue never grows beyond a month's worth
    assert len(game.state.scheduled) <= 3 * 200


def test_reactions_that_schedule_each_other_answer_once_a_month_each(tmp_path: Path) -> None:
    # A reaction runs at most once a month for each reactor and doer, so a ping that schedules two
    # pongs, each answered by a ping, cannot multiply: the month stays far below both limits.
    game = played(tmp_path, PING_PONG)
    ran = Counter((r.turn, r.id, r.power, r.target) for r in game.state.log if isinstance(r, Reacted))
    assert ran and max(ran.values()) == 1
    events = Counter(r.turn for r in game.state.log if isinstance(r, EventFired))
    assert max(events.values()) < 200
    assert limits(game) == []


def test_the_limits_are_set_in_the_content_rules(tmp_path: Path) -> None:
    rules = '[rules]\ncapital = "capital"\nmax_events_per_month = 3\nmax_reactions_per_month = 2\n'
    game = played(tmp_path, PING_PONG, rules=rules)
    events = Counter(r.turn for r in game.state.log if isinstance(r, EventFired))
    reactions = Counter(r.turn for r in game.state.log if isinstance(r, Reacted))
    assert max(events.values()) == 3 and max(reactions.values()) == 2
    texts = [n.text for n in limits(game)]
    assert any("cut short at 3 events" in t for t in texts)
    assert any("The month's reactions were cut short at 2, the most the rules allow" in t for t in texts)
    assert any("Ran: 'on_p" in t and "Left unanswered: 'p" in t for t in texts)


def test_a_game_that_hits_the_limits_is_still_the_same_game_for_the_same_seed(tmp_path: Path) -> None:
    a = played(tmp_path / "a", SPAWN, seed=9)
    b = played(tmp_path / "b", SPAWN, seed=9)
    assert a.state_hash() == b.state_hash()


def test_a_content_within_the_limits_is_not_touched_by_them(mini) -> None:
    game = Game(mini, "test", "red", 3, policy=UtilityPolicy())
    game.run_to_end()
    assert limits(game) == []


def warnings_for(tmp_path: Path, body: str) -> list[str]:
    loader = Loader([MINI, make_mod(tmp_path, {"e.toml": body})], include_base=False, warn=True)
    loader.load()
    return [str(w) for w in loader.warnings]


def test_validate_warns_of_an_event_that_multiplies(tmp_path: Path) -> None:
    (w,) = warnings_for(tmp_path, SPAWN)
    assert ":7:12: warning: event 'spawn' schedules itself more than once each time it fires" in w
    assert "('spawn' -> 'spawn' x3 through its effects)" in w and "200 events a month" in w


def test_validate_warns_of_reactions_that_multiply(tmp_path: Path) -> None:
    (w,) = warnings_for(tmp_path, PING_PONG)
    assert "warning: events 'ping', 'pong' schedule each other and can multiply every month" in w
    # mini has three powers, and an event of no power's is answered by all three
    assert "'ping' -> 'pong' x3 through reaction 'on_ping' (every power that reacts)" in w
    assert "'pong' -> 'ping' x6 through reaction 'on_pong'" in w


@pytest.mark.parametrize(
    "body",
    [
        # a loop of one event after another repeats, but never grows
        """
[[event]]
id = "tick"
title = "Tick"
once = false
follow_up = [{ event = "tock" }]
[[event]]
id = "tock"
title = "Tock"
once = false
scheduled_only = true
follow_up = [{ event = "tick" }]
""",
        # an event that fires once cannot multiply, whatever it schedules
        """
[[event]]
id = "once"
title = "Once"
effects = ['schedule("once", 1)', 'schedule("once", 1)']
""",
        # options are alternatives: each schedules the event once
        """
[[event]]
id = "choice"
title = "Choice"
power = "red"
once = false
[[event.option]]
id = "a"
text = "A"
effects = ['schedule("choice", 1)']
[[event.option]]
id = "b"
text = "B"
effects = ['schedule("choice", 2)']
""",
    ],
)
def test_validate_does_not_warn_of_chains_that_cannot_grow(tmp_path: Path, body: str) -> None:
    assert warnings_for(tmp_path, body) == []


def test_the_base_game_has_no_chain_that_multiplies() -> None:
    loader = Loader(warn=True)
    loader.load()
    assert loader.warnings == []
