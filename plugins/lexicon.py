"""Language knowledge shared by the furniture and metadata plugins.

Two things live here, and nothing about any particular story:

* per-language word lists (month and weekday names, "by", "edited by",
  "read more", "share", photo-credit words, section names, ...), compiled
  once into regular expressions;
* a small grammar for datelines and bylines (:func:`find_dates`,
  :func:`parse_byline`) that both plugins use: the cleaner to recognise a
  byline as furniture, the metadata plugin to read authors and dates from it.

Languages covered: en, it, ru, fr, de, pt, es, nl, pl, uk, tr.  Adding a
language means adding words to the tables below; the grammar stays the same.
This module carries no hook implementations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

# ---------------------------------------------------------------------------
# Helpers to turn word lists into regular expressions
# ---------------------------------------------------------------------------


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases: longest first, any run of spaces between words."""
    unique = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in unique)


def phrase_re(phrases: Iterable[str], *, prefix: str = "", suffix: str = "") -> re.Pattern[str]:
    """Case-insensitive pattern: ``prefix`` + one of the phrases as whole words + ``suffix``."""
    return re.compile(rf"{prefix}(?<!\w)(?:{alternation(phrases)})(?!\w){suffix}", re.IGNORECASE)


# ---------------------------------------------------------------------------
# Calendar words
# ---------------------------------------------------------------------------

