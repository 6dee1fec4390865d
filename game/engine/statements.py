"""Joint statements: who may issue one, what it does, and who co-signs it.

A statement is issued by one power and co-signed by those it invites who agree (the policy
decides for the computer's powers). It presses the powers it names. Its effects are applied
in one place, `apply_declaration`, whether the statement is real or a what-if.
"""

from __future__ import annotations

from game.engine import rules, words
from game.engine.policy import Policy
from game.engine.records import StatementIssued
from game.engine.state import GameState, Happening
from game.mods.content import DeclarationDef
from game.mods.expr import Scope


def statement_problem(
    state: GameState, issuer: str, decl_id: str, cosigners: tuple[str, ...], capital: int
) -> str | None:
    """Why `issuer` may not issue this statement now, or None. Told in names, never ids."""
    content = state.content
    d = content.declarations.get(decl_id)
    if d is None:
        return f"unknown declaration {decl_id!r}"
    m = d.model
    name = f"'{m.name}'"
    if m.by and issuer not in m.by:
        return f"only {words.names(content, m.by)} may issue {name}"
    for c in cosigners:
        if c not in content.powers:
            return f"unknown power {c!r}"
        if c == issuer:
            return "you sign your own statement: invite the others"
        if m.by and c not in m.by:
            return f"{words.subject(content, c)} cannot sign {name} (signers: {words.names(content, m.by)})"
        if c in m.presses:
            return f"{words.subject(content, c)} is one of the powers {name} presses"
    if 1 + len(cosigners) < m.min_signers:
        return f"{name} needs at least {m.min_signers} signers; invite {m.min_signers - 1} or more"
    if m.cost > capital:
        return f"{name} costs {m.cost} political capital and you have {capital}"
    wait = cooldown_left(state, issuer, decl_id)
    if wait:
        return f"{name} was issued recently; it can be issued again in {wait} month{'s' if wait != 1 else ''}"
    if not rules.holds(d.when, Scope(state, issuer)):
        return m.unavailable or f"{name} does not fit the moment"
    return None


def cooldown_left(state: GameState, issuer: str, decl_id: str) -> int:
    """Months before `issuer` may issue the statement again (0: it may now)."""
    last = state.diplomacy.declared.get(f"{issuer}:{decl_id}")
    cooldown = state.content.declarations[decl_id].model.cooldown
    if last is not None and state.turn - last < cooldown:
        return cooldown - (state.turn - last)
    return 0


def apply_declaration(state: GameState, d: DeclarationDef, issuer: str | None, signers: list[str]) -> None:
    """What a statement does: the issuer's effects (when `issuer` is given), then each signer's,
    and the pressure each signer puts on every power it names."""
    if issuer is not None:
        rules.apply(d.effects, Scope(state, issuer))
    for s in signers:
        rules.apply(d.per_signer, Scope(state, s))
        for target in d.model.presses:
            rules.apply(d.pressure, Scope(state, s, s, target))


def declare(state: GameState, issuer: str, decl_id: str, invited: tuple[str, ...], policy: Policy) -> bool:
    """Issue a statement, paying its cost and a move; True when enough powers signed it."""
    st = state
    c = st.content
    d = c.declarations[decl_id]
    m = d.model
    signers = [issuer]
    declined = []
    for q in words.order(c, invited):
        if q == st.player:
            continue  # the player signs only what the player issues
        if policy.cosigns(st, q, decl_id, issuer):
            signers.append(q)
        else:
            declined.append(q)
    st.diplomacy.declared[f"{issuer}:{decl_id}"] = st.turn
    st.moves_made += 1
    if len(signers) < m.min_signers:
        who = words.names(c, declined) if declined else "nobody"
        text = f"{words.subject(c, issuer)} could not gather signers for '{m.name}': {who} declined."
        st.write(
            StatementIssued(
                st.turn, st.date, decl_id, text, issuer, signers=tuple(signers), declined=tuple(declined), issued=False
            )
        )
        return False
    st.spend(issuer, m.cost)
    apply_declaration(st, d, issuer, signers)
    values = rules.names_for(st, issuer, issuer, None, parties=words.names(c, signers))
    text = rules.render(m.news or f"{{parties}}: {m.name}", values, {"parties": len(signers)})
    st.write(
        StatementIssued(
            st.turn,
            st.date,
            decl_id,
            text,
            issuer,
            signers=tuple(signers),
            declined=tuple(declined),
            presses=tuple(m.presses),
            issued=True,
            words=rules.render(m.text, values),
        )
    )
    st.happenings.append(Happening(decl_id, tuple(sorted({"statement", *m.tags})), issuer, None))
    return True
