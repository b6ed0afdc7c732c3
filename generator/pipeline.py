"""The pipeline stages of DESIGN.md: read, prepare, extract per article; then assemble the report.

Per-article work (``analyse``) is a pure function of the source bytes, the
plugin set and the settings, so it can be cached and run in parallel.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pluggy
from threadpoolctl import threadpool_limits

from generator.cache import ArticleCache, StoryCache, fingerprint
from generator.calls import call, call_each
from generator.corpus import discover, unique
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
)
from generator.options import resolve
from generator.serialize import from_data, to_data
from generator.settings import Settings

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


def _unique_ids(results: list[ArticleResult], problems: list[Problem]) -> list[ArticleResult]:
    """Article ids are unique in the whole report: a repeated id gets a suffix and a warning."""
    seen: set[str] = set()
    kept = []
    for result in results:
        article = result.article
        new_id = unique(article.id, seen)
        if new_id != article.id:
            problems.append(
                Problem(
                    f"article id '{article.id}' is taken; this article is '{new_id}'", path=article.source
                )
            )
            result = replace(result, article=replace(article, id=new_id))
        kept.append(result)
    return kept


def _valid_entities(
    found: list[Entity] | None,
    results: tuple[ArticleResult, ...],
    taken: set[str],
    problems: list[Problem],
    where: str,
) -> list[Entity]:
    """Entities whose mentions match their articles' texts; ids made unique in the report."""
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
        valid.append(replace(entity, id=unique(entity.id, taken), mentions=tuple(mentions)))
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
    ``progress(done, total)`` is called as articles are analysed.
    """
    # One BLAS thread here too (as in the workers): the comparison multiplies many small
    # matrices, and waking a numerical library's thread pool for each costs more than it saves.
    with threadpool_limits(limits=1):
        return _run(settings, pm, progress)


def _run(
    settings: Settings,
    pm: pluggy.PluginManager,
    progress: Callable[[int, int], None] | None,
) -> Report:
    settings = resolve(pm, settings)  # plugins' options checked, defaults filled in
    problems: list[Problem] = []
    now = reference_time()
    stories_in = discover(settings, problems)
    sources = [source for story in stories_in for source in story.sources]
    shared = fingerprint(pm, settings) if settings.cache_dir else ""
    cache = ArticleCache(settings.cache_dir, shared) if settings.cache_dir else None
    story_cache = StoryCache(settings.cache_dir / STORIES_DIR, shared) if settings.cache_dir else None
    cached, todo = _from_cache(sources, cache)

    stories: list[Story] = []
    results: list[ArticleResult] = []
    entities: list[Entity] = []
    taken: set[str] = set()
    lineage: list[Lineage] = []
    claims: list[Claim] = []
    discrepancies: list[Discrepancy] = []
    summaries: list[Summary] = []
    # Per story, in order: its linked results and entities, and its comparison: cached, running
    # in a worker (a future), or left for the end (None).
    by_story: list[tuple[ArticleResult, ...]] = []
    linked_of: list[tuple[Entity, ...]] = []
    keys: list[str] = []
    compared: list[_Compared | None] = []
    running: dict[int, Any] = {}
    with Workers(pm, settings, len(todo)) as pool:
        outcomes = _outcomes(sources, cached, todo, pool, cache, progress)
        for story in stories_in:
            story_results = []
            article_keys = []
            for source in story.sources:
                result, found = next(outcomes)
                problems.extend(found)
                if result is not None:
                    story_results.append(result)
                    article_keys.append(cache.key(source) if cache else "")
            story_results = _unique_ids(results + story_results, problems)[len(results) :]
            story_results = [_future_dates(r, now, problems) for r in story_results]
            current = Story(
                id=story.id,
                title=frozen_map(story.titles),
                articles=tuple(r.article.id for r in story_results),
            )
            inputs = {"story": current, "articles": list(zip(current.articles, article_keys, strict=True))}

            def linked_stage(out: list[Problem], current=current, story_results=story_results) -> _Linked:
                found = call(
                    pm,
                    "parallax_entities",
                    out,
                    current.id,
                    story=current,
                    results=tuple(story_results),
                    settings=settings,
                )
                return _Linked(tuple(found or ()))

            linking = _cached(story_cache, "entities", inputs, _Linked, linked_stage)
            problems.extend(linking.problems)
            linked = _valid_entities(linking.entities, tuple(story_results), taken, problems, story.id)
            entities.extend(linked)
            mentions = _mentions_by_article(linked)
            story_results = [_link_facts(r, mentions.get(r.article.id, [])) for r in story_results]
            results.extend(story_results)
            stories.append(current)
            by_story.append(tuple(story_results))
            linked_of.append(tuple(linked))

            key = story_cache.key("compare", {**inputs, "entities": linked}) if story_cache else ""
            keys.append(key)
            compared.append(story_cache.get(key, _Compared) if story_cache else None)
            if compared[-1] is None and pool.started and pool.parallel:
                # The workers are up (they analyse articles): compare this story there now.
                n = len(stories) - 1
                running[n] = pool.submit(compare_task, _payload(current, by_story[n], linked_of[n], shared))
        # The comparisons not cached nor running: in the workers when several are left and it pays.
        left = [n for n, stage in enumerate(compared) if stage is None and n not in running]
        vectors = _vector_store(settings, shared) if left else None
        if len(left) > 1 and pool.parallel:
            payloads = [_payload(stories[n], by_story[n], linked_of[n], shared) for n in left]
            running.update(
                zip(left, (pool.submit(compare_task, payload) for payload in payloads), strict=True)
            )
        for n in left:
            if n not in running:
                compared[n] = compare_stage(stories[n], by_story[n], linked_of[n], pm, settings, vectors)
                if story_cache:
                    story_cache.put(keys[n], compared[n])
        for n, future in sorted(running.items()):
            compared[n] = from_data(_Compared, future.result())
            if story_cache:
                story_cache.put(keys[n], compared[n])
    if vectors is not None:
        vectors.close()
    for stage in compared:
        assert stage is not None
        problems.extend(stage.problems)
        lineage.extend(stage.lineage)
        claims.extend(stage.claims)
        discrepancies.extend(stage.discrepancies)
        if stage.summary is not None:
            summaries.append(stage.summary)
    return Report(
        stories=tuple(stories),
        results=tuple(results),
        problems=tuple(problems),
        entities=tuple(entities),
        claims=tuple(claims),
        discrepancies=tuple(discrepancies),
        lineage=tuple(lineage),
        summaries=tuple(summaries),
    )


STORIES_DIR = "stories"  # the story-level entries, beside the per-article ones in the cache folder


@dataclass(frozen=True)
class _Linked:
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


def _cached(cache: StoryCache | None, stage: str, inputs: object, cls: type, compute: Callable) -> Any:
    """A story-level stage's outcome: from the cache when its inputs were seen, else computed.

    ``compute(problems)`` runs the stage, appending what it reports to ``problems``;
    the outcome is stored with those problems, so a cached run reports them again.
    """
    key = cache.key(stage, inputs) if cache else ""
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
    """:func:`compare_stage` in a worker process: JSON-ready data in and out."""
    stage = compare_stage(
        from_data(Story, payload["story"]),
        from_data(tuple[ArticleResult, ...], payload["results"]),
        from_data(tuple[Entity, ...], payload["entities"]),
        pm,
        settings,
        _vector_store(settings, payload["fingerprint"]),
    )
    return to_data(stage)


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


def _payload(
    story: Story, results: tuple[ArticleResult, ...], entities: tuple[Entity, ...], shared: str
) -> Any:
    """What :func:`compare_task` needs, as JSON-ready data."""
    return {
        "story": to_data(story),
        "results": to_data(results),
        "entities": to_data(entities),
        "fingerprint": shared,
    }


def _from_cache(
    sources: list[Source], cache: ArticleCache | None
) -> tuple[dict[str, tuple[ArticleResult | None, tuple[Problem, ...]]], list[Source]]:
    """The outcomes the cache has, by source path; and the sources still to analyse, in order."""
    found = {}
    todo = []
    for source in sources:
        outcome = cache.get(source) if cache else None
        if outcome is None:
            todo.append(source)
        else:
            found[source.rel] = outcome
    return found, todo


def _outcomes(
    sources: list[Source],
    cached: dict[str, tuple[ArticleResult | None, tuple[Problem, ...]]],
    todo: list[Source],
    pool: Workers,
    cache: ArticleCache | None,
    progress: Callable[[int, int], None] | None,
) -> Iterator[tuple[ArticleResult | None, tuple[Problem, ...]]]:
    """Every source's outcome, in the sources' order: from the cache, else analysed by ``pool``
    (and cached) as it comes in."""
    done = len(cached)
    if progress:
        progress(done, len(sources))
    computed = pool.analyse(todo)
    for source in sources:
        outcome = cached.pop(source.rel, None)
        if outcome is None:
            outcome = next(computed)
            if cache:
                cache.put(source, outcome)
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
