"""The story overview pages (plugins/overview_pages.py): coverage matrix, timeline, entities.

A fictional story is built by hand, in English, Japanese, Arabic (right to
left), Polish and Spanish, plus a hostile source whose outlet and whose entity
name try to inject HTML, Markdown and Jinja. Its pages are rendered with the
article pages (plugins/pages.py) and the claim table (plugins/claim_pages.py)
in all six UI languages: the coverage picture must be well-formed XML with a
row per source, a column per claim and each cell in its claim's state; the
timeline must be in chronological order with the dates it cannot place apart;
the entity pages must show every form of a name and every mention; every link
must reach a page and every fragment an anchor there. The seed story is then
analysed and built into a real site with ``mkdocs build --strict``, whose links
are all checked.
"""

from __future__ import annotations

import os
import posixpath
import re
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import ROOT, copy_project
from linkcheck import check_site
from rendering import site_pages

from generator.labels import claim_label, local_number
from generator.manager import DEFAULT_PLUGINS, plugin_manager
from generator.markup import html_text, md_text
from generator.model import (
    Article,
    ArticleResult,
    Block,
    Claim,
    Entity,
    EntityMention,
    Evidence,
    Extraction,
    Fact,
    Lineage,
    MetaValue,
    Page,
    Report,
    Span,
    Story,
    frozen_map,
)
from generator.pipeline import run
from generator.settings import Settings
from generator.strings import BUILTIN_DIR, load_catalog
from plugins import claim_pages, overview_pages, pages

UI_LANGUAGES = ("en", "it", "ru", "fr", "de", "pt")
STORY = "bridge"
SETTINGS = Settings(content_dir=Path("."), build_dir=Path("."), ui_languages=UI_LANGUAGES)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} & [x](javascript:alert(1)) {: onclick=alert(1)}"
EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "admonition"]

# Each source: language, outlet, publication date (or None), text.
SOURCES = {
    "en": (
        "Veltmoor Herald",
        "2031-05-14",
        "The Orsk bridge over the Lenn collapsed on 12 May 2031. Mayor Ada Quill said repairs "
        "would cost 40 million. The bridge had opened in 1988.\n\nEngineers had warned in March 2030.",
    ),
    "ja": (
        "ヴェルトモア新聞",
        "2031-05-15",
        "2031年5月12日、レン川のオルスク橋が崩落した。エイダ・クイル市長は修理に4000万かかると述べた。",
    ),
    "ar": (
        "صحيفة فيلتمور",
        "2031-05-13",
        "انهار جسر أورسك فوق نهر لين في 12 مايو 2031. وقالت العمدة آدا كويل إن الإصلاح سيكلف 45 مليونا.",
    ),
    "pl": (
        "Kurier Veltmoor",
        "2031-05-16",
        "Most Orsk na rzece Lenn zawalił się 12 maja 2031 roku. Burmistrz Ada Quill powiedziała, "
        "że naprawa będzie kosztować 40 milionów. Most otwarto w 1988 roku.",
    ),
    "es": (
        "Diario de Veltmoor",
        None,
        "El puente Orsk sobre el Lenn se derrumbó el martes pasado. La alcaldesa Ada Quill dijo que la "
        "reparación costaría 40 millones.",
    ),
    "xx": (
        HOSTILE,
        "2031-05-14",
        f"The Orsk bridge fell on 12 May 2031. {HOSTILE} said nothing about 40 million.",
    ),
}
# Dates each source mentions: (the words, the ISO value or None, attrs).
DATES = {
    "en": [("12 May 2031", "2031-05-12", {}), ("1988", 1988, {}), ("March 2030", "2030-03", {})],
    "ja": [("2031年5月12日", "2031-05-12", {})],
    "ar": [("12 مايو 2031", "2031-05-12", {})],
    "pl": [("12 maja 2031", "2031-05-12", {}), ("1988", "1988", {})],
    "es": [("el martes pasado", None, {"relative": True, "resolved": False})],
    "xx": [("12 May 2031", "2031-05-12", {})],
}
COSTS = {"en": "40 million", "ja": "4000万", "ar": "45 مليونا", "pl": "40 milionów", "es": "40 millones"}
# Forms of the mayor's name and of the bridge's, in every script.
MAYOR = ("Ada Quill", "エイダ・クイル", "آدا كويل")
BRIDGE = ("Orsk", "オルスク", "أورسك")


def aid(lang: str) -> str:
    return f"{lang}-report"


def _sentences(text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^\s.。!?][^.。!?\n]*[.。!?]?", text))


def _result(lang: str) -> ArticleResult:
    outlet, published, text = SOURCES[lang]
    blocks, pos = [], 0
    for part in text.split("\n\n"):
        start = text.index(part, pos)
        blocks.append(Block(start, start + len(part)))
        pos = start + len(part)
    facts = []
    for words, value, attrs in DATES[lang]:
        start = text.index(words)
        facts.append(Fact("date", start, start + len(words), words, value, attrs=frozen_map(attrs)))
    if lang in COSTS:
        start = text.index(COSTS[lang])
        facts.append(
            Fact("number", start, start + len(COSTS[lang]), COSTS[lang], 45e6 if lang == "ar" else 40e6)
        )
    metadata = [MetaValue("outlet", outlet, outlet, "front matter")]
    if published:
        metadata.append(MetaValue("published", published, published, "front matter"))
    article = Article(
        id=aid(lang),
        story=STORY,
        source=f"{STORY}/{lang}.txt",
        format="txt",
        body=text,
        text=text,
        blocks=tuple(blocks),
        lang=None if lang == "xx" else lang,
        sentences=_sentences(text),
        metadata=tuple(metadata),
    )
    return ArticleResult(article, Extraction(facts=tuple(sorted(facts, key=lambda f: f.start))))


