"""Time in the sources: date intervals, relative dates and forecasts, and the temporal detectors.

A helper module of the ``discrepancies`` plugin (no hooks here). It knows
how ISO 8601 values at any precision map to intervals of days, how to read a
relative date ("last year", "в прошлом году") again against a publication
date that the article does not give but its story suggests, and how each
language marks the future tense. Three detectors build on that:

* :func:`self_contradictions`: one source gives two dates for the same claim
  that cannot both hold ("in 2023 … last year", published in 2025);
* :func:`stale_forecasts`: a forecast still told in the future tense
  ("by 2024 … will be") by a source that appeared after that date;
* :func:`unresolved_relatives`: a relative date that cannot be placed in time
  because its source has no publication date, while other sources place it.

Nothing here knows any story: only calendars and grammar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from generator.model import Discrepancy, Fact, frozen_map
from plugins import dates as date_extractor
from plugins.speech import wordlist

if TYPE_CHECKING:
    from plugins.discrepancies import Reading, StoryView

Interval = tuple[date, date]

# Tiers of the weight (see plugins.discrepancies.weight): a source contradicting
# itself or a stale forecast is a conflict; an unresolvable date is a mere gap.
TEMPORAL_TIER = 2.0
UNRESOLVED_TIER = 0.5
# A publication date the source states counts more than one estimated from its story.
STATED_BONUS = 0.05
# Beyond this many days, "the day the other sources appeared" says too little about a
# source without a date to resolve its relative dates: give up rather than guess.
MAX_WINDOW_DAYS = 400
# Day-precise relative dates ("on Thursday") are resolved only over a short window.
MAX_DAY_WINDOW = 31

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_interval(value: object) -> Interval | None:
    """The first and last day of an ISO 8601 value at its precision ("2024", "2024-12", "2024-12-05")."""
    if not isinstance(value, str):
        return None
    match = _ISO.match(value.strip())
    if match is None:
        return None
    year = int(match.group(1))
    try:
        if match.group(3):
            day = date(year, int(match.group(2)), int(match.group(3)))
            return day, day
        if match.group(2):
            month = int(match.group(2))
            first = date(year, month, 1)
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether two closed intervals of days share a day."""
    return a[0] <= b[1] and b[0] <= a[1]


def is_forecast(fact: Fact | None) -> bool:
    """A date the source gives as a forecast ("by 2024", "к 2024 году")."""
    return bool(fact is not None and fact.attrs.get("forecast"))


def is_relative(fact: Fact | None) -> bool:
    """A date counted from the publication date ("last year")."""
    return bool(fact is not None and fact.attrs.get("relative"))


def reading_interval(fact: Fact | None, value: object) -> Interval | None:
    """The days a dated reading allows.

    A forecast ("by 2024") allows anything up to its date: it is compatible
    with an earlier date given by another source, so it never makes a
    conflict on its own. That is lenient on purpose (precision first).
    """
    interval = date_interval(value)
    if interval is not None and is_forecast(fact) and not is_relative(fact):
        return date.min, interval[1]
    return interval


# --------------------------------------------------------------------------
# Publication dates: stated, or estimated from the story
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchors:
    """The publication dates a source may have: its own, or those of its story's other sources."""

    days: tuple[date, ...]  # one day when stated; a sample of the story's window when estimated
    estimated: bool
    first: date | None = None  # the estimated window's bounds, for explanations
    last: date | None = None

    def label(self) -> str:
        """The date or window as ISO text ("2025-01-09" or "2025-01-09 – 2025-01-14")."""
        if not self.days:
            return ""
        if not self.estimated or self.first == self.last:
            return (self.first or self.days[0]).isoformat()
        return f"{self.first.isoformat()} – {self.last.isoformat()}"  # type: ignore[union-attr]


def _sample(first: date, last: date, precision: str) -> tuple[date, ...]:
    """The days in [first, last] that can give a relative date of ``precision`` different values.

    "Last year" changes only on 1 January, "last month" on the first of a
    month: one day per year or month is enough. A day-precise one ("on
    Thursday") needs every day, and is given up over more than a month.
    """
    if precision == "day":
        span = (last - first).days
        return tuple(first + timedelta(days=n) for n in range(span + 1)) if span <= MAX_DAY_WINDOW else ()
    days = [first]
    cursor = first
    while True:
        if precision == "year":
            cursor = date(cursor.year + 1, 1, 1)
        else:
            cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
        if cursor > last:
            return tuple(days)
        days.append(cursor)


