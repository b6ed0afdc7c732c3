"""The defects plugin: editing and translation slips, spacing, furniture left in the text.

Seed checks run the real pipeline over content/; the other texts are written for
these tests. Every "not a defect" case is a construction that a careless check
would report: the plugin is judged as much on what it leaves alone.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.manager import plugin_manager
from generator.model import Anomaly, Report
from generator.pipeline import run
from generator.report import report_data
from generator.settings import Settings
from plugins.defects import MIN_CLAUSE_WORDS, find_defects
from plugins.sentences import split_sentences

SEED_IDS = {"it": "000_7ea345467c2a536d", "ru": "001_250e56065d354cb1", "fr": "002_e2dec7abb602d35c"}
SEED_IDS |= {"de": "003_13b21ee1947a12c5", "pt": "004_2e8e9df55745284e"}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Report:
    build = tmp_path_factory.mktemp("seed") / "b"
    return run(Settings(content_dir=ROOT / "content", build_dir=build), plugin_manager())


def seed_anomalies(report: Report, lang: str) -> tuple[str, list[Anomaly]]:
    result = next(r for r in report.results if r.article.id == SEED_IDS[lang])
    return result.article.text, list(result.extraction.anomalies)


def defects(text: str, lang: str) -> list[Anomaly]:
    """The defects of a text split into sentences by the built-in segmenter."""
    return find_defects(text, lang, split_sentences(text, lang))


def kinds(text: str, lang: str) -> list[tuple[str, str]]:
    return [(a.kind, a.text) for a in defects(text, lang)]


# ---------------------------------------------------------------------------
# The seed story
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("it", "tutti i dati di addestramento disponibili nel mondo reale, indicando che la generazione"),
        (
            "fr",
            "toutes les données d'entraînement disponibles dans le monde réel, indiquant que la génération",
        ),
    ],
)
def test_repeated_clause_in_the_first_paragraph_is_flagged(seed: Report, lang: str, words: str) -> None:
    text, found = seed_anomalies(seed, lang)
    [clause] = [a for a in found if a.kind == "repeated-clause"]
    first = text.index(words)
    # The span is the second occurrence; the explanation points at the first.
    assert clause.start == text.index(words, first + 1)
    assert clause.text.startswith(words)
    assert f"characters {first}–" in clause.explanation
    assert "\n\n" not in text[first : clause.end]  # in the same paragraph, same sentence
    assert clause.plugin == "defects"


def test_german_seed_slips(seed: Report) -> None:
    _, found = seed_anomalies(seed, "de")
    got = {(a.kind, a.text) for a in found}
    assert ("spacing", "Grok- KI") in got
    assert ("repeated-word", "Daten") in got  # "… trainiert werden Daten."
    assert sum(a.kind == "spacing" and a.text == " ," for a in found) >= 3  # "vorhersagte ," ...
    assert ("spacing", " .") in got  # "auszugliedern ."
    assert not any(a.kind == "repeated-clause" for a in found)


@pytest.mark.parametrize("lang", ["ru", "pt"])
def test_clean_seed_articles_have_no_slips(seed: Report, lang: str) -> None:
    _, found = seed_anomalies(seed, lang)
    assert [a for a in found if a.kind in ("repeated-clause", "repeated-word")] == []


def test_anomalies_are_listed_in_report_json(seed: Report) -> None:
    data = report_data(seed)
    by_id = {a["id"]: a for a in data["articles"]}
    rows = by_id[SEED_IDS["it"]]["anomalies"]
    assert any(row["kind"] == "repeated-clause" for row in rows)
    for article in data["articles"]:
        for row in article["anomalies"]:
            assert article["text"][row["start"] : row["end"]] == row["text"]
            assert row["explanation"]


# ---------------------------------------------------------------------------
# Repeated clauses
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "second"),
    [
        (
            "en",
            "The plant closed in May after years of heavy losses. The plant closed in May after years of "
            "heavy losses.",
            "The plant closed in May after years of heavy losses",
        ),
        (
            "de",
            "Die Stadt will die alte Brücke über den Fluss bis zum Sommer sanieren die alte Brücke über "
            "den Fluss bis zum Sommer abreißen.",
            "die alte Brücke über den Fluss bis zum Sommer",
        ),
    ],
)
def test_repeated_clauses_are_flagged(lang: str, text: str, second: str) -> None:
    [clause] = [a for a in defects(text, lang) if a.kind == "repeated-clause"]
    assert clause.text == second
    assert clause.start == text.rindex(second)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # parallel clauses joined by a conjunction
        (
            "en",
            "The number of people who have lost their jobs in the north and the number of people who "
            "have lost their jobs in the south both rose.",
        ),
        # a list of parallel clauses
        (
            "it",
            "Vogliamo scuole aperte per tutti i bambini del quartiere, vogliamo scuole aperte per tutti "
            "i bambini della città.",
        ),
        # anaphora: two sentences opening alike
        (
            "en",
            "We will rebuild this town together with you. We will rebuild this town stronger than before.",
        ),
        # a refrain in a quote
        ("fr", "Ils criaient « nous voulons du travail pour tous, nous voulons du travail pour tous »."),
        # the same words far apart, not in adjacent sentences
        (
            "en",
            "The committee will meet again next week to vote. Members disagree. Nobody knows. "
            "Few expect a deal. The committee will meet again next week to vote.",
        ),
        # five words only
        ("en", "He said the deal was dead and then said the deal was dead again."),
    ],
)
def test_parallels_and_refrains_are_not_slips(lang: str, text: str) -> None:
    assert [a for a in defects(text, lang) if a.kind == "repeated-clause"] == []


def test_threshold_is_six_words() -> None:
    assert MIN_CLAUSE_WORDS == 6
    five = "Officials said the new bridge would open officials said the new bridge opened."
    six = "Officials said that the new bridge would open officials said that the new bridge opened."
    assert not [a for a in defects(five, "en") if a.kind == "repeated-clause"]
    assert [a.text for a in defects(six, "en") if a.kind == "repeated-clause"] == [
        "officials said that the new bridge"
    ]


# ---------------------------------------------------------------------------
# Repeated words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "word"),
    [
        ("en", "The the council met on Monday.", "the"),
        ("it", "Il governo ha ha deciso di rinviare.", "ha"),
        ("ru", "Завод будет будет закрыт.", "будет"),
        ("pl", "Rząd zdecydował się się na zmiany.", "się"),
        ("de", "Die Modelle werden auf alten Daten trainiert werden Daten.", "Daten"),
    ],
)
def test_doubled_and_stray_words_are_flagged(lang: str, text: str, word: str) -> None:
    assert ("repeated-word", word) in kinds(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Die Frau, die die Zeitung las, lachte."),
        ("de", "Er weiß, dass sie sie liebt."),
        ("nl", "De man die die krant las, lachte."),
        ("fr", "Nous nous sommes trompés."),
        ("en", "He said that that was wrong, and he had had enough."),
        ("it", "Piano piano la città si è ripresa."),
        ("pt", "Já já vamos saber o resultado."),
        ("ru", "Нет, нет и ещё раз нет."),
        ("en", "They flew to Bora Bora in May."),
        ("en", "Prices rose day after day."),
        ("en", "Step by step, the data improved with more data."),
        ("pt", "Se se confirmar a notícia, haverá greve."),
    ],
)
def test_legitimate_doublings_are_left_alone(lang: str, text: str) -> None:
    assert [a for a in defects(text, lang) if a.kind == "repeated-word"] == []


# ---------------------------------------------------------------------------
# Spacing
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "span"),
    [
        ("de", "Er sagte , dass es regnet.", " ,"),
        ("fr", "Il pleut , dit-il.", " ,"),
        ("it", "Piove .", " ."),
        ("en", "Why ?", " ?"),
        ("ru", "Ответ : нет.", " :"),
        ("de", "Die Beta- Version kommt.", "Beta- Version"),
        ("en", "It  rained.", "  "),
    ],
)
def test_spacing_slips_are_flagged(lang: str, text: str, span: str) -> None:
    assert ("spacing", span) in kinds(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Pourquoi ? Parce que : voilà ; c'est tout !"),
        ("de", "Der Ein- und Ausgang ist gesperrt."),
        ("en", "Pre- and post-war housing differ."),
        ("en", "The final score was 2 : 1 after extra time."),
        ("en", "He paused ... and then left."),
        ("en", "Built on .NET and priced at .5 per cent."),
        ("en", "Good news :) for everyone."),
        ("de", "Musks Lösung – synthetische Daten – spiegelt den Trend."),
    ],
)
def test_correct_spacing_is_left_alone(lang: str, text: str) -> None:
    assert [a for a in defects(text, lang) if a.kind == "spacing"] == []


# ---------------------------------------------------------------------------
# Furniture left in the text
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "span"),
    [
        (
            "en",
            "The river rose overnight.\n\nRead more: Why floods are getting worse",
            "Read more: Why floods",
        ),
        ("en", "The mayor opened the bridge (Photo: Jane Roe/Agency) on Monday.", "(Photo: Jane Roe/Agency)"),
        ("de", "Der Bürgermeister eröffnete die Brücke.\n\nFoto: Max Muster", "Foto: Max Muster"),
        (
            "it",
            "Il sindaco ha inaugurato il ponte.\n\nCondividi questo articolo",
            "Condividi questo articolo",
        ),
        ("pt", "O prefeito inaugurou a ponte.\n\nLeia também", "Leia também"),
        ("en", "We use cookies to improve your experience. The mayor opened the bridge.", "We use cookies"),
        ("fr", "Le maire a inauguré le pont.\n\nInscrivez-vous à notre newsletter", "Inscrivez-vous"),
        ("es", "El alcalde inauguró el puente.\n\nPublicidad", "Publicidad"),
        ("ru", "Мэр открыл мост.\n\n© 2024 Вестник. Все права защищены.", "© 2024"),
    ],
)
def test_furniture_leftovers_are_flagged(lang: str, text: str, span: str) -> None:
    found = [a for a in defects(text, lang) if a.kind == "furniture"]
    assert any(a.text.startswith(span) for a in found), found


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Share prices fell sharply on Tuesday."),
        ("en", "Read more slowly, the teacher said, and you will understand."),
        ("de", "Teilen sich die Kosten, wird es billiger."),
        ("en", "The photo shows the mayor at the bridge."),
        ("en", "The bakery sells cookies and cakes."),
    ],
)
def test_article_sentences_are_not_furniture(lang: str, text: str) -> None:
    assert [a for a in defects(text, lang) if a.kind == "furniture"] == []


# ---------------------------------------------------------------------------
# Robustness and speed
# ---------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [" ", "  ", "\n", "\n\n", ",", " ,", ".", " .", "-", "- ", ":", "the", "The", "die", "cookies", "use",
     "Read more:", "(Photo: X)", "Foto:", "a b c d e f", "werden", "Daten", "«", "»", "…", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(_PIECES, max_size=150),
    lang=st.sampled_from(["en", "it", "fr", "de", "ru", "pt", "es", "xx", None]),
    segment=st.booleans(),
)
def test_arbitrary_text_gives_valid_offsets(pieces: list[str], lang: str | None, segment: bool) -> None:
    text = "".join(pieces)
    sentences = split_sentences(text, lang) if segment else ()
    for anomaly in find_defects(text, lang, sentences):
        assert 0 <= anomaly.start < anomaly.end <= len(text)
        assert text[anomaly.start : anomaly.end] == anomaly.text
        assert anomaly.kind in ("repeated-clause", "repeated-word", "spacing", "furniture")
        assert anomaly.explanation
        if anomaly.kind == "repeated-clause":
            assert not re.search(r"\n\s*\n", anomaly.text)
