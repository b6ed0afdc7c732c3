"""The quantity extractor: money, percentages and counts in many languages, and what is not a quantity."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEED_STORY, assert_copies_read_alike
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.manager import plugin_manager
from generator.model import Article, Fact, MetaValue, Report
from generator.pipeline import run
from generator.settings import Settings
from plugins import quantities
from plugins.numbers import parse_number
from plugins.quantities import QUALIFIERS, find_quantities


def facts(text: str, lang: str, published: str | None = None, kind: str | None = None) -> list[Fact]:
    found = find_quantities(text, lang, published)
    for f in found:
        assert text[f.start : f.end] == f.text, f
    return [f for f in found if kind is None or f.type == kind]


def only(text: str, lang: str, kind: str) -> Fact:
    found = facts(text, lang)
    assert [f.type for f in found] == [kind], found
    return found[0]


# ---------------------------------------------------------------------------
# Money: every format of the same amount gives the same value
# ---------------------------------------------------------------------------

SEVEN_HUNDRED_THOUSAND_DOLLARS = [
    ("it", "700.000 dollari"),
    ("ru", "$700 000"),
    ("ru", "700 000 долларов"),
    ("fr", "700 000 dollars"),
    ("fr", "700\u202f000 dollars"),
    ("fr", "700\u00a0000 $"),
    ("fr", "700\u2009000 USD"),
    ("pt", "US$ 700.000"),
    ("pt", "700 mil dólares"),
    ("de", "700.000 US-Dollar"),
    ("en", "$700,000"),
    ("en", "700000 USD"),
    ("en", "700 000 dollars"),
    ("en", "USD 700,000"),
    ("es", "700.000 dólares"),
    ("pl", "700 tys. dolarów"),
    ("nl", "700.000 dollar"),
    ("uk", "700 тисяч доларів"),
]


@pytest.mark.parametrize(("lang", "amount"), SEVEN_HUNDRED_THOUSAND_DOLLARS)
def test_the_same_amount_in_every_format_has_the_same_value(lang: str, amount: str) -> None:
    text = f"Il progetto è costato {amount} in tutto." if lang == "it" else f"— {amount} —"
    fact = only(text, lang, "money")
    assert (fact.value, fact.unit, fact.text) == (700000.0, "USD", amount)


@pytest.mark.parametrize(
    ("lang", "text", "value", "unit"),
    [
        ("it", "4,6 milioni di dollari", 4_600_000, "USD"),
        ("ru", "$4,6 миллионов", 4_600_000, "USD"),
        ("ru", "4,6 миллиона долларов", 4_600_000, "USD"),
        ("fr", "4,6 millions de dollars", 4_600_000, "USD"),
        ("fr", "4,6 millions d'euros", 4_600_000, "EUR"),
        ("pt", "US$ 4,6 milhões", 4_600_000, "USD"),
        ("de", "4,6 Millionen US-Dollar", 4_600_000, "USD"),
        ("en", "$4.6 million", 4_600_000, "USD"),
        ("en", "4.6 million dollars", 4_600_000, "USD"),
        ("en", "$4.6m", 4_600_000, "USD"),
        ("ru", "1,5 млрд рублей", 1_500_000_000, "RUB"),
        ("ru", "1,5 млрд руб.", 1_500_000_000, "RUB"),
        ("en", "2.3 billion euros", 2_300_000_000, "EUR"),
        ("en", "£3bn", 3_000_000_000, "GBP"),
        ("de", "3 Mrd. Euro", 3_000_000_000, "EUR"),
        ("de", "950 Mio. Euro", 950_000_000, "EUR"),
        ("de", "45.000 Franken", 45_000, "CHF"),
        ("it", "10 mln euro", 10_000_000, "EUR"),
        ("ru", "5 тыс. рублей", 5_000, "RUB"),
        ("pt", "R$ 1,2 bilhão", 1_200_000_000, "BRL"),
        ("pt", "2 mil milhões de euros", 2_000_000_000, "EUR"),
        ("es", "1.000 millones de dólares", 1_000_000_000, "USD"),
        ("it", "1,5 miliardi di euro", 1_500_000_000, "EUR"),
        ("it", "3 mila euro", 3_000, "EUR"),
        ("it", "200 sterline", 200, "GBP"),
        ("fr", "12 M€", 12_000_000, "EUR"),
        ("fr", "2,10 €", 2.1, "EUR"),
        ("en", "¥500", 500, "JPY"),
        ("ru", "2 000 ₽", 2_000, "RUB"),
        ("de", "CHF 5", 5, "CHF"),
        ("pl", "1,5 mld zł", 1_500_000_000, "PLN"),
        ("uk", "600 грн", 600, "UAH"),
        ("tr", "450 milyon dolara", 450_000_000, "USD"),
        ("tr", "25 TL", 25, "TRY"),
        ("en", "two million dollars", 2_000_000, "USD"),
        ("it", "due milioni di euro", 2_000_000, "EUR"),
    ],
)
def test_money_with_symbols_words_and_scales(lang: str, text: str, value: float, unit: str) -> None:
    fact = only(f"Cost: {text}; total.", lang, "money")
    assert fact.text == text  # the span covers sign or word, number and scale word
    assert fact.value == pytest.approx(value)
    assert fact.unit == unit
    assert fact.attrs["original"] == text


def test_money_value_is_a_float_without_rounding_noise() -> None:
    fact = only("costò 4,6 milioni di dollari", "it", "money")
    assert isinstance(fact.value, float)
    assert fact.value == 4_600_000.0  # exactly: decimals are scaled as decimals, not as binary floats


def test_a_rate_keeps_its_period() -> None:
    fact = only("die 8 US-Dollar pro Monat ausgeben", "de", "money")
    assert (fact.value, fact.unit, fact.text, fact.attrs["per"]) == (8.0, "USD", "8 US-Dollar", "month")


# ---------------------------------------------------------------------------
# Number formats
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "lang", "value"),
    [
        ("3.250", "it", 3250),  # one point, three digits: thousands
        ("3,250", "en", 3250),
        ("3,250", "it", 3250),  # three digits after a single separator group, unless context says decimal
        ("4,6", "it", 4.6),
        ("4.6", "en", 4.6),
        ("4,6", "en", 4.6),  # only a decimal reading makes sense
        ("0,125", "it", 0.125),  # a leading zero: decimal
        ("1.234.567,89", "de", 1234567.89),
        ("1,234,567.89", "en", 1234567.89),
        ("700 000", "ru", 700000),
        ("1 500 000", "fr", 1500000),
        ("12,5", "und", 12.5),
        ("3.250", None, 3250),
    ],
)
def test_parse_number_decides_by_language_and_digit_groups(raw: str, lang: str | None, value: float) -> None:
    assert float(parse_number(raw, lang)) == pytest.approx(value)


def test_three_decimals_before_a_percent_sign_are_decimals() -> None:
    assert only("the yield rose to 4.125%", "en", "percent").value == pytest.approx(4.125)
    assert only("il tasso è al 3,125%", "it", "percent").value == pytest.approx(3.125)


def test_a_scale_word_makes_a_three_digit_tail_decimal_in_a_decimal_comma_language() -> None:
    assert only("1,250 milioni di euro", "it", "money").value == pytest.approx(1_250_000)


# ---------------------------------------------------------------------------
# Percentages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "value", "unit"),
    [
        ("it", "60%", 60, "%"),
        ("fr", "60 %", 60, "%"),
        ("fr", "60\u00a0%", 60, "%"),
        ("it", "60 per cento", 60, "%"),
        ("ru", "60 процентов", 60, "%"),
        ("de", "60 Prozent", 60, "%"),
        ("pt", "60 por cento", 60, "%"),
        ("es", "60 por ciento", 60, "%"),
        ("en", "60 percent", 60, "%"),
        ("en", "4.1 per cent", 4.1, "%"),
        ("pl", "12 proc.", 12, "%"),
        ("tr", "%40", 40, "%"),
        ("tr", "yüzde 12", 12, "%"),
        ("it", "sessanta per cento", 60, "%"),
        ("en", "3 percentage points", 3, "pp"),
        ("de", "2 Prozentpunkte", 2, "pp"),
        ("fr", "0,4 point de pourcentage", 0.4, "pp"),
    ],
)
def test_percent_forms(lang: str, text: str, value: float, unit: str) -> None:
    fact = only(f"— {text} —", lang, "percent")
    assert (fact.text, fact.value, fact.unit) == (text, pytest.approx(value), unit)


def test_a_range_gives_both_ends_the_unit_of_the_second() -> None:
    found = facts("Prices rose 5-10% and between 3 and 4 percent.", "en", kind="percent")
    assert [(f.text, f.value) for f in found] == [("5", 5), ("10%", 10), ("3", 3), ("4 percent", 4)]
    money = facts("de 3 à 4 millions d'euros", "fr", kind="money")
    assert [(f.value, f.unit) for f in money] == [(3_000_000, "EUR"), (4_000_000, "EUR")]


# ---------------------------------------------------------------------------
# Hedges
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "qualifier"),
    [
        ("en", "about $5 million", "about"),
        ("en", "at least 23 people", "at least"),
        ("en", "more than 1.5 million people", "more than"),
        ("en", "nearly 60%", "almost"),
        ("en", "up to 40%", "up to"),
        ("it", "circa 700.000 dollari", "about"),
        ("it", "circa il 60%", "about"),
        ("it", "quasi 1,2 milioni di dollari", "almost"),
        ("it", "oltre il 40%", "over"),
        ("it", "almeno 14 barche", "at least"),
        ("ru", "около $4,6 миллионов", "about"),
        ("ru", "примерно в 120 миллиардов рублей", "about"),
        ("ru", "почти 14%", "almost"),
        ("ru", "более 300 человек", "more than"),
        ("ru", "свыше 5 млн долл.", "over"),
        ("ru", "менее 10%", "less than"),
        ("fr", "environ 700 000 dollars", "about"),
        ("fr", "près de 12 000 habitants", "almost"),
        ("fr", "plus de 300 personnes", "more than"),
        ("fr", "moins de 10 %", "less than"),
        ("pt", "cerca de 3.200 pessoas", "about"),
        ("pt", "quase 12%", "almost"),
        ("pt", "mais de 25 mil torcedores", "more than"),
        ("de", "rund 4.000 Menschen", "about"),
        ("de", "knapp 2 Prozentpunkte", "almost"),
        ("de", "mehr als 300 Menschen", "more than"),
        ("de", "über 300 Menschen", "over"),
        ("de", "weniger als 2.000 Euro", "less than"),
        ("de", "mindestens 3 Mrd. Euro", "at least"),
        ("es", "alrededor del 60 %", "about"),
        ("es", "casi 14 barcos", "almost"),
        ("es", "más de 4.000 personas", "more than"),
        ("pl", "ponad 2 tys. osób", "over"),
        ("nl", "ruim 3.000 mensen", "over"),
    ],
)
def test_hedges_are_normalised(lang: str, text: str, qualifier: str) -> None:
    found = facts(text, lang)
    assert len(found) == 1, found
    assert found[0].attrs["qualifier"] == qualifier
    assert qualifier in QUALIFIERS
    assert not found[0].text.startswith(text.split()[0])  # the hedge is an attribute, not in the span


def test_a_verb_of_change_with_to_is_no_hedge() -> None:
    fact = only("выручка выросла до 3,2 млрд долларов", "ru", "money")
    assert fact.attrs["qualifier"] is None


def test_german_unter_is_among_before_a_count_and_under_before_an_age() -> None:
    assert only("Eine Umfrage unter 500 Kunden ergab das.", "de", "number").attrs["qualifier"] is None
    assert only("Kinder unter 6 Jahren zahlen nichts.", "de", "number").attrs["qualifier"] == "less than"
    assert only("Die Quote liegt unter 5 Prozent.", "de", "percent").attrs["qualifier"] == "less than"


# ---------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "value", "noun"),
    [
        ("it", "ci sono 14 barche", 14, "barche"),
        ("it", "hanno evacuato 4.000 persone", 4000, "persone"),
        ("de", "es gibt 14 Boote", 14, "Boote"),
        ("en", "there were 2024 people", 2024, "people"),
        ("ru", "погибли 35 человек", 35, "человек"),
        ("en", "a 12km walk", 12, "km"),
        ("fr", "il y avait 35 000 spectateurs", 35000, "spectateurs"),
        ("tr", "Koleksiyonda 30 binden fazla kitap var.", 30000, None),  # a scale word with a case ending
    ],
)
def test_counts_carry_their_noun(lang: str, text: str, value: float, noun: str | None) -> None:
    fact = only(text, lang, "number")
    assert (fact.value, fact.attrs["noun"]) == (value, noun)


def test_a_bare_number_is_not_a_fact_but_a_hedged_one_is() -> None:
    assert facts("ma ha chiuso il mese a quota 310.", "it") == []
    assert only("sono più di 310.", "it", "number").attrs["qualifier"] == "more than"


# ---------------------------------------------------------------------------
# Not quantities
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The Nimbus 12 Pro phone runs Windows 11 and the Atlas 3.5 model."),
        ("en", "Then the Raptor-7 drone, the Y-4 and the F-35 flew over the G7 summit."),
        ("en", "The chip Zeta 004 replaces the Boeing 737 in the list; COVID-19 changed it."),
        ("en", "Last year's iPhone 15 was fine."),
        ("de", "Das Smartphone Vento 15 Pro und der Roboter Kobold-3 sind neu."),
        ("it", "Il modello Orbis X-7 usa il chip Vega 004 e il tablet Nexa 3.5 Ultra."),
        ("ru", "Модель «Сокол-7» и смартфон Nova 12 Pro выйдут вместе с Zet 004."),
        ("fr", "Le match débutera à 20 h 45, ouverture des portes à 19:30."),
        ("de", "Einlass ist um 18 Uhr, Zimmer 12 liegt im 3. Stock."),
        ("pt", "Ligue para (11) 3456-7890 até as 20h30."),
        ("en", "Call +1 555 0142 77 or see article 12 and No. 5."),
        ("es", "El partido terminó 2-1 a las 21:30."),
        ("en", "It came 3rd, then 5G arrived."),
        ("en", "the part 0042 ships today"),  # leading zeros: a code, never a count
        ("tr", "Galatasaray, Fenerbahçe'yi 2-0 yendi."),  # a score
    ],
)
def test_numbers_in_names_times_phones_and_labels_are_not_quantities(lang: str, text: str) -> None:
    assert facts(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("it", "nel 2023 e il 14 gennaio 2025"),
        ("ru", "в 2023 году и 14 января 2025 года"),
        ("fr", "le 14/01/2025, soit le 2025-01-14"),
        ("en", "two years ago, in March 2021"),
    ],
)
def test_years_and_parts_of_dates_are_not_numbers(lang: str, text: str) -> None:
    assert facts(text, lang) == []


# ---------------------------------------------------------------------------
# The hook, robustness, speed
# ---------------------------------------------------------------------------


def test_hook_returns_facts_that_match_the_article_text(settings: Settings) -> None:
    text = "Il costo è stato di circa 700.000 dollari, il 60% del previsto."
    article = Article(
        id="a",
        story="s",
        source="a.txt",
        format="txt",
        body=text,
        text=text,
        lang="it",
        metadata=(MetaValue("published", "2025-03-12"),),
    )
    extraction = quantities.parallax_extract(article=article, settings=settings)
    assert [(f.type, f.text) for f in extraction.facts] == [("money", "700.000 dollari"), ("percent", "60%")]


LANGS = ("en", "it", "ru", "fr", "de", "pt", "es", "nl", "pl", "uk", "tr", None, "und", "pt-BR", "xx")
PIECES = st.sampled_from(
    [
        " ", "\u00a0", "\u202f", "\n", ".", ",", "%", "$", "€", "US$", "R$", "-", "–", "/", ":", "'", "’",
        "0", "1", "7", "12", "004", "2024", "3,5", "4.6", "700 000", "1.234,5", "+39", "(11)",
        "milioni", "di", "dollari", "млрд", "рублей", "Mrd.", "Euro", "millions", "d'", "euros",
        "per cento", "процентов", "Prozent", "circa", "около", "mehr als", "X", "Phi", "Model",
        "gennaio", "января", "décembre", "İki", "yüzde", "bin", "lira", "ſ", "K", "ß", "ǅ",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40), lang=st.sampled_from(LANGS))
def test_any_text_in_any_language_gives_facts_whose_offsets_match(
    pieces: list[str], lang: str | None
) -> None:
    text = "".join(pieces)
    for fact in find_quantities(text, lang, "2025-01-14"):
        assert text[fact.start : fact.end] == fact.text
        assert fact.type in ("money", "percent", "number")
        assert fact.attrs["qualifier"] in (None, *QUALIFIERS)


def test_a_long_text_reads_as_its_parts() -> None:
    """40 copies of the seed story (about 450 KB) give 40 times the quantities of one, at the
    same places in each copy. (Its speed per KB is measured by benchmarks/stages.py.)"""
    sample = "".join(p.read_text(encoding="utf-8") for p in sorted(SEED_STORY.glob("*.txt"))) + "\n"
    assert_copies_read_alike(
        lambda text: find_quantities(text, "fr", "2025-01-14"), sample, ("type", "value")
    )


# ---------------------------------------------------------------------------
# The seed story, through the real pipeline
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    settings = Settings(content_dir=ROOT / "content", build_dir=tmp_path_factory.mktemp("build"))
    return run(settings, plugin_manager(entry_points=False))


def seed_facts(report: Report, lang: str, kind: str) -> list[Fact]:
    (result,) = [r for r in report.results if r.article.story == SEED_STORY.name and r.article.lang == lang]
    return [f for f in result.extraction.facts if f.type == kind]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("it", [("700.000 dollari", 700_000, "about"), ("4,6 milioni di dollari", 4_600_000, None)]),
        ("ru", [("$700 000", 700_000, None), ("$4,6 миллионов", 4_600_000, "about")]),
        ("fr", [("700 000 dollars", 700_000, "about"), ("4,6 millions de dollars", 4_600_000, None)]),
        ("pt", [("US$ 700.000", 700_000, None), ("US$ 4,6 milhões", 4_600_000, None)]),
        ("de", [("8 US-Dollar", 8, None)]),
    ],
)
def test_seed_every_amount_is_found_with_its_currency_and_agrees_across_languages(
    seed_report: Report, lang: str, expected: list[tuple[str, float, str | None]]
) -> None:
    money = seed_facts(seed_report, lang, "money")
    assert [(f.text, f.value, f.attrs["qualifier"]) for f in money] == expected
    assert all(f.unit == "USD" and f.plugin == "quantities" for f in money)


def test_seed_the_german_amount_is_a_monthly_price(seed_report: Report) -> None:
    (fact,) = seed_facts(seed_report, "de", "money")
    assert fact.attrs["per"] == "month"


@pytest.mark.parametrize("lang", ["it", "ru", "fr"])
def test_seed_the_percentage_is_found_once(seed_report: Report, lang: str) -> None:
    (fact,) = seed_facts(seed_report, lang, "percent")
    assert fact.value == 60.0 and fact.unit == "%"


@pytest.mark.parametrize("lang", ["it", "ru", "fr", "pt"])
def test_seed_model_names_give_no_quantity(seed_report: Report, lang: str) -> None:
    (result,) = [r for r in seed_report.results if r.article.lang == lang]
    text = result.article.text
    named = [text.find(n) for n in ("Phi-4", "Claude 3.5", "Palmyra X 004", "Dall-E 3") if n in text]
    assert named, "the seed article should mention a model"
    for f in result.extraction.facts:
        if f.type in ("money", "percent", "number"):
            assert not any(pos <= f.start < pos + 14 for pos in named), f


def test_plugins_hold_no_story_knowledge() -> None:
    plugins = ROOT / "plugins"
    words = (
        "Musk",
        "Маск",
        "Palmyra",
        "Gartner",
        "xAI",
        "Grok",
        "Phi-4",
        "Gemma",
        "Claude",
        "Tesla",
        "Writer",
    )
    for name in ("quantities.py", "dates.py", "numbers.py"):
        source = Path(plugins / name).read_text(encoding="utf-8")
        for word in words:
            assert word not in source, f"{name} mentions {word!r}, a name from the seed story"
