"""Built-in extractor: dates, absolute and relative, in the words of many languages.

A hand-written grammar per language (compiled once) finds:

* absolute dates at the precision the text gives: a year ("in 2019", "в 2019
  году"), a month ("marzo 2019", "в марте 2019 года"), a day ("14 janvier
  2019", "14. Januar 2019", "9 de janeiro de 2019", "January 14, 2019",
  "14/01/2019", "2019-01-14");
* relative dates, resolved against the article's publication date when it is
  known: "last year", "в прошлом году", "no ano passado", "im vergangenen
  Dezember", "en décembre dernier", a bare month with its preposition ("a
  marzo", "em março": the most recent such month not after publication),
  "yesterday", "gestern", a weekday ("am Donnerstag": the most recent such
  day on or before publication), "two years ago", "vor zwei Jahren"; a day
  without a year ("le 6 juin") is the latest such day not after
  publication, or the year its weekday fits ("domenica 6 aprile");
* forecasts: a date after "by", "entro", "к", "d'ici", "bis", "até", "para"
  (attrs ``forecast`` True), and any date that points past publication. A
  month or day without a year in a clause in the future tense ("the games
  will open on 26 July", "sarà a marzo") is the next such one.

Each fact: ``type="date"``, ``value`` ISO 8601 ("2019", "2019-03",
``"2019-03-14"``) or None when a relative date has no publication date to
resolve against, and ``attrs`` ``precision`` ("year"/"month"/"day"),
``relative``, ``resolved``, ``anchor`` (the publication date used),
``forecast`` and ``original`` (the words read).

Never a date: a percentage, a decimal, an amount of money, a count ("2019
people"), a number that is part of a name ("Model 2000"), a clock time, a
phone number. A four-digit number is a year only when it is between 1000 and
2100 and its context says so; without any context only 1900-2100.

No dateparser: it reads far too much as dates in running text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache

from generator import hookimpl
from generator.model import Article, Extraction, Fact, frozen_map
from generator.settings import Settings
from plugins import lexicon
from plugins.numbers import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    FUNCTION_WORDS,
    KNOWN_LANGS,
    LABEL_WORDS,
    SPACES,
    TailPattern,
    base_lang,
    first_letters,
    fold,
    fold_case,
    fold_keeps_words,
    number_words,
    phone_spans,
    phrase_words,
    scale_words,
    search_last_word,
    skip_ahead,
    word_set,
    words_alternation,
    words_trie,
)

S = f"[{SPACES}]"
NOT_WORD_BEFORE = r"(?<![^\W_])"  # no letter or digit right before
NOT_WORD_AFTER = r"(?![^\W_])"  # no letter or digit right after

# ---------------------------------------------------------------------------
# Calendar words
# ---------------------------------------------------------------------------


def _forms_of(table: str) -> tuple[tuple[str, ...], ...]:
    """Calendar names from one string: "|" between names (in calendar order), "," between forms of one."""
    return tuple(tuple(form for form in name.split(",")) for name in table.split("|"))


# Month forms the lexicon does not list, by language and month (1..12): the
# cases that follow prepositions ("в декабре", "у грудні", "w grudniu").
_EXTRA_MONTHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "ru": _forms_of(
        "январе,январю|феврале,февралю|марте,марту|апреле,апрелю|мае,маю|июне,июню|июле,июлю|августе,августу|сентябре,сентябрю|октябре,октябрю|ноябре,ноябрю|декабре,декабрю"
    ),
    "uk": _forms_of("січні|лютому|березні|квітні|травні|червні|липні|серпні|вересні|жовтні|листопаді|грудні"),
    "pl": _forms_of(
        "styczniu|lutym|marcu|kwietniu|maju|czerwcu|lipcu|sierpniu|wrześniu|październiku|listopadzie|grudniu"
    ),
}


def _month_forms(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """(full forms, abbreviations) of a language's months, lower case -> 1..12.

    The lexicon lists per language the full name first, then its other forms:
    the genitive where the language declines it ("января"), spelling variants
    ("fevrier") and abbreviations. An abbreviation is a shorter beginning of
    the full name ("janv", "sept", "мар"); such forms are common words too
    ("mar", "set", "ago"), so they only count next to a day and a year, or
    with their point.
    """
    table = lexicon._MONTH_TABLE.get(lang, ())  # the lexicon's per-language table (no public accessor)
    full: dict[str, int] = {}
    short: dict[str, int] = {}
    for number, forms in enumerate(table, start=1):
        for form in forms:
            abbreviation = len(form) < len(forms[0]) and forms[0].startswith(form)
            (short if abbreviation else full)[form] = number
    for number, forms in enumerate(_EXTRA_MONTHS.get(lang, ()), start=1):
        for form in forms:
            full[form] = number
    return full, short


# Weekdays per language, Monday first, with the case forms after prepositions ("в среду", "w środę").
_WEEKDAYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": _forms_of("monday|tuesday|wednesday|thursday|friday|saturday|sunday"),
    "it": _forms_of(
        "lunedì,lunedi|martedì,martedi|mercoledì,mercoledi|giovedì,giovedi|venerdì,venerdi|sabato|domenica"
    ),
    "ru": _forms_of("понедельник|вторник|среда,среду|четверг|пятница,пятницу|суббота,субботу|воскресенье"),
    "uk": _forms_of(
        "понеділок|вівторок|середа,середу|четвер|п'ятниця,п'ятницю,пʼятниця,пʼятницю,п’ятниця,п’ятницю|субота,суботу|неділя,неділю"
    ),
    "fr": _forms_of("lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"),
    "de": _forms_of("montag|dienstag|mittwoch|donnerstag|freitag|samstag,sonnabend|sonntag"),
    "pt": _forms_of(
        "segunda-feira,segunda|terça-feira,terça,terca-feira|quarta-feira,quarta|quinta-feira,quinta|sexta-feira,sexta|sábado,sabado|domingo"
    ),
    "es": _forms_of("lunes|martes|miércoles,miercoles|jueves|viernes|sábado,sabado|domingo"),
    "nl": _forms_of("maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"),
    "pl": _forms_of("poniedziałek|wtorek|środa,środę|czwartek|piątek|sobota,sobotę|niedziela,niedzielę"),
    "tr": _forms_of("pazartesi|salı|çarşamba|perşembe|cuma|cumartesi|pazar"),
}

# Every month and weekday form of every language: a number before one of these counts nothing.
CALENDAR_WORDS: frozenset[str] = frozenset(
    {form for lang in KNOWN_LANGS for form in (*_month_forms(lang)[0], *_month_forms(lang)[1])}
    | {form for days in _WEEKDAYS.values() for forms in days for form in forms}
)


def _table(**groups: str) -> dict[str, int]:
    """``{phrase: offset}`` from keyword arguments ``m2``/``m1``/``z``/``p1``/``p2`` (-2..+2)."""
    offsets = {"m2": -2, "m1": -1, "z": 0, "p1": 1, "p2": 2}
    return {w.strip(): offsets[k] for k, words in groups.items() for w in words.split("|") if w.strip()}


@dataclass(frozen=True)
class DateWords:
    """The date vocabulary of one language. Phrases are lower case; a space matches any spaces."""

    # Relative phrases with their offset, by the unit they count in.
    years: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    days: dict[str, int] = field(default_factory=dict)
    # After a month name: which year ("в декабре прошлого года", "im März dieses Jahres").
    month_years: dict[str, int] = field(default_factory=dict)
    last_before: tuple[str, ...] = ()  # "last December", "lo scorso dicembre", "am vergangenen Donnerstag"
    last_after: tuple[str, ...] = ()  # "dicembre scorso", "décembre dernier", "jeudi dernier"
    next_before: tuple[str, ...] = ()
    next_after: tuple[str, ...] = ()
    month_preps: tuple[str, ...] = ()  # before a bare month: "in", "a", "в", "em", "im"
    month_posts: tuple[str, ...] = ()  # after a bare month, in languages with postpositions: "ayında"
    weekday_preps: tuple[str, ...] = ()  # before a weekday: "on", "am", "в", "na"
    weekday_last: tuple[str, ...] = ()  # "в прошлый четверг", "am vergangenen Donnerstag"
    weekday_next: tuple[str, ...] = ()
    # Year context: words right before a year that make it one for certain,
    # words that make it one unless a counted noun follows, words after it.
    year_sure: tuple[str, ...] = ()
    year_maybe: tuple[str, ...] = ()
    year_after: tuple[str, ...] = ()
    forecast: tuple[str, ...] = ()  # "by", "entro", "к", "d'ici", "bis", "até", "para"
    ago_before: tuple[str, ...] = ()  # "il y a", "vor", "hace", "há"
    ago_after: tuple[str, ...] = ()  # "ago", "fa", "назад", "atrás", "geleden"
    later_before: tuple[str, ...] = ()  # "in", "tra", "через", "dans", "daqui a"
    units: dict[str, str] = field(default_factory=dict)  # "years" -> "year"
    count_optional: bool = False  # "год назад", "rok temu": a unit alone means one
    capitalised: bool = False  # month and weekday names start with a capital (English)
    morning_words: tuple[str, ...] = ()  # words before "mañana"/"morgen" that make it "morning"


def _w(words: str) -> tuple[str, ...]:
    """Phrases from one "|"-separated string (compact word lists)."""
    return tuple(w.strip() for w in words.split("|") if w.strip())


def _units(year: str, month: str, week: str, day: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for unit, words in (("year", year), ("month", month), ("week", week), ("day", day)):
        out.update({w: unit for w in words.split("|")})
    return out


WORDS: dict[str, DateWords] = {
    "en": DateWords(
        years=_table(
            m2="the year before last",
            m1="last year|a year ago|the past year|past year",
            z="this year|earlier this year|later this year",
            p1="next year|the coming year|the following year",
        ),
        months=_table(
            m1="last month|a month ago",
            z="this month|earlier this month",
            p1="next month",
        ),
        days=_table(
            m2="the day before yesterday",
            m1="yesterday",
            p1="tomorrow",
            p2="the day after tomorrow",
        ),
        month_years=_table(
            m1="last year|of last year",
            z="this year|of this year",
            p1="next year|of next year",
        ),
        last_before=_w("last|this past|past"),
        next_before=_w("next|this coming|coming"),
        month_preps=_w("in|since|during|until|till|from|in early|in late|in mid|mid-|early|late|by"),
        weekday_preps=_w("on|this|on this"),
        weekday_last=_w("last|on last|this past"),
        weekday_next=_w("next|this coming|on next"),
        # "the 2019 election": English puts the year before the noun it dates
        year_sure=_w(
            "since|in the year|the year|year|fiscal year|fiscal|early|late|mid|mid-|pre-|post-"
            "|summer|winter|spring|autumn|fall|end of|start of|beginning of|the end of|the start of"
            "|class of|until|till|through|throughout|during|circa|as of|ahead of|the|its|their|his"
            "|her|our|this|that"
        ),
        year_maybe=_w("in|from|to|of|before|after|between|and|or|the|by|for|around|since|at|on"),
        forecast=_w(
            "by|by the end of|by end of|by the end of the|no later than|by early|by late|by mid"
            "|by mid-|before the end of"
        ),
        ago_after=_w("ago"),
        later_before=_w("in|within"),
        units=_units("year|years", "month|months", "week|weeks", "day|days"),
        capitalised=True,
    ),
    "it": DateWords(
        years=_table(
            m2="due anni fa",
            m1=(
                "l'anno scorso|lo scorso anno|l'anno passato|nell'anno passato|lo anno scorso|un anno fa"
                "|l’anno scorso|l’anno passato"
            ),
            z="quest'anno|quest’anno|nell'anno in corso|quest anno",
            p1="l'anno prossimo|il prossimo anno|l'anno venturo|l’anno prossimo|nel prossimo anno",
        ),
        months=_table(
            m1="il mese scorso|lo scorso mese|il mese passato",
            z="questo mese",
            p1="il mese prossimo|il prossimo mese",
        ),
        days=_table(
            m2="l'altro ieri|l'altroieri|ieri l'altro|l’altro ieri",
            m1="ieri",
            p1="domani",
            p2="dopodomani",
        ),
        month_years=_table(
            m1="dell'anno scorso|dello scorso anno|dell'anno passato|dell’anno scorso",
            z="di quest'anno|di questo anno|di quest’anno",
            p1="dell'anno prossimo|del prossimo anno",
        ),
        last_before=_w("lo scorso|scorso|nello scorso|il passato|lo scorso mese di"),
        last_after=_w("scorso|passato"),
        next_before=_w("il prossimo|prossimo"),
        next_after=_w("prossimo|venturo"),
        month_preps=_w("a|in|nel|nel mese di|dal|da|fino a|a inizio|a fine|a metà|ad|entro|di|tra|fra"),
        weekday_preps=_w("di|questo"),
        weekday_last=_w("lo scorso|scorso"),
        weekday_next=_w("il prossimo|prossimo"),
        year_sure=_w(
            "nel|nell'anno|nell’anno|dal|anno|l'anno|inizio|fine|metà|estate|inverno|primavera"
            "|autunno|nel corso del|a partire dal|entro il|entro|fino al|sin dal|dell'anno|prima del"
            "|dopo il"
        ),
        year_maybe=_w("il|del|al|tra il|e il|e|o|in|da|fino|fra il|per il|dal|di"),
        forecast=_w(
            "entro|entro il|entro la fine del|entro fine|entro la fine di|entro l'inizio del"
            "|entro il prossimo"
        ),
        ago_after=_w("fa|or sono"),
        later_before=_w("tra|fra"),
        units=_units("anno|anni", "mese|mesi", "settimana|settimane", "giorno|giorni"),
    ),
    "ru": DateWords(
        years=_table(
            m2="в позапрошлом году|позапрошлом году",
            m1=(
                "в прошлом году|в минувшем году|в прошедшем году|прошлого года|прошлом году|минувшего года"
                "|в предыдущем году|годом ранее"
            ),
            z="в этом году|в текущем году|в нынешнем году|этого года|текущего года|этом году|нынешнего года",
            p1="в следующем году|в будущем году|следующего года|в наступающем году|будущего года|в новом году",
        ),
        months=_table(
            m1="в прошлом месяце|в минувшем месяце|прошлого месяца",
            z="в этом месяце|в текущем месяце|этого месяца",
            p1="в следующем месяце|следующего месяца",
        ),
        days=_table(
            m2="позавчера",
            m1="вчера",
            p1="завтра",
            p2="послезавтра",
        ),
        month_years=_table(
            m2="позапрошлого года",
            m1="прошлого года|минувшего года|прошедшего года",
            z="этого года|текущего года|нынешнего года|сего года",
            p1="следующего года|будущего года",
        ),
        last_before=_w("в прошлом|прошлым"),
        month_preps=_w(
            "в|во|с|со|до|к|в начале|в конце|в середине|с начала|к концу|до конца|к началу|в течение"
        ),
        weekday_preps=_w("в|во|в этот|в эту|в это"),
        weekday_last=_w("в прошлый|в прошлую|в прошлое|в минувший|в минувшую|в минувшее"),
        weekday_next=_w("в следующий|в следующую|в следующее|в ближайший|в ближайшую|в ближайшее"),
        year_sure=_w(
            "с|со|к|до|после|в течение|начале|конце|середине|весной|летом|осенью|зимой|по итогам"
            "|по состоянию на"
        ),
        year_maybe=_w("в|во|от|по|и|или|за|на|между"),
        year_after=_w("году|года|год|г.|гг.|годах|годом|годы|годов|г"),
        forecast=_w("к|до|к концу|до конца|не позднее|не позже|к началу"),
        ago_after=_w("назад|тому назад"),
        later_before=_w("через"),
        units=_units(
            "год|года|лет|годом", "месяц|месяца|месяцев", "неделю|недели|недель|неделя", "день|дня|дней"
        ),
        count_optional=True,
    ),
    "uk": DateWords(
        years=_table(
            m1="минулого року|торік|у минулому році|в минулому році|минулому році",
            z="цього року|у цьому році|в цьому році|поточного року",
            p1="наступного року|у наступному році|в наступному році",
        ),
        months=_table(
            m1="минулого місяця",
            z="цього місяця",
            p1="наступного місяця",
        ),
        days=_table(
            m2="позавчора",
            m1="вчора|учора",
            p1="завтра",
            p2="післязавтра",
        ),
        month_years=_table(
            m1="минулого року",
            z="цього року|поточного року",
            p1="наступного року",
        ),
        month_preps=_w("у|в|з|із|до|на початку|наприкінці|в кінці|у середині|в середині"),
        weekday_preps=_w("у|в"),
        weekday_last=_w("минулого|у минулий|в минулий|минулої|у минулу|в минулу"),
        weekday_next=_w("наступного|у наступний|в наступний|у наступну|в наступну"),
        year_sure=_w("з|із|до|після|протягом|на початку|наприкінці|в середині"),
        year_maybe=_w("у|в|від|по|і|та|або|за|на|між"),
        year_after=_w("році|року|рік|р.|рр.|роках|роки"),
        forecast=_w("до|до кінця|не пізніше"),
        ago_after=_w("тому|назад"),
        later_before=_w("через"),
        units=_units("рік|роки|років|року", "місяць|місяці|місяців", "тиждень|тижні|тижнів", "день|дні|днів"),
        count_optional=True,
    ),
    "fr": DateWords(
        years=_table(
            m2="il y a deux ans",
            m1=(
                "l'année dernière|l'an dernier|l'année passée|l'an passé|l’année dernière|l’an dernier"
                "|l’année passée|l’an passé"
            ),
            z="cette année|cette année-ci",
            p1="l'année prochaine|l'an prochain|l’année prochaine|l’an prochain",
        ),
        months=_table(
            m1="le mois dernier|le mois passé",
            z="ce mois-ci",
            p1="le mois prochain",
        ),
        days=_table(
            m2="avant-hier",
            m1="hier",
            p1="demain",
            p2="après-demain",
        ),
        month_years=_table(
            m1="de l'année dernière|de l'an dernier|de l'année passée|de l’année dernière|de l’an dernier",
            z="de cette année",
            p1="de l'année prochaine|de l’année prochaine",
        ),
        last_after=_w("dernier|passé"),
        next_after=_w("prochain"),
        month_preps=_w(
            "en|depuis|dès|jusqu'en|jusqu’en|d'ici|d’ici|fin|début|mi-|au mois de|courant"
            "|à partir de|au début du mois de|à la fin du mois de|en début d'année|avant"
        ),
        weekday_preps=_w("ce|dès"),
        year_sure=_w(
            "depuis|dès|jusqu'en|jusqu’en|l'an|l’an|année|fin|début|mi-|mi|printemps|été|automne"
            "|hiver|courant|à partir de|au cours de|d'ici|d’ici|d'ici à|avant|après|depuis fin"
            "|depuis début"
        ),
        year_maybe=_w("en|de|et|à|entre|pour|ou|d'|d’|la|le"),
        forecast=_w(
            "d'ici|d’ici|d'ici à|d’ici à|d'ici la fin de|d’ici la fin de|d'ici fin|d’ici fin"
            "|avant la fin de|à l'horizon|à l’horizon|horizon"
        ),
        ago_before=_w("il y a"),
        later_before=_w("dans"),
        units=_units("an|ans|année|années", "mois", "semaine|semaines", "jour|jours"),
    ),
    "de": DateWords(
        years=_table(
            m2="vorletztes jahr|im vorletzten jahr",
            m1=(
                "letztes jahr|im letzten jahr|im vergangenen jahr|vergangenes jahr|voriges jahr"
                "|im vorigen jahr|im vorjahr|vergangenen jahres|letzten jahres|des vorjahres|vorjahr"
            ),
            z="dieses jahr|in diesem jahr|im laufenden jahr|dieses jahres|diesen jahres",
            p1=(
                "nächstes jahr|im nächsten jahr|im kommenden jahr|kommendes jahr|kommenden jahres"
                "|nächsten jahres"
            ),
        ),
        months=_table(
            m1=(
                "letzten monat|im letzten monat|vergangenen monat|im vergangenen monat|im vormonat"
                "|vorigen monat|im vorigen monat"
            ),
            z="diesen monat|in diesem monat|im laufenden monat",
            p1="nächsten monat|im nächsten monat|im kommenden monat|kommenden monat",
        ),
        days=_table(
            m2="vorgestern",
            m1="gestern",
            p1="morgen",
            p2="übermorgen",
        ),
        month_years=_table(
            m1=(
                "vergangenen jahres|letzten jahres|des vergangenen jahres|des letzten jahres|des vorjahres"
                "|vorigen jahres|des vorigen jahres|letztes jahr|vergangenes jahr"
            ),
            z="dieses jahres|des laufenden jahres|diesen jahres|dieses jahr",
            p1="nächsten jahres|kommenden jahres|des kommenden jahres|nächstes jahr",
        ),
        last_before=_w(
            "im vergangenen|vergangenen|letzten|im letzten|im vorigen|vorigen|am vergangenen"
            "|am letzten|vergangenen"
        ),
        next_before=_w("im kommenden|kommenden|nächsten|im nächsten|am kommenden|am nächsten"),
        month_preps=_w("im|in|seit|ab|bis|anfang|ende|mitte|bis ende|seit anfang|seit ende|im laufe des|vor"),
        weekday_preps=_w("am|an diesem|diesen|seit"),
        weekday_last=_w("am vergangenen|vergangenen|letzten|am letzten|vorigen|am vorigen"),
        weekday_next=_w("am kommenden|kommenden|nächsten|am nächsten"),
        year_sure=_w(
            "im|im jahr|im jahre|jahr|jahres|seit|ab|anfang|ende|mitte|frühjahr|sommer|herbst|winter"
            "|des jahres|bis|bis ende|spätestens|seit ende|seit anfang|bis zum jahr|vor|nach"
            "|zwischen"
        ),
        year_maybe=_w("in|von|und|oder|für|um"),
        forecast=_w(
            "bis|bis ende|bis zum jahr|bis spätestens|bis zum ende|spätestens|bis zum jahre"
            "|bis anfang|bis mitte"
        ),
        ago_before=_w("vor"),
        later_before=_w("in"),
        units=_units("jahr|jahren|jahre", "monat|monaten|monate", "woche|wochen", "tag|tagen|tage"),
        morning_words=_w("heute|gestern|am|jeden|den|der|guten|bis|morgen"),
    ),
    "pt": DateWords(
        years=_table(
            m2="há dois anos|retrasado",
            m1=(
                "no ano passado|o ano passado|ano passado|no ano anterior|há um ano|um ano atrás"
                "|do ano passado"
            ),
            z="este ano|neste ano|deste ano|nesse ano",
            p1="no próximo ano|o próximo ano|ano que vem|no ano que vem|do próximo ano",
        ),
        months=_table(
            m1="no mês passado|mês passado|do mês passado",
            z="este mês|neste mês|deste mês",
            p1="no próximo mês|mês que vem|no mês que vem",
        ),
        days=_table(
            m2="anteontem",
            m1="ontem",
            p1="amanhã",
            p2="depois de amanhã",
        ),
        month_years=_table(
            m1="do ano passado|do ano anterior",
            z="deste ano|de este ano",
            p1="do ano que vem|do próximo ano",
        ),
        last_after=_w("passado|último"),
        next_after=_w("próximo|que vem"),
        month_preps=_w(
            "em|desde|até|no início de|no fim de|no final de|em meados de|no mês de|a partir de"
            "|para|até o final de|até ao final de|entre"
        ),
        weekday_preps=_w("na|no|nesta|neste|desta|deste|nessa|nesse"),
        weekday_last=_w("na última|no último|na passada|no passado|na semana passada"),
        weekday_next=_w("na próxima|no próximo"),
        year_sure=_w(
            "desde|ano de|o ano de|no ano de|início de|final de|fim de|meados de|até|a partir de"
            "|antes de|depois de|no início de|no final de|em meados de|no fim de|até o final de"
            "|até ao final de"
        ),
        year_maybe=_w("em|no|de|do|entre|e|a|o|para|ou"),
        forecast=_w(
            "até|até o fim de|até o final de|até ao final de|até ao fim de|até o ano de|para"
            "|antes do fim de|até o início de|até meados de|para o fim de|para o final de"
        ),
        ago_before=_w("há|faz"),
        ago_after=_w("atrás"),
        later_before=_w("daqui a|dentro de"),
        units=_units("ano|anos", "mês|meses", "semana|semanas", "dia|dias"),
    ),
    "es": DateWords(
        years=_table(
            m1="el año pasado|el pasado año|año pasado|hace un año|del año pasado",
            z="este año|este mismo año",
            p1="el próximo año|el año próximo|el año que viene|año que viene|del próximo año",
        ),
        months=_table(
            m1="el mes pasado|el pasado mes",
            z="este mes",
            p1="el próximo mes|el mes que viene",
        ),
        days=_table(
            m2="anteayer|antier|antes de ayer",
            m1="ayer",
            p1="mañana",
            p2="pasado mañana",
        ),
        month_years=_table(
            m1="del año pasado|del pasado año",
            z="de este año",
            p1="del próximo año|del año que viene",
        ),
        last_before=_w("el pasado|el último"),
        last_after=_w("pasado|último"),
        next_before=_w("el próximo"),
        next_after=_w("próximo|que viene"),
        month_preps=_w(
            "en|desde|hasta|a principios de|a finales de|a mediados de|en el mes de|para"
            "|a partir de|para finales de|a fines de"
        ),
        weekday_preps=_w("el|este|desde el"),
        weekday_last=_w("el pasado|el último"),
        weekday_next=_w("el próximo|el que viene"),
        year_sure=_w(
            "desde|año|el año|principios de|finales de|mediados de|fines de|hasta|a partir de"
            "|antes de|después de|a principios de|a finales de|a mediados de|a fines de"
            "|para finales de|para fines de"
        ),
        year_maybe=_w("en|el|del|de|entre|y|a|para|o|al"),
        forecast=_w(
            "para|para finales de|para fines de|para el|antes de|antes de finales de|a más tardar en"
            "|hasta|para mediados de|para principios de|de aquí a"
        ),
        ago_before=_w("hace"),
        later_before=_w("dentro de|en"),
        units=_units("año|años", "mes|meses", "semana|semanas", "día|días"),
        morning_words=_w("la|esta|por|de|cada|una|toda|buena|misma"),
    ),
    "nl": DateWords(
        years=_table(
            m1="vorig jaar|afgelopen jaar|vorige jaar|een jaar geleden",
            z="dit jaar",
            p1="volgend jaar|komend jaar",
        ),
        months=_table(
            m1="vorige maand|afgelopen maand",
            z="deze maand",
            p1="volgende maand|komende maand",
        ),
        days=_table(
            m2="eergisteren",
            m1="gisteren",
            p1="morgen",
            p2="overmorgen",
        ),
        month_years=_table(
            m1="vorig jaar|van vorig jaar|afgelopen jaar",
            z="dit jaar|van dit jaar",
            p1="volgend jaar|van volgend jaar",
        ),
        last_before=_w("afgelopen|vorige"),
        next_before=_w("komende|volgende"),
        month_preps=_w("in|sinds|vanaf|tot|begin|eind|half|medio|eind|tegen"),
        weekday_preps=_w("op|sinds|vanaf"),
        weekday_last=_w("afgelopen|vorige|op afgelopen"),
        weekday_next=_w("komende|volgende|aanstaande"),
        year_sure=_w("sinds|vanaf|het jaar|begin|eind|medio|halverwege|tot|tegen|uiterlijk"),
        year_maybe=_w("in|van|en|of|na|voor|tussen"),
        forecast=_w("tegen|uiterlijk|tegen eind|tegen het jaar|voor eind|uiterlijk in"),
        ago_after=_w("geleden"),
        later_before=_w("over"),
        units=_units("jaar|jaren", "maand|maanden", "week|weken", "dag|dagen"),
        morning_words=_w("de|'s|deze|elke|goede"),
    ),
    "pl": DateWords(
        years=_table(
            m1=(
                "w zeszłym roku|w ubiegłym roku|w poprzednim roku|zeszłego roku|ubiegłego roku|rok temu"
                "|w minionym roku"
            ),
            z="w tym roku|tego roku|w bieżącym roku|bieżącego roku",
            p1="w przyszłym roku|przyszłego roku|w nadchodzącym roku",
        ),
        months=_table(
            m1="w zeszłym miesiącu|w ubiegłym miesiącu|w poprzednim miesiącu",
            z="w tym miesiącu",
            p1="w przyszłym miesiącu",
        ),
        days=_table(
            m2="przedwczoraj",
            m1="wczoraj",
            p1="jutro",
            p2="pojutrze",
        ),
        month_years=_table(
            m1="ubiegłego roku|zeszłego roku|poprzedniego roku",
            z="tego roku|bieżącego roku",
            p1="przyszłego roku",
        ),
        month_preps=_w("w|we|od|do|na początku|pod koniec|w połowie|z końcem|od początku"),
        weekday_preps=_w("w|we|od"),
        weekday_last=_w("w zeszły|w zeszłą|w ubiegły|w ubiegłą|w ostatni|w ostatnią"),
        weekday_next=_w("w przyszły|w przyszłą|w najbliższy|w najbliższą"),
        year_sure=_w("od|do|po|przed|na początku|pod koniec|w połowie|latem|zimą|wiosną|jesienią"),
        year_maybe=_w("w|we|z|i|lub|między|na|za"),
        year_after=_w("roku|rok|r.|r|latach|lata"),
        forecast=_w("do|do końca|najpóźniej do|do roku"),
        ago_after=_w("temu"),
        later_before=_w("za"),
        units=_units(
            "rok|lata|lat|roku", "miesiąc|miesiące|miesięcy", "tydzień|tygodnie|tygodni", "dzień|dni"
        ),
        count_optional=True,
    ),
    "tr": DateWords(
        years=_table(
            m1="geçen yıl|geçtiğimiz yıl|geçen sene|bir yıl önce|geçen yılın",
            z="bu yıl|bu sene",
            p1="gelecek yıl|önümüzdeki yıl|gelecek sene|seneye",
        ),
        months=_table(
            m1="geçen ay|geçtiğimiz ay",
            z="bu ay",
            p1="gelecek ay|önümüzdeki ay",
        ),
        days=_table(
            m2="evvelsi gün|önceki gün",
            m1="dün",
            p1="yarın",
        ),
        month_years=_table(
            m1="geçen yıl|geçen yılın",
            z="bu yıl|bu yılın",
        ),
        last_before=_w("geçen|geçtiğimiz"),
        next_before=_w("gelecek|önümüzdeki"),
        month_posts=_w("ayında|ayı|ayından|ayının|ayına|ayındaki"),
        weekday_last=_w("geçen|geçtiğimiz"),
        weekday_next=_w("gelecek|önümüzdeki"),
        year_maybe=_w("ve|ile"),
        year_after=_w("yılında|yılı|yılına|yılından|yılının|senesinde"),
        ago_after=_w("önce"),
        units=_units("yıl|sene", "ay", "hafta", "gün"),
    ),
}

# Nouns that a year written before them dates rather than counts, in English, where a count of
# a thousand or more takes a comma ("2,019 people") and a bare four-digit number is a year:
# "2019 levels", "the 2019 election".
YEAR_MODIFIED_NOUNS: dict[str, frozenset[str]] = {
    "en": word_set(
        """level levels price prices figure figures election elections budget budgets season census report
        reports data survey results result value values terms rate rates estimate estimates forecast plan
        edition olympics championship campaign record records tax law reform crisis agreement deal summit
        accord protocol pandemic war standard standards model models peak average total sales revenue
        earnings profit profits target targets deadline goal goals"""
    ),
}

# Future-tense cues: a day or month without a year in a sentence that speaks of the future
# ("The games will open on July 26") is the next such day, not the last one. Auxiliaries and
# future endings only; a sentence without any keeps the default, the latest not after publication.
_FUTURE: dict[str, str] = {
    "en": r"(?<![^\W_])(?:will|won't|shall|is due to|are due to|is set to|are set to|is scheduled|are scheduled)"
    r"(?![^\W_])|\w'll(?![^\W_])",
    "de": r"(?<![^\W_])(?:wird|werden|wirst|soll|sollen)(?![^\W_])",
    "nl": r"(?<![^\W_])(?:zal|zullen|gaat|gaan)(?![^\W_])",
    "ru": r"(?<![^\W_])(?:будет|будут|буду|состоится|состоятся|пройдёт|пройдет|планирует|планируется)(?![^\W_])",
    "uk": r"(?<![^\W_])(?:буде|будуть|відбудеться|планує|планується)(?![^\W_])",
    "pl": r"(?<![^\W_])(?:będzie|będą|odbędzie)(?![^\W_])",
    # Romance futures end in an accented syllable: "sarà", "avverrà", "será", "terão", "iront".
    "it": r"[^\W\d_]{2,}(?:rà|rò|ranno)(?![^\W_])",
    "es": r"[^\W\d_]{2,}(?:rá|rán)(?![^\W_])",
    "pt": r"[^\W\d_]{2,}(?:rá|rão)(?![^\W_])",
    "fr": r"(?<![^\W_])(?:sera|seront|aura|auront|fera|feront|ira|iront|devra|devront|pourra|pourront|"
    r"aura lieu|va|vont)(?![^\W_])|[^\W\d_]{2,}ront(?![^\W_])",
    "tr": r"[^\W\d_]{2,}(?:acak|ecek)",
}
# Where a clause ends: a stop, a colon, a dash, a bracket, or a comma ("10,500" and "3.5" are numbers).
_CLAUSE_END_RE = re.compile(r"[!?…\n;:()–—]|[.,](?!\d)")

# Turkish case endings after an apostrophe make a number a year: "2019'da", "2019'dan", "2030'a kadar".
_TR_SUFFIX_RE = re.compile(r"['’](?:da|de|ta|te|dan|den|tan|ten|a|e|ya|ye|ın|in|un|ün|nın|nin)(?![^\W_])")
_TR_UNTIL_RE = re.compile(rf"(?:['’](?:a|e|ya|ye)|{S}+yılına){S}+kadar(?![^\W_])", re.IGNORECASE)
# Russian and Ukrainian ordinal endings: "в 2019-м году", "2019-го года".
_ORDINAL_SUFFIX_RE = re.compile(r"-(?:м|го|й|му|ом|ого|ий|ому|ї)(?![^\W_])")

# Currency signs, percent signs and ISO codes next to a four-digit number make it an amount, not a year.
_SIGNS = "".join(sorted({s[-1] for s in CURRENCY_SYMBOLS} | {"%", "‰"}))
_CODES = "|".join(sorted(CURRENCY_CODES, key=len, reverse=True))
_MONEY_OR_PERCENT_AFTER_RE = re.compile(rf"{S}*(?:[{re.escape(_SIGNS)}]|(?:{_CODES})(?![^\W_]))")
_MONEY_BEFORE_RE = re.compile(rf"(?:[{re.escape(_SIGNS)}]|(?<![^\W_])(?:{_CODES})){S}*\Z")
_WORD_AFTER_RE = re.compile(rf"{S}+(?P<w>[^\W\d_][\w'’]*)")
# The opening of a range right before a forecast-like marker: "von 2019 bis", "с 2019 до", "from 2019 to".
_RANGE_OPEN_RE = re.compile(
    rf"(?<![^\W_])(?:von|vom|ab|с|со|od|de|desde|from|dal|da|від|з|tra|entre|between|zwischen|между)"
    rf"{S}+[^\n]{{0,24}}\d{S}*\Z",
    re.IGNORECASE,
)
_WORD_BEFORE_RE = re.compile(rf"(?P<w>[^\W\d_][\w'’.-]*|[№#§]){S}*\Z")
_LAST_WORD_RE = re.compile(r"([^\W\d_]+)\W*\Z")
_TR_DAY_RE = re.compile(rf"{S}+günü")
# Words for "in (n years)" that also mean "within (n years)": a date only in a future-tense clause.
_WITHIN_TOO = frozenset({"in", "within", "en", "dentro de"})
# "mid-2019", "pre-2019": a hyphen that joins a year to a word of time, not to a name.
_YEAR_PREFIX_RE = re.compile(r"(?:mid|mi|pre|post|fin|end|early|late)-\Z", re.IGNORECASE)
_FRACTION_BEFORE_RE = re.compile(r"(?<!\d)\d{1,3}/\Z")
_CLOCK_OR_DECIMAL_RE = re.compile(rf"{S}*(?::\d|[.,]\d)")
_RANGE_YEAR_AFTER_RE = re.compile(rf"{S}*[-–—/]{S}*[12]\d{{3}}(?!\d)")
_RANGE_YEAR_BEFORE_RE = re.compile(rf"\d{{4}}{S}*[-–—/]{S}*\Z")

# ---------------------------------------------------------------------------
# The compiled grammar of one language
# ---------------------------------------------------------------------------


# A pattern of the grammar: (kind, pattern, gates, sequence gate or None).
_Entry = tuple[str, re.Pattern[str], tuple[re.Pattern[str], ...], re.Pattern[str] | None]


@dataclass(frozen=True)
class _Grammar:
    """Patterns for one language; each yields candidates that :func:`find_dates` turns into facts."""

    lang: str | None
    words: DateWords
    months: dict[str, int]  # every form -> 1..12
    short_months: frozenset[str]
    weekdays: dict[str, int]  # every form -> 0..6 (Monday 0)
    # A pattern runs in a window only when each of its gates finds something there in the folded
    # text (see fold_case and _gate), and then its sequence gate too (see _sequence_gate).
    digit_patterns: tuple[_Entry, ...]  # around digits
    word_patterns: tuple[_Entry, ...]  # around words
    forecast: TailPattern | None
    year_sure: TailPattern | None
    year_maybe: TailPattern | None
    year_after: re.Pattern[str] | None
    function_words: frozenset[str]
    numbers: dict[str, int]
    scales: frozenset[str]
    trigger_re: re.Pattern[str]  # the words without which no word pattern can match
    trigger_folded: re.Pattern[str]  # the same, in the folded text (see fold_case): same matches, faster
    future: re.Pattern[str] | None  # a future-tense cue in a sentence


# Patterns run only in windows of the text around the tokens they need: a digit for the numeric
# ones, a calendar name or the key word of a phrase for the others. A match reaches at most this
# far from such a token.
_MARGIN = 48
_TOKEN_RE = re.compile(r"\w+")
# Digits and the digits that follow within twice the margin: their windows overlap, so they make one.
_DIGIT_CLUSTER_RE = re.compile(rf"\d+(?:\D{{0,{2 * _MARGIN}}}\d+)*")
# The patterns that need a digit; the others need a word trigger.
_DIGIT_KINDS = frozenset({"iso", "numeric", "day_month", "month_year", "month_day", "year"})


def _triggers(w: DateWords, months: Iterable[str], weekdays: Iterable[str]) -> frozenset[str]:
    """Tokens that announce a possible date in words: calendar names, units, the last word of a phrase."""
    out: set[str] = set()
    for name in (*months, *weekdays, *w.units, *w.month_posts):
        out.update(_TOKEN_RE.findall(name))
    for phrase in (*w.years, *w.months, *w.days):
        out.add(_TOKEN_RE.findall(phrase)[-1])  # "l'anno scorso" -> "scorso", "cette année" -> "année"
    return frozenset(out)


def _windows(
    text: str, g: _Grammar, folded: str | None = None
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Merged stretches of ``text`` around digits and around trigger words: (digit, word) windows.

    ``folded``: the text folded (see fold_case), when it keeps the text's word boundaries.
    """
    n = len(text)
    digits = [
        (max(0, m.start() - _MARGIN), min(n, m.end() + _MARGIN)) for m in _DIGIT_CLUSTER_RE.finditer(text)
    ]
    triggers = g.trigger_folded.finditer(folded) if folded is not None else g.trigger_re.finditer(text)
    return digits, _merged(text, triggers)