def _entity(
    eid: str, name: str, kind: str, forms: tuple[str, ...], results: tuple[ArticleResult, ...]
) -> Entity:
    mentions = [
        EntityMention(r.article.id, m.start(), m.end(), form)
        for r in results
        for form in forms
        for m in re.finditer(re.escape(form), r.article.text)
    ]
    return Entity(eid, name, kind, tuple(mentions), tuple(dict.fromkeys(m.text for m in mentions)))


def _fact_index(result: ArticleResult, fact_type: str) -> int:
    return next(i for i, f in enumerate(result.extraction.facts) if f.type == fact_type)


def _evidence(result: ArticleResult, index: int) -> Evidence:
    fact = result.extraction.facts[index]
    span = next(s for s in result.article.sentences if s.start <= fact.start < s.end)
    return Evidence(result.article.id, span.start, span.end, index, fact.value)


def make_report() -> Report:
    results = tuple(_result(lang) for lang in SOURCES)
    by_lang = {lang: r for lang, r in zip(SOURCES, results, strict=True)}
    story = Story(
        STORY, frozen_map({"en": "The Orsk bridge", "it": "Il ponte di Orsk"}), tuple(aid(x) for x in SOURCES)
    )
    mayor = _entity("person-ada-quill", "Ada Quill", "person", MAYOR, results)
    bridge = _entity("place-orsk", "Orsk", "place", BRIDGE, results)
    hostile = _entity("person-../../x y", HOSTILE, "person", (HOSTILE,), results)
    # The cost: four sources state 40 million, the Arabic one 45 (differs); the hostile one is silent.
    cost_sources = {aid(x): "states" for x in ("en", "ja", "pl", "es")} | {
        aid("ar"): "differs",
        aid("xx"): "absent",
    }
    cost = Claim(
        f"{STORY}:c1",
        STORY,
        "number",
        frozen_map({"value": 40_000_000, "subject": "Ada Quill"}),
        tuple(_evidence(by_lang[x], _fact_index(by_lang[x], "number")) for x in COSTS),
        frozen_map(cost_sources),
    )
    day_langs = ("en", "ja", "ar", "pl", "xx")
    day = Claim(
        f"{STORY}:c2",
        STORY,
        "date",
        frozen_map({"value": "2031-05-12", "subject": "Orsk"}),
        tuple(_evidence(by_lang[x], 0) for x in day_langs),
        frozen_map({aid(x): "states" if x in day_langs else "absent" for x in SOURCES}),
    )
    opened = Claim(
        f"{STORY}:c3",
        STORY,
        "date",
        frozen_map({"value": "1988"}),
        tuple(_evidence(by_lang[x], 1) for x in ("en", "pl")),
        frozen_map({aid(x): "states" if x in ("en", "pl") else "absent" for x in SOURCES}),
    )
    warned = Claim(
        f"{STORY}:c4",
        STORY,
        "date",
        frozen_map({"value": "2030-03"}),
        (_evidence(by_lang["en"], 2),),
        frozen_map({aid(x): "states" if x == "en" else "absent" for x in SOURCES}),
    )
    family = Lineage((aid("pl"), aid("en")), "translation", 0.8)
    return Report(
        stories=(story,),
        results=results,
        entities=(mayor, bridge, hostile),
        claims=(warned, opened, cost, day),  # not in order of coverage: the page orders them
        lineage=(family,),
    )


REPORT = make_report()
FOLDER = f"stories/{STORY}"


def render_all(report: Report, settings: Settings = SETTINGS) -> dict[str, dict[str, str]]:
    out = {}
    for lang in UI_LANGUAGES:
        strings = load_catalog(lang)
        rendered = site_pages(report, lang, strings, settings, pages, claim_pages, overview_pages)
        assert all(isinstance(p, Page) for p in rendered)
        paths = [p.path for p in rendered]
        assert len(paths) == len(set(paths))
        out[lang] = {p.path: p.markdown for p in rendered}
    return out


@pytest.fixture(scope="module")
def site() -> dict[str, dict[str, str]]:
    """UI language -> page path -> Markdown."""
    return render_all(REPORT)


def overview(rendered: dict[str, str]) -> dict[str, str]:
    mine = (f"{FOLDER}/coverage.md", f"{FOLDER}/timeline.md", f"{FOLDER}/entities/")
    return {path: page for path, page in rendered.items() if path.startswith(mine)}


def svg_of(page: str, cls: str = "px-cov-svg") -> ET.Element:
    match = re.search(rf'<svg [^>]*class="{cls}".*?</svg>', page, re.S)
    assert match, "no picture"
    return ET.fromstring(match.group(0))  # raises if it is not well-formed XML


def front_matter(page: str) -> tuple[dict, str]:
    match = re.match(r"---\n(.*?)\n---\n", page, re.S)
    assert match, page[:80]
    return yaml.safe_load(match.group(1)), page[match.end() :]


def html(page: str) -> str:
    return markdown.markdown(front_matter(page)[1], extensions=EXTENSIONS)


