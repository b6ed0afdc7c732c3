"""The site's sitemap: every page of every UI language with its alternates, written once.

MkDocs renders ``sitemap.xml`` from a template in every build, and
mkdocs-static-i18n builds each UI language as one: its sitemap template
lists every language built so far, so the sitemap was rendered once per
language, each time whole in memory (as the millions of small strings a
template yields, then as one string, then encoded). On a site of 10,000
articles in six languages that made a spike of about 200 MB in the fifth
language's build, and the sitemap, 130,000 addresses and 100 MB, broke the
sitemap protocol's limits of 50,000 addresses and 50 MB per file.

Here each language's entries are written to a temporary file as its
build ends (:meth:`Sitemap.add`), in the format of mkdocs-static-i18n's
template (each page, its date and its alternates in every language), and the
sitemap is written from the spool after the last language
(:meth:`Sitemap.write`): ``sitemap.xml`` when it fits the limits, else a
sitemap index at ``sitemap.xml`` naming ``sitemap-1.xml``, ``sitemap-2.xml``...
each within them; and ``sitemap.xml.gz``, as MkDocs writes it, with the time
stamp of the pages' date.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from array import array
from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import BinaryIO

from mkdocs.utils import get_build_timestamp

MAX_URLS = 50_000  # per sitemap file (sitemaps.org)
MAX_BYTES = 50 * 1024 * 1024  # per sitemap file, uncompressed (sitemaps.org)
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)
_TAIL = b"\n</urlset>"
_INDEX_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
_INDEX_TAIL = b"\n</sitemapindex>"


def _href(file, site_url: str, alternate: bool = False) -> str:
    """A file's address as mkdocs-static-i18n's sitemap gives it: its page's canonical URL, or
    its absolute path, or the site's URL followed by the file's (an alternate home page's: the
    site's URL)."""
    page = getattr(file, "page", None)
    for name in ("canonical_url", "abs_url"):
        url = getattr(page, name, None)
        if url:
            return url
    return site_url if alternate and file.url == "./" else site_url + file.url


def entry(file, site_url: str) -> tuple[str, str | None] | None:
    """A page's ``<url>`` entry and its date; None for what is not a page of the site."""
    page = getattr(file, "page", None)
    if page is None or getattr(page, "is_link", False):
        return None
    date = getattr(page, "update_date", None) or None
    lines = ["\n    <url>", f"\n        <loc>{escape(_href(file, site_url))}</loc>"]
    if date:
        lines.append(f"\n        <lastmod>{escape(str(date))}</lastmod>")
    lines.append("\n        <changefreq>daily</changefreq>")
    for locale, alternate in (getattr(file, "alternates", None) or {}).items():
        if alternate is not None:
            href = escape(_href(alternate, site_url, alternate=True))
            lines.append(f'\n        <xhtml:link rel="alternate" hreflang="{escape(locale)}" href="{href}"/>')
    lines.append("\n    </url>")
    return "".join(lines), (str(date) if date else None)


class Sitemap:
    """The sitemap's entries, spooled to a temporary file as each language's build ends."""

    def __init__(self, site_url: str, spool: BinaryIO | None = None) -> None:
        self.site_url = site_url
        self.sizes = array("Q")  # each entry's length in bytes, in the spool's order
        self.dates = array("Q")  # each entry's date as a time stamp (0: none)
        # A temporary file (removed once closed), the system's unless given one.
        self.spool = spool if spool is not None else tempfile.TemporaryFile()  # noqa: SIM115

    def add(self, files: Iterable) -> None:
        """Spool the entries of one language's pages (MkDocs' files, each with its page)."""
        for file in files:
            made = entry(file, self.site_url)
            if made is None:
                continue
            data = made[0].encode("utf-8")
            self.spool.write(data)
            self.sizes.append(len(data))
            self.dates.append(_stamp(made[1]))

    def _parts(self, max_urls: int, max_bytes: int) -> list[range]:
        """The entries' ranges, one per sitemap file within the limits."""
        parts: list[range] = []
        start, size = 0, len(_HEAD) + len(_TAIL)
        for i, length in enumerate(self.sizes):
            if i > start and (i - start >= max_urls or size + length > max_bytes):
                parts.append(range(start, i))
                start, size = i, len(_HEAD) + len(_TAIL)
            size += length
        parts.append(range(start, len(self.sizes)))
        return parts

    def write(self, site_dir: Path, max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> list[Path]:
        """Write the sitemap (and its parts, if it has to be split) and its gzip copy, and
        close the spool. The files written, the sitemap first."""
        parts = self._parts(max_urls, max_bytes)
        sitemap = site_dir / "sitemap.xml"
        written = [sitemap]
        with self.spool as spool:
            spool.seek(0)
            if len(parts) == 1:
                _copy_part(spool, sitemap, sum(self.sizes))
            else:
                index = [_INDEX_HEAD]
                for number, part in enumerate(parts, 1):
                    path = site_dir / f"sitemap-{number}.xml"
                    _copy_part(spool, path, sum(self.sizes[i] for i in part))
                    written.append(path)
                    last = max((self.dates[i] for i in part), default=0)
                    index.append(
                        f"\n    <sitemap>\n        <loc>{escape(self.site_url + path.name)}</loc>".encode()
                    )
                    if last:
                        day = datetime.fromtimestamp(last, UTC).strftime("%Y-%m-%d")
                        index.append(f"\n        <lastmod>{day}</lastmod>".encode())
                    index.append(b"\n    </sitemap>")
                index.append(_INDEX_TAIL)
                sitemap.write_bytes(b"".join(index))
        # As MkDocs does: the gzip copy's time stamp is the pages' latest date (or the build's).
        stamp = max(self.dates, default=0) or get_build_timestamp()
        with (
            sitemap.open("rb") as source,
            (site_dir / "sitemap.xml.gz").open("wb") as target,
            gzip.GzipFile(fileobj=target, filename=f"{sitemap}.gz", mode="wb", mtime=stamp) as packed,
        ):
            shutil.copyfileobj(source, packed)
        return written


def _copy_part(spool, path: Path, length: int) -> None:
    """One sitemap file: the head, the next ``length`` bytes of the spool, the tail."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(_HEAD)
        while length > 0:
            chunk = spool.read(min(length, 1 << 20))
            if not chunk:
                break
            out.write(chunk)
            length -= len(chunk)
        out.write(_TAIL)


def _stamp(date: str | None) -> int:
    """A page's date (``YYYY-MM-DD``, as MkDocs sets it) as the time stamp of its midnight, UTC."""
    if not date:
        return 0
    try:
        return int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp())
    except ValueError:
        return 0
