"""Where the analysis's time goes: every plugin's hook, timed on its own (outside the test suite).

    python benchmarks/stages.py                     # a generated story of 50 articles
    python benchmarks/stages.py --content content   # a corpus of your own

The analysis runs in this process (the serial executor, no cache), with every
registered hook implementation wrapped in a timer. Per-article hooks (reading,
cleaning, language, metadata, sentences, extractors) are reported in
milliseconds per 3 KB of text, story hooks (linking, embeddings, lineage,
claims, discrepancies, summaries) in seconds per story; lineage's and
claims' times include the embeddings they ask for. Then the date and quantity
grammars read a long text (every article one after the other, repeated to
about 450 KB): their time per KB stays the same on short and long texts.

Each figure is printed with the bound the project holds it to, and the
script exits with status 1 when one is over it: these were timed tests once,
and a timing belongs here, on a machine doing nothing else, not in the test
suite. The first run loads the models and fills the plugins' memos; the
bounds hold the best of the other runs. The date extractor reads the dates
for the quantities too (whichever of the two runs first pays for it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

from generator.manager import plugin_manager  # noqa: E402
from generator.pipeline import run  # noqa: E402
from generator.settings import Settings  # noqa: E402
from plugins.dates import find_dates  # noqa: E402
from plugins.quantities import find_quantities  # noqa: E402

ARTICLE_HOOKS = (
    "parallax_read",
    "parallax_clean",
    "parallax_language",
    "parallax_metadata",
    "parallax_segment",
    "parallax_extract",
)
STORY_HOOKS = (
    "parallax_entities",
    "parallax_embed",
    "parallax_lineage",
    "parallax_claims",
    "parallax_discrepancies",
    "parallax_summarize",
)
# What a hook implementation may take, at most: (hook, plugin) -> ms per 3 KB for an article's
# hooks, s per story of 50 articles for a story's. Measured well under these on the
# development machine (2 cores); over one means something became slower by far.
BOUNDS: dict[tuple[str, str], float] = {
    ("parallax_clean", "furniture"): 2.0,
    ("parallax_extract", "entities"): 4.0,
    ("parallax_extract", "defects"): 5.0,
    ("parallax_extract", "quotes"): 5.0,
    ("parallax_entities", "linking"): 1.0,
    ("parallax_discrepancies", "discrepancies"): 0.5,
}
# The date and quantity grammars on a long text: ms per KB.
LONG_TEXT_BOUND = 1.0


def _timed(totals: dict[tuple[str, str], float], key: tuple[str, str], function: Callable) -> Callable:
    @wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[key] += time.perf_counter() - start

    return timed


def hook_times(content: Path) -> tuple[dict[tuple[str, str], float], int, int]:
    """Seconds each hook implementation took over one analysis of ``content``; the text's
    size (bytes of clean text) and the number of stories."""
    pm = plugin_manager()
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for name in (*ARTICLE_HOOKS, *STORY_HOOKS):
        for impl in getattr(pm.hook, name).get_hookimpls():
            # pluggy calls an implementation's function with its arguments in order: a wrapper
            # that passes them on is timed without changing what the plugin sees.
            impl.function = _timed(totals, (name, impl.plugin_name), impl.function)
    with tempfile.TemporaryDirectory(prefix="parallax-stages-") as build:
        settings = Settings(content_dir=content, build_dir=Path(build), executor="serial")
        report = run(settings, pm)
    size = sum(len(r.article.text.encode()) for r in report.results)
    return dict(totals), size, len(report.stories)


def long_text_times(content: Path) -> dict[str, float]:
    """ms per KB for the date and quantity grammars over the corpus's texts joined and
    repeated to about 450 KB, read with the English grammars whatever the texts' languages."""
    texts = sorted(p.read_text(encoding="utf-8", errors="replace") for p in content.rglob("*.txt"))
    sample = "\n".join(texts)
    text = (sample + "\n") * max(1, 450_000 // max(1, len(sample)))
    kb = len(text.encode()) / 1024
    out = {}
    for name, read in (
        ("dates", lambda: find_dates(text, "en", "2025-01-14")),
        ("quantities", lambda: find_quantities(text, "en", "2025-01-14")),
    ):
        find_dates.cache_clear()  # the quantities ask for the dates: each grammar reads afresh
        find_dates("warm up: 14 March 2019", "en")
        find_quantities("warm up: 5 %", "en")
        start = time.process_time()
        read()
        out[name] = (time.process_time() - start) * 1000 / kb
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--content", type=Path, help="a corpus folder (default: a generated story)")
    parser.add_argument("--runs", type=int, default=3, help="runs; each figure is the best")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parallax-stages-corpus-") as tmp:
        content = args.content
        if content is None:
            content = Path(tmp) / "content"
            generate(content, 1, 50)
        first: dict[tuple[str, str], float] = {}
        best: dict[tuple[str, str], float] = {}
        size = stories = 0
        for n in range(args.runs):
            totals, size, stories = hook_times(content)
            for key, seconds in totals.items():
                if n == 0:
                    first[key] = seconds
                if n > 0 or args.runs == 1:
                    best[key] = min(best.get(key, seconds), seconds)
        long = {}
        for _ in range(args.runs):
            for name, figure in long_text_times(content).items():
                long[name] = min(long.get(name, figure), figure)
    over = 0
    print(f"{size / 1000:,.0f} KB of clean text in {stories} stories, analysed {args.runs} times\n")
    print("| hook | plugin | first run | best of the others | bound |")
    print("|---|---|---:|---:|---:|")
    for (hook, plugin), seconds in sorted(
        best.items(), key=lambda kv: (kv[0][0] not in ARTICLE_HOOKS, kv[0])
    ):
        if hook in ARTICLE_HOOKS:
            scale, unit = 1000 / (size / 3000), "ms / 3 KB"
        else:
            scale, unit = 1 / max(1, stories), "s / story"
        figure = seconds * scale
        bound = BOUNDS.get((hook, plugin))
        flag = "" if bound is None or figure <= bound else " **over**"
        over += bool(flag)
        print(
            f"| {hook} | {plugin} | {first[(hook, plugin)] * scale:.3f} {unit} | {figure:.3f} {unit} "
            f"| {'' if bound is None else bound}{flag} |"
        )
    for name, figure in long.items():
        flag = "" if figure <= LONG_TEXT_BOUND else " **over**"
        over += bool(flag)
        print(f"| {name} on a long text | | | {figure:.3f} ms / KB | {LONG_TEXT_BOUND}{flag} |")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
