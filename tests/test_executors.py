"""Cache and executors: every way of running the per-article stages gives the same report."""

from __future__ import annotations

import json
from pathlib import Path

import pluggy
import pytest
from conftest import write

from generator.cache import ArticleCache, fingerprint
from generator.errors import ParallaxError
from generator.executors import choose, chunk_size, chunks
from generator.manager import plugin_manager
from generator.pipeline import STORIES_DIR, run
from generator.report import report_json
from generator.settings import Settings

TEMPLATES = {
    "en": "The city council of {city} approved a budget of {n} million dollars on Monday, officials said.\n\n"
    "Mayor {name} called it a fair plan. About {p}% of the money goes to schools.",
    "de": "Der Stadtrat von {city} hat am Montag einen Haushalt von {n} Millionen Euro beschlossen.\n\n"
    "Bürgermeisterin {name} nannte den Plan gerecht. Rund {p} Prozent gehen an die Schulen.",
    "es": "El ayuntamiento de {city} aprobó el lunes un presupuesto de {n} millones de euros.\n\n"
    "La alcaldesa {name} lo calificó de justo. Cerca del {p} % se destinará a las escuelas.",
}
CITIES = ["Aldmoor", "Brenhaven", "Corvale", "Dunmere", "Eastwick", "Farrow"]
NAMES = ["Ines Calloway", "Marta Oyelaran", "Jonas Brekke", "Lea Vasquez"]


def corpus(folder: Path, count: int) -> None:
    """Two stories of ``count`` short articles in all, in three languages, all different."""
    for i in range(count):
        lang = list(TEMPLATES)[i % 3]
        text = TEMPLATES[lang].format(city=CITIES[i % 6], n=10 + i, p=20 + i % 50, name=NAMES[i % 4])
        story = "budget" if i < count // 2 else "harbour"
        write(folder, f"{story}/{i:03d}-{lang}.txt", text)


def story_calls(pm: pluggy.PluginManager) -> list[str]:
    """The ids of the stories whose comparison ran (parallax_claims calls), as the run goes."""
    calls: list[str] = []

    def before(hook_name: str, impls: object, kwargs: dict) -> None:
        if hook_name == "parallax_claims":
            calls.append(kwargs["story"].id)

    pm.add_hookcall_monitoring(before, lambda *args: None)
    return calls


def settings_for(tmp_path: Path, **kw: object) -> Settings:
    return Settings(content_dir=tmp_path / "content", build_dir=tmp_path / "build", **kw)


@pytest.fixture(scope="module")
def serial_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("serial")
    corpus(tmp / "content", 30)
    return tmp, report_json(run(settings_for(tmp, executor="serial"), plugin_manager()))


def test_a_process_pool_gives_the_same_report(serial_report: tuple[Path, str]) -> None:
    # Two stories: the articles and then the two comparisons run in worker processes.
    tmp, expected = serial_report
    report = run(settings_for(tmp, executor="process", workers=2), plugin_manager())
    assert report_json(report) == expected
    assert len(json.loads(expected)["articles"]) == 30


