"""Lineage: articles that are translations, copies or rewrites of one another form one family.

On the seed story the Italian and French articles follow one original text
(a translation), the German and Portuguese ones another (a rewrite), and the
Russian one neither. On stories written for these tests: a Spanish report
and its English translation, next to German and Italian reports of the same
eruption written independently (same facts, their own words and order),
which must not be a family; and a wire story that two sites ran almost word
for word (a copy).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, write

from generator.manager import plugin_manager
from generator.model import Lineage, Report
from generator.pipeline import run
from generator.settings import Settings
from plugins import lineage

IT, RU, FR, DE, PT = (
    "000_7ea345467c2a536d",
    "001_250e56065d354cb1",
    "002_e2dec7abb602d35c",
    "003_13b21ee1947a12c5",
    "004_2e8e9df55745284e",
)

ERUPTION = {
    "story.yml": "title: {en: Tarvesco eruption}\n",
    "a-es-original.md": """---
title: El volcán Tarvesco entra en erupción y obliga a evacuar a 2.000 personas
outlet: Noticias del Valle
lang: es
published: 2025-04-10
---
El volcán Tarvesco entró en erupción el miércoles por la mañana tras tres semanas de actividad sísmica.

La columna de ceniza alcanzó los 6 kilómetros de altura, según el instituto geológico regional.

Las autoridades evacuaron a 2.000 vecinos de las aldeas situadas en la ladera norte.

El aeropuerto de Ruva permanecerá cerrado al menos hasta el viernes.

"La lava avanza despacio, pero la ceniza es el mayor peligro", explicó la vulcanóloga Inés Marcal.

La última erupción del Tarvesco, en 1987, destruyó una docena de casas.

El gobierno regional ha pedido a los agricultores que protejan a su ganado.
""",
    "b-en-translation.md": """---
title: Tarvesco volcano erupts, forcing 2,000 people to evacuate
outlet: Valley Wire English
lang: en
published: 2025-04-10
---
The Tarvesco volcano erupted on Wednesday morning after three weeks of seismic activity.

The ash column reached a height of 6 kilometres, according to the regional geological institute.

The authorities evacuated 2,000 residents of the villages on the northern slope.

Ruva airport will remain closed at least until Friday.

"The lava is moving slowly, but the ash is the greatest danger," explained volcanologist Inés Marcal.

The last eruption of the Tarvesco, in 1987, destroyed a dozen houses.

The regional government has asked farmers to protect their livestock.
""",
    "c-de-independent.md": """---
title: Ascheregen über Ruva
outlet: Rheinische Abendpost
lang: de
published: 2025-04-11
---
Tausende Menschen haben in der Nacht ihre Häuser am Fuß des Tarvesco verlassen.

Nach Angaben der Behörden wurden rund 2000 Bewohner in Sporthallen und Schulen untergebracht.

Der Flughafen Ruva bleibt geschlossen, zahlreiche Urlauber sitzen fest.

Die Vulkanologin Inés Marcal warnte vor giftigen Gasen in den tiefer gelegenen Tälern.

Hotels in der Küstenstadt melden bereits die ersten Stornierungen.

Der Tourismusverband rechnet mit Einbußen von 15 Millionen Euro.
""",
    "d-it-independent.md": """---
title: Tarvesco, la paura dei viticoltori
outlet: Gazzetta del Sud Fittizia
lang: it
published: 2025-04-12
---
Per i viticoltori della zona l'eruzione del Tarvesco arriva nel momento peggiore, a poche settimane dalla fioritura.

Molti di loro hanno passato la notte a coprire le piante con teli di plastica.

La cenere, alta fino a 6 chilometri secondo i geologi, ricade ora sui vigneti della pianura.

Il sindaco di Ruva ha chiesto aiuti straordinari al governo nazionale.

Nelle cantine si teme di perdere metà del raccolto di quest'anno.
""",
}

WIRE = """---
title: {title}
outlet: {outlet}
lang: en
published: 2025-05-02
---
The port authority of Brelmouth approved a 240 million euro expansion of its container terminal on Thursday.

The project, led by the operator Harlan Docks, will add four berths and create about 600 jobs by 2028.

Environmental groups said the dredging would harm the Ostwick estuary and promised to appeal.

"This is the largest investment in the port's history," said harbour master Ruth Calloway.

