"""Built-in sentence splitting with sentencex, as spans into the article's clean text.

sentencex knows the abbreviations and number formats of many languages and
falls back to English-like rules for a code it does not know (checked:
"qq", "xx-yy" and "" all split like "en"). Note that it does not read region
subtags: "pt-BR" gets the fallback, not Portuguese, so only the primary
subtag is passed.

Each paragraph is split on its own, so no sentence crosses a paragraph
boundary. sentencex returns strings; they are found again in the paragraph
to get offsets, tolerating changed whitespace. A paragraph whose sentences
cannot all be found becomes one span: a sentence too long is better than an
offset that points at the wrong words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from sentencex import segment

from generator import hookimpl
from generator.model import Article, Block, Span
from generator.settings import Settings

FALLBACK_LANGUAGE = "en"

# A paragraph boundary: a line break, any blank line(s), another line break.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Whitespace other than ASCII's (no-break spaces, thin spaces, line separators...).
_UNUSUAL_SPACE = re.compile(r"[^\S\x09-\x0d\x20]")
# Characters that cannot begin a sentence: what follows them continues the one before.
_CONTINUATION = ",;:)]}"


@hookimpl
def parallax_segment(article: Article, settings: Settings) -> list[Span]:
    """Sentence spans into ``article.text``, in order, not overlapping, within paragraphs."""
    return split_sentences(article.text, article.lang, article.blocks)


def split_sentences(text: str, lang: str | None, blocks: tuple[Block, ...] = ()) -> list[Span]:
    """Sentence spans into ``text``; ``blocks`` (if any) are paragraph boundaries too. Never raises."""
    code = _language(lang)
    spans: list[Span] = []
    for start, end in _paragraphs(text, blocks):
        spans.extend(_paragraph_sentences(text, start, end, code))
    return spans


def _language(lang: str | None) -> str:
    if not lang:
        return FALLBACK_LANGUAGE
    # "pt-BR" -> "pt": sentencex would treat the full tag as unknown.
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower() or FALLBACK_LANGUAGE


def _paragraphs(text: str, blocks: tuple[Block, ...] = ()) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph: split at blank lines and at the cleaner's block edges."""
    cuts = {0, len(text)}
    for block in blocks:
        for offset in (block.start, block.end):
            # A block outside the text is the cleaner's bug; it must not break splitting.
            if 0 <= offset <= len(text):
                cuts.add(offset)
    gaps = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    for gap_start, gap_end in gaps:
        cuts.update((gap_start, gap_end))
    edges = sorted(cuts)
    for start, end in itertools.pairwise(edges):
        # Trim: the gaps themselves are whitespace and produce nothing.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            yield start, end


def _paragraph_sentences(text: str, start: int, end: int, lang: str) -> list[Span]:
    # sentencex panics on an initial followed by a non-ASCII space ("Z\u00a0.",
    # sentencex 1.0.32, many languages). Such spaces become plain ones: one
    # character for one, so offsets into the copy are offsets into the text.
    paragraph = _UNUSUAL_SPACE.sub(" ", text[start:end])
    pieces = _segment(lang, paragraph)
    if pieces is None:
        return [Span(start, end)]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = _locate(paragraph, piece, cursor)
        if found is None:
            return [Span(start, end)]
        spans.append(found)
        cursor = found[1]
    return [Span(start + s, start + e) for s, e in _merge_continuations(paragraph, spans)]


def _segment(lang: str, paragraph: str) -> list[str] | None:
    """sentencex's sentences, or None if it failed."""
    try:
        return list(segment(lang, paragraph))
    except Exception:
        return None
    except BaseException as exc:
        # pyo3 turns a Rust panic into PanicException, which is a BaseException
        # so that a bare "except Exception" does not swallow it; here it must be.
        if type(exc).__name__ != "PanicException":
            raise
        return None


def _locate(paragraph: str, piece: str, cursor: int) -> tuple[int, int] | None:
    """Where ``piece`` stands in ``paragraph`` at or after ``cursor``, whitespace compared loosely."""
    index = paragraph.find(piece, cursor)
    if index >= 0:
        return index, index + len(piece)
    words = piece.split()
    if not words:
        return None
    match = re.compile(r"\s+".join(map(re.escape, words))).search(paragraph, cursor)
    return (match.start(), match.end()) if match else None


def _merge_continuations(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a "sentence" that starts in lowercase (or with a comma...) to the one before.

    sentencex splits after some abbreviations it does not know ("т. е.", and
    in Portuguese "p.m." or "e.g."), and after "Stop!" in '"Stop!" he said'.
    A real sentence does not begin with a lowercase letter, so joining is the
    safer mistake. Scripts without case are not affected.
    """
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        first = paragraph[start]
        if merged and (first.islower() or first in _CONTINUATION):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
