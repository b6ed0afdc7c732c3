"""Article summaries and the story summary: plugins/summaries.py, the host's checks, the pages.

A fictional story is built by hand in six languages beyond most of the seed's
(English and its Spanish translation, Polish, Turkish, Japanese, Arabic): an
earthquake whose death toll three independent sources give as 12 and one as
15, an amount of aid that four independent sources agree on, a figure only
the English article and its translation give, and one only the Turkish
article gives. Its discrepancies come from the real detectors. The summaries
are checked point by point, rendered in the six UI languages with the page
plugins (every sentence must link to a claim row or a discrepancy that
exists), and built with ``mkdocs build --strict``. The seed story gets the
same link checks, and the host's validation is driven by a fake summarizer.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import string
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import ROOT
from linkcheck import check_site
from rendering import site_pages

from generator import hookimpl
from generator.labels import summary_sentence
from generator.manager import DEFAULT_PLUGINS, plugin_manager
from generator.markup import article_html
from generator.model import (
    Article,
    ArticleResult,
    Claim,
    Evidence,
    Extraction,
    Fact,
    Lineage,
    MetaValue,
    Problem,
    Report,
    Span,
    Story,
    Summary,
    SummaryPoint,
    frozen_map,
)
from generator.pipeline import run, summarize
from generator.report import report_data
from generator.settings import Settings
from generator.strings import BUILTIN_DIR, load_catalog
from plugins import claim_pages, discrepancy_pages, pages, summaries
from plugins.discrepancies import StoryView, detect

UI_LANGUAGES = ("en", "it", "ru", "fr", "de", "pt")
STORY = "quake"
# The renderers this module renders (see render_site) and the summarizer: the others are off,
# so that no page links one that is not rendered here.
SETTINGS = Settings(
    content_dir=Path("."),
    build_dir=Path("."),
    ui_languages=UI_LANGUAGES,
    disabled=("overview_pages", "methodology_pages"),
)
EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "admonition",
    "pymdownx.details",
    "pymdownx.superfences",
]

# id -> (language, outlet, text). "diario" is a translation of "herald": one independent source.
ARTICLES = {
    "herald": (
        "en",
        "Coast Herald",
        "The day began like any other in Orlen. An earthquake struck the port town of Orlen on Monday "
        "morning. Rescuers said 12 people died and dozens were hurt. The European Union pledged "
        "3 million euros in aid. Mayor Ada Kerr closed 40 schools until further notice. Volunteers "
        "brought blankets and water to the square.",
    ),
    "diario": (
        "es",
        "Diario del Sur",
        "El día empezó como cualquier otro en Orlen. Un terremoto sacudió el lunes por la mañana la "
        "ciudad portuaria de Orlen. Los socorristas dijeron que murieron 12 personas y que decenas "
        "resultaron heridas. La Unión Europea prometió 3 millones de euros en ayuda. La alcaldesa Ada "
        "Kerr cerró 40 escuelas hasta nuevo aviso. Voluntarios llevaron mantas y agua a la plaza.",
    ),
    "gazeta": (
        "pl",
        "Gazeta Portowa",
        "Trzęsienie ziemi nawiedziło w poniedziałek portowe miasto Orlen. Według ratowników zginęło "
        "12 osób. Unia Europejska obiecała 3 mln euro pomocy. Mieszkańcy spędzili noc na ulicach.",
    ),
    "haber": (
        "tr",
        "Liman Haber",
        "Bugün bölge için çok üzücü bir gün oldu ve herkes gerçekten çok üzgün. Orlen'de pazartesi "
        "sabahı bir deprem meydana geldi. Kurtarma ekiplerine göre 12 kişi hayatını kaybetti. Deprem "
        "6,1 büyüklüğünde ölçüldü ve 200 kilometre uzaktan hissedildi. Belediye başkanı Ada Kerr sakin "
        "olunması çağrısında bulundu. Geceyi sokakta geçirenler oldu.",
    ),
    "shimbun": (
        "ja",
        "港新聞",
        "オルレンで月曜日の朝、地震が発生した。救助隊によると、15人が死亡した。"
        "欧州連合は300万ユーロの支援を約束した。住民は広場で夜を過ごした。",
    ),
    "akhbar": (
        "ar",
        "أخبار الميناء",
        "ضرب زلزال مدينة أورلن الساحلية يوم الاثنين. وتعهد الاتحاد الأوروبي بتقديم 3 ملايين يورو من "
        "المساعدات. وقضى السكان الليل في الشوارع.",
    ),
}
# The words of each fact: (type, value, unit), per article. The quake struck on Monday 3 March 2025.
MONDAY = "2025-03-03"
FACTS = {
    "herald": {"on Monday": ("date", MONDAY, None), "12": ("number", 12, None), "3 million euros": ("money", 3_000_000, "EUR"),
               "40": ("number", 40, None)},
    "diario": {"el lunes": ("date", MONDAY, None), "12": ("number", 12, None), "3 millones de euros": ("money", 3_000_000, "EUR"),
               "40": ("number", 40, None)},
    "gazeta": {"w poniedziałek": ("date", MONDAY, None), "12": ("number", 12, None), "3 mln euro": ("money", 3_000_000, "EUR")},
    "haber": {"pazartesi": ("date", MONDAY, None), "12": ("number", 12, None), "6,1": ("number", 6.1, None), "200 kilometre": ("number", 200, "km")},
    "shimbun": {"月曜日": ("date", MONDAY, None), "15": ("number", 15, None), "300万ユーロ": ("money", 3_000_000, "EUR")},
    "akhbar": {"يوم الاثنين": ("date", MONDAY, None), "3 ملايين يورو": ("money", 3_000_000, "EUR")},
}  # fmt: skip


def _sentences(text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^\s.。][^.。]*[.。]?", text))


def _result(aid: str) -> ArticleResult:
    lang, outlet, text = ARTICLES[aid]
    facts = []
    for words, (kind, value, unit) in FACTS[aid].items():
        start = text.index(words)
        facts.append(Fact(kind, start, start + len(words), words, value, unit))
    facts.sort(key=lambda f: f.start)
    article = Article(
        id=aid,
        story=STORY,
        source=f"{STORY}/{aid}.txt",
        format="txt",
        body=text,
        text=text,
        lang=lang,
        sentences=_sentences(text),
        metadata=(MetaValue("outlet", outlet, outlet, "front matter"),),
    )
    return ArticleResult(article, Extraction(facts=tuple(facts)))


RESULTS = tuple(_result(aid) for aid in ARTICLES)
BY_ID = {r.article.id: r for r in RESULTS}


def _evidence(aid: str, words: str) -> Evidence:
    result = BY_ID[aid]
    index = next(i for i, f in enumerate(result.extraction.facts) if f.text == words)
    fact = result.extraction.facts[index]
    span = next(s for s in result.article.sentences if s.start <= fact.start < s.end)
    return Evidence(aid, span.start, span.end, index, fact.value)


def _claim(n: int, kind: str, topic: dict, stated: dict[str, str], differs: tuple[str, ...] = ()) -> Claim:
    return Claim(
        f"{STORY}:c{n}",
        STORY,
        kind,
        frozen_map(topic),
        tuple(_evidence(aid, words) for aid, words in stated.items()),
        frozen_map({aid: "differs" if aid in differs else "states" for aid in stated}),
    )


TOLL = _claim(
    1,
    "number",
    {"value": 12},
    {"herald": "12", "diario": "12", "gazeta": "12", "haber": "12", "shimbun": "15"},
    differs=("shimbun",),
)
AID = _claim(
    2,
    "money",
    {"value": 3_000_000, "unit": "EUR"},
    {"herald": "3 million euros", "diario": "3 millones de euros", "gazeta": "3 mln euro",
     "shimbun": "300万ユーロ", "akhbar": "3 ملايين يورو"},
)  # fmt: skip
DAY = _claim(
    5,
    "date",
    {"value": MONDAY},
    {"herald": "on Monday", "diario": "el lunes", "gazeta": "w poniedziałek", "haber": "pazartesi",
     "shimbun": "月曜日", "akhbar": "يوم الاثنين"},
)  # fmt: skip
SCHOOLS = _claim(3, "number", {"value": 40}, {"herald": "40", "diario": "40"})
MAGNITUDE = _claim(4, "number", {"value": 6.1}, {"haber": "6,1"})
CLAIMS = (TOLL, AID, SCHOOLS, MAGNITUDE, DAY)
LINEAGE = (Lineage(("herald", "diario"), "translation", 0.9),)
STORY_ = Story(STORY, frozen_map({"en": "Earthquake in Orlen"}), tuple(ARTICLES))
DISCREPANCIES = tuple(detect(STORY_, CLAIMS, RESULTS, (), LINEAGE))


def summarize_quake(**options: int) -> Summary:
    settings = dataclasses.replace(SETTINGS, options=frozen_map({"summaries": options}) if options else {})
    return summaries.parallax_summarize(
        story=STORY_,
        results=RESULTS,
        claims=CLAIMS,
        discrepancies=DISCREPANCIES,
        entities=(),
        lineage=LINEAGE,
        settings=settings,
    )


SUMMARY = summarize_quake()
REPORT = Report(
    stories=(STORY_,),
    results=RESULTS,
    claims=CLAIMS,
    discrepancies=DISCREPANCIES,
    lineage=LINEAGE,
    summaries=(SUMMARY,),
)


def _text(aid: str, span: Span) -> str:
    return BY_ID[aid].article.text[span.start : span.end]


# --------------------------------------------------------------------------
# The story summary's points
# --------------------------------------------------------------------------


def test_the_fictional_story_has_the_discrepancies_the_summary_builds_on() -> None:
    by_claim = {(d.kind, d.claim) for d in DISCREPANCIES}
    assert ("value", TOLL.id) in by_claim
    assert ("coverage", MAGNITUDE.id) in by_claim and ("coverage", SCHOOLS.id) in by_claim


def test_what_independent_sources_agree_on_counts_a_translation_once() -> None:
    agreed = [p for p in SUMMARY.points if p.key.startswith("summary_agreed")]
    # The most corroborated first: the day (every source), then the aid.
    assert [p.claim for p in agreed] == [DAY.id, AID.id]
    # Six articles give the day, but two are one source: all five independent sources.
    assert agreed[0].key == "summary_agreed_all"
    assert dict(agreed[0].params) == {"count": 5, "total": 5}
    # Five articles state the aid: four of five independent sources.
    assert agreed[1].key == "summary_agreed"
    assert dict(agreed[1].params) == {"count": 4, "total": 5}
    assert all(p.discrepancy is None for p in agreed)


def test_the_disputed_toll_names_its_discrepancy_and_each_side() -> None:
    (value,) = [d for d in DISCREPANCIES if d.kind == "value"]
    disputed = [p for p in SUMMARY.points if p.discrepancy == value.id]
    assert len(disputed) == 1
    point = disputed[0]
    assert point.key == "summary_disputed_value" and point.claim == TOLL.id
    sides = point.params["sides"].split(" · ")
    # The side three independent sources take comes first, with its sources (three named at most).
    assert sides[0] == "12 (Coast Herald, Diario del Sur, Gazeta Portowa, …)"
    assert sides[1] == "15 (港新聞)"
    # A conflicting claim is not also reported as agreed.
    assert not [p for p in SUMMARY.points if p.claim == TOLL.id and p.key.startswith("summary_agreed")]


def test_what_one_source_alone_says_and_a_translation_pair_is_one_source() -> None:
    single = {p.claim: p for p in SUMMARY.points if p.key in ("summary_single", "summary_few")}
    assert set(single) == {MAGNITUDE.id, SCHOOLS.id}
    assert single[MAGNITUDE.id].key == "summary_single"
    assert single[MAGNITUDE.id].params["sources"] == "Liman Haber"
    # The schools are stated by an article and its translation: one source, both named.
    assert single[SCHOOLS.id].key == "summary_single"
    assert single[SCHOOLS.id].params["sources"] == "Coast Herald, Diario del Sur"
    assert all(p.discrepancy for p in single.values())  # both are coverage flags: they link there


def test_points_come_agreed_then_disputed_then_single_and_no_claim_twice() -> None:
    groups = ["agreed" if p.key.startswith("summary_agreed") else
              "single" if p.key in ("summary_single", "summary_few") else "disputed" for p in SUMMARY.points]  # fmt: skip
    assert groups == sorted(groups, key=["agreed", "disputed", "single"].index)
    claims = [p.claim for p in SUMMARY.points if p.claim]
    assert len(claims) == len(set(claims))


def test_caps_are_options() -> None:
    capped = summarize_quake(agreed=0, disputed=0, single=1)
    assert len(capped.points) == 1 and capped.points[0].key == "summary_single"


def test_a_story_whose_sources_all_agree_says_all() -> None:
    both = _claim(9, "money", {"value": 3_000_000, "unit": "EUR"},
                  {"gazeta": "3 mln euro", "akhbar": "3 ملايين يورو"})  # fmt: skip
    results = (BY_ID["gazeta"], BY_ID["akhbar"])
    story = Story("pair", frozen_map({"en": "Pair"}), ("gazeta", "akhbar"))
    summary = summaries.parallax_summarize(
        story=story,
        results=results,
        claims=(both,),
        discrepancies=(),
        entities=(),
        lineage=(),
        settings=SETTINGS,
    )
    (point,) = summary.points
    assert point.key == "summary_agreed_all" and dict(point.params) == {"count": 2, "total": 2}


def test_the_summary_is_deterministic() -> None:
    assert summarize_quake() == SUMMARY


# --------------------------------------------------------------------------
# Article summaries
# --------------------------------------------------------------------------


def test_an_article_summary_picks_the_unique_fact_over_a_bland_lead() -> None:
    chosen = [_text("haber", s) for s in SUMMARY.articles["haber"]]
    assert len(chosen) == 2
    # What only this source says wins over the bland lead, and over the day that every other
    # source gives too; the toll the sources dispute comes with it.
    assert any("6,1 büyüklüğünde" in s for s in chosen)
    assert not any(s.startswith("Bugün bölge için") for s in chosen)
    assert any("12 kişi" in s for s in chosen)


def test_article_summaries_are_two_to_four_sentences_in_reading_order() -> None:
    assert set(SUMMARY.articles) == set(ARTICLES)
    for aid, spans in SUMMARY.articles.items():
        sentences = BY_ID[aid].article.sentences
        assert all(span in sentences for span in spans), aid  # whole sentences of the article
        assert [s.start for s in spans] == sorted(s.start for s in spans), aid
        assert len(set(spans)) == len(spans)
        if len(sentences) > 2:
            assert 2 <= len(spans) <= 4, aid
        else:
            assert spans == sentences


def test_the_japanese_summary_holds_the_figure_it_disputes() -> None:
    chosen = [_text("shimbun", s) for s in SUMMARY.articles["shimbun"]]
    assert any("15人" in s for s in chosen)


def test_a_short_article_is_its_own_summary() -> None:
    text = "Pożar strawił magazyn w Orlenie. Nikt nie zginął."
    article = dataclasses.replace(BY_ID["gazeta"].article, id="short", text=text, body=text,
                                  sentences=_sentences(text))  # fmt: skip
    story = Story("s", frozen_map({"en": "S"}), ("short",))
    summary = summaries.parallax_summarize(
        story=story,
        results=(ArticleResult(article),),
        claims=(),
        discrepancies=(),
        entities=(),
        lineage=(),
        settings=SETTINGS,
    )
    assert summary.points == ()
    assert summary.articles["short"] == article.sentences


def test_two_sentences_saying_the_same_are_not_both_chosen() -> None:
    text = (
        "Rescuers in Orlen said 12 people died on Monday. Schools stayed closed across the region. "
        "Rescuers in Orlen said that 12 people died there on Monday. The port reopened on Friday. "
        "Ships queued outside for hours. Fishermen went back to sea."
    )
    facts = tuple(Fact("number", m.start(), m.end(), "12", 12) for m in re.finditer("12", text))
    article = Article(id="dup", story="d", source="d/dup.txt", format="txt", body=text, text=text, lang="en",
                      sentences=_sentences(text))  # fmt: skip
    view = StoryView(
        Story("d", frozen_map({}), ("dup",)), (), (ArticleResult(article, Extraction(facts)),), (), ()
    )
    chosen = [text[s.start : s.end] for s in summaries.article_summary(view, "dup")]
    assert len(chosen) == 2
    assert sum("12 people died" in s for s in chosen) == 1


# --------------------------------------------------------------------------
# The host's checks (generator.pipeline.summarize)
# --------------------------------------------------------------------------


class Fake:
    """A summarizer that returns what it was given to return."""

    def __init__(self, answer: object) -> None:
        self.answer = answer

    @hookimpl
    def parallax_summarize(self, story, results, claims, discrepancies, entities, lineage, settings):
        return self.answer


def _host_summarize(answer: object) -> tuple[Summary | None, list[Problem]]:
    pm = plugin_manager(disabled=DEFAULT_PLUGINS, entry_points=False, extra=[("fake", Fake(answer))])
    problems: list[Problem] = []
    found = summarize(
        STORY_, RESULTS, [], (list(LINEAGE), list(CLAIMS), list(DISCREPANCIES)), pm, SETTINGS, problems
    )
    return found, problems


def test_the_host_drops_and_reports_points_and_spans_it_cannot_place() -> None:
    herald = BY_ID["herald"].article
    good = SummaryPoint("summary_agreed", frozen_map({"count": 4, "total": 5}), claim=AID.id)
    disc = SummaryPoint("summary_disputed", frozen_map({}), discrepancy=DISCREPANCIES[0].id)
    stray = SummaryPoint("summary_agreed", frozen_map({}), claim="elsewhere:c1")
    lost = SummaryPoint("summary_disputed", frozen_map({}), discrepancy="elsewhere:d1")
    bare = SummaryPoint("summary_agreed")
    inside = herald.sentences[1]
    answer = Summary(
        story=STORY,
        points=(good, stray, disc, lost, bare),
        articles=frozen_map({
            "herald": (herald.sentences[3], Span(5, len(herald.text) + 10), inside),
            "gazeta": (Span(-3, 4),),
            "nobody": (Span(0, 3),),
        }),
    )  # fmt: skip
    found, problems = _host_summarize(answer)
    assert found is not None and found.story == STORY
    assert found.points == (good, disc)
    # Kept spans are sorted into reading order; an article with nothing left is left out.
    assert dict(found.articles) == {"herald": (inside, herald.sentences[3])}
    messages = [p.message for p in problems]
    assert sum("names no claim or discrepancy" in m for m in messages) == 3
    assert any("'herald'" in m and "1 span(s) outside its text" in m for m in messages)
    assert any("'gazeta'" in m for m in messages) and any("'nobody'" in m for m in messages)
    assert all(p.hook == "parallax_summarize" and p.path == STORY for p in problems)


def test_the_host_reports_an_answer_that_is_not_a_summary() -> None:
    found, problems = _host_summarize({"points": []})
    assert found is None
    (problem,) = problems
    assert problem.severity == "error" and "not a Summary" in problem.message and "dict" in problem.message


def test_the_host_takes_the_plugins_summary_as_it_is_when_it_is_valid() -> None:
    found, problems = _host_summarize(SUMMARY)
    assert problems == [] and found == SUMMARY


# --------------------------------------------------------------------------
# Pages: the story summary and the article summaries, in every UI language
# --------------------------------------------------------------------------


def render_site(report: Report, settings: Settings = SETTINGS) -> dict[str, dict[str, str]]:
    """UI language -> page path -> Markdown, from the page plugins that summaries link to."""
    out = {}
    for lang in UI_LANGUAGES:
        strings = load_catalog(lang)
        rendered = site_pages(report, lang, strings, settings, pages, claim_pages, discrepancy_pages)
        out[lang] = {p.path: p.markdown for p in rendered}
    return out


@pytest.fixture(scope="module")
def site() -> dict[str, dict[str, str]]:
    return render_site(REPORT)


def _body(page: str) -> str:
    match = re.match(r"---\n.*?\n---\n", page, re.S)
    return page[match.end() :] if match else page


def html_of(page: str) -> str:
    return markdown.markdown(_body(page), extensions=EXTENSIONS)


class _Items(HTMLParser):
    """The <li> items of a rendered page's summary section: their text and the links in them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.in_h2 = False
        self.items: list[dict] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self.in_h2, self.section = True, ""
        if tag == "li" and self.section == "summary":
            self.items.append({"text": "", "links": [], "link_text": ""})
            self.depth = 1
        elif self.depth and tag == "a":
            self.items[-1]["links"].append(dict(attrs).get("href"))
            self.depth = 2
        elif self.depth and tag == "span":
            self.items[-1].setdefault("langs", []).append(dict(attrs).get("lang"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self.in_h2 = False
        if tag == "li":
            self.depth = 0
        if tag == "a" and self.depth == 2:
            self.depth = 1

    def handle_data(self, data: str) -> None:
        if self.in_h2:
            self.section = "summary" if data.strip() == self.heading else "other"
        elif self.depth:
            self.items[-1]["text"] += data
            if self.depth == 2:
                self.items[-1]["link_text"] += data


def summary_items(page: str, heading: str) -> list[dict]:
    parser = _Items()
    parser.heading = heading  # type: ignore[attr-defined]
    parser.feed(html_of(page))
    return parser.items


def resolve(all_pages: dict[str, str], page_path: str, href: str) -> tuple[str, str]:
    """A relative link from a page: (the target page, the element id it points at, or '')."""
    file, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), file)) if file else page_path
    assert target in all_pages, f"{page_path} links to {href}: no such page"
    if fragment:
        assert f'id="{fragment}"' in all_pages[target], f"{page_path}: no #{fragment} in {target}"
    return target, fragment


