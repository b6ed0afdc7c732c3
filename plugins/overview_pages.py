"""Built-in renderer: a story seen from above, in every UI language.

Per story, four kinds of pages:

* ``stories/<story>/coverage.md``: the coverage matrix as a picture, an
  inline SVG drawn here (no script, no library): a row per source (grouped by
  lineage family, a bar marks each family; its name links to the article), a
  column per claim, most-stated first (at most ``max_columns``), each cell
  showing whether the source states the claim, states another value, or is
  silent. Each column is one link, over its whole height, to the claim's row
  on the claim table. A legend, a text description and two small tables (the
  columns' claims, the rows' sources) say the same in text.
* ``stories/<story>/timeline.md``: every date the articles mention (facts of
  type ``date`` with a resolved ISO value, at its own precision) and every
  publication date, in chronological order; under each, a line per source
  quoting its sentences (around the date) with links to them on the article
  pages. Dates that could not be placed are listed apart. A small SVG axis
  shows where they fall.
* ``stories/<story>/entities/index.md``: the story's entities in a sortable
  table, and ``stories/<story>/entities/<entity>.md`` for the most mentioned
  ones (at most ``max_entity_pages``): the entity's name variants in their
  languages, its mentions grouped by source with their sentences, and the
  claims it takes part in.

The pages are made to stay small, since MkDocs converts (and its search plugin
parses) every byte of them in every UI language: the picture has no element,
link or tooltip per cell (the empty cells are one pattern, a row's filled
cells one dashed line, only the few cells of another value are shapes of
their own); a sentence quoted twice (repeated in an article, or under two
dates) is shown once or cut short, with a link to each place. What does not
depend on the UI language (sources, cells, quotes, sentence links) is worked
out once per story and kept for the other languages while the report lives
(within ``SHARED_BUDGET``).

Every label comes from the catalogue part ``<lang>.overview.yml``; names,
outlets and article text are untrusted and reach the page only through
:mod:`generator.markup` (Markdown and HTML, which is also valid XML escaping
for the SVG: every special character becomes a numeric reference).

Links inside the SVG are raw HTML, which MkDocs does not rewrite: they are
written for the URL style of the site (MkDocs' ``use_directory_urls``,
passed on as ``settings.directory_urls``). Every other link is Markdown.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date, format_skeleton
from markupsafe import Markup

from generator import hookimpl
from generator.corpus import unique
from generator.labels import claim_label
from generator.manager import wanted
from generator.markup import html_text, lang_attrs, md_link, md_text, sentence_anchors
from generator.model import (
    Article,
    ArticleResult,
    Claim,
    Entity,
    EntityMention,
    Evidence,
    Fact,
    Lineage,
    Page,
    Report,
    Span,
    Story,
)
from generator.settings import Settings
from generator.strings import Catalog
from generator.ui import UiLanguage
from plugins.claim_pages import claim_anchor
from plugins.pages import article_page

NAME = "overview_pages"  # the plugin's registered name: its options block
COVERAGE = "coverage.md"
TIMELINE = "timeline.md"
ENTITIES = "entities"
CLAIMS = "claims.md"  # plugins/claim_pages.py
MAX_COLUMNS = 60
MAX_ENTITY_PAGES = 300
STATES = ("states", "differs", "absent")
_SAFE = re.compile(r"[A-Za-z0-9_-]+")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Characters XML forbids even as references (surrogates, non-characters), and bidi
# embeddings/overrides/isolates, which would reorder the text after an unclosed one.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
CLIP_NAME = 32  # characters of a source's name in the picture


@hookimpl
def parallax_options() -> dict[str, Any]:
    """How many claims the coverage picture shows, how many entities get a page, the URL style."""
    return {
        "max_columns": (
            int,
            MAX_COLUMNS,
            "Claims shown as columns of the coverage picture (the most stated).",
        ),
        "max_entity_pages": (
            int,
            MAX_ENTITY_PAGES,
            "Entities per story with a page of their own (the most mentioned); the others are listed.",
        ),
    }


@hookimpl
def parallax_pages(report: Report, lang: str, strings: Catalog, settings: Settings) -> Iterator[Page]:
    """For each story: its coverage matrix, its timeline, its entities, in UI language ``lang``."""
    ui = _Ui(lang, strings, settings)
    shared = _shared(report, settings)
    for story in report.stories:
        if not _SAFE.fullmatch(story.id):
            continue  # plugins.pages refuses such a story: there is no folder to put pages in
        data = shared.story(story)
        folder = f"stories/{story.id}"
        title = _story_title(story, ui)
        labels = _Labels(data, ui)

        cov_title = ui.strings("ov_coverage_title", story=title)
        context = _coverage(data, labels, ui)
        yield Page(
            f"{folder}/{COVERAGE}",
            ui.render("coverage.md.j2", title=cov_title, **_back(title, ""), **context),
            cov_title,
        )

        tl_title = ui.strings("ov_timeline_title", story=title)
        context = _timeline(data, labels, ui)
        yield Page(
            f"{folder}/{TIMELINE}",
            ui.render("timeline.md.j2", title=tl_title, **_back(title, ""), **context),
            tl_title,
        )

        ent_title = ui.strings("ov_entities_title", story=title)
        index = _entity_index(data, ui)
        yield Page(
            f"{folder}/{ENTITIES}/index.md",
            ui.render("entities.md.j2", title=ent_title, **_back(title, "../"), **index),
            ent_title,
        )
        for entity in data.entities:
            if entity.id not in data.names:
                continue
            context = _entity(entity, data, labels, ui)
            name = " ".join(entity.name.split()) or entity.id
            yield Page(
                f"{folder}/{ENTITIES}/{data.names[entity.id]}",
                ui.render("entity.md.j2", title=name, **_back(title, "../"), **context),
                name,
            )


def entity_pages(entities: Iterable[Entity]) -> dict[str, str]:
    """Each entity's page file name: ``<id>.md`` for a safe id, a safe slug of it otherwise."""
    names: dict[str, str] = {}
    taken = {"index.md"}
    for n, entity in enumerate(entities, 1):
        slug = re.sub(r"-{2,}", "-", _UNSAFE.sub("-", entity.id)).strip("-")
        base = entity.id if _SAFE.fullmatch(entity.id) else (slug or str(n))
        names[entity.id] = unique(base, taken, ".md")
    return names


def _renders(settings: Settings, plugin: str) -> bool:
    """Whether a built-in renderer runs in this build (links to its pages need them)."""
    return wanted(plugin, settings.disabled)


def _back(story_title: str, up: str) -> dict[str, Any]:
    return {"story": f"{up}index.md", "story_title": story_title, "home": f"{up}../../index.md"}


