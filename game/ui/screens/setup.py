"""A new game: the scenario, then the power (with its brief, leader and interests), difficulty and seed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.mods.content import Content as GameContent
from game.mods.content import ScenarioDef
from game.ui.text import lit, prose
from game.ui.view import period
from game.ui.widgets.keybar import KeyBar


def scenario_powers(content: GameContent, scenario: ScenarioDef) -> list[str]:
    return [p for p in (scenario.model.playable or list(content.powers)) if p in content.powers]


def details(content: GameContent, scenario: ScenarioDef, power: str | None, difficulty: str | None) -> Content:
    """The chosen scenario, power and difficulty in words, all literal text."""
    s = scenario.model
    lines: list[Content] = []
    if power is not None and power in content.powers:
        m = content.powers[power].model
        lines.append(lit(m.name, "bold $text-accent"))
        who = ", ".join(x for x in (f"{m.title} {m.leader}".strip(), m.capital) if x)
        if who:
            lines.append(lit(who, "italic"))
        if m.brief:
            lines.append(lit(prose(m.brief)))
        interests = sorted(m.interest, key=lambda i: -abs(i.weight))
        whys = [i for i in interests if i.why]
        if whys:
            lines.append(lit(""))
            lines.append(lit("What you care about", "bold underline"))
            for i in whys:
                lines.append(Content.assemble(lit("  • "), lit(i.why)))
        lines.append(lit(""))
    when = lit(f" · {period(s.start, s.turns)}", "$foreground-muted")
    lines.append(Content.assemble(lit(s.name, "bold"), when))
    if s.description:
        lines.append(lit(prose(s.description), "$foreground-muted"))
    if difficulty is not None:
        d = next((d for d in content.rules.difficulty if d.id == difficulty), None)
        if d is not None:
            lines.append(lit(""))
            lines.append(Content.assemble(lit("Difficulty: ", "bold"), lit(d.name)))
            if d.description:
                lines.append(lit(prose(d.description), "$foreground-muted"))
    return Content("\n").join(lines)


#: The steps of the new-game screen, in order: each list's id and its name.
STEPS = (("scenarios", "Scenario"), ("powers", "Power"), ("difficulties", "Difficulty"))


class SeedInput(Input):
    """The seed: a whole number. It takes only what a number is written with, so every other key
    (`s` to start) reaches the screen while the seed has the keyboard, as the button says."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character in "0123456789+-"


class NewGameScreen(Screen[None]):
    """Enter chooses and moves on: scenario → power → difficulty → seed → start; tab and
    shift+tab step through the same order, s starts at once, esc goes back to the title."""

    DEFAULT_CSS = """
    NewGameScreen #setup {
        height: 1fr;
    }
    NewGameScreen #choices {
        width: 28;
        height: 1fr;
    }
    NewGameScreen #choices OptionList {
        height: auto;
        border: round $primary;
    }
    NewGameScreen #choices OptionList:focus {
        border: round $accent;
    }
    NewGameScreen #details {
        width: 1fr;
        height: 1fr;
        border: round $primary;
        padding: 0 1;
    }
    NewGameScreen #start-row {
        height: 3;
    }
    NewGameScreen #seed-label {
        width: auto;
        padding: 1 1 0 1;
    }
    NewGameScreen #seed {
        width: 16;
    }
    NewGameScreen #start {
        margin-left: 2;
    }
    NewGameScreen #hint {
        width: 1fr;
        padding: 1 1 0 2;
        color: $foreground-muted;
    }
    """

    BINDINGS = [
        # Enter means one thing on every step, so the footer can say it: choose and go on.
        Binding("enter", "choose", "Choose and go on", priority=True),
        Binding("tab", "app.focus_next", "Next step", show=True),
        Binding("s", "start", "Start the game", priority=True),
        Binding("ctrl+s", "start", "Start", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scenario_id: str | None = None
        self.power: str | None = None
        self.difficulty: str | None = None

    @property
    def game_content(self) -> GameContent:
        return self.app.content  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        c = self.game_content
        scenarios = list(c.scenarios.values())
        self.scenario_id = scenarios[0].id if scenarios else None
        default = c.difficulty(None).id
        self.difficulty = default if any(d.id == default for d in c.rules.difficulty) else None
        with Horizontal(id="setup"):
            with Vertical(id="choices"):
                sc = OptionList(*[Option(lit(s.model.name), id=s.id) for s in scenarios], id="scenarios")
                sc.border_title = lit("1 Scenario")  # type: ignore[assignment]
                yield sc
                pw = OptionList(id="powers")
                pw.border_title = lit("2 Power")  # type: ignore[assignment]
                yield pw
                df = OptionList(*[Option(lit(d.name), id=d.id) for d in c.rules.difficulty], id="difficulties")
                df.border_title = lit("3 Difficulty")  # type: ignore[assignment]
                df.display = bool(c.rules.difficulty)
                yield df
            with VerticalScroll(id="details"):
                yield Static(id="details-text")
        with Horizontal(id="start-row"):
            yield Static(lit("4 Seed"), id="seed-label")
            yield SeedInput(str(self.app.seed_source()), id="seed", type="integer")  # type: ignore[attr-defined]
            yield Button(lit("Start the game [s] ▶"), variant="primary", id="start")
            yield Static(lit("same seed, same game"), id="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill_powers()
        if self.difficulty is not None:
            df = self.query_one("#difficulties", OptionList)
            df.highlighted = df.get_option_index(self.difficulty)
        many = len(self.game_content.scenarios) > 1
        self.query_one("#scenarios" if many else "#powers", OptionList).focus()
        self._titles()
        self._show()

    def _titles(self) -> None:
        """Each list's title: its step, marked ▶ while the keyboard is in it."""
        for i, (lid, name) in enumerate(STEPS, 1):
            ol = self.query_one(f"#{lid}", OptionList)
            here = ol.has_focus
            ol.border_title = lit(f"{'▶ ' if here else ''}{i} {name}", "bold" if here else "")  # type: ignore[assignment]
        seed_here = self.query_one("#seed", Input).has_focus
        self.query_one("#seed-label", Static).update(
            lit(f"{'▶ ' if seed_here else ''}4 Seed", "bold" if seed_here else "")
        )

    def on_descendant_focus(self) -> None:
        self._titles()

    def _scenario(self) -> ScenarioDef | None:
        c = self.game_content
        return c.scenarios.get(self.scenario_id) if self.scenario_id else None

    def _fill_powers(self) -> None:
        if not self.query("#powers"):
            return
        c = self.game_content
        scenario = self._scenario()
        powers = scenario_powers(c, scenario) if scenario else []
        ol = self.query_one("#powers", OptionList)
        ol.set_options([Option(lit(c.powers[p].model.name), id=p) for p in powers])
        if powers:
            keep = self.power if self.power in powers else powers[0]
            ol.highlighted = powers.index(keep)
            self.power = keep

    def _show(self) -> None:
        if not self.query("#details-text"):
            return
        scenario = self._scenario()
        if scenario is None:
            self.query_one("#details-text", Static).update(lit("No scenario is defined."))
            return
        text = details(self.game_content, scenario, self.power, self.difficulty)
        self.query_one("#details-text", Static).update(text)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        oid = event.option.id
        if event.option_list.id == "scenarios" and oid != self.scenario_id:
            self.scenario_id = oid
            self._fill_powers()
        elif event.option_list.id == "powers":
            self.power = oid
        elif event.option_list.id == "difficulties":
            self.difficulty = oid
        self._titles()
        self._show()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._next_step(event.option_list.id or "powers")

    def _next_step(self, after: str) -> None:
        """Focus the step after `after`: the next list shown, then the seed."""
        order = [lid for lid, _ in STEPS]
        nxt = order.index(after) + 1 if after in order else len(order)
        while nxt < len(order) and not self.query_one(f"#{order[nxt]}").display:
            nxt += 1
        if nxt < len(order):
            self.query_one(f"#{order[nxt]}").focus()
        else:
            self.query_one("#seed", Input).focus()

    def action_choose(self) -> None:
        """Enter: in a list, keep what is highlighted and go to the next step; on the seed or the
        start button, start the game."""
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id:
            self._next_step(focused.id)
        else:
            self.action_start()

    @on(Input.Submitted, "#seed")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        from game.ui.requests import NewGame

        if self.power is None:
            self.notify("Pick a power first.", severity="warning", markup=False)
            return
        raw = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(raw) if raw else self.app.seed_source()  # type: ignore[attr-defined]
        except ValueError:
            self.notify(f"The seed must be a whole number, not {raw!r}.", severity="warning", markup=False)
            return
        self.app.begin(NewGame(self.power, seed, self.scenario_id, self.difficulty))  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.pop_screen()