def anchors_for(view: StoryView, article_id: str, precision: str = "year") -> Anchors:
    """When the source appeared: its stated date, else the span in which its story's sources appeared.

    The estimate is refused when the source itself dates something later than
    that span (it was then written later) or when the span is too long to
    say anything.
    """
    own = view.published(article_id)
    if own is not None:
        return Anchors((own,), estimated=False, first=own, last=own)
    others = [d for aid, d in view.published_days().items() if aid != article_id]
    if not others:
        return Anchors((), estimated=True)
    first, last = min(others), max(others)
    if (last - first).days > MAX_WINDOW_DAYS:
        return Anchors((), estimated=True)
    latest = _latest_stated_past(view, article_id)
    if latest is not None and latest > last:
        return Anchors((), estimated=True)
    return Anchors(_sample(first, last, precision), estimated=True, first=first, last=last)


def _latest_stated_past(view: StoryView, article_id: str) -> date | None:
    """The first day of the latest absolute, non-forecast date the article states."""
    latest = None
    for fact in view.facts(article_id):
        if fact.type != "date" or is_forecast(fact) or is_relative(fact):
            continue
        interval = date_interval(fact.value)
        if interval and (latest is None or interval[0] > latest):
            latest = interval[0]
    return latest


def resolve_at(view: StoryView, article_id: str, fact: Fact, anchor: date) -> str | None:
    """A relative date's value had the article appeared on ``anchor``.

    The date extractor reads the fact's sentence again with that publication
    date, so the grammar that found the date also resolves it.
    """
    key = ("resolve", article_id, fact.start, fact.end, anchor)
    if key not in view.memo:
        article = view.article(article_id)
        start, end = view.sentence(article_id, fact.start, fact.end)
        # The dates of a sentence read at a day, shared by the sentence's facts and by every
        # sentence of the story with the same words (sources repeat one another).
        args = (article.text[start:end], article.lang, anchor.isoformat())
        dates_key = ("dates", *args)
        found = view.memo.get(dates_key)
        if found is None:
            found = view.memo[dates_key] = date_extractor.find_dates(*args)
        value = None
        for candidate in found:
            if start + candidate.start < fact.end and fact.start < start + candidate.end:
                value = candidate.value if isinstance(candidate.value, str) else None
                break
        view.memo[key] = value
    return view.memo[key]


def possible_values(view: StoryView, reading: Reading) -> tuple[set[str], Anchors | None]:
    """The values a dated reading may have: its own, or a relative one's over the possible anchors.

    Returns the values (empty when the reading cannot be placed in time) and
    the anchors used for a relative date that the extractor left unresolved.
    """
    fact = reading.fact
    if isinstance(reading.value, str) and date_interval(reading.value):
        return {reading.value}, None
    if fact is None or not is_relative(fact):
        return set(), None
    anchors = anchors_for(view, reading.article, str(fact.attrs.get("precision") or "year"))
    values = {resolve_at(view, reading.article, fact, day) for day in anchors.days}
    if not values or None in values:
        return set(), anchors
    return {v for v in values if v}, anchors


# --------------------------------------------------------------------------
# The future tense, per language
# --------------------------------------------------------------------------

# Future-tense cues (auxiliaries and inflected futures), per language. A forecast
# whose sentence has none is reported, not repeated ("predicted that … would"),
# and is left alone. Languages without an entry are never flagged: no guessing.
_FUTURE: dict[str, str] = {
    "en": r"\b(?:will|won't|shall|(?:is|are) (?:expected|set|due|going|projected|forecast) to)\b|\w'll\b",
    "it": r"\b[^\W\d_]{2,}(?:rà|rò|ranno|remo|rete)\b",
    "fr": r"\b(?:sera|seront|aura|auront|fera|feront|ira|iront|devra|devront|pourra|pourront|faudra|"
    r"viendra|viendront|va|vont)\b|\b[^\W\d_]{2,}(?:era|eront|erons|ira|iront|dra|dront)\b",
    "de": r"\b(?:wird|werden|wirst|werde)\b",
    "nl": r"\b(?:zal|zullen|zult)\b",
    "pt": r"\b[^\W\d_]{2,}(?:rá|rão|remos)\b",
    "es": r"\b[^\W\d_]{2,}(?:rá|rán|remos)\b",
    "ru": r"\b(?:буд(?:ет|ут|у|ем|ешь|ете)|станет|станут|составит|составят|достигнет|достигнут)\b",
    "uk": r"\b(?:буде|будуть|буду|будемо|стане|стануть)\b",
    "pl": r"\b(?:będzie|będą|będziemy|będę|zostanie|zostaną)\b",
}
# Words that look like futures and are not ("estremo", "opéra").
_NOT_FUTURE = frozenset(
    wordlist("estremo estrema supremo suprema tremo remo caméra opéra ultra extra contra sierra mantra aura")
)


