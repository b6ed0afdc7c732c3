"""Built-in cleaner: separates an article's own text from the page furniture around it.

Plain-text articles collected from the web keep what surrounded them on the
page: logos, share bars, photo captions and credits, "read more" boxes,
breadcrumbs, bylines, author boxes and biographies, source lists.  This
plugin takes them out, line by line, and says for each removed line what it
was (:class:`~generator.model.Removed`), so that nothing disappears silently.

It knows languages, never stories: every decision comes from the shape of a
line (length, final punctuation, position, repetition), its neighbours (an
alt-text line followed by a photo credit) and the per-language word lists in
:mod:`plugins.lexicon`.  When in doubt it keeps a line: losing a sentence of
the article is worse than leaving a stray line in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import hookimpl
from generator.model import Article, Block, Cleaned, Removed
from generator.settings import Settings
from plugins import lexicon as lx

# ---------------------------------------------------------------------------
# Patterns, compiled once
# ---------------------------------------------------------------------------

# "•", "-", "*", "–" opening a list item; "-" and "*" need a space after them ("-5 %", "*emphasis*").
_BULLET_RE = re.compile(r"^(?:[•●▪◦·]\s*|[-*–]\s+)")
_DIALOGUE_RE = re.compile(r"\s[–—-]\s")
_NUMBERED_RE = re.compile(r"^\d{1,2}[.)]\s+\S")
# Quotes and brackets that may close a sentence after its final punctuation: 'done."', 'done.)'.
_CLOSERS = "\"'”’»)]›"
_TERMINAL = ".!?…"

_BREADCRUMB_SEPARATORS = ("›", ">", "»", "→", "/", "|", "·")
_BREADCRUMB_START_RE = re.compile(r"^(?:>|›|»|→)\s+\S")
_BREADCRUMB_HOME_RE = re.compile(
    r"^(?:home|início|inicio|accueil|startseite|главная|головна|strona główna|ana sayfa|homepage)\s*[›>»→/|]",
    re.IGNORECASE,
)
_SHARE_RE = re.compile(
    rf"^(?:(?:{lx.alternation(lx.PLEASE_WORDS)}),?\s+)?(?:{lx.alternation(lx.SHARE_WORDS)})(?!\w)[\s:!]*"
    rf"(?P<rest>.*)$",
    re.IGNORECASE,
)
_SHARE_OBJECT_RE = lx.phrase_re(lx.SHARE_OBJECT_WORDS, prefix="^")
_SHARE_NOUN_RE = lx.phrase_re(lx.SHARE_NOUN_WORDS)
_SHARE_ANY_RE = lx.phrase_re(lx.SHARE_WORDS)
_READ_MORE_RE = re.compile(rf"^(?:{lx.alternation(lx.READ_MORE_WORDS)})(?!\w)\s*(?P<rest>.*)$", re.IGNORECASE)
# What may follow "Read more" on the same line for it to be a link box and not a sentence.
_LINK_LEAD_RE = re.compile(r"^(?:[:»>›→|–—-]|\.\.\.|…)")
_PHOTO = lx.alternation(lx.PHOTO_WORDS)
# "(Image: X/Agency)", "[Foto: X]", "(Source de l'image : X)" closing the line.
_CREDIT_END_RE = re.compile(rf"[(\[]\s*(?:{_PHOTO})\s*:[^()\[\]]{{1,160}}[)\]]\s*$", re.IGNORECASE)
# "Foto: X", "Photo : X", "Фото: X" opening the line.
_CREDIT_START_RE = re.compile(
    rf"^(?:(?:{_PHOTO})\s*:|(?:{lx.alternation(lx.PHOTO_ABBREVIATIONS)})(?!\w))\s*\S", re.IGNORECASE
)
# "Photo by X on Y", "Foto di X", "Foto von X".
_PHOTO_BY_RE = re.compile(
    rf"^(?:{_PHOTO})\s+(?:{lx.alternation(lx.PHOTO_BY_WORDS)})\s+\S",
    re.IGNORECASE,
)
# "Caption text. Photo: X" / "Caption text | Foto: X" at the end of a line.
_CREDIT_TAIL_RE = re.compile(rf"(?:[.|–—]\s+|\s[-/]\s+)(?:{_PHOTO})\s*:\s*[^.!?]{{1,80}}$", re.IGNORECASE)
_SOURCES_HEAD_RE = re.compile(rf"^(?:{lx.alternation(lx.SOURCE_WORDS)})\s*:?$", re.IGNORECASE)
_SOURCES_INLINE_RE = re.compile(rf"^(?:{lx.alternation(lx.SOURCE_WORDS)})\s*:\s*\S", re.IGNORECASE)
_TAGS_RE = re.compile(rf"^(?:{lx.alternation(lx.TAG_WORDS)})\s*(?::|$)", re.IGNORECASE)
_TAGS_HEAD_RE = re.compile(rf"^(?:{lx.alternation(lx.TAG_WORDS)})\s*:?$", re.IGNORECASE)
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_BIO_VERB_RE = lx.phrase_re(lx.BIO_VERBS, prefix=r"^[\s,]*")
_PROFESSION_RE = lx.phrase_re(lx.PROFESSION_WORDS)
_PARENS_RE = re.compile(r"\([^)]*\)")
_SUBSCRIBE_RE = lx.phrase_re(lx.SUBSCRIBE_WORDS)
_NEWSLETTER_RE = lx.phrase_re(lx.NEWSLETTER_WORDS)
_COMMENT_COUNT_RE = re.compile(rf"^\d+\s+(?:{lx.alternation(lx.COMMENT_WORDS)})$", re.IGNORECASE)


@dataclass(slots=True)
class _Line:
    """One line of the body with what the cleaner knows about it."""

    no: int  # 1-based line number in the body
    raw: str  # as in the body, without its line ending
    text: str  # stripped, list bullet removed: what goes into the clean text
    bullet: bool  # it was a list item ("•", "-", "*", "–", or numbered)
    words: int
    terminal: bool  # ends with sentence punctuation (closing quotes allowed)
    kind: str | None = None  # removal kind, None while the line is kept
    byline: lx.Byline | None = None  # what the line says, when it is a byline


def _final_char(text: str) -> str:
    stripped = text.rstrip(_CLOSERS + " ")
    return stripped[-1] if stripped else ""


def _make_line(no: int, raw: str) -> _Line:
    text = raw.strip()
    bullet = False
    m = _BULLET_RE.match(text)
    # "– Nie wiem – powiedział.": a dash that opens dialogue comes back before the speaker; keep it.
    dialogue = m and text[0] in "-–" and _DIALOGUE_RE.search(text, m.end())
    if m and len(text) > m.end() and not dialogue:
        text, bullet = text[m.end() :].lstrip(), True
    return _Line(
        no=no,
        raw=raw,
        text=text,
        bullet=bullet,
        words=len(text.split()),
        terminal=_final_char(text) in _TERMINAL,
    )


def _is_sentence(line: _Line) -> bool:
    """Text that carries a sentence of the article: a real sentence, or a long run of words."""
    return (line.words >= 4 and line.terminal) or line.words >= 15


def _is_headline(line: _Line, max_words: int = 25) -> bool:
    """Shaped like a title or subheading: short, not a list item, no final punctuation."""
    if line.bullet or not 1 <= line.words <= max_words or len(line.text) > 200:
        return False
    first, last = line.text[0], _final_char(line.text)
    if last in _TERMINAL + ":;,":
        return False
    return first.isupper() or first.isdigit() or first in "\"'“„«¿¡"


# ---------------------------------------------------------------------------
# What a single line is, on its own
# ---------------------------------------------------------------------------


def _is_breadcrumb(text: str) -> bool:
    if _BREADCRUMB_START_RE.match(text) or _BREADCRUMB_HOME_RE.match(text):
        return any(text.count(f" {sep} ") + text.startswith(sep) >= 2 for sep in _BREADCRUMB_SEPARATORS)
    if _final_char(text) in _TERMINAL:
        return False
    for sep in ("›", ">", "→", "»"):
        parts = text.split(f" {sep} ")
        # "»" also closes French and German quotes: a breadcrumb never opens one.
        if len(parts) >= 3 and "«" not in text and all(0 < len(p.split()) <= 10 for p in parts[:-1]):
            return True
    return False


def _is_share(line: _Line) -> bool:
    m = _SHARE_RE.match(line.text) if line.words <= 12 else None
    if m and (
        not m.group("rest") or _SHARE_OBJECT_RE.match(m.group("rest")) or _SHARE_NOUN_RE.search(line.text)
    ):
        return True
    # "Artikel teilen", "Diesen Artikel teilen": a share verb and an article noun in a few words.
    if line.words <= 5 and _SHARE_ANY_RE.search(line.text) and _SHARE_NOUN_RE.search(line.text):
        return True
    # A row of icons and service names: "Icon Facebook Icon Telegram Icon Email ..."
    if line.terminal or line.words > 30:
        return False
    tokens = [t.lower().strip("[]:|,") for t in _PARENS_RE.sub(" ", line.text).split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return False
    known = sum(t in lx.SERVICE_WORDS or t in lx.ICON_WORDS for t in tokens)
    return known == len(tokens) or (any(t in lx.ICON_WORDS for t in tokens) and known / len(tokens) >= 0.6)


def _is_read_more(line: _Line) -> bool:
    m = _READ_MORE_RE.match(line.text)
    if not m:
        return False
    rest = m.group("rest")
    if not rest or _LINK_LEAD_RE.match(rest):
        return True
    # "Lire aussi Le titre d'un autre article": a linked headline, not a sentence.
    return line.words <= 20 and not line.terminal and rest[0].isupper()


def _is_read_more_heading(text: str) -> bool:
    m = _READ_MORE_RE.match(text)
    return bool(m) and m.group("rest").strip(" :»>›→|–—-.…") == ""


def _credit_kind(line: _Line) -> str | None:
    """ "credit" for a line that is only a photo credit, "caption" for a caption carrying one."""
    text = line.text
    m = _CREDIT_END_RE.search(text)
    if m:
        return "credit" if m.start() == 0 else "caption"
    if _CREDIT_START_RE.match(text) or (line.words <= 15 and not line.terminal and _PHOTO_BY_RE.match(text)):
        return "credit" if line.words <= 12 else "caption"
    if line.words <= 40 and _CREDIT_TAIL_RE.search(text):
        return "caption"
    # "Agency Images", "Foto Agency": a picture agency's name alone, with a picture word at one end.
    words = text.split()
    marked = 2 <= len(words) <= 4 and {words[0].lower(), words[-1].lower()} & lx.PHOTO_AGENCY_MARKS
    if marked and not line.terminal and all(w[0].isupper() for w in words):
        return "credit"
    return None


def _classify(line: _Line) -> str | None:
    """The furniture kind of a line judged on its own, or None when it may be article text."""
    text, words = line.text, line.words
    if words > 40 or (words > 15 and line.terminal):
        # A long line, or a long sentence: furniture this long is only a caption ending in a credit.
        return _credit_kind(line) if text[-1] in ")]" else None
    key = text.lower().rstrip(" :.!›»>")
    if words <= 4 and key in lx.NAVIGATION_WORDS:
        return "navigation"
    if words <= 3 and key in lx.AD_WORDS:
        return "ad"
    if _COMMENT_COUNT_RE.match(key):
        return "navigation"
    if words <= 25 and _NEWSLETTER_RE.search(text) and _SUBSCRIBE_RE.search(text):
        return "newsletter"
    if lx.is_logo_line(text):
        return "logo"
    if _is_breadcrumb(text):
        return "breadcrumb"
    if _is_share(line):
        return "share"
    if _is_read_more(line):
        return "read-more"
    credit = _credit_kind(line)
    if credit:
        return credit
    if lx.is_footer_line(text):
        return "footer"
    hashtags = text.startswith("#") and all(w.startswith("#") for w in text.split())
    if hashtags or (_TAGS_RE.match(text) and not line.terminal):
        return "tag"
    if _SOURCES_HEAD_RE.match(text) or (words <= 12 and not line.terminal and _SOURCES_INLINE_RE.match(text)):
        return "sources"
    if words <= 10 and lx.outlet_of_author_box(text, bare=False):
        return "author-box"
    line.byline = lx.parse_byline(text)
    if line.byline is not None:
        return "byline"
    return None


# ---------------------------------------------------------------------------
# What a line is among its neighbours
# ---------------------------------------------------------------------------


def _next_nonblank(lines: list[_Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].text:
            return j
    return None


def _mark_alt_text(lines: list[_Line]) -> None:
    """A short unpunctuated line right above a photo credit is the picture's alt text."""
    for i in range(len(lines) - 1):
        line, below = lines[i], lines[i + 1]
        if (
            line.kind is None
            and line.text
            and below.kind in ("credit", "caption")
            and not line.bullet
            and not line.terminal
            and line.words <= 20
        ):
            line.kind = "caption"


