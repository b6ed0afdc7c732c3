"""The built-in page renderer: the home page, the list of stories, a page per story and per article.

Code here turns the report into plain values (strings, numbers) and a few
pieces of Markup it builds itself (links, ``<span lang>``, the article's
HTML); the templates in ``site_templates/`` lay them out. Every label comes
from the UI string catalogue, and every untrusted value is escaped by the
template environment or by ``generator.markup``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_datetime_format,
    get_timezone_gmt,
)
from babel.numbers import format_percent
from markupsafe import Markup

from generator import hookimpl
from generator.errors import ParallaxError
from generator.labels import claim_label, explanation, summary_sentence
from generator.manager import wanted
from generator.markup import (
    Mark,
    article_html,
    html_list,
    html_text,
    lang_attrs,
    md_format,
    md_link,
    md_text,
    safe_url,
)
from generator.model import (
    META_FIELDS,
    Article,
    ArticleResult,
    Claim,
    Discrepancy,
    Entity,
    EntityMention,
    Fact,
    MetaValue,
    Outline,
    Page,
    Problem,
    Report,
    Span,
    Story,
    SummaryPoint,
    in_folders,
    problems_in,
    story_folders,
)
from generator.settings import Settings
from generator.strings import Catalog
from generator.ui import UiLanguage

HOME = "index.md"
STORIES = "stories/index.md"
_SLUG = re.compile(r"[A-Za-z0-9_-]+")
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
# Longest title shown in headings, tables and menus (report.json keeps the whole title).
MAX_TITLE = 300
# Fields whose values are dates; the others are shown as they are.
_DATE_FIELDS = frozenset({"published", "updated"})


@hookimpl
def parallax_site_pages(site: Outline, lang: str, strings: Catalog, settings: Settings) -> Iterator[Page]:
    """The home page and the list of stories, in UI language ``lang``."""
    ui = _Ui(lang, strings, settings)
    yield Page(
        HOME,
        ui.render(
            "home.md.j2",
            **_home(site, ui),
            methodology=_plugin_on("methodology_pages", settings) and ui.has("methodology_title"),
        ),
        strings("site_name"),
    )
    yield Page(
        STORIES, ui.render("home.md.j2", **_home(site, ui, prefix="", intro=False)), strings("home_stories")
    )


@hookimpl
def parallax_pages(report: Report, lang: str, strings: Catalog, settings: Settings) -> Iterator[Page]:
    """A page per story and a page per article, in UI language ``lang``."""
    ui = _Ui(lang, strings, settings)
    index = _Index(report)
    mentions: dict[str, list[tuple[EntityMention, Entity]]] = {}
    for entity in report.entities:
        for mention in entity.mentions:
            mentions.setdefault(mention.article, []).append((mention, entity))
    for story in report.stories:
        story_dir = f"stories/{_slug(story.id, 'story')}"
        summary = report.summary_of(story.id)
        yield (
            Page(
                f"{story_dir}/index.md",
                ui.render("story.md.j2", **_story(story, index, ui, report.discrepancies, report, settings)),
                _story_title(story, ui),
            )
        )
        for result in index.results[story.id]:
            yield (
                Page(
                    f"{story_dir}/{article_page(result.article.id)}",
                    ui.render(
                        "article.md.j2",
                        **_article(
                            story,
                            result,
                            ui,
                            mentions.get(result.article.id, ()),
                            summary.articles.get(result.article.id, ()) if summary else (),
                        ),
                    ),
                    _title(result.article),
                )
            )


def article_page(article_id: str) -> str:
    """The file name of an article's page inside its story's folder.

    An article called ``index`` would take the story page's place; a dot
    cannot occur in an id, so ``index.article.md`` cannot collide.
    """
    slug = _slug(article_id, "article")
    return "index.article.md" if slug == "index" else f"{slug}.md"


def _slug(value: str, what: str) -> str:
    # Ids become paths: refuse anything that could leave the folder or break a link.
    if not _SLUG.fullmatch(value):
        raise ParallaxError(f"{what} id {value!r} is not a safe slug ([a-z0-9_-]): cannot make a page for it")
    return value


# --------------------------------------------------------------------------
# The UI language: strings, templates, formats
# --------------------------------------------------------------------------


class _Ui(UiLanguage):
    """What rendering in one UI language needs: the catalogue, the locale, the templates."""

    def percent(self, value: float) -> str:
        """A 0..1 fraction as a percentage in the UI language."""
        return format_percent(value, locale=self.locale) if self.locale else f"{round(value * 100)}%"

    def date(self, value: str) -> str:
        """An ISO 8601 date or time in the UI language, at the precision the value has."""
        parsed = parse_when(value)
        if parsed is None or self.locale is None:
            return value
        if isinstance(parsed, dt.datetime):
            when = get_datetime_format("medium", locale=self.locale).format(
                format_time(parsed, "short", locale=self.locale),
                format_date(parsed, "medium", locale=self.locale),
            )
            # The time as the source gave it, with its offset, not converted to ours.
            return f"{when} {get_timezone_gmt(parsed, locale=self.locale)}" if parsed.tzinfo else when
        if isinstance(parsed, dt.date):
            return format_date(parsed, "medium", locale=self.locale)
        year, month = parsed
        if month:
            return format_skeleton("yMMMM", dt.date(year, month, 1), locale=self.locale)
        return str(year)

    def date_range(self, values: Iterable[str]) -> str:
        """The span of publication dates of a story ("9–11 gen 2025"), or "unknown"."""
        days = sorted({_day(value) for value in values} - {None})
        if not days:
            return self.t("dates_unknown")
        first, last = days[0], days[-1]
        if self.locale is None:
            return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
        if first == last:
            return format_date(first, "medium", locale=self.locale)
        return format_interval(first, last, "yMMMd", locale=self.locale)


def parse_when(value: str) -> dt.datetime | dt.date | tuple[int, int] | None:
    """An ISO 8601 value: a datetime, a date, ``(year, month)``/``(year, 0)``, or None.

    The precision is kept: "2025-01" is a month, not the first of January.
    """
    value = value.strip()
    try:
        if "T" in value or " " in value:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        return None
    if match := _MONTH.fullmatch(value):
        month = int(match.group(2))
        return (int(match.group(1)), month) if 1 <= month <= 12 else None
    if match := _YEAR.fullmatch(value):
        return (int(match.group(1)), 0)
    return None


def _day(value: str) -> dt.date | None:
    """The calendar day of a value precise to the day at least, else None."""
    parsed = parse_when(value)
    if isinstance(parsed, dt.datetime):
        return parsed.date()
    return parsed if isinstance(parsed, dt.date) else None


# --------------------------------------------------------------------------
# Page contexts
# --------------------------------------------------------------------------


class _Index:
    """Each story's results and problems, found once rather than per page."""

    def __init__(self, report: Report) -> None:
        self.results = {story.id: report.articles_of(story) for story in report.stories}
        self.problems = {
            story.id: list(problems_in(story, (r.article for r in self.results[story.id]), report.problems))
            for story in report.stories
        }


