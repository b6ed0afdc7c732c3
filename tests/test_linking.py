"""plugins.linking: one entity per real-world name across articles, languages and scripts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEED_STORY, write

from generator.manager import plugin_manager
from generator.model import Article, ArticleResult, Entity, Extraction, Report, Story
from generator.pipeline import run
from generator.settings import Settings
from plugins import linking
from plugins.entities import extract_mentions
from plugins.linking import link

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def result(aid: str, text: str, lang: str) -> ArticleResult:
    """An article result whose mentions come from the built-in extractor."""
    article = Article(id=aid, story="s", source=f"s/{aid}.txt", format="txt", body=text, text=text, lang=lang)
    return ArticleResult(article=article, extraction=Extraction(mentions=tuple(extract_mentions(text, lang))))


def link_texts(*texts: tuple[str, str, str], settings: Settings | None = None) -> list[Entity]:
    results = tuple(result(aid, text, lang) for aid, text, lang in texts)
    story = Story(id="s", title={"en": "s"}, articles=tuple(r.article.id for r in results))
    entities = link(story, results, settings)
    by_id = {r.article.id: r.article.text for r in results}
    for e in entities:  # every mention points at its words
        assert all(by_id[m.article][m.start : m.end] == m.text for m in e.mentions)
    return entities


def entity_with(entities: list[Entity], variant: str) -> Entity:
    return next(e for e in entities if variant in e.variants)


def articles_of(entity: Entity) -> set[str]:
    return {m.article for m in entity.mentions}


# --------------------------------------------------------------------------
# The seed story: five articles, five languages, two scripts
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    build = tmp_path_factory.mktemp("build")
    return run(Settings(content_dir=SEED_STORY.parent, build_dir=build / "b"), plugin_manager())


def seed_entity(report: Report, variant: str) -> Entity:
    return entity_with(list(report.entities), variant)


def test_seed_people_are_one_entity_each_in_both_scripts(seed_report: Report) -> None:
    all_articles = {r.article.id for r in seed_report.results}
    assert len(all_articles) == 5
    musk = seed_entity(seed_report, "Elon Musk")
    assert (musk.id, musk.name, musk.type) == ("person-elon-musk", "Elon Musk", "person")
    assert articles_of(musk) == all_articles
    assert {"Илон Маск", "Маск", "Маска", "Musk", "Musks"} <= set(musk.variants)

    sutskever = seed_entity(seed_report, "Ilya Sutskever")
    assert sutskever.type == "person" and articles_of(sutskever) == all_articles
    assert "Ильи Суцкевера" in sutskever.variants and sutskever.name == "Ilya Sutskever"

    penn = seed_entity(seed_report, "Mark Penn")
    assert {"Марком Пенном", "Mark Penn"} <= set(penn.variants)
    assert penn.name == "Mark Penn" and len(articles_of(penn)) == 3


def test_seed_people_are_not_merged_with_each_other(seed_report: Report) -> None:
    people = [e for e in seed_report.entities if e.type == "person"]
    names = [e.name for e in people]
    assert len(names) == len(set(names))
    assert seed_entity(seed_report, "Elon Musk") is not seed_entity(seed_report, "Mark Penn")


def test_seed_companies_are_organisations_linked_across_articles(seed_report: Report) -> None:
    for company, articles in (("OpenAI", 5), ("Microsoft", 4), ("Google", 5), ("Anthropic", 5), ("Meta", 4)):
        matches = [e for e in seed_report.entities if company in e.variants]
        assert len(matches) == 1, (company, matches)
        assert matches[0].type == "organisation"
        assert len(articles_of(matches[0])) == articles, company


def test_seed_has_no_german_nouns_and_unique_ids(seed_report: Report) -> None:
    variants = {v for e in seed_report.entities for v in e.variants}
    assert not {"Daten", "Branche", "Modelle", "KI", "Training", "Welt"} & variants
    ids = [e.id for e in seed_report.entities]
    assert len(ids) == len(set(ids))
    assert all(e.name and e.mentions for e in seed_report.entities)


def test_seed_product_with_its_makers_name_is_the_product(seed_report: Report) -> None:
    phi = [e for e in seed_report.entities if "Phi-4" in e.variants]
    assert len(phi) == 1 and phi[0].type == "product" and phi[0].name == "Phi-4"


# --------------------------------------------------------------------------
# A story nobody here has seen: a minister in five languages, and his namesake
# --------------------------------------------------------------------------

GRAIN = {
    "uk.md": (
        "uk",
        "Міністр аграрної політики Олександр Ткаченко заявив у Києві, що експорт зерна цього року "
        "зросте. За словами Ткаченка, нові маршрути через Дунай вже працюють.\n\n"
        "Його колега, віцепрем'єрка Ірина Ткаченко, зустрілася з представниками Єврокомісії. "
        "Компанія «Агроекспорт» підписала угоду з Cargill.",
    ),
    "ru.md": (
        "ru",
        "Министр аграрной политики Украины Александр Ткаченко заявил, что экспорт зерна в этом году "
        "вырастет. По словам Ткаченко, новые маршруты по Дунаю уже работают. Компания «Агроэкспорт» "
        "подписала соглашение с Cargill.",
    ),
    "en.md": (
        "en",
        "Ukraine's agriculture minister Oleksandr Tkachenko said on Monday that grain exports would rise "
        "this year. Tkachenko told reporters in Kyiv that new routes along the Danube were already "
        "working.\n\nDeputy Prime Minister Iryna Tkachenko met officials of the European Commission in "
        "Brussels.",
    ),
    "de.md": (
        "de",
        "Der ukrainische Agrarminister Oleksandr Tkatschenko erwartet in diesem Jahr steigende "
        "Getreideexporte. Nach Angaben Tkatschenkos funktionieren die neuen Routen über die Donau bereits. "
        "Die Firma Agroexport unterzeichnete einen Vertrag mit Cargill.",
    ),
    "pl.md": (
        "pl",
        "Minister polityki rolnej Ukrainy Ołeksandr Tkaczenko zapowiedział wzrost eksportu zboża. "
        "Według Tkaczenki nowe szlaki przez Dunaj już działają.\n\n"
        "Wicepremier Iryna Tkaczenko spotkała się z przedstawicielami Komisji Europejskiej w Brukseli.",
    ),
    "brief.md": (
        "en",
        "Exports through the Danube ports doubled in a year, Tkachenko said, without saying which "
        "ministry would pay for the new terminals.",
    ),
}


@pytest.fixture(scope="module")
def grain_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    content = tmp_path_factory.mktemp("content")
    for name, (lang, text) in GRAIN.items():
        write(content / "grain", name, f"---\nlang: {lang}\n---\n{text}\n")
    write(content / "grain", "story.yml", "title:\n  en: Grain exports\n")
    write(content / "grain", "aliases.yml", "- [Danube, Donau, Дунай]\n")
    return run(Settings(content_dir=content, build_dir=content.parent / "b"), plugin_manager())


def test_a_minister_in_five_languages_and_three_alphabets_is_one_person(grain_report: Report) -> None:
    minister = entity_with(list(grain_report.entities), "Oleksandr Tkachenko")
    assert minister.type == "person" and minister.name == "Oleksandr Tkachenko"
    assert minister.id == "person-oleksandr-tkachenko"
    assert articles_of(minister) == {"uk", "ru", "en", "de", "pl"}
    assert {
        "Олександр Ткаченко",
        "Ткаченка",  # Ukrainian genitive
        "Александр Ткаченко",  # the Russian form of the given name
        "Oleksandr Tkatschenko",
        "Tkatschenkos",  # German genitive
        "Ołeksandr Tkaczenko",
        "Tkaczenki",  # Polish genitive
    } <= set(minister.variants)


def test_namesakes_stay_apart(grain_report: Report) -> None:
    minister = entity_with(list(grain_report.entities), "Oleksandr Tkachenko")
    deputy = entity_with(list(grain_report.entities), "Iryna Tkachenko")
    assert deputy is not minister
    assert {"Ірина Ткаченко", "Iryna Tkaczenko"} <= set(deputy.variants)
    assert articles_of(deputy) == {"uk", "en", "pl"}
    # "Tkachenko told reporters" follows the minister's full name in the English article.
    en_surname = [m for m in minister.mentions if m.article == "en" and m.text == "Tkachenko"]
    assert len(en_surname) == 1
    # A brief that gives only the surname could be either of them: it is linked to neither.
    brief = [e for e in grain_report.entities if any(m.article == "brief" for m in e.mentions)]
    lone = [e for e in brief if "Tkachenko" in e.variants]
    assert lone and all(e not in (minister, deputy) for e in lone)


def test_organisations_across_scripts_and_the_alias_file(grain_report: Report) -> None:
    entities = list(grain_report.entities)
    agro = entity_with(entities, "Agroexport")
    assert {"Агроекспорт", "Агроэкспорт"} <= set(agro.variants) and agro.type == "organisation"
    cargill = entity_with(entities, "Cargill")
    assert articles_of(cargill) == {"uk", "ru", "de"}
    danube = entity_with(entities, "Danube")
    assert "Дунай" in danube.variants  # the user's aliases.yml ("die Donau" is no name in German)
    assert "Dunaj" in danube.variants  # and the Polish spelling by transliteration


# --------------------------------------------------------------------------
# The rules, one by one
# --------------------------------------------------------------------------


def test_a_surname_goes_to_the_nearest_full_name_before_it() -> None:
    entities = link_texts(
        (
            "a",
            "Anna Kovacic opened the session. Kovacic said the plan was ready. "
            "Later Peter Kovacic, her brother, spoke. Kovacic said he disagreed.",
            "en",
        )
    )
    anna, peter = entity_with(entities, "Anna Kovacic"), entity_with(entities, "Peter Kovacic")
    assert anna is not peter
    assert [m.start for m in anna.mentions if m.text == "Kovacic"] == [33]  # "Kovacic said the plan"
    assert len([m for m in peter.mentions if m.text == "Kovacic"]) == 1


def test_in_a_crowded_article_each_inflected_surname_finds_its_own_person() -> None:
    # Many people in one article: a surname alone, inflected, joins the person whose surname it
    # is and no one else, whatever the order of the people.
    text = (
        "Ewa Nowak, Jan Kowalski, Tomasz Zieliński i Marta Wiśniewska spotkali się w poniedziałek. "
        "Według Nowak plan jest gotowy. Kowalskiego nie przekonała ta ocena. "
        "Zieliński milczał, a Wiśniewska zadała pytanie."
    )
    entities = link_texts(("a", text, "pl"))
    people = {
        full: entity_with(entities, full)
        for full in ("Ewa Nowak", "Jan Kowalski", "Tomasz Zieliński", "Marta Wiśniewska")
    }
    assert len({id(e) for e in people.values()}) == 4
    for full, alone in (
        ("Ewa Nowak", "Nowak"),
        ("Jan Kowalski", "Kowalskiego"),
        ("Tomasz Zieliński", "Zieliński"),
        ("Marta Wiśniewska", "Wiśniewska"),
    ):
        owner = people[full]
        assert alone in owner.variants, (alone, owner.variants)
        assert all(alone not in e.variants for e in entities if e is not owner)


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("Ewa Nowak", "pl"),
        ("Анна Ли", "ru"),
        ("محمد علي", "ar"),
        ("山田 太郎", "ja"),
        ("Ayşe Demir'in", "tr"),
        ("Kestrel Y-4", "en"),
        ("… ,", "en"),
        ("Li", "en"),
    ],
)
def test_a_name_matches_itself_as_it_matches_an_equal_copy(name: str, lang: str) -> None:
    # _same_name answers a name against itself without comparing forms: the answer must be the
    # one the word-by-word comparison gives for an equal name that is another object.
    words = linking._words(name, lang)
    copy = tuple(replace(w) for w in words)
    assert copy == words and copy is not words
    assert linking._same_name(words, words) == linking._same_name(words, copy)


def test_company_suffixes_and_products_with_different_numbers() -> None:
    entities = link_texts(
        ("a", "Velora AG presented the Kestrel 2 model on Monday.", "en"),
        ("b", "Die Firma Velora stellte das Modell Kestrel 3 vor.", "de"),
    )
    velora = entity_with(entities, "Velora AG")
    assert "Velora" in velora.variants and velora.type == "organisation"
    assert entity_with(entities, "Kestrel 2") is not entity_with(entities, "Kestrel 3")


def test_cyrillic_only_names_are_shown_in_the_nominative() -> None:
    entities = link_texts(
        ("a", "В беседе с Сергеем Ивановым министр обсудил бюджет.", "ru"),
        ("b", "По словам Сергея Иванова, бюджет будет принят.", "ru"),
    )
    person = entity_with(entities, "Сергеем Ивановым")
    assert "Сергея Иванова" in person.variants
    assert person.name == "Сергей Иванов" and person.id == "person-sergey-ivanov"


def test_aliases_merge_names_the_user_knows_are_one(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / "s", "aliases.yml", "- [Bill Okafor, William Okafor]\n")
    settings = Settings(content_dir=content, build_dir=tmp_path / "b")
    texts = (("a", "The union chose Bill Okafor.", "en"), ("b", "The union chose William Okafor.", "en"))
    assert len(link_texts(*texts)) == 2
    merged = link_texts(*texts, settings=settings)
    assert len(merged) == 1 and set(merged[0].variants) == {"Bill Okafor", "William Okafor"}


def test_a_broken_alias_file_is_ignored(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / "s", "aliases.yml", "- [unclosed\n")
    settings = Settings(content_dir=content, build_dir=tmp_path / "b")
    assert len(link_texts(("a", "The union chose Bill Okafor.", "en"), settings=settings)) == 1


def test_no_mentions_no_entities() -> None:
    assert link_texts(("a", "nothing to see here.", "en")) == []


def test_linking_fifty_articles_keeps_every_mention() -> None:
    texts = [
        "Greta Lindqvist, chief executive of Norvia Systems, said the Kestrel 2 model would ship in Oslo.",
        "Министр Олег Ткачук заявил, что компания «Агроекспорт» подписала соглашение с Cargill.",
        "Der Konzern Velora und Lena Brandt von Bitkom stellten in Berlin das Modell Kestrel 3 vor.",
        "Secondo Giorgia Santoro, portavoce di Enel, l'impianto di Brindisi chiuderà.",
        "Lindqvist told reporters in Stockholm that Norvia would hire 200 engineers.",
    ]
    langs = ["en", "ru", "de", "it", "en"]
    results = []
    for i in range(50):
        body = " ".join(texts[(i + k) % 5] for k in range(5)) * 2  # about 2 KB each
        results.append(result(f"a{i}", body, langs[i % 5]))
    story = Story(id="s", title={"en": "s"}, articles=tuple(r.article.id for r in results))
    entities = link(story, tuple(results))  # (its time: benchmarks/stages.py)
    assert len(entity_with(entities, "Greta Lindqvist").mentions) >= 50
    # Each extracted mention is in one entity, once.
    linked = sorted((m.article, m.start, m.end) for e in entities for m in e.mentions)
    extracted = sorted((r.article.id, m.start, m.end) for r in results for m in r.extraction.mentions)
    assert linked == extracted
