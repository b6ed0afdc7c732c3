"""Finding the stories and input files under the content folder (read-only).

The content folder is untrusted input, names included: nothing here follows a
symbolic link, opens anything but a regular file, reads more than
``max_file_size`` bytes of one file, or lets a file's name carry control
characters into messages and pages. Whatever is left out is reported with its
path and the reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.decode import decode
from generator.errors import InputError
from generator.model import Problem, Source
from generator.settings import Settings

STORY_FILES = ("story.yml", "story.yaml")
MAX_ID_LENGTH = 80
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
_DASHES = re.compile(r"-{2,}")
# What a name may not show as it is: C0 and C1 controls (a newline or an ANSI
# escape in a file name would forge lines of the build log), bidi overrides,
# embeddings and isolates (they reorder what is displayed), and the
# surrogates Python uses for bytes that are not UTF-8.
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def unique(base: str, taken: set[str], suffix: str = "") -> str:
    """``base + suffix``, or ``base-2 + suffix``, ``base-3 + suffix``…: the first not in ``taken``,
    which it joins. For ids and page names that must not collide."""
    name, n = f"{base}{suffix}", 1
    while name in taken:
        n += 1
        name = f"{base}-{n}{suffix}"
    taken.add(name)
    return name


def slug(text: str, fallback: str = "item") -> str:
    """A safe id for a path segment: lowercase ``[a-z0-9_-]``, at most 80 characters, never empty.

    Accents are dropped ("Élection" -> "election"); a name with nothing left
    (Cyrillic, Chinese) gets ``fallback`` and a hash of the name, and a long
    one keeps a hash of the whole name, so that different names keep
    different ids.
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in folded if not unicodedata.combining(char)).lower()
    value = _DASHES.sub("-", _UNSAFE.sub("-", folded)).strip("-_")
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()
    if not value:
        return f"{fallback}-{digest}"
    if len(value) > MAX_ID_LENGTH:
        value = f"{value[: MAX_ID_LENGTH - len(digest) - 1].rstrip('-_')}-{digest}"
    return value


def shown_name(name: str) -> str:
    """A file or folder name as messages and pages may show it.

    Characters that would act rather than show (see ``_UNSHOWABLE``) become
    escapes: ``\\n``, ``\\x1b``, ``\\u202e``; bytes that are not UTF-8 become ``\\xff``.
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
            return f"\\x{code - 0xDC00:02x}"
        return char.encode("unicode_escape").decode("ascii") if code < 0x100 else f"\\u{code:04x}"

    return _UNSHOWABLE.sub(escape, name)


@dataclass(frozen=True)
class StoryInput:
    """A story folder: its id, the titles its story file gives, and its input files."""

    id: str
    folder: Path
    titles: dict[str, str]
    sources: tuple[Source, ...]


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error on one line: the problem and where it is."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})" if mark else str(problem)


def _story_titles(folder: Path, settings: Settings, problems: list[Problem]) -> dict[str, str]:
    for name in STORY_FILES:
        path = folder / name
        rel = shown_name(path.relative_to(settings.content_dir).as_posix())
        if path.is_symlink():
            problems.append(Problem("symbolic link skipped", path=rel))
            continue
        if not path.exists():
            continue
        data = _read(path, rel, settings, problems)
        if data is None:
            return {}
        try:
            loaded = yaml.safe_load(decode(data, rel))
        except InputError as exc:
            problems.append(
                Problem(f"cannot read the story file: {str(exc).removeprefix(f'{rel}: ')}", path=rel)
            )
            return {}
        except yaml.YAMLError as exc:
            problems.append(
                Problem(f"cannot read the story file: broken YAML: {_yaml_problem(exc)}", path=rel)
            )
            return {}
        except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
            # PyYAML's constructors raise plain exceptions for values that look like a
            # type but are not one ("2025-13-45"); its parser recurses once per nesting level.
            problem = "too deeply nested" if isinstance(exc, RecursionError) else str(exc)
            problems.append(Problem(f"cannot read the story file: broken YAML: {problem}", path=rel))
            return {}
        title = loaded.get("title") if isinstance(loaded, dict) else None
        if isinstance(title, str) and title.strip():
            return {settings.default_language: title.strip()}
        if isinstance(title, dict) and title and all(isinstance(v, str) for v in title.values()):
            titles = {str(k): v.strip() for k, v in title.items() if v.strip()}
            if titles:
                return titles
        problems.append(Problem("the story file needs 'title': a string or {language: title}", path=rel))
    return {}


def _read(path: Path, rel: str, settings: Settings, problems: list[Problem]) -> bytes | None:
    """A regular file's bytes, at most ``max_file_size`` of them; None (and a problem) otherwise."""
    limit = settings.max_file_size
    try:
        # O_NOFOLLOW: a file swapped for a link after it was listed is not followed either.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                problems.append(Problem("not a regular file; skipped", path=rel))
                return None
            if info.st_size > limit:
                problems.append(
                    Problem(f"file of {info.st_size} bytes is over the limit of {limit}", path=rel)
                )
                return None
            data = handle.read(limit + 1)
    except OSError as exc:
        problems.append(Problem(f"cannot read the file: {exc.strerror or exc}", path=rel))
        return None
    if len(data) > limit:  # it grew after it was measured
        problems.append(Problem(f"file of more than {limit} bytes is over the limit of {limit}", path=rel))
        return None
    return data


