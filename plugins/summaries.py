"""Built-in summarizer: each article's extractive summary and the story's summary (``parallax_summarize``).

**Article summaries** are two to four of the article's own sentences, in
reading order, in its own language. They are chosen for what the article
contributes to the story, not for coming first: a sentence scores for the
claims it states (more for a claim that many independent sources state, and
a bonus for one that only this source states), for the discrepancies it is
evidence of, for the facts and entities it holds, a little for standing near
the top, and less when it is very short, very long, a heading or marked as a
defect. The best are taken greedily, never two that state the same claim or
repeat each other's words. An article of two sentences or fewer is its own
summary.

**The story summary** is a list of language-neutral
:class:`~generator.model.SummaryPoint` items, each tied to a claim or a
discrepancy and written out by every UI language's catalogue
(``<lang>.summaries.yml``):

* what the independent sources agree on: claims that two independent
  sources or more state with the same value (translations and rewrites of
  one another, lineage families, count once), most corroborated first;
* what they disagree on: the heaviest value, temporal and detail
  discrepancies, with the value each side gives when they are simple;
* what only one source says: coverage discrepancies first, then the most
  informative claims that one independent source alone states.

A claim appears in one point at most. Source names in the params are
outlets (else titles, else first words): plain strings, escaped by whoever
writes them out. Nothing here knows a story; the caps are options.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator import hookimpl
from generator.model import (
    Article,
    ArticleResult,
    Claim,
    Discrepancy,
    Entity,
    Evidence,
    Lineage,
    Span,
    Story,
    Summary,
    SummaryPoint,
    frozen_map,
)
from generator.settings import Settings
from plugins.discrepancies import AMOUNT_TYPES, StoryView, neutral_amount

NAME = "summaries"
MAX_AGREED = 3
MAX_DISPUTED = 3
MAX_SINGLE = 2
MAX_SENTENCES = 4
MIN_SENTENCES = 2
# A source named in a summary sentence: at most this many characters, and this many names a side.
MAX_NAME = 40
MAX_NAMES = 3
# Statuses of a source that states a claim.
STATING = ("states", "differs")

# -- sentence scores (article summaries) ------------------------------------
CLAIM_BASE = 1.0  # a claim the sentence states
CLAIM_PER_FAMILY = 0.5  # ... plus this for each further independent source stating it (up to 4)
CLAIM_ONLY_HERE = 1.5  # ... or this when no other independent source states it
DISCREPANCY_BASE = 0.5  # evidence of a discrepancy
DISCREPANCY_PER_WEIGHT = 0.2  # ... plus this times its weight (up to 4)
PER_FACT = 0.3  # a fact the sentence holds (up to 4)
PER_ENTITY = 0.15  # an entity it names (up to 4)
LEAD = 0.6  # the first sentence; the second gets half, the third a third
SHORT_WORDS, SHORT_FACTOR = 6, 0.4  # fewer words than this: the score times this
LONG_WORDS, LONG_FACTOR = 60, 0.6  # more words than this
HEADING_FACTOR = 0.3  # a sentence in a heading of the article
DEFECT_FACTOR = 0.7  # a sentence a defect detector marked (a repeated clause, ...)
SAME_WORDS = 0.6  # two sentences sharing this share of their words repeat each other


@hookimpl
def parallax_options() -> dict[str, Any]:
    """How long the summaries are."""
    return {
        "agreed": (int, MAX_AGREED, "Story summary: most points on what the independent sources agree on."),
        "disputed": (int, MAX_DISPUTED, "Story summary: most points on what the sources disagree on."),
        "single": (int, MAX_SINGLE, "Story summary: most points on what one source alone says."),
        "sentences": (int, MAX_SENTENCES, "Article summary: most sentences (two at least)."),
    }


@hookimpl
def parallax_summarize(
    story: Story,
    results: tuple[ArticleResult, ...],
    claims: tuple[Claim, ...],
    discrepancies: tuple[Discrepancy, ...],
    entities: tuple[Entity, ...],
    lineage: tuple[Lineage, ...],
    settings: Settings,
) -> Summary:
    """The story's summary points and each article's summary sentences."""
    options = settings.plugin_options(NAME)
    view = StoryView(story, claims, results, entities, lineage)
    points = story_points(
        view,
        discrepancies,
        agreed=options.get("agreed", MAX_AGREED),
        disputed=options.get("disputed", MAX_DISPUTED),
        single=options.get("single", MAX_SINGLE),
    )
    limit = max(MIN_SENTENCES, options.get("sentences", MAX_SENTENCES))
    chosen = {}
    index = _Cited(view, discrepancies)
    for aid in view.order:
        spans = article_summary(view, aid, discrepancies, limit, index)
        if spans:
            chosen[aid] = spans
    return Summary(story=story.id, points=tuple(points), articles=frozen_map(chosen))


# --------------------------------------------------------------------------
# Source names and values, language-neutral
# --------------------------------------------------------------------------


def source_name(article: Article) -> str:
    """How a summary names a source: its outlet, else its title, else its first words."""
    for text in (article.meta("outlet"), article.meta("title")):
        words = " ".join((text or "").split())
        if words:
            return _clip(words)
    first = min(article.sentences, key=lambda s: s.start, default=None)
    words = " ".join((article.text[first.start : first.end] if first else article.text).split())
    return _clip(words) if words else article.id


def _clip(text: str, length: int = MAX_NAME) -> str:
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
    return cut.rstrip(",;:–—-") + "…"


def _names(view: StoryView, article_ids: Iterable[str]) -> str:
    """Sources by name, distinct, in the story's order: "A, B, C, …" beyond MAX_NAMES."""
    ids = sorted({a for a in article_ids if a in view.results}, key=view.order.index)
    names = list(dict.fromkeys(source_name(view.article(a)) for a in ids))
    shown = names[:MAX_NAMES] + (["…"] if len(names) > MAX_NAMES else [])
    return ", ".join(shown)