def _mark_duplicates(lines: list[_Line]) -> None:
    """A line repeated verbatim (a caption printed twice) is kept once."""
    seen: set[str] = set()
    for line in lines:
        if not line.text:
            continue
        if line.text in seen and (line.words >= 3 or line.kind is not None):
            line.kind = "duplicate"
        seen.add(line.text)


def _is_link_like(line: _Line) -> bool:
    """A line that can be an entry in a list of links or sources: short, no sentence."""
    return bool(_URL_RE.match(line.text)) or (not line.terminal and 1 <= line.words <= 20)


def _is_list_heading(line: _Line) -> bool:
    """A bare "Read more:", "Source(s)" or "Tags" line: the lines below it are its entries."""
    if line.kind == "read-more":
        return _is_read_more_heading(line.text)
    if line.kind == "sources":
        return bool(_SOURCES_HEAD_RE.match(line.text))
    return line.kind == "tag" and bool(_TAGS_HEAD_RE.match(line.text))


def _leads_into_text(lines: list[_Line], i: int) -> bool:
    """Whether the next non-blank line after ``i`` is article text (a sentence or a list item)."""
    j = _next_nonblank(lines, i)
    return j is not None and lines[j].kind is None and (_is_sentence(lines[j]) or lines[j].bullet)


def _mark_lists(lines: list[_Line]) -> None:
    """Entries under a "Source(s)", "Tags" or bare "Read more:" heading belong to it."""
    for i, heading in enumerate(lines):
        if not _is_list_heading(heading):
            continue
        run: list[_Line] = []
        j = _next_nonblank(lines, i)
        while j is not None and lines[j].kind is None and _is_link_like(lines[j]):
            entry = lines[j]
            if run and entry.bullet != run[0].bullet:
                break  # a list in another style is something else
            # A line leading into article text is a subheading, unless it sits right under another entry.
            continues_list = bool(run) and entry.no == run[-1].no + 1
            if not entry.bullet and not continues_list and _leads_into_text(lines, j):
                break
            run.append(entry)
            j = _next_nonblank(lines, j)
        for entry in run:
            entry.kind = heading.kind


