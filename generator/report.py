"""The report as data: report.json (a public contract, see DESIGN.md) and CSV tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

import generator
from generator.labels import claim_label, explanation, summary_sentence
from generator.model import ArticleResult, Claim, Discrepancy, Evidence, Problem, Report, Span, Summary
from generator.serialize import to_data
from generator.strings import Catalog, load_catalog

REPORT_PATH = "data/report.json"
_GENERATOR = {"name": "parallax", "version": generator.__version__}
ARTICLES_CSV = "data/articles.csv"
CLAIMS_CSV = "data/claims.csv"


def _problem(problem: Problem) -> dict[str, str]:
    return {
        "path": problem.path,
        "plugin": problem.plugin,
        "hook": problem.hook,
        "severity": problem.severity,
        "message": problem.message,
    }


def _article(result: ArticleResult, chosen: tuple[Span, ...] = ()) -> dict[str, Any]:
    a = result.article
    authors = list(a.meta_all("author"))
    return {
        "id": a.id,
        "story": a.story,
        "source": a.source,
        "format": a.format,
        "lang": a.lang,
        "lang_method": a.lang_method,
        "lang_confidence": round(a.lang_confidence, 4),
        "title": a.meta("title"),
        "outlet": a.meta("outlet"),
        "author": ", ".join(authors) or None,
        "authors": authors,
        "editors": list(a.meta_all("editor")),
        "published": a.meta("published"),
        "updated": a.meta("updated"),
        "url": a.meta("url"),
        "section": a.meta("section"),
        "text": a.text,
        "summary": " ".join(a.text[s.start : s.end].strip() for s in chosen) or None,
        "summary_sentences": [[s.start, s.end] for s in chosen],
        "metadata": [
            {"field": m.field, "value": m.value, "evidence": m.evidence, "origin": m.origin}
            for m in a.metadata
        ],
        "blocks": [{"start": b.start, "end": b.end, "kind": b.kind} for b in a.blocks],
        "sentences": [[s.start, s.end] for s in a.sentences],
        "removed": [{"line": r.line, "kind": r.kind, "text": r.text} for r in a.removed],
        "anomalies": [
            {
                "kind": x.kind,
                "text": x.text,
                "start": x.start,
                "end": x.end,
                "explanation": x.explanation,
                "plugin": x.plugin,
            }
            for x in result.extraction.anomalies
        ],
        "problems": [_problem(p) for p in result.problems],
    }


def _facts(report: Report) -> Iterator[dict[str, Any]]:
    for result in report.results:
        for n, fact in enumerate(result.extraction.facts, 1):
            yield {
                "id": f"{result.article.id}:f{n}",
                "article": result.article.id,
                "type": fact.type,
                "text": fact.text,
                "value": fact.value,
                "unit": fact.unit,
                "start": fact.start,
                "end": fact.end,
                "entities": list(fact.entities),
                "attrs": dict(fact.attrs),
                "plugin": fact.plugin,
            }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"article": e.article, "start": e.start, "end": e.end, "fact": e.fact, "value": to_data(e.value)}


def _fact_ids(claim: Claim, report: Report) -> list[str]:
    return [f"{e.article}:f{e.fact + 1}" for e in claim.evidence if e.fact is not None]


def _claim(claim: Claim, report: Report, catalogs: dict[str, Catalog]) -> dict[str, Any]:
    labels = {lang: claim_label(claim, strings) for lang, strings in catalogs.items()}
    return {
        "id": claim.id,
        "story": claim.story,
        "kind": claim.kind,
        "label": next(iter(labels.values()), claim.kind),
        "labels": labels,
        "topic": to_data(claim.topic),
        "facts": _fact_ids(claim, report),
        "evidence": [_evidence(e) for e in claim.evidence],
        "sources": dict(claim.sources),
    }


def _discrepancy(d: Discrepancy, catalogs: dict[str, Catalog]) -> dict[str, Any]:
    explanations = {lang: explanation(d, strings) for lang, strings in catalogs.items()}
    return {
        "id": d.id,
        "story": d.story,
        "kind": d.kind,
        "claim": d.claim,
        "values": to_data(d.values),
        "explanation": next(iter(explanations.values()), d.reason),
        "explanations": explanations,
        "reason": d.reason,
        "weight": round(d.weight, 4),
        "evidence": [_evidence(e) for e in d.evidence],
    }


def _story_summary(
    summary: Summary | None, claims: dict[str, Claim], catalogs: dict[str, Catalog]
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The story summary as text per UI language, and its sentences with what each links to."""
    if summary is None or not summary.points:
        return {}, []
    sentences = {
        lang: [summary_sentence(p, strings, claims) for p in summary.points]
        for lang, strings in catalogs.items()
    }
    points = [
        {
            "key": p.key,
            "claim": p.claim,
            "discrepancy": p.discrepancy,
            "params": to_data(p.params),
            "text": {lang: sentences[lang][n] for lang in catalogs},
        }
        for n, p in enumerate(summary.points)
    ]
    return {lang: " ".join(texts) for lang, texts in sentences.items()}, points


