"""The date extractor: absolute and relative dates, forecasts, and what is never a date."""

from __future__ import annotations

import pytest
from conftest import ROOT, SEED_STORY, assert_copies_read_alike
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.manager import plugin_manager
from generator.model import Article, Fact, MetaValue, Report
from generator.pipeline import run
from generator.settings import Settings
from plugins import dates
from plugins.dates import find_dates


def found(text: str, lang: str | None, published: str | None = None) -> list[Fact]:
    result = find_dates(text, lang, published)
    for f in result:
        assert text[f.start : f.end] == f.text, f
        assert f.type == "date"
    return list(result)


def one(text: str, lang: str | None, published: str | None = None) -> Fact:
    result = found(text, lang, published)
    assert len(result) == 1, result
    return result[0]


# ---------------------------------------------------------------------------
# Absolute dates, at the precision the text gives
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "span", "value", "precision"),
    [
        ("en", "It happened in 2023, they said.", "2023", "2023", "year"),
        ("ru", "Это произошло в 2023 году.", "2023 году", "2023", "year"),
        ("ru", "Это произошло в 2023-м году.", "2023-м году", "2023", "year"),
        ("pl", "W 2023 r. firma urosła.", "2023 r.", "2023", "year"),
        ("tr", "Şirket 2024'te büyüdü.", "2024'te", "2024", "year"),
        ("it", "Il bilancio di dicembre 2024 è chiuso.", "dicembre 2024", "2024-12", "month"),
        ("ru", "Это было в декабре 2024 года.", "декабре 2024 года", "2024-12", "month"),
        ("pt", "Foi em março de 2024.", "março de 2024", "2024-03", "month"),
        ("de", "Seit März 2023 sitzt er in Haft.", "März 2023", "2023-03", "month"),
        ("uk", "У грудні 2023 року інфляція впала.", "грудні 2023 року", "2023-12", "month"),
        ("fr", "Le 14 janvier 2025, rien.", "14 janvier 2025", "2025-01-14", "day"),
        ("fr", "Depuis le 1er septembre 2024, rien.", "1er septembre 2024", "2024-09-01", "day"),
        ("de", "Am 14. Januar 2025 beginnt es.", "14. Januar 2025", "2025-01-14", "day"),
        ("pt", "Desde 9 de janeiro de 2025, nada.", "9 de janeiro de 2025", "2025-01-09", "day"),
        (
            "es",
            "Desde el 1 de septiembre de 2024 cuesta más.",
            "1 de septiembre de 2024",
            "2024-09-01",
            "day",
        ),
        ("ru", "Встреча 14 января 2025 года.", "14 января 2025 года", "2025-01-14", "day"),
        ("en", "Signed on January 14, 2025, in Rome.", "January 14, 2025", "2025-01-14", "day"),
        ("en", "Signed on 14th January 2025 in Rome.", "14th January 2025", "2025-01-14", "day"),
        ("it", "Firmato il 14/01/2025 a Roma.", "14/01/2025", "2025-01-14", "day"),
        ("de", "Stand: 14.01.2025.", "14.01.2025", "2025-01-14", "day"),
        ("fr", "Mis à jour 2025-01-14.", "2025-01-14", "2025-01-14", "day"),
        ("en", "Filed 01/14/2025 in court.", "01/14/2025", "2025-01-14", "day"),
        ("tr", "14 Ocak 2025 tarihinde açıldı.", "14 Ocak 2025", "2025-01-14", "day"),
        ("it", "Era il 3 gen. 2025, poi nulla.", "3 gen. 2025", "2025-01-03", "day"),
    ],
)
def test_absolute_dates(lang: str, text: str, span: str, value: str, precision: str) -> None:
    fact = one(text, lang)
    assert (fact.text, fact.value) == (span, value)
    assert fact.attrs["precision"] == precision
    assert fact.attrs["relative"] is False and fact.attrs["resolved"] is True
    assert fact.attrs["anchor"] is None and fact.attrs["original"] == span


def test_numeric_dates_read_day_first_outside_english() -> None:
    assert one("il 04/05/2024", "it").value == "2024-05-04"
    assert one("on 04/05/2024", "en").value == "2024-04-05"  # US style when both readings work


