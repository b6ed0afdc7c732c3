"""The quotes plugin: quotes found in each language's marks, attributed to the right speaker.

Seed checks run the real pipeline over content/; the other texts are written for
these tests (invented people). The precision/recall check runs the fixtures in
tests/fixtures/facts/quotes/ through benchmarks/quality.py.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SEED_STORY, benchmark_module, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import hookimpl
from generator.manager import plugin_manager
from generator.model import Entity, EntityMention, Fact, Report
from generator.pipeline import run
from generator.settings import Settings
from plugins.quotes import find_quotes

SEED_IDS = {"it": "000_7ea345467c2a536d", "ru": "001_250e56065d354cb1", "fr": "002_e2dec7abb602d35c"}
SEED_IDS |= {"de": "003_13b21ee1947a12c5", "pt": "004_2e8e9df55745284e"}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The seed story through the real pipeline, once for the module."""
    build = tmp_path_factory.mktemp("seed") / "b"
    return run(Settings(content_dir=ROOT / "content", build_dir=build), plugin_manager())


def seed_quotes(report: Report, lang: str) -> tuple[str, list[Fact]]:
    result = next(r for r in report.results if r.article.id == SEED_IDS[lang])
    assert result.article.story == SEED_STORY.name
    return result.article.text, [f for f in result.extraction.facts if f.type == "quote"]


def quote_at(facts: list[Fact], opening: str) -> Fact:
    """The quote whose words start with ``opening`` (marks and spaces ignored)."""
    found = [f for f in facts if str(f.value).startswith(opening)]
    assert len(found) == 1, f"{opening!r}: {[f.text for f in facts]}"
    return found[0]


def quotes(text: str, lang: str | None) -> list[Fact]:
    return find_quotes(text, lang)


def speaker(fact: Fact) -> Any:
    return fact.attrs["speaker"]


def check_speaker_span(text: str, fact: Fact) -> None:
    """The speaker's span points at the speaker's name in the text."""
    attrs: Mapping[str, Any] = fact.attrs
    if attrs["speaker"] is None:
        assert attrs["speaker_start"] is None and attrs["speaker_end"] is None
    else:
        assert text[attrs["speaker_start"] : attrs["speaker_end"]] == attrs["speaker"]


# ---------------------------------------------------------------------------
# The seed story
# ---------------------------------------------------------------------------


def test_russian_quotes_are_musks(seed: Report) -> None:
    text, facts = seed_quotes(seed, "ru")
    exhausted = quote_at(facts, "Мы исчерпали")
    assert speaker(exhausted) == "Маск"
    assert exhausted.attrs["verb"] == "сказал"
    assert exhausted.attrs["kind"] == "statement"
    only_way = quote_at(facts, "единственный способ")
    # "По словам Маска, “…”": the name as written, in the genitive; the linker joins the forms.
    assert speaker(only_way) == "Маска"
    assert only_way.attrs["verb"] == "По словам"
    for fact in facts:
        check_speaker_span(text, fact)


@pytest.mark.parametrize(
    "opening",
    ["Wir haben jetzt", "Das ist im Grunde", "Die einzige Möglichkeit", "Mit synthetischen Daten"],
)
def test_german_quotes_are_musks(seed: Report, opening: str) -> None:
    text, facts = seed_quotes(seed, "de")
    fact = quote_at(facts, opening)
    assert speaker(fact) == "Musk"
    assert fact.attrs["kind"] == "statement"
    check_speaker_span(text, fact)


def test_german_continued_quotes_point_at_the_attributed_name(seed: Report) -> None:
    text, facts = seed_quotes(seed, "de")
    first, continued = quote_at(facts, "Wir haben jetzt"), quote_at(facts, "Das ist im Grunde")
    assert continued.attrs["attribution"] == "continued"
    assert continued.attrs["speaker_start"] == first.attrs["speaker_start"]
    # The name sits right after the first quote ("…“, sagte Musk"), not somewhere else.
    assert text[first.end : first.attrs["speaker_start"]] == ", sagte "