def test_the_plugin_is_a_default_one_after_the_discrepancy_pages() -> None:
    assert DEFAULT_PLUGINS.index("overview_pages") > DEFAULT_PLUGINS.index("discrepancy_pages")


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_story_has_its_overview_pages_in_every_language(
    site: dict[str, dict[str, str]], lang: str
) -> None:
    names = overview_pages.entity_pages(REPORT.entities)
    expected = {f"{FOLDER}/coverage.md", f"{FOLDER}/timeline.md", f"{FOLDER}/entities/index.md"}
    expected |= {f"{FOLDER}/entities/{name}" for name in names.values()}
    assert set(overview(site[lang])) == expected
    assert (
        f"{FOLDER}/entities/person-ada-quill.md" in expected
        and f"{FOLDER}/entities/place-orsk.md" in expected
    )
    # The hostile id became a safe file name inside the folder.
    assert names["person-../../x y"] == "person-x-y.md"
    for path, page in overview(site[lang]).items():
        meta, body = front_matter(page)
        assert set(meta) == {"title"} and "<" not in meta["title"], path
        assert body.lstrip("\n").startswith("# "), path


# --------------------------------------------------------------------------
# The coverage matrix
# --------------------------------------------------------------------------


def _rows(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") == "px-cov-row"]


ANCHORS = {claim_pages.claim_anchor(c.id): c.id for c in REPORT.claims}


def _columns(svg: ET.Element, anchors: dict[str, str] = ANCHORS) -> list[tuple[str, ET.Element]]:
    """(claim id, its column's link) in the picture's order; the claim is read from the link's target."""
    (heads,) = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "px-cov-cols"]
    return [(anchors[a.get("href").split("#")[1]], a) for a in heads.findall(f"{SVG}a")]


def _column_x(svg: ET.Element, anchors: dict[str, str] = ANCHORS) -> list[int]:
    """The left edge of each column's cells (its link's area starts 2 px before)."""
    return [int(a.find(f"{SVG}rect").get("x")) + 2 for _, a in _columns(svg, anchors)]


def _states(svg: ET.Element, anchors: dict[str, str] = ANCHORS) -> dict[tuple[str, str], str]:
    """(source, claim) -> the state the picture shows, read back from its shapes: the runs of a
    row's dashed line (a cell every PITCH px), the shapes of another value, the empty rest."""
    claims = [c for c, _ in _columns(svg, anchors)]
    xs = _column_x(svg, anchors)
    pitch = overview_pages.PITCH
    shown = {}
    for row in _rows(svg):
        source = row.get("data-source")
        cells = dict.fromkeys(claims, "absent")
        for path in row.findall(f"{SVG}path"):
            assert "px-cov-states" in path.get("class").split()
            assert path.get("stroke-dasharray") == f"{overview_pages.CELL} {pitch - overview_pages.CELL}"
            x = None
            for op, a, _ in re.findall(r"([Mmh])(-?\d+)(?: (-?\d+))?", path.get("d")):
                if op == "M":
                    x = int(a)
                elif op == "m":
                    x += int(a)
                else:
                    assert int(a) % pitch == 0
                    for i in range(int(a) // pitch):
                        cells[claims[xs.index(x + i * pitch)]] = "states"
                    x += int(a)
        for link in row.findall(f"{SVG}a"):
            rect = link.find(f"{SVG}rect")
            if rect is not None:
                assert cells[claims[xs.index(int(rect.get("x")))]] == "absent"
                assert rect.get("data-claim") == claims[xs.index(int(rect.get("x")))]
                assert "px-cov-differs" in rect.get("class").split()
                cells[claims[xs.index(int(rect.get("x")))]] = "differs"
        shown |= {(source, claim): state for claim, state in cells.items()}
    return shown


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_the_matrix_has_a_row_per_source_and_a_column_per_claim(
    site: dict[str, dict[str, str]], lang: str
) -> None:
    svg = svg_of(site[lang][f"{FOLDER}/coverage.md"])
    assert svg.get("role") == "img" and svg.get("aria-label")
    assert svg.find(f"{SVG}title") is not None
    rows = _rows(svg)
    assert sorted(r.get("data-source") for r in rows) == sorted(REPORT.stories[0].articles)
    columns = _columns(svg)
    assert sorted(c for c, _ in columns) == sorted(c.id for c in REPORT.claims)
    # Most stated first: the day (5 sources), the cost (5, one with another value), 1988 (2), March 2030 (1).
    assert [c for c, _ in columns] == [f"{STORY}:c2", f"{STORY}:c1", f"{STORY}:c3", f"{STORY}:c4"]
    # Each column head carries the claim's label in the UI language as its tooltip, and its number.
    strings = load_catalog(lang)
    claims = {c.id: c for c in REPORT.claims}
    for number, (claim, column) in enumerate(columns, 1):
        assert claim_label(claims[claim], strings) in column.find(f"{SVG}title").text
        assert column.find(f"{SVG}text").text == str(number)
    # The members of a family are next to each other, with a marker.
    order = [r.get("data-source") for r in rows]
    assert abs(order.index(aid("pl")) - order.index(aid("en"))) == 1
    assert len([g for g in svg.iter(f"{SVG}g") if g.get("class") == "px-cov-family"]) == 1
    # A text alternative: each source's counts, in the UI language.
    desc = svg.find(f"{SVG}desc").text
    assert desc.count(";") == len(SOURCES) - 1 and "Veltmoor Herald" in desc


def test_each_cell_shows_its_claims_state_for_its_source(site: dict[str, dict[str, str]]) -> None:
    svg = svg_of(site["en"][f"{FOLDER}/coverage.md"])
    shown = _states(svg)
    assert len(shown) == len(SOURCES) * len(REPORT.claims)
    for (source, claim), state in shown.items():
        assert state == next(c for c in REPORT.claims if c.id == claim).sources.get(source, "absent")
    # 6 sources x 4 claims: the cost (4 state, 1 differs, 1 silent), the day (5, 1 silent),
    # 1988 (2, 4 silent), March 2030 (1, 5 silent).
    seen = [state for state in shown.values()]
    assert {s: seen.count(s) for s in overview_pages.STATES} == {"states": 12, "differs": 1, "absent": 11}
    # The empty squares: a pattern behind the whole grid, under every row and column.
    (grid,) = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "px-cov-grid"]
    assert (
        grid.get("fill") == "url(#px-cov-empty)" and svg.find(f".//{SVG}pattern").get("id") == "px-cov-empty"
    )
    xs = _column_x(svg)
    assert int(grid.get("x")) == xs[0] and int(grid.get("width")) == len(xs) * overview_pages.PITCH
    assert int(grid.get("height")) == len(SOURCES) * overview_pages.PITCH


