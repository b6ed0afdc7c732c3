"""Built-in renderer of claim tables: ``stories/<story>/claims.md``, in every UI language.

One table per story: a row per claim (labelled in the UI language from the
claim's topic, see :func:`generator.labels.claim_label`), a column per source
(its outlet and language). Each cell shows whether the source states the
claim (✓, with the value it gives), states it with another value (≠) or not
at all (—), and links to the very sentence on the article's page
(``<article page>#s-N``, the anchors of :func:`generator.markup.article_html`).
A column for the number of sources and of independent families (lineage)
stating each claim, the counts for the story, the families themselves, and a
link to ``data/claims.csv``. Claims that one source alone states (coverage)
are listed in a second, narrow table (claim, source, what it says), so that
the main table keeps to rows that compare sources: a story of fifty articles
easily has a thousand such claims, a thousand rows of fifty dashes. Both
tables sort by any column in the browser (``site_templates/assets/parallax.js``,
no dependency); without JavaScript they are ordinary tables.

Every value from an article (outlets, titles, quotes, the words of a date)
is escaped by :mod:`generator.markup`; the few attributes written here are
built from numbers and safe ids.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date, format_skeleton
from markupsafe import Markup

from generator import hookimpl
from generator.labels import claim_label
from generator.markup import article_html, html_text, lang_attrs, md_link, md_text
from generator.model import Article, ArticleResult, Claim, Evidence, Lineage, Page, Report, Story
from generator.report import CLAIMS_CSV
from generator.settings import Settings
from generator.strings import Catalog
from generator.ui import UiLanguage
from plugins.pages import article_page

PAGE = "claims.md"
_SLUG = re.compile(r"[A-Za-z0-9_-]+")
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ANCHOR = re.compile(r'id="s-(\d+)"')
# Sort keys of the source columns: who states a claim first, then who differs, then the rest.
SORT_STATUS = {"states": 0, "differs": 1, "absent": 2}
SYMBOL = {"states": "✓", "differs": "≠", "absent": "—"}
MAX_HEADER = 40  # characters of an outlet or title in a column header


@hookimpl
def parallax_pages(report: Report, lang: str, strings: Catalog, settings: Settings) -> Iterator[Page]:
    """A claim table per story, in UI language ``lang``."""
    ui = _Ui(lang, strings, settings)
    by_id = {r.article.id: r for r in report.results}
    for story in report.stories:
        if not _SLUG.fullmatch(story.id):
            continue  # the story renderer reports unsafe ids; no page can be made for them
        results = [by_id[aid] for aid in story.articles if aid in by_id and _SLUG.fullmatch(aid)]
        claims = [c for c in report.claims if c.story == story.id]
        lineage = [x for x in report.lineage if set(x.articles) <= set(story.articles)]
        context = _context(story, results, claims, lineage, ui)
        title = ui.strings("claims_title", story=_story_title(story, ui))
        yield (Page(f"stories/{story.id}/{PAGE}", ui.render("claims.md.j2", **context), title))


class _Ui(UiLanguage):
    """One UI language: the catalogue (escaped for Markdown), its locale, the templates."""

    def date(self, value: str) -> str:
        """An ISO date at its own precision, as the UI language writes it."""
        match = _ISO.fullmatch(value)
        if not match or self.locale is None:
            return value
        year, month, day = match.groups()
        try:
            if day:
                return format_date(dt.date(int(year), int(month), int(day)), "long", locale=self.locale)
            if month:
                return format_skeleton("yMMMM", dt.date(int(year), int(month), 1), locale=self.locale)
        except ValueError:
            return value
        return year

    def language(self, code: str | None) -> str:
        if not code:
            return "?"
        name = self.locale.languages.get(code.split("-")[0].lower()) if self.locale else None
        return name[:1].upper() + name[1:] if name else code


def _story_title(story: Story, ui: _Ui) -> str:
    return " ".join(story.title_in(ui.lang, ui.default).split())[:300]


def _up_to_root(path: str) -> str:
    """The relative way up from a page to the site's root, where data/ lives.

    Pages are staged under ``<lang>/`` and mkdocs-static-i18n serves the
    default language at the root and the others under ``/<lang>/``, but it
    resolves Markdown links against the staged files, where every language
    folder sits one level below the root: one more ``../`` than the page's
    own folders, in every language.
    """
    return "../" * (path.count("/") + 1)


class _Sentences:
    """Where each sentence of an article can be linked: its number, if its page anchors it."""

    def __init__(self, article: Article) -> None:
        anchored = {int(n) for n in _ANCHOR.findall(str(article_html(article)))}
        # Numbers count from 1 in ``article.sentences`` order (that is how the page numbers them).
        spans = sorted(
            (span.start, span.end, number) for number, span in enumerate(article.sentences, start=1)
        )
        self.starts = [s for s, _, _ in spans]
        self.spans = [(e, number if number in anchored else None) for _, e, number in spans]

    def number(self, pos: int) -> int | None:
        """The number of the sentence holding ``pos``, or None (then the link goes to the page)."""
        i = bisect_right(self.starts, pos) - 1
        if i < 0 or pos >= self.spans[i][0]:
            return None
        return self.spans[i][1]


@dataclass(frozen=True)
class _Source:
    result: ArticleResult
    sentences: _Sentences
    header: Markup
    link: Markup
    outlet: Markup
    language: str


def _sources(results: Sequence[ArticleResult], ui: _Ui) -> list[_Source]:
    out = []
    for result in results:
        article = result.article
        name = " ".join((article.meta("outlet") or article.meta("title") or _first_words(article)).split())
        short = name if len(name) <= MAX_HEADER else name[: MAX_HEADER - 1].rstrip() + "…"
        title = _short_title(result)
        link = md_link(title, article_page(article.id))
        out.append(
            _Source(
                result=result,
                sentences=_Sentences(article),
                header=ui.t(
                    "claims_source_header",
                    outlet=Markup(f"<span {lang_attrs(article.lang)}>{html_text(short)}</span>"),
                    lang=article.lang or "?",
                ),
                link=Markup(f"<span {lang_attrs(article.lang)}>{link}</span>"),
                outlet=md_text(article.meta("outlet") or "—"),
                language=ui.language(article.lang),
            )
        )
    return out


def _families(results: Sequence[ArticleResult], lineage: Sequence[Lineage]) -> dict[str, int]:
    """Each article's family number; an article of no family is a family of its own."""
    family: dict[str, int] = {}
    for number, group in enumerate(lineage):
        for aid in group.articles:
            family.setdefault(aid, number)
    for result in results:
        family.setdefault(result.article.id, len(lineage) + len(family))
    return family