# --------------------------------------------------------------------------
# The UI language
# --------------------------------------------------------------------------


class _Ui(UiLanguage):
    """Catalogue strings (escaped for Markdown), number and date formats, templates."""

    def date(self, when: _When) -> str:
        """A date at its own precision, as the UI language writes it."""
        if self.locale is None:
            return when.iso
        if when.day:
            return format_date(when.start, "long", locale=self.locale)
        if when.month:
            return format_skeleton("yMMMM", when.start, locale=self.locale)
        return str(when.year)

    def entity_type(self, kind: str) -> str:
        key = f"entity_{re.sub(r'[^a-z0-9]+', '_', kind.lower()).strip('_')}"
        return self.strings(key) if self.has(key) else kind


def _story_title(story: Story, ui: _Ui) -> str:
    return " ".join(story.title_in(ui.lang, ui.default).split())[:300]


def _clip(text: str, length: int) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] if " " in text[: length - 1] else text[: length - 1]
    return cut.rstrip(",;:–—-") + "…"


def _xml(value: object) -> Markup:
    """Text for the inside of the SVG (content or a quoted attribute): valid XML, nothing active."""
    # Line breaks and tabs become spaces; no-break spaces (as in "12 мая 2031 г.") stay.
    return html_text(re.sub(r"[ \t\r\n\x0b\x0c\x85\u2028\u2029]+", " ", _NOT_XML.sub("", str(value))).strip())


# --------------------------------------------------------------------------
# Sources, links, sentences
# --------------------------------------------------------------------------


@dataclass
class _Source:
    result: ArticleResult
    name: str  # outlet, else title, else first words
    family: int | None  # index into the families of the story, when it belongs to one

    @property
    def article(self) -> Article:
        return self.result.article

    @property
    def id(self) -> str:
        return self.result.article.id


@dataclass(frozen=True)
class _Family:
    letter: str
    group: Lineage


def _source_name(article: Article) -> str:
    for text in (article.meta("outlet"), article.meta("title")):
        words = " ".join((text or "").split())
        if words:
            return words
    first = min(article.sentences, key=lambda s: s.start, default=None)
    words = " ".join((article.text[first.start : first.end] if first else article.text[:200]).split())
    return _clip(words, 80) if words else article.id


def _sources(results: Sequence[ArticleResult], lineage: Sequence[Lineage]) -> list[_Source]:
    """The story's sources, the members of each family next to each other (in the story's order)."""
    family: dict[str, int] = {}
    for number, group in enumerate(lineage):
        for aid in group.articles:
            family.setdefault(aid, number)
    by_id = {r.article.id: r for r in results}
    ordered: list[_Source] = []
    seen: set[str] = set()
    for result in results:
        aid = result.article.id
        if aid in seen:
            continue
        members = [aid]
        if aid in family:
            members = [a for a in by_id if family.get(a) == family[aid]]
        for member in members:
            seen.add(member)
            ordered.append(_Source(by_id[member], _source_name(by_id[member].article), family.get(member)))
    return ordered


def _families(sources: Sequence[_Source], lineage: Sequence[Lineage]) -> dict[int, _Family]:
    used = sorted({s.family for s in sources if s.family is not None})
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return {
        number: _Family(letters[i] if i < len(letters) else str(i + 1), lineage[number])
        for i, number in enumerate(used)
    }


class _Links:
    """Targets of links: article pages and their sentences, the claim table's rows."""

    def __init__(
        self,
        results: Sequence[ArticleResult],
        article_pages: bool,
        claim_pages: bool,
        claims: Iterable[Claim],
        directory_urls: bool = True,
    ) -> None:
        self.results = {r.article.id: r for r in results}
        self.article_pages = article_pages
        self.claim_pages = claim_pages
        self.directory_urls = directory_urls
        # The claims that have a row (an anchor) on the claim table: those that a source states.
        self.claim_rows = {c.id for c in claims if _stating(c, self.results)}
        # Per article, once: where its sentences start (for a bisection) and which have an anchor.
        self._starts = {aid: [s.start for s in r.article.sentences] for aid, r in self.results.items()}
        self._anchors: dict[str, frozenset[int]] = {}

    def article(self, article_id: str, up: str = "") -> str | None:
        if not self.article_pages or article_id not in self.results:
            return None
        return f"{up}{article_page(article_id)}"

    def article_href(self, article_id: str) -> str | None:
        """The article's page as a URL from ``stories/<story>/coverage.md``, for raw HTML (the SVG)."""
        page = self.article(article_id)
        if page is None:
            return None
        stem = page.removesuffix(".md")
        return f"../{stem}/" if self.directory_urls else f"{stem}.html"

    def span(self, article_id: str, pos: int) -> tuple[int | None, Span | None]:
        """(number, span) of the article's sentence holding offset ``pos``; (None, None) outside all."""
        sentences = self.results[article_id].article.sentences
        starts = self._starts[article_id]
        i = bisect.bisect_right(starts, pos) - 1
        # Sentences are in text order and do not overlap; a wrong order falls back to a scan.
        if 0 <= i < len(sentences) and sentences[i].start <= pos < sentences[i].end:
            return i + 1, sentences[i]
        found = next(((n, s) for n, s in enumerate(sentences, 1) if s.start <= pos < s.end), None)
        return found if found else (None, None)

    def sentence(self, article_id: str, pos: int, up: str = "") -> tuple[int | None, str | None]:
        """(sentence number, link to it on the article's page) for an offset of the article's text."""
        number, _ = self.span(article_id, pos)
        page = self.article(article_id, up)
        if page is None:
            return number, None
        if number is not None and number in self.anchors(article_id):
            return number, f"{page}#s-{number}"
        return number, page

    def anchors(self, article_id: str) -> frozenset[int]:
        if article_id not in self._anchors:
            self._anchors[article_id] = sentence_anchors(self.results[article_id].article)
        return self._anchors[article_id]

    def claim(self, claim: Claim, up: str = "") -> str | None:
        """A Markdown link target to the claim's row on the claim table."""
        if not self.claim_pages:
            return None
        if claim.id not in self.claim_rows:
            return f"{up}{CLAIMS}"
        return f"{up}{CLAIMS}#{claim_anchor(claim.id)}"

    def claim_href(self, claim: Claim) -> str | None:
        """The same target as a URL from ``stories/<story>/coverage.md``, for raw HTML (the SVG)."""
        target = self.claim(claim)
        if target is None:
            return None
        fragment = target.partition("#")[2]
        url = "../claims/" if self.directory_urls else "claims.html"
        return f"{url}#{fragment}" if fragment else url