# Every form a month takes in running text: full name (nominative and, where
# the language declines it, genitive as in "14 января") and abbreviations.
_MONTH_TABLE: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    "it": (
        ("gennaio", "gen"),
        ("febbraio", "feb"),
        ("marzo", "mar"),
        ("aprile", "apr"),
        ("maggio", "mag"),
        ("giugno", "giu"),
        ("luglio", "lug"),
        ("agosto", "ago"),
        ("settembre", "set", "sett"),
        ("ottobre", "ott"),
        ("novembre", "nov"),
        ("dicembre", "dic"),
    ),
    "ru": (
        ("январь", "января", "янв"),
        ("февраль", "февраля", "фев", "февр"),
        ("март", "марта", "мар"),
        ("апрель", "апреля", "апр"),
        ("май", "мая"),
        ("июнь", "июня", "июн"),
        ("июль", "июля", "июл"),
        ("август", "августа", "авг"),
        ("сентябрь", "сентября", "сен", "сент"),
        ("октябрь", "октября", "окт"),
        ("ноябрь", "ноября", "ноя", "нояб"),
        ("декабрь", "декабря", "дек"),
    ),
    "fr": (
        ("janvier", "janv"),
        ("février", "fevrier", "févr", "fév"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil"),
        ("août", "aout"),
        ("septembre", "sept"),
        ("octobre", "oct"),
        ("novembre", "nov"),
        ("décembre", "decembre", "déc"),
    ),
    "de": (
        ("januar", "jänner", "jan"),
        ("februar", "feber", "feb"),
        ("märz", "mär", "mrz"),
        ("april", "apr"),
        ("mai",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("dezember", "dez"),
    ),
    "pt": (
        ("janeiro", "jan"),
        ("fevereiro", "fev"),
        ("março", "mar"),
        ("abril", "abr"),
        ("maio", "mai"),
        ("junho", "jun"),
        ("julho", "jul"),
        ("agosto", "ago"),
        ("setembro", "set"),
        ("outubro", "out"),
        ("novembro", "nov"),
        ("dezembro", "dez"),
    ),
    "es": (
        ("enero", "ene"),
        ("febrero", "feb"),
        ("marzo", "mar"),
        ("abril", "abr"),
        ("mayo", "may"),
        ("junio", "jun"),
        ("julio", "jul"),
        ("agosto", "ago"),
        ("septiembre", "setiembre", "sep", "sept"),
        ("octubre", "oct"),
        ("noviembre", "nov"),
        ("diciembre", "dic"),
    ),
    "nl": (
        ("januari", "jan"),
        ("februari", "feb"),
        ("maart", "mrt"),
        ("april", "apr"),
        ("mei",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("augustus", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    "pl": (
        ("styczeń", "stycznia", "sty"),
        ("luty", "lutego", "lut"),
        ("marzec", "marca"),
        ("kwiecień", "kwietnia", "kwi"),
        ("maj", "maja"),
        ("czerwiec", "czerwca", "cze"),
        ("lipiec", "lipca", "lip"),
        ("sierpień", "sierpnia", "sie"),
        ("wrzesień", "września", "wrz"),
        ("październik", "października", "paź"),
        ("listopad", "listopada", "lis"),
        ("grudzień", "grudnia", "gru"),
    ),
    "uk": (
        ("січень", "січня", "січ"),
        ("лютий", "лютого", "лют"),
        ("березень", "березня", "бер"),
        ("квітень", "квітня", "квіт"),
        ("травень", "травня", "трав"),
        ("червень", "червня", "черв"),
        ("липень", "липня", "лип"),
        ("серпень", "серпня", "серп"),
        ("вересень", "вересня", "вер"),
        ("жовтень", "жовтня", "жовт"),
        ("листопад", "листопада", "лист"),
        ("грудень", "грудня", "груд"),
    ),
    "tr": (
        ("ocak",),
        ("şubat", "subat"),
        ("mart",),
        ("nisan",),
        ("mayıs", "mayis"),
        ("haziran",),
        ("temmuz",),
        ("ağustos", "agustos"),
        ("eylül", "eylul"),
        ("ekim",),
        ("kasım", "kasim"),
        ("aralık", "aralik"),
    ),
}


def _month_numbers() -> dict[str, int]:
    numbers: dict[str, int] = {}
    for months in _MONTH_TABLE.values():
        for number, forms in enumerate(months, start=1):
            for form in forms:
                # The same spelling never names two different months in these languages.
                assert numbers.setdefault(form, number) == number, form
    return numbers


MONTHS: dict[str, int] = _month_numbers()  # any month form, lower case -> 1..12

WEEKDAYS = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
    "понедельник",
    "вторник",
    "среда",
    "среду",
    "четверг",
    "пятница",
    "пятницу",
    "суббота",
    "субботу",
    "воскресенье",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "segunda-feira",
    "terça-feira",
    "quarta-feira",
    "quinta-feira",
    "sexta-feira",
    "sábado",
    "domingo",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "poniedziałek",
    "wtorek",
    "środa",
    "czwartek",
    "piątek",
    "sobota",
    "niedziela",
    "понеділок",
    "вівторок",
    "середа",
    "четвер",
    "пʼятниця",
    "п'ятниця",
    "субота",
    "неділя",
    "pazartesi",
    "salı",
    "çarşamba",
    "perşembe",
    "cuma",
    "cumartesi",
    "pazar",
]

# ---------------------------------------------------------------------------
# Byline vocabulary
# ---------------------------------------------------------------------------

# Words that open a byline ("By NAME", "Di NAME", "Автор: NAME").
BY_WORDS = (
    "by",
    "written by",
    "words by",
    "reporting by",
    "story by",
    "text by",
    "author:",
    "authors:",
    "di",
    "scritto da",
    "testo di",
    "autore:",
    "autori:",
    "par",
    "écrit par",
    "rédigé par",
    "auteur :",
    "auteur:",
    "auteurs :",
    "von",
    "text von",
    "autor:",
    "autorin:",
    "autoren:",
    "text:",
    "por",
    "escrito por",
    "texto de",
    "texto:",
    "reportagem de",
    "autora:",
    "автор:",
    "автор",
    "авторы:",
    "текст:",
    "авторка:",
    "автори:",
    "door",
    "tekst:",
    "autorka:",
    "autorzy:",
    "yazar:",
    "yazan:",
    "haber:",
)

# Words that introduce the editor(s) inside a byline.
EDITED_BY_WORDS = (
    "edited by",
    "editing by",
    "reviewed by",
    "editor:",
    "editors:",
    "editado por",
    "editada por",
    "revisado por",
    "revisto por",
    "edição:",
    "edição de",
    "edición:",
    "edición de",
    "editora:",
    "editato da",
    "editing di",
    "editing:",
    "a cura della redazione",
    "revisione di",
    "édité par",
    "édition :",
    "édition:",
    "édition par",
    "relu par",
    "révisé par",
    "bearbeitet von",
    "redigiert von",
    "redaktion:",
    "redakteur:",
    "redakteurin:",
    "lektorat:",
    "редактор:",
    "редактор",
    "под редакцией",
    "редакторка:",
    "за редакцією",
    "bewerkt door",
    "redactie:",
    "eindredactie:",
    "redakcja:",
    "redaktor:",
    "redaktorka:",
    "editör:",
    "düzenleyen:",
)

# Words that introduce the outlet an author writes for ("Par X pour Y").
FOR_WORDS = (
    "for",
    "special to",
    "special for",
    "pour",
    "für",
    "para o",
    "para a",
    "para el",
    "para la",
    "para",
    "especial para",
    "per",
    "для",
    "специально для",
    "спеціально для",
    "voor",
    "dla",
    "specjalnie dla",
)

# Words that join two names.
AND_WORDS = ("and", "e", "et", "und", "y", "и", "i", "en", "ve", "ed", "та", "і")

# Nouns that newspaper and site names are made of: "By Jane Doe, Example Times" names an outlet last.
OUTLET_NOUNS = frozenset(
    (
        "times",
        "news",
        "post",
        "daily",
        "journal",
        "tribune",
        "gazette",
        "herald",
        "press",
        "media",
        "magazine",
        "chronicle",
        "observer",
        "telegraph",
        "courier",
        "zeitung",
        "rundschau",
        "kurier",
        "anzeiger",
        "nachrichten",
        "blatt",
        "corriere",
        "gazzetta",
        "giornale",
        "quotidiano",
        "notizie",
        "jornal",
        "gazeta",
        "folha",
        "notícias",
        "diário",
        "diario",
        "periódico",
        "noticias",
        "quotidien",
        "krant",
        "dagblad",
        "nieuws",
        "dziennik",
        "wiadomości",
        "новости",
        "газета",
        "вестник",
        "известия",
        "вісник",
        "новини",
        "haber",
        "gazete",
        "gazetesi",
    )
)

# Job titles that may follow a name in a byline ("By X, Staff Writer") and are not names.
JOB_WORDS = (
    "staff writer",
    "staff reporter",
    "senior writer",
    "senior reporter",
    "senior editor",
    "reporter",
    "correspondent",
    "editor",
    "contributor",
    "contributing writer",
    "journalist",
    "columnist",
    "editor-at-large",
    "repórter",
    "jornalista",
    "colunista",
    "redator",
    "redatora",
    "correspondente",
    "giornalista",
    "redattore",
    "redattrice",
    "corrispondente",
    "journaliste",
    "rédacteur",
    "rédactrice",
    "correspondant",
    "correspondante",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "periodista",
    "redactor",
    "redactora",
    "corresponsal",
    "корреспондент",
    "журналист",
    "обозреватель",
    "редактор",
    "verslaggever",
    "redacteur",
    "dziennikarz",
    "dziennikarka",
    "кореспондент",
    "журналіст",
    "журналістка",
    "muhabir",
    "gazeteci",
)

# Markers before a date saying it is the publication / the update date.
UPDATED_WORDS = (
    "update",
    "updated",
    "last updated",
    "updated on",
    "atualizado",
    "atualizada",
    "atualizado em",
    "atualização",
    "actualizado",
    "actualizado el",
    "actualización",
    "aggiornato",
    "aggiornato il",
    "aggiornamento",
    "ultimo aggiornamento",
    "mis à jour",
    "mis à jour le",
    "mise à jour",
    "mise à jour le",
    "màj",
    "maj",
    "aktualisiert",
    "aktualisiert am",
    "aktualisierung",
    "zuletzt aktualisiert",
    "обновлено",
    "обновлён",
    "обновлен",
    "обновление",
    "bijgewerkt",
    "bijgewerkt op",
    "laatst bijgewerkt",
    "zaktualizowano",
    "aktualizacja",
    "оновлено",
    "оновлення",
    "güncellendi",
    "güncelleme",
    "güncellenme",
)
PUBLISHED_WORDS = (
    "published",
    "published on",
    "posted",
    "posted on",
    "publicado",
    "publicada",
    "publicado em",
    "publicado el",
    "pubblicato",
    "pubblicato il",
    "publié",
    "publié le",
    "veröffentlicht",
    "veröffentlicht am",
    "erschienen am",
    "опубликовано",
    "опубликован",
    "gepubliceerd",
    "gepubliceerd op",
    "opublikowano",
    "опубліковано",
    "yayınlanma",
    "yayınlandı",
    "yayın tarihi",
    "date",
    "data",
    "datum",
    "fecha",
    "дата",
)
# Little words between a date and its time, or after a marker ("à", "ore", "um", "às").
CONNECTOR_WORDS = (
    "on",
    "at",
    "em",
    "às",
    "as",
    "il",
    "ore",
    "alle",
    "le",
    "à",
    "a",
    "am",
    "um",
    "el",
    "a las",
    "op",
    "om",
    "в",
    "о",
    "o",
    "godz.",
    "kl.",
    "saat",
    "uhr",
)

# ---------------------------------------------------------------------------
# Furniture vocabulary (used by the cleaner)
# ---------------------------------------------------------------------------

SHARE_WORDS = (
    "share",
    "share this",
    "share this article",
    "share on",
    "tweet",
    "compartilhe",
    "compartilhar",
    "partilhe",
    "partilhar",
    "comparte",
    "compartir",
    "compártelo",
    "condividi",
    "condividere",
    "partagez",
    "partager",
    "partage",
    "teilen",
    "teile",
    "teilt",
    "поделиться",
    "поделитесь",
    "поделись",
    "delen",
    "deel",
    "udostępnij",
    "podziel się",
    "поділитися",
    "поділіться",
    "paylaş",
    "paylaşın",
)
# What follows a share verb in a share prompt ("Share this", "Compartilhe esta matéria"), unlike
# a sentence that starts with the same word ("Share prices fell", "Teilen sich die Kosten").
SHARE_OBJECT_WORDS = (
    "this",
    "our",
    "it",
    "on",
    "via",
    "with",
    "esta",
    "este",
    "essa",
    "esse",
    "isso",
    "nossa",
    "nosso",
    "com",
    "em",
    "no",
    "na",
    "cet",
    "cette",
    "notre",
    "sur",
    "avec",
    "questo",
    "questa",
    "quest'articolo",
    "l'articolo",
    "la notizia",
    "su",
    "con",
    "dieser",
    "diesen",
    "diese",
    "unseren",
    "unsere",
    "den artikel",
    "auf",
    "mit",
    "эту",
    "этой",
    "этим",
    "статьей",
    "статьёй",
    "новостью",
    "в",
    "с",
    "deze",
    "dit",
    "op",
    "ten",
    "tę",
    "w",
    "на",
    "цією",
    "bu",
    "haberi",
)
# Nouns that make a short line with a share verb a share prompt wherever they stand.
SHARE_NOUN_WORDS = (
    "article",
    "story",
    "post",
    "page",
    "link",
    "matéria",
    "notícia",
    "artigo",
    "articolo",
    "notizia",
    "artikel",
    "статья",
    "статью",
    "материал",
    "artículo",
    "noticia",
    "nota",
    "artykuł",
    "artykułem",
    "стаття",
    "статтю",
    "haber",
    "makale",
)
PLEASE_WORDS = (
    "please",
    "por favor",
    "per favore",
    "bitte",
    "s'il vous plaît",
    "пожалуйста",
    "proszę",
    "lütfen",
)

# Buttons and services that share-bars and icon rows are made of.
SERVICE_WORDS = frozenset(
    [
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "telegram",
        "linkedin",
        "email",
        "e-mail",
        "mail",
        "pinterest",
        "reddit",
        "instagram",
        "youtube",
        "tiktok",
        "threads",
        "bluesky",
        "mastodon",
        "flipboard",
        "tumblr",
        "vk",
        "vkontakte",
        "вконтакте",
        "одноклассники",
        "ok",
        "xing",
        "messenger",
        "viber",
        "wechat",
        "weibo",
        "print",
        "rss",
        "sms",
        "copy",
        "link",
        "copiar",
        "copia",
        "kopieren",
        "copier",
        "imprimir",
        "stampa",
        "drucken",
        "imprimer",
        "печать",
        "tweet",
        "tuíte",
    ]
)
ICON_WORDS = frozenset(
    [
        "icon",
        "icons",
        "ícone",
        "ícones",
        "icono",
        "iconos",
        "icona",
        "icone",
        "icône",
        "icônes",
        "иконка",
        "значок",
        "symbol",
        "icoon",
        "ikona",
        "іконка",
        "simge",
    ]
)
LOGO_WORDS = ("logo", "logotipo", "logotype", "logotyp", "логотип", "лого", "logosu")

READ_MORE_WORDS = (
    # en
    "read more",
    "read also",
    "also read",
    "read next",
    "see also",
    "related",
    "related articles",
    "related stories",
    "related content",
    "more on this",
    "more on this story",
    "recommended",
    "you may also like",
    "you might also like",
    "further reading",
    "don't miss",
    # pt
    "leia mais",
    "leia também",
    "leia tambem",
    "leia ainda",
    "veja também",
    "veja mais",
    "saiba mais",
    "confira também",
    "matérias relacionadas",
    "notícias relacionadas",
    "você pode gostar",
    # it
    "leggi anche",
    "leggi di più",
    "leggi altro",
    "potrebbe interessarti",
    "ti potrebbe interessare",
    "vedi anche",
    "articoli correlati",
    "da non perdere",
    # fr
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "lire la suite",
    "voir aussi",
    "à voir aussi",
    "sur le même sujet",
    "articles similaires",
    "en savoir plus",
    "à lire également",
    "lire également",
    # de
    "mehr zum thema",
    "lesen sie auch",
    "lesen sie mehr",
    "weiterlesen",
    "auch interessant",
    "das könnte sie auch interessieren",
    "mehr dazu",
    "siehe auch",
    "verwandte artikel",
    # es
    "lee también",
    "lea también",
    "leer más",
    "te puede interesar",
    "le puede interesar",
    "también te puede interesar",
    "ver también",
    "noticias relacionadas",
    "sigue leyendo",
    # ru
    "читайте также",
    "читать далее",
    "читать также",
    "смотрите также",
    "см. также",
    "по теме",
    "ещё по теме",
    "еще по теме",
    "материалы по теме",
    "вам может быть интересно",
    # nl
    "lees ook",
    "lees meer",
    "lees verder",
    "zie ook",
    "gerelateerde artikelen",
    # pl
    "czytaj także",
    "czytaj też",
    "czytaj więcej",
    "czytaj dalej",
    "zobacz też",
    "zobacz także",
    "przeczytaj też",
    "przeczytaj także",
    "polecamy",
    # uk
    "читайте також",
    "читати далі",
    "дивіться також",
    "за темою",
    "більше на тему",
    # tr
    "ayrıca okuyun",
    "ayrıca bakınız",
    "devamını oku",
    "ilginizi çekebilir",
    "ilgili haberler",
    "bunlar da ilginizi çekebilir",
)

# Words that name a picture or its credit: "(Image: X)", "Foto: X", "(Source de l'image : X)".
PHOTO_WORDS = (
    "image",
    "images",
    "photo",
    "photos",
    "picture",
    "photograph",
    "credit",
    "credits",
    "photo credit",
    "image credit",
    "image source",
    "illustration",
    "source de l'image",
    "source de l’image",
    "crédit photo",
    "crédits photo",
    "crédit",
    "crédits",
    "imagem",
    "imagens",
    "foto",
    "fotos",
    "fonte da imagem",
    "crédito",
    "créditos",
    "ilustração",
    "reprodução",
    "immagine",
    "immagini",
    "credito",
    "credit foto",
    "illustrazione",
    "bild",
    "bilder",
    "bildquelle",
    "bildnachweis",
    "grafik",
    "imagen",
    "fotografía",
    "ilustración",
    "créditos de la imagen",
    "фото",
    "фотография",
    "изображение",
    "иллюстрация",
    "источник фото",
    "источник изображения",
    "afbeelding",
    "beeld",
    "zdjęcie",
    "fot.",
    "ilustracja",
    "źródło zdjęcia",
    "світлина",
    "ілюстрація",
    "зображення",
    "görsel",
    "fotoğraf",
    "resim",
)
# Abbreviations that open a photo credit without a colon: "Fot. Anna Nowak", "Рис. 2".
PHOTO_ABBREVIATIONS = ("fot.", "phot.", "foto.", "ill.", "il.", "рис.", "фот.")
# Words a picture agency's credit line carries beside its name: "X Images", "X Photo", "Foto X".
PHOTO_AGENCY_MARKS = frozenset(("images", "photo", "photos", "foto", "fotos", "imagens", "bilder", "фото"))
PHOTO_BY_WORDS = ("by", "di", "de", "von", "par", "por", "door", "autorstwa", "от")

SOURCE_WORDS = (
    "source",
    "sources",
    "source(s)",
    "fonte",
    "fontes",
    "fonte(s)",
    "fonti",
    "quelle",
    "quellen",
    "quelle(n)",
    "источник",
    "источники",
    "источник(и)",
    "fuente",
    "fuentes",
    "fuente(s)",
    "bron",
    "bronnen",
    "bron(nen)",
    "źródło",
    "źródła",
    "джерело",
    "джерела",
    "kaynak",
    "kaynaklar",
    "via",
    "references",
    "referências",
    "riferimenti",
    "références",
    "referenzen",
    "referencias",
)
TAG_WORDS = (
    "tags",
    "tag",
    "tagged",
    "topics",
    "temas",
    "tópicos",
    "assuntos",
    "palavras-chave",
    "argomenti",
    "parole chiave",
    "mots-clés",
    "mots clés",
    "thèmes",
    "schlagwörter",
    "schlagworte",
    "themen",
    "etiquetas",
    "palabras clave",
    "теги",
    "метки",
    "тэги",
    "ключевые слова",
    "trefwoorden",
    "tagi",
    "słowa kluczowe",
    "мітки",
    "ключові слова",
    "etiketler",
    "anahtar kelimeler",
)
NAVIGATION_WORDS = frozenset(
    (
        "home",
        "menu",
        "search",
        "subscribe",
        "sign in",
        "sign up",
        "log in",
        "login",
        "register",
        "newsletter",
        "back to top",
        "skip to content",
        "skip to main content",
        "next",
        "previous",
        "next article",
        "previous article",
        "next story",
        "close",
        "comments",
        "leave a comment",
        "show comments",
        "início",
        "buscar",
        "pesquisar",
        "assine",
        "entrar",
        "voltar ao topo",
        "próximo",
        "anterior",
        "comentários",
        "inscreva-se",
        "cerca",
        "accedi",
        "abbonati",
        "torna su",
        "successivo",
        "precedente",
        "commenti",
        "iscriviti",
        "accueil",
        "rechercher",
        "se connecter",
        "s'abonner",
        "abonnez-vous",
        "retour en haut",
        "suivant",
        "précédent",
        "commentaires",
        "startseite",
        "suche",
        "anmelden",
        "abonnieren",
        "nach oben",
        "kommentare",
        "inicio",
        "iniciar sesión",
        "suscríbete",
        "volver arriba",
        "siguiente",
        "comentarios",
        "главная",
        "поиск",
        "войти",
        "подписаться",
        "наверх",
        "комментарии",
        "zoeken",
        "inloggen",
        "abonneren",
        "volgende",
        "vorige",
        "reacties",
        "strona główna",
        "szukaj",
        "zaloguj",
        "subskrybuj",
        "następny",
        "poprzedni",
        "komentarze",
        "головна",
        "пошук",
        "увійти",
        "підписатися",
        "коментарі",
        "ana sayfa",
        "giriş yap",
        "abone ol",
        "sonraki",
        "önceki",
        "yorumlar",
    )
)
# "Subscribe to our newsletter": a call to sign up, with the thing signed up for.
SUBSCRIBE_WORDS = (
    "subscribe",
    "sign up",
    "inscreva-se",
    "assine",
    "cadastre-se",
    "iscriviti",
    "abbonati",
    "inscrivez-vous",
    "abonnez-vous",
    "abonnieren sie",
    "abonnieren",
    "melden sie sich",
    "suscríbete",
    "suscríbase",
    "подпишитесь",
    "подписывайтесь",
    "meld je aan",
    "abonneer",
    "zapisz się",
    "subskrybuj",
    "підпишіться",
    "abone olun",
)
NEWSLETTER_WORDS = (
    "newsletter",
    "newsletters",
    "boletim",
    "bulletin",
    "рассылку",
    "рассылка",
    "nieuwsbrief",
    "biuletyn",
    "розсилку",
    "bülten",
    "bültenimize",
)
# "12 comments", "0 commentaire": the comment counter under an article.
COMMENT_WORDS = (
    "comment",
    "comments",
    "commentaire",
    "commentaires",
    "commento",
    "commenti",
    "comentário",
    "comentários",
    "comentario",
    "comentarios",
    "kommentar",
    "kommentare",
    "комментарий",
    "комментария",
    "комментариев",
    "reactie",
    "reacties",
    "komentarz",
    "komentarze",
    "komentarzy",
    "коментар",
    "коментарі",
    "коментарів",
    "yorum",
)
AD_WORDS = frozenset(
    (
        "advertisement",
        "advertising",
        "sponsored",
        "sponsored content",
        "publicidade",
        "publicidad",
        "pubblicità",
        "publicité",
        "anzeige",
        "werbung",
        "реклама",
        "advertentie",
        "reklama",
        "reklam",
    )
)
ALL_RIGHTS_WORDS = (
    "all rights reserved",
    "todos os direitos reservados",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "tous droits réservés",
    "alle rechte vorbehalten",
    "все права защищены",
    "alle rechten voorbehouden",
    "wszelkie prawa zastrzeżone",
    "усі права захищені",
    "всі права захищені",
    "tüm hakları saklıdır",
)

# Section (category) names that pages print as a lone word above or below an article.
SECTION_WORDS = frozenset(
    (
        "technology",
        "tech",
        "science",
        "politics",
        "business",
        "economy",
        "world",
        "sport",
        "sports",
        "culture",
        "health",
        "opinion",
        "entertainment",
        "lifestyle",
        "news",
        "environment",
        "climate",
        "education",
        "travel",
        "games",
        "gaming",
        "innovation",
        "markets",
        "finance",
        "society",
        "security",
        "artificial intelligence",
        "tecnologia",
        "scienza",
        "politica",
        "economia",
        "esteri",
        "mondo",
        "cultura",
        "salute",
        "opinioni",
        "spettacoli",
        "cronaca",
        "innovazione",
        "attualità",
        "ambiente",
        "motori",
        "intelligenza artificiale",
        "ciência",
        "política",
        "mundo",
        "esportes",
        "desporto",
        "saúde",
        "opinião",
        "entretenimento",
        "notícias",
        "negócios",
        "internacional",
        "inovação",
        "inteligência artificial",
        "tecnología",
        "ciencia",
        "economía",
        "deportes",
        "salud",
        "opinión",
        "sociedad",
        "actualidad",
        "negocios",
        "inteligencia artificial",
        "technologie",
        "high-tech",
        "sciences",
        "politique",
        "économie",
        "monde",
        "international",
        "santé",
        "société",
        "actualité",
        "actualités",
        "intelligence artificielle",
        "technik",
        "digital",
        "wissenschaft",
        "politik",
        "wirtschaft",
        "ausland",
        "inland",
        "kultur",
        "gesundheit",
        "meinung",
        "gesellschaft",
        "panorama",
        "netzwelt",
        "künstliche intelligenz",
        "технологии",
        "наука",
        "политика",
        "экономика",
        "в мире",
        "мир",
        "спорт",
        "культура",
        "здоровье",
        "мнения",
        "общество",
        "новости",
        "hi-tech",
        "бизнес",
        "искусственный интеллект",
        "wetenschap",
        "politiek",
        "economie",
        "buitenland",
        "binnenland",
        "cultuur",
        "gezondheid",
        "opinie",
        "technologia",
        "nauka",
        "polityka",
        "gospodarka",
        "świat",
        "kultura",
        "zdrowie",
        "opinie",
        "технології",
        "політика",
        "економіка",
        "світ",
        "здоров'я",
        "teknoloji",
        "bilim",
        "siyaset",
        "ekonomi",
        "dünya",
        "spor",
        "kültür",
        "sağlık",
        "gündem",
    )
)

# "NAME is a journalist": verbs that open an author biography after the name.
BIO_VERBS = (
    "is",
    "was",
    "has been",
    "covers",
    "writes",
    "é",
    "foi",
    "escreve",
    "cobre",
    "atua",
    "es",
    "fue",
    "escribe",
    "cubre",
    "è",
    "scrive",
    "si occupa",
    "est",
    "écrit",
    "couvre",
    "ist",
    "schreibt",
    "arbeitet",
    "является",
    "пишет",
    "работает",
    "schrijft",
    "werkt",
    "jest",
    "pisze",
    "є",
    "пише",
    "працює",
    "—",
    "–",
)
# Professions that make "NAME is a ..." an author biography rather than news about NAME.
PROFESSION_WORDS = (
    "journalist",
    "reporter",
    "writer",
    "editor",
    "correspondent",
    "columnist",
    "author",
    "contributor",
    "jornalista",
    "repórter",
    "redator",
    "redatora",
    "editora",
    "colunista",
    "escritor",
    "escritora",
    "giornalista",
    "redattore",
    "redattrice",
    "corrispondente",
    "scrittore",
    "scrittrice",
    "journaliste",
    "rédacteur",
    "rédactrice",
    "correspondant",
    "correspondante",
    "chroniqueur",
    "chroniqueuse",
    "journalistin",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "autor",
    "autorin",
    "periodista",
    "redactor",
    "redactora",
    "corresponsal",
    "columnista",
    "журналист",
    "журналистка",
    "корреспондент",
    "редактор",
    "обозреватель",
    "автор",
    "redacteur",
    "verslaggever",
    "dziennikarz",
    "dziennikarka",
    "redaktor",
    "redaktorka",
    "korespondent",
    "журналіст",
    "журналістка",
    "кореспондент",
    "gazeteci",
    "muhabir",
    "editör",
    "yazar",
)

# "Colaboração para o X", "Special to X", "Staff writer at X": an author box naming the outlet.
# A lower-case article after the preposition is grammar ("para o X"); a capitalised one is part
# of the name ("Especial para El X", "Special to The X").
_AUTHOR_BOX_PATTERNS = (
    r"(?:colaboração|colaborador|colaboradora|colaboração especial)\s+(?:para|do|da|de)(?:\s+(?-i:[oa]))?",
    r"(?:especial|special|exclusivo|exclusiva|exclusive)\s+(?:para|to|for|pour|für|per|для|voor|dla)"
    r"(?:\s+(?-i:o|a|el|la|the))?",
    r"(?:(?:senior|chief|staff|contributing|freelance|guest|tech|technology)\s+)*"
    r"(?:writer|reporter|editor|correspondent|contributor|journalist|columnist)\s+(?:at|for|with|of)",
    r"(?:jornalista|repórter|redator|redatora|editor|editora|colunista)\s+(?:do|da|de|no|na)",
    r"(?:journaliste|rédacteur|rédactrice|correspondant|correspondante|chroniqueur|chroniqueuse"
    r"|collaborateur|collaboratrice)\s+(?:à|chez|pour|de|du)",
    r"(?:redakteur|redakteurin|korrespondent|korrespondentin|autor|autorin|journalist|journalistin)"
    r"\s+(?:bei|für|von|der|des)",
    r"(?:giornalista|redattore|redattrice|corrispondente|collaboratore|collaboratrice)\s+(?:di|per|de)",
    r"(?:periodista|redactor|redactora|corresponsal|colaborador|colaboradora|columnista)\s+(?:de|en|para)"
    r"(?:\s+(?-i:el|la))?",
    r"(?:корреспондент|журналист|журналистка|обозреватель|колумнист|кореспондент|кореспондентка"
    r"|журналіст|журналістка|оглядач)",
    r"(?:redacteur|verslaggever|correspondent|journalist)\s+(?:bij|van|voor)",
    r"(?:dziennikarz|dziennikarka|redaktor|redaktorka|korespondent|korespondentka)\s+(?:w|portalu|serwisu)",
)
AUTHOR_BOX_RE = re.compile(
    r"^(?:" + "|".join(_AUTHOR_BOX_PATTERNS) + r")\s+(?P<outlet>\S.{0,60})$",
    re.IGNORECASE,
)
# "für X", "pour X": an author box only beside the author's name; alone it may be a subheading
# ("For Small Businesses").
FOR_OUTLET_RE = re.compile(
    r"^(?:für|pour|para|for|per|для|voor|dla)(?:\s+(?-i:o|a|el|la|the))?\s+(?P<outlet>\S.{0,60})$",
    re.IGNORECASE,
)
# Turkish puts the role after the outlet: "X muhabiri".
AUTHOR_BOX_SUFFIX_RE = re.compile(r"^(?P<outlet>\S.{0,60}?)\s+(?:muhabiri|editörü|yazarı)$", re.IGNORECASE)

# ---------------------------------------------------------------------------
# Shapes of names and outlets
# ---------------------------------------------------------------------------

# Lower-case particles inside personal names ("Maria da Silva", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset(
    [
        "de",
        "da",
        "do",
        "dos",
        "das",
        "di",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "la",
        "le",
        "du",
        "des",
        "y",
        "e",
        "bin",
        "ibn",
        "al",
        "el",
        "zu",
    ]
)
_NAME_CHARS = frozenset("'’-.")


def is_name_token(token: str) -> bool:
    """A capitalised word that can be part of a personal name: "Anne-Marie", "O'Neil", "J."."""
    if not token or not token[0].isupper():
        return False
    letters = [ch for ch in token if ch not in _NAME_CHARS]
    return bool(letters) and all(ch.isalpha() for ch in letters)


def is_name(text: str, *, min_tokens: int = 1, max_tokens: int = 5, allow_caps: bool = True) -> bool:
    """Whether ``text`` is shaped like a personal name: capitalised words, optional particles."""
    tokens = text.split()
    if not min_tokens <= len(tokens) <= max_tokens:
        return False
    if not allow_caps and all(t.isupper() and len(t) > 1 for t in tokens):
        return False  # "NEW YORK, Jan. 9": a dateline, not an author
    for i, token in enumerate(tokens):
        if 0 < i < len(tokens) - 1 and token in NAME_PARTICLES:
            continue
        if not is_name_token(token):
            return False
    return not any(t.lower().rstrip(".") in MONTH_FULL for t in tokens)


# Only full month names: "April" or "Mai" alone are also given names, so they are not refused.
MONTH_FULL = frozenset(form for form in MONTHS if len(form) > 5)


def is_outlet(text: str) -> bool:
    """Whether ``text`` is shaped like an outlet's name: 1-6 words, the first capitalised or quoted."""
    text = text.strip()
    tokens = text.split()
    if not 1 <= len(tokens) <= 6 or len(text) > 60:
        return False
    if text[-1] in ".!?;:,":
        return False
    first = text[0]
    return first.isupper() or first.isdigit() or first in "«„“\"'"


_LOGO_RE = re.compile(
    rf"^(?:(?P<before>.{{1,60}}?)\s+)?(?:{alternation(LOGO_WORDS)})(?:\s+(?P<after>.{{1,60}}))?$",
    re.IGNORECASE,
)
_FOOTER_RE = re.compile(
    rf"^(?:©|\(c\)|copyright\b)|(?<!\w)(?:{alternation(ALL_RIGHTS_WORDS)})(?!\w)", re.IGNORECASE
)
# What a copyright line says besides the owner's name.
_FOOTER_NOISE_RE = re.compile(
    rf"©|\(c\)|(?<!\w)copyright(?!\w)|(?<!\d)\d{{4}}(?:\s*[-–]\s*\d{{4}})?(?!\d)"
    rf"|(?<!\w)(?:{alternation(ALL_RIGHTS_WORDS)})(?!\w)",
    re.IGNORECASE,
)


def is_logo_line(text: str) -> bool:
    """ "X Logo", "Logo X", "Logo": a logo's alt text left in the page's text."""
    if len(text.split()) > 8 or text.rstrip()[-1:] in ".!?":
        return False
    m = _LOGO_RE.match(text.strip())
    return bool(m) and not (m.group("before") and m.group("after"))


def outlet_of_logo(text: str) -> str | None:
    """The outlet a logo line names ("X Logo" -> "X"); None for share icons ("Mail Logo")."""
    if not is_logo_line(text):
        return None
    m = _LOGO_RE.match(text.strip())
    name = " ".join((m.group("before") or m.group("after") or "").split()) if m else ""
    if not name or name.lower() in SERVICE_WORDS or name.lower() in ICON_WORDS or not is_outlet(name):
        return None
    return name


def outlet_of_author_box(text: str, *, bare: bool = True) -> str | None:
    """The outlet an author-box line names ("Colaboração para o X", "Special to X"), or None.

    With ``bare``, a preposition alone counts too ("für X", "pour X"); callers that
    cannot see the author's name beside the line pass ``bare=False``.
    """
    text = text.strip()
    if len(text) > 90 or text[-1:] in ".!?…":
        return None
    m = AUTHOR_BOX_RE.match(text) or AUTHOR_BOX_SUFFIX_RE.match(text) or (bare and FOR_OUTLET_RE.match(text))
    if m and is_outlet(m.group("outlet")):
        return " ".join(m.group("outlet").split())
    return None


def is_footer_line(text: str) -> bool:
    """A copyright line: "© 2025 X", "Copyright X. All rights reserved."."""
    return len(text.split()) <= 20 and bool(_FOOTER_RE.search(text.strip()))


def outlet_of_footer(text: str) -> str | None:
    """The owner a copyright line names ("© 2025 X. All rights reserved." -> "X"), or None."""
    if not is_footer_line(text):
        return None
    name = _FOOTER_NOISE_RE.sub(" ", text)
    name = " ".join(name.strip(" \t.,;:|–—-").split())
    return name if name and is_outlet(name) else None


# ---------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------

_MONTH_ALT = alternation(MONTHS)
_MONTH = rf"(?P<month>(?<!\w)(?:{_MONTH_ALT})(?!\w))\.?"
_YEAR_SUFFIX = r"(?:\s*(?:г\.|года|год|р\.|року|roku|r\.))?"

_DATE_PATTERNS = (
    # 2025-01-14, 2025-01-14T10:12, 2025-01-14 10:12:00+01:00
    re.compile(
        r"(?<![\d.])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d])"
    ),
    # 2025/01/14
    re.compile(r"(?<![\d.])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])"),
    # 09/01/2025, 14.01.2025, 14-01-2025: order decided by the language, see _day_month
    re.compile(r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d])"),
    # 14 janvier 2025, 14. Januar 2025, 14 de enero de 2025, 9th January 2025, 14 января 2025 г.
    re.compile(
        r"(?<![\d.,])(?P<d>\d{1,2})(?:st|nd|rd|th|er|e|º|°|\.)?\s*(?:de\s+|of\s+)?"
        + _MONTH
        + r",?\s*(?:de\s+|del\s+)?(?P<y>\d{4})(?!\d)"
        + _YEAR_SUFFIX,
        re.IGNORECASE,
    ),
    # January 9, 2025 / Jan. 9 2025
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE),
)

