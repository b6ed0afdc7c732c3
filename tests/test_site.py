"""The seed story built end to end with `mkdocs build --strict`, and its golden files.

The golden files in tests/golden/seed/ are Parallax's own output for the seed
story: report.json and the generated Markdown of every page in every UI
language. Material's HTML is not pinned (it changes with the theme's
version); what Parallax puts into it is. After a deliberate change, rewrite
them with:

    pytest tests/test_site.py --update-golden
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, snapshot
from linkcheck import check_site

from generator.strings import load_catalog

GOLDEN = ROOT / "tests" / "golden" / "seed"
UI_LANGUAGES = ("en", "it", "ru", "fr", "de", "pt")
SEED_LANGS = {
    "000_7ea345467c2a536d": "it",
    "001_250e56065d354cb1": "ru",
    "002_e2dec7abb602d35c": "fr",
    "003_13b21ee1947a12c5": "de",
    "004_2e8e9df55745284e": "pt",
}
STORY = "ai-training-data"
SUB_PATH = "/parallax/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's mkdocs.yml and content/, built with `mkdocs build --strict` in a copy."""
    project = copy_project(tmp_path_factory.mktemp("seed"))
    before = snapshot(project / "content")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "TZ": "UTC",
            "SOURCE_DATE_EPOCH": "1736899200",
            # Published as a project page, as the Pages workflow does (site_url in mkdocs.yml).
            "PARALLAX_SITE_URL": f"https://example.org{SUB_PATH}",
        },
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert snapshot(project / "content") == before, "the build wrote into content/"
    return project


def _report(project: Path) -> dict:
    return json.loads((project / "site" / "data" / "report.json").read_text(encoding="utf-8"))


def _page(project: Path, ui: str, path: str) -> str:
    prefix = "" if ui == "en" else f"{ui}/"
    return (project / "site" / f"{prefix}{path}index.html").read_text(encoding="utf-8")


def test_every_page_exists_in_every_ui_language(built: Path) -> None:
    for ui in UI_LANGUAGES:
        pages = ["", f"stories/{STORY}/"] + [f"stories/{STORY}/{aid}/" for aid in SEED_LANGS]
        for path in pages:
            html = _page(built, ui, path)
            assert f'<html lang="{ui}"' in html, (ui, path)


def _html_pages(site: Path) -> set[str]:
    """The default language's pages, as paths relative to the site (the others are in <lang>/)."""
    others = tuple(f"{ui}/" for ui in UI_LANGUAGES[1:])
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith(others) and p.name != "404.html"
    }


def test_every_generated_page_exists_in_all_six_ui_languages(built: Path) -> None:
    site = built / "site"
    pages = _html_pages(site)
    # The story's pages of every kind: summary, claims, discrepancies, overview, entities, method.
    for path in (
        f"stories/{STORY}/claims/index.html",
        f"stories/{STORY}/discrepancies/index.html",
        f"stories/{STORY}/coverage/index.html",
        f"stories/{STORY}/timeline/index.html",
        f"stories/{STORY}/entities/index.html",
        "methodology/index.html",
    ):
        assert path in pages, path
    assert len(pages) > 30
    for ui in UI_LANGUAGES[1:]:
        theirs = {
            p.relative_to(site / ui).as_posix() for p in (site / ui).rglob("*.html") if p.name != "404.html"
        }
        assert theirs == pages, ui
        for path in pages:
            html = (site / ui / path).read_text(encoding="utf-8")
            assert f'<html lang="{ui}"' in html, (ui, path)


@pytest.mark.parametrize("ui", UI_LANGUAGES)
def test_the_story_pages_speak_the_ui_language(built: Path, ui: str) -> None:
    strings = load_catalog(ui)
    story = _page(built, ui, f"stories/{STORY}/")
    for key in ("story_summary", "story_sources", "summary_agreed_heading", "explore_coverage"):
        assert html.escape(strings(key), quote=False) in _text(story), (ui, key)
    article = _page(built, ui, f"stories/{STORY}/{next(iter(SEED_LANGS))}/")
    assert html.escape(strings("article_summary"), quote=False) in _text(article), ui
    methodology = _page(built, ui, "methodology/")
    assert html.escape(strings("methodology_title"), quote=False) in _text(methodology), ui


def _text(page: str) -> str:
    """A page's HTML with the numeric references Parallax writes turned back into characters."""
    return re.sub(r"&#(\d+);", lambda m: html.escape(chr(int(m.group(1))), quote=False), page)


def test_the_whole_seed_site_has_no_broken_internal_link_from_its_sub_path(built: Path) -> None:
    # Every page, in every language, served from /parallax/ (the hostile site is checked from /).
    broken = check_site(built / "site", SUB_PATH)
    assert not broken, f"{len(broken)} broken links, e.g.:\n" + "\n".join(map(str, broken[:30]))


