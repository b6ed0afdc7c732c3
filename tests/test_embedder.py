"""The built-in embedder: multilingual USE v3, offline, one unit vector per text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from generator.embeddings import Embedder
from generator.errors import PluginError
from generator.manager import plugin_manager
from generator.model import Problem
from generator.settings import Settings
from plugins import embedder

# The same sentence in several languages, and sentences on other subjects.
TRANSLATIONS = [
    ("The river burst its banks and flooded the town.", "El río se desbordó e inundó la ciudad."),
    (
        "The river burst its banks and flooded the town.",
        "Der Fluss trat über die Ufer und überflutete die Stadt.",
    ),
    (
        "The company's profit rose to 310 million euros.",
        "L'utile dell'azienda è salito a 310 milioni di euro.",
    ),
    (
        "The company's profit rose to 310 million euros.",
        "Le bénéfice de l'entreprise a atteint 310 millions d'euros.",
    ),
    ("The minister resigned on Friday.", "Министр подал в отставку в пятницу."),
    ("The minister resigned on Friday.", "O ministro renunciou na sexta-feira."),
]
UNRELATED = [
    "The orchestra will play Mahler's fifth symphony tonight.",
    "Il gatto dorme sul divano tutto il pomeriggio.",
    "Die Mannschaft gewann das Spiel mit drei zu null.",
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(content_dir=tmp_path / "content", build_dir=tmp_path / "b")


def test_vectors_are_unit_vectors_of_512_dimensions(settings: Settings) -> None:
    texts = [a for a, _ in TRANSLATIONS] + [b for _, b in TRANSLATIONS]
    vectors = np.asarray(embedder.parallax_embed(texts, settings))
    assert vectors.shape == (len(texts), embedder.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_an_empty_text_gets_a_zero_vector_not_a_model_call(settings: Settings) -> None:
    vectors = embedder.encode(["", "   "], settings)
    assert vectors.shape == (2, embedder.DIMENSIONS) and not vectors.any()
    assert embedder.encode([], settings).shape == (0, embedder.DIMENSIONS)


def test_translations_are_closer_than_unrelated_sentences_across_languages(settings: Settings) -> None:
    for english, other in TRANSLATIONS:
        a, b, *rest = embedder.encode([english, other, *UNRELATED], settings)
        same = float(a @ b)
        unrelated = max(float(a @ r) for r in rest) if rest else 0.0
        assert same > 0.5, (english, other, same)
        assert same > unrelated + 0.2, (english, other, same, unrelated)


def test_vectors_are_memoised_by_text(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    embedder.encode(["A sentence seen once."], settings)
    calls: list[list[str]] = []
    model = embedder._model("use-v3", 1)

    class Counting:
        def encode(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return model.encode(texts)

    monkeypatch.setitem(embedder._models, "use-v3", Counting())
    first = embedder.encode(["A sentence seen once.", "A new sentence."], settings)
    again = embedder.encode(["A new sentence.", "A sentence seen once."], settings)
    assert calls == [["A new sentence."]]
    assert np.array_equal(first[0], again[1]) and np.array_equal(first[1], again[0])


def test_an_unknown_model_is_refused_with_the_plugin_named(tmp_path: Path) -> None:
    settings = Settings(
        content_dir=tmp_path, build_dir=tmp_path / "b", options={"embedder": {"model": "bert-large"}}
    )
    with pytest.raises(PluginError, match=r"embedder.*bert-large"):
        embedder.encode(["x"], settings)


def test_the_host_embeds_through_the_hook_and_falls_back_to_nothing_when_switched_off(
    settings: Settings,
) -> None:
    problems: list[Problem] = []
    on = Embedder(plugin_manager(entry_points=False), settings, problems)
    vectors = on(["Der Fluss trat über die Ufer.", "The river burst its banks."])
    assert [len(v) for v in vectors] == [embedder.DIMENSIONS] * 2
    assert float(np.dot(*vectors)) > 0.5
    off = Embedder(plugin_manager(entry_points=False, disabled=["embedder"]), settings, problems)
    assert off(["The river burst its banks."]) == [[]]
    assert problems == []


def test_switching_the_embedder_off_also_keeps_it_out_of_lineage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert embedder.enabled(Settings(content_dir=tmp_path, build_dir=tmp_path / "b"))
    assert not embedder.enabled(
        Settings(content_dir=tmp_path, build_dir=tmp_path / "b", disabled=("embedder",))
    )
    monkeypatch.setenv("PARALLAX_DISABLE_PLUGINS", "embedder")
    assert not embedder.enabled(None)
    monkeypatch.delenv("PARALLAX_DISABLE_PLUGINS")
    monkeypatch.setenv("PARALLAX_LOAD_PLUGINS", "readers,claims")
    assert not embedder.enabled(None)
