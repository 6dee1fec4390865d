"""The computer's play: policies the engine is handed, and how they value deals and actions."""

from game.ai.policy import POLICIES, HistoricalPolicy, UtilityPolicy, policy_named

__all__ = ["POLICIES", "HistoricalPolicy", "UtilityPolicy", "policy_named"]