@pytest.mark.parametrize("lang", ["en", "de", "ru"])
def test_a_cell_of_another_value_says_which(site: dict[str, dict[str, str]], lang: str) -> None:
    svg = svg_of(site[lang][f"{FOLDER}/coverage.md"])
    (row,) = [r for r in _rows(svg) if r.get("data-source") == aid("ar")]
    (cell,) = row.findall(f"{SVG}a")[1:]  # after the source's name
    tip = cell.find(f"{SVG}title").text
    assert local_number(45_000_000, lang) in tip and "صحيفة فيلتمور" in tip
    assert cell.find(f"{SVG}path").get("class") == "px-cov-mark"  # not by colour alone


def test_the_picture_is_compact(site: dict[str, dict[str, str]]) -> None:
    """No shape, link or tooltip per cell: only the cells of another value have their own."""
    svg = svg_of(site["en"][f"{FOLDER}/coverage.md"])
    rows = _rows(svg)
    differs = sum(1 for c in REPORT.claims for s in c.sources.values() if s == "differs")
    cells = [r for row in rows for r in row.iter(f"{SVG}rect")]
    assert len(cells) == differs == 1
    assert len([p for row in rows for p in row.iter(f"{SVG}path")]) == len(rows) + differs
    titles = list(svg.iter(f"{SVG}title"))
    # The picture, each column, each family, each row, each cell of another value.
    assert len(titles) == 1 + len(REPORT.claims) + 1 + len(rows) + differs
    links = list(svg.iter(f"{SVG}a"))
    assert len(links) == len(REPORT.claims) + len(rows) + differs


@pytest.mark.parametrize("directory_urls", [True, False])
def test_columns_link_to_the_claims_row_and_rows_to_the_article(directory_urls: bool) -> None:
    settings = Settings(
        content_dir=Path("."),
        build_dir=Path("."),
        directory_urls=directory_urls,
    )
    rendered = render_all(REPORT, settings)["en"]
    svg = svg_of(rendered[f"{FOLDER}/coverage.md"])
    claims_page = rendered[f"{FOLDER}/claims.md"]
    prefix = "../claims/#" if directory_urls else "claims.html#"
    columns = _columns(svg)
    assert len(columns) == 4
    claim_links = [a for _, a in columns] + [a for row in _rows(svg) for a in row.findall(f"{SVG}a")[1:]]
    assert len(claim_links) == 5  # a column each, and the cell of another value
    for link in claim_links:
        href = link.get("href")
        assert href.startswith(prefix), href
        fragment = href.split("#")[1]
        assert f'<span id="{fragment}"></span>' in claims_page
    for claim, link in columns:
        assert link.get("href").split("#")[1] == claim_pages.claim_anchor(claim)
        # The link covers the whole column, from its number to the last row.
        area = link.find(f"{SVG}rect")
        assert int(area.get("height")) > len(SOURCES) * overview_pages.PITCH
    for row in _rows(svg):
        link = row.find(f"{SVG}a")
        page = pages.article_page(row.get("data-source"))
        stem = page.removesuffix(".md")
        assert link.get("href") == (f"../{stem}/" if directory_urls else f"{stem}.html")
        assert f"{FOLDER}/{page}" in rendered


def test_the_picture_shows_at_most_max_columns_and_says_so() -> None:
    settings = Settings(
        content_dir=Path("."), build_dir=Path("."), options={"overview_pages": {"max_columns": 2}}
    )
    for lang in ("en", "ru"):
        strings = load_catalog(lang)
        rendered = {
            p.path: p.markdown for p in overview_pages.parallax_pages(REPORT, lang, strings, settings)
        }
        page = rendered[f"{FOLDER}/coverage.md"]
        svg = svg_of(page)
        assert [c for c, _ in _columns(svg)] == [f"{STORY}:c2", f"{STORY}:c1"]
        assert str(md_text(strings("ov_cov_capped", shown="2", total="4"))) in page
    full = render_all(REPORT)["en"][f"{FOLDER}/coverage.md"]
    assert str(md_text(load_catalog("en")("ov_cov_capped", shown="4", total="4"))) not in full


