"""Loaded, merged and compiled content: what the engine plays with.

Each definition wraps its pydantic model (`.model`) with the compiled expressions the engine
runs. Everything here is immutable once the loader has built it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from game.mods.expr import Compiled, Condition, Effects, Names, guard_of
from game.mods.models import (
    Action,
    Advisor,
    Board,
    Declaration,
    DialogueLines,
    Ending,
    Event,
    Flag,
    HelpSection,
    Ladder,
    ModManifest,
    Option,
    Package,
    Power,
    Reaction,
    Response,
    Scenario,
    Term,
    Variable,
)
from game.mods.rule_models import Difficulty, Rules


@dataclass(frozen=True, slots=True)
class InterestDef:
    value: Compiled
    weight: float
    why: str
    #: How a power says a deal serves or harms this interest (each defaults to `why`).
    gain: str = ""
    loss: str = ""


@dataclass(frozen=True, slots=True)
class RedLineDef:
    id: str
    when: Condition
    text: str
    effects: Effects
    #: What a deal that would cross it costs the power, and how it says so.
    weight: float = 25.0
    why: str = ""


@dataclass(frozen=True, slots=True)
class PowerDef:
    model: Power
    interests: tuple[InterestDef, ...]
    red_lines: tuple[RedLineDef, ...]
    each_turn: Effects

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class ActionDef:
    model: Action
    when: Condition | None
    effects: Effects
    ai_when: Condition | None
    #: When the action's purpose is met (for the interface; the rules never read it).
    done: Condition | None = None

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class OptionDef:
    model: Option
    when: Condition | None
    effects: Effects


@dataclass(frozen=True, slots=True)
class EventDef:
    model: Event
    index: int
    when: Condition | None
    effects: Effects
    options: tuple[OptionDef, ...]
    #: First and last turn of its date window (None: open).
    first_turn: int | None
    last_turn: int | None

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class ResponseDef:
    model: Response
    effects: Effects


@dataclass(frozen=True, slots=True)
class ReactionDef:
    model: Reaction
    when: Condition | None
    responses: tuple[ResponseDef, ...]

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class EndingDef:
    model: Ending
    when: Condition

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class TermDef:
    model: Term
    on_sign: Effects
    each_turn: Effects
    on_break: Effects
    keeps: Condition | None
    when: Condition | None = None

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class DeclarationDef:
    model: Declaration
    when: Condition | None
    effects: Effects
    per_signer: Effects
    pressure: Effects

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class PackageDef:
    model: Package
    ai_when: Condition | None
    #: When anyone may put it forward (`self` the proposer).
    when: Condition | None = None

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class AdvisorDef:
    model: Advisor
    interests: tuple[InterestDef, ...]

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class ScenarioDef:
    model: Scenario
    each_turn: Effects
    start_index: int  # month index of the first turn

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True, slots=True)
class EventPlan:
    """What the engine's index of events that could fire needs, worked out once per content.

    `ids` are every event's id in content order, and the places below are places in it (an
    event's `index`). Of the events that may fire on their own (not `scheduled_only`),
    `incidents` are those that carry `incident_tag`; of the others, `opening` holds those whose
    date window opens on a turn from 1 on, by that turn; `guards` those whose condition's first
    part tests one key's presence (`Condition.guard`), by that key: while the key is absent they
    cannot fire, so no one needs to look at them; `loose` is every other one, the events a first
    look must look at.
    """

    incident_tag: str
    ids: Sequence[str]
    incidents: Sequence[str]
    opening: Mapping[int, Sequence[int]]
    guards: Mapping[str, Sequence[int]]
    loose: Sequence[int]


def condition_guard(cond: Condition | None) -> str | None:
    """The key a condition's first part tests the presence of; None for none (or no condition)."""
    if cond is None:
        return None
    compiled: object = cond  # or a stand-in compiled on first use: then read its text, not compile it
    if isinstance(compiled, Condition):
        return compiled.guard
    known: dict[str, Any] = getattr(cond, "__dict__", {})
    if "guard" in known:  # a stand-in that was told its guard
        return cast(str | None, known["guard"])
    return guard_of(cond.source)


def plan_events(events: Mapping[str, EventDef], incident_tag: str) -> EventPlan:
    """The EventPlan of these events (see there)."""
    incidents: list[str] = []
    opening: dict[int, list[int]] = {}
    guards: dict[str, list[int]] = {}
    loose: list[int] = []
    for i, e in enumerate(events.values()):
        m = e.model
        if m.scheduled_only:
            continue
        if incident_tag in m.tags:
            incidents.append(e.id)
            continue
        first = e.first_turn
        dated = first is not None and first >= 1
        if first is not None and dated:
            opening.setdefault(first, []).append(i)
        guard = condition_guard(e.when)
        if guard is not None:
            guards.setdefault(guard, []).append(i)
        elif not dated:
            loose.append(i)
    return EventPlan(incident_tag, list(events), incidents, opening, guards, loose)


