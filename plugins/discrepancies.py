"""Built-in detector: where the sources of a story disagree, or where one stands alone.

Runs once per story on the aligned claims (``parallax_discrepancies``) and
returns four kinds of :class:`~generator.model.Discrepancy`, each with every
source's own sentence as evidence, a catalogue key that explains it, and a
weight (conflicts before differing details before coverage; more independent
sources involved, heavier):

* ``value``: sources give values for one claim that cannot all be right:
  amounts beyond rounding and hedges ("about 2.3 million" and "2,300,000"
  agree; 12 and 15 deaths do not), dates at the precision each source gives
  ("2024" and "December 2024" agree; 2023 and 2024 do not);
* ``temporal``: a source contradicting itself, a forecast told in the future
  tense after its date, a relative date that cannot be placed
  (:mod:`plugins.temporal`);
* ``detail``: a person's role, where or how a statement was made, the members
  of a list (:mod:`plugins.details`);
* ``coverage``: a value stated by one independent source only, or left out by
  most; translations and rewrites of one another (lineage families) count
  once.

Precision comes first: a reader must be able to check every flag against the
sources' words, and a doubtful case is left out rather than flagged. Ids are
``<story>:d<n>``, numbered in the order the site lists them.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import combinations
from typing import Any

from generator import hookimpl
from generator.model import (
    Article,
    ArticleResult,
    Claim,
    Discrepancy,
    Entity,
    Evidence,
    Fact,
    Lineage,
    Story,
    frozen_map,
)
from generator.settings import Settings
from plugins import details, temporal

# Fact types that are amounts: compared as numbers within rounding and hedges.
AMOUNT_TYPES = frozenset({"money", "percent", "number", "count", "quantity", "amount"})
DATE_TYPES = frozenset({"date"})
# The order of the kinds on the site, and the weight tiers: a kind's weight is its tier
# plus up to 0.9 for the independent sources involved, so the tiers never mix.
KINDS = ("value", "temporal", "detail", "coverage")
VALUE_TIER = 3.0
COVERAGE_TIER = 0.0
# Hedges (plugins.quantities' QUALIFIERS) as the share of the value they allow around it.
_ABOUT = 0.1  # "about 350,000": 315,000 to 385,000
_ALMOST = 0.15  # "almost 12": a little under 12
# Coverage: facts of these types are checked for coverage; statements and quotes are not,
# because an aligner's miss there would read as a source's silence.
COVERAGE_TYPES = AMOUNT_TYPES | DATE_TYPES
_THIN = "\u202f"  # narrow no-break space: groups digits the same way in every UI language


# --------------------------------------------------------------------------
# A story, indexed once for every detector
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One value a source gives for a claim: the claim's evidence, its fact and its value."""

    article: str
    evidence: Evidence
    fact: Fact | None
    type: str  # the fact's type, else the claim's kind
    value: Any