def _stating(claim: Claim, results: dict[str, ArticleResult] | None = None) -> list[str]:
    return [
        aid
        for aid, status in claim.sources.items()
        if status in ("states", "differs") and (results is None or aid in results)
    ]


def _quote(
    article: Article, span: Span | None, marks: Sequence[tuple[int, int]], pos: int, window: int
) -> Markup:
    """The sentence ``span`` (holding ``pos``) in its language, the ``marks`` in it highlighted, as
    inline HTML; a sentence longer than ``window`` characters is cut to a window around the marks."""
    text = article.text
    start, end = (span.start, span.end) if span else (marks[0][0], marks[-1][1]) if marks else (pos, pos)
    start, end = max(0, start), min(len(text), end)
    inside = sorted((max(s, start), min(e, end)) for s, e in marks if s < end and e > start and e > s)
    if inside and end - start > window:  # a window around the marks, cut between words
        lo, hi = inside[0][0], inside[-1][1]
        room = max(0, window - (hi - lo)) // 2
        a, b = max(start, lo - room), min(end, hi + room)
        if a > start:
            cut = text.find(" ", a, lo)
            a = cut + 1 if cut >= 0 else a
        if b < end:
            cut = text.rfind(" ", hi, b)
            b = cut if cut >= 0 else b
        start, end = a, b
    head = "… " if span and start > span.start else ""
    tail = " …" if span and end < span.end else ""
    parts, last = [], start
    for s, e in inside:
        if s < last or s >= end:
            continue  # overlapping marks never nest
        e = min(e, end)
        parts.append(html_text(text[last:s].replace("\n", " ")))
        parts.append(f"<mark>{html_text(text[s:e].replace(chr(10), ' '))}</mark>")
        last = e
    parts.append(html_text(text[last:end].replace("\n", " ")))
    inner = "".join(parts).strip()
    # <bdi>: the words keep their own direction inside the UI's sentence (an isolate).
    return Markup(f"<bdi {_bdi_attrs(article.lang)}>{head}{inner}{tail}</bdi>")


def _bdi_attrs(lang: str | None) -> str:
    """The language of a ``<bdi>``; its direction only when not left to right (a bdi finds the
    direction of its words itself, ltr is the usual case and need not be said)."""
    return lang_attrs(lang).replace(' dir="ltr"', "")


# --------------------------------------------------------------------------
# What every UI language shares
# --------------------------------------------------------------------------

# Characters of quoted sentences kept from one UI language to the next: past it (a very
# large site), a story's language-independent data is worked out again in each language.
SHARED_BUDGET = 40_000_000


@dataclass
class _Row:
    """A source's row of the matrix, in the picture's column order."""

    states: list[str]  # the state of each column
    differs: list[tuple[int, Any]]  # (column index, the value this source gives, or None)


@dataclass
class _Line:
    """A timeline line: one source on one date (its publication, or the sentences mentioning it)."""

    source: _Source
    notes: tuple[str, ...]  # catalogue keys (forecast, relative)
    quotes: list[tuple[Markup, list[tuple[int | None, str | None]]]]  # quote, its (number, link) each
    published: bool = False
    count: int = 1  # mentions


@dataclass
class _Mentions:
    """An entity's mentions in one source: the quoted sentences, each with its links."""

    source: _Source
    count: int
    quotes: list[tuple[Markup, list[tuple[int | None, str | None]]]]


@dataclass
class _StoryData:
    """Everything about a story's overview pages that does not depend on the UI language."""

    links: _Links
    sources: list[_Source]
    families: dict[int, _Family]
    columns: list[Claim]  # the picture's columns, most stated first
    total: int  # claims some source states
    rows: list[_Row]
    placed: dict[_When, list[_Line]]
    order: list[_When]
    unplaced: list[_Line]
    entities: list[Entity]
    names: dict[str, str]  # entity id -> page file name, for those with a page
    claims_of: dict[str, list[Claim]]
    variants: dict[
        str, list[tuple[Markup, list[str | None]]]
    ]  # entity id -> (form in its language, languages)
    mentions: dict[str, list[_Mentions]]  # entity id -> per source, for those with a page
    size: int = 0  # characters of quotes held


class _Shared:
    """A report's language-independent data, story by story, kept from one UI language to the next."""

    def __init__(self, report: Report, settings: Settings, key: tuple[Any, ...]) -> None:
        self.ref = weakref.ref(report, _forget)
        self.key = key
        self.settings = settings
        options = settings.plugin_options(NAME)
        self.max_columns = int(options.get("max_columns", MAX_COLUMNS))
        self.max_pages = int(options.get("max_entity_pages", MAX_ENTITY_PAGES))
        self.kept: dict[str, _StoryData] = {}
        self.size = 0
        # Report-wide indexes, made once: looking each story's part up in the whole report made
        # large reports quadratic.
        self.by_id = {r.article.id: r for r in report.results}
        self.claims: dict[str, list[Claim]] = {}
        for claim in report.claims:
            self.claims.setdefault(claim.story, []).append(claim)
        self.story_of: dict[str, set[str]] = {}
        for story in report.stories:
            for aid in story.articles:
                self.story_of.setdefault(aid, set()).add(story.id)
        self.lineage: dict[str, list[Lineage]] = {}
        for group in report.lineage:
            for sid in set().union(*(self.story_of.get(a, set()) for a in group.articles)):
                self.lineage.setdefault(sid, []).append(group)
        self.entities: dict[str, list[Entity]] = {}
        for entity in report.entities:
            per_story: dict[str, list[EntityMention]] = {}
            for m in entity.mentions:
                for sid in self.story_of.get(m.article, ()):
                    per_story.setdefault(sid, []).append(m)
            for sid, mentions in per_story.items():
                self.entities.setdefault(sid, []).append(
                    Entity(entity.id, entity.name, entity.type, tuple(mentions), entity.variants)
                )

    def story(self, story: Story) -> _StoryData:
        if story.id in self.kept:
            return self.kept[story.id]
        data = self._prepare(story)
        if self.size + data.size <= SHARED_BUDGET:
            self.kept[story.id] = data
            self.size += data.size
        return data

    def _prepare(self, story: Story) -> _StoryData:
        settings = self.settings
        by_id = self.by_id
        results = [by_id[aid] for aid in story.articles if aid in by_id and _SAFE.fullmatch(aid)]
        ids = {r.article.id for r in results}
        claims = self.claims.get(story.id, [])
        lineage = [g for g in self.lineage.get(story.id, []) if len(set(g.articles) & ids) > 1]
        links = _Links(
            results,
            _renders(settings, "pages"),
            _renders(settings, "claim_pages"),
            claims,
            settings.directory_urls,
        )
        sources = _sources(results, lineage)
        columns, total = _columns(claims, ids, self.max_columns)
        rows = [_row(columns, source) for source in sources]
        order, placed, unplaced = _time_lines(sources, links)
        entities = _story_entities(self.entities.get(story.id, []), ids)
        names = entity_pages(entities[: max(self.max_pages, 0)])
        mentions = {e.id: _entity_mentions(e, sources, links) for e in entities if e.id in names}
        lang_of = {s.id: s.article.lang for s in sources}
        data = _StoryData(
            links=links,
            sources=sources,
            families=_families(sources, lineage),
            columns=columns,
            total=total,
            rows=rows,
            placed=placed,
            order=order,
            unplaced=unplaced,
            entities=entities,
            names=names,
            claims_of=_claims_by_entity(entities, results, claims),
            variants={e.id: [(_variant(f, ls), ls) for f, ls in _variants(e, lang_of)] for e in entities},
            mentions=mentions,
        )
        lines = [*(line for group in placed.values() for line in group), *unplaced]
        data.size = sum(len(q) for line in lines for q, _ in line.quotes) + sum(
            len(q) for groups in mentions.values() for group in groups for q, _ in group.quotes
        )
        return data


