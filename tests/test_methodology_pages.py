"""The Methodology page: one per UI language, its own text or the default language's, overridable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, write

from generator.cli import main
from generator.errors import ParallaxError
from generator.settings import Settings
from generator.strings import load_catalog, load_entries
from plugins import discrepancies, methodology_pages
from plugins.details import DETAIL_TIER
from plugins.temporal import TEMPORAL_TIER, UNRESOLVED_TIER

LANGUAGES = ("en", "it", "ru", "fr", "de", "pt")
BUILTIN = ROOT / "site_templates" / "methodology"


def _page(lang: str, default: str = "en", templates: Path | None = None) -> str:
    settings = Settings(
        content_dir=Path("."),
        build_dir=Path("."),
        ui_languages=(lang, default),
        default_language=default,
        templates_dir=templates,
    )
    catalog = load_catalog(lang, default, templates)
    pages = methodology_pages.parallax_site_pages(lang, catalog, settings)
    assert [p.path for p in pages] == ["methodology.md"]
    return pages[0].markdown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_ui_language_has_its_own_methodology(lang: str) -> None:
    markdown = _page(lang)
    title = load_catalog(lang)("methodology_title")
    assert markdown.startswith(f'---\ntitle: "{title}"\n---\n\n# {title}\n')
    assert "](index.md)" in markdown  # back to the home page
    text = (BUILTIN / f"{lang}.md").read_text(encoding="utf-8")
    assert text.strip() in markdown
    if lang != "en":
        assert (BUILTIN / "en.md").read_text(encoding="utf-8").strip() not in markdown


def _outline(text: str) -> list[str]:
    """The shape of a methodology text: its headings' numbers and its bold sub-headings' count."""
    shape = [re.sub(r"\D", "", line.split(".")[0]) for line in text.splitlines() if line.startswith("## ")]
    return [*shape, str(len(re.findall(r"^\*\*[^*]+\*\*$", text, re.M)))]


def test_every_translation_has_the_same_sections_and_figures() -> None:
    english = (BUILTIN / "en.md").read_text(encoding="utf-8")
    assert _outline(english) == ["1", "2", "3", "4", "5", "6", "7", "3"]

    def figures(text: str) -> list[str]:
        # The numbers the text states (weights, the cost of embedding), in any locale's notation.
        return sorted(n.replace(",", ".") for n in re.findall(r"(?<![\d.,])\d+(?:[.,]\d+)?(?![\d.,])", text))

    for lang in LANGUAGES[1:]:
        text = (BUILTIN / f"{lang}.md").read_text(encoding="utf-8")
        assert _outline(text) == _outline(english), lang
        # The weights and figures, the languages that work best, the quality benchmark: all there.
        for figure in ("3", "3.9", "2", "2.9", "0.5", "1.9", "0.45", "10", "0.91", "0.93", "0.75", "0.85"):
            assert figure in figures(text), (lang, figure)
        assert "`python benchmarks/quality.py`" in text and "`aliases.yml`" in text, lang


def test_the_stated_weights_are_the_detectors_weights() -> None:
    # The page explains the order of discrepancies: it must say what the code does.
    english = (BUILTIN / "en.md").read_text(encoding="utf-8")

    def tier(value: float) -> str:
        return f"{value:g} to {value + 0.9:g}"

    assert f"(weight {tier(discrepancies.VALUE_TIER)})" in english
    assert f"(weight {tier(TEMPORAL_TIER)})" in english
    assert f"(weight {tier(DETAIL_TIER)})" in english
    assert f"(weight {UNRESOLVED_TIER:g})" in english
    assert f"(weight {discrepancies.COVERAGE_TIER:g} to {discrepancies.COVERAGE_TIER + 0.45:g})" in english
    assert discrepancies.KINDS == ("value", "temporal", "detail", "coverage")


def test_a_language_without_a_text_gets_the_default_languages(tmp_path: Path) -> None:
    # Spanish: a catalogue of its own (the title), no methodology text of its own.
    write(tmp_path, "strings/es.yml", 'methodology_title: "Metodología"\nback_home: "← Todas"\n')
    markdown = _page("es", "en", tmp_path)
    assert "# Metodología" in markdown
    assert (BUILTIN / "en.md").read_text(encoding="utf-8").strip() in markdown
    # With Italian as the default language, Spanish falls back to the Italian text.
    assert (BUILTIN / "it.md").read_text(encoding="utf-8").strip() in _page("es", "it", tmp_path)


def test_the_users_templates_folder_overrides_the_text(tmp_path: Path) -> None:
    write(tmp_path, "methodology/it.md", "## Il nostro metodo\n\nLo scrive la redazione.\n")
    write(tmp_path, "methodology/tr.md", "## Yöntem\n\nEditörlerimiz yazdı.\n")
    write(tmp_path, "strings/tr.yml", 'methodology_title: "Yöntem"\nback_home: "← Tüm haberler"\n')
    italian = _page("it", "en", tmp_path)
    assert "Lo scrive la redazione." in italian
    assert (BUILTIN / "it.md").read_text(encoding="utf-8").strip() not in italian
    # A language the user did not override keeps the built-in text.
    assert (BUILTIN / "fr.md").read_text(encoding="utf-8").strip() in _page("fr", "en", tmp_path)
    assert "Editörlerimiz yazdı." in _page("tr", "en", tmp_path)
    assert methodology_pages.source("tr", "en", tmp_path) == tmp_path / "methodology" / "tr.md"


def test_a_language_code_never_becomes_a_path(tmp_path: Path) -> None:
    write(tmp_path, "secret.md", "not a methodology")
    write(tmp_path, "methodology/en.md", "## Ours\n")
    assert methodology_pages.source("../secret", "en", tmp_path) == tmp_path / "methodology" / "en.md"
    with pytest.raises(ParallaxError, match="no methodology text"):
        methodology_pages.source("../secret", "../secret", tmp_path)


def test_the_title_is_escaped(tmp_path: Path) -> None:
    write(tmp_path, "strings/en.yml", 'methodology_title: "<script>alert(1)</script> *How*"\n')
    markdown = _page("en", "en", tmp_path)
    assert "<script>" not in markdown
    front, heading = markdown.split("\n")[1], markdown.split("\n")[4]
    assert front.startswith("title: ") and "<" not in front
    assert heading.startswith("# ") and "*How*" not in heading


JAPANESE = """\
---
title: "港の再開"
outlet: テスト新聞
published: 2024-03-02
lang: ja
---
港は嵐の二日後の月曜日に再開した。