class StoryView:
    """A story's articles, facts, sentences, entities and lineage, indexed for the detectors."""

    def __init__(
        self,
        story: Story,
        claims: Iterable[Claim],
        results: Iterable[ArticleResult],
        entities: Iterable[Entity],
        lineage: Iterable[Lineage],
    ) -> None:
        self.story = story
        self.claims = tuple(claims)
        self.results = {r.article.id: r for r in results}
        # The story's order first; anything else after, so that nothing is lost.
        self.order = [aid for aid in story.articles if aid in self.results]
        self.order += [aid for aid in self.results if aid not in self.order]
        self.entities = tuple(entities)
        self.entity = {e.id: e for e in self.entities}
        self._starts = {aid: [s.start for s in r.article.sentences] for aid, r in self.results.items()}
        self._family = self._families(lineage)
        self._published: dict[str, date] | None = None
        self._mentions: dict[str, list[tuple[int, int, Entity]]] | None = None
        self._mention_starts: dict[str, list[int]] = {}
        self._cited: set[tuple[str, int | None]] | None = None
        # Answers the detectors ask for again and again (per claim, per pair), kept once computed.
        self._sentences: dict[tuple[str, int, int | None], tuple[int, int]] = {}
        self._readings: dict[int, tuple[Claim, list[Reading]]] = {}
        self._near: dict[tuple[str, int, int], set[str]] = {}
        # Detectors' memo: a relative date read again at a made-up publication day is asked for often.
        self.memo: dict[Any, Any] = {}

    def _families(self, lineage: Iterable[Lineage]) -> dict[str, str]:
        """Each article's family: translations and rewrites of one another are one source."""
        parent = {aid: aid for aid in self.order}

        def root(aid: str) -> str:
            while parent[aid] != aid:
                parent[aid] = parent[parent[aid]]
                aid = parent[aid]
            return aid

        for family in lineage:
            members = [aid for aid in family.articles if aid in parent]
            for other in members[1:]:
                parent[root(other)] = root(members[0])
        return {aid: root(aid) for aid in self.order}

    # -- articles ---------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """The article with this id."""
        return self.results[article_id].article

    def facts(self, article_id: str) -> tuple[Fact, ...]:
        """The article's facts, indexed as in report.json (``<article>:f<n+1>``)."""
        result = self.results.get(article_id)
        return result.extraction.facts if result else ()

    def fact(self, article_id: str, index: int | None) -> Fact | None:
        """One fact of an article by index, or None."""
        facts = self.facts(article_id)
        return facts[index] if index is not None and 0 <= index < len(facts) else None

    def sentence(self, article_id: str, start: int, end: int | None = None) -> tuple[int, int]:
        """The sentence holding ``start`` (through the one holding ``end``), as offsets.

        Without sentences, the line around the offsets, so evidence is never empty.
        """
        key = (article_id, start, end)
        found = self._sentences.get(key)
        if found is None:
            found = self._sentences[key] = self._sentence(article_id, start, end)
        return found

    def _sentence(self, article_id: str, start: int, end: int | None) -> tuple[int, int]:
        article = self.article(article_id)
        text = article.text
        end = max(start, end if end is not None else start)
        spans = article.sentences
        starts = self._starts[article_id]
        i = bisect_right(starts, start) - 1
        if spans and i >= 0 and spans[i].start <= start < spans[i].end:
            j = max(i, bisect_right(starts, max(start, end - 1)) - 1)
            last = spans[j] if spans[j].start < end else spans[i]
            return spans[i].start, max(spans[i].end, last.end)
        # Between sentences, or none: the line (a paragraph in clean text).
        s = text.rfind("\n", 0, start) + 1
        e = text.find("\n", end)
        return s, (len(text) if e < 0 else e)

    def evidence(self, article_id: str, start: int, end: int, fact: int | None, value: Any) -> Evidence:
        """Evidence as the sentence that states the thing, anchored to a fact when there is one."""
        s, e = self.sentence(article_id, start, end)
        return Evidence(article_id, s, e, fact, value)

    def evidence_of(self, reading: Reading, value: Any = None) -> Evidence:
        """A reading's evidence widened to its sentence; ``value`` replaces its value when given."""
        ev = reading.evidence
        anchor = reading.fact
        start, end = (anchor.start, anchor.end) if anchor else (ev.start, ev.end)
        return self.evidence(reading.article, start, end, ev.fact, reading.value if value is None else value)

    def published(self, article_id: str) -> date | None:
        """The day the article says it was published, or None."""
        return self.published_days().get(article_id)

    def published_days(self) -> dict[str, date]:
        """Every article's stated publication day."""
        if self._published is None:
            days = {}
            for aid in self.order:
                value = self.article(aid).meta("published")
                try:
                    days[aid] = date.fromisoformat(value[:10]) if value else None
                except ValueError:
                    days[aid] = None
            self._published = {aid: day for aid, day in days.items() if day is not None}
        return self._published

    def published_label(self, article_id: str) -> str:
        """The stated publication day as ISO text, or the empty string."""
        day = self.published(article_id)
        return day.isoformat() if day else ""

    def mentions(self, article_id: str) -> list[tuple[int, int, Entity]]:
        """Entity mentions in an article, in text order."""
        if self._mentions is None:
            found: dict[str, list[tuple[int, int, Entity]]] = {aid: [] for aid in self.order}
            for entity in self.entities:
                for m in entity.mentions:
                    if m.article in found:
                        found[m.article].append((m.start, m.end, entity))
            for items in found.values():
                items.sort(key=lambda x: (x[0], -x[1]))
            self._mentions = found
            self._mention_starts = {aid: [m[0] for m in items] for aid, items in found.items()}
        return self._mentions.get(article_id, [])

    # -- lineage ----------------------------------------------------------

    def families_of(self, article_ids: Iterable[str]) -> int:
        """How many independent sources (lineage families) these articles are."""
        return len({self._family.get(aid, aid) for aid in article_ids})

    def total_families(self) -> int:
        """How many independent sources the story has."""
        return len(set(self._family.values()))

    # -- claims -----------------------------------------------------------

    def readings(self, claim: Claim) -> list[Reading]:
        """The values sources give for a claim, one per distinct fact (or evidence without a fact)."""
        # Every detector asks for them: computed once per claim, handed out as a new list.
        known = self._readings.get(id(claim))
        if known is None or known[0] is not claim:
            known = self._readings[id(claim)] = (claim, self._read(claim))
        return list(known[1])

    def _read(self, claim: Claim) -> list[Reading]:
        out, seen = [], set()
        for ev in claim.evidence:
            if ev.article not in self.results:
                continue
            fact = self.fact(ev.article, ev.fact)
            key = (ev.article, ev.fact) if ev.fact is not None else (ev.article, ev.start, ev.end)
            if key in seen:
                continue
            seen.add(key)
            value = ev.value if ev.value is not None else (fact.value if fact else None)
            out.append(Reading(ev.article, ev, fact, fact.type if fact else claim.kind, value))
        return out

    def fact_reading(self, article_id: str, index: int) -> Reading:
        """A fact that no claim cites, as a reading (its sentence as evidence)."""
        fact = self.facts(article_id)[index]
        evidence = self.evidence(article_id, fact.start, fact.end, index, fact.value)
        return Reading(article_id, evidence, fact, fact.type, fact.value)

    def is_cited(self, article_id: str, index: int) -> bool:
        """Whether some claim cites this fact as evidence."""
        if self._cited is None:
            self._cited = {
                (ev.article, ev.fact) for c in self.claims for ev in c.evidence if ev.fact is not None
            }
        return (article_id, index) in self._cited

    def entities_near(self, article_id: str, start: int, end: int) -> set[str]:
        """Entities named in the sentence(s) of a span and in the sentence before (a "he said" subject)."""
        key = (article_id, start, end)
        if key not in self._near:
            s, e = self.sentence(article_id, start, end)
            if s > 0:
                s = self.sentence(article_id, max(0, s - 2))[0]
            # Mentions are sorted by start, and one starting after ``e`` cannot end by ``e``.
            mentions = self.mentions(article_id)
            starts = self._mention_starts.get(article_id, [])
            names = set()
            for n in range(bisect_left(starts, s), bisect_right(starts, e)):
                if mentions[n][1] <= e:
                    names.add(mentions[n][2].id)
            self._near[key] = names
        return set(self._near[key])

    def claim_of(self, article_id: str, index: int, start: int, end: int) -> Claim | None:
        """The claim a fact belongs to: one that cites the fact, else one citing its sentence."""
        sentence = self.sentence(article_id, start, end)
        near = None
        for claim in self.claims:
            for ev in claim.evidence:
                if ev.article != article_id:
                    continue
                if ev.fact == index:
                    return claim
                if near is None and self.sentence(article_id, ev.start, ev.end) == sentence:
                    near = claim
        return near


