"""plugins.language: lingua detection of an article's language."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pluggy
import pytest

from generator import hookspecs
from generator.model import Article, LanguageGuess
from generator.settings import Settings
from plugins import language
from plugins.language import detect, parallax_language

SEED_STORY = Path(__file__).resolve().parent.parent / "content" / "ai-training-data"
SETTINGS = Settings(content_dir=Path("."), build_dir=Path("."))

# Written for these tests: the same kind of news sentence in each language,
# each longer than lingua's 120-character threshold.
TEXTS = {
    "it": "Il governo ha approvato ieri sera la nuova legge di bilancio, che prevede tagli alle tasse "
    "per le famiglie con figli e nuovi fondi per la sanità pubblica.",
    "ru": "Правительство вчера вечером одобрило новый закон о бюджете, который предусматривает снижение "
    "налогов для семей с детьми и новые средства для здравоохранения.",
    "uk": "Уряд учора ввечері ухвалив новий закон про бюджет, який передбачає зниження податків для "
    "родин із дітьми та нові кошти для охорони здоров'я.",
    "fr": "Le gouvernement a approuvé hier soir la nouvelle loi de finances, qui prévoit des baisses "
    "d'impôts pour les familles avec enfants et de nouveaux fonds pour la santé publique.",
    "de": "Die Regierung hat gestern Abend das neue Haushaltsgesetz verabschiedet, das Steuersenkungen "
    "für Familien mit Kindern und neue Mittel für das öffentliche Gesundheitswesen vorsieht.",
    "pt": "O governo aprovou ontem à noite a nova lei do orçamento, que prevê cortes de impostos para "
    "as famílias com filhos e novos fundos para a saúde pública.",
    "es": "El Gobierno aprobó anoche la nueva ley de presupuestos, que prevé rebajas de impuestos para "
    "las familias con hijos y nuevos fondos para la sanidad pública.",
    "en": "The government approved the new budget law last night, which includes tax cuts for "
    "families with children and new funding for public health services.",
    "nl": "De regering heeft gisteravond de nieuwe begrotingswet goedgekeurd, die belastingverlagingen "
    "voor gezinnen met kinderen en nieuw geld voor de volksgezondheid bevat.",
    "pl": "Rząd zatwierdził wczoraj wieczorem nową ustawę budżetową, która przewiduje obniżki podatków "
    "dla rodzin z dziećmi oraz nowe środki na publiczną służbę zdrowia.",
    "cs": "Vláda včera večer schválila nový zákon o rozpočtu, který počítá se snížením daní pro "
    "rodiny s dětmi a s novými penězi pro veřejné zdravotnictví.",
    "sv": "Regeringen godkände i går kväll den nya budgetlagen, som innehåller skattesänkningar för "
    "barnfamiljer och nya pengar till den offentliga sjukvården.",
    "tr": "Hükümet dün akşam, çocuklu ailelere vergi indirimi ve kamu sağlığı için yeni kaynaklar "
    "öngören yeni bütçe yasasını onayladı.",
    "el": "Η κυβέρνηση ενέκρινε χθες το βράδυ τον νέο νόμο για τον προϋπολογισμό, ο οποίος προβλέπει "
    "μειώσεις φόρων για οικογένειες με παιδιά.",
    "ar": "وافقت الحكومة مساء أمس على قانون الميزانية الجديد الذي ينص على خفض الضرائب على الأسر التي "
    "لديها أطفال وتمويل جديد للصحة العامة.",
    "he": "הממשלה אישרה אמש את חוק התקציב החדש, הכולל הפחתת מסים למשפחות עם ילדים ומימון חדש "
    "למערכת הבריאות הציבורית.",
    "zh": "政府昨晚批准了新的预算法案，该法案规定为有孩子的家庭减税，并为公共卫生提供新的资金。"
    "财政部长表示，赤字将在明年下降到百分之四点六。",
    "ja": "政府は昨夜、子どものいる家庭への減税と公衆衛生への新たな資金を盛り込んだ新しい予算法案を"
    "承認した。財務大臣は、赤字が来年四・六パーセントに縮小すると述べた。",
    "ko": "정부는 어젯밤 자녀가 있는 가정에 대한 세금 감면과 공중 보건을 위한 새로운 예산을 담은 "
    "새 예산안을 승인했다. 재무장관은 적자가 내년에 줄어들 것이라고 말했다.",
}

SEED_LANGUAGES = {"000": "it", "001": "ru", "002": "fr", "003": "de", "004": "pt"}


def article(text: str, body: str | None = None) -> Article:
    return Article(
        id="x", story="s", source="s/x.txt", format="txt", body=text if body is None else body, text=text
    )


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_detects_written_texts(lang: str) -> None:
    guess = parallax_language(article(TEXTS[lang]), SETTINGS)
    assert guess is not None
    assert guess.lang == lang
    assert guess.method == "lingua"
    assert 0.5 < guess.confidence <= 1.0


@pytest.mark.parametrize("path", sorted(SEED_STORY.glob("*.txt")), ids=lambda p: p.name[:3])
def test_detects_seed_articles(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    guess = parallax_language(article(text), SETTINGS)
    assert guess == LanguageGuess(SEED_LANGUAGES[path.name[:3]], guess.confidence, "lingua")
    assert guess.confidence > 0.9


def test_falls_back_to_body_when_text_is_empty() -> None:
    guess = parallax_language(article("", body=TEXTS["de"]), SETTINGS)
    assert guess is not None and guess.lang == "de"


def test_text_wins_over_body() -> None:
    guess = parallax_language(article(TEXTS["fr"], body=TEXTS["de"]), SETTINGS)
    assert guess is not None and guess.lang == "fr"


@pytest.mark.parametrize("text", ["", "   \n\t", "12345 67,89 %", "😀 🎉 ✔", "— … «» ()", ":// 2025"])
def test_no_letters_no_guess(text: str) -> None:
    assert parallax_language(article(text), SETTINGS) is None


@pytest.mark.parametrize(
    "text",
    [
        "OK",
        "Hello",
        "Elon Musk",
        "xAI",
        "Ciao, come stai?",
        "Musk ha detto: «We have run out of data» и ушёл.",
        "数据 data данные données",
        "a" * 5000,
        "Ünïcödé ßtrange wörds",
    ],
)
def test_short_and_mixed_texts_do_not_crash(text: str) -> None:
    guess = parallax_language(article(text), SETTINGS)
    if guess is not None:
        assert len(guess.lang) == 2 and guess.lang.islower()
        assert 0.0 < guess.confidence <= 1.0


def test_short_text_has_its_honest_confidence() -> None:
    # One short sentence: right, but lingua is less sure than on a paragraph.
    short = detect("Bonjour à tous, comment allez-vous ce matin ?")
    assert short is not None and short.lang == "fr"
    assert 0 < short.confidence <= 1.0


def test_very_long_text_is_sampled() -> None:
    long_text = (TEXTS["es"] + " ") * 2000  # about 300,000 characters
    assert language._sample(long_text).startswith(TEXTS["es"])
    assert len(language._sample(long_text)) <= language.MAX_CHARS
    guess = detect(long_text)
    assert guess is not None and guess.lang == "es"


def test_detector_is_built_once_per_process() -> None:
    assert language.detector() is language.detector()
    assert language.short_text_detector() is language.short_text_detector()


class _RecordingBuilder:
    """Stands in for lingua's builder, recording how the detector is configured."""

    calls: ClassVar[list[str]] = []

    @classmethod
    def from_all_languages(cls) -> _RecordingBuilder:
        cls.calls.append("from_all_languages")
        return cls()

    def __getattr__(self, name: str) -> object:
        def record(*args: object) -> _RecordingBuilder:
            self.calls.append(name)
            return self

        return record

    def build(self) -> str:
        self.calls.append("build")
        return "detector"


