"""The pipeline stages of DESIGN.md: read, prepare, extract per article; then assemble the report.

Per-article work (``analyse``) is a pure function of the source bytes, the
plugin set and the settings, so it can be cached and run in parallel.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import re
import tempfile
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

import pluggy
from threadpoolctl import threadpool_limits

from generator.cache import ArticleCache, Part, PartStore, StoryCache, fingerprint
from generator.calls import call, call_each
from generator.corpus import StoryInput, discover, unique
from generator.embeddings import VECTORS_FILE, Embedder, VectorStore
from generator.errors import InputError
from generator.executors import Workers
from generator.model import (
    Article,
    ArticleResult,
    Claim,
    Cleaned,
    Discrepancy,
    Entity,
    Evidence,
    Extraction,
    LanguageGuess,
    Lineage,
    MetaValue,
    Problem,
    Report,
    Source,
    Span,
    Story,
    Summary,
    frozen_map,
    problems_in,
)
from generator.options import resolve
from generator.report import story_sections, write_report_parts
from generator.serialize import from_data, to_data
from generator.settings import Settings
from generator.strings import Catalog, load_catalog

UNDETERMINED = "und"
_SAFE_ID = re.compile(r"[a-z0-9_-]{1,80}")  # ISO 639-2 for a language nobody could determine


def read(
    source: Source, pm: pluggy.PluginManager, settings: Settings, problems: list[Problem]
) -> Article | None:
    """Read one file into an Article, or report why it cannot be read."""
    try:
        article = call(pm, "parallax_read", problems, source.rel, source=source, settings=settings)
    except InputError as exc:
        # Readers name the file in their message; the Problem names it once.
        problems.append(Problem(str(exc).removeprefix(f"{source.rel}: "), path=source.rel))
        return None
    if article is None:
        problems.append(Problem("no reader for this kind of file; skipped", path=source.rel))
    elif not _SAFE_ID.fullmatch(article.id):
        # Ids become page paths: a reader (maybe a third party's) must not choose an unsafe one.
        problems.append(Problem(f"the reader gave the unsafe id {article.id!r}; skipped", path=source.rel))
        return None
    return article


def _merge_metadata(
    declared: tuple[MetaValue, ...], found: list[list[MetaValue] | None]
) -> tuple[MetaValue, ...]:
    """Declared values win; then, field by field, the first plugin that gives the field."""
    merged = list(declared)
    taken = {value.field for value in declared}
    for values in found:
        fields = set()
        for value in values or ():
            if value.field not in taken and value.value:
                merged.append(value)
                fields.add(value.field)
        taken |= fields
    return tuple(merged)


def prepare(
    article: Article, pm: pluggy.PluginManager, settings: Settings, problems: list[Problem]
) -> Article:
    """Clean, determine the language, find metadata and split sentences, in that order."""
    path = article.source
    cleaned: Cleaned | None = call(pm, "parallax_clean", problems, path, article=article, settings=settings)
    if cleaned is None:
        # Without a cleaner the text is the body, as one block per paragraph.
        text = article.body.strip()
        cleaned = Cleaned(text=text, blocks=())
    article = replace(article, text=cleaned.text, blocks=cleaned.blocks, removed=cleaned.removed)

    if article.declared_lang:
        article = replace(article, lang=article.declared_lang, lang_confidence=1.0, lang_method="declared")
    else:
        guess: LanguageGuess | None = call(
            pm, "parallax_language", problems, path, article=article, settings=settings
        )
        if guess is None:
            problems.append(
                Problem("the language could not be determined; declare it with 'lang'", path=path)
            )
            guess = LanguageGuess(UNDETERMINED, 0.0, "none")
        article = replace(
            article, lang=guess.lang, lang_confidence=guess.confidence, lang_method=guess.method
        )

    found = call(pm, "parallax_metadata", problems, path, article=article, settings=settings) or []
    article = replace(article, metadata=_merge_metadata(article.declared, found))

    spans: list[Span] | None = call(
        pm, "parallax_segment", problems, path, article=article, settings=settings
    )
    valid = tuple(s for s in spans or () if 0 <= s.start < s.end <= len(article.text))
    return replace(article, sentences=valid)


def _checked(
    extractions: list[tuple[str, Extraction]], article: Article, problems: list[Problem]
) -> Extraction:
    """Merge extractions, each item marked with its plugin; drop (and report) items whose
    offsets do not match their text."""
    facts, mentions, anomalies = [], [], []
    text = article.text
    for plugin, extraction in extractions:
        if not isinstance(extraction, Extraction):
            problems.append(
                Problem(
                    f"returned a {type(extraction).__name__}, not an Extraction; ignored",
                    path=article.source,
                    plugin=plugin,
                    hook="parallax_extract",
                    severity="error",
                )
            )
            continue
        for kind, items, into in (
            ("fact", extraction.facts, facts),
            ("mention", extraction.mentions, mentions),
            ("anomaly", extraction.anomalies, anomalies),
        ):
            for item in items:
                if 0 <= item.start <= item.end <= len(text) and text[item.start : item.end] == item.text:
                    into.append(replace(item, plugin=plugin))
                else:
                    problems.append(
                        Problem(
                            f"{kind} {item.text!r} at {item.start}-{item.end} does not match the text; dropped",
                            path=article.source,
                            plugin=plugin,
                            hook="parallax_extract",
                        )
                    )
    return Extraction(tuple(facts), tuple(mentions), tuple(anomalies))


def analyse(
    source: Source, pm: pluggy.PluginManager, settings: Settings
) -> tuple[ArticleResult | None, tuple[Problem, ...]]:
    """Every per-article stage for one file: its result (None if unreadable) and its problems.

    Pure: depends on the bytes, the plugins and the settings only.
    """
    problems: list[Problem] = []
    article = read(source, pm, settings, problems)
    if article is None:
        return None, tuple(problems)
    article = prepare(article, pm, settings, problems)
    extractions = call_each(
        pm, "parallax_extract", problems, article.source, article=article, settings=settings
    )
    extraction = _checked(extractions, article, problems)
    return ArticleResult(article=article, extraction=extraction, problems=tuple(problems)), tuple(problems)


def _unique_ids(
    results: list[ArticleResult], taken: set[str], problems: list[Problem]
) -> tuple[list[ArticleResult], list[tuple[str, str]]]:
    """Article ids are unique in the whole report: a repeated id gets a suffix and a warning.

    ``taken`` holds the ids of the stories before; the results come back with
    their ids, and the (given, final) id pairs with them.
    """
    kept, pairs = [], []
    for result in results:
        article = result.article
        new_id = unique(article.id, taken)
        pairs.append((article.id, new_id))
        if new_id != article.id:
            problems.append(
                Problem(
                    f"article id '{article.id}' is taken; this article is '{new_id}'", path=article.source
                )
            )
            result = replace(result, article=replace(article, id=new_id))
        kept.append(result)
    return kept, pairs


def _valid_entities(
    found: list[Entity] | None,
    results: tuple[ArticleResult, ...],
    taken: set[str],
    problems: list[Problem],
    where: str,
) -> list[tuple[str, Entity]]:
    """Entities whose mentions match their articles' texts, ids made unique in the report; each
    with the id it was given."""
    texts = {r.article.id: r.article.text for r in results}
    valid = []
    for entity in found or ():
        mentions = []
        for m in entity.mentions:
            text = texts.get(m.article)
            if text is not None and 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text:
                mentions.append(m)
            else:
                problems.append(
                    Problem(
                        f"entity '{entity.name}': mention {m.text!r} at {m.article} {m.start}-{m.end} "
                        "does not match the text; dropped",
                        path=where,
                        hook="parallax_entities",
                    )
                )
        if not mentions:
            continue
        valid.append((entity.id, replace(entity, id=unique(entity.id, taken), mentions=tuple(mentions))))
    return valid


def _mentions_by_article(entities: list[Entity]) -> dict[str, list[tuple[int, int, str]]]:
    """Each article's entity mentions as (start, end, entity id), in the entities' order."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for entity in entities:
        for m in entity.mentions:
            spans.setdefault(m.article, []).append((m.start, m.end, entity.id))
    return spans


