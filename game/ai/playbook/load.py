"""Reading playbooks: TOML checked against the format and the content, every error at file:line:col.

A playbook is read like a content file (size caps, encodings, TOML syntax: `game.mods.read`),
validated by the models in `model`, then checked against the loaded content: the seats it names,
the moves it tries (each a move or a generator, `notation`), the ids they use, the events and
options its answers name. Conditions are compiled with the content's compiler. Every problem is
reported, placed like a content error, before anything is played.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.ai.playbook.conditions import playbook_names
from game.ai.playbook.model import DealAnswers, EventAnswers, Playbook, Rule
from game.ai.playbook.notation import Generator, Spec, SpecError, Template, parse_spec, placeholder
from game.mods.content import Content
from game.mods.errors import ContentError, ContentLoadError, ErrorCollector, LocPath, SourceFile, did_you_mean
from game.mods.expr import Compiler, Condition, ExpressionError
from game.mods.read import display_path, read_toml
from game.moves import Act, Break, Propose, Statement, Talk

#: What a playbook's file may be called (its name without `.toml` is its id in the tables).
_FILE_ID = re.compile(r"[A-Za-z0-9_.-]{1,80}")

#: Most playbooks one run reads (a folder of thousands is a mistake, not a tournament).
MAX_PLAYBOOKS = 500


class PlaybookError(Exception):
    """Playbooks that cannot be read or checked; `errors` are placed like content errors."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class CompiledRule:
    model: Rule
    when: Condition | None
    tries: tuple[Spec, ...]


@dataclass(frozen=True, slots=True)
class CompiledAnswers:
    model: DealAnswers
    refuse_when: Condition | None
    accept_when: Condition | None


@dataclass(frozen=True, slots=True)
class LoadedPlaybook:
    """A playbook checked against the content, its conditions compiled: ready to play a seat."""

    #: What tables call it: the file's name without `.toml`, or a built-in's name.
    id: str
    model: Playbook
    #: The file it came from, as shown in messages (None for a built-in).
    path: str | None
    rules: tuple[CompiledRule, ...]
    offers: CompiledAnswers
    counters: CompiledAnswers

    @property
    def name(self) -> str:
        return self.model.name or self.id

    def fits(self, power: str) -> bool:
        return self.model.fits(power)


