"""Built-in lineage detector: articles that are translations, copies or rewrites of one another.

Implements ``parallax_lineage``. Two articles of a story belong to one family
when one follows the other (or both follow one original) text for text, so
that corroboration can count independent families rather than articles.
Two kinds of evidence, both language-independent:

* **Anchors in the same order.** Each article is read as the sequence of its
  anchors, in the order they first appear: the entities it names (by the
  extractors' normalised keys), its amounts, percentages, counts and dates
  (a relative date as "a relative date of that precision", since "last year"
  and "no ano passado" resolve differently or not at all), and its quotes by
  speaker. Anchors are weighted by how rare they are in the story (an idf:
  what every article names says nothing about lineage; a detail only two
  articles share says a lot), and two articles are compared by the weighted
  longest common subsequence of their anchors, over the weight of the
  smaller article: 1 when one's anchors all appear in the other, in order.
* **Sentences that match one to one, in order.** For the pairs the anchors
  make candidates, every sentence of both articles is embedded (the
  built-in multilingual embedder) and a monotone alignment (dynamic
  programming, like a diff) pairs sentences whose cosine is at least
  :data:`SENTENCE`. Its *coverage* is the share of the shorter article's
  sentences that found a partner.

Decisions, with the thresholds measured on USE v3 (translations of one text
score 0.7-0.9 per sentence, rewrites 0.5-0.65, independent reports of one
event rarely above 0.5 outside the sentences that carry the same fact):

* ``translation`` (different languages) or ``copy`` (one language, nearly the
  same characters) or ``rewrite`` (one language, other words): coverage of at
  least :data:`TRANSLATION_COVERAGE` with a mean cosine of at least
  :data:`TRANSLATION_MEAN`: nearly every sentence has its counterpart;
* ``rewrite`` across languages or within one: two articles (or families)
  that are each other's closest relative by anchors, with an anchor score of
  at least :data:`REWRITE_ANCHORS` and at least :data:`REWRITE_SENTENCES`
  sentences aligned in order. Requiring the relation to be mutual is what
  keeps independent reports of one event apart: they share the facts, but
  no one of them follows any other more than the rest.

Without an embedder (switched off) only anchors decide, and only the strict
case: the anchor sequences nearly identical (a copy or a close translation).

Vectors come from the host's ``embed`` (memoised in memory and on disk, and
shared with the claims, so no sentence is embedded twice), used only when
some plugin embeds. The hook does not get the linked entities: entities are
compared by the extractors' normalised mention keys (so a name in two
scripts counts as two anchors).

The family's ``score``: the mean cosine of the aligned sentences for
translations and copies, the anchor score for rewrites.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from generator import hookimpl
from generator.model import ArticleResult, Lineage, Story

Embed = Callable[[list[str]], list[list[float]]]

# A sentence pair counts as aligned at this cosine or above.
SENTENCE = 0.5
# Translations and copies: this share of the longer article's sentences aligned...
TRANSLATION_COVERAGE = 0.7
# ...with at least this mean cosine.
TRANSLATION_MEAN = 0.7
# Same language and at least this character similarity: a copy, not a rewrite.
COPY_RATIO = 0.9
# Rewrites: mutual closest relatives by anchors, with at least this anchor score...
REWRITE_ANCHORS = 0.3
# ...and at least this many sentences aligned in order.
REWRITE_SENTENCES = 4
# Without vectors, anchor sequences this close mean a copy or a close translation.
ANCHORS_ONLY = 0.8
MIN_ANCHORS = 4  # ...when there are at least this many anchors to compare
# Pairs below this anchor score are not embedded at all (cost: ~10 ms a sentence):
# no rewrite scores less, and translations and copies share nearly all their
# anchors (0.9-1.0 on the seed and the tests). At most this many per article.
CANDIDATE = REWRITE_ANCHORS
CANDIDATES_PER_ARTICLE = 3


def anchors(result: ArticleResult) -> list[str]:
    """The article's anchors, each once, in the order they first appear in its text."""
    found: list[tuple[int, str]] = []
    for m in result.extraction.mentions:
        key = " ".join((m.key or m.text).casefold().split())
        if key:
            found.append((m.start, f"e:{key}"))
    for fact in result.extraction.facts:
        attrs = fact.attrs
        if fact.type in ("money", "percent", "number"):
            if isinstance(fact.value, int | float) and not isinstance(fact.value, bool):
                found.append((fact.start, f"{fact.type}:{float(fact.value):g}{fact.unit or ''}"))
        elif fact.type == "date":
            if attrs.get("relative"):
                found.append((fact.start, f"date:relative:{attrs.get('precision')}"))
            elif fact.value is not None:
                found.append((fact.start, f"date:{fact.value}"))
        elif fact.type == "quote" and fact.entities:
            found.append((fact.start, f"quote:{fact.entities[0]}"))
    found.sort()
    return list(dict.fromkeys(key for _, key in found))


