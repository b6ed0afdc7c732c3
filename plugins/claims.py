"""Built-in claim aligner: the same fact stated by several articles, across languages, as one claim.

Implements ``parallax_claims``. Every fact the extractors found (money,
percentages, counts, dates, quotes; any other fact type is compared by type,
unit and value) becomes an *item*: the fact, its normalised value, the
sentence that states it and the entities named there. Items of different
articles are then linked when they state the same thing, and each group of
linked items is one :class:`~generator.model.Claim`, with one piece of
evidence per source (the sentence, so that pages show the source's own words
in context) and a status per source: ``states`` (the claim's value, within
rounding and hedges), ``differs`` (the same claim with another value: another
year, another death toll) or ``absent``.

How two items of one kind and unit are compared (:meth:`_Bucket.scores`): a
score that adds up

* the cosine of the embeddings of their sentences (the quoted words for
  quotes; for a figure, its sentence or the clause that states it, whichever
  match better), from ``embed``; a sentence gets the one before it when it is
  too short to say what it is about ("That happened last year.");
* a bonus when the normalised values agree (within rounding and hedges;
  dates at the precision each gives): larger for values that rarely coincide
  by chance (an amount of money, a percentage, a count of 100 or more) than
  for years and small counts, and a small malus when they differ;
* a bonus for the entities both sentences name (a sentence that names none is
  taken to be about the entities of the sentence before it: "He said...").

Values that cannot be the same figure reported twice (a death toll of 12 and
a town of 40,000; 2019 and 2024) are never linked, nor quotes of two
different speakers. Grouping then runs in two steps (:func:`_cluster`): pairs
scoring :data:`LINK` or more are joined, strongest first, never putting two
items of one article in a group; groups are then merged when their average
score reaches :data:`MERGE_AGREEING` (groups that agree on the value) or
:data:`MERGE` (groups that would put sources in conflict), and at most one
article states both separately (an article that states two things apart is
evidence that they are two claims). An article that states a claim twice is
one source: its clearest statement, with a definite value, is the evidence.
The claim's value is the one most independent sources give (families of
translations and rewrites count once); a source giving another is
``differs``.

Embedding costs about 10 ms a sentence, so only the items the anchors cannot
decide are embedded, at most ``embed_per_article`` per article (an option,
see :func:`_needs_vectors`). Without vectors (no embedder, or it failed)
items are linked by their anchors only: the same distinctive value, or the
same value with the same entities around it; differing values are then not
aligned.

Nothing here knows a story: only the values, the entities the linker found
and the embeddings decide.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

import numpy as np

from generator import hookimpl
from generator.model import ArticleResult, Claim, Entity, Evidence, Fact, Lineage, Story, frozen_map
from generator.settings import Settings

PLUGIN = "claims"

# Fact types aligned as claims, in the order claims of equal coverage are listed.
KINDS = ("money", "percent", "number", "date", "quote")
QUANTITIES = ("money", "percent", "number")

# --- Scores (cosine units; USE v3 gives 0.7-0.9 for the same sentence in two
# languages, 0.45-0.65 for the same fact told in other words, ~0.1-0.3 for
# unrelated sentences of one story). ---------------------------------------
LINK = 0.5  # two items of two articles are joined at this score or above
MERGE = 0.4  # two groups giving different values merge when their average cross-article score is this
MERGE_AGREEING = 0.3  # ...and two groups that agree on the value (or one has none) at this
SAME_DISTINCT = 0.25  # same value, and a value that rarely coincides by chance (money, 62.5 %)
SAME_COMMON = 0.1  # same (or compatible) value that coincides easily (a year, "3 people")
DIFFERENT = -0.05  # another value: the words must carry the link on their own
CONTEXT = 0.15  # times the Jaccard index of the entities named around both facts
SPEAKER = 0.1  # quotes: the same speaker entity
PRECISION = -0.05  # dates given at different precision (a year and a day)
# Texts embedded per story, at most (see _needs_vectors): PER_ARTICLE per
# article, and never fewer than MIN_BUDGET. The model costs about 10 ms of CPU
# a sentence; the seed story needs about 5 per article, a synthetic story of
# 50 articles packed with figures would take 70 each if nothing limited it.
PER_ARTICLE = 6
MIN_BUDGET = 64
# A sentence shorter than this (in words) gets the sentence before it when embedded.
SHORT = 9
# A quantity is embedded with the clause that states it, grown to at least this many words.
CLAUSE_WORDS = 8
# Long sentences are cut to this many words around the fact before embedding:
# the cost of the model grows with the tokens, and a 90-word sentence carries
# several facts whose words would blur the one compared.
WINDOW = 40
# Hedges that widen the tolerance ("about 350,000" and "356,000" agree).
HEDGED_TOLERANCE = 0.1
# A different value is a plausible misreport of the same figure only within this ratio.
MAX_RATIO = 2.0
MAX_YEARS_APART = 3


# --------------------------------------------------------------------------
# Items: one per fact, with what comparison needs
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    """A fact of one article, ready to be compared with the facts of the others."""

    n: int  # index among all items of the story
    article: str
    order: int  # the article's position in the story
    lang: str
    fact: int  # index in the article's extraction.facts
    kind: str
    bucket: tuple[str, str]  # (kind, unit): only items of one bucket are compared
    value: Any  # normalised: float for quantities, ISO string for dates, words for quotes
    number: float | None  # the value as a number, for quantities
    step: float  # quantities: the rounding of the figure as given (see _significant_step)
    interval: tuple[int, int] | None  # dates: first and last day (ordinal) the value covers
    precision: str | None
    qualifier: str | None
    speaker: str | None  # quotes: entity id of the speaker
    start: int  # the evidence: the sentence(s) stating it
    end: int
    fact_start: int
    text: str  # what is embedded: its sentence (quotes: the quoted words)
    clause: str | None  # quantities: the clause stating it, embedded too when it differs
    entities: frozenset[str]  # named in its sentence (or the one before, when it names none)
    names_any: bool  # its own sentence names an entity
    subject: str | None  # the entity named nearest to it in its sentence (the speaker for quotes)
    noun: str | None
    definite: bool  # the value is known (a relative date without anchor is not)


def _sentence_bounds(result: ArticleResult) -> tuple[list[int], list[int]]:
    spans = sorted((s.start, s.end) for s in result.article.sentences)
    return [s for s, _ in spans], [e for _, e in spans]


def _sentence_at(starts: list[int], ends: list[int], pos: int) -> int:
    """Index of the sentence holding ``pos`` (or the nearest before it), -1 if none."""
    i = bisect_right(starts, pos) - 1
    return i if i >= 0 and (pos < ends[i] or i == len(starts) - 1 or pos < starts[i + 1]) else -1


def _mentions(entities: Sequence[Entity]) -> dict[str, list[tuple[int, int, str]]]:
    """Each article's entity mentions as sorted ``(start, end, entity id)``."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for entity in entities:
        for m in entity.mentions:
            found.setdefault(m.article, []).append((m.start, m.end, entity.id))
    for spans in found.values():
        spans.sort()
    return found


