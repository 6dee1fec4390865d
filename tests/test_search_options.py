"""The search AI answers events by what each option is expected to bring, its habits (the
content's `ai_weight`) counting less the colder the difficulty's `search_temperature`."""

from __future__ import annotations

from collections import Counter

from game.ai import SearchPolicy, UtilityPolicy
from game.ai.foresight import expected_score
from game.engine.events import resolve_option
from game.engine.game import Game
from game.mods.content import Content


def _at_the_brink(content: Content) -> Game:
    g = Game(content, None, None, 11, start=False, policy=SearchPolicy())
    g.state.set_var("tension", 80)
    return g


def test_the_search_will_not_shell_an_island_when_the_peninsula_is_at_the_brink(content: Content) -> None:
    g = _at_the_brink(content)
    before, dice = g.state_hash(), g.state.rng.getstate()
    picks = _picks(SearchPolicy(), g, range(1, 9))
    assert "retaliate" not in picks
    # thinking changes nothing in the world, and never rolls the game's dice
    assert g.state_hash() == before and g.state.rng.getstate() == dice


def _picks(policy: SearchPolicy, g: Game, months: range) -> Counter[str]:
    event = g.state.content.events["clash_aftermath"]
    out: Counter[str] = Counter()
    for turn in months:  # the search's dice differ month by month
        g.state.turn = turn
        chosen = policy.choose_option(g.state, "prk", event, g.state.rng)
        assert chosen is not None
        out[chosen.model.id] += 1
    g.state.turn = 1
    return out


def test_the_option_worth_most_to_the_power_is_the_one_it_takes_most(content: Content) -> None:
    g = _at_the_brink(content)
    event = content.events["clash_aftermath"]
    worth = {}
    for opt in event.options:
        sim = g.state.copy(light=True)
        resolve_option(sim, event, opt, "prk")
        worth[opt.model.id] = expected_score(sim, "prk")
    picks = _picks(SearchPolicy(), g, range(1, 13))
    assert picks.most_common(1)[0][0] == max(worth, key=lambda o: worth[o])


def test_a_hot_temperature_answers_by_habit_and_a_cold_one_by_worth(content: Content) -> None:
    g = _at_the_brink(content)
    level = g.state.difficulty
    hot = SearchPolicy(level.model_copy(update={"search_temperature": 100.0}))
    cold = SearchPolicy(level.model_copy(update={"search_temperature": 0.5}))
    assert len(_picks(hot, g, range(1, 25))) == 3  # every option, by its ai_weight
    assert set(_picks(cold, g, range(1, 25))) == {"let_pass"}


def test_the_utility_policy_still_answers_by_the_contents_weights(content: Content) -> None:
    g = _at_the_brink(content)
    event = content.events["clash_aftermath"]
    seen = {UtilityPolicy().choose_option(g.state, "prk", event, g.state.rng).model.id for _ in range(60)}  # type: ignore[union-attr]
    assert "retaliate" in seen