@pytest.mark.parametrize(
    ("lang", "term"),
    [
        ("it", "“picco di dati”"),
        ("it", "“collasso del modello”"),
        ("fr", '"pic de données"'),
        ("fr", '"effondrement du modèle"'),
        ("pt", "“pico de dados”"),
        ("de", "„Höchstdaten“"),
        ("ru", "“пик данных”"),
    ],
)
def test_scare_quotes_are_terms(seed: Report, lang: str, term: str) -> None:
    _, facts = seed_quotes(seed, lang)
    fact = next(f for f in facts if f.text == term)
    assert fact.attrs["kind"] == "term"
    assert fact.value == term[1:-1]


def test_seed_quotes_in_two_scripts_link_to_one_person(seed: Report) -> None:
    """Through the speaker spans, the host links the Russian and German quotes to one entity."""
    if not seed.entities:
        pytest.skip("no entity linker is registered")
    _, ru = seed_quotes(seed, "ru")
    _, de = seed_quotes(seed, "de")
    linked = [set(quote_at(ru, "Мы исчерпали").entities), set(quote_at(ru, "единственный способ").entities)]
    linked += [
        set(quote_at(de, opening).entities) for opening in ("Wir haben jetzt", "Mit synthetischen Daten")
    ]
    assert set.intersection(*linked), linked


def test_seed_quote_offsets_match_the_text(seed: Report) -> None:
    for result in seed.results:
        for fact in result.extraction.facts:
            if fact.type == "quote":
                assert result.article.text[fact.start : fact.end] == fact.text
                assert fact.plugin == "quotes"
                check_speaker_span(result.article.text, fact)


def test_quotes_are_in_report_json(seed: Report) -> None:
    from generator.report import report_data

    data = report_data(seed)
    rows = [f for f in data["facts"] if f["type"] == "quote"]
    assert rows and all(f["attrs"]["kind"] in ("statement", "term") for f in rows)


# ---------------------------------------------------------------------------
# Quote marks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "quoted"),
    [
        ("de", "Er sagte: „Wir kommen morgen wieder.“", "„Wir kommen morgen wieder.“"),
        ("de", "»Wir kommen morgen wieder«, sagte er.", "»Wir kommen morgen wieder«"),
        ("fr", "Elle a dit : « Nous partons demain. »", "« Nous partons demain. »"),
        ("ru", "Он сказал: «Мы уезжаем завтра».", "«Мы уезжаем завтра»"),
        ("en", "She said: “We leave tomorrow.”", "“We leave tomorrow.”"),
        ("en", 'She said: "We leave tomorrow."', '"We leave tomorrow."'),
        ("de", "Er sagte: ‚Wir kommen morgen wieder.‘", "‚Wir kommen morgen wieder.‘"),
        ("fr", "Il a dit : ‹ Nous partons demain. ›", "‹ Nous partons demain. ›"),
        ("ja", "彼は「明日また来ます」と言った。", "「明日また来ます」"),
        ("pl", "Powiedział: „Wrócimy jutro”.", "„Wrócimy jutro”"),
        ("en", "She called it 'a fair deal for everyone'.", "'a fair deal for everyone'"),
    ],
)
def test_quote_marks_of_each_language(lang: str, text: str, quoted: str) -> None:
    found = quotes(text, lang)
    assert [f.text for f in found] == [quoted]
    assert found[0].value == quoted[1:-1].strip()


@pytest.mark.parametrize(
    "text",
    [
        "The 12\" pipe doesn't fit, and the crew won't be back.",
        "L'intelligenza artificiale dell'azienda è cresciuta.",
        "Rock 'n' roll never dies, they say; it's the kids' music.",
        "Il a dit qu'il viendrait, mais il n'est pas venu.",
        "A list:\n\n- first item\n- second item",
    ],
)
def test_apostrophes_inches_and_dashes_are_not_quotes(text: str) -> None:
    # "'n'" may read as a quoted term; nothing here is a statement.
    assert all(f.attrs["kind"] == "term" for f in quotes(text, None))


def test_apostrophes_inside_a_quote_do_not_close_it() -> None:
    [fact] = quotes("“I don’t think it’s over,” said Ann Vole.", "en")
    assert fact.value == "I don’t think it’s over"
    assert speaker(fact) == "Ann Vole"