_CONNECTOR_ALT = alternation(CONNECTOR_WORDS)
# A time of day: 20h53, 10:30, 8:53 pm, 10.12 Uhr, 10 Uhr.
_TIME = (
    r"(?P<H>\d{1,2})\s*(?:(?P<sep>[:h])\s?(?P<M>\d{2})|\.(?P<M2>\d{2})(?=\s*Uhr))?(?!\d)"
    r"(?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?!\w)|\s*(?P<uhr>Uhr|h|hs|hrs|ч\.)(?!\w))?"
)
_TIME_AFTER_RE = re.compile(
    rf"\s*(?:[,|·•–—-]\s*)?(?:(?<!\w)(?:{_CONNECTOR_ALT})(?!\w)\s*)?{_TIME}",
    re.IGNORECASE,
)
_TIME_ALONE_RE = re.compile(rf"(?<![\w.:/]){_TIME}", re.IGNORECASE)
_UPDATED_RE = phrase_re(UPDATED_WORDS)
_PUBLISHED_RE = phrase_re(PUBLISHED_WORDS)
_AMPM_RE = re.compile(r"\d\s*[ap]\.?\s?m\.?(?!\w)", re.IGNORECASE)


_WORD_RE = re.compile(r"\w+")


_DIGIT_RE = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    return _DIGIT_RE.search(text) is not None


