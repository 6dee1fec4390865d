"""What the game writes reads right: verbs agree with their signers, refusals name things."""

from __future__ import annotations

import pytest

from game.engine.records import StatementIssued
from game.mods.loader import load_content
from game.mods.text import check_placeholders, render
from game.moves import Propose, Statement
from tests.conftest import seated


@pytest.fixture(scope="module")
def base():  # type: ignore[no-untyped-def]
    return load_content()


def test_a_verb_agrees_with_how_many_powers_it_follows() -> None:
    template = "{parties} {parties:calls|call} for talks{parties:| together}."
    assert render(template, {"parties": "China"}, {"parties": 1}) == "China calls for talks."
    both = render(template, {"parties": "China and Russia"}, {"parties": 2})
    assert both == "China and Russia call for talks together."
    assert render(template, {"parties": "China"}) == "China calls for talks."  # no count: one
    assert check_placeholders(template) is None
    assert check_placeholders("{partys:calls|call}") == "unknown placeholder {partys}; did you mean {parties}?"


def test_a_statement_issued_alone_reads_calls_and_one_with_a_partner_reads_call(base) -> None:
    game = seated(base, "chn")
    with_russia = game.preview(Statement("dual_freeze_call", ("rus",)))
    (signed,) = [r for r in with_russia.records if isinstance(r, StatementIssued)]
    assert signed.text.startswith("China and Russia call for a dual freeze")
    game.play(Statement("dual_freeze_call", ()))
    (alone,) = [r for r in game.state.log if isinstance(r, StatementIssued)]
    assert alone.text.startswith("China calls for a dual freeze")


def test_refusals_of_statements_and_deals_name_them_and_never_show_ids_or_expressions(base) -> None:
    game = seated(base, "chn")
    game.play(Statement("dual_freeze_call", ()))
    why = game.why_not(Statement("dual_freeze_call", ()))
    assert why == "'Call for a dual freeze' was issued recently; it can be issued again in 3 months"
    clash = game.why_not(Propose(("usa", "kor"), ("usa_suspend_exercises", "usa_scale_down_exercises")))
    assert clash is not None and "_" not in clash and "cannot stand in one deal" in clash
    condemn = seated(base, "kor", 5)
    condemn.state.vars["tension"] = 20
    closed = condemn.why_not(Statement("condemn_provocation", ()))
    assert closed == "There is nothing fresh to condemn: tension is below 35."
