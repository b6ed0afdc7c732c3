"""plugins.readers: .txt, .md with front matter and .html files -> Article; safe ids."""

from __future__ import annotations

import re
import socket
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pluggy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import hookspecs
from generator.errors import InputError
from generator.model import Article, MetaValue, Source
from generator.settings import Settings
from plugins import readers
from plugins.readers import parallax_read, safe_id

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
SEED_STORY = Path(__file__).resolve().parent.parent / "content" / "ai-training-data"
SETTINGS = Settings(content_dir=Path("."), build_dir=Path("."))


def source(name: str, data: bytes | str, story: str = "s") -> Source:
    """A Source for a file ``story/name`` with the given contents (text as UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return Source(path=Path("/content") / story / name, rel=f"{story}/{name}", story=story, data=raw)


def read(name: str, data: bytes | str, settings: Settings = SETTINGS) -> Article:
    article = parallax_read(source(name, data), settings)
    assert article is not None
    return article


def declared(article: Article) -> dict[str, list[str]]:
    """Declared metadata as {field: [values]}."""
    values: dict[str, list[str]] = {}
    for value in article.declared:
        values.setdefault(value.field, []).append(value.value)
    return values


# --------------------------------------------------------------------------
# safe_id
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("000_7ea345467c2a536d", "000_7ea345467c2a536d"),
        ("My Article (2025)", "my-article-2025"),
        ("Café Münster — Überblick", "cafe-munster-uberblick"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\windows\\system32", "windows-system32"),
        ("/absolute/path", "absolute-path"),
        ("a//b", "a-b"),
        ("---x---", "x"),
        ("UPPER_lower-Mixed", "upper_lower-mixed"),
    ],
)
def test_safe_id(text: str, expected: str) -> None:
    assert safe_id(text) == expected


@pytest.mark.parametrize("text", ["", ".", "..", "../..", "/", "статья", "新闻", "\x00", "   "])
def test_safe_id_is_never_empty_nor_a_path(text: str) -> None:
    value = safe_id(text)
    assert re.fullmatch(r"[a-z0-9_-]{1,80}", value)
    assert value not in (".", "..")


def test_safe_id_keeps_different_unsafe_names_apart() -> None:
    # Names with nothing left after slugging get ids from their hash.
    assert safe_id("статья") != safe_id("новость")
    assert safe_id("статья") == safe_id("статья")


def test_long_ids_are_cut_to_80_and_stay_distinct() -> None:
    one, two = "a" * 200 + "one", "a" * 200 + "two"
    assert len(safe_id(one)) == 80 and len(safe_id(two)) == 80
    assert safe_id(one) != safe_id(two)
    assert safe_id("b" * 80) == "b" * 80


@given(st.text())
def test_safe_id_property(text: str) -> None:
    value = safe_id(text)
    assert re.fullmatch(r"[a-z0-9_-]{1,80}", value)
    assert not value.startswith("-")


# --------------------------------------------------------------------------
# Dispatch, size limit, plain text
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["story.yml", "notes.pdf", "doc.docx", "README", "image.png", "a.txt.bak"])
def test_other_formats_are_not_read(name: str) -> None:
    assert parallax_read(source(name, b"whatever"), SETTINGS) is None


def test_plain_text() -> None:
    article = read("First Article.TXT", "Line one.\r\nLine two.\n")
    assert article == Article(
        id="first-article",
        story="s",
        source="s/First Article.TXT",
        format="txt",
        body="Line one.\nLine two.\n",
    )


def test_oversized_file_is_refused_naming_the_limit() -> None:
    settings = Settings(content_dir=Path("."), build_dir=Path("."), max_file_size=100)
    with pytest.raises(InputError, match=r"s/big\.txt: .*101 bytes.*limit of 100 bytes"):
        read("big.txt", "x" * 101, settings)
    assert read("ok.txt", "x" * 100, settings).body == "x" * 100


def test_oversized_unknown_format_is_not_our_business() -> None:
    settings = Settings(content_dir=Path("."), build_dir=Path("."), max_file_size=10)
    assert parallax_read(source("big.pdf", b"x" * 100), settings) is None


def test_broken_text_file_raises_input_error_naming_it() -> None:
    with pytest.raises(InputError, match=r"^s/empty\.txt: empty file$"):
        read("empty.txt", b"   \n")
    with pytest.raises(InputError, match=r"^s/bin\.md: binary"):
        read("bin.md", b"\x00\x01\x02binary")


@pytest.mark.parametrize("path", sorted(SEED_STORY.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_articles_are_read_as_they_are(path: Path) -> None:
    data = path.read_bytes()
    article = parallax_read(
        Source(path=path, rel=f"ai-training-data/{path.name}", story="ai-training-data", data=data), SETTINGS
    )
    assert article is not None
    assert article.id == path.stem
    assert article.format == "txt"
    assert article.body == data.decode("utf-8")
    assert article.declared == () and article.declared_lang is None


def test_reader_runs_as_a_registered_plugin() -> None:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(readers, name="readers")
    pm.check_pending()
    article = pm.hook.parallax_read(source=source("a.txt", "Hello."), settings=SETTINGS)
    assert article.body == "Hello."
    assert pm.hook.parallax_read(source=source("a.pdf", "x"), settings=SETTINGS) is None


# --------------------------------------------------------------------------
# Markdown and front matter
# --------------------------------------------------------------------------


def test_markdown_fixture_with_full_front_matter() -> None:
    article = read("article.md", (FIXTURES / "article.md").read_bytes())
    assert article.format == "md"
    assert article.id == "data-story-en"  # from "id: Data Story (EN)", made safe
    assert article.declared_lang == "en"  # from "en-GB"
    assert article.body.startswith("Researchers said on Tuesday")
    assert "---" not in article.body and "title:" not in article.body
    assert declared(article) == {
        "title": ["Data runs out for AI, researchers say"],
        "outlet": ["Test Gazette"],
        "author": ["Ann Example", "Bob Sample"],
        "editor": ["Carla Editor"],
        "published": ["2024-03-15T08:30:00+01:00"],
        "updated": ["2024-03-16"],
        "url": ["https://gazette.example.com/ai/data"],
        "section": ["Technology"],
    }
    assert {value.origin for value in article.declared} == {"front matter"}
    published = next(value for value in article.declared if value.field == "published")
    assert published.evidence == "published: 2024-03-15 08:30:00+01:00"


def test_markdown_without_front_matter_is_all_body() -> None:
    article = read("plain.md", "# Title\n\nSome *text*.\n")
    assert article.body == "# Title\n\nSome *text*.\n"
    assert article.declared == () and article.id == "plain"


def test_markdown_starting_with_a_rule_is_not_front_matter() -> None:
    text = "---\n\nA paragraph after a horizontal rule.\n"
    assert read("rule.md", text).body == text


def test_unclosed_front_matter_is_an_error() -> None:
    with pytest.raises(InputError, match=r"s/open\.md: .*never closed"):
        read("open.md", "---\ntitle: Forgot to close\n\nBody text.\n")


def test_front_matter_with_bom_and_crlf() -> None:
    data = b"\xef\xbb\xbf---\r\ntitle: Hola\r\nlang: ES\r\n---\r\nCuerpo.\r\n"
    article = read("bom.md", data)
    assert declared(article) == {"title": ["Hola"]}
    assert article.declared_lang == "es"
    assert article.body == "Cuerpo.\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-09", "2025-01-09"),
        ("2025-01-09T20:53:00Z", "2025-01-09T20:53:00+00:00"),
        ("2025-01-09 20:53", "2025-01-09T20:53:00"),
        ("'2025-01-09T20:53:00+01:00'", "2025-01-09T20:53:00+01:00"),
        ("2025", "2025"),
        ("'2025-01'", "2025-01"),
    ],
)
def test_front_matter_dates_become_iso_8601(value: str, expected: str) -> None:
    article = read("d.md", f"---\npublished: {value}\n---\nText.\n")
    assert declared(article) == {"published": [expected]}


@pytest.mark.parametrize("value", ["last Tuesday", "09/01/2025", "yes", "[2025]"])
def test_front_matter_non_dates_are_reported(value: str) -> None:
    with pytest.raises(InputError, match=r"s/d\.md: front matter 'published' is not a date"):
        read("d.md", f"---\npublished: {value}\n---\nText.\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("it", "it"),
        ("IT", "it"),
        ("pt-BR", "pt"),
        ("zh_Hant_TW", "zh"),
        ("ita", "it"),
        ("deu", "de"),
        ("ger", "de"),
        ("fil", "fil"),
        ("und", None),
        ("zxx", None),
        ("english", None),
        ("42", None),
        ("", None),
    ],
)
def test_declared_language_is_validated_and_ignored_when_invalid(value: str, expected: str | None) -> None:
    article = read("l.md", f"---\nlang: {value}\n---\nText.\n")
    assert article.declared_lang == expected


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.com/a?b=1", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("ftp://example.com/file", False),
        ("//example.com/x", False),
        ("/relative/path", False),
        ("'https://exa mple.com'", False),
    ],
)
def test_only_http_urls_are_kept(url: str, kept: bool) -> None:
    article = read("u.md", f"---\nurl: {url}\n---\nText.\n")
    assert ("url" in declared(article)) is kept


def test_id_override_is_made_safe() -> None:
    assert read("x.md", "---\nid: ../../etc/passwd\n---\nText.\n").id == "etc-passwd"
    assert read("x.md", "---\nid: 42\n---\nText.\n").id == "42"


def test_author_string_or_list_and_unknown_keys_ignored() -> None:
    one = read("a.md", "---\nauthor: Ann Lee\ncustom: {nested: [1, 2]}\n---\nText.\n")
    assert declared(one) == {"author": ["Ann Lee"]}
    two = read("b.md", "---\nauthor: [Ann Lee, '', Bob Roe]\n---\nText.\n")
    assert declared(two) == {"author": ["Ann Lee", "Bob Roe"]}


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: yes", r"'title' must be text, not a bool"),
        ("title: [a, b]", r"'title' must be text, not a list"),
        ("author: [[nested]]", r"'author' must be a name or a list of names"),
        ("author: {name: x}", r"'author' must be a name or a list of names"),
        ("id: [x]", r"'id' must be text"),
    ],
)
def test_wrong_types_in_known_keys_are_reported(front: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read("t.md", f"---\n{front}\n---\nText.\n")


@pytest.mark.parametrize(
    "front",
    ["- a list\n- not a mapping", "just a string", "42"],
    ids=["list", "string", "number"],
)
def test_front_matter_must_be_a_mapping(front: str) -> None:
    with pytest.raises(InputError, match=r"s/m\.md: the front matter must be a mapping"):
        read("m.md", f"---\n{front}\n---\nText.\n")


def test_broken_yaml_names_the_file_and_the_line() -> None:
    # Line 1 is "---", so the broken third YAML line is line 4 of the file.
    text = "---\ntitle: fine\nauthor: Ann\nbad: : :\n---\nText.\n"
    with pytest.raises(InputError) as caught:
        read("broken.md", text)
    message = str(caught.value)
    assert message.startswith("s/broken.md: broken YAML front matter: ")
    assert "line 4" in message
    assert "mapping values are not allowed here" in message


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("published: 2025-13-45", "month must be in 1..12"),
        ("updated: 2025-02-30", "day is out of range"),
        ("title: !!int abc", "invalid literal"),
        ("title: !!timestamp foo", ""),
        ("title: " + "[" * 1_000, "too deeply nested"),
    ],
    ids=["month", "day", "int", "timestamp", "nesting"],
)
def test_yaml_values_that_fail_to_construct_are_input_errors(front: str, message: str) -> None:
    with pytest.raises(InputError, match=rf"^s/y\.md: broken YAML front matter: .*{message}"):
        read("y.md", f"---\n{front}\n---\nText.\n")


def test_empty_front_matter_is_fine_but_an_empty_body_is_not() -> None:
    assert read("e.md", "---\n---\nBody.\n").body == "Body.\n"
    with pytest.raises(InputError, match=r"s/e\.md: .*no article text"):
        read("e.md", "---\ntitle: Only a title\n---\n\n")


ALIAS_BOMB = """---
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
{target}: *i
---
Text.
"""


def _peak_mb(action: Callable[[], object]) -> float:
    """The most memory Python allocated while ``action`` ran, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        action()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 2**20