# --------------------------------------------------------------------------
# Value conflicts
# --------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def rounding(value: float, written: str) -> float:
    """Half a unit of the last digit the source wrote: "2,3 milioni" ±50,000, "2.300.000" ±0.5.

    Trailing zeros written out count as digits ("350 000" is exact): a writer
    who rounds says so with a scale word or a hedge.
    """
    digits = re.sub(r"\D", "", written).lstrip("0")
    if not digits or value == 0:
        return 0.5
    exponent = math.floor(math.log10(abs(value)))
    return 0.5 * 10 ** (exponent - len(digits) + 1)


def amount_interval(fact: Fact | None, value: float) -> tuple[float, float]:
    """The values an amount as written allows, with its rounding and its hedge."""
    written = str(fact.attrs.get("original") or fact.text) if fact else str(value)
    tol = rounding(value, written)
    qualifier = fact.attrs.get("qualifier") if fact else None
    lo, hi = value - tol, value + tol
    if qualifier == "about":
        lo, hi = value * (1 - _ABOUT) - tol, value * (1 + _ABOUT) + tol
    elif qualifier in ("at least", "more than", "over"):
        hi = math.inf  # "more than a dozen" allows 12 too: lenient, on purpose
    elif qualifier in ("less than", "up to"):
        lo = -math.inf if value < 0 else 0.0
    elif qualifier == "almost":
        lo = value * (1 - _ALMOST) - tol
    return lo, hi


