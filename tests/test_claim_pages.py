"""The claim table page: stories/<story>/claims.md, in every UI language.

Rendered from the seed story's report in the six UI languages (labels from
the catalogues, numbers in each language's format, every cell linking to the
sentence on the article's page), from a hostile report (its text must reach
the page escaped), built into a real site with ``mkdocs build --strict`` and
checked for broken links, and the table sorter driven in a real browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, copy_project

from generator.manager import plugin_manager
from generator.markup import article_html, md_format
from generator.model import (
    Article,
    ArticleResult,
    Claim,
    Evidence,
    Extraction,
    Fact,
    Lineage,
    MetaValue,
    Report,
    Span,
    Story,
    frozen_map,
)
from generator.pipeline import run
from generator.settings import Settings
from generator.strings import load_catalog
from plugins import claim_pages
from plugins.pages import article_page

LANGUAGES = ("en", "it", "ru", "fr", "de", "pt")
SEED = "ai-training-data"
PAGE = f"stories/{SEED}/claims.md"
TITLE_WORD = {
    "en": "Claims",
    "it": "Affermazioni",
    "ru": "Утверждения",
    "fr": "Affirmations",
    "de": "Aussagen",
    "pt": "Afirmações",
}
COST = {"en": "700,000", "it": "700.000", "ru": "700 000", "fr": "700 000", "de": "700.000", "pt": "700.000"}
LINK = re.compile(r"\]\(([A-Za-z0-9_.-]+\.md)#s-(\d+)\)\{ data-sort")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Settings]:
    build = tmp_path_factory.mktemp("seed") / "b"
    settings = Settings(content_dir=ROOT / "content", build_dir=build, ui_languages=LANGUAGES)
    return run(settings, plugin_manager()), settings


def _page(report: Report, settings: Settings, lang: str) -> str:
    pages = list(claim_pages.parallax_pages(report, lang, load_catalog(lang), settings))
    by_path = {p.path: p for p in pages}
    assert set(by_path) == {f"stories/{s.id}/claims.md" for s in report.stories}
    return by_path[PAGE].markdown


def _html(text: str) -> str:
    """The page as MkDocs renders it (the extensions of mkdocs.yml), front matter dropped."""
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "toc", "admonition"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_claim_table_renders_in_every_ui_language(seed: tuple[Report, Settings], lang: str) -> None:
    report, settings = seed
    text = _page(report, settings, lang)
    html = _html(text)
    assert TITLE_WORD[lang] in text.split("\n")[1]
    assert 'class="px-claims px-sortable"' in text
    assert "<table>" in html and "<th>" in html
    # A column per source, with its language.
    header = next(line for line in text.splitlines() if line.startswith("| ") and "&#40;ru&#41;" in line)
    assert all(f"&#40;{code}&#41;" in header for code in ("it", "ru", "fr", "de", "pt"))
    # Labels from the catalogue, numbers as the language writes them.
    flat = re.sub(r"[\u00a0\u202f]", " ", html)
    label = re.sub(r"[\u00a0\u202f]", " ", load_catalog(lang)("claim_money").split(":")[0].strip())
    assert label in flat
    assert COST[lang].replace(".", "&#46;") in flat or COST[lang] in flat
    # The sources differ on the date: a ≠ cell, with the other year.
    assert "≠ 2023" in html
    # Families beside sources: 5 sources, 3 independent families (two pairs follow one original).
    assert md_format(load_catalog(lang)("claims_counts"), sources="5", families="3") in text


def test_every_cell_links_to_the_sentence_that_states_the_claim(seed: tuple[Report, Settings]) -> None:
    report, settings = seed
    text = _page(report, settings, "en")
    results = {article_page(r.article.id): r for r in report.results}
    links = LINK.findall(text)
    assert len(links) >= 20
    sentences_of = {}
    for target, number in links:
        assert target in results, target
        article = results[target].article
        anchors = sentences_of.setdefault(
            target, set(re.findall(r'id="s-(\d+)"', str(article_html(article))))
        )
        assert number and number in anchors, (target, number)
    # The ≠ cell of the date claim points at the sentence that gives 2023.
    differs = re.search(r"\[≠ 2023\]\(([^)#]+)#s-(\d+)\)", text)
    assert differs
    article = results[differs.group(1)].article
    span = article.sentences[int(differs.group(2)) - 1]
    assert "2023" in article.text[span.start : span.end]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_csv_link_climbs_to_the_site_root_in_every_language(
    seed: tuple[Report, Settings], lang: str
) -> None:
    report, settings = seed
    text = _page(report, settings, lang)
    # Pages are staged as <lang>/stories/<id>/claims.md: three folders below the staging root.
    assert "](../../../data/claims.csv)" in text


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    evil = '<script>alert(1)</script> | [x](javascript:alert(2)) {: onclick="alert(3)" }'
    text = f'He said "{evil}" and left. A second sentence.'
    quote_start = text.index('"')
    quote_end = text.index('" and') + 1
    article = Article(
        id="evil",
        story="s",
        source="s/evil.txt",
        format="txt",
        body=text,
        text=text,
        lang="en",
        sentences=(Span(0, text.index(" A second")), Span(text.index("A second"), len(text))),
        metadata=(
            MetaValue("outlet", evil),
            MetaValue("title", "</span><img src=x onerror=alert(4)>"),
        ),
    )
    fact = Fact("quote", quote_start, quote_end, text[quote_start:quote_end], value=evil[:-1])
    result = ArticleResult(article, Extraction(facts=(fact,)))
    other = ArticleResult(
        Article(id="plain", story="s", source="s/plain.txt", format="txt", body="x.", text="x.", lang="en")
    )
    claim = Claim(
        id="s:c1",
        story="s",
        kind="quote",
        topic=frozen_map({"speaker": evil, "quote": evil, "lang": 'en" onmouseover="alert(5)'}),
        evidence=(Evidence("evil", 0, article.sentences[0].end, fact=0, value=evil),),
        sources=frozen_map({"evil": "states", "plain": "absent"}),
    )
    money = Claim(
        id="s:c2",
        story="s",
        kind="money",
        topic=frozen_map({"value": 5, "unit": "<b>EUR</b>", "subject": "[y](javascript:z)"}),
        evidence=(Evidence("evil", 0, 10, value="<i>5</i>"), Evidence("plain", 0, 2, value=5)),
        sources=frozen_map({"evil": "states", "plain": "differs"}),
    )
    report = Report(
        stories=(Story("s", frozen_map({"en": evil}), ("evil", "plain")),),
        results=(result, other),
        claims=(claim, money),
        lineage=(Lineage(("evil", "plain"), "<script>", 0.5),),
    )
    settings = Settings(content_dir=tmp_path, build_dir=tmp_path / "b")
    page = next(claim_pages.parallax_pages(report, "en", load_catalog("en"), settings))
    html = _html(page.markdown)
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "javascript:" not in re.sub(r"&#\d+;", "", " ".join(re.findall(r'href="([^"]*)"', html)))
    # No event handler attribute on any element (an id may contain the letters, escaped).
    assert not re.search(r"<[^>]*\son\w+\s*=", html)
    # The title (front matter) is a YAML string holding escaped text.
    assert page.markdown.startswith('---\ntitle: "')


# --------------------------------------------------------------------------
# The built site and the sorter in a browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
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


def test_the_built_site_has_a_claim_table_per_language_and_its_links_resolve(site: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from linkcheck import check_site

    for lang in LANGUAGES:
        prefix = "" if lang == "en" else f"{lang}/"
        page = site / prefix / "stories" / SEED / "claims" / "index.html"
        html = page.read_text(encoding="utf-8")
        assert "px-sortable" in html and "assets/parallax.js" in html
        hrefs = re.findall(r'href="([^"]+)"', html)
        assert any(h.endswith("data/claims.csv") for h in hrefs)
        assert sum("#s-" in h for h in hrefs) >= 20
    assert (site / "data" / "claims.csv").read_text(encoding="utf-8").startswith("claim,")
    assert check_site(site) == []


SORTABLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>
<div class="px-sortable"><table>
<thead><tr><th>Claim</th><th>Sources</th><th>Outlet</th></tr></thead>
<tbody>
<tr><td>beta</td><td><span data-sort="2003">3 (2)</span></td><td><a data-sort="1" href="#">≠ 12</a></td></tr>
<tr><td>Alpha</td><td><span data-sort="10002">2 (10)</span></td><td>—</td></tr>
<tr><td>gamma 10</td><td><span data-sort="1002">2 (1)</span></td><td><a data-sort="0" href="#">✓ 15</a></td></tr>
<tr><td>gamma 9</td><td><span data-sort="2003">3 (2)</span></td><td><a data-sort="0" href="#">✓ 15</a></td></tr>
</tbody></table></div>
<script src="parallax.js"></script></body></html>
"""


