"""Parallax's speed and memory on generated corpora (outside the test suite).

    python benchmarks/run.py                      # 100 and 1,000 articles
    python benchmarks/run.py --sizes 100 1000 10000 --dask
    python benchmarks/run.py --sizes 10000 --plain-up-to 0  # the 10,000-article site: hours

For each size it measures, on a corpus from benchmarks/corpus.py:
- `parallax extract` from a cold cache (articles per second, peak memory);
- the extractors alone, in one process (3 KB articles per second per core,
  the best of five passes);
- `parallax extract` again after one article changed (share of the cold time);
- a full `mkdocs build` against a plain `mkdocs build` of the same generated
  pages (Parallax's share of the build, peak memory);
- with --dask, the Dask executor on a LocalCluster with 1 and 2 workers
  (the best of three runs each).
It prints a Markdown table (and JSON with --json).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1736899200"}


class _TreeMemory:
    """The peak memory of a process and its descendants together, sampled in a thread.

    Each process counts its proportional set size (PSS): pages it shares with
    others (a worker forked from the main process shares much of it) are
    shared out between them, so the sum is what the run takes from the
    machine; the resident size where PSS cannot be read.
    """

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.peak = 0
        self._root = psutil.Process(pid)
        self._every = every
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    @staticmethod
    def _size(process: psutil.Process) -> int:
        try:
            return process.memory_full_info().pss
        except (psutil.AccessDenied, AttributeError):
            return process.memory_info().rss

    def _sample(self) -> None:
        while not self._done.is_set():
            total = 0
            try:
                processes = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                processes = []
            for process in processes:
                try:
                    total += self._size(process)
                except psutil.Error:
                    continue  # ended between the listing and the reading
            self.peak = max(self.peak, total)
            self._done.wait(self._every)

    def stop(self) -> int:
        """Stop sampling; the peak in MB."""
        self._done.set()
        self._thread.join()
        return self.peak // 2**20


def _run(args: list[str], cwd: Path) -> tuple[float, int]:
    """Run a command; its wall time in seconds and its peak memory (MB): the command's
    processes together, workers included (see :class:`_TreeMemory`; a peak shorter than its
    sampling interval may be missed: the commands measured here run for seconds or hours).

    Not the kernel's ``ru_maxrss``: a child forked from this process starts with this
    process's resident size, before it runs the command."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        with subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=errors) as process:
            memory = _TreeMemory(process.pid)
            process.wait()
        elapsed = time.perf_counter() - start
        peak = memory.stop()
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(args)} failed:\n{errors.read()[-3000:]}")
    return elapsed, peak