_SHARED: _Shared | None = None


def _shared(report: Report, settings: Settings) -> _Shared:
    """The shared data of ``report`` (made on the first UI language, kept while the report lives)."""
    global _SHARED
    options = settings.plugin_options(NAME)
    key = (
        settings.directory_urls,
        tuple(settings.disabled),
        options.get("max_columns", MAX_COLUMNS),
        options.get("max_entity_pages", MAX_ENTITY_PAGES),
    )
    if _SHARED is None or _SHARED.ref() is not report or _SHARED.key != key:
        _SHARED = None  # the previous report's data goes first
        _SHARED = _Shared(report, settings, key)
    return _SHARED


def _forget(ref: weakref.ref[Report]) -> None:
    """The report is gone: so is its data (unless a newer report's data replaced it already)."""
    global _SHARED
    if _SHARED is not None and _SHARED.ref is ref:
        _SHARED = None


class _Labels:
    """A story's labels in one UI language, each made once: sources, links to sentences."""

    def __init__(self, data: _StoryData, ui: _Ui) -> None:
        self.data = data
        self.ui = ui
        self._sources: dict[tuple[str, str], Markup] = {}
        self._numbers: dict[int, Markup] = {}
        self._claims: dict[str, str] = {}

    def claim(self, claim: Claim) -> str:
        """The claim's label (plain text), made once per page set: columns and entity pages share it."""
        if claim.id not in self._claims:
            self._claims[claim.id] = claim_label(claim, self.ui.strings)
        return self._claims[claim.id]

    def source(self, source: _Source, up: str = "") -> Markup:
        key = (source.id, up)
        if key not in self._sources:
            self._sources[key] = _source_label(source, self.ui, up, self.data.links)
        return self._sources[key]

    def sentence_links(self, targets: Sequence[tuple[int | None, str | None]], up: str = "") -> Markup:
        """Links to the sentences (or the articles) of a quote: "sentence 3, 7, 12"."""
        out: dict[str, None] = {}
        for number, target in targets:
            if target is None:
                continue
            if number is not None and "#" in target:
                if number not in self._numbers:
                    self._numbers[number] = md_text(self.ui.number(number))
                label = self._numbers[number]
                if not out:  # the first says what the numbers are
                    label = md_text(self.ui.strings("ov_sentence_link", number=self.ui.number(number)))
            else:
                label = md_text(self.ui.strings("ov_article_link"))
            # The target is an article's page (a safe id) and a sentence number: nothing to escape.
            out.setdefault(f"[{label}]({up}{target})")
        return Markup(", ".join(out))

    def quote(self, words: Markup, targets: Sequence[tuple[int | None, str | None]], up: str = "") -> Markup:
        """A quote followed by the links to the sentences it stands for."""
        link = self.sentence_links(targets, up)
        return Markup(f"{words} · {link}") if link else words


def _source_label(source: _Source, ui: _Ui, up: str = "", links: _Links | None = None) -> Markup:
    """ "Outlet (Language)", the outlet in its own language, linked to the article when it has a page."""
    page = links.article(source.id, up) if links else None
    name = md_link(source.name, page) if page else md_text(source.name)
    words = Markup(f"<bdi {_bdi_attrs(source.article.lang)}>{name}</bdi>")
    return ui.t("ov_source", source=words, language=ui.language(source.article.lang))


def _grouped(
    article_id: str,
    marked: Sequence[tuple[int, Sequence[tuple[int, int]]]],
    links: _Links,
    window: int,
    seen: set[str] | None = None,
) -> list[tuple[Markup, list[tuple[int | None, str | None]]]]:
    """Quotes of one article: for each (position, marks), the quoted sentence with its marks; the
    same words quoted twice (a sentence repeated) are shown once, with a link to each sentence.

    With ``seen`` (the sentences the page quoted already), a sentence quoted again is cut to a
    short window around its marks: its link leads to the whole of it.
    """
    article = links.results[article_id].article
    text = article.text
    out: dict[object, tuple[Markup, list[tuple[int | None, str | None]]]] = {}
    for pos, marks in marked:
        _, span = links.span(article_id, pos)
        target = links.sentence(article_id, pos, "")
        # The same words with the same marks: one quote (a sentence the article repeats).
        base = span.start if span else pos
        key = (text[span.start : span.end], tuple((s - base, e - base) for s, e in marks)) if span else pos
        if key not in out:
            size = window
            if seen is not None and span is not None:
                size = CLIP_REPEAT if key[0] in seen else window
                seen.add(key[0])
            out[key] = (_quote(article, span, marks, pos, size), [])
        if target not in out[key][1]:
            out[key][1].append(target)
    return list(out.values())


# --------------------------------------------------------------------------
# The coverage matrix
# --------------------------------------------------------------------------

CELL = 14  # side of a cell, in px
PITCH = 18  # distance between cells
FAMILY_W = 26  # the family bar and its letter
LABEL_W = 230  # the sources' names
HEAD_H = 26  # the claims' numbers
LEGEND_H = 30


@dataclass(frozen=True)
class _Column:
    number: int
    claim: Claim
    label: str  # plain text: the claim's label in the UI language


