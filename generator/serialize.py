"""The model's frozen dataclasses to JSON-ready data and back, for the on-disk cache.

JSON rather than pickle: a cache file is data that is checked, never code
that runs, so a damaged or planted cache entry cannot do anything but fail to
load (and be recomputed).
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, get_args, get_origin

from generator.model import frozen_map

_SCALARS = (str, int, float, bool, type(None))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names, in order; None for any other type."""
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return None


def to_data(value: Any) -> Any:
    """A model value as JSON-ready data (dataclasses as dicts, tuples as lists)."""
    if isinstance(value, _SCALARS):
        return value
    kind = type(value)
    names = _field_names(kind)
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if kind is tuple or kind is list:  # the common cases first: an ABC check costs more
        return [to_data(v) for v in value]
    if kind is dict or kind is MappingProxyType or isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def from_data(cls: Any, data: Any) -> Any:
    """Rebuild a value of type ``cls`` from :func:`to_data`'s output; TypeError if it does not fit."""
    return _decoder(cls)(data)


Decoder = Callable[[Any], Any]
_MISMATCH = (TypeError, ValueError, KeyError)


@functools.cache
def _decoder(cls: Any) -> Decoder:
    """The function that rebuilds values of type ``cls``: worked out once per type, since a
    cache read rebuilds hundreds of thousands of values of a few dozen types."""
    origin = get_origin(cls)
    if cls is Any:
        return _freeze
    if origin in (typing.Union, types.UnionType):
        return _union(get_args(cls))
    if origin is tuple:
        return _tuple(cls, get_args(cls)[0])
    if origin in (Mapping, dict) or cls is Mapping:
        return _mapping(cls, get_args(cls)[1] if get_args(cls) else Any)
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        return _dataclass(cls)
    if cls is Path:
        return Path
    if cls is float:
        return _float
    if cls is str:
        return _str
    if isinstance(cls, type):
        return _checked(cls)
    return _same


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _same(data: Any) -> Any:
    return data


def _float(data: Any) -> float:
    if isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    raise TypeError(f"expected float, got {type(data).__name__}")


SHARED_LENGTH = 24  # strings up to this long are shared, not copied per value (see _str)


def _str(data: Any) -> str:
    # A cache read makes a new string object for every value it parses, and a large corpus
    # repeats the same short ones (language codes, fact types, plugin names, units) hundreds
    # of thousands of times: one shared copy of each keeps the report small in memory.
    if not isinstance(data, str):
        raise TypeError(f"expected str, got {type(data).__name__}")
    return sys.intern(data) if len(data) <= SHARED_LENGTH else data


def _checked(cls: type) -> Decoder:
    def decode(data: Any) -> Any:
        if not isinstance(data, cls):
            raise TypeError(f"expected {cls.__name__}, got {type(data).__name__}")
        return data

    return decode


def _union(options: tuple[Any, ...]) -> Decoder:
    optional = type(None) in options
    decoders = [_decoder(option) for option in options if option is not type(None)]

    def decode(data: Any) -> Any:
        if data is None and optional:
            return None
        for option in decoders:
            try:
                return option(data)
            except _MISMATCH:
                continue
        raise TypeError(f"{data!r} fits none of {options}")

    return decode


def _tuple(cls: Any, item: Any) -> Decoder:
    def decode(data: Any) -> tuple:
        if not isinstance(data, list):
            raise TypeError(f"expected a list for {cls}, got {type(data).__name__}")
        one = _decoder(item)
        return tuple([one(v) for v in data])

    return decode


def _mapping(cls: Any, value_type: Any) -> Decoder:
    def decode(data: Any) -> Mapping:
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {cls}, got {type(data).__name__}")
        one = _decoder(value_type)
        return frozen_map({k: one(v) for k, v in data.items()})

    return decode


def _dataclass(cls: type) -> Decoder:
    names = frozenset(f.name for f in dataclasses.fields(cls))
    fields: dict[str, Decoder] = {}  # filled on first use: a type may refer to one not yet built

    def decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        if not fields:
            fields.update({name: _decoder(hint) for name, hint in _hints(cls).items() if name in names})
        try:
            return cls(**{k: fields[k](v) for k, v in data.items()})
        except KeyError:
            unknown = sorted(set(data) - names)
            if unknown:
                raise TypeError(f"unknown fields for {cls.__name__}: {unknown}") from None
            raise

    return decode


def _freeze(data: Any) -> Any:
    """Free-form values (a fact's value, attrs) come back as they went in, minus tuples."""
    if isinstance(data, dict):
        return {k: _freeze(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_freeze(v) for v in data]
    if isinstance(data, str) and len(data) <= SHARED_LENGTH:
        return sys.intern(data)
    return data