@cache
def _future(lang: str) -> re.Pattern[str] | None:
    pattern = _FUTURE.get(lang)
    return re.compile(pattern, re.IGNORECASE) if pattern else None


def future_tense(sentence: str, lang: str | None) -> bool:
    """Whether a sentence speaks in the future tense, in its language's grammar."""
    code = (lang or "").split("-", 1)[0].lower()
    pattern = _future(code)
    if pattern is None:
        return False
    return any(m.group(0).lower() not in _NOT_FUTURE for m in pattern.finditer(sentence))


# --------------------------------------------------------------------------
# Detectors
# --------------------------------------------------------------------------


def self_contradictions(view: StoryView) -> list[Discrepancy]:
    """A source that dates one claim twice, a relative date and another, and the two cannot both hold.

    The relative date is resolved against the source's publication date, or,
    when it has none, against every day on which its story's other sources
    appeared: only when every such day gives the same, incompatible answer
    is it flagged, and the explanation says that the date was estimated.

    An aligner may cite one statement per source; a source's second
    statement of the claim is then found among its uncited relative dates
    (see :func:`restatements`).
    """
    found = []
    for claim in view.claims:
        by_article: dict[str, list[Reading]] = {}
        readings = [r for r in view.readings(claim) if r.type == "date"]
        for reading in [*readings, *restatements(view, readings)]:
            by_article.setdefault(reading.article, []).append(reading)
        for article_id, readings in by_article.items():
            if len(readings) < 2:
                continue
            hit = _contradiction(view, readings)
            if hit is None:
                continue
            first, second, resolved, anchors = hit
            relative = second.fact.text if second.fact is not None else ""
            estimated = anchors is not None and anchors.estimated
            found.append(
                Discrepancy(
                    id="",
                    story=view.story.id,
                    kind="temporal",
                    claim=claim.id,
                    values=frozen_map({article_id: [first.value, resolved]}),
                    evidence=(
                        view.evidence_of(first),
                        view.evidence_of(second, value=resolved),
                    ),
                    reason="why_temporal_self_estimated" if estimated else "why_temporal_self",
                    params=frozen_map(
                        {
                            "stated": first.value,
                            "relative": relative,
                            "resolved": resolved,
                            "anchor": anchors.label() if anchors else (view.published_label(article_id)),
                        }
                    ),
                    weight=TEMPORAL_TIER + 0.1 + (0 if estimated else STATED_BONUS),
                )
            )
    return found


# Made-up publication days at which two relative dates are compared: "в прошлом году",
# "letztes Jahr" and "no ano passado" give the same values at both, "last month" does not.
PROBES = (date(2001, 3, 15), date(2001, 9, 15))


def _shape(view: StoryView, article_id: str, fact: Fact | None) -> tuple[str, ...] | None:
    """What a relative date means, as its values had the article appeared on each probe day."""
    if fact is None or not is_relative(fact):
        return None
    values = tuple(resolve_at(view, article_id, fact, day) for day in PROBES)
    return values if all(values) else None  # type: ignore[return-value]