def _columns(claims: Sequence[Claim], ids: set[str], limit: int) -> tuple[list[Claim], int]:
    """The claims that some source of the story states, most stated first; (shown, how many in all)."""
    weighted = []
    for n, claim in enumerate(claims):
        stating = states = 0
        for aid, status in claim.sources.items():
            if aid in ids and status in ("states", "differs"):
                stating += 1
                states += status == "states"
        if stating:
            weighted.append(((-stating, -states, n), claim))
    weighted.sort(key=lambda item: item[0])
    return [claim for _, claim in weighted[: max(limit, 0)]], len(weighted)


def _state(claim: Claim, article_id: str) -> str:
    state = claim.sources.get(article_id, "absent")
    return state if state in STATES else "absent"


def _row(columns: Sequence[Claim], source: _Source) -> _Row:
    states = [_state(claim, source.id) for claim in columns]
    differs = []
    for i, state in enumerate(states):
        if state == "differs":
            evidence = next((e for e in columns[i].evidence if e.article == source.id), None)
            differs.append((i, _given(evidence, source.result) if evidence else None))
    return _Row(states, differs)


def _given(evidence: Evidence, result: ArticleResult) -> Any:
    """The value a source gives for a claim: its normalised value, else its own words."""
    if evidence.value is not None and not isinstance(evidence.value, dict | list | tuple):
        return evidence.value
    facts = result.extraction.facts
    if evidence.fact is not None and 0 <= evidence.fact < len(facts):
        return _Words(facts[evidence.fact].text)
    return None


class _Words(str):
    """A source's own words (shown as they are, not as a value)."""


