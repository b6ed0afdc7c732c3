"""The example plugin's own tests: its hooks called directly, and through a Parallax run."""

from __future__ import annotations

from pathlib import Path

import parallax_readtime as readtime

from generator.manager import plugin_manager
from generator.model import Article
from generator.pipeline import run
from generator.settings import Settings


def test_reading_time_rounds_up_to_whole_minutes() -> None:
    article = Article(id="a", story="s", source="s/a.txt", format="txt", body="", text="word " * 461)
    settings = Settings(Path("."), Path("."), options={"readtime": {"words_per_minute": 230}})
    [fact] = readtime.parallax_extract(article, settings).facts
    assert (fact.type, fact.value, fact.unit, fact.attrs["words"]) == ("reading-time", 3, "min", 461)


def test_the_plugin_runs_inside_parallax_with_its_option(tmp_path: Path) -> None:
    (tmp_path / "content" / "story").mkdir(parents=True)
    (tmp_path / "content" / "story" / "a.md").write_text("---\nlang: en\n---\n" + "Some words here. " * 100)
    settings = Settings(
        tmp_path / "content", tmp_path / "build", options={"readtime": {"words_per_minute": 100}}
    )
    pm = plugin_manager(entry_points=False, extra=[("readtime", readtime)])
    report = run(settings, pm)
    [fact] = [f for f in report.results[0].extraction.facts if f.type == "reading-time"]
    assert fact.value == 3 and fact.plugin == "readtime"
    pages = readtime.parallax_pages(report, "de")
    assert pages[0].path == "stories/story/reading-time.md"
    assert pages[0].markdown.startswith("# Lesezeit") and "| 300 | 3 |" in pages[0].markdown