@dataclass(frozen=True)
class DateHit:
    """A date (with its time, when one is given) found in a line of text."""

    start: int
    end: int
    value: str  # ISO 8601: "2025-01-14" or "2025-01-14T10:12"
    role: str  # "published" or "updated"


def _time_value(m: re.Match[str]) -> str | None:
    """ "HH:MM" from a time match, or None when it is not a real time of day."""
    minutes = m.group("M") or m.group("M2")
    ampm = (m.group("ampm") or "").replace(".", "").replace(" ", "").lower()
    if minutes is None and not ampm and not m.group("uhr"):
        return None  # a bare number after a date is not a time
    hour, minute = int(m.group("H")), int(minutes or 0)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _day_month(a: int, b: int, month_first: bool) -> tuple[int, int]:
    """(day, month) of a numeric date: the impossible reading loses, else the language decides."""
    if a > 12 >= b:
        return a, b
    if b > 12 >= a:
        return b, a
    return (b, a) if month_first else (a, b)


def find_dates(text: str, lang: str | None = None) -> list[DateHit]:
    """Every date in ``text`` (a short line: a byline or dateline), with the time that goes with it.

    Numeric dates read day first, as in most languages; month first only when
    the other reading is impossible, or in English text with a 12-hour clock
    ("01/09/2025, 8:53 pm"), the US style.  A date after an "updated" marker
    ("(Update: ...)", "mis à jour le", "Atualizado em") has the role
    "updated"; otherwise the first date is the publication date and later ones
    updates.
    """
    if not _has_digit(text):
        return []
    found: list[tuple[int, int, date, re.Match[str]]] = []
    # The month-first pattern opens with a long alternation of month names: try it only where one is.
    named_month = not MONTHS.keys().isdisjoint(_WORD_RE.findall(text.lower()))
    for pattern in _DATE_PATTERNS if named_month else _DATE_PATTERNS[:-1]:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end, _, _ in found):
                continue  # the earlier, more specific pattern already read this stretch
            parsed = _date_of(m, text, lang)
            if parsed is not None:
                found.append((m.start(), m.end(), parsed, m))
    found.sort(key=lambda item: item[0])
    hits: list[DateHit] = []
    previous_end = 0
    for index, (start, end, day, m) in enumerate(found):
        clock = None
        if m.re is _DATE_PATTERNS[0] and m.group("H"):
            clock = f"{int(m.group('H')):02d}:{m.group('M')}"
        else:
            limit = found[index + 1][0] if index + 1 < len(found) else len(text)
            t = _TIME_AFTER_RE.match(text, end, limit)
            if t and (clock := _time_value(t)):
                end = t.end()
        value = day.isoformat() + (f"T{clock}" if clock else "")
        before = text[previous_end:start]
        if _UPDATED_RE.search(before):
            role = "updated"
        elif _PUBLISHED_RE.search(before) or not hits:
            role = "published"
        else:
            role = "updated"
        hits.append(DateHit(start, end, value, role))
        previous_end = end
    return hits


