"""`extract`: report.json from stories' kept parts, the same text as the whole report gives.

The corpus is written here: three short fictional stories in English, Polish,
Turkish, Spanish and Japanese, with an article id and a person shared by two
stories (so that ids are made unique across the report).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pluggy
import pytest
from conftest import write

from generator.cache import ArticleCache, PartStore
from generator.errors import ParallaxError
from generator.manager import plugin_manager
from generator.model import Source
from generator.pipeline import PARTS_DIR, STORIES_DIR, extract, run
from generator.report import report_json, write_report_json
from generator.settings import Settings
from generator.strings import load_catalog

ARTICLES = {
    "ferry/notice.txt": "The ferry company Nordlys Lines cut 240 jobs on Tuesday, its chief Ilse Varga said.\n\n"
    '"We had no choice," Varga told reporters. The company lost 12 million euros in 2031.',
    "ferry/wiadomosc-pl.txt": "Armator Nordlys Lines zwolnił we wtorek 260 pracowników, poinformowała "
    "prezes Ilse Varga.\n\nFirma straciła w 2031 roku 12 milionów euro.",
    "ferry/haber-tr.txt": "Nordlys Lines feribot şirketi salı günü 240 kişiyi işten çıkardı, dedi "
    "genel müdür Ilse Varga.\n\nŞirket 2031 yılında 12 milyon euro zarar etti.",
    "bridge/notice.txt": "The new bridge in Kestrel Bay cost 85 million dollars, engineer Ilse Varga "
    "said on Friday.\n\nIt opened to traffic after four years of work.",
    "bridge/noticia-es.txt": "El nuevo puente de Kestrel Bay costó 90 millones de dólares, dijo el "
    "viernes la ingeniera Ilse Varga.\n\nSe abrió al tráfico tras cuatro años de obras.",
    "harvest/kiji-ja.txt": "ミドルトン村の米の収穫量は今年、前年比で15%減少したと、組合長の佐伯さんが"
    "述べた。\n\n収穫量は3200トンだった。",
    "harvest/report.txt": "Rice harvests in Middleton village fell 15% this year to 3,200 tonnes, the "
    "co-operative's head said on Monday.",
}


def settings_for(tmp: Path, **kw: object) -> Settings:
    return Settings(
        content_dir=tmp / "content", build_dir=tmp / "build", cache_dir=tmp / "cache", executor="serial", **kw
    )


def text_of(settings: Settings, pm: pluggy.PluginManager, **kw: object) -> str:
    out = io.StringIO()
    with extract(settings, pm, **kw) as extracted:
        extracted.write(out)
    return out.getvalue()


def whole(settings: Settings) -> str:
    """report.json as the whole report gives it, computed without any cache."""
    return report_json(run(replace(settings, cache_dir=None), plugin_manager()))


class Reads:
    """Counts, per story, the article entries read back from the cache and the comparisons run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, pm: pluggy.PluginManager) -> None:
        self.articles: list[str] = []
        self.compared: list[str] = []
        original = ArticleCache.get

        def get(cache: ArticleCache, source: Source) -> object:
            self.articles.append(source.story)
            return original(cache, source)

        monkeypatch.setattr(ArticleCache, "get", get)

        def before(hook_name: str, impls: object, kwargs: dict) -> None:
            if hook_name == "parallax_claims":
                self.compared.append(kwargs["story"].id)

        pm.add_hookcall_monitoring(before, lambda *args: None)

    def clear(self) -> None:
        self.articles.clear()
        self.compared.clear()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name, text in ARTICLES.items():
        write(tmp_path / "content", name, text)
    return tmp_path


