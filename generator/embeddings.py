"""Sentence embeddings for the comparison stage: the parallax_embed hook, memoised."""

from __future__ import annotations

import pluggy

from generator.calls import call
from generator.model import Problem
from generator.settings import Settings


class Embedder:
    """``embed(texts)``: one vector per text, from the first plugin that embeds; memoised by text.

    With no embedding plugin (or a failing one) it returns empty vectors, and
    comparison plugins fall back on the facts' normalised anchors.
    """

    def __init__(self, pm: pluggy.PluginManager, settings: Settings, problems: list[Problem]) -> None:
        self._pm = pm
        self._settings = settings
        self._problems = problems
        self._memo: dict[str, list[float]] = {}

    def __call__(self, texts: list[str]) -> list[list[float]]:
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
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
            self._memo.update(zip(todo, (list(v) for v in vectors), strict=True))
        return [self._memo[t] for t in texts]
