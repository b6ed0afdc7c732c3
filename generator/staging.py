"""Turning a report into the Markdown and data files MkDocs builds the site from.

Pages are written to a staging folder (``settings.build_dir``, a cache), one
sub-folder per UI language as mkdocs-static-i18n's "folder" structure wants:
the i18n plugin only sees files that really are inside ``docs_dir``. Files are
written only when their content changed, so ``mkdocs serve`` does not loop.
"""

from __future__ import annotations

import csv
import filecmp
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, TextIO

import pluggy

from generator.cache import PartStore
from generator.calls import call_each
from generator.model import Article, Outline, Page, Problem, Report, Story
from generator.report import (
    ARTICLES_CSV,
    ARTICLES_HEADER,
    CLAIMS_CSV,
    CLAIMS_HEADER,
    REPORT_PATH,
    story_sections,
    write_articles_rows,
    write_claims_rows,
    write_report_parts,
)
from generator.settings import Settings
from generator.strings import load_catalog

ASSETS_DIR = Path(__file__).resolve().parent.parent / "site_templates" / "assets"
MARKER = ".parallax-staging"  # marks a folder Parallax owns, so it never prunes anyone else's


def _safe_relative(path: str) -> PurePosixPath | None:
    """A page path that stays inside its folder: relative, no '..', no empty parts."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or any(part in ("", ".", "..") for part in pure.parts):
        return None
    if "\\" in path or ":" in path:
        return None
    return pure


@dataclass(frozen=True)
class Staged:
    """What was staged for MkDocs: every file's relative path, each page's nav title, and how
    many files changed (written or removed) since the last build."""

    paths: tuple[str, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    changed: int = 0


class StagingFolder:
    """The staging folder, written file by file: a large site is never whole in memory.

    A file is rewritten only when its bytes changed, so ``mkdocs serve`` does
    not loop; :meth:`finish` removes what this build did not write.
    """

    def __init__(self, settings: Settings) -> None:
        root = settings.build_dir
        content = settings.content_dir.resolve()
        resolved = root.resolve()
        if resolved == content or content in resolved.parents or resolved in content.parents:
            raise ValueError(
                f"the build folder {root} must not be inside or around the content folder {content}"
            )
        if root.exists() and any(root.iterdir()) and not (root / MARKER).is_file():
            raise ValueError(f"{root} exists and was not made by Parallax; choose another build_dir")
        root.mkdir(parents=True, exist_ok=True)
        _write_if_changed(
            root / MARKER, b"Parallax stages generated pages here; it deletes what it did not write.\n"
        )
        self.root = root
        self.written: set[str] = set()
        self.changed = 0

    def write(self, rel: str, text: str) -> None:
        """Stage one file's text."""
        self.written.add(rel)
        self.changed += _write_if_changed(self.root / rel, text.encode("utf-8"))

    def write_with(self, rel: str, produce: Callable[[TextIO], None]) -> None:
        """Stage a file that ``produce(handle)`` writes piece by piece (report.json)."""
        self.changed += write_streamed(self.root / rel, produce)
        self.written.add(rel)

    def finish(self) -> int:
        """Remove every file this build did not write (and empty folders); the number of changes."""
        wanted = {self.root / rel for rel in self.written} | {self.root / MARKER}
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                self.changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return self.changed