def _date_of(m: re.Match[str], text: str, lang: str | None) -> date | None:
    groups = m.groupdict()
    year = int(groups["y"])
    if groups.get("month"):
        month, day = MONTHS[groups["month"].lower()], int(groups["d"])
    elif groups.get("a"):
        us_style = (lang in (None, "en")) and bool(_AMPM_RE.search(text))
        day, month = _day_month(int(groups["a"]), int(groups["b"]), us_style)
    else:
        month, day = int(groups["m"]), int(groups["d"])
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Bylines
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Byline:
    """What a byline says: who wrote it, who edited it, for whom, and when."""

    text: str  # the line, stripped
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    outlet: str | None = None
    dates: tuple[DateHit, ...] = field(default=())
    opened: bool = False  # the line starts with a "by" word

    @property
    def published(self) -> str | None:
        """The publication date (ISO 8601), if the byline gives one."""
        return next((d.value for d in self.dates if d.role == "published"), None)

    @property
    def updated(self) -> str | None:
        """The last update date (ISO 8601), if the byline gives one."""
        values = [d.value for d in self.dates if d.role == "updated"]
        return values[-1] if values else None


_BY_RE = phrase_re(BY_WORDS, prefix=r"^\s*", suffix=r"\s*:?\s*")
_BYLINE_TOKEN_RE = re.compile(
    r"(?P<sep>[|·•,;()\[\]]|\s[-–—]\s|^[-–—]\s|\s[-–—]$)"
    rf"|(?P<edit>(?<!\w)(?:{alternation(EDITED_BY_WORDS)})(?!\w)\s*:?)"
    rf"|(?P<for>(?<!\w)(?:{alternation(FOR_WORDS)})(?!\w))"
    rf"|(?P<and>(?<!\w)(?:{alternation(AND_WORDS)})(?!\w)|&)",
    re.IGNORECASE,
)
_MARKERS = alternation(UPDATED_WORDS + PUBLISHED_WORDS)
# A chunk of a byline that says nothing but "published on", "Update:", a weekday or "à", "ore".
_NOISE_RE = re.compile(
    rf"(?:(?<!\w)(?:{_MARKERS}|{alternation(WEEKDAYS)}|{_CONNECTOR_ALT})(?!\w)\.?[\s:,]*)+",
    re.IGNORECASE,
)
# "Maria Silva publicado em": a marker glued to the name before it.
_MARKER_TAIL_RE = re.compile(rf"\s(?:{_MARKERS})(?:\s+(?:{_CONNECTOR_ALT}))?\s*:?$", re.IGNORECASE)
_JOB_RE = phrase_re(JOB_WORDS, prefix=r"^", suffix=r"$")
# Punctuation and spaces (no-break ones too) around a chunk of a byline that are not part of a name.
_EDGES_RE = re.compile(r"^[\s.:'\"«»„“”‘’*_]+|[\s.:'\"«»„“”‘’*_]+$")


