"""The on-disk cache of per-article results.

An entry is keyed by everything the per-article stages depend on: the file's
bytes and place, the plugin set (names, versions and the hash of their code)
and the settings that affect analysis. A changed article, plugin or option
therefore misses the cache; a damaged entry fails its checksum or its schema
and is recomputed, never trusted. Writes are atomic (write, then rename).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

import generator
from generator.errors import ParallaxError
from generator.model import ArticleResult, Problem, Source
from generator.serialize import from_data, to_data
from generator.settings import Settings

SCHEMA = 2  # bump when the layout of an entry changes
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _code_hash(plugin: object) -> str:
    """A hash of the code behind a plugin: every module of its package folder, or its file."""
    module = plugin if inspect.ismodule(plugin) else sys.modules.get(type(plugin).__module__)
    try:
        path = Path(inspect.getfile(module)).resolve() if module is not None else None
    except TypeError:
        return "unknown"
    if path is None:
        return "unknown"
    # A plugin's helpers live beside it: hash its whole package folder when it has one.
    folder = path.parent
    return _files_hash(tuple(sorted(folder.glob("*.py"))) if (folder / "__init__.py").is_file() else (path,))


@functools.cache
def _files_hash(files: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(pm: pluggy.PluginManager, settings: Settings) -> str:
    """What every cache key shares: Parallax's code, the plugins, the analysis settings."""
    parts: list[Any] = [SCHEMA, generator.__version__, _code_hash(generator)]
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        origins = getattr(pm, "origins", {})
        version = origins[name].version if name in origins else "?"
        parts.append([name, version, _code_hash(plugin)])
    parts.append([settings.max_file_size, to_data(settings.options), settings.default_language])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


# An entry no run has used for a week is removed at the end of a run (_Store.sweep).
SWEEP_AGE = 7 * 24 * 3600


class _Store:
    """JSON entries on disk under ``folder``, each with a checksum of its payload."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self.rejected = 0
        self.used: set[str] = set()  # the keys read or written by this run

    def sweep(self, used: set[str] = frozenset(), age: float = SWEEP_AGE) -> int:
        """Remove the entries neither in ``used`` nor read or written by this run that were
        last written or used more than ``age`` seconds ago (another run may still use a
        recent one); how many were removed.

        Each change to an article leaves its former entries behind (its own, its
        story's, its story's part of report.json): without this, a long editing
        session would fill the cache with them.
        """
        removed = 0
        limit = time.time() - age
        keep = self.used | used
        for path in self.folder.glob("[0-9a-f][0-9a-f]/*.json"):
            if path.stem in keep:
                with contextlib.suppress(OSError):
                    os.utime(path)  # used now: the mark that keeps it from another run's sweep
                continue
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
        return removed

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> Any | None:
        """The payload stored under ``key`` when its checksum holds, else None.

        An entry is the SHA-256 of the payload's JSON text, a newline, then that
        text: checked on the bytes as read, before anything is parsed.
        """
        self.used.add(key)
        read = self._read(key)
        if read is None:
            return None
        try:
            return json.loads(read[1].decode("utf-8", "surrogatepass"))
        except ValueError:
            return self.reject()

    def _read(self, key: str) -> tuple[bytes, bytes] | None:
        """An entry's checksum line and what follows it, when that is what the checksum says;
        else None, counted as a miss (no entry) or a rejected one (damaged)."""
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        digest, _, rest = raw.partition(b"\n")
        if digest.decode("ascii", "replace") != hashlib.sha256(rest).hexdigest():
            return self.reject()
        return digest, rest

    def _write(self, key: str, chunks: Iterable[bytes]) -> Path | None:
        """Store an entry atomically (written aside, then renamed): the SHA-256 of the chunks,
        a newline, the chunks. Its path, or None if it could not be written."""
        chunks = list(chunks)
        digest = hashlib.sha256()
        for chunk in chunks:
            digest.update(chunk)
        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(digest.hexdigest().encode("ascii") + b"\n")
                for chunk in chunks:
                    handle.write(chunk)
            os.replace(tmp, path)
        except OSError:
            if tmp is not None:  # a full disk midway: no half-written file left behind
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            return None
        return path

    def reject(self) -> None:
        """Count a damaged entry, or one from another schema: it is recomputed and replaced."""
        self.rejected += 1
        self.misses += 1

    def save(self, key: str, payload: Any) -> None:
        """Store a payload atomically; a failure to write only costs a future recomputation."""
        self.used.add(key)
        self._write(key, [json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass")])


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


class ArticleCache(_Store):
    """Per-article results on disk under ``folder``, one JSON file per entry."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        super().__init__(folder)
        self.fingerprint = fingerprint

    def key(self, source: Source) -> str:
        """The entry's key: the source's bytes and place, and the shared fingerprint."""
        return _digest(self.fingerprint.encode(), source.rel.encode(), source.story.encode(), source.data)

    def holds(self, source: Source) -> bool:
        """Whether an entry for ``source`` is there and its checksum holds (read, not decoded:
        a run decodes each entry when it comes to its story, not all of them at its start)."""
        return self._read(self.key(source)) is not None

    def get(self, source: Source) -> tuple[ArticleResult | None, tuple[Problem, ...]] | None:
        """The cached outcome for ``source``, or None on a miss or a damaged entry."""
        data = self.load(self.key(source))
        if data is None:
            return None
        try:
            result = from_data(ArticleResult | None, data["result"])
            problems = from_data(tuple[Problem, ...], data["problems"])
        except (ValueError, KeyError, TypeError):
            return self.reject()
        self.hits += 1
        return result, problems

    def put(
        self,
        source: Source,
        outcome: tuple[ArticleResult | None, tuple[Problem, ...]],
        entry: dict[str, Any] | None = None,
    ) -> None:
        """Store an outcome atomically; a failure to write only costs a future recomputation.

        ``entry`` is the outcome's :meth:`entry` when a worker made it already.
        """
        self.save(self.key(source), entry if entry is not None else self.entry(outcome))

    @staticmethod
    def entry(outcome: tuple[ArticleResult | None, tuple[Problem, ...]]) -> dict[str, Any]:
        """An outcome as the data a cache entry holds."""
        result, problems = outcome
        return {"result": to_data(result), "problems": to_data(problems)}


