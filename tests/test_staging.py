"""Staging generated pages: per-language folders, safe paths, renderers named, stale files pruned."""

from __future__ import annotations

import csv
import gc
import io
import json
import weakref
from pathlib import Path

import pytest
from conftest import write

from generator import hookimpl
from generator.manager import DEFAULT_PLUGINS, plugin_manager
from generator.model import Page, Report, Story, frozen_map
from generator.pipeline import run, story_reports
from generator.report import ARTICLES_CSV, CLAIMS_CSV, REPORT_PATH, articles_csv, claims_csv, report_json
from generator.settings import Settings
from generator.staging import MARKER, Staged, render, stage
from generator.strings import load_catalog


class Home:
    @hookimpl
    def parallax_site_pages(self, lang, strings):
        return [Page("index.md", f"# {strings('site_name')} ({lang})\n")]


class Rogue:
    @hookimpl
    def parallax_site_pages(self, lang):
        return [
            Page("index.md", "# Mine\n"),  # already Home's
            Page("../../escape.md", "# Out\n"),
            Page("/etc/passwd.md", "# Abs\n"),
            Page("notes.txt", "not a page"),
            Page("extra/ok.md", "# Fine\n"),
        ]


def pm(*plugins):
    return plugin_manager(
        disabled=DEFAULT_PLUGINS, entry_points=False, extra=[(type(p).__name__.lower(), p) for p in plugins]
    )


REPORT = Report(stories=(Story("s", frozen_map({"en": "S"}), ()),), results=())


def staged_from(report: Report, pm, settings: Settings, problems: list) -> Staged:
    """Stage a whole report as a build does: story by story, then the site's pages and data."""
    stories = (report.story_report(story) for story in report.stories)
    return render(stories, list(report.problems), pm, settings, problems)


def staged_files(settings: Settings) -> dict[str, str]:
    """What the staging folder holds (the marker aside), by relative path."""
    root = settings.build_dir
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def test_pages_go_under_each_language_with_the_data(settings: Settings) -> None:
    settings = Settings(settings.content_dir, settings.build_dir, ui_languages=("en", "fr"))
    problems = []
    staged = staged_from(REPORT, pm(Home()), settings, problems)
    files = staged_files(settings)
    assert set(staged.paths) == set(files)
    assert files["en/index.md"].startswith("# Parallax (en)")
    assert "fr/index.md" in files and REPORT_PATH in files
    assert problems == []


def test_unsafe_page_paths_and_collisions_are_refused_and_named(settings: Settings) -> None:
    problems = []
    staged_from(REPORT, pm(Home(), Rogue()), settings, problems)
    files = staged_files(settings)
    assert files["en/index.md"] in ("# Mine\n", "# Parallax (en)\n")  # one of them, never a mix
    assert "en/extra/ok.md" in files
    assert not any("escape" in key or "passwd" in key or key.endswith(".txt") for key in files)
    messages = [str(p) for p in problems]
    assert any("produced by both" in m and "'home'" in m and "'rogue'" in m for m in messages)
    assert sum("not a relative .md path" in m and "rogue" in m for m in messages) == 3


def test_stage_writes_only_changes_and_prunes_stale_files(settings: Settings) -> None:
    assert stage({"en/index.md": "a", "en/old.md": "b"}, settings) == 2
    assert stage({"en/index.md": "a", "en/old.md": "b"}, settings) == 0  # nothing changed: serve won't loop
    assert stage({"en/index.md": "c"}, settings) == 2
    assert not (settings.build_dir / "en" / "old.md").exists()
    assert (settings.build_dir / "en" / "index.md").read_text() == "c"
    assert (settings.build_dir / MARKER).is_file()


