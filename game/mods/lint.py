"""Warnings about content that loads and plays but would show the player an internal id.

`dualfreeze validate` prints them after its summary. Each names the entry and what the player
would see instead of a name, so a modder can fix it; none stops the game from loading.
"""

from __future__ import annotations

from game.mods.content import Content


def shown_id_warnings(content: Content) -> list[str]:
    """Every place the interface would have to fall back on an id (or show no reason), in a fixed order."""
    out: list[str] = []
    for fid in sorted(content.names.flags):
        if fid not in content.flags:
            out.append(
                f"flag '{fid}' has no [[flag]] entry: a preview would call it '{fid.replace('_', ' ')}'; "
                f'add [[flag]] id = "{fid}" name = "..."'
            )
    for p in content.powers.values():
        if not p.model.short:
            shown = p.id.upper()[:3]
            out.append(f"power '{p.id}' has no 'short' name: the news, map and opinions would show '{shown}'")
    closed = "a 'when' but no 'unavailable' text: when it is closed the player is told no reason"
    for a in content.actions.values():
        if a.model.when and not a.model.unavailable:
            out.append(f"action '{a.id}' has {closed}")
    for d in content.declarations.values():
        if d.model.when and not d.model.unavailable:
            out.append(f"declaration '{d.id}' has {closed}")
    for e in content.events.values():
        if not e.model.power and not e.model.label:
            out.append(f"event '{e.id}' has no 'power' and no 'label': its news lines would carry no tag")
    for b in content.boards.values():
        for key, mk in b.places.items():
            if not mk.label:
                out.append(f"board '{b.id}': place '{key}' has no 'label': the map would write '{key}'")
    return out