def parse_byline(line: str, lang: str | None = None) -> Byline | None:
    """Read a byline or dateline, or return None when ``line`` is not one.

    Handles the usual shapes in many languages, for example::

        Por NAME, editado por NAME 09/01/2025 20h53
        NAME, 2025-01-14 (Update: 2025-01-14)
        By NAME and NAME | January 9, 2025, 8:53 pm
        Di NAME, 12 gennaio 2025 ore 10:30
        Par NAME pour OUTLET, publié le 14 janvier 2025 à 10h12
        Автор: NAME, 14 января 2025, 10:12
        Publicado em 09/01/2025 às 20h53

    A line is a byline only when *everything* in it is accounted for: "by"
    words, names, dates and times, markers ("published", "updated") and
    separators.  Any other word (a lower-case word, a verb) makes it None,
    which is what keeps an article sentence from being read as a byline.
    """
    s = line.strip()
    if not s or len(s) > 240:
        return None
    opened = _BY_RE.match(s)
    if opened and s[opened.end() : opened.end() + 1].islower():
        return None  # "Por exemplo, ...", "Von den Daten ...": a name would be capitalised
    if not opened and not _has_digit(s):
        return None  # every date has digits: a cheap test that spares most article lines the grammar
    dates = find_dates(s, lang)
    if not opened and not dates:
        return None
    # Blank out what is read already, leaving separators so names do not run into each other.
    rest = list(s)
    for hit in dates:
        rest[hit.start : hit.end] = "|" + " " * (hit.end - hit.start - 1)
    text = "".join(rest)
    if _has_digit(text):
        text = _TIME_ALONE_RE.sub(lambda m: "|" if _time_value(m) else m.group(0), text)
    start = opened.end() if opened else 0
    authors: list[str] = []
    editors: list[str] = []
    outlet: str | None = None
    role = "author"
    chunks: list[tuple[str, str]] = []
    pos = start
    for m in _BYLINE_TOKEN_RE.finditer(text, start):
        chunks.append((role, text[pos : m.start()]))
        pos = m.end()
        if m.group("edit"):
            role = "editor"
        elif m.group("for"):
            role = "outlet"
        elif m.group("sep") and role == "outlet":
            role = "author"
    chunks.append((role, text[pos:]))
    for chunk_role, raw in chunks:
        chunk = _EDGES_RE.sub("", raw)
        if not chunk or _NOISE_RE.fullmatch(chunk) or _JOB_RE.match(chunk):
            continue  # "publié le", "(Update:", "By X, Staff Writer"
        if tail := _MARKER_TAIL_RE.search(chunk):
            chunk = chunk[: tail.start()]
        if chunk_role == "outlet":
            if outlet is not None or not is_outlet(chunk):
                return None
            outlet = " ".join(chunk.split())
            continue
        names = editors if chunk_role == "editor" else authors
        tokens = len(chunk.split())
        if (
            names
            and outlet is None
            and is_outlet(chunk)
            and not OUTLET_NOUNS.isdisjoint(chunk.lower().split())
        ):
            outlet = " ".join(chunk.split())  # "By Jane Doe, Example Times"
        elif tokens >= 2 and is_name(chunk, allow_caps=bool(opened)):
            names.append(" ".join(chunk.split()))
        elif tokens == 1 and is_name(chunk) and (opened or chunk_role == "editor") and not names:
            names.append(chunk)  # "By Reuters", "Por Redação"
        elif (authors or editors) and outlet is None and is_outlet(chunk) and tokens <= 3:
            outlet = " ".join(chunk.split())  # "By Jane Doe, Reuters"
        else:
            return None
    if not (authors or editors or dates):
        return None
    if not opened and not dates:
        return None
    return Byline(s, tuple(authors), tuple(editors), outlet, tuple(dates), bool(opened))
