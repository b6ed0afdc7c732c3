"""Running the per-article stages: in this process, in a process pool, or on a Dask cluster.

Workers build their own plugin manager once (heavy resources such as language
models then load once per worker), and send results back as JSON-ready data
(the cache's format), which every executor turns back into the same frozen
dataclasses: results do not depend on where they were computed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pluggy

from generator.errors import ParallaxError
from generator.model import ArticleResult, Problem, Source
from generator.serialize import from_data, to_data
from generator.settings import Settings

Outcome = tuple[ArticleResult | None, tuple[Problem, ...]]
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


def _work(source: Source) -> Any:
    from generator.pipeline import analyse

    return to_data(analyse(source, _worker["pm"], _worker["settings"]))


def _dask_init(settings_data: dict[str, Any], disabled: tuple[str, ...], modules: tuple[str, ...]) -> None:
    # A Dask worker keeps module state between tasks: build the manager once per spec.
    key = (repr(settings_data), disabled, modules)
    if _worker.get("key") != key:
        _init(settings_data, disabled, modules)
        _worker["key"] = key


def _dask_work(
    source: Source, settings_data: dict[str, Any], disabled: tuple[str, ...], modules: tuple[str, ...]
) -> Any:
    _dask_init(settings_data, disabled, modules)
    return _work(source)


def _task(task: tuple[Callable[[Any, pluggy.PluginManager, Settings], Any], Any]) -> Any:
    function, payload = task
    return function(payload, _worker["pm"], _worker["settings"])


def pool_pays(pm: pluggy.PluginManager, settings: Settings) -> bool:
    """Whether story-level stages may go to workers: the executor is Dask, or a local one that
    would use a pool for a large corpus on several cores; and the plugins can be rebuilt in a
    worker (none registered in-process)."""
    if choose(settings, POOL_THRESHOLD) not in ("process", "dask"):
        return False
    try:
        _spec(pm, settings)
    except ParallaxError:
        return False
    return True


def map_in_pool(
    function: Callable[[Any, pluggy.PluginManager, Settings], Any],
    payloads: list[Any],
    pm: pluggy.PluginManager,
    settings: Settings,
) -> list[Any]:
    """``function(payload, pm, settings)`` for each payload, in worker processes, in order.

    For story-level stages (ask :func:`pool_pays` first): ``function`` is a
    module-level function, payloads and results JSON-ready data. Each worker
    builds its plugin manager once.
    """
    disabled, modules = _spec(pm, settings)
    if choose(settings, POOL_THRESHOLD) == "dask":
        return _map_on_dask(function, payloads, settings, disabled, modules)
    count = max(1, min(workers(settings), len(payloads)))
    with ProcessPoolExecutor(
        max_workers=count, initializer=_init, initargs=(to_data(settings), disabled, modules)
    ) as pool:
        return list(pool.map(_task, [(function, payload) for payload in payloads]))


def _dask_task(
    task: tuple[Callable[[Any, pluggy.PluginManager, Settings], Any], Any],
    settings_data: dict[str, Any],
    disabled: tuple[str, ...],
    modules: tuple[str, ...],
) -> Any:
    _dask_init(settings_data, disabled, modules)
    return _task(task)


def _map_on_dask(
    function: Callable[[Any, pluggy.PluginManager, Settings], Any],
    payloads: list[Any],
    settings: Settings,
    disabled: tuple[str, ...],
    modules: tuple[str, ...],
) -> list[Any]:
    from distributed import Client

    with Client(settings.dask_address, set_as_default=False) as client:
        futures = client.map(
            _dask_task,
            [(function, payload) for payload in payloads],
            settings_data=to_data(settings),
            disabled=disabled,
            modules=modules,
            pure=False,
        )
        return [future.result() for future in futures]


def _outcome(data: Any) -> Outcome:
    result, problems = data
    return from_data(ArticleResult | None, result), from_data(tuple[Problem, ...], problems)


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


def analyse_many(
    sources: list[Source],
    pm: pluggy.PluginManager,
    settings: Settings,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
    """The outcome of every source, in the sources' order."""
    from generator.pipeline import analyse

    kind = choose(settings, len(sources))
    if kind == "serial" or not sources:
        outcomes: Iterable[Outcome] = (analyse(source, pm, settings) for source in sources)
    else:
        try:
            disabled, modules = _spec(pm, settings)
        except ParallaxError:
            if settings.executor != "auto":
                raise
            outcomes = (analyse(source, pm, settings) for source in sources)
        else:
            settings_data = to_data(settings)
            if kind == "process":
                outcomes = _in_pool(sources, settings, settings_data, disabled, modules)
            else:
                outcomes = _on_dask(sources, settings, settings_data, disabled, modules)
    for outcome in outcomes:
        if progress:
            progress(1)
        yield outcome


def _in_pool(
    sources: list[Source],
    settings: Settings,
    settings_data: dict[str, Any],
    disabled: tuple[str, ...],
    modules: tuple[str, ...],
) -> Iterator[Outcome]:
    count = workers(settings)
    chunk = max(1, min(64, len(sources) // (count * 8) or 1))
    with ProcessPoolExecutor(
        max_workers=count, initializer=_init, initargs=(settings_data, disabled, modules)
    ) as pool:
        for data in pool.map(_work, sources, chunksize=chunk):
            yield _outcome(data)


def _on_dask(
    sources: list[Source],
    settings: Settings,
    settings_data: dict[str, Any],
    disabled: tuple[str, ...],
    modules: tuple[str, ...],
) -> Iterator[Outcome]:
    try:
        from distributed import Client
    except ImportError as exc:
        raise ParallaxError("the dask executor needs dask.distributed: pip install 'parallax[dask]'") from exc
    if not settings.dask_address:
        raise ParallaxError("the dask executor needs the scheduler's address (dask_address or --dask)")
    with Client(settings.dask_address, set_as_default=False) as client:
        futures = client.map(
            _dask_work, sources, settings_data=settings_data, disabled=disabled, modules=modules, pure=False
        )
        for future in futures:
            yield _outcome(future.result())
