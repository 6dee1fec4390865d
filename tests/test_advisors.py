"""The player's advisers stay true to their values: over every action and every deal term of the
base game, from every seat that can make the move, the hawk backs pressure and opposes
concessions and the dove does the reverse, wherever their own interest weights disagree.

A move is pressure when content tags it `pressure` and a concession when it is tagged
`concession` (a term is judged from its giver's seat). Each adviser's verdict comes from its
interests in content/world/advisors.toml, applied to what the move does directly. Where the two
advisers' weights point the same way on everything the move changes, they may agree; otherwise
the hawk must rank a pressure move above the dove (approve against neutral or oppose, or neutral
against oppose) and never oppose it, the dove never approve it; and the mirror for concessions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from game.ai import UtilityPolicy
from game.engine import deals, rules, scoring, words
from game.engine.game import Game
from game.engine.setup import new_state
from game.engine.state import GameState
from game.engine.turn import advance
from game.mods.content import Content
from game.mods.expr import Scope
from game.moves import Act, Propose
from tests.conftest import seated

PRESSURE = "pressure"
CONCESSION = "concession"
#: Advice points beyond which an adviser approves or opposes (game/engine/preview.py says the same).
FIRM = 1.0
RANK = {"oppose": -1, "neutral": 0, "approve": 1}


@pytest.fixture(scope="module")
def samples(content: Content) -> dict[str, list[GameState]]:
    """For each seat: the opening position, then the start of every month of two computer games,
    so that moves closed in July 2017 are judged where they open."""
    out = {p: [new_state(content, None, p, 7, None)] for p in content.powers}
    for seed in (1, 2):
        game = Game(content, None, None, seed, policy=UtilityPolicy(), start=False)

        def keep(_turn: int, game: Game = game) -> None:
            for p in content.powers:
                st = game.state.copy(light=True)
                st.player = p
                out[p].append(st)

        advance(game.state, game.policy, keep)
    return out


def verdict(points: float) -> str:
    return "approve" if points > FIRM else "oppose" if points < -FIRM else "neutral"


def advice(content: Content, adviser: str, before: GameState, after: GameState, seat: str) -> float:
    interests = content.advisors[adviser].interests
    return sum(scoring.interest_terms(interests, after, seat)) - sum(scoring.interest_terms(interests, before, seat))


def changed(before: GameState, after: GameState) -> Iterator[GameState]:
    """`before` with one of the values the move changed set as the move left it, value by value."""
    for k, v in after.vars.items():
        if before.vars[k] != v:
            st = before.copy(light=True)
            st.set_var(k, v)
            yield st
    for p, row in after.pvars.items():
        for k, v in row.items():
            if before.pvars[p][k] != v:
                st = before.copy(light=True)
                st.set_pvar(p, k, v)
                yield st
    for a, row in after.opinion.items():
        for b, v in row.items():
            if before.opinion[a][b] != v:
                st = before.copy(light=True)
                st.set_opinion(a, b, v)
                yield st


def sign(x: float) -> int:
    return 0 if abs(x) < 0.05 else 1 if x > 0 else -1


def weights_agree(content: Content, before: GameState, after: GameState, seat: str) -> bool:
    """Whether hawk and dove weigh every single change the move makes the same way."""
    return all(
        sign(advice(content, "hawk", before, one, seat)) == sign(advice(content, "dove", before, one, seat))
        for one in changed(before, after)
    )


@dataclass(frozen=True)
class Judged:
    move: str
    seat: str
    kind: str
    hawk: float
    dove: float
    agree: bool

    def problem(self) -> str | None:
        if self.agree:
            return None
        h, d = RANK[verdict(self.hawk)], RANK[verdict(self.dove)]
        backer, doubter = (h, d) if self.kind == PRESSURE else (d, h)
        if backer >= 0 and doubter <= 0 and backer > doubter:
            return None
        return f"{self.seat} {self.move} ({self.kind}): hawk {self.hawk:+.1f}, dove {self.dove:+.1f}"


def kind_of(tags: list[str]) -> str | None:
    if PRESSURE in tags and CONCESSION in tags:
        raise AssertionError(f"tagged both pressure and concession: {tags}")
    return PRESSURE if PRESSURE in tags else CONCESSION if CONCESSION in tags else None


def judge(content: Content, move: str, seat: str, kind: str, before: GameState, after: GameState) -> Judged:
    return Judged(
        move,
        seat,
        kind,
        advice(content, "hawk", before, after, seat),
        advice(content, "dove", before, after, seat),
        weights_agree(content, before, after, seat),
    )


def judged_actions(content: Content, samples: dict[str, list[GameState]]) -> list[Judged]:
    out = []
    for action in content.actions.values():
        m = action.model
        kind = kind_of(m.tags)
        if kind is None:
            continue
        for seat in m.powers or list(content.powers):
            for target in rules.action_targets(samples[seat][0], seat, action):
                # where it first opens; an action no sample opens is judged on the opening position
                where = next(
                    (st for st in samples[seat] if rules.holds(action.when, Scope(st, seat, seat, target))),
                    samples[seat][0],
                )
                after = where.copy(light=True)
                rules.apply(action.effects, Scope(after, seat, seat, target))
                label = f"{action.id}{'@' + target if target else ''}"
                out.append(judge(content, label, seat, kind, where, after))
    return out


def judged_terms(content: Content, samples: dict[str, list[GameState]]) -> list[Judged]:
    out = []
    for tid, term in content.terms.items():
        m = term.model
        kind = kind_of(m.tags)
        if kind is None:
            continue
        assert m.giver != "all", f"{tid}: a term every party gives is no one's concession"
        before = samples[m.giver][0]
        table = words.order(content, {m.giver, *m.needs})
        after = before.copy(light=True)
        deals.apply_signing(after, table, (tid,))
        out.append(judge(content, f"term {tid}", m.giver, kind, before, after))
    return out


def test_the_hawk_backs_pressure_and_the_dove_concessions_on_every_action(content, samples) -> None:
    judged = judged_actions(content, samples)
    tagged = {j.move.split("@")[0] for j in judged}
    assert len(tagged) >= 0.6 * len(content.actions), "most actions should be tagged pressure or concession"
    problems = [p for j in judged if (p := j.problem())]
    assert not problems, "\n".join(problems)


def test_the_hawk_opposes_concessions_and_the_dove_backs_them_on_every_term(content, samples) -> None:
    judged = judged_terms(content, samples)
    assert len(judged) >= 15
    problems = [p for j in judged if (p := j.problem())]
    assert not problems, "\n".join(problems)


def test_the_advisers_disagree_on_most_moves(content, samples) -> None:
    """Agreement is the exception: on most tagged moves the weights point different ways."""
    judged = judged_actions(content, samples) + judged_terms(content, samples)
    disagree = [j for j in judged if not j.agree and verdict(j.hawk) != verdict(j.dove)]
    assert len(disagree) >= 0.8 * len(judged)


def verdicts(game: Game, move: object) -> dict[str, str]:
    return {a.advisor: a.verdict for a in game.preview(move).advice}  # type: ignore[arg-type]


def test_in_washington_the_hawk_opposes_the_dual_freeze_and_the_dove_backs_it(content) -> None:
    g = seated(content, "usa")
    freeze = Propose(("prk", "kor"), ("prk_freeze_nuclear", "prk_freeze_missiles", "usa_suspend_exercises"))
    assert g.why_not(freeze) is None
    assert verdicts(g, freeze) == {"hawk": "oppose", "dove": "approve"}


def test_in_washington_the_hawk_backs_a_show_of_force_and_the_dove_fears_it(content) -> None:
    g = seated(content, "usa")
    carrier = Act("usa_carrier_group")
    assert g.why_not(carrier) is None
    assert verdicts(g, carrier) == {"hawk": "approve", "dove": "oppose"}


def test_the_hawk_has_a_strong_view_on_briefing_a_strike(content, samples) -> None:
    action = content.actions["usa_strike_planning"]
    where = next(st for st in samples["usa"] if rules.holds(action.when, Scope(st, "usa", "usa", None)))
    after = where.copy(light=True)
    rules.apply(action.effects, Scope(after, "usa", "usa", None))
    assert verdict(advice(content, "hawk", where, after, "usa")) == "approve"
    assert verdict(advice(content, "dove", where, after, "usa")) == "oppose"


def test_the_hawk_backs_the_threat_at_the_un_and_the_dove_does_not(content) -> None:
    event = content.events["totally_destroy"]
    destroy = next(o for o in event.options if o.model.id == "destroy")
    before = new_state(content, None, "usa", 3, None)
    after = before.copy(light=True)
    rules.apply(destroy.effects, Scope(after, "usa"))
    assert verdict(advice(content, "hawk", before, after, "usa")) == "approve"
    assert verdict(advice(content, "dove", before, after, "usa")) == "oppose"


def test_in_pyongyang_the_hawk_backs_a_test_and_opposes_a_moratorium(content, samples) -> None:
    g = seated(content, "prk")
    test = Act("prk_missile_test")
    assert g.why_not(test) is None
    assert verdicts(g, test) == {"hawk": "approve", "dove": "oppose"}
    moratorium = content.actions["prk_declare_moratorium"]
    before = samples["prk"][0]
    after = before.copy(light=True)
    rules.apply(moratorium.effects, Scope(after, "prk", "prk", None))
    assert verdict(advice(content, "hawk", before, after, "prk")) == "oppose"
    assert verdict(advice(content, "dove", before, after, "prk")) == "approve"