def _weighted_lcs(a: Sequence[str], b: Sequence[str], weight: dict[str, float]) -> float:
    """The weight of the heaviest common subsequence of ``a`` and ``b`` (anchors are unique per list)."""
    return _heaviest_increasing(_shared(a, _placed(b, weight)))


def _placed(seq: Sequence[str], weight: dict[str, float]) -> dict[str, tuple[int, float]]:
    """Each anchor of a sequence with its position there and its weight."""
    return {key: (pos, weight[key]) for pos, key in enumerate(seq)}


def _shared(a: Sequence[str], b: dict[str, tuple[int, float]]) -> list[tuple[int, float]]:
    """The anchors of ``a`` that ``b`` (see :func:`_placed`) has too, in a's order, as (position in b, weight)."""
    return [b[key] for key in a if key in b]


def _heaviest_increasing(pairs: Sequence[tuple[int, float]]) -> float:
    """The heaviest subsequence of ``(position, weight)`` pairs with increasing positions.

    Only shared anchors matter, so the common subsequence reduces to this. Each
    pair's best chain is its weight plus the best chain ending at a smaller
    position. Those are kept as a staircase: positions in order with values
    strictly increasing (a chain ending further on with no more weight never
    helps), so the best before a position is the step just before it: O(k log k).
    """
    positions: list[int] = []
    values: list[float] = []
    for pos, w in pairs:
        # Usually the anchors come in the same order in both: the staircase grows at its end.
        at = len(positions) if not positions or pos > positions[-1] else bisect_left(positions, pos)
        chain = w + (values[at - 1] if at else 0.0)
        if at and values[at - 1] >= chain:
            continue
        end = at
        while end < len(values) and values[end] <= chain:
            end += 1
        positions[at:end] = [pos]
        values[at:end] = [chain]
    # The last step is the heaviest chain: any other was below it when it was left out or replaced.
    return values[-1] if values else 0.0


def anchor_scores(sequences: Sequence[list[str]]) -> np.ndarray:
    """Pairwise anchor scores in [0, 1]: shared anchors in the same order, weighted by rarity."""
    n = len(sequences)
    df: dict[str, int] = {}
    for seq in sequences:
        for key in seq:
            df[key] = df.get(key, 0) + 1
    # Smoothed idf: an anchor every article has still weighs a little (a two-article
    # story must be able to show a copy), a rare one much more.
    weight = {key: math.log((n + 1) / count) for key, count in df.items()}
    mass = [sum(weight[k] for k in seq) for seq in sequences]
    placed = [_placed(seq, weight) for seq in sequences]  # once per article, not once per pair
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            smaller = min(mass[i], mass[j])
            if smaller > 0:
                out[i, j] = out[j, i] = _heaviest_increasing(_shared(sequences[i], placed[j])) / smaller
    return out


def _sentences(result: ArticleResult) -> list[str]:
    text = result.article.text
    spans = sorted((s.start, s.end) for s in result.article.sentences)
    return [" ".join(text[s:e].split()) for s, e in spans if text[s:e].strip()] or (
        [" ".join(text.split())] if text.strip() else []
    )


