"""The navigation a page is rendered with: what Material shows of it, no more.

With ``navigation.prune``, Material renders a section that is not on the
page's way as one link, to its first page. Yet its templates still loop over
all of that section's children for every page (to find the section's index
page, writing a line of whitespace each time): on a site of S stories of A
pages each, every page costs S × A, and the site S² × A². Measured on a
10,000-article site (200 stories): 330 of a page's 400 KB were the
navigation, most of it blank lines, 7.6 GB of HTML per UI language.

:class:`PrunedNavigation` gives each page a view of the navigation in which
every section Material would prune keeps only its first child (a stand-in,
made once per section): the same links, without the loops. Sections on the
page's way, and those Material shows expanded (``navigation.sections``,
``navigation.tabs``), keep all their children.

Even pruned, every page still lists the sections beside its own: on a site
of 2,000 stories, 2,000 links a page. Of a section with more than
``max_sections`` sections in it, a page shows only the one it is in; the
section's index page (a list of stories) links to them all.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from mkdocs.structure.nav import Navigation


def _is_section(item: object) -> bool:
    return bool(getattr(item, "is_section", False)) and isinstance(getattr(item, "children", None), list)


class PrunedNavigation:
    """Per-page views of one build's navigation (see the module's docstring)."""

    def __init__(self, nav: Navigation, features: Iterable[str], max_sections: int | None = None) -> None:
        self.nav = nav
        self.max_sections = max_sections
        features = set(features)
        self.enabled = "navigation.prune" in features
        self.tabs = "navigation.tabs" in features
        self.sections = "navigation.sections" in features
        self._stand_ins: dict[int, object] = {}  # id(section) -> its stand-in; nav holds the sections

    def _shown_expanded(self, level: int, parent_active: bool) -> bool:
        """Whether Material renders an inactive section at this level expanded (not pruned),
        as its ``nav-item.html`` decides."""
        if self.tabs:
            return self.sections and level == 2 and parent_active
        return self.sections and level == 1

    def _stand_in(self, section):
        """The section as a pruned link needs it: its first child only (Material links to the
        first page it finds by following first children)."""
        held = self._stand_ins.get(id(section))
        if held is None:
            first = section.children[0] if section.children else None
            held = copy.copy(section)
            held.children = [] if first is None else [self._stand_in(first) if _is_section(first) else first]
            self._stand_ins[id(section)] = held
        return held

    def _items(self, items: list, level: int, parent_active: bool) -> list:
        crowded = self.max_sections is not None and sum(map(_is_section, items)) > self.max_sections
        shown = []
        for item in items:
            if not _is_section(item):
                shown.append(item)
            elif crowded and not item.active:
                continue  # one of too many: the section's own page lists them
            elif item.active or self._shown_expanded(level, parent_active):
                expanded = copy.copy(item)  # the section as it is, its children seen the same way
                expanded.children = self._items(item.children, level + 1, bool(item.active))
                shown.append(expanded)
            else:
                shown.append(self._stand_in(item))
        return shown

    def view(self) -> Navigation:
        """The navigation for the page being built (MkDocs has marked its way active)."""
        if not self.enabled:
            return self.nav
        shown = copy.copy(self.nav)  # homepage and pages as they are: previous/next links use them
        shown.items = self._items(self.nav.items, 1, True)
        return shown
