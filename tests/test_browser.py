"""The built seed site in a real browser (Debian's chromium, driven by Playwright).

The site is served on 127.0.0.1 from a sub-path (/parallax/), as a GitHub
project page is. Screenshots are kept in tests/artifacts/ (not committed).
Chromium is installed with apt-get when it is missing: a missing browser
fails these tests, it never skips them.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
PREFIX = "/parallax/"
FRENCH = "stories/ai-training-data/002_e2dec7abb602d35c/"
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
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
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
    handler = functools.partial(_SubPathHandler, directory=str(project / "site"))
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


def test_pages_load_without_console_errors(page: object, site_url: str) -> None:
    for path in ("", "stories/", "stories/ai-training-data/", FRENCH, "ru/" + FRENCH):
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
    assert page.locator("h2").first.inner_text().startswith("Metadaten")


def test_search_finds_an_article_in_the_ui_language(page: object, site_url: str) -> None:
    page.goto(site_url + "it/")
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "Notebookcheck")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    links = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert any("/it/stories/" in link for link in links), links