def test_the_cache_gives_the_same_report_and_recomputes_only_what_changed(
    serial_report: tuple[Path, str], tmp_path: Path
) -> None:
    tmp, expected = serial_report
    settings = settings_for(tmp, executor="serial", cache_dir=tmp_path / "cache")
    pm = plugin_manager()
    compared = story_calls(pm)
    assert report_json(run(settings, pm)) == expected  # cold: fills the cache
    assert compared == ["budget", "harbour"]
    compared.clear()
    assert report_json(run(settings, pm)) == expected  # warm: from the cache
    assert compared == []  # the story-level stages came from the cache too
    cache = ArticleCache(settings.cache_dir, fingerprint(pm, settings))
    entries = sorted(p for p in settings.cache_dir.rglob("*.json") if STORIES_DIR not in p.parts)
    assert len(entries) == 30
    story_entries = sorted((settings.cache_dir / STORIES_DIR).rglob("*.json"))
    assert len(story_entries) == 4  # entities and comparison, for each of the two stories

    # A damaged entry and a planted one are recomputed, never trusted.
    # An entry is its payload's checksum, a newline, then the payload as JSON: a changed
    # payload under the old checksum fails the check.
    entries[0].write_text("{not json", encoding="utf-8")

    def plant(entry: Path, change) -> bool:
        digest, payload = entry.read_text(encoding="utf-8").split("\n", 1)
        data = json.loads(payload)
        if not change(data):
            return False
        entry.write_text(digest + "\n" + json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return True

    assert plant(entries[1], lambda data: data["result"]["article"].update(text="planted") or True)
    planted = [
        plant(e, lambda data: "claims" in data and data.update(claims=[]) is None) for e in story_entries
    ]
    assert sum(planted) == 2
    calls = []
    compared.clear()
    report = run(settings, pm, progress=lambda done, total: calls.append((done, total)))
    assert report_json(report) == expected
    assert calls[0] == (28, 30) and calls[-1] == (30, 30)
    assert compared == ["budget", "harbour"]  # their planted comparisons were not trusted

    # One changed article: only it misses the cache, and only its story is compared again.
    changed = next((tmp / "content" / "budget").glob("000-*.txt"))
    original = changed.read_text(encoding="utf-8")
    changed.write_text(original + " A late addition.", encoding="utf-8")
    try:
        calls.clear()
        compared.clear()
        report = run(settings, pm, progress=lambda done, total: calls.append((done, total)))
        assert calls[0] == (29, 30)
        assert report.results[0].article.text.endswith("A late addition.")
        assert compared == ["budget"]
    finally:
        changed.write_text(original, encoding="utf-8")
    assert cache.fingerprint == fingerprint(pm, settings)


def test_other_options_or_plugins_miss_the_cache(tmp_path: Path) -> None:
    base = settings_for(tmp_path)
    other = settings_for(tmp_path, options={"language": {"accurate_short_texts": True}})
    pm = plugin_manager()
    assert fingerprint(pm, base) != fingerprint(pm, other)
    assert fingerprint(pm, base) != fingerprint(plugin_manager(disabled=["furniture"]), base)


def test_auto_uses_a_pool_only_when_it_pays() -> None:
    settings = Settings(Path("."), Path("."), workers=2)
    assert choose(settings, 5) == "serial"
    assert choose(settings, 500) == "process"
    assert choose(Settings(Path("."), Path("."), workers=1), 500) == "serial"
    with pytest.raises(ParallaxError, match="unknown executor"):
        choose(Settings(Path("."), Path("."), executor="gpu"), 5)


def test_dask_cluster_gives_the_same_report(serial_report: tuple[Path, str]) -> None:
    import distributed  # a test dependency; for users the optional extra parallax[dask]

    tmp, expected = serial_report
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        settings = settings_for(tmp, executor="dask", dask_address=cluster.scheduler_address)
        assert report_json(run(settings, plugin_manager())) == expected


@pytest.mark.parametrize(
    ("count", "workers"), [(0, 2), (1, 2), (5, 2), (30, 1), (30, 2), (200, 2), (1000, 2), (5000, 3)]
)
def test_chunks_cover_every_article_once_in_order(count: int, workers: int) -> None:
    ranges = chunks(count, workers)
    assert [i for start, end in ranges for i in range(start, end)] == list(range(count))
    sizes = [end - start for start, end in ranges]
    assert all(1 <= size <= 64 for size in sizes)
    assert all(size == chunk_size(count, workers) for size in sizes[:-1])  # only the last is short


def test_chunks_are_few_but_enough_for_every_worker() -> None:
    # About eight chunks per worker, whatever the corpus's size; one article each for a small one.
    assert len(chunks(200, 2)) == 17 and len(chunks(1000, 2)) == 17
    assert len(chunks(10, 2)) == 10
    # Large corpora: at most 64 articles per chunk, so every worker gets a share.
    assert chunk_size(100_000, 4) == 64
    assert len(chunks(100, 1)) == 9


def test_dask_chunks_keep_the_order_and_the_progress(serial_report: tuple[Path, str]) -> None:
    import distributed

    tmp, expected = serial_report
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        settings = settings_for(tmp, executor="dask", dask_address=cluster.scheduler_address)
        calls: list[tuple[int, int]] = []
        client.get_task_stream()  # start recording the tasks the cluster runs
        report = run(settings, plugin_manager(), progress=lambda done, total: calls.append((done, total)))
        tasks = [t["key"] for t in client.get_task_stream()]
    assert report_json(report) == expected
    assert calls == [(done, 30) for done in range(31)]  # every article reported, in order
    # One worker: the 30 articles went in chunks of 3, the two stories were compared separately.
    analysed = [key for key in tasks if str(key).startswith("_dask_work")]
    assert len(analysed) == len(chunks(30, 1)) == 10
    assert len([key for key in tasks if str(key).startswith("_dask_task")]) == 2
