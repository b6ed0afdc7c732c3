"""Escaping of untrusted text, checked by rendering through Python-Markdown as MkDocs does."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.markup import (
    article_html,
    html_text,
    lang_attrs,
    md_format,
    md_link,
    md_text,
    safe_url,
    yaml_string,
)
from generator.model import Article, Block, Span

# The extensions of the site's mkdocs.yml.
EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "admonition",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.tilde",
    "pymdownx.caret",
    "pymdownx.mark",
]

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "[x]: javascript:alert(1)\n\n[x]",
    "<javascript:alert(1)>",
    "<https://evil.example/>",
    "title {: onclick=alert(1) }",
    "title { #id .cls onclick=alert(1) }",
    "{: onclick=x}",
    "a | b | c",
    "{{ 7*7 }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "<!--",
    "<!-- hidden -->",
    "*em* **strong** _u_ __uu__ `code` ~~del~~ ^^ins^^ ==mark== ~sub~ ^sup^",
    "```\n<script>alert(1)</script>\n```",
    "`#!html <script>alert(1)</script>`",
    "!!! danger\n    <script>alert(1)</script>",
    "??? note\n    x",
    "# heading\n===\n---",
    "1. one\n- two\n+ three\n> quote",
    "a  \nb\r\nc\rd\u2028e",
    "    indented code",
    "\\*not em\\* \\<b\\>",
    "&lt;script&gt; &amp; &#60;b&#62; &#x3C;i&#x3E;",
    "\x02wzxhzdk:0\x03 \x00 \x1b[31m",
    '<div markdown="1">*x*</div>',
    "[TOC]",
    "\u202eevil\u202c text",
    "'quoted' \"double\"",
]


class _Scan(HTMLParser):
    """Collects tags, attributes and text of a fragment of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def scan(html: str) -> _Scan:
    parser = _Scan()
    parser.feed(html)
    parser.close()
    return parser


def render(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def assert_inert(html: str, allowed_tags: set[str], allowed_attrs: set[str] = frozenset()) -> _Scan:
    """No tag but the page's own, no event handler, no link, no comment."""
    found = scan(html)
    for tag, attrs in found.tags:
        assert tag in allowed_tags, f"unexpected <{tag}> in {html!r}"
        for name in attrs:
            assert not name.startswith("on"), f"event handler {name} in {html!r}"
            assert name in allowed_attrs, f"unexpected attribute {name} on <{tag}> in {html!r}"
    assert not found.comments, html
    return found


def literal(text: str) -> str:
    """What md_text promises to show: line breaks as spaces, controls gone, no outer space."""
    text = re.sub(r"\r\n|[\r\n\t\x85\u2028\u2029]", " ", text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", text)
    return " ".join(text.split())


# --------------------------------------------------------------------------
# md_text
# --------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_md_text_in_a_table_cell_is_one_literal_cell(hostile: str) -> None:
    value = md_text(hostile)
    html = render(f"| a | b |\n| --- | --- |\n| {value} | end |\n")
    found = assert_inert(html, {"table", "thead", "tbody", "tr", "th", "td"})
    assert sum(tag == "td" for tag, _ in found.tags) == 2  # no extra cell from a |
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert literal("".join(scan(cells[0]).text)) == literal(hostile)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_md_text_in_a_heading_keeps_only_the_toc_id(hostile: str) -> None:
    html = render(f"# {md_text(hostile)}\n")
    found = assert_inert(html, {"h1"}, {"id"})
    assert literal("".join(found.text)) == literal(hostile)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_md_text_in_list_items_paragraphs_and_link_text(hostile: str) -> None:
    value = md_text(hostile)
    html = render(f"- {value}\n\n{value}\n\n[{value}](page.md)\n")
    found = assert_inert(html, {"ul", "li", "p", "a"}, {"href"})
    hrefs = [attrs["href"] for tag, attrs in found.tags if tag == "a"]
    assert hrefs == ["page.md"]  # only the renderer's own link
    assert literal(hostile) in " ".join("".join(found.text).split())


def test_md_text_at_the_end_of_a_line_cannot_start_an_attribute_list() -> None:
    # attr_list reads "{: ...}" at the end of a block; an escaped one must stay text.
    html = render(f"para {md_text('{: onclick=alert(1) .x #y}')}\n")
    assert_inert(html, {"p"})
    assert "onclick" in html and 'class="x"' not in html


def test_md_text_returns_markup_and_leaves_markup_alone() -> None:
    assert isinstance(md_text("x"), Markup)
    assert md_text(Markup("<b>ok</b>")) == "<b>ok</b>"
    assert md_text(None) == ""
    assert md_text(42) == "42"
    assert md_text("  padded  \n") == "padded"


def test_md_text_keeps_non_ascii_text_readable() -> None:
    # Letters of every script stay as they are; only syntax characters become references.
    assert md_text("Маск сказал") == "Маск сказал"
    assert md_text("قال ماسك") == "قال ماسك"
    assert md_text("Musk : l\u00a0IA") == "Musk &#58; l\u00a0IA"


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(list("\\`*_{}[]()#+-.!|~^=:<>&\"'? \n\tax1/@$%;,é")), max_size=40))
def test_md_text_renders_any_punctuation_soup_literally(text: str) -> None:
    html = render(f"| h |\n| --- |\n| {md_text(text)} |\n")
    found = assert_inert(html, {"table", "thead", "tbody", "tr", "th", "td"})
    cell = re.findall(r"<td>(.*?)</td>", html, re.S)[0]
    assert literal("".join(scan(cell).text)) == literal(text)
    assert len(found.tags) == 7  # table thead tr th tbody tr td: no extra cell or tag