Work is due to start in the autumn{tail}
"""

COPY = {
    "story.yml": "title: {en: Brelmouth port}\n",
    "site-one.md": WIRE.format(title="Brelmouth port expansion approved", outlet="Coast Daily", tail="."),
    "site-two.md": WIRE.format(
        title="Port of Brelmouth to expand", outlet="Shipping Notes", tail=", the authority added."
    ),
}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Report:
    build = tmp_path_factory.mktemp("seed") / "b"
    return run(Settings(content_dir=ROOT / "content", build_dir=build), plugin_manager())


def _written(root: Path, **extra: object) -> Report:
    for story, files in (("eruption", ERUPTION), ("port", COPY)):
        for name, text in files.items():
            write(root / "content" / story, name, text)
    settings = Settings(content_dir=root / "content", build_dir=root / "b", **extra)  # type: ignore[arg-type]
    return run(settings, plugin_manager(disabled=settings.disabled))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return _written(tmp_path_factory.mktemp("written"))


def _families(report: Report) -> dict[frozenset[str], Lineage]:
    return {frozenset(x.articles): x for x in report.lineage}


def test_seed_two_pairs_follow_one_original_each_and_the_russian_article_is_alone(seed: Report) -> None:
    families = _families(seed)
    assert set(families) == {frozenset({IT, FR}), frozenset({DE, PT})}
    assert families[frozenset({IT, FR})].kind == "translation"
    # German and Portuguese both follow one original, each in its own words.
    assert families[frozenset({DE, PT})].kind == "rewrite"
    assert all(RU not in x.articles for x in seed.lineage)


def test_a_translation_is_found_and_independent_reports_of_the_event_are_not(written: Report) -> None:
    families = _families(written)
    pair = frozenset({"a-es-original", "b-en-translation"})
    assert pair in families
    assert families[pair].kind == "translation"
    assert families[pair].score >= lineage.TRANSLATION_MEAN
    # The German and Italian reports share the facts (2,000 evacuated, 6 km of ash, Ruva's
    # airport) but follow no one: they are independent sources.
    members = {a for x in written.lineage for a in x.articles}
    assert "c-de-independent" not in members and "d-it-independent" not in members


def test_a_wire_story_run_twice_is_a_copy(written: Report) -> None:
    families = _families(written)
    assert families[frozenset({"site-one", "site-two"})].kind == "copy"


def test_without_the_embedder_only_nearly_identical_anchor_sequences_make_a_family(tmp_path: Path) -> None:
    report = _written(tmp_path, disabled=("embedder",))
    families = _families(report)
    assert frozenset({"site-one", "site-two"}) in families
    members = {a for x in report.lineage for a in x.articles}
    assert "c-de-independent" not in members and "d-it-independent" not in members


def test_anchor_scores_reward_rare_anchors_in_the_same_order() -> None:
    same = ["e:a", "e:b", "money:5EUR", "e:c"]
    reordered = ["e:c", "money:5EUR", "e:b", "e:a"]
    other = ["e:x", "e:y"]
    scores = lineage.anchor_scores([same, list(same), reordered, other])
    assert scores[0, 1] == pytest.approx(1.0)
    assert scores[0, 2] < scores[0, 1]
    assert scores[0, 3] == 0.0


def test_monotone_alignment_keeps_the_order_of_both_texts() -> None:
    sim = np.array(
        [
            [0.9, 0.1, 0.1],
            [0.1, 0.2, 0.8],
            [0.1, 0.7, 0.1],  # a better match for row 2 would cross the pair (1, 2)
        ]
    )
    assert lineage.monotone_alignment(sim, 0.5) == [(0, 0), (1, 2)]


def _best_common_weight(a: list[str], b: list[str], weight: dict[str, float]) -> float:
    """Brute force: the heaviest set of shared anchors that keeps its order in both sequences."""
    shared = [key for key in a if key in b]
    best = 0.0
    for mask in range(1 << len(shared)):
        chosen = [key for bit, key in enumerate(shared) if mask >> bit & 1]
        if [key for key in b if key in chosen] == chosen:
            best = max(best, sum(weight[key] for key in chosen))
    return best


def test_the_weighted_common_subsequence_is_the_heaviest_one() -> None:
    rng = np.random.default_rng(7)
    keys = [f"e:{name}" for name in "abcdefghij"]
    for _ in range(300):
        a = list(rng.permutation(keys)[: rng.integers(0, 11)])
        b = list(rng.permutation(keys)[: rng.integers(0, 11)])
        weight = {key: float(rng.choice([0.1, 0.5, 1.0, 2.0]) * rng.random()) for key in keys}
        found = lineage._weighted_lcs(a, b, weight)
        assert found == pytest.approx(_best_common_weight(a, b, weight), abs=1e-12), (a, b)


def _best_alignment_gain(sim: np.ndarray, threshold: float) -> float:
    """Brute force: the heaviest order-preserving one-to-one pairing, by exhaustive recursion."""
    n, m = sim.shape

    def best(i: int, j: int) -> float:
        if i == n or j == m:
            return 0.0
        take = sim[i, j] - threshold + 1e-6 + best(i + 1, j + 1) if sim[i, j] >= threshold else 0.0
        return max(take, best(i + 1, j), best(i, j + 1))

    return best(0, 0)


def test_monotone_alignment_is_the_heaviest_order_preserving_pairing() -> None:
    rng = np.random.default_rng(11)
    for _ in range(200):
        sim = np.round(rng.random((int(rng.integers(1, 6)), int(rng.integers(1, 6)))), 2)
        pairs = lineage.monotone_alignment(sim, 0.5)
        assert all(sim[i, j] >= 0.5 for i, j in pairs)
        assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in pairwise(pairs))
        gain = sum(sim[i, j] - 0.5 + 1e-6 for i, j in pairs)
        assert gain == pytest.approx(_best_alignment_gain(sim, 0.5), abs=1e-9)


def test_cosines_of_large_blocks_equal_the_plain_product() -> None:
    rng = np.random.default_rng(3)
    va, vb = rng.standard_normal((70, 512)), rng.standard_normal((40, 512))
    assert np.allclose(lineage._cosines(va, vb), va @ vb.T, rtol=0, atol=1e-9)
    assert np.allclose(lineage._cosines(va[:3], vb), va[:3] @ vb.T, rtol=0, atol=1e-9)


def _closest_from_scratch(
    family: list[int], scores: np.ndarray, found: dict[tuple[int, int], lineage.PairEvidence]
) -> tuple[float, int, int] | None:
    """The closest families computed from nothing, pair by pair (what _FamilyTable keeps up to date)."""
    heads = sorted(set(family))
    members = {h: [k for k, x in enumerate(family) if x == h] for h in heads}
    aligned_of = np.zeros(scores.shape, dtype=np.int64)
    for (i, j), ev in found.items():
        aligned_of[i, j] = aligned_of[j, i] = ev.aligned
    size = len(heads)
    means = np.full((size, size), -np.inf)
    aligned = np.zeros((size, size), dtype=np.int64)
    for x in range(size):
        for y in range(x + 1, size):
            a, b = members[heads[x]], members[heads[y]]
            means[x, y] = means[y, x] = float(np.mean([scores[i, j] for i in a for j in b]))
            aligned[x, y] = aligned[y, x] = max(aligned_of[i, j] for i in a for j in b)
    if size < 2:
        return None
    closest = [int(np.argmax(row)) for row in means]
    mutual = [
        (float(means[x, y]), heads[x], heads[y])
        for x, y in enumerate(closest)
        if x < y and closest[y] == x and means[x, y] >= lineage.REWRITE_ANCHORS
        if aligned[x, y] >= lineage.REWRITE_SENTENCES
    ]
    return max(mutual) if mutual else None


def test_family_table_kept_up_to_date_gives_the_closest_families_of_a_fresh_computation() -> None:
    most_joins = 0
    for seed in range(12):
        rng = np.random.default_rng(seed)
        n = 14
        upper = np.triu(np.round(rng.uniform(0.0, 0.9, (n, n)), 2), 1)  # rounded: ties happen
        scores = upper + upper.T
        found = {
            (i, j): lineage.PairEvidence(float(scores[i, j]), int(rng.integers(0, 12)), 0.0, 0.0)
            for i in range(n)
            for j in range(i + 1, n)
            if rng.random() < 0.8
        }
        family = list(range(n))
        if seed % 2:  # families joined before (strict links): 0+1 and 2+5
            family[1], family[5] = 0, 2
        table = lineage._FamilyTable(scores, found)
        joins = 0
        while True:
            expected = _closest_from_scratch(family, scores, found)
            best = lineage._closest_families(family, table)
            assert best == expected, (seed, joins)
            if best is None:
                break
            _, a, b = best
            family = [a if f == b else f for f in family]
            joins += 1
        most_joins = max(most_joins, joins)
    assert most_joins >= 3  # the test walked through joins, and compared joined families
