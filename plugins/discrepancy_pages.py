"""Built-in renderer: each story's discrepancies, an index and one page per discrepancy.

``stories/<story>/discrepancies/index.md`` lists a story's discrepancies by
kind (conflicting values, time, differing details, coverage), heaviest first;
``stories/<story>/discrepancies/<n>.md`` shows one: why it was flagged (the
explanation in the UI language), each source's value side by side, and each
source's own sentence in its original language, with a few words around it
and a link to that sentence on the article's page.

Every label comes from the UI catalogue (``<lang>.discrepancies.yml``);
article text, names and outlets are untrusted and reach the page only
through :mod:`generator.markup`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date, format_skeleton
from markupsafe import Markup

from generator import hookimpl
from generator.corpus import unique
from generator.labels import claim_label, explanation
from generator.manager import wanted
from generator.markup import html_text, lang_attrs, md_link, md_text, sentence_anchors
from generator.model import (
    Article,
    ArticleResult,
    Claim,
    Discrepancy,
    Entity,
    Evidence,
    Fact,
    Page,
    Report,
    Story,
)
from generator.settings import Settings
from generator.strings import Catalog
from generator.ui import UiLanguage
from plugins.pages import article_page, parse_when

FOLDER = "discrepancies"
NAME = "discrepancy_pages"  # the plugin's registered name: its options block
MAX_PAGES = 200
KINDS = ("value", "temporal", "detail", "coverage")
# How many words of context stand on each side of a source's sentence.
CONTEXT_WORDS = 12
_SLUG = re.compile(r"[^A-Za-z0-9_-]+")
_DATE_TYPES = frozenset({"date"})
_AMOUNT_TYPES = frozenset({"money", "percent", "number", "count", "quantity", "amount"})


@hookimpl
def parallax_options() -> dict[str, Any]:
    """How many discrepancies of a story get a page of their own."""
    return {"max_pages": (int, MAX_PAGES, "Discrepancies per story with a page of their own (the heaviest).")}


@hookimpl
def parallax_pages(report: Report, lang: str, strings: Catalog, settings: Settings) -> Iterator[Page]:
    """For each story, its discrepancy index and a page per discrepancy, in UI language ``lang``."""
    ui = _Ui(lang, strings, settings)
    results = {r.article.id: r for r in report.results}
    claims = {c.id: c for c in report.claims}
    links = _Links(results, _article_pages_exist(settings), report.entities)
    for story in report.stories:
        if not re.fullmatch(r"[A-Za-z0-9_-]+", story.id):
            continue  # plugins.pages refuses such a story too: there is no folder to put pages in
        found = [d for d in report.discrepancies if d.story == story.id]
        names = page_names(story, found)
        folder = f"stories/{story.id}/{FOLDER}"
        entries = [_Entry(d, names[d.id], _title(d, ui)) for d in found]
        story_title = _story_title(story, ui, settings)
        title = ui.t("disc_index_title", story=story_title)
        # The heaviest get a page each; on a huge story the rest stay listed in the index,
        # so the site grows with the corpus, not with every pair of disagreeing articles.
        limit = settings.plugin_options(NAME).get("max_pages", MAX_PAGES)
        paged = entries[:limit]
        index = _index(title, entries, story_title, results, ui, paged={e.d.id for e in paged})
        yield (Page(f"{folder}/index.md", ui.render("discrepancies.md.j2", **index), _plain(title)))
        for entry in paged:
            context = _page(entry, story, results, claims, links, ui, settings)
            yield (Page(f"{folder}/{entry.name}", ui.render("discrepancy.md.j2", **context), entry.plain))


def page_names(story: Story, discrepancies: Iterable[Discrepancy]) -> dict[str, str]:
    """Each discrepancy's page file name: ``<n>.md`` for ``<story>:d<n>``, a safe slug otherwise."""
    names: dict[str, str] = {}
    taken = {"index.md"}
    pattern = re.compile(rf"{re.escape(story.id)}:d(\d+)")
    for n, d in enumerate(discrepancies, 1):
        match = pattern.fullmatch(d.id)
        base = match.group(1) if match else (_SLUG.sub("-", d.id.split(":")[-1]).strip("-") or str(n))
        names[d.id] = unique(base, taken, ".md")
    return names


