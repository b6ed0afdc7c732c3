"""The sitemap Parallax writes once for every UI language (generator.sitemap)."""

from __future__ import annotations

import gzip
import re
import struct
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from generator.sitemap import Sitemap, entry

SITE = "https://example.org/press/"
LANGS = ("en", "de", "ka")


def _page(url: str, date: str | None = "2026-03-09", **extra) -> SimpleNamespace:
    return SimpleNamespace(canonical_url=SITE + url, abs_url="/press/" + url, update_date=date, **extra)


def _files(count: int, lang: str, date: str = "2026-03-09") -> list[SimpleNamespace]:
    """One language's files of ``count`` pages, each with its alternates in every language."""
    files = []
    for n in range(count):
        path = f"stories/story-{n:05d}/"
        url = path if lang == "en" else f"{lang}/{path}"
        alternates = {
            other: SimpleNamespace(url=path if other == "en" else f"{other}/{path}", page=None)
            for other in LANGS
        }
        files.append(SimpleNamespace(url=url, page=_page(url, date), alternates=alternates))
    return files


def _locations(text: str) -> list[str]:
    return re.findall(r"<loc>([^<]*)</loc>", text)


def test_an_entry_names_the_page_its_date_and_every_alternate() -> None:
    file = SimpleNamespace(
        url="de/berichte/a&b/",
        page=_page("de/berichte/a&b/"),
        alternates={
            "en": SimpleNamespace(url="berichte/a&b/", page=None),
            "de": SimpleNamespace(url="de/berichte/a&b/", page=None),
            "ka": None,  # no page in that language: no alternate
        },
    )
    text, date = entry(file, SITE)
    assert date == "2026-03-09"
    assert _locations(text) == ["https://example.org/press/de/berichte/a&amp;b/"]
    assert "<lastmod>2026-03-09</lastmod>" in text
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', text) == [
        ("en", "https://example.org/press/berichte/a&amp;b/"),
        ("de", "https://example.org/press/de/berichte/a&amp;b/"),
    ]


def test_what_is_not_a_page_has_no_entry() -> None:
    assert entry(SimpleNamespace(url="assets/x.css", page=None, alternates={}), SITE) is None
    link = SimpleNamespace(url="elsewhere/", page=_page("elsewhere/", is_link=True), alternates={})
    assert entry(link, SITE) is None


def test_without_a_site_url_the_addresses_are_the_pages_own() -> None:
    # As mkdocs-static-i18n's template: the site's URL (none) before the file's.
    home = SimpleNamespace(
        url="./",
        page=SimpleNamespace(canonical_url=None, abs_url=None, update_date=None),
        alternates={"en": SimpleNamespace(url="./", page=None), "fr": SimpleNamespace(url="fr/", page=None)},
    )
    text, date = entry(home, "")
    assert date is None and "<lastmod>" not in text
    assert _locations(text) == ["./"]
    assert re.findall(r'hreflang="([^"]+)" href="([^"]*)"', text) == [("en", ""), ("fr", "fr/")]


def test_a_small_site_has_one_sitemap_of_every_language_in_build_order(tmp_path) -> None:
    sitemap = Sitemap(SITE)
    for lang in LANGS:
        sitemap.add(_files(3, lang))
    site = tmp_path / "site"
    site.mkdir()
    assert sitemap.write(site) == [site / "sitemap.xml"]
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset ')
    assert text.endswith("</url>\n</urlset>")
    expected = [
        SITE + ("" if lang == "en" else f"{lang}/") + f"stories/story-{n:05d}/"
        for lang in LANGS
        for n in range(3)
    ]
    assert _locations(text) == expected
    assert text.count("<xhtml:link ") == 9 * len(LANGS)
    assert sitemap.spool.closed
    assert not list(site.glob("sitemap-*.xml"))


def test_the_gzip_copy_holds_the_sitemap_stamped_with_the_pages_date(tmp_path) -> None:
    sitemap = Sitemap(SITE)
    sitemap.add(_files(2, "en", date="2026-03-09"))
    sitemap.add(_files(2, "de", date="2026-03-11"))
    sitemap.write(tmp_path)
    data = (tmp_path / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(data) == (tmp_path / "sitemap.xml").read_bytes()
    stamp = struct.unpack("<I", data[4:8])[0]  # the gzip header's time stamp: the latest date's midnight
    assert stamp == int(datetime(2026, 3, 11, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(("max_urls", "max_bytes"), [(4, 10**9), (10**9, 2_000)])
def test_a_sitemap_over_the_limits_is_split_under_an_index(tmp_path, max_urls: int, max_bytes: int) -> None:
    sitemap = Sitemap(SITE)
    for lang in LANGS:
        sitemap.add(_files(5, lang))
    everything = [
        SITE + ("" if g == "en" else f"{g}/") + f"stories/story-{n:05d}/" for g in LANGS for n in range(5)
    ]
    written = sitemap.write(tmp_path, max_urls=max_urls, max_bytes=max_bytes)
    parts = written[1:]
    assert written[0] == tmp_path / "sitemap.xml" and len(parts) > 1
    assert [p.name for p in parts] == [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    index = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert index.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex ')
    assert _locations(index) == [SITE + p.name for p in parts]
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", index)) == {"2026-03-09"}
    found = []
    for part in parts:
        text = part.read_text(encoding="utf-8")
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset ') and text.endswith(
            "</urlset>"
        )
        assert len(_locations(text)) <= max_urls and len(text.encode()) <= max_bytes
        found += _locations(text)
    assert found == everything  # every page once, in order
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode() == index


def test_an_entry_larger_than_the_byte_limit_still_gets_a_file_of_its_own(tmp_path) -> None:
    sitemap = Sitemap(SITE)
    sitemap.add(_files(3, "en"))
    parts = sitemap.write(tmp_path, max_bytes=10)[1:]
    assert [len(_locations(p.read_text(encoding="utf-8"))) for p in parts] == [1, 1, 1]
