"""Turning a report into the Markdown and data files MkDocs builds the site from.

Pages are written to a staging folder (``settings.build_dir``, a cache), one
sub-folder per UI language as mkdocs-static-i18n's "folder" structure wants:
the i18n plugin only sees files that really are inside ``docs_dir``. Files are
written only when their content changed, so ``mkdocs serve`` does not loop.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pluggy

from generator.calls import call_each
from generator.model import Page, Problem, Report
from generator.report import ARTICLES_CSV, CLAIMS_CSV, REPORT_PATH, articles_csv, claims_csv, report_json
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
    """What is staged for MkDocs: each file's relative path and text, and each page's nav title."""

    files: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


def render(report: Report, pm: pluggy.PluginManager, settings: Settings, problems: list[Problem]) -> Staged:
    """Every staged file: pages per UI language (under ``<lang>/``), data and assets."""
    staged = Staged()
    files, owners = staged.files, {}
    catalogs = {}
    for lang in sorted(settings.ui_languages, key=lambda code: code != settings.default_language):
        strings = load_catalog(lang, settings.default_language, settings.templates_dir)
        catalogs[lang] = strings
        for missing in strings.missing():
            problems.append(
                Problem(f"UI language '{lang}' has no translation for '{missing}'", plugin="strings")
            )
        # One call per renderer, so that two renderers writing the same page are both named.
        for name, batch in call_each(
            pm, "parallax_pages", problems, report=report, lang=lang, strings=strings, settings=settings
        ):
            for page in batch:
                _add_page(staged, owners, lang, page, name, problems)
    files[REPORT_PATH] = report_json(report, settings.default_language, catalogs)
    files[ARTICLES_CSV] = articles_csv(report)
    files[CLAIMS_CSV] = claims_csv(report, settings.default_language)
    user_assets = settings.templates_dir / "assets" if settings.templates_dir else None
    for folder in (ASSETS_DIR, user_assets):
        if folder and folder.is_dir():
            for asset in sorted(folder.rglob("*")):
                if asset.is_file():
                    files[f"assets/{asset.relative_to(folder).as_posix()}"] = asset.read_text(
                        encoding="utf-8"
                    )
    return staged


def _add_page(
    staged: Staged, owners: dict[str, str], lang: str, page: Page, plugin: str, problems: list[Problem]
) -> None:
    files = staged.files
    rel = _safe_relative(page.path)
    if rel is None or rel.suffix != ".md":
        problems.append(
            Problem(f"page path {page.path!r} is not a relative .md path; dropped", plugin=plugin)
        )
        return
    key = f"{lang}/{rel}"
    if key in files:
        problems.append(
            Problem(
                f"page {key} is produced by both '{owners[key]}' and '{plugin}'",
                plugin=plugin,
                severity="error",
            )
        )
        return
    files[key] = page.markdown
    owners[key] = plugin
    if page.title:
        staged.titles[key] = page.title


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
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
    root = settings.build_dir
    content = settings.content_dir.resolve()
    resolved = root.resolve()
    if resolved == content or content in resolved.parents or resolved in content.parents:
        raise ValueError(f"the build folder {root} must not be inside or around the content folder {content}")
    if root.exists() and any(root.iterdir()) and not (root / MARKER).is_file():
        raise ValueError(f"{root} exists and was not made by Parallax; choose another build_dir")
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("Parallax stages generated pages here; it deletes what it did not write.\n")
    changed = sum(_write_if_changed(root / rel, text) for rel, text in files.items())
    wanted = {root / rel for rel in files} | {root / MARKER}
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            changed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed
