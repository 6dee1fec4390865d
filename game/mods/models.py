"""The content format: pydantic models for every kind of TOML entry a mod may hold.

One TOML file may hold any mix of entry kinds; each kind is an array of tables named in the
singular (`[[event]]`, `[[event.option]]`). Models forbid unknown keys and are frozen. Fields
that hold expressions are plain strings here; the loader compiles them against the whole
content once every mod is merged.
"""

from __future__ import annotations

import itertools
import re
from typing import Annotated, Literal, get_args

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from game.mods.base import Bound, Colour, Expr, Id, Model, Month, Probability, Score, Text, Weight
from game.mods.rule_models import Rules

#: The kinds of entries with ids that mods add, replace or remove.
EntryKind = Literal[
    "power", "variable", "action", "event", "reaction", "ending", "scenario", "term", "advisor", "board",
    "declaration", "dialogue", "package", "policy", "flag", "help",
]  # fmt: skip


class ModManifest(Model):
    """`mod.toml`: what a mod is and what it needs."""

    # Every load validates the manifests (the cache is found by them): built at import, unlike
    # the content models, which a load from the cache makes without their validators (`trusted`).
    model_config = ConfigDict(defer_build=False)  # merged with Model's

    id: Id
    name: Text
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$")] = "1.0"
    description: Text = ""
    author: Text = ""
    #: The game's name as the shell shows it (title screen, window, menus, help) when this mod is
    #: the foundation of the stack: the base game or a standalone mod. Empty: `name`.
    title: Annotated[str, StringConstraints(max_length=80)] = ""
    #: One line under the title on the title screen ("a game of crisis diplomacy").
    tagline: Annotated[str, StringConstraints(max_length=200)] = ""
    #: Text art drawn on the title screen instead of the plain title (at most 8 lines of 76).
    banner: Annotated[str, StringConstraints(max_length=2000)] = ""
    requires: list[Id] = Field(default_factory=list)
    #: A standalone mod replaces everything loaded before it (another crisis, other powers).
    standalone: bool = False
    #: Entries of earlier mods to take out, by kind: remove = { event = ["x"] }.
    remove: dict[EntryKind, list[Id]] = Field(default_factory=dict)


class Interest(Model):
    """One thing a power cares about: an expression's value times a weight."""

    of: Expr
    weight: Annotated[float, Field(ge=-100.0, le=100.0)]
    why: Text = ""
    #: How the power says a deal serves this interest, and how it says a deal harms it, in its
    #: answers ("it keeps the North's warheads where they are"); both default to `why`.
    gain: Text = ""
    loss: Text = ""


class RedLine(Model):
    """A fact a power will not accept: when it becomes true, its effects run once."""

    id: Id
    when: Expr
    text: Text
    effects: list[Expr] = Field(default_factory=list)
    #: What a deal that would cross it costs the power (default: the rules' red_line_weight),
    #: and how it says so.
    weight: Annotated[float, Field(ge=0, le=500)] | None = None
    why: Text = ""


class Power(Model):
    id: Id
    name: Text
    #: The name in running text, with its article where it takes one ("the United States").
    called: Text = ""
    short: Annotated[str, StringConstraints(max_length=12)] = ""
    adjective: Text = ""
    leader: Text
    title: Text = ""
    capital: Text = ""
    colour: Colour = "white"
    brief: Text = ""
    interest: list[Interest] = Field(default_factory=list)
    red_line: list[RedLine] = Field(default_factory=list)
    each_turn: list[Expr] = Field(default_factory=list)
    #: How adventurous the AI is when picking moves: 0 plays it straight, higher tries more.
    ai_boldness: Annotated[float, Field(ge=0.0, le=10.0)] = 1.0


class Variable(Model):
    id: Id
    name: Text
    #: A shorter name for narrow places (the tracks at 80 columns); empty: the name.
    short: Annotated[str, StringConstraints(max_length=24)] = ""
    scope: Literal["global", "power"] = "global"
    min: Bound = 0
    max: Bound = 100
    default: Bound = 0
    description: Text = ""
    #: Shown on the board's tracks.
    show: bool = True
    #: A word for the low and high ends, for the interface ("none", "full").
    low: Text = ""
    high: Text = ""

    @model_validator(mode="after")
    def _range(self) -> Variable:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is outside {self.min}..{self.max}")
        return self


class Rung(Model):
    id: Id
    name: Text
    #: The ladder variable's value from which this rung holds.
    at: Bound
    #: Chance per turn that an incident fires while the world stands on this rung.
    incident_chance: Probability = 0.0
    description: Text = ""