def _amount_key(reading: Reading) -> tuple[str, str, str]:
    """What must match for two amounts to be comparable: type, unit, and what it is per."""
    fact = reading.fact
    unit = (fact.unit if fact else None) or ""
    per = str(fact.attrs.get("per") or "") if fact else ""
    kind = "number" if reading.type in ("number", "count", "quantity", "amount") else reading.type
    return kind, unit, per


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def neutral_amount(value: float, unit: str = "") -> str:
    """An amount written the same way in every UI language: "4 600 000 USD", "60 %"."""
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    text = text.replace(",", _THIN)
    return f"{text} {unit}".strip() if unit else text


def _intervals(readings: list[Reading]) -> tuple[str, dict[str, list[Any]]]:
    """("date" or "amount", article -> the intervals its readings allow) for a claim's readings.

    Amounts are compared only within the largest group of comparable ones (same
    unit, same "per"); other values of the claim stay out of the comparison.
    """
    dated = [r for r in readings if r.type in DATE_TYPES]
    amounts = [r for r in readings if r.type in AMOUNT_TYPES and _number(r.value) is not None]
    if len({r.article for r in dated}) >= len({r.article for r in amounts}) and dated:
        out: dict[str, list[Any]] = {}
        for r in dated:
            interval = temporal.reading_interval(r.fact, r.value)
            if interval is not None:
                out.setdefault(r.article, []).append(interval)
        return "date", out
    groups: dict[tuple[str, str, str], list[Reading]] = {}
    for r in amounts:
        groups.setdefault(_amount_key(r), []).append(r)
    if not groups:
        return "amount", {}
    best = max(groups.values(), key=lambda rs: (len({r.article for r in rs}), len(rs)))
    out = {}
    for r in best:
        out.setdefault(r.article, []).append(amount_interval(r.fact, float(r.value)))
    return "amount", out


def _disjoint(a: list[Any], b: list[Any]) -> bool:
    return not any(x[0] <= y[1] and y[0] <= x[1] for x in a for y in b)


def _all_meet(intervals: dict[str, list[Any]]) -> bool:
    """Whether every interval shares one point (then no two sources are disjoint): the common case,
    checked in one pass instead of comparing every pair of sources."""
    every = [x for found in intervals.values() for x in found]
    return max(x[0] for x in every) <= min(x[1] for x in every)


def _disjoint_pairs(intervals: dict[str, list[Any]]) -> list[tuple[str, str]]:
    """The pairs of sources none of whose intervals meet, in the order of ``combinations``."""
    return [(a, b) for a, b in combinations(intervals, 2) if _disjoint(intervals[a], intervals[b])]