class StoryCache(_Store):
    """Story-level results on disk (linked entities, comparison, summary), keyed by their inputs.

    A story's key is the shared fingerprint, the stage, and the inputs of the
    stage as data (the story, the keys of its articles' cache entries, and
    what earlier stages gave): one changed article, plugin or option misses
    the entries of its story only, and the other stories come from here.
    """

    def __init__(self, folder: Path, fingerprint: str) -> None:
        super().__init__(folder)
        self.fingerprint = fingerprint

    def key(self, stage: str, inputs: Any) -> str:
        """The key of a stage's entry for these inputs (JSON-ready data)."""
        text = json.dumps(to_data(inputs), sort_keys=True, ensure_ascii=False, default=str)
        return _digest(self.fingerprint.encode(), stage.encode(), text.encode())

    def get(self, key: str, cls: Any) -> Any | None:
        """The entry under ``key`` rebuilt as a ``cls``, or None on a miss or a damaged entry."""
        data = self.load(key)
        if data is None:
            return None
        try:
            value = from_data(cls, data)
        except (ValueError, KeyError, TypeError):
            return self.reject()
        self.hits += 1
        return value

    def put(self, key: str, value: Any, entry: Any = None) -> None:
        """Store a value (a model value, made JSON-ready) under ``key``; ``entry`` is that data
        when a worker made it already."""
        self.save(key, entry if entry is not None else to_data(value))


@dataclass(frozen=True)
class Part:
    """One story's part of report.json, as kept by a :class:`PartStore`.

    ``header`` holds what the part was made with and what it gives (see
    ``pipeline.extract``); ``part(section)`` is the section's JSON text, read
    from the entry's file (checked again against its checksum) or, for a part
    that could not be written, from memory.
    """

    key: str
    header: Mapping[str, Any]
    path: Path | None = None
    spans: Mapping[str, tuple[int, int, str]] = field(default_factory=dict)  # offset, size, sha256
    texts: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, section: str) -> str:
        if self.path is None:
            return self.texts.get(section, "")
        offset, size, digest = self.spans[section]
        if not size:
            return ""
        try:
            with self.path.open("rb") as handle:
                handle.seek(offset)
                data = handle.read(size)
        except OSError as exc:
            raise ParallaxError(
                f"the cache entry {self.path} could not be read again ({exc}); run again"
            ) from exc
        if hashlib.sha256(data).hexdigest() != digest:
            raise ParallaxError(
                f"the cache entry {self.path} changed while the report was written; run again"
            )
        return data.decode("utf-8", "surrogatepass")


class PartStore(_Store):
    """Stories' parts of report.json on disk, so that an unchanged story is copied as text,
    without reading back or encoding its analysis again.

    A part's key is the shared fingerprint, the story (id and titles), the keys
    of its articles' cache entries and ``salt`` (what else the text depends
    on: the default language and the UI catalogues). An entry is a checksum
    line, a header line (JSON) and the sections' texts one after the other;
    the checksum covers all but itself and is checked before the header is
    trusted, and each section's own checksum when it is read.
    """

    def __init__(self, folder: Path, fingerprint: str, salt: str = "") -> None:
        super().__init__(folder)
        self.fingerprint = fingerprint
        self.salt = salt

    def key(self, story: str, titles: Mapping[str, str], article_keys: list[str]) -> str:
        """The key of a story's part: see the class."""
        text = json.dumps([story, dict(sorted(titles.items())), article_keys, self.salt], ensure_ascii=False)
        return _digest(self.fingerprint.encode(), b"part", text.encode("utf-8", "surrogatepass"))

    def get(self, key: str) -> Part | None:
        """The part stored under ``key`` when its checksum holds, else None."""
        read = self._read(key)
        if read is None:
            return None
        digest, rest = read
        line = rest.partition(b"\n")[0]
        try:
            header = json.loads(line.decode("utf-8", "surrogatepass"))
            spans, offset = {}, len(digest) + 1 + len(line) + 1
            for name, size, sha in header["sections"]:
                spans[name] = (offset, int(size), str(sha))
                offset += int(size)
        except (ValueError, KeyError, TypeError):
            return self.reject()
        if offset != len(digest) + 1 + len(rest):
            return self.reject()
        self.hits += 1
        return Part(key, header, self._path(key), spans)

    def put(self, key: str, header: Mapping[str, Any], sections: Mapping[str, str]) -> Part:
        """Store a part atomically and return it; kept in memory if it cannot be written."""
        blobs = {name: text.encode("utf-8", "surrogatepass") for name, text in sections.items()}
        head = {**header, "sections": [[n, len(b), hashlib.sha256(b).hexdigest()] for n, b in blobs.items()]}
        rest = json.dumps(head, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
        path = self._write(key, [rest, *blobs.values()])
        if path is None:
            return Part(key, header, texts=dict(sections))
        offset = 64 + 1 + len(rest)
        spans = {}
        for name, size, sha in head["sections"]:
            spans[name] = (offset, size, sha)
            offset += size
        return Part(key, header, path, spans)