def playbook_files(path: Path) -> list[Path]:
    """A file, or every `.toml` file in a folder (not its subfolders), in name order."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix == ".toml" and p.is_file() and not p.name.startswith("."))
    return [path]


def load_playbooks(paths: list[Path], content: Content) -> list[LoadedPlaybook]:
    """Every playbook in these files and folders; raises PlaybookError listing every problem."""
    errors: list[ContentError] = []
    out: list[LoadedPlaybook] = []
    seen: dict[str, str] = {}
    for given in paths:
        if not given.exists():
            errors.append(ContentError(display_path(given), 1, 1, "no such playbook file or folder"))
            continue
        files = playbook_files(given)
        if given.is_dir() and not files:
            errors.append(ContentError(display_path(given), 1, 1, "the folder holds no playbooks (*.toml)"))
        for f in files:
            try:
                pb = load_playbook(f, content)
            except PlaybookError as e:
                errors.extend(e.errors)
                continue
            if pb.id in seen:
                errors.append(ContentError(pb.path or pb.id, 1, 1, f"a playbook named '{pb.id}' is also {seen[pb.id]}"))
                continue
            seen[pb.id] = pb.path or pb.id
            out.append(pb)
    if len(out) > MAX_PLAYBOOKS:
        errors.append(ContentError(display_path(paths[0]), 1, 1, f"more than {MAX_PLAYBOOKS} playbooks in one run"))
    if errors:
        raise PlaybookError(errors)
    return out


def load_playbook(path: Path, content: Content) -> LoadedPlaybook:
    """Read one playbook file and check it against the content; raises PlaybookError."""
    try:
        text, data = read_toml(path)
    except ContentLoadError as e:
        raise PlaybookError(e.errors) from None
    src = SourceFile(path, display_path(path), text.encode("utf-8"), data, "playbook")
    if not _FILE_ID.fullmatch(path.stem):
        msg = "a playbook's file name is its id in the tables: letters, digits, '_', '-' and '.' only"
        raise PlaybookError([ContentError(src.shown, 1, 1, msg)])
    return check_playbook(data, content, path.stem, src)


def check_playbook(data: dict[str, Any], content: Content, pid: str, src: SourceFile | None = None) -> LoadedPlaybook:
    """A playbook's data checked and compiled; `src` places errors (None: a built-in's own)."""
    where = src or SourceFile(Path(pid), f"<playbook {pid}>", b"", data, "playbook")
    errs = ErrorCollector()
    try:
        model = Playbook.model_validate(data)
    except ValidationError as e:
        schema_errors(where, e, errs)
        raise PlaybookError(errs.items) from None
    except (RecursionError, MemoryError):
        raise PlaybookError([ContentError(where.shown, 1, 1, "the file nests its tables too deeply")]) from None
    checker = _Checker(content, where, errs)
    loaded = checker.playbook(model, pid, src.shown if src is not None else None)
    if errs.items:
        raise PlaybookError(errs.items)
    return loaded


class _Checker:
    """Checks one validated playbook against the content, collecting every error."""

    def __init__(self, content: Content, src: SourceFile, errs: ErrorCollector) -> None:
        self.content = content
        self.src = src
        self.errs = errs
        self.rule_compiler = Compiler(playbook_names(content, deal=False))
        self.deal_compiler = Compiler(playbook_names(content, deal=True))
        self.action_tags = {t for a in content.actions.values() for t in a.model.tags}

    def playbook(self, model: Playbook, pid: str, path: str | None) -> LoadedPlaybook:
        for i, p in enumerate(model.powers):
            if p not in self.content.powers:
                self.unknown(("powers", i), "power", p, self.content.powers)
        self.events(model.events)
        rules = tuple(self.rule(r, i) for i, r in enumerate(model.rule))
        offers = self.answers(model.offers, "offers")
        counters = self.answers(model.counters, "counters")
        return LoadedPlaybook(pid, model, path, rules, offers, counters)

    def unknown(self, loc: LocPath, what: str, value: str, known: Any) -> None:
        self.errs.at_value(self.src, loc, f"unknown {what} '{value}'{did_you_mean(value, known)}")

    def condition(self, source: str, loc: LocPath, deal: bool) -> Condition | None:
        if not source.strip():
            return None
        compiler = self.deal_compiler if deal else self.rule_compiler
        try:
            return compiler.condition(source, ("self",))
        except ExpressionError as e:
            if not deal and any(n in source for n in ("deal_", "ai_accepts")):
                e = ExpressionError(
                    f"{e.message} (the deal's names are read only in [offers] and [counters])", e.offset
                )
            self.errs.in_string(self.src, loc, e.offset, e.message)
        except RecursionError:
            self.errs.at_value(self.src, loc, "expression is nested too deeply")
        return None

    def events(self, ev: EventAnswers) -> None:
        events = self.content.events
        all_options = {o.model.id for e in events.values() for o in e.options}
        for eid, oid in ev.choose.items():
            if eid not in events:
                hint = did_you_mean(eid, events)
                self.errs.at_key(self.src, ("events", "choose", eid), f"unknown event '{eid}'{hint}")
                continue
            ids = [o.model.id for o in events[eid].options]
            if oid not in ids:
                msg = f"{eid} has no option '{oid}' (options: {', '.join(ids) or 'none'})"
                self.errs.at_value(self.src, ("events", "choose", eid), msg)
        for i, oid in enumerate(ev.prefer):
            if oid not in all_options:
                self.unknown(("events", "prefer", i), "option", oid, all_options)

    def answers(self, ans: DealAnswers, key: str) -> CompiledAnswers:
        return CompiledAnswers(
            ans,
            self.condition(ans.refuse_when, (key, "refuse_when"), deal=True),
            self.condition(ans.accept_when, (key, "accept_when"), deal=True),
        )

    def rule(self, rule: Rule, i: int) -> CompiledRule:
        when = self.condition(rule.when, ("rule", i, "when"), deal=False)
        tries: list[Spec] = []
        for j, text in enumerate(rule.try_):
            loc: LocPath = ("rule", i, "try", j)
            try:
                spec = parse_spec(text)
            except SpecError as e:
                self.errs.in_string(self.src, loc, e.offset, e.message)
                continue
            if self.spec_ok(spec, loc):
                tries.append(spec)
        return CompiledRule(rule, when, tuple(tries))

    def spec_ok(self, spec: Spec, loc: LocPath) -> bool:
        before = len(self.errs.items)
        if isinstance(spec, Generator):
            self.generator(spec, loc)
        else:
            self.template(spec, loc)
        return len(self.errs.items) == before

    def generator(self, g: Generator, loc: LocPath) -> None:
        c = self.content

        def unknown(word: str, message: str, known: Any) -> None:
            self.errs.in_string(self.src, loc, max(0, g.text.find(word)), message + did_you_mean(word, known))

        for t in g.tags:
            if t not in self.action_tags:
                unknown(t, f"no action has the tag '{t}'", self.action_tags)
        if g.variable is not None and g.variable not in c.names.globals:
            unknown(g.variable, f"unknown global variable '{g.variable}'", c.names.globals)
        if g.package is not None and g.package not in c.packages:
            unknown(g.package, f"unknown package '{g.package}'", c.packages)

    def template(self, t: Template, loc: LocPath) -> None:
        c = self.content

        def check(value: str | None, what: str, known: Any) -> None:
            if value is None or placeholder(value) is not None or value in known:
                return
            offset = max(0, t.text.find(value))
            self.errs.in_string(self.src, loc, offset, f"unknown {what} '{value}'{did_you_mean(value, known)}")

        match t.move:
            case Act(action, target):
                check(action, "action", c.actions)
                check(target, "power", c.powers)
            case Propose(parties, terms, package):
                for p in parties:
                    check(p, "power", c.powers)
                for term in terms:
                    check(term, "term", c.terms)
                check(package, "package", c.packages)
                if package in c.packages and tuple(c.packages[package].model.terms) != terms:
                    msg = f"the package {package} is {'+'.join(c.packages[package].model.terms)}"
                    self.errs.in_string(self.src, loc, max(0, t.text.find(package)), msg)
            case Statement(declaration, cosigners):
                check(declaration, "declaration", c.declarations)
                for p in cosigners:
                    check(p, "power", c.powers)
            case Talk(power):
                check(power, "power", c.powers)
            case Break():
                pass  # agreement ids are made as deals are signed: any id may come to be


def _model_at(loc: LocPath) -> type[BaseModel]:
    """The model whose keys the last part of `loc` is one of."""
    parts = [p for p in loc[:-1] if isinstance(p, str)]
    if not parts:
        return Playbook
    head = parts[0]
    if head == "rule":
        return Rule
    if head == "events":
        return EventAnswers
    if head in ("offers", "counters"):
        return DealAnswers
    return Playbook


def _keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def schema_errors(src: SourceFile, exc: ValidationError, errs: ErrorCollector) -> None:
    """Schema errors placed and worded as the content's are."""
    for err in exc.errors(include_url=False, include_input=False):
        loc: LocPath = tuple(err["loc"])
        typ = err["type"]
        if typ == "extra_forbidden" and not (len(loc) >= 2 and loc[-2] == "choose"):
            keys = _keys(_model_at(loc))
            match = get_close_matches(str(loc[-1]), keys, n=1, cutoff=0.6)
            hint = f"; did you mean '{match[0]}'?" if match else f" (expected one of: {', '.join(keys)})"
            errs.at_key(src, loc, f"unknown key '{loc[-1]}'{hint}")
        elif typ == "missing":
            errs.at_key(src, loc[:-1], f"missing the required key '{loc[-1]}'")
        else:
            msg = err["msg"]
            if typ == "string_pattern_mismatch":
                msg = "ids are lower case letters, digits and '_', starting with a letter"
            elif typ == "value_error":
                msg = msg.removeprefix("Value error, ")
            elif typ == "literal_error" and loc == ("format",):
                msg = "this game reads playbook format 1 (docs/playbooks.md says what changed)"
            key = ".".join(str(p) for p in loc if isinstance(p, str)) or "value"
            errs.at_value(src, loc, f"{key}: {msg}")
