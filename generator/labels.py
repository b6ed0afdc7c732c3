"""Claim labels and discrepancy explanations in a UI language, from normalised parts.

Labels are built from a claim's topic (its kind, value, unit, entities) and
the UI language's string catalogue, never machine-translated prose. A
discrepancy's explanation is its ``reason`` key in the catalogue, filled with
its ``params``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from generator.model import Claim, Discrepancy, SummaryPoint
from generator.strings import Catalog

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_FORMATTER = string.Formatter()


def _value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        return f"{value:,}"
    return str(value)


@functools.lru_cache(maxsize=64)
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@functools.lru_cache(maxsize=65536)
def _number_in(value: int | float, lang: str) -> str:
    locale = _locale(lang)
    return format_decimal(value, locale=locale) if locale is not None else _value(value)


def local_number(value: int | float, lang: str) -> str:
    """A number as UI language ``lang`` writes it (12 345, 12.345, 12,345); a whole float as an
    integer. Memoised: the pages of a large story write the same few numbers many times."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return _number_in(value, lang)


def _local_value(name: str, value: Any, kind: str, locale: Locale | None) -> str:
    """A topic value as the UI language writes it: 350.000 (it), 350 000 (fr), "marzo 2021"."""
    if locale is None or isinstance(value, bool):
        return _value(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        return format_decimal(value, locale=locale)
    if name == "value" and kind == "date" and isinstance(value, str):
        match = _ISO.fullmatch(value)
        if match and match.group(3):
            return format_date(dt.date(*map(int, match.groups())), "long", locale=locale)
        if match and match.group(2):
            return format_skeleton(
                "yMMMM", dt.date(int(match.group(1)), int(match.group(2)), 1), locale=locale
            )
    return str(value)


@functools.lru_cache(maxsize=4096)
def _placeholders(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name)


def claim_label(claim: Claim, strings: Catalog) -> str:
    """A short label for a claim: the catalogue's ``claim_<kind>`` filled from its topic.

    A catalogue may also give variants ``claim_<kind>+<anything>`` with other
    placeholders ("Date: {value} ({subject})", "Date, not resolved"): the
    label is the variant whose placeholders the topic fills, the one using
    the most of them. Numbers and dates are written as the UI language writes
    them.
    """
    locale = _locale(strings.lang)
    topic = {
        k: _local_value(k, v, claim.kind, locale) for k, v in claim.topic.items() if v is not None and v != ""
    }
    base = f"claim_{claim.kind}"
    candidates = strings.variants(base)
    usable = [k for k in candidates if _placeholders(strings(k)) <= topic.keys()]
    if usable:
        key = max(usable, key=lambda k: (len(_placeholders(strings(k))), k == base, k))
        try:
            return strings(key, **topic)
        except (KeyError, IndexError, ValueError):
            pass
    parts = [topic[k] for k in ("value", "unit", "subject") if k in topic]
    return f"{claim.kind}: {' '.join(parts)}" if parts else claim.kind


def explanation(discrepancy: Discrepancy, strings: Catalog) -> str:
    """Why a discrepancy was flagged, in the catalogue's language."""
    params = {k: _value(v) for k, v in discrepancy.params.items()}
    return strings.fill(discrepancy.reason, discrepancy.reason, **params)


def summary_sentence(point: SummaryPoint, strings: Catalog, claims: dict[str, Claim]) -> str:
    """One story-summary sentence in the catalogue's language.

    The entry ``point.key`` filled with the point's params (numbers written as
    the UI language writes them; a list joined with commas) and ``{claim}``,
    the label of the point's claim in this language. An entry that is missing
    or does not fit the params gives the key itself, as explanations do.
    """
    locale = _locale(strings.lang)
    params: dict[str, str] = {}
    for name, value in point.params.items():
        if isinstance(value, list | tuple):
            params[name] = ", ".join(_local_value(name, v, "", locale) for v in value)
        else:
            params[name] = _local_value(name, value, "", locale)
    claim = claims.get(point.claim) if point.claim else None
    if claim is not None:
        params.setdefault("claim", claim_label(claim, strings))
    return strings.fill(point.key, point.key, **params)
