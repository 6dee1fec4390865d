"""Events: the briefing's draw of what happens this month, firing an event, and answering one.

A briefing fires at most the content's `rules.max_events_per_month` events: events that schedule
each other can otherwise multiply month on month. At the limit the month's chain stops, what was
still due is dropped, and a news item names the events that fired and those that did not.
"""

from __future__ import annotations

from collections import Counter

from game.engine import rules
from game.engine.deals import forbidden_tags
from game.engine.endings import end_now
from game.engine.policy import Policy
from game.engine.records import EventFired, IncidentHappened, News, OptionChosen
from game.engine.state import GameState, Happening, Pending, Phase
from game.engine.triggers import TriggerIndex, condition_holds
from game.mods.content import EventDef, OptionDef
from game.mods.expr import Scope

#: How many times a briefing looks again for events that earlier ones made eligible.
MAX_EVENT_ROUNDS = 8


def triggers(state: GameState) -> TriggerIndex:
    """The state's index of events that could fire, built when a copy or a restored game first needs it."""
    if state.triggers is None:
        state.triggers = TriggerIndex(state.content, state.content.ladder.incident_tag, state=state)
    return state.triggers


def briefing(state: GameState, policy: Policy) -> None:
    """The month begins: each power's monthly effects, events that are due, events whose time has
    come, and maybe an incident nobody planned."""
    st = state
    index = triggers(st)
    st.happenings = []
    st.moves_made = 0
    for p in st.content.powers.values():
        rules.apply(p.each_turn, Scope(st, p.id))
    budget = _Budget(st.content.rules.max_events_per_month)
    _fire_due(st, policy, budget)
    if st.phase is not Phase.GAME_OVER:
        _fire_eligible(st, index, policy, budget)
    if st.phase is not Phase.GAME_OVER:
        _maybe_incident(st, index, policy, budget)
    if budget.held_back:
        st.write(News(st.turn, st.date, "limit", budget.report()))