def test_an_impossible_day_leaves_only_its_month() -> None:
    fact = one("le 31 avril 2024", "fr")
    assert (fact.text, fact.value, fact.attrs["precision"]) == ("avril 2024", "2024-04", "month")


# ---------------------------------------------------------------------------
# Relative dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "published", "span", "value", "precision"),
    [
        ("en", "Sales fell last year.", "2025-01-14", "last year", "2024", "year"),
        ("de", "Das ist letztes Jahr passiert.", "2025-01-14", "letztes Jahr", "2024", "year"),
        ("de", "Im vergangenen Jahr stieg er.", "2025-01-14", "Im vergangenen Jahr", "2024", "year"),
        ("ru", "Это произошло в прошлом году.", "2025-01-14", "в прошлом году", "2024", "year"),
        ("pt", "Alcançou um limite no ano passado.", "2025-01-09T20:53", "no ano passado", "2024", "year"),
        ("it", "L'anno scorso era diverso.", "2025-01-14", "L'anno scorso", "2024", "year"),
        ("fr", "L'année dernière, il pleuvait.", "2025-01-14", "L'année dernière", "2024", "year"),
        ("es", "El año pasado llovió.", "2025-01-14", "El año pasado", "2024", "year"),
        ("en", "It will open next year.", "2025-01-14", "next year", "2026", "year"),
        ("en", "They met this year.", "2025-01-14", "this year", "2025", "year"),
        ("en", "It closed two years ago.", "2025-01-14", "two years ago", "2023", "year"),
        ("de", "Vor zwei Jahren war es anders.", "2025-01-14", "Vor zwei Jahren", "2023", "year"),
        ("fr", "Il y a deux ans, rien.", "2025-01-14", "Il y a deux ans", "2023", "year"),
        ("ru", "Два года назад всё было иначе.", "2025-01-14", "Два года назад", "2023", "year"),
        ("pt", "Há dois anos, nada.", "2025-01-14", "Há dois anos", "2023", "year"),
        ("en", "The plant will open in two years.", "2025-01-14", "in two years", "2027", "year"),
        ("fr", "Le pont sera prêt dans deux ans.", "2025-01-14", "dans deux ans", "2027", "year"),
        ("en", "Last December it snowed.", "2025-01-14", "Last December", "2024-12", "month"),
        (
            "de",
            "Im vergangenen Dezember schneite es.",
            "2025-01-14",
            "Im vergangenen Dezember",
            "2024-12",
            "month",
        ),
        (
            "ru",
            "В декабре прошлого года шёл снег.",
            "2025-01-14",
            "В декабре прошлого года",
            "2024-12",
            "month",
        ),
        ("it", "Lo scorso dicembre nevicava.", "2025-01-14", "Lo scorso dicembre", "2024-12", "month"),
        ("fr", "En décembre dernier, il neigeait.", "2025-01-14", "En décembre dernier", "2024-12", "month"),
        ("en", "In December, it snowed.", "2025-01-14", "In December", "2024-12", "month"),
        ("pt", "Numa conferência em dezembro indicou.", "2025-01-09", "em dezembro", "2024-12", "month"),
        ("it", "A dicembre nevicava.", "2025-01-14", "A dicembre", "2024-12", "month"),
        ("it", "A gennaio nevica.", "2025-01-14", "A gennaio", "2025-01", "month"),
        ("en", "It rose last month.", "2025-01-14", "last month", "2024-12", "month"),
        ("en", "They met yesterday.", "2025-01-14", "yesterday", "2025-01-13", "day"),
        ("it", "Si sono visti ieri.", "2025-01-14", "ieri", "2025-01-13", "day"),
        ("ru", "Они встретились вчера.", "2025-01-14", "вчера", "2025-01-13", "day"),
        ("fr", "Ils se sont vus hier.", "2025-01-14", "hier", "2025-01-13", "day"),
        ("de", "Sie trafen sich gestern.", "2025-01-14", "gestern", "2025-01-13", "day"),
        ("pt", "Encontraram-se ontem.", "2025-01-14", "ontem", "2025-01-13", "day"),
        ("es", "Se vieron ayer.", "2025-01-14", "ayer", "2025-01-13", "day"),
        ("en", "He spoke on Thursday.", "2025-01-14", "on Thursday", "2025-01-09", "day"),
        ("de", "Er sprach am Donnerstag.", "2025-01-14", "am Donnerstag", "2025-01-09", "day"),
        ("fr", "Il a parlé jeudi.", "2025-01-14", "jeudi", "2025-01-09", "day"),
        ("it", "Ha parlato giovedì.", "2025-01-14", "giovedì", "2025-01-09", "day"),
        ("ru", "Он выступил в четверг.", "2025-01-14", "в четверг", "2025-01-09", "day"),
        ("pt", "Ele falou na quinta-feira.", "2025-01-14", "na quinta-feira", "2025-01-09", "day"),
        ("es", "Habló el jueves.", "2025-01-14", "el jueves", "2025-01-09", "day"),
    ],
)
def test_relative_dates_resolve_against_the_publication_date(
    lang: str, text: str, published: str, span: str, value: str, precision: str
) -> None:
    fact = one(text, lang, published)
    assert (fact.text, fact.value, fact.attrs["precision"]) == (span, value, precision)
    assert fact.attrs["relative"] is True and fact.attrs["resolved"] is True
    assert fact.attrs["anchor"] == published[:10]