def _article_pages_exist(settings: Settings) -> bool:
    """Whether plugins.pages renders article pages in this build (links to sentences need them)."""
    return wanted("pages", settings.disabled)


# --------------------------------------------------------------------------
# The UI language
# --------------------------------------------------------------------------


class _Ui(UiLanguage):
    """Catalogue strings, number and date formats and templates for one UI language."""

    def language(self, code: str | None, unknown: str = "disc_unknown") -> str:
        return super().language(code, unknown)

    def date(self, value: object) -> str:
        """An ISO date at its precision in the UI language: a year stays a year, a month a month."""
        text = str(value) if value is not None else ""
        parsed = parse_when(text) if text else None
        if parsed is None or self.locale is None:
            return text
        if isinstance(parsed, dt.datetime):
            parsed = parsed.date()  # the day is what matters here; the article page has the time
        if isinstance(parsed, dt.date):
            return format_date(parsed, "medium", locale=self.locale)
        year, month = parsed
        return format_skeleton("yMMMM", dt.date(year, month, 1), locale=self.locale) if month else str(year)


def _story_title(story: Story, ui: _Ui, settings: Settings) -> str:
    """The story's title in the UI language (else the default one's), on one line."""
    return " ".join(story.title_in(ui.lang, settings.default_language).split())


# --------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """A discrepancy with its page's file name and title."""

    d: Discrepancy
    name: str
    title: Markup

    @property
    def plain(self) -> str:
        """The title as plain text, as ``Page.title`` asks (the host puts it in the navigation)."""
        return _plain(self.title)


def _plain(markup: Markup) -> str:
    """Escaped catalogue text back to plain text (md_format encodes characters as ``&#N;``)."""
    return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), str(markup))


def _title(d: Discrepancy, ui: _Ui) -> Markup:
    """The discrepancy's title: the catalogue's title for its reason, else for its kind."""
    params = {k: v for k, v in d.params.items() if isinstance(v, str | int | float)}
    key = f"disc_title_{d.reason}"
    if ui.has(key):
        return ui.t(key, **params)
    kind = f"disc_kind_{d.kind}"
    return ui.t(kind) if ui.has(kind) else md_text(d.kind)


@dataclass(frozen=True)
class _IndexRow:
    number: str
    link: Markup
    sources: Markup
    why: Markup


def _index(
    title: Markup,
    entries: list[_Entry],
    story_title: str,
    results: dict[str, ArticleResult],
    ui: _Ui,
    paged: set[str] | None = None,
) -> dict[str, Any]:
    groups = []
    kinds = [*KINDS, *sorted({e.d.kind for e in entries} - set(KINDS))]
    for kind in kinds:
        rows = [
            _IndexRow(
                number=_anchored(e.name.removesuffix(".md")),
                link=md_link(e.plain, e.name) if paged is None or e.d.id in paged else md_text(e.plain),
                sources=_source_list(_articles_of(e.d), results, ui),
                why=md_text(explanation(e.d, ui.strings)),
            )
            for e in entries
            if e.d.kind == kind
        ]
        if rows:
            heading = ui.t(f"disc_kind_{kind}") if ui.has(f"disc_kind_{kind}") else md_text(kind)
            groups.append({"heading": heading, "rows": rows})
    return {
        "title": title,
        "story": "../index.md",
        "story_title": story_title,
        "home": "../../../index.md",
        "count": ui.t("disc_count", count=ui.number(len(entries))),
        "groups": groups,
    }


def index_anchor(stem: str) -> str:
    """The id of a discrepancy's row on the index (``d-3`` for ``3.md``): what links to a
    discrepancy past the ``max_pages`` cap, which has no page of its own, point at."""
    return f"d-{stem}"