def _link_facts(result: ArticleResult, spans: list[tuple[int, int, str]]) -> ArticleResult:
    """Each fact gets the entities mentioned inside its span or its speaker's span.

    ``spans`` are the article's mentions (start, end, entity id) in the entities'
    order, which is the order the ids are added in.
    """
    if not spans:
        return result
    order = sorted(range(len(spans)), key=lambda n: spans[n][0])
    starts = [spans[n][0] for n in order]
    longest = max(e - s for s, e, _ in spans)
    facts = []
    for fact in result.extraction.facts:
        ranges = [(fact.start, fact.end)]
        start, end = fact.attrs.get("speaker_start"), fact.attrs.get("speaker_end")
        if isinstance(start, int) and isinstance(end, int):
            ranges.append((start, end))
        hits = set()
        for lo, hi in ranges:
            # Mentions overlapping [lo, hi) start before hi, and after lo - longest.
            for k in range(bisect_left(starts, lo - longest), bisect_left(starts, hi)):
                n = order[k]
                if spans[n][1] > lo:
                    hits.add(n)
        ids = [spans[n][2] for n in sorted(hits)]
        linked = tuple(dict.fromkeys((*fact.entities, *ids)))
        facts.append(replace(fact, entities=linked) if linked != fact.entities else fact)
    return replace(result, extraction=replace(result.extraction, facts=tuple(facts)))


