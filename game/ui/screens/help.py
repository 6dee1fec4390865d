"""Help: how a month works, what the screens show, every key, and the world of this game.

The rules and keys are the shell's own words; everything about the world (its name, period,
powers, tracks, rungs, endings, the map's markers and the content's [[help]] sections) is read
from the content, so a mod about another crisis gets help about that crisis. All of it is shown
as literal text: content is never parsed as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen

from game.mods.content import Content as GameContent
from game.ui.text import hanging, lit, prose, wrapped
from game.ui.view import MOODS, PLAYER_MOOD, month_label, period
from game.ui.view.words import last_month
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.wrapped import Wrapped

#: A section: its heading and its paragraphs or (lead, text) rows.
Section = tuple[str, list[str | tuple[str, str]]]

A_MONTH: Section = (
    "A month",
    [
        ("1. Briefing. ", "The month begins; events happen and the news arrives."),
        ("2. Decisions. ", "Some events need your answer. Another power may put a deal to you."),
        (
            "3. Your moves. ",
            "Spend political capital (◆) on moves, up to the limit shown in the header. Before a move is made "
            "you see its likely effects and what your advisors think of it. Talking to a power is free; "
            "proposals and statements cost capital like actions.",
        ),
        ("4. The others move, ", "every power reacts to what it saw, and agreements are checked."),
        ("5. The month ends. ", "Capital refills from your support at home. Then the next briefing."),
    ],
)

DEALS: Section = (
    "Deals and statements",
    [
        "Press d to talk: pick a counterpart and hear them out, build a deal from terms, and see what it would "
        "do before you send it. Every party named must accept. A party that is nearly convinced answers with a "
        "counter-offer: the header shows it until you answer it (v). A joint statement gathers co-signers: pick "
        "them in its dialog, see what it would do if they all sign, then issue it. Broken deals are remembered.",
    ],
)

KEYS: list[tuple[str, str, str]] = [
    ("↑ ↓, enter", "lists", "move, choose"),
    ("tab, shift+tab", "everywhere", "next, previous control"),
    ("e", "main", "end the month"),
    ("d", "main", "talk and negotiate"),
    ("1 2 3 4", "main", "moves, news, tracks, opinions"),
    ("v", "main", "answer what waits (an event, an offer, a counter-offer)"),
    ("y / esc", "before a move", "make it / cancel"),
    ("space", "co-signers, terms", "pick or drop one"),
    ("1–9", "event", "show that choice and what it would do; the same number again (or enter) makes it"),
    ("a / r / c", "offer", "accept / refuse / refuse and counter: its terms open in the deal builder"),
    ("t p s b", "talks", "talk, propose a deal, issue a statement, walk out of an agreement"),
    ("ctrl+p", "everywhere", "command palette: every move, themes, keys"),
    ("ctrl+s, ctrl+o", "main", "save, load"),
    ("ctrl+r", "main", "record the game as a playthrough script"),
    ("esc", "main", "game menu"),
    ("? or f1", "everywhere", "this help"),
    ("ctrl+q", "everywhere", "quit (a game in progress is saved first)"),
]


#: `dualfreeze serve`: what changes when the game is played in a web browser.
BROWSER_KEYS = (
    "In a browser (dualfreeze serve) every key below works: the browser keeps ctrl+w, ctrl+t and ctrl+n for "
    "its tabs and windows, and the game needs none of them. Ctrl+q ends the session; reloading the page starts "
    "a new one, with a saves folder of its own."
)


def example_notation(content: GameContent) -> str:
    """A move in notation from this content, for the palette's paragraph."""
    powers = list(content.powers)
    for a in content.actions.values():
        if a.model.target != "none":
            targets = a.model.targets or powers
            if targets:
                return f"act {a.id} {targets[-1]}"
    first = next(iter(content.actions), None)
    return f"act {first}" if first else "end"


def world_sections(content: GameContent) -> list[Section]:
    """What the content says about its world, for the help screen."""
    out: list[Section] = []
    scenario = next(iter(content.scenarios.values()), None)
    if scenario is not None:
        s = scenario.model
        rows: list[str | tuple[str, str]] = [f"{s.name}: {period(s.start, s.turns)}."]
        if s.description:
            rows.append(prose(s.description))
        for pid in s.playable or list(content.powers):
            if pid not in content.powers:
                continue
            m = content.powers[pid].model
            who = ", ".join(x for x in (f"{m.title} {m.leader}".strip(), m.capital) if x)
            tag = m.short or pid.upper()[:3]
            rows.append((f"  {tag:<4} ", f"{m.name}" + (f" ({who})" if who else "")))
        out.append(("This game", rows))
    tracks: list[str | tuple[str, str]] = [
        (f"  {v.name}: ", v.description or f"from {v.low or v.min} to {v.high or v.max}")
        for v in content.variables.values()
        if v.show
    ]
    if tracks:
        out.append(("The tracks", tracks))
    rungs: list[str | tuple[str, str]] = []
    for r in reversed(content.ladder.rung):
        risk = f"; incident risk {round(r.incident_chance * 100)}% a month" if r.incident_chance else ""
        rungs.append((f"  {r.name} ({r.at}+): ", (r.description or "") + risk))
    if rungs:
        var = content.variables.get(content.ladder.variable)
        name = var.name if var else content.ladder.variable
        out.append(
            (
                "The escalation ladder",
                [f"{name} sets the rung. The top rung ends the game; everyone loses there.", *rungs],
            )
        )
    endings: list[str | tuple[str, str]] = [
        (f"  {e.model.title}: ", "can end the game in any month" if e.model.at == "any" else "decided at the end")
        for e in content.endings.values()
    ]
    if endings:
        out.append(("Endings", endings))
    out.extend((h.title, [prose(h.text)]) for h in content.help)
    return out


