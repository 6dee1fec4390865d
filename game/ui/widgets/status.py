"""The one-line header: month, turn, power, leader, capital, moves left, and what waits for you."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.text import lit
from game.ui.view import HeaderView

#: The parts of the line, longest first; the first that fits is drawn. What waits is never dropped.
LAYOUTS = (
    ("waiting", "month", "turn", "power", "leader", "capital", "moves", "phase"),
    ("waiting", "month", "turn", "power", "leader", "capital", "moves"),
    ("waiting", "month", "turn", "power", "leader_name", "capital", "moves"),
    ("waiting", "short_month", "turn", "power", "leader_name", "short_capital", "short_moves"),
    ("waiting", "short_month", "turn", "power", "short_capital", "short_moves"),
    ("mid_waiting", "short_month", "turn", "power", "short_capital", "short_moves"),
    ("mid_waiting", "short_month", "short_turn", "short_capital", "short_moves"),
    ("short_waiting", "short_month", "turn", "power", "short_capital", "short_moves"),
    ("short_waiting", "short_month", "short_turn", "short_capital", "short_moves"),
)


class StatusBar(Widget):
    """Date, turn n of N, the player's power and leader, political capital, moves left, and a
    flag for an event, offer or counter-offer that waits for an answer (press v)."""

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
        line = lit("")
        for parts in LAYOUTS:
            line = self._line(v, parts)
            if line.cell_length <= width:
                return line
        return line

    def _line(self, v: HeaderView, parts: tuple[str, ...]) -> Content:
        moves_left = max(0, v.moves_max - v.moves_made)
        pieces = {
            "waiting": lit(f"⚑ {v.waiting} waits [v]", "bold reverse $text-warning") if v.waiting else None,
            "mid_waiting": lit(f"⚑ {v.waiting} [v]", "bold reverse $text-warning") if v.waiting else None,
            "short_waiting": lit("⚑ waiting [v]", "bold reverse $text-warning") if v.waiting else None,
            "month": lit(v.month, "bold"),
            "turn": lit(f"Turn {v.turn}/{v.turns}"),
            "short_turn": lit(f"{v.turn}/{v.turns}"),
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
        return sep.join(p for name in parts if (p := pieces.get(name)) is not None)