def test_hostile_outlet_and_names_stay_text(site: dict[str, dict[str, str]]) -> None:
    for lang in UI_LANGUAGES:
        for path, page in overview(site[lang]).items():
            body = front_matter(page)[1]
            assert "<script" not in body and "{{" not in body, path
            assert "javascript:" not in body and "onclick=" not in body, path
            found = html(page)
            assert "<script" not in found, path
            if "entities/" not in path or "person-x-y" in path:
                # Shown as the literal text, never evaluated.
                assert "{{ 7*7 }}" in unescape(re.sub(r"<[^>]+>", "", found)), path
    page = site["en"][f"{FOLDER}/coverage.md"]
    svg = svg_of(page)
    (row,) = [r for r in _rows(svg) if r.get("data-source") == aid("xx")]
    # Parsed as XML, the name is the literal text, with its "&" and its braces.
    assert HOSTILE in row.find(f"{SVG}title").text
    text = "".join(svg.itertext())
    assert "<script>alert(1)</script>" in text
    # The hostile entity: its page exists under a safe name, its name is text, its nav title plain.
    strings = load_catalog("en")
    (entity_page,) = [
        p
        for p in overview_pages.parallax_pages(REPORT, "en", strings, SETTINGS)
        if p.path.endswith("person-x-y.md")
    ]
    assert entity_page.title == " ".join(HOSTILE.split())
    shown = unescape(re.sub(r"<[^>]+>", "", html(entity_page.markdown)))
    assert "<script>alert(1)</script> {{ 7*7 }} &" in shown


# --------------------------------------------------------------------------
# Every link reaches a page, every fragment an anchor
# --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_markdown_links_reach_pages_and_anchors(site: dict[str, dict[str, str]], lang: str) -> None:
    all_pages = site[lang]
    fragments = 0
    for path, page in overview(site[lang]).items():
        for target in re.findall(r"\]\(([^)\s]+)\)", page):
            file, _, fragment = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), file))
            assert resolved in all_pages, f"{path} links to {target}"
            if fragment:
                assert f'id="{fragment}"' in all_pages[resolved], f"{path}: no #{fragment} in {resolved}"
                fragments += 1
        # Links inside the page (the timeline's picture) reach a heading's id.
        for fragment in re.findall(r'href="#([^"]+)"', page):
            assert f"{{ #{fragment} }}" in page, f"{path}: no #{fragment}"
    assert fragments > 20


# --------------------------------------------------------------------------
# The timeline
# --------------------------------------------------------------------------


def _entries(page: str) -> list[tuple[str, str]]:
    """(ISO date, the Markdown of its entry) in page order."""
    parts = re.split(r"^### .*\{ #t-([0-9-]+) \}$", page, flags=re.M)
    body = parts[-1].split("\n## ")[0]
    return list(zip(parts[1::2], [*parts[2:-1:2], body], strict=True))


def _key(iso: str) -> tuple[int, ...]:
    return tuple(int(p) for p in iso.split("-")) + (0,) * (3 - iso.count("-") - 1)


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_the_timeline_is_in_chronological_order(site: dict[str, dict[str, str]], lang: str) -> None:
    page = site[lang][f"{FOLDER}/timeline.md"]
    entries = _entries(page)
    dates = [iso for iso, _ in entries]
    assert dates == sorted(dates, key=_key)
    # Every resolved date mentioned, every publication day, each once; precision kept (1988, 2030-03).
    assert dates == ["1988", "2030-03", "2031-05-12", "2031-05-13", "2031-05-14", "2031-05-15", "2031-05-16"]
    by_date = dict(entries)
    # The collapse day: five sources say it, each in its own words and language.
    for lang_code, words in (("ja", "2031年5月12日"), ("ar", "12 مايو 2031"), ("pl", "12 maja 2031")):
        assert f"<mark>{html_text(words)}</mark>" in by_date["2031-05-12"]
        # A <bdi> in the source's language; its direction said when it is right to left.
        direction = ' dir="rtl"' if lang_code == "ar" else ""
        assert f'<bdi lang="{lang_code}"{direction}>' in by_date["2031-05-12"]
    # The publication days are there, each with its source.
    assert str(md_text(SOURCES["ar"][0])) in by_date["2031-05-13"]
    assert str(md_text(SOURCES["pl"][0])) in by_date["2031-05-16"]


def test_the_timeline_writes_dates_in_the_ui_language(site: dict[str, dict[str, str]]) -> None:
    headings = {
        lang: re.findall(r"^### (.*) \{ #t-2030-03 \}$", site[lang][f"{FOLDER}/timeline.md"], re.M)[0]
        for lang in UI_LANGUAGES
    }
    assert "March" in headings["en"] and "marzo" in headings["it"] and "2030" in headings["ru"]
    assert "mars" in headings["fr"] and "März" in unescape(headings["de"]) and "março" in headings["pt"]
    assert len(set(headings.values())) == len(UI_LANGUAGES)


def test_unresolved_dates_are_listed_apart(site: dict[str, dict[str, str]]) -> None:
    for lang in UI_LANGUAGES:
        strings = load_catalog(lang)
        page = site[lang][f"{FOLDER}/timeline.md"]
        heading = f"## {md_text(strings('ov_tl_unplaced_heading'))}"
        assert heading in page
        placed, unplaced = page.split(heading)
        assert f"<mark>{html_text('el martes pasado')}</mark>" in unplaced
        assert "martes" not in placed
        assert str(md_text(strings("ov_tl_no_anchor"))) in unplaced


def test_each_timeline_entry_links_to_the_sentence_that_mentions_it(site: dict[str, dict[str, str]]) -> None:
    page = site["en"][f"{FOLDER}/timeline.md"]
    by_id = {r.article.id: r.article for r in REPORT.results}
    links = re.findall(r"<mark>(.*?)</mark>.*?\]\(([A-Za-z0-9_-]+)\.md#s-(\d+)\)", page)
    mentioned = sum(len(v) for v in DATES.values())
    assert len(links) == mentioned
    for words, article_id, number in links:
        article = by_id[article_id]
        span = article.sentences[int(number) - 1]
        assert unescape(words) in article.text[span.start : span.end]