def _project(folder: Path, articles: int) -> Path:
    stories = max(1, articles // 50)
    generate(folder / "content", stories, articles // stories)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def _extractors_alone(content: Path, limit: int = 300, runs: int = 5) -> float:
    """3 KB articles per second per core through every parallax_extract plugin, prepared
    beforehand: the best of ``runs`` passes (as timeit does: the others were slowed down by
    whatever else the machine was doing)."""
    from generator.calls import call_each
    from generator.corpus import discover
    from generator.manager import plugin_manager
    from generator.options import resolve
    from generator.pipeline import prepare, read
    from generator.settings import Settings

    pm = plugin_manager()
    settings = resolve(pm, Settings(content_dir=content, build_dir=content.parent / "unused"))
    problems: list = []
    sources = [s for story in discover(settings, problems) for s in story.sources][:limit]
    articles = [prepare(read(s, pm, settings, problems), pm, settings, problems) for s in sources]
    # Warm-up: lazy resources (each language's grammar, compiled once per process) load
    # here, not in the timing: one article of every language, then a few more.
    warm = {a.lang: a for a in articles}
    for article in [*warm.values(), *articles[:5]]:
        call_each(pm, "parallax_extract", problems, article=article, settings=settings)
    size = sum(len(a.text.encode()) for a in articles)
    # The prepared articles are this measurement's own fixtures (a worker holds one article at
    # a time): set aside from the garbage collector, which would otherwise scan them over and
    # over while the extractors run.
    gc.collect()
    gc.freeze()
    elapsed = math.inf
    for _ in range(runs):
        start = time.perf_counter()
        for article in articles:
            call_each(pm, "parallax_extract", problems, article=article, settings=settings)
        elapsed = min(elapsed, time.perf_counter() - start)
    gc.unfreeze()
    return (size / 3000) / elapsed


def _in_fresh_process(content: Path) -> float:
    """:func:`_extractors_alone` in a process of its own, as a worker would run them: not in
    this one, where an earlier size's Dask client may have left threads that take the GIL."""
    result = subprocess.run(
        [sys.executable, __file__, "--extractors-of", str(content)],
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"measuring the extractors failed:\n{result.stderr[-3000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def _dask_speedup(project: Path, runs: int = 3) -> tuple[float, float]:
    """`parallax extract`'s analysis (report.json written, no cache) on a LocalCluster of 1 and of
    2 workers: the best of ``runs`` runs each, after a first run that loads the workers' models.
    The best, because on two cores anything else the machine does falls on the two-worker runs
    (which use both) and hardly on the one-worker runs: single runs of the same corpus vary
    by a fifth."""
    from distributed import LocalCluster

    from generator.manager import plugin_manager
    from generator.pipeline import extract
    from generator.settings import Settings

    def run(settings: Settings, pm: object) -> None:
        with extract(settings, pm) as extracted, open(os.devnull, "w", encoding="utf-8") as out:
            extracted.write(out)

    times = []
    for n in (1, 2):
        with LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            settings = Settings(
                content_dir=project / "content",
                build_dir=project / "unused",
                executor="dask",
                dask_address=cluster.scheduler_address,
            )
            run(settings, plugin_manager())  # warm the workers' models
            best = math.inf
            for _ in range(runs):
                start = time.perf_counter()
                run(settings, plugin_manager())
                best = min(best, time.perf_counter() - start)
            times.append(best)
    return times[0], times[1]


def measure(size: int, with_dask: bool, with_build: bool = True, with_plain: bool = True) -> dict[str, float]:
    """Every figure for a corpus of ``size`` articles (without the site's build if not
    ``with_build``, without the plain mkdocs build of its pages if not ``with_plain``)."""
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as tmp:
        project = _project(Path(tmp), size)
        parallax = [sys.executable, "-m", "generator"]
        cold, cold_mb = _run([*parallax, "extract", "-o", "report.json"], project)
        changed = next((project / "content").rglob("*.txt"))
        changed.write_text(
            changed.read_text(encoding="utf-8") + "\nA late correction was added.\n", encoding="utf-8"
        )
        warm, _ = _run([*parallax, "extract", "-o", "report.json"], project)
        build = build_mb = plain_time = plain_mb = float("nan")
        if with_build:
            shutil.rmtree(project / ".cache")
            build, build_mb = _run([sys.executable, "-m", "mkdocs", "build", "-q"], project)
        if with_build and with_plain:
            plain_config = project / "plain.yml"
            plain = (project / "mkdocs.yml").read_text(encoding="utf-8")
            plain = plain.replace("docs_dir: content", "docs_dir: .cache/parallax/docs")
            plain = plain.replace("  - parallax:\n      content_dir: content\n", "")
            plain_config.write_text(plain, encoding="utf-8")
            plain_time, plain_mb = _run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "plain.yml", "-d", "plain"], project
            )
        figures = {
            "articles": size,
            "extract_cold_s": cold,
            "extract_articles_per_s": size / cold,
            "extract_peak_mb": cold_mb,
            "extractors_per_core_per_s": _in_fresh_process(project / "content"),
            "rebuild_one_changed_s": warm,
            "rebuild_share": warm / cold,
            "build_s": build,
            "plain_mkdocs_s": plain_time,
            "parallax_share_of_build": max(0.0, 1 - plain_time / build) if with_plain else plain_time,
            "build_peak_mb": build_mb,
            "plain_peak_mb": plain_mb,
        }
        if with_dask:
            one, two = _dask_speedup(project)
            figures |= {"dask_1_worker_s": one, "dask_2_workers_s": two, "dask_speedup": one / two}
        return figures


def _or_dash(value: float, spec: str, unit: str = "") -> str:
    """A figure formatted with ``spec``, or a dash where it was not measured (NaN)."""
    return "—" if math.isnan(value) else f"{value:{spec}}{unit}"


def table(rows: list[dict[str, float]]) -> str:
    """The figures as the README's Markdown table (— where the site was not built)."""
    lines = [
        "| articles | extract, cold | articles/s | extractors/s per core | rebuild after 1 change "
        "| extract peak memory | full build | plain mkdocs | Parallax's share | build peak memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['articles']:,} | {r['extract_cold_s']:.1f} s | {r['extract_articles_per_s']:.0f} | "
            f"{r['extractors_per_core_per_s']:.0f} | {r['rebuild_one_changed_s']:.1f} s ({r['rebuild_share']:.0%}) | "
            f"{r['extract_peak_mb']:,.0f} MB | "
            f"{_or_dash(r['build_s'], '.0f', ' s')} | {_or_dash(r['plain_mkdocs_s'], '.0f', ' s')} | "
            f"{_or_dash(r['parallax_share_of_build'], '.0%')} | {_or_dash(r['build_peak_mb'], ',.0f', ' MB')} |"
        )
    dask = [r for r in rows if "dask_speedup" in r]
    for r in dask:
        lines.append("")
        lines.append(
            f"Dask, {r['articles']:,} articles: 1 worker {r['dask_1_worker_s']:.1f} s, "
            f"2 workers {r['dask_2_workers_s']:.1f} s ({r['dask_speedup']:.2f}×)."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--dask", action="store_true", help="also measure the Dask executor")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--build-up-to",
        type=int,
        default=10**9,
        help="build the site only for corpora up to this size",
    )
    parser.add_argument(
        "--plain-up-to",
        type=int,
        default=10**9,
        help="build the same pages with plain mkdocs only for corpora up to this size (without "
        "Parallax's plugin, mkdocs-static-i18n's search index is quadratic in the pages)",
    )
    parser.add_argument("--extractors-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.extractors_of:
        print(_extractors_alone(args.extractors_of))
        return
    rows = []
    for size in args.sizes:
        build, plain = size <= args.build_up_to, size <= min(args.build_up_to, args.plain_up_to)
        rows.append(measure(size, args.dask, with_build=build, with_plain=plain))
        print(f"measured {size} articles", file=sys.stderr)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        f" ({sys.executable}: how the interpreter was built changes the figures)\n"
    )
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
