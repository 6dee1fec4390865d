"""Models made from data that was checked when the cache was written, without checking it again.

A cached load (`rebuild`) makes every entry from the very data a clean load validated: the
cache is keyed on every file's bytes and on this package's code, and a damaged cache fails its
checksum. Validating that data again would give the same models, but pydantic would first have to
build every model's validator (the content models defer that, `defer_build`), which was a sixth of
what the game's own code spent starting a new game (about 55 ms, and 1.5 MiB that stay).
`trusted` sets a model's fields as `model_construct` does, after doing what validation would have
done to good data: an alias read, a number made a float or an integer as its field is, nested
tables made models, defaults filled in.

A model whose fields this does not understand falls back to `model_validate`, so a new kind of
field is only ever slower, never wrong; a test checks every content model has a plan and that each
entry of the base game comes out the same both ways, value for value and type for type.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__

#: What turns one field's good data into its value (None: the data is the value).
Convert = Callable[[Any], Any] | None


#: Defaults that can be shared between models as they are.
_IMMUTABLE = (str, int, float, bool, type(None), tuple, frozenset)


class _Unsupported(Exception):
    """A field of a kind `trusted` does not make (the model is validated instead)."""


def trusted(cls: type[M], data: dict[str, Any]) -> M:
    """`cls` made from `data` that `cls.model_validate` accepted before, as validation would make it."""
    fields = plan(cls)
    if fields is None:
        return cls.model_validate(data)
    values: dict[str, Any] = {}
    given: set[str] = set()
    for name, key, convert, default in fields:
        if key in data:
            v = data[key]
        elif name in data:
            v = data[name]
        else:
            values[name] = default()
            continue
        given.add(name)
        values[name] = v if convert is None else convert(v)
    made = cls.__new__(cls)  # what `model_construct` does, without its search for aliases
    _set(made, "__dict__", values)
    _set(made, "__pydantic_fields_set__", given)
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


_PLANNING: list[type[BaseModel]] = []


@cache
def plan(cls: type[BaseModel]) -> tuple[tuple[str, str, Convert, Callable[[], Any]], ...] | None:
    """How `trusted` makes each field of `cls` (name, key in the data, conversion, default); None
    if it cannot."""
    if cls in _PLANNING:
        return None  # a model that holds itself: validated instead
    if cls.__pydantic_post_init__ or cls.__private_attributes__ or cls.__pydantic_root_model__:
        return None  # more to a model than its fields
    if cls.model_config.get("extra") == "allow":
        return None
    _PLANNING.append(cls)
    try:
        return tuple(
            (name, f.alias or name, _convert(f.annotation), _default(f)) for name, f in cls.model_fields.items()
        )
    except _Unsupported:
        return None
    finally:
        _PLANNING.pop()


def _default(f: FieldInfo) -> Callable[[], Any]:
    """What a field left out holds (pydantic's own `get_default` asks the factory's signature every
    time: most of what making a model cost)."""
    factory = f.default_factory
    if f.is_required():
        return _missing
    if factory in (list, dict):
        return typing.cast(Callable[[], Any], factory)
    if isinstance(factory, type) and issubclass(factory, BaseModel):
        made = _model(factory)  # a model's defaults, as the model validated from nothing
        return lambda: made({})
    if factory is None and f.default is not PydanticUndefined and isinstance(f.default, _IMMUTABLE):
        value = f.default
        return lambda: value
    raise _Unsupported(f)


def _missing() -> Any:
    raise KeyError("a required field is missing from the cached data")


# What validation made of good data that was not already of its field's type (a TOML file may
# write `cost = "3"`, `weight = 30`, `show = 1`, all of which pydantic takes). Data it would not
# take raises ValueError here, and the loader then loads afresh.


def _float(v: Any) -> float:
    return v if type(v) is float else float(v)


def _int(v: Any) -> int:
    if type(v) is int:
        return v
    if isinstance(v, str):
        try:
            return int(v)
        except ValueError:
            v = float(v)  # "3.0"
    if type(v) is float and not v.is_integer():
        raise ValueError(f"{v} is not a whole number")
    return int(v)


_TRUE = frozenset(("1", "on", "t", "true", "y", "yes"))
_FALSE = frozenset(("0", "off", "f", "false", "n", "no"))


def _bool(v: Any) -> bool:
    if type(v) is bool:
        return v
    if type(v) in (int, float) and v in (0, 1):
        return bool(v)
    word = v.strip().lower() if isinstance(v, str) else None
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError(f"{v!r} is not a yes or no")


def _convert(t: Any) -> Convert:
    """The conversion good data of type `t` needs, or raise `_Unsupported`."""
    origin = typing.get_origin(t)
    if origin is typing.Annotated:
        return _convert(typing.get_args(t)[0])
    if t is str or t is type(None) or origin is Literal:
        return None
    if t is bool:
        return _bool
    if t is float:
        return _float
    if t is int:
        return _int
    if isinstance(t, type) and issubclass(t, BaseModel):
        return _model(t)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(t) if a is not type(None)]
        if len(args) != 1:
            raise _Unsupported(t)
        inner = _convert(args[0])
        if inner is None:
            return None
        made: Callable[[Any], Any] = inner
        return lambda v: None if v is None else made(v)
    if origin is list:
        (item,) = typing.get_args(t)
        each = _convert(item)
        if each is None:
            return list
        item_made: Callable[[Any], Any] = each
        return lambda v: [item_made(x) for x in v]
    if origin is dict:
        key, item = typing.get_args(t)
        if _convert(key) is not None:
            raise _Unsupported(t)
        value = _convert(item)
        if value is None:
            return dict
        value_made: Callable[[Any], Any] = value
        return lambda v: {k: value_made(x) for k, x in v.items()}
    raise _Unsupported(t)


def _model(cls: type[BaseModel]) -> Callable[[Any], Any]:
    if plan(cls) is None:
        raise _Unsupported(cls)
    return lambda v: trusted(cls, v)
