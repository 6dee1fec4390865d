"""Widgets of the game screens; each draws one view value it is given and owns its CSS."""
