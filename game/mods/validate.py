"""Checking parsed files against the content models, each schema error placed and explained.

Pydantic says what is wrong and where in the data; this turns that into what a modder can act
on: the line and column, an unknown key's likely intended spelling, a pattern said in words
("months are written YYYY-MM"), and the value found.
"""

from __future__ import annotations

import reprlib
from difflib import get_close_matches
from functools import cache
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from game.mods.errors import ErrorCollector, LocPath, SourceFile, maybe_defined
from game.mods.models import ContentFile, ModManifest


def validate_file(src: SourceFile, errs: ErrorCollector, unsure: set[str] | None = None) -> ContentFile | None:
    """The file's data as a ContentFile, or None with its errors recorded.

    When some entries are wrong, the file's errors are recorded and the entries that are right
    are kept, so the later stages still check them; the words of the entries left out go in
    `unsure` (what they may define is unknown: see `read.maybe_defined`).
    """
    try:
        return ContentFile.model_validate(src.data)
    except ValidationError as e:
        schema_errors(src, e, errs)
    except (RecursionError, MemoryError):
        errs.plain(src.shown, "the file nests its tables too deeply to check")
        if unsure is not None:
            unsure |= maybe_defined(src.text)
        return None
    return _salvage(src, unsure if unsure is not None else set())


def _salvage(src: SourceFile, unsure: set[str]) -> ContentFile | None:
    """The entries of a file with errors that are valid on their own."""
    data = src.data if isinstance(src.data, dict) else {}
    kept: dict[str, Any] = {}
    for key, value in data.items():
        info = ContentFile.model_fields.get(key)
        if info is None:
            unsure |= maybe_defined(str(key))
            continue
        if isinstance(value, list):
            good = []
            at: list[int] = []
            for i, entry in enumerate(value):
                if _valid(key, [entry]):
                    good.append(entry)
                    at.append(i)
                else:
                    unsure |= _words(entry)
            kept[key] = good
            src.kept = {**(src.kept or {}), key: at}
        elif _valid(key, value):
            kept[key] = value
        else:
            unsure |= _words(value)
    try:
        return ContentFile.model_validate(kept)
    except (ValidationError, RecursionError, MemoryError):  # pragma: no cover - each part was valid
        unsure |= maybe_defined(src.text)
        return None


@cache
def _adapter(key: str) -> TypeAdapter[Any]:
    return TypeAdapter(ContentFile.model_fields[key].annotation)


def _valid(key: str, value: object) -> bool:
    try:
        _adapter(key).validate_python(value)
    except (ValidationError, RecursionError, MemoryError):
        return False
    return True


def _words(value: object) -> set[str]:
    out: set[str] = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out |= maybe_defined(v)
        elif isinstance(v, dict):
            for k, sub in v.items():
                out |= maybe_defined(str(k))
                stack.append(sub)
        elif isinstance(v, list):
            stack.extend(v)
    return out


def manifest_errors(msrc: SourceFile, exc: ValidationError, errs: ErrorCollector) -> None:
    for err in exc.errors(include_url=False, include_input=False):
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            hint = get_close_matches(str(loc[-1]), _field_keys(ModManifest), n=1)
            dym = f"; did you mean '{hint[0]}'?" if hint else ""
            errs.at_key(msrc, loc, f"unknown key '{loc[-1]}' in mod.toml{dym}")
        elif err["type"] == "missing":
            errs.plain(msrc.shown, f"mod.toml is missing the required key '{loc[-1]}'")
        else:
            errs.at_value(msrc, loc, f"{'.'.join(map(str, loc))}: {err['msg']}")


def _unwrap(tp: object) -> object:
    """Strip Annotated, Optional and list/dict layers down to what an index or key reaches."""
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    if get_origin(tp) in (Union, UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return tp


def _model_at(root: type[BaseModel], loc: LocPath) -> type[BaseModel] | None:
    """The model class whose fields the last element of `loc` is a key of."""
    tp: object = root
    for part in loc[:-1]:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            fld = _field_by_alias(tp, part)
            if fld is None:
                return None
            tp = fld
        else:
            origin = get_origin(tp)
            if origin in (list, tuple):
                tp = get_args(tp)[0]
            elif origin is dict:
                tp = get_args(tp)[1]
            else:
                return None
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return None


def _field_by_alias(model: type[BaseModel], key: str | int) -> object:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _field_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _kind_word(loc: LocPath) -> str:
    for part in reversed(loc[:-1]):
        if isinstance(part, str):
            return part.replace("_", " ")
    return "file"


def _short(value: object) -> str:
    r = reprlib.Repr()
    r.maxstring = 60
    r.maxother = 60
    r.maxlevel = 2
    try:
        return r.repr(value)
    except RecursionError:  # pragma: no cover
        return "a deeply nested value"


def _value_at(data: Any, loc: LocPath) -> object:
    """The raw TOML value at `loc`, or None where there is none."""
    cur = data
    for part in loc:
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def schema_errors(src: SourceFile, exc: ValidationError, errs: ErrorCollector) -> None:
    for err in exc.errors(include_url=False, include_input=False):
        loc: LocPath = tuple(err["loc"])
        typ = err["type"]
        if typ == "extra_forbidden":
            model = _model_at(ContentFile, loc)
            key = str(loc[-1])
            where = _kind_word(loc)
            hint = ""
            if model is not None:
                match = get_close_matches(key, _field_keys(model), n=1, cutoff=0.6)
                if match:
                    hint = f"; did you mean '{match[0]}'?"
                elif len(loc) == 1:
                    hint = f" (a file may hold: {', '.join(_field_keys(model))})"
            errs.at_key(src, loc, f"unknown key '{key}' in {where}{hint}")
        elif typ == "missing":
            errs.at_key(src, loc[:-1], f"{_kind_word(loc)} is missing the required key '{loc[-1]}'")
        else:
            found = _value_at(src.data, loc)
            msg = err["msg"]
            if typ == "string_pattern_mismatch":
                pattern = str(err.get("ctx", {}).get("pattern", ""))
                if "a-z0-9_" in pattern:
                    msg = "ids are lower case letters, digits and '_', starting with a letter"
                elif "\\d{4}" in pattern:
                    msg = 'months are written YYYY-MM, like "2017-07"'
                else:
                    msg = f"does not match the expected form {pattern}"
            elif typ == "value_error":
                msg = msg.removeprefix("Value error, ")
            elif typ == "finite_number":
                msg = "must be a finite number (nan and inf are not allowed)"
            key = ".".join(str(p) for p in loc if isinstance(p, str)) or "value"
            shown = f" (found {_short(found)})" if found is not None and not isinstance(found, dict | list) else ""
            errs.at_value(src, loc, f"{key}: {msg}{shown}")