def test_a_weekday_is_the_latest_such_day_on_or_before_publication() -> None:
    # Tuesday 5 March 2024: "on Tuesday" is that very day, "last Tuesday" the week before.
    assert one("am Dienstag", "de", "2024-03-05").value == "2024-03-05"
    assert one("am vergangenen Dienstag", "de", "2024-03-05").value == "2024-02-27"
    assert one("on Monday", "en", "2024-03-05").value == "2024-03-04"
    next_tuesday = one("next Tuesday", "en", "2024-03-05")
    assert next_tuesday.value == "2024-03-12" and next_tuesday.attrs["forecast"] is True


def test_a_weekday_with_a_day_and_month_picks_the_year_it_fits() -> None:
    fact = one("il voto è fissato per domenica 6 aprile", "it", "2025-03-12")
    assert fact.value == "2025-04-06" and fact.attrs["forecast"] is True


def test_a_bare_month_is_the_latest_such_month_not_after_publication() -> None:
    assert one("in March", "en", "2025-03-31").value == "2025-03"
    assert one("in April", "en", "2025-03-31").value == "2024-04"
    assert one("last March", "en", "2025-03-31").value == "2024-03"


def test_a_clause_in_the_future_tense_resolves_yearless_dates_forward() -> None:
    games = found("The games will run between July 26 and August 11.", "en", "2024-06-20")
    assert [(f.value, f.attrs["forecast"]) for f in games] == [("2024-07-26", True), ("2024-08-11", True)]
    assert one("In March the plant will open.", "en", "2024-06-20").value == "2025-03"
    assert one("In March the plant opened.", "en", "2024-06-20").value == "2024-03"
    # The future verb of another clause does not move a date: "signed on 3 February, it will last".
    signed = one("Il contratto, firmato il 3 febbraio, durerà a lungo.", "it", "2025-03-12")
    assert signed.value == "2025-02-03"


def test_both_years_of_a_range_are_dates_even_after_a_name() -> None:
    assert [f.value for f in found("La Lega Alfa 2023-2024 è finita.", "it")] == ["2023", "2024"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Это произошло в прошлом году."),
        ("de", "Das ist im Grunde letztes Jahr passiert."),
        ("de", "Er sagte im vergangenen Dezember voraus, dass es regnet."),
        ("de", "X hat die Funktion am Donnerstag ausgegliedert."),
        ("uk", "Минулого року виручка зросла."),
    ],
)
def test_without_a_publication_date_relative_dates_stay_unresolved(lang: str, text: str) -> None:
    fact = one(text, lang, None)
    assert fact.value is None
    assert fact.attrs["relative"] is True and fact.attrs["resolved"] is False and fact.attrs["anchor"] is None


@pytest.mark.parametrize("published", ["not a date", "0001-01-01", "9999-12-31"])
def test_a_broken_or_implausible_publication_date_is_like_none(published: str) -> None:
    for text in ("yesterday", "tomorrow", "two days ago", "next Monday", "last year"):
        assert one(text, "en", published).value is None