def check_story_summary(site: dict[str, dict[str, str]], report: Report, story: Story) -> None:
    """Every summary sentence on the story page, in every UI language, is one link that leads to its
    claim's row or its discrepancy, and reads as the catalogue writes it."""
    summary = report.summary_of(story.id)
    assert summary is not None and summary.points
    claims = {c.id: c for c in report.claims}
    found = [d for d in report.discrepancies if d.story == story.id]
    names = discrepancy_pages.page_names(story, found)
    path = f"stories/{story.id}/index.md"
    for lang in UI_LANGUAGES:
        strings = load_catalog(lang)
        items = summary_items(site[lang][path], strings("story_summary"))
        assert len(items) == len(summary.points), lang
        for item, point in zip(items, summary.points, strict=True):
            assert len(item["links"]) == 1, (lang, item)
            assert item["link_text"] == item["text"]  # the whole sentence is the link
            # It is the catalogue's sentence, as report.json has it.
            expected = summary_sentence(point, strings, claims)
            assert " ".join(item["text"].split()) == " ".join(expected.split()), lang
            assert "{" not in item["text"] and point.key not in item["text"]
            target, fragment = resolve(site[lang], path, item["links"][0])
            if point.discrepancy:
                assert target == f"stories/{story.id}/discrepancies/{names[point.discrepancy]}"
            else:
                assert target == f"stories/{story.id}/claims.md"
                assert fragment == claim_pages.claim_anchor(point.claim)
                # The row the anchor sits in is the claim's own row.
                row = next(line for line in site[lang][target].splitlines() if f'id="{fragment}"' in line)
                assert (
                    claim_pages._label(claims[point.claim], claim_pages._Ui(lang, strings, SETTINGS), {})
                    in row
                )


def test_the_story_summary_links_every_sentence_in_every_ui_language(site: dict[str, dict[str, str]]) -> None:
    check_story_summary(site, REPORT, STORY_)


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_the_story_summary_has_its_headings_in_the_ui_language(
    site: dict[str, dict[str, str]], lang: str
) -> None:
    strings = load_catalog(lang)
    html = html_of(site[lang][f"stories/{STORY}/index.md"])
    for key in (
        "story_summary",
        "summary_agreed_heading",
        "summary_disputed_heading",
        "summary_single_heading",
    ):
        assert strings(key) in html.replace("&#39;", "'"), key
    assert html.index(strings("story_summary")) < html.index(strings("story_sources"))


def test_past_the_page_cap_a_discrepancy_links_to_its_entry_on_the_index() -> None:
    capped = Settings(
        content_dir=Path("."),
        build_dir=Path("."),
        options=frozen_map({"discrepancy_pages": {"max_pages": 0}}),
    )
    site = render_site(REPORT, capped)
    path = f"stories/{STORY}/index.md"
    linked = 0
    for lang in UI_LANGUAGES:
        items = summary_items(site[lang][path], load_catalog(lang)("story_summary"))
        for item in items:
            target, fragment = resolve(site[lang], path, item["links"][0])
            if target.endswith("discrepancies/index.md"):
                assert fragment.startswith("d-")
                linked += 1
    assert linked == len([p for p in SUMMARY.points if p.discrepancy]) * len(UI_LANGUAGES)


