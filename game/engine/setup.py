"""A new game's opening position: the scenario's start values, checked against the content."""

from __future__ import annotations

import random

from game.engine.scoring import opening_interests, opening_utilities, scores
from game.engine.state import GameState
from game.engine.triggers import TriggerIndex
from game.mods.content import Content, ScenarioDef


class GameSetupError(ValueError):
    """The scenario, power or difficulty asked for does not exist in the content."""


def pick_scenario(content: Content, scenario: str | None) -> ScenarioDef:
    if scenario is None:
        return next(iter(content.scenarios.values()))
    if scenario not in content.scenarios:
        raise GameSetupError(f"unknown scenario {scenario!r} (scenarios: {', '.join(content.scenarios)})")
    return content.scenarios[scenario]


def new_state(
    content: Content,
    scenario: str | None = None,
    player: str | None = None,
    seed: int = 0,
    difficulty: str | None = None,
    rng: random.Random | None = None,
) -> GameState:
    """The scenario's opening position, before the first briefing. `player=None`: the computer
    plays every power."""
    scen = pick_scenario(content, scenario)
    playable = scen.model.playable or list(content.powers)
    if player is not None and player not in playable:
        raise GameSetupError(f"{player!r} is not a playable power here (playable: {', '.join(playable)})")
    levels = [d.id for d in content.rules.difficulty]
    if difficulty is not None and levels and difficulty not in levels:
        raise GameSetupError(f"unknown difficulty {difficulty!r} (levels: {', '.join(levels)})")
    seed = int(seed)
    st = GameState(content, scen, content.difficulty(difficulty), seed, player, rng or random.Random(seed))
    start = scen.model.start_state
    powers = list(content.powers)
    for v in content.global_variables:
        st.vars[v.id] = start.values.get(v.id, v.default)
    for p in powers:
        row = start.power_values.get(p, {})
        st.pvars[p] = {v.id: row.get(v.id, v.default) for v in content.power_variables}
        st.opinion[p] = {q: start.opinions.get(p, {}).get(q, 0) for q in powers if q != p}
        st.trust[p] = {q: start.trust.get(p, {}).get(q, 0) for q in powers if q != p}
    st.flags = set(start.flags)
    st.touched.clear()
    st.opening.update(opening_utilities(st))
    st.opening_interests.update(opening_interests(st))
    # every game of this scenario, power and difficulty opens on the same position: the first
    # look at its events is taken once per content and shared
    key = f"{scen.id}\0{player or ''}\0{st.difficulty.id}"
    st.triggers = TriggerIndex.for_opening(content, content.ladder.incident_tag, st, key)
    st.history.append(st.month_record(opening=True))
    return st


def historical_scores(state: GameState) -> dict[str, float]:
    """What each power scored in real history, by the scenario's record of the end state."""
    hist = state.scenario.model.history
    st = new_state(state.content, state.scenario.id, state.player or None, state.seed, state.difficulty.id)
    for k, v in hist.values.items():
        st.vars[k] = v
    for p, row in hist.power_values.items():
        st.pvars[p].update(row)
    for a, row in hist.opinions.items():
        st.opinion[a].update(row)
    for a, row in hist.trust.items():
        st.trust[a].update(row)
    st.flags = set(st.flags) | set(hist.flags)
    st.ending = hist.ending
    st.version += 1  # written directly above: what was derived from the opening no longer holds
    return scores(st, hist.ending)