# A Turkish article (fictional) that repeats a sentence, names a date twice in one sentence and
# has a very long sentence: the timeline groups, shortens and still links every mention.
TR_TEXT = (
    "Köprü 3 Nisan 2032 tarihinde açıldı. "
    "Yol 3 Nisan 2032 ile 9 Haziran 2033 arasında kapalıydı. "
    "Köprü 3 Nisan 2032 tarihinde açıldı. "
    + "Belediye meclisi uzun bir toplantının ardından, bütün mahallelerin temsilcileri dinlendikten sonra, "
    "yeni bir bütçe kabul etti ve çalışmaların 9 Haziran 2033 günü başlayacağını duyurdu, "
    "ancak ayrıntılar henüz açıklanmadı ve muhalefet bu karara itiraz etti."
)
TR_DATES = [("3 Nisan 2032", "2032-04-03"), ("9 Haziran 2033", "2033-06-09")]


def _turkish_report() -> Report:
    facts = []
    for words, value in TR_DATES:
        for m in re.finditer(re.escape(words), TR_TEXT):
            facts.append(Fact("date", m.start(), m.end(), words, value))
    article = Article(
        id="tr-gazete",
        story="kopru",
        source="kopru/tr.txt",
        format="txt",
        body=TR_TEXT,
        text=TR_TEXT,
        blocks=(Block(0, len(TR_TEXT)),),
        lang="tr",
        sentences=_sentences(TR_TEXT),
        metadata=(MetaValue("outlet", "Köprü Gazetesi", "Köprü Gazetesi", "front matter"),),
    )
    result = ArticleResult(article, Extraction(facts=tuple(sorted(facts, key=lambda f: f.start))))
    return Report(
        stories=(Story("kopru", frozen_map({"en": "The bridge"}), (article.id,)),), results=(result,)
    )


def test_a_sources_mentions_of_a_date_are_one_line_each_sentence_quoted_once() -> None:
    report = _turkish_report()
    (article,) = [r.article for r in report.results]
    for lang in UI_LANGUAGES:
        rendered = {
            p.path: p.markdown
            for p in overview_pages.parallax_pages(report, lang, load_catalog(lang), SETTINGS)
        }
        by_date = dict(_entries(rendered["stories/kopru/timeline.md"]))
        assert list(by_date) == ["2032-04-03", "2033-06-09"]
        first = by_date["2032-04-03"]
        # One line for the source (its name once), the repeated sentence quoted once with both links.
        assert first.count("Köprü Gazetesi") == 1
        quotes = re.findall(r"<bdi lang=\"tr\">([^\[\n]*?<mark>.*?)</bdi>(.*)", first)
        texts = [unescape(re.sub(r"<[^>]+>", "", q)) for q, _ in quotes]
        assert texts == [
            "Köprü 3 Nisan 2032 tarihinde açıldı.",
            "Yol 3 Nisan 2032 ile 9 Haziran 2033 arasında kapalıydı.",
        ]
        assert re.findall(r"#s-(\d+)\)", quotes[0][1]) == ["1", "3"]
        assert re.findall(r"#s-(\d+)\)", quotes[1][1]) == ["2"]
        # The second date: the sentence quoted already is cut to its date, the long one to a
        # window around it; every mention still links to its sentence.
        second = by_date["2033-06-09"]
        quotes = [
            unescape(re.sub(r"<[^>]+>", "", q))
            for q in re.findall(r"<bdi lang=\"tr\">([^\[\n]*?<mark>.*?)</bdi>", second)
        ]
        assert len(quotes) == 2 and all("9 Haziran 2033" in q for q in quotes)
        assert quotes[0].startswith("… ") and len(quotes[0]) < overview_pages.CLIP_REPEAT + 10
        assert quotes[1].startswith("… ") and quotes[1].endswith(" …")
        assert len(quotes[1]) <= overview_pages.CLIP_DATE + 4
        assert len(quotes[1].strip("… ")) > 40  # still words around the date
        for quote in quotes:
            assert quote.strip("… ") in article.text
        assert sorted(re.findall(r"#s-(\d+)\)", second)) == ["2", "4"]


def test_the_languages_share_a_storys_work_while_the_report_lives() -> None:
    import gc

    report = _turkish_report()
    list(overview_pages.parallax_pages(report, "en", load_catalog("en"), SETTINGS))
    shared = overview_pages._SHARED
    assert shared is not None and "kopru" in shared.kept
    list(overview_pages.parallax_pages(report, "it", load_catalog("it"), SETTINGS))
    assert overview_pages._SHARED is shared  # the Italian pages reused the English pass's data
    # Other options: worked out again, not mixed up.
    other = Settings(content_dir=Path("."), build_dir=Path("."), directory_urls=False)
    list(overview_pages.parallax_pages(report, "en", load_catalog("en"), other))
    assert overview_pages._SHARED is not shared
    del report
    gc.collect()
    assert overview_pages._SHARED is None  # nothing kept once the report is gone


def test_the_timeline_picture_is_xml_with_a_mark_per_date(site: dict[str, dict[str, str]]) -> None:
    svg = svg_of(site["en"][f"{FOLDER}/timeline.md"], "px-tl-svg")
    marks = [e for e in svg.iter() if "px-tl-mark" in (e.get("class") or "")]
    assert len(marks) == 7
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert links == [f"#t-{iso}" for iso, _ in _entries(site["en"][f"{FOLDER}/timeline.md"])]


