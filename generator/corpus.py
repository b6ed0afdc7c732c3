"""Finding the stories and input files under the content folder (read-only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.model import Problem, Source, frozen_map
from generator.settings import Settings

STORY_FILES = ("story.yml", "story.yaml")
_UNSAFE = re.compile(r"[^a-z0-9_-]+")


def slug(text: str, fallback: str = "item") -> str:
    """A safe id for a path segment: lowercase [a-z0-9_-], never empty, never '.' or '..'."""
    value = _UNSAFE.sub("-", text.lower()).strip("-")[:80]
    return value or fallback


@dataclass(frozen=True)
class StoryInput:
    """A story folder: its id, the titles its story file gives, and its input files."""

    id: str
    folder: Path
    titles: dict[str, str]
    sources: tuple[Source, ...]


def _story_titles(folder: Path, settings: Settings, problems: list[Problem]) -> dict[str, str]:
    for name in STORY_FILES:
        path = folder / name
        if not path.is_file():
            continue
        rel = path.relative_to(settings.content_dir).as_posix()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            problems.append(Problem(f"cannot read the story file: {exc}", path=rel))
            return {}
        title = data.get("title") if isinstance(data, dict) else None
        if isinstance(title, str):
            return {settings.default_language: title}
        if isinstance(title, dict) and all(isinstance(v, str) for v in title.values()):
            return {str(k): v for k, v in title.items()}
        problems.append(Problem("the story file needs 'title': a string or {language: title}", path=rel))
    return {}


def _files(folder: Path, settings: Settings, problems: list[Problem]) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(settings.content_dir)
        if any(part.startswith(".") for part in rel.parts) or path.name in STORY_FILES:
            continue
        if path.is_symlink():
            # A link could point anywhere on the machine: never follow it.
            problems.append(Problem("symbolic link skipped", path=rel.as_posix()))
            continue
        if path.is_file():
            found.append(path)
    return found


def discover(settings: Settings, problems: list[Problem]) -> list[StoryInput]:
    """Every story folder under the content folder, with its files' bytes.

    Each sub-folder of the content folder is a story; files directly in the
    content folder form a story named after the folder. Files larger than
    ``settings.max_file_size`` are reported and left out.
    """
    root = settings.content_dir
    if not root.is_dir():
        problems.append(Problem(f"the content folder {root} does not exist", severity="error"))
        return []
    folders = [root, *sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
    stories: list[StoryInput] = []
    seen: set[str] = set()
    for folder in folders:
        files = [p for p in _files(folder, settings, problems) if folder != root or p.parent == root]
        if folder == root:
            if not files:
                continue
            story_id = slug(root.name, "stories")
        else:
            story_id = slug(folder.name, "story")
        if story_id in seen:
            problems.append(Problem(f"two story folders give the id '{story_id}'", path=folder.name))
            story_id = f"{story_id}-{len(seen) + 1}"
        seen.add(story_id)
        sources = []
        for path in files:
            rel = path.relative_to(root).as_posix()
            size = path.stat().st_size
            if size > settings.max_file_size:
                problems.append(
                    Problem(f"file of {size} bytes is over the limit of {settings.max_file_size}", path=rel)
                )
                continue
            sources.append(Source(path=path, rel=rel, story=story_id, data=path.read_bytes()))
        titles = _story_titles(folder, settings, problems) or {settings.default_language: folder.name}
        stories.append(StoryInput(story_id, folder, titles, tuple(sources)))
    return stories


def story_title_map(story: StoryInput) -> dict[str, str]:
    """The story's titles as a read-only mapping."""
    return frozen_map(story.titles)
