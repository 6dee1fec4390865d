"""The one-line header of the main screen: month, turn, power, leader, capital and moves left."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.text import lit
from game.ui.view import HeaderView


class StatusBar(Widget):
    """Date, turn n of N, the player's power and leader, political capital and moves left."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    view: reactive[HeaderView | None] = reactive(None)

    def render(self) -> Content:
        v = self.view
        if v is None:
            return Content("")
        width = self.size.width or 80
        # Longest first; drop the least needed parts until the line fits.
        for parts in (
            ("month", "turn", "power", "leader", "capital", "moves", "phase"),
            ("month", "turn", "power", "leader", "capital", "moves"),
            ("month", "turn", "power", "leader_name", "capital", "moves"),
            ("short_month", "turn", "power", "leader_name", "short_capital", "short_moves"),
            ("short_month", "turn", "power", "short_capital", "short_moves"),
        ):
            line = self._line(v, parts)
            if line.cell_length <= width:
                return line
        return line

    def _line(self, v: HeaderView, parts: tuple[str, ...]) -> Content:
        moves_left = max(0, v.moves_max - v.moves_made)
        pieces = {
            "month": lit(v.month, "bold"),
            "turn": lit(f"Turn {v.turn}/{v.turns}"),
            "power": Content.assemble(
                lit(v.power, "bold $text-accent"),
                lit(f", {v.leader}" if "leader" in parts and v.leader else ""),
                lit(f", {v.leader_name}" if "leader_name" in parts and v.leader_name else ""),
            ),
            "capital": lit(f"Capital ◆{v.capital}", "bold"),
            "short_capital": lit(f"◆{v.capital}", "bold"),
            "moves": lit(f"Moves left {moves_left}/{v.moves_max}"),
            "short_moves": lit(f"{moves_left} move{'s' if moves_left != 1 else ''} left"),
            "short_month": lit(v.month[:3] + v.month[v.month.find(" ") :] if " " in v.month else v.month, "bold"),
            "phase": lit(v.phase, "italic"),
        }
        sep = lit(" │ ", "$foreground-muted")
        return sep.join(pieces[p] for p in parts if p in pieces)
