"""The data model as plain JSON data and back: ``to_data(obj)`` and ``from_data(cls, data)``.

Every class of ``storyline.model`` is a frozen dataclass of strings, numbers, dates, tuples, frozensets
and other such dataclasses, so one reader of the type hints turns any of them into lists, dicts and
strings and back, exactly (``from_data(Story, to_data(story)) == story``). The corpus store keeps each
article's annotations and each story's briefing this way; it is not the schema of story.json, which
is written for readers (render/json.py).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

T = TypeVar("T")


def to_data(obj: Any) -> Any:
    """``obj`` as JSON-ready data: dataclasses as dicts of their fields (defaults left out), tuples and
    frozensets as lists, datetimes and dates as ISO strings."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in _fields(type(obj)):
            value = getattr(obj, f.name)
            if not _is_default(f, value):
                out[f.name] = to_data(value)
        return out
    if isinstance(obj, tuple | list):
        return [to_data(v) for v in obj]
    if isinstance(obj, frozenset | set):
        return sorted(to_data(v) for v in obj)
    if isinstance(obj, dict):
        return {k: to_data(v) for k, v in obj.items()}
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    return obj


def from_data(cls: type[T], data: Any) -> T:
    """The instance of ``cls`` that ``to_data`` turned into ``data``."""
    return typing.cast(T, _read(cls, data))


def _read(tp: Any, data: Any) -> Any:
    origin, args = get_origin(tp), get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        if data is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        return _read(options[0], data) if len(options) == 1 else _read_union(options, data)
    if origin is typing.Literal or tp is Any:
        return data
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(args[0], v) for v in data)
        return tuple(_read(a, v) for a, v in zip(args, data, strict=True))
    if origin is frozenset:
        return frozenset(_read(args[0], v) for v in data)
    if origin is dict:
        return {k: _read(args[1], v) for k, v in data.items()}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        return tp(**{name: _read(hints[name], value) for name, value in data.items()})
    if tp is datetime:
        return datetime.fromisoformat(data)
    if tp is date:
        return date.fromisoformat(data)
    if tp is float and isinstance(data, int):
        return float(data)
    return data


def _read_union(options: list[Any], data: Any) -> Any:
    for option in options:
        if isinstance(option, type) and isinstance(data, option):
            return data
    return _read(options[0], data)


def _is_default(f: dataclasses.Field[Any], value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.init)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)