@dataclass(frozen=True)
class _StoryRow:
    title: str
    path: str
    count: str
    languages: str
    dates: str


def _home(site: Outline, ui: _Ui, prefix: str = "stories/", intro: bool = True) -> dict[str, Any]:
    """The list of stories, for the home page (``intro``) or the stories page (links relative to it)."""
    rows = []
    folders: set[str] = set()  # the stories' folders: a problem in one is shown on its story's page
    for story in site.stories:
        articles = site.articles_of(story)
        folders |= story_folders(story, articles)
        codes = sorted({a.lang for a in articles if a.lang})
        rows.append(
            _StoryRow(
                title=_story_title(story, ui),
                path=f"{prefix}{_slug(story.id, 'story')}/index.md",
                count=ui.number(len(articles)),
                languages=", ".join(ui.language(code) for code in codes) or ui.t("unknown"),
                dates=ui.date_range(v for a in articles for v in a.meta_all("published")),
            )
        )
    # Problems that belong to no story would otherwise appear nowhere.
    problems = [_problem(p, ui) for p in site.problems if not in_folders(p.path, folders)] if intro else []
    return {"stories": rows, "problems": problems, "intro": intro, "home": "../index.md"}


@dataclass(frozen=True)
class _SourceRow:
    link: Markup
    outlet: str
    language: str
    published: str
    authors: str
    length: Markup