def _sections(
    report: Report, default_language: str, catalogs: dict[str, Catalog] | None
) -> list[tuple[str, Any]]:
    """report.json's top-level entries in contract order; its lists as iterators, made item by
    item as they are written (a large corpus's report is never whole in memory)."""
    if catalogs is None:
        catalogs = {default_language: load_catalog(default_language, default_language)}
    summaries = {s.story: s for s in report.summaries}
    claims = {c.id: c for c in report.claims}
    chosen: dict[str, tuple[Span, ...]] = {}
    for summary in report.summaries:
        chosen.update(summary.articles)

    def stories() -> Iterator[dict[str, Any]]:
        for story in report.stories:
            texts, points = _story_summary(summaries.get(story.id), claims, catalogs)
            yield {
                "id": story.id,
                "title": story.title_in(default_language, default_language),
                "titles": dict(sorted(story.title.items())),
                "articles": list(story.articles),
                "summary": texts,
                "summary_points": points,
            }

    entities = (
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "variants": list(e.variants),
            "mentions": [
                {"article": m.article, "text": m.text, "start": m.start, "end": m.end} for m in e.mentions
            ],
        }
        for e in report.entities
    )
    return [
        ("generator", _GENERATOR),
        ("stories", stories()),
        ("articles", (_article(r, chosen.get(r.article.id, ())) for r in report.results)),
        ("entities", entities),
        ("facts", _facts(report)),
        ("claims", (_claim(c, report, catalogs) for c in report.claims)),
        ("discrepancies", (_discrepancy(d, catalogs) for d in report.discrepancies)),
        (
            "lineage",
            (
                {"articles": list(x.articles), "kind": x.kind, "score": round(x.score, 4)}
                for x in report.lineage
            ),
        ),
        ("problems", (_problem(p) for p in report.problems)),
    ]


def report_data(
    report: Report, default_language: str = "en", catalogs: dict[str, Catalog] | None = None
) -> dict[str, Any]:
    """The report as JSON-ready data, in a stable order (the build is reproducible).

    ``catalogs`` (UI language -> strings, the default language first) give
    claim labels and explanations in every UI language; without them, the
    default language's built-in catalogue is used.
    """
    return {
        key: value if isinstance(value, dict) else list(value)
        for key, value in _sections(report, default_language, catalogs)
    }


STORY_SECTIONS = ("stories", "articles", "entities", "facts", "claims", "discrepancies", "lineage")
"""report.json's lists whose items each belong to one story (all but "problems"), in contract order."""


def _write(out: TextIO, sections: list[tuple[str, Any]]) -> None:
    """Write report.json's frame: each top-level entry on its own line; a list's ``chunks`` (JSON
    texts of one or more items, joined by ``",\n"``) one item per line."""
    out.write("{\n")
    for n, (key, value) in enumerate(sections):
        end = "," if n < len(sections) - 1 else ""
        name = json.dumps(key)
        chunks = iter(value) if not isinstance(value, dict) else None
        first = next(chunks, None) if chunks is not None else None
        if chunks is None or first is None:
            out.write(f"{name}: {json.dumps(value if chunks is None else [], ensure_ascii=False)}{end}\n")
            continue
        out.write(f"{name}: [\n")
        out.write(first)
        for chunk in chunks:
            out.write(",\n")
            out.write(chunk)
        out.write(f"\n]{end}\n")
    out.write("}\n")


def _encoded(items: Iterator[Any]) -> Iterator[str]:
    return (json.dumps(item, ensure_ascii=False) for item in items)


