"""Claim labels and discrepancy explanations in a UI language, from normalised parts.

Labels are built from a claim's topic (its kind, value, unit, entities) and
the UI language's string catalogue, never machine-translated prose. A
discrepancy's explanation is its ``reason`` key in the catalogue, filled with
its ``params``.
"""

from __future__ import annotations

from typing import Any

from generator.model import Claim, Discrepancy
from generator.strings import Catalog


def _value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        return f"{value:,}"
    return str(value)


def claim_label(claim: Claim, strings: Catalog) -> str:
    """A short label for a claim: the catalogue's ``claim_<kind>`` filled from its topic."""
    topic = {k: _value(v) for k, v in claim.topic.items()}
    key = f"claim_{claim.kind}"
    if key in strings.entries or key in strings.fallback:
        try:
            return strings(key, **topic)
        except (KeyError, IndexError, ValueError):
            pass
    parts = [topic[k] for k in ("value", "unit", "subject") if k in topic]
    return f"{claim.kind}: {' '.join(parts)}" if parts else claim.kind


def explanation(discrepancy: Discrepancy, strings: Catalog) -> str:
    """Why a discrepancy was flagged, in the catalogue's language."""
    params = {k: _value(v) for k, v in discrepancy.params.items()}
    if discrepancy.reason in strings.entries or discrepancy.reason in strings.fallback:
        try:
            return strings(discrepancy.reason, **params)
        except (KeyError, IndexError, ValueError):
            pass
    return discrepancy.reason