def _nearest_entity(spans: list[tuple[int, int, str]], start: int, end: int, lo: int, hi: int) -> str | None:
    """The entity named nearest to ``start..end`` within ``lo..hi`` (its sentence), or None.

    A mention inside the fact (a quote naming someone) is not its subject.
    """
    best: tuple[int, str] | None = None
    for m_start, m_end, eid in spans[bisect_right(spans, (lo, -1, "")) :]:
        if m_start >= hi:
            break
        if m_end > hi or (m_start < end and start < m_end):
            continue
        distance = start - m_end if m_end <= start else m_start - end
        if best is None or (distance, eid) < best:
            best = (distance, eid)
    return best[1] if best else None


def iso_interval(value: Any) -> tuple[int, int] | None:
    """The first and last day (proleptic ordinals) an ISO date at any precision covers."""
    text = str(value or "")
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text[:10])
    if not match:
        return None
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if day:
            d = date(year, int(month), int(day)).toordinal()
            return d, d
        if month:
            m = int(month)
            first = date(year, m, 1)
            last = date(year + (m == 12), m % 12 + 1, 1)
            return first.toordinal(), last.toordinal() - 1
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    except ValueError:
        return None


def _window(text: str, start: int, end: int, fact_start: int, fact_end: int) -> str:
    """The sentence ``text[start:end]``, cut to WINDOW words around the fact when longer."""
    if len(text[start:end].split()) <= WINDOW:  # most sentences: no need to locate the words
        return text[start:end]
    words = list(re.finditer(r"\S+", text[start:end]))
    at = next((i for i, w in enumerate(words) if start + w.end() > fact_start), 0)
    lo = max(0, min(at - WINDOW // 2, len(words) - WINDOW))
    first, last = words[lo], words[min(len(words), lo + WINDOW) - 1]
    return text[start + first.start() : start + last.end()]


# Where a sentence splits into clauses: punctuation followed by a space (so that the
# decimal comma of "2,4 miliardi" does not split), and dashes between spaces.
_CLAUSE = re.compile(r"[,;:)]\s+|\s[(\u2013\u2014]\s*|\s-\s")


def _clause(text: str, start: int, end: int, fact: Fact, others: Sequence[Fact]) -> str:
    """The clause of the sentence ``text[start:end]`` that states a quantity.

    A figure is compared by its sentence and by the words around it, whichever
    match better: "un utile netto di 290 milioni" and "son bénéfice net a
    atteint 310 millions" say the same thing, while their sentences (one adds
    the revenue, the other who announced it) do not; and two death tolls may
    match only by their sentences ("..., said the mayor"). The clause grows by
    its neighbours until it has CLAUSE_WORDS words, but never takes in another
    figure of the same kind.
    """
    cuts = sorted({start, *(m.end() for m in _CLAUSE.finditer(text, start, end) if m.end() < end), end})
    pieces = list(pairwise(cuts))
    at = next((i for i, (a, b) in enumerate(pieces) if a <= fact.start < b), 0)
    lo, hi = at, at

    def free(i: int) -> bool:
        a, b = pieces[i]
        return not any(a <= o.start < b for o in others)

    while len(text[pieces[lo][0] : pieces[hi][1]].split()) < CLAUSE_WORDS:
        if hi + 1 < len(pieces) and free(hi + 1):
            hi += 1
        elif lo > 0 and free(lo - 1):
            lo -= 1
        else:
            break
    return " ".join(text[pieces[lo][0] : pieces[hi][1]].split())


def _quote_words(fact: Fact) -> str:
    value = fact.value if isinstance(fact.value, str) and fact.value.strip() else fact.text
    return " ".join(value.split())


def _items(results: Sequence[ArticleResult], entities: Sequence[Entity]) -> list[Item]:
    """Every fact of the story as an item, in story order."""
    items: list[Item] = []
    mentions = _mentions(entities)
    for order, result in enumerate(results):
        article = result.article
        text = article.text
        starts, ends = _sentence_bounds(result)
        spans = mentions.get(article.id, [])
        named_sets: dict[int, set[str]] = {}
        for m_start, _, eid in spans:
            named_sets.setdefault(_sentence_at(starts, ends, m_start) if starts else -1, set()).add(eid)
        # One frozenset per sentence, shared by the items of that sentence.
        named = {s: frozenset(ids) for s, ids in named_sets.items()}
        # The article's facts of each type by position, to find those in a sentence.
        by_type: dict[str, tuple[list[int], list[Fact]]] = {}
        for o in sorted(result.extraction.facts, key=lambda o: o.start):
            positions, facts = by_type.setdefault(o.type, ([], []))
            positions.append(o.start)
            facts.append(o)
        for index, fact in enumerate(result.extraction.facts):
            s = _sentence_at(starts, ends, fact.start) if starts else -1
            if s >= 0:
                last = _sentence_at(starts, ends, max(fact.start, fact.end - 1))
                lo, hi = starts[s], ends[max(s, last)]
            else:
                lo, hi = fact.start, fact.end
            # A sentence that names nobody is about whom the one before named ("He said...").
            ents = named.get(s) or (named.get(s - 1) if s > 0 else None) or frozenset()
            if fact.type == "quote":
                embedded = _quote_words(fact)
            else:
                embedded = _window(text, lo, hi, fact.start, fact.end)
                if s > 0 and len(text[lo:hi].split()) < SHORT:
                    previous = _window(text, starts[s - 1], ends[s - 1], ends[s - 1], ends[s - 1])
                    embedded = f"{previous} {embedded}"
            clause = None
            if fact.type in QUANTITIES:
                positions, facts = by_type[fact.type]
                inside = facts[bisect_left(positions, lo) : bisect_left(positions, hi)]
                same_kind = [o for o in inside if o is not fact]
                clause = _clause(text, lo, hi, fact, same_kind)
                clause = clause if clause != " ".join(embedded.split()) else None
            subject = _nearest_entity(spans, fact.start, fact.end, lo, hi)
            item = _item(len(items), result, order, index, fact, (lo, hi), embedded, ents, subject, spans)
            if item is not None:
                item.names_any = bool(named.get(s))
                item.clause = clause
                items.append(item)
    return items


def _item(
    n: int,
    result: ArticleResult,
    order: int,
    index: int,
    fact: Fact,
    span: tuple[int, int],
    embedded: str,
    ents: frozenset[str],
    subject: str | None,
    spans: list[tuple[int, int, str]],
) -> Item | None:
    attrs = fact.attrs
    kind = fact.type
    value: Any = fact.value
    number = interval = precision = speaker = noun = None
    definite = value is not None
    unit = fact.unit or ""
    if kind in ("money", "percent", "number"):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return None
        number = float(value)
        noun = attrs.get("noun") if isinstance(attrs.get("noun"), str) else None
        if attrs.get("per"):  # "8 dollars a month" is not "8 dollars"
            unit = f"{unit}/{attrs['per']}"
    elif kind == "date":
        value = str(value) if value is not None else None
        interval = iso_interval(value) if value else None
        definite = interval is not None
        precision = attrs.get("precision") if isinstance(attrs.get("precision"), str) else None
    elif kind == "quote":
        value = _quote_words(fact)
        if not value:
            return None
        start, end = attrs.get("speaker_start"), attrs.get("speaker_end")
        if isinstance(start, int) and isinstance(end, int):
            # The speaker is the entity mentioned in the speaker's span.
            speaker = next((eid for s, e, eid in spans if s < end and start < e), None)
        if speaker is None and fact.entities and attrs.get("speaker"):
            speaker = fact.entities[0]
        subject = speaker
    elif not isinstance(value, str | int | float | bool):
        return None  # another extractor's fact type: compared by value, so a plain one
    qualifier = attrs.get("qualifier") if isinstance(attrs.get("qualifier"), str) else None
    return Item(
        n=n,
        article=result.article.id,
        order=order,
        lang=result.article.lang or "und",
        fact=index,
        kind=kind,
        bucket=(kind, unit),
        value=value,
        number=number,
        step=_significant_step(number) if number is not None else 0.0,
        interval=interval,
        precision=precision,
        qualifier=qualifier,
        speaker=speaker,
        start=span[0],
        end=span[1],
        fact_start=fact.start,
        text=embedded,
        clause=None,
        entities=ents,
        names_any=True,
        subject=subject,
        noun=noun,
        definite=definite,
    )


# --------------------------------------------------------------------------
# Values: same, compatible, different
# --------------------------------------------------------------------------


def _significant_step(value: float) -> float:
    """Half the unit of the last significant digit a figure was given with (2.3e6 -> 5e4)."""
    if value == 0:
        return 0.5
    mantissa = f"{abs(value):.6g}".partition("e")[0]
    digits = mantissa.replace(".", "").lstrip("0").rstrip("0") or "0"
    magnitude = math.floor(math.log10(abs(value)))
    return 0.5 * 10 ** (magnitude - len(digits) + 1)


def _distinctive(item: Item) -> bool:
    """Whether two sources giving this value by chance is unlikely (then the value alone links)."""
    if item.kind in ("money", "percent"):
        return True
    if item.kind == "number":
        return item.number is not None and abs(item.number) >= 100
    if item.kind == "date":
        return item.precision == "day"
    return item.kind != "quote"


def _codes(values: Sequence[Any]) -> np.ndarray:
    """An integer per value, equal for equal values (None is a value too)."""
    seen: dict[Any, int] = {}
    return np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


def _distinct(keys: Sequence[Any]) -> tuple[list[int], np.ndarray]:
    """The position of each distinct key's first occurrence, and each key's distinct number."""
    seen: dict[Any, int] = {}
    first: list[int] = []
    of = []
    for k, key in enumerate(keys):
        if key not in seen:
            seen[key] = len(first)
            first.append(k)
        of.append(seen[key])
    return first, np.array(of, dtype=np.int64)


def _spread(matrix: np.ndarray, of: np.ndarray) -> np.ndarray:
    """A matrix between distinct values as a matrix between items (``of``: each item's value)."""
    return np.take(np.take(matrix, of, axis=0), of, axis=1)


def _same_quantity(a: Item, b: Item) -> bool:
    """The same figure within rounding (2.3 million and 2,280,000) or hedges ("about 350,000")."""
    assert a.number is not None and b.number is not None
    big = max(abs(a.number), abs(b.number))
    tol = max(a.step, b.step)
    if a.qualifier or b.qualifier:
        tol = max(tol, HEDGED_TOLERANCE * big)
    return abs(a.number - b.number) <= tol + 1e-9 * big


def _agrees(a: Item, b: Item) -> bool:
    """Whether two items of one claim give the same value (dates: one period holds the other)."""
    if a.kind in ("money", "percent", "number"):
        return _same_quantity(a, b)
    if a.kind == "date":
        if a.interval is None or b.interval is None:
            return True
        (p, q), (r, t) = a.interval, b.interval
        return (p <= r and t <= q) or (r <= p and q <= t)
    if a.kind == "quote":
        return True
    return bool(a.value == b.value)


def _similarity(vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Pairwise cosine of the items ``rows``: sentence with sentence or clause with clause,
    whichever is higher (see :func:`_clause`)."""
    sentences, clauses = vectors[0, rows], vectors[1, rows]
    return np.maximum(_gram(sentences), _gram(clauses))


# Multiply-adds per matrix product, at most (see _gram).
SMALL_PRODUCT = 1 << 18


def _gram(rows: np.ndarray) -> np.ndarray:
    """``rows @ rows.T``, exactly symmetric, in slices of at most :data:`SMALL_PRODUCT` multiply-adds.

    A multi-threaded BLAS (OpenBLAS) hands larger products to its worker
    threads, and waking them costs more than such a product: small slices run on
    the calling thread. (The cosines may differ in the last bit from one product,
    as they do with the BLAS's thread count: nothing depends on that.)
    """
    step = max(2, SMALL_PRODUCT // max(1, rows.shape[0] * rows.shape[1]))
    if step >= len(rows):
        return rows @ rows.T
    product = np.concatenate([rows[k : k + step] @ rows.T for k in range(0, len(rows), step)])
    upper = np.triu(np.ones(product.shape, dtype=bool))
    return np.where(upper, product, product.T)


class _Bucket:
    """The items of one (kind, unit), with their pairwise relations computed once.

    ``relation[i, j]``: 1 same (or compatible) value, -1 a different value that
    could be a misreport of the same figure, 2 values that cannot be compared
    (quotes, unresolved dates), 0 values that cannot be one claim.
    """

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.kind = items[0].kind
        n = len(items)
        self.orders = np.array([it.order for it in items])
        self.other = self.orders[:, None] != self.orders[None, :]
        self.distinct = np.array([_distinctive(it) for it in items])
        self.both_distinct = self.distinct[:, None] & self.distinct[None, :]
        self.mismatch = np.zeros((n, n), dtype=bool)
        if self.kind in ("money", "percent", "number"):
            self.relation = self._quantities()
        elif self.kind == "date":
            self.relation = self._dates()
        elif self.kind == "quote":
            self.relation = np.full((n, n), 2, dtype=np.int8)
        else:
            codes = _codes([it.value for it in items])
            self.relation = np.where(codes[:, None] == codes[None, :], 1, 0).astype(np.int8)
        self.jaccard = self._jaccard()
        self._cached: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # see _similarity

    # A bucket of a large story holds thousands of items but far fewer distinct values:
    # the relations are computed between distinct values, then spread to the items
    # (as int8: a large bucket's matrices are millions of cells).

    def _quantities(self) -> np.ndarray:
        first, of = _distinct([(it.number, it.qualifier is not None, it.step) for it in self.items])
        items = [self.items[k] for k in first]
        a = np.array([it.number for it in items], dtype=float)
        hedged = np.array([it.qualifier is not None for it in items])
        step = np.array([it.step for it in items])
        diff = np.abs(a[:, None] - a[None, :])
        big = np.maximum(np.abs(a[:, None]), np.abs(a[None, :]))
        tol = np.maximum(step[:, None], step[None, :])
        tol = np.where(hedged[:, None] | hedged[None, :], np.maximum(tol, HEDGED_TOLERANCE * big), tol)
        same = diff <= tol + 1e-9 * big
        small = np.maximum(np.minimum(np.abs(a[:, None]), np.abs(a[None, :])), 1e-12)
        plausible = (big / small <= MAX_RATIO) & (np.sign(a[:, None]) == np.sign(a[None, :]))
        return _spread(np.where(same, 1, np.where(plausible, -1, 0)).astype(np.int8), of)

    def _dates(self) -> np.ndarray:
        first, of = _distinct([(it.interval, it.precision) for it in self.items])
        items = [self.items[k] for k in first]
        lo = np.array([it.interval[0] if it.interval else 0 for it in items], dtype=np.int64)
        hi = np.array([it.interval[1] if it.interval else 0 for it in items], dtype=np.int64)
        known = np.array([it.interval is not None for it in items])
        nested = ((lo[:, None] <= lo[None, :]) & (hi[None, :] <= hi[:, None])) | (
            (lo[None, :] <= lo[:, None]) & (hi[:, None] <= hi[None, :])
        )
        gap = np.maximum(lo[:, None] - hi[None, :], lo[None, :] - hi[:, None])
        near = gap <= 366 * MAX_YEARS_APART
        precision = _codes([it.precision for it in items])
        self.mismatch = _spread(precision[:, None] != precision[None, :], of)
        both = known[:, None] & known[None, :]
        return _spread(np.where(both, np.where(nested, 1, np.where(near, -1, 0)), 2).astype(np.int8), of)

    def _jaccard(self) -> np.ndarray:
        ids = sorted({e for it in self.items for e in it.entities})
        n = len(self.items)
        if not ids:
            return np.zeros((n, n), dtype=np.float32)
        # Once per distinct set of entities, then spread to the items.
        first, of = _distinct([it.entities for it in self.items])
        col = {e: i for i, e in enumerate(ids)}
        m = np.zeros((len(first), len(ids)), dtype=np.int32)
        for r, k in enumerate(first):
            m[r, [col[e] for e in self.items[k].entities]] = 1
        # Counts, exact in integers (and a small product: no BLAS threads to wake).
        inter = (m @ m.T).astype(np.float32)
        sizes = m.sum(axis=1).astype(np.float32)
        union = sizes[:, None] + sizes[None, :] - inter
        jaccard = np.where(union > 0, inter / np.maximum(union, 1), 0.0).astype(np.float32)
        return _spread(jaccard, of)

    def _similarity(self, vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """:func:`_similarity`, computed once for both :meth:`scores` and :meth:`repeat_scores`."""
        cached = self._cached
        if cached is None or cached[0] is not vectors or not np.array_equal(cached[1], rows):
            self._cached = cached = (vectors, rows, _similarity(vectors, rows))
        return cached[2]

    def context_ok(self) -> np.ndarray:
        """Pairs whose sentences may speak of the same thing: a third of their entities
        shared, or one of them names none itself ("the group", "he": only the words can tell)."""
        empty = np.array([not it.names_any for it in self.items])
        return (self.jaccard >= 1 / 3) | empty[:, None] | empty[None, :]

    def _speakers(self) -> tuple[np.ndarray, np.ndarray]:
        """(same known speaker, two different known speakers) for quotes."""
        codes = _codes([it.speaker for it in self.items])
        known = np.array([it.speaker is not None for it in self.items])
        both = known[:, None] & known[None, :]
        return both & (codes[:, None] == codes[None, :]), both & (codes[:, None] != codes[None, :])

    def needs(self) -> list[tuple[int, int]]:
        """``(priority, item number)`` for the items whose alignment anchors cannot decide.

        See :func:`_needs_vectors` for the priorities.
        """
        if len(set(self.orders.tolist())) < 2:
            return []
        same = (self.relation == 1) & self.other
        # How many items of j's article share i's value: more than one is ambiguous.
        # (Counted per article by summing its columns, once they are put side by side.)
        _, article = np.unique(self.orders, return_inverse=True)
        by_article = np.argsort(article, kind="stable")
        first = np.searchsorted(article[by_article], np.arange(article.max() + 1))
        side_by_side = same if np.all(by_article[1:] > by_article[:-1]) else same[:, by_article]
        several = np.add.reduceat(side_by_side, first, axis=1, dtype=np.int32) > 1  # item x article
        # ambiguous: several[i, article of j] or several[j, article of i]
        ambiguous = same & (
            np.take(several, article, axis=1) | np.take(np.ascontiguousarray(several.T), article, axis=0)
        )
        weak = same & ~self.both_distinct & (self.jaccard < 0.5)
        context = self.context_ok()
        unknown = (self.relation == 2) & self.other & context
        different = (self.relation == -1) & self.other & context
        ranked = []
        for priority, mask in enumerate(
            ((ambiguous | weak).any(axis=1), unknown.any(axis=1), different.any(axis=1))
        ):
            ranked += [(priority, self.items[i].n) for i in np.nonzero(mask)[0].tolist()]
        best: dict[int, int] = {}
        for priority, n in ranked:
            best[n] = min(priority, best.get(n, priority))
        return sorted((priority, n) for n, priority in best.items())

    def scores(self, vectors: np.ndarray | None, has: np.ndarray) -> np.ndarray:
        """Pairwise scores across articles; -inf where two items must never be linked.

        Pairs whose two items both have a vector are scored with it (see the
        module docstring); the others by their anchors alone: the same value
        links when it is distinctive or said of the same entities (half of
        them or more), and nothing else does.
        """
        same_bonus = np.where(self.both_distinct, SAME_DISTINCT, SAME_COMMON).astype(np.float32)
        ok = (self.relation == 1) & (self.both_distinct | (self.jaccard >= 0.5))
        if self.kind == "quote":
            # Without vectors, only the very same words (a copy, or a quote left untranslated).
            words = _codes([" ".join(it.value.casefold().split()) for it in self.items])
            ok = words[:, None] == words[None, :]
            same_bonus[:] = SAME_DISTINCT
        score = np.where(ok, LINK + CONTEXT * self.jaccard + same_bonus, -np.inf).astype(np.float32)
        rows = np.nonzero(has)[0] if vectors is not None else np.zeros(0, dtype=np.int64)
        if rows.size:
            # Only the items with a vector: usually a small part of a large bucket.
            block = np.ix_(rows, rows)
            relation = self.relation[block]
            # A year holding a day is compatible, but no evidence that both speak of the
            # same day: the bonus goes to values given at the same precision only.
            bonus = np.where(self.mismatch[block], PRECISION, same_bonus[block])
            words = self._similarity(vectors, rows) + CONTEXT * self.jaccard[block]
            words += np.where(relation == 1, bonus, np.where(relation == -1, DIFFERENT, 0.0))
            if self.kind == "quote":
                words += np.where(self._speakers()[0][block], SPEAKER, 0.0)
            score[block] = words
        if self.kind == "quote":
            score[self._speakers()[1]] = -np.inf  # two speakers, two quotes
        score[(self.relation == 0) | ~self.other] = -np.inf
        np.fill_diagonal(score, -np.inf)
        return score

    def repeat_scores(self, vectors: np.ndarray | None, has: np.ndarray) -> np.ndarray:
        """Scores between items of one article, to find repeats; -inf across articles.

        The same value twice in one sentence is one statement; in two sentences,
        only when their words say the same (with vectors).
        """
        starts = np.array([it.start for it in self.items])
        same_value = self.relation == 1
        score = np.full(self.relation.shape, -np.inf, dtype=np.float32)
        rows = np.nonzero(has)[0] if vectors is not None else np.zeros(0, dtype=np.int64)
        if rows.size:
            block = np.ix_(rows, rows)
            words = self._similarity(vectors, rows) + CONTEXT * self.jaccard[block] + SAME_COMMON
            score[block] = np.where(same_value[block], words, -np.inf)
        score[(starts[:, None] == starts[None, :]) & same_value] = np.inf
        score[self.other] = -np.inf
        np.fill_diagonal(score, -np.inf)
        return score


# --------------------------------------------------------------------------
# Grouping
# --------------------------------------------------------------------------


def _union(pairs: Iterable[tuple[int, int]], n: int) -> list[list[int]]:
    """Connected components of ``n`` nodes joined by ``pairs``, in a stable order."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values())


def _cluster(items: Sequence[Item], score: np.ndarray, merge: bool) -> list[list[int]]:
    """Groups of item indices: strong links first (one item per article), then group merges."""
    n = len(items)
    order = np.array([it.order for it in items])
    cluster = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    arts: dict[int, set[int]] = {i: {o} for i, o in enumerate(order.tolist())}
    # The pairs (i < j, in that order) that may link or merge, found in one pass over the matrix.
    rows, cols = np.nonzero(score >= min(LINK, MERGE_AGREEING))
    upper = rows < cols
    rows, cols = rows[upper], cols[upper]
    values = score[rows, cols]
    link = values >= LINK
    # Strongest first; on a tie, in (i, j) order (a stable sort keeps it).
    strongest = np.argsort(-values[link], kind="stable")
    for i, j in zip(rows[link][strongest].tolist(), cols[link][strongest].tolist(), strict=True):
        ci, cj = cluster[i], cluster[j]
        if ci == cj or not arts[ci].isdisjoint(arts[cj]):
            continue
        for k in members[cj]:
            cluster[k] = ci
        members[ci] += members.pop(cj)
        arts[ci] |= arts.pop(cj)
    if not merge:
        return sorted(members.values())
    # Average-linkage merges of groups. Two groups that already agree on the value
    # need less textual evidence (MERGE_AGREEING: the same figure said in other
    # words) than two that would put sources in conflict (MERGE: a false
    # "differs" misleads more than a claim split in two). Only groups joined by
    # at least one pair scoring that much are candidates (the average cannot
    # reach it otherwise), which keeps this step linear in practice; a -inf pair
    # (never linkable) vetoes a merge.
    agreeing = values >= MERGE_AGREEING
    group = np.array(cluster)
    ci, cj = group[rows[agreeing]], group[cols[agreeing]]
    apart = ci != cj
    ci, cj = ci[apart], cj[apart]
    candidates = set(zip(np.minimum(ci, cj).tolist(), np.maximum(ci, cj).tolist(), strict=True))
    consensus: dict[int, Item | None] = {}

    def agreed(c: int) -> Item | None:
        if c not in consensus:
            consensus[c] = _consensus([items[k] for k in members[c]], {})
        return consensus[c]

    def average(ci: int, cj: int) -> float | None:
        conflicts = len(arts[ci] & arts[cj])
        # One article stating both apart is tolerated between groups of three or more
        # sources; more is evidence that these are two claims.
        if conflicts and (conflicts > 1 or 2 * conflicts >= min(len(arts[ci]), len(arts[cj]))):
            return None
        a, b = members[ci], members[cj]
        cross = order[a][:, None] != order[b][None, :]
        pairs = score[np.ix_(a, b)][cross]
        if not cross.any() or not np.all(np.isfinite(pairs)):
            return None
        mean = float(pairs.mean())
        x, y = agreed(ci), agreed(cj)
        agreeing = x is None or y is None or (_agrees(x, y) and x.precision == y.precision)
        return mean if mean >= (MERGE_AGREEING if agreeing else MERGE) else None

    # A pair's average only changes when one of its groups does: kept until then.
    averages: dict[tuple[int, int], float | None] = {}
    while candidates:
        for pair in candidates - averages.keys():
            averages[pair] = average(*pair)
        scored = [(avg, pair) for pair in sorted(candidates) if (avg := averages[pair]) is not None]
        if not scored:
            break
        _, (ci, cj) = max(scored, key=lambda x: (x[0], (-x[1][0], -x[1][1])))
        members[ci] += members.pop(cj)
        arts[ci] |= arts.pop(cj)
        consensus.pop(ci, None)
        averages = {pair: avg for pair, avg in averages.items() if ci not in pair and cj not in pair}
        candidates = {
            (min(x, y), max(x, y))
            for x, y in ((ci if p == cj else p, ci if q == cj else q) for p, q in candidates)
            if x != y
        }
    return sorted(members.values())


def _cluster_with_repeats(
    bucket: _Bucket, score: np.ndarray, repeat_score: np.ndarray, merge: bool
) -> list[list[int]]:
    """Cluster with each article's repeats as one unit (its best-scoring member speaks for it)."""
    rows, cols = np.nonzero(repeat_score >= LINK + SAME_COMMON)
    units = _union(zip(rows.tolist(), cols.tolist(), strict=True), len(bucket.items))
    heads = [u[0] for u in units]
    # A unit's score to another: the best of its members' scores.
    best_rows = np.take(score, heads, axis=0)
    for k, unit in enumerate(units):
        if len(unit) > 1:
            best_rows[k] = score[unit].max(axis=0)
    unit_score = np.take(best_rows, heads, axis=1)
    for k, unit in enumerate(units):
        if len(unit) > 1:
            unit_score[:, k] = best_rows[:, unit].max(axis=1)
    np.fill_diagonal(unit_score, -np.inf)
    groups = _cluster([bucket.items[u[0]] for u in units], unit_score, merge)
    return [sorted(i for g in group for i in units[g]) for group in groups]


# --------------------------------------------------------------------------
# Claims from groups
# --------------------------------------------------------------------------


def _consensus(group: Sequence[Item], families: dict[str, int]) -> Item | None:
    """The item whose value most independent sources give (families count once), or None."""
    definite = [it for it in group if it.definite]
    if not definite:
        return None
    # Whether two items agree depends on their values only: compared once per pair of
    # distinct values, every item of one value has the same support.
    by_value: dict[Any, list[Item]] = {}
    for it in definite:
        by_value.setdefault(_value_key(it), []).append(it)
    support: dict[int, tuple[int, int]] = {}
    for same in by_value.values():
        agreeing = [o for others in by_value.values() if _agrees(same[0], others[0]) for o in others]
        value = (len({families.get(o.article, o.order) for o in agreeing}), len(agreeing))
        support.update((it.n, value) for it in same)
    # Most families, then most articles; ties to the most precise, then the first in story order.
    rank = {"day": 0, "month": 1, "year": 2}
    return min(
        definite,
        key=lambda it: (
            -support[it.n][0],
            -support[it.n][1],
            rank.get(it.precision or "", 3),
            it.order,
            it.n,
        ),
    )


def _value_key(item: Item) -> Any:
    """What :func:`_agrees` reads of an item: two items with equal keys agree with the same items."""
    if item.kind in QUANTITIES:
        return (item.kind, item.number, bool(item.qualifier))  # (the step follows from the number)
    if item.kind == "date":
        return (item.kind, item.interval)
    if item.kind == "quote":
        return (item.kind,)
    return (item.kind, item.value)


def _json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _evidence_value(item: Item) -> Any:
    """What a source says, normalised: a number, an ISO date (None if unresolved), the quoted words."""
    if item.number is not None:
        return _json_number(item.number)
    return item.value


def _representatives(group_idx: Sequence[int], bucket: _Bucket, score: np.ndarray) -> list[Item]:
    """One item per article: a definite value first, then the one closest to the rest of the group."""
    by_article: dict[int, list[int]] = {}
    for i in group_idx:
        by_article.setdefault(bucket.items[i].order, []).append(i)
    chosen = []
    for order in sorted(by_article):
        others = [i for i in group_idx if bucket.items[i].order != order]

        def closeness(i: int, others: list[int] = others) -> float:
            row = score[i, others] if others else np.zeros(1)
            row = row[np.isfinite(row)]
            return float(row.mean()) if row.size else -1.0

        best = by_article[order][0]
        if len(by_article[order]) > 1:
            best = min(
                by_article[order],
                key=lambda i: (not bucket.items[i].definite, -closeness(i), bucket.items[i].fact_start),
            )
        chosen.append(bucket.items[best])
    return chosen


def _clip(words: str, length: int = 90) -> str:
    return words if len(words) <= length else words[: length - 1].rsplit(" ", 1)[0] + "…"


def _topic(group: Sequence[Item], consensus: Item | None, names: dict[str, str]) -> dict[str, Any]:
    """The normalised parts a claim's label is built from."""
    first = consensus or group[0]
    topic: dict[str, Any] = {}
    votes = Counter(it.subject for it in group if it.subject)
    if first.kind == "quote":
        if votes:
            topic["speaker"] = names.get(votes.most_common(1)[0][0], "")
        topic["quote"] = _clip(first.value)
        topic["lang"] = first.lang
        return topic
    if consensus is not None:
        topic["value"] = _evidence_value(consensus)
    if first.bucket[1]:
        topic["unit"] = first.bucket[1]
    if first.kind == "date" and consensus is not None and consensus.precision:
        topic["precision"] = consensus.precision
    if first.kind == "number":
        noun = first.noun or next((it.noun for it in group if it.noun), None)
        if noun:
            topic["noun"] = noun
    if votes:
        # The subject: the entity named nearest to the fact, by most sources.
        top = max(votes.values())
        subject = min(e for e, v in votes.items() if v == top)
        topic["subject"] = names.get(subject, subject)
    return topic


@dataclass(frozen=True)
class _Found:
    kind: str
    topic: dict[str, Any]
    evidence: tuple[Evidence, ...]
    sources: dict[str, str]
    first: tuple[int, int]  # (article order, position): where the claim is first stated


def _claim(
    group_idx: list[int], bucket: _Bucket, score: np.ndarray, names: dict[str, str], families: dict[str, int]
) -> _Found:
    reps = _representatives(group_idx, bucket, score)
    consensus = _consensus(reps, families)
    sources: dict[str, str] = {}
    evidence = []
    for it in reps:
        differs = consensus is not None and it.definite and not _agrees(consensus, it)
        sources[it.article] = "differs" if differs else "states"
        evidence.append(Evidence(it.article, it.start, it.end, fact=it.fact, value=_evidence_value(it)))
    first = min(reps, key=lambda it: (it.order, it.fact_start))
    return _Found(
        kind=bucket.kind,
        topic=_topic(reps, consensus, names),
        evidence=tuple(evidence),
        sources=sources,
        first=(first.order, first.fact_start),
    )


def _vectors(
    items: Sequence[Item],
    buckets: Sequence[_Bucket],
    embed: Callable[[list[str]], list[list[float]]] | None,
    budget: int,
) -> tuple[np.ndarray | None, np.ndarray]:
    """Unit vectors for the items that need them (:func:`_needs_vectors`), and which have one.

    The array is ``(2, items, dimensions)``: each item's sentence, then its
    clause (quantities; the sentence again for the others). None (and no item
    with a vector) when there is no embedder or it failed: then every decision
    is the anchors'.
    """
    has = np.zeros(len(items), dtype=bool)
    if embed is None:
        return None, has
    need = _needs_vectors(buckets, budget)
    texts = list(dict.fromkeys(t for i in need for t in (items[i].text, items[i].clause) if t))
    if not texts:
        return None, has
    raw = embed(texts)
    if len(raw) != len(texts) or any(len(v) == 0 for v in raw):
        return None, has
    matrix = np.asarray(raw, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms > 0, norms, 1.0)
    row = {t: i for i, t in enumerate(texts)}
    out = np.zeros((2, len(items), matrix.shape[1]), dtype=np.float32)
    for i in need:
        out[0, i] = matrix[row[items[i].text]]
        out[1, i] = matrix[row[items[i].clause or items[i].text]]
        has[i] = True
    return out, has


def _needs_vectors(buckets: Sequence[_Bucket], budget: int) -> list[int]:
    """The items whose alignment the anchors cannot decide, most needed first, at most ``budget``.

    Embedding costs about 10 ms a sentence, so the anchors decide what they
    can: an item alone in its bucket (the only 8-dollars-a-month of the
    story), or whose value no other article comes near, is a claim of its
    own whatever its words say; a distinctive value (350,000 EUR, 62.5 %)
    that each of two articles gives once is the same claim in both. Vectors
    are needed, in this order, for:

    0. a value two articles share but one of them gives more than once, or a
       common one (a year, "3 people") said of other entities (which 2024?);
    1. quotes and unresolved dates, whose values cannot be compared;
    2. a different value (12 dead or 15?) in sentences that may speak of the
       same thing (:meth:`_Bucket.context_ok`): only the words can tell a
       differing report from another figure.

    Beyond the budget, the lowest-priority items are decided by anchors.
    """
    ranked = sorted(need for bucket in buckets for need in bucket.needs())
    return sorted(n for _, n in ranked[:budget])


def align(
    story: Story,
    results: Sequence[ArticleResult],
    entities: Sequence[Entity],
    lineage: Sequence[Lineage],
    embed: Callable[[list[str]], list[list[float]]] | None,
    budget: int | None = None,
) -> list[Claim]:
    """The story's claims (see the module docstring); ``embed`` may be None or return empty vectors.

    ``budget``: at most this many texts are embedded (default: :data:`PER_ARTICLE` per
    article, at least :data:`MIN_BUDGET`).
    """
    items = _items(results, entities)
    if not items:
        return []
    budget = max(MIN_BUDGET, PER_ARTICLE * len(results)) if budget is None else budget
    names = {e.id: e.name for e in entities}
    # Corroboration counts families (translations, copies) once, not their articles.
    families = {aid: -1 - number for number, family in enumerate(lineage) for aid in family.articles}
    grouped: dict[tuple[str, str], list[Item]] = {}
    for it in items:
        grouped.setdefault(it.bucket, []).append(it)
    buckets = [_Bucket(grouped[key]) for key in sorted(grouped)]
    vectors, has = _vectors(items, buckets, embed, budget)
    found: list[_Found] = []
    for bucket in buckets:
        rows = [it.n for it in bucket.items]
        vecs = vectors[:, rows] if vectors is not None else None
        score = bucket.scores(vecs, has[rows])
        repeat_score = bucket.repeat_scores(vecs, has[rows])
        for group in _cluster_with_repeats(bucket, score, repeat_score, merge=vecs is not None):
            found.append(_claim(group, bucket, score, names, families))
    rank = {kind: i for i, kind in enumerate(KINDS)}
    # Most sources first; then where the story first states it.
    found.sort(key=lambda f: (-len(f.sources), f.first, rank.get(f.kind, len(rank))))
    return [
        Claim(
            id=f"{story.id}:c{number}",
            story=story.id,
            kind=f.kind,
            topic=frozen_map(f.topic),
            evidence=f.evidence,
            sources=frozen_map(f.sources),
        )
        for number, f in enumerate(found, 1)
    ]


@hookimpl
def parallax_options() -> dict[str, Any]:
    """The aligner's option: how many sentences it may embed per article."""
    return {
        "embed_per_article": (
            int,
            PER_ARTICLE,
            "Sentences embedded per article of a story, at most, for the alignments anchors cannot "
            f"decide (at least {MIN_BUDGET} per story; about 10 ms each). 0: anchors only.",
        )
    }


@hookimpl
def parallax_claims(
    story: Story,
    results: tuple[ArticleResult, ...],
    entities: tuple[Entity, ...],
    lineage: tuple[Lineage, ...],
    embed: Callable[[list[str]], list[list[float]]],
    settings: Settings,
) -> list[Claim]:
    """The story's facts aligned into claims, across articles and languages."""
    per_article = int(settings.plugin_options(PLUGIN).get("embed_per_article", PER_ARTICLE))
    budget = max(MIN_BUDGET, per_article * len(results)) if per_article > 0 else 0
    return align(story, results, entities, lineage, embed if budget else None, budget)
