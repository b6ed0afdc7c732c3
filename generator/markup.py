"""Escaping for untrusted text on the way into Markdown pages.

Article text and metadata come from the web and may be hostile. Everything a
renderer writes into a page goes through one of these helpers, which return
:class:`markupsafe.Markup` (text that is safe to paste as it is) so that
templates and code can tell escaped text from raw text.

The pages are Markdown, rendered by Python-Markdown with ``attr_list``,
``md_in_html``, ``tables``, ``toc``, ``admonition`` and the pymdownx
extensions, so HTML escaping alone is not enough: ``[x](javascript:...)``,
``{: onclick=x}``, ``|`` or a fence would still be interpreted. The helpers
therefore turn every character that any of those could read as syntax into a
numeric character reference: Python-Markdown passes references through
untouched, and the browser shows them as the literal characters.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from generator.model import Block

if TYPE_CHECKING:
    from generator.model import Article, Span

# Characters that HTML, Markdown, attr_list, tables, toc, admonition/details
# (``!!!``, ``???``), tilde/caret/mark, superfences or inlinehilite may read as
# syntax. Letters, digits, spaces and other punctuation are never syntax.
_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~^=:<>&\"'?")
_ENTITY = {ord(ch): f"&#{ord(ch)};" for ch in _SPECIAL}

# Python-Markdown uses STX/ETX to mark stashed raw HTML, and XML forbids most
# C0 controls: drop them all (tab and line breaks are handled apart).
_CONTROLS = {code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
# Line breaks for Markdown and for YAML (NEL, LS and PS end a line in YAML 1.1).
_BREAKS = re.compile(r"\r\n|[\r\n\t\x85\u2028\u2029]")
# What Python-Markdown splits lines on, inside a raw HTML block.
_HTML_BREAKS = re.compile(r"\r\n|[\r\n]")
# Bidi embeddings, overrides and isolates: in an inline context an unclosed
# one would reorder the page text that follows it (LRM/RLM stay: they are marks).
_BIDI_CONTROLS = {code: None for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}

# Right-to-left languages (ISO 639-1 and -3 codes) and scripts (ISO 15924).
RTL_LANGUAGES = frozenset({
    "ar", "arc", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "ji", "khw",
    "ks", "lrc", "mzn", "nqo", "pnb", "prs", "ps", "sd", "syr", "ug", "ur", "yi",
})  # fmt: skip
RTL_SCRIPTS = frozenset(
    {"arab", "adlm", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"}
)
# language[-script][-region](-variant)*: strict enough that the value can
# only ever be a language tag inside an attribute.
_LANG_TAG = re.compile(
    r"(?P<lang>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?P<variants>(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*)"
)

# ISO 639-2 codes that name no one language: undetermined, multiple, no linguistic content.
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers delete tabs and newlines inside URLs ("java\nscript:"): refuse any
# control character rather than guess what a browser would make of it.
_URL_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
# Kept as they are in a URL; everything else is percent-encoded, so that the URL
# cannot end a Markdown link target ``(...)``, a table cell or an HTML attribute.
_URL_SAFE = "-._~:/?#@!$&+,;=%"

_FORMATTER = string.Formatter()


# One pass each: entity-encode and drop controls (and, inline, bidi controls) at once.
_ESCAPE = {**_CONTROLS, **_ENTITY}
_ESCAPE_INLINE = {**_CONTROLS, **_BIDI_CONTROLS, **_ENTITY}


def _escape(text: str) -> str:
    """Entity-encode the special characters of ``text`` and drop control characters."""
    return text.translate(_ESCAPE)


def md_text(value: object) -> Markup:
    """Escape a value for an inline Markdown context: a heading, a table cell, a list item.

    The result renders as the literal text and can never start a link, an
    attribute list, an HTML tag, emphasis, a table cell or a block. Line breaks
    become spaces and surrounding whitespace is dropped (two trailing spaces
    would be a hard line break, leading ones a code block). ``None`` is the
    empty string. A :class:`~markupsafe.Markup` value is already safe and
    returned unchanged.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(_BREAKS.sub(" ", str(value)).translate(_ESCAPE_INLINE).strip())


def md_literal(text: str) -> Markup:
    """Escape a piece of a larger string, such as the text around a placeholder.

    Like :func:`md_text` but keeps surrounding spaces, which matter between
    the pieces ("{origin}: {evidence}").
    """
    return Markup(_BREAKS.sub(" ", text).translate(_ESCAPE_INLINE))