class Ladder(Model):
    variable: Id = "tension"
    #: Events carrying this tag are the pool incidents are drawn from.
    incident_tag: Id = "incident"
    rung: list[Rung]

    @field_validator("rung")
    @classmethod
    def _ordered(cls, rungs: list[Rung]) -> list[Rung]:
        if not rungs:
            raise ValueError("the ladder needs at least one rung")
        for a, b in itertools.pairwise(rungs):
            if b.at <= a.at:
                raise ValueError(f"rung '{b.id}' starts at {b.at}, not above '{a.id}' at {a.at}")
        return rungs


class Option(Model):
    id: Id
    text: Text
    effects: list[Expr] = Field(default_factory=list)
    when: Expr = ""
    ai_weight: Weight = 1.0
    news: Text = ""
    tags: list[Id] = Field(default_factory=list)
    #: The choice really made; powers playing their historical policy take it.
    historical: bool = False


class FollowUp(Model):
    event: Id
    #: Turns to wait: 1 fires it in next month's briefing.
    delay: Annotated[int, Field(ge=1, le=120)] = 1
    chance: Probability = 1.0
    #: Only after this option was chosen (empty: after any).
    option: Id | None = None


class Event(Model):
    id: Id
    title: Text
    text: Text = ""
    #: The power whose event it is (`self` in its expressions); its choice if it has options.
    power: Id | None = None
    #: Date window in which it may fire.
    start: Month | None = Field(default=None, alias="from")
    until: Month | None = None
    when: Expr = ""
    chance: Probability = 1.0
    #: Relative weight when drawn as an incident.
    weight: Weight = 1.0
    once: bool = True
    #: Lower fires first within a turn.
    order: Annotated[int, Field(ge=-1000, le=1000)] = 0
    effects: list[Expr] = Field(default_factory=list)
    news: Text = ""
    tags: list[Id] = Field(default_factory=list)
    option: list[Option] = Field(default_factory=list)
    follow_up: list[FollowUp] = Field(default_factory=list)
    #: Only fires when scheduled by a follow-up or schedule(), never on its own.
    scheduled_only: bool = False
    #: Ids or tags of actions and events it cannot share a month with (a test moratorium and a
    #: test): it does not fire in a month one of them happened, and they do not after it.
    excludes: list[Id] = Field(default_factory=list)
    historical: bool = False
    #: The short tag beside its news ("CN+RU", "UN"); empty: its power's short name.
    label: Annotated[str, StringConstraints(max_length=8)] = ""

    model_config = ConfigDict(populate_by_name=True)  # merged with Model's


class Action(Model):
    id: Id
    name: Text
    description: Text = ""
    #: Who may take it (empty: every power).
    powers: list[Id] = Field(default_factory=list)
    #: "none": no target; "power": any power; "other": any power but the actor.
    target: Literal["none", "power", "other"] = "none"
    #: When set, the only powers it may target.
    targets: list[Id] = Field(default_factory=list)
    cost: Annotated[int, Field(ge=0, le=100)] = 1
    when: Expr = ""
    #: What the player is told when `when` does not hold ("Needs an offer of talks from Pyongyang").
    unavailable: Text = ""
    #: When this holds, what the action is for has been achieved: the interface lists it as done
    #: rather than closed (`self` is the player). Read by the interface only, never by the rules.
    done: Expr = ""
    effects: list[Expr] = Field(default_factory=list)
    news: Text = ""
    tags: list[Id] = Field(default_factory=list)
    #: Most times a power may take it in one game (0: no limit).
    limit: Annotated[int, Field(ge=0, le=1000)] = 0
    #: Turns before the same power may take it again.
    cooldown: Annotated[int, Field(ge=0, le=120)] = 0
    #: Added to the AI's estimate of the move's worth, and the condition under which AIs consider it.
    ai_bias: Annotated[float, Field(ge=-1000, le=1000)] = 0.0
    ai_when: Expr = ""


class Response(Model):
    weight: Weight = 1.0
    effects: list[Expr] = Field(default_factory=list)
    news: Text = ""


class Reaction(Model):
    id: Id
    #: Who reacts (empty: every power other than the actor).
    powers: list[Id] = Field(default_factory=list)
    #: Action or event ids that set it off.
    to: list[Id] = Field(default_factory=list)
    #: Tags that set it off.
    tags: list[Id] = Field(default_factory=list)
    #: Only when one of these powers acted (empty: anyone but the reactor). A power answers its own
    #: deeds only when it is named here.
    by: list[Id] = Field(default_factory=list)
    when: Expr = ""
    chance: Probability = 1.0
    response: list[Response]

    @model_validator(mode="after")
    def _trigger(self) -> Reaction:
        if not self.to and not self.tags:
            raise ValueError("a reaction needs 'to' (action or event ids) or 'tags' to key on")
        if not self.response:
            raise ValueError("a reaction needs at least one [[reaction.response]]")
        return self


