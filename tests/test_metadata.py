"""The built-in metadata reader and the byline/date grammar it shares with the cleaner."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import SEED_STORY

from generator.manager import plugin_manager
from generator.model import META_FIELDS, Article, MetaValue
from generator.settings import Settings
from plugins import lexicon as lx
from plugins.furniture import clean
from plugins.metadata import find_metadata

FIXTURES = Path(__file__).parent / "fixtures" / "furniture"


def article(body: str, **fields: object) -> Article:
    """An article as the host hands it to the metadata hook: read, then cleaned by the built-in cleaner."""
    base = Article(id="x", story="s", source="s/x.txt", format="txt", body=body, **fields)
    cleaned = clean(body)
    return dataclasses.replace(base, text=cleaned.text, blocks=cleaned.blocks, removed=cleaned.removed)


def meta(body: str, **fields: object) -> dict[str, list[str]]:
    """Field -> values found, in order."""
    found: dict[str, list[str]] = {}
    for value in find_metadata(article(body, **fields)):
        found.setdefault(value.field, []).append(value.value)
    return found


def seed(name: str) -> str:
    return (SEED_STORY / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The seed corpus
# ---------------------------------------------------------------------------


def test_french_seed() -> None:
    found = meta(seed("002_e2dec7abb602d35c.txt"))
    assert found["outlet"] == ["Notebookcheck"]
    assert found["author"] == ["Nathan Ali"]
    assert found["published"] == ["2025-01-14"]
    assert found["updated"] == ["2025-01-14"]
    assert found["title"] == ["Elon Musk affirme que l'IA a épuisé les données d'entraînement du monde réel"]
    assert "editor" not in found


def test_portuguese_seed() -> None:
    found = meta(seed("004_2e8e9df55745284e.txt"))
    assert found["outlet"] == ["Olhar Digital"]
    assert found["author"] == ["Leandro Costa Criscuolo"]
    assert found["editor"] == ["Bruno Capozzi"]
    assert found["published"] == ["2025-01-09T20:53"]
    assert found["title"] == ["Elon Musk dá recado importante sobre treinamento de IA"]
    assert "updated" not in found


def test_german_seed_title_only() -> None:
    found = meta(seed("003_13b21ee1947a12c5.txt"))
    assert found == {"title": ["Elon Musk sagt, dass der Welt die Daten für das KI-Training ausgehen"]}


def test_seeds_without_metadata_in_their_text() -> None:
    assert meta(seed("001_250e56065d354cb1.txt")) == {}
    assert meta(seed("000_7ea345467c2a536d.txt")) == {"section": ["Tecnologia"]}


def test_evidence_and_origin_are_the_sources_own_words() -> None:
    values = find_metadata(article(seed("002_e2dec7abb602d35c.txt")))
    by_field = {v.field: v for v in values}
    assert by_field["outlet"] == MetaValue("outlet", "Notebookcheck", "Notebookcheck Logo", "logo line")
    byline = "Nathan Ali,\xa02025-01-14\xa0(Update:\xa02025-01-14)"
    assert by_field["author"] == MetaValue("author", "Nathan Ali", byline, "byline")
    assert by_field["updated"].evidence == byline
    assert by_field["title"].origin == "title line"
    values = find_metadata(article(seed("004_2e8e9df55745284e.txt")))
    outlet = next(v for v in values if v.field == "outlet")
    assert (outlet.evidence, outlet.origin) == ("Colaboração para o Olhar Digital", "author box")
    for value in values:
        assert value.field in META_FIELDS
        assert value.evidence in seed("004_2e8e9df55745284e.txt")


# ---------------------------------------------------------------------------
# Invented articles, through the cleaner
# ---------------------------------------------------------------------------

FIXTURE_METADATA: dict[str, dict[str, list[str]]] = {
    "it_quotidiano.txt": {
        "title": ["La città di Valdoria inaugura il primo parco solare galleggiante"],
        "outlet": ["Il Quotidiano Immaginario"],
        "author": ["Giulia Ferranti"],
        "published": ["2025-01-12T10:30"],
        "section": ["Economia"],
    },
    "ru_vestnik.txt": {
        "title": ["Новый телескоп начал работу на Урале"],
        "author": ["Анна Соколова"],
        "published": ["2025-01-14T10:12"],
    },
    "fr_gazette.txt": {
        "title": ["Le tramway de Montclair prolongé jusqu'à la gare"],
        "outlet": ["La Gazette des Collines"],
        "author": ["Claire Martin"],
        "published": ["2025-01-14T10:12"],
        "updated": ["2025-01-15T08:00"],
    },
    "de_kurier.txt": {
        "title": ["Bäckerei-Kette eröffnet Filiale ohne Kassen"],
        "outlet": ["Rheinhafen Kurier"],
        "author": ["Max Mustermann"],
        "published": ["2025-01-14T10:12"],
        "section": ["Wirtschaft"],
    },
    "pt_folha.txt": {
        "title": ["Cidade de Águas Claras recebe primeira escola de robótica pública"],
        "outlet": ["Gazeta do Vale"],
        "author": ["Mariana Souza"],
        "editor": ["Paulo Ribeiro"],
        "published": ["2025-01-09T20:53"],
        "updated": ["2025-01-10T08:00"],
    },
    "en_tribune.txt": {
        "title": ["Northfield opens its first community wind farm"],
        "outlet": ["Northfield Tribune"],
        "author": ["Jane Doe", "John Roe"],
        "published": ["2025-01-09T20:53"],
    },
    "es_diario.txt": {
        "title": ["Un pueblo de Soria recupera su bosque tras el incendio"],
        "author": ["María López"],
        "published": ["2025-01-14"],
    },
    "nl_krant.txt": {
        "title": ["Gemeente Lindewaard opent fietsenstalling onder het station"],
        "outlet": ["Dagblad de Polder"],
        "author": ["Jan de Vries"],
        "published": ["2025-01-14T10:12"],
    },
    "pl_kurier.txt": {
        "title": ["Nowy most w Zielonej Dolinie otwarty dla ruchu"],
        "author": ["Jan Kowalski"],
        "published": ["2025-01-14T10:12"],
    },
    "uk_visnyk.txt": {
        "title": ["У Криничному відкрили нову бібліотеку"],
        "author": ["Олена Коваль"],
        "published": ["2025-01-14T10:12"],
    },
    "tr_haber.txt": {
        "title": ["Yeşilköy'de yeni kütüphane açıldı"],
        "author": ["Ayşe Yılmaz"],
        "published": ["2025-01-14T10:12"],
    },
}


@pytest.mark.parametrize("name", sorted(FIXTURE_METADATA))
def test_invented_articles(name: str) -> None:
    assert meta((FIXTURES / name).read_text(encoding="utf-8")) == FIXTURE_METADATA[name]


# ---------------------------------------------------------------------------
# The byline grammar
# ---------------------------------------------------------------------------

BYLINES = [
    # line, authors, editors, outlet, published, updated
    (
        "Por Ana Lima, editado por Rui Costa 09/01/2025 20h53",
        ("Ana Lima",),
        ("Rui Costa",),
        None,
        "2025-01-09T20:53",
        None,
    ),
    ("Ana Lima, 2025-01-14 (Update: 2025-01-15)", ("Ana Lima",), (), None, "2025-01-14", "2025-01-15"),
    (
        "By Jane Doe and John Roe | January 9, 2025, 8:53 pm",
        ("Jane Doe", "John Roe"),
        (),
        None,
        "2025-01-09T20:53",
        None,
    ),
    ("Di Mario Rossi, 12 gennaio 2025 ore 10:30", ("Mario Rossi",), (), None, "2025-01-12T10:30", None),
    ("Von Max Mustermann, 14.01.2025, 10:12 Uhr", ("Max Mustermann",), (), None, "2025-01-14T10:12", None),
    (
        "Par Claire Martin, publié le 14 janvier 2025 à 10h12, mis à jour le 15 janvier 2025 à 8h05",
        ("Claire Martin",),
        (),
        None,
        "2025-01-14T10:12",
        "2025-01-15T08:05",
    ),
    ("Автор: Иван Петров, 14 января 2025, 10:12", ("Иван Петров",), (), None, "2025-01-14T10:12", None),
    ("Por María López | 14 de enero de 2025", ("María López",), (), None, "2025-01-14", None),
    ("Door Jan de Vries, 14 januari 2025 om 10:12", ("Jan de Vries",), (), None, "2025-01-14T10:12", None),
    ("Autor: Jan Kowalski, 3 marca 2025, 9:05", ("Jan Kowalski",), (), None, "2025-03-03T09:05", None),
    ("Автор: Олена Коваль, 14 січня 2025 о 10:12", ("Олена Коваль",), (), None, "2025-01-14T10:12", None),
    ("Yazar: Ayşe Yılmaz, 14 Ocak 2025 saat 10:12", ("Ayşe Yılmaz",), (), None, "2025-01-14T10:12", None),
    ("Par Jean Dupont pour Le Courrier des Alpes", ("Jean Dupont",), (), "Le Courrier des Alpes", None, None),
    ("Von Eva Braun für Die Abendpost", ("Eva Braun",), (), "Die Abendpost", None, None),
    ("By Jane Doe, Staff Writer", ("Jane Doe",), (), None, None, None),
    ("By Jane Doe, Example Times", ("Jane Doe",), (), "Example Times", None, None),
    ("Di Giulia Neri e Paolo Bassi", ("Giulia Neri", "Paolo Bassi"), (), None, None, None),
    ("Por Plácido Domingo", ("Plácido Domingo",), (), None, None, None),
    (
        "Publicado em 09/01/2025 às 20h53 | Atualizado em 10/01/2025 às 08h00",
        (),
        (),
        None,
        "2025-01-09T20:53",
        "2025-01-10T08:00",
    ),
    ("Lundi 13 janvier 2025", (), (), None, "2025-01-13", None),
    ("Updated: Jan. 15, 2025 at 9:02 a.m.", (), (), None, None, "2025-01-15T09:02"),
    ("Veröffentlicht am 3. März 2025", (), (), None, "2025-03-03", None),
    ("Pubblicato il 5 febbraio 2025 alle 18:40", (), (), None, "2025-02-05T18:40", None),
    ("Опубликовано 1 декабря 2024 в 23:59", (), (), None, "2024-12-01T23:59", None),
    ("Gepubliceerd op 1 mei 2025", (), (), None, "2025-05-01", None),
]


@pytest.mark.parametrize(("line", "authors", "editors", "outlet", "published", "updated"), BYLINES)
def test_bylines(
    line: str,
    authors: tuple[str, ...],
    editors: tuple[str, ...],
    outlet: str | None,
    published: str | None,
    updated: str | None,
) -> None:
    byline = lx.parse_byline(line)
    assert byline is not None
    assert (byline.authors, byline.editors, byline.outlet, byline.published, byline.updated) == (
        authors,
        editors,
        outlet,
        published,
        updated,
    )


NOT_BYLINES = [
    "Por exemplo, o modelo foi treinado em 2024 com dados de 09/01/2025.",
    "Von den Daten, die am 14.01.2025 erhoben wurden, ist wenig übrig.",
    "Di recente, il 12 gennaio 2025, il consiglio ha votato.",
    "By 2030, the city wants to halve its emissions.",
    "On January 9, 2025, the council voted 7 to 2.",
    "Par ailleurs, le 14 janvier 2025 à 10h12, la séance a repris.",
    "NEW YORK, January 9, 2025",
    "Elon Park",
    "The meeting ended at 20h53.",
    "",
]


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_sentences_are_not_bylines(line: str) -> None:
    assert lx.parse_byline(line) is None


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("09/01/2025", None, "2025-01-09"),  # day first unless the language says otherwise
        ("09/01/2025", "pt", "2025-01-09"),
        ("09.01.2025", "de", "2025-01-09"),
        ("01/13/2025", None, "2025-01-13"),  # 13 cannot be a month: unambiguous
        ("13/01/2025", "en", "2025-01-13"),
        ("01/09/2025 8:53 pm", "en", "2025-01-09T20:53"),  # US style: 12-hour clock in English
        ("01/09/2025 8:53 pm", None, "2025-01-09T20:53"),
        ("01/09/2025 20:53", "en", "2025-09-01T20:53"),
        ("12:05 am 2025-01-14", None, "2025-01-14"),
        ("2025-01-14T10:12:00+01:00", None, "2025-01-14T10:12"),
        ("14 января 2025 г.", None, "2025-01-14"),
        ("9th January 2025", None, "2025-01-09"),
        ("1er janvier 2025", None, "2025-01-01"),
        ("14. Januar 2025", None, "2025-01-14"),
        ("14 de enero de 2025", None, "2025-01-14"),
        ("9 de janeiro de 2025", None, "2025-01-09"),
        ("3 marca 2025", None, "2025-03-03"),
        ("January 9, 2025, 12:30 am", None, "2025-01-09T00:30"),
        ("Jan. 9 2025", None, "2025-01-09"),
        ("2025/01/14", None, "2025-01-14"),
    ],
)
def test_dates(text: str, lang: str | None, value: str) -> None:
    hits = lx.find_dates(text, lang)
    assert [hit.value for hit in hits] == [value]


@pytest.mark.parametrize("text", ["31/02/2025", "2025-13-01", "4,6 milhões", "60%", "2024", "10:30", "1/2"])
def test_no_dates(text: str) -> None:
    assert lx.find_dates(text) == []


def test_month_tables() -> None:
    # Genitive and nominative forms, in every language the tables cover.
    assert lx.MONTHS["января"] == lx.MONTHS["январь"] == 1
    assert lx.MONTHS["grudnia"] == lx.MONTHS["grudzień"] == 12
    assert lx.MONTHS["серпня"] == 8
    for forms in ("december", "dicembre", "décembre", "dezember", "dezembro", "diciembre", "aralık"):
        assert lx.MONTHS[forms] == 12, forms
    assert sorted(set(lx.MONTHS.values())) == list(range(1, 13))


# ---------------------------------------------------------------------------
# Outlets, authors, fallbacks
# ---------------------------------------------------------------------------


def test_outlet_from_a_footer() -> None:
    body = "The council approved the budget on Monday.\n© 2019–2025 Valley Evening Post. All rights reserved."
    values = find_metadata(article(body))
    assert values == [MetaValue("outlet", "Valley Evening Post", body.split("\n")[1], "footer")]


def test_outlet_from_author_box_lines_in_several_languages() -> None:
    lines = {
        "Special to the Harbour Herald": "Harbour Herald",
        "Staff writer at Coastline Weekly": "Coastline Weekly",
        "Colaboração para o Correio Serrano": "Correio Serrano",
        "Especial para El Faro Norte": "El Faro Norte",
        "Special to The Harbour Herald": "The Harbour Herald",
        "für Die Abendpost": "Die Abendpost",
        "pour Le Courrier des Alpes": "Le Courrier des Alpes",
        "Giornalista per La Voce del Lago": "La Voce del Lago",
    }
    for line, outlet in lines.items():
        assert lx.outlet_of_author_box(line) == outlet, line


def test_outlet_from_a_preposition_line_beside_the_byline() -> None:
    body = "Der Stadtrat hat am Montag den neuen Haushalt beschlossen.\nVon Eva Braun\nfür Die Abendpost"
    values = find_metadata(article(body))
    assert MetaValue("outlet", "Die Abendpost", "für Die Abendpost", "author box") in values
    assert MetaValue("author", "Eva Braun", "Von Eva Braun", "byline") in values


def test_logo_lines() -> None:
    assert lx.outlet_of_logo("Northfield Tribune Logo") == "Northfield Tribune"
    assert lx.outlet_of_logo("Logo Il Quotidiano Immaginario") == "Il Quotidiano Immaginario"
    assert lx.outlet_of_logo("Mail Logo") is None  # a share button, not the site
    assert lx.outlet_of_logo("The new logo was unveiled on Monday.") is None


def test_the_logo_at_the_top_wins_over_a_share_icon_logo() -> None:
    body = "Mail Logo\nRiverside Gazette Logo\nThe bridge opens on Monday after three years of work."
    assert meta(body)["outlet"] == ["Riverside Gazette"]


def test_author_on_its_own_line_above_a_date() -> None:
    body = (
        "Council approves the budget after a long night\nJane Doe\nJanuary 9, 2025\n"
        "The council approved the budget on Monday after a long debate."
    )
    values = find_metadata(article(body))
    assert MetaValue("author", "Jane Doe", "Jane Doe", "author box") in values
    assert meta(body)["published"] == ["2025-01-09"]
    assert meta(body)["title"] == ["Council approves the budget after a long night"]


def test_title_case_headline_is_not_an_author() -> None:
    body = "Council Approves Budget\nJanuary 9, 2025\nThe council approved the budget on Monday."
    assert meta(body) == {"title": ["Council Approves Budget"], "published": ["2025-01-09"]}


def test_without_a_cleaner_the_edges_of_the_body_are_read() -> None:
    body = (
        "Por Ana Lima, 09/01/2025 20h53\n"
        "A prefeitura inaugurou a escola nesta quinta-feira.\n"
        "Em 10/01/2025 as aulas começam.\n"
        "© 2025 Jornal da Serra"
    )
    bare = Article(id="x", story="s", source="s/x.txt", format="txt", body=body, text=body)
    found = {v.field: v.value for v in find_metadata(bare)}
    # A date in a sentence is not a publication date: only a byline that names someone counts.
    assert found == {"author": "Ana Lima", "published": "2025-01-09T20:53", "outlet": "Jornal da Serra"}


def test_language_of_the_article_decides_ambiguous_numeric_dates() -> None:
    body = "By Jane Doe, 01/09/2025 8:53 pm\nThe council approved the budget on Monday evening."
    assert meta(body)["published"] == ["2025-01-09T20:53"]
    assert meta(body, declared_lang="fr")["published"] == ["2025-09-01T20:53"]


def test_same_author_in_two_bylines_is_given_once() -> None:
    body = (
        "By Jane Doe | January 9, 2025\n"
        "The council approved the budget on Monday after a long debate.\n"
        "By Jane Doe, January 10, 2025"
    )
    found = meta(body)
    assert found["author"] == ["Jane Doe"]
    assert found["published"] == ["2025-01-09"]


def test_hook_through_the_plugin_manager(settings: Settings) -> None:
    pm = plugin_manager(entry_points=False)
    art = article(seed("004_2e8e9df55745284e.txt"))
    results = pm.hook.parallax_metadata(article=art, settings=settings)
    assert find_metadata(art) in results