def _name_matches(candidate: str, names: list[list[str]]) -> bool:
    """Whether ``candidate`` names one of the people: "Jane Q. Doe" matches "Jane Doe" and back."""
    tokens = candidate.lower().split()
    if len(tokens) < 2:
        return False
    return any(tokens == name or (tokens[0] == name[0] and set(tokens) <= set(name)) for name in names)


def _name_prefix(text: str) -> tuple[str, str]:
    """Split a line into its leading capitalised name (up to 5 words) and the rest."""
    words = text.split(" ")
    n = 0
    while n < min(len(words), 5) and (
        lx.is_name_token(words[n].rstrip(",")) or (n and words[n] in lx.NAME_PARTICLES)
    ):
        n += 1
        if words[n - 1].endswith(","):
            break
    return " ".join(words[:n]).rstrip(","), " ".join(words[n:])


def _mark_people(lines: list[_Line]) -> None:
    """Author boxes and biographies: the names come from the bylines and author boxes found so far."""
    people: list[list[str]] = []
    for line in lines:
        if line.kind == "byline" and line.byline:
            people.extend(n.lower().split() for n in line.byline.authors + line.byline.editors)
    # A name alone on a line next to an author box ("NAME" above "Special to X") or next to a byline
    # that names nobody ("NAME" above "9 January 2025") is the author's.  Not the first line left:
    # that one is more likely a headline in title case ("Council Approves Budget").
    first = next((i for i, line in enumerate(lines) if line.kind is None and line.text), None)
    for i, line in enumerate(lines):
        if line.kind is not None or not line.text or not _is_headline(line, 5):
            continue
        if lx.is_name(line.text, min_tokens=2, max_tokens=4) and (
            _name_matches(line.text, people) or (i != first and _next_to_author_line(lines, i))
        ):
            line.kind = "author-box"
            people.append(line.text.lower().split())
    # "für X", "pour X" alone on a line is an author box only right beside a byline or author box.
    for i, line in enumerate(lines):
        beside = line.kind is None and any(o.kind in ("author-box", "byline") for o in _neighbours(lines, i))
        if beside and line.text and lx.outlet_of_author_box(line.text):
            line.kind = "author-box"
    # Biographies: from the end of the article back, while only furniture and biographies follow.
    has_author = bool(people) or any(line.kind == "author-box" for line in lines)
    for line in reversed(lines):
        if not line.text or line.kind is not None:
            continue
        if has_author and _is_bio(line, people):
            line.kind = "bio"
        elif _is_sentence(line) or line.words > 5:
            break