def test_parts_give_the_whole_reports_text_and_unchanged_stories_are_copied(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for(project)
    pm = plugin_manager()
    reads = Reads(monkeypatch, pm)
    expected = whole(settings)
    data = json.loads(expected)
    assert [s["id"] for s in data["stories"]] == ["bridge", "ferry", "harvest"]
    # The shared file name and the shared person are made unique across the report.
    assert "notice-2" in {a["id"] for a in data["articles"]}
    assert len({e["id"] for e in data["entities"]}) == len(data["entities"])

    assert text_of(settings, pm) == expected  # cold: every story analysed, its part kept
    assert sorted(set(reads.compared)) == ["bridge", "ferry", "harvest"]
    assert len(list((settings.cache_dir / PARTS_DIR).rglob("*.json"))) == 3
    reads.clear()
    assert text_of(settings, pm) == expected  # warm: every story copied from its part
    assert reads.articles == [] and reads.compared == []

    # One article changes: only its story's articles are read back, and only it is compared.
    changed = project / "content" / "harvest" / "report.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + " Prices rose by 8%.", encoding="utf-8")
    reads.clear()
    assert text_of(settings, pm) == whole(settings)
    assert set(reads.articles) == {"harvest"} and reads.compared == ["harvest"]


def test_a_part_whose_ids_would_change_is_made_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_for(project)
    pm = plugin_manager()
    reads = Reads(monkeypatch, pm)
    text_of(settings, pm)
    # The first story's "notice" goes: the ferry's article is now plain "notice", and the person
    # it shares with the bridge story keeps the first id: the ferry's kept part no longer fits.
    (project / "content" / "bridge" / "notice.txt").unlink()
    reads.clear()
    text = text_of(settings, pm)
    assert text == whole(settings)
    assert "notice-2" not in {a["id"] for a in json.loads(text)["articles"]}
    assert "ferry" in reads.compared  # made again, from its articles' cache entries
    assert "harvest" not in reads.compared  # its part still fits


def test_damaged_or_changed_parts_are_not_trusted(project: Path) -> None:
    settings = settings_for(project)
    pm = plugin_manager()
    expected = text_of(settings, pm)
    entries = sorted((settings.cache_dir / PARTS_DIR).rglob("*.json"))
    data = entries[0].read_bytes()
    entries[0].write_bytes(data.replace(b'"id"', b'"ID"', 1))  # a changed byte under the old checksum
    entries[1].write_bytes(data[:100])  # cut short
    assert text_of(settings, pm) == expected

    # A part that changes after it was checked, before its text is copied: the run stops.
    store = PartStore(settings.cache_dir / PARTS_DIR, "")
    part = store.put("x" * 64, {}, {"articles": '{"id": "a"}', "facts": ""})
    assert part("articles") == '{"id": "a"}' and part("facts") == ""
    assert part.path is not None
    part.path.write_bytes(part.path.read_bytes().replace(b'"a"}', b'"b"}'))
    with pytest.raises(ParallaxError, match="changed while the report was written"):
        part("articles")


def test_a_story_dated_in_the_future_is_not_kept(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        project / "content",
        "harvest/later.md",
        "---\npublished: 2999-05-01\nlang: en\n---\nThe harvest fell 15% to 3,200 tonnes, officials said.\n",
    )
    settings = settings_for(project)
    pm = plugin_manager()
    expected = whole(settings)
    assert "is in the future" in expected
    assert text_of(settings, pm) == expected
    # The warning names the build's date: the story is analysed again (from the cache) each run.
    assert len(list((settings.cache_dir / PARTS_DIR).rglob("*.json"))) == 2
    reads = Reads(monkeypatch, pm)
    assert text_of(settings, pm) == expected
    assert set(reads.articles) == {"harvest"}

    # Built as of a later date (SOURCE_DATE_EPOCH), the date is not in the future: the part is
    # kept; built as of the earlier date again, it no longer holds.
    epoch = os.environ["SOURCE_DATE_EPOCH"]  # the tests' date (conftest)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "32503680000")  # 3000-01-01
    later = text_of(settings, pm)
    assert "is in the future" not in later
    assert len(list((settings.cache_dir / PARTS_DIR).rglob("*.json"))) == 3
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    reads.clear()
    assert text_of(settings, pm) == expected
    assert set(reads.articles) == {"harvest"}


def test_parts_follow_the_ui_catalogues_and_work_without_a_cache(project: Path) -> None:
    settings = settings_for(project)
    pm = plugin_manager()
    catalogs = {lang: load_catalog(lang, "en") for lang in ("en", "de", "pt")}
    report = run(replace(settings, cache_dir=None), plugin_manager())
    out = io.StringIO()
    write_report_json(report, out, "en", catalogs)
    assert text_of(settings, pm) == report_json(report)  # the default language's strings only
    assert text_of(settings, pm, catalogs=catalogs) == out.getvalue()  # three: another part
    assert len(list((settings.cache_dir / PARTS_DIR).rglob("*.json"))) == 6
    shutil.rmtree(settings.cache_dir)
    assert text_of(replace(settings, cache_dir=None), pm, catalogs=catalogs) == out.getvalue()
    assert not settings.cache_dir.exists()


def test_parts_made_in_worker_processes_are_the_same(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # In a pool, each story's comparison and its part of report.json are made in a worker.
    settings = replace(settings_for(project), executor="process", workers=2)
    expected = whole(settings)
    assert text_of(replace(settings, cache_dir=None), plugin_manager()) == expected
    assert text_of(settings, plugin_manager()) == expected  # cold, filling the cache
    assert text_of(replace(settings, executor="serial"), plugin_manager()) == expected  # from the parts
    shutil.rmtree(settings.cache_dir / PARTS_DIR)
    # The comparisons the workers sent back were cached as they are: the serial run reads them.
    pm = plugin_manager()
    reads = Reads(monkeypatch, pm)
    assert text_of(replace(settings, executor="serial"), pm) == expected
    assert reads.compared == [] and len(reads.articles) == len(ARTICLES)


def test_parts_no_run_uses_are_removed_after_a_week(project: Path) -> None:
    settings = settings_for(project)
    pm = plugin_manager()
    text_of(settings, pm)
    folder = settings.cache_dir / PARTS_DIR
    before = set(folder.rglob("*.json"))
    changed = project / "content" / "bridge" / "noticia-es.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + " Costó más de lo previsto.", encoding="utf-8")
    text_of(settings, pm)
    after = set(folder.rglob("*.json"))
    assert len(after) == 4 and before < after  # the former part of "bridge" is recent: kept
    week_ago = time.time() - 8 * 24 * 3600
    for path in after:
        os.utime(path, (week_ago, week_ago))
    text_of(settings, pm)
    kept = set(folder.rglob("*.json"))
    assert len(kept) == 3 and kept < after  # the unused one is gone, the used ones stay
    assert all(path.stat().st_mtime > week_ago + 3600 for path in kept)  # marked as used


def _entries(folder: Path) -> set[Path]:
    return set(folder.glob("[0-9a-f][0-9a-f]/*.json"))


def test_article_and_story_entries_no_run_uses_are_removed_after_a_week(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for(project)
    pm = plugin_manager()
    expected = text_of(settings, pm)
    articles, stories = settings.cache_dir, settings.cache_dir / STORIES_DIR
    first = _entries(articles), _entries(stories)
    assert len(first[0]) == len(ARTICLES) and first[1]
    changed = project / "content" / "bridge" / "noticia-es.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + " Costó más de lo previsto.", encoding="utf-8")
    text_of(settings, pm)
    second = _entries(articles), _entries(stories)
    # The changed article's former entry and its story's former entries are recent: kept.
    assert first[0] < second[0] and len(second[0]) == len(ARTICLES) + 1
    assert first[1] < second[1]
    week_ago = time.time() - 8 * 24 * 3600
    for path in settings.cache_dir.rglob("*.json"):
        os.utime(path, (week_ago, week_ago))
    reads = Reads(monkeypatch, pm)
    text_of(settings, pm)
    # Every story was copied as its kept part (no article entry read, no comparison run), yet
    # the entries of the corpus as it is stay, marked as used; the former ones are gone.
    assert reads.articles == [] and reads.compared == []
    third = _entries(articles), _entries(stories)
    assert len(third[0]) == len(ARTICLES) and third[0] < second[0] and not first[0] <= third[0]
    assert third[1] < second[1] and not first[1] <= third[1]
    assert all(path.stat().st_mtime > week_ago + 3600 for path in third[0] | third[1])
    # What stays is enough: without the parts, the run reads every article and compares no story.
    shutil.rmtree(settings.cache_dir / PARTS_DIR)
    reads.clear()
    assert text_of(settings, pm) != expected  # the changed article, from its entry
    assert sorted(reads.articles) == sorted(name.split("/")[0] for name in ARTICLES)
    assert reads.compared == []


def test_a_cache_write_that_fails_midway_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ArticleCache(tmp_path / "cache", "fingerprint")
    source = Source(path=tmp_path / "s" / "a.txt", rel="s/a.txt", story="s", data=b"Una frase qualsiasi.")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("generator.cache.os.replace", full_disk)
    cache.put(source, (None, ()))  # only costs a recomputation later
    assert [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []
    monkeypatch.undo()
    cache.put(source, (None, ()))
    assert cache.get(source) == (None, ())