def render(
    stories: Iterable[Report],
    found: Sequence[Problem],
    pm: pluggy.PluginManager,
    settings: Settings,
    problems: list[Problem],
) -> Staged:
    """Stage every file: pages per UI language (under ``<lang>/``), data and assets.

    ``stories`` gives each story's report alone, in story order (see
    ``pipeline.story_reports``): a story's pages are made in every UI language
    (``parallax_pages``) and its part of the data files is written aside, then
    the story is let go. ``found`` holds the analysis' problems once the last
    story is given; with them come the pages about the whole site
    (``parallax_site_pages``), report.json and the CSV tables. Each page is
    written as soon as its renderer gives it; stale files from earlier builds
    are removed at the end. The rendering's own problems go to ``problems``.
    """
    folder = StagingFolder(settings)
    owners: dict[str, str] = {}
    titles: dict[str, str] = {}
    default = settings.default_language
    catalogs = {}
    for lang in sorted(settings.ui_languages, key=lambda code: code != default):
        catalogs[lang] = load_catalog(lang, default, settings.templates_dir)
        for missing in catalogs[lang].missing():
            problems.append(
                Problem(f"UI language '{lang}' has no translation for '{missing}'", plugin="strings")
            )

    def pages(hook: str, **kwargs: Any) -> None:
        for lang, strings in catalogs.items():
            # One call per renderer, so that two renderers writing the same page are both named.
            for name, batch in call_each(
                pm, hook, problems, lang=lang, strings=strings, settings=settings, **kwargs
            ):
                try:
                    for page in batch:
                        _add_page(folder, owners, titles, lang, page, name, problems)
                except Exception as exc:  # a renderer's generator failing midway: its other pages stay
                    problems.append(
                        Problem(f"{type(exc).__name__}: {exc}", plugin=name, hook=hook, severity="error")
                    )

    stories_in: list[Story] = []
    articles: list[Article] = []
    with tempfile.TemporaryDirectory(prefix="parallax-data-") as spill_dir:
        spill = PartStore(Path(spill_dir), "")  # each story's part of report.json, until written
        parts = []
        tables = {rel: Path(spill_dir) / f"{n}.csv" for n, rel in enumerate((ARTICLES_CSV, CLAIMS_CSV))}
        with ExitStack() as stack:
            rows = {
                rel: stack.enter_context(path.open("w", encoding="utf-8", newline=""))
                for rel, path in tables.items()
            }
            for n, report in enumerate(stories):
                pages("parallax_pages", report=report)
                parts.append(spill.put(f"{n:08d}", {}, story_sections(report, default, catalogs)))
                write_articles_rows(report, rows[ARTICLES_CSV])
                write_claims_rows(report, rows[CLAIMS_CSV], catalogs[default])
                stories_in.extend(report.stories)
                articles.extend(Outline.article_of(r.article) for r in report.results)
        pages("parallax_site_pages", site=Outline(tuple(stories_in), tuple(articles), tuple(found)))
        folder.write_with(REPORT_PATH, lambda out: write_report_parts(out, parts, found))
        for (rel, path), header in zip(tables.items(), (ARTICLES_HEADER, CLAIMS_HEADER), strict=True):
            folder.write_with(rel, partial(_copy_table, header, path))
    user_assets = settings.templates_dir / "assets" if settings.templates_dir else None
    assets: dict[str, str] = {}
    for root in (ASSETS_DIR, user_assets):
        if root and root.is_dir():
            for asset in sorted(root.rglob("*")):
                if asset.is_file():
                    assets[f"assets/{asset.relative_to(root).as_posix()}"] = asset.read_text(encoding="utf-8")
    for rel, text in assets.items():  # a user's asset replaces the built-in one of the same name
        folder.write(rel, text)
    changed = folder.finish()
    return Staged(paths=tuple(sorted(folder.written)), titles=titles, changed=changed)


def _copy_table(header: Sequence[str], rows: Path, out: TextIO) -> None:
    csv.writer(out, lineterminator="\n").writerow(header)
    with rows.open(encoding="utf-8", newline="") as handle:
        shutil.copyfileobj(handle, out)


def _add_page(
    folder: StagingFolder,
    owners: dict[str, str],
    titles: dict[str, str],
    lang: str,
    page: Page,
    plugin: str,
    problems: list[Problem],
) -> None:
    rel = _safe_relative(page.path) if isinstance(page, Page) else None
    if rel is None or rel.suffix != ".md":
        problems.append(
            Problem(
                f"page path {getattr(page, 'path', page)!r} is not a relative .md path; dropped",
                plugin=plugin,
            )
        )
        return
    key = f"{lang}/{rel}"
    if key in owners:
        problems.append(
            Problem(
                f"page {key} is produced by both '{owners[key]}' and '{plugin}'",
                plugin=plugin,
                severity="error",
            )
        )
        return
    folder.write(key, page.markdown)
    owners[key] = plugin
    if page.title:
        titles[key] = page.title


def write_streamed(path: Path, produce: Callable[[TextIO], None]) -> bool:
    """Write a UTF-8 text file that ``produce(handle)`` writes piece by piece, never whole in
    memory: into a temporary file renamed into place when complete, and left untouched when
    the text is the same as before. Whether the file changed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            produce(handle)
        if path.is_file() and filecmp.cmp(tmp, path, shallow=False):
            os.unlink(tmp)
            return False
        os.replace(tmp, path)
        return True
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename: an interrupted build never leaves a half-written file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
    return True


def stage(files: dict[str, str], settings: Settings) -> int:
    """Write the files into the staging folder, remove stale ones; return how many changed."""
    folder = StagingFolder(settings)
    for rel, text in files.items():
        folder.write(rel, text)
    return folder.finish()
