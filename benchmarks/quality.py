"""Precision and recall of the built-in extractors on the fixtures in tests/fixtures/facts/.

    python benchmarks/quality.py            # a table per fact type and language
    python benchmarks/quality.py --json     # the same as JSON

The fixture format is described in tests/fixtures/facts/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.calls import call_each
from generator.manager import plugin_manager
from generator.model import Article, Extraction, MetaValue
from generator.pipeline import prepare
from generator.settings import Settings

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "facts"
ENTITY_TYPES = frozenset({"person", "organisation", "place", "product", "event"})


@dataclass
class Tally:
    """Counts for one fact type in one language."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _same(expected: Any, found: Any) -> bool:
    if isinstance(expected, int | float) and isinstance(found, int | float):
        return abs(float(expected) - float(found)) <= 1e-6 * max(1.0, abs(float(expected)))
    return str(expected) == str(found)


def _matches(expected: dict[str, Any], predicted: dict[str, Any], text: str) -> bool:
    if expected["type"] != predicted["type"]:
        return False
    start = text.find(expected["text"])
    if start < 0:
        raise ValueError(f"expected text {expected['text']!r} is not in the case's text")
    end = start + len(expected["text"])
    if not (predicted["start"] < end and start < predicted["end"]):
        return False
    return all(
        _same(expected[key], predicted.get(key))
        for key in ("value", "unit", "qualifier", "speaker")
        if key in expected
    )


def _predictions(extraction: Extraction) -> list[dict[str, Any]]:
    rows = [
        {
            "type": f.type,
            "start": f.start,
            "end": f.end,
            "text": f.text,
            "value": f.value,
            "unit": f.unit,
            "qualifier": f.attrs.get("qualifier"),
            "speaker": f.attrs.get("speaker"),
        }
        for f in extraction.facts
    ]
    rows += [{"type": m.type, "start": m.start, "end": m.end, "text": m.text} for m in extraction.mentions]
    return rows


def score(fixtures: Path = FIXTURES, verbose: bool = False) -> dict[tuple[str, str], Tally]:
    """Run the built-in plugins over every case: a Tally per (fact type, language)."""
    pm = plugin_manager(entry_points=False)
    settings = Settings(content_dir=fixtures, build_dir=fixtures / ".unused")
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for path in sorted(fixtures.glob("*/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lang, scored = data["lang"], set(data["types"])
        declared = (
            (MetaValue("published", str(data["published"]), "", "front matter"),)
            if data.get("published")
            else ()
        )
        for n, case in enumerate(data["cases"], 1):
            article = Article(
                id=f"case{n}",
                story="fixtures",
                source=f"{path.relative_to(fixtures)}#{n}",
                format="txt",
                body=case["text"],
                declared=declared,
                declared_lang=lang,
            )
            problems: list = []
            article = prepare(article, pm, settings, problems)
            merged = Extraction()
            for _, extraction in call_each(
                pm, "parallax_extract", problems, article.source, article=article, settings=settings
            ):
                merged = Extraction(merged.facts + extraction.facts, merged.mentions + extraction.mentions)
            predicted = [p for p in _predictions(merged) if p["type"] in scored]
            expected = [e for e in case.get("expect") or [] if e["type"] in scored]
            used: set[int] = set()
            for exp in expected:
                hit = next(
                    (i for i, p in enumerate(predicted) if i not in used and _matches(exp, p, article.text)),
                    None,
                )
                if hit is None:
                    tallies[exp["type"], lang].fn += 1
                    if verbose:
                        print(f"MISSED {path.name}#{n} {exp}", file=sys.stderr)
                else:
                    used.add(hit)
                    tallies[exp["type"], lang].tp += 1
            for i, p in enumerate(predicted):
                if i not in used:
                    tallies[p["type"], lang].fp += 1
                    if verbose:
                        print(f"EXTRA  {path.name}#{n} {p}", file=sys.stderr)
    return dict(tallies)


def by_type(tallies: dict[tuple[str, str], Tally]) -> dict[str, Tally]:
    """Tallies summed over languages, with the entity types together as 'entities'."""
    totals: dict[str, Tally] = defaultdict(Tally)
    for (kind, _), t in tallies.items():
        group = "entities" if kind in ENTITY_TYPES else kind
        totals[group].tp += t.tp
        totals[group].fp += t.fp
        totals[group].fn += t.fn
    return dict(totals)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and every extra")
    args = parser.parse_args()
    tallies = score(verbose=args.verbose)
    totals = by_type(tallies)
    if args.json:
        print(
            json.dumps(
                {k: {"precision": t.precision, "recall": t.recall, **t.__dict__} for k, t in totals.items()},
                indent=2,
            )
        )
        return
    print(f"{'type':<14}{'lang':<6}{'P':>7}{'R':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for (kind, lang), t in sorted(tallies.items()):
        print(f"{kind:<14}{lang:<6}{t.precision:>7.2f}{t.recall:>7.2f}{t.tp:>6}{t.fp:>6}{t.fn:>6}")
    print()
    for kind, t in sorted(totals.items()):
        print(f"{kind:<14}{'all':<6}{t.precision:>7.2f}{t.recall:>7.2f}{t.tp:>6}{t.fp:>6}{t.fn:>6}")


if __name__ == "__main__":
    main()