def _anchored(stem: str) -> Markup:
    # Page stems are safe slugs (page_names): nothing to escape in the id.
    return Markup(f'<span id="{index_anchor(stem)}"></span>{stem}')


def _articles_of(d: Discrepancy) -> list[str]:
    """The articles a discrepancy involves, in the order it gives them."""
    return list(dict.fromkeys([*d.values, *(e.article for e in d.evidence)]))


def _source_list(article_ids: list[str], results: dict[str, ArticleResult], ui: _Ui) -> Markup:
    """Who is involved, for the index: "Outlet (Italiano), …"."""
    parts = [
        ui.t(
            "disc_source",
            source=_source_name(results[aid].article),
            language=ui.language(results[aid].article.lang),
        )
        for aid in article_ids
        if aid in results
    ]
    return Markup(", ").join(parts)


def _source_name(article: Article) -> str:
    """A source's name: its outlet, else its title, else its first words (as its page names it)."""
    for text in (article.meta("outlet"), article.meta("title")):
        words = " ".join((text or "").split())
        if words:
            return _clip(words)
    first = article.sentences[0] if article.sentences else None
    words = " ".join((article.text[first.start : first.end] if first else article.text).split())
    return _clip(words) if words else article.id


def _clip(text: str, length: int = 60) -> str:
    """``text`` cut at a word before ``length`` characters, with an ellipsis if it was cut."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
    return cut.rstrip(",;:–—-") + "…"


# --------------------------------------------------------------------------
# One discrepancy
# --------------------------------------------------------------------------


class _Links:
    """Where each sentence of each article can be linked (``../<article page>#s-N``), and what
    entities each article mentions where (to stress them in a quoted sentence)."""

    def __init__(
        self, results: dict[str, ArticleResult], article_pages: bool, entities: Iterable[Entity]
    ) -> None:
        self.results = results
        self.article_pages = article_pages
        self.mentions: dict[str, list[tuple[int, int, str]]] = {}
        for entity in entities:
            for m in entity.mentions:
                self.mentions.setdefault(m.article, []).append((m.start, m.end, entity.id))

    def page(self, article_id: str) -> str | None:
        if not self.article_pages or article_id not in self.results:
            return None
        try:
            return f"../{article_page(article_id)}"
        except Exception:  # an id plugins.pages refuses has no page to link to
            return None

    def sentence(self, article_id: str, start: int) -> tuple[int | None, str | None]:
        """(sentence number from 1, link to it) for an offset; the number is None outside any sentence."""
        article = self.results[article_id].article
        number = next((n for n, s in enumerate(article.sentences, 1) if s.start <= start < s.end), None)
        page = self.page(article_id)
        if page is None:
            return number, None
        if number is not None and number in sentence_anchors(article):
            return number, f"{page}#s-{number}"
        return number, page


@dataclass(frozen=True)
class _ValueRow:
    source: Markup
    language: str
    published: str
    value: Markup


@dataclass(frozen=True)
class _Quote:
    html: Markup
    link: Markup | None


@dataclass(frozen=True)
class _SourceQuotes:
    heading: Markup
    quotes: list[_Quote]


def _page(
    entry: _Entry,
    story: Story,
    results: dict[str, ArticleResult],
    claims: dict[str, Claim],
    links: _Links,
    ui: _Ui,
    settings: Settings,
) -> dict[str, Any]:
    d = entry.d
    claim = claims.get(d.claim) if d.claim else None
    involved = [aid for aid in _articles_of(d) if aid in results]
    shown = list(involved)
    if d.kind == "coverage":
        # Coverage is about who is silent: every source of the story has a row.
        shown = [aid for aid in story.articles if aid in results]
    rows = []
    for aid in shown:
        article = results[aid].article
        page = links.page(aid)
        name = _source_name(article)
        source = md_link(name, page) if page else md_text(name)
        published = article.meta("published")
        rows.append(
            _ValueRow(
                source=Markup(f"<span {lang_attrs(article.lang)}>{source}</span>"),
                language=ui.language(article.lang),
                published=ui.date(published) if published else str(ui.t("disc_no_date")),
                value=_value_cell(d, aid, results[aid], ui) if aid in involved else ui.t("disc_not_stated"),
            )
        )
    evidence = [ev for ev in _unique_evidence(d.evidence) if ev.article in results]
    quotes = [
        _SourceQuotes(
            heading=ui.t(
                "disc_source",
                source=_source_name(results[aid].article),
                language=ui.language(results[aid].article.lang),
            ),
            quotes=[_quote(ev, d, results, links, ui) for ev in evidence if ev.article == aid],
        )
        for aid in dict.fromkeys(ev.article for ev in evidence)
    ]
    return {
        "title": entry.title,
        "plain_title": entry.plain,
        "index": "index.md",
        "story": "../index.md",
        "story_title": _story_title(story, ui, settings),
        "home": "../../../index.md",
        "kind": ui.t(f"disc_kind_{d.kind}") if ui.has(f"disc_kind_{d.kind}") else md_text(d.kind),
        "explanation": md_text(explanation(d, ui.strings)),
        "claim": md_text(claim_label(claim, ui.strings)) if claim else None,
        "rows": rows,
        "quotes": quotes,
    }


def _unique_evidence(evidence: Iterable[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for ev in evidence:
        key = (ev.article, ev.start, ev.end, ev.fact)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


# -- values ---------------------------------------------------------------


def _value_cell(d: Discrepancy, article_id: str, result: ArticleResult, ui: _Ui) -> Markup:
    """What one source says, normalised and in the UI language, with its own words beside it."""
    facts = result.extraction.facts
    parts = []
    for ev in _unique_evidence(e for e in d.evidence if e.article == article_id):
        fact = facts[ev.fact] if ev.fact is not None and 0 <= ev.fact < len(facts) else None
        if fact is not None:
            parts.append(_fact_value(fact, ev, result.article, ui))
    if not parts:
        parts.append(_plain_value(d.values.get(article_id), ui))
    return Markup("; ").join(dict.fromkeys(parts))


def _words(text: str, article: Article) -> Markup:
    """A source's own words inside a UI sentence, marked with their language."""
    return Markup(f"<span {lang_attrs(article.lang)}>{html_text(' '.join(text.split()))}</span>")


def _fact_value(fact: Fact, ev: Evidence, article: Article, ui: _Ui) -> Markup:
    words = _words(fact.text, article)
    if fact.type in _DATE_TYPES:
        attrs = fact.attrs
        value = ev.value if ev.value is not None else fact.value
        if value is None:
            return ui.t("disc_value_unresolved", words=words)
        shown = ui.date(value)
        if fact.value is None:
            return ui.t("disc_value_estimated", value=shown, words=words)
        if attrs.get("forecast") and not attrs.get("relative"):
            return ui.t("disc_value_forecast", value=shown, words=words)
        if attrs.get("relative"):
            return ui.t("disc_value_relative", value=shown, words=words)
        if " ".join(fact.text.split()) == str(value):
            return md_text(shown)  # "2024" is its own words: no need to repeat them
        return ui.t("disc_value_words", value=shown, words=words)
    if fact.type in _AMOUNT_TYPES and isinstance(fact.value, int | float):
        amount = ui.number(fact.value)
        if fact.unit == "%":
            amount = ui.t("disc_percent", value=amount)
        elif fact.unit:
            amount = ui.t("disc_amount", value=amount, unit=fact.unit)
        qualifier = str(fact.attrs.get("qualifier") or "").replace(" ", "_")
        if qualifier and ui.has(f"disc_q_{qualifier}"):
            amount = ui.t(f"disc_q_{qualifier}", value=amount)
        return ui.t("disc_value_words", value=amount, words=words)
    return words


def _plain_value(value: Any, ui: _Ui) -> Markup:
    """A detail's normalised value: roles, a setting, a list, or anything else as text."""
    if isinstance(value, dict) and ("how" in value or "with" in value):
        how = [
            ui.t(f"disc_channel_{c}") if ui.has(f"disc_channel_{c}") else md_text(c)
            for c in value.get("how", ())
        ]
        names = [md_text(n) for n in value.get("with", ())]
        text = Markup(", ").join(how)
        if names:
            text = ui.t("disc_setting_with", how=text, names=Markup(", ").join(names))
        return text
    if isinstance(value, list) and value and all(isinstance(v, dict) and "role" in v for v in value):
        return Markup("; ").join(_role(v, ui) for v in value)
    if isinstance(value, list):
        return Markup(", ").join(md_text(v) if v is not None else ui.t("disc_unresolved") for v in value)
    if value is None:
        return ui.t("disc_unresolved")
    return md_text(value)


def _role(value: dict[str, Any], ui: _Ui) -> Markup:
    role = str(value.get("role"))
    text = ui.t(f"disc_role_{role}") if ui.has(f"disc_role_{role}") else md_text(role)
    if value.get("deputy"):
        text = ui.t("disc_role_deputy", role=text)
    if value.get("former"):
        text = ui.t("disc_role_former", role=text)
    if value.get("of"):
        text = ui.t("disc_role_of", role=text, org=str(value["of"]))
    return text


# -- the sources' own words ---------------------------------------------------


def _quote(ev: Evidence, d: Discrepancy, results: dict[str, ArticleResult], links: _Links, ui: _Ui) -> _Quote:
    """A source's sentence in its own language, marked, with a few words around it and a link to it."""
    result = results[ev.article]
    article = result.article
    text = article.text
    start, end = max(0, min(ev.start, len(text))), max(0, min(ev.end, len(text)))
    marks = _highlights(ev, d, result, links.mentions.get(ev.article, []), start, end)
    inner, pos = [], start
    for s, e in marks:
        inner.append(html_text(text[pos:s]))
        inner.append(Markup(f"<strong>{html_text(text[s:e])}</strong>"))
        pos = e
    inner.append(html_text(text[pos:end]))
    before, after = _context(text, start, end)
    html = Markup(
        f'<blockquote class="px-evidence" {lang_attrs(article.lang)}>'
        f"{html_text(before)}<mark>{Markup('').join(inner)}</mark>{html_text(after)}</blockquote>"
    )
    number, target = links.sentence(ev.article, start)
    link = None
    if target is not None:
        label = ui.t("disc_sentence_link", number=ui.number(number)) if number else ui.t("disc_article_link")
        link = md_link(label, target)
    return _Quote(html=html, link=link)


def _highlights(
    ev: Evidence,
    d: Discrepancy,
    result: ArticleResult,
    mentions: list[tuple[int, int, str]],
    start: int,
    end: int,
) -> list[tuple[int, int]]:
    """Spans to stress in a quoted sentence: its fact, else the mentions of the entities involved."""
    facts = result.extraction.facts
    if ev.fact is not None and 0 <= ev.fact < len(facts):
        fact = facts[ev.fact]
        return [(fact.start, fact.end)] if start <= fact.start < fact.end <= end else []
    wanted = d.params.get("entities")
    if not isinstance(wanted, list | tuple):
        return []
    spans, last = [], start
    for s, e, entity_id in sorted(mentions):
        # Non-overlapping, inside the sentence, in order: nested mentions would break the HTML.
        if entity_id in wanted and last <= s < e <= end:
            spans.append((s, e))
            last = e
    return spans


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """A few words before and after a sentence, within its paragraph, with an ellipsis where cut."""
    head = text[text.rfind("\n", 0, start) + 1 : start].split()
    before = " ".join(head[-CONTEXT_WORDS:])
    if len(head) > CONTEXT_WORDS:
        before = "… " + before
    stop = text.find("\n", end)
    tail = text[end : len(text) if stop < 0 else stop].split()
    after = " ".join(tail[:CONTEXT_WORDS])
    if len(tail) > CONTEXT_WORDS:
        after += " …"
    return (before + " " if before else ""), (" " + after if after else "")