def test_an_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "“We will never give up, said nobody.\n\nThe second paragraph is plain text.\n\nAnd a third one."
    [fact] = quotes(text, "en")
    assert fact.end == text.index("\n\n")
    assert fact.attrs["closed"] is False


def test_an_unclosed_straight_quote_is_not_a_quote() -> None:
    assert quotes('He measured 3 " and left.\n\nThen he said "nothing.', "en") == []


def test_nested_quotes_stay_inside_the_outer_one() -> None:
    text = "Она сказала: «Он кричал „стоп“, но было поздно»."
    [fact] = quotes(text, "ru")
    assert fact.text == "«Он кричал „стоп“, но было поздно»"


def test_multi_paragraph_quote_takes_the_speaker_named_in_its_last_paragraph() -> None:
    text = "“The first part of what I have to say.\n\n“And the second part,” said Maud Iverson."
    first, second = quotes(text, "en")
    assert first.attrs["closed"] is False
    assert speaker(first) == speaker(second) == "Maud Iverson"


# ---------------------------------------------------------------------------
# Attribution
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "who"),
    [
        ("en", "“We are ready,” said Ann Lowry, the head of the agency.", "Ann Lowry"),
        ("en", "“We are ready,” Ann Lowry told reporters.", "Ann Lowry"),
        ("en", "According to Ann Lowry, “the agency is ready for the winter.”", "Ann Lowry"),
        ("it", "«Siamo pronti», ha affermato Carla Nesi.", "Carla Nesi"),
        ("it", "Secondo Carla Nesi, «siamo pronti a tutto».", "Carla Nesi"),
        ("fr", "« Nous sommes prêts », a déclaré Odile Marchal.", "Odile Marchal"),
        ("fr", "Selon Odile Marchal, « tout est prêt pour l'hiver ».", "Odile Marchal"),
        ("de", "„Wir sind bereit“, so Jana Kessler.", "Jana Kessler"),
        ("de", "Jana Kessler sagte: „Wir sind für den Winter bereit.“", "Jana Kessler"),
        ("pt", "“Estamos prontos”, disse Júlia Prates.", "Júlia Prates"),
        ("pt", "Segundo Júlia Prates, “tudo está pronto para o inverno”.", "Júlia Prates"),
        ("es", "“Estamos listos”, dijo Inés Robles.", "Inés Robles"),
        ("es", "Según Inés Robles, “todo está listo para el invierno”.", "Inés Robles"),
        ("ru", "«Мы готовы», — заявил Павел Дымов.", "Павел Дымов"),
        ("ru", "«Мы готовы», — сказал Павел Дымов в ходе встречи с коллегами.", "Павел Дымов"),
        ("uk", "«Ми готові», — сказав Богдан Ярош.", "Богдан Ярош"),
        ("pl", "„Jesteśmy gotowi” – powiedział Jerzy Sowa.", "Jerzy Sowa"),
        ("nl", '"We zijn er klaar voor," zei Bram Kok.', "Bram Kok"),
    ],
)
def test_speech_verbs_and_according_to(lang: str, text: str, who: str) -> None:
    [fact] = quotes(text, lang)
    assert speaker(fact) == who
    assert fact.attrs["kind"] == "statement"
    check_speaker_span(text, fact)


@pytest.mark.parametrize(
    ("lang", "text", "who"),
    [
        ("en", "Nora Quist ran the mill for years. “It was hard,” she said.", "Nora Quist"),
        ("it", "Nora Quist ha guidato il mulino. «È stata dura», ha detto lui.", "Nora Quist"),
        ("it", "Nora Quist ha guidato il mulino. «È stata dura», ha detto.", "Nora Quist"),
        ("ru", "Нора Квист руководила мельницей. «Было тяжело», — сказала она.", "Нора Квист"),
        ("fr", "Nora Quist a dirigé le moulin. « C'était dur », a-t-elle dit.", "Nora Quist"),
        ("de", "Nora Quist leitete die Mühle. „Es war hart“, sagte sie.", "Nora Quist"),
        ("es", "Nora Quist dirigió el molino. «Fue duro», declaró.", "Nora Quist"),
        ("pt", "Nora Quist dirigiu o moinho. “Foi difícil”, afirmou.", "Nora Quist"),
    ],
)
def test_pronoun_speakers_resolve_to_the_nearest_name(lang: str, text: str, who: str) -> None:
    [fact] = quotes(text, lang)
    assert speaker(fact) == who
    assert fact.attrs["attribution"] == "pronoun"
    # The span points at the earlier mention, so the host links the quote to that person.
    assert fact.attrs["speaker_start"] == text.index(who)


