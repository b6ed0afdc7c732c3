"""Sentence embeddings for the comparison stage: the parallax_embed hook, memoised in memory and on disk."""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from pathlib import Path

import pluggy

from generator.calls import call
from generator.model import Problem
from generator.settings import Settings

VECTORS_FILE = "vectors.sqlite"  # in the cache folder


class VectorStore:
    """Sentence vectors on disk, keyed by the build's fingerprint and the text.

    A rebuild after one article changed then embeds only the sentences that
    are new (loading no model at all when there are none). An SQLite file,
    so that worker processes can share it; a damaged or unreadable store is
    ignored (everything is recomputed), never trusted: a vector of the wrong
    size is a miss.
    """

    def __init__(self, path: Path, fingerprint: str) -> None:
        self._path = path
        self._salt = fingerprint.encode()
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self._path, timeout=60)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
                self._db = db
            except (OSError, sqlite3.Error):
                return None
        return self._db

    def close(self) -> None:
        """Close the connection (a later call opens it again)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def _key(self, text: str) -> str:
        return hashlib.sha256(self._salt + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, texts: list[str]) -> dict[str, list[float]]:
        """The stored vectors of those texts that have one."""
        db = self._connect()
        if db is None or not texts:
            return {}
        keys = {self._key(t): t for t in texts}
        found: dict[str, list[float]] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = list(keys)[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, data in db.execute(f"SELECT key, data FROM vectors WHERE key IN ({marks})", chunk):
                    if isinstance(data, bytes) and data and len(data) % 8 == 0:
                        found[keys[key]] = array("d", data).tolist()
        except sqlite3.Error:
            return {}
        return found

    def put(self, vectors: dict[str, list[float]]) -> None:
        """Store vectors (empty ones, from a failed embedder, are not stored)."""
        db = self._connect()
        rows = [(self._key(t), array("d", v).tobytes()) for t, v in vectors.items() if v]
        if db is None or not rows:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO vectors (key, data) VALUES (?, ?)", rows)
        except (sqlite3.Error, OverflowError, TypeError):
            pass


class Embedder:
    """``embed(texts)``: one vector per text, from the first plugin that embeds; memoised by text.

    With no embedding plugin (or a failing one) it returns empty vectors, and
    comparison plugins fall back on the facts' normalised anchors. With a
    :class:`VectorStore`, vectors computed in earlier builds are read from disk.
    """

    def __init__(
        self,
        pm: pluggy.PluginManager,
        settings: Settings,
        problems: list[Problem],
        store: VectorStore | None = None,
    ) -> None:
        self._pm = pm
        self._settings = settings
        self._problems = problems
        self._store = store
        self._memo: dict[str, list[float]] = {}
        # Whether any plugin embeds at all: without one, plugins skip the work that needs vectors.
        self.available = bool(pm.hook.parallax_embed.get_hookimpls())

    def __call__(self, texts: list[str]) -> list[list[float]]:
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if todo and self._store is not None:
            self._memo.update(self._store.get(todo))
            todo = [t for t in todo if t not in self._memo]
        if todo:
            vectors = call(self._pm, "parallax_embed", self._problems, texts=todo, settings=self._settings)
            if vectors is None or len(vectors) != len(todo):
                if vectors is not None:
                    self._problems.append(
                        Problem(
                            f"parallax_embed returned {len(vectors)} vectors for {len(todo)} texts; ignored"
                        )
                    )
                vectors = [[] for _ in todo]
            computed = dict(zip(todo, ([float(x) for x in v] for v in vectors), strict=True))
            self._memo.update(computed)
            if self._store is not None:
                self._store.put(computed)
        return [self._memo[t] for t in texts]