def test_without_the_claim_and_discrepancy_pages_the_sentences_are_plain_text() -> None:
    settings = dataclasses.replace(SETTINGS, disabled=("claim_pages", "discrepancy_pages"))
    strings = load_catalog("en")
    (story_page,) = [p for p in pages.parallax_pages(REPORT, "en", strings, settings) if p.path.endswith(
        f"{STORY}/index.md")]  # fmt: skip
    items = summary_items(story_page.markdown, strings("story_summary"))
    assert len(items) == len(SUMMARY.points) and all(not item["links"] for item in items)


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_article_pages_show_their_summary_in_their_language_linked_to_the_sentences(
    site: dict[str, dict[str, str]], lang: str
) -> None:
    strings = load_catalog(lang)
    for aid, spans in SUMMARY.articles.items():
        article = BY_ID[aid].article
        path = f"stories/{STORY}/{pages.article_page(aid)}"
        page = site[lang][path]
        html = html_of(page)
        block = re.search(r'<div class="px-summary" lang="([^"]+)" dir="([^"]+)">(.*?)</div>', html, re.S)
        assert block, (lang, aid)
        assert block.group(1) == article.lang
        assert block.group(2) == ("rtl" if article.lang == "ar" else "ltr")
        # Near the top: before the metadata and the text.
        assert html.index(strings("article_summary")) < html.index(strings("article_metadata"))
        hrefs = re.findall(r'<a href="#(s-\d+)">', block.group(3))
        assert len(hrefs) == len(spans)
        for href, span in zip(hrefs, spans, strict=True):
            number = int(href[2:])
            assert article.sentences[number - 1] == span
            assert f'id="{href}"' in str(article_html(article))