def _walk(folder: Path, settings: Settings, problems: list[Problem]) -> list[Path]:
    """Every entry under ``folder``, sorted as ``sorted(folder.rglob("*"))`` would be.

    A loop rather than ``rglob``, whose recursion fails on a tree a thousand
    folders deep. Linked folders are listed, never entered; hidden ones are
    not entered either.
    """
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                children = [(Path(entry.path), entry.is_dir(follow_symlinks=False)) for entry in entries]
        except OSError as exc:
            rel = shown_name(current.relative_to(settings.content_dir).as_posix())
            problems.append(Problem(f"cannot list the folder: {exc.strerror or exc}", path=rel))
            continue
        for path, is_dir in children:
            found.append(path)
            if is_dir and not path.name.startswith("."):
                pending.append(path)
    return sorted(found)


def _files(folder: Path, settings: Settings, problems: list[Problem], recursive: bool = True) -> list[Path]:
    found = []
    for path in _walk(folder, settings, problems) if recursive else sorted(folder.iterdir()):
        rel = path.relative_to(settings.content_dir)
        if any(part.startswith(".") for part in rel.parts) or path.name in STORY_FILES:
            continue
        if path.is_symlink():
            # A link could point anywhere on the machine: never follow it.
            problems.append(Problem("symbolic link skipped", path=shown_name(rel.as_posix())))
            continue
        if path.is_dir():
            continue
        if not path.is_file():
            problems.append(Problem("not a regular file; skipped", path=shown_name(rel.as_posix())))
            continue
        found.append(path)
    return found


def discover(settings: Settings, problems: list[Problem]) -> list[StoryInput]:
    """Every story folder under the content folder, with its files' bytes.

    Each sub-folder of the content folder is a story; files directly in the
    content folder form a story named after the folder. Files larger than
    ``settings.max_file_size`` are reported and left out, and so are symbolic
    links (to files or to story folders) and anything that is not a regular
    file. A name with characters that cannot be shown is kept, shown with
    escapes, and reported.
    """
    root = settings.content_dir
    if not root.is_dir():
        problems.append(Problem(f"the content folder {root} does not exist", severity="error"))
        return []
    folders = [root]
    for path in sorted(root.iterdir()):
        if path.name.startswith("."):
            continue
        # A linked folder is reported with the content folder's own files, never followed.
        if path.is_dir() and not path.is_symlink():
            folders.append(path)
    stories: list[StoryInput] = []
    seen: set[str] = set()
    rels: set[str] = set()
    for folder in folders:
        # The content folder's own files form a story; its sub-folders are stories of their own.
        files = _files(folder, settings, problems, recursive=folder != root)
        if folder == root:
            if not files:
                continue
            story_id = slug(root.name, "stories")
        else:
            story_id = slug(folder.name, "story")
        if story_id in seen:
            problems.append(
                Problem(f"two story folders give the id '{story_id}'", path=shown_name(folder.name))
            )
        story_id = unique(story_id, seen)
        sources = []
        for path in files:
            raw = path.relative_to(root).as_posix()
            rel = shown_name(raw)
            if rel in rels:
                problems.append(Problem("two files have this name once shown; skipped", path=rel))
                continue
            if rel != raw:
                problems.append(
                    Problem(
                        "the file name has characters that cannot be shown (control characters, "
                        "or bytes that are not UTF-8); shown with escapes, rename the file",
                        path=rel,
                    )
                )
            data = _read(path, rel, settings, problems)
            if data is None:
                continue
            rels.add(rel)
            sources.append(Source(path=path, rel=rel, story=story_id, data=data))
        titles = _story_titles(folder, settings, problems) or {
            settings.default_language: shown_name(folder.name)
        }
        stories.append(StoryInput(story_id, folder, titles, tuple(sources)))
    return stories