def screen_section(content: GameContent) -> Section:
    moods = ", ".join(f"{m.symbol} {m.word}" for _, m in MOODS)
    places = []
    for b in content.boards.values():
        places.extend(mk.label for mk in b.places.values() if mk.label)
    markers = (
        f" Markers for {', '.join(dict.fromkeys(places))} appear where they happen while they matter." if places else ""
    )
    return (
        "The screen",
        [
            (
                "Header: ",
                "the month, the turn, your power and leader, political capital, moves left, and what waits "
                "for your answer.",
            ),
            ("Map: ", f"each power's marker shows how it regards you: {moods}; {PLAYER_MOOD.symbol} is you.{markers}"),
            ("Escalation ladder: ", "the rung the crisis stands on and the chance of an incident each month."),
            ("Tracks: ", "the state of the crisis; ▲ and ▼ show the change since you last ended a month."),
            ("Opinions: ", "how each power (row) regards each other (column)."),
            ("News: ", "newest first; ● marks what happened since your last month ended."),
        ],
    )


def help_sections(content: GameContent) -> list[Section]:
    """Every section of the help screen, in order."""
    palette = (
        "The command palette (ctrl+p) lists every move open to you by name and by notation "
        f"({example_notation(content)}, end), and the closed ones with why; picking one opens the same preview "
        "as the screen. It also holds Textual's theme picker."
    )
    scenario = next(iter(content.scenarios.values()), None)
    end = ""
    if scenario is not None and scenario.model.history.summary:
        last = month_label(last_month(scenario.model.start, scenario.model.turns))
        end = f" Yours is set beside what your power really got by {last}."
    return [
        (
            "",
            [
                "You lead one power through a crisis, one month per turn. Bend the crisis toward your power's "
                "interests (the new-game screen lists them) without letting it slide into war.",
            ],
        ),
        A_MONTH,
        screen_section(content),
        DEALS,
        *world_sections(content),
        ("Keys", [palette, BROWSER_KEYS]),
        (
            "The end",
            [
                "The game ends at war, at another ending, or when the calendar runs out. Every power scores its "
                f"interests.{end}",
            ],
        ),
    ]


def help_lines(content: GameContent, width: int) -> list[Content]:
    """The whole help text as lines for a width, as literal text."""
    lines: list[Content] = [
        lit(f"How to play {content.title}" if content.title else "How to play", "bold $text-accent")
    ]
    for title, rows in help_sections(content):
        lines.append(lit(""))
        if title:
            lines.append(lit(title, "bold underline"))
        # rows hang under their text when every lead is short; one long lead and they all indent a little
        short_leads = all(len(row[0]) <= 14 for row in rows if isinstance(row, tuple))
        for row in rows:
            if isinstance(row, tuple) and short_leads:
                lines.extend(hanging(lit(row[0], "bold"), lit(row[1]), width))
            elif isinstance(row, tuple):
                indent = len(row[0]) - len(row[0].lstrip()) + 3
                lines.extend(wrapped(Content.assemble(lit(row[0], "bold"), lit(row[1])), width, indent))
            else:
                lines.extend(wrapped(lit(row), width))
        if title == "Keys":
            key_w = max(len(k) for k, _, _ in KEYS) + 2
            where_w = max(len(w) for _, w, _ in KEYS) + 2
            for key, where, what in KEYS:
                lead = Content.assemble(lit(f"  {key:<{key_w}}", "bold"), lit(f"{where:<{where_w}}", "italic"))
                lines.extend(hanging(lead, lit(what), width))
    return lines


class HelpScreen(ModalScreen[None]):
    """Esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 95%;
        max-width: 100;
        height: 95%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield KeyBar()
        content: GameContent = self.app.content  # type: ignore[attr-defined]
        with VerticalScroll() as box:
            box.border_title = "Help"
            yield Wrapped(lambda width: help_lines(content, width))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
