"""Reproducible builds: the same input gives a byte-identical site.

The seed story, plus articles that exercise more of the pipeline (right-to-left
text, a duplicate id, a file name with spaces and accents, a broken file whose
problem is listed), is built by separate processes in different folders, with
different hash seeds, time zones and locales: every file of the sites must be
the same. MkDocs' own time-dependent outputs (sitemap.xml and its gzip copy)
follow SOURCE_DATE_EPOCH (without it they carry the day of the build), and a
build on another day changes nothing else.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED_STORY, write
from linkcheck import check_site

from generator.cli import main

EPOCH = 1736899200  # 2025-01-15T00:00:00Z
OTHER_EPOCH = 1780272000  # 2026-06-01T00:00:00Z
EXTRA = {
    "extra/story.yml": "title:\n  en: More articles\n  fr: Plus d'articles\n",
    "extra/Ünïcode name.md": (
        "---\ntitle: Le port rouvre\noutlet: Gazette\nauthor: [Anne Exemple, Bob Essai]\n"
        "published: 2024-03-02T08:30:00+01:00\nurl: https://example.com/port\n---\n"
        "Le port de la ville a rouvert lundi, deux jours après la tempête.\n\n"
        "Les autorités ont déclaré que 14 bateaux avaient été endommagés, soit 12,5 % de la flotte.\n"
    ),
    "extra/arabic.txt": (
        "أعيد فتح ميناء المدينة يوم الاثنين، بعد يومين من العاصفة التي أغلقته.\n\n"
        "وقال المسؤولون إن أربعة عشر قاربا تضررت وإن الإصلاحات ستستغرق شهرا كاملا.\n"
    ),
    "extra/dup-a.md": "---\nid: same\nlang: en\n---\nThe harbour reopened on Monday after the storm.\n",
    "extra/dup-b.md": "---\nid: same\nlang: en\n---\nOfficials said that fourteen boats were damaged.\n",
    "extra/broken.md": "---\ntitle: [unclosed\n---\nText.\n",
}


def _project(folder: Path) -> Path:
    project = folder / "project"
    (project / "content").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(SEED_STORY, project / "content" / SEED_STORY.name)
    for rel, text in EXTRA.items():
        write(project / "content", rel, text)
    return project


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(rel for rel in a.keys() | b.keys() if a.get(rel) != b.get(rel))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same input built five times, mostly concurrently: in four folders (one of them by
    `parallax build`, one on another day), and once more from the article cache."""
    base = tmp_path_factory.mktemp("reproducible")
    # The environment of the test run, less what would change which plugins load.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PARALLAX_")}
    common = {**inherited, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(EPOCH)}
    variants = {
        "a": ({"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"}, []),
        # Another folder, hash seed, time zone, locale and site folder name.
        "b": ({"PYTHONHASHSEED": "2", "TZ": "Asia/Kathmandu", "LC_ALL": "C"}, ["-d", "elsewhere"]),
        # Built "on another day": only what SOURCE_DATE_EPOCH stands for may change.
        "other-day": ({"PYTHONHASHSEED": "3", "SOURCE_DATE_EPOCH": str(OTHER_EPOCH)}, []),
    }
    running, sites = {}, {}
    for name, (env, args) in variants.items():
        project = _project(base / name)
        env = {**common, **env}
        running[name] = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-q", *args],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        sites[name] = project / (args[1] if args else "site")
    # Project a again, from its warm article cache, once its first build is done.
    first = running.pop("a")
    _, stderr = first.communicate(timeout=600)
    assert first.returncode == 0, stderr[-4000:]
    running["warm"] = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site-warm"],
        cwd=sites["a"].parent,
        env={**common, "PYTHONHASHSEED": "4"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sites["warm"] = sites["a"].parent / "site-warm"
    # `parallax build` (through its temporary folder) in this process meanwhile.
    project = _project(base / "cli")
    with pytest.MonkeyPatch.context() as patch:  # module fixtures run before conftest's pinned environment
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        for variable in [k for k in os.environ if k.startswith("PARALLAX_")]:
            patch.delenv(variable)
        result = CliRunner().invoke(main, ["build", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    sites["cli"] = project / "site"
    for name, process in running.items():
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, f"{name}: {stderr[-4000:]}"
    return sites


def test_two_builds_are_byte_identical(builds: dict[str, Path]) -> None:
    a, b = _files(builds["a"]), _files(builds["b"])
    assert len(a) > 100
    assert _differences(a, b) == []


def test_a_rebuild_from_the_article_cache_is_byte_identical(builds: dict[str, Path]) -> None:
    assert (builds["a"].parent / ".cache" / "parallax" / "articles").is_dir()
    assert _differences(_files(builds["a"]), _files(builds["warm"])) == []


def test_parallax_build_gives_the_same_site_as_mkdocs_build(builds: dict[str, Path]) -> None:
    assert _differences(_files(builds["a"]), _files(builds["cli"])) == []


def test_the_staged_pages_and_the_report_are_identical(builds: dict[str, Path]) -> None:
    staged = [site.parent / ".cache" / "parallax" / "docs" for site in (builds["a"], builds["b"])]
    assert _files(staged[0]) and _differences(_files(staged[0]), _files(staged[1])) == []


def test_mkdocs_time_stamps_follow_source_date_epoch(builds: dict[str, Path]) -> None:
    site = builds["a"]
    day = time.strftime("%Y-%m-%d", time.gmtime(EPOCH))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {day}
    data = (site / "sitemap.xml.gz").read_bytes()
    assert struct.unpack("<I", data[4:8])[0] == EPOCH  # the gzip header's time stamp
    assert gzip.decompress(data).decode("utf-8") == sitemap


def test_on_another_day_only_the_sitemaps_change(builds: dict[str, Path]) -> None:
    differences = _differences(_files(builds["a"]), _files(builds["other-day"]))
    assert differences == ["sitemap.xml", "sitemap.xml.gz"]
    sitemap = (builds["other-day"] / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {
        time.strftime("%Y-%m-%d", time.gmtime(OTHER_EPOCH))
    }


def test_the_site_has_no_broken_internal_links(builds: dict[str, Path]) -> None:
    broken = check_site(builds["a"])
    assert not broken, "\n".join(map(str, broken[:30]))
