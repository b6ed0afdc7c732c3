"""Built-in extractor: money, percentages and counted numbers, in the formats of many languages.

Every number in digits (and a few number words before a scale or percent
word) is read with the grammar of the article's language, looking left for a
hedge ("about", "почти", "mehr als") and a currency sign or code ("US$",
"€", "CHF"), and right for a scale word ("milioni", "млрд", "Mrd."), a
currency word ("dollari", "долларов", "US-Dollar"), a percent sign or word
and, for a plain number, the noun it counts. The result is one fact per
expression:

* ``money``: ``value`` the amount as a float, ``unit`` its ISO 4217 code;
* ``percent``: ``value`` the number, ``unit`` "%" (or "pp" for percentage points);
* ``number``: a count with the noun it counts (``attrs["noun"]``).

All facts carry ``attrs["qualifier"]`` (one of :data:`QUALIFIERS` or None) and
``attrs["original"]`` (the words they were read from); money read as a rate
("8 $ per month") has ``attrs["per"]`` ("month", "year", "person", ...). The
span covers the currency sign or word, the number and the scale word, not the
hedge; a count's span is its number (and scale word), its noun an attribute.
In a range ("5-10 %", "de 3 à 4 millions d'euros") the first end takes the
unit and scale of the second.

What is deliberately *not* a quantity: years and other parts of dates (the
date extractor claims those spans first), clock times, phone numbers,
ordinals, labels ("No. 5", "article 12") and numbers that are part of a name
("X-7", "G7", "Model 0042", "Brand 3 Pro"), recognised by shape, never by a
list of names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from generator import hookimpl
from generator.model import Article, Extraction, Fact, frozen_map
from generator.settings import Settings
from plugins import dates
from plugins.numbers import (
    BILLION,
    CODE_ALIASES,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    FUNCTION_WORDS,
    GLUED_SCALES,
    KNOWN_LANGS,
    LABEL_WORDS,
    MILLION,
    NUMBER_RE,
    SPACES,
    THOUSAND,
    TailPattern,
    base_lang,
    first_letters,
    fold,
    fold_case,
    fold_keeps_words,
    glued_to_word,
    has_leading_zero,
    number_words,
    parse_number,
    phone_spans,
    phrase_words,
    scale_re,
    scale_words,
    search_last_word,
    skip_ahead,
    word_set,
    words_alternation,
    words_trie,
)

S = f"[{SPACES}]"  # one space of any kind, for the patterns below

# The normalised hedges, the only values attrs["qualifier"] takes (besides None).
QUALIFIERS = ("about", "at least", "more than", "less than", "up to", "almost", "over")

# ---------------------------------------------------------------------------
# Currencies
# ---------------------------------------------------------------------------


def _forms(code: str, words: str) -> dict[str, str]:
    """``{form: code}`` from a "|"-separated list of lower-case forms."""
    return {w.strip(): code for w in words.split("|") if w.strip()}


# Currency words after a number (or after a scale word and "di"/"de"/"of"), per language,
# every case and number the language uses after numerals. Lower case.
CURRENCY_WORDS: dict[str, dict[str, str]] = {
    "en": {
        **_forms("USD", "dollar|dollars|us dollars|u.s. dollars|us-dollars|american dollars"),
        **_forms("CAD", "canadian dollars|canadian dollar"),
        **_forms("AUD", "australian dollars|australian dollar"),
        **_forms("HKD", "hong kong dollars"),
        **_forms("EUR", "euro|euros"),
        **_forms("GBP", "pound sterling|pounds sterling|sterling|british pounds"),
        **_forms("JPY", "yen|japanese yen"),
        **_forms("CNY", "yuan|renminbi|chinese yuan"),
        **_forms("RUB", "rouble|roubles|ruble|rubles|russian roubles|russian rubles"),
        **_forms("BRL", "reais|brazilian reais|brazilian reals"),
        **_forms("CHF", "swiss francs|swiss franc"),
        **_forms("INR", "rupees|indian rupees"),
        **_forms("TRY", "turkish lira|turkish liras"),
        **_forms("PLN", "zloty|zlotys|złoty|polish zloty"),
        **_forms("UAH", "hryvnia|hryvnias|hryvnias"),
    },
    "it": {
        **_forms(
            "USD",
            "dollaro|dollari|dollari usa|dollari statunitensi|dollari americani|dollaro statunitense",
        ),
        **_forms("CAD", "dollari canadesi"),
        **_forms("AUD", "dollari australiani"),
        **_forms("EUR", "euro"),
        **_forms("GBP", "sterlina|sterline|lire sterline|sterline britanniche"),
        **_forms("JPY", "yen"),
        **_forms("CNY", "yuan|renminbi"),
        **_forms("RUB", "rublo|rubli"),
        **_forms("BRL", "reais|real brasiliani"),
        **_forms("CHF", "franco svizzero|franchi svizzeri|franchi"),
        **_forms("INR", "rupie"),
        **_forms("TRY", "lire turche|lira turca"),
        **_forms("UAH", "grivne|grivna"),
    },
    "ru": {
        **_forms(
            "USD",
            "доллар|доллара|долларов|долларам|долларах|долларами|долл.|долл|доллар сша|доллара сша|"
            "долларов сша|долл. сша|американских долларов",
        ),
        **_forms("CAD", "канадских долларов|канадского доллара"),
        **_forms("AUD", "австралийских долларов"),
        **_forms("EUR", "евро"),
        **_forms("GBP", "фунт стерлингов|фунта стерлингов|фунтов стерлингов|британских фунтов"),
        **_forms("JPY", "иена|иены|иен|йен|японских иен"),
        **_forms("CNY", "юань|юаня|юаней|китайских юаней"),
        **_forms("RUB", "рубль|рубля|рублей|руб.|руб|рублями|рублях"),
        **_forms("BRL", "реал|реала|реалов|бразильских реалов"),
        **_forms("CHF", "швейцарский франк|швейцарских франков|швейцарского франка|франков"),
        **_forms("UAH", "гривна|гривны|гривен|грн.|грн"),
        **_forms("PLN", "злотый|злотых"),
        **_forms("TRY", "турецких лир|лир"),
        **_forms("INR", "рупий|индийских рупий"),
    },
    "uk": {
        **_forms("USD", "долар|долара|доларів|дол.|доларів сша|долара сша|американських доларів"),
        **_forms("EUR", "євро"),
        **_forms("GBP", "фунтів стерлінгів|фунта стерлінгів"),
        **_forms("UAH", "гривня|гривні|гривень|грн.|грн"),
        **_forms("RUB", "рубль|рублі|рублів"),
        **_forms("PLN", "злотий|злотих"),
        **_forms("CNY", "юанів"),
        **_forms("JPY", "єн"),
        **_forms("CHF", "швейцарських франків|франків"),
    },
    "fr": {
        **_forms("USD", "dollar|dollars|dollars américains|dollars us|dollars américain|dollar américain"),
        **_forms("CAD", "dollars canadiens|dollar canadien"),
        **_forms("AUD", "dollars australiens"),
        **_forms("EUR", "euro|euros"),
        **_forms("GBP", "livre sterling|livres sterling|sterling"),
        **_forms("JPY", "yen|yens"),
        **_forms("CNY", "yuan|yuans"),
        **_forms("RUB", "rouble|roubles"),
        **_forms("BRL", "réal|réais|reais|réaux"),
        **_forms("CHF", "franc suisse|francs suisses|francs"),
        **_forms("INR", "roupies|roupie"),
        **_forms("TRY", "livres turques"),
        **_forms("PLN", "zlotys|zloty"),
        **_forms("UAH", "hryvnias|hryvnia"),
    },
    "de": {
        **_forms("USD", "dollar|us-dollar|us-dollars|us dollar|dollars|amerikanische dollar"),
        **_forms("CAD", "kanadische dollar"),
        **_forms("AUD", "australische dollar"),
        **_forms("EUR", "euro|euros"),
        **_forms("GBP", "pfund sterling|britische pfund|britischen pfund"),
        **_forms("JPY", "yen"),
        **_forms("CNY", "yuan|renminbi"),
        **_forms("RUB", "rubel"),
        **_forms("BRL", "real|reais"),
        **_forms("CHF", "franken|schweizer franken|fr."),
        **_forms("INR", "rupien"),
        **_forms("TRY", "türkische lira|lira"),
        **_forms("PLN", "zloty|złoty"),
        **_forms("UAH", "griwna|hrywnja"),
    },
    "pt": {
        **_forms("USD", "dólar|dólares|dolar|dolares|dólares americanos|dólares norte-americanos"),
        **_forms("CAD", "dólares canadenses|dólares canadianos"),
        **_forms("AUD", "dólares australianos"),
        **_forms("EUR", "euro|euros"),
        **_forms("GBP", "libra esterlina|libras esterlinas"),
        **_forms("JPY", "iene|ienes|yen|yens"),
        **_forms("CNY", "yuan|yuans|iuane|iuanes"),
        **_forms("RUB", "rublo|rublos"),
        **_forms("BRL", "real|reais"),
        **_forms("CHF", "franco suíço|francos suíços"),
        **_forms("INR", "rupias"),
        **_forms("TRY", "liras turcas"),
    },
    "es": {
        **_forms("USD", "dólar|dólares|dolar|dolares|dólares estadounidenses|dólares americanos"),
        **_forms("CAD", "dólares canadienses"),
        **_forms("AUD", "dólares australianos"),
        **_forms("EUR", "euro|euros"),
        **_forms("GBP", "libra esterlina|libras esterlinas"),
        **_forms("JPY", "yen|yenes"),
        **_forms("CNY", "yuan|yuanes"),
        **_forms("RUB", "rublo|rublos"),
        **_forms("BRL", "reales|reais"),
        **_forms("CHF", "franco suizo|francos suizos"),
        **_forms("INR", "rupias"),
        **_forms("TRY", "liras turcas"),
    },
    "nl": {
        **_forms("USD", "dollar|dollars|amerikaanse dollar"),
        **_forms("EUR", "euro|euro's"),
        **_forms("GBP", "pond sterling|britse pond"),
        **_forms("JPY", "yen"),
        **_forms("CNY", "yuan"),
        **_forms("RUB", "roebel|roebels"),
        **_forms("CHF", "zwitserse frank|zwitserse franken"),
        **_forms("PLN", "zloty"),
    },
    "pl": {
        **_forms("USD", "dolar|dolary|dolarów|dolara|dolarach|dolarów amerykańskich"),
        **_forms("EUR", "euro"),
        **_forms("GBP", "funt szterling|funtów szterlingów|funty szterlingi|funtów"),
        **_forms("JPY", "jen|jenów"),
        **_forms("CNY", "juan|juanów"),
        **_forms("RUB", "rubel|ruble|rubli"),
        **_forms("PLN", "złoty|złote|złotych|zł"),
        **_forms("CHF", "frank szwajcarski|franków szwajcarskich|franki szwajcarskie"),
        **_forms("UAH", "hrywien|hrywny|hrywna"),
    },
    "tr": {
        # Turkish case endings: "dolara" (to), "dolardan" (from), "doları" (its), "dolarlık" (worth).
        **_forms("USD", "dolar|abd doları|amerikan doları|doları|dolara|dolardan|dolarlık|dolarla"),
        **_forms("EUR", "avro|euro|avroluk|avroya|avrodan|euroya|eurodan|euroluk"),
        **_forms("GBP", "sterlin|ingiliz sterlini"),
        **_forms("JPY", "yen"),
        **_forms("CNY", "yuan"),
        **_forms("RUB", "ruble"),
        **_forms("TRY", "lira|türk lirası|tl|liraya|liradan|lirası|liralık|lirayla"),
        **_forms("CHF", "isviçre frangı"),
    },
}

# ---------------------------------------------------------------------------
# Percentages
# ---------------------------------------------------------------------------

# Percent words after a number; the value "pp" marks percentage points.
PERCENT_WORDS: dict[str, dict[str, str]] = {
    "en": {
        **_forms("%", "percent|per cent|pct|pct."),
        **_forms("pp", "percentage points|percentage point|pp|p.p."),
    },
    "it": {
        **_forms("%", "per cento|percento"),
        **_forms("pp", "punti percentuali|punto percentuale|p.p."),
    },
    "ru": {
        **_forms("%", "процент|процента|процентов|процентам|процентах|проц."),
        **_forms("pp", "процентных пункта|процентных пунктов|процентный пункт|п.п.|п. п."),
    },
    "uk": {
        **_forms("%", "відсоток|відсотки|відсотків|відсотка|процентів|процента"),
        **_forms("pp", "відсоткових пунктів|відсоткових пункти|відсотковий пункт|в.п."),
    },
    "fr": {
        **_forms("%", "pour cent|pourcent|pour-cent"),
        **_forms("pp", "points de pourcentage|point de pourcentage|points de pourcent"),
    },
    "de": {
        **_forms("%", "prozent"),
        **_forms("pp", "prozentpunkte|prozentpunkten|prozentpunkt"),
    },
    "pt": {
        **_forms("%", "por cento|porcento"),
        **_forms("pp", "pontos percentuais|ponto percentual|p.p."),
    },
    "es": {
        **_forms("%", "por ciento|porciento"),
        **_forms("pp", "puntos porcentuales|punto porcentual|p.p."),
    },
    "nl": {**_forms("%", "procent"), **_forms("pp", "procentpunt|procentpunten")},
    "pl": {
        **_forms("%", "procent|procentu|procenty|proc."),
        **_forms("pp", "punktów procentowych|punkty procentowe|punkt procentowy|pkt proc.|p.p."),
    },
    "tr": {**_forms("pp", "puan|yüzde puan")},
}

# Languages that write the percent sign or word *before* the number ("%45", "yüzde 45").
PERCENT_BEFORE: dict[str, tuple[str, ...]] = {"tr": ("%", "yüzde")}

# ---------------------------------------------------------------------------
# Hedges
# ---------------------------------------------------------------------------


def _hedges(**groups: str) -> dict[str, str]:
    """``{phrase: qualifier}`` from keyword arguments named after the qualifiers (spaces as "_")."""
    out: dict[str, str] = {}
    for name, words in groups.items():
        out.update(_forms(name.replace("_", " "), words))
    return out


# Hedges before a number (or its currency sign), per language, normalised to QUALIFIERS.
HEDGES: dict[str, dict[str, str]] = {
    "en": _hedges(
        about="about|around|roughly|approximately|approx.|some|an estimated|circa|c.|or so",
        at_least="at least|no fewer than|no less than|a minimum of",
        more_than="more than|in excess of|upwards of|greater than",
        over="over|just over|well over|above",
        less_than="less than|fewer than|under|below|just under",
        up_to="up to|as many as|as much as",
        almost="almost|nearly|close to|just short of",
    ),
    "it": _hedges(
        about="circa|intorno a|intorno al|intorno ai|attorno a|attorno al|all'incirca|approssimativamente|"
        "sui|sulle|sul",
        at_least="almeno|non meno di|come minimo",
        more_than="più di|più del|più dei|più delle|piu di",
        over="oltre|oltre il|oltre i|poco più di|poco più del|ben oltre",
        less_than="meno di|meno del|meno dei|sotto i",
        up_to="fino a|fino al|sino a",
        almost="quasi|poco meno di|poco meno del|vicino a|vicino al",
    ),
    "ru": _hedges(
        about="около|примерно|приблизительно|порядка|ориентировочно|где-то",
        at_least="не менее|как минимум|по меньшей мере|минимум|не меньше",
        more_than="более|больше|более чем|больше чем",
        over="свыше|чуть более|чуть больше|с лишним|более чем на",
        less_than="менее|меньше|менее чем|меньше чем",
        # bare "до" is left out: after a verb of change it means "to" ("выросла до 5 %")
        up_to="не более|вплоть до",
        almost="почти|чуть менее|чуть меньше|без малого|практически",
    ),
    "uk": _hedges(
        about="близько|приблизно|приблизительно|орієнтовно|майже що",
        at_least="щонайменше|принаймні|не менше|не менш ніж|мінімум",
        more_than="більше|більш ніж|більше ніж|більш як",
        over="понад|понад як",
        less_than="менше|менш ніж|менше ніж",
        up_to="не більше|аж до",
        almost="майже|ледь не",
    ),
    "fr": _hedges(
        about="environ|quelque|quelques|autour de|approximativement|à peu près|aux alentours de|dans les",
        at_least="au moins|au minimum|pas moins de",
        more_than="plus de|plus d'",
        over="au-delà de|un peu plus de|bien plus de|largement plus de",
        less_than="moins de|moins d'",
        up_to="jusqu'à|jusqu’à",
        almost="près de|presque|quasiment|pas loin de|un peu moins de",
    ),
    "de": _hedges(
        about="etwa|rund|ungefähr|circa|ca.|zirka|annähernd|schätzungsweise",
        at_least="mindestens|wenigstens|zumindest",
        more_than="mehr als|über mehr als",
        over="über|gut|knapp über|weit über",
        less_than="weniger als|unter|knapp unter",
        up_to="bis zu",
        almost="knapp|fast|beinahe|nahezu",
    ),
    "pt": _hedges(
        about="cerca de|aproximadamente|em torno de|por volta de|aproximadamente|uns|umas|na casa dos",
        at_least="pelo menos|ao menos|no mínimo",
        more_than="mais de|mais do que",
        over="acima de|pouco mais de",
        less_than="menos de|menos do que|abaixo de",
        up_to="até",
        almost="quase|perto de|pouco menos de",
    ),
    "es": _hedges(
        about="alrededor de|alrededor del|aproximadamente|unos|unas|cerca de|cerca del|en torno a|"
        "en torno al|del orden de",
        at_least="al menos|por lo menos|como mínimo",
        more_than="más de|más del|mas de",
        over="por encima de|por encima del|poco más de|poco más del",
        less_than="menos de|menos del|por debajo de|por debajo del",
        up_to="hasta|hasta el",
        almost="casi|casi el|poco menos de|poco menos del",
    ),
    "nl": _hedges(
        about="ongeveer|circa|ca.|zo'n|rond|rondom|omstreeks",
        at_least="minstens|ten minste|tenminste|minimaal",
        more_than="meer dan",
        over="ruim|boven|bijna ruim",
        less_than="minder dan|onder",
        up_to="tot wel|tot maar liefst",  # bare "tot" is "to" after a verb of change
        almost="bijna|vrijwel|nagenoeg",
    ),
    "pl": _hedges(
        about="około|ok.|mniej więcej|rzędu",
        at_least="co najmniej|przynajmniej|minimum",
        more_than="więcej niż|powyżej",
        over="ponad|blisko ponad",
        less_than="mniej niż|poniżej",
        up_to="aż do|nawet",  # bare "do" is "to" after a verb of change
        almost="prawie|niemal|blisko|niespełna",
    ),
    "tr": _hedges(
        about="yaklaşık|tahminen|aşağı yukarı", at_least="en az", almost="neredeyse|yaklaşık olarak"
    ),
}

# Articles a hedge may have before the number: "circa il 45%", "casi el 45 %", "plus de la moitié";
# and the prepositions Russian and Ukrainian put there: "примерно в 120 млрд", "почти на 14 %".
_DETERMINERS = (
    "il|lo|la|i|gli|le|el|los|las|o|a|os|as|les|the|der|die|das|den|de|het|un|une|um|uma|в|во|на|у|за"
)

# ---------------------------------------------------------------------------
# Rates ("per month")
# ---------------------------------------------------------------------------


def _periods(**groups: str) -> dict[str, str]:
    return {form: name for name, words in groups.items() for form in _forms(name, words)}


PERIOD_WORDS: dict[str, dict[str, str]] = {
    "en": _periods(
        month="per month|a month|monthly|each month|every month",
        year="per year|a year|annually|per annum|each year|every year|a yr",
        week="per week|a week|weekly",
        day="per day|a day|daily",
        hour="per hour|an hour|hourly",
        person="per person|per head|per capita|each",
    ),
    "it": _periods(
        month="al mese|mensili|mensile|ogni mese",
        year="all'anno|l'anno|annui|annuali|ogni anno",
        week="a settimana|alla settimana",
        day="al giorno",
        hour="all'ora|l'ora",
        person="a testa|a persona|pro capite",
    ),
    "ru": _periods(
        month="в месяц|ежемесячно|в мес.",
        year="в год|ежегодно",
        week="в неделю",
        day="в день|в сутки",
        hour="в час",
        person="на человека|на душу населения",
    ),
    "uk": _periods(month="на місяць|щомісяця", year="на рік|щороку", day="на день", person="на людину"),
    "fr": _periods(
        month="par mois|mensuels|mensuel",
        year="par an|par année|annuels|annuel",
        week="par semaine",
        day="par jour",
        hour="de l'heure|par heure",
        person="par personne|par habitant|par tête",
    ),
    "de": _periods(
        month="pro monat|im monat|monatlich|je monat",
        year="pro jahr|im jahr|jährlich|je jahr",
        week="pro woche|in der woche",
        day="pro tag|am tag|täglich",
        hour="pro stunde|die stunde",
        person="pro kopf|pro person|je person",
    ),
    "pt": _periods(
        month="por mês|ao mês|mensais|mensal",
        year="por ano|ao ano|anuais|anual",
        week="por semana",
        day="por dia|ao dia",
        hour="por hora",
        person="por pessoa|per capita|por habitante",
    ),
    "es": _periods(
        month="al mes|por mes|mensuales|mensual",
        year="al año|por año|anuales|anual",
        week="a la semana|por semana",
        day="al día|por día|diarios",
        hour="por hora|la hora",
        person="por persona|per cápita|por habitante",
    ),
    "nl": _periods(
        month="per maand|per maand", year="per jaar|per jaar", day="per dag", person="per persoon"
    ),
    "pl": _periods(
        month="miesięcznie|na miesiąc", year="rocznie|na rok", day="dziennie|na dzień", person="na osobę"
    ),
    "tr": _periods(month="aylık", year="yıllık"),
}

# Units glued to a number ("12km", "30°C", "5kg"), case-sensitive so that "5G" or "4K" stay names.
UNITS = (
    "km²",
    "km2",
    "m²",
    "m2",
    "m³",
    "km/h",
    "mph",
    "km",
    "kg",
    "cm",
    "mm",
    "mg",
    "ml",
    "ha",
    "kW",
    "kWh",
    "MW",
    "MWh",
    "GW",
    "GWh",
    "GB",
    "TB",
    "MB",
    "°C",
    "°F",
    "m",
    "l",
    "t",
)
_UNIT_RE = re.compile(
    rf"(?P<unit>{'|'.join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))})(?![^\W_])"
)

# A clock time right after a number: "10 Uhr", "8 pm", "14 h 30", "10 o'clock", "9 ч.".
_CLOCK_AFTER_RE = re.compile(
    rf"{S}*(?:uhr|uur|h|hs|hrs|ч\.|ч|godz\.|a\.?{S}?m\.|p\.?{S}?m\.|am|pm|o['’]clock)(?![^\W_])",
    re.IGNORECASE,
)

# Scale letters written against a currency sign, French style: "12 M€", "3 Md€", "40 k€", "2 Mrd. €".
_SIGN_SCALES = {
    "k": THOUSAND,
    "K": THOUSAND,
    "M": MILLION,
    "Md": BILLION,
    "Mds": BILLION,
    "Mrd": BILLION,
    "Mrd.": BILLION,
    "Mio": MILLION,
    "Mio.": MILLION,
    "G": BILLION,
}
_SCALED_SIGN_RE = re.compile(
    rf"{S}*(?P<s>{'|'.join(re.escape(k) for k in sorted(_SIGN_SCALES, key=len, reverse=True))}){S}?(?=[$€£¥₽₺₴])"
)

# Languages that mark ordinals with a point after the digits ("der 3. Platz").
DOT_ORDINAL_LANGS = frozenset({"de", "pl", "tr", "da", "no", "fi", "cs", "sk", "hu", "sl", "hr", "sr", "et"})

# Range connectors between two numbers: "5-10 %", "de 5 à 10 millions", "от 5 до 10 млн".
_RANGE_RE = re.compile(
    rf"{S}*(?:[-–—]|(?:to|à|a|al|bis|до|tot|do|hasta|até)(?![^\W_])"
    rf"|(?P<and>e|ed|and|und|et|и|i|y|ve|en|та|і)(?![^\W_])){S}*",
    re.IGNORECASE,
)
_BETWEEN_RE = re.compile(
    rf"(?<![^\W_])(?:between|tra|fra|zwischen|entre|между|між|tussen|między|от|від|von|da|de|from)"
    rf"(?:{S}+(?:il|i|el|los|les|the|der|den|o|os))?{S}*\Z",
    re.IGNORECASE,
)
# German "unter" before a count is "among" ("eine Umfrage unter 500 Kunden"), before an age or a
# measure "under" ("unter 6 Jahren", "unter 5 Kilometern").
_AMONG_RE = re.compile(rf"(?<![^\W_])unter{S}+\Z", re.IGNORECASE)
_MEASURE_NOUNS = word_set(
    "jahr jahre jahren monat monate monaten woche wochen tag tage tagen stunde stunden minute minuten "
    "meter metern kilometer kilometern kilo kilogramm tonnen grad"
)
_SCORE_BEFORE_RE = re.compile(rf"\d{S}?[-–—:]{S}?\Z")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_DEGREES_RE = re.compile(rf"{S}*(?P<unit>°[CF]?)")

# ---------------------------------------------------------------------------
# The grammar of one language, compiled once
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Grammar:
    """Compiled patterns and lookup tables for one language (or for an unknown language)."""

    lang: str | None
    prefix_currency: TailPattern  # these three end where the number starts
    suffix_currency: re.Pattern[str]
    currency_words: dict[str, str]
    scale: re.Pattern[str]
    scales: dict[str, int]
    percent: re.Pattern[str]
    percent_words: dict[str, str]
    percent_before: TailPattern | None
    hedge: TailPattern
    hedges: dict[str, str]
    period: re.Pattern[str]
    periods: dict[str, str]
    number_word: re.Pattern[str] | None
    number_word_folded: re.Pattern[str] | None
    number_words: dict[str, int]
    function_words: frozenset[str]


def _merged(table: dict[str, dict[str, str]], code: str | None) -> dict[str, str]:
    """A table's entries for a language plus the English ones; all languages' for an unknown one."""
    if code in table:
        return {**table.get("en", {}), **table[code]}
    merged: dict[str, str] = {}
    for entries in table.values():
        for key, value in entries.items():
            merged.setdefault(key, value)
    return merged


@cache
def _grammar(lang: str | None) -> _Grammar:
    code = base_lang(lang)
    code = code if code in KNOWN_LANGS else None
    words = _merged(CURRENCY_WORDS, code)
    symbols = words_alternation(CURRENCY_SYMBOLS)
    codes = "|".join(sorted(CURRENCY_CODES | set(CODE_ALIASES), key=len, reverse=True))
    percent = _merged(PERCENT_WORDS, code)
    hedges = _merged(HEDGES, code)
    periods = _merged(PERIOD_WORDS, code)
    numbers = number_words(code)
    function_words = FUNCTION_WORDS.get(code or "", frozenset()) | FUNCTION_WORDS["en"]
    before = PERCENT_BEFORE.get(code or "")
    # A word ends at a word boundary; an abbreviation ending in "." ends at its point.
    end = r"(?:(?<=\.)|(?<=[^\W\d_])(?![^\W\d_])|(?<=[^\w.]))"
    return _Grammar(
        lang=code,
        prefix_currency=TailPattern(
            skip_ahead(rf"(?<![^\W\d_])(?P<cur>(?-i:{codes})(?![^\W\d_])|{symbols}){S}*\Z", re.IGNORECASE),
            phrase_words([*CURRENCY_SYMBOLS, *CURRENCY_CODES, *CODE_ALIASES]),
        ),
        suffix_currency=re.compile(
            rf"{S}*(?:(?P<conn>d['’]|(?:di|de|of)(?={S})){S}*)?"
            rf"(?P<cur>(?:{words_alternation(words)}){end}|(?-i:{codes})(?![^\W\d_])|{symbols})",
            re.IGNORECASE,
        ),
        currency_words=words,
        scale=scale_re(code),
        scales=scale_words(code),
        percent=re.compile(rf"{S}*(?P<pct>%|(?:{words_alternation(percent)}){end})", re.IGNORECASE),
        percent_words=percent,
        percent_before=(
            TailPattern(
                skip_ahead(rf"(?<![^\W\d_])(?:{words_alternation(before)}){S}*\Z", re.IGNORECASE),
                phrase_words(before),
            )
            if before
            else None
        ),
        hedge=TailPattern(
            skip_ahead(
                rf"(?<![^\W\d_])(?P<q>{words_alternation(hedges)})"
                rf"(?:{S}+(?:{_DETERMINERS})(?![^\W\d_])|{S}*l['’])?{S}*\Z",
                re.IGNORECASE,
            ),
            phrase_words(hedges) + 1,  # and an article or "l'"
        ),
        hedges=hedges,
        period=re.compile(rf"{S}*,?{S}*(?P<per>{words_alternation(periods)})(?![^\W\d_])", re.IGNORECASE),
        periods=periods,
        number_word=(
            re.compile(
                rf"{first_letters(numbers)}(?<![^\W\d_])(?P<w>{words_alternation(numbers)})(?![^\W\d_])",
                re.IGNORECASE,
            )
            if numbers
            else None
        ),
        # The same words in the folded text (see fold_case): same places, found faster.
        number_word_folded=(
            re.compile(words_trie({fold_case(n) for n in numbers}, r"(?<![^\W\d_][\s\S])") + r"(?![^\W\d_])")
            if numbers
            else None
        ),
        number_words=numbers,
        function_words=function_words,
    )


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------

_WORD_BEFORE_RE = re.compile(rf"(?P<w>[^\W\d_][\w'’.]*|[№#§]){S}*\Z")
_WORD_AFTER_RE = re.compile(rf"{S}+(?P<w>[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*)")
_OPENERS = "\"'«»„“”‘’([{*•·–—-"


def _sentence_initial(text: str, start: int) -> bool:
    """True when the word starting at ``start`` opens a sentence, a line or a quotation."""
    i = start
    while i > 0 and (text[i - 1] in SPACES or text[i - 1] in _OPENERS):
        if text[i - 1] in '([{"«„“':
            return True
        i -= 1
    return i == 0 or text[i - 1] in ".!?…:;\n\r\t"


@dataclass
class _Found:
    """A quantity being assembled: where it starts and ends, and what it is."""

    start: int
    end: int
    kind: str  # "money", "percent", "number"
    value: float
    unit: str | None
    qualifier: str | None = None
    noun: str | None = None
    per: str | None = None


def find_quantities(text: str, lang: str | None, published: str | None = None) -> list[Fact]:
    """Every money amount, percentage and counted number in ``text``, in order. Never raises on text."""
    g = _grammar(lang)
    # Dates (and phone numbers) claim their digits first: "14" in "14 March" counts nothing.
    blocked = sorted([(f.start, f.end) for f in dates.find_dates(text, lang, published)] + phone_spans(text))
    starts = [s for s, _ in blocked]
    found: list[_Found] = []
    bare: list[tuple[int, int, str]] = []  # numbers with nothing attached, for ranges

    def is_blocked(start: int, end: int) -> bool:
        i = bisect_right(starts, end - 1)  # the blocked spans starting before ``end``...
        return any(blocked[j][1] > start for j in range(max(0, i - 3), i))  # ...that reach past ``start``

    for m in NUMBER_RE.finditer(text):
        if is_blocked(m.start(), m.end()):
            continue
        item = _read(text, m.start(), m.end(), m.group(0), None, g)
        if item is None:
            continue
        if isinstance(item, _Found):
            found.append(item)
        else:
            bare.append((m.start(), m.end(), m.group(0)))
    if g.number_word is not None and g.number_word_folded is not None:
        words = (
            g.number_word_folded.finditer(fold_case(text))
            if fold_keeps_words(text)
            else g.number_word.finditer(text)
        )
        for m in words:
            if is_blocked(m.start(), m.end()):
                continue
            raw = text[m.start() : m.end()]
            word_value = g.number_words.get(fold(raw))
            if word_value is None:
                continue
            item = _read(text, m.start(), m.end(), raw, word_value, g)
            if isinstance(item, _Found):
                found.append(item)
    found.extend(_ranges(text, bare, found, g))
    found.sort(key=lambda f: (f.start, -f.end))
    facts: list[Fact] = []
    last_end = -1
    for f in found:
        if f.start < last_end:
            continue  # overlapping readings: the first, longest one wins
        last_end = f.end
        original = text[f.start : f.end]
        attrs: dict[str, object] = {"qualifier": f.qualifier, "original": original}
        if f.kind == "number":
            attrs["noun"] = f.noun
        if f.per:
            attrs["per"] = f.per
        facts.append(Fact(f.kind, f.start, f.end, original, f.value, f.unit, frozen_map(attrs)))
    return facts


def _read(
    text: str, start: int, end: int, raw: str, word_value: int | None, g: _Grammar
) -> _Found | bool | None:
    """Read the quantity whose number is ``text[start:end]``.

    Returns a :class:`_Found`, ``True`` for a bare number that could still be
    the first end of a range ("5-10 %"), or None for something that is not a
    quantity (a label, a time, a number inside a name).
    """
    left = text[max(0, start - 48) : start]
    cur_code: str | None = None
    span_start = start
    if pm := g.prefix_currency.search(left):
        cur_code = _currency_code(pm.group("cur"), g)
        span_start = start - (len(left) - pm.start("cur"))
    pb = g.percent_before.search(left) if g.percent_before else None
    pct_before = pb is not None
    if pb is not None:
        span_start = start - (len(left) - pb.start())  # "%45", "yüzde 45"

    after = text[end : end + 1]
    pos = end
    scale = 1
    glued_unit: str | None = None
    if word_value is None:
        if cur_code is None and not pct_before and glued_to_word(text, start, end):
            return None  # "X-7", "G7", "7-Eleven"
        if has_leading_zero(raw):
            return None  # "0042": a code or a model, never a count
        if (after == ":" and text[end + 1 : end + 2].isdigit()) or (
            text[start - 1 : start] == ":" and text[start - 2 : start - 1].isdigit()
        ):
            return None  # "10:30", "3:1"
    if after.isalpha():
        # Letters glued to the digits: a scale after a currency ("$3.5m"), a unit ("12km"), else a word.
        glued = _LETTERS_RE.match(text, end)
        letters = glued.group(0).lower() if glued else ""
        if cur_code and letters in GLUED_SCALES:
            scale, pos = GLUED_SCALES[letters], end + len(letters)
        elif (u := _UNIT_RE.match(text, end)) and word_value is None:
            glued_unit, pos = u.group("unit"), u.end()
        elif word_value is None:
            return None  # "20h53", "3rd", "5G", "4x"
    if (
        word_value is None
        and g.lang in DOT_ORDINAL_LANGS
        and after == "."
        and _WORD_AFTER_RE.match(text, end + 1)
    ):
        return None  # "der 3. Platz": an ordinal

    if scale == 1 and glued_unit is None and (ss := _SCALED_SIGN_RE.match(text, pos)):
        scale, pos = _SIGN_SCALES[ss.group("s")], ss.end("s")  # "12 M€": the sign follows
    if scale == 1 and glued_unit is None and (sm := g.scale.match(text, pos)):
        scale = g.scales.get(fold(sm.group("scale")), g.scales.get(fold(sm.group("scale")).rstrip("."), 1))
        if scale != 1:
            pos = sm.end()
    unit: str | None = None
    kind = "number"
    pct = None if glued_unit else g.percent.match(text, pos)
    if pct_before:
        kind, unit = "percent", "%"
    elif pct:
        kind, unit = "percent", g.percent_words.get(fold(pct.group("pct")), "%")
        pos = pct.end()
    elif (
        glued_unit is None
        and (sc := g.suffix_currency.match(text, pos))
        # "4 di dollari" is no amount; "4 milioni di dollari" is: "di"/"de"/"of" only after a scale word
        and not (sc.group("conn") and scale == 1)
    ):
        code = _currency_code(sc.group("cur"), g)
        if code and (cur_code is None or code == cur_code):
            cur_code = code
            pos = sc.end()
    if cur_code:
        kind, unit = "money", cur_code

    if word_value is not None:
        number = Decimal(word_value)
    else:
        parsed = parse_number(raw, g.lang, decimal_context=scale != 1 or kind == "percent")
        if parsed is None:
            return None
        number = parsed
    value = float(number * scale)
    qualifier = _qualifier(text, span_start, g)
    if qualifier and kind == "number" and _AMONG_RE.search(text, max(0, span_start - 8), span_start):
        qualifier = None  # "unter 500 Kunden" is "among", except for ages and measures (checked below)
        among = True
    else:
        among = False

    if word_value is not None and scale == 1 and kind != "percent":
        return None  # number words only before a scale or percent word: "two million", "sixty percent"
    if kind == "number":
        if _CLOCK_AFTER_RE.match(text, end):
            return None  # "10 Uhr", "8 pm"
        if _SCORE_BEFORE_RE.search(text, max(0, start - 4), start):
            return None  # "2-0", "3:1": the second half of a score or a range without a unit
        noun = glued_unit or _noun(text, pos, g)
        if _labelled(text, start) or _in_name(text, start, pos, noun, g.lang):
            return None
        if among and noun and (glued_unit or fold(noun) in _MEASURE_NOUNS):
            qualifier = "less than"  # "Kinder unter 6 Jahren": under an age or a measure
        if noun is None and qualifier is None and scale == 1:
            return True  # a bare number: nothing to compare, but maybe the first end of a range
        # The span of a count is its number (with its scale word or glued unit); the noun is an attribute.
        return _Found(span_start, pos, "number", value, None, qualifier, noun)
    per = None
    if kind == "money" and (pr := g.period.match(text, pos)):
        per = g.periods.get(fold(pr.group("per")))
    return _Found(span_start, pos, kind, value, unit, qualifier, None, per)


def _currency_code(found: str, g: _Grammar) -> str | None:
    """The ISO code of a matched currency sign, code or word."""
    if found in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[found]
    if found in CURRENCY_CODES:
        return found
    if found in CODE_ALIASES:
        return CODE_ALIASES[found]
    key = fold(found)
    return g.currency_words.get(key) or g.currency_words.get(key.rstrip(".")) or CURRENCY_SYMBOLS.get(key)


def _qualifier(text: str, start: int, g: _Grammar) -> str | None:
    """The normalised hedge right before ``start`` ("about", "more than", ...), or None."""
    left = text[max(0, start - 40) : start]
    m = g.hedge.search(left)
    if m is None:
        return None
    return g.hedges.get(fold(m.group("q")))


def _labelled(text: str, start: int) -> bool:
    """True when a label word or sign comes right before: "No. 5", "article 12", "№ 7", "#3"."""
    m = search_last_word(_WORD_BEFORE_RE, text[max(0, start - 24) : start])
    return m is not None and m.group("w").lower().rstrip(".") in LABEL_WORDS


def _noun(text: str, pos: int, g: _Grammar) -> str | None:
    """The word a number counts, right after ``pos``, or None ("14 boats" -> "boats")."""
    m = _WORD_AFTER_RE.match(text, pos)
    if m is None:
        unit = _DEGREES_RE.match(text, pos)
        return unit.group("unit") if unit else None
    word = m.group("w")
    low = word.lower()
    if low in g.function_words or low in dates.CALENDAR_WORDS:
        return None  # "14 of the boats", "14 March"
    if word[0].isupper() and g.lang != "de":
        return None  # a name or the next sentence, not the counted noun (German capitalises nouns)
    return word


def _in_name(text: str, start: int, end: int, noun: str | None, lang: str | None) -> bool:
    """True when the number is part of a name ("Brand 11", "Model 7 Max"), judged by shape alone.

    Counts follow determiners, verbs and prepositions, not proper nouns: a
    number right after a capitalised word that does not open the sentence is
    part of a name. German capitalises every noun ("laut Polizei 14 Tote"),
    so there it is a name only when nothing is counted after it or the next
    word is capitalised too ("Brand 7 Max").
    """
    window = text[max(0, start - 40) : start]
    m = search_last_word(_WORD_BEFORE_RE, window)
    if m is None:
        return False
    word = m.group("w")
    if not any(c.isupper() for c in word) or word in CURRENCY_CODES:
        return False
    if _sentence_initial(text, start - len(window) + m.start("w")):
        return False  # "Over 300 people": the capital belongs to the sentence
    if lang != "de" or noun is None:
        return True
    after = _WORD_AFTER_RE.match(text, end)
    return bool(after and after.group("w")[:1].isupper())


def _ranges(
    text: str, bare: list[tuple[int, int, str]], found: list[_Found], g: _Grammar
) -> Iterator[_Found]:
    """The first end of a range takes the unit of the second: "5-10 %", "de 3 à 4 millions d'euros"."""
    by_start = {f.start: f for f in found if f.kind in ("money", "percent")}
    for start, end, raw in bare:
        m = _RANGE_RE.match(text, end)
        if m is None or m.end() not in by_start:
            continue
        second = by_start[m.end()]
        if second.kind == "money" and not text[second.start].isdigit():
            continue  # "5 to $10": the second end has its own sign, so the first is not an amount
        if m.group("and") and not _BETWEEN_RE.search(text[max(0, start - 24) : start]):
            continue  # "5 and 10 %" is a range only after "between": "14 and 35 %" is not
        number = parse_number(raw, g.lang, decimal_context=True)
        if number is None:
            continue
        scale = _scale_of(text, second, g)
        yield _Found(start, end, second.kind, float(number * scale), second.unit, _qualifier(text, start, g))


def _scale_of(text: str, f: _Found, g: _Grammar) -> int:
    """The scale word of a found amount, if it has one ("3 milioni di euro" -> 10^6)."""
    m = NUMBER_RE.match(text, f.start)
    if m is None:
        return 1
    sm = g.scale.match(text, m.end())
    return g.scales.get(fold(sm.group("scale")), 1) if sm else 1


@hookimpl
def parallax_extract(article: Article, settings: Settings) -> Extraction:
    """Money, percentages and counted numbers of one article, with their hedges."""
    return Extraction(facts=tuple(find_quantities(article.text, article.lang, article.meta("published"))))
