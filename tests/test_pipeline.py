"""The host's pipeline: stages in order, failing plugins named, bad files reported, nothing lost."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import snapshot, write

from generator import hookimpl
from generator.errors import InputError
from generator.manager import DEFAULT_PLUGINS, plugin_manager
from generator.model import Article, Extraction, Fact, LanguageGuess, MetaValue, Span
from generator.pipeline import run
from generator.settings import Settings


class Reader:
    """Reads .txt as UTF-8; a file containing BROKEN is a broken input."""

    @hookimpl
    def parallax_read(self, source):
        if not source.rel.endswith(".txt"):
            return None
        text = source.data.decode("utf-8")
        if "BROKEN" in text:
            raise InputError(f"{source.rel}: this file is broken on purpose")
        declared = (MetaValue("title", "Declared title", "", "front matter"),) if "DECLARED" in text else ()
        return Article(
            id=source.path.stem,
            story=source.story,
            source=source.rel,
            format="txt",
            body=text,
            declared=declared,
        )


class Tools:
    """Language, sentences, metadata and one extractor, all trivially simple."""

    @hookimpl
    def parallax_language(self, article):
        return LanguageGuess("xx", 0.5, "test") if article.text else None

    @hookimpl
    def parallax_segment(self, article):
        return [Span(0, len(article.text))] if article.text else []

    @hookimpl
    def parallax_metadata(self, article):
        return [
            MetaValue("title", "Found title", article.text[:5], "first line"),
            MetaValue("author", "A. Writer"),
        ]

    @hookimpl
    def parallax_extract(self, article):
        start = article.text.find("42")
        facts = [Fact("number", start, start + 2, "42", 42)] if start >= 0 else []
        # An item whose offsets lie: the host must drop it, not publish it.
        facts.append(Fact("number", 0, 1, "not what is there"))
        return Extraction(facts=tuple(facts))


class Exploding:
    """Raises in every hook it implements."""

    @hookimpl
    def parallax_extract(self, article):
        raise RuntimeError("boom")

    @hookimpl
    def parallax_metadata(self, article):
        raise KeyError("nope")


def host(*extra):
    return plugin_manager(
        disabled=DEFAULT_PLUGINS, entry_points=False, extra=[(type(p).__name__.lower(), p) for p in extra]
    )


def test_stages_run_in_order_and_metadata_merges(settings: Settings) -> None:
    write(settings.content_dir, "story-a/one.txt", "The answer is 42.")
    write(settings.content_dir, "story-a/two.txt", "DECLARED text.")
    report = run(settings, host(Reader(), Tools()))
    [story] = report.stories
    assert story.id == "story-a" and story.articles == ("one", "two")
    one, two = (r.article for r in report.results)
    assert one.text == "The answer is 42." and one.lang == "xx" and one.lang_method == "test"
    assert one.meta("title") == "Found title" and one.meta("author") == "A. Writer"
    # what the file declares wins over what a plugin finds
    assert two.meta("title") == "Declared title" and two.meta("author") == "A. Writer"
    [fact] = report.results[0].extraction.facts
    assert (fact.text, fact.value) == ("42", 42)
    assert any("does not match the text" in p.message for p in report.problems)


def test_a_plugin_that_raises_is_named_and_the_others_still_count(settings: Settings) -> None:
    write(settings.content_dir, "s/one.txt", "The answer is 42.")
    report = run(settings, host(Reader(), Tools(), Exploding()))
    article = report.results[0].article
    assert article.meta("author") == "A. Writer"  # Tools' metadata survived Exploding's
    assert [f.text for f in report.results[0].extraction.facts] == ["42"]
    failures = [p for p in report.problems if p.plugin == "exploding"]
    assert {p.hook for p in failures} == {"parallax_extract", "parallax_metadata"}
    assert all(p.path == "s/one.txt" and p.severity == "error" for p in failures)
    assert "RuntimeError: boom" in str(failures[0]) or "RuntimeError: boom" in str(failures[1])


def test_a_broken_file_is_named_and_the_rest_builds(settings: Settings) -> None:
    write(settings.content_dir, "s/good.txt", "Fine text.")
    write(settings.content_dir, "s/bad.txt", "BROKEN")
    write(settings.content_dir, "s/image.png", b"\x89PNG")
    report = run(settings, host(Reader(), Tools()))
    assert [r.article.id for r in report.results] == ["good"]
    messages = {p.path: p.message for p in report.problems}
    assert "broken on purpose" in messages["s/bad.txt"]
    assert "no reader" in messages["s/image.png"]


def test_unknown_language_is_reported_not_guessed(settings: Settings) -> None:
    write(settings.content_dir, "s/empty.txt", "")
    report = run(settings, host(Reader(), Tools()))
    assert report.results[0].article.lang == "und"
    assert any("language could not be determined" in p.message for p in report.problems)


def test_story_files_titles_and_root_files(settings: Settings) -> None:
    write(settings.content_dir, "s1/story.yml", "title:\n  en: English title\n  fr: Titre français\n")
    write(settings.content_dir, "s1/a.txt", "Text.")
    write(settings.content_dir, "loose.txt", "A file outside any story folder.")
    write(settings.content_dir, "s2/story.yml", "title: [not, a, title]\n")
    write(settings.content_dir, "s2/b.txt", "Text.")
    report = run(settings, host(Reader(), Tools()))
    stories = {s.id: s for s in report.stories}
    assert stories["s1"].title_in("fr") == "Titre français"
    assert stories["s1"].title_in("de") == "English title"  # falls back to the default language
    assert stories["content"].articles == ("loose",)
    assert any(p.path == "s2/story.yml" for p in report.problems)


def test_duplicate_article_ids_are_renamed_and_reported(settings: Settings) -> None:
    write(settings.content_dir, "s1/same.txt", "One.")
    write(settings.content_dir, "s2/same.txt", "Two.")
    report = run(settings, host(Reader(), Tools()))
    assert [r.article.id for r in report.results] == ["same", "same-2"]
    assert any("is taken" in p.message for p in report.problems)


def test_oversized_files_and_symlinks_are_skipped(settings: Settings, tmp_path: Path) -> None:
    small = Settings(content_dir=settings.content_dir, build_dir=settings.build_dir, max_file_size=10)
    write(small.content_dir, "s/big.txt", "x" * 11)
    write(small.content_dir, "s/ok.txt", "ok.")
    secret = write(tmp_path, "secret.txt", "outside the corpus")
    os.symlink(secret, small.content_dir / "s" / "link.txt")
    report = run(small, host(Reader(), Tools()))
    assert [r.article.id for r in report.results] == ["ok"]
    messages = {p.path: p.message for p in report.problems}
    assert "over the limit" in messages["s/big.txt"]
    assert "symbolic link" in messages["s/link.txt"]


def test_the_pipeline_never_writes_into_content(settings: Settings) -> None:
    write(settings.content_dir, "s/a.txt", "The answer is 42.")
    before = snapshot(settings.content_dir)
    run(settings, host(Reader(), Tools(), Exploding()))
    assert snapshot(settings.content_dir) == before


def test_a_missing_content_folder_is_an_error(tmp_path: Path) -> None:
    settings = Settings(content_dir=tmp_path / "absent", build_dir=tmp_path / "b")
    report = run(settings, host(Reader()))
    assert report.results == () and "does not exist" in report.problems[0].message
