"""The example plugin package in examples/: installed with pip, its tests run, a site built with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, write

EXAMPLE = ROOT / "examples" / "parallax-readtime"


def pip_install(package: Path, target: Path) -> None:
    """Install a plugin package with pip into a folder of its own, as a user would install it."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(package),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example installed by pip into a folder of its own; the environment that sees it."""
    target = tmp_path_factory.mktemp("site-packages")
    pip_install(EXAMPLE, target)
    return {**os.environ, "PYTHONPATH": str(target), "NO_MKDOCS_2_WARNING": "1"}


def test_its_own_tests_pass(installed: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
        cwd=EXAMPLE,
        env=installed,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_parallax_plugins_lists_it(installed: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "plugins", "-f", "absent.yml"],
        env=installed,
        capture_output=True,
        text=True,
    )
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["readtime"]["version"] == "0.1.0"
    assert rows["readtime"]["origin"] == "entry point (parallax-readtime)"
    assert rows["readtime"]["hooks"] == ["parallax_extract", "parallax_options", "parallax_pages"]


def test_a_site_built_with_it_has_its_facts_and_pages(installed: dict[str, str], tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "quake/story.yml", "title: {en: Earthquake, de: Erdbeben}\n")
    write(
        content,
        "quake/wire.md",
        "---\nlang: en\ntitle: Quake hits the coast\n---\n" + "The ground shook for a minute. " * 80,
    )
    project = copy_project(tmp_path, content)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      content_dir: content\n",
            "      content_dir: content\n      options: {readtime: {words_per_minute: 120}}\n",
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        env=installed,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((project / "site" / "data" / "report.json").read_text(encoding="utf-8"))
    [fact] = [f for f in report["facts"] if f["type"] == "reading-time"]
    assert (fact["value"], fact["plugin"]) == (4, "readtime")  # 480 words at 120 a minute
    german = (project / "site" / "de" / "stories" / "quake" / "reading-time" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Lesezeit" in german and "Quake hits the coast" in german


def test_new_plugin_scaffold_installs_loads_and_passes_its_tests(tmp_path: Path) -> None:
    from generator.errors import ParallaxError
    from generator.scaffold import new_plugin

    package = new_plugin("long_words", tmp_path)
    with pytest.raises(ParallaxError, match="exists already"):
        new_plugin("long_words", tmp_path)
    with pytest.raises(ParallaxError, match="lower-case letters"):
        new_plugin("../evil", tmp_path)
    target = tmp_path / "site-packages"
    pip_install(package, target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=package,
        env=env,
        capture_output=True,
        text=True,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "generator", "plugins", "-f", "absent.yml"],
        env=env,
        capture_output=True,
        text=True,
    )
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["long_words"]["origin"] == "entry point (parallax-long-words)"