def _neighbours(lines: list[_Line], i: int) -> list[_Line]:
    """The nearest non-blank lines above and below line ``i``."""
    found = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not lines[j].text:
            j += step
        if 0 <= j < len(lines):
            found.append(lines[j])
    return found


def _next_to_author_line(lines: list[_Line], i: int) -> bool:
    """Whether a neighbour is an author box, or a byline that names nobody (the name is elsewhere)."""
    return any(
        other.kind == "author-box"
        or (other.kind == "byline" and other.byline and not (other.byline.authors or other.byline.editors))
        for other in _neighbours(lines, i)
    )


def _is_bio(line: _Line, people: list[list[str]]) -> bool:
    """ "NAME é jornalista ...", "NAME is a reporter ...": a biography of the author or editor."""
    name, rest = _name_prefix(line.text)
    if len(name.split()) < 2 or not _BIO_VERB_RE.match(rest):
        return False
    if _name_matches(name, people):
        return True
    # Someone else's name: only with a profession right after the verb ("X is a journalist").
    head = " ".join(rest.split()[:5])
    return bool(_PROFESSION_RE.search(head))


def _mark_title(lines: list[_Line]) -> None:
    """The headline: the first line left, when it is shaped like one and article text follows."""
    kept = [line for line in lines if line.kind is None and line.text]
    if len(kept) < 2:
        return
    if kept[0].words <= 3 and kept[0].text.lower() in lx.SECTION_WORDS:
        kept[0].kind = "section"  # the section's name above the headline (a kicker)
        kept = kept[1:]
        if len(kept) < 2:
            return
    first, second = kept[0], kept[1]
    if not _is_headline(first, 20) and not (
        first.text[-1:] in "?!" and 1 <= first.words <= 15 and not first.bullet
    ):
        return
    if _continues(first, second):
        return  # the first line of a hard-wrapped paragraph, not a headline
    if _is_sentence(second) or (_is_headline(second) and second.words > first.words) or second.bullet:
        first.kind = "title"


