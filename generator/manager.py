"""The plugin manager factory: specs, built-ins, entry points, config-listed modules.

Nothing is registered at import time: every call builds a fresh manager, so
each test gets its own.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from collections.abc import Iterable
from dataclasses import dataclass

import pluggy

import generator
from generator import hookspecs
from generator.errors import PluginError

# The built-in plugins, in registration order. pluggy calls the last registered
# first, so a plugin listed later goes before one listed earlier.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "readers",
    "furniture",
    "metadata",
    "language",
    "sentences",
    "quotes",
    "defects",
    "quantities",
    "dates",
    "pages",
    "entities",
    "linking",
    "embedder",
    "lineage",
    "claims",
    "claim_pages",
    "discrepancies",
    "discrepancy_pages",
    "overview_pages",
    "methodology_pages",
    "summaries",
)

ENTRY_POINT_GROUP = "parallax"
# Comma-separated plugin names: only these load (llm's LLM_LOAD_PLUGINS).
ENV_LOAD = "PARALLAX_LOAD_PLUGINS"
# Comma-separated plugin names that do not load.
ENV_DISABLE = "PARALLAX_DISABLE_PLUGINS"


@dataclass(frozen=True)
class PluginOrigin:
    """Where a registered plugin came from, for `parallax plugins` and error messages."""

    name: str
    version: str
    origin: str  # "built-in", "entry point <dist>", "config"
    module: str


class ParallaxPluginManager(pluggy.PluginManager):
    """A pluggy manager that also remembers where each plugin came from."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.origins: dict[str, PluginOrigin] = {}

    def register_from(self, plugin: object, name: str, version: str, origin: str) -> None:
        """Register ``plugin`` under ``name``, recording its version and origin."""
        if self.has_plugin(name):
            known = self.origins.get(name)
            raise PluginError(
                f"two plugins are named '{name}': {origin} and {known.origin if known else 'another'}"
            )
        self.register(plugin, name=name)
        module = getattr(plugin, "__name__", type(plugin).__module__)
        self.origins[name] = PluginOrigin(name, version, origin, module)

    def plugin_names(self) -> list[str]:
        """Names of the registered plugins, in registration order."""
        return list(self.origins)


def _env_names(variable: str) -> set[str] | None:
    value = os.environ.get(variable)
    if value is None:
        return None
    return {part.strip() for part in value.split(",") if part.strip()}


def wanted(name: str, disabled: Iterable[str] = ()) -> bool:
    """Whether a plugin of this name loads: not switched off in the config (``disabled``) or by
    PARALLAX_DISABLE_PLUGINS, and named in PARALLAX_LOAD_PLUGINS when that is set.

    Renderers ask it before linking to another plugin's pages."""
    only = _env_names(ENV_LOAD)
    return name not in set(disabled) | (_env_names(ENV_DISABLE) or set()) and (only is None or name in only)


def _import(module_name: str, what: str) -> object:
    try:
        return importlib.import_module(module_name)
    except Exception as exc:  # a plugin that fails to load is never skipped silently
        raise PluginError(f"cannot load {what} '{module_name}': {type(exc).__name__}: {exc}") from exc


def plugin_manager(
    *,
    disabled: Iterable[str] = (),
    modules: Iterable[str] = (),
    entry_points: bool = True,
    extra: Iterable[tuple[str, object]] = (),
) -> ParallaxPluginManager:
    """Build a plugin manager with every plugin that should load.

    ``disabled``: plugin names switched off (built-in or not). ``modules``:
    dotted module names listed in the config (``plugins:``), registered under
    their last dotted part. ``extra``: ``(name, plugin)`` pairs, for tests and
    embedding. The environment variables PARALLAX_LOAD_PLUGINS (only these)
    and PARALLAX_DISABLE_PLUGINS (not these) restrict loading further.
    """
    pm = ParallaxPluginManager()
    pm.add_hookspecs(hookspecs)
    disabled = tuple(disabled)

    for name in DEFAULT_PLUGINS:
        if wanted(name, disabled):
            pm.register_from(
                _import(f"plugins.{name}", "built-in plugin"), name, generator.__version__, "built-in"
            )

    if entry_points:
        for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if not wanted(ep.name, disabled):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(
                    f"cannot load plugin '{ep.name}' (entry point {ep.value}): {type(exc).__name__}: {exc}"
                ) from exc
            dist = ep.dist
            version = dist.version if dist else "unknown"
            pm.register_from(plugin, ep.name, version, f"entry point ({dist.name if dist else '?'})")

    for module_name in modules:
        name = module_name.rsplit(".", 1)[-1]
        if wanted(name, disabled):
            plugin = _import(module_name, "plugin module")
            pm.register_from(plugin, name, str(getattr(plugin, "__version__", "unknown")), "config")

    for name, plugin in extra:
        if wanted(name, disabled):
            pm.register_from(plugin, name, str(getattr(plugin, "__version__", "unknown")), "registered")

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or exc.plugin
        raise PluginError(f"plugin '{name}' implements a hook Parallax does not have: {exc}") from exc
    return pm


def describe(pm: ParallaxPluginManager) -> list[dict[str, object]]:
    """Each plugin with its version, origin and hooks: what `parallax plugins` prints."""
    rows = []
    for name in pm.plugin_names():
        plugin = pm.get_plugin(name)
        info = pm.origins[name]
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
        rows.append(
            {
                "name": name,
                "version": info.version,
                "origin": info.origin,
                "module": info.module,
                "hooks": hooks,
            }
        )
    return rows