def test_every_navigation_link_carries_its_pages_title(built: Path) -> None:
    # Parallax lets go of each written page's Markdown; MkDocs must still know its title for
    # the navigation and the footer of the pages written after it (they once read "None").
    site = built / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 6 * 30
    titles = re.compile(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)
    footers = re.compile(r'class="md-footer__link[^"]*" aria-label="[^"]*?: ([^"]*)"')
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = titles.findall(text) + footers.findall(text)
        assert found or page.name == "404.html", page
        assert "None" not in found, page


def test_the_sitemap_lists_every_page_of_every_language_with_its_alternates(built: Path) -> None:
    # Written in the last language's build from what every earlier language's build left
    # (the parallax plugin keeps only the URLs of a built language: see _release_language).
    site = built / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    base = f"https://example.org{SUB_PATH}"
    locations = [re.search(r"<loc>([^<]*)</loc>", entry).group(1) for entry in entries]
    pages = _html_pages(site)
    expected = {
        base + (f"{ui}/" if ui != "en" else "") + path.removesuffix("index.html")
        for ui in UI_LANGUAGES
        for path in pages
    }
    assert sorted(locations) == sorted(expected)
    for entry, location in zip(entries, locations, strict=True):
        alternates = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry))
        assert set(alternates) == set(UI_LANGUAGES), location
        path = location.removeprefix(base)
        path = next((path[len(ui) + 1 :] for ui in UI_LANGUAGES[1:] if path.startswith(f"{ui}/")), path)
        for ui, href in alternates.items():
            assert href == base + (f"{ui}/" if ui != "en" else "") + path, (location, ui)


def test_article_pages_mark_the_text_with_its_own_language(built: Path) -> None:
    for aid, lang in SEED_LANGS.items():
        for ui in ("en", "ru"):
            html = _page(built, ui, f"stories/{STORY}/{aid}/")
            assert re.search(
                rf'class="px-article"[^>]*lang="{lang}"|lang="{lang}"[^>]*class="px-article"', html
            )


def test_report_holds_the_articles_languages_and_stated_metadata(built: Path) -> None:
    report = _report(built)
    assert report["generator"]["name"] == "parallax"
    articles = {a["id"]: a for a in report["articles"]}
    assert {aid: articles[aid]["lang"] for aid in SEED_LANGS} == SEED_LANGS
    fr = articles["002_e2dec7abb602d35c"]
    assert (fr["outlet"], fr["author"], fr["published"]) == ("Notebookcheck", "Nathan Ali", "2025-01-14")
    pt = articles["004_2e8e9df55745284e"]
    assert (pt["outlet"], pt["author"], pt["editors"], pt["published"]) == (
        "Olhar Digital",
        "Leandro Costa Criscuolo",
        ["Bruno Capozzi"],
        "2025-01-09T20:53",
    )
    for key in ("stories", "articles", "entities", "facts", "claims", "discrepancies", "lineage"):
        assert isinstance(report[key], list)
    [story] = report["stories"]
    assert story["articles"] == list(SEED_LANGS)


def test_the_site_loads_nothing_from_other_hosts(built: Path) -> None:
    # A canonical or alternate <link> names the site's own address (site_url); it loads nothing.
    external = re.compile(
        r'<(?:script|link(?![^>]*\brel="(?:canonical|alternate)")|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//',
        re.I,
    )
    for html_file in (built / "site").rglob("*.html"):
        assert not external.search(html_file.read_text(encoding="utf-8")), html_file


def _generated(project: Path) -> dict[str, str]:
    staged = project / ".cache" / "parallax" / "docs"
    files = {p.relative_to(staged).as_posix(): p.read_text(encoding="utf-8") for p in staged.rglob("*.md")}
    for rel in ("data/report.json", "data/articles.csv", "data/claims.csv"):
        files[rel] = (project / "site" / rel).read_text(encoding="utf-8")
    return files


def test_golden_site(built: Path, request: pytest.FixtureRequest) -> None:
    files = _generated(built)
    if request.config.getoption("--update-golden"):
        if GOLDEN.exists():
            for old in GOLDEN.rglob("*"):
                if old.is_file():
                    old.unlink()
        for rel, text in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    golden = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*")
        if p.is_file()
    }
    assert sorted(files) == sorted(golden), "pages added or removed: rerun with --update-golden if on purpose"
    for rel in sorted(files):
        assert files[rel] == golden[rel], (
            f"{rel} differs from tests/golden/seed: rerun with --update-golden if on purpose"
        )
