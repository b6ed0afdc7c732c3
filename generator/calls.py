"""Calling hooks so that one failing plugin is named and does not take the others down."""

from __future__ import annotations

import os
import sys
import weakref
from types import TracebackType
from typing import Any

import pluggy

from generator.errors import InputError
from generator.model import Problem

ENV_TRACE = "PARALLAX_TRACE"  # set to 1 to print every hook call to stderr


def _culprit(exc: BaseException, impls: list[pluggy.HookImpl]) -> str | None:
    """The plugin whose hook implementation raised: the innermost of its frames in the traceback."""
    codes = {impl.function.__code__: impl.plugin_name for impl in impls if hasattr(impl.function, "__code__")}
    found = None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        name = codes.get(tb.tb_frame.f_code)
        if name is not None:
            found = name
        tb = tb.tb_next
    return found


def call(
    pm: pluggy.PluginManager,
    hook_name: str,
    problems: list[Problem],
    path: str = "",
    *,
    only: str | None = None,
    **kwargs: Any,
) -> Any:
    """Call a hook like pluggy does, but survive a plugin that raises.

    The failing plugin is reported as a Problem naming it, the hook and the
    input file, and the hook is called again without it, so that the other
    plugins' results still count. An InputError (a broken input, not a broken
    plugin) is re-raised for the caller to report with the file's path.
    ``only`` names the one plugin whose implementation is called.
    """
    removed: list[object] = []
    while True:
        if removed:
            caller = pm.subset_hook_caller(hook_name, removed)
        elif only is not None:
            caller = _only(pm, hook_name, only)
        else:
            caller = getattr(pm.hook, hook_name)
        if os.environ.get(ENV_TRACE):
            names = [impl.plugin_name for impl in caller.get_hookimpls()]
            print(f"parallax: {hook_name}({path}) -> {', '.join(reversed(names))}", file=sys.stderr)
        try:
            return caller(**kwargs)
        except InputError:
            raise
        except Exception as exc:
            name = _culprit(exc, caller.get_hookimpls())
            problems.append(
                Problem(
                    f"{type(exc).__name__}: {exc}",
                    path=path,
                    plugin=name or "?",
                    hook=hook_name,
                    severity="error",
                )
            )
            plugin = pm.get_plugin(name) if name else None
            if plugin is None:
                return None
            if not removed and only is not None:
                removed = [p for other, p in pm.list_name_plugin() if other != only]
            removed.append(plugin)


# Callers of one plugin's implementation of a hook, per plugin manager: made once, not on
# every call (call_each calls each plugin on its own, for every article).
_ONLY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _only(pm: pluggy.PluginManager, hook_name: str, name: str) -> Any:
    """A caller of ``name``'s implementation of the hook alone, for the plugins registered now."""
    plugins = pm.list_name_plugin()
    key = (hook_name, name, tuple(other for other, _ in plugins))
    callers = _ONLY.setdefault(pm, {})
    caller = callers.get(key)
    if caller is None:
        caller = callers[key] = pm.subset_hook_caller(hook_name, [p for other, p in plugins if other != name])
    return caller


def implementers(pm: pluggy.PluginManager, hook_name: str) -> list[str]:
    """Names of the plugins implementing a hook, in pluggy's calling order."""
    return [impl.plugin_name for impl in reversed(getattr(pm.hook, hook_name).get_hookimpls())]


def call_each(
    pm: pluggy.PluginManager, hook_name: str, problems: list[Problem], path: str = "", **kwargs: Any
) -> list[tuple[str, Any]]:
    """Call every implementation of a hook on its own: ``(plugin name, result)`` pairs.

    For hooks whose results the host attributes to the plugin that produced
    them (facts, pages): the name comes from the host, never from the plugin.
    """
    pairs = []
    for name in implementers(pm, hook_name):
        results = call(pm, hook_name, problems, path, only=name, **kwargs)
        for result in results or ():
            if result is not None:
                pairs.append((name, result))
    return pairs
