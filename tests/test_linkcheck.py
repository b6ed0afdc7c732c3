"""tests/linkcheck.py: what it accepts and what it reports, on small sites written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from linkcheck import check_site, main, parse


def site(tmp_path: Path, pages: dict[str, str]) -> Path:
    root = tmp_path / "site"
    for rel, html in pages.items():
        write(root, rel, html)
    return root


def page(body: str, ids: str = "") -> str:
    return f"<!doctype html><html><head></head><body>{ids}{body}</body></html>"


def reasons(root: Path) -> list[tuple[str, str, str]]:
    return [(b.page, b.url, b.reason) for b in check_site(root)]


GOOD = {
    "index.html": page(
        '<a href="a/">A</a> <a href="a/index.html#top">top</a> <a href="./">self</a> <a href="#here">here</a>'
        '<a href="">empty</a> <a href="#">top of page</a> <a href="b.html?x=1#sec">query</a>'
        '<link rel="stylesheet" href="assets/site.css"><script src="assets/app.js"></script>'
        '<img src="assets/i%20mg.png" srcset="assets/i%20mg.png 1x, assets/big.png 2x">'
        '<a href="https://example.com/x">out</a> <a href="mailto:a@example.com">mail</a>'
        '<a href="//cdn.example.com/x.js">protocol-relative</a>',
        '<h1 id="here">H</h1>',
    ),
    "a/index.html": page(
        '<a href="../">up</a> <a href="../b.html#sec">b</a> <a href="c/">c</a>', '<p id="top">'
    ),
    "a/c/index.html": page('<a href="../../a/#top">back</a> <a href="../../index.html#here">home</a>'),
    "b.html": page('<a name="sec"></a><a href="a/c/">c</a>'),
    "assets/site.css": "body {}",
    "assets/app.js": "",
    "assets/i mg.png": "",
    "assets/big.png": "",
    "404.html": page('<a href="/a/">a</a> <script src="/assets/app.js"></script>'),
}


def test_a_site_whose_links_all_resolve(tmp_path: Path) -> None:
    assert reasons(site(tmp_path, GOOD)) == []
    assert main([str(tmp_path / "site")]) == 0


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("missing/", "no file for missing"),
        ("a/missing.html", "no file for a/missing.html"),
        ("a/#nowhere", "no element with id 'nowhere' in a/index.html"),
        ("#nowhere", "no element with id 'nowhere' in index.html"),
        ("b.html/", "b.html is a file, linked as a folder"),
        ("../outside/", "points outside the site"),
        ("/a/", "root-absolute link: breaks when the site is served from a sub-path"),
        ("/", "root-absolute link: breaks when the site is served from a sub-path"),
        ("assets/", "no file for assets"),  # a folder without index.html
    ],
)
def test_broken_links_are_reported_with_the_reason(tmp_path: Path, href: str, reason: str) -> None:
    pages = {**GOOD, "index.html": GOOD["index.html"].replace("</body>", f'<a href="{href}">x</a></body>')}
    assert reasons(site(tmp_path, pages)) == [("index.html", href, reason)]
    assert main([str(tmp_path / "site")]) == 1


@pytest.mark.parametrize(
    "tag", ['<img src="gone.png">', '<script src="gone.js"></script>', '<link rel="icon" href="gone.png">']
)
def test_missing_resources_are_reported(tmp_path: Path, tag: str) -> None:
    pages = {**GOOD, "a/index.html": GOOD["a/index.html"].replace("</body>", f"{tag}</body>")}
    [(where, _, reason)] = reasons(site(tmp_path, pages))
    assert where == "a/index.html" and reason.startswith("no file for a/gone")


def test_relative_links_resolve_against_the_page_url_not_its_file(tmp_path: Path) -> None:
    # a/c/index.html is served as a/c/: "../x" is a/x, whatever the file is called.
    pages = {**GOOD, "a/c/index.html": page('<a href="../b/">b</a>'), "a/b/index.html": page("")}
    assert reasons(site(tmp_path, pages)) == []
    pages["other.html"] = page('<a href="a/c/">c</a> <a href="x/">x</a>')
    assert reasons(site(tmp_path, pages)) == [("other.html", "x/", "no file for x")]


def test_404_page_root_absolute_links_resolve_against_the_base_path(tmp_path: Path) -> None:
    root = site(tmp_path, GOOD)
    assert reasons(root) == []
    # Served from /project/: the same 404 page must say /project/a/.
    broken = check_site(root, base_path="/project/")
    assert {b.url for b in broken} == {"/a/", "/assets/app.js"}
    assert all("outside the base path /project/" in b.reason for b in broken)
    write(root, "404.html", page('<a href="/project/a/">a</a> <a href="/project/missing/">m</a>'))
    assert [(b.url, b.reason) for b in check_site(root, base_path="/project/")] == [
        ("/project/missing/", "no file for missing")
    ]


def test_parse_reads_ids_names_and_every_url_attribute() -> None:
    ids, links = parse(
        '<div id="a"><a name="b" href="x">x</a><img src="i.png" srcset="s1.png 1x, s2.png 2x">'
        '<object data="o.svg"></object><form action="f/"></form><source srcset="v.webp">'
        "<use href='#sym'/></div>"
    )
    assert ids == {"a", "b"}
    assert [(link.tag, link.attribute, link.url) for link in links] == [
        ("a", "href", "x"),
        ("img", "src", "i.png"),
        ("img", "srcset", "s1.png"),
        ("img", "srcset", "s2.png"),
        ("object", "data", "o.svg"),
        ("form", "action", "f/"),
        ("source", "srcset", "v.webp"),
        ("use", "href", "#sym"),
    ]
