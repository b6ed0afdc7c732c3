"""The built seed site in a real browser (Debian's chromium, driven by Playwright).

The site is served on 127.0.0.1 from a sub-path (/parallax/), as a GitHub
project page is. Screenshots are kept in tests/artifacts/ (not committed).
Chromium is installed with apt-get when it is missing: a missing browser
fails these tests, it never skips them.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from mkdocs.config import load_config

from generator.strings import load_catalog

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
PREFIX = "/parallax/"
STORY = "ai-training-data"
FRENCH = f"stories/{STORY}/002_e2dec7abb602d35c/"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _ensure_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if shutil.which("apt-get") is None:
        pytest.fail("chromium is missing and there is no apt-get to install it")
    subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True, timeout=600)
    result = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium"], capture_output=True, text=True, timeout=1200
    )
    assert result.returncode == 0 and Path(CHROMIUM).exists(), (
        f"could not install chromium: {result.stderr[-2000:]}"
    )


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX only, as GitHub Pages serves a project page."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__nothing_here__")
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site, built once with ``mkdocs build --strict`` for every test of this module."""
    project = copy_project(tmp_path_factory.mktemp("browser"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_SubPathHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda req: errors.append(f"request failed: {req.url}"))
    page.errors = errors
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    context.close()


def _search(page: object, query: str) -> None:
    """Type a query into Material's search box (Material searches on key-up, not on input).

    The box is emptied first, and the results of any previous query are gone before the new
    query is typed, so that what shows next answers this query.
    """
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "")
    page.press("input.md-search__input", "End")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 0")
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")


def _result_links(page: object) -> list[str]:
    """The links of the search results shown, read at once (the list re-renders as results come)."""
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