# ---------------------------------------------------------------------------
# Forecasts
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "span", "value"),
    [
        ("en", "Supplies run out by 2024, they say.", "by 2024", "2024"),
        ("it", "Finiranno entro il 2024.", "entro il 2024", "2024"),
        ("ru", "Закончатся к 2024 году.", "к 2024 году", "2024"),
        ("fr", "Épuisées d'ici 2024.", "d'ici 2024", "2024"),
        ("de", "Bis 2024 ist Schluss.", "Bis 2024", "2024"),
        ("pt", "Acaba até 2024.", "até 2024", "2024"),
        ("es", "Se acaba para 2030.", "para 2030", "2030"),
        ("es", "Bajará para finales de 2025.", "para finales de 2025", "2025"),
        ("pl", "Do 2030 roku spadnie.", "Do 2030 roku", "2030"),
        ("tr", "2030 yılına kadar düşecek.", "2030 yılına", "2030"),
    ],
)
def test_forecasts(lang: str, text: str, span: str, value: str) -> None:
    fact = one(text, lang, "2025-01-14")
    assert (fact.text, fact.value, fact.attrs["forecast"]) == (span, value, True)


def test_a_date_reported_as_done_is_no_forecast() -> None:
    assert one("Es geschah 2023.", "de", "2025-01-14").attrs["forecast"] is False
    assert one("в 2023 году", "ru", "2025-01-14").attrs["forecast"] is False
    assert one("in 2030", "en", "2025-01-14").attrs["forecast"] is True  # after publication: not done yet


def test_a_range_is_no_forecast() -> None:
    result = found("von 2019 bis 2021 und с 2019 до 2021 года", "de") + found("с 2019 до 2021 года", "ru")
    assert [f.attrs["forecast"] for f in result] == [False] * len(result)


# ---------------------------------------------------------------------------
# Never a date
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("it", "circa il 60% dei dati"),
        ("fr", "environ 60 % des données"),
        ("it", "4,6 milioni di dollari"),
        ("en", "It cost $2019 and 2000 euros."),
        ("de", "Es kostet 2000 Euro und 1999 €."),
        ("en", "There were 2024 people and 1999 boats."),
        ("en", "It runs Windows 2000 and the Model 2020 Pro."),
        ("en", "Doors open at 10:30, the score was 2:1."),
        ("en", "The COVID-19 pandemic and the X-2000."),
        ("it", "Chiama il +39 06 2019 1234."),
        ("es", "La ley 14/2024 entra en la sala 3."),
        ("en", "No. 2019 and article 2020 apply."),
        ("en", "You may go."),
        ("fr", "La mission vers Mars est partie."),
        ("pt", "Ele foi a quinta pessoa."),
        ("es", "Por la mañana llovió."),
        ("de", "Heute Morgen regnete es."),
        ("en", "It weighs 1500 kg."),
        ("ru", "Там 1812 человек."),
        ("es", "Han plantado 20.000 árboles en dos años."),  # a duration, not a date
        ("en", "It was built in two years."),
    ],
)
def test_not_dates(lang: str, text: str) -> None:
    assert found(text, lang, "2025-01-14") == []


# ---------------------------------------------------------------------------
# The hook, robustness, speed
# ---------------------------------------------------------------------------


def test_hook_resolves_against_the_articles_publication_date(settings: Settings) -> None:
    text = "No ano passado, em dezembro, subiu."
    article = Article(
        id="a",
        story="s",
        source="a.txt",
        format="txt",
        body=text,
        text=text,
        lang="pt",
        metadata=(MetaValue("published", "2025-01-09T20:53"),),
    )
    facts = dates.parallax_extract(article=article, settings=settings).facts
    assert [(f.text, f.value) for f in facts] == [("No ano passado", "2024"), ("em dezembro", "2024-12")]
    assert all(f.attrs["anchor"] == "2025-01-09" for f in facts)


