"""What negotiation remembers from month to month: offers waiting, the counter-offer on the table,
statements issued, grudges, refusals, and where trust stood when each deal was signed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Deal:
    """A proposal as it stands: who put it, to whom, its terms, and the package it came as."""

    proposer: str
    parties: tuple[str, ...]
    terms: tuple[str, ...]
    package: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.proposer,
            "parties": list(self.parties),
            "terms": list(self.terms),
            "package": self.package,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Deal:
        return cls(str(d["from"]), tuple(d["parties"]), tuple(d["terms"]), d["package"])


@dataclass(frozen=True, slots=True)
class Counter:
    """A counter-offer on the table: `by` changed the deal `proposer` put to `parties`, in the
    bargain's `round` (the first proposal is round 1)."""

    by: str
    proposer: str
    parties: tuple[str, ...]
    terms: tuple[str, ...]
    package: str | None = None
    round: int = 2

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.by,
            "proposer": self.proposer,
            "parties": list(self.parties),
            "terms": list(self.terms),
            "package": self.package,
            "round": self.round,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Counter:
        return cls(
            str(d["from"]), str(d["proposer"]), tuple(d["parties"]), tuple(d["terms"]), d["package"], int(d["round"])
        )


@dataclass(frozen=True, slots=True)
class Refusal:
    """A proposal a power turned down: powers remember who asked them for what, and when."""

    turn: int
    proposer: str
    by: str
    terms: tuple[str, ...]

    def to_json(self) -> list[Any]:
        return [self.turn, self.proposer, self.by, list(self.terms)]

    @classmethod
    def from_json(cls, d: list[Any]) -> Refusal:
        turn, proposer, by, terms = d
        return cls(int(turn), str(proposer), str(by), tuple(str(t) for t in terms))


@dataclass(slots=True)
class DiplomacyState:
    """What negotiation remembers: offers and the counter-offer waiting, who was talked to this
    month, when statements were issued, grudges, refusals, and where trust stood when each deal
    was signed."""

    #: Offers other powers made the player, answered at the next briefing, oldest first.
    offers: list[Deal] = field(default_factory=list)
    #: The counter-offer answering the player's proposal, while it waits.
    counter: Counter | None = None
    #: Powers the player has talked to this month.
    talked: list[str] = field(default_factory=list)
    #: "issuer:declaration" -> the turn it was last issued.
    declared: dict[str, int] = field(default_factory=dict)
    #: "holder:offender" -> points of grudge, fading every month.
    grudges: dict[str, int] = field(default_factory=dict)
    #: Every proposal refused, oldest first.
    refusals: list[Refusal] = field(default_factory=list)
    #: agreement id -> "a:b" -> a's trust in b when it was signed.
    signed_trust: dict[str, dict[str, int]] = field(default_factory=dict)
    #: agreement id -> how many things had happened this month when it was signed.
    signed_at: dict[str, int] = field(default_factory=dict)
    agreement_seq: int = 0

    def copy(self) -> DiplomacyState:
        return DiplomacyState(
            list(self.offers),
            self.counter,
            list(self.talked),
            dict(self.declared),
            dict(self.grudges),
            list(self.refusals),
            dict(self.signed_trust),
            dict(self.signed_at),
            self.agreement_seq,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "offers": [o.to_json() for o in self.offers],
            "counter": self.counter.to_json() if self.counter is not None else None,
            "talked": list(self.talked),
            "declared": dict(sorted(self.declared.items())),
            "grudges": dict(sorted(self.grudges.items())),
            "refusals": [r.to_json() for r in self.refusals],
            "signed_trust": {k: dict(sorted(v.items())) for k, v in sorted(self.signed_trust.items())},
            "signed_at": dict(sorted(self.signed_at.items())),
            "agreement_seq": self.agreement_seq,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DiplomacyState:
        counter = d["counter"]
        return cls(
            [Deal.from_json(o) for o in d["offers"]],
            Counter.from_json(counter) if counter is not None else None,
            [str(p) for p in d["talked"]],
            {str(k): int(v) for k, v in d["declared"].items()},
            {str(k): int(v) for k, v in d["grudges"].items()},
            [Refusal.from_json(r) for r in d["refusals"]],
            {str(k): {str(a): int(t) for a, t in v.items()} for k, v in d["signed_trust"].items()},
            {str(k): int(v) for k, v in d["signed_at"].items()},
            int(d["agreement_seq"]),
        )

    def grudge(self, holder: str, offender: str) -> int:
        return self.grudges.get(f"{holder}:{offender}", 0)
