"""Renderers called as the host calls them, for tests that render pages without a build."""

from __future__ import annotations

from types import ModuleType

import pluggy

from generator import hookspecs
from generator.model import Page, Report
from generator.settings import Settings
from generator.strings import Catalog


def site_pages(
    report: Report, lang: str, strings: Catalog, settings: Settings, *renderers: ModuleType
) -> list[Page]:
    """The pages ``renderers`` make of ``report`` in UI language ``lang``, as a build makes
    them: each story's pages from that story's report alone (``parallax_pages``), then the
    pages about the whole site from the report's outline (``parallax_site_pages``)."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for module in renderers:
        pm.register(module)
    found: list[Page] = []
    args = {"lang": lang, "strings": strings, "settings": settings}
    for story in report.stories:
        for batch in reversed(pm.hook.parallax_pages(report=report.story_report(story), **args)):
            found.extend(batch)
    for batch in reversed(pm.hook.parallax_site_pages(site=report.outline(), **args)):
        found.extend(batch)
    return found