@dataclass(frozen=True)
class Content:
    """Everything the mods defined, merged and compiled, in a fixed order."""

    mods: tuple[ModManifest, ...]
    powers: dict[str, PowerDef]
    variables: dict[str, Variable]
    ladder: Ladder
    rules: Rules
    actions: dict[str, ActionDef]
    #: By id, in content order (from the cache, each is made when first read).
    events: Mapping[str, EventDef]
    reactions: dict[str, ReactionDef]
    endings: dict[str, EndingDef]
    scenarios: dict[str, ScenarioDef]
    terms: dict[str, TermDef]
    advisors: dict[str, AdvisorDef]
    boards: dict[str, Board]
    declarations: dict[str, DeclarationDef]
    #: power -> kind -> dialogue entries, in content order.
    dialogue: dict[str, dict[str, tuple[DialogueLines, ...]]]
    packages: dict[str, PackageDef]
    #: power -> month index -> moves (notation), from the historical policies.
    policies: dict[str, dict[int, tuple[str, ...]]]
    names: Names
    #: sha256 over every file loaded, in order, with its mod id and path.
    fingerprint: str
    files: tuple[str, ...] = ()
    #: tag -> ids of actions, events, options and terms that carry it (for reactions).
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: action/event id or tag -> the reactions keyed on it, in content order.
    reactions_by_trigger: dict[str, tuple[ReactionDef, ...]] = field(default_factory=dict)
    #: What the engine and the AI derive from the content once (compiled forecasts, ...).
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def actions_of(self) -> dict[str, tuple[ActionDef, ...]]:
        """Each power's own actions (those open to every power included), in content order."""
        return {
            p: tuple(a for a in self.actions.values() if not a.model.powers or p in a.model.powers) for p in self.powers
        }

    #: Display names of flags, by id (names are content: they never enter a game's state).
    flags: dict[str, Flag] = field(default_factory=dict)
    #: The help screen's sections about this world, in content order.
    help: tuple[HelpSection, ...] = ()
    #: What the engine's index of events needs of them (None: worked out on first use).
    event_plan: EventPlan | None = field(default=None, compare=False, repr=False)

    def plan_for(self, incident_tag: str) -> EventPlan:
        """The EventPlan for this incident tag (the ladder's, which the loader works out)."""
        plan = self.event_plan
        if plan is not None and plan.incident_tag == incident_tag:
            return plan
        key = f"event_plan:{incident_tag}"
        found = self.memo.get(key)
        if not isinstance(found, EventPlan):
            found = self.memo[key] = plan_events(self.events, incident_tag)
        return found

    @property
    def foundation(self) -> ModManifest | None:
        """The mod the stack stands on (the base game, or the last standalone mod): the game's name."""
        return self.mods[0] if self.mods else None

    @property
    def title(self) -> str:
        """The game's name as the shell shows it."""
        m = self.foundation
        return (m.title or m.name) if m is not None else ""

    @cached_property
    def reaction_order(self) -> dict[str, int]:
        """Each reaction's place in content order: reactions to one happening run in this order."""
        return {rid: i for i, rid in enumerate(self.reactions)}

    @property
    def global_variables(self) -> list[Variable]:
        return [v for v in self.variables.values() if v.scope == "global"]

    @property
    def power_variables(self) -> list[Variable]:
        return [v for v in self.variables.values() if v.scope == "power"]

    def difficulty(self, id: str | None) -> Difficulty:
        levels = {d.id: d for d in self.rules.difficulty}
        if id is not None and id in levels:
            return levels[id]
        default = self.rules.default_difficulty
        if default in levels:
            return levels[default]
        if self.rules.difficulty:
            return self.rules.difficulty[0]
        return Difficulty(id="normal", name="Normal")

    def summary(self) -> str:
        def n(count: int, word: str, plural: str = "") -> str:
            return f"{count} {word}" if count == 1 else f"{count} {plural or word + 's'}"

        return ", ".join(
            [
                n(len(self.powers), "power"),
                n(len(self.variables), "variable"),
                n(len(self.actions), "action"),
                n(len(self.events), "event"),
                n(len(self.reactions), "reaction"),
                n(len(self.endings), "ending"),
                n(len(self.terms), "term"),
                n(len(self.declarations), "declaration"),
                n(sum(len(steps) > 0 for steps in self.policies.values()), "historical policy", "historical policies"),
                n(len(self.scenarios), "scenario"),
            ]
        )