def test_yaml_alias_bomb_in_a_known_key_is_refused_without_expanding_it() -> None:
    # 9**9 = 387 million strings if anything expanded it: gigabytes, not kilobytes.
    def refused() -> None:
        with pytest.raises(InputError, match=r"'author' must be a name or a list of names"):
            read("bomb.md", ALIAS_BOMB.format(target="author"))

    assert _peak_mb(refused) < 20


def test_yaml_alias_bomb_in_an_unknown_key_is_harmless() -> None:
    articles = []
    assert _peak_mb(lambda: articles.append(read("bomb.md", ALIAS_BOMB.format(target="tags")))) < 20
    (article,) = articles
    assert article.declared == () and article.body == "Text.\n"


@pytest.mark.parametrize(
    "front",
    [
        "title: !!python/object/apply:os.system ['touch {marker}']",
        "title: !!python/name:os.system",
        "x: !!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    ],
    ids=["apply", "name", "new"],
)
def test_python_tags_are_rejected_and_run_nothing(front: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(InputError, match=r"s/evil\.md: broken YAML front matter: .*python"):
        read("evil.md", f"---\n{front.format(marker=marker)}\n---\nText.\n")
    assert not marker.exists()


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test: readers never fetch anything."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reader tried to use the network")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
def test_html_page_main_text_and_metadata() -> None:
    article = read("Page One.html", (FIXTURES / "page.html").read_bytes())
    assert article.id == "page-one"
    assert article.format == "html"
    assert article.declared_lang == "it"
    body = article.body
    assert "i modelli linguistici hanno ormai letto quasi tutto il testo pubblico" in body
    assert "«Non è la fine della ricerca, ma la fine di un metodo»" in body
    assert "4,6 per cento" in body
    for furniture in (
        "SCRIPT_IN_HEAD",
        "SCRIPT_IN_BODY",
        "STYLE_MUST",
        "NAV_MUST",
        "FOOTER_MUST",
        "ASIDE_MUST",
    ):
        assert furniture not in body
    assert "window.tracker" not in body and "document.write" not in body
    # One paragraph per block, separated by blank lines.
    paragraphs = body.split("\n\n")
    assert paragraphs[0] == "Finiti i dati per addestrare l'intelligenza artificiale"
    assert len(paragraphs) == 4
    assert declared(article) == {
        "title": ["Finiti i dati per addestrare l'intelligenza artificiale"],
        "author": ["Giulia Verdi"],
        "published": ["2024-03-15"],
        "outlet": ["Cronache di Prova"],
        "url": ["https://news.example.org/tecnologia/dati-finiti"],
    }
    assert {value.origin for value in article.declared} == {"html metadata"}


@pytest.mark.usefixtures("no_network")
def test_html_in_a_declared_legacy_charset() -> None:
    html = (
        '<html><head><meta charset="windows-1251"><title>Маск</title></head>'
        "<body><article><p>Илон Маск заявил, что данные для обучения закончились.</p></article>"
        "</body></html>"
    )
    article = read("ru.htm", html.encode("cp1251"))
    assert "Илон Маск заявил, что данные для обучения закончились." in article.body
    assert article.declared_lang is None  # no lang attribute: the host detects it


@pytest.mark.usefixtures("no_network")
def test_html_several_authors_and_no_bad_url() -> None:
    html = (
        '<html data-lang="zz" lang="EN"><head><meta name="author" content="Ann Lee; Bob Roe">'
        '<link rel="canonical" href="javascript:alert(1)"></head>'
        "<body><p>The article text, long enough to be kept by the extractor.</p></body></html>"
    )
    article = read("x.html", html)
    assert declared(article).get("author") == ["Ann Lee", "Bob Roe"]
    assert "url" not in declared(article)
    assert article.declared_lang == "en"


@pytest.mark.usefixtures("no_network")
def test_html_without_text_is_an_error() -> None:
    # (trafilatura falls back to any text it finds: a page with only a <nav> would give its links.)
    html = "<html><head><script>var x = 1;</script></head><body>  <script>y()</script> </body></html>"
    with pytest.raises(InputError, match=r"s/empty\.html: no article text"):
        read("empty.html", html)


def test_html_metadata_ignores_what_is_not_a_date_or_a_link() -> None:
    values = readers.html_metadata(
        {"title": "  T  ", "author": None, "date": "yesterday", "sitename": "", "url": "mailto:a@b.c"}
    )
    assert values == [MetaValue("title", "T", evidence="T", origin="html metadata")]