class _Budget:
    """The events a briefing may still fire, what it fired, and what it held back at the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.fired: Counter[str] = Counter()
        self.held_back: Counter[str] = Counter()

    def allows(self, event: str) -> bool:
        if self.fired.total() < self.limit:
            self.fired[event] += 1
            return True
        self.held_back[event] += 1
        return False

    def report(self) -> str:
        def most(c: Counter[str]) -> str:
            top = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = ", ".join(f"'{eid}' x{n}" for eid, n in top[:5])
            return shown + (f" and {len(top) - 5} more" if len(top) > 5 else "")

        return (
            f"The month's chain of events was cut short at {self.limit} events, the most the rules allow "
            f"(rules.max_events_per_month). Fired: {most(self.fired)}. Not fired: {most(self.held_back)}."
        )


def _fire_due(st: GameState, policy: Policy, budget: _Budget) -> None:
    """Events scheduled for this month (or earlier) fire, in the order they were scheduled."""
    due = sorted(s for s in st.scheduled if s[0] <= st.turn)
    if not due:
        return
    st.scheduled = [s for s in st.scheduled if s[0] > st.turn]
    for _, _, eid, pw in due:
        ev = st.content.events[eid]
        if ev.model.once and eid in st.fired:
            continue
        power = ev.model.power or pw or None
        if rules.holds(ev.when, Scope(st, power)) and may_happen(st, ev, power) and budget.allows(eid):
            fire(st, ev, policy, power)
            if end_now(st):
                return


def _fire_eligible(st: GameState, index: TriggerIndex, policy: Policy, budget: _Budget) -> None:
    """Events whose time has come fire, each with its chance."""
    scale = st.difficulty.event_chance
    # An event can make another eligible the same month (a statement, then the answer to it):
    # look again after each round, but consider each event at most once a month.
    considered: set[str] = set()
    for _ in range(MAX_EVENT_ROUNDS):
        batch = [ev for ev in index.eligible(st) if ev.id not in considered]
        if not batch:
            break
        for ev in batch:
            considered.add(ev.id)
            if ev.model.once and ev.id in st.fired:
                continue
            if not condition_holds(ev, st):
                continue  # an event fired earlier this month changed the world
            chance = ev.model.chance
            if chance < 1.0 and st.rng.random() >= min(1.0, chance * scale):
                continue
            if not may_happen(st, ev, ev.model.power):
                continue
            if budget.allows(ev.id):
                fire(st, ev, policy)
                if end_now(st):
                    return


def _maybe_incident(st: GameState, index: TriggerIndex, policy: Policy, budget: _Budget) -> None:
    """The higher the rung, the likelier an incident drawn from what could happen now."""
    if budget.held_back:
        return
    rung = st.content.ladder.rung[st.rung]
    chance = min(1.0, rung.incident_chance * st.difficulty.event_chance)
    if chance > 0 and st.rng.random() < chance:
        pool = [e for e in index.incident_pool(st) if may_happen(st, e, e.model.power)]
        pick = rules.weighted_pick(st.rng, pool, [e.model.weight for e in pool])
        if pick is not None and budget.allows(pick.id):
            fire(st, pick, policy, incident=True)
            end_now(st)


def may_happen(state: GameState, ev: EventDef, power: str | None) -> bool:
    """Whether the month leaves room for `ev`: not something its power promised in a deal in force
    not to do (drills while the exercises are suspended), and nothing it excludes has happened this
    month (a test moratorium in the month of a test), nor anything that excludes it."""
    st = state
    tags = set(ev.model.tags)
    if power is not None and tags and tags & forbidden_tags(st, power):
        return False
    excluded = set(ev.model.excludes)
    for h in st.happenings:
        if h.id in excluded or excluded.intersection(h.tags):
            return False
        done = st.content.events.get(h.id)
        if done is not None and (ev.id in done.model.excludes or tags.intersection(done.model.excludes)):
            return False
    return True


def fire(state: GameState, ev: EventDef, policy: Policy, power: str | None = None, incident: bool = False) -> None:
    st = state
    m = ev.model
    power = m.power or power
    st.mark_fired(ev.id)
    if m.once:
        triggers(st).retire(ev.id)
    rules.apply(ev.effects, Scope(st, power))
    text = rules.render(m.news or m.title, rules.names_for(st, power))
    kind = IncidentHappened if incident else EventFired
    st.write(kind(st.turn, st.date, ev.id, text, power, title=m.title))
    st.happenings.append(Happening(ev.id, tuple(m.tags), power, None))
    if ev.options:
        assert power is not None
        if power == st.player:
            st.pending.append(Pending(ev.id, power))
        else:
            opt = policy.choose_option(st, power, ev, st.rng)
            if opt is not None:
                resolve_option(st, ev, opt, power)
    else:
        follow_ups(st, ev, None, power)


def resolve_option(state: GameState, ev: EventDef, opt: OptionDef, power: str) -> None:
    st = state
    rules.apply(opt.effects, Scope(st, power))
    text = rules.render(opt.model.news or opt.model.text, rules.names_for(st, power))
    st.write(OptionChosen(st.turn, st.date, ev.id, text, power, option=opt.model.id))
    if opt.model.tags:
        st.happenings.append(Happening(f"{ev.id}.{opt.model.id}", tuple(opt.model.tags), power, None))
    follow_ups(st, ev, opt.model.id, power)


def follow_ups(state: GameState, ev: EventDef, option: str | None, power: str | None) -> None:
    for fu in ev.model.follow_up:
        if fu.option is not None and fu.option != option:
            continue
        if fu.chance < 1.0 and state.rng.random() >= fu.chance:
            continue
        state.schedule(fu.event, fu.delay, power)


def option_of(ev: EventDef, option: str) -> OptionDef | None:
    return next((o for o in ev.options if o.model.id == option), None)