def _mark_trailer(lines: list[_Line]) -> None:
    """Short lines after the article's last sentence: a section name, or the author's name alone."""
    last = max((i for i, line in enumerate(lines) if line.kind is None and _is_sentence(line)), default=None)
    if last is None:
        return
    short = [
        line
        for line in lines[last + 1 :]
        if line.kind is None and _is_headline(line, 4) and len(line.text) <= 40
    ]
    unknown = [line for line in short if line.text.lower() not in lx.SECTION_WORDS]
    if len(unknown) > 2:
        # Several short lines in a row are a list that ends the article ("Flour", "Sugar", "Eggs"):
        # only the section names the lexicon knows go.
        short = [line for line in short if line not in unknown]
    for line in short:
        if line.text.lower() in lx.SECTION_WORDS or line.words == 1:
            line.kind = "section"
        elif lx.is_name(line.text, min_tokens=2, max_tokens=4):
            # Capitalised words: a person's name alone (an author box) or a section ("Ciência e Saúde").
            line.kind = (
                "section" if any(w.lower() in lx.SECTION_WORDS for w in line.text.split()) else "author-box"
            )


# ---------------------------------------------------------------------------
# The clean text
# ---------------------------------------------------------------------------


def _continues(previous: _Line, line: _Line) -> bool:
    """A hard-wrapped paragraph: the line goes on with the sentence the previous one left open."""
    return (
        line.no == previous.no + 1
        and not line.bullet
        and not previous.bullet
        and previous.words >= 6
        and not previous.terminal
        and _final_char(previous.text) not in ":;"
        and line.text[0].islower()
    )