def test_article_summary_text_is_escaped() -> None:
    text = "<script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }} | **bold**. Second one."
    article = Article(id="evil", story=STORY, source=f"{STORY}/evil.txt", format="txt", body=text, text=text,
                      lang="en", sentences=_sentences(text))  # fmt: skip
    story = Story(STORY, frozen_map({"en": "E"}), ("evil",))
    report = Report(
        stories=(story,),
        results=(ArticleResult(article),),
        summaries=(Summary(STORY, (), frozen_map({"evil": article.sentences})),),
    )
    (page,) = [
        p for p in pages.parallax_pages(report, "en", load_catalog("en"), SETTINGS) if "evil" in p.path
    ]
    html = html_of(page.markdown)
    block = re.search(r'<div class="px-summary".*?</div>', html, re.S)
    assert block
    assert "<script" not in block.group(0) and "<strong>" not in block.group(0) and "javascript:" not in html
    assert "49" not in block.group(0)
    assert "&lt;script&gt;" in block.group(0) or "&#60;script&#62;" in block.group(0)


# --------------------------------------------------------------------------
# The seed story
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Settings]:
    build = tmp_path_factory.mktemp("seed") / "b"
    settings = Settings(content_dir=ROOT / "content", build_dir=build, ui_languages=UI_LANGUAGES)
    return run(settings, plugin_manager()), settings


