"""plugins.entities: named-entity mentions in any language and script, with valid offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import benchmark_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import Article
from generator.settings import Settings
from plugins.entities import extract_mentions, mention_key, parallax_extract
from plugins.translit import phonemes, skeleton, slug, to_latin

ROOT = Path(__file__).resolve().parent.parent
SEED_STORY = ROOT / "content" / "ai-training-data"
SETTINGS = Settings(content_dir=Path("."), build_dir=Path("."))
TYPES = {"person", "organisation", "place", "product", "event"}


def found(text: str, lang: str | None) -> dict[str, str]:
    """Mention text -> type; every mention checked against the text first."""
    mentions = extract_mentions(text, lang)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.type in TYPES
    return {m.text: m.type for m in mentions}


# --------------------------------------------------------------------------
# Shapes of names
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Yesterday the regulator fined Nordvik Labs over the Orion 3.5 model.",
            {"Orion 3.5": "product"},
        ),
        ("it", "Il nuovo modello Zefiro-4 di Arcadia è stato presentato ieri.", {"Zefiro-4": "product"}),
        ("fr", "La start-up QuantaBit a présenté la puce QB 7 mardi.", {"QB 7": "product"}),
        ("en", "The app now runs on iOS and on the new DeepTrail service.", {"iOS": "product"}),
        ("de", "Der Vertrag mit der NATO wurde gestern unterzeichnet.", {"NATO": "organisation"}),
    ],
)
def test_versions_acronyms_and_camelcase_are_names(lang: str, text: str, expected: dict[str, str]) -> None:
    assert expected.items() <= found(text, lang).items()


def test_a_number_is_part_of_a_product_name_but_not_of_a_date() -> None:
    names = found("Im Dezember 2024 stellte Velora das Modell Kestrel 2 vor.", "de")
    assert names.get("Kestrel 2") == "product"
    assert not any("Dezember" in n for n in names)


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("pt", "O estudo foi coordenado por Maria da Silva, da universidade.", "Maria da Silva"),
        ("nl", "Volgens Jan van der Berg is het plan te duur.", "Jan van der Berg"),
        ("es", "El informe lo firmó Juan de la Cruz el lunes.", "Juan de la Cruz"),
        ("de", "Die Rede hielt Ursula von der Brandt im Parlament.", "Ursula von der Brandt"),
    ],
)
def test_particles_inside_personal_names(lang: str, text: str, name: str) -> None:
    assert found(text, lang).get(name) == "person"


def test_a_particle_that_means_of_does_not_glue_two_names() -> None:
    names = found("Os modelos Kestrel do Velora foram treinados com dados sintéticos.", "pt")
    assert "Kestrel do Velora" not in names
    assert {"Kestrel", "Velora"} <= names.keys()


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("en", "Analysts praised Velora's new strategy on Monday.", "Velora"),
        ("fr", "Selon l'ancien directeur d'Orbitex, la situation est grave.", "Orbitex"),
        ("it", "Il presidente dell'Arcadia ha parlato a lungo.", "Arcadia"),
        ("tr", "Bakan, Ankara'da gazetecilere açıklama yaptı.", "Ankara"),
    ],
)
def test_possessives_and_elisions_stay_outside_the_mention(lang: str, text: str, name: str) -> None:
    names = found(text, lang)
    assert name in names, names
    assert not any("'" in n or "’" in n for n in names)


# --------------------------------------------------------------------------
# What is not a name
# --------------------------------------------------------------------------


def test_german_nouns_are_not_entities() -> None:
    text = (
        "Unternehmen der Branche setzen beim Training ihrer Modelle auf synthetische Daten. "
        "Die Welt braucht mehr Daten, sagte Lena Brandt von Velora."
    )
    names = found(text, "de")
    for noun in ("Unternehmen", "Branche", "Training", "Modelle", "Daten", "Welt"):
        assert noun not in names, names
    assert names.get("Lena Brandt") == "person"
    assert "Velora" in names


def test_a_sentence_initial_word_is_no_name_by_its_capital_alone() -> None:
    names = found("Questa mattina il governo ha parlato. Inoltre la Velora ha risposto.", "it")
    assert "Questa" not in names and "Inoltre" not in names
    assert "Velora" in names


def test_a_sentence_initial_name_is_one_when_the_text_says_so() -> None:
    text = "Nella riunione Rinaldi Okoro ha preso la parola. Okoro ritiene che il piano sia troppo caro."
    mentions = [m for m in extract_mentions(text, "it") if m.text == "Okoro"]
    assert len(mentions) == 1 and mentions[0].type == "person"


def test_common_acronyms_months_and_nationalities_are_not_entities() -> None:
    names = found("In January the American CEO said AI would change the Velora group.", "en")
    assert not {"January", "American", "CEO", "AI"} & names.keys()


def test_quoted_sentences_are_not_titles_but_quoted_names_are() -> None:
    names = found("«Non ci sono alternative», ha detto. Компания «Звездочёт» выросла.", "it")
    assert "Non ci sono alternative" not in names
    names = found("Компания «Звездочёт» увеличила выпуск.", "ru")
    assert names.get("Звездочёт") == "organisation"


# --------------------------------------------------------------------------
# Types from the words around a name
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "name", "kind"),
    [
        ("it", "Lo ha detto il presidente di Ferrovenna durante l'assemblea.", "Ferrovenna", "organisation"),
        ("ru", "Об этом заявил председатель Dravex Алексей Орлов.", "Dravex", "organisation"),
        ("ru", "Об этом заявил председатель Dravex Алексей Орлов.", "Алексей Орлов", "person"),
        ("fr", "La société Brimont a racheté son concurrent.", "Brimont", "organisation"),
        ("de", "Die Firma Kalvex hat Insolvenz angemeldet.", "Kalvex", "organisation"),
        ("es", "La cumbre se celebró en Valdoria con diez países.", "Valdoria", "place"),
        ("en", "The outage hit Norvia Systems on Friday.", "Norvia Systems", "organisation"),
        ("en", "She spoke at the Lumen Summit in Oslo.", "Lumen Summit", "event"),
        ("ru", "Он выступил на конференции Nexacon в декабре.", "Nexacon", "event"),
        ("pl", "Minister finansów Tomasz Wrona zapowiedział cięcia.", "Tomasz Wrona", "person"),
        ("tr", "Toplantı İzmir'de yapıldı.", "İzmir", "place"),
    ],
)
def test_cue_words_give_the_type(lang: str, text: str, name: str, kind: str) -> None:
    assert found(text, lang).get(name) == kind


def test_a_surname_alone_is_the_person_named_in_full_before() -> None:
    text = "Greta Lindqvist presented the plan. Lindqvist later said the budget was too small."
    mentions = extract_mentions(text, "en")
    assert [(m.text, m.type) for m in mentions] == [("Greta Lindqvist", "person"), ("Lindqvist", "person")]


# --------------------------------------------------------------------------
# Keys and scripts
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "key"),
    [
        ("Ткаченка", "uk", "tkachenk"),
        ("Ткаченко", "uk", "tkachenk"),
        ("Маркова", "ru", "markov"),
        ("Марковым", "ru", "markov"),
        ("Ołeksandr Tkaczenki", "pl", "oleksandr tkaczenk"),
        ("Παπαδόπουλου", "el", "papadopoul"),
    ],
)
def test_keys_are_latin_without_case_endings(text: str, lang: str, key: str) -> None:
    assert mention_key(text, lang) == key


def test_transliterations_of_one_name_share_a_skeleton() -> None:
    spellings = [
        ("Tkachenko", "en"),
        ("Tkaczenko", "pl"),
        ("Tkatschenko", "de"),
        ("Ткаченко", "uk"),
        ("Ткаченко", "ru"),
    ]
    assert len({skeleton(phonemes(word, lang)) for word, lang in spellings}) == 1
    assert skeleton(phonemes("Hlib", "en")) == skeleton(phonemes("Глеб", "ru"))
    assert skeleton(phonemes("Tkachenko", "en")) != skeleton(phonemes("Kovalenko", "en"))


def test_latin_forms_and_slugs() -> None:
    assert to_latin("Олег Ткачук", "uk") == "oleh tkachuk"
    assert to_latin("Олег Ткачук", "ru") == "oleg tkachuk"
    assert to_latin("Łódź") == "lodz"
    assert slug("Μαρία Παπαδοπούλου") == "maria-papadopoulou"
    assert slug("../../etc/passwd") == "etc-passwd"


@pytest.mark.parametrize(
    ("lang", "text", "name", "kind"),
    [
        ("el", "Ο υπουργός Νίκος Παπαδάκης δήλωσε ότι η Αθήνα θα βοηθήσει.", "Νίκος Παπαδάκης", "person"),
        ("uk", "Міністр Олег Ткачук заявив, що «Укрзернопром» виконає план.", "Олег Ткачук", "person"),
        ("ru", "Как сообщил Павел Громов, «Северный поток» закрыт.", "Павел Громов", "person"),
    ],
)
def test_cyrillic_and_greek_names(lang: str, text: str, name: str, kind: str) -> None:
    assert found(text, lang).get(name) == kind


# --------------------------------------------------------------------------
# The hook, the seed story, robustness, speed
# --------------------------------------------------------------------------


def test_hook_returns_mentions_with_offsets_into_the_clean_text() -> None:
    text = "Greta Lindqvist leads Norvia Systems."
    article = Article(id="a", story="s", source="s/a.txt", format="txt", body=text, text=text, lang="en")
    extraction = parallax_extract(article, SETTINGS)
    assert [m.text for m in extraction.mentions] == ["Greta Lindqvist", "Norvia Systems"]
    assert all(text[m.start : m.end] == m.text and m.key for m in extraction.mentions)


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    from generator.manager import plugin_manager
    from generator.pipeline import run

    report = run(Settings(content_dir=SEED_STORY.parent, build_dir=Path("/nonexistent")), plugin_manager())
    return [r.article for r in report.results]


def test_seed_german_article_has_names_but_no_nouns(seed_articles: list[Article]) -> None:
    article = next(a for a in seed_articles if a.lang == "de")
    names = {m.text for m in extract_mentions(article.text, article.lang, article.sentences)}
    assert {"Elon Musk", "Mark Penn", "Ilya Sutskever", "OpenAI", "Google", "Anthropic", "Meta"} <= names
    assert "Musks" in names  # the German genitive, linked later
    assert not {"Daten", "Branche", "Modelle", "KI", "Training", "Welt", "Unternehmen"} & names


def test_seed_mentions_are_typed(seed_articles: list[Article]) -> None:
    types: dict[str, set[str]] = {}
    for article in seed_articles:
        for m in extract_mentions(article.text, article.lang, article.sentences):
            types.setdefault(m.text, set()).add(m.type)
    assert types["Elon Musk"] == {"person"}
    assert types["Илон Маск"] == {"person"}
    assert types["Phi-4"] == {"product"}
    assert types["Claude 3.5 Sonnet"] == {"product"}
    assert types["Microsoft"] == {"organisation"}


SCRIPTS = st.sampled_from(
    [
        "Elon Ann Lee d'OpenAI l'IA Y-4 X 3.5 iOS NATO «Звёзды» Musk's Ankara'da ",
        "Илон Маск Маска заявил компании «Яндекс» ИИ-модели ",
        "Νίκος Παπαδάκης της Αθήνας ",
        "Der Welt die Daten Musks „Wir“ — van der Berg da Silva 2024 ",
        "\n\n• – — … , . : ; ( ) [ ] ' ’ \" ",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(SCRIPTS, st.text(max_size=30)), max_size=12).map("".join),
    st.sampled_from([None, "en", "de", "ru", "uk", "it", "fr", "pt", "es", "pl", "nl", "tr", "el", "xx"]),
)
def test_any_text_in_any_script_gives_valid_mentions(text: str, lang: str | None) -> None:
    mentions = extract_mentions(text, lang)
    previous = -1
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.type in TYPES
        assert m.start >= previous  # in reading order
        previous = m.start


def test_fixture_quality_meets_the_target() -> None:
    """Precision and recall of entity mentions on tests/fixtures/facts/entities (type must match)."""
    quality = benchmark_module("quality")
    entity_files = ROOT / "tests" / "fixtures" / "facts"
    totals = quality.by_type(quality.score(entity_files))
    entities = totals["entities"]
    assert entities.precision >= 0.8 and entities.recall >= 0.8, entities