# --------------------------------------------------------------------------
# html_text
# --------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_html_text_inside_a_raw_html_block_stays_literal(hostile: str) -> None:
    source = f'<div class="px-article">\n<p>{html_text(hostile)}</p>\n</div>\n\nafter\n'
    html = render(source)
    assert_inert(html, {"div", "p"}, {"class"})
    found = scan(html.split("</div>")[0])
    shown = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", hostile)
    assert "".join("".join(found.text).split()) == "".join(shown.split())
    # The block was not cut short: everything after it is still one paragraph.
    assert html.rstrip().endswith("<p>after</p>")


def test_html_text_line_breaks_cannot_start_a_fence_or_end_the_block() -> None:
    text = "line one\n```\n<script>alert(1)</script>\n```\n\n*after a blank line*"
    html = render(f"<div>\n<p>{html_text(text)}</p>\n</div>\n")
    found = assert_inert(html, {"div", "p"})
    assert "<pre" not in html and "<em>" not in html
    assert " ".join("".join(found.text).split()) == " ".join(text.split())


def test_html_text_is_also_safe_inline() -> None:
    # A user's template may put |html in a paragraph: Markdown must not act on it either.
    html = render(f"text {html_text('[x](javascript:alert(1)) *e* {: onclick=x}')}\n")
    assert_inert(html, {"p"})


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=60))
def test_html_text_any_text_in_a_raw_block(text: str) -> None:
    html = render(f"<div>\n<p>{html_text(text)}</p>\n</div>\n")
    found = assert_inert(html, {"div", "p"})
    expected = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    assert "".join("".join(found.text).split()) == "".join(expected.split())


# --------------------------------------------------------------------------
# safe_url
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "java\nscript:alert(1)",
        "java\tscript:alert(1)",
        "\x00javascript:alert(1)",
        "javascript&#58;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "relative.html",
        "https:///no-host",
        "http:evil.example",
        "mailto:",
        "",
        None,
        42,
    ],
)
def test_safe_url_refuses(url: object) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?x=1&y=2#frag", "https://example.org/a?x=1&y=2#frag"),
        ("HTTP://Example.org/", "http://Example.org/"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        (
            "https://example.org/x)](javascript:alert(1))",
            "https://example.org/x%29%5D%28javascript:alert%281%29%29",
        ),
        ('https://example.org/"onmouseover="x', "https://example.org/%22onmouseover=%22x"),
        ("https://example.org/<script>|", "https://example.org/%3Cscript%3E%7C"),
        ("https://example.org/notícia", "https://example.org/not%C3%ADcia"),
        ("https://example.org/already%20encoded", "https://example.org/already%20encoded"),
    ],
)
def test_safe_url_keeps_web_urls_and_encodes_what_could_break_out(url: str, expected: str) -> None:
    assert safe_url(url) == expected


