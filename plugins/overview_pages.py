"""Built-in renderer: a story seen from above, in every UI language.

Per story, four kinds of pages:

* ``stories/<story>/coverage.md``: the coverage matrix as a picture, an
  inline SVG drawn here (no script, no library): a row per source (grouped by
  lineage family, a bar marks each family), a column per claim, most-stated
  first (at most ``max_columns``), each cell showing whether the source
  states the claim, states another value, or is silent, and linking to the
  claim's row on the claim table. A legend and two small tables (the columns'
  claims, the rows' sources) say the same in text.
* ``stories/<story>/timeline.md``: every date the articles mention (facts of
  type ``date`` with a resolved ISO value, at its own precision) and every
  publication date, in chronological order, each with the sources' own
  sentences linking to them on the article pages; dates that could not be
  placed are listed apart. A small SVG axis shows where they fall.
* ``stories/<story>/entities/index.md``: the story's entities in a sortable
  table, and ``stories/<story>/entities/<entity>.md`` for the most mentioned
  ones (at most ``max_entity_pages``): the entity's name variants in their
  languages, its mentions grouped by source with their sentences, and the
  claims it takes part in.

Every label comes from the catalogue part ``<lang>.overview.yml``; names,
outlets and article text are untrusted and reach the page only through
:mod:`generator.markup` (Markdown and HTML, which is also valid XML escaping
for the SVG: every special character becomes a numeric reference).

Links inside the SVG are raw HTML, which MkDocs does not rewrite: they are
written for the URL style of the site (MkDocs' ``use_directory_urls``,
passed on as ``settings.directory_urls``). Every other link is Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
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
from generator.model import Article, ArticleResult, Claim, Entity, Fact, Lineage, Page, Report, Story
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
CLIP_SENTENCE = 400  # characters of a quoted sentence around its marked words


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
    options = settings.plugin_options(NAME)
    by_id = {r.article.id: r for r in report.results}
    for story in report.stories:
        if not _SAFE.fullmatch(story.id):
            continue  # plugins.pages refuses such a story: there is no folder to put pages in
        results = [by_id[aid] for aid in story.articles if aid in by_id and _SAFE.fullmatch(aid)]
        ids = {r.article.id for r in results}
        claims = [c for c in report.claims if c.story == story.id]
        lineage = [g for g in report.lineage if len(set(g.articles) & ids) > 1]
        links = _Links(results, _renders(settings, "pages"), _renders(settings, "claim_pages"), claims)
        links.directory_urls = settings.directory_urls
        sources = _sources(results, lineage, ui)
        folder = f"stories/{story.id}"
        title = _story_title(story, ui)

        cov_title = ui.strings("ov_coverage_title", story=title)
        context = _coverage(sources, lineage, claims, links, ui, int(options.get("max_columns", MAX_COLUMNS)))
        yield (
            Page(
                f"{folder}/{COVERAGE}",
                ui.render("coverage.md.j2", title=cov_title, **_back(title, ""), **context),
                cov_title,
            )
        )

        tl_title = ui.strings("ov_timeline_title", story=title)
        context = _timeline(sources, links, ui)
        yield (
            Page(
                f"{folder}/{TIMELINE}",
                ui.render("timeline.md.j2", title=tl_title, **_back(title, ""), **context),
                tl_title,
            )
        )

        entities = _story_entities(report.entities, ids)
        limit = int(options.get("max_entity_pages", MAX_ENTITY_PAGES))
        names = entity_pages(entities[: max(limit, 0)])
        ent_title = ui.strings("ov_entities_title", story=title)
        index = _entity_index(entities, names, sources, ui)
        yield (
            Page(
                f"{folder}/{ENTITIES}/index.md",
                ui.render("entities.md.j2", title=ent_title, **_back(title, "../"), **index),
                ent_title,
            )
        )
        claims_of = _claims_by_entity(entities, results, claims)
        for entity in entities:
            if entity.id not in names:
                continue
            context = _entity(entity, sources, claims_of.get(entity.id, []), links, ui)
            name = " ".join(entity.name.split()) or entity.id
            yield (
                Page(
                    f"{folder}/{ENTITIES}/{names[entity.id]}",
                    ui.render("entity.md.j2", title=name, **_back(title, "../"), **context),
                    name,
                )
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


def _sources(results: Sequence[ArticleResult], lineage: Sequence[Lineage], ui: _Ui) -> list[_Source]:
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
    ) -> None:
        self.results = {r.article.id: r for r in results}
        self.article_pages = article_pages
        self.claim_pages = claim_pages
        self.directory_urls = True
        # The claims that have a row (an anchor) on the claim table: those that a source states.
        self.claim_rows = {c.id for c in claims if _stating(c, self.results)}

    def article(self, article_id: str, up: str = "") -> str | None:
        if not self.article_pages or article_id not in self.results:
            return None
        return f"{up}{article_page(article_id)}"

    def sentence_number(self, article: Article, pos: int) -> int | None:
        return next((n for n, s in enumerate(article.sentences, 1) if s.start <= pos < s.end), None)

    def sentence(self, article_id: str, pos: int, up: str = "") -> tuple[int | None, str | None]:
        """(sentence number, link to it on the article's page) for an offset of the article's text."""
        article = self.results[article_id].article
        number = self.sentence_number(article, pos)
        page = self.article(article_id, up)
        if page is None:
            return number, None
        if number is not None and number in sentence_anchors(article):
            return number, f"{page}#s-{number}"
        return number, page

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


def _quote(article: Article, marks: Sequence[tuple[int, int]], pos: int) -> Markup:
    """The sentence holding ``pos`` in its language, the ``marks`` in it highlighted, as inline HTML."""
    text = article.text
    span = next((s for s in article.sentences if s.start <= pos < s.end), None)
    start, end = (span.start, span.end) if span else (marks[0][0], marks[-1][1]) if marks else (pos, pos)
    start, end = max(0, start), min(len(text), end)
    inside = sorted((max(s, start), min(e, end)) for s, e in marks if s < end and e > start and e > s)
    if inside:  # a window around the marks of a very long sentence
        lo, hi = inside[0][0], inside[-1][1]
        room = max(0, CLIP_SENTENCE - (hi - lo)) // 2
        start, end = max(start, lo - room), min(end, hi + room)
    head = "… " if span and start > span.start else ""
    tail = " …" if span and end < span.end else ""
    parts, last = [], start
    for s, e in inside:
        if s < last:
            continue  # overlapping marks never nest
        parts.append(html_text(text[last:s].replace("\n", " ")))
        parts.append(Markup(f"<mark>{html_text(text[s:e].replace(chr(10), ' '))}</mark>"))
        last = e
    parts.append(html_text(text[last:end].replace("\n", " ")))
    inner = Markup("").join(parts)
    return Markup(f'<span class="px-ov-words" {lang_attrs(article.lang)}>{head}{inner.strip()}{tail}</span>')


def _sentence_link(links: _Links, article_id: str, pos: int, ui: _Ui, up: str = "") -> Markup | None:
    number, target = links.sentence(article_id, pos, up)
    if target is None:
        return None
    if number is not None and "#" in target:
        return md_link(ui.strings("ov_sentence_link", number=ui.number(number)), target)
    return md_link(ui.strings("ov_article_link"), target)


def _source_label(source: _Source, ui: _Ui, up: str = "", links: _Links | None = None) -> Markup:
    """ "Outlet (Language)", the outlet in its own language, linked to the article when it has a page."""
    page = links.article(source.id, up) if links else None
    name = md_link(source.name, page) if page else md_text(source.name)
    words = Markup(f"<span {lang_attrs(source.article.lang)}>{name}</span>")
    return ui.t("ov_source", source=words, language=ui.language(source.article.lang))


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


def _columns(claims: Sequence[Claim], ids: set[str], limit: int, ui: _Ui) -> tuple[list[_Column], int]:
    """The claims that some source of the story states, most stated first; (shown, how many in all)."""
    stated = [c for c in claims if any(a in ids for a in _stating(c))]

    def weight(item: tuple[int, Claim]) -> tuple[int, int, int]:
        n, claim = item
        states = sum(1 for a, s in claim.sources.items() if s == "states" and a in ids)
        return (-len([a for a in _stating(claim) if a in ids]), -states, n)

    ordered = [c for _, c in sorted(enumerate(stated), key=weight)]
    shown = ordered[: max(limit, 0)]
    return [_Column(n, c, claim_label(c, ui.strings)) for n, c in enumerate(shown, 1)], len(stated)


def _state(claim: Claim, article_id: str) -> str:
    state = claim.sources.get(article_id, "absent")
    return state if state in STATES else "absent"


def coverage_svg(
    sources: Sequence[_Source],
    columns: Sequence[_Column],
    families: dict[int, _Family],
    links: _Links,
    ui: _Ui,
) -> Markup:
    """The matrix as one raw HTML block: a ``<div>`` holding an inline ``<svg>``, no blank line inside."""
    x0 = FAMILY_W + LABEL_W
    y0 = HEAD_H
    # The legend under the grid, from the left edge: a swatch and a name per state (~7 px a letter).
    legend = [(state, ui.plain(f"ov_state_{state}")) for state in STATES]
    legend_w = FAMILY_W + sum(CELL + 17 + 7 * len(name) for _, name in legend)
    width = max(x0 + max(len(columns), 1) * PITCH + 8, legend_w)
    height = y0 + len(sources) * PITCH + 8 + LEGEND_H
    summary = ui.plain("ov_cov_aria", sources=ui.number(len(sources)), claims=ui.number(len(columns)))
    lines = [
        '<div class="px-cov-scroll">',
        f'<svg xmlns="http://www.w3.org/2000/svg" class="px-cov-svg" role="img" aria-label="{_xml(summary)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_xml(summary)}</title>",
    ]
    # Column heads: the claim's number, its label as a tooltip, a link to its row.
    for i, col in enumerate(columns):
        x = x0 + i * PITCH + CELL / 2
        head = (
            f"<title>{_xml(ui.plain('ov_cov_column_tip', number=col.number, claim=col.label))}</title>"
            f'<text class="px-cov-num" x="{x:g}" y="{y0 - 8}" text-anchor="middle">{col.number}</text>'
        )
        lines.append(
            _svg_link(
                links.claim_href(col.claim), head, f'class="px-cov-col" data-claim="{_xml(col.claim.id)}"'
            )
        )
    # Families: a bar beside their rows, with a letter.
    for number, family in families.items():
        rows = [i for i, s in enumerate(sources) if s.family == number]
        if not rows:
            continue
        top, bottom = y0 + rows[0] * PITCH, y0 + rows[-1] * PITCH + CELL
        kind = (
            ui.plain(f"ov_family_{family.group.kind}")
            if ui.has(f"ov_family_{family.group.kind}")
            else family.group.kind
        )
        tip = ui.plain("ov_cov_family_tip", family=family.letter, kind=kind)
        lines.append(
            f'<g class="px-cov-family" data-family="{_xml(family.letter)}"><title>{_xml(tip)}</title>'
            f'<rect x="4" y="{top}" width="4" height="{bottom - top}" rx="2"/>'
            f'<text x="12" y="{(top + bottom) / 2 + 4:g}">{_xml(family.letter)}</text></g>'
        )
    # Rows: the source's name (in its language and direction), then a cell per claim.
    for r, source in enumerate(sources):
        y = y0 + r * PITCH
        article = source.article
        attrs = lang_attrs(article.lang)
        rtl = 'dir="rtl"' in attrs
        language = re.search(r'lang="([^"]*)"', attrs).group(1)  # type: ignore[union-attr]
        anchor = "start" if rtl else "end"
        tip = ui.plain("ov_source_plain", source=source.name, language=ui.language(article.lang))
        lines.append(
            f'<g class="px-cov-row" data-source="{_xml(source.id)}"><title>{_xml(tip)}</title>'
            f'<text class="px-cov-label" x="{x0 - 6}" y="{y + CELL - 3}" text-anchor="{anchor}" '
            f'lang="{language}" direction="{"rtl" if rtl else "ltr"}">{_xml(_clip(source.name, CLIP_NAME))}</text>'
        )
        for i, col in enumerate(columns):
            x = x0 + i * PITCH
            state = _state(col.claim, source.id)
            tip = ui.plain(
                "ov_cov_cell_tip",
                source=_clip(source.name, 80),
                number=col.number,
                claim=col.label,
                state=ui.plain(f"ov_state_{state}"),
            )
            shape = f'<rect class="px-cov-cell px-cov-{state}" x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2"'
            shape += (
                f' data-state="{state}" data-claim="{_xml(col.claim.id)}"><title>{_xml(tip)}</title></rect>'
            )
            if state == "differs":  # not by colour alone: a stroke across
                shape += f'<path class="px-cov-mark" d="M{x + 2} {y + CELL - 2}L{x + CELL - 2} {y + 2}"/>'
            lines.append(_svg_link(links.claim_href(col.claim), shape, ""))
        lines.append("</g>")
    # The legend: a swatch per state, with its name.
    y = y0 + len(sources) * PITCH + 12
    x = FAMILY_W
    for state, name in legend:
        mark = (
            f'<path class="px-cov-mark" d="M{x + 2} {y + CELL - 2}L{x + CELL - 2} {y + 2}"/>'
            if state == "differs"
            else ""
        )
        lines.append(
            f'<g class="px-cov-key"><rect class="px-cov-cell px-cov-{state}" x="{x}" y="{y}" width="{CELL}" '
            f'height="{CELL}" rx="2"/>{mark}<text x="{x + CELL + 5}" y="{y + CELL - 3}">{_xml(name)}</text></g>'
        )
        x += CELL + 17 + 7 * len(name)
    lines += ["</svg>", "</div>"]
    return Markup("\n".join(lines))


def _svg_link(href: str | None, inner: str, attrs: str) -> str:
    attrs = f" {attrs}" if attrs else ""
    if href is None:
        return f"<g{attrs}>{inner}</g>"
    # The href is built from safe ids (claim_anchor) and fixed words: nothing to escape.
    return f'<a href="{href}"{attrs}>{inner}</a>'


def _coverage(
    sources: Sequence[_Source],
    lineage: Sequence[Lineage],
    claims: Sequence[Claim],
    links: _Links,
    ui: _Ui,
    limit: int,
) -> dict[str, Any]:
    ids = {s.id for s in sources}
    columns, total = _columns(claims, ids, limit, ui)
    families = _families(sources, lineage)
    rows = []
    for source in sources:
        states = [_state(col.claim, source.id) for col in columns]
        family = families.get(source.family) if source.family is not None else None
        rows.append(
            {
                "source": _source_label(source, ui, "", links),
                "family": family.letter if family else ui.strings("none"),
                **{state: _count(states.count(state), ui) for state in STATES},
            }
        )
    claim_rows = []
    for col in columns:
        target = links.claim(col.claim)
        label = md_text(col.label)
        stating = [a for a in _stating(col.claim) if a in ids]
        differs = [a for a in stating if col.claim.sources.get(a) == "differs"]
        claim_rows.append(
            {
                "number": Markup(f'<span id="claim-col-{col.number}">{col.number}</span>'),
                "claim": md_link(col.label, target) if target else label,
                "stating": _count(len(stating), ui),
                "differs": _count(len(differs), ui),
            }
        )
    family_lines = [
        ui.t(
            "ov_family_line",
            family=family.letter,
            kind=ui.strings(f"ov_family_{family.group.kind}")
            if ui.has(f"ov_family_{family.group.kind}")
            else family.group.kind,
            sources=Markup(", ").join(_source_label(s, ui, "", links) for s in sources if s.family == number),
        )
        for number, family in families.items()
    ]
    return {
        "picture": coverage_svg(sources, columns, families, links, ui) if columns and sources else None,
        "counts": ui.t("ov_cov_counts", sources=ui.number(len(sources)), claims=ui.number(total)),
        "capped": ui.t("ov_cov_capped", shown=ui.number(len(columns)), total=ui.number(total))
        if len(columns) < total
        else None,
        "claims": claim_rows,
        "sources": rows,
        "families": family_lines,
    }


def _count(n: int, ui: _Ui) -> Markup:
    return Markup(f'<span data-sort="{n}">{md_text(ui.number(n))}</span>')


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


@dataclass(frozen=True)
class _TimeItem:
    source: _Source
    fact: Fact | None  # None: the article's publication


def _date_facts(result: ArticleResult) -> list[Fact]:
    """The article's date facts, each stretch of text once (two extractors may find the same one)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for fact in result.extraction.facts:
        if fact.type == "date" and (fact.start, fact.end) not in seen:
            seen.add((fact.start, fact.end))
            out.append(fact)
    return out


def _timeline(sources: Sequence[_Source], links: _Links, ui: _Ui) -> dict[str, Any]:
    placed: dict[_When, list[_TimeItem]] = {}
    unplaced: list[_TimeItem] = []
    for source in sources:
        when = parse_date(source.article.meta("published"))
        if when is not None:
            placed.setdefault(when, []).append(_TimeItem(source, None))
        for fact in _date_facts(source.result):
            when = parse_date(fact.value)
            if when is None:
                unplaced.append(_TimeItem(source, fact))
            else:
                placed.setdefault(when, []).append(_TimeItem(source, fact))
    order = sorted(placed, key=lambda w: (w.year, w.month, w.day))
    entries = [
        {
            "date": md_text(ui.date(when)),
            "anchor": Markup(f"t-{when.iso}"),  # digits and hyphens only
            "lines": [_time_line(item, links, ui) for item in placed[when]],
        }
        for when in order
    ]
    return {
        "entries": entries,
        "count": ui.t("ov_tl_count", dates=ui.number(len(order)), sources=ui.number(len(sources))),
        "picture": timeline_svg(order, placed, ui) if order else None,
        "unplaced": [_time_line(item, links, ui, placed=False) for item in unplaced],
    }


def _time_line(item: _TimeItem, links: _Links, ui: _Ui, placed: bool = True) -> Markup:
    source = _source_label(item.source, ui, "", links)
    fact = item.fact
    if fact is None:
        return ui.t("ov_tl_published", source=source)
    notes = []
    if fact.attrs.get("forecast"):
        notes.append(ui.t("ov_tl_forecast"))
    if fact.attrs.get("relative"):
        # Placed: it was counted from the publication date; else there was none to count from.
        notes.append(ui.t("ov_tl_relative" if placed else "ov_tl_no_anchor"))
    line = ui.t("ov_tl_mention", source=source)
    if notes:
        line = Markup(f"{line} ({Markup(', ').join(notes)})")
    words = _quote(item.source.article, [(fact.start, fact.end)], fact.start)
    link = _sentence_link(links, item.source.id, fact.start, ui)
    return Markup(f"{line}: {words}" + (f" · {link}" if link else ""))


TL_W = 720
TL_H = 92


def timeline_svg(order: Sequence[_When], placed: dict[_When, list[_TimeItem]], ui: _Ui) -> Markup:
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
    for year in years[::step]:
        tx = x(dt.date(year, 1, 1))
        lines.append(
            f'<line class="px-tl-tick" x1="{tx:.1f}" y1="62" x2="{tx:.1f}" y2="70"/>'
            f'<text class="px-tl-year" x="{tx:.1f}" y="84" text-anchor="middle">{year}</text>'
        )
    for when in order:
        published = any(item.fact is None for item in placed[when])
        kind = "px-tl-pub" if published else "px-tl-date"
        tip = ui.plain("ov_tl_tip", date=ui.date(when), count=ui.number(len(placed[when])))
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


def _entity_index(
    entities: Sequence[Entity], names: dict[str, str], sources: Sequence[_Source], ui: _Ui
) -> dict[str, Any]:
    lang_of = {s.id: s.article.lang for s in sources}
    rows = []
    for entity in entities:
        name = " ".join(entity.name.split()) or entity.id
        rows.append(
            {
                "name": md_link(name, names[entity.id]) if entity.id in names else md_text(name),
                "type": md_text(ui.entity_type(entity.type)),
                "sources": _count(len({m.article for m in entity.mentions}), ui),
                "mentions": _count(len(entity.mentions), ui),
                "variants": Markup(", ").join(_variant(f, ls) for f, ls in _variants(entity, lang_of)),
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


def _entity(
    entity: Entity,
    sources: Sequence[_Source],
    claims: Sequence[Claim],
    links: _Links,
    ui: _Ui,
) -> dict[str, Any]:
    """An entity page's context; ``claims`` are the entity's (:func:`_claims_by_entity`)."""
    lang_of = {s.id: s.article.lang for s in sources}
    variants = [
        ui.t(
            "ov_ent_variant",
            variant=_variant(form, langs),
            languages=", ".join(ui.language(code) for code in langs) or ui.strings("unknown"),
        )
        for form, langs in _variants(entity, lang_of)
    ]
    groups = []
    for source in sources:
        mine = sorted((m for m in entity.mentions if m.article == source.id), key=lambda m: (m.start, m.end))
        if not mine:
            continue
        article = source.article
        by_sentence: dict[object, list[tuple[int, int]]] = {}
        for m in mine:
            number = links.sentence_number(article, m.start)
            by_sentence.setdefault(number if number is not None else ("at", m.start), []).append(
                (m.start, m.end)
            )
        items = []
        for marks in by_sentence.values():
            words = _quote(article, marks, marks[0][0])
            link = _sentence_link(links, source.id, marks[0][0], ui, "../")
            items.append(Markup(f"{words}" + (f" · {link}" if link else "")))
        groups.append(
            {
                "heading": _source_label(source, ui, "../", links),
                "count": ui.t("ov_ent_mentions", count=ui.number(len(mine))),
                "lines": items,
            }
        )
    involved = []
    for claim in claims:
        label = claim_label(claim, ui.strings)
        target = links.claim(claim, "../")
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
