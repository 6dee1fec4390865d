"""The content format's rules: difficulty levels, the numbers negotiation runs on, home politics."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from game.mods.base import Id, Model, Probability, Text


class Difficulty(Model):
    id: Id
    name: Text
    description: Text = ""
    #: Added to every AI's acceptance threshold for the player's proposals (higher is harder).
    accept_margin: Annotated[float, Field(ge=-100, le=100)] = 0.0
    #: Multiplies the chance of every chance-based event.
    event_chance: Annotated[float, Field(ge=0.0, le=10.0)] = 1.0
    #: How much of other powers' thinking the player sees: 0 nothing, 1 moods, 2 reasons and numbers.
    intel: Annotated[int, Field(ge=0, le=2)] = 2
    #: How hard the computer thinks: the plans it weighs for each power's month...
    search_plans: Annotated[int, Field(ge=1, le=16)] = 6
    #: ...the rollouts it plays out for each plan...
    search_rollouts: Annotated[int, Field(ge=1, le=32)] = 1
    #: ...the months each rollout looks ahead (1: to this month's end)...
    search_months: Annotated[int, Field(ge=1, le=3)] = 1
    #: ...and how much it prefers its instinct (the plan its interests suggest) over a plan the
    #: rollouts only just favour, in points of expected score.
    search_anchor: Annotated[float, Field(ge=0, le=100)] = 2.0
    #: How closely the computer's answers to events follow their worth: an option's odds fall by
    #: e (about 2.7) for every this many points of expected score it is worth less than the best
    #: one, times its `ai_weight`. Lower is sharper.
    search_temperature: Annotated[float, Field(gt=0, le=100)] = 3.0


class Negotiation(Model):
    """The numbers negotiation runs on. Every AI answer is computed from these and the content."""

    #: Political capital a proposal costs.
    propose_cost: Annotated[int, Field(ge=0, le=20)] = 1
    #: An AI accepts a deal worth at least this much to it...
    threshold: float = 5.0
    #: ...counters when it is worth less, but no more than this below the threshold...
    counter_band: Annotated[float, Field(ge=0, le=500)] = 20.0
    #: ...and refuses otherwise.
    #: Months of a deal's monthly effects an AI counts when valuing it.
    horizon: Annotated[int, Field(ge=1, le=36)] = 6
    #: Points per point of opinion of the proposer (and half that for the other parties).
    opinion_weight: float = 0.15
    #: Points per point of trust in the parties who give something.
    trust_weight: float = 0.15
    #: Points per rung above the lowest, for a deal that lowers the ladder variable.
    rung_weight: float = 3.0
    #: The variable that tells whether talks are convened, and the level from which they are.
    talks_variable: Id | None = None
    talks_level: int = 2
    #: Face costs are multiplied by this inside talks.
    talks_face: Annotated[float, Field(ge=0, le=1)] = 0.5
    #: Extra points a party must lose before walking out of an agreement made inside talks.
    talks_loyalty: float = 10.0
    #: A party walks out when keeping the deal is worth this much less than breaking it.
    defect_margin: float = 10.0
    #: ...or when its trust in another party falls this low after signing.
    trust_collapse: int = -60
    #: Trust each party gains in the others for every month an agreement is kept.
    trust_per_month: int = 2
    #: What a broken agreement costs the breaker in each wronged party's opinion and trust...
    grudge_opinion: int = 20
    grudge_trust: int = 30
    #: ...and how much of the lasting grudge fades each month.
    grudge_decay: int = 1
    #: A move that costs an AI power this many points of utility draws a warning from it...
    warn_at: float = 6.0
    #: ...which is a threat from this rung index up.
    threat_rung: int = 3
    #: Chance per month that an AI power puts one of its packages forward.
    ai_proposal_chance: Probability = 0.35
    #: Chance per month that an AI power drafts a statement.
    ai_statement_chance: Probability = 0.25
    #: Lines that explain an answer; {counterpart} is the proposer, {other} another party.
    reason_opinion_good: Text = "we value our ties with {counterpart}"
    reason_opinion_bad: Text = "we have little love for {counterpart}"
    reason_trust_low: Text = "we do not trust {other} to keep its word"
    reason_trust_high: Text = "{other} has kept its word before"
    reason_grudge: Text = "{other} broke faith with us once already"
    reason_rung: Text = "with the crisis this close to war, any step back counts"
    reason_talks: Text = "inside the talks, concessions cost less face"
    reason_parties: Text = "we are wary of the company in this deal"
    #: The most crisis pressure (what calming the ladder is worth, and the rung) adds to a deal:
    #: a power's own interests and red lines decide, the danger only tips the balance.
    pressure_cap: Annotated[float, Field(ge=0, le=500)] = 8.0
    reason_pressure: Text = "the crisis presses us to take a step back"
    #: Counter-offers to counter-offers: the rounds of one bargain, the first proposal included.
    rounds: Annotated[int, Field(ge=1, le=10)] = 3
    #: A refused proposal costs the proposer this much of the refuser's opinion...
    refusal_cost: Annotated[int, Field(ge=0, le=100)] = 2
    #: ...and asking again within these months for terms it refused is worth this much less to
    #: it each time (and costs as many times the opinion).
    repeat_months: Annotated[int, Field(ge=0, le=120)] = 4
    repeat_cost: Annotated[float, Field(ge=0, le=500)] = 8.0
    reason_repeat: Text = "we turned this down once already"
    #: A deal that would cross one of a power's red lines costs it this much (a red line may say more).
    red_line_weight: Annotated[float, Field(ge=0, le=500)] = 25.0
    reason_red_line: Text = "it crosses one of our red lines"
    #: How a power says a deal moves an ending it cares about; {ending} is its title.
    reason_likelier: Text = "it brings {ending} nearer"
    reason_unlikelier: Text = "it puts {ending} further off"


class Home(Model):
    """Politics at home: a government its public has turned on can do less."""

    #: The per-power variable that measures backing at home (none: home politics do not bite).
    support: Id | None = None
    #: Below this backing a government makes fewer moves a month...
    weak_below: Annotated[int, Field(ge=-1_000_000, le=1_000_000)] = 30
    #: ...this many at most.
    weak_moves: Annotated[int, Field(ge=0, le=20)] = 2


class Rules(Model):
    #: The per-power variable that pays for moves.
    capital: Id = "capital"
    #: Most moves a power may make in one turn (the end-turn move is free).
    moves_per_turn: Annotated[int, Field(ge=1, le=20)] = 3
    #: What a computer power thinks one point of political capital kept for later is worth:
    #: a move must beat its cost times this to be taken.
    ai_capital_value: Annotated[float, Field(ge=0, le=100)] = 0.0
    #: How many months ahead the computer expects a danger to last when it weighs an ending that
    #: may come in any month (war, a collapse): the risk it sees now is run this many times more,
    #: or as many as are left if fewer. A crisis does not stand still for the rest of the game.
    ai_risk_months: Annotated[int, Field(ge=0, le=1000)] = 3
    difficulty: list[Difficulty] = Field(default_factory=list)
    default_difficulty: Id | None = None
    negotiation: Negotiation = Field(default_factory=Negotiation)
    home: Home = Field(default_factory=Home)
    #: Most events that fire in one month's briefing (due, eligible and incidents together). A
    #: chain of events that schedule each other stops there, with a news item naming them.
    max_events_per_month: Annotated[int, Field(ge=1, le=100_000)] = 200
    #: Most reactions that run in one month (each power answering one happening counts once).
    max_reactions_per_month: Annotated[int, Field(ge=1, le=100_000)] = 1000
