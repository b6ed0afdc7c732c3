"""Property-based tests: readers and extractors take any input without an unexpected exception.

* Readers: any bytes under any supported name give an Article or an
  InputError (never another exception), and an Article is well formed: a safe
  id, ISO dates, web URLs only.
* Every registered ``parallax_extract`` plugin (built-in or installed, found
  at run time, so extractors added later are covered too): any text gives an
  Extraction whose facts, mentions and anomalies point into the text
  (``text[start:end] == item.text``) and whose values are JSON data; 1,000
  examples each, derandomized so that CI runs the same examples every time.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.calls import implementers
from generator.corpus import shown_name, slug
from generator.decode import decode
from generator.errors import InputError
from generator.manager import plugin_manager
from generator.model import Article, Block, Extraction, MetaValue, Source, Span
from generator.settings import Settings
from plugins.readers import parallax_read

SETTINGS = Settings(content_dir=Path("/content"), build_dir=Path("/build"))
SAFE_ID = re.compile(r"[a-z0-9_-]{1,80}")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ][\d:.]+([+-]\d{2}:\d{2}(:\d{2})?|Z)?)?)?)?")
READER_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".TXT", ".Md")

# --------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------


def _source(name: str, data: bytes) -> Source:
    return Source(path=Path("/content/s") / name, rel=f"s/{name}", story="s", data=data)


def _check_article(article: Article | None, name: str) -> None:
    """What every reader promises of an Article."""
    suffix = Path(name).suffix.lower()
    if suffix not in {s.lower() for s in READER_SUFFIXES}:
        assert article is None
        return
    assert isinstance(article, Article)
    assert SAFE_ID.fullmatch(article.id), article.id
    assert article.source == f"s/{name}" and article.story == "s"
    assert isinstance(article.body, str) and article.body.strip()
    assert "\x00" not in article.body and "\r" not in article.body
    for value in article.declared:
        assert isinstance(value, MetaValue) and isinstance(value.value, str)
        if value.field in ("published", "updated"):
            assert ISO_DATE.fullmatch(value.value), value
        if value.field == "url":
            assert re.match(r"https?://", value.value, re.I), value


def _read(name: str, data: bytes) -> None:
    try:
        article = parallax_read(_source(name, data), SETTINGS)
    except InputError as exc:
        assert str(exc).startswith(f"s/{name}: "), str(exc)
        return
    _check_article(article, name)


# Bytes that look like the files readers get: text in several encodings, with
# front matter or markup, cut anywhere, mixed with binary noise.
_TEXTS = st.text(st.characters(codec="utf-8"), max_size=300)
_ENCODED = st.tuples(
    _TEXTS, st.sampled_from(["utf-8", "utf-16", "cp1252", "cp1251", "koi8_r", "shift_jis"])
).map(lambda pair: pair[0].encode(pair[1], errors="ignore"))
_FRAMED = st.tuples(
    st.sampled_from(
        [b"", b"---\n", b"---\ntitle: x\n---\n", b"\xef\xbb\xbf", b"\xff\xfe", b"<html><body><p>", b"<?xml "]
    ),
    st.one_of(_ENCODED, st.binary(max_size=300)),
    st.sampled_from([b"", b"\n---\n", b"</p></body></html>", b"\x00", b"\r\n"]),
).map(b"".join)
ANY_BYTES = st.one_of(st.binary(max_size=500), _ENCODED, _FRAMED)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=ANY_BYTES, suffix=st.sampled_from(READER_SUFFIXES), stem=st.text(max_size=20))
def test_readers_take_any_bytes(data: bytes, suffix: str, stem: str) -> None:
    name = (stem.replace("/", "_") or "x") + suffix
    _read(name, data)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(data=st.binary(max_size=200))
def test_other_files_are_not_read(data: bytes) -> None:
    assert parallax_read(_source("x.pdf", data), SETTINGS) is None


# Front matter built from YAML's own syntax: keys Parallax reads and others,
# values of every YAML kind, anchors, aliases, tags, flow collections.
_YAML_SCALARS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "2025-01-09",
            "2025-13-45",
            "2025-02-30",
            "2025",
            "'2025-01'",
            "2025-01-09T20:53:00+01:00",
            "2025-01-09 20:53",
            "yes",
            "null",
            "~",
            "1e400",
            "0x1F",
            ".nan",
            "'it'",
            "pt-BR",
            "und",
            "https://example.com/a",
            "javascript:alert(1)",
            "!!python/object/apply:os.system ['true']",
            "!!binary aGVsbG8=",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "!!timestamp foo",
            "!!int abc",
            "!ruby/object:X {}",
            "&a [1, 2]",
            "*a",
            "*undefined",
            "[a, [b, [c]]]",
            "{a: 1, b: [2]}",
            '"\\u0000\\x1b"',
            "|\n  block\n  text",
            ">-\n  folded",
            "[" * 50,
            "? complex key",
        ]
    ),
)
_FRONT_LINES = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "title",
                "outlet",
                "author",
                "editor",
                "published",
                "updated",
                "url",
                "lang",
                "id",
                "section",
                "tags",
                "x",
            ]
        ),
        _YAML_SCALARS,
    ).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    max_size=8,
)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_FRONT_LINES, noise=st.text(max_size=40), body=st.text(max_size=80))
def test_markdown_front_matter_of_yaml_syntax(lines: list[str], noise: str, body: str) -> None:
    front = "\n".join([*lines, noise])
    _read("a.md", f"---\n{front}\n---\n{body}\nSome article text.\n".encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(front=st.text(), body=st.text())
def test_markdown_front_matter_of_any_text(front: str, body: str) -> None:
    _read("a.md", f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(data=ANY_BYTES)
def test_decode_gives_text_or_input_error(data: bytes) -> None:
    try:
        text = decode(data, "s/a.txt")
    except InputError as exc:
        assert str(exc).startswith("s/a.txt: ")
        return
    assert text.strip() and "\x00" not in text and "\r" not in text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(name=st.text())
def test_story_ids_and_shown_names_are_safe(name: str) -> None:
    assert SAFE_ID.fullmatch(slug(name, "story"))
    shown = shown_name(name)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", shown)
    assert shown == name or "\\" in shown


# --------------------------------------------------------------------------
# Extractors
# --------------------------------------------------------------------------

PM = plugin_manager()
EXTRACTORS = implementers(PM, "parallax_extract")

# Pieces of news text in the corpus's languages, so that the examples reach
# the extractors' interesting paths (numbers, money, dates, quotes, names),
# glued together with any text at all.
_PIECES = st.sampled_from(
    [
        "4,6", "1.234,5", "12 345", "3.5", "-7", "1e9", "0", "2019", "2025", "20h53", "14:30", "½", "٣٤", "१२",
        "$", "€", "£", "₽", "US-Dollar", "dollars", "euro", "руб.", "million", "Millionen", "milliards", "млрд",
        "%", "per cent", "Prozent", "процента", "por cento", "percento",
        "9 gennaio 2025", "January 9, 2025", "14. Januar 2019", "9 de janeiro de 2019", "14 janvier",
        "09/01/2025", "2025-01-09", "в марте 2019 года", "yesterday", "ieri", "вчера", "gestern", "hier",
        "last year", "two years ago", "vor zwei Jahren", "am Donnerstag", "entro il 2030", "by 2030",
        "«", "»", "“", "”", "„", "‹", "›", '"', "'", "‘", "’", "「", "」",
        "said", "ha detto", "заявил", "a déclaré", "sagte", "disse", "according to", "secondo",
        "Ilya Sutskever", "Илья Суцкевер", "OpenAI", "Dr.", "Mr.", "St.", "U.S.", "e.g.", "Nr.",
        ".", ",", ";", ":", "!", "?", "…", "—", "–", "-", "(", ")", "[", "]", "/", "\\",
        "\n", "\n\n", " ", "\t", "\u00a0", "\u202f", "\u200b", "\u200f", "\u202e", "\ufeff", "\u2028",
        "é", "e\u0301", "ﬁ", "İ", "ß", "ς", "𝟘", "😀", "👩‍👩‍👧", "ﷺ", "\U0010ffff",
        "مرحبا", "שלום", "中文", "日本語", "한국어",
    ]
)  # fmt: skip
_SEPARATORS = st.sampled_from(["", " ", " ", " ", "\n", ". "])
NEWS_TEXT = st.lists(
    st.tuples(st.one_of(_PIECES, _PIECES, st.text(max_size=12)), _SEPARATORS).map("".join),
    min_size=8,
    max_size=80,
).map("".join)
TEXTS = st.one_of(NEWS_TEXT, st.text(max_size=400))
LANGS = st.sampled_from(["en", "it", "ru", "fr", "de", "pt", "es", "ar", "he", "zh", "ja", "und", "xx", None])
# Publication dates a reader lets through (front matter is checked as ISO 8601, not as plausible).
EDGE_DATES = ["0001-01-01", "0001-01", "0001", "9999-12-31", "9999-12", "9999", "0001-01-01T00:00:00-12:00"]
PUBLISHED = st.sampled_from([None, "2025-01-09", "2025-01-09T20:53:00+01:00", "2025-01", "2025", *EDGE_DATES])
# Relative dates, which are resolved against the publication date.
RELATIVE = [
    "yesterday", "tomorrow", "last year", "next month", "two years ago", "in two years", "on Thursday",
    "ieri", "domani", "l'anno scorso", "il mese prossimo", "a marzo", "giovedì scorso", "entro il 2030",
    "вчера", "завтра", "в прошлом году", "в четверг", "два года назад",
    "hier", "demain", "l'an dernier", "en décembre dernier", "jeudi", "il y a deux ans",
    "gestern", "morgen", "am Donnerstag", "im vergangenen Dezember", "vor zwei Jahren",
    "ontem", "amanhã", "no ano passado", "em março", "na quinta-feira", "há dois anos",
]  # fmt: skip


def _spans(text: str, pattern: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for match in re.finditer(pattern, text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """A prepared article around any text: valid blocks and sentences, a language, maybe a date."""
    text = draw(TEXTS)
    blocks = tuple(Block(s, e) for s, e in _spans(text, r"\n\s*\n"))
    sentences = (
        tuple(Span(s, e) for s, e in _spans(text, r"(?<=[.!?…])\s+|\n")) if draw(st.booleans()) else ()
    )
    published = draw(PUBLISHED)
    metadata = (MetaValue("published", published, published, "front matter"),) if published else ()
    lang = draw(LANGS)
    return Article(
        id="a",
        story="s",
        source="s/a.txt",
        format="txt",
        body=text,
        text=text,
        blocks=blocks,
        lang=lang,
        lang_confidence=0.9 if lang else 0.0,
        sentences=sentences,
        metadata=metadata,
    )


def _check_extraction(result: object, text: str) -> None:
    assert result is None or isinstance(result, Extraction), type(result)
    if result is None:
        return
    for kind in ("facts", "mentions", "anomalies"):
        for item in getattr(result, kind):
            assert isinstance(item.start, int) and isinstance(item.end, int), item
            assert 0 <= item.start <= item.end <= len(text), (kind, item)
            assert text[item.start : item.end] == item.text, (kind, item)
    for fact in result.facts:
        json.dumps([fact.value, fact.unit, dict(fact.attrs), list(fact.entities)])


def test_the_extractors_are_found() -> None:
    # The host's own list: a plugin registered any way (built-in, entry point) is in it.
    assert implementers(plugin_manager(), "parallax_extract") == EXTRACTORS
    for name in EXTRACTORS:
        assert any(impl.plugin_name == name for impl in PM.hook.parallax_extract.get_hookimpls())


@pytest.mark.parametrize("name", EXTRACTORS)
def test_extractor_takes_any_text(name: str) -> None:
    impl = next(impl for impl in PM.hook.parallax_extract.get_hookimpls() if impl.plugin_name == name)

    @settings(max_examples=1000, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(article=articles())
    def check(article: Article) -> None:
        arguments = {"article": article, "settings": SETTINGS}
        result = impl.function(**{arg: arguments[arg] for arg in impl.argnames})
        _check_extraction(result, article.text)

    check()


@pytest.mark.parametrize("name", EXTRACTORS)
def test_extractor_resolves_relative_dates_at_the_ends_of_the_calendar(name: str) -> None:
    # Random text rarely meets a date in year 1 or 9999: every relative date meets each one here.
    impl = next(impl for impl in PM.hook.parallax_extract.get_hookimpls() if impl.plugin_name == name)
    failures = []
    for published in EDGE_DATES:
        for phrase in RELATIVE:
            text = f"The vote took place {phrase}. Il voto {phrase}."
            article = Article(
                id="a", story="s", source="s/a.txt", format="txt", body=text, text=text,
                lang=None, sentences=(Span(0, len(text)),),
                metadata=(MetaValue("published", published, published, "front matter"),),
            )  # fmt: skip
            for lang in ("en", "it", "ru", "fr", "de", "pt"):
                arguments = {"article": replace(article, lang=lang), "settings": SETTINGS}
                try:
                    _check_extraction(impl.function(**{a: arguments[a] for a in impl.argnames}), text)
                except Exception as exc:
                    failures.append(f"{phrase!r} published {published} ({lang}): {type(exc).__name__}: {exc}")
    assert not failures, f"{len(failures)} failures, e.g.:\n" + "\n".join(failures[:10])


def test_the_extractor_check_catches_bad_offsets() -> None:
    # The check above is not vacuous: an extractor off by one fails it.
    from generator.model import Fact

    text = "The harbour reopened on Monday."
    good = Extraction(facts=(Fact("word", 4, 11, "harbour"),))
    _check_extraction(good, text)
    for bad in (
        Extraction(facts=(Fact("word", 5, 12, "harbour"),)),
        Extraction(facts=(Fact("word", 30, 40, ""),)),
        Extraction(facts=(Fact("word", 4, 11, "harbour", value=object()),)),
    ):
        with pytest.raises((AssertionError, TypeError)):
            _check_extraction(bad, text)