def test_safe_url_in_a_markdown_link_in_a_table_is_one_link() -> None:
    url = safe_url('https://example.org/a|b) "x" (y)')
    assert url is not None
    html = render(f"| h |\n| --- |\n| [{md_text('text')}]({url}) |\n")
    found = assert_inert(html, {"table", "thead", "tbody", "tr", "th", "td", "a"}, {"href"})
    assert [attrs["href"] for tag, attrs in found.tags if tag == "a"] == [url]


# --------------------------------------------------------------------------
# lang_attrs
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "AR", "ar-EG", "fa_IR"]
)
def test_lang_attrs_rtl(code: str) -> None:
    assert lang_attrs(code).endswith('dir="rtl"')


@pytest.mark.parametrize("code", ["en", "it", "ru", "fr", "de", "pt", "zh-Hant-TW", "sd-Deva", "ja"])
def test_lang_attrs_ltr(code: str) -> None:
    assert lang_attrs(code).endswith('dir="ltr"')


def test_lang_attrs_normalises_and_lets_the_script_decide() -> None:
    assert lang_attrs("pt_br") == 'lang="pt-BR" dir="ltr"'
    assert lang_attrs("AZ-arab") == 'lang="az-Arab" dir="rtl"'
    assert lang_attrs("sr-Latn-RS") == 'lang="sr-Latn-RS" dir="ltr"'


@pytest.mark.parametrize(
    "code", [None, "", "x", "english", 'en" onclick="alert(1)', "en dir=rtl", "ru\n", "ru-", "12", "e<n", 7]
)
def test_lang_attrs_refuses_anything_but_a_language_tag(code: object) -> None:
    assert lang_attrs(code) == 'lang="und" dir="auto"'


# --------------------------------------------------------------------------
# md_format, md_link, yaml_string
# --------------------------------------------------------------------------


def test_md_format_escapes_the_template_and_plain_values_but_keeps_markup() -> None:
    out = md_format("{origin}: «{evidence}» *{n}*", origin="by|line", evidence=Markup("<span>x</span>"), n=3)
    assert out == "by&#124;line&#58; «<span>x</span>» &#42;3&#42;"
    assert md_format("{{literal}} {x}", x="a") == "&#123;literal&#125; a"
    with pytest.raises(KeyError):
        md_format("{missing}")


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "a b.md", "x.md)", "https://e.org", "x.md#a b", ""]
)
def test_md_link_refuses_unsafe_targets(target: str) -> None:
    with pytest.raises(ValueError):
        md_link("x", target)


def test_md_link_escapes_its_text() -> None:
    link = md_link("[a](javascript:x)", "../../index.md")
    html = render(f"{link}\n")
    found = assert_inert(html, {"p", "a"}, {"href"})
    assert [attrs["href"] for _, attrs in found.tags if "href" in attrs] == ["../../index.md"]


def test_yaml_string_is_one_escaped_yaml_scalar() -> None:
    hostile = '</title><script>alert("x")</script>\u2028key: value\n---'
    scalar = yaml_string(hostile)
    assert "\n" not in scalar and "<" not in scalar
    assert yaml.safe_load(f"title: {scalar}\n") == {"title": str(md_text(hostile))}


# --------------------------------------------------------------------------
# article_html
# --------------------------------------------------------------------------


def _article(text: str, lang: str | None, blocks=None, sentences=None) -> Article:
    return Article(
        id="a1",
        story="s1",
        source="s1/a1.txt",
        format="txt",
        body=text,
        text=text,
        blocks=blocks if blocks is not None else (Block(0, len(text)),),
        lang=lang,
        sentences=sentences or (),
    )


def _spans(text: str, *sentences: str) -> tuple[Span, ...]:
    spans, pos = [], 0
    for sentence in sentences:
        start = text.index(sentence, pos)
        spans.append(Span(start, start + len(sentence)))
        pos = start + len(sentence)
    return tuple(spans)


def _shown(html: str) -> str:
    """The text a browser shows, without the line breaks between the block's own tags."""
    return "".join(scan(html.replace("\n", "")).text)


def _sentence_texts(html: str) -> dict[str, str]:
    return {
        m.group(1): "".join(scan(m.group(2)).text)
        for m in re.finditer(r'<span class="px-s" id="(s-\d+)" data-s="\d+">(.*?)</span>', html)
    }