def _value(evidence: Evidence, result: ArticleResult, kind: str, ui: _Ui) -> Markup:
    """What the source says, as the UI language writes it; the source's own words when unresolved."""
    value = evidence.value
    if kind == "quote":
        return Markup("")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return md_text(ui.number(value))
    if kind == "date" and isinstance(value, str):
        return md_text(ui.date(value))
    facts = result.extraction.facts
    if value is None and evidence.fact is not None and 0 <= evidence.fact < len(facts):
        # An unresolved "last year": its own words, in its own language.
        words = facts[evidence.fact].text
        return Markup(f"<span {lang_attrs(result.article.lang)}>“{html_text(words)}”</span>")
    return md_text(value) if value is not None else Markup("")


def _cell(claim: Claim, source: _Source, ui: _Ui) -> Markup:
    article = source.result.article
    status = claim.sources.get(article.id, "absent")
    evidence = next((e for e in claim.evidence if e.article == article.id), None)
    if status == "absent" or evidence is None:
        return Markup(SYMBOL["absent"])
    text = Markup(f"{SYMBOL.get(status, '?')} {_value(evidence, source.result, claim.kind, ui)}".strip())
    number = source.sentences.number(evidence.start)
    # Article ids are safe slugs (checked before), so the target needs no escaping.
    target = article_page(article.id) + (f"#s-{number}" if number else "")
    # attr_list: the sort key on the link (a number from a fixed table, nothing from the text).
    return Markup(f'[{text}]({target}){{ data-sort="{SORT_STATUS.get(status, 3)}" }}')


def _label(claim: Claim, ui: _Ui, lang_of: dict[str, str | None]) -> Markup:
    """The claim's label in the UI language; a quote keeps its words in their own language."""
    topic = claim.topic
    if claim.kind == "quote" and topic.get("quote"):
        first = next((e.article for e in claim.evidence), None)
        lang = topic.get("lang") or (lang_of.get(first) if first else None)
        words = Markup(f"<span {lang_attrs(lang)}>{html_text(topic['quote'])}</span>")
        if topic.get("speaker"):
            return ui.t("claim_quote+speaker", speaker=topic["speaker"], quote=words)
        return ui.t("claim_quote", quote=words)
    return md_text(claim_label(claim, ui.strings))


def _stating(claim: Claim) -> list[str]:
    return [aid for aid, status in claim.sources.items() if status in ("states", "differs")]


def claim_anchor(claim_id: str) -> str:
    """The id of a claim's row (``claim-c3`` for ``<story>:c3``): other pages link to ``claims.md#<it>``."""
    return "claim-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", claim_id.rsplit(":", 1)[-1]).strip("-") or "x")