class Outcome(Model):
    score: Score = 0.0
    text: Text = ""


class Ending(Model):
    id: Id
    title: Text
    text: Text = ""
    when: Expr
    #: Higher wins when two endings hold at once.
    priority: Annotated[int, Field(ge=-1000, le=1000)] = 0
    #: "any": checked every turn and ends the game; "end": only when the calendar runs out.
    at: Literal["any", "end"] = "any"
    #: Checked the moment anything changes, not only at the month's end (war begins at once).
    immediate: bool = False
    outcome: dict[Id, Outcome] = Field(default_factory=dict)


class StartingState(Model):
    values: dict[Id, Bound] = Field(default_factory=dict)
    power_values: dict[Id, dict[Id, Bound]] = Field(default_factory=dict)
    opinions: dict[Id, dict[Id, Bound]] = Field(default_factory=dict)
    trust: dict[Id, dict[Id, Bound]] = Field(default_factory=dict)
    flags: list[Id] = Field(default_factory=list)


class History(StartingState):
    """What really happened by the scenario's end, scored the same way as a game."""

    ending: Id | None = None
    summary: Text = ""


class MapMarker(Model):
    row: Annotated[int, Field(ge=0, le=200)]
    col: Annotated[int, Field(ge=0, le=400)]
    label: Annotated[str, StringConstraints(max_length=12)] = ""


class Board(Model):
    """A map drawn in text for the interface: art plus where each power's marker sits."""

    id: Id
    name: Text = ""
    #: The map as text art, one string with newlines.
    art: Annotated[str, StringConstraints(max_length=20000)]
    markers: dict[Id, MapMarker] = Field(default_factory=dict)
    #: Named places for other markers (tests, exercises): flag or variable -> position.
    places: dict[Id, MapMarker] = Field(default_factory=dict)


class Scenario(Model):
    id: Id
    name: Text
    description: Text = ""
    start: Month
    turns: Annotated[int, Field(ge=1, le=600)]
    playable: list[Id] = Field(default_factory=list)
    start_state: StartingState = Field(default_factory=StartingState)
    history: History = Field(default_factory=History)
    #: The id of the [[board]] the interface draws for this scenario.
    board: Id | None = None
    each_turn: list[Expr] = Field(default_factory=list)


class Term(Model):
    """A deal term: one party giving one thing. Negotiation builds deals from these."""

    id: Id
    name: Text
    #: The power that gives it, or "all": every party of the deal gives it (joining talks).
    giver: Id
    description: Text = ""
    #: Powers that must be parties to any deal holding this term.
    needs: list[Id] = Field(default_factory=list)
    #: When the term can be put on the table at all (`self` is the giver).
    when: Expr = ""
    #: Effects once, when the agreement is signed (`self` is the giver).
    on_sign: list[Expr] = Field(default_factory=list)
    #: Effects every month while in force.
    each_turn: list[Expr] = Field(default_factory=list)
    #: Effects when the agreement ends because someone broke it.
    on_break: list[Expr] = Field(default_factory=list)
    #: Tags of actions the giver may not take while the term is in force; taking one breaks it.
    forbids: list[Id] = Field(default_factory=list)
    #: A condition that must keep holding while in force, else the giver has broken the term.
    keeps: Expr = ""
    #: What conceding this costs the giver at home, in points, and why.
    face: Annotated[float, Field(ge=-100, le=100)] = 0.0
    face_why: Text = ""
    #: Terms that cannot stand in the same deal (easing and tightening sanctions).
    conflicts: list[Id] = Field(default_factory=list)
    #: The same concession in a smaller degree (scaling the exercises down rather than suspending
    #: them): a counter-offer can meet in the middle by offering it instead.
    softer: Id | None = None
    tags: list[Id] = Field(default_factory=list)


