"""The navigation each page is rendered with: what Material shows of it, and no more."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from conftest import write
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.navigation import PrunedNavigation

# Three stories written for these tests, in languages and scripts of their own.
STORIES = {
    "ferry": {
        "sv.txt": "Färjan mellan Ekholm och Varnö ställdes in den 4 april 2025. Rederiet Nordvik "
        "uppgav att reparationen kostar 3 miljoner kronor. ”Vi seglar igen i maj”, sa Lena Berg.\n",
        "cs.txt": "Trajekt mezi Ekholmem a Varnö byl 4. dubna 2025 zrušen. Společnost Nordvik uvedla, "
        "že oprava stojí 3 miliony korun. „V květnu znovu vyplujeme,“ řekla Lena Bergová.\n",
    },
    "vineyard": {
        "el.txt": "Ο αμπελώνας της Καλλιθέας έχασε το 2024 περίπου το 30 τοις εκατό της σοδειάς. "
        "Σύμφωνα με τον συνεταιρισμό Οινόη, η ζημιά έφτασε τα 5 εκατομμύρια ευρώ.\n",
    },
    "library": {
        "pl.txt": "Biblioteka w Żarnowie otworzy nową czytelnię 1 września 2025 roku. Według "
        "burmistrza Adama Wilka budowa kosztowała 8 milionów złotych.\n",
    },
}

MKDOCS_YML = """\
site_name: Navigation test
docs_dir: content
theme:
  name: material
  features: [{features}]
plugins:
  - parallax:
      nav_max_sections: {max_sections}
  - search
"""


PRUNED = ("navigation.indexes", "navigation.prune")


def _project(root: Path, max_sections: int, features: tuple[str, ...] = PRUNED) -> Path:
    for story, files in STORIES.items():
        for name, text in files.items():
            write(root / "content" / story, name, text)
    config = MKDOCS_YML.format(max_sections=max_sections, features=", ".join(features))
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def _build(project: Path, site: str = "site", dirty: bool = False) -> dict[str, str]:
    """Build the project in this process; every HTML page by its path in the site."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site))
    build(config, dirty=dirty)
    site = project / site
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in sorted(site.rglob("*.html"))}


def _sidebar(html: str) -> str:
    start = html.index('md-sidebar--primary"')
    return html[start : html.index("md-sidebar--secondary", start)]


def _linked_stories(path: str, html: str) -> set[str]:
    """The stories whose pages a page's sidebar links to (its links resolved against the page)."""
    folder = posixpath.dirname(path)
    targets = (
        posixpath.normpath(posixpath.join(folder, href)) + "/"
        for href in re.findall(r'href="([^"#]+)"', html)
    )
    return {story for story in map(_story_of, targets) if story}


def _collapsed(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def _story_of(path: str) -> str | None:
    match = re.match(r"(?:[a-z]{2}/)?stories/([^/]+)/", path)
    return match.group(1) if match else None


@pytest.fixture(
    scope="module",
    params=[
        PRUNED,
        (*PRUNED, "navigation.tabs"),
        ("navigation.prune", "navigation.sections"),
        (*PRUNED, "navigation.tabs", "navigation.sections"),
        ("navigation.indexes",),  # not pruned: Material shows everything, and so does the view
    ],
    ids=lambda features: "+".join(f.split(".")[-1] for f in features),
)
def full_and_viewed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    """The same project built with the whole navigation on every page, and with each page's view."""
    project = _project(tmp_path_factory.mktemp("nav"), max_sections=50, features=request.param)
    viewed = _build(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PrunedNavigation, "view", lambda self: self.nav)
        full = _build(project)
    return request.param, full, viewed


def test_each_page_shows_the_same_navigation_as_with_the_whole_one(full_and_viewed) -> None:
    features, full, viewed = full_and_viewed
    assert set(full) == set(viewed)
    story_pages = [path for path in viewed if _story_of(path)]
    assert len(story_pages) >= 6, sorted(viewed)
    for path in viewed:
        # The same HTML but for blank lines: the whole navigation's were the cost.
        assert _collapsed(viewed[path]) == _collapsed(full[path]), path
    if {"navigation.prune", "navigation.indexes"} <= set(features):
        # Material looks for the index page among every child of every pruned section.
        assert sum(map(len, viewed.values())) < sum(map(len, full.values()))
    elif "navigation.prune" not in features:
        assert viewed == full
    # Every story is still linked from a story's page: 3 stories are not too many.
    for path in story_pages:
        assert _linked_stories(path, _sidebar(viewed[path])) == set(STORIES), path


def test_of_too_many_stories_a_page_lists_only_its_own(tmp_path: Path) -> None:
    pages = _build(_project(tmp_path, max_sections=2))
    checked = 0
    for path, html in pages.items():
        own = _story_of(path)
        if own is None:
            continue
        assert _linked_stories(path, _sidebar(html)) == {own}, path
        checked += 1
    assert checked >= 6
    # The list of stories still links to every story.
    listing = next(
        html for path, html in pages.items() if re.fullmatch(r"(?:[a-z]{2}/)?stories/index.html", path)
    )
    article = listing[listing.index("<article") :]
    for story in STORIES:
        assert f"{story}/" in article, story


def test_a_dirty_rebuild_writes_the_changed_pages_as_a_full_build_does(tmp_path: Path) -> None:
    # mkdocs serve --dirty: MkDocs reads only the changed pages, and the navigation they show
    # named every other page "None" before the plugin read their titles.
    project = _project(tmp_path, max_sections=50)
    before = _build(project)
    article = project / "content" / "ferry" / "sv.txt"
    article.write_text(article.read_text("utf-8") + "Biljetterna återbetalas i juni.\n", "utf-8")
    rebuilt = _build(project, dirty=True)
    fresh = _build(project, site="fresh")
    changed = [path for path in rebuilt if rebuilt[path] != before[path]]
    assert any(path.endswith("ferry/sv/index.html") for path in changed), changed
    for path in changed:
        assert ">None<" not in _collapsed(rebuilt[path]).replace(" ", ""), path
        assert _collapsed(rebuilt[path]) == _collapsed(fresh[path]), path