STORY_FLAGS = 10  # the heaviest discrepancies shown on a story page; the rest on the story's index of them


def _flags(story: Story, discrepancies: Iterable[Discrepancy], ui: _Ui) -> list[Markup]:
    """The story's heaviest discrepancies, in the host's order (conflicts first, more sources first)."""
    rows = []
    for d in [d for d in discrepancies if d.story == story.id][:STORY_FLAGS]:
        kind = _label(ui, "disc_kind", d.kind)
        rows.append(Markup(f"**{kind}**: {md_text(explanation(d, ui.strings))}"))
    return rows


def _story(
    story: Story,
    index: _Index,
    ui: _Ui,
    discrepancies: Iterable[Discrepancy] = (),
    report: Report | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    results = index.results[story.id]
    rows = []
    for result in results:
        article = result.article
        link = md_link(_title(article), article_page(article.id))
        published = article.meta("published")
        rows.append(
            _SourceRow(
                link=Markup(f"<span {lang_attrs(article.lang)}>{link}</span>"),
                outlet=article.meta("outlet") or ui.t("none"),
                language=ui.language(article.lang),
                published=ui.date(published) if published else ui.t("none"),
                authors=", ".join(article.meta_all("author")) or ui.t("none"),
                length=ui.t(
                    "length",
                    words=ui.number(len(article.text.split())),
                    chars=ui.number(len(article.text)),
                ),
            )
        )
    problems = [*index.problems[story.id], *(p for r in results for p in r.problems)]
    return {
        "title": _story_title(story, ui),
        "home": f"../../{HOME}",
        "summary": _story_summary(story, report, ui, settings) if report is not None else [],
        "rows": rows,
        "problems": [_problem(p, ui) for p in _unique(problems)],
        "flags": _flags(story, discrepancies, ui),
        "explore": _explore(ui, settings),
    }


# The story's other pages, by the built-in plugin that makes them: (plugin, path, catalogue key).
_STORY_PAGES = (
    ("claim_pages", "claims.md", "explore_claims"),
    ("discrepancy_pages", "discrepancies/index.md", "explore_discrepancies"),
    ("overview_pages", "coverage.md", "explore_coverage"),
    ("overview_pages", "timeline.md", "explore_timeline"),
    ("overview_pages", "entities/index.md", "explore_entities"),
)


def _explore(ui: _Ui, settings: Settings | None) -> Markup:
    """Links to the story's other pages (claim table, discrepancies, coverage, timeline, entities),
    for those whose plugin runs in this build, on one line."""
    links = [
        md_link(ui.strings(key), path) for plugin, path, key in _STORY_PAGES if _plugin_on(plugin, settings)
    ]
    return Markup(" · ").join(links)


# --------------------------------------------------------------------------
# Summaries (from parallax_summarize: see plugins/summaries.py)
# --------------------------------------------------------------------------

# The story summary's groups, by the catalogue key of a point; a key of another summarizer
# belongs to no group (no heading over it).
_SUMMARY_GROUPS = {
    "summary_agreed": "agreed",
    "summary_agreed_all": "agreed",
    "summary_single": "single",
    "summary_few": "single",
}
_SENTENCE_ID = re.compile(r'id="s-(\d+)"')


def _plugin_on(name: str, settings: Settings | None) -> bool:
    """Whether a built-in page plugin runs in this build (a link to its pages needs them)."""
    return settings is None or wanted(name, settings.disabled)


def _summary_group(point: SummaryPoint) -> str:
    if point.key in _SUMMARY_GROUPS:
        return _SUMMARY_GROUPS[point.key]
    return "disputed" if point.key.startswith("summary_") and point.discrepancy else ""


class _SummaryTargets:
    """Where each story-summary sentence links, relative to the story page: its discrepancy's page
    (or its entry on the story's discrepancy index, past the pages' cap), else its claim's row."""

    def __init__(self, story: Story, report: Report, settings: Settings | None) -> None:
        self.claims = {c.id for c in report.claims if c.story == story.id}
        self.pages: dict[str, str] = {}
        self.claim_page: str | None = None
        # The page plugins import this module: import them here, not at the top.
        if _plugin_on("discrepancy_pages", settings):
            from plugins import discrepancy_pages as dp

            found = [d for d in report.discrepancies if d.story == story.id]
            names = dp.page_names(story, found)
            options = settings.plugin_options(dp.NAME) if settings else {}
            limit = options.get("max_pages", dp.MAX_PAGES)
            for n, d in enumerate(found):
                stem = names[d.id].removesuffix(".md")
                target = names[d.id] if n < limit else f"index.md#{dp.index_anchor(stem)}"
                self.pages[d.id] = f"{dp.FOLDER}/{target}"
        if _plugin_on("claim_pages", settings):
            from plugins import claim_pages

            self.claim_page = claim_pages.PAGE
            self.anchor = claim_pages.claim_anchor

    def of(self, point: SummaryPoint) -> str | None:
        if point.discrepancy and point.discrepancy in self.pages:
            return self.pages[point.discrepancy]
        if self.claim_page and point.claim in self.claims:
            return f"{self.claim_page}#{self.anchor(point.claim)}"
        return None


def _claim_markup(claim: Claim, ui: _Ui) -> Markup:
    """A claim's label in the UI language; a quote keeps its words in their own language."""
    topic = claim.topic
    if claim.kind == "quote" and topic.get("quote"):
        words = Markup(f"<span {lang_attrs(topic.get('lang'))}>{html_text(topic['quote'])}</span>")
        if topic.get("speaker") and ui.has("claim_quote+speaker"):
            return ui.t("claim_quote+speaker", speaker=topic["speaker"], quote=words)
        if ui.has("claim_quote"):
            return ui.t("claim_quote", quote=words)
    return md_text(claim_label(claim, ui.strings))


def _summary_point(point: SummaryPoint, claims: dict[str, Claim], ui: _Ui) -> Markup:
    """One summary sentence, escaped: the catalogue entry filled as report.json has it, with
    the claim's label marked up (a quote in its own language)."""
    plain = summary_sentence(point, ui.strings, claims)
    claim = claims.get(point.claim) if point.claim else None
    if claim is None or not ui.has(point.key):
        return md_text(plain)

    def shown(value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return ui.number(int(value) if float(value).is_integer() else value)
        return str(value)

    values: dict[str, object] = {
        name: ", ".join(shown(v) for v in value) if isinstance(value, list | tuple) else shown(value)
        for name, value in point.params.items()
    }
    values.setdefault("claim", _claim_markup(claim, ui))
    try:
        return md_format(ui.strings(point.key), **values)
    except (KeyError, IndexError, ValueError):
        return md_text(plain)


def _story_summary(story: Story, report: Report, ui: _Ui, settings: Settings | None) -> list[dict[str, Any]]:
    """The story summary in groups (agreed, disputed, single), each sentence linked to what it sums up."""
    summary = report.summary_of(story.id)
    if summary is None or not summary.points:
        return []
    claims = {c.id: c for c in report.claims if c.story == story.id}
    targets = _SummaryTargets(story, report, settings)
    groups: list[dict[str, Any]] = []
    for point in summary.points:
        group = _summary_group(point)
        line = _summary_point(point, claims, ui)
        target = targets.of(point)
        if target is not None:
            line = md_link(line, target)
        if not groups or groups[-1]["group"] != group:
            key = f"summary_{group}_heading"
            heading = ui.t(key) if group and ui.has(key) else None
            groups.append({"group": group, "heading": heading, "points": []})
        groups[-1]["points"].append(line)
    return groups


def _article_summary(article: Article, spans: Iterable[Span], text: Markup | None) -> Markup | None:
    """The article's summary sentences, in its language, each linking to its place in the text."""
    anchored = {int(n) for n in _SENTENCE_ID.findall(str(text or ""))}
    items = []
    for span in sorted(spans, key=lambda s: s.start):
        if not 0 <= span.start < span.end <= len(article.text):
            continue
        words = " ".join(article.text[span.start : span.end].split())
        if not words:
            continue
        number = next((n for n, s in enumerate(article.sentences, 1) if s.start <= span.start < s.end), None)
        shown = html_text(words)
        items.append(Markup(f'<a href="#s-{number}">{shown}</a>') if number in anchored else shown)
    if not items:
        return None
    return Markup(f'<div class="px-summary" {lang_attrs(article.lang)}>\n{html_list(items)}\n</div>')


@dataclass(frozen=True)
class _MetaRow:
    label: str
    value: Markup
    evidence: Markup


def _fact_value(fact: Fact, ui: _Ui) -> Markup:
    """A fact's normalised value in the UI language ("700.000 USD", "gennaio 2025", "said by X")."""
    value = fact.value
    if fact.type == "quote":
        speaker = fact.attrs.get("speaker")
        return ui.t("fact_said_by", speaker=speaker) if speaker else ui.t("none")
    if fact.type == "date":
        if not isinstance(value, str) or not value:
            return ui.t("fact_unresolved")
        shown = md_text(ui.date(value))
        return Markup(f"{shown} ({ui.t('fact_forecast')})") if fact.attrs.get("forecast") else shown
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = ui.number(value)
        unit = fact.unit or fact.attrs.get("noun") or ""
        return md_text(f"{number} {unit}".strip())
    return md_text("" if value is None else str(value))


def _label(ui: _Ui, prefix: str, kind: str) -> Markup:
    key = f"{prefix}_{re.sub(r'[^a-z0-9]+', '_', kind.lower()).strip('_')}"
    return ui.t(key) if ui.has(key) else md_text(kind)


@dataclass(frozen=True)
class _FactRow:
    kind: Markup
    words: Markup
    value: Markup


def _highlights(
    result: ArticleResult, mentions: Iterable[tuple[EntityMention, Entity]], ui: _Ui
) -> tuple[list[Mark], list[_FactRow], list[Markup], list[Markup]]:
    """Marks for the text, and the rows listing facts, defects and entities below it."""
    article = result.article
    attrs = lang_attrs(article.lang)
    marks: list[Mark] = []
    rows: list[_FactRow] = []
    for n, fact in enumerate(result.extraction.facts, 1):
        if fact.end <= fact.start:
            continue  # a fact about the whole text (a plugin's): listed in report.json
        value = _fact_value(fact, ui)
        marks.append(Mark(fact.start, fact.end, fact.type, f"f-{n}", Markup(value).striptags()))
        words = Markup(f'<a href="#f-{n}"><span {attrs}>{html_text(fact.text)}</span></a>')
        rows.append(_FactRow(_label(ui, "fact", fact.type), words, value))
    defects = []
    for n, anomaly in enumerate(result.extraction.anomalies, 1):
        if anomaly.end <= anomaly.start:
            continue
        marks.append(Mark(anomaly.start, anomaly.end, "defect", f"d-{n}", anomaly.explanation))
        defects.append(
            Markup(
                f'<a href="#d-{n}">{_label(ui, "defect", anomaly.kind)}</a>: '
                f"<span {attrs}>{html_text(anomaly.text)}</span>"
            )
        )
    names: dict[str, Markup] = {}
    for mention, entity in mentions:
        marks.append(Mark(mention.start, mention.end, "entity", "", entity.name))
        names.setdefault(entity.id, Markup(f"{html_text(entity.name)} ({_label(ui, 'entity', entity.type)})"))
    return marks, rows, defects, list(names.values())


def _article(
    story: Story,
    result: ArticleResult,
    ui: _Ui,
    mentions: Iterable[tuple[EntityMention, Entity]] = (),
    summary: Iterable[Span] = (),
) -> dict[str, Any]:
    article = result.article
    marks, fact_rows, defects, entity_names = _highlights(result, mentions, ui)
    attrs = lang_attrs(article.lang)
    text = article_html(article, marks) if article.text.strip() else None
    removed = [
        Markup(
            f'<span class="px-kind">{ui.t(_kind_key(item.kind, ui))}</span> '
            f'<span class="px-removed" {attrs}>{html_text(item.text)}</span> '
            f'<span class="px-line">{ui.t("removed_line", line=ui.number(item.line))}</span>'
        )
        for item in article.removed
    ]
    return {
        "title": _title(article),
        "title_attrs": lang_attrs(article.lang),
        "story_title": _story_title(story, ui),
        "story": "index.md",
        "home": f"../../{HOME}",
        "meta": [_meta_row(value, article, ui) for value in _ordered(article.metadata)],
        "language": (
            ui.t("language_with_code", name=ui.language(article.lang), code=article.lang)
            if article.lang
            else ui.t("unknown")
        ),
        "language_how": _language_how(article, ui),
        "source": article.source,
        "text": text,
        "summary": _article_summary(article, summary, text),
        "facts": fact_rows,
        "defects": html_list(defects) if defects else None,
        "entities": Markup(", ").join(entity_names) if entity_names else None,
        "removed_summary": ui.t("removed_summary", count=ui.number(len(removed))),
        "removed": html_list(removed) if removed else None,
        "problems": [_problem(p, ui) for p in result.problems],
    }


def _clip(text: str, length: int = MAX_TITLE) -> str:
    """``text`` cut at a word before ``length`` characters, with an ellipsis if it was cut."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
    return cut.rstrip(",;:–—-") + "…"


def _story_title(story: Story, ui: _Ui) -> str:
    """The story's title in the UI language (else the default one's), clipped for headings and menus."""
    return _clip(" ".join(story.title_in(ui.lang, ui.default).split()))


def _title(article: Article, length: int = 72) -> str:
    """The article's title; without one, its first words and an ellipsis; without text, its id.

    A title is clipped to MAX_TITLE characters: it stands in the menu of every
    page of its story, and report.json keeps it whole.
    """
    title = " ".join((article.meta("title") or "").split())
    if title:
        return _clip(title)
    first = (
        article.text[article.sentences[0].start : article.sentences[0].end]
        if article.sentences
        else article.text
    )
    words = " ".join(first.split())
    if not words:
        return article.id
    return _clip(words, length)


def _ordered(metadata: Iterable[MetaValue]) -> list[MetaValue]:
    """Metadata in the order of META_FIELDS; fields a plugin invented come last."""
    rank = {name: i for i, name in enumerate(META_FIELDS)}
    return sorted(metadata, key=lambda value: rank.get(value.field, len(rank)))


def _meta_row(value: MetaValue, article: Article, ui: _Ui) -> _MetaRow:
    key = f"field_{value.field}"
    # Catalogue text is Markup already: str() here would escape it twice.
    label = ui.t(key) if ui.has(key) else md_text(value.field)
    shown: Markup
    if value.field in _DATE_FIELDS:
        shown = md_text(ui.date(value.value))
    elif value.field == "url" and (url := safe_url(value.value)):
        shown = Markup(f"[{md_text(value.value)}]({url})")
    else:
        shown = Markup(f"<span {lang_attrs(article.lang)}>{html_text(value.value)}</span>")
    origin_key = "origin_" + re.sub(r"[^a-z0-9]+", "_", value.origin.lower()).strip("_")
    origin = ui.t(origin_key) if value.origin and ui.has(origin_key) else md_text(value.origin)
    if value.evidence:
        words = Markup(f"<span {lang_attrs(article.lang)}>{html_text(value.evidence)}</span>")
        evidence = ui.t("evidence", origin=origin, evidence=words) if value.origin else words
    else:
        evidence = origin
    return _MetaRow(label=label, value=shown, evidence=evidence)


def _language_how(article: Article, ui: _Ui) -> Markup:
    if not article.lang:
        return ui.t("lang_unknown")
    if article.declared_lang == article.lang or article.lang_method == "declared":
        return ui.t("lang_declared")
    if article.lang_confidence <= 0:
        # No confidence given (a plugin that does not measure it): do not print "0%".
        return ui.t("lang_detected_plain")
    confidence = ui.percent(article.lang_confidence)
    if article.lang_method:
        return ui.t("lang_detected_by", confidence=confidence, method=article.lang_method)
    return ui.t("lang_detected", confidence=confidence)


def _kind_key(kind: str, ui: _Ui) -> str:
    """The catalogue key for a kind of removed line, or the generic one."""
    key = "kind_" + re.sub(r"[^a-z0-9]+", "_", kind.lower()).strip("_")
    return key if ui.has(key) else "kind_other"


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    """Problems without repeats (the host may also copy an article's problems to the report)."""
    return list(dict.fromkeys(problems))


def _problem(problem: Problem, ui: _Ui) -> Markup:
    key = "severity_error" if problem.severity == "error" else "severity_warning"
    return ui.t("problem", severity=Markup(f"**{ui.t(key)}**"), text=str(problem))