class Declaration(Model):
    """A statement one power issues and others may co-sign, pressing the powers it names."""

    id: Id
    name: Text
    #: The words of the statement.
    text: Text = ""
    #: Who may issue or sign it (empty: every power).
    by: list[Id] = Field(default_factory=list)
    #: The powers it presses.
    presses: list[Id] = Field(default_factory=list)
    cost: Annotated[int, Field(ge=0, le=100)] = 1
    #: Signers needed, the issuer included, for it to be issued at all.
    min_signers: Annotated[int, Field(ge=1, le=50)] = 1
    when: Expr = ""
    #: What the player is told when `when` does not hold.
    unavailable: Text = ""
    #: Once, with `self` the issuer.
    effects: list[Expr] = Field(default_factory=list)
    #: For every signer, with `self` the signer.
    per_signer: list[Expr] = Field(default_factory=list)
    #: For every signer and every pressed power, with `self` the signer and `target` the pressed.
    pressure: list[Expr] = Field(default_factory=list)
    news: Text = ""
    tags: list[Id] = Field(default_factory=list)
    cooldown: Annotated[int, Field(ge=0, le=120)] = 3


class DialogueLines(Model):
    """What a power says, by kind of moment, mood toward the counterpart and rung of the ladder."""

    id: Id
    power: Id
    kind: Literal["greeting", "accept", "reject", "counter", "warning", "threat", "betrayal"]
    #: The speaker's opinion of the counterpart: warm (30 and up), cold (-30 and below), neutral between.
    mood: Literal["warm", "neutral", "cold", "any"] = "any"
    #: Rung ids in which these lines fit (empty: any).
    rungs: list[Id] = Field(default_factory=list)
    lines: list[Text]

    @field_validator("lines")
    @classmethod
    def _some(cls, lines: list[str]) -> list[str]:
        if not lines:
            raise ValueError("needs at least one line")
        return lines


class Package(Model):
    """A known deal that AI powers put forward and the interface offers as a template."""

    id: Id
    name: Text
    description: Text = ""
    terms: list[Id]
    #: Powers that may put it forward (empty: any party to it).
    proposers: list[Id] = Field(default_factory=list)
    #: When it may be put forward at all, by anyone (`self` is the proposer): the road to it.
    when: Expr = ""
    #: When the computer's powers think it worth proposing (a preference, not a rule).
    ai_when: Expr = ""


class PolicyStep(Model):
    month: Month
    #: Moves in the notation of docs/moves.md, made in this month when they are legal then.
    moves: list[Annotated[str, StringConstraints(max_length=500)]]


class Policy(Model):
    """How a power really behaved, month by month: what `simulate --ai historical` plays."""

    id: Id
    power: Id
    name: Text = ""
    step: list[PolicyStep] = Field(default_factory=list)


class Advisor(Model):
    """A voice in the player's cabinet who judges moves by its own interests before they are made."""

    id: Id
    name: Text
    title: Text = ""
    #: What this advisor cares about, read from the player's point of view (`self` is the player).
    interest: list[Interest]
    approve: list[Text]
    oppose: list[Text]
    neutral: list[Text] = Field(default_factory=list)


class Flag(Model):
    """The display name of a named fact (`set_flag("x")`): what previews and the board call it."""

    id: Id
    #: What the fact is, as a phrase that reads as true or not: "China boycotts South Korean goods".
    name: Text
    description: Text = ""
    #: False for bookkeeping facts the player never needs to see in a preview.
    show: bool = True


class HelpSection(Model):
    """A section of the help screen about this world; the shell writes the rules and keys itself."""

    id: Id
    title: Annotated[str, StringConstraints(max_length=120)]
    text: Text


class ContentFile(Model):
    """One TOML file of a mod: any mix of entry kinds."""

    power: list[Power] = Field(default_factory=list)
    variable: list[Variable] = Field(default_factory=list)
    ladder: Ladder | None = None
    rules: Rules | None = None
    action: list[Action] = Field(default_factory=list)
    event: list[Event] = Field(default_factory=list)
    reaction: list[Reaction] = Field(default_factory=list)
    ending: list[Ending] = Field(default_factory=list)
    scenario: list[Scenario] = Field(default_factory=list)
    term: list[Term] = Field(default_factory=list)
    advisor: list[Advisor] = Field(default_factory=list)
    board: list[Board] = Field(default_factory=list)
    declaration: list[Declaration] = Field(default_factory=list)
    dialogue: list[DialogueLines] = Field(default_factory=list)
    package: list[Package] = Field(default_factory=list)
    policy: list[Policy] = Field(default_factory=list)
    flag: list[Flag] = Field(default_factory=list)
    help: list[HelpSection] = Field(default_factory=list)


#: Entry kinds that are lists of entries with ids, in the order the loader merges them.
LIST_KINDS: tuple[str, ...] = get_args(EntryKind)


def month_to_index(month: str) -> int:
    """'2017-07' -> a month count, so months subtract."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", month)
    if not m:
        raise ValueError(f"not a month: {month!r}")
    return int(m.group(1)) * 12 + int(m.group(2)) - 1
