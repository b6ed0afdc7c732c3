"""Running the analysis: in this process, in a process pool, or on a Dask cluster.

Workers build their own plugin manager once (heavy resources such as language
models then load once per worker), and send results back as the frozen
dataclasses themselves, pickled: the same objects wherever they were computed,
and read back at C speed (decoding the cache's JSON-ready data took this
process three times as long). When the run keeps a cache, a worker sends the
result's cache entry along, so that this process only writes it.
"""

from __future__ import annotations

import gc
import itertools
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pluggy

from generator.errors import ParallaxError
from generator.model import ArticleResult, Problem, Source
from generator.serialize import from_data, to_data
from generator.settings import Settings

Outcome = tuple[ArticleResult | None, tuple[Problem, ...]]
# An outcome, and its cache entry when a worker made it (None: make it here if it is wanted).
Analysed = tuple[Outcome, dict[str, Any] | None]
EXECUTORS = ("auto", "serial", "process", "dask")
# Below this many articles a pool costs more to start than it saves.
POOL_THRESHOLD = 24

_worker: dict[str, Any] = {}  # the worker process's plugin manager and settings


def _spec(pm: pluggy.PluginManager, settings: Settings) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a worker needs to rebuild the same plugin manager: disabled names and config modules."""
    origins = getattr(pm, "origins", {})
    if any(info.origin == "registered" for info in origins.values()):
        raise ParallaxError("plugins registered in-process cannot run in worker processes")
    return settings.disabled, settings.plugins


def _init(settings_data: dict[str, Any], disabled: tuple[str, ...], modules: tuple[str, ...]) -> None:
    from threadpoolctl import threadpool_limits

    from generator.manager import plugin_manager

    # One BLAS thread per worker: the workers already use every core, and numerical
    # libraries that also start a thread per core make each worker twice as slow here.
    threadpool_limits(limits=1)
    _worker["settings"] = from_data(Settings, settings_data)
    _worker["pm"] = plugin_manager(disabled=disabled, modules=modules)


# A worker sets what it has loaded aside from the garbage collector after this many articles.
SET_ASIDE_EVERY = 16
# Chunks of articles sent to the process pool ahead of the run's reading, per worker.
AHEAD = 4


def _work(source: Source) -> Analysed:
    from generator.cache import ArticleCache
    from generator.pipeline import analyse

    settings = _worker["settings"]
    outcome = analyse(source, _worker["pm"], settings)
    entry = ArticleCache.entry(outcome) if settings.cache_dir else None
    # The models and grammars a worker loads as it goes (millions of objects, kept for its
    # life) would be scanned again by every full garbage collection: set them aside now and
    # then. An article's own objects are freed as it ends; what is set aside with them is
    # the odd cycle, a few objects an article.
    _worker["done"] = done = _worker.get("done", 0) + 1
    if done % SET_ASIDE_EVERY == 0:
        gc.freeze()
    return outcome, entry


def _work_chunk(sources: list[Source]) -> list[Analysed]:
    return [_work(source) for source in sources]


def _dask_init(settings_data: dict[str, Any], disabled: tuple[str, ...], modules: tuple[str, ...]) -> None:
    # A Dask worker keeps module state between tasks: build the manager once per spec.
    key = (repr(settings_data), disabled, modules)
    if _worker.get("key") != key:
        _init(settings_data, disabled, modules)
        _worker["key"] = key


def _dask_work(
    sources: list[Source], settings_data: dict[str, Any], disabled: tuple[str, ...], modules: tuple[str, ...]
) -> bytes:
    """One Dask task: a chunk of articles, their results pickled into one bytes object."""
    _dask_init(settings_data, disabled, modules)
    return pickle.dumps([_work(source) for source in sources], protocol=pickle.HIGHEST_PROTOCOL)


def _task(task: tuple[Callable[[Any, pluggy.PluginManager, Settings], Any], Any]) -> Any:
    function, payload = task
    return function(payload, _worker["pm"], _worker["settings"])


def _dask_task(
    function: Callable[[Any, pluggy.PluginManager, Settings], Any],
    payload: bytes,
    settings_data: dict[str, Any],
    disabled: tuple[str, ...],
    modules: tuple[str, ...],
) -> Any:
    _dask_init(settings_data, disabled, modules)
    return _task((function, pickle.loads(payload)))


def chunk_size(count: int, workers: int) -> int:
    """How many of ``count`` articles go to a worker at once: about eight chunks per worker,
    at most 64 articles each. Few enough chunks that the cost of each task (the scheduler's,
    and this process's, which may be the scheduler's too) stays small; enough that the
    workers finish at about the same time."""
    return max(1, min(64, count // (max(1, workers) * 8)))


def chunks(count: int, workers: int) -> list[tuple[int, int]]:
    """``count`` articles cut into consecutive (start, end) ranges of :func:`chunk_size`."""
    size = chunk_size(count, workers)
    return [(start, min(count, start + size)) for start in range(0, count, size)]


class Workers:
    """Where a run's work goes: this process, a local process pool, or a Dask cluster.

    One pool serves both stages of a run: the per-article analyses
    (:meth:`analyse`) and the story-level tasks (:meth:`submit`).
    A story's comparison can then be submitted as soon as its articles are
    in, while the next stories' articles are still being analysed, and each
    worker loads its models once. The pool starts on first use; use as a
    context manager (it is shut down on exit).
    """

    def __init__(self, pm: pluggy.PluginManager, settings: Settings, articles: int) -> None:
        self.pm = pm
        self.settings = settings
        self._settings_data = to_data(settings)  # what a worker rebuilds its settings from
        self._kind = choose(settings, articles)
        try:
            self._spec: tuple[tuple[str, ...], tuple[str, ...]] | None = _spec(pm, settings)
        except ParallaxError:
            if settings.executor in ("process", "dask"):
                raise
            self._spec = None  # plugins registered in-process: everything runs here
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Shut the pool down (or disconnect from the cluster)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def started(self) -> bool:
        """Whether worker processes (or a cluster connection) are already up."""
        return self._pool is not None or self._client is not None

    @property
    def parallel(self) -> bool:
        """Whether story-level tasks may go to workers: the executor is Dask, or a local one
        that would use a pool for a large corpus on several cores; and the plugins can be
        rebuilt in a worker (none registered in-process)."""
        return self._spec is not None and choose(self.settings, POOL_THRESHOLD) in ("process", "dask")

    def _start(self) -> None:
        if self.started:
            return
        assert self._spec is not None
        disabled, modules = self._spec
        if choose(self.settings, POOL_THRESHOLD) == "dask":
            try:
                from distributed import Client
            except ImportError as exc:
                raise ParallaxError(
                    "the dask executor needs dask.distributed: pip install 'parallax[dask]'"
                ) from exc
            if not self.settings.dask_address:
                raise ParallaxError(
                    "the dask executor needs the scheduler's address (dask_address or --dask)"
                )
            self._client = Client(self.settings.dask_address, set_as_default=False)
        else:
            self._pool = ProcessPoolExecutor(
                max_workers=workers(self.settings),
                initializer=_init,
                initargs=(self._settings_data, disabled, modules),
            )

    def analyse(self, sources: list[Source]) -> Iterator[Analysed]:
        """The outcome of every source, in the sources' order, as each comes in (with its cache
        entry when a worker made it)."""
        from generator.pipeline import analyse

        if self._kind == "serial" or self._spec is None or not sources:
            for source in sources:
                yield analyse(source, self.pm, self.settings), None
            return
        self._start()
        disabled, modules = self._spec
        if self._client is not None:
            # Chunks of articles, not one task per article: each task costs the worker, the
            # scheduler and this process (which may host the scheduler) milliseconds of CPU,
            # taken from the analysis when they share the cores.
            threads = sum(self._client.nthreads().values()) or workers(self.settings)
            futures = self._client.map(
                _dask_work,
                [sources[start:end] for start, end in chunks(len(sources), threads)],
                settings_data=self._settings_data,
                disabled=disabled,
                modules=modules,
                pure=False,
            )
            futures.reverse()
            while futures:
                future = futures.pop()  # dropped once read: the worker can free the result
                yield from pickle.loads(future.result())
            return
        assert self._pool is not None
        # A few chunks per worker sent ahead, the next one as each is read: results come back
        # no faster than the run takes them (a site is rendered story by story meanwhile), so
        # they never pile up here, and a story's comparison waits behind a few chunks, not all.
        count = workers(self.settings)
        size = chunk_size(len(sources), count)
        pieces = (sources[start : start + size] for start in range(0, len(sources), size))
        sent = deque(
            self._pool.submit(_work_chunk, piece) for piece in itertools.islice(pieces, AHEAD * count)
        )
        while sent:
            done = sent.popleft().result()
            piece = next(pieces, None)
            if piece is not None:
                sent.append(self._pool.submit(_work_chunk, piece))
            yield from done

    def submit(self, function: Callable[[Any, pluggy.PluginManager, Settings], Any], payload: Any) -> Any:
        """Run ``function(payload, pm, settings)`` in a worker: a future (``.result()``).

        For story-level stages (ask :attr:`parallel` first): ``function`` is a
        module-level function, the payload and the result picklable.
        """
        self._start()
        if self._client is not None:
            assert self._spec is not None
            disabled, modules = self._spec
            # The payload as one opaque bytes object: Dask looks for futures in every value
            # inside a task's arguments, and walking a story's results that way costs five
            # times as much as pickling them (about 0.7 ms an article).
            return self._client.submit(
                _dask_task,
                function,
                pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL),
                settings_data=self._settings_data,
                disabled=disabled,
                modules=modules,
                pure=False,
            )
        assert self._pool is not None
        return self._pool.submit(_task, (function, payload))


def workers(settings: Settings) -> int:
    """How many workers: the setting, or one per core."""
    return settings.workers if settings.workers > 0 else (os.cpu_count() or 1)


def choose(settings: Settings, count: int) -> str:
    """The executor to use for ``count`` articles."""
    if settings.executor not in EXECUTORS:
        raise ParallaxError(f"unknown executor '{settings.executor}': choose one of {', '.join(EXECUTORS)}")
    if settings.executor != "auto":
        return settings.executor
    return "process" if count >= POOL_THRESHOLD and workers(settings) > 1 else "serial"
