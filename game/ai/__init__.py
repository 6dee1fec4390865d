"""The computer's play: policies the engine is handed, and how they value deals and actions.

`search` (the default) weighs a few plans for each power's month and plays them out; `utility`
takes the moves its interests favour one step ahead (the search's instinct, and its fast stand-in
in rollouts); `historical` plays what each power really did.
"""

from game.ai.policy import HistoricalPolicy, UtilityPolicy
from game.ai.search import SearchPolicy
from game.engine.policy import Policy

#: Every way of playing the computer's powers, by the name saves and the command line use.
POLICIES: dict[str, type[UtilityPolicy]] = {
    "search": SearchPolicy,
    "utility": UtilityPolicy,
    "historical": HistoricalPolicy,
}
#: What plays the computer's powers unless something else is asked for.
DEFAULT_POLICY = "search"


def policy_named(name: str) -> Policy:
    """A fresh policy by its name; raises KeyError for a name no policy has."""
    return POLICIES[name]()


def default_policy() -> Policy:
    return POLICIES[DEFAULT_POLICY]()


__all__ = [
    "DEFAULT_POLICY",
    "POLICIES",
    "HistoricalPolicy",
    "SearchPolicy",
    "UtilityPolicy",
    "default_policy",
    "policy_named",
]