LANGS = ("en", "it", "ru", "fr", "de", "pt", "es", "nl", "pl", "uk", "tr", None, "und", "pt-BR", "xx")
PIECES = st.sampled_from(
    [
        " ", "\u00a0", "\n", ".", ",", "-", "/", ":", "'", "’", "%", "$",
        "0", "1", "14", "31", "2024", "1812", "2030", "2025-01-14", "14/01/2025", "14.01.",
        "in", "by", "last", "next", "year", "ago", "two", "December", "May", "may", "yesterday",
        "tomorrow", "days", "Monday", "200",
        "в", "прошлом", "году", "декабре", "года", "назад", "к", "entro", "il", "l'anno", "scorso",
        "dicembre", "giovedì", "am", "Donnerstag", "vergangenen", "Jahr", "vor", "zwei", "Jahren",
        "no", "ano", "passado", "em", "dezembro", "há", "d'ici", "dernier", "décembre",
        "İki", "yıl", "önce", "'te", "yılına", "kadar", "ſ", "K", "ǅ",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40),
    lang=st.sampled_from(LANGS),
    published=st.sampled_from(
        [None, "2025-01-14", "2024-02-29T10:00", "2000-01-01", "garbage", "0001-01-01", "9999-12-31"]
    ),
)
def test_any_text_in_any_language_gives_dates_whose_offsets_match(
    pieces: list[str], lang: str | None, published: str | None
) -> None:
    text = "".join(pieces)
    for fact in find_dates(text, lang, published):
        assert text[fact.start : fact.end] == fact.text
        assert fact.attrs["precision"] in ("year", "month", "day")
        if fact.value is not None:
            assert len(fact.value) == {"year": 4, "month": 7, "day": 10}[fact.attrs["precision"]]


def test_a_long_text_reads_as_its_parts() -> None:
    """40 copies of the seed story (about 450 KB) give 40 times the dates of one, at the same
    places in each copy: the windows and gates that skip most of a text lose nothing far into
    it. (Its speed per KB is measured by benchmarks/stages.py.)"""
    sample = "".join(p.read_text(encoding="utf-8") for p in sorted(SEED_STORY.glob("*.txt"))) + "\n"
    assert_copies_read_alike(lambda text: find_dates(text, "ru", "2025-01-14"), sample, ("text", "value"))


# ---------------------------------------------------------------------------
# The seed story, through the real pipeline
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    settings = Settings(content_dir=ROOT / "content", build_dir=tmp_path_factory.mktemp("build"))
    return run(settings, plugin_manager(entry_points=False))


def seed_dates(report: Report, lang: str) -> list[Fact]:
    (result,) = [r for r in report.results if r.article.story == SEED_STORY.name and r.article.lang == lang]
    return [f for f in result.extraction.facts if f.type == "date"]


def test_seed_portuguese_relative_dates_resolve_against_its_publication_date(seed_report: Report) -> None:
    assert [(f.text, f.value, f.attrs["precision"]) for f in seed_dates(seed_report, "pt")] == [
        ("no ano passado", "2024", "year"),
        ("em dezembro", "2024-12", "month"),
    ]


@pytest.mark.parametrize(
    ("lang", "relative"),
    [("ru", ["в прошлом году"]), ("de", ["letztes Jahr", "im vergangenen Dezember", "am Donnerstag"])],
)
def test_seed_relative_dates_without_a_publication_date_stay_unresolved(
    seed_report: Report, lang: str, relative: list[str]
) -> None:
    facts = [f for f in seed_dates(seed_report, lang) if f.attrs["relative"]]
    assert [f.text for f in facts] == relative
    assert all(f.value is None and f.attrs["resolved"] is False for f in facts)


def test_seed_absolute_dates_and_forecasts(seed_report: Report) -> None:
    ru = [
        (f.text, f.value, f.attrs["forecast"])
        for f in seed_dates(seed_report, "ru")
        if not f.attrs["relative"]
    ]
    assert ru == [
        ("2023 году", "2023", False),
        ("декабре 2024 года", "2024-12", False),
        ("к 2024 году", "2024", True),
    ]
    it = seed_dates(seed_report, "it")
    assert {(f.text, f.value, f.attrs["forecast"]) for f in it} == {("entro il 2024", "2024", True)}
    fr = [(f.text, f.attrs["forecast"]) for f in seed_dates(seed_report, "fr")]
    assert ("d'ici 2024", True) in fr and all(text.endswith("2024") for text, _ in fr)


@pytest.mark.parametrize("lang", ["it", "ru", "fr"])
def test_seed_the_percentage_is_never_a_date(seed_report: Report, lang: str) -> None:
    (result,) = [r for r in seed_report.results if r.article.lang == lang]
    percent = [f for f in result.extraction.facts if f.type == "percent"]
    assert percent, "the seed article states a percentage"
    for date_fact in seed_dates(seed_report, lang):
        assert all(date_fact.end <= p.start or p.end <= date_fact.start for p in percent)
        assert "60" not in date_fact.text
