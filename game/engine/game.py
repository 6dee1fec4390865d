"""One game from the first briefing to its ending: the turn machine the UI and runners drive.

A game is content, a scenario, a power, a seed and the moves played. `Game.play(move)` is the
only door: it checks the move against the phase, applies it, runs every automatic phase that
follows (the other powers' turn, the resolution, the next briefing) and stops where the player
must decide again, returning the log entries that were added.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from game.ai import policy
from game.engine import rules
from game.engine.negotiation import Diplomacy
from game.engine.phases import PLAYER_PHASES, check_transition
from game.engine.state import GameState, Happening, LogEntry, Pending, Phase
from game.engine.triggers import TriggerIndex, condition_holds
from game.mods.content import Content, EventDef, OptionDef, ReactionDef, ScenarioDef
from game.mods.expr import Scope
from game.moves import (
    AcceptCounter,
    Act,
    Choose,
    EndTurn,
    IllegalMoveError,
    Move,
    MoveSyntaxError,
    Propose,
    RefuseCounter,
    Statement,
    Talk,
    parse_move,
)

#: How many times a briefing looks again for events that earlier ones made eligible.
MAX_EVENT_ROUNDS = 8


class GameSetupError(ValueError):
    """The scenario, power or difficulty asked for does not exist in the content."""


def _pick_scenario(content: Content, scenario: str | None) -> ScenarioDef:
    if scenario is None:
        return next(iter(content.scenarios.values()))
    if scenario not in content.scenarios:
        raise GameSetupError(f"unknown scenario {scenario!r} (scenarios: {', '.join(content.scenarios)})")
    return content.scenarios[scenario]


class Game:
    """A game in progress. `player=None` lets the computer play every power."""

    def __init__(
        self,
        content: Content,
        scenario: str | None = None,
        player: str | None = None,
        seed: int = 0,
        difficulty: str | None = None,
        *,
        start: bool = True,
        ai: str = "utility",
    ) -> None:
        self.content = content
        self.scenario = _pick_scenario(content, scenario)
        playable = self.scenario.model.playable or list(content.powers)
        if player is not None and player not in playable:
            raise GameSetupError(f"{player!r} is not a playable power here (playable: {', '.join(playable)})")
        levels = [d.id for d in content.rules.difficulty]
        if difficulty is not None and levels and difficulty not in levels:
            raise GameSetupError(f"unknown difficulty {difficulty!r} (levels: {', '.join(levels)})")
        self.difficulty = content.difficulty(difficulty)
        self.seed = int(seed)
        self.ai = ai
        self.player = player
        self.rng = random.Random(self.seed)
        self.state = GameState(content, player, self.scenario.start_index, self.scenario.model.turns, self.rng)
        self.index = TriggerIndex(content, content.ladder.incident_tag)
        self.move_log: list[str] = []
        #: (turn, notation) of every player move, for recordings.
        self.move_turns: list[tuple[int, str]] = []
        #: Called with the turn number when a turn's resolution is done (scripts check expectations).
        self.on_turn_end: Callable[[int], None] | None = None
        self.diplomacy = Diplomacy(self)
        self._reaction_order = {rid: i for i, rid in enumerate(content.reactions)}
        self._setup()
        if start:
            self._advance()

    # -- setup -----------------------------------------------------------------------------

    def _setup(self) -> None:
        st = self.state
        c = self.content
        start = self.scenario.model.start_state
        powers = list(c.powers)
        for v in c.global_variables:
            st.vars[v.id] = start.values.get(v.id, v.default)
        for p in powers:
            row = start.power_values.get(p, {})
            st.pvars[p] = {v.id: row.get(v.id, v.default) for v in c.power_variables}
            st.opinion[p] = {q: start.opinions.get(p, {}).get(q, 0) for q in powers if q != p}
            st.trust[p] = {q: start.trust.get(p, {}).get(q, 0) for q in powers if q != p}
        st.flags = set(start.flags)
        st.touched.clear()

    # -- reading ---------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        return self.state.phase

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def over(self) -> bool:
        return self.state.phase is Phase.GAME_OVER

    @property
    def ending(self) -> str | None:
        return self.state.ending

    def state_hash(self) -> str:
        return self.state.state_hash()

    def legal_moves(self) -> list[Move]:
        """Every move the player may make now, in a fixed order."""
        st = self.state
        if self.player is None or st.phase not in PLAYER_PHASES:
            return []
        if st.phase is Phase.EVENT_CHOICES:
            out: list[Move] = []
            for pend in st.pending:
                ev = self.content.events[pend.event]
                scope = Scope(st, pend.power)
                out.extend(Choose(ev.id, o.model.id) for o in ev.options if rules.holds(o.when, scope))
            if not st.pending and self.diplomacy.offers:
                out.extend([AcceptCounter(), RefuseCounter()])
            return out
        if self.diplomacy.counter is not None:
            return [AcceptCounter(), RefuseCounter()]
        moves: list[Move] = []
        for action in self.content.actions.values():
            if action.model.powers and self.player not in action.model.powers:
                continue
            for target in rules.action_targets(st, self.player, action):
                if rules.action_blocker(st, self.player, action, target) is None:
                    moves.append(Act(action.id, target))
        moves.extend(self.diplomacy.legal_moves())
        moves.append(EndTurn())
        return moves

    def why_not(self, move: Move) -> str | None:
        """Why a well-formed move is not allowed now, or None when it is."""
        st = self.state
        if self.player is None:
            return "the computer plays every power in this game"
        if st.phase is Phase.GAME_OVER:
            return "the game is over"
        if st.phase is Phase.EVENT_CHOICES:
            if st.pending:
                return self._why_not_choice(move)
            if isinstance(move, (AcceptCounter, RefuseCounter)):
                return None
            return "first answer the offer on the table: accept or refuse"
        if st.phase is not Phase.DIPLOMACY:
            return f"no moves are taken in the {st.phase.value} phase"
        if self.diplomacy.counter is not None and not isinstance(move, (AcceptCounter, RefuseCounter)):
            return "answer the counter-offer on the table first: accept or refuse"
        if isinstance(move, EndTurn):
            return None
        if isinstance(move, Act):
            action = self.content.actions.get(move.action)
            if action is None:
                return f"unknown action {move.action!r}"
            return rules.action_blocker(st, self.player, action, move.target)
        if isinstance(move, Choose):
            return "no event is waiting for your choice"
        return self.diplomacy.why_not(move)

    def _why_not_choice(self, move: Move) -> str | None:
        st = self.state
        if not isinstance(move, Choose):
            waiting = ", ".join(p.event for p in st.pending)
            return f"first answer the event{'s' if len(st.pending) > 1 else ''} waiting for you: {waiting}"
        pend = next((p for p in st.pending if p.event == move.event), None)
        if pend is None:
            return f"no event {move.event!r} is waiting for your choice"
        ev = self.content.events[move.event]
        opt = next((o for o in ev.options if o.model.id == move.option), None)
        if opt is None:
            return f"{move.event} has no option {move.option!r} (options: {', '.join(o.model.id for o in ev.options)})"
        if not rules.holds(opt.when, Scope(st, pend.power)):
            return f"option {move.option!r} is not open to you now"
        return None

    def parse_move(self, text: str) -> Move:
        """Parse notation and check it is allowed now; raises MoveSyntaxError or IllegalMoveError."""
        move = parse_move(text)
        why = self.why_not(move)
        if why is not None:
            raise IllegalMoveError(why)
        return move

    # -- playing ---------------------------------------------------------------------------

    def play(self, move: Move | str) -> list[LogEntry]:
        """Make one move and run the game on to the player's next decision."""
        if isinstance(move, str):
            move = self.parse_move(move)
        else:
            why = self.why_not(move)
            if why is not None:
                raise IllegalMoveError(why)
        before = len(self.state.log)
        self.move_log.append(move.notation())
        self.move_turns.append((self.state.turn, move.notation()))
        self._apply_player_move(move)
        self._advance()
        return self.state.log[before:]

    def _apply_player_move(self, move: Move) -> None:
        st = self.state
        assert self.player is not None
        dip = self.diplomacy
        if isinstance(move, Choose):
            pend = next(p for p in st.pending if p.event == move.event)
            st.pending.remove(pend)
            ev = self.content.events[move.event]
            opt = next(o for o in ev.options if o.model.id == move.option)
            self._resolve_option(ev, opt, pend.power)
        elif isinstance(move, (AcceptCounter, RefuseCounter)):
            accept = isinstance(move, AcceptCounter)
            if st.phase is Phase.EVENT_CHOICES:
                dip.answer_offer(accept)
            elif accept:
                dip.accept_counter()
            else:
                dip.refuse_counter()
        elif isinstance(move, Act):
            self._take_action(self.player, self.content.actions[move.action], move.target)
        elif isinstance(move, EndTurn):
            self._enter(Phase.AI_TURN)
        elif isinstance(move, Propose):
            dip.propose(self.player, move.parties, move.terms)
        elif isinstance(move, Statement):
            dip.declare(self.player, move.declaration, move.cosigners)
        elif isinstance(move, Talk):
            dip.talk(move.power)
        if st.phase is Phase.EVENT_CHOICES and not st.pending and not dip.offers:
            self._enter(Phase.DIPLOMACY)

    def auto_answer(self) -> None:
        """Answer the first thing waiting for the player as the computer would (scripts, autoplay).

        The choice is made with dice of its own, seeded from the game and the moment, never the
        game's: the move it makes is all a replay needs to find the same game again.
        """
        st = self.state
        if st.pending:
            pend = st.pending[0]
            ev = self.content.events[pend.event]
            dice = random.Random(zlib.crc32(f"{self.seed}:{st.turn}:{ev.id}".encode()))
            opt = policy.choose_option(st, ev, pend.power, dice) or ev.options[0]
            self.play(Choose(ev.id, opt.model.id))
        elif self.diplomacy.offers:
            offer = self.diplomacy.offers[0]
            from game.ai.valuation import DealMath

            assert self.player is not None
            everyone = self.diplomacy.order((offer["from"], *offer["parties"]))
            val = DealMath.of(self).value(self.player, offer["from"], everyone, tuple(offer["terms"]))
            self.play(AcceptCounter() if val.verdict == "accept" else RefuseCounter())
        elif self.diplomacy.counter is not None:
            self.play(RefuseCounter())

    def run_to_end(self, max_turns: int = 10_000) -> None:
        """Let the computer finish the game: the player ends each turn and answers like an AI."""
        guard = 0
        while not self.over and guard < max_turns * 10:
            guard += 1
            if self.phase is Phase.EVENT_CHOICES or self.diplomacy.counter is not None:
                self.auto_answer()
            else:
                self.play(EndTurn())

    # -- the machine -----------------------------------------------------------------------

    def _enter(self, phase: Phase) -> None:
        check_transition(self.state.phase, phase)
        self.state.phase = phase

    def _advance(self) -> None:
        """Run automatic phases until the player must act or the game is over."""
        st = self.state
        while True:
            if st.phase is Phase.BRIEFING:
                self._briefing()
                if st.pending or self.diplomacy.offers:
                    self._enter(Phase.EVENT_CHOICES)
                elif self.player is not None:
                    self._enter(Phase.DIPLOMACY)
                else:
                    self._enter(Phase.AI_TURN)
            elif st.phase is Phase.AI_TURN:
                self._ai_turn()
                self._enter(Phase.RESOLUTION)
            elif st.phase is Phase.RESOLUTION:
                over = self._resolution()
                if self.on_turn_end is not None:
                    self.on_turn_end(st.turn)
                if over:
                    self._enter(Phase.GAME_OVER)
                else:
                    self._enter(Phase.BRIEFING)
                    st.turn += 1
                    st.touched.add("time")
            else:
                return

    # -- briefing --------------------------------------------------------------------------

    def _briefing(self) -> None:
        st = self.state
        c = self.content
        st.happenings = []
        st.moves_made = 0
        for p in c.powers.values():
            rules.apply(p.each_turn, Scope(st, p.id))
        due = sorted(s for s in st.scheduled if s[0] <= st.turn)
        if due:
            st.scheduled = [s for s in st.scheduled if s[0] > st.turn]
            for _, _, eid, pw in due:
                ev = c.events[eid]
                if ev.model.once and eid in st.fired:
                    continue
                power = ev.model.power or pw or None
                if rules.holds(ev.when, Scope(st, power)):
                    self._fire(ev, "event", power)
        scale = self.difficulty.event_chance
        # An event can make another eligible the same month (a statement, then the answer to it):
        # look again after each round, but consider each event at most once a month.
        considered: set[str] = set()
        for _ in range(MAX_EVENT_ROUNDS):
            batch = [ev for ev in self.index.eligible(st) if ev.id not in considered]
            if not batch:
                break
            for ev in batch:
                considered.add(ev.id)
                if ev.model.once and ev.id in st.fired:
                    continue
                if not condition_holds(ev, st):
                    continue  # an event fired earlier this month changed the world
                chance = ev.model.chance
                if chance < 1.0 and self.rng.random() >= min(1.0, chance * scale):
                    continue
                self._fire(ev, "event")
        rung = c.ladder.rung[st.rung]
        chance = min(1.0, rung.incident_chance * scale)
        if chance > 0 and self.rng.random() < chance:
            pool = self.index.incident_pool(st)
            pick = rules.weighted_pick(self.rng, pool, [e.model.weight for e in pool])
            if pick is not None:
                self._fire(pick, "incident")

    def _fire(self, ev: EventDef, kind: str, power: str | None = None) -> None:
        st = self.state
        m = ev.model
        power = m.power or power
        st.mark_fired(ev.id)
        if m.once:
            self.index.retire(ev.id)
        scope = Scope(st, power)
        rules.apply(ev.effects, scope)
        text = rules.render(m.news or m.title, rules.names_for(st, power))
        self._log(kind, ev.id, text, power=power, title=m.title)
        st.happenings.append(Happening(ev.id, tuple(m.tags), power, None))
        if ev.options:
            assert power is not None
            if power == self.player:
                st.pending.append(Pending(ev.id, power))
            else:
                opt = self._historical_option(ev, power) if self.ai == "historical" else None
                opt = opt or policy.choose_option(st, ev, power, self.rng)
                if opt is not None:
                    self._resolve_option(ev, opt, power)
        else:
            self._follow_ups(ev, None, power)

    def _historical_option(self, ev: EventDef, power: str) -> OptionDef | None:
        scope = Scope(self.state, power)
        return next((o for o in ev.options if o.model.historical and rules.holds(o.when, scope)), None)

    def _resolve_option(self, ev: EventDef, opt: OptionDef, power: str) -> None:
        st = self.state
        scope = Scope(st, power)
        rules.apply(opt.effects, scope)
        text = rules.render(opt.model.news or opt.model.text, rules.names_for(st, power))
        self._log("choice", ev.id, text, power=power, option=opt.model.id)
        if opt.model.tags:
            st.happenings.append(Happening(f"{ev.id}.{opt.model.id}", tuple(opt.model.tags), power, None))
        self._follow_ups(ev, opt.model.id, power)

    def _follow_ups(self, ev: EventDef, option: str | None, power: str | None) -> None:
        st = self.state
        for fu in ev.model.follow_up:
            if fu.option is not None and fu.option != option:
                continue
            if fu.chance < 1.0 and self.rng.random() >= fu.chance:
                continue
            st.schedule(fu.event, fu.delay, power)

    # -- actions ---------------------------------------------------------------------------

    def _take_action(self, power: str, action: Any, target: str | None) -> None:
        st = self.state
        m = action.model
        watch = power == self.player
        before = {p: policy.utility(st, p) for p in self.content.powers if p != power} if watch else {}
        cap = self.content.rules.capital
        st.set_pvar(power, cap, st.pvars[power][cap] - m.cost)
        st.moves_made += 1
        key = f"{power}:{m.id}"
        count, _ = st.used.get(key, (0, 0))
        st.used[key] = (count + 1, st.turn)
        scope = Scope(st, power, power, target)
        rules.apply(action.effects, scope)
        text = rules.render(m.news or f"{{actor}}: {m.name}", rules.names_for(st, power, power, target))
        self._log("action", m.id, text, power=power, target=target)
        st.happenings.append(Happening(m.id, tuple(m.tags), power, target))
        if watch:
            self._warn(power, before)

    def _warn(self, mover: str, before: dict[str, float]) -> None:
        """The power a move hurt most says so: a warning, or at high rungs a threat."""
        st = self.state
        neg = self.content.rules.negotiation
        losses = sorted(((policy.utility(st, p) - u, p) for p, u in before.items()), key=lambda x: (x[0], x[1]))
        if not losses or losses[0][0] > -neg.warn_at:
            return
        speaker = losses[0][1]
        kind = "threat" if st.rung >= neg.threat_rung else "warning"
        self._log("dialogue", kind, self.diplomacy.say(speaker, kind, mover), power=speaker, target=mover)

    # -- the other powers ------------------------------------------------------------------

    def _ai_turn(self) -> None:
        st = self.state
        limit = self.content.rules.moves_per_turn
        dip = self.diplomacy
        for p in self.content.powers:
            if p == self.player:
                continue
            st.moves_made = 0
            if self.ai == "historical":
                self._historical_moves(p)
                continue
            candidates = policy.evaluate_actions(st, p, self.rng)
            if st.agreements:
                forbidden = dip.forbidden_tags(p)
                tempting = [c.value for c in candidates if forbidden & set(c.action.model.tags)]
                dip.ai_consider_defection(p, max(tempting, default=0.0))
            dip.ai_propose(p, self.rng)
            dip.ai_declare(p, self.rng)
            forbidden = dip.forbidden_tags(p) if st.agreements else set()
            allowed = [c for c in candidates if not forbidden & set(c.action.model.tags)]
            for cand in policy.pick_actions(st, p, allowed, limit - st.moves_made):
                if rules.action_blocker(st, p, cand.action, cand.target) is None:
                    self._take_action(p, cand.action, cand.target)
        st.moves_made = 0
        self._run_reactions()

    def _historical_moves(self, power: str) -> None:
        """What the power really did this month, as far as the world still allows it."""
        st = self.state
        dip = self.diplomacy
        for text in self.content.policies.get(power, {}).get(st.month_index, ()):
            move = parse_move(text)
            capital = st.pvars[power][self.content.rules.capital]
            if isinstance(move, Act):
                action = self.content.actions[move.action]
                if rules.action_blocker(st, power, action, move.target) is None:
                    self._take_action(power, action, move.target)
            elif isinstance(move, Propose) and dip.deal_problem(power, move.parties, move.terms) is None:
                dip.propose(power, move.parties, move.terms, pay=False)
            elif (
                isinstance(move, Statement)
                and dip.statement_problem(power, move.declaration, move.cosigners, capital) is None
            ):
                dip.declare(power, move.declaration, move.cosigners)

    def _run_reactions(self) -> None:
        st = self.state
        powers = list(self.content.powers)
        for h in list(st.happenings):
            for r in self._reactions_for(h):
                m = r.model
                if m.by and h.actor not in m.by:
                    continue
                reactors = m.powers or powers
                for reactor in reactors:
                    if reactor == h.actor and reactor not in m.by:
                        continue
                    scope = Scope(st, reactor, h.actor, h.target)
                    if not rules.holds(r.when, scope):
                        continue
                    if m.chance < 1.0 and self.rng.random() >= m.chance:
                        continue
                    resp = rules.weighted_pick(self.rng, list(r.responses), [x.model.weight for x in r.responses])
                    if resp is None:
                        continue
                    rules.apply(resp.effects, scope)
                    if resp.model.news:
                        text = rules.render(resp.model.news, rules.names_for(st, reactor, h.actor, h.target))
                        self._log("reaction", m.id, text, power=reactor, target=h.actor)

    def _reactions_for(self, h: Happening) -> list[ReactionDef]:
        out: list[ReactionDef] = []
        seen: set[str] = set()
        for key in (h.id, *h.tags):
            for r in self.content.reactions_by_trigger.get(key, ()):
                if r.id not in seen:
                    seen.add(r.id)
                    out.append(r)
        order = self._reaction_order
        out.sort(key=lambda r: order[r.id])
        return out

    # -- resolution ------------------------------------------------------------------------

    def _resolution(self) -> bool:
        """Run the month's end; True when the game is over."""
        st = self.state
        c = self.content
        rules.apply(self.scenario.each_turn, Scope(st))
        self._resolve_agreements()
        for p in c.powers.values():
            for rl in p.red_lines:
                key = f"{p.id}:{rl.id}"
                scope = Scope(st, p.id)
                if rules.holds(rl.when, scope):
                    if key not in st.red_lines:
                        st.red_lines.add(key)
                        rules.apply(rl.effects, scope)
                        text = rules.render(rl.text, rules.names_for(st, p.id))
                        self._log("red_line", rl.id, text, power=p.id)
                else:
                    st.red_lines.discard(key)
        last = st.turn >= st.last_turn
        best = None
        for e in c.endings.values():
            if e.model.at == "end" and not last:
                continue
            if rules.holds(e.when, Scope(st)) and (best is None or e.model.priority > best.model.priority):
                best = e
        if best is None and not last:
            return False
        self._finish(best.id if best else None)
        return True

    def _resolve_agreements(self) -> None:
        self.diplomacy.resolve()

    def _finish(self, ending: str | None) -> None:
        st = self.state
        st.ending = ending
        st.scores = self.scores()
        if ending is not None:
            e = self.content.endings[ending].model
            self._log("ending", ending, e.title, text_long=e.text)
        else:
            self._log("ending", "", "The calendar ran out.")

    # -- scores ----------------------------------------------------------------------------

    def scores(self, state: GameState | None = None, ending: str | None = None) -> dict[str, float]:
        """Each power's score: how far its interests moved from the scenario's opening position,
        plus what the ending gives it. Zero means no better and no worse off than in July 2017."""
        st = state or self.state
        ending = ending if state is not None else st.ending
        outcome = self.content.endings[ending].model.outcome if ending in self.content.endings else {}
        start = self.start_utilities()
        out = {}
        for p in self.content.powers:
            bonus = outcome[p].score if p in outcome else 0.0
            out[p] = round(policy.utility(st, p) - start[p] + bonus, 1)
        return out

    def start_state(self) -> GameState:
        """The scenario's opening position, before the first briefing."""
        fresh = Game(self.content, self.scenario.id, self.player, self.seed, self.difficulty.id, start=False)
        return fresh.state

    def start_utilities(self) -> dict[str, float]:
        cached = getattr(self, "_start_utilities", None)
        if cached is None:
            start = self.start_state()
            cached = {p: policy.utility(start, p) for p in self.content.powers}
            self._start_utilities = cached
        return cached

    def historical_scores(self) -> dict[str, float]:
        """What each power scored in real history, by the scenario's record of the end state."""
        hist = self.scenario.model.history
        st = self.start_state()
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
        return self.scores(st, hist.ending)

    # -- log -------------------------------------------------------------------------------

    def _log(
        self, kind: str, id: str, text: str, power: str | None = None, target: str | None = None, **extra: Any
    ) -> None:
        st = self.state
        st.log.append(LogEntry(st.turn, st.date, kind, id, text, power, target, extra))


def replay(
    content: Content, scenario: str | None, player: str | None, seed: int, difficulty: str | None, moves: Iterable[str]
) -> Game:
    """Play a recorded game again from its moves."""
    game = Game(content, scenario, player, seed, difficulty)
    for i, text in enumerate(moves, 1):
        try:
            game.play(text)
        except (MoveSyntaxError, IllegalMoveError) as e:
            raise IllegalMoveError(f"move {i} ({text!r}): {e}") from None
    return game