@pytest.fixture(scope="module")
def sorter_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("sorter")
    (folder / "index.html").write_text(SORTABLE, encoding="utf-8")
    (folder / "parallax.js").write_bytes((ROOT / "site_templates" / "assets" / "parallax.js").read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


def test_the_sorter_sorts_numbers_and_text_both_ways_and_sets_aria_sort(sorter_page: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(sorter_page)

        def first_column() -> list[str]:
            return page.eval_on_selector_all(
                "tbody tr td:first-child", "cells => cells.map(c => c.textContent)"
            )

        headers = page.locator("thead th")
        assert page.locator("thead th button.px-sort").count() == 3
        headers.nth(0).locator("button").click()  # text, in the page language's order, numbers inside
        assert first_column() == ["Alpha", "beta", "gamma 9", "gamma 10"]
        assert headers.nth(0).get_attribute("aria-sort") == "ascending"
        headers.nth(0).locator("button").click()
        assert first_column() == ["gamma 10", "gamma 9", "beta", "Alpha"]
        assert headers.nth(0).get_attribute("aria-sort") == "descending"
        headers.nth(1).locator("button").click()  # data-sort numbers; equal keys keep their order
        assert first_column() == ["gamma 10", "gamma 9", "beta", "Alpha"]
        assert headers.nth(0).get_attribute("aria-sort") is None
        assert headers.nth(1).get_attribute("aria-sort") == "ascending"
        headers.nth(2).locator("button").click()  # statuses: states (0), differs (1), then absent ("—")
        column = page.eval_on_selector_all(
            "tbody tr td:nth-child(3)", "cells => cells.map(c => c.textContent)"
        )
        assert column == ["✓ 15", "✓ 15", "≠ 12", "—"]
        assert errors == []
        browser.close()