def value_conflicts(view: StoryView) -> list[Discrepancy]:
    """Claims whose sources give values that cannot all be right.

    Two sources conflict when none of the values one gives is compatible with
    any the other gives; a claim with such a pair is one discrepancy, showing
    every source's values (the agreeing ones too, so the reader sees the
    whole picture).
    """
    found = []
    for claim in view.claims:
        readings = view.readings(claim)
        what, intervals = _intervals(readings)
        if len(intervals) < 2:
            continue
        pairs = [] if _all_meet(intervals) else _disjoint_pairs(intervals)
        if not pairs:
            continue
        kinds = DATE_TYPES if what == "date" else AMOUNT_TYPES
        shown = [r for r in readings if r.type in kinds]
        if what == "date":
            # A source's second statement of the date in other words belongs on the page too.
            shown += temporal.restatements(view, shown)
            shown.sort(key=lambda r: (view.order.index(r.article), r.evidence.start))
        involved = list(dict.fromkeys(r.article for r in shown))
        values = {aid: _distinct([r.value for r in shown if r.article == aid]) for aid in involved}
        conflicting = sorted({aid for pair in pairs for aid in pair}, key=view.order.index)
        if what == "date":
            stated = sorted({str(r.value) for r in shown if r.article in conflicting and r.value})
            reason, params = "why_value_date", {"values": " · ".join(stated)}
        else:
            numbers = [
                (float(r.value), _amount_key(r)[1])
                for r in shown
                if r.article in conflicting and _number(r.value) is not None
            ]
            low, high = min(numbers), max(numbers)
            reason = "why_value_amount"
            params = {"low": neutral_amount(*low), "high": neutral_amount(*high)}
        params["count"] = view.families_of(conflicting)
        found.append(
            Discrepancy(
                id="",
                story=view.story.id,
                kind="value",
                claim=claim.id,
                values=frozen_map(values),
                evidence=tuple(view.evidence_of(r) for r in shown),
                reason=reason,
                params=frozen_map(params),
                weight=VALUE_TIER + 0.1 * min(view.families_of(involved), 9),
            )
        )
    return found


def _distinct(values: list[Any]) -> Any:
    """One value as itself, several as the list of distinct ones in text order."""
    unique = []
    for v in values:
        if v not in unique:
            unique.append(v)
    return unique[0] if len(unique) == 1 else unique


# --------------------------------------------------------------------------
# Coverage
# --------------------------------------------------------------------------


def coverage_gaps(view: StoryView) -> list[Discrepancy]:
    """Values stated by one independent source only, or left out by most of them.

    Only claims anchored in a value (an amount, a date) count, and the silence
    of the others is checked: a source that states a compatible value of the
    same kind anywhere in its text is not counted as silent, since the
    aligner may simply have missed it there.
    """
    total = view.total_families()
    if total < 3:
        return []
    found = []
    stated = _Stated(view)
    for claim in view.claims:
        readings = [r for r in view.readings(claim) if r.type in COVERAGE_TYPES and r.value is not None]
        if not readings:
            continue
        stating = [aid for aid in view.order if claim.sources.get(aid) in ("states", "differs")]
        stating = list(dict.fromkeys([*stating, *(r.article for r in readings)]))
        stated_by = set(stating)
        absent = [aid for aid in view.order if aid not in stated_by]
        families = view.families_of(stating)
        if not absent or not (families == 1 or families * 3 <= total):
            continue
        if any(_states_anyway(stated, aid, readings) for aid in absent):
            continue
        absent_families = total - families
        found.append(
            Discrepancy(
                id="",
                story=view.story.id,
                kind="coverage",
                claim=claim.id,
                values=frozen_map(
                    {aid: _distinct([r.value for r in readings if r.article == aid]) for aid in stating}
                ),
                evidence=tuple(view.evidence_of(r) for r in readings),
                reason="why_coverage_single" if families == 1 else "why_coverage_few",
                params=frozen_map(
                    {
                        "stating": families,
                        "absent": absent_families,
                        "total": total,
                        "value": " · ".join(dict.fromkeys(_neutral(r) for r in readings)),
                    }
                ),
                weight=COVERAGE_TIER + 0.1 * min(absent_families, 9) / 2,
            )
        )
    return found


def _neutral(reading: Reading) -> str:
    """A reading's value as language-neutral text, for titles and explanations."""
    number = _number(reading.value)
    if reading.type in AMOUNT_TYPES and number is not None:
        return neutral_amount(number, _amount_key(reading)[1])
    return str(reading.value)