def test_pronoun_prefers_the_nearest_of_several_people() -> None:
    text = (
        "Otto Brandt chairs the board. Lena Sorel joined it in May.\n\n“The board needs new blood,” she said."
    )
    [fact] = quotes(text, "en")
    assert speaker(fact) == "Lena Sorel"


def test_a_known_speaker_by_surname_is_a_candidate() -> None:
    text = "“We start today,” said Irma Falk. Falk has led the team since 2019. “It is time,” she added."
    first, second = quotes(text, "en")
    assert speaker(first) == "Irma Falk"
    assert speaker(second) == "Falk"
    assert second.attrs["speaker_start"] == text.index("Falk has")


def test_a_quote_continued_in_the_next_sentence_keeps_its_speaker() -> None:
    text = "«Abbiamo finito», ha detto Ada Serra. «Domani si riparte da capo.»"
    first, second = quotes(text, "it")
    assert speaker(first) == speaker(second) == "Ada Serra"
    assert second.attrs["attribution"] == "continued"


def test_a_new_speaker_is_not_continued() -> None:
    text = "“We are done,” said Ada Serra. “No, we are not,” replied Bo Lind."
    first, second = quotes(text, "en")
    assert (speaker(first), speaker(second)) == ("Ada Serra", "Bo Lind")


def test_a_role_without_a_name_has_no_speaker() -> None:
    [fact] = quotes("“The recall affects 4,000 kettles,” the company said.", "en")
    assert speaker(fact) is None
    assert fact.attrs["verb"] == "said"


@pytest.mark.parametrize(
    ("lang", "text", "lines"),
    [
        ("ru", "— Мы готовы, — сказал Павел Дымов. — Начинаем завтра.", ["Мы готовы", "Начинаем завтра."]),
        (
            "es",
            "—Estamos listos —dijo Inés Robles—. Empezamos mañana.",
            ["Estamos listos", "Empezamos mañana."],
        ),
        ("fr", "— Nous sommes prêts, a déclaré Odile Marchal.", ["Nous sommes prêts"]),
        ("pl", "– Jesteśmy gotowi – powiedział Jerzy Sowa.", ["Jesteśmy gotowi"]),
    ],
)
def test_dash_dialogue(lang: str, text: str, lines: list[str]) -> None:
    found = quotes(text, lang)
    assert [f.value for f in found] == lines
    assert all(speaker(f) in ("Павел Дымов", "Inés Robles", "Odile Marchal", "Jerzy Sowa") for f in found)


def test_a_dash_list_is_not_dialogue() -> None:
    text = "Программа визита:\n\n— встреча с мэром\n\n— посещение завода"
    # Introduced by a colon, the first line could be speech; the list's shape says otherwise,
    # but either way nothing crosses a paragraph and no speaker is invented.
    for fact in quotes(text, "ru"):
        assert "\n\n" not in fact.text
        assert speaker(fact) is None


def test_dash_inside_a_sentence_is_not_a_quote() -> None:
    assert quotes("Ihre Lösung – mehr Daten – ist teuer.\n\n– Ein Punkt ohne Sprecher.", "de") == []


@pytest.mark.parametrize(
    ("lang", "text", "term"),
    [
        ("en", "Analysts speak of a “perfect storm” in the markets.", "perfect storm"),
        ("ru", "Эксперты называют это «пиком данных».", "пиком данных"),
        ("de", "Die Branche habe die „Höchstgrenze“ erreicht.", "Höchstgrenze"),
        ("fr", 'Les chercheurs évoquent un "effondrement du modèle" possible.', "effondrement du modèle"),
    ],
)
def test_short_quotes_naming_a_concept_are_terms(lang: str, text: str, term: str) -> None:
    [fact] = quotes(text, lang)
    assert fact.value == term
    assert fact.attrs["kind"] == "term"
    assert speaker(fact) is None