def _assemble(lines: list[_Line]) -> tuple[str, tuple[Block, ...]]:
    """Join the kept lines into the clean text and describe its blocks."""
    paragraphs: list[list[_Line]] = []
    for line in lines:
        if line.kind is not None or not line.text:
            continue
        if paragraphs and _continues(paragraphs[-1][-1], line):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        body = "\n".join(line.text for line in paragraph)
        head = paragraph[0]
        if head.bullet:
            kind = "li"
        elif (
            len(paragraph) == 1
            and _is_headline(head, 12)
            and len(head.text) <= 100
            and index + 1 < len(paragraphs)
            and (_is_sentence(paragraphs[index + 1][0]) or paragraphs[index + 1][0].bullet)
        ):
            kind = "h"
        else:
            kind = "p"
        if parts:
            offset += 2
        blocks.append(Block(offset, offset + len(body), kind))
        parts.append(body)
        offset += len(body)
    return "\n\n".join(parts), tuple(blocks)


def _mark_numbered(lines: list[_Line]) -> None:
    """Two or more numbered lines in a row ("1. ...", "2) ...") are list items; their numbers stay."""
    for i, line in enumerate(lines):
        if line.bullet or not _NUMBERED_RE.match(line.text):
            continue
        neighbours = (lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines))
        if any(_NUMBERED_RE.match(n.text) for n in neighbours):
            line.bullet = True


def clean(body: str) -> Cleaned:
    """Split ``body`` into the article's clean text, its blocks and the furniture removed.

    Kept lines are stripped of surrounding whitespace and list bullets and
    otherwise left exactly as they were; paragraphs are joined by a blank
    line.  Every removed line is reported with its kind and line number.
    """
    lines = [_make_line(no, raw.removesuffix("\r")) for no, raw in enumerate(body.split("\n"), start=1)]
    _mark_numbered(lines)
    for line in lines:
        if line.text:
            line.kind = _classify(line)
    _mark_alt_text(lines)
    _mark_duplicates(lines)
    _mark_lists(lines)
    _mark_people(lines)
    _mark_title(lines)
    _mark_trailer(lines)
    text, blocks = _assemble(lines)
    removed = tuple(Removed(line.raw, line.kind, line.no) for line in lines if line.kind is not None)
    return Cleaned(text=text, blocks=blocks, removed=removed)


@hookimpl
def parallax_clean(article: Article, settings: Settings) -> Cleaned:
    """Clean any article whose body is text (readers turn HTML into text before this runs)."""
    return clean(article.body)