# --------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_entity_pages_list_every_variant_and_every_mention(
    site: dict[str, dict[str, str]], lang: str
) -> None:
    for entity in REPORT.entities:
        name = overview_pages.entity_pages(REPORT.entities)[entity.id]
        page = site[lang][f"{FOLDER}/entities/{name}"]
        for variant in entity.variants:
            assert html_text(variant) in page, variant
        marks = re.findall(r"<mark>(.*?)</mark>", page)
        assert sorted(unescape(m) for m in marks) == sorted(m.text for m in entity.mentions)
        # Each sentence links to its anchor on the article page.
        for target in re.findall(r"\]\(\.\./([A-Za-z0-9_-]+)\.md#s-(\d+)\)", page):
            article = next(r.article for r in REPORT.results if r.article.id == target[0])
            assert 1 <= int(target[1]) <= len(article.sentences)


def test_variants_keep_their_language_and_direction(site: dict[str, dict[str, str]]) -> None:
    page = site["en"][f"{FOLDER}/entities/person-ada-quill.md"]
    assert f'<span lang="ar" dir="rtl">{html_text("آدا كويل")}</span>' in page
    assert f'<span lang="ja" dir="ltr">{html_text("エイダ・クイル")}</span>' in page
    # "Ada Quill" is written so in several languages: no one language is claimed for it.
    assert f'<span lang="und" dir="auto">{html_text("Ada Quill")}</span>' in page
    # The mention sentences keep theirs too.
    assert re.search(r'<bdi lang="ar" dir="rtl">[^\n]*<mark>', page)


def test_entity_pages_name_the_claims_they_take_part_in(site: dict[str, dict[str, str]]) -> None:
    strings = load_catalog("it")
    mayor = site["it"][f"{FOLDER}/entities/person-ada-quill.md"]
    claims = {c.id: c for c in REPORT.claims}
    section = mayor.split(f"## {md_text(strings('ov_ent_claims_heading'))}")[1]
    assert f"](../claims.md#{claim_pages.claim_anchor(f'{STORY}:c1')})" in section
    assert str(md_text(claim_label(claims[f"{STORY}:c1"], strings))) in section
    assert f"#{claim_pages.claim_anchor(f'{STORY}:c3')}" not in section


def test_the_entity_index_is_a_sortable_table_of_every_entity(site: dict[str, dict[str, str]]) -> None:
    for lang in UI_LANGUAGES:
        page = site[lang][f"{FOLDER}/entities/index.md"]
        assert '<div class="px-sortable" markdown>' in page
        rows = [line for line in page.splitlines() if line.startswith("| ")][2:]  # after the head
        assert len(rows) == len(REPORT.entities)
        mayor = next(row for row in rows if "person-ada-quill.md" in row)
        cells = [c.strip() for c in mayor.strip("|").split(" | ")]
        mentions = len(next(e for e in REPORT.entities if e.id == "person-ada-quill").mentions)
        # The counts sort as numbers (parallax.js: a data-sort, else the cell's digits).
        assert _sort_key(cells[3]) == mentions and _sort_key(cells[2]) == 5
        assert str(md_text(load_catalog(lang)("entity_person"))) == cells[1]


def _sort_key(cell: str) -> int:
    """The number parallax.js sorts a cell by: its data-sort, else its text if it is digits."""
    found = re.search(r'data-sort="(-?\d+)"', cell)
    text = found.group(1) if found else cell.strip()
    assert re.fullmatch(r"-?\d+", text), cell
    return int(text)


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_a_count_the_ui_language_groups_still_sorts_as_a_number(lang: str) -> None:
    ui = overview_pages._Ui(lang, load_catalog(lang), SETTINGS)
    assert _sort_key(overview_pages._count(7, ui)) == 7
    big = overview_pages._count(1_234_567, ui)
    assert _sort_key(big) == 1_234_567 and local_number(1_234_567, lang) in unescape(big)


def test_only_the_most_mentioned_entities_get_pages_when_capped() -> None:
    settings = Settings(
        content_dir=Path("."), build_dir=Path("."), options={"overview_pages": {"max_entity_pages": 1}}
    )
    rendered = {
        p.path: p.markdown for p in overview_pages.parallax_pages(REPORT, "en", load_catalog("en"), settings)
    }
    entity_pages = [p for p in rendered if p.startswith(f"{FOLDER}/entities/") and not p.endswith("index.md")]
    most = max(REPORT.entities, key=lambda e: len(e.mentions))
    assert entity_pages == [f"{FOLDER}/entities/{most.id}.md"]
    index = rendered[f"{FOLDER}/entities/index.md"]
    assert str(md_text(load_catalog("en")("ov_ent_capped", shown="1", total="3"))) in index
    assert len(re.findall(r"\]\([a-z-]+\.md\)", index)) == 1  # the others listed, without a link


# --------------------------------------------------------------------------
# UI text from the catalogues
# --------------------------------------------------------------------------