def test_article_html_wraps_russian_sentences_in_numbered_spans() -> None:
    text = "Маск заявил, что данные закончились. По его словам, это произошло в 2024 году."
    article = _article(
        text,
        "ru",
        sentences=_spans(
            text, "Маск заявил, что данные закончились.", "По его словам, это произошло в 2024 году."
        ),
    )
    html = article_html(article)
    assert html.startswith('<div class="px-article" lang="ru" dir="ltr">')
    assert _sentence_texts(html) == {
        "s-1": "Маск заявил, что данные закончились.",
        "s-2": "По его словам, это произошло в 2024 году.",
    }
    # The space between the sentences is outside both spans but still shown.
    assert _shown(html) == text


def test_article_html_arabic_is_rtl() -> None:
    text = "قال ماسك إن البيانات نفدت. هذا مهم."
    html = article_html(
        _article(text, "ar", sentences=_spans(text, "قال ماسك إن البيانات نفدت.", "هذا مهم."))
    )
    assert 'lang="ar" dir="rtl"' in html
    assert _sentence_texts(html)["s-2"] == "هذا مهم."


def test_article_html_headings_list_items_and_text_outside_sentences() -> None:
    text = "Heading\n\nFirst sentence. Trailing words\n\nitem one\n\nitem two\n\nLast."
    blocks = list(re.finditer(r"[^\n]+", text))
    kinds = ["h", "p", "li", "li", "p"]
    article = _article(
        text,
        "en",
        blocks=tuple(Block(m.start(), m.end(), kind) for m, kind in zip(blocks, kinds, strict=True)),
        sentences=_spans(text, "Heading", "First sentence.", "item one", "item two", "Last."),
    )
    html = article_html(article)
    lines = html.split("\n")
    assert lines == [
        '<div class="px-article" lang="en" dir="ltr">',
        '<h3><span class="px-s" id="s-1" data-s="1">Heading</span></h3>',
        '<p><span class="px-s" id="s-2" data-s="2">First sentence&#46;</span> Trailing words</p>',
        "<ul>",
        '<li><span class="px-s" id="s-3" data-s="3">item one</span></li>',
        '<li><span class="px-s" id="s-4" data-s="4">item two</span></li>',
        "</ul>",
        '<p><span class="px-s" id="s-5" data-s="5">Last&#46;</span></p>',
        "</div>",
    ]


def test_article_html_has_no_blank_line_and_survives_markdown() -> None:
    text = "<script>alert(1)</script>\n\n```\n[x](javascript:alert(1))\n```\n\n{: onclick=x} {{ 7*7 }}\n\nend"
    article = _article(
        text, "en", blocks=(Block(0, len(text)),), sentences=(Span(0, 25), Span(len(text) - 3, len(text)))
    )
    html = article_html(article)
    assert "\n\n" not in html
    rendered = render(f"# Page\n\n{html}\n\nafter\n")
    found = assert_inert(rendered, {"h1", "div", "p", "span"}, {"id", "class", "lang", "dir", "data-s"})
    assert "{{ 7*7 }}" in "".join(found.text) and "49" not in "".join(found.text)
    assert rendered.rstrip().endswith("<p>after</p>")
    assert 'id="s-1"' in rendered and 'id="s-2"' in rendered


def test_article_html_sentence_across_blocks_and_bad_spans() -> None:
    text = "One two\n\nthree. Four."
    article = _article(
        text,
        "en",
        blocks=(Block(0, 7), Block(9, len(text))),
        # Sentence 1 crosses the paragraph break; 2 is backwards; 3 is out of range.
        sentences=(Span(0, 15), Span(5, 2), Span(16, 99), Span(16, 21)),
    )
    html = article_html(article)
    assert html.count('id="s-1"') == 1  # the anchor is on the first piece only
    assert html.count('data-s="1"') == 2
    assert 'id="s-2"' not in html and 'id="s-3"' not in html
    assert 'id="s-4" data-s="4">Four&#46;</span>' in html  # numbering follows the tuple
    assert _shown(html) == "One twothree. Four."


def test_article_html_without_blocks_falls_back_to_paragraphs() -> None:
    text = "First paragraph.\n\n  \nSecond paragraph."
    html = article_html(_article(text, None, blocks=()))
    assert html.count("<p>") == 2
    assert 'lang="und" dir="auto"' in html
