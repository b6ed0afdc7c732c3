"""Plugins' typed options: declared with ``parallax_options``, checked against the config.

A plugin declares ``{name: (type, default, description)}``. The user's
``options: {plugin: {name: value}}`` block is checked against every
declaration: an unknown plugin, an unknown key or a value of the wrong type
is refused with a message naming the plugin and the key. Each plugin then
reads its options, defaults filled in, with ``settings.plugin_options(name)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pluggy

from generator.calls import call_each
from generator.errors import PluginError
from generator.model import Problem, frozen_map
from generator.settings import Settings


@dataclass(frozen=True)
class Option:
    """One declared option of one plugin."""

    plugin: str
    name: str
    type: type | tuple[type, ...]
    default: Any
    description: str


def declared(pm: pluggy.PluginManager) -> dict[str, dict[str, Option]]:
    """Every plugin's declared options, by plugin name then option name."""
    problems: list[Problem] = []
    options: dict[str, dict[str, Option]] = {}
    for plugin, declaration in call_each(pm, "parallax_options", problems):
        if not isinstance(declaration, dict):
            raise PluginError(
                f"plugin '{plugin}': parallax_options must return a dict, not {type(declaration).__name__}"
            )
        for name, spec in declaration.items():
            if not (isinstance(spec, tuple) and len(spec) == 3 and isinstance(spec[2], str)):
                raise PluginError(
                    f"plugin '{plugin}': option '{name}' must be declared as (type, default, description)"
                )
            kind, default, description = spec
            options.setdefault(plugin, {})[name] = Option(plugin, name, kind, default, description)
    if problems:
        raise PluginError(str(problems[0]))
    return options


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def _fits(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # YAML's 3 is a fine float; a bool is never a number.
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        return True
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


def resolve(pm: pluggy.PluginManager, settings: Settings) -> Settings:
    """The settings with every plugin's options checked and their defaults filled in."""
    options = declared(pm)
    given = settings.options
    for plugin, values in given.items():
        if plugin not in options:
            known = ", ".join(sorted(options)) or "none"
            if pm.get_plugin(plugin) is None:
                raise PluginError(
                    f"options for plugin '{plugin}', which is not loaded (plugins with options: {known})"
                )
            raise PluginError(f"plugin '{plugin}' has no options (plugins with options: {known})")
        if not isinstance(values, dict | type(frozen_map())):
            raise PluginError(f"options of plugin '{plugin}' must be a mapping of option names to values")
        for key, value in values.items():
            option = options[plugin].get(key)
            if option is None:
                raise PluginError(
                    f"plugin '{plugin}' has no option '{key}' (it has: {', '.join(sorted(options[plugin]))})"
                )
            if not _fits(value, option.type):
                raise PluginError(
                    f"option '{key}' of plugin '{plugin}' must be {_type_name(option.type)}, "
                    f"not {type(value).__name__} ({value!r})"
                )
    complete = {
        plugin: frozen_map(
            {name: given.get(plugin, {}).get(name, option.default) for name, option in declared_.items()}
        )
        for plugin, declared_ in options.items()
    }
    return replace(settings, options=frozen_map(complete))