def _row(claim: Claim, sources: Sequence[_Source], family: dict[str, int], ui: _Ui) -> Markup:
    """A table line: the label, the sources (families) stating it, then one cell per source."""
    lang_of = {s.result.article.id: s.result.article.lang for s in sources}
    stating = _stating(claim)
    families = len({family.get(aid, aid) for aid in stating})
    support = ui.t("claims_support", sources=ui.number(len(stating)), families=ui.number(families))
    # Sorted by independent families, then by sources: corroboration, not repetition.
    support = Markup(f'<span data-sort="{families * 1000 + len(stating)}">{support}</span>')
    anchor = Markup(f'<span id="{claim_anchor(claim.id)}"></span>')
    cells = [anchor + _label(claim, ui, lang_of), support, *(_cell(claim, s, ui) for s in sources)]
    return Markup("| " + " | ".join(cells) + " |")


def _single(claim: Claim, sources: Sequence[_Source], ui: _Ui) -> Markup | None:
    """A line of the table of claims one source alone states: the label, the source, its words."""
    stating = set(_stating(claim))
    source = next((s for s in sources if s.result.article.id in stating), None)
    if source is None:
        return None  # an article without a page (an unsafe id, reported by the story renderer)
    anchor = Markup(f'<span id="{claim_anchor(claim.id)}"></span>')
    label = _label(claim, ui, {source.result.article.id: source.result.article.lang})
    return Markup(f"| {anchor}{label} | {source.header} | {_cell(claim, source, ui)} |")


def _family_line(group: Lineage, by_id: dict[str, ArticleResult], ui: _Ui) -> Markup:
    links = [
        Markup(
            f"<span {lang_attrs(by_id[a].article.lang)}>{md_link(_short_title(by_id[a]), article_page(a))}</span>"
        )
        for a in group.articles
        if a in by_id
    ]
    key = f"claims_family_{group.kind}"
    return ui.t(
        "claims_family",
        kind=ui.strings(key) if ui.has(key) else group.kind,
        score=ui.number(round(group.score, 2)),
        articles=Markup(", ".join(links)),
    )


def _context(
    story: Story,
    results: Sequence[ArticleResult],
    claims: Sequence[Claim],
    lineage: Sequence[Lineage],
    ui: _Ui,
) -> dict[str, Any]:
    sources = _sources(results, ui)
    family = _families(results, lineage)
    path = f"stories/{story.id}/{PAGE}"
    header = [ui.t("claims_col_claim"), ui.t("claims_col_support"), *(s.header for s in sources)]
    by_id = {r.article.id: r for r in results}
    # A claim one source alone states is a row of its own small table (coverage), so that
    # the main table stays readable: rows that compare sources, columns that are sources.
    shared = [c for c in claims if len(_stating(c)) > 1]
    alone = [c for c in claims if len(_stating(c)) == 1]
    single_header = [ui.t("claims_col_claim"), ui.t("claims_col_source"), ui.t("claims_col_says")]
    return {
        "title": ui.strings("claims_title", story=_story_title(story, ui)),
        "home": "../../index.md",
        "story": "index.md",
        "story_title": _story_title(story, ui),
        "counts": ui.t(
            "claims_counts",
            sources=ui.number(len(results)),
            families=ui.number(len({family[r.article.id] for r in results})),
        ),
        "count": ui.t("claims_count", count=ui.number(len(claims))),
        "header": Markup("| " + " | ".join(header) + " |"),
        "rule": Markup("|" + " --- |" * len(header)),
        "rows": [_row(claim, sources, family, ui) for claim in shared],
        "single_header": Markup("| " + " | ".join(single_header) + " |"),
        "single_rule": Markup("| --- | --- | --- |"),
        "singles": [row for claim in alone if (row := _single(claim, sources, ui)) is not None],
        "csv": md_link(ui.strings("claims_csv"), _up_to_root(path) + CLAIMS_CSV),
        "sources": [
            ui.t("claims_source_line", link=s.link, outlet=s.outlet, language=s.language) for s in sources
        ],
        "families": [_family_line(group, by_id, ui) for group in lineage],
    }


def _first_words(article: Article) -> str:
    """An article without outlet or title is named by its first sentence (else its id)."""
    first = min(article.sentences, key=lambda span: span.start, default=None)
    words = article.text[first.start : first.end] if first else article.text[:200]
    return " ".join(words.split()) or article.id


def _short_title(result: ArticleResult) -> str:
    title = " ".join((result.article.meta("title") or _first_words(result.article)).split())
    return title if len(title) <= 80 else title[:79].rstrip() + "…"