def restatements(view: StoryView, readings: Sequence[Reading]) -> list[Reading]:
    """Uncited relative dates by which a source restates a dated claim, in other words.

    A claim's sources that give a relative date ("last year") show how the
    claim is told relatively. A relative date of another of its sources that
    no claim cites, that means the same ("в прошлом году") and stands next to
    an entity that the claim's other sources name around it (the speaker),
    is taken as that source's second statement of the claim: its own words
    are shown, so that a reader can check it.

    The cheap tests come first (is there such a date at all, an entity in
    common); the meanings, which read sentences again, are worked out last.
    """
    articles = [(aid, _uncited_relatives(view, aid)) for aid in dict.fromkeys(r.article for r in readings)]
    if not any(candidates for _, candidates in articles):
        return []
    around = {r.article: view.entities_near(r.article, r.evidence.start, r.evidence.end) for r in readings}
    shapes: set[tuple[str, ...] | None] | None = None
    found = []
    for article_id, candidates in articles:
        if not candidates:
            continue
        others = set().union(*(names for aid, names in around.items() if aid != article_id))
        for index, fact in candidates:
            if not view.entities_near(article_id, fact.start, fact.end) & others:
                continue
            if shapes is None:
                shapes = {_shape(view, r.article, r.fact) for r in readings} - {None}
            if _shape(view, article_id, fact) not in shapes:
                continue
            found.append(view.fact_reading(article_id, index))
    return found


def _uncited_relatives(view: StoryView, article_id: str) -> tuple[tuple[int, Fact], ...]:
    """The article's relative dates that no claim cites, with their indexes (asked for per claim)."""
    key = ("uncited relatives", article_id)
    if key not in view.memo:
        view.memo[key] = tuple(
            (index, fact)
            for index, fact in enumerate(view.facts(article_id))
            if fact.type == "date" and is_relative(fact) and not view.is_cited(article_id, index)
        )
    return view.memo[key]


def _contradiction(
    view: StoryView, readings: Sequence[Reading]
) -> tuple[Reading, Reading, str, Anchors | None] | None:
    """(a stated date, a relative date, the latter's value, the anchors used) that cannot both hold.

    Only a pair with a relative date counts: two absolute dates for one claim in
    one article are more often two different things the aligner joined.
    """
    options = []
    for reading in readings:
        values, anchors = possible_values(view, reading)
        intervals = [reading_interval(reading.fact, v) for v in values]
        if values and all(intervals):
            options.append((reading, values, intervals, anchors))
    relatives = [o for o in options if is_relative(o[0].fact)]
    for rel, rel_values, rel_intervals, anchors in relatives:
        if len(rel_values) != 1:
            continue  # the estimate does not settle it
        for other, _, other_intervals, _ in options:
            if other is rel or is_relative(other.fact):
                continue
            if not any(overlaps(a, b) for a in rel_intervals for b in other_intervals):
                return other, rel, next(iter(rel_values)), anchors
    return None


def stale_forecasts(view: StoryView) -> list[Discrepancy]:
    """Forecasts told in the future tense for a date that had passed when the source appeared.

    A forecast is a date fact with ``attrs["forecast"]`` ("by 2024"); it is
    stale when its last day lies before every day the source may have
    appeared, and its sentence still speaks in the future tense and dates
    nothing else before the forecast (that would be "in 2021, X predicted").
    Sources repeating one claim's forecast are one discrepancy.
    """
    groups: dict[str, list[tuple[str, int, Fact, Anchors]]] = {}
    claims: dict[str, str | None] = {}
    for article_id in view.order:
        article = view.article(article_id)
        for index, fact in enumerate(view.facts(article_id)):
            if fact.type != "date" or not is_forecast(fact) or is_relative(fact):
                continue
            interval = date_interval(fact.value)
            if interval is None:
                continue
            anchors = anchors_for(view, article_id, str(fact.attrs.get("precision") or "year"))
            if not anchors.days or min(anchors.days) <= interval[1]:
                continue
            start, end = view.sentence(article_id, fact.start, fact.end)
            sentence = article.text[start:end]
            if not future_tense(sentence, article.lang) or _dated_before(view, article_id, fact, interval):
                continue
            claim = view.claim_of(article_id, index, fact.start, fact.end)
            key = (
                claim.id
                if claim
                else _signature(view, article_id, fact, start, end) or f"{article_id}#{index}"
            )
            claims[key] = claim.id if claim else None
            groups.setdefault(key, []).append((article_id, index, fact, anchors))
    found = []
    for key, items in groups.items():
        articles = list(dict.fromkeys(aid for aid, *_ in items))
        estimated = [aid for aid, _, _, anchors in items if anchors.estimated]
        targets = sorted({str(fact.value) for _, _, fact, _ in items})
        found.append(
            Discrepancy(
                id="",
                story=view.story.id,
                kind="temporal",
                claim=claims[key],
                values=frozen_map(
                    {aid: _one([str(f.value) for a, _, f, _ in items if a == aid]) for aid in articles}
                ),
                evidence=tuple(
                    view.evidence(aid, fact.start, fact.end, index, fact.value)
                    for aid, index, fact, _ in items
                ),
                reason="why_temporal_forecast_estimated" if estimated else "why_temporal_forecast",
                params=frozen_map(
                    {
                        "target": " · ".join(targets),
                        "count": len(articles),
                        "estimated": len(set(estimated)),
                        "window": _window_label(view),
                    }
                ),
                weight=TEMPORAL_TIER
                + 0.1 * min(view.families_of(articles), 9)
                - (0 if not estimated else STATED_BONUS),
            )
        )
    return found


