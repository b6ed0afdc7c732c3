"""The on-disk cache of per-article results.

An entry is keyed by everything the per-article stages depend on: the file's
bytes and place, the plugin set (names, versions and the hash of their code)
and the settings that affect analysis. A changed article, plugin or option
therefore misses the cache; a damaged entry fails its checksum or its schema
and is recomputed, never trusted. Writes are atomic (write, then rename).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pluggy

import generator
from generator.model import ArticleResult, Problem, Source
from generator.serialize import from_data, to_data
from generator.settings import Settings

SCHEMA = 1  # bump when the layout of an entry changes
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


class ArticleCache:
    """Per-article results on disk under ``folder``, one JSON file per entry."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0
        self.rejected = 0

    def key(self, source: Source) -> str:
        """The entry's key: the source's bytes and place, and the shared fingerprint."""
        digest = hashlib.sha256()
        for part in (self.fingerprint.encode(), source.rel.encode(), source.story.encode(), source.data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, source: Source) -> tuple[ArticleResult | None, tuple[Problem, ...]] | None:
        """The cached outcome for ``source``, or None on a miss or a damaged entry."""
        path = self._path(self.key(source))
        try:
            raw = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            entry = json.loads(raw)
            payload = json.dumps(entry["payload"], sort_keys=True, ensure_ascii=False).encode()
            if entry["sha256"] != hashlib.sha256(payload).hexdigest():
                raise ValueError("checksum mismatch")
            data = entry["payload"]
            result = from_data(ArticleResult | None, data["result"])
            problems = from_data(tuple[Problem, ...], data["problems"])
        except (ValueError, KeyError, TypeError, json.JSONDecodeError):
            # Damaged or from another schema: recompute, and let the new entry replace it.
            self.rejected += 1
            self.misses += 1
            return None
        self.hits += 1
        return result, problems

    def put(self, source: Source, outcome: tuple[ArticleResult | None, tuple[Problem, ...]]) -> None:
        """Store an outcome atomically; a failure to write only costs a future recomputation."""
        result, problems = outcome
        payload = {"result": to_data(result), "problems": to_data(problems)}
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        entry = {"sha256": hashlib.sha256(text.encode()).hexdigest(), "payload": payload}
        path = self._path(self.key(source))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass
