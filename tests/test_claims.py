"""The claim aligner: the same fact stated by several articles, across languages, is one claim.

On the seed story (five articles, it/ru/fr/de/pt) and on stories written for
these tests: a flood whose death toll two outlets (es, en) give as 12 and a
third (de) as 15, and a company's annual results in fr and it. Everything
runs through the real pipeline: readers, extractors, entity linking, the
embedder and the aligner.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, write

from generator.labels import claim_label
from generator.manager import plugin_manager
from generator.model import Claim, Report
from generator.pipeline import run
from generator.settings import Settings
from generator.strings import load_catalog
from plugins import claims as aligner

SEED = "ai-training-data"
IT, RU, FR, DE, PT = (
    "000_7ea345467c2a536d",
    "001_250e56065d354cb1",
    "002_e2dec7abb602d35c",
    "003_13b21ee1947a12c5",
    "004_2e8e9df55745284e",
)

FLOOD = {
    "story.yml": "title: {en: Floods in Valdoria}\n",
    "es-diario.md": """---
title: Las inundaciones en Valdoria dejan 12 muertos
outlet: Diario del Sur
lang: es
published: 2025-03-05
---
Las lluvias torrenciales provocaron el desbordamiento del río Sarn en la ciudad de Valdoria el martes.

Al menos 12 personas murieron en las inundaciones, según confirmó la alcaldesa Marta Quiroga.

Más de 3.000 vecinos tuvieron que ser evacuados durante la noche.

Los daños se estiman en unos 40 millones de euros, según el gobierno regional.

"Nunca habíamos visto algo así", declaró Quiroga a los periodistas.
""",
    "en-herald.md": """---
title: Twelve dead as river bursts its banks in Valdoria
outlet: The Northern Herald
lang: en
published: 2025-03-05
---
Rescue teams were still searching for the missing on Wednesday in Valdoria, a town of 40,000 people.

The floods killed 12 people after the Sarn river burst its banks, mayor Marta Quiroga said.

About 3,000 residents spent the night in emergency shelters.

The regional government put the cost of the damage at 40 million euros.

Schools will stay closed until Monday.
""",
    "de-kurier.md": """---
title: Hochwasser in Valdoria fordert 15 Todesopfer
outlet: Abendkurier
lang: de
published: 2025-03-06
---
Beim Hochwasser in Valdoria sind 15 Menschen ums Leben gekommen, teilte Bürgermeisterin Marta Quiroga mit.

Der Fluss Sarn war nach tagelangem Starkregen über die Ufer getreten.

Rund 3000 Menschen mussten ihre Häuser verlassen.

Die Regionalregierung schätzt die Schäden auf 40 Millionen Euro.
""",
}

RESULTS = {
    "story.yml": "title: {en: Norvane annual results}\n",
    "fr-echo.md": """---
title: Norvane publie un chiffre d'affaires record
outlet: L'Écho des marchés
lang: fr
published: 2025-02-20
---
Le groupe industriel Norvane a réalisé en 2024 un chiffre d'affaires de 2,4 milliards d'euros, en hausse de 8 %.

Son bénéfice net a atteint 310 millions d'euros, a annoncé jeudi le directeur financier Paul Revel.

Le groupe emploie 12 500 salariés dans neuf pays, dont la moitié en France.

« Nous avons dépassé nos objectifs », a déclaré Paul Revel lors d'une conférence de presse à Lyon.

Les syndicats réclament une hausse des salaires après ces résultats.
""",
    "it-corriere.md": """---
title: Norvane, ricavi in crescita dell'8%
outlet: Il Corriere Economico
lang: it
published: 2025-02-21
---
Il titolo Norvane ha guadagnato il 3% in Borsa dopo la pubblicazione dei conti.

Gli analisti si aspettavano numeri più deboli a causa del rallentamento della domanda in Germania.

Il gruppo ha chiuso il 2024 con ricavi pari a 2,4 miliardi di euro, in crescita dell'8%, e un utile netto di 290 milioni di euro.