def monotone_alignment(sim: np.ndarray, threshold: float = SENTENCE) -> list[tuple[int, int]]:
    """The heaviest order-preserving one-to-one pairing of sentences with cosine >= threshold."""
    n, m = sim.shape
    gain = np.where(sim >= threshold, sim - threshold + 1e-6, 0.0)
    table = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        # table[i, j] = max(table[i-1, j], table[i, j-1], table[i-1, j-1] + gain) unrolls, along
        # the row, into a running maximum of max(table[i-1, j], table[i-1, j-1] + gain).
        prev, g = table[i - 1], gain[i - 1]
        diagonal = np.where(g > 0, prev[:-1] + g, 0.0)
        np.maximum.accumulate(np.maximum(prev[1:], diagonal), out=table[i, 1:])
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if gain[i - 1, j - 1] > 0 and table[i, j] == table[i - 1, j - 1] + gain[i - 1, j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif table[i, j] == table[i - 1, j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


@dataclass(frozen=True)
class PairEvidence:
    """What two articles share: anchors in order, and sentences aligned in order."""

    anchors: float
    aligned: int  # sentence pairs aligned in order
    coverage: float  # aligned / sentences of the shorter article
    mean: float  # mean cosine of the aligned pairs


# Multiply-adds per matrix product, at most (see _cosines).
SMALL_PRODUCT = 1 << 18


def _cosines(va: np.ndarray, vb: np.ndarray) -> np.ndarray:
    """``va @ vb.T``, in slices of ``va``'s rows of at most :data:`SMALL_PRODUCT` multiply-adds.

    A story compares hundreds of small sentence blocks. A multi-threaded BLAS
    (OpenBLAS) hands products above about that size to its worker threads, and
    waking them costs far more than such a product: small slices run on the
    calling thread. (The cosines may differ in the last bit from one product,
    as they do with the BLAS's thread count: nothing depends on that.)
    """
    step = max(2, SMALL_PRODUCT // max(1, vb.shape[0] * va.shape[1]))
    if step >= len(va):
        return va @ vb.T
    return np.concatenate([va[k : k + step] @ vb.T for k in range(0, len(va), step)])


def _alignment(va: np.ndarray, vb: np.ndarray, anchor: float) -> PairEvidence:
    if not len(va) or not len(vb):
        return PairEvidence(anchor, 0, 0.0, 0.0)
    sim = _cosines(va, vb)
    pairs = monotone_alignment(sim)
    mean = float(np.mean(sim[tuple(zip(*pairs, strict=True))])) if pairs else 0.0
    return PairEvidence(anchor, len(pairs), len(pairs) / min(len(va), len(vb)), mean)


def _unit_rows(raw: list[list[float]]) -> np.ndarray:
    """Vectors as unit rows; empty ones (a failed embedder) as zero rows, which align with nothing."""
    width = max((len(v) for v in raw), default=0)
    matrix = np.zeros((len(raw), width), dtype=np.float64)
    for n, vector in enumerate(raw):
        if len(vector) == width:
            matrix[n] = vector
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def evidence(
    results: Sequence[ArticleResult], embed: Embed | None = None
) -> tuple[np.ndarray, dict[tuple[int, int], PairEvidence]]:
    """The anchor scores of every pair, and the sentence evidence of the candidate pairs (i < j).

    Without ``embed`` the evidence is the anchors' alone."""
    sequences = [anchors(r) for r in results]
    scores = anchor_scores(sequences)
    n = len(results)
    candidates: set[tuple[int, int]] = set()
    for i in range(n):
        ranked = sorted((j for j in range(n) if j != i), key=lambda j: (-scores[i, j], j))
        for j in ranked[:CANDIDATES_PER_ARTICLE]:
            if scores[i, j] >= CANDIDATE:
                candidates.add((min(i, j), max(i, j)))
    if embed is None:
        return scores, {pair: PairEvidence(float(scores[pair]), 0, 0.0, 0.0) for pair in sorted(candidates)}
    texts = {i: _sentences(results[i]) for pair in candidates for i in pair}
    flat = [t for i in sorted(texts) for t in texts[i]]
    matrix = _unit_rows(embed(flat) if flat else [])
    rows: dict[int, np.ndarray] = {}
    at = 0
    for i in sorted(texts):
        rows[i] = matrix[at : at + len(texts[i])]
        at += len(texts[i])
    found = {
        pair: _alignment(rows[pair[0]], rows[pair[1]], float(scores[pair])) for pair in sorted(candidates)
    }
    return scores, found


def _kind(a: ArticleResult, b: ArticleResult) -> str:
    """A strict link's kind: another language is a translation; one language, a copy or a rewrite."""
    if (a.article.lang or "") != (b.article.lang or "") or not a.article.lang:
        return "translation"
    matcher = SequenceMatcher(None, a.article.text, b.article.text, autojunk=False)
    # quick_ratio is an upper bound and cheap: the exact ratio only when it could pass.
    return "copy" if matcher.quick_ratio() >= COPY_RATIO and matcher.ratio() >= COPY_RATIO else "rewrite"


def _strict(ev: PairEvidence, sizes: tuple[int, int], vectors: bool, counts: tuple[int, int]) -> bool:
    """Nearly every sentence has its counterpart (or, without vectors, nearly every anchor)."""
    if not vectors:
        return ev.anchors >= ANCHORS_ONLY and min(counts) >= MIN_ANCHORS
    # Over the longer article: a short piece that a long one quotes at length is not its translation.
    return ev.aligned >= 3 and ev.aligned / max(sizes) >= TRANSLATION_COVERAGE and ev.mean >= TRANSLATION_MEAN


class _FamilyTable:
    """Between the current families: the mean anchor score and the most sentences aligned.

    Between two families, the anchor score is the mean over their members'
    pairs (the whole family must follow the other, not one member), and the
    aligned sentences the most any pair of members has. Rows and columns are
    articles; only those of family heads (a family's smallest member) are
    filled, the others hold -inf and 0. :meth:`update` recomputes only the
    rows and columns of families whose members changed: after a join, the new
    family's. Each value is computed exactly as it would be from scratch.
    """

    def __init__(self, scores: np.ndarray, found: dict[tuple[int, int], PairEvidence]) -> None:
        n = len(scores)
        self.scores = scores
        self.aligned_of = np.zeros(scores.shape, dtype=np.int64)
        for (i, j), ev in found.items():
            self.aligned_of[i, j] = self.aligned_of[j, i] = ev.aligned
        # Every article alone: between two of them, their own score and aligned sentences.
        self.means = np.array(scores, dtype=np.float64)
        np.fill_diagonal(self.means, -np.inf)
        self.aligned = self.aligned_of.copy()
        self.members: dict[int, tuple[int, ...]] = {k: (k,) for k in range(n)}

    def update(self, family: list[int]) -> list[int]:
        """Bring the table up to date with ``family`` (each article's head); the heads, in order."""
        lists: dict[int, list[int]] = {}
        for k, h in enumerate(family):
            lists.setdefault(h, []).append(k)
        members = {h: tuple(m) for h, m in lists.items()}
        for h in self.members.keys() - members.keys():  # joined into another family
            self.means[h, :] = self.means[:, h] = -np.inf
            self.aligned[h, :] = self.aligned[:, h] = 0
        changed = [h for h, m in members.items() if self.members.get(h) != m]
        self.members = members
        for h in changed:
            for other in members:
                if other != h:
                    a, b = min(h, other), max(h, other)
                    value, most = self._between(members[a], members[b])
                    self.means[a, b] = self.means[b, a] = value
                    self.aligned[a, b] = self.aligned[b, a] = most
        return sorted(members)

    def _between(self, a: tuple[int, ...], b: tuple[int, ...]) -> tuple[float, int]:
        """(mean anchor score, most aligned) between the families ``a`` and ``b`` (a's head first)."""
        if len(a) == len(b) == 1:  # two articles: the mean is their score
            return float(self.scores[a[0], b[0]]), int(self.aligned_of[a[0], b[0]])
        block = np.ix_(a, b)
        # The scores are symmetric: the block holds the pairs in the order i, then j.
        return float(np.mean(self.scores[block].ravel())), int(self.aligned_of[block].max())


def _closest_families(family: list[int], table: _FamilyTable) -> tuple[float, int, int] | None:
    """The strongest pair of families that are each other's closest relative and qualify
    as a rewrite, as ``(anchor score, family, family)``, or None (see :class:`_FamilyTable`)."""
    heads = table.update(family)
    size = len(heads)
    if size < 2:
        return None
    block = np.ix_(heads, heads)
    means, aligned = table.means[block], table.aligned[block]  # between families x and y (by rank)
    # Each family's closest: the highest mean; on a tie, the first family in story order.
    closest = np.argmax(means, axis=1).tolist()
    mutual = [
        (float(means[x, y]), heads[x], heads[y])
        for x, y in enumerate(closest)
        if x < y and closest[y] == x and means[x, y] >= REWRITE_ANCHORS and aligned[x, y] >= REWRITE_SENTENCES
    ]
    return max(mutual) if mutual else None


def families(
    results: Sequence[ArticleResult],
    scores: np.ndarray,
    found: dict[tuple[int, int], PairEvidence],
    vectors: bool = True,
) -> list[Lineage]:
    """Families from pair evidence: strict links first, then mutual-closest rewrites."""
    n = len(results)
    family = list(range(n))  # each article's family: the smallest member index
    links: list[tuple[int, int, str, float]] = []

    def join(i: int, j: int) -> None:
        old, new = max(family[i], family[j]), min(family[i], family[j])
        for k in range(n):
            if family[k] == old:
                family[k] = new

    # Counted only for the articles of candidate pairs: _strict reads the sentences
    # with vectors, the anchors without.
    involved = {k for pair in found for k in pair}
    sizes = {k: len(_sentences(results[k])) if vectors else 0 for k in involved}
    counts = {k: 0 if vectors else len(anchors(results[k])) for k in involved}
    for (i, j), ev in sorted(found.items()):
        if _strict(ev, (sizes[i], sizes[j]), vectors, (counts[i], counts[j])):
            links.append((i, j, _kind(results[i], results[j]), ev.mean if vectors else ev.anchors))
            join(i, j)
    if vectors:
        # Rewrites, family by family: two families that are each other's closest relative
        # by anchors, with enough anchors in common and enough sentences aligned in
        # order. Strongest first, until none is left.
        table = _FamilyTable(scores, found)
        while (best := _closest_families(family, table)) is not None:
            value, a, b = best
            x, y = max(
                ((x, y) for x in range(n) if family[x] == a for y in range(n) if family[y] == b),
                key=lambda p: (scores[p], -p[0], -p[1]),
            )
            links.append((min(x, y), max(x, y), "rewrite", value))
            join(a, b)
    out = []
    for head in sorted(set(family)):
        members_ = [k for k in range(n) if family[k] == head]
        if len(members_) < 2:
            continue
        inside = [link for link in links if family[link[0]] == head]
        kinds = {kind for _, _, kind, _ in inside}
        # A family is named by its loosest link: a translation of a rewrite is a rewrite.
        kind = next(k for k in ("rewrite", "translation", "copy") if k in kinds)
        score = min(score for _, _, _, score in inside)
        out.append(Lineage(tuple(results[k].article.id for k in members_), kind, round(float(score), 4)))
    return out


@hookimpl
def parallax_lineage(story: Story, results: tuple[ArticleResult, ...], embed: Embed | None) -> list[Lineage]:
    """The story's families of articles that follow one another (see the module docstring)."""
    if len(results) < 2:
        return []
    vectors = embed is not None and bool(getattr(embed, "available", True))
    scores, found = evidence(results, embed if vectors else None)
    return families(results, scores, found, vectors)
