"""An internal link checker for a built static site (stdlib only).

Every ``href``, ``src``, ``srcset``, ``data`` and ``action`` of every HTML
file that points inside the site must resolve to a file of the site: a
directory URL to its ``index.html``, a fragment to an element ``id`` (or an
``<a name>``) of the target page. Relative links are resolved as a browser
resolves them against the page's own URL, so a page ``a/b/index.html`` served
as ``a/b/`` resolves ``../c/`` to ``a/c/index.html``.

A site must also work when it is served from a sub-path
(``https://host/project/``, as GitHub Pages serves a project): a
root-absolute link ``/x`` then points outside the site, so every one is
reported, except in pages that a server shows at any URL (``404.html``),
where MkDocs writes root-absolute links on purpose; those are resolved
against ``base_path`` (the path of ``site_url``) and checked like the others.

Usage: ``python tests/linkcheck.py SITE_DIR [--base-path /project/]``.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The attributes that hold a URL, by element; ``*`` for any element.
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "base": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "input": ("src",),
    "object": ("data",),
    "form": ("action",),
    "button": ("formaction",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
# Pages a server shows at any URL: their root-absolute links are intended.
ANY_URL_PAGES = ("404.html",)


@dataclass(frozen=True)
class Link:
    """One URL found in a page: the element, the attribute and the value as written."""

    tag: str
    attribute: str
    url: str
    line: int


@dataclass(frozen=True)
class Broken:
    """A link that does not resolve: the page (relative to the site), the URL, and why."""

    page: str
    url: str
    reason: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.url!r}: {self.reason}"


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        line = self.getpos()[0]
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            value = values.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.page.links.append(Link(tag, attribute, url, line))
            else:
                self.page.links.append(Link(tag, attribute, value.strip(), line))

    handle_startendtag = handle_starttag


def parse(html: str) -> tuple[set[str], list[Link]]:
    """The ids and the links of one HTML document."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page.ids, parser.page.links


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def _page_url(rel: str) -> str:
    """The URL path (relative to the site root) a file is served at: ``a/index.html`` at ``a/``."""
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


class Site:
    """A built site on disk: its files, and the ids and links of its HTML pages (parsed lazily)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        self.dirs = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}
        self._pages: dict[str, tuple[set[str], list[Link]]] = {}

    def pages(self) -> list[str]:
        """Every HTML file, relative to the site root, sorted."""
        return sorted(rel for rel in self.files if rel.endswith((".html", ".htm")))

    def parsed(self, rel: str) -> tuple[set[str], list[Link]]:
        """The ids and links of the HTML file ``rel``."""
        if rel not in self._pages:
            self._pages[rel] = parse((self.root / rel).read_text(encoding="utf-8", errors="replace"))
        return self._pages[rel]

    def target(self, path: str) -> str | None:
        """The file a site-relative URL path is served from, or None."""
        path = path.strip("/")
        if path in ("", "."):
            return "index.html" if "index.html" in self.files else None
        if path in self.files:
            return path
        if path in self.dirs and f"{path}/index.html" in self.files:
            return f"{path}/index.html"
        return None


def check_link(site: Site, page: str, link: Link, base_path: str = "/") -> str | None:
    """Why an internal link of ``page`` is broken, or None if it resolves (or is not internal)."""
    url = link.url
    if _is_external(url):
        return None
    parts = urlsplit(url)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        if page not in ANY_URL_PAGES and posixpath.basename(page) not in ANY_URL_PAGES:
            return "root-absolute link: breaks when the site is served from a sub-path"
        base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        if not path.startswith(base) and path + "/" != base:
            return f"root-absolute link outside the base path {base}"
        resolved = posixpath.normpath(path[len(base) :]) if path.startswith(base) and path != base else "."
        if resolved == ".." or resolved.startswith("../"):
            return "points outside the site"
    elif path:
        here = _page_url(page)
        directory = here if here.endswith("/") or not here else posixpath.dirname(here)
        resolved = posixpath.normpath(posixpath.join(directory, path))
        if resolved == ".." or resolved.startswith("../"):
            return "points outside the site"
    else:
        resolved = None  # the page itself: "#x" or "?q"
    if resolved is None:
        target = page
    else:
        if resolved.startswith("./"):
            resolved = resolved[2:]
        target = site.target(resolved)
        if target is None:
            return f"no file for {resolved or '.'}"
        if path.endswith("/") and target == resolved.strip("/"):
            return f"{resolved} is a file, linked as a folder"
    if fragment and target.endswith((".html", ".htm")):
        ids, _ = site.parsed(target)
        if fragment not in ids:
            return f"no element with id {fragment!r} in {target}"
    return None


def check_site(root: Path, base_path: str = "/") -> list[Broken]:
    """Every broken internal link of the site in ``root``, page by page."""
    site = Site(root)
    broken = []
    for page in site.pages():
        _, links = site.parsed(page)
        for link in links:
            reason = check_link(site, page, link, base_path)
            if reason is not None:
                broken.append(Broken(page, link.url, reason, link.line))
    return broken


def _summary(broken: Iterable[Broken], limit: int = 40) -> Iterator[str]:
    items = list(broken)
    yield from (str(item) for item in items[:limit])
    if len(items) > limit:
        yield f"... and {len(items) - limit} more"


def main(argv: list[str] | None = None) -> int:
    """Check a site folder; print the broken links; exit 1 if there are any."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--base-path", default="/", help="the path of site_url (for 404.html)")
    args = parser.parse_args(argv)
    broken = check_site(args.site, args.base_path)
    for line in _summary(broken, limit=10_000):
        print(line)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
