"""The `parallax` command on a small corpus written here: extract, build, strict, failing plugins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, snapshot, write

from generator.cli import main

SPANISH = """\
---
title: "El puerto reabre tras la tormenta"
outlet: Diario de Prueba
author: [Lucía Ferrer, Tomás Ibáñez]
published: 2024-03-02
lang: es
---
El puerto de la ciudad reabrió el lunes, dos días después de la tormenta.

Las autoridades dijeron que 14 barcos sufrieron daños.
"""

ENGLISH = """\
Harbour reopens after the storm

The city's harbour reopened on Monday, two days after the storm. Officials said that fourteen boats were damaged.

The harbour master thanked the volunteers who worked through the night.
"""

FAILING_PLUGIN = """\
from generator import hookimpl

@hookimpl
def parallax_extract(article):
    raise RuntimeError("the extractor broke")

@hookimpl
def parallax_metadata(article):
    raise ValueError("the metadata finder broke")
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    write(project / "content", "harbour/story.yml", "title:\n  en: Harbour reopens\n  es: Reabre el puerto\n")
    write(project / "content", "harbour/diario.md", SPANISH)
    write(project / "content", "harbour/gazette.txt", ENGLISH)
    return project


def invoke(project: Path, *args: str) -> object:
    return CliRunner().invoke(
        main, [args[0], "-f", str(project / "mkdocs.yml"), *args[1:]], catch_exceptions=False
    )


def test_extract_writes_the_report_without_building_html(project: Path) -> None:
    out = project / "out.json"
    result = invoke(project, "extract", "-o", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    articles = {a["id"]: a for a in report["articles"]}
    assert articles["diario"]["lang"] == "es" and articles["diario"]["lang_method"] == "declared"
    assert articles["diario"]["authors"] == ["Lucía Ferrer", "Tomás Ibáñez"]
    assert articles["diario"]["published"] == "2024-03-02"
    assert articles["gazette"]["lang"] == "en" and articles["gazette"]["lang_method"] != "declared"
    assert articles["gazette"]["title"] == "Harbour reopens after the storm"
    assert not (project / "site").exists()


def test_build_makes_the_site_and_leaves_content_alone(project: Path) -> None:
    before = snapshot(project / "content")
    result = invoke(project, "build", "--strict")
    assert result.exit_code == 0, result.output
    site = project / "site"
    assert (site / "stories" / "harbour" / "diario" / "index.html").is_file()
    assert (site / "pt" / "stories" / "harbour" / "gazette" / "index.html").is_file()
    assert (site / "data" / "report.json").is_file()
    assert snapshot(project / "content") == before


def test_a_failing_plugin_is_named_and_strict_fails(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin_dir = project / "myplugins"
    write(plugin_dir, "breaks.py", FAILING_PLUGIN)
    monkeypatch.syspath_prepend(str(plugin_dir))
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      content_dir: content\n", "      content_dir: content\n      plugins: [breaks]\n"
        ),
        encoding="utf-8",
    )
    out = project / "report.json"
    result = invoke(project, "extract", "-o", str(out))
    assert result.exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert len(report["articles"]) == 2  # every article is still there
    named = [p for p in report["problems"] if p["plugin"] == "breaks"]
    assert {(p["hook"], p["path"]) for p in named} == {
        (hook, path)
        for hook in ("parallax_extract", "parallax_metadata")
        for path in ("harbour/diario.md", "harbour/gazette.txt")
    }
    strict = invoke(project, "extract", "--strict", "-o", str(out))
    assert strict.exit_code == 1
    loose_build = invoke(project, "build")
    assert loose_build.exit_code == 0
    strict_build = CliRunner().invoke(main, ["build", "-f", str(config), "--strict"])
    assert strict_build.exit_code != 0


def test_unknown_config_key_is_refused(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("      content_dir: content\n", "      contnet_dir: x\n"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["extract", "-f", str(config), "--strict", "-o", "-"])
    assert result.exit_code != 0


def test_version(project: Path) -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "version" in result.output


def test_hooks_prints_the_reference_and_new_plugin_writes_a_package(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["hooks"])
    assert result.exit_code == 0 and "#### `parallax_extract(" in result.output
    made = CliRunner().invoke(main, ["new-plugin", "citations", "-d", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "parallax-citations" / "parallax_citations" / "__init__.py").is_file()
    again = CliRunner().invoke(main, ["new-plugin", "citations", "-d", str(tmp_path)])
    assert again.exit_code != 0 and "exists already" in again.output


def test_extract_takes_executor_and_cache_flags(project: Path) -> None:
    out = project / "serial.json"
    assert invoke(project, "extract", "-o", str(out), "--executor", "serial", "--no-cache").exit_code == 0
    assert not (project / ".cache" / "parallax" / "articles").exists()
    cached = project / "cached.json"
    assert invoke(project, "extract", "-o", str(cached), "--executor", "serial").exit_code == 0
    assert (project / ".cache" / "parallax" / "articles").is_dir()
    assert out.read_text(encoding="utf-8") == cached.read_text(encoding="utf-8")


def test_a_seventh_ui_language_needs_only_a_catalogue_and_a_config_line(project: Path) -> None:
    import yaml

    from generator.strings import load_entries

    # The catalogue: every key, here English text marked as Spanish, in the user's templates folder.
    catalogue = {key: f"[es] {text}" for key, text in load_entries("en").items()}
    write(project / "my_templates", "strings/es.yml", yaml.safe_dump(catalogue, allow_unicode=True))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "      content_dir: content\n", "      content_dir: content\n      templates_dir: my_templates\n"
    )
    # The config line.
    text = text.replace(
        "        - {locale: pt, name: Português, build: true}\n",
        "        - {locale: pt, name: Português, build: true}\n        - {locale: es, name: Español, build: true}\n",
    )
    config.write_text(text, encoding="utf-8")
    result = invoke(project, "build", "--strict")
    assert result.exit_code == 0, result.output
    page = (project / "site" / "es" / "stories" / "harbour" / "diario" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<html lang="es"' in page and "[es] " in page