class _Stated:
    """Every value each article states, as intervals, indexed to answer "does this article state a
    value compatible with that interval?" in logarithmic time (coverage checks every silent source
    against every claim: a linear scan made large stories quadratic)."""

    def __init__(self, view: StoryView) -> None:
        groups: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
        for aid in view.order:
            for fact in view.facts(aid):
                unit = "" if fact.type in DATE_TYPES else (fact.unit or "")
                interval = _fact_interval(fact.type, fact, fact.value)
                if interval is not None:
                    groups.setdefault((aid, fact.type, unit), []).append(interval)
        self._index: dict[tuple[str, str, str], tuple[list[float], list[float]]] = {}
        for key, intervals in groups.items():
            intervals.sort()
            highest, reach = [], -math.inf
            for _, hi in intervals:
                reach = max(reach, hi)
                highest.append(reach)
            self._index[key] = ([lo for lo, _ in intervals], highest)

    def overlaps(self, article_id: str, kind: str, unit: str, interval: tuple[float, float]) -> bool:
        """Whether the article states a value of this kind (and unit) whose interval meets ``interval``."""
        found = self._index.get((article_id, kind, unit))
        if found is None:
            return False
        los, highest = found
        n = bisect_right(los, interval[1])  # the intervals starting no later than this one ends
        return n > 0 and highest[n - 1] >= interval[0]


def _fact_interval(kind: str, fact: Fact | None, value: Any) -> tuple[float, float] | None:
    """The values a stated fact allows, as numbers: days (ordinals) for dates, amounts otherwise."""
    if kind in DATE_TYPES:
        days = temporal.date_interval(value)
        return (days[0].toordinal(), days[1].toordinal()) if days else None
    number = _number(value)
    if number is None:
        return None
    return amount_interval(fact, number)


def _states_anyway(stated: _Stated, article_id: str, readings: list[Reading]) -> bool:
    """Whether an article the aligner counts as silent has a compatible value of the same kind."""
    for r in readings:
        unit = "" if r.type in DATE_TYPES else ((r.fact.unit if r.fact else None) or "")
        interval = _fact_interval(r.type, r.fact, r.value)
        if interval is not None and stated.overlaps(article_id, r.type, unit, interval):
            return True
    return False


# --------------------------------------------------------------------------
# The hook
# --------------------------------------------------------------------------


def detect(
    story: Story,
    claims: Iterable[Claim],
    results: Iterable[ArticleResult],
    entities: Iterable[Entity] = (),
    lineage: Iterable[Lineage] = (),
) -> list[Discrepancy]:
    """Every discrepancy of a story, numbered ``<story>:d1``… in the order the site lists them."""
    view = StoryView(story, claims, results, entities, lineage)
    conflicts = value_conflicts(view)
    conflicting = {d.claim for d in conflicts}
    found = [
        *conflicts,
        *temporal.self_contradictions(view),
        *temporal.stale_forecasts(view),
        # A value conflict's page already shows which sources cannot be dated: no second flag.
        *(d for d in temporal.unresolved_relatives(view) if d.claim not in conflicting),
        *details.role_differences(view),
        *details.setting_differences(view),
        *details.list_differences(view),
        *coverage_gaps(view),
    ]
    found = [d for d in found if d.evidence]

    def order(d: Discrepancy) -> tuple[Any, ...]:
        first = d.evidence[0]
        return (
            -round(d.weight, 6),
            KINDS.index(d.kind) if d.kind in KINDS else len(KINDS),
            d.reason,
            d.claim or "",
            view.order.index(first.article) if first.article in view.order else 0,
            first.start,
        )

    found.sort(key=order)
    return [replace(d, id=f"{story.id}:d{n}") for n, d in enumerate(found, 1)]


@hookimpl
def parallax_discrepancies(
    story: Story,
    claims: tuple[Claim, ...],
    results: tuple[ArticleResult, ...],
    entities: tuple[Entity, ...],
    lineage: tuple[Lineage, ...],
    settings: Settings,
) -> list[Discrepancy]:
    """Value conflicts, temporal inconsistencies, differing details and coverage gaps of one story."""
    return detect(story, claims, results, entities, lineage)