def test_a_short_quote_with_its_speaker_is_a_statement() -> None:
    [fact] = quotes("“No comment,” said Ada Serra.", "en")
    assert fact.attrs["kind"] == "statement"
    assert speaker(fact) == "Ada Serra"


def test_unknown_language_still_finds_and_attributes() -> None:
    [fact] = quotes("«Wir sind bereit», sagte Jana Kessler.", "xx")
    assert speaker(fact) == "Jana Kessler"


# ---------------------------------------------------------------------------
# The host links a quote to its speaker's entity
# ---------------------------------------------------------------------------


class _NameLinker:
    """A stand-in entity linker: every occurrence of two names, as two persons."""

    NAMES = ("Priya Raman", "Tomas Oduya")

    @hookimpl(tryfirst=True)
    def parallax_entities(self, story, results):
        entities = []
        for name in self.NAMES:
            mentions = tuple(
                EntityMention(r.article.id, m.start(), m.end(), name)
                for r in results
                for m in re.finditer(re.escape(name), r.article.text)
            )
            entities.append(Entity(f"person-{name.lower().replace(' ', '-')}", name, "person", mentions))
        return entities


def test_pronoun_quote_is_linked_to_the_resolved_persons_entity(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(
        content,
        "story/a.md",
        "---\nlang: en\ntitle: Shelter\n---\n"
        "Priya Raman has run the shelter for a decade. Tomas Oduya is new.\n\n"
        "Priya Raman spoke first. “Winters are getting harder,” she said.\n",
    )
    pm = plugin_manager(entry_points=False, extra=[("linker", _NameLinker())])
    report = run(Settings(content_dir=content, build_dir=tmp_path / "b"), pm)
    [result] = report.results
    [fact] = [f for f in result.extraction.facts if f.type == "quote"]
    assert fact.attrs["speaker"] == "Priya Raman"
    assert fact.entities == ("person-priya-raman",)


# ---------------------------------------------------------------------------
# Robustness, measured quality, speed
# ---------------------------------------------------------------------------

_MARKS = "„“”«»‹›‚‘’\"'「」—–-"
_ALPHABET = st.sampled_from([*_MARKS, " ", " ", " ", "\n", "\n\n", ",", ".", ":", "a", "B", "ж", "é", "1"])
_WORDS = st.sampled_from(
    [
        "said",
        "sagte",
        "сказал",
        "он",
        "Ann Lee",
        "ha detto",
        "a-t-il dit",
        "По словам",
        "he",
        " ",
        "Maria",
        "X",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.one_of(_ALPHABET, _WORDS), max_size=120),
    lang=st.sampled_from(["en", "it", "fr", "de", "ru", "pt", "es", "uk", "pl", "nl", "xx", None]),
)
def test_arbitrary_text_with_random_quote_marks(pieces: list[str], lang: str | None) -> None:
    text = "".join(pieces)
    for fact in find_quotes(text, lang):
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start : fact.end] == fact.text
        # No quote crosses a paragraph.
        assert not re.search(r"\n[^\S\n]*\n", fact.text)
        check_speaker_span(text, fact)
        assert fact.attrs["kind"] in ("statement", "term")


def test_quote_fixtures_reach_the_quality_target(tmp_path: Path) -> None:
    quality = benchmark_module("quality")
    shutil.copytree(ROOT / "tests" / "fixtures" / "facts" / "quotes", tmp_path / "quotes")
    tallies = quality.score(tmp_path)
    langs = {lang for kind, lang in tallies if kind == "quote"}
    assert {"it", "ru", "fr", "de", "pt", "en", "es"} <= langs
    total = quality.by_type(tallies)["quote"]
    assert total.precision >= 0.8 and total.recall >= 0.8, total
    for (kind, lang), tally in tallies.items():
        assert tally.precision >= 0.8 and tally.recall >= 0.8, (kind, lang, tally)