def test_stage_refuses_a_folder_it_does_not_own(settings: Settings, tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    write(foreign, "precious.md", "keep me")
    with pytest.raises(ValueError, match="not made by Parallax"):
        stage({"en/index.md": "x"}, Settings(settings.content_dir, foreign))
    assert (foreign / "precious.md").read_text() == "keep me"


def test_stage_refuses_the_content_folder(settings: Settings) -> None:
    with pytest.raises(ValueError, match="content folder"):
        stage({"en/index.md": "x"}, Settings(settings.content_dir, settings.content_dir / "gen"))


class Lazy:
    """A renderer that yields its pages one by one, and fails midway."""

    @hookimpl
    def parallax_pages(self, lang):
        yield Page("one.md", "# One\n", title="One")
        yield Page("two.md", "# Two\n")
        raise RuntimeError("out of ink")


def test_a_renderer_may_yield_its_pages_and_a_failure_midway_keeps_the_others(settings: Settings) -> None:
    problems = []
    staged = staged_from(REPORT, pm(Home(), Lazy()), settings, problems)
    files = staged_files(settings)
    assert files["en/one.md"] == "# One\n" and files["en/two.md"] == "# Two\n"
    assert staged.titles["en/one.md"] == "One"
    assert [p.plugin for p in problems if "out of ink" in p.message] == ["lazy"]
    assert "en/index.md" in files and REPORT_PATH in files  # the other renderer and the data


def test_a_second_build_of_the_same_report_changes_nothing(settings: Settings) -> None:
    first = staged_from(REPORT, pm(Home()), settings, [])
    stamps = {p: p.stat().st_mtime_ns for p in settings.build_dir.rglob("*") if p.is_file()}
    again = staged_from(REPORT, pm(Home()), settings, [])
    assert first.changed > 0 and again.changed == 0
    assert {p: p.stat().st_mtime_ns for p in settings.build_dir.rglob("*") if p.is_file()} == stamps


# --------------------------------------------------------------------------
# A real analysis staged story by story
# --------------------------------------------------------------------------

# Two stories written for these tests, each in several languages and scripts; one broken file.
STORIES = {
    "harbour": {
        "es.txt": "El puerto de Valdoria cerró el 3 de marzo de 2024. La autoridad portuaria informó "
        "de pérdidas de 12 millones de euros. «Reabriremos en abril», dijo Marta Quintela.\n",
        "pl.txt": "Port w Valdorii zamknięto 3 marca 2024 roku. Władze portu podały straty w "
        "wysokości 15 mln euro. „Otworzymy ponownie w kwietniu” – powiedziała Marta Quintela.\n",
        "uk.txt": "Порт Вальдорії закрили 3 березня 2024 року. Портова адміністрація повідомила про "
        "збитки у 12 мільйонів євро. «Ми відкриємося у квітні», – сказала Марта Кінтела.\n",
    },
    "orchard": {
        "nl.txt": "De boomgaard van Temmerveld verloor in 2023 ongeveer 40 procent van de oogst. "
        "Volgens coöperatie Groenrijk kostte de hagel 2 miljoen euro.\n",
        "tr.txt": "Temmerveld meyve bahçesi 2023'te hasadın yüzde 40'ını kaybetti. Groenrijk "
        "kooperatifine göre dolu 2 milyon avroya mal oldu.\n",
        "broken.txt": b"\xff\xfe\x00\x00" + b"\x00" * 64,
    },
}


class Recorder:
    """A renderer that notes what each call gets, and keeps only a weak reference to it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[str, ...], set[str], set[str], bool]] = []
        self.sites: list = []
        self.previous: list[weakref.ref] = []

    @hookimpl
    def parallax_pages(self, report, lang):
        gone = all(ref() is None for ref in self.previous[:-1])  # every story before the last one
        if not self.previous or self.previous[-1]() is not report:
            gc.collect()
            gone = all(ref() is None for ref in self.previous)
            self.previous.append(weakref.ref(report))
        self.calls.append(
            (
                lang,
                tuple(s.id for s in report.stories),
                {r.article.story for r in report.results},
                {c.story for c in report.claims} | {d.story for d in report.discrepancies},
                gone,
            )
        )
        return [Page(f"stories/{report.stories[0].id}/recorded.md", f"# {lang}\n")]

    @hookimpl
    def parallax_site_pages(self, site, lang):
        self.sites.append((lang, site))
        return [Page("recorded.md", f"# {lang}\n")]


@pytest.fixture(scope="module")
def two_stories(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("two")
    for story, files in STORIES.items():
        for name, text in files.items():
            write(root / "content" / story, name, text)
    return Settings(root / "content", root / "build", ui_languages=("en", "de"), default_language="en")


def test_each_story_is_rendered_alone_in_every_language_then_let_go(two_stories: Settings) -> None:
    recorder = Recorder()
    manager = plugin_manager(extra=[("recorder", recorder)])
    found: list = []
    render(story_reports(two_stories, manager, found), found, manager, two_stories, [])
    per_story = [(lang, ids) for lang, ids, *_ in recorder.calls]
    assert per_story == [
        ("en", ("harbour",)),
        ("de", ("harbour",)),
        ("en", ("orchard",)),
        ("de", ("orchard",)),
    ]
    for _, (story,), result_stories, compared_stories, _ in recorder.calls:
        assert result_stories == {story}  # its own articles, no other story's
        assert compared_stories <= {story}
    assert all(gone for *_, gone in recorder.calls)  # the story before was released
    assert [lang for lang, _ in recorder.sites] == ["en", "de"]
    site = recorder.sites[0][1]
    assert [s.id for s in site.stories] == ["harbour", "orchard"]
    assert {a.lang for a in site.articles} == {"es", "pl", "uk", "nl", "tr"}
    assert all(a.text == "" and a.body == "" and a.sentences == () for a in site.articles)
    assert any(p.path == "orchard/broken.txt" for p in site.problems)  # discovery's problems too
    staged = staged_files(two_stories)
    assert staged["en/recorded.md"] == "# en\n" and staged["de/stories/orchard/recorded.md"] == "# de\n"


def test_the_data_made_story_by_story_is_the_whole_reports(two_stories: Settings) -> None:
    manager = plugin_manager()
    report = run(two_stories, manager)
    assert {c.story for c in report.claims} == {"harbour", "orchard"}
    found: list = []
    render(story_reports(two_stories, manager, found), found, manager, two_stories, [])
    assert found == list(report.problems)
    files = staged_files(two_stories)
    catalogs = {lang: load_catalog(lang, "en") for lang in ("en", "de")}
    assert files[REPORT_PATH] == report_json(report, "en", catalogs)
    assert files[ARTICLES_CSV] == articles_csv(report)
    assert files[CLAIMS_CSV] == claims_csv(report, "en")
    # Each story's problems go to its own pages: the broken file is the orchard's.
    (orchard,) = [s for s in report.stories if s.id == "orchard"]
    assert any(p.path == "orchard/broken.txt" for p in report.story_report(orchard).problems)


def test_the_claims_table_is_one_row_per_claim_and_source(two_stories: Settings) -> None:
    report = run(two_stories, plugin_manager())
    rows = list(csv.reader(io.StringIO(claims_csv(report, "en"))))
    assert rows[0] == ["claim", "story", "kind", "label", "article", "status", "value"]
    claims = {c.id: c for c in report.claims}
    assert len(rows) - 1 == sum(len(c.sources) for c in claims.values())
    for claim_id, story, kind, _, article, status, value in rows[1:]:
        claim = claims[claim_id]
        assert (story, kind, status) == (claim.story, claim.kind, claim.sources[article])
        given = {e.article: e.value for e in claim.evidence}.get(article)
        assert value == (
            ""
            if given is None
            else given
            if isinstance(given, str)
            else json.dumps(given, ensure_ascii=False, sort_keys=True, default=str)
        )
    # Long, not wide: a source of one story never appears in another story's rows.
    by_story = {r.article.id: r.article.story for r in report.results}
    assert all(by_story[article] == story for _, story, _, _, article, *_ in rows[1:])
