"""Dual Freeze: a terminal strategy game of crisis diplomacy on the Korean Peninsula."""

__version__ = "0.2.0"
