"""Plugins' typed options: declared, checked against the config, defaults filled in."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from generator import hookimpl
from generator.errors import PluginError
from generator.manager import DEFAULT_PLUGINS, plugin_manager
from generator.model import Extraction, Fact
from generator.options import resolve
from generator.pipeline import run
from generator.settings import Settings


class Counter:
    """Counts words longer than a configurable length, as one fact per article."""

    @hookimpl
    def parallax_options(self):
        return {
            "min_length": (int, 4, "Only words at least this long count."),
            "label": (str, "long words", "The fact's label."),
            "ratio": (float, 0.5, "Unused; checks that an int is a fine float."),
        }

    @hookimpl
    def parallax_extract(self, article, settings):
        options = settings.plugin_options("counter")
        count = sum(len(word) >= options["min_length"] for word in article.text.split())
        return Extraction(facts=(Fact("count", 0, 0, "", count, attrs={"label": options["label"]}),))


def pm():
    return plugin_manager(entry_points=False, extra=[("counter", Counter())])


def with_options(settings: Settings, options: dict) -> Settings:
    return Settings(settings.content_dir, settings.build_dir, options=options)


def test_defaults_are_filled_in_and_values_reach_the_plugin(settings: Settings) -> None:
    write(settings.content_dir, "s/a.txt", "One two three seventeen eighteen.")
    resolved = resolve(pm(), settings)
    assert dict(resolved.plugin_options("counter")) == {"min_length": 4, "label": "long words", "ratio": 0.5}
    [fact] = (
        run(with_options(settings, {"counter": {"min_length": 6, "ratio": 1}}), pm())
        .results[0]
        .extraction.facts
    )
    assert fact.value == 2  # seventeen, eighteen.


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"counter": {"min_lenght": 3}}, "plugin 'counter' has no option 'min_lenght'"),
        ({"counter": {"min_length": "3"}}, "option 'min_length' of plugin 'counter' must be int, not str"),
        ({"counter": {"min_length": True}}, "must be int, not bool"),
        ({"counter": ["min_length"]}, "must be a mapping"),
        ({"nobody": {"x": 1}}, "plugin 'nobody', which is not loaded"),
        ({"readers": {"x": 1}}, "plugin 'readers' has no options"),
    ],
)
def test_wrong_options_are_refused_naming_the_plugin_and_key(
    settings: Settings, options: dict, message: str
) -> None:
    with pytest.raises(PluginError, match=message):
        resolve(pm(), with_options(settings, options))


def test_a_malformed_declaration_is_named() -> None:
    class Bad:
        @hookimpl
        def parallax_options(self):
            return {"x": int}

    bad = plugin_manager(disabled=DEFAULT_PLUGINS, entry_points=False, extra=[("bad", Bad())])
    with pytest.raises(PluginError, match="plugin 'bad': option 'x' must be declared"):
        resolve(
            bad,
            Settings(content_dir=Path("."), build_dir=Path(".")),
        )