def _neutral(value: Any, claim: Claim | None) -> str | None:
    """A value as every UI language can read it: an amount with thin-space groups, an ISO date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        unit = str(claim.topic.get("unit") or "") if claim else ""
        return neutral_amount(float(value), unit)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


# --------------------------------------------------------------------------
# The story summary
# --------------------------------------------------------------------------


def _stating(claim: Claim, statuses: Sequence[str] = STATING) -> list[str]:
    return [aid for aid, status in claim.sources.items() if status in statuses]


def _informative(claim: Claim) -> bool:
    """Whether a claim says something a reader can take away (an unresolved date does not)."""
    topic = claim.topic
    if claim.kind == "quote":
        return bool(topic.get("quote"))
    if claim.kind in AMOUNT_TYPES or claim.kind == "date":
        return topic.get("value") not in (None, "")
    return True


def _rank(claim: Claim) -> int:
    """How much a kind of claim tells: figures, then dates and attributed quotes, then the rest."""
    if claim.kind in AMOUNT_TYPES:
        return 3
    if claim.kind == "date":
        return 2
    if claim.kind == "quote":
        return 2 if claim.topic.get("speaker") else 1
    return 1


def story_points(
    view: StoryView,
    discrepancies: Sequence[Discrepancy],
    agreed: int = MAX_AGREED,
    disputed: int = MAX_DISPUTED,
    single: int = MAX_SINGLE,
) -> list[SummaryPoint]:
    """Agreed, disputed and single-source points, in that order, one claim in one point at most."""
    claims = {c.id: c for c in view.claims}
    mine = [d for d in discrepancies if d.story == view.story.id]
    used: set[str] = set()

    # What they disagree on: the heaviest first (the detectors' order, made sure of).
    against = []
    ordered = sorted(enumerate(mine), key=lambda x: (-round(x[1].weight, 6), x[0]))
    for _, d in ordered:
        if len(against) >= disputed:
            break
        if d.kind == "coverage" or d.reason == "why_temporal_unresolved":
            continue  # who is silent, or a date nobody can place: not a disagreement
        if d.claim and d.claim in used:
            continue
        point = _disputed(view, d, claims.get(d.claim) if d.claim else None)
        if point is None:
            continue
        against.append(point)
        if d.claim:
            used.add(d.claim)

    # What they agree on: claims stated alike by two independent sources or more.
    total = view.total_families()
    conflicting = {d.claim for d in mine if d.kind == "value" and d.claim}
    candidates = []
    for n, claim in enumerate(view.claims):
        if claim.id in used or claim.id in conflicting or not _informative(claim):
            continue
        alike = [a for a in _stating(claim, ("states",)) if a in view.results]
        families = view.families_of(alike)
        if families >= 2:
            candidates.append((-families, -len(alike), -_rank(claim), n, claim, families))
    agreeing = []
    for *_, claim, families in sorted(candidates, key=lambda c: c[:4])[: max(0, agreed)]:
        key = "summary_agreed_all" if families >= total else "summary_agreed"
        agreeing.append(SummaryPoint(key, frozen_map({"count": families, "total": total}), claim=claim.id))
        used.add(claim.id)

    # What only one source says: coverage flags first, then the most telling lone claims.
    alone: list[SummaryPoint] = []
    if total >= 2:
        for _, d in ordered:
            if len(alone) >= single:
                break
            if d.kind != "coverage" or not d.claim or d.claim in used or d.claim not in claims:
                continue
            alone.append(_coverage(view, d, total))
            used.add(d.claim)
        lone = []
        for n, claim in enumerate(view.claims):
            stating = [a for a in _stating(claim) if a in view.results]
            if claim.id in used or not stating or not _informative(claim):
                continue
            if view.families_of(stating) == 1:
                lone.append((-_rank(claim), -len(_evidence_facts(claim)), n, claim, stating))
        for *_, claim, stating in sorted(lone, key=lambda c: c[:3]):
            if len(alone) >= single:
                break
            params = {"sources": _names(view, stating), "total": total}
            alone.append(SummaryPoint("summary_single", frozen_map(params), claim=claim.id))
            used.add(claim.id)
    return [*agreeing, *against, *alone]


def _evidence_facts(claim: Claim) -> list[int]:
    return [e.fact for e in claim.evidence if e.fact is not None]


def _coverage(view: StoryView, d: Discrepancy, total: int) -> SummaryPoint:
    stating = [a for a in d.values if a in view.results] or [e.article for e in d.evidence]
    families = view.families_of(stating)
    params = {"sources": _names(view, stating), "count": families, "total": total}
    key = "summary_single" if families <= 1 else "summary_few"
    return SummaryPoint(key, frozen_map(params), claim=d.claim, discrepancy=d.id)


def _sides(view: StoryView, d: Discrepancy, claim: Claim | None) -> list[str]:
    """Each value a discrepancy's sources give, with who gives it: "2024 (A, B)", most sources first."""
    holders: dict[str, list[str]] = {}
    for aid, given in d.values.items():
        if aid not in view.results:
            continue
        for value in given if isinstance(given, list | tuple) else [given]:
            text = _neutral(value, claim)
            if text is not None:
                holders.setdefault(text, []).append(aid)
    order = list(holders)
    ranked = sorted(
        holders.items(), key=lambda kv: (-view.families_of(kv[1]), -len(kv[1]), order.index(kv[0]))
    )
    return [f"{value} ({_names(view, aids)})" for value, aids in ranked]