«Abbiamo superato i nostri obiettivi», ha detto il direttore finanziario Paul Revel.
""",
}


def _settings(content: Path, build: Path, **extra: object) -> Settings:
    return Settings(content_dir=content, build_dir=build, **extra)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Report:
    build = tmp_path_factory.mktemp("seed") / "b"
    return run(_settings(ROOT / "content", build), plugin_manager())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = tmp_path_factory.mktemp("written")
    for story, files in (("flood", FLOOD), ("results", RESULTS)):
        for name, text in files.items():
            write(root / "content" / story, name, text)
    return run(_settings(root / "content", root / "b"), plugin_manager())


def _claims(report: Report, story: str) -> list[Claim]:
    return [c for c in report.claims if c.story == story]


def _find(claims: list[Claim], kind: str, test: Callable[[Claim], bool]) -> list[Claim]:
    return [c for c in claims if c.kind == kind and test(c)]


def _stating(claim: Claim) -> dict[str, str]:
    return {aid: s for aid, s in claim.sources.items() if s != "absent"}


def _values(claim: Claim) -> dict[str, object]:
    return {e.article: e.value for e in claim.evidence}


# --------------------------------------------------------------------------
# The seed story
# --------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [700_000, 4_600_000])
def test_each_cost_figure_is_one_claim_stated_by_four_sources_in_four_formats(
    seed: Report, amount: int
) -> None:
    found = _find(_claims(seed, SEED), "money", lambda c: c.topic.get("value") == amount)
    assert len(found) == 1, [c.topic for c in found]
    claim = found[0]
    assert claim.topic["unit"] == "USD"
    assert _stating(claim) == {IT: "states", RU: "states", FR: "states", PT: "states"}
    assert claim.sources[DE] == "absent"
    # Four number formats: 700.000 / 700 000 / $700 000 / US$ 700.000.
    facts = {r.article.id: r.extraction.facts for r in seed.results}
    words = {facts[e.article][e.fact].text for e in claim.evidence}
    assert len(words) == 4, words
    assert set(_values(claim).values()) == {amount}


def test_the_share_of_synthetic_data_is_one_claim(seed: Report) -> None:
    found = _find(_claims(seed, SEED), "percent", lambda c: c.topic.get("value") == 60)
    assert len(found) == 1
    assert _stating(found[0]) == {IT: "states", RU: "states", FR: "states"}


def test_the_date_the_data_ran_out_is_one_claim_on_which_sources_differ(seed: Report) -> None:
    # The sentences that say when human data ran out: "entro il 2024", "в 2023 году",
    # "en 2024", "letztes Jahr" (no publication date: unresolved), "no ano passado" (2024).
    found = [
        c
        for c in _find(_claims(seed, SEED), "date", lambda c: True)
        if any(v == "2023" for v in _values(c).values())
    ]
    assert len(found) == 1
    claim = found[0]
    assert claim.topic["value"] == "2024"
    assert claim.sources[RU] == "differs"
    assert _values(claim)[RU] == "2023"
    for aid in (IT, FR, PT):
        assert claim.sources[aid] == "states" and _values(claim)[aid] == "2024"
    assert claim.sources[DE] == "states" and _values(claim)[DE] is None  # "letztes Jahr", unresolved


def test_the_forecast_for_2024_is_not_mixed_with_the_date_the_data_ran_out(seed: Report) -> None:
    claims = _claims(seed, SEED)
    share = next(c for c in claims if c.kind == "percent")
    sentences = {(e.article, e.start) for e in share.evidence}
    # The forecast's year sits in the same sentences as the 60 %: it is a claim of its own.
    forecast = [
        c for c in claims if c.kind == "date" and {(e.article, e.start) for e in c.evidence} == sentences
    ]
    assert len(forecast) == 1
    assert all(s == "states" for s in _stating(forecast[0]).values())


def test_a_quoted_term_is_one_claim_in_five_languages(seed: Report) -> None:
    found = [c for c in _claims(seed, SEED) if c.kind == "quote" and len(_stating(c)) == 5]
    assert len(found) == 1
    assert found[0].topic.get("speaker")  # the sources that name a speaker name the same one


def test_a_claim_stated_by_one_source_is_still_a_claim(seed: Report) -> None:
    alone = [c for c in _claims(seed, SEED) if len(_stating(c)) == 1]
    assert any(c.kind == "money" and c.sources[DE] == "states" for c in alone)  # 8 dollars a month


def test_evidence_is_the_sentence_that_states_the_fact(seed: Report) -> None:
    results = {r.article.id: r for r in seed.results}
    claims = _claims(seed, SEED)
    assert claims
    for claim in claims:
        assert len({e.article for e in claim.evidence}) == len(claim.evidence)  # one per source
        for e in claim.evidence:
            article = results[e.article].article
            fact = results[e.article].extraction.facts[e.fact]
            assert e.start <= fact.start and fact.end <= e.end
            starts = {s.start for s in article.sentences}
            ends = {s.end for s in article.sentences}
            assert e.start in starts and e.end in ends  # whole sentences, the source's own words


def test_claim_ids_are_numbered_in_a_stable_order(seed: Report, tmp_path: Path) -> None:
    ids = [c.id for c in _claims(seed, SEED)]
    assert ids == [f"{SEED}:c{n}" for n in range(1, len(ids) + 1)]
    again = run(_settings(ROOT / "content", tmp_path / "b"), plugin_manager())
    assert [(c.id, dict(c.topic), dict(c.sources)) for c in again.claims] == [
        (c.id, dict(c.topic), dict(c.sources)) for c in seed.claims
    ]


# --------------------------------------------------------------------------
# Stories written for the tests
# --------------------------------------------------------------------------


def test_a_death_toll_given_differently_by_one_outlet_differs(written: Report) -> None:
    toll = [
        c for c in _find(_claims(written, "flood"), "number", lambda c: True) if 15 in _values(c).values()
    ]
    assert len(toll) == 1
    claim = toll[0]
    assert claim.topic["value"] == 12
    assert dict(claim.sources) == {"es-diario": "states", "en-herald": "states", "de-kurier": "differs"}
    assert _values(claim) == {"es-diario": 12, "en-herald": 12, "de-kurier": 15}


def test_the_same_figures_in_three_languages_are_one_claim_each(written: Report) -> None:
    claims = _claims(written, "flood")
    evacuated = _find(claims, "number", lambda c: c.topic.get("value") == 3000)
    damage = _find(claims, "money", lambda c: c.topic.get("value") == 40_000_000)
    for found in (evacuated, damage):
        assert len(found) == 1
        assert set(_stating(found[0]).values()) == {"states"} and len(_stating(found[0])) == 3
    # A town of 40,000 is not an evacuation of 3,000, nor a death toll.
    town = _find(claims, "number", lambda c: c.topic.get("value") == 40_000)
    assert len(town) == 1 and _stating(town[0]) == {"en-herald": "states"}


def test_different_days_are_not_made_a_conflict(written: Report) -> None:
    # The river burst on Tuesday (es); the search went on on Wednesday (en): two facts.
    dates = _find(_claims(written, "flood"), "date", lambda c: True)
    assert all(len(_stating(c)) == 1 for c in dates), [(c.topic, dict(c.sources)) for c in dates]


def test_company_results_in_french_and_italian(written: Report) -> None:
    claims = _claims(written, "results")
    revenue = _find(claims, "money", lambda c: c.topic.get("value") == 2_400_000_000)
    growth = _find(claims, "percent", lambda c: c.topic.get("value") == 8)
    for found in (revenue, growth):
        assert len(found) == 1
        assert _stating(found[0]) == {"fr-echo": "states", "it-corriere": "states"}
    profit = [c for c in claims if c.kind == "money" and 290_000_000 in _values(c).values()]
    assert len(profit) == 1
    assert _values(profit[0]) == {"fr-echo": 310_000_000, "it-corriere": 290_000_000}
    assert sorted(_stating(profit[0]).values()) == ["differs", "states"]
    quote = _find(claims, "quote", lambda c: len(_stating(c)) == 2)
    assert len(quote) == 1 and quote[0].topic["speaker"] == "Paul Revel"
    # The 3 % the share gained is not the 8 % growth.
    gain = _find(claims, "percent", lambda c: c.topic.get("value") == 3)
    assert len(gain) == 1 and _stating(gain[0]) == {"it-corriere": "states"}


def test_without_an_embedder_anchors_still_align_distinctive_values(
    written: Report, tmp_path: Path, seed: Report
) -> None:
    story = next(s for s in seed.stories if s.id == SEED)
    results = seed.articles_of(story)
    found = aligner.align(story, results, seed.entities, seed.lineage, lambda texts: [[] for _ in texts])
    cost = [c for c in found if c.kind == "money" and c.topic.get("value") == 700_000]
    assert len(cost) == 1 and len(_stating(cost[0])) == 4
    # ...but a differing value needs the words: no "differs" without them.
    flood = next(s for s in written.stories if s.id == "flood")
    plain = aligner.align(flood, written.articles_of(flood), written.entities, (), None)
    assert all(s != "differs" for c in plain for s in c.sources.values())


# --------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "number"),
    [
        ("en", "700,000"),
        ("it", "700.000"),
        ("de", "700.000"),
        ("pt", "700.000"),
        ("fr", "700 000"),
        ("ru", "700 000"),
    ],
)
def test_labels_are_in_the_ui_language_with_its_number_format(seed: Report, lang: str, number: str) -> None:
    strings = load_catalog(lang)
    cost = next(c for c in seed.claims if c.kind == "money" and c.topic.get("value") == 700_000)
    label = re.sub(r"[\u00a0\u202f]", " ", claim_label(cost, strings))
    assert number in label and "USD" in label
    word = strings("claim_money").split(":")[0].strip()
    assert label.startswith(word)
    date = next(c for c in seed.claims if c.kind == "date" and c.sources[RU] == "differs")
    assert "2024" in claim_label(date, strings)


def test_every_claim_kind_has_a_label_in_every_language() -> None:
    for lang in ("en", "it", "ru", "fr", "de", "pt"):
        strings = load_catalog(lang)
        for kind in aligner.KINDS:
            assert f"claim_{kind}" in strings.entries, (lang, kind)
