"""Shared fixtures: pinned environment, the seed corpus, small corpora written by the tests."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED_STORY = ROOT / "content" / "ai-training-data"


def benchmark_module(name: str) -> ModuleType:
    """benchmarks/<name>.py as a module (benchmarks/ is not a package), loaded once."""
    key = f"parallax_benchmark_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # dataclasses look their module up while their class is built
    spec.loader.exec_module(module)
    return module


def assert_copies_read_alike(
    find: Callable[[str], Sequence[Any]], sample: str, fields: tuple[str, ...]
) -> None:
    """``find`` over 40 copies of ``sample`` (about 450 KB for the seed story) gives 40 times
    what it gives over one, at the same places in each copy: nothing far into a long text is
    lost or read differently."""
    one = find(sample)
    assert len(one) >= 10
    many = find(sample * 40)
    assert len(many) == 40 * len(one)
    for k in range(40):
        for a, b in zip(one, many[k * len(one) : (k + 1) * len(one)], strict=True):
            shifted = (b.start - k * len(sample), b.end - k * len(sample))
            assert (shifted, *(getattr(b, f) for f in fields)) == (
                (a.start, a.end),
                *(getattr(a, f) for f in fields),
            )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files in tests/golden/ from the current output, on purpose.",
    )


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # What varies between machines must not vary the output.
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736899200")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    for variable in ("PARALLAX_LOAD_PLUGINS", "PARALLAX_DISABLE_PLUGINS", "PARALLAX_TRACE"):
        monkeypatch.delenv(variable, raising=False)
    if hasattr(time, "tzset"):
        time.tzset()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings over an empty content folder in a temporary directory."""
    content = tmp_path / "content"
    content.mkdir()
    return Settings(content_dir=content, build_dir=tmp_path / "build")


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a file (text as UTF-8) under folder, creating parents."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def copy_project(tmp_path: Path, content: Path | None = None) -> Path:
    """A copy of the repository's mkdocs.yml with a content folder, ready to build in tmp_path."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(content or ROOT / "content", project / "content")
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder with its bytes, to check that nothing changed."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