def _disputed(view: StoryView, d: Discrepancy, claim: Claim | None) -> SummaryPoint | None:
    """A point for a disagreement: a sentence fit for its reason, or a plain one."""
    params = d.params
    involved = [a for a in d.values if a in view.results] or [
        e.article for e in d.evidence if e.article in view.results
    ]

    def point(key: str, **values: Any) -> SummaryPoint:
        return SummaryPoint(key, frozen_map(values), claim=claim.id if claim else None, discrepancy=d.id)

    if claim is not None and d.kind == "value":
        sides = _sides(view, d, claim)
        if 2 <= len(sides) <= 4:
            return point("summary_disputed_value", sides=" · ".join(sides))
    self_contradiction = d.reason.startswith("why_temporal_self")
    if (
        claim is not None
        and self_contradiction
        and params.get("stated")
        and params.get("relative")
        and involved
    ):
        return point(
            "summary_temporal_self",
            source=_names(view, involved[:1]),
            stated=str(params["stated"]),
            relative=" ".join(str(params["relative"]).split()),
        )
    if claim is not None and d.reason.startswith("why_temporal_forecast") and params.get("target"):
        return point(
            "summary_temporal_forecast", target=str(params["target"]), sources=_names(view, involved)
        )
    if d.reason == "why_detail_role" and params.get("name"):
        return point("summary_detail_role", name=str(params["name"]))
    if d.reason == "why_detail_setting" and params.get("name"):
        return point("summary_detail_setting", name=str(params["name"]))
    if d.reason == "why_detail_list" and params.get("only"):
        return point("summary_detail_list", only=str(params["only"]))
    if claim is not None:
        return point("summary_disputed", sources=_names(view, involved))
    if involved:
        return point("summary_disputed_plain", sources=_names(view, involved))
    return None