def _signature(view: StoryView, article_id: str, forecast: Fact, start: int, end: int) -> str | None:
    """What else a forecast's sentence states (its other values), to group one forecast across sources.

    Used when no claim ties them: "by 2024, 60% will be …" in two sources is
    one forecast; a bare "by 2024" is grouped with nothing.
    """
    others = sorted(
        f"{f.type}={f.value}{f.unit or ''}"
        for f in view.facts(article_id)
        if f is not forecast
        and start <= f.start < end
        and f.type not in ("date", "quote")
        and f.value is not None
    )
    return f"{forecast.value}|{'|'.join(others)}" if others else None


def _dated_before(view: StoryView, article_id: str, forecast: Fact, target: Interval) -> bool:
    """Whether the forecast's sentence dates something else before the forecast's target.

    "In 2021 the analysts predicted that by 2024 …" reports an old forecast as
    old: not stale.
    """
    start, end = view.sentence(article_id, forecast.start, forecast.end)
    for fact in view.facts(article_id):
        if fact is forecast or fact.type != "date" or not (start <= fact.start < end):
            continue
        interval = date_interval(fact.value)
        if interval and not is_forecast(fact) and interval[1] < target[0]:
            return True
    return False


def unresolved_relatives(view: StoryView) -> list[Discrepancy]:
    """Relative dates that stay unplaced (no publication date) while other sources place the same claim.

    Low weight: nobody contradicts anybody, but a reader of that source cannot
    tell when the thing happened, and the other sources say.
    """
    found = []
    for claim in view.claims:
        readings = [r for r in view.readings(claim) if r.type == "date"]
        unresolved = [r for r in readings if is_relative(r.fact) and not r.value]
        if not unresolved:
            continue
        blind = {r.article for r in unresolved}
        placed = [
            r
            for r in readings
            if r.article not in blind and isinstance(r.value, str) and date_interval(r.value) is not None
        ]
        if not placed:
            continue
        # What the others say, preferring their own relative dates (the same words, resolved).
        same_kind = [r for r in placed if is_relative(r.fact)] or [
            r for r in placed if not is_forecast(r.fact)
        ]
        resolved = sorted({str(r.value) for r in same_kind or placed})
        involved = list(dict.fromkeys([*(r.article for r in unresolved), *(r.article for r in placed)]))
        values: dict[str, Any] = {}
        for aid in involved:
            values[aid] = _one([r.value for r in readings if r.article == aid])
        found.append(
            Discrepancy(
                id="",
                story=view.story.id,
                kind="temporal",
                claim=claim.id,
                values=frozen_map(values),
                evidence=tuple(view.evidence_of(r) for r in [*unresolved, *placed]),
                reason="why_temporal_unresolved",
                params=frozen_map(
                    {
                        "count": len(blind),
                        "relative": unresolved[0].fact.text if unresolved[0].fact else "",
                        "resolved": " · ".join(resolved),
                    }
                ),
                weight=UNRESOLVED_TIER + 0.01 * min(view.families_of(involved), 9),
            )
        )
    return found


def _one(values: Iterable[Any]) -> Any:
    """A single value as itself, several distinct ones as a list (in the order given)."""
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else distinct


def _window_label(view: StoryView) -> str:
    days = list(view.published_days().values())
    if not days:
        return ""
    first, last = min(days), max(days)
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
