"""The game's screens: title, new game, main, dialogue, modals for events and moves, the end."""