def html_text(value: object) -> Markup:
    """Escape a value for the inside of a raw HTML block in a Markdown page.

    Python-Markdown leaves raw HTML blocks alone, with two exceptions that
    matter here: superfences looks for a fence at the start of every line
    (even inside raw HTML), and a blank line ends the block, after which the
    rest would be read as Markdown. So line breaks become ``&#10;`` (the browser
    shows them as white space) and the text can never start a line. Markdown
    characters are encoded as for :func:`md_text`, so the result is also safe
    where a user's template puts it in an inline context. Whitespace is kept.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(_HTML_BREAKS.sub("&#10;", _escape(str(value))))


def safe_url(url: object) -> str | None:
    """The URL, if it is an absolute http(s) or mailto URL, made safe to embed; else None.

    Relative URLs, ``javascript:``, ``data:`` and every other scheme are
    refused. The result is percent-encoded except for URL punctuation, so it
    can go as it is into a Markdown link target or a quoted HTML attribute.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _URL_FORBIDDEN.search(url):
        return None
    match = _SCHEME.match(url)
    if not match or match.group(1).lower() not in SAFE_SCHEMES:
        return None
    scheme = match.group(1).lower()
    rest = url[match.end() :]
    if scheme == "mailto":
        if not rest.strip("/"):
            return None
    else:
        try:
            if not urlsplit(url).netloc:
                return None
        except ValueError:  # e.g. an invalid IPv6 literal
            return None
    return quote(f"{scheme}:{rest}", safe=_URL_SAFE)


def lang_attrs(lang: object) -> Markup:
    """``lang="xx" dir="ltr|rtl"`` for an HTML element holding text in ``lang``.

    The tag is checked against a strict BCP-47 pattern and normalised
    (``pt-br`` → ``pt-BR``); anything else, or no language, gives
    ``lang="und" dir="auto"`` ("undetermined", and let the browser decide),
    as do "und", "mul" and "zxx" themselves.
    """
    match = _LANG_TAG.fullmatch(lang.replace("_", "-")) if isinstance(lang, str) else None
    if match is None:
        return Markup('lang="und" dir="auto"')
    base = match.group("lang").lower()
    if base in _NO_LANGUAGE and not match.group("script"):
        # Undetermined, several or none: no direction to impose, the browser decides per paragraph.
        return Markup(f'lang="{base}" dir="auto"')
    script = (match.group("script") or "").lower()
    region = (match.group("region") or "").upper()
    tag = "-".join(
        part for part in (base, script.title(), region, *match.group("variants").lower().split("-")) if part
    )
    # An explicit script decides: "az-Arab" is rtl, "sd-Deva" is ltr.
    rtl = script in RTL_SCRIPTS if script else base in RTL_LANGUAGES
    return Markup(f'lang="{tag}" dir="{"rtl" if rtl else "ltr"}"')


@functools.lru_cache(maxsize=4096)
def _parsed(template: str) -> tuple[tuple[str, str | None, str | None, str | None], ...]:
    """A catalogue string's pieces, its literal text already escaped: catalogue strings are
    few and filled many times (a large story's pages fill the same ones hundreds of thousands
    of times)."""
    return tuple(
        (str(md_literal(literal)), name, spec, conversion)
        for literal, name, spec, conversion in _FORMATTER.parse(template)
    )


def md_format(template: str, /, **values: object) -> Markup:
    """Fill a catalogue string's ``{name}`` placeholders, escaping for Markdown.

    The template's own words are escaped like :func:`md_text` (a translation is
    text, not Markdown); a value is escaped too unless it is
    :class:`~markupsafe.Markup`, so a link or a ``<span lang>`` can be passed in.
    Unknown placeholders raise ``KeyError``, as ``str.format`` does.
    """
    parts: list[str] = []
    for literal, name, spec, conversion in _parsed(template):
        parts.append(literal)
        if name is None:
            continue
        value = _FORMATTER.get_field(name, (), values)[0]
        if conversion:
            value = _FORMATTER.convert_field(value, conversion)
        if spec:
            value = format(value, spec)
        parts.append(value if isinstance(value, Markup) else md_literal(str(value)))
    text = "".join(parts)
    return Markup(text.strip())


