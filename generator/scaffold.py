"""`parallax new-plugin NAME`: a plugin package that installs, loads and passes its test."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from generator.errors import ParallaxError

_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

PYPROJECT = Template("""\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "parallax-$dist"
version = "0.1.0"
description = "A Parallax plugin"
requires-python = ">=3.11"
dependencies = ["parallax"]

[project.entry-points.parallax]
$name = "$module"

[tool.setuptools]
packages = ["$module"]
""")

MODULE = Template('''\
"""The $name plugin for Parallax: a fact type and a page type (edit to taste)."""

from __future__ import annotations

from generator import hookimpl
from generator.markup import md_text
from generator.model import Extraction, Fact, Page

__version__ = "0.1.0"
NAME = "$name"


@hookimpl
def parallax_options() -> dict:
    """Options users set in mkdocs.yml: options: {$name: {...}}."""
    return {"min_length": (int, 12, "Words at least this long count as long words.")}


@hookimpl
def parallax_extract(article, settings) -> Extraction:
    """One '$name' fact per long word; offsets point into article.text."""
    min_length = settings.plugin_options(NAME)["min_length"]
    facts = []
    position = 0
    for word in article.text.split():
        start = article.text.index(word, position)
        position = start + len(word)
        if len(word) >= min_length:
            facts.append(Fact("$name", start, position, word, value=len(word)))
    return Extraction(facts=tuple(facts))


@hookimpl
def parallax_pages(report, lang) -> list[Page]:
    """The story's page listing the facts, in every UI language (here: one title for all).

    Called once per story and UI language, with ``report`` holding that story alone."""
    pages = []
    for story in report.stories:
        lines = ["# $name", ""]
        for result in report.articles_of(story):
            for fact in result.extraction.facts:
                if fact.plugin == NAME:
                    lines.append(f"- {md_text(fact.text)} ({md_text(result.article.id)})")
        pages.append(Page(f"stories/{story.id}/$name.md", "\\n".join(lines) + "\\n", "$name"))
    return pages
''')

TEST = Template('''\
"""Tests of the $name plugin: its hooks called directly."""

from __future__ import annotations

from pathlib import Path

import $module as plugin
from generator.model import Article, Report, Story
from generator.settings import Settings


def test_long_words_become_facts_with_offsets() -> None:
    text = "Short words and extraordinarily long ones."
    article = Article(id="a", story="s", source="s/a.txt", format="txt", body=text, text=text)
    settings = Settings(Path("."), Path("."), options={"$name": {"min_length": 12}})
    [fact] = plugin.parallax_extract(article, settings).facts
    assert fact.text == "extraordinarily" == text[fact.start : fact.end]


def test_a_page_per_story() -> None:
    report = Report(stories=(Story("s", {"en": "S"}, ()),), results=())
    [page] = plugin.parallax_pages(report, "en")
    assert page.path == "stories/s/$name.md"
''')

README = Template("""\
# parallax-$dist

A Parallax plugin, made with `parallax new-plugin $name`.

    pip install -e .          # Parallax finds it through the `parallax` entry point
    parallax plugins          # lists "$name"
    pytest tests              # its tests

Options, in mkdocs.yml: `options: {$name: {min_length: 12}}`.
See Parallax's README ("Writing a plugin") and its hook reference.
""")


def new_plugin(name: str, where: Path) -> Path:
    """Write the package ``parallax-<name>`` under ``where``; its path."""
    if not _NAME.fullmatch(name):
        raise ParallaxError(
            f"plugin name {name!r}: use lower-case letters, digits and _ (starting with a letter)"
        )
    folder = where / f"parallax-{name.replace('_', '-')}"
    if folder.exists():
        raise ParallaxError(f"{folder} exists already: choose another name or folder")
    module = f"parallax_{name}"
    values = {"name": name, "dist": name.replace("_", "-"), "module": module}
    files = {
        "pyproject.toml": PYPROJECT,
        f"{module}/__init__.py": MODULE,
        f"tests/test_{name}.py": TEST,
        "README.md": README,
    }
    for rel, template in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.substitute(values), encoding="utf-8")
    return folder
