"""The model's frozen dataclasses to JSON-ready data and back, for the on-disk cache.

JSON rather than pickle: a cache file is data that is checked, never code
that runs, so a damaged or planted cache entry cannot do anything but fail to
load (and be recomputed).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

from generator.model import frozen_map


def to_data(value: Any) -> Any:
    """A model value as JSON-ready data (dataclasses as dicts, tuples as lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: Any, data: Any) -> Any:
    """Rebuild a value of type ``cls`` from :func:`to_data`'s output; TypeError if it does not fit."""
    origin = get_origin(cls)
    if cls is Any:
        return _freeze(data)
    if origin in (typing.Union, types.UnionType):
        options = get_args(cls)
        if data is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return from_data(option, data)
            except (TypeError, ValueError, KeyError):
                continue
        raise TypeError(f"{data!r} fits none of {cls}")
    if origin is tuple:
        if not isinstance(data, list):
            raise TypeError(f"expected a list for {cls}, got {type(data).__name__}")
        item = get_args(cls)[0]
        return tuple(from_data(item, v) for v in data)
    if origin in (Mapping, dict) or cls is Mapping:
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {cls}, got {type(data).__name__}")
        value_type = get_args(cls)[1] if get_args(cls) else Any
        return frozen_map({k: from_data(value_type, v) for k, v in data.items()})
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        hints = _hints(cls)
        names = {f.name for f in dataclasses.fields(cls)}
        if set(data) - names:
            raise TypeError(f"unknown fields for {cls.__name__}: {sorted(set(data) - names)}")
        return cls(**{k: from_data(hints[k], v) for k, v in data.items()})
    if cls is Path:
        return Path(data)
    if cls is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if isinstance(cls, type) and not isinstance(data, cls):
        raise TypeError(f"expected {cls.__name__}, got {type(data).__name__}")
    return data


def _freeze(data: Any) -> Any:
    """Free-form values (a fact's value, attrs) come back as they went in, minus tuples."""
    if isinstance(data, dict):
        return {k: _freeze(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_freeze(v) for v in data]
    return data