def _part(lang: str) -> dict[str, str]:
    return yaml.safe_load((BUILTIN_DIR / f"{lang}.overview.yml").read_text(encoding="utf-8"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_catalogue_parts_have_the_same_keys_and_placeholders(lang: str) -> None:
    english, part = _part("en"), _part(lang)
    assert set(part) == set(english)
    for key, value in part.items():
        assert isinstance(value, str) and value.strip() == value and value, key
        assert _placeholders(value) == _placeholders(english[key]), (lang, key)


@pytest.mark.parametrize("lang", [lang for lang in UI_LANGUAGES if lang != "en"])
def test_catalogue_parts_are_translated(lang: str) -> None:
    english, part = _part("en"), _part(lang)
    same = [k for k in english if part[k] == english[k]]
    # Only patterns of placeholders and words the languages share ("Source", "Type") stay as in English.
    assert len(same) <= 7, same
    for key in ("ov_cov_intro", "ov_tl_intro", "ov_ent_intro", "ov_cov_legend", "ov_tl_unplaced_intro"):
        assert part[key] != english[key], key


def test_every_key_the_plugin_and_templates_use_is_in_the_catalogue() -> None:
    english = {**_part("en"), **load_catalog("en").entries}
    code = (ROOT / "plugins" / "overview_pages.py").read_text(encoding="utf-8")
    templates = "".join(
        (ROOT / "site_templates" / name).read_text(encoding="utf-8")
        for name in ("coverage.md.j2", "timeline.md.j2", "entities.md.j2", "entity.md.j2")
    )
    used = set(re.findall(r"""["'](ov_[a-z_]+)["']""", code + templates))
    used |= {f"ov_state_{s}" for s in overview_pages.STATES}
    used |= {f"ov_family_{k}" for k in ("translation", "copy", "rewrite")}
    assert used and not used - set(english), used - set(english)
    assert not {k for k in re.findall(r'"(ov_[a-z_]+)"', code) if k.endswith("_")}


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_pages_speak_the_ui_language(site: dict[str, dict[str, str]], lang: str) -> None:
    strings = load_catalog(lang)
    english = load_catalog("en")
    checks = {
        "coverage.md": ("ov_cov_intro", "ov_cov_legend", "ov_cov_claims_heading", "ov_col_stating"),
        "timeline.md": ("ov_tl_intro",),
        "entities/index.md": ("ov_ent_intro", "ov_col_variants"),
        "entities/place-orsk.md": ("ov_ent_variants_heading", "ov_ent_mentions_heading"),
    }
    for name, keys in checks.items():
        page = site[lang][f"{FOLDER}/{name}"]
        for key in keys:
            assert str(md_text(strings(key))) in page, (name, key)
            if lang != "en" and strings(key) != english(key):
                assert str(md_text(english(key))) not in page, (name, key)
    svg = svg_of(site[lang][f"{FOLDER}/coverage.md"])
    assert strings("ov_state_differs") in "".join(svg.itertext())


# --------------------------------------------------------------------------
# The seed story, analysed and built into a real site
# --------------------------------------------------------------------------

SEED = "ai-training-data"


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Report:
    build = tmp_path_factory.mktemp("seed") / "b"
    settings = Settings(content_dir=ROOT / "content", build_dir=build, ui_languages=UI_LANGUAGES)
    return run(settings, plugin_manager())


def test_the_seed_story_overview(seed: Report) -> None:
    rendered = render_all(seed)
    story = next(s for s in seed.stories if s.id == SEED)
    claims = [c for c in seed.claims if c.story == SEED]
    for lang in UI_LANGUAGES:
        page = rendered[lang][f"stories/{SEED}/coverage.md"]
        svg = svg_of(page)
        assert len(_rows(svg)) == len(story.articles)
        stated = [c for c in claims if any(s != "absent" for s in c.sources.values())]
        anchors = {claim_pages.claim_anchor(c.id): c.id for c in claims}
        columns = _columns(svg, anchors)
        assert len(columns) == min(len(stated), overview_pages.MAX_COLUMNS)
        # Most stated first.
        counts = [
            sum(s != "absent" for s in next(c for c in claims if c.id == claim).sources.values())
            for claim, _ in columns
        ]
        assert counts == sorted(counts, reverse=True)
        # Every cell shows its claim's state for its source.
        for (source, claim), state in _states(svg, anchors).items():
            assert state == _state_of(next(c for c in claims if c.id == claim), source)
        families = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "px-cov-family"]
        assert len(families) == len([x for x in seed.lineage if set(x.articles) <= set(story.articles)])
        timeline = rendered[lang][f"stories/{SEED}/timeline.md"]
        dates = [iso for iso, _ in _entries(timeline)]
        assert dates == sorted(dates, key=_key) and len(dates) >= 3
        entities = rendered[lang][f"stories/{SEED}/entities/index.md"]
        linked = len(re.findall(r"\]\([a-z0-9_-]+\.md\)", entities))
        assert linked == len(
            [e for e in seed.entities if any(m.article in story.articles for m in e.mentions)]
        )
    # Every mention of every entity is on its page, marked in its sentence.
    for entity in seed.entities:
        page = rendered["en"][f"stories/{SEED}/entities/{entity.id}.md"]
        marks = re.findall(r"<mark>(.*?)</mark>", page)
        assert sorted(unescape(m) for m in marks) == sorted(m.text for m in entity.mentions), entity.id
        for variant in entity.variants:
            assert html_text(variant) in page


def _state_of(claim: Claim, source: str) -> str:
    state = claim.sources.get(source, "absent")
    return state if state in overview_pages.STATES else "absent"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("site"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_the_built_site_has_the_overview_pages_and_no_broken_link_in_them(built: Path) -> None:
    for lang in UI_LANGUAGES:
        prefix = built if lang == "en" else built / lang
        story = prefix / "stories" / SEED
        for page in ("coverage", "timeline", "entities"):
            text = (story / page / "index.html").read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in text, (lang, page)
        coverage = (story / "coverage" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<svg [^>]*class="px-cov-svg"', coverage)
        assert 'href="../claims/#claim-c' in coverage
        assert len(list((story / "entities").glob("*/index.html"))) >= 5
    mine = ("/coverage/", "/timeline/", "/entities/")
    broken = [b for b in check_site(built) if any(part in "/" + b.page for part in mine)]
    assert broken == []
    # The claim table carries the anchors the pictures link to.
    claims = (built / "stories" / SEED / "claims" / "index.html").read_text(encoding="utf-8")
    assert 'id="claim-c1"' in claims