def write_report_json(
    report: Report,
    out: TextIO,
    default_language: str = "en",
    catalogs: dict[str, Catalog] | None = None,
) -> None:
    """Write report.json's text to ``out``: UTF-8 JSON, keys in contract order, no timestamps.

    Laid out for people and for diffs (each top-level entry, and each item of
    a top-level list, on its own line), written item by item with the standard
    library's C encoder (an indented dump goes through the slow pure-Python
    one) and never held whole in memory.
    """
    sections = _sections(report, default_language, catalogs)
    _write(out, [(key, value if isinstance(value, dict) else _encoded(value)) for key, value in sections])


def story_sections(
    report: Report, default_language: str = "en", catalogs: dict[str, Catalog] | None = None
) -> dict[str, str]:
    """The items of each of :data:`STORY_SECTIONS` for a report of one story, as JSON text
    (one item per line, as in report.json; empty for none).

    Every such item depends on its own story only, so a story's part can be
    made once, kept, and put back by :func:`write_report_parts`.
    """
    lists = dict(_sections(report, default_language, catalogs))
    return {key: ",\n".join(_encoded(lists[key])) for key in STORY_SECTIONS}


def write_report_parts(
    out: TextIO, parts: Sequence[Callable[[str], str]], problems: Iterable[Problem]
) -> None:
    """Write report.json from its stories' parts, in story order, and the report's problems.

    ``parts`` can be iterated once per section; each part gives a section's
    text (from :func:`story_sections`). The text is the same, byte for byte,
    as :func:`write_report_json` writes for the whole report.
    """

    def texts(key: str) -> Iterator[str]:
        return (text for part in parts if (text := part(key)))

    sections: list[tuple[str, Any]] = [("generator", _GENERATOR)]
    sections.extend((key, texts(key)) for key in STORY_SECTIONS)
    sections.append(("problems", _encoded(_problem(p) for p in problems)))
    _write(out, sections)


def report_json(
    report: Report, default_language: str = "en", catalogs: dict[str, Catalog] | None = None
) -> str:
    """report.json's text (see :func:`write_report_json`)."""
    out = io.StringIO()
    write_report_json(report, out, default_language, catalogs)
    return out.getvalue()


ARTICLES_HEADER = (
    "id",
    "story",
    "lang",
    "title",
    "outlet",
    "author",
    "editor",
    "published",
    "url",
    "characters",
)
CLAIMS_HEADER = ("claim", "story", "kind", "label", "article", "status", "value")


def write_articles_rows(report: Report, out: TextIO) -> None:
    """The rows of data/articles.csv for the articles of ``report`` (one per article)."""
    writer = csv.writer(out, lineterminator="\n")
    for result in report.results:
        a = result.article
        writer.writerow(
            [
                a.id,
                a.story,
                a.lang,
                a.meta("title") or "",
                a.meta("outlet") or "",
                "; ".join(a.meta_all("author")),
                "; ".join(a.meta_all("editor")),
                a.meta("published") or "",
                a.meta("url") or "",
                len(a.text),
            ]
        )


def write_claims_rows(report: Report, out: TextIO, strings: Catalog) -> None:
    """The rows of data/claims.csv for the claims of ``report``: one per claim and source that
    has a status for it (states, differs, absent), in the story's order of articles, with the
    value that source gives. Long rather than wide (a column per source), so that the table
    grows with the corpus, not with its square; a spreadsheet's pivot makes it wide again."""
    writer = csv.writer(out, lineterminator="\n")
    order = {r.article.id: n for n, r in enumerate(report.results)}
    for claim in report.claims:
        values = {e.article: e.value for e in claim.evidence}
        label = claim_label(claim, strings)
        for aid in sorted(claim.sources, key=lambda a: (order.get(a, len(order)), a)):
            value = values.get(aid)
            row = [claim.id, claim.story, claim.kind, label, aid, claim.sources[aid]]
            text = "" if value is None else value if isinstance(value, str) else _json(value)
            writer.writerow([*row, text])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _csv(header: Sequence[str], rows: Callable[[TextIO], None]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(header)
    rows(out)
    return out.getvalue()


def articles_csv(report: Report) -> str:
    """data/articles.csv: one row per article, the sources table."""
    return _csv(ARTICLES_HEADER, lambda out: write_articles_rows(report, out))


def claims_csv(report: Report, default_language: str = "en") -> str:
    """data/claims.csv: the claim table, one row per claim and source (see :func:`write_claims_rows`)."""
    strings = load_catalog(default_language, default_language)
    return _csv(CLAIMS_HEADER, lambda out: write_claims_rows(report, out, strings))