def md_link(text: object, target: str) -> Markup:
    """A Markdown link to another generated page, ``[text](target)``.

    ``target`` is a relative path built by the renderer from safe ids; it is
    checked all the same, because a ``)`` or a space would end the link.
    """
    if not re.fullmatch(r"(?:\.\./)*[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*(?:#[A-Za-z0-9_-]+)?", target):
        raise ValueError(f"not a safe relative link target: {target!r}")
    label = md_text(text)
    return Markup(f"[{label}]({target})")


def yaml_string(value: object) -> Markup:
    """A YAML double-quoted scalar holding ``md_text(value)``, for front matter.

    Material writes ``page.meta.title`` into ``<title>`` as it is, while the
    H1 fallback goes through ``striptags``, which decodes entities and would
    turn an escaped ``</title><script>`` back into live HTML. So every page
    sets its title here, entity-encoded.
    """
    # JSON strings are YAML double-quoted scalars; md_text removed line breaks.
    return Markup(json.dumps(str(md_text(value)), ensure_ascii=False))


# --------------------------------------------------------------------------
# Article text as HTML
# --------------------------------------------------------------------------


def _blocks(article: Article) -> list[Block]:
    """The article's blocks, clamped to its text; paragraphs split on blank lines if it has none."""
    text = article.text
    if not article.blocks:
        # A cleaner that set no blocks: fall back to paragraphs, so the text still shows.
        bounds, pos = [], 0
        for gap in re.finditer(r"\n[ \t]*\n\s*", text):
            bounds.append((pos, gap.start()))
            pos = gap.end()
        bounds.append((pos, len(text)))
        return [Block(start, end) for start, end in bounds if text[start:end].strip()]
    blocks = []
    last = 0
    for block in sorted(article.blocks, key=lambda b: (b.start, b.end)):
        start, end = max(block.start, last, 0), min(block.end, len(text))
        if start < end:
            blocks.append(Block(start, end, block.kind))
            last = end
    return blocks


def _sentences(article: Article) -> list[tuple[int, Span]]:
    """(number, span) for each usable sentence: numbered from 1 in the article's order.

    Numbers follow ``article.sentences`` even when a span is skipped, so that a
    link to sentence N made elsewhere from the same tuple points at the right one.
    """
    spans = []
    last = 0
    for number, span in enumerate(article.sentences, start=1):
        # Overlapping or backwards spans cannot be nested in HTML: skip them.
        if 0 <= span.start < span.end <= len(article.text) and span.start >= last:
            spans.append((number, span))
            last = span.end
    return spans


@dataclass(frozen=True)
class Mark:
    """A highlighted stretch of the article text: a fact, an entity mention, a defect."""

    start: int
    end: int
    kind: str  # a CSS-safe word: "money", "date", "quote", "entity", "defect", ...
    anchor: str = ""  # an id for the first piece ("f-3"), so lists can link to it
    title: str = ""  # a tooltip: the normalised value, the entity's name, the defect


_CSS_WORD = re.compile(r"[^a-z0-9-]+")


def _marked(text: str, start: int, end: int, marks: Sequence[Mark]) -> Iterator[str]:
    """``text[start:end]`` escaped, each stretch under marks wrapped in one flat ``<mark>``.

    Overlapping marks (a name inside a quote) never nest: the text is cut at
    every mark boundary and each piece carries the classes of all marks over it.
    """
    inside = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    if not inside:
        yield html_text(text[start:end])
        return
    cuts = sorted({start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)})
    for a, b in itertools.pairwise(cuts):
        over = [m for m in inside if m.start <= a and m.end >= b]
        piece = html_text(text[a:b])
        if not over:
            yield piece
            continue
        classes = " ".join(dict.fromkeys(f"px-{_CSS_WORD.sub('-', m.kind.lower())}" for m in over))
        anchors = [m.anchor for m in over if m.anchor and m.start == a]
        anchor = f' id="{_CSS_WORD.sub("-", anchors[0].lower())}"' if anchors else ""
        title = " · ".join(dict.fromkeys(m.title for m in over if m.title))
        tip = f' title="{html_text(title)}"' if title else ""
        yield f'<mark class="px-m {classes}"{anchor}{tip}>{piece}</mark>'