def _value_text(value: Any, ui: _Ui) -> str | None:
    """A value as the UI language writes it (numbers, dates), short; None when there is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return ui.number(value)
    text = " ".join(str(value).split())
    when = parse_date(text) if not isinstance(value, _Words) else None
    if when is not None:
        return ui.date(when)
    return _clip(text, 60) or None


def _runs(states: Sequence[str], wanted: str) -> list[tuple[int, int]]:
    """(first column, how many) of each run of consecutive cells in state ``wanted``."""
    runs: list[tuple[int, int]] = []
    for i, state in enumerate(states):
        if state != wanted:
            continue
        if runs and runs[-1][0] + runs[-1][1] == i:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


def _run_path(runs: Sequence[tuple[int, int]], x0: int, y: int) -> str:
    """A path drawing each run as a line of squares: a stroke as wide as a cell, dashed cell by cell."""
    d, at = [], None
    for first, count in runs:
        x = x0 + first * PITCH
        d.append(f"M{x} {y}" if at is None else f"m{x - at} 0")
        d.append(f"h{count * PITCH}")  # a whole pitch per cell: the dashes restart in step
        at = x + count * PITCH
    return "".join(d)


def coverage_svg(data: _StoryData, columns: Sequence[_Column], labels: _Labels, ui: _Ui) -> Markup:
    """The matrix as one raw HTML block: a ``<div>`` holding an inline ``<svg>``, no blank line inside.

    Compact by design (a story of fifty sources has thousands of cells): the empty squares are
    one pattern behind the whole grid, the filled ones a dashed line per row, and only the cells
    of another value (few) are shapes of their own, with a tooltip giving that value. A column
    is one link to its claim's row on the claim table, over its whole height.
    """
    sources, links = data.sources, data.links
    x0 = FAMILY_W + LABEL_W
    y0 = HEAD_H
    rows_h = len(sources) * PITCH
    grid_w = len(columns) * PITCH
    # The legend under the grid, from the left edge: a swatch and a name per state (~7 px a letter).
    legend = [(state, ui.plain(f"ov_state_{state}")) for state in STATES]
    legend_w = FAMILY_W + sum(CELL + 17 + 7 * len(name) for _, name in legend)
    width = max(x0 + max(len(columns), 1) * PITCH + 8, legend_w)
    height = y0 + rows_h + 8 + LEGEND_H
    summary = ui.plain("ov_cov_aria", sources=ui.number(len(sources)), claims=ui.number(len(columns)))
    state_names = {state: ui.plain(f"ov_state_{state}") for state in STATES}
    # A text alternative: what each row holds, counted (the table of sources says the same).
    described = "; ".join(
        ui.plain(
            "ov_cov_desc_row",
            source=_clip(source.name, 80),
            states=ui.number(row.states.count("states")),
            differs=ui.number(row.states.count("differs")),
            absent=ui.number(row.states.count("absent")),
        )
        for source, row in zip(sources, data.rows, strict=True)
    )
    out = [
        '<div class="px-cov-scroll">\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" class="px-cov-svg" role="img" aria-label="{_xml(summary)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">\n'
        f"<title>{_xml(summary)}</title><desc>{_xml(described)}</desc>\n"
        # An empty square every PITCH px behind the whole grid: the "absent" cells.
        f'<defs><pattern id="px-cov-empty" x="{x0}" y="{y0}" width="{PITCH}" height="{PITCH}" '
        'patternUnits="userSpaceOnUse">'
        f'<rect class="px-cov-absent" x=".5" y=".5" width="{CELL - 1}" height="{CELL - 1}" rx="2" '
        'fill="none" stroke="#999"/></pattern></defs>\n'
        f'<rect class="px-cov-grid" x="{x0}" y="{y0}" width="{grid_w}" height="{rows_h}" '
        'fill="url(#px-cov-empty)"/>\n'
    ]
    # Column heads: the claim's number, its label as a tooltip, a link to its row over the
    # whole column (a transparent area: hovering it shows the label anywhere in the column).
    out.append('<g class="px-cov-cols" text-anchor="middle">')
    for i, col in enumerate(columns):
        x = x0 + i * PITCH
        tip = _xml(ui.plain("ov_cov_column_tip", number=col.number, claim=col.label))
        inner = (
            f'<title>{tip}</title><text x="{x + CELL // 2}" y="{y0 - 8}">{col.number}</text>'
            # Invisible (opacity 0 still takes the pointer), shown on hover by the style sheet.
            f'<rect x="{x - 2}" y="4" width="{PITCH}" height="{y0 - 4 + rows_h}" opacity="0"/>'
        )
        out.append(_svg_link(links.claim_href(col.claim), inner, ""))
    out.append("</g>\n")
    # Families: a bar beside their rows, with a letter.
    for number, family in data.families.items():
        rows = [i for i, s in enumerate(sources) if s.family == number]
        if not rows:
            continue
        top, bottom = y0 + rows[0] * PITCH, y0 + rows[-1] * PITCH + CELL
        tip = ui.plain("ov_cov_family_tip", family=family.letter, kind=_family_kind(family, ui, plain=True))
        out.append(
            f'<g class="px-cov-family" data-family="{_xml(family.letter)}"><title>{_xml(tip)}</title>'
            f'<rect x="4" y="{top}" width="4" height="{bottom - top}" rx="2"/>'
            f'<text x="12" y="{(top + bottom) / 2 + 4:g}">{_xml(family.letter)}</text></g>\n'
        )
    # Rows: the source's name (in its language and direction, linked to its article), the runs
    # of cells that state the claim, and each cell of another value.
    out.append(f'<g class="px-cov-rows" text-anchor="end" stroke-width="{CELL}">\n')
    for r, (source, row) in enumerate(zip(sources, data.rows, strict=True)):
        y = y0 + r * PITCH
        article = source.article
        attrs = lang_attrs(article.lang)
        language = attrs.split('"')[1]  # lang="xx" dir="..."
        rtl = 'dir="rtl"' in attrs
        tip = ui.plain("ov_source_plain", source=source.name, language=ui.language(article.lang))
        label = (
            f'<text class="px-cov-label" x="{x0 - 6}" y="{y + CELL - 3}" lang="{language}"'
            + (' direction="rtl" text-anchor="start"' if rtl else "")
            + f">{_xml(_clip(source.name, CLIP_NAME))}</text>"
        )
        href = links.article_href(source.id)
        parts = [
            f'<g class="px-cov-row" data-source="{_xml(source.id)}"><title>{_xml(tip)}</title>',
            f'<a href="{href}">{label}</a>' if href else label,
        ]
        runs = _runs(row.states, "states")
        if runs:
            parts.append(
                f'<path class="px-cov-run px-cov-states" d="{_run_path(runs, x0, y + CELL // 2)}" '
                f'stroke-dasharray="{CELL} {PITCH - CELL}" stroke="#2e7d32" pointer-events="none"/>'
            )
        for i, value in row.differs:
            col = columns[i]
            x = x0 + i * PITCH
            given = _value_text(value, ui)
            tip = (
                ui.plain("ov_cov_differs_tip", source=_clip(source.name, 80), number=col.number, value=given)
                if given
                else ui.plain(
                    "ov_cov_cell_tip",
                    source=_clip(source.name, 80),
                    number=col.number,
                    claim=col.label,
                    state=state_names["differs"],
                )
            )
            shape = (
                f"<title>{_xml(tip)}</title>"
                f'<rect class="px-cov-cell px-cov-differs" x="{x}" y="{y}" width="{CELL}" height="{CELL}" '
                f'rx="2" data-claim="{_xml(col.claim.id)}"/>'
                # not by colour alone: a stroke across
                f'<path class="px-cov-mark" d="M{x + 2} {y + CELL - 2}L{x + CELL - 2} {y + 2}"/>'
            )
            parts.append(_svg_link(links.claim_href(col.claim), shape, ""))
        parts.append("</g>\n")
        out.append("".join(parts))
    out.append("</g>\n")
    # The legend: a swatch per state, with its name.
    y = y0 + rows_h + 12
    x = FAMILY_W
    out.append('<g class="px-cov-keys">')
    for state, name in legend:
        mark = (
            f'<path class="px-cov-mark" d="M{x + 2} {y + CELL - 2}L{x + CELL - 2} {y + 2}"/>'
            if state == "differs"
            else ""
        )
        out.append(
            f'<g class="px-cov-key" data-state="{state}"><rect class="px-cov-cell px-cov-{state}" x="{x}" '
            f'y="{y}" width="{CELL}" height="{CELL}" rx="2"/>{mark}<text x="{x + CELL + 5}" '
            f'y="{y + CELL - 3}">{_xml(name)}</text></g>'
        )
        x += CELL + 17 + 7 * len(name)
    out.append("</g>\n</svg>\n</div>")
    return Markup("".join(out))


def _svg_link(href: str | None, inner: str, attrs: str) -> str:
    attrs = f" {attrs}" if attrs else ""
    if href is None:
        return f"<g{attrs}>{inner}</g>"
    # The href is built from safe ids (claim_anchor) and fixed words: nothing to escape.
    return f'<a href="{href}"{attrs}>{inner}</a>'


def _family_kind(family: _Family, ui: _Ui, plain: bool = False) -> str:
    key = f"ov_family_{family.group.kind}"
    if not ui.has(key):
        return family.group.kind
    return ui.plain(key) if plain else ui.strings(key)


def _coverage(data: _StoryData, labels: _Labels, ui: _Ui) -> dict[str, Any]:
    sources, links = data.sources, data.links
    columns = [_Column(n, c, labels.claim(c)) for n, c in enumerate(data.columns, 1)]
    families = data.families
    rows = []
    for source, row in zip(sources, data.rows, strict=True):
        family = families.get(source.family) if source.family is not None else None
        rows.append(
            {
                "source": labels.source(source),
                "family": family.letter if family else ui.strings("none"),
                **{state: _count(row.states.count(state), ui) for state in STATES},
            }
        )
    claim_rows = []
    for i, col in enumerate(columns):
        target = links.claim(col.claim)
        label = md_text(col.label)
        states = [row.states[i] for row in data.rows]
        stating = len(states) - states.count("absent")
        claim_rows.append(
            {
                "number": col.number,
                "claim": md_link(col.label, target) if target else label,
                "stating": _count(stating, ui),
                "differs": _count(states.count("differs"), ui),
            }
        )
    family_lines = [
        ui.t(
            "ov_family_line",
            family=family.letter,
            kind=_family_kind(family, ui),
            sources=Markup(", ").join(labels.source(s) for s in sources if s.family == number),
        )
        for number, family in families.items()
    ]
    total = data.total
    return {
        "picture": coverage_svg(data, columns, labels, ui) if columns and sources else None,
        "counts": ui.t("ov_cov_counts", sources=ui.number(len(sources)), claims=ui.number(total)),
        "capped": ui.t("ov_cov_capped", shown=ui.number(len(columns)), total=ui.number(total))
        if len(columns) < total
        else None,
        "claims": claim_rows,
        "sources": rows,
        "families": family_lines,
    }


def _count(n: int, ui: _Ui) -> Markup:
    """A count in a sortable table: its digits sort it, unless the UI language groups them."""
    shown = ui.number(n)
    return Markup(shown) if shown == str(n) else Markup(f'<span data-sort="{n}">{md_text(shown)}</span>')


# --------------------------------------------------------------------------
# The timeline
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _When:
    """A calendar date at the precision it was given: a year, a month or a day (0 when not given)."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def iso(self) -> str:
        return "-".join([f"{self.year:04d}", *([f"{self.month:02d}"] if self.month else []),
                         *([f"{self.day:02d}"] if self.day else [])])  # fmt: skip

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.day:
            return self.start
        if self.month:
            following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)


