"""plugins.sentences: sentence spans into the clean text, per paragraph, never raising."""

from __future__ import annotations

import re
from pathlib import Path

import pluggy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import hookspecs
from generator.model import Article, Block, Span
from generator.settings import Settings
from plugins import sentences
from plugins.sentences import parallax_segment, split_sentences

SEED_STORY = Path(__file__).resolve().parent.parent / "content" / "ai-training-data"
SETTINGS = Settings(content_dir=Path("."), build_dir=Path("."))


def article(text: str, lang: str | None, blocks: tuple[Block, ...] = ()) -> Article:
    return Article(
        id="x", story="s", source="s/x.txt", format="txt", body=text, text=text, lang=lang, blocks=blocks
    )


def split(text: str, lang: str | None) -> list[str]:
    spans = parallax_segment(article(text, lang), SETTINGS)
    assert_well_formed(text, spans)
    return [text[span.start : span.end] for span in spans]


def assert_well_formed(text: str, spans: list[Span]) -> None:
    """In bounds, non-empty, trimmed, in order, not overlapping, within one paragraph."""
    previous_end = 0
    for span in spans:
        assert 0 <= previous_end <= span.start < span.end <= len(text), (span, len(text))
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        assert not re.search(r"\n\s*\n", piece), piece
        previous_end = span.end


# --------------------------------------------------------------------------
# Languages, abbreviations, numbers, quotes
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Dr. Smith met the U.S. envoy on Monday. The economy grew 2.5% in 2024. Was it enough?",
            ["Dr. Smith met the U.S. envoy on Monday.", "The economy grew 2.5% in 2024.", "Was it enough?"],
        ),
        (
            "de",
            "Das kostet z. B. 4,6 Mio. Euro. Am 3. Januar kam er zurück. Wir sehen uns.",
            ["Das kostet z. B. 4,6 Mio. Euro.", "Am 3. Januar kam er zurück.", "Wir sehen uns."],
        ),
        (
            "ru",
            "Это, т. е. новый подход, изменит всё. Рост составил 2,5 %. Он ушёл.",
            ["Это, т. е. новый подход, изменит всё.", "Рост составил 2,5 %.", "Он ушёл."],
        ),
        (
            "it",
            "Il dott. Rossi ha parlato di 4,6 milioni di euro. «Abbiamo esaurito i dati» ha detto Musk. Poi è uscito.",
            [
                "Il dott. Rossi ha parlato di 4,6 milioni di euro.",
                "«Abbiamo esaurito i dati» ha detto Musk.",
                "Poi è uscito.",
            ],
        ),
        (
            "fr",
            "Il a dit : « Non. » Puis il est parti. « C'est fini », a-t-il ajouté.",
            ["Il a dit : « Non. »", "Puis il est parti.", "« C'est fini », a-t-il ajouté."],
        ),
        (
            "es",
            "¿Qué pasó? ¡No lo sé! El Dr. García dijo que sí.",
            ["¿Qué pasó?", "¡No lo sé!", "El Dr. García dijo que sí."],
        ),
        (
            "pt",
            "O Dr. Silva falou em 4,6 milhões. Foi às 20h53. O sr. Costa discordou.",
            ["O Dr. Silva falou em 4,6 milhões.", "Foi às 20h53.", "O sr. Costa discordou."],
        ),
        (
            "en",
            '"We have run out of data," Musk said. "It is over." He left.',
            ['"We have run out of data," Musk said.', '"It is over."', "He left."],
        ),
        (
            "ar",
            "قال ماسك إن البيانات نفدت. ثم غادر القاعة. هل هذا صحيح؟ نعم.",
            ["قال ماسك إن البيانات نفدت.", "ثم غادر القاعة.", "هل هذا صحيح؟", "نعم."],
        ),
        (
            "he",
            "מאסק אמר שהנתונים נגמרו. אחר כך הוא עזב. האם זה נכון? כן.",
            ["מאסק אמר שהנתונים נגמרו.", "אחר כך הוא עזב.", "האם זה נכון?", "כן."],
        ),
        (
            "zh",
            "马斯克说数据已经用完了。他离开了！这是真的吗？",
            ["马斯克说数据已经用完了。", "他离开了！", "这是真的吗？"],
        ),
        (
            "ja",
            "今日は晴れです。明日は雨でしょう！本当ですか？",
            ["今日は晴れです。", "明日は雨でしょう！", "本当ですか？"],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) <= 2 else None,
)
def test_sentences_in_many_languages(lang: str, text: str, expected: list[str]) -> None:
    assert split(text, lang) == expected


def test_lowercase_start_continues_the_sentence() -> None:
    # sentencex splits after "т. е." and after "Stop!"; neither starts a sentence.
    assert split("Это т. е. хорошо. А потом?", "ru") == ["Это т. е. хорошо.", "А потом?"]
    assert split('"Stop!" he said. Then he left.', "en") == ['"Stop!" he said.', "Then he left."]


def test_unknown_language_uses_english_like_rules() -> None:
    text = "Mr. Smith met Dr. Jones at 3 p.m. yesterday. They talked! Was it fun? Yes."
    english = split(text, "en")
    assert english == ["Mr. Smith met Dr. Jones at 3 p.m. yesterday.", "They talked!", "Was it fun?", "Yes."]
    for lang in ("qq", "und", "", None, "xx-YY"):
        assert split(text, lang) == english


def test_region_subtag_is_dropped() -> None:
    text = "O Dr. Silva falou. Foram 4,6 milhões. O sr. Costa discordou."
    assert split(text, "pt-BR") == split(text, "pt")