def test_pages_load_without_console_errors(page: object, site_url: str) -> None:
    paths = (
        "",
        "stories/",
        "stories/ai-training-data/",
        FRENCH,
        "ru/" + FRENCH,
        "methodology/",
        "it/methodology/",
        f"stories/{STORY}/claims/",
        f"pt/stories/{STORY}/discrepancies/",
        f"de/stories/{STORY}/discrepancies/1/",
    )
    for path in paths:
        response = page.goto(site_url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert page.errors == []


def test_the_language_switcher_keeps_the_page(page: object, site_url: str) -> None:
    page.goto(site_url + FRENCH)
    assert page.get_attribute("html", "lang") == "en"
    page.hover(".md-header__option .md-select")
    page.click('.md-select__list a[hreflang="de"]')
    page.wait_for_load_state()
    assert page.url == site_url + "de/" + FRENCH
    assert page.get_attribute("html", "lang") == "de"
    # The UI is German, the article stays French.
    assert page.get_attribute(".px-article", "lang") == "fr"
    headings = [" ".join(h.split()).rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
    assert load_catalog("de", "en")("article_metadata") in headings, headings


def test_search_finds_an_article_in_the_ui_language(page: object, site_url: str) -> None:
    page.goto(site_url + "it/")
    _search(page, "Notebookcheck")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    links = _result_links(page)
    assert any("/it/stories/" in link for link in links), links


# --------------------------------------------------------------------------
# The site's languages, its search, its discrepancy pages, claim tables, print and palette
# --------------------------------------------------------------------------


def _ui_languages() -> tuple[list[str], str]:
    """The UI languages of the repository's mkdocs.yml and the default one, as MkDocs reads them."""
    from generator.mkdocs_plugin import ui_languages

    languages, default = ui_languages(load_config(str(ROOT / "mkdocs.yml")))
    return list(languages), default


def _visit(page: object, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")


def _theme_base(html: str) -> str:
    """The ``base`` of Material's configuration script in a built page."""
    start = html.index('<script id="__config" type="application/json">')
    text = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(text)["base"]


def test_each_ui_language_has_its_own_search_index(built_site: Path) -> None:
    languages, default = _ui_languages()
    others = [lang for lang in languages if lang != default]
    assert len(others) >= 5
    for lang in languages:
        folder = built_site if lang == default else built_site / lang
        index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        # One language, stemmed as that language (lunr has stemmers for all six).
        assert index["config"]["lang"] == [lang] and "stemmer" in index["config"]["pipeline"]
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert "methodology/" in locations and f"stories/{STORY}/" in locations, lang
        for location in sorted(locations):
            # Relative to the language's folder, never into another language's.
            assert not location.startswith(("/", "..")), location
            assert not any(location.startswith(f"{other}/") for other in others), (lang, location)
            target = folder / location / "index.html" if not location.endswith(".html") else folder / location
            assert target.is_file(), (lang, location)
            assert f'<html lang="{lang}"' in target.read_text(encoding="utf-8"), (lang, location)
        # Material loads "<base>/search/search_index.json": base leads to the language's folder.
        for page_path in ("index.html", f"stories/{STORY}/index.html"):
            html = (folder / page_path).read_text(encoding="utf-8")
            base = _theme_base(html)
            assert base.endswith("/") or lang == default
            landing = (folder / page_path).parent / base
            assert landing.resolve() == folder.resolve(), (lang, page_path, base)


def test_search_from_an_italian_page_finds_only_italian_pages(page: object, site_url: str) -> None:
    languages, default = _ui_languages()

    def found(query: str, wait_for: str = ".md-search-result__link") -> list[str]:
        _search(page, query)
        page.locator(wait_for).first.wait_for(timeout=15000)
        return _result_links(page)

    _visit(page, site_url + f"it/stories/{STORY}/")
    # "Parallax" stands on the home page of every language: only the Italian one may come back.
    links = found("Parallax")
    assert links and all(link.startswith(site_url + "it/") for link in links), links
    # Italian stemming: "+" asks lunr for the word itself (Material appends a wildcard to any
    # other term, and lunr does not stem those), and the plural finds the singular's page.
    links = found("+metodologie", f'.md-search-result__link[href^="{site_url}it/methodology/"]')
    assert all(link.startswith(site_url + "it/") for link in links), links
    # From a page of the default language, no other language's page comes back.
    _visit(page, site_url + f"stories/{STORY}/")
    links = found("Parallax")
    others = tuple(f"{site_url}{lang}/" for lang in languages if lang != default)
    assert links and not any(link.startswith(others) for link in links), links
    assert page.errors == []


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_discrepancy_page_shows_each_source_in_its_own_words(
    page: object, site_url: str, built_site: Path, lang: str
) -> None:
    _, default = _ui_languages()
    prefix = "" if lang == default else f"{lang}/"
    _visit(page, f"{site_url}{prefix}stories/{STORY}/discrepancies/")
    page.locator("article table a").first.click()
    page.wait_for_load_state("networkidle")
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert page.url == f"{site_url}{prefix}stories/{STORY}/discrepancies/{number}/"
    assert page.get_attribute("html", "lang") == lang
    report = json.loads((built_site / "data" / "report.json").read_text(encoding="utf-8"))
    flagged = next(d for d in report["discrepancies"] if d["id"] == f"{STORY}:d{number}")
    languages = {a["id"]: a["lang"] for a in report["articles"]}
    # Each source's own sentence, side by side, marked with its language.
    quotes = page.locator("blockquote.px-evidence")
    assert quotes.count() >= 2
    for quote in quotes.all():
        assert quote.is_visible()
        assert quote.locator("mark").count() == 1 and quote.locator("mark").inner_text().strip()
    shown = {quote.get_attribute("lang") for quote in quotes.all()}
    assert shown == {languages[e["article"]] for e in flagged["evidence"]}
    assert len(shown) >= 2
    # The values, one row per source.
    assert page.locator("article table tbody tr").count() >= len({e["article"] for e in flagged["evidence"]})
    # Why it was flagged, in the UI language.
    strings = load_catalog(lang, default)
    note = page.locator("article .admonition")
    assert note.locator(".admonition-title").inner_text().strip() == strings("disc_why")
    explanation = " ".join(note.locator("p:not(.admonition-title)").inner_text().split())
    assert explanation == " ".join(flagged["explanations"][lang].split())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"discrepancy-page-{lang}.png"), full_page=True)
    assert page.errors == []


_SORT_KEYS = """(table, column) => Array.from(table.tBodies[0].rows, (row) => {
  const cell = row.cells[column];
  const holder = cell.hasAttribute("data-sort") ? cell : cell.querySelector("[data-sort]");
  return [(holder ? holder.getAttribute("data-sort") : cell.textContent).trim(), row.cells[0].textContent];
})"""


def _sort_key(text: str) -> tuple[int, float, str]:
    """The order the table promises: numbers first, by value, then text."""
    try:
        return (0, float(text), "")
    except ValueError:
        return (1, 0.0, text.casefold())


def test_sorting_the_claim_table(page: object, site_url: str) -> None:
    _visit(page, f"{site_url}it/stories/{STORY}/claims/")
    table = page.locator("table.px-sortable, .px-sortable table").first
    header = table.locator("thead th").nth(1)  # the number of sources stating each claim

    def rows() -> list[tuple[str, str]]:
        return [tuple(row) for row in table.evaluate(_SORT_KEYS, 1)]

    before = rows()
    assert len(before) >= 3 and len({key for key, _ in before}) >= 2
    header.locator("button").click()
    ascending = rows()
    assert header.get_attribute("aria-sort") == "ascending"
    assert [key for key, _ in ascending] == sorted((key for key, _ in ascending), key=_sort_key)
    assert sorted(ascending) == sorted(before) and ascending != before  # the same rows, moved
    header.locator("button").click()
    descending = rows()
    assert header.get_attribute("aria-sort") == "descending"
    keys = [key for key, _ in descending]
    assert keys == sorted(keys, key=_sort_key, reverse=True)
    assert sorted(descending) == sorted(before)
    assert page.errors == []


def test_printing_shows_the_content_without_the_navigation(page: object, site_url: str) -> None:
    _visit(page, f"{site_url}stories/{STORY}/discrepancies/1/")
    chrome = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search")
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    for selector in chrome:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    assert page.locator("blockquote.px-evidence").first.is_visible()
    # Highlights keep a line of their own, so they survive black-and-white printing.
    mark = page.locator("blockquote.px-evidence mark").first
    assert "underline" in mark.evaluate("m => getComputedStyle(m).textDecorationLine")
    # Rows and each source's sentence stay whole on a page.
    assert (
        page.locator("article table tbody tr").first.evaluate("r => getComputedStyle(r).breakInside")
        == "avoid"
    )
    assert page.locator("blockquote.px-evidence").first.evaluate("b => getComputedStyle(b).breakInside") == (
        "avoid"
    )
    # An outside link prints its address; a link inside the report does not.
    outside, inside = page.evaluate(
        """() => {
            const link = document.createElement("a");
            link.href = "https://example.org/a-source";
            link.textContent = "a source";
            document.querySelector("article").appendChild(link);
            const own = document.querySelector('article a[href^="../"]');
            return [getComputedStyle(link, "::after").content, getComputedStyle(own, "::after").content];
        }"""
    )
    assert "https://example.org/a-source" in outside
    assert "../" not in inside and "http" not in inside
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "discrepancy-page-print.pdf"
    page.pdf(path=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible()
    assert page.errors == []


def test_the_palette_toggle_switches_between_light_and_dark(page: object, site_url: str) -> None:
    _visit(page, site_url + "fr/methodology/")
    scheme = page.get_attribute("body", "data-md-color-scheme")
    assert scheme in ("default", "slate")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{scheme}'")
    toggled = page.get_attribute("body", "data-md-color-scheme")
    assert {scheme, toggled} == {"default", "slate"}
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
    assert page.errors == []


def test_the_methodology_page_in_each_ui_language(page: object, site_url: str) -> None:
    languages, default = _ui_languages()
    for lang in languages:
        prefix = "" if lang == default else f"{lang}/"
        _visit(page, f"{site_url}{prefix}")
        # Every page's navigation leads to the methodology of its language.
        page.locator('.md-sidebar--primary a[href="methodology/"]').first.click()
        page.wait_for_load_state("networkidle")
        assert page.url == f"{site_url}{prefix}methodology/"
        assert page.get_attribute("html", "lang") == lang
        assert (
            page.locator("article h1")
            .inner_text()
            .strip()
            .startswith(load_catalog(lang, default)("methodology_title"))
        )
        assert page.locator("article h2").count() >= 7
    assert page.errors == []