# --------------------------------------------------------------------------
# Article summaries
# --------------------------------------------------------------------------


@dataclass
class _Sentence:
    index: int
    span: Span
    text: str
    score: float = 0.0
    claims: frozenset[str] = frozenset()
    words: frozenset[str] | None = None  # the set of its _words, once computed

    def word_set(self) -> frozenset[str]:
        if self.words is None:
            self.words = frozenset(_words(self.text))
        return self.words


class _Cited:
    """What the claims and discrepancies of a story cite in each article, indexed once per story.

    Each article's summary needs its own evidence of every claim and discrepancy;
    scanning all of them for every article made a story's summaries quadratic.
    Both lists keep the claims' and discrepancies' order (scores add up in it).
    """

    def __init__(self, view: StoryView, discrepancies: Sequence[Discrepancy]) -> None:
        self.claims: dict[str, list[tuple[Claim, list[Evidence], int]]] = {}
        for claim in view.claims:
            by_article: dict[str, list[Evidence]] = {}
            for e in claim.evidence:
                by_article.setdefault(e.article, []).append(e)
            if not by_article:
                continue
            families = view.families_of(a for a in _stating(claim) if a in view.results)
            for aid, evidence in by_article.items():
                self.claims.setdefault(aid, []).append((claim, evidence, families))
        self.discrepancies: dict[str, list[tuple[Discrepancy, list[Evidence]]]] = {}
        for d in discrepancies:
            by_article = {}
            for e in d.evidence:
                by_article.setdefault(e.article, []).append(e)
            for aid, evidence in by_article.items():
                self.discrepancies.setdefault(aid, []).append((d, evidence))


def _words(text: str) -> list[str]:
    """The words of a sentence; a text written without spaces (Japanese, Chinese) counts by characters."""
    words = re.findall(r"\w+", text.lower())
    letters = sum(len(w) for w in words)
    if words and letters / len(words) > 12:
        # Few spaces for its length: about two characters a word.
        return [text[i : i + 2] for i in range(0, len(text), 2) if text[i : i + 2].strip()]
    return words


def _overlaps(span: Span, start: int, end: int) -> bool:
    return span.start < max(end, start + 1) and start < span.end