def run(
    settings: Settings,
    pm: pluggy.PluginManager,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Run the whole analysis over the content folder and return the report.

    Per-article stages come from the cache when ``settings.cache_dir`` is set
    and the entry is valid, and otherwise run on the configured executor.
    ``progress(done, total)`` is called as articles are analysed. The whole
    analysis is held in memory: the site is made story by story instead
    (see :func:`story_reports`).
    """
    problems: list[Problem] = []
    stories = list(story_reports(settings, pm, problems, progress))
    return Report(
        stories=tuple(s for one in stories for s in one.stories),
        results=tuple(r for one in stories for r in one.results),
        problems=tuple(problems),
        entities=tuple(e for one in stories for e in one.entities),
        claims=tuple(c for one in stories for c in one.claims),
        discrepancies=tuple(d for one in stories for d in one.discrepancies),
        lineage=tuple(x for one in stories for x in one.lineage),
        summaries=tuple(s for one in stories for s in one.summaries),
    )


def story_reports(
    settings: Settings,
    pm: pluggy.PluginManager,
    problems: list[Problem],
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Report]:
    """The analysis story by story, in story order: each story's report alone.

    A story's report holds its story, its articles' results, its entities,
    its comparison and its own problems: those its articles and its
    comparison gave, and those discovery found in its folder. Nothing of a
    story is kept once the next one is asked for. ``problems`` receives every
    problem of the run, in the order of :attr:`Report.problems` as
    :func:`run` gives it: discovery's, each story's articles' and linking's,
    then (once the last story is done) the comparisons'.
    """
    later: list[Problem] = []
    discovered: list[Problem] | None = None
    # One BLAS thread here too (as in the workers): the comparison multiplies many small
    # matrices, and waking a numerical library's thread pool for each costs more than it saves.
    with threadpool_limits(limits=1):
        settings = resolve(pm, settings)  # plugins' options checked, defaults filled in
        for outcome in _analysis(settings, pm, progress, problems, None):
            # Without parts, every story comes with its comparison.
            assert isinstance(outcome, StoryOutcome) and outcome.compared is not None
            stage = outcome.compared
            if discovered is None:
                discovered = list(problems)  # discovery's: all found before the first story
            own = problems_in(outcome.story, (r.article for r in outcome.results), discovered)
            problems.extend(outcome.problems)
            later.extend(stage.problems)
            one = _story_report(outcome.story, outcome.results, outcome.entities, stage)
            yield replace(one, problems=(*own, *outcome.problems, *stage.problems))
    problems.extend(later)


@dataclass(frozen=True)
class Extracted:
    """What :func:`extract` gives: report.json's parts, story by story, and the run's problems."""

    stories: int
    articles: int
    problems: tuple[Problem, ...]
    parts: tuple[Part, ...]

    def write(self, out: TextIO) -> None:
        """Write report.json's text, the same as :func:`generator.report.write_report_json` writes
        for the report :func:`run` gives."""
        write_report_parts(out, self.parts, self.problems)


@contextmanager
def extract(
    settings: Settings,
    pm: pluggy.PluginManager,
    progress: Callable[[int, int], None] | None = None,
    catalogs: dict[str, Catalog] | None = None,
) -> Iterator[Extracted]:
    """The analysis for report.json alone (``parallax extract``), as a context manager.

    Each story's part of report.json is made as the story is done and kept
    in the cache: after a change, a story whose articles, titles and ids are
    the same is copied as text, without reading back or encoding its
    analysis again. The stories' analyses are not held in memory; only their
    parts' places are, until :meth:`Extracted.write` has written them.
    """
    settings = resolve(pm, settings)
    language = settings.default_language
    if catalogs is None:
        catalogs = {language: load_catalog(language, language)}
    # What a part's text depends on beyond its story: the default language and the UI strings.
    salt = json.dumps(
        [language, [[lang, dict(c.entries), dict(c.fallback)] for lang, c in catalogs.items()]],
        sort_keys=True,
        ensure_ascii=False,
    )
    shared = fingerprint(pm, settings) if settings.cache_dir else ""
    store = PartStore(settings.cache_dir / PARTS_DIR, shared, salt) if settings.cache_dir else None
    problems: list[Problem] = []
    later: list[Problem] = []  # the comparisons' problems, reported after every story's own
    parts: list[Part] = []
    articles = 0
    with (
        tempfile.TemporaryDirectory(prefix="parallax-parts-") as spill_dir,
        threadpool_limits(limits=1),
    ):
        spill = PartStore(Path(spill_dir), "")  # parts not kept in the cache, until written
        spec = {"language": language, "catalogs": to_data(catalogs)}
        for n, outcome in enumerate(_analysis(settings, pm, progress, problems, store, spec)):
            if isinstance(outcome, StoryOutcome):
                sections = outcome.sections
                if sections is None:
                    assert outcome.compared is not None
                    one = _story_report(outcome.story, outcome.results, outcome.entities, outcome.compared)
                    sections = story_sections(one, language, catalogs)
                keep = store is not None and outcome.part_key and outcome.header["reusable"]
                target = store if keep else spill
                assert target is not None
                outcome = target.put(outcome.part_key if keep else f"{n:08d}", outcome.header, sections)
            header = outcome.header
            problems.extend(from_data(tuple[Problem, ...], header["problems"]))
            later.extend(from_data(tuple[Problem, ...], header["compare_problems"]))
            articles += len(header["articles"])
            parts.append(outcome)
        yield Extracted(len(parts), articles, (*problems, *later), tuple(parts))
    if store is not None:
        store.sweep({part.key for part in parts})


@dataclass(frozen=True)
class StoryOutcome:
    """One story's analysis, as :func:`_analysis` gives it."""

    story: Story
    results: tuple[ArticleResult, ...]
    entities: tuple[Entity, ...]
    compared: _Compared | None  # None when a worker made its part of report.json (see sections)
    problems: tuple[Problem, ...]  # its articles' and its linking's, in order (see compared.problems)
    header: Mapping[str, Any]  # what its part of report.json is kept with (see _reusable)
    part_key: str = ""  # the key of that part in the cache ("" without a cache)
    sections: Mapping[str, str] | None = None  # that part's sections, when made in a worker


def _reusable(
    header: Mapping[str, Any], taken_ids: set[str], taken_entities: set[str], now: dt.datetime
) -> bool:
    """Whether a story's kept part of report.json still holds after the stories before it: its
    article and entity ids come out the same again, and none of its dates is in the future
    (the warnings would name today's date). If so, its ids are taken."""
    if any(_is_after(value, now) for value in header["dates"]):
        return False
    for pairs, taken in ((header["articles"], taken_ids), (header["entities"], taken_entities)):
        added = []
        for given, final in pairs:
            added.append(unique(given, taken))
            if added[-1] != final:
                taken.difference_update(added)
                return False
    return True


def _analysis(
    settings: Settings,
    pm: pluggy.PluginManager,
    progress: Callable[[int, int], None] | None,
    problems: list[Problem],
    parts: PartStore | None,
    sections: dict[str, Any] | None = None,
) -> Iterator[StoryOutcome | Part]:
    """Every story's outcome, in story order; discovery's problems go to ``problems``.

    With ``parts``, a story whose part of report.json is kept there (and
    still holds) comes as that :class:`Part`, and its articles are neither
    read back from the cache nor analysed. With ``sections`` (see
    :func:`compare_task`), a story compared in a worker comes with its part's
    sections and without its comparison.
    """
    now = reference_time()
    stories_in = discover(settings, problems)
    shared = fingerprint(pm, settings) if settings.cache_dir else ""
    cache = ArticleCache(settings.cache_dir, shared) if settings.cache_dir else None
    story_cache = StoryCache(settings.cache_dir / STORIES_DIR, shared) if settings.cache_dir else None
    # Each article's cache key (its bytes' digest): for the stories' parts, linking and the sweep.
    source_keys = [[cache.key(s) if cache else "" for s in story.sources] for story in stories_in]
    part_keys = [
        parts.key(story.id, story.titles, keys) if parts and cache else ""
        for story, keys in zip(stories_in, source_keys, strict=True)
    ]
    kept = {n: part for n, key in enumerate(part_keys) if key and parts and (part := parts.get(key))}
    sources = [s for n, story in enumerate(stories_in) if n not in kept for s in story.sources]
    cached, todo = _from_cache(sources, cache)

    taken_ids: set[str] = set()
    taken_entities: set[str] = set()
    # Per story, in order: its kept part; or its linked results and entities, and its
    # comparison: cached, running in a worker (a future), or left for the end (None).
    queue: list[Part | _Linked | None] = []
    compared: dict[int, _Compared | None] = {}
    running: dict[int, Any] = {}
    vectors: VectorStore | None = None
    given = 0  # the stories before this one have been given

    def give(n: int) -> StoryOutcome | Part:
        """Story ``n``'s outcome, its comparison awaited or run here; then released."""
        item = queue[n]
        queue[n] = None  # a large corpus is never held whole
        if isinstance(item, Part):
            return item
        assert item is not None
        stage = compared.pop(n)
        if stage is None and n in running and sections is not None:
            # Compared in a worker, which made the story's part of report.json too.
            done = running.pop(n).result()
            if story_cache:
                story_cache.save(item.compare_key, done["compared"])
            header = {**item.header, "compare_problems": done["compared"]["problems"]}
            return StoryOutcome(
                item.story,
                item.results,
                item.entities,
                None,
                item.problems,
                header,
                part_keys[n],
                done["sections"],
            )
        if stage is None:
            entry = None  # the comparison as a cache entry, when the worker made it
            if n in running:
                done = running.pop(n).result()
                stage, entry = done["stage"], done["compared"]
            else:
                stage = compare_stage(item.story, item.results, item.entities, pm, settings, vectors)
            if story_cache:
                story_cache.put(item.compare_key, stage, entry)
        header = {**item.header, "compare_problems": to_data(stage.problems)}
        return StoryOutcome(
            item.story, item.results, item.entities, stage, item.problems, header, part_keys[n]
        )

    def ready(n: int) -> bool:
        return n not in compared or compared[n] is not None or (n in running and running[n].done())

    with Workers(pm, settings, len(todo)) as pool, _set_aside() as set_aside:
        outcomes = _outcomes(sources, cached, todo, pool, cache, progress, pm, settings)
        for n, story in enumerate(stories_in):
            part = kept.get(n)
            if part is not None and _reusable(part.header, taken_ids, taken_entities, now):
                queue.append(part)
                if story_cache:
                    story_cache.used.update(part.header.get("story_entries", ()))
            else:
                if part is not None:  # kept, but the stories before changed its ids: made again
                    found = [_recovered(source, cache, pm, settings) for source in story.sources]
                else:
                    found = [next(outcomes) for _ in story.sources]
                linked = _link_story(
                    story, found, source_keys[n], taken_ids, taken_entities, now, pm, settings, story_cache
                )
                queue.append(linked)
                set_aside()  # this story's results are made: later full collections skip them
                compared[n] = story_cache.get(linked.compare_key, _Compared) if story_cache else None
                if compared[n] is None and pool.started and pool.parallel:
                    # The workers are up (they analyse articles): compare this story there now.
                    running[n] = pool.submit(compare_task, _payload(linked, shared, sections))
            while given < len(queue) and ready(given):  # the stories done so far, in order
                yield give(given)
                given += 1
        # The comparisons not cached nor running: in the workers when several are left and it pays.
        left = [n for n, stage in compared.items() if stage is None and n not in running]
        if len(left) > 1 and pool.parallel:
            for n in left:
                linked = queue[n]
                assert isinstance(linked, _Linked)
                running[n] = pool.submit(compare_task, _payload(linked, shared, sections))
        elif left:
            vectors = _vector_store(settings, shared)
        try:
            for n in range(given, len(queue)):
                yield give(n)
        finally:
            if vectors is not None:
                vectors.close()
    if cache and story_cache:
        # What no run has used for a week goes. Every article of the corpus keeps its entry,
        # and a story copied as a kept part its entries, though this run read neither.
        cache.sweep({key for keys in source_keys for key in keys})
        story_cache.sweep()


@contextmanager
def _set_aside() -> Iterator[Callable[[], None]]:
    """``gc.freeze`` for the run, undone at its end.

    Python's full garbage collections scan every object alive, and they come
    more often as a run's results grow (to millions of objects): in a large
    run they cost a quarter of this process's time. Each object set aside
    (frozen) is skipped by the collections that follow. The results hold no
    reference cycles; the little cyclic garbage a run makes (a few hundred
    objects) is freed after it, when the objects are scanned normally again.
    """
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


@dataclass(frozen=True)
class _Linked:
    """A story with its articles' results and entities linked, before its comparison."""

    story: Story
    results: tuple[ArticleResult, ...]
    entities: tuple[Entity, ...]
    problems: tuple[Problem, ...]
    compare_key: str
    header: Mapping[str, Any]


def _link_story(
    story: StoryInput,
    found: list[tuple[ArticleResult | None, tuple[Problem, ...]]],
    article_keys: list[str],
    taken_ids: set[str],
    taken_entities: set[str],
    now: dt.datetime,
    pm: pluggy.PluginManager,
    settings: Settings,
    story_cache: StoryCache | None,
) -> _Linked:
    """A story's results with unique ids, checked dates and linked entities."""
    problems: list[Problem] = []
    results, keys = [], []
    for (result, reported), key in zip(found, article_keys, strict=True):
        problems.extend(reported)
        if result is not None:
            results.append(result)
            keys.append(key)
    results, id_pairs = _unique_ids(results, taken_ids, problems)
    before = len(problems)
    results = [_future_dates(r, now, problems) for r in results]
    in_future = len(problems) > before
    current = Story(
        id=story.id, title=frozen_map(story.titles), articles=tuple(r.article.id for r in results)
    )
    inputs = {"story": current, "articles": list(zip(current.articles, keys, strict=True))}

    def linked_stage(out: list[Problem]) -> _Entities:
        found = call(
            pm,
            "parallax_entities",
            out,
            current.id,
            story=current,
            results=tuple(results),
            settings=settings,
        )
        return _Entities(tuple(found or ()))

    entities_key = story_cache.key("entities", inputs) if story_cache else ""
    linking = _cached(story_cache, entities_key, _Entities, linked_stage)
    problems.extend(linking.problems)
    pairs = _valid_entities(linking.entities, tuple(results), taken_entities, problems, story.id)
    entities = tuple(entity for _, entity in pairs)
    mentions = _mentions_by_article(list(entities))
    results = [_link_facts(r, mentions.get(r.article.id, [])) for r in results]
    key = story_cache.key("compare", {**inputs, "entities": entities}) if story_cache else ""
    # The story's cache entries: a run that copies its kept part keeps them too (see sweep).
    entries = [entities_key, key] if story_cache else []
    header = {
        "articles": id_pairs,
        "entities": [(given, entity.id) for given, entity in pairs],
        "dates": [
            v.value for r in results for v in r.article.metadata if v.field in ("published", "updated")
        ],
        "reusable": not in_future,
        "problems": to_data(tuple(problems)),
        "story_entries": entries,
    }
    return _Linked(current, tuple(results), entities, tuple(problems), key, header)


def _recovered(
    source: Source, cache: ArticleCache | None, pm: pluggy.PluginManager, settings: Settings
) -> tuple[ArticleResult | None, tuple[Problem, ...]]:
    """An article's outcome from the cache, or analysed here (and cached)."""
    outcome = cache.get(source) if cache else None
    if outcome is None:
        outcome = analyse(source, pm, settings)
        if cache:
            cache.put(source, outcome)
    return outcome


PARTS_DIR = "parts"  # the stories' parts of report.json, beside the other entries in the cache folder


STORIES_DIR = "stories"  # the story-level entries, beside the per-article ones in the cache folder


@dataclass(frozen=True)
class _Entities:
    """The entities stage of one story, as cached: what the linker gave, and its problems."""

    entities: tuple[Entity, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class _Compared:
    """The comparison and summary stages of one story, as cached."""

    lineage: tuple[Lineage, ...]
    claims: tuple[Claim, ...]
    discrepancies: tuple[Discrepancy, ...]
    summary: Summary | None
    problems: tuple[Problem, ...] = ()


def _cached(cache: StoryCache | None, key: str, cls: type, compute: Callable) -> Any:
    """A story-level stage's outcome: from the cache when its key (see :meth:`StoryCache.key`)
    was seen, else computed.

    ``compute(problems)`` runs the stage, appending what it reports to ``problems``;
    the outcome is stored with those problems, so a cached run reports them again.
    """
    if cache:
        hit = cache.get(key, cls)
        if hit is not None:
            return hit
    out: list[Problem] = []
    value = replace(compute(out), problems=tuple(out))
    if cache:
        cache.put(key, value)
    return value


def _vector_store(settings: Settings, shared: str) -> VectorStore | None:
    """The cache's store of sentence vectors (None without a cache), under the build's fingerprint."""
    return VectorStore(settings.cache_dir / VECTORS_FILE, shared) if settings.cache_dir else None


def compare_stage(
    story: Story,
    results: tuple[ArticleResult, ...],
    entities: tuple[Entity, ...],
    pm: pluggy.PluginManager,
    settings: Settings,
    vectors: VectorStore | None = None,
) -> _Compared:
    """A story's comparison and summary, with the problems they reported; sentence vectors
    from ``vectors`` (the cache's store) when given."""
    out: list[Problem] = []
    embedder = Embedder(pm, settings, out, vectors)
    found = compare(story, results, entities, pm, settings, embedder, out)
    summary = summarize(story, results, list(entities), found, pm, settings, out)
    return _Compared(tuple(found[0]), tuple(found[1]), tuple(found[2]), summary, tuple(out))


def compare_task(payload: dict[str, Any], pm: pluggy.PluginManager, settings: Settings) -> Any:
    """:func:`compare_stage` in a worker process (see :func:`_payload`).

    Gives ``{"stage": the comparison, "compared": its cache entry}`` (the entry
    None when the run keeps no cache). With ``payload["sections"]`` (the
    default language and the UI catalogues), the story's part of report.json
    is made here too, so that the main process neither holds the comparison
    nor encodes it: ``{"compared": ..., "sections": ...}``.
    """
    story, results, entities = payload["story"], payload["results"], payload["entities"]
    stage = compare_stage(
        story, results, entities, pm, settings, _vector_store(settings, payload["fingerprint"])
    )
    spec = payload.get("sections")
    if spec is None:
        return {"stage": stage, "compared": to_data(stage) if settings.cache_dir else None}
    catalogs = {lang: from_data(Catalog, data) for lang, data in spec["catalogs"].items()}
    one = _story_report(story, results, entities, stage)
    return {"compared": to_data(stage), "sections": story_sections(one, spec["language"], catalogs)}


def _story_report(
    story: Story, results: tuple[ArticleResult, ...], entities: tuple[Entity, ...], stage: _Compared
) -> Report:
    """A report of one story: what its part of report.json is made from."""
    return Report(
        stories=(story,),
        results=results,
        entities=entities,
        claims=stage.claims,
        discrepancies=stage.discrepancies,
        lineage=stage.lineage,
        summaries=(stage.summary,) if stage.summary is not None else (),
    )


def summarize(
    story: Story,
    results: tuple[ArticleResult, ...],
    entities: list[Entity],
    compared: tuple[list[Lineage], list[Claim], list[Discrepancy]],
    pm: pluggy.PluginManager,
    settings: Settings,
    problems: list[Problem],
) -> Summary | None:
    """The story's summary from ``parallax_summarize``, validated: every point tied to a claim
    or discrepancy of the story, every article span inside its text; the rest dropped and reported."""
    lineage, claims, discrepancies = compared
    found = call(
        pm,
        "parallax_summarize",
        problems,
        story.id,
        story=story,
        results=results,
        claims=tuple(claims),
        discrepancies=tuple(discrepancies),
        entities=tuple(entities),
        lineage=tuple(lineage),
        settings=settings,
    )
    if found is None:
        return None
    if not isinstance(found, Summary):
        problems.append(
            Problem(
                f"returned a {type(found).__name__}, not a Summary; ignored",
                path=story.id,
                hook="parallax_summarize",
                severity="error",
            )
        )
        return None
    claim_ids = {c.id for c in claims}
    discrepancy_ids = {d.id for d in discrepancies}
    points = []
    for point in found.points:
        if (point.claim in claim_ids) or (point.discrepancy in discrepancy_ids):
            points.append(point)
        else:
            problems.append(
                Problem(
                    f"summary point '{point.key}' names no claim or discrepancy of the story; dropped",
                    path=story.id,
                    hook="parallax_summarize",
                )
            )
    texts = {r.article.id: r.article.text for r in results}
    articles = {}
    for aid, spans in found.articles.items():
        text = texts.get(aid)
        kept = tuple(s for s in spans if text is not None and 0 <= s.start < s.end <= len(text))
        if len(kept) != len(spans):
            problems.append(
                Problem(
                    f"summary of article '{aid}': {len(spans) - len(kept)} span(s) outside its text; dropped",
                    path=story.id,
                    hook="parallax_summarize",
                )
            )
        if kept:
            articles[aid] = tuple(sorted(kept, key=lambda s: s.start))
    return Summary(story=story.id, points=tuple(points), articles=frozen_map(articles))


def _valid_evidence(
    evidence: tuple[Evidence, ...],
    texts: dict[str, str],
    what: str,
    problems: list[Problem],
    where: str,
    hook: str,
) -> tuple[Evidence, ...]:
    """Evidence that points into its article's text; the rest dropped and reported."""
    kept = []
    for e in evidence:
        text = texts.get(e.article)
        if text is not None and 0 <= e.start <= e.end <= len(text):
            kept.append(e)
        else:
            problems.append(
                Problem(
                    f"{what}: evidence {e.article} {e.start}-{e.end} is outside the text; dropped",
                    path=where,
                    hook=hook,
                )
            )
    return tuple(kept)


def compare(
    story: Story,
    results: tuple[ArticleResult, ...],
    entities: tuple[Entity, ...],
    pm: pluggy.PluginManager,
    settings: Settings,
    embedder: Embedder,
    problems: list[Problem],
) -> tuple[list[Lineage], list[Claim], list[Discrepancy]]:
    """The story-level comparison: lineage, then claims, then discrepancies, validated."""
    texts = {r.article.id: r.article.text for r in results}
    ids = set(texts)
    lineage = [
        x
        for x in call(
            pm,
            "parallax_lineage",
            problems,
            story.id,
            story=story,
            results=results,
            embed=embedder,
            settings=settings,
        )
        or []
        if set(x.articles) <= ids and len(x.articles) > 1
    ]
    found = (
        call(
            pm,
            "parallax_claims",
            problems,
            story.id,
            story=story,
            results=results,
            entities=entities,
            lineage=tuple(lineage),
            embed=embedder,
            settings=settings,
        )
        or []
    )
    claims: list[Claim] = []
    seen: set[str] = set()
    for claim in found:
        evidence = _valid_evidence(
            claim.evidence, texts, f"claim {claim.id}", problems, story.id, "parallax_claims"
        )
        if not evidence or claim.id in seen:
            continue
        seen.add(claim.id)
        sources = {aid: claim.sources.get(aid, "absent") for aid in story.articles}
        claims.append(replace(claim, evidence=evidence, sources=frozen_map(sources)))
    discrepancies: list[Discrepancy] = []
    for plugin, batch in call_each(
        pm,
        "parallax_discrepancies",
        problems,
        story.id,
        story=story,
        claims=tuple(claims),
        results=results,
        entities=entities,
        lineage=tuple(lineage),
        settings=settings,
    ):
        for d in batch:
            evidence = _valid_evidence(
                d.evidence, texts, f"discrepancy {d.id}", problems, story.id, "parallax_discrepancies"
            )
            if d.id in seen:
                problems.append(
                    Problem(f"discrepancy id '{d.id}' is taken; dropped", path=story.id, plugin=plugin)
                )
                continue
            seen.add(d.id)
            discrepancies.append(replace(d, evidence=evidence))
    # Heavier first; ties in a stable order, so the build is reproducible.
    discrepancies.sort(key=lambda d: (-d.weight, d.kind, d.id))
    return lineage, claims, discrepancies


def _payload(linked: _Linked, shared: str, sections: dict[str, Any] | None) -> Any:
    """What :func:`compare_task` needs: the story's linked results themselves (pickled on the
    way to the worker, which is faster than encoding them as data and decoding them there)."""
    payload = {
        "story": linked.story,
        "results": linked.results,
        "entities": linked.entities,
        "fingerprint": shared,
    }
    return payload if sections is None else {**payload, "sections": sections}


def _from_cache(sources: list[Source], cache: ArticleCache | None) -> tuple[set[str], list[Source]]:
    """The sources the cache holds a sound entry for (their paths); and the others, to analyse, in
    order. Entries are checked here and decoded later, one story at a time (see :func:`_outcomes`)."""
    found = set()
    todo = []
    for source in sources:
        if cache is not None and cache.holds(source):
            found.add(source.rel)
        else:
            todo.append(source)
    return found, todo


def _outcomes(
    sources: list[Source],
    cached: set[str],
    todo: list[Source],
    pool: Workers,
    cache: ArticleCache | None,
    progress: Callable[[int, int], None] | None,
    pm: pluggy.PluginManager,
    settings: Settings,
) -> Iterator[tuple[ArticleResult | None, tuple[Problem, ...]]]:
    """Every source's outcome, in the sources' order: decoded from the cache as it comes (one
    whose entry went bad since it was checked is analysed here), else analysed by ``pool`` (and
    cached) as it comes in."""
    done = len(cached)
    if progress:
        progress(done, len(sources))
    computed = pool.analyse(todo)
    for source in sources:
        if source.rel in cached:
            yield _recovered(source, cache, pm, settings)
            continue
        outcome, entry = next(computed)
        if cache:
            cache.put(source, outcome, entry)
        done += 1
        if progress:
            progress(done, len(sources))
        yield outcome


def reference_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when it is set: what "in the future" means, reproducibly."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    except (ValueError, OverflowError, OSError):
        return dt.datetime.now(dt.UTC)


def _is_after(value: str, now: dt.datetime) -> bool:
    """Whether an ISO 8601 value is after ``now``, at the precision it has (a year, a month, a day)."""
    text = value.strip()
    try:
        if len(text) == 4:
            return int(text) > now.year
        if len(text) == 7:
            return (int(text[:4]), int(text[5:7])) > (now.year, now.month)
        if len(text) == 10:
            return dt.date.fromisoformat(text) > now.date()
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    # Without a time zone only a later day is surely later.
    return when > now if when.tzinfo else when.date() > now.date()


def _future_dates(result: ArticleResult, now: dt.datetime, problems: list[Problem]) -> ArticleResult:
    """A publication or update date after the build's date is kept as stated, with a warning.

    Checked here, not in the cached per-article stages: the same article can
    be dated in the future today and not tomorrow.
    """
    found = tuple(
        Problem(
            f"'{value.field}' {value.value} is in the future (this build's date is "
            f"{now.date().isoformat()}); kept as stated",
            path=result.article.source,
        )
        for value in result.article.metadata
        if value.field in ("published", "updated") and _is_after(value.value, now)
    )
    if not found:
        return result
    problems.extend(found)
    return replace(result, problems=(*result.problems, *found))
