"""The plugin manager: built-ins, entry points, config modules, switching plugins off."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import PluginError
from generator.manager import DEFAULT_PLUGINS, describe, plugin_manager

# The built-in plugins and the hooks each implements: a change here is a change
# users see in `parallax plugins` (datasette's EXPECTED_PLUGINS).
EXPECTED_BUILTINS = {
    "readers": ["parallax_read"],
    "furniture": ["parallax_clean"],
    "metadata": ["parallax_metadata"],
    "language": ["parallax_language", "parallax_options"],
    "sentences": ["parallax_segment"],
    "quotes": ["parallax_extract"],
    "defects": ["parallax_extract"],
    "quantities": ["parallax_extract"],
    "dates": ["parallax_extract"],
    "pages": ["parallax_pages", "parallax_site_pages"],
    "entities": ["parallax_extract"],
    "linking": ["parallax_entities"],
    "embedder": ["parallax_embed", "parallax_options"],
    "lineage": ["parallax_lineage"],
    "claims": ["parallax_claims", "parallax_options"],
    "claim_pages": ["parallax_pages"],
    "discrepancies": ["parallax_discrepancies"],
    "discrepancy_pages": ["parallax_options", "parallax_pages"],
    "summaries": ["parallax_options", "parallax_summarize"],
    "methodology_pages": ["parallax_site_pages"],
    "overview_pages": ["parallax_options", "parallax_pages"],
}


@pytest.fixture
def entry_point_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An installed distribution 'parallax-shout' with a 'shout' plugin under the parallax group."""
    (tmp_path / "parallax_shout.py").write_text(
        textwrap.dedent(
            """
            from generator import hookimpl
            from generator.model import Extraction

            @hookimpl
            def parallax_extract(article):
                return Extraction()
            """
        )
    )
    dist = tmp_path / "parallax_shout-2.5.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: parallax-shout\nVersion: 2.5.1\n")
    (dist / "entry_points.txt").write_text("[parallax]\nshout = parallax_shout\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "shout"
    sys.modules.pop("parallax_shout", None)


def test_builtins_are_registered_with_their_hooks() -> None:
    pm = plugin_manager(entry_points=False)
    rows = {row["name"]: row for row in describe(pm)}
    assert {name: rows[name]["hooks"] for name in DEFAULT_PLUGINS} == EXPECTED_BUILTINS
    assert all(rows[name]["origin"] == "built-in" for name in DEFAULT_PLUGINS)


def test_entry_point_plugin_is_loaded_with_its_distribution_version(entry_point_plugin: str) -> None:
    pm = plugin_manager()
    row = next(r for r in describe(pm) if r["name"] == entry_point_plugin)
    assert row["version"] == "2.5.1"
    assert row["origin"] == "entry point (parallax-shout)"
    assert row["hooks"] == ["parallax_extract"]


def test_any_plugin_can_be_switched_off_by_name(entry_point_plugin: str) -> None:
    pm = plugin_manager(disabled=["furniture", entry_point_plugin])
    names = {r["name"] for r in describe(pm)}
    assert "furniture" not in names and entry_point_plugin not in names
    assert "readers" in names


def test_environment_restricts_and_disables(monkeypatch: pytest.MonkeyPatch, entry_point_plugin: str) -> None:
    monkeypatch.setenv("PARALLAX_LOAD_PLUGINS", "readers, shout")
    assert [r["name"] for r in describe(plugin_manager())] == ["readers", "shout"]
    monkeypatch.delenv("PARALLAX_LOAD_PLUGINS")
    monkeypatch.setenv("PARALLAX_DISABLE_PLUGINS", "pages")
    assert "pages" not in {r["name"] for r in describe(plugin_manager())}


def test_config_module_is_registered_under_its_last_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "mypkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "extra_pages.py").write_text(
        "from generator import hookimpl\n__version__ = '0.3'\n@hookimpl\ndef parallax_pages(lang):\n    return []\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    pm = plugin_manager(modules=["mypkg.extra_pages"], entry_points=False)
    row = next(r for r in describe(pm) if r["name"] == "extra_pages")
    assert row == {
        "name": "extra_pages",
        "version": "0.3",
        "origin": "config",
        "module": "mypkg.extra_pages",
        "hooks": ["parallax_pages"],
    }


def test_misspelled_hook_fails_loudly() -> None:
    class Typo:
        from generator import hookimpl

        @hookimpl
        def parallax_extrct(self, article):  # the typo is the point
            return None

    with pytest.raises(PluginError, match=r"plugin 'typo'.*parallax_extrct"):
        plugin_manager(entry_points=False, extra=[("typo", Typo())])


def test_plugin_that_cannot_be_imported_is_named() -> None:
    with pytest.raises(PluginError, match="no_such_module_xyz"):
        plugin_manager(modules=["no_such_module_xyz"], entry_points=False)


def test_two_plugins_with_one_name_are_refused() -> None:
    with pytest.raises(PluginError, match="two plugins are named 'readers'"):
        plugin_manager(entry_points=False, extra=[("readers", object())])


def test_cli_plugins_prints_json_of_the_builtins(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["plugins", "-f", str(tmp_path / "absent.yml")])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["name"] for r in rows][: len(DEFAULT_PLUGINS)] == list(DEFAULT_PLUGINS)
    assert all({"name", "version", "origin", "module", "hooks"} <= set(r) for r in rows)