def _merged(text: str, matches: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    """Windows of ``_MARGIN`` characters around each match, overlapping ones merged."""
    windows: list[tuple[int, int]] = []
    for m in matches:
        start, end = max(0, m.start() - _MARGIN), min(len(text), m.end() + _MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


# Gates. Most patterns need a word of a short list somewhere in their match (a month, "ago",
# "dernier"): where a window holds none of them, the pattern cannot match there and is not run.
# The words are looked for, as a case-sensitive tree of letters, in the folded text (see
# fold_case), which the regex engine scans fast and where they stand at the same places. A gate
# only shuts on windows where the pattern finds nothing, so the candidates do not change.
# The numeric patterns' own gates: the shape of an ISO date, of "14.01.2019" (digits fold to themselves).
# Each opens with a separator and checks the digits before it behind: the engine skips fast to a
# "-" (or one of ". / -"), where a leading digit it would try at every position. A find starts
# inside the date all the same.
_ISO_GATE = re.compile(r"-(?<=[12]\d{3}-)[01]\d-[0-3]\d")
_NUMERIC_GATE = re.compile(r"[./-](?<=\d[./-])[01]?\d[./-][12]\d{3}")


def _gate(words: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """A gate for a pattern that needs one of ``words`` (as ``words_alternation`` reads them).

    Each word is looked for through its longest run without spaces (a space in a phrase matches
    any run of spaces) and without its final "." (which the alternation may make optional).
    No gate (an empty tuple) when a word has no such run.
    """
    pieces = set()
    for word in words:
        if not word:
            continue
        piece = max(word.removesuffix(".").split(" "), key=len)
        if len(piece) < 3:
            return ()  # "in", "a", "в": everywhere, the gate would hardly ever shut
        pieces.add(fold_case(piece))
    if not pieces:
        return ()
    return (re.compile(words_trie(sorted(pieces))),)


# Sequence gates. Some patterns found no date in most of the windows their word gates let
# them into: a month name is near, but not after the preposition or before the word the
# pattern needs ("in March", "March last year"). A sequence gate looks, in the folded text,
# for the words in the order and with the spaces the pattern reads them, without its
# lookarounds: wherever the pattern matches, the gate finds something that starts inside
# the match (a superset), so the candidates do not change.
_SPACES_RUN = f"[{SPACES}]+"


def _folded_words(words: Iterable[str]) -> str:
    """Regex over the folded text for any of ``words`` where ``words_alternation`` reads one in
    the text ignoring case; a word's final "." is optional here (a superset)."""
    pieces = sorted({fold_case(word.removesuffix(".")) for word in words if word.removesuffix(".")})
    return rf"(?:{words_trie(pieces)})\.?" if pieces else r"(?!x)x"


def _sequence_gate(*parts: str) -> re.Pattern[str]:
    """A sequence gate for the parts (regexes over the folded text) one after the other."""
    return re.compile("".join(parts))


def _alt(words: Iterable[str]) -> str:
    """Alternation of lower-case phrases (see ``words_alternation``), or a group that never matches."""
    items = [w for w in words if w]
    return words_alternation(items) if items else r"(?!x)x"


def _before(words: tuple[str, ...]) -> str:
    """Optional phrase before a name, ending in a space (or a hyphen for "mid-")."""
    alts = [w for w in words if w]
    if not alts:
        return ""
    return rf"(?:(?P<pre>{words_alternation(alts)})(?:{S}+|(?<=-)))"


@cache
def _grammar(lang: str | None) -> _Grammar:
    code = base_lang(lang)
    code = code if code in KNOWN_LANGS else None
    w = WORDS.get(code or "", DateWords())
    if code:
        full, short = _month_forms(code)
        weekdays = {f: i for i, forms in enumerate(_WEEKDAYS.get(code, ())) for f in forms}
    else:
        # An unknown language: every language's full month names, no abbreviations, no weekdays.
        full, short = {}, {}
        for other in KNOWN_LANGS:
            full.update(_month_forms(other)[0])
        weekdays = {}
    months = {**short, **full}
    mon_all = _alt(months)
    mon_full = _alt(full)
    day = r"(?P<d>[0-3]?\d)"
    year = r"(?P<y>[12]\d{3})(?!\d)"
    year_after = _alt(w.year_after)
    year_tail = rf"(?:{S}*(?P<ya>{year_after})(?:(?<=\.)|{NOT_WORD_AFTER}))?" if w.year_after else ""
    ordinal = r"(?:st|nd|rd|th|er|ᵉʳ|e|º|ª|°|\.|-?го|-е)?"
    wd_alt = _alt(weekdays)
    weekday_lead = rf"(?:(?P<wd>{wd_alt}),?{S}+(?:(?:the|le|il|el|o|den|der){S}+)?)?" if weekdays else ""
    of = rf"(?:(?:de|del|of|di|do|dell'|van){S}+)?"
    flags = re.IGNORECASE
    months_gate, full_gate, units_gate = _gate(months), _gate(full), _gate(w.units)
    folded_full, folded_units = _folded_words(full), _folded_words(w.units)
    # Each pattern behind a lookahead on its first characters (see skip_ahead).
    patterns: list[_Entry] = [
        (
            "iso",
            skip_ahead(
                r"(?<![\w.,/-])(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
                r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w/-]|[.,]\d)"
            ),
            (_ISO_GATE,),
            None,
        ),
        (
            "numeric",
            skip_ahead(
                r"(?<![\w.,/-])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d)(?P=sep)(?P<y>[12]\d{3})"
                r"(?![\w/]|[.,-]\d)"
            ),
            (_NUMERIC_GATE,),
            None,
        ),
        (
            "day_month",
            skip_ahead(
                rf"{NOT_WORD_BEFORE}{weekday_lead}{day}{ordinal}{S}*{of}(?P<mon>{mon_all})(?P<dot>\.)?"
                rf"(?:(?:,?{S}*{of}){year}{year_tail})?{NOT_WORD_AFTER}",
                flags,
            ),
            months_gate,
            None,
        ),
        (
            "month_year",
            skip_ahead(
                rf"{NOT_WORD_BEFORE}(?P<mon>{mon_all})(?P<dot>\.)?,?{S}+{of}{year}{year_tail}{NOT_WORD_AFTER}",
                flags,
            ),
            months_gate,
            None,
        ),
    ]
    if code in ("en", None):
        patterns.append(
            (
                "month_day",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}{weekday_lead}(?P<mon>{mon_all})(?P<dot>\.)?{S}+{day}(?:st|nd|rd|th)?"
                    rf"(?![\w:%]|[.,]\d)(?:,?{S}+{year})?",
                    flags,
                ),
                months_gate,
                None,
            )
        )
    if w.month_years:
        patterns.append(
            (
                "month_rel_year",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}{_before(w.month_preps)}?(?P<mon>{mon_full}),?{S}+(?:of{S}+)?"
                    rf"(?P<rel>{_alt(w.month_years)}){NOT_WORD_AFTER}",
                    flags,
                ),
                _gate(w.month_years) + full_gate,
                _sequence_gate(
                    folded_full, rf",?{_SPACES_RUN}(?:of{_SPACES_RUN})?", _folded_words(w.month_years)
                ),
            )
        )
    if w.last_before or w.next_before:
        patterns.append(
            (
                "month_last_next",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}(?:(?P<last>{_alt(w.last_before)})|(?P<next>{_alt(w.next_before)}))"
                    rf"{S}+(?P<mon>{mon_full}){NOT_WORD_AFTER}",
                    flags,
                ),
                _gate(w.last_before + w.next_before) + full_gate,
                _sequence_gate(_folded_words(w.last_before + w.next_before), _SPACES_RUN, folded_full),
            )
        )
    if w.last_after or w.next_after:
        patterns.append(
            (
                "month_last_next",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}{_before(w.month_preps)}?(?P<mon>{mon_full}){S}+"
                    rf"(?:(?P<last>{_alt(w.last_after)})|(?P<next>{_alt(w.next_after)})){NOT_WORD_AFTER}",
                    flags,
                ),
                _gate(w.last_after + w.next_after) + full_gate,
                _sequence_gate(folded_full, _SPACES_RUN, _folded_words(w.last_after + w.next_after)),
            )
        )
    if w.month_preps:
        patterns.append(
            (
                "month_bare",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}{_before(w.month_preps)}(?P<mon>{mon_full}){NOT_WORD_AFTER}"
                    rf"(?!\.?,?{S}*(?:(?:de|del|of|di|do){S}+)?\d)",  # "seit März 2023" is month_year's
                    flags,
                ),
                full_gate + _gate(w.month_preps),
                _sequence_gate(_folded_words(w.month_preps), rf"(?:{_SPACES_RUN}|(?<=-))", folded_full),
            )
        )
    if w.month_posts:
        patterns.append(
            (
                "month_bare",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}(?P<pre>)(?P<mon>{mon_full}){S}+(?:{_alt(w.month_posts)}){NOT_WORD_AFTER}",
                    flags,
                ),
                _gate(w.month_posts) + full_gate,
                _sequence_gate(folded_full, _SPACES_RUN, _folded_words(w.month_posts)),
            )
        )
    relative = {
        **{k: ("year", v) for k, v in w.years.items()},
        **{k: ("month", v) for k, v in w.months.items()},
        **{k: ("day", v) for k, v in w.days.items()},
    }
    if relative:
        patterns.append(
            (
                "relative",
                skip_ahead(rf"{NOT_WORD_BEFORE}(?P<rel>{_alt(relative)}){NOT_WORD_AFTER}", flags),
                _gate(relative),
                None,
            )
        )
    numbers = number_words(code)
    count = rf"(?P<n>\d{{1,3}}|{_alt(numbers)})"
    count_opt = rf"(?:{count}{S}+)?" if w.count_optional else rf"{count}{S}+"
    units = _alt(w.units)
    folded_count = rf"(?:\d{{1,3}}|{_folded_words(numbers)})"
    folded_count_opt = rf"(?:{folded_count}{_SPACES_RUN})?"  # optional or not: a superset
    if w.ago_before:
        patterns.append(
            (
                "ago",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}(?P<ago>{_alt(w.ago_before)}){S}+{count_opt}(?P<unit>{units}){NOT_WORD_AFTER}",
                    flags,
                ),
                _gate(w.ago_before) + units_gate,
                _sequence_gate(_folded_words(w.ago_before), _SPACES_RUN, folded_count_opt, folded_units),
            )
        )
    if w.ago_after:
        patterns.append(
            (
                "ago",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}{count_opt}(?P<unit>{units}){S}+(?P<ago>{_alt(w.ago_after)}){NOT_WORD_AFTER}",
                    flags,
                ),
                _gate(w.ago_after) + units_gate,
                _sequence_gate(folded_units, _SPACES_RUN, _folded_words(w.ago_after)),
            )
        )
    if w.later_before:
        patterns.append(
            (
                "later",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}(?P<later>{_alt(w.later_before)}){S}+{count}{S}+(?P<unit>{units}){NOT_WORD_AFTER}",
                    flags,
                ),
                _gate(w.later_before) + units_gate,
                _sequence_gate(
                    _folded_words(w.later_before), _SPACES_RUN, folded_count, _SPACES_RUN, folded_units
                ),
            )
        )
    if weekdays:
        pre = [*w.weekday_preps, *w.weekday_last, *w.weekday_next]
        tail = r"(?:abend|morgen|nachmittag|vormittag|mittag|nacht|früh)?" if code == "de" else ""
        after = (
            rf"(?:{S}+(?:(?P<last2>{_alt(w.last_after)})|(?P<next2>{_alt(w.next_after)})){NOT_WORD_AFTER})?"
        )
        patterns.append(
            (
                "weekday",
                skip_ahead(
                    rf"{NOT_WORD_BEFORE}(?:(?P<pre>{_alt(pre)}){S}+)?(?P<wd>{wd_alt}){tail}{NOT_WORD_AFTER}"
                    + (after if (w.last_after or w.next_after) else ""),
                    flags,
                ),
                _gate(weekdays),
                None,
            )
        )
    # A year: no digit, "." or "," right before it, nor a digit and a space. The first digit comes
    # first and what may not stand before it is checked behind it: a pattern that opens with a
    # character class lets the engine skip to the next "1" or "2" on its own.
    year_alone = rf"(?P<y>[12](?<![\d.,][12])(?<!\d{S}[12])\d{{3}})(?!\d)(?![.,]\d)"
    patterns.append(("year", re.compile(year_alone), (), None))

    triggers = _triggers(w, months, weekdays)

    def tail_re(words: tuple[str, ...]) -> TailPattern | None:
        alts = [x for x in words if x]
        if not alts:
            return None
        dets = rf"(?:{S}+(?:il|lo|la|l'|l’|el|o|a|the|le|los|las|os|as|les|den|dem|das))?"
        # At most the longest phrase and one determiner: the match is in the text's last words.
        return TailPattern(
            skip_ahead(
                rf"(?<![^\W_])(?P<m>{words_alternation(alts)}){dets}(?:{S}+|(?<=['’-]))\Z", re.IGNORECASE
            ),
            phrase_words(alts) + 1,
        )

    return _Grammar(
        lang=code,
        words=w,
        months=months,
        short_months=frozenset(short),
        weekdays=weekdays,
        digit_patterns=tuple(p for p in patterns if p[0] in _DIGIT_KINDS),
        word_patterns=tuple(p for p in patterns if p[0] not in _DIGIT_KINDS),
        forecast=tail_re(w.forecast),
        year_sure=tail_re(w.year_sure + w.forecast),
        year_after=(
            re.compile(rf"{S}*(?:{_alt(w.year_after)})(?:(?<=\.)|{NOT_WORD_AFTER})", re.IGNORECASE)
            if w.year_after
            else None
        ),
        year_maybe=tail_re(w.year_maybe),
        function_words=FUNCTION_WORDS.get(code or "", frozenset()) | FUNCTION_WORDS["en"],
        numbers=numbers,
        scales=frozenset(k.rstrip(".") for k in scale_words(code)),
        future=re.compile(_FUTURE[code], re.IGNORECASE) if code in _FUTURE else None,
        trigger_re=re.compile(
            rf"{first_letters(triggers)}{NOT_WORD_BEFORE}(?:{_alt(triggers)}){NOT_WORD_AFTER}", flags
        ),
        # Case-sensitive, on lower-case words (folded like the text), no letter or digit before the
        # first letter (checked once it is read), none after the word.
        trigger_folded=re.compile(
            words_trie({fold_case(t) for t in triggers if t}, r"(?<![^\W_][\s\S])") + NOT_WORD_AFTER
            if any(triggers)
            else r"(?!x)x"
        ),
    )


