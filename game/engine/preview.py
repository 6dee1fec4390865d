"""What a move would likely do, and what the player's advisors make of it, before it is made.

Previews run the move on a scratch copy of the state with scratch dice, so looking never
changes the game. They show the move's own effects and the reactions a power can count on.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.ai import policy
from game.engine import rules
from game.engine.state import GameState
from game.mods.content import AdvisorDef
from game.mods.expr import Scope
from game.mods.text import possessive
from game.moves import AcceptCounter, Act, Choose, Move, Propose, Statement

if TYPE_CHECKING:
    from game.engine.game import Game


@dataclass(frozen=True, slots=True)
class Change:
    """One value a move would change: `label` is the display name."""

    kind: str  # "var", "pvar", "opinion", "flag"
    key: str
    label: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Advice:
    advisor: str
    name: str
    verdict: str  # "approve", "oppose", "neutral"
    points: float
    line: str


@dataclass(frozen=True, slots=True)
class Preview:
    move: str
    changes: tuple[Change, ...]
    advice: tuple[Advice, ...]
    #: True when the move crosses into a higher rung of the ladder.
    escalates: bool


def stable_pick(options: list[str], *key: object) -> str:
    """Choose a line without touching the game's dice: the same situation gives the same line."""
    if not options:
        return ""
    h = zlib.crc32("|".join(map(str, key)).encode("utf-8"))
    return options[h % len(options)]


def simulate_move(game: Game, move: Move) -> GameState | None:
    """The state right after `move`, on a scratch copy with scratch dice.

    Actions and event choices bring the reactions a power can count on; a proposal or an
    offer taken shows the deal as if every party signed; a statement as if every invited power
    co-signed. None for moves with no direct effects (talking, ending the month, refusing).
    """
    st = game.state
    player = game.player
    if player is None:
        return None
    dice = random.Random(zlib.crc32(f"{game.seed}:{st.turn}:{move.notation()}".encode()))
    sim = st.copy(rng=dice, light=True)
    content = game.content
    if isinstance(move, Act):
        action = content.actions.get(move.action)
        if action is None:
            return None
        rules.apply(action.effects, Scope(sim, player, player, move.target))
        policy.expected_reactions(sim, action.id, tuple(action.model.tags), player, move.target)
        return sim
    if isinstance(move, Choose):
        pend = next((p for p in st.pending if p.event == move.event), None)
        event = content.events.get(move.event)
        option = next((o for o in event.options if o.model.id == move.option), None) if event else None
        if pend is None or option is None:
            return None
        rules.apply(option.effects, Scope(sim, pend.power))
        if option.model.tags:
            policy.expected_reactions(sim, f"{move.event}.{move.option}", tuple(option.model.tags), pend.power, None)
        return sim
    if isinstance(move, Propose):
        return _signed(game, sim, game.diplomacy.order((player, *move.parties)), move.terms)
    if isinstance(move, AcceptCounter):
        deal = game.diplomacy.counter or (game.diplomacy.offers[0] if game.diplomacy.offers else None)
        if deal is None:
            return None
        proposer = deal.get("proposer", deal.get("from"))
        return _signed(game, sim, game.diplomacy.order((proposer, *deal["parties"])), tuple(deal["terms"]))
    if isinstance(move, Statement):
        decl = content.declarations.get(move.declaration)
        if decl is None:
            return None
        rules.apply(decl.effects, Scope(sim, player))
        for signer in (player, *move.cosigners):
            rules.apply(decl.per_signer, Scope(sim, signer))
            for target in decl.model.presses:
                rules.apply(decl.pressure, Scope(sim, signer, signer, target))
        return sim
    return None


def _signed(game: Game, sim: GameState, parties: tuple[str, ...], terms: tuple[str, ...]) -> GameState | None:
    from game.ai.valuation import term_givers

    for tid in terms:
        term = game.content.terms.get(tid)
        if term is None:
            return None
        for giver in term_givers(term, parties):
            rules.apply(term.on_sign, Scope(sim, giver))
    return sim


def diff(before: GameState, after: GameState, player: str | None) -> list[Change]:
    content = before.content
    out: list[Change] = []
    for k, v in before.vars.items():
        if after.vars[k] != v:
            out.append(Change("var", k, content.variables[k].name, v, after.vars[k]))
    for p, row in before.pvars.items():
        for k, v in row.items():
            if after.pvars[p][k] != v and k != content.rules.capital:
                name = content.powers[p].model.name
                out.append(Change("pvar", f"{k}:{p}", f"{content.variables[k].name} ({name})", v, after.pvars[p][k]))
    for a, row in before.opinion.items():
        for b, v in row.items():
            if after.opinion[a][b] != v and (player is None or player in (a, b)):
                an = content.powers[a].model.called or content.powers[a].model.name
                bn = content.powers[b].model.called or content.powers[b].model.name
                label = f"{possessive(an)} view of {bn}"
                out.append(Change("opinion", f"{a}:{b}", label[:1].upper() + label[1:], v, after.opinion[a][b]))
    for f in sorted(before.flags ^ after.flags):
        out.append(Change("flag", f, f.replace("_", " "), int(f in before.flags), int(f in after.flags)))
    return out


def advise(game: Game, move: Move, after: GameState | None) -> list[Advice]:
    out: list[Advice] = []
    if game.player is None:
        return out
    for adv in game.content.advisors.values():
        if after is None:
            points = 0.0
        else:
            points = _advisor_value(adv, after, game.player) - _advisor_value(adv, game.state, game.player)
        verdict = "approve" if points > 1 else "oppose" if points < -1 else "neutral"
        m = adv.model
        lines = {"approve": m.approve, "oppose": m.oppose, "neutral": m.neutral or m.approve}[verdict]
        line = stable_pick(list(lines), game.seed, game.state.turn, move.notation(), adv.id)
        out.append(Advice(adv.id, m.name, verdict, round(points, 1), line))
    return out


def _advisor_value(adv: AdvisorDef, state: GameState, player: str) -> float:
    return sum(policy.interest_terms(adv.interests, state, player))


def preview(game: Game, move: Move) -> Preview:
    after = simulate_move(game, move)
    changes = tuple(diff(game.state, after, game.player)) if after is not None else ()
    escalates = after is not None and after.rung > game.state.rung
    return Preview(move.notation(), changes, tuple(advise(game, move, after)), escalates)