def test_main_detector_is_lazy_high_accuracy_all_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    # Preloading every model costs 1.3 GB; low accuracy would lose short-text precision.
    _RecordingBuilder.calls = []
    monkeypatch.setattr(language, "LanguageDetectorBuilder", _RecordingBuilder)
    language.detector.cache_clear()
    try:
        assert language.detector() == "detector"
        assert _RecordingBuilder.calls == ["from_all_languages", "build"]
    finally:
        language.detector.cache_clear()


def test_short_texts_route_to_the_trigram_detector_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[str] = []

    def fake(name: str) -> object:
        def compute(text: str) -> list[object]:
            used.append(name)
            return [
                SimpleNamespace(
                    language=SimpleNamespace(iso_code_639_1=SimpleNamespace(name="FR")), value=0.7
                )
            ]

        return lambda: SimpleNamespace(compute_language_confidence_values=compute)

    monkeypatch.setattr(language, "detector", fake("accurate"))
    monkeypatch.setattr(language, "short_text_detector", fake("trigrams"))
    short, long_text = "Bonjour à tous.", TEXTS["fr"]
    assert parallax_language(article(short), SETTINGS) == LanguageGuess("fr", 0.7, "lingua")
    parallax_language(article(long_text), SETTINGS)
    opted_in = Settings(
        content_dir=Path("."), build_dir=Path("."), options={"language": {"accurate_short_texts": True}}
    )
    parallax_language(article(short), opted_in)
    assert used == ["trigrams", "accurate", "accurate"]


def test_runs_as_a_registered_plugin_and_declares_its_option() -> None:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(language, name="language")
    pm.check_pending()
    guess = pm.hook.parallax_language(article=article(TEXTS["nl"]), settings=SETTINGS)
    assert guess.lang == "nl"
    (options,) = pm.hook.parallax_options()
    assert options["accurate_short_texts"][:2] == (bool, False)