当局によると、14隻の船が損傷した。
"""

POLISH = """\
---
title: "Port otwarty po burzy"
outlet: Gazeta Próbna
published: 2024-03-03
lang: pl
---
Port w mieście został ponownie otwarty w poniedziałek, dwa dni po burzy.

Władze poinformowały, że uszkodzonych zostało 14 łodzi.
"""


def test_a_seventh_ui_language_gets_the_default_methodology_and_its_own_search(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(project / "content", "harbour/story.yml", "title:\n  en: Harbour reopens\n  es: Reabre el puerto\n")
    write(project / "content", "harbour/shimbun.md", JAPANESE)
    write(project / "content", "harbour/gazeta.md", POLISH)
    # Spanish: a catalogue (every key, marked), no methodology text: English is the default.
    catalogue = {key: f"[es] {text}" for key, text in load_entries("en").items()}
    write(project / "my_templates", "strings/es.yml", yaml.safe_dump(catalogue, allow_unicode=True))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "      content_dir: content\n", "      content_dir: content\n      templates_dir: my_templates\n"
    )
    config = config.replace(
        "        - {locale: pt, name: Português, build: true}\n",
        "        - {locale: pt, name: Português, build: true}\n        - {locale: es, name: Español, build: true}\n",
    )
    assert "locale: es" in config
    write(project, "mkdocs.yml", config)
    result = CliRunner().invoke(
        main, ["build", "-f", str(project / "mkdocs.yml"), "--strict"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    site = project / "site"
    english = (BUILTIN / "en.md").read_text(encoding="utf-8")
    first_sentence = english.split(". ")[0]
    spanish = (site / "es" / "methodology" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in spanish and "<title>&#91;es&#93; Methodology" in spanish
    assert first_sentence in spanish
    german = (site / "de" / "methodology" / "index.html").read_text(encoding="utf-8")
    assert first_sentence not in german and "Methodik" in german
    # The navigation of each language's home page leads to its methodology.
    for lang in ("", "it/", "es/"):
        assert 'href="methodology/"' in (site / lang / "index.html").read_text(encoding="utf-8"), lang
    # Spanish search: its own index, its pages only, with lunr's Spanish stemmer.
    index = json.loads((site / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["es"]
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "methodology/" in locations and "stories/harbour/gazeta/" in locations
    assert all((site / "es" / loc / "index.html").is_file() for loc in locations)