def test_the_seed_story_summary_links_every_sentence_in_all_six_languages(
    seed: tuple[Report, Settings],
) -> None:
    report, settings = seed
    (story,) = report.stories
    summary = report.summary_of(story.id)
    assert summary is not None
    assert any(p.key.startswith("summary_agreed") for p in summary.points)
    assert any(p.discrepancy and p.key not in ("summary_single", "summary_few") for p in summary.points)
    assert not [p for p in report.problems if p.hook == "parallax_summarize"]
    check_story_summary(render_site(report, settings), report, story)


def test_the_seed_report_json_has_the_summaries(seed: tuple[Report, Settings]) -> None:
    report, _ = seed
    catalogs = {lang: load_catalog(lang) for lang in UI_LANGUAGES}
    data = report_data(report, "en", catalogs)
    (story,) = data["stories"]
    assert set(story["summary"]) == set(UI_LANGUAGES)
    texts = set(story["summary"].values())
    assert len(texts) == len(UI_LANGUAGES)  # really written in six languages
    for point in story["summary_points"]:
        assert set(point["text"]) == set(UI_LANGUAGES)
        assert all(t and t != point["key"] for t in point["text"].values())
    for article in data["articles"]:
        sentences = article["summary_sentences"]
        assert 2 <= len(sentences) <= 4, article["id"]
        assert article["summary"] == " ".join(article["text"][s:e].strip() for s, e in sentences)