class _Window:
    """The marks over a stretch of text that only moves forward (blocks, then the sentences and
    gaps inside each, in order): each mark is taken in once and dropped once passed, so that a
    long article with many marks renders in linear time, not sentences times marks."""

    def __init__(self, marks: Sequence[Mark]) -> None:
        # Each mark with its place in ``marks``: the classes of a piece follow that order.
        self.marks = sorted(
            ((n, m) for n, m in enumerate(marks) if m.end > m.start), key=lambda nm: nm[1].start
        )
        self.next = 0
        self.open: list[tuple[int, Mark]] = []

    def over(self, start: int, end: int) -> list[Mark]:
        """The marks over ``[start, end)``, in their given order; ``start`` never goes back."""
        while self.next < len(self.marks) and self.marks[self.next][1].start < end:
            self.open.append(self.marks[self.next])
            self.next += 1
        self.open = [(n, m) for n, m in self.open if m.end > start]
        return [m for _, m in sorted(self.open) if m.start < end]


def _render_block(
    text: str, start: int, end: int, sentences: list[tuple[int, Span]], ends: list[int], marks: _Window
) -> Iterator[str]:
    """The HTML pieces of ``text[start:end]`` with sentences wrapped in spans, marks highlighted.

    ``sentences`` are in order and do not overlap, ``ends`` their end offsets (to find the
    first one in the block without a scan)."""
    pos = start
    for n in range(bisect.bisect_right(ends, start), len(sentences)):
        number, span = sentences[n]
        if span.start >= end:
            break
        s, e = max(span.start, start), min(span.end, end)
        if s > pos:
            yield from _marked(text, pos, s, marks.over(pos, s))
        # A sentence across two blocks is split; only its first piece is the anchor.
        anchor = f' id="s-{number}"' if s == span.start else ""
        inner = "".join(_marked(text, s, e, marks.over(s, e)))
        yield f'<span class="px-s"{anchor} data-s="{number}">{inner}</span>'
        pos = e
    if pos < end:
        yield from _marked(text, pos, end, marks.over(pos, end))


def article_html(article: Article, marks: Sequence[Mark] = ()) -> Markup:
    """The article's clean text as one raw HTML block, sentences addressable as ``#s-N``.

    ``<div class="px-article" lang dir>`` holds one ``<p>`` per paragraph
    block, ``<h3>`` for headings and one ``<ul>`` per run of list items; each
    sentence is a ``<span class="px-s" id="s-N">``; ``marks`` (facts,
    mentions, defects) are highlighted with ``<mark>``. There is no blank line
    inside, which would end the raw HTML block for Markdown.
    """
    sentences = _sentences(article)
    ends = [span.end for _, span in sentences]
    window = _Window(marks)
    lines = [f'<div class="px-article" {lang_attrs(article.lang)}>']
    in_list = False
    for block in _blocks(article):  # in order, not overlapping
        inner = "".join(_render_block(article.text, block.start, block.end, sentences, ends, window))
        if block.kind == "li":
            if not in_list:
                lines.append("<ul>")
                in_list = True
            lines.append(f"<li>{inner}</li>")
            continue
        if in_list:
            lines.append("</ul>")
            in_list = False
        tag = "h3" if block.kind == "h" else "p"
        lines.append(f"<{tag}>{inner}</{tag}>")
    if in_list:
        lines.append("</ul>")
    lines.append("</div>")
    return Markup("\n".join(lines))


def html_list(items: Iterable[Markup]) -> Markup:
    """``<ul>`` of already-escaped items, one line each (for raw HTML blocks)."""
    return Markup("\n".join(["<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"]))


_SENTENCE_ANCHOR = re.compile(r'id="s-(\d+)"')


def sentence_anchors(article: Article) -> frozenset[int]:
    """The sentence numbers that :func:`article_html` gives an ``#s-N`` anchor on the article's page.

    Renderers linking to a sentence ask here, so that a link never names an
    anchor the page lacks; memoised per article (by its id and text).
    """
    return _anchors_of(article.id, article.text, article.sentences, article.blocks)


@functools.lru_cache(maxsize=4096)
def _anchors_of(
    article_id: str, text: str, sentences: tuple[Span, ...], blocks: tuple[Block, ...]
) -> frozenset[int]:
    from generator.model import Article

    if not text.strip():
        return frozenset()
    html = str(
        article_html(Article(article_id, "", "", "", "", text=text, sentences=sentences, blocks=blocks))
    )
    return frozenset(int(n) for n in _SENTENCE_ANCHOR.findall(html))