def article_summary(
    view: StoryView,
    article_id: str,
    discrepancies: Sequence[Discrepancy] = (),
    limit: int = MAX_SENTENCES,
    cited: _Cited | None = None,
) -> tuple[Span, ...]:
    """The article's summary: its most telling sentences (2 to ``limit``), in reading order.

    ``cited`` is the story's :class:`_Cited` index of ``view`` and ``discrepancies``
    (built here when not given).
    """
    result = view.results.get(article_id)
    if result is None:
        return ()
    article = result.article
    text = article.text
    spans = sorted(
        {s for s in article.sentences if 0 <= s.start < s.end <= len(text) and text[s.start : s.end].strip()},
        key=lambda s: (s.start, s.end),
    )
    # Overlapping spans cannot both be shown: keep the first of each overlap.
    clean: list[Span] = []
    for span in spans:
        if not clean or span.start >= clean[-1].end:
            clean.append(span)
    if len(clean) <= MIN_SENTENCES:
        return tuple(clean)
    sentences = [_Sentence(i, s, text[s.start : s.end]) for i, s in enumerate(clean)]
    _score(view, article_id, result, sentences, cited or _Cited(view, discrepancies))
    want = min(max(MIN_SENTENCES, limit), max(MIN_SENTENCES, 1 + len(sentences) // 6))
    return tuple(s.span for s in sorted(_pick(sentences, want), key=lambda s: s.index))


def _score(
    view: StoryView,
    article_id: str,
    result: ArticleResult,
    sentences: list[_Sentence],
    cited: _Cited,
) -> None:
    article = result.article
    total = view.total_families()
    # The sentences are sorted and do not overlap: their starts and their ends both ascend.
    ends = [s.span.end for s in sentences]

    def holding(start: int, end: int) -> list[_Sentence]:
        """The sentences a span overlaps (as ``_overlaps`` says), found by bisection."""
        stop = max(end, start + 1)
        out = []
        for i in range(bisect_right(ends, start), len(sentences)):
            if sentences[i].span.start >= stop:
                break
            out.append(sentences[i])
        return out

    # Claims: corroborated ones count, and what only this source says counts more.
    claims_of: dict[int, set[str]] = {s.index: set() for s in sentences}
    points = [0.0] * len(sentences)
    for claim, evidence, families in cited.claims.get(article_id, ()):
        weight = CLAIM_BASE + CLAIM_PER_FAMILY * min(max(families - 1, 0), 4)
        if families <= 1 and total > 1:
            weight += CLAIM_ONLY_HERE
        hit = {s.index for e in evidence for s in holding(e.start, e.end)}
        for i in hit:
            claims_of[i].add(claim.id)
            points[i] += weight
    # Discrepancies: where the sources part ways is what a reader must see.
    for d, evidence in cited.discrepancies.get(article_id, ()):
        hit = {s.index for e in evidence for s in holding(e.start, e.end)}
        for i in hit:
            points[i] += DISCREPANCY_BASE + DISCREPANCY_PER_WEIGHT * min(max(d.weight, 0.0), 4.0)
    # Facts and entities the sentence holds.
    facts = [0] * len(sentences)
    for fact in result.extraction.facts:
        for s in holding(fact.start, fact.end):
            facts[s.index] += 1
    names: dict[int, set[str]] = {s.index: set() for s in sentences}
    for start, end, entity in view.mentions(article_id):
        for s in holding(start, end):
            names[s.index].add(entity.id)
    headings = [b for b in article.blocks if b.kind == "h"]
    defects = result.extraction.anomalies
    for s in sentences:
        score = points[s.index] + PER_FACT * min(facts[s.index], 4) + PER_ENTITY * min(len(names[s.index]), 4)
        score += LEAD / (s.index + 1) if s.index < 3 else 0.0
        found = _words(s.text)
        s.words = frozenset(found)  # kept for _similar
        words = len(found)
        if words < SHORT_WORDS:
            score *= SHORT_FACTOR
        elif words > LONG_WORDS:
            score *= LONG_FACTOR
        if any(b.start <= s.span.start and s.span.end <= b.end for b in headings):
            score *= HEADING_FACTOR
        if any(a.end > a.start and _overlaps(s.span, a.start, a.end) for a in defects):
            score *= DEFECT_FACTOR
        s.score = score
        s.claims = frozenset(claims_of[s.index])


def _similar(a: _Sentence, b: _Sentence) -> bool:
    """Whether two sentences repeat each other: the same claim, or most of the same words."""
    if a.claims & b.claims:
        return True
    wa, wb = a.word_set(), b.word_set()
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= SAME_WORDS


def _pick(sentences: list[_Sentence], want: int) -> list[_Sentence]:
    """The best sentences, greedily, none repeating one already taken (if enough are left)."""
    ranked = sorted(sentences, key=lambda s: (-round(s.score, 9), s.index))
    picked: list[_Sentence] = []
    for s in ranked:
        if len(picked) >= want:
            break
        if not any(_similar(s, p) for p in picked):
            picked.append(s)
    for s in ranked:  # everything left repeats something: still two sentences at least
        if len(picked) >= MIN_SENTENCES:
            break
        if s not in picked:
            picked.append(s)
    return picked
