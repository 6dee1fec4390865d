"""A quick balance check on a slice of the documented run (docs/balance.md has the full 1,000 games)."""

from __future__ import annotations

from collections import Counter

from game.mods.loader import load_content
from game.simulate import simulate, summarise


def test_no_power_dominates_and_war_is_possible_but_rare() -> None:
    content = load_content()
    results = simulate(content, 150, 1, jobs=2)
    summary = summarise(content, results, 1.0)
    endings = Counter(r.ending for r in results)
    assert 0 < endings["war"] < len(results) // 4, endings
    assert len(endings) >= 7, endings
    assert max(summary["best_power"].values()) <= len(results) // 2, summary["best_power"]
    assert max(endings.values()) <= len(results) // 2, endings