# --------------------------------------------------------------------------
# Paragraphs and offsets
# --------------------------------------------------------------------------


def test_sentences_never_cross_paragraphs() -> None:
    # No full stop at the end of the first paragraph: still two sentences.
    text = "A headline without a full stop\n\nThe first sentence. The second one.\n \n\nLast"
    assert split(text, "en") == [
        "A headline without a full stop",
        "The first sentence.",
        "The second one.",
        "Last",
    ]


def test_blocks_are_boundaries_too() -> None:
    text = "Title line\nFirst sentence of the body. Second."
    blocks = (Block(0, 10, "h"), Block(11, len(text)))
    spans = parallax_segment(article(text, "en", blocks), SETTINGS)
    assert [text[s.start : s.end] for s in spans] == ["Title line", "First sentence of the body.", "Second."]


def test_blocks_outside_the_text_are_ignored() -> None:
    text = "One. Two."
    spans = parallax_segment(article(text, "en", (Block(0, 99),)), SETTINGS)
    assert [text[s.start : s.end] for s in spans] == ["One.", "Two."]


def test_offsets_are_exact_with_surrounding_whitespace() -> None:
    text = "  \n  First one.   Second one.\t\n\n\n   Third.  "
    spans = parallax_segment(article(text, "en"), SETTINGS)
    assert [(s.start, s.end) for s in spans] == [
        (text.index("First"), text.index("First") + len("First one.")),
        (text.index("Second"), text.index("Second") + len("Second one.")),
        (text.index("Third"), text.index("Third") + len("Third.")),
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\t \n"])
def test_empty_text_has_no_sentences(text: str) -> None:
    assert parallax_segment(article(text, "en"), SETTINGS) == []


@pytest.mark.parametrize("path", sorted(SEED_STORY.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_articles_are_covered(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lang = {"000": "it", "001": "ru", "002": "fr", "003": "de", "004": "pt"}[path.name[:3]]
    spans = parallax_segment(article(text, lang), SETTINGS)
    assert_well_formed(text, spans)
    assert len(spans) > 5
    # Every word of the article is in some sentence.
    covered = "".join(text[s.start : s.end] for s in spans)
    assert re.sub(r"\s+", "", covered) == re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------
# Robustness: sentencex changing whitespace, failing, or returning nonsense
# --------------------------------------------------------------------------


def test_sentences_with_altered_whitespace_are_still_found(monkeypatch: pytest.MonkeyPatch) -> None:
    def collapsing(lang: str, text: str) -> list[str]:
        return [" ".join(part.split()) for part in re.split(r"(?<=\.)\s+", text)]

    monkeypatch.setattr(sentences, "segment", collapsing)
    text = "First   sentence\tis here. Second\nsentence  too."
    assert split(text, "en") == ["First   sentence\tis here.", "Second\nsentence  too."]


def test_unlocatable_sentence_makes_the_paragraph_one_span(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "segment", lambda lang, text: ["Not in the text at all."])
    text = "One. Two.\n\nThree."
    assert split(text, "en") == ["One. Two.", "Three."]


def test_a_failing_splitter_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(lang: str, text: str) -> list[str]:
        raise RuntimeError("native code had a bad day")

    monkeypatch.setattr(sentences, "segment", broken)
    assert split("One. Two.\n\nThree.", "en") == ["One. Two.", "Three."]


@pytest.mark.parametrize("lang", ["fr", "de", "en", "zh"])
def test_no_break_space_after_an_initial_does_not_crash(lang: str) -> None:
    # sentencex 1.0.32 panics on "Z\u00a0." (a Rust byte-slicing bug); French
    # puts no-break spaces before punctuation all the time.
    text = "La lettre Z\u00a0. Puis la lettre A\u202f! Et enfin\u00a0?"
    assert split(text, lang)


def test_a_native_panic_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    class PanicException(BaseException):  # what pyo3 raises for a Rust panic
        pass

    def panicking(lang: str, text: str) -> list[str]:
        raise PanicException("index out of bounds")

    monkeypatch.setattr(sentences, "segment", panicking)
    assert split("One. Two.", "en") == ["One. Two."]


def test_keyboard_interrupt_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(lang: str, text: str) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(sentences, "segment", interrupted)
    with pytest.raises(KeyboardInterrupt):
        split("One. Two.", "en")


def test_runs_as_a_registered_plugin() -> None:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(sentences, name="sentences")
    pm.check_pending()
    spans = pm.hook.parallax_segment(article=article("One. Two.", "en"), settings=SETTINGS)
    assert spans == [Span(0, 4), Span(5, 9)]


# --------------------------------------------------------------------------
# Property: whatever the text, the spans are well formed and cover it
# --------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *"abcXYZ .!?,;:\n\t\"'«»()-0123456789",
        *["Dr.", "U.S.", "z. B.", "т. е.", "é", "ß", "д", "Ж", "中", "。", "！", "ا", "؟", "ש", "😀", "\r"],
        *["\u00a0", "\u202f", "\u3000", "\u2028", "\u200b", "e\u0301", "İ", "𝕏", "Z\u00a0."],
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(), st.lists(_ALPHABET, max_size=80).map("".join)),
    lang=st.sampled_from(
        ["en", "de", "ru", "it", "fr", "pt", "es", "pl", "ar", "he", "zh", "ja", "qq", None]
    ),
)
def test_spans_are_well_formed_for_any_text(text: str, lang: str | None) -> None:
    spans = split_sentences(text, lang)
    assert_well_formed(text, spans)
    covered = "".join(text[s.start : s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text.split())