# --------------------------------------------------------------------------
# The catalogue parts
# --------------------------------------------------------------------------


def _part(lang: str) -> dict[str, str]:
    return yaml.safe_load((BUILTIN_DIR / f"{lang}.summaries.yml").read_text(encoding="utf-8"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_summaries_key_in_all_six_languages_with_the_same_placeholders() -> None:
    english = _part("en")
    for lang in UI_LANGUAGES:
        part = _part(lang)
        assert set(part) == set(english), lang
        for key, value in part.items():
            assert isinstance(value, str) and value.strip() == value and value, (lang, key)
            assert _placeholders(value) == _placeholders(english[key]), (lang, key)
        if lang != "en":
            same = [k for k in part if part[k] == english[k]]
            assert not same, (lang, same)


def test_every_key_the_summarizer_and_the_pages_use_is_in_the_catalogue() -> None:
    english = _part("en")
    source = (ROOT / "plugins" / "summaries.py").read_text(encoding="utf-8")
    used = set(re.findall(r'"(summary_[a-z_]+)"', source))
    assert {"summary_agreed", "summary_disputed_value", "summary_single"} <= used
    assert used <= set(english), sorted(used - set(english))
    for group in ("agreed", "disputed", "single"):
        assert f"summary_{group}_heading" in english
    assert {"summary_intro", "article_summary", "article_summary_intro"} <= set(english)


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_point_of_the_fictional_story_reads_in_every_language(lang: str) -> None:
    strings = load_catalog(lang)
    claims = {c.id: c for c in CLAIMS}
    for point in SUMMARY.points:
        sentence = summary_sentence(point, strings, claims)
        assert sentence != point.key and "{" not in sentence
        assert sentence.rstrip().endswith((".", "»", "”", "“"))


# --------------------------------------------------------------------------
# The real thing: MkDocs + Material + i18n, --strict, every link and anchor checked
# --------------------------------------------------------------------------

MKDOCS_YML = """\
site_name: Parallax
theme:
  name: material
  font: false
  features: [navigation.prune]
markdown_extensions: {extensions}
plugins:
  - i18n:
      docs_structure: folder
      reconfigure_material: true
      languages:
{languages}
"""


def test_mkdocs_strict_build_and_every_link(site: dict[str, dict[str, str]], tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for lang, rendered in site.items():
        for path, text in rendered.items():
            if not path.startswith(f"stories/{STORY}/"):
                continue  # the home pages belong to other tests (and link to pages not built here)
            target = docs / lang / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for home in ("index.md", "stories/index.md"):
            (docs / lang / home).write_text("---\ntitle: Home\n---\n\n# Home\n", encoding="utf-8")
    languages = "\n".join(
        f"        - {{locale: {lang}, name: {lang}, build: true{', default: true' if lang == 'en' else ''}}}"
        for lang in UI_LANGUAGES
    )
    (tmp_path / "mkdocs.yml").write_text(
        MKDOCS_YML.format(extensions=EXTENSIONS, languages=languages).replace("'", '"'), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    built = tmp_path / "site"
    # data/claims.csv is written by the host in a real build (tests/test_claim_pages.py checks it);
    # Material's language switcher needs the parallax theme override (tests/test_site.py).
    broken = [b for b in check_site(built) if "root-absolute" not in b.reason and "claims.csv" not in b.url]
    assert broken == []
    for lang in UI_LANGUAGES:
        prefix = built if lang == "en" else built / lang
        html = (prefix / "stories" / STORY / "index.html").read_text(encoding="utf-8")
        assert re.search(r'href="claims/#claim-c2"', html), lang
        assert re.search(r'href="discrepancies/\d+/"', html), lang
        article = (prefix / "stories" / STORY / "haber" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<div class="px-summary" lang="tr" dir="ltr">', article)
        assert re.search(r'<a href="#s-\d+">', article)