# ---------------------------------------------------------------------------
# Candidates and their resolution
# ---------------------------------------------------------------------------


@dataclass
class _Cand:
    """A date found in the text, before overlaps are settled and relative dates resolved."""

    start: int
    end: int
    precision: str
    value: str | None = None  # absolute dates: known at once
    resolve: Callable[[date], str] | None = None  # relative dates: value from the anchor
    future: bool = False  # points forward by its very words ("next year", "tomorrow")
    forecast: bool = False  # after a forecast marker ("by", "entro", "к")


def _add_months(year: int, month: int, offset: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + offset
    return n // 12, n % 12 + 1


def _month_value(anchor: date, month: int, mode: str) -> str:
    """ISO month of a month name without a year: "last" strictly before, "next" strictly after,
    "bare" the latest not after the anchor, "ahead" the first not before it (after a forecast marker)."""
    y = anchor.year
    if mode == "last":
        y = y if month < anchor.month else y - 1
    elif mode == "next":
        y = y if month > anchor.month else y + 1
    elif mode == "ahead":
        y = y if month >= anchor.month else y + 1
    else:
        y = y if month <= anchor.month else y - 1
    return f"{y:04d}-{month:02d}"


def _day_value(anchor: date, month: int, day: int, ahead: bool) -> str | None:
    """ISO day of "14 March" without a year: the latest not after the anchor (first not before, if ahead)."""
    for y in (anchor.year, anchor.year + 1) if ahead else (anchor.year, anchor.year - 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if (d >= anchor) if ahead else (d <= anchor):
            return d.isoformat()
    return None


def _day_of_weekday(anchor: date, month: int, day: int, weekday: int) -> str:
    """ISO day of "Sunday 6 April": the year next to the anchor's in which that day is that weekday."""
    fits = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d.weekday() == weekday:
            fits.append(d)
    if not fits:
        return _day_value(anchor, month, day, False) or ""
    return min(fits, key=lambda d: abs((d - anchor).days)).isoformat()


def _weekday_value(anchor: date, weekday: int, mode: str) -> str:
    """The weekday on or before the anchor ("bare"), strictly before ("last") or strictly after ("next")."""
    back = (anchor.weekday() - weekday) % 7
    if mode == "next":
        return (anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)).isoformat()
    if mode == "last" and back == 0:
        back = 7
    return (anchor - timedelta(days=back)).isoformat()


def _shift(anchor: date, unit: str, n: int) -> tuple[str, str]:
    """(value, precision) of the anchor moved by n units."""
    if unit == "year":
        return f"{anchor.year + n:04d}", "year"
    if unit == "month":
        y, m = _add_months(anchor.year, anchor.month, n)
        return f"{y:04d}-{m:02d}", "month"
    days = n * (7 if unit == "week" else 1)
    return (anchor + timedelta(days=days)).isoformat(), "day"


def _valid_day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


class _Reader:
    """Turns the matches of one language's patterns over one text into candidates."""

    def __init__(self, text: str, g: _Grammar) -> None:
        self.text = text
        self.g = g

    # -- helpers -----------------------------------------------------------

    def month_ok(self, m: re.Match[str]) -> bool:
        """A month name counts if it is written as the language writes months, abbreviations with care."""
        form = m.group("mon")
        if self.g.words.capitalised and not form[0].isupper():
            return False  # English "may", "march": verbs, not months
        if form.lower() in self.g.short_months and not m.groupdict().get("dot"):
            # "mar", "set", "ago": only as "14 mar 2019" or "Mar. 14"
            return bool(m.groupdict().get("y")) and bool(m.groupdict().get("d"))
        return True

    def weekday_ok(self, m: re.Match[str]) -> bool:
        form = m.group("wd")
        if self.g.words.capitalised and not form[0].isupper():
            return False
        if self.g.lang == "pt" and "-" not in form and form.lower() not in ("sábado", "sabado", "domingo"):
            # "quinta" is also "fifth": a day as "quinta-feira", or as "na quinta" not followed by a noun
            if not m.group("pre"):
                return False
            after = _WORD_AFTER_RE.match(self.text, m.end())
            if after and after.group("w").islower() and after.group("w") not in self.g.function_words:
                return False  # "na quinta posição"
        if self.g.lang == "tr":
            return bool(_TR_DAY_RE.match(self.text, m.end()))  # "perşembe günü": "cuma" alone is a word
        return True

    def forecast_before(self, start: int) -> int | None:
        """Start of a forecast marker right before ``start`` ("entro il ", "к ", "d'ici "), or None.

        A marker that also closes a range ("von 2019 bis 2021", "с 2019 до 2021",
        "de 2019 até 2021") is no forecast.
        """
        if self.g.forecast is None:
            return None
        left = self.text[max(0, start - 40) : start]
        m = self.g.forecast.search(left)
        if m is None:
            return None
        mstart = start - len(left) + m.start()
        if _RANGE_OPEN_RE.search(self.text[max(0, mstart - 40) : mstart]):
            return None
        return mstart

    def future_clause(self, start: int, end: int) -> bool:
        """True when the clause around ``text[start:end]`` speaks of the future ("will", "sarà").

        The clause, not the sentence: in "signed on 3 March, it will run until 2030" the
        date belongs to the past participle, not to the future verb.
        """
        if self.g.future is None:
            return False
        text = self.text
        begin = max(0, start - 200)
        for m in _CLAUSE_END_RE.finditer(text, begin, start):
            begin = m.end()
        stop = _CLAUSE_END_RE.search(text, end, min(len(text), end + 200))
        return bool(self.g.future.search(text, begin, stop.start() if stop else min(len(text), end + 200)))

    # -- the candidates ----------------------------------------------------

    def read(self, kind: str, m: re.Match[str]) -> _Cand | None:
        return getattr(self, "_" + kind)(m)

    def _iso(self, m: re.Match[str]) -> _Cand | None:
        value = _valid_day(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return _Cand(m.start(), m.end(), "day", value) if value else None

    def _numeric(self, m: re.Match[str]) -> _Cand | None:
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        month_first = self.g.lang == "en" and m.group("sep") == "/"  # US style, when both readings work
        if a > 12 >= b:
            d, mo = a, b
        elif b > 12 >= a:
            d, mo = b, a
        else:
            d, mo = (b, a) if month_first else (a, b)
        value = _valid_day(y, mo, d)
        return _Cand(m.start(), m.end(), "day", value) if value else None

    def _day_month(self, m: re.Match[str]) -> _Cand | None:
        if not self.month_ok(m):
            return None
        month, day = self.g.months.get(fold(m.group("mon"))), int(m.group("d"))
        if month is None or not 1 <= day <= 31:
            return None
        end = m.end()
        if m.group("dot") and end == m.end("dot") and m.group("mon").lower() not in self.g.short_months:
            end -= 1  # "... 6 aprile.": the full stop ends the sentence, it is no abbreviation point
        if m.group("y"):
            value = _valid_day(int(m.group("y")), month, day)
            return _Cand(m.start(), end, "day", value) if value else None
        if _valid_day(2000, month, day) is None:
            return None  # 2000 is a leap year: "29 February" passes, "31 April" does not
        wd = m.groupdict().get("wd")
        if wd:
            # "domenica 6 aprile": the weekday names the year, the one nearest the anchor that fits
            weekday = self.g.weekdays.get(fold(wd), 0)
            return _Cand(m.start(), end, "day", resolve=lambda a: _day_of_weekday(a, month, day, weekday))
        ahead = self.forecast_before(m.start()) is not None or self.future_clause(m.start(), end)
        return _Cand(m.start(), end, "day", resolve=lambda a: _day_value(a, month, day, ahead) or "")

    _month_day = _day_month

    def _month_year(self, m: re.Match[str]) -> _Cand | None:
        if not self.month_ok(m):
            return None
        month = self.g.months.get(fold(m.group("mon")))
        if month is None:
            return None
        return _Cand(m.start(), m.end(), "month", f"{int(m.group('y')):04d}-{month:02d}")

    def _month_rel_year(self, m: re.Match[str]) -> _Cand | None:
        if not self.month_ok(m):
            return None
        month = self.g.months.get(fold(m.group("mon")))
        offset = self.g.words.month_years.get(fold(m.group("rel")))
        if month is None or offset is None:
            return None
        return _Cand(
            m.start(),
            m.end(),
            "month",
            resolve=lambda a: f"{a.year + offset:04d}-{month:02d}",
            future=offset > 0,
        )

    def _month_last_next(self, m: re.Match[str]) -> _Cand | None:
        if not self.month_ok(m):
            return None
        month = self.g.months.get(fold(m.group("mon")))
        if month is None:
            return None
        mode = "last" if m.group("last") else "next"
        return _Cand(
            m.start(), m.end(), "month", resolve=lambda a: _month_value(a, month, mode), future=mode == "next"
        )

    def _month_bare(self, m: re.Match[str]) -> _Cand | None:
        if not self.month_ok(m):
            return None
        month = self.g.months.get(fold(m.group("mon")))
        if month is None:
            return None
        ahead = (
            self.forecast_before(m.start("mon")) is not None
            or (self.g.forecast is not None and bool(self.g.forecast.search(m.group("pre") + " ")))
            or self.future_clause(m.start(), m.end())
        )
        mode = "ahead" if ahead else "bare"
        return _Cand(
            m.start(), m.end(), "month", resolve=lambda a: _month_value(a, month, mode), forecast=ahead
        )

    def _relative(self, m: re.Match[str]) -> _Cand | None:
        key = fold(m.group("rel"))
        w = self.g.words
        found = next(
            (
                (unit, table[key])
                for unit, table in (("year", w.years), ("month", w.months), ("day", w.days))
                if key in table
            ),
            None,
        )
        if found is None:
            return None
        unit, offset = found
        if unit == "day" and offset == 1 and w.morning_words:
            # "la mañana", "heute Morgen": the morning, not tomorrow
            if not m.group("rel").islower():
                return None
            before = _LAST_WORD_RE.search(self.text[max(0, m.start() - 20) : m.start()])
            if before and before.group(1).lower() in w.morning_words:
                return None
        return _Cand(
            m.start(),
            m.end(),
            unit,
            resolve=lambda a: _shift(a, unit, offset)[0],
            future=offset > 0 or "later" in key,
        )

    def _count(self, m: re.Match[str]) -> int | None:
        raw = m.group("n")
        if raw is None:
            return 1
        if raw.isdigit():
            return int(raw)
        return self.g.numbers.get(fold(raw))

    def _ago(self, m: re.Match[str]) -> _Cand | None:
        n = self._count(m)
        if n is None or n > 200:
            return None
        unit = self.g.words.units.get(fold(m.group("unit")))
        if unit is None:
            return None
        precision = _shift(date(2000, 1, 1), unit, 0)[1]
        return _Cand(m.start(), m.end(), precision, resolve=lambda a: _shift(a, unit, -n)[0])

    def _later(self, m: re.Match[str]) -> _Cand | None:
        if fold(m.group("later")) in _WITHIN_TOO and not self.future_clause(m.start(), m.end()):
            return None  # "built in two years" is a duration; "will open in two years" a date
        n = self._count(m)
        if n is None or n > 200:
            return None
        unit = self.g.words.units.get(fold(m.group("unit")))
        if unit is None:
            return None
        precision = _shift(date(2000, 1, 1), unit, 0)[1]
        return _Cand(m.start(), m.end(), precision, resolve=lambda a: _shift(a, unit, n)[0], future=True)

    def _weekday(self, m: re.Match[str]) -> _Cand | None:
        if not self.weekday_ok(m):
            return None
        weekday = self.g.weekdays.get(fold(m.group("wd")))
        if weekday is None:
            return None
        pre = fold(m.group("pre") or "")
        w = self.g.words
        if pre in w.weekday_last or m.groupdict().get("last2"):
            mode = "last"
        elif pre in w.weekday_next or m.groupdict().get("next2"):
            mode = "next"
        else:
            mode = "bare"
        return _Cand(
            m.start(),
            m.end(),
            "day",
            resolve=lambda a: _weekday_value(a, weekday, mode),
            future=mode == "next",
        )

    def _year(self, m: re.Match[str]) -> _Cand | None:
        text, g = self.text, self.g
        start, end = m.start(), m.end()
        y = int(m.group("y"))
        if not 1000 <= y <= 2100:
            return None
        before = text[start - 1 : start]
        if before.isalpha() or before == "_":
            return None  # "A2019", "X2000"
        if before in "-‐‑" and start >= 2:
            prev = text[start - 2]
            if prev.isalpha() and not _YEAR_PREFIX_RE.search(text[max(0, start - 6) : start]):
                return None  # "Model-2000", "COVID-19"-like names
        if _FRACTION_BEFORE_RE.search(text[max(0, start - 4) : start]):
            return None  # "law 14/2019", "3/2019": a number or a fraction, not a year alone
        tail_end = end
        strong = False
        if (o := _ORDINAL_SUFFIX_RE.match(text, end)) and g.lang in ("ru", "uk"):
            tail_end, strong = o.end(), True
        elif g.lang == "tr" and (t := _TR_SUFFIX_RE.match(text, end)):
            tail_end, strong = t.end(), True
        after = text[tail_end : tail_end + 1]
        if after.isalpha() or after == "_":
            return None  # "2019th", "1080p"
        if after in "-‐‑" and text[tail_end + 1 : tail_end + 2].isalpha():
            return None  # "2000-Serie": part of a name
        if _MONEY_OR_PERCENT_AFTER_RE.match(text, tail_end) or _MONEY_BEFORE_RE.search(
            text[max(0, start - 6) : start]
        ):
            return None  # "2019 €", "USD 2019", "2019 %"
        if _CLOCK_OR_DECIMAL_RE.match(text, tail_end):
            return None  # a clock time or a decimal
        left = text[max(0, start - 48) : start]
        if g.year_after and (ya := g.year_after.match(text, tail_end)):
            tail_end, strong = ya.end(), True
        if _RANGE_YEAR_BEFORE_RE.search(left) or _RANGE_YEAR_AFTER_RE.match(text, end):
            strong = True  # either year of "2019-2021", "2019/2020"
        sure = bool(g.year_sure and g.year_sure.search(left))
        wb = search_last_word(_WORD_BEFORE_RE, left)
        if wb and wb.group("w").lower().rstrip(".") in LABEL_WORDS and not sure:
            return None  # "No. 2019", "article 2000"
        noun = self._counted_noun(tail_end)
        if not (strong or sure):
            if noun:
                return None  # "2019 people", "de 2000 euros"
            if not (g.year_maybe and g.year_maybe.search(left)):  # only asked when it matters
                if not 1900 <= y <= 2100:
                    return None
                if wb and self._name_before(wb, start - len(left) + wb.start("w")):
                    return None  # "Model 2000", "Expo 2030"
        end = tail_end if strong else end
        return _Cand(start, end, "year", f"{y:04d}")

    def _counted_noun(self, pos: int) -> bool:
        """True when a counted noun or a unit follows ``pos``: "2019 people", "2000 km", "2000 milioni"."""
        m = _WORD_AFTER_RE.match(self.text, pos)
        if m is None:
            return False
        word = m.group("w")
        low = word.lower()
        if low in self.g.function_words or low in CALENDAR_WORDS or low in self.g.weekdays:
            return False
        if low in YEAR_MODIFIED_NOUNS.get(self.g.lang or "", ()):
            return False
        if low in self.g.scales:
            return True
        if word[0].isupper():
            return self.g.lang == "de"  # German capitalises its nouns: "2019 Menschen"
        return True

    def _name_before(self, wb: re.Match[str], word_start: int) -> bool:
        """True when a capitalised word that does not open the sentence comes right before (a name)."""
        word = wb.group("w")
        if not any(c.isupper() for c in word) or word.lower().rstrip(".") in self.g.months:
            return False
        if self.g.lang == "de" and word[:1].isupper() and word[1:].islower():
            return False  # a German noun ("Haushalt 2019"), not necessarily a name
        i = word_start
        while i > 0 and self.text[i - 1] in SPACES + "\"'«„“(":
            i -= 1
        return not (i == 0 or self.text[i - 1] in ".!?…:;\n")


# ---------------------------------------------------------------------------
# Facts
# ---------------------------------------------------------------------------


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` overlaps one of ``spans`` (sorted, not overlapping each other)."""
    i = bisect_right(spans, (start, end))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


def _longest_first(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates, longer ones first, returned in text order."""
    starts: list[int] = []  # of the chosen ones, sorted; they do not overlap, so ends are sorted too
    chosen: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        i = bisect_right(starts, c.start)
        if (i > 0 and chosen[i - 1].end > c.start) or (i < len(chosen) and chosen[i].start < c.end):
            continue
        starts.insert(i, c.start)
        chosen.insert(i, c)
    return chosen


def _anchor(published: str | None) -> date | None:
    """The publication date as a date, or None when it is missing, not ISO 8601 or implausible.

    Years outside 1000-2999 are refused: no news article was published then, and
    relative dates (at most 200 units away) then stay within what ``date`` can hold.
    """
    if not published:
        return None
    try:
        anchor = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return anchor if 1000 <= anchor.year <= 2999 else None


def _after(value: str, anchor: date) -> bool:
    """True when an ISO date at any precision lies wholly after the anchor."""
    parts = [int(p) for p in value.split("-")]
    key = (anchor.year, anchor.month, anchor.day)[: len(parts)]
    return tuple(parts) > key


@lru_cache(maxsize=4)
def find_dates(text: str, lang: str | None, published: str | None = None) -> tuple[Fact, ...]:
    """Every date in ``text``, in order, resolved against ``published`` (ISO 8601) when relative.

    Cached on its arguments, because the quantity extractor asks for the same
    text right after (or before) the date extractor, to keep dates out of its
    numbers; a few entries are enough for that and keep big texts out of memory.
    """
    g = _grammar(lang)
    reader = _Reader(text, g)
    phones = phone_spans(text) if any(c.isdigit() for c in text) else []
    cands: list[_Cand] = []
    seen: set[tuple[str, int, int]] = set()
    folded = fold_case(text)
    digit_windows, word_windows = _windows(text, g, folded if fold_keeps_words(text) else None)
    runs = [(w, g.digit_patterns) for w in digit_windows] + [(w, g.word_patterns) for w in word_windows]
    # gate -> (a position, where the gate's first find at or after it starts: len(text) if none).
    # A window is open to a gate when a find starts in it (its words end there or beyond: a
    # superset); the next window can reuse a find that starts after its own start.
    next_find: dict[re.Pattern[str], tuple[int, int]] = {}
    for (start, end), patterns in runs:
        open_gates: dict[re.Pattern[str], bool] = {}  # gate -> whether it is open in this window
        for kind, pattern, gates, sequence in patterns:
            for gate in gates:
                found = open_gates.get(gate)
                if found is None:
                    since, at = next_find.get(gate, (len(text) + 1, 0))
                    if not since <= start <= at:
                        m = gate.search(folded, start)
                        since, at = next_find[gate] = start, (m.start() if m else len(text))
                    found = open_gates[gate] = at < end
                if not found:
                    break
            else:
                # The sequence gate, only where the word gates are open, and only in the window:
                # most windows are short, its finds are rare and searching on would cost more.
                if sequence is not None and sequence.search(folded, start, end) is None:
                    continue
                for m in pattern.finditer(text, start, end):
                    if (kind, m.start(), m.end()) in seen or (
                        phones and _overlaps(phones, m.start(), m.end())
                    ):
                        continue
                    seen.add((kind, m.start(), m.end()))
                    cand = reader.read(kind, m)
                    if cand is not None:
                        cands.append(cand)
    # Overlaps: the longest reading wins ("14 janvier 2019" over "janvier 2019" over "2019").
    chosen = _longest_first(cands)
    anchor = _anchor(published)
    facts = []
    for c in chosen:
        start = c.start
        forecast = c.forecast or c.future
        marker = reader.forecast_before(start)
        if marker is not None:
            start, forecast = marker, True
        elif g.lang == "tr" and _TR_UNTIL_RE.match(text, c.end):
            forecast = True
        relative = c.resolve is not None
        value = c.value
        if relative:
            value = (c.resolve(anchor) or None) if (anchor and c.resolve) else None
        if value and anchor and _after(value, anchor):
            forecast = True
        original = text[start : c.end]
        attrs = {
            "precision": c.precision,
            "relative": relative,
            "resolved": value is not None,
            "anchor": anchor.isoformat() if (relative and anchor) else None,
            "forecast": forecast,
            "original": original,
        }
        facts.append(Fact("date", start, c.end, original, value, None, frozen_map(attrs)))
    return tuple(facts)


@hookimpl
def parallax_extract(article: Article, settings: Settings) -> Extraction:
    """The dates of one article, relative ones resolved against its publication date."""
    return Extraction(facts=find_dates(article.text, article.lang, article.meta("published")))
