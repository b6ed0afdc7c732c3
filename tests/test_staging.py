"""Staging generated pages: per-language folders, safe paths, renderers named, stale files pruned."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from generator import hookimpl
from generator.manager import DEFAULT_PLUGINS, plugin_manager
from generator.model import Page, Report, Story, frozen_map
from generator.report import REPORT_PATH
from generator.settings import Settings
from generator.staging import MARKER, render, stage


class Home:
    @hookimpl
    def parallax_pages(self, lang, strings):
        return [Page("index.md", f"# {strings('site_name')} ({lang})\n")]


class Rogue:
    @hookimpl
    def parallax_pages(self, lang):
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
    staged = render(REPORT, pm(Home()), settings, problems)
    files = staged_files(settings)
    assert set(staged.paths) == set(files)
    assert files["en/index.md"].startswith("# Parallax (en)")
    assert "fr/index.md" in files and REPORT_PATH in files
    assert problems == []


def test_unsafe_page_paths_and_collisions_are_refused_and_named(settings: Settings) -> None:
    problems = []
    render(REPORT, pm(Home(), Rogue()), settings, problems)
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
    staged = render(REPORT, pm(Home(), Lazy()), settings, problems)
    files = staged_files(settings)
    assert files["en/one.md"] == "# One\n" and files["en/two.md"] == "# Two\n"
    assert staged.titles["en/one.md"] == "One"
    assert [p.plugin for p in problems if "out of ink" in p.message] == ["lazy"]
    assert "en/index.md" in files and REPORT_PATH in files  # the other renderer and the data


def test_a_second_build_of_the_same_report_changes_nothing(settings: Settings) -> None:
    first = render(REPORT, pm(Home()), settings, [])
    stamps = {p: p.stat().st_mtime_ns for p in settings.build_dir.rglob("*") if p.is_file()}
    again = render(REPORT, pm(Home()), settings, [])
    assert first.changed > 0 and again.changed == 0
    assert {p: p.stat().st_mtime_ns for p in settings.build_dir.rglob("*") if p.is_file()} == stamps