def parse_date(value: object) -> _When | None:
    """An ISO 8601 value (year, year-month, date, or a date and time) as a :class:`_When`, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > 10 and text[10] in "T ":
            text = text[:10]  # a publication time: the day is what a timeline places
    else:
        return None
    match = _ISO.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(part) if part else 0 for part in match.groups())
    try:
        if year < 1 or not 0 <= month <= 12:
            return None
        if day:
            dt.date(year, month, day)
    except ValueError:
        return None
    return _When(year, month, day)


def _date_facts(result: ArticleResult) -> list[Fact]:
    """The article's date facts, each stretch of text once (two extractors may find the same one)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for fact in result.extraction.facts:
        if fact.type == "date" and (fact.start, fact.end) not in seen:
            seen.add((fact.start, fact.end))
            out.append(fact)
    return out


CLIP_DATE = 100  # characters of a sentence quoted on the timeline, around its date
CLIP_REPEAT = 40  # the same, for a sentence the timeline quoted already (under another date)

_LineKey = tuple[str, tuple[str, ...]]  # a source's id, the notes of its mentions


def _time_lines(
    sources: Sequence[_Source], links: _Links
) -> tuple[list[_When], dict[_When, list[_Line]], list[_Line]]:
    """(dates in order, each date's lines, the lines of dates that could not be placed). A line is
    one source on one date: its publication, or its mentions of the date together, the same
    words quoted once with a link to each sentence."""
    mentioned: dict[_When, dict[_LineKey, list[Fact]]] = {}
    unplaced: dict[_LineKey, list[Fact]] = {}
    published: dict[_When, list[_Source]] = {}
    for source in sources:
        when = parse_date(source.article.meta("published"))
        if when is not None:
            published.setdefault(when, []).append(source)
        for fact in _date_facts(source.result):
            when = parse_date(fact.value)
            notes = []
            if fact.attrs.get("forecast"):
                notes.append("ov_tl_forecast")
            if fact.attrs.get("relative"):
                # Placed: it was counted from the publication date; else there was none to count from.
                notes.append("ov_tl_relative" if when is not None else "ov_tl_no_anchor")
            group = unplaced if when is None else mentioned.setdefault(when, {})
            group.setdefault((source.id, tuple(notes)), []).append(fact)
    by_id = {s.id: s for s in sources}
    seen: set[str] = set()  # the sentences quoted so far, in the order of the page

    def lines(group: dict[_LineKey, list[Fact]]) -> list[_Line]:
        return [
            _Line(
                by_id[aid],
                notes,
                _grouped(aid, [(f.start, [(f.start, f.end)]) for f in facts], links, CLIP_DATE, seen),
                count=len(facts),
            )
            for (aid, notes), facts in group.items()
        ]

    order = sorted({*mentioned, *published}, key=lambda w: (w.year, w.month, w.day))
    placed = {
        when: [
            *(_Line(source, (), [], published=True) for source in published.get(when, [])),
            *lines(mentioned.get(when, {})),
        ]
        for when in order
    }
    return order, placed, lines(unplaced)


def _timeline(data: _StoryData, labels: _Labels, ui: _Ui) -> dict[str, Any]:
    order = data.order
    entries = [
        {
            "date": md_text(ui.date(when)),
            "anchor": Markup(f"t-{when.iso}"),  # digits and hyphens only
            "lines": [_time_line(line, labels, ui) for line in data.placed[when]],
        }
        for when in order
    ]
    return {
        "entries": entries,
        "count": ui.t("ov_tl_count", dates=ui.number(len(order)), sources=ui.number(len(data.sources))),
        "picture": timeline_svg(order, data.placed, ui) if order else None,
        "unplaced": [_time_line(line, labels, ui) for line in data.unplaced],
    }


def _time_line(line: _Line, labels: _Labels, ui: _Ui) -> Markup:
    source = labels.source(line.source)
    if line.published:
        return ui.t("ov_tl_published", source=source)
    text = ui.t("ov_tl_mention", source=source)
    if line.notes:
        text = Markup(f"{text} ({Markup(', ').join(ui.t(key) for key in line.notes)})")
    quotes = [labels.quote(words, targets) for words, targets in line.quotes]
    if len(quotes) == 1:
        return Markup(f"{text}: {quotes[0]}")
    # Several sentences: a list inside the item, one a line.
    return Markup(f"{text}:\n" + "\n".join(f"    - {quote}" for quote in quotes))


TL_W = 720
TL_H = 92


