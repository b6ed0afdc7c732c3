"""The data that flows from stage to stage: frozen dataclasses, nothing else.

Every character offset (``start``/``end``) in these classes points into
``Article.text``, the article's clean text, so that anything shown on the site
can be traced back to the exact words of its source.
"""

from __future__ import annotations

import copyreg
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

# Metadata fields an article may carry, in the order pages show them.
META_FIELDS = ("title", "outlet", "author", "editor", "published", "updated", "url", "section")


def frozen_map(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only mapping, for dataclass fields that must not change after a stage."""
    return MappingProxyType(dict(data or {}))


def _reduce_frozen_map(mapping: MappingProxyType) -> tuple[Any, tuple[dict[str, Any]]]:
    return frozen_map, (dict(mapping),)


# Results travel between processes pickled (see generator.executors); Python cannot pickle a
# read-only mapping by itself, so it is pickled as the frozen_map of a copy of its items.
copyreg.pickle(MappingProxyType, _reduce_frozen_map)


@dataclass(frozen=True)
class Source:
    """One input file as found under the content folder, before any plugin read it."""

    path: Path  # absolute path of the file
    rel: str  # POSIX path relative to the content folder: used in messages and ids
    story: str  # id of the story (the folder) the file belongs to
    data: bytes  # the file's bytes, exactly as stored


@dataclass(frozen=True)
class MetaValue:
    """One metadata value, with the words it was read from and where they stood."""

    field: str  # one of META_FIELDS
    value: str  # normalised: ISO 8601 for dates and times, a plain string otherwise
    evidence: str = ""  # the source's own words ("Por X, editado por Y 09/01/2025 20h53")
    origin: str = ""  # "front matter", "byline", "logo line", "footer", "first line", ...


@dataclass(frozen=True)
class Removed:
    """A piece of page furniture taken out of the text, kept so nothing disappears."""

    text: str  # the line exactly as it stood in the body
    kind: str  # "logo", "share", "caption", "credit", "read-more", "breadcrumb", "bio", ...
    line: int  # 1-based line number in the body


@dataclass(frozen=True)
class Block:
    """A paragraph-level unit of the clean text: ``text[start:end]``."""

    start: int
    end: int
    kind: str = "p"  # "p" paragraph, "h" heading inside the article, "li" list item


@dataclass(frozen=True)
class Cleaned:
    """What a cleaner returns: the clean text, its blocks and what was removed."""

    text: str
    blocks: tuple[Block, ...]
    removed: tuple[Removed, ...] = ()


@dataclass(frozen=True)
class LanguageGuess:
    """A language for an article: ISO 639-1 code, confidence 0..1, how it was found."""

    lang: str
    confidence: float = 1.0
    method: str = ""


@dataclass(frozen=True)
class Span:
    """A stretch of the clean text: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """An article at any stage: a reader fills the first fields, preparation the rest.

    ``body`` is the decoded text as the reader found it (front matter removed,
    HTML turned into text); ``text`` is the clean text after page furniture was
    removed, and every offset refers to it.
    """

    id: str
    story: str
    source: str  # path relative to the content folder
    format: str  # "txt", "md", "html", ...
    body: str
    declared: tuple[MetaValue, ...] = ()  # metadata the file itself declares (front matter)
    declared_lang: str | None = None
    # filled in by preparation
    text: str = ""
    blocks: tuple[Block, ...] = ()
    removed: tuple[Removed, ...] = ()
    lang: str | None = None
    lang_confidence: float = 0.0
    lang_method: str = ""
    sentences: tuple[Span, ...] = ()
    metadata: tuple[MetaValue, ...] = ()

    def meta(self, name: str) -> str | None:
        """The first value of a metadata field, or None."""
        for value in self.metadata:
            if value.field == name:
                return value.value
        return None

    def meta_all(self, name: str) -> tuple[str, ...]:
        """Every value of a metadata field, in order (authors, editors)."""
        return tuple(value.value for value in self.metadata if value.field == name)


@dataclass(frozen=True)
class Fact:
    """A fact stated in an article's clean text (a quantity, a date, a quote, ...)."""

    type: str  # "money", "percent", "number", "date", "quote", ...
    start: int
    end: int
    text: str  # == article.text[start:end]
    value: Any = None  # normalised value, JSON-serialisable
    unit: str | None = None  # ISO currency, "%", ...
    attrs: Mapping[str, Any] = field(default_factory=frozen_map)  # qualifiers, speaker, ...
    entities: tuple[str, ...] = ()  # ids of linked entities
    plugin: str = ""  # the plugin that found it (set by the host)


@dataclass(frozen=True)
class Mention:
    """A mention of a named entity in an article's clean text."""

    type: str  # "person", "organisation", "place", "product", "event", ...
    start: int
    end: int
    text: str
    key: str = ""  # a normalised key the extractor proposes for linking mentions
    plugin: str = ""


@dataclass(frozen=True)
class EntityMention:
    """Where an entity is mentioned: an article and a stretch of its clean text."""

    article: str  # article id
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """One real-world entity of a story, with every mention of it in every article and script."""

    id: str  # stable within the report, e.g. "person-ada-lovelace"
    name: str  # the canonical name shown on the site (a Latin-script form when there is one)
    type: str  # "person", "organisation", "place", "product", "event", ...
    mentions: tuple[EntityMention, ...]
    variants: tuple[str, ...] = ()  # the distinct surface forms, in the order first seen


@dataclass(frozen=True)
class Anomaly:
    """A defect of the text: a repeated clause, a doubled word, furniture left behind."""

    kind: str
    start: int
    end: int
    text: str
    explanation: str = ""
    plugin: str = ""


@dataclass(frozen=True)
class Extraction:
    """What an extractor returns for one article; the host merges them."""

    facts: tuple[Fact, ...] = ()
    mentions: tuple[Mention, ...] = ()
    anomalies: tuple[Anomaly, ...] = ()


@dataclass(frozen=True)
class Problem:
    """Something that went wrong, named precisely enough to find and fix it."""

    message: str
    path: str = ""  # the input file, relative to the content folder
    plugin: str = ""
    hook: str = ""
    severity: str = "warning"  # "warning" or "error"

    def __str__(self) -> str:
        where = [part for part in (self.path, self.plugin and f"plugin '{self.plugin}'") if part]
        if self.hook:
            where.append(f"hook {self.hook}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class ArticleResult:
    """Everything the per-article stages produced for one article."""

    article: Article
    extraction: Extraction = Extraction()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Story:
    """A story: a folder of articles about the same events."""

    id: str
    title: Mapping[str, str]  # UI language -> title
    articles: tuple[str, ...]  # article ids, in a stable order

    def title_in(self, lang: str, default: str = "en") -> str:
        """The title in a UI language, falling back to the default language, then the id."""
        return self.title.get(lang) or self.title.get(default) or next(iter(self.title.values()), self.id)


@dataclass(frozen=True)
class Evidence:
    """A source's own words for a claim: a stretch of one article's clean text."""

    article: str  # article id
    start: int  # the sentence (or the fact) in the article's clean text
    end: int
    fact: int | None = None  # index into the article's extraction.facts, when a fact anchors it
    value: Any = None  # the normalised value this source gives (JSON-serialisable)


@dataclass(frozen=True)
class Claim:
    """One thing that several sources may state: the same fact aligned across articles and languages."""

    id: str  # unique in the report, e.g. "ai-training-data:c3"
    story: str
    kind: str  # "money", "percent", "number", "date", "quote", "statement", ...
    topic: Mapping[str, Any]  # the normalised parts the label is built from (value, unit, entities, ...)
    evidence: tuple[Evidence, ...]
    sources: Mapping[str, str]  # article id -> "states" | "differs" | "absent"


@dataclass(frozen=True)
class Discrepancy:
    """Where sources disagree (or one stands alone), with each source's own words."""

    id: str
    story: str
    kind: str  # "value", "temporal", "detail", "coverage"
    claim: str | None  # the claim it is about, if any
    values: Mapping[str, Any]  # article id -> the value that source gives
    evidence: tuple[Evidence, ...]
    reason: str  # a string-catalogue key explaining why it was flagged ("why_value_amount")
    params: Mapping[str, Any] = field(default_factory=frozen_map)  # placeholders of that explanation
    weight: float = 0.0  # how much it matters: pages list heavier ones first


@dataclass(frozen=True)
class Lineage:
    """Articles that are translations or rewrites of one another: one family, not independent sources."""

    articles: tuple[str, ...]
    kind: str  # "translation", "rewrite", "copy"
    score: float


@dataclass(frozen=True)
class SummaryPoint:
    """One sentence of a story summary, language-neutral like a discrepancy's explanation.

    Each UI language writes it from its catalogue: the entry ``key`` filled
    with ``params`` (numbers, outlet names, ...) and, as ``{claim}``, the
    label of the claim it is about. It links to its claim or discrepancy.
    """

    key: str  # a string-catalogue key ("summary_agreed")
    params: Mapping[str, Any] = field(default_factory=frozen_map)
    claim: str | None = None  # the claim it states (its id)
    discrepancy: str | None = None  # or the discrepancy it reports (its id)


@dataclass(frozen=True)
class Summary:
    """What a summarizer returns for one story: the story summary and each article's.

    ``points`` are the story summary, in order, each tied to a claim or a
    discrepancy. ``articles`` maps an article id to the sentences chosen as its
    summary (spans of its clean text, in reading order): extractive, in the
    article's own language.
    """

    story: str
    points: tuple[SummaryPoint, ...] = ()
    articles: Mapping[str, tuple[Span, ...]] = field(default_factory=frozen_map)


def story_folders(story: Story, articles: Iterable[Article]) -> set[str]:
    """A story's folders under the content folder: the one named for its id, and those holding
    its articles' files."""
    return {story.id} | {a.source.partition("/")[0] for a in articles if "/" in a.source}


def in_folders(path: str, folders: set[str]) -> bool:
    """Whether a file (its path relative to the content folder) lies in one of ``folders``."""
    return "/" in path and path.partition("/")[0] in folders


def problems_in(
    story: Story, articles: Iterable[Article], problems: Iterable[Problem]
) -> tuple[Problem, ...]:
    """The problems whose file lies in a story's folder (see :func:`story_folders`)."""
    folders = story_folders(story, articles)
    return tuple(p for p in problems if in_folders(p.path, folders))


@dataclass(frozen=True)
class Report:
    """The whole analysis: what report.json holds and what the renderers read."""

    stories: tuple[Story, ...]
    results: tuple[ArticleResult, ...]
    problems: tuple[Problem, ...] = ()
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    lineage: tuple[Lineage, ...] = ()
    summaries: tuple[Summary, ...] = ()

    def summary_of(self, story: str) -> Summary | None:
        """The summary of a story (by id), or None when no summarizer gave one."""
        return self._summaries.get(story)

    def articles_of(self, story: Story) -> tuple[ArticleResult, ...]:
        """The results of a story's articles, in the story's order."""
        by_id = self._results
        return tuple(by_id[aid] for aid in story.articles if aid in by_id)

    def outline(self) -> Outline:
        """The report's outline, as ``parallax_site_pages`` gets it."""
        articles = tuple(Outline.article_of(r.article) for r in self.results)
        return Outline(stories=self.stories, articles=articles, problems=self.problems)

    def story_report(self, story: Story) -> Report:
        """The report of one story alone, as ``parallax_pages`` gets it: its results, entities,
        claims, discrepancies, lineage and summary, and the problems found in its folder."""
        results = self.articles_of(story)
        ids = set(story.articles)
        return Report(
            stories=(story,),
            results=results,
            problems=problems_in(story, (r.article for r in results), self.problems),
            entities=tuple(e for e in self.entities if any(m.article in ids for m in e.mentions)),
            claims=tuple(c for c in self.claims if c.story == story.id),
            discrepancies=tuple(d for d in self.discrepancies if d.story == story.id),
            lineage=tuple(x for x in self.lineage if ids.issuperset(x.articles)),
            summaries=tuple(s for s in self.summaries if s.story == story.id),
        )

    # Indexes made on first use (renderers ask once per story: a scan each time would be
    # quadratic in the number of stories); kept in the instance's __dict__, not fields.
    @cached_property
    def _summaries(self) -> dict[str, Summary]:
        found: dict[str, Summary] = {}
        for summary in self.summaries:
            found.setdefault(summary.story, summary)  # the first, as a scan would find
        return found

    @cached_property
    def _results(self) -> dict[str, ArticleResult]:
        return {result.article.id: result for result in self.results}


@dataclass(frozen=True)
class Outline:
    """The whole corpus at a glance: what pages about the whole site are made from.

    Every story, every article with its metadata and language but without its
    text (``body``, ``text``, ``blocks``, ``removed`` and ``sentences`` are
    empty), and every problem of the analysis. A story's own analysis goes to
    the renderers one story at a time (see ``parallax_pages``): a large corpus
    is never whole in memory while its site is made.
    """

    stories: tuple[Story, ...] = ()
    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()

    def articles_of(self, story: Story) -> tuple[Article, ...]:
        """A story's articles, in the story's order."""
        by_id = self._articles
        return tuple(by_id[aid] for aid in story.articles if aid in by_id)

    @cached_property
    def _articles(self) -> dict[str, Article]:
        return {article.id: article for article in self.articles}

    @staticmethod
    def article_of(article: Article) -> Article:
        """An article as the outline holds it: its metadata, not its text."""
        return replace(article, body="", text="", blocks=(), removed=(), sentences=())


@dataclass(frozen=True)
class Page:
    """A page a renderer produces, in one UI language.

    ``path`` is relative to the language's root (``stories/x/index.md``); the
    host puts it where MkDocs and the i18n plugin expect it.
    """

    path: str
    markdown: str
    title: str = ""  # plain text for the navigation; the page's own heading is in the Markdown