def timeline_svg(order: Sequence[_When], placed: dict[_When, list[_Line]], ui: _Ui) -> Markup:
    """A small axis: a bar per year or month mentioned, a dot per day; each links to its entry."""
    first = min(w.start for w in order).toordinal()
    last = max(w.end for w in order).toordinal() + 1
    if last - first < 60:
        first, last = first - 30, last + 30
    left, right = 16, TL_W - 16

    def x(day: dt.date | int) -> float:
        ordinal = day if isinstance(day, int) else day.toordinal()
        return left + (ordinal - first) * (right - left) / (last - first)

    summary = ui.plain(
        "ov_tl_aria", dates=ui.number(len(order)), first=ui.date(order[0]), last=ui.date(order[-1])
    )
    lines = [
        '<div class="px-cov-scroll">',
        f'<svg xmlns="http://www.w3.org/2000/svg" class="px-tl-svg" role="img" aria-label="{_xml(summary)}" '
        f'width="{TL_W}" height="{TL_H}" viewBox="0 0 {TL_W} {TL_H}">',
        f"<title>{_xml(summary)}</title>",
        f'<line class="px-tl-axis" x1="{left}" y1="66" x2="{right}" y2="66"/>',
    ]
    # A tick on every 1 January inside the axis (every few years when there are many).
    start_year = dt.date.fromordinal(first).year
    years = range(
        start_year + (dt.date(start_year, 1, 1).toordinal() < first), dt.date.fromordinal(last - 1).year + 1
    )
    step = max(1, len(years) // 10 + (1 if len(years) % 10 else 0)) if len(years) > 10 else 1
    ticks = []
    for year in years[::step]:
        tx = x(dt.date(year, 1, 1))
        ticks.append(
            f'<line x1="{tx:.1f}" y1="62" x2="{tx:.1f}" y2="70"/><text x="{tx:.1f}" y="84">{year}</text>'
        )
    lines.append(f'<g class="px-tl-tick" text-anchor="middle">{"".join(ticks)}</g>')
    for when in order:
        published = any(line.published for line in placed[when])
        count = sum(line.count for line in placed[when])
        kind = "px-tl-pub" if published else "px-tl-date"
        tip = ui.plain("ov_tl_tip", date=ui.date(when), count=ui.number(count))
        if when.day:
            shape = f'<circle class="px-tl-mark {kind}" cx="{x(when.start):.1f}" cy="50" r="5"/>'
        else:
            a, b = x(when.start), x(when.end.toordinal() + 1)
            y = 18 if not when.month else 32
            shape = f'<rect class="px-tl-mark {kind}" x="{a:.1f}" y="{y}" width="{max(b - a, 3):.1f}" height="9" rx="2"/>'
        lines.append(f'<a href="#t-{when.iso}"><title>{_xml(tip)}</title>{shape}</a>')
    lines += ["</svg>", "</div>"]
    return Markup("\n".join(lines))


# --------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------

CLIP_MENTION = 140  # characters of a sentence quoted on an entity's page, around its name


def _story_entities(entities: Iterable[Entity], ids: set[str]) -> list[Entity]:
    """The entities mentioned in the story's articles (those mentions only), most mentioned first."""
    found = []
    for entity in entities:
        mentions = tuple(m for m in entity.mentions if m.article in ids)
        if mentions:
            found.append(Entity(entity.id, entity.name, entity.type, mentions, entity.variants))
    return sorted(found, key=lambda e: (-len(e.mentions), e.name.casefold(), e.id))


def _variants(entity: Entity, lang_of: dict[str, str | None]) -> list[tuple[str, list[str | None]]]:
    """Every surface form of the entity (its variants, then any other mention's words) with the
    languages of the articles that use it."""
    langs: dict[str, list[str | None]] = {}
    for form in entity.variants:
        langs.setdefault(" ".join(form.split()), [])
    for m in entity.mentions:
        found = langs.setdefault(" ".join(m.text.split()), [])
        lang = lang_of.get(m.article)
        if lang not in found:
            found.append(lang)
    return [(form, found) for form, found in langs.items() if form]


def _variant(form: str, langs: list[str | None]) -> Markup:
    """A form of a name in the language of the articles using it ("und" when several languages do)."""
    lang = langs[0] if len(set(langs)) == 1 else None
    return Markup(f"<span {lang_attrs(lang or 'und')}>{html_text(form)}</span>")


def _entity_index(data: _StoryData, ui: _Ui) -> dict[str, Any]:
    entities, names = data.entities, data.names
    rows = []
    for entity in entities:
        name = " ".join(entity.name.split()) or entity.id
        rows.append(
            {
                "name": md_link(name, names[entity.id]) if entity.id in names else md_text(name),
                "type": md_text(ui.entity_type(entity.type)),
                "sources": _count(len({m.article for m in entity.mentions}), ui),
                "mentions": _count(len(entity.mentions), ui),
                "variants": Markup(", ").join(form for form, _ in data.variants[entity.id]),
            }
        )
    paged = sum(1 for e in entities if e.id in names)
    return {
        "rows": rows,
        "count": ui.t("ov_ent_count", count=ui.number(len(entities))),
        "capped": ui.t("ov_ent_capped", shown=ui.number(paged), total=ui.number(len(entities)))
        if paged < len(entities)
        else None,
    }


def _claims_by_entity(
    entities: Sequence[Entity], results: Iterable[ArticleResult], claims: Sequence[Claim]
) -> dict[str, list[Claim]]:
    """Each entity's claims, in the story's order: those whose facts are linked to it, and those
    about it (a claim's topic lists its id, or names it as subject or speaker). One pass over the
    claims: looking them up entity by entity made large stories quadratic."""
    linked: dict[tuple[str, int], set[str]] = {}
    for result in results:
        for index, fact in enumerate(result.extraction.facts):
            if fact.entities:
                linked[(result.article.id, index)] = set(fact.entities)
    by_name: dict[str, set[str]] = {}
    for entity in entities:
        by_name.setdefault(entity.name, set()).add(entity.id)
    out: dict[str, list[Claim]] = {}
    for claim in claims:
        ids: set[str] = set()
        topic_entities = claim.topic.get("entities")
        if isinstance(topic_entities, list | tuple):
            ids.update(e for e in topic_entities if isinstance(e, str))
        for key in ("subject", "speaker"):
            name = claim.topic.get(key)
            if isinstance(name, str):
                ids |= by_name.get(name, set())
        for ev in claim.evidence:
            if ev.fact is not None:
                ids |= linked.get((ev.article, ev.fact), set())
        for entity_id in sorted(ids):
            out.setdefault(entity_id, []).append(claim)
    return out


def _entity_mentions(entity: Entity, sources: Sequence[_Source], links: _Links) -> list[_Mentions]:
    """The entity's mentions source by source: each sentence once, its mentions marked in it."""
    by_source: dict[str, list[EntityMention]] = {}
    for m in entity.mentions:
        by_source.setdefault(m.article, []).append(m)
    groups = []
    for source in sources:
        mine = sorted(by_source.get(source.id, ()), key=lambda m: (m.start, m.end))
        if not mine:
            continue
        by_sentence: dict[object, list[tuple[int, int]]] = {}
        for m in mine:
            number, _ = links.span(source.id, m.start)
            by_sentence.setdefault(number if number is not None else ("at", m.start), []).append(
                (m.start, m.end)
            )
        marked = [(marks[0][0], marks) for marks in by_sentence.values()]
        groups.append(_Mentions(source, len(mine), _grouped(source.id, marked, links, CLIP_MENTION)))
    return groups


def _entity(entity: Entity, data: _StoryData, labels: _Labels, ui: _Ui) -> dict[str, Any]:
    """An entity page's context."""
    variants = [
        ui.t(
            "ov_ent_variant",
            variant=form,
            languages=", ".join(ui.language(code) for code in langs) or ui.strings("unknown"),
        )
        for form, langs in data.variants[entity.id]
    ]
    groups = [
        {
            "heading": labels.source(group.source, "../"),
            "count": ui.t("ov_ent_mentions", count=ui.number(group.count)),
            "lines": [labels.quote(words, targets, "../") for words, targets in group.quotes],
        }
        for group in data.mentions.get(entity.id, [])
    ]
    involved = []
    for claim in data.claims_of.get(entity.id, []):
        label = labels.claim(claim)
        target = data.links.claim(claim, "../")
        involved.append(md_link(label, target) if target else md_text(label))
    name = " ".join(entity.name.split()) or entity.id
    return {
        "name": md_text(name),
        "kind": ui.t("ov_ent_type", type=ui.entity_type(entity.type)),
        "counts": ui.t(
            "ov_ent_counts",
            mentions=ui.number(len(entity.mentions)),
            sources=ui.number(len({m.article for m in entity.mentions})),
        ),
        "index": "index.md",
        "variants": variants,
        "groups": groups,
        "claims": involved,
    }
