"""Built-in quote extractor: direct quotes, who said them, and quoted terms.

Finds quotes in each language's marks („…“, «…», “…”, "…", ‹…›, ‚…‘, 「…」)
and in dash-introduced dialogue ("— Мы готовы, — сказал он."), and reads the
attribution around each quote with the language's speech verbs
(:mod:`plugins.speech`):

* after the quote: "“…,” said X", "„…“, sagte X", "«…», a déclaré X",
  "“…”, — сказал X", "“…,” X said", "„…“, so X", "“…”, according to X";
* before it: "X said: “…”", "По словам X, “…”", "Selon X, « … »", and a
  partial quote inside a reported sentence ("X said the plan was “…”");
* a quote that opens a sentence with no attribution of its own continues the
  previous speaker (same or previous paragraph);
* a pronoun ("he said", "сказал он", "a-t-il dit") or a verb without a
  subject in a pro-drop language ("ha detto", "dijo") resolves to the nearest
  preceding person-like name: a known speaker, or a run of two to four
  capitalised words. ``speaker_start``/``speaker_end`` then point at that
  earlier mention, so the host links the quote to the person's entity.

A quote of one to three words that nobody is said to have said is a *term*
("a “perfect storm”"), not a statement. Quote marks are never assumed to be
balanced: no quote crosses a paragraph, and an unclosed typographic quote
ends with its paragraph (an unclosed straight quote is dropped: it is as
likely an inch mark or an apostrophe).

Each quote is a ``Fact(type="quote")`` whose ``text`` is the quote with its
marks and ``value`` the quoted words without them. ``attrs``:

``speaker``, ``speaker_start``, ``speaker_end``
    the speaker's name as written ("Ann Lee", or "Анны Ли" after "по словам")
    and where it stands; None when no name is given. For a pronoun or a
    continued quote the span is the earlier mention it resolved to.
``verb``
    the reporting words as written ("said", "ha detto", "a-t-il dit",
    "по словам"), or None.
``kind``
    ``"statement"`` or ``"term"``.
``attribution``
    how the speaker was found: ``"after"`` / ``"before"`` the quote,
    ``"pronoun"``, ``"continued"`` (previous or next quote), ``"stated"`` (a
    term's speaker), or None.
``marks``, ``closed``
    the quotation marks used ("„“", "«»", "—") and whether the quote closed
    before its paragraph ended.
``speaker_role`` (only when set)
    a speaker named by role alone ("the company", "глава компании"); the
    speaker is then None and nothing is linked.

Everything here is language knowledge; nothing knows a story.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from generator import hookimpl
from generator.model import Article, Block, Extraction, Fact, frozen_map
from generator.settings import Settings
from plugins import speech as sp
from plugins.lexicon import MONTH_FULL, NAME_PARTICLES, is_name_token

# ---------------------------------------------------------------------------
# Patterns, compiled once
# ---------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_OPENER_RE = re.compile(f"[{re.escape(sp.OPENERS)}]")
# A word with inner apostrophes and hyphens ("d'après", "a-t-il", "Jean-Pierre"), or one
# punctuation character.
_TOKEN_RE = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
# A sentence ends at terminal punctuation (and any closing marks) followed by space, or
# at a line break; quotes.py only needs this to bound the attribution windows.
_BOUNDARY_RE = re.compile(r"[.!?…][\"'”’»“)\]]*\s+|\n")
# A dash that ends a line of dialogue and opens its attribution: ", — сказал", " —dijo"; or,
# in French, a comma and an inverted verb: "— Nous partons, a lancé Ann Lee."
_DIALOGUE_ATTR_RE = re.compile(r"(?:[,.!?…]\s*|\s+)[—―–-]\s*(?=\w)|(?P<comma>,)\s+(?=\w)")
# The dash that ends an attribution and resumes the quote: "— сказал он. — Мы", "—dijo—. Vamos".
_DIALOGUE_RESUME_RE = re.compile(r"\s*[—―–]\s*[.,]?\s*|[.!?]\s+[—―–]\s*")
_FRENCH_INVERSION_RE = re.compile(r"(\w+?)(?:-t)?-(il|elle|ils|elles|on)")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LEADING_PUNCT = frozenset(",;:.!?…—―–-)]»”“\"'’")
_TERMINAL = ".!?…"
# Before an opening straight quote: the start, a space, an opening bracket, a dash, or
# an elided article (French "d'"usure"").
_STRAIGHT_OPEN_AFTER = frozenset(" \t\n\u00a0\u202f([{—–-/'’:")

# A term is a quote of at most this many words: "a “perfect storm”", «эффект бабочки».
# Longer quotes are statements even without a speaker; three words covers the
# usual coined phrase ("a “perfect storm”", "„künstliche allgemeine Intelligenz“")
# while a four-word quote is almost always a fragment of what someone said.
TERM_MAX_WORDS = 3
# How far (in tokens) an attribution may stand from its quote: "“…,” Ann Lee, the
# agency's director since 2019, said" still attributes; a verb further away belongs
# to another clause.
_AFTER_VERB_WINDOW = 10
_NAME_SEARCH = 9
_NAME_MAX_TOKENS = 4
# Languages whose personal names are two words (given name, surname) far more often than
# three, so that "Landrat Ann Lee" or a sentence's "Лікар Ann Lee" is a role and a name. Not
# es/pt/it (two surnames, compound given names) nor en/fr ("Mary Ann Lee").
_ROLE_BEFORE_NAME_LANGUAGES = frozenset(("de", "nl", "pl", "ru", "uk"))
# Name particles that are also articles: inside a name only after another particle
# ("von der Leyen", "de la Tour"), never alone ("Inhaber der Bäckerei").
_ARTICLE_PARTICLES = frozenset(("der", "den", "des", "das", "dem", "la", "le"))
# A patronymic in the middle keeps a three-word Slavic name whole: "Иван Петрович Сидоров".
_PATRONYMIC_ENDINGS = ("вич", "вна", "чна", "ич")
# A German capitalised word ending like this is a noun, not part of a name ("Lösung").
_GERMAN_NOUN_ENDINGS = (
    "ung",
    "heit",
    "keit",
    "schaft",
    "tion",
    "tät",
    "ismus",
    "nis",
    "tum",
    "ment",
    "chen",
    "lein",
    "ik",
)


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


class _Tok(NamedTuple):
    """A token of the text (a word or a punctuation mark); immutable, and quick to make."""

    text: str
    low: str
    start: int
    end: int
    word: bool


@dataclass
class _Attribution:
    """What the words around a quote say about its speaker."""

    verb: str | None = None
    span: tuple[int, int] | None = None  # the name, when one is written
    pronoun: bool = False  # "he said", or a pro-drop verb: resolve to an earlier name
    role: str | None = None  # "the minister": a speaker without a name
    immediate: bool = False  # the verb stands right next to the quote
    colon: bool = False  # the attribution introduces the quote with a colon: "X said:"
    at: int | None = None  # where a subject before the verb starts ("Ann Lee, 45, said")


@dataclass
class _Quote:
    start: int
    end: int
    inner_start: int
    inner_end: int
    paragraph: int
    marks: str
    closed: bool = True
    dialogue: bool = False
    # filled in by attribution
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    verb: str | None = None
    role: str | None = None
    how: str | None = None
    kind: str = "statement"


# ---------------------------------------------------------------------------
# Hook
# ---------------------------------------------------------------------------


@hookimpl
def parallax_extract(article: Article, settings: Settings) -> Extraction:
    """Every quote in the article's clean text, as ``quote`` facts with their speakers."""
    return Extraction(facts=tuple(find_quotes(article.text, article.lang, article.blocks)))


def find_quotes(text: str, lang: str | None = None, blocks: tuple[Block, ...] = ()) -> list[Fact]:
    """The quotes of ``text`` as facts, in reading order. Never raises on odd input."""
    if not text:
        return []
    return _Reader(text, lang, blocks).read()


# ---------------------------------------------------------------------------
# The reader: one article
# ---------------------------------------------------------------------------


def _paragraphs(text: str, blocks: tuple[Block, ...]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank lines and the cleaner's block edges cut."""
    cuts = {0, len(text)}
    for block in blocks:
        cuts.update(o for o in (block.start, block.end) if 0 <= o <= len(text))
    for m in _PARAGRAPH_BREAK.finditer(text):
        cuts.update((m.start(), m.end()))
    edges = sorted(cuts)
    paragraphs = []
    for start, end in itertools.pairwise(edges):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            paragraphs.append((start, end))
    return paragraphs


def _word_count(value: str) -> int:
    if _CJK_RE.search(value):
        # No spaces between words: count two characters as a word.
        return max(1, len(value.replace(" ", "")) // 2)
    return len(value.split())


class _Reader:
    """Finds the quotes of one text and attributes them, in reading order."""

    def __init__(self, text: str, lang: str | None, blocks: tuple[Block, ...]) -> None:
        self.text = text
        self.sp = sp.speech_for(lang)
        code = (lang or "").split("-", 1)[0].lower()
        self.german = code == "de"
        self.french = code == "fr" or self.sp is sp.ANY_LANGUAGE
        # Where a name has two parts and three capitalised words mean a role and a name.
        self.role_before_names = code in _ROLE_BEFORE_NAME_LANGUAGES
        self.blocks = blocks
        self.paragraphs = _paragraphs(text, blocks)
        self._lower_words: set[str] | None = None
        self._candidates: list[tuple[int, int]] | None = None
        self._run_ends: list[int] = []
        self.quotes: list[_Quote] = []
        self.known: dict[str, None] = {}  # names already seen as speakers, in order
        self._starts: list[int] = []  # the quotes' starts, for bisecting

    # -- finding -----------------------------------------------------------

    def read(self) -> list[Fact]:
        """Find every quote paragraph by paragraph, then attribute them in reading order."""
        for index, (start, end) in enumerate(self.paragraphs):
            dialogue = self._dialogue(index, start, end)
            self.quotes.extend(dialogue)
            for quote in self._marked(index, start, end):
                # Marks inside a line of dialogue are a quote within the quote: not a fact of their own.
                if not any(d.start < quote.end and quote.start < d.end for d in dialogue):
                    self.quotes.append(quote)
        self.quotes.sort(key=lambda q: q.start)
        self._starts = [q.start for q in self.quotes]
        for i, quote in enumerate(self.quotes):
            self._attribute(i, quote)
        self._carry_back()
        return [self._fact(q) for q in self.quotes]

    def _marked(self, index: int, ps: int, pe: int) -> Iterator[_Quote]:
        """Quotes in quotation marks within the paragraph ``text[ps:pe]``, outermost only."""
        text = self.text
        i = ps
        while i < pe:
            m = _OPENER_RE.search(text, i, pe)
            if m is None:
                return
            o = m.start()
            mark = text[o]
            if not self._is_opener(o, ps, pe):
                i = o + 1
                continue
            c = self._closer(mark, o + 1, pe)
            if c is None:
                if mark in sp.AMBIGUOUS_OPENERS:
                    i = o + 1
                    continue
                inner_start, inner_end = self._trim(o + 1, pe)
                if inner_start < inner_end and any(ch.isalnum() for ch in text[inner_start:inner_end]):
                    yield _Quote(o, inner_end, inner_start, inner_end, index, mark, closed=False)
                return  # an unclosed quote ends with its paragraph
            inner_start, inner_end = self._trim(o + 1, c)
            if inner_start < inner_end and any(ch.isalnum() for ch in text[inner_start:inner_end]):
                yield _Quote(o, c + 1, inner_start, inner_end, index, mark + text[c])
            i = c + 1

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def _is_opener(self, o: int, ps: int, pe: int) -> bool:
        """Whether the mark at ``o`` opens a quote (the same characters also close, elide, measure)."""
        text = self.text
        mark = text[o]
        before = text[o - 1] if o > ps else " "
        after = text[o + 1] if o + 1 < pe else " "
        if mark == '"':
            # 12" is an inch mark; 'said "yes"' opens; French may put a space inside.
            return before in _STRAIGHT_OPEN_AFTER and (not after.isspace() or self._letter_after(o + 1, pe))
        if mark == "'":
            return before in _STRAIGHT_OPEN_AFTER and before not in "'’" and after.isalpha()
        if mark == "‘":
            return not before.isalnum() and not after.isspace()
        if mark in "»›":
            # German-style »…«: the mark touches its first word; French » closes.
            return not before.isalnum() and after.isalnum()
        if mark == "“":
            # German „…“ closes with “: a “ that follows a word and precedes a space is a closer.
            return not (
                not before.isspace() and before not in "([{—–-" and (after.isspace() or after in ",.;:!?")
            )
        return True

    def _letter_after(self, i: int, pe: int) -> bool:
        text = self.text
        while i < pe and text[i] in " \u00a0\u202f":
            i += 1
        return i < pe and text[i].isalpha()

    def _closer(self, mark: str, start: int, pe: int) -> int | None:
        """Where the quote opened by ``mark`` closes: the earliest allowed closing mark."""
        text = self.text
        best: int | None = None
        for closer in sp.CLOSERS[mark]:
            i = start
            while True:
                c = text.find(closer, i, pe)
                if c < 0 or (best is not None and c >= best):
                    break
                if closer in "'’" and not self._closes_single(c, pe):
                    i = c + 1
                    continue
                best = c
                break
        return best

    def _closes_single(self, c: int, pe: int) -> bool:
        """A ’ or ' between two letters is an apostrophe ("don't", "l’IA"), not a closing mark."""
        text = self.text
        before = text[c - 1] if c > 0 else " "
        after = text[c + 1] if c + 1 < pe else " "
        return not before.isspace() and not after.isalnum()

    def _dialogue(self, index: int, ps: int, pe: int) -> list[_Quote]:
        """Dash-introduced dialogue: a paragraph that opens with a dash and names its speaker.

        The dash alone is not enough (list items open with one too): the paragraph must
        carry an attribution ("— сказал он", " —dijo") or follow a paragraph ending in a
        colon ("Он сказал:").
        """
        text = self.text
        first = text[ps]
        if not (first in sp.DIALOGUE_DASHES or (first == "-" and text[ps + 1 : ps + 2] == " ")):
            return []
        content = ps + 1
        while content < pe and text[content].isspace():
            content += 1
        quotes: list[_Quote] = []
        quote_start, cursor = ps, content
        while cursor < pe:
            attribution = None
            for m in _DIALOGUE_ATTR_RE.finditer(text, cursor, pe):
                toks = self._tokens(m.end(), min(pe, m.end() + 80))
                # After a comma the verb must come first ("a lancé", "dit-il"); after a dash it
                # may follow a name ("— Ann Lee said").
                words = [t for t in toks if t.word][: 2 if m.group("comma") else 4]
                if any(self._is_verb(words, j) for j in range(len(words))):
                    attribution = m
                    break
            if attribution is None:
                if quotes or self._introduced(index, ps, pe):
                    s, e = self._trim(cursor, pe)
                    if s < e:
                        quotes.append(_Quote(quote_start, e, s, e, index, first, dialogue=True))
                break
            s, e = self._trim(cursor, attribution.start())
            while e > s and text[e - 1] == ",":
                e -= 1
            if s < e:
                quotes.append(_Quote(quote_start, e, s, e, index, first, dialogue=True))
            resume = _DIALOGUE_RESUME_RE.search(text, attribution.end(), pe)
            if resume is None:
                break
            cursor = resume.end()
            # "— сказал он. — Мы…": the resumed quote starts at its dash.
            dash = next(
                (k for k in range(resume.start(), resume.end()) if text[k] in sp.DIALOGUE_DASHES), None
            )
            tail = text[dash + 1 : cursor] if dash is not None else "."
            quote_start = dash if dash is not None and not tail.strip() else cursor
        return quotes

    def _introduced(self, index: int, ps: int, pe: int) -> bool:
        """A dash line that answers "He said:" in the paragraph before, and is not a list.

        A list item also follows a colon and opens with a dash; spoken words are one line
        that ends like a sentence, in a paragraph the cleaner did not mark as a list item.
        """
        text = self.text
        if index == 0 or not text[self.paragraphs[index - 1][0] : self.paragraphs[index - 1][1]].endswith(
            ":"
        ):
            return False
        if re.search(r"\n\s*[—―–-]", text[ps:pe]) or text[pe - 1] not in _TERMINAL + '»”"':
            return False
        return not any(b.kind == "li" and b.start <= ps < b.end for b in self.blocks)

    # -- tokens and names ----------------------------------------------------

    def _tokens(self, start: int, end: int) -> list[_Tok]:
        toks = []
        for m in _TOKEN_RE.finditer(self.text, start, end):
            text = m.group()
            tok_start, tok_end = m.span()
            toks.append(_Tok(text, text.lower(), tok_start, tok_end, text[0].isalnum() or text[0] == "_"))
        return toks

    def _is_verb(self, toks: list[_Tok], i: int) -> bool:
        tok = toks[i]
        if not tok.word:
            return False
        if tok.low in self.sp.verbs:
            # "la dichiarazione", "le juge", "the notes": a determiner makes it a noun.
            return not (i > 0 and toks[i - 1].low in self.sp.determiners)
        return self._inverted(toks, i) is not None

    def _inverted(self, toks: list[_Tok], i: int) -> str | None:
        """French inversion: "dit-il", "a-t-elle ajouté" -> the verb phrase, else None."""
        if not self.french:
            return None
        m = _FRENCH_INVERSION_RE.fullmatch(toks[i].low)
        if m is None:
            return None
        verb = m.group(1)
        if verb in self.sp.verbs:
            return toks[i].text
        if verb in sp.AUXILIARIES and i + 1 < len(toks) and toks[i + 1].low in self.sp.verbs:
            return self.text[toks[i].start : toks[i + 1].end]
        return None

    def _verb_text(self, toks: list[_Tok], v: int) -> str:
        inverted = self._inverted(toks, v)
        if inverted:
            return inverted
        start = toks[v].start
        if v > 0 and toks[v - 1].low in sp.AUXILIARIES and toks[v - 1].word:
            start = toks[v - 1].start
        return self.text[start : toks[v].end]

    def _is_name_tok(self, tok: _Tok) -> bool:
        if not tok.word or not is_name_token(tok.text):
            return False
        # "L'assessore", "Dell'Economia": an elided article before a common noun; "D'Amico" is a name.
        tail = re.split(r"['’]", tok.text)[-1]
        return not (tail and tail[0].islower())

    def _acronym(self, tok: _Tok) -> bool:
        """ "NASA", "AcmeAI": ends in a capital after another, like an organisation's name, not a person's."""
        t = tok.text
        return len(t) > 1 and t[-1].isupper() and any(ch.isupper() for ch in t[1:])

    def _common(self, tok: _Tok) -> bool:
        """A capitalised word that is also written in lower case in the text, or a function word."""
        if tok.low in self.sp.stopwords or tok.low in sp.TITLES:
            return True
        if self._lower_words is None:
            # Each distinct word once: the text repeats most of its words.
            self._lower_words = {w for w in set(re.findall(r"\w+", self.text)) if w.islower()}
        return not self.german and tok.low in self._lower_words

    def _clean_run(self, toks: list[_Tok], first: int, last: int) -> tuple[int, int] | None:
        """Trim a run of name tokens toks[first..last] to the name: no titles, no opener words."""
        while first <= last and (
            toks[first].low.rstrip(".") in sp.TITLES
            or (self.german and toks[first].low.endswith(sp.GERMAN_TITLE_ENDINGS))
            or toks[first].low in self.sp.stopwords
            or toks[first].low in self.sp.determiners
            or not toks[first].word
            or toks[first].low in NAME_PARTICLES
        ):
            first += 1
        while last >= first and (not toks[last].word or toks[last].low in NAME_PARTICLES):
            last -= 1
        if first > last:
            return None
        if self.role_before_names:
            # "Bürgermeisterin Ann Lee", "Министр Ann Lee": languages that capitalise a role
            # (German nouns, any sentence's first word) put it before a two-word name.
            names = [k for k in range(first, last + 1) if self._is_name_tok(toks[k])]
            patronymic = any(toks[k].low.endswith(_PATRONYMIC_ENDINGS) for k in names[1:-1])
            if len(names) >= 3 and not patronymic:
                first = names[-2]
        # "di AcmeAI Ann Lee": an organisation before a person's name is not part of it.
        for k in range(last - 1, first - 1, -1):
            if self._acronym(toks[k]):
                first = k + 1
                break
        if first == last and self._common(toks[first]) and self._sentence_initial(toks[first].start):
            return None
        if first == last and toks[first].low in self.sp.pronouns:
            return None
        return toks[first].start, toks[last].end

    def _title_like(self, tok: _Tok) -> bool:
        """A token that may precede a name without being part of it: "Dr", ".", "the", "Landrat"."""
        return (
            not tok.word
            or tok.low.rstrip(".") in sp.TITLES
            or tok.low in self.sp.determiners
            or tok.low in self.sp.stopwords
            or (self.german and tok.low.endswith(sp.GERMAN_TITLE_ENDINGS))
        )

    def _sentence_initial(self, pos: int) -> bool:
        i = pos - 1
        while i >= 0 and self.text[i] in " \t\u00a0\"'“„«‹‚(—–-":
            i -= 1
        return i < 0 or self.text[i] in ".!?…\n:»”"

    def _run_forward(self, toks: list[_Tok], i: int) -> tuple[int, int] | None:
        """The name that starts at toks[i]: capitalised words, particles, initials ("J.")."""
        last = i
        k = i + 1
        names = 1
        while k < len(toks) and names < _NAME_MAX_TOKENS:
            tok = toks[k]
            if self._is_name_tok(tok):
                last, names = k, names + 1
            elif tok.text == "." and len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper():
                last = k
            elif (after := self._particles_forward(toks, k)) is not None:
                k = after
                continue
            else:
                break
            k += 1
        return self._clean_run(toks, i, last)

    def _particles_forward(self, toks: list[_Tok], k: int) -> int | None:
        """If one or two name particles start at toks[k] and a name word follows, its index.

        "von der Leyen", "de la Tour", "da Silva"; but an article alone is no particle:
        "Inhaber der Bäckerei" is a noun and its genitive, not a name.
        """
        j = k
        while j < len(toks) and j - k < 2 and toks[j].low in NAME_PARTICLES:
            j += 1
        if j == k or j >= len(toks) or not self._is_name_tok(toks[j]) or toks[k].low in _ARTICLE_PARTICLES:
            return None
        return j

    def _particles_backward(self, toks: list[_Tok], k: int) -> int | None:
        """The mirror of :meth:`_particles_forward`: the name word before the particles ending at k."""
        j = k
        while j >= 0 and k - j < 2 and toks[j].low in NAME_PARTICLES:
            j -= 1
        if j == k or j < 0 or not self._is_name_tok(toks[j]) or toks[j + 1].low in _ARTICLE_PARTICLES:
            return None
        return j

    def _run_backward(self, toks: list[_Tok], j: int) -> tuple[int, int] | None:
        """The name that ends at toks[j]."""
        first = j
        k = j - 1
        names = 1
        while k >= 0 and names < _NAME_MAX_TOKENS:
            tok = toks[k]
            if self._is_name_tok(tok) and not self._common(tok):
                first, names = k, names + 1
            elif tok.text == "." and k > 0 and len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper():
                first = k
            elif (before := self._particles_backward(toks, k)) is not None:
                k = before
                continue
            else:
                break
            k -= 1
        if self.german and first > 0 and toks[first - 1].low in self.sp.determiners:
            # "der Vorsitzende Ann Lee": the word after an article is a noun.
            if first == j:
                return None
            first += 1
        return self._clean_run(toks, first, j)

    # -- attribution ---------------------------------------------------------

    def _subject_before(self, toks: list[_Tok], v: int, floor: int = 0) -> _Attribution | None:
        """The subject of the verb at toks[v]: "Ann Lee said", "Ann Lee, the CEO, said", "he said"."""
        s = self.sp
        j = v - 1
        while j >= floor and toks[j].low in s.skip:
            j -= 1
        if j >= floor and toks[j].low in s.relatives:
            j -= 1
        inside: tuple[int, int] | None = None
        if j >= floor and toks[j].text == ",":
            # An apposition between subject and verb. "Le maire, Ann Lee, a dit": the apposition
            # is the name. "Ann Lee, head of Acme, said": the subject stands before it.
            k = j - 1
            while k >= floor and j - k <= 12 and toks[k].text not in ",.;:!?":
                k -= 1
            if k >= floor and toks[k].text == ",":
                if j - 1 > k and self._is_name_tok(toks[j - 1]):
                    inside = self._run_backward(toks, j - 1)
                    if inside is not None and inside[0] == toks[k + 1].start:
                        return _Attribution(span=inside, at=inside[0])
                j = k - 1
            else:
                j -= 1
        if j < floor:
            return _Attribution(span=inside, at=inside[0]) if inside else None
        tok = toks[j]
        if tok.low in s.pronouns:
            return _Attribution(pronoun=True, at=tok.start)
        if self._is_name_tok(tok):
            span = self._run_backward(toks, j)
            if span is not None and span[0] >= toks[floor].start:
                return _Attribution(span=span, at=span[0])
        if tok.word and tok.text[0].islower() and tok.low not in s.breaks:
            # "the minister said": a role, not a name.
            k = j
            while k - 1 >= floor and toks[k - 1].word and toks[k - 1].text[0].islower():
                k -= 1
            return _Attribution(role=self.text[toks[k].start : tok.end], at=toks[k].start)
        return None

    def _object_after(
        self, toks: list[_Tok], i: int, *, weak: bool = False, lenient: bool = False
    ) -> _Attribution | None:
        """The speaker named after a verb: "said Ann Lee", "sagte der Vorsitzende Ann Lee".

        ``weak``: only a name right here counts. ``lenient``: the role before the name may
        hold prepositions ("selon l'adjointe aux mobilités, Ann Lee"); after a verb they
        end the search instead ("said in an interview").
        """
        s = self.sp
        role_start: int | None = None
        for k in range(i, min(len(toks), i + _NAME_SEARCH)):
            tok = toks[k]
            if tok.low in s.pronouns and role_start is None:
                return _Attribution(pronoun=True)
            if self._is_name_tok(tok):
                noun = self.german and k > 0 and toks[k - 1].low in s.determiners
                if not noun and not (self._common(tok) and tok.low not in sp.TITLES):
                    span = self._run_forward(toks, k)
                    if span is not None:
                        return _Attribution(span=span)
                if self.german or tok.low in sp.TITLES:
                    role_start = tok.start if role_start is None else role_start
                    continue
                break
            if weak:
                return None
            if (
                tok.low in s.determiners
                or tok.low in s.linkers
                or (tok.text == "," and role_start is not None)
            ):
                continue
            if (
                tok.word
                and tok.text[0].islower()
                and (lenient or tok.low not in s.breaks)
                and not self._is_verb(toks, k)
            ):
                role_start = tok.start if role_start is None else role_start
                continue
            break
        if role_start is not None:
            end = max(t.end for t in toks[i : k + 1] if t.start >= role_start and t.word)
            return _Attribution(role=self.text[role_start:end])
        return None

    def _according(self, toks: list[_Tok], i: int) -> int | None:
        """If an "according to" phrase starts at toks[i], the index after it."""
        for phrase in self.sp.according:
            n = len(phrase)
            if i + n <= len(toks) and all(toks[i + k].low == phrase[k] for k in range(n)):
                return i + n
        return None

    def _from_verb(self, toks: list[_Tok], v: int, floor: int) -> _Attribution:
        """Attribution around the verb at toks[v]: subject before, else speaker after, else pro-drop."""
        verb = self._verb_text(toks, v)
        if self._inverted(toks, v):
            found: _Attribution | None = _Attribution(pronoun=True)
        else:
            found = self._subject_before(toks, v, floor)
            if found is None or (found.span is None and not found.pronoun):
                after = self._object_after(toks, v + 1)
                if after is not None and (after.span or after.pronoun or found is None):
                    found = after
        if found is None:
            found = _Attribution(pronoun=self.sp.pro_drop)
        found.verb = verb
        return found

    def _after(self, start: int, end: int) -> _Attribution | None:
        """Attribution in the words that follow a quote, up to the end of their sentence."""
        toks = self._tokens(start, end)
        i = 0
        while i < len(toks) and not toks[i].word and toks[i].text in _LEADING_PUNCT:
            i += 1
        if i >= len(toks):
            return None
        first = toks[i]
        if first.low in self.sp.particles:
            found = self._object_after(toks, i + 1)
            if found is not None and found.span:
                found.verb, found.immediate = first.text, True
                return found
        after = self._according(toks, i)
        if after is not None:
            found = self._according_speaker(toks, i, after)
            if found is not None:
                found.immediate = True
                return found
        words = 0
        for v in range(i, len(toks)):
            if toks[v].word:
                words += 1
                if words > _AFTER_VERB_WINDOW:
                    break
            elif toks[v].text in "!?;:" or (toks[v].text in "—–" and words):
                break
            if self._is_verb(toks, v):
                found = self._from_verb(toks, v, i)
                # The attribution must stand right after the quote: the verb first ("said Ann
                # Lee", "ha detto"), or its subject first ("Ann Lee, 45, said", "the firm said").
                # A verb further on belongs to another clause: "'n' roll never dies, they say".
                verb_first = all(t.low in self.sp.skip for t in toks[i:v] if t.word)
                subject_first = found.at is not None and all(
                    self._title_like(t) for t in toks[i:v] if t.start < found.at
                )
                if not verb_first and not subject_first:
                    return None
                found.immediate = True
                return found
        return None

    def _according_speaker(self, toks: list[_Tok], start: int, after: int) -> _Attribution | None:
        phrase = tuple(t.low for t in toks[start:after])
        verb = self.text[toks[start].start : toks[after - 1].end]
        if any(t in self.sp.pronouns or t in sp.POSSESSIVE_PRONOUNS for t in phrase):
            return _Attribution(pronoun=True, verb=verb)
        # "per", "pour", "para" also mean "for": they name a speaker only at once ("Per Ann Lee")
        # or opening the sentence before a role and a name ("Pour le sociologue Ann Lee, …").
        weak = len(phrase) == 1 and phrase[0] in sp.WEAK_ACCORDING
        opening = not any(t.word for t in toks[:start])
        found = self._object_after(toks, after, weak=weak and not opening, lenient=True)
        if found is None:
            return None
        if weak and found.span is None:
            return None
        found.verb = verb
        return found

    def _lead(self, start: int, end: int) -> list[_Tok]:
        """The tokens of ``text[start:end]`` outside the quotes found so far."""
        return [t for t in self._tokens(start, end) if not self._inside_quote(t.start)]

    def _before(self, toks: list[_Tok]) -> _Attribution | None:
        """Attribution in the words that lead to a quote within its sentence (other quotes left out)."""
        if not any(t.word for t in toks):
            return None
        ending = toks[-1].text if toks else ""
        best: _Attribution | None = None
        for i in range(len(toks) - 1, -1, -1):
            after = self._according(toks, i)
            if after is not None and (best := self._according_speaker(toks, i, after)) is not None:
                break
            if self._is_verb(toks, i):
                best = self._from_verb(toks, i, 0)
                break
        if ending == ":" and (best is None or (best.span is None and not best.pronoun)):
            # "Ann Lee put it bluntly: “…”": a colon introduces the words of the sentence's subject.
            for i, tok in enumerate(toks):
                if self._is_name_tok(tok):
                    span = self._run_forward(toks, i)
                    if span is not None:
                        best = _Attribution(span=span, verb=best.verb if best else None)
                        break
        if best is not None:
            best.immediate = ending in ":,"
            best.colon = ending == ":"
        return best

    def _inside_quote(self, pos: int) -> bool:
        """Whether ``pos`` is inside a quote (its marks included). Quotes do not overlap."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self.quotes[i].end

    def _window_before(self, pos: int, floor: int) -> int:
        """Where the sentence holding ``pos`` begins (not before ``floor``)."""
        start = floor
        for m in _BOUNDARY_RE.finditer(self.text, floor, pos):
            if not self._abbreviation(m.start()):
                start = m.end()
        return start

    def _window_after(self, pos: int, ceiling: int) -> int:
        for m in _BOUNDARY_RE.finditer(self.text, pos, ceiling):
            if m.start() >= pos and not self._abbreviation(m.start()):
                return m.start() + 1
        return ceiling

    def _abbreviation(self, dot: int) -> bool:
        """ "Dr. Lee", "J. Lee": a full stop after a title or an initial ends no sentence."""
        if self.text[dot] != ".":
            return False
        m = re.search(r"(\w+)$", self.text[max(0, dot - 12) : dot])
        return bool(m) and (len(m.group(1)) == 1 or m.group(1).lower() in sp.TITLES)

    def _attribute(self, index: int, quote: _Quote) -> None:
        text = self.text
        ps, pe = self.paragraphs[quote.paragraph]
        previous = self.quotes[index - 1] if index > 0 else None
        following = self.quotes[index + 1] if index + 1 < len(self.quotes) else None
        ceiling = following.start if following is not None and following.start < pe else pe
        value = text[quote.inner_start : quote.inner_end]
        short = _word_count(value) <= TERM_MAX_WORDS and value.rstrip()[-1:] not in _TERMINAL

        after_end = self._window_after(quote.end, ceiling)
        after = self._after(quote.end, after_end)
        sentence_start = self._window_before(quote.start, ps)
        lead = self._lead(sentence_start, quote.start)
        before = self._before(lead)
        if before is None and quote.dialogue and quote.start == ps and quote.paragraph > 0:
            # Dialogue introduced by the previous paragraph: "Он сказал:" / "— …".
            pps, ppe = self.paragraphs[quote.paragraph - 1]
            if text[pps:ppe].rstrip().endswith(":"):
                before = self._before(self._lead(self._window_before(ppe, pps), ppe))
                if before is not None:
                    before.immediate = True

        chosen: _Attribution | None
        if before is not None and before.immediate and (after is None or not after.immediate):
            chosen = before
        elif after is not None:
            chosen = after
        else:
            chosen = before
        how = "after" if chosen is after else "before"

        # "По его мнению, «эффект домино» неизбежен": a short quote that the sentence goes
        # on after is a term even behind an attribution; after "X said:" it is a statement.
        # A short quote that is a sentence on its own ("«Так работать невозможно».") is a statement.
        goes_on = any(t.word for t in self._tokens(quote.end, after_end))
        opens = not any(t.word for t in lead)
        states = (opens and not goes_on) or (
            chosen is not None
            and ((chosen is after and chosen.immediate) or chosen.colon or (chosen.immediate and not goes_on))
        )
        if short and not quote.dialogue and not states:
            # A term: a speaker only when one is named in its sentence.
            quote.kind = "term"
            # A single capitalised word is too weak for it ("Critics have dubbed it a “…”"):
            # two words, or a name already seen as a speaker.
            span = chosen.span if chosen is not None else None
            if span is not None and (" " in text[span[0] : span[1]] or text[span[0] : span[1]] in self.known):
                self._set_speaker(quote, span, chosen.verb if chosen else None, "stated")
            return

        if chosen is not None and chosen.span is not None:
            self._set_speaker(quote, chosen.span, chosen.verb, how)
            self.known[text[chosen.span[0] : chosen.span[1]]] = None
            return
        if chosen is not None and chosen.pronoun:
            position = min(quote.start, sentence_start) if chosen is before else quote.start
            resolved = self._resolve(position)
            if resolved is not None:
                self._set_speaker(quote, resolved, chosen.verb, "pronoun")
                return
        if chosen is not None:
            quote.verb, quote.role = chosen.verb, chosen.role
            if chosen.role or chosen.verb:
                return
        # No attribution: a quote that opens its sentence continues the previous speaker.
        if (
            opens
            and previous is not None
            and previous.speaker_span is not None
            and previous.kind == "statement"
            and quote.paragraph - previous.paragraph <= 1
        ):
            self._set_speaker(quote, previous.speaker_span, None, "continued")

    def _set_speaker(self, quote: _Quote, span: tuple[int, int], verb: str | None, how: str) -> None:
        quote.speaker_span = span
        quote.speaker = self.text[span[0] : span[1]]
        quote.verb = verb if verb is not None else quote.verb
        quote.how = how

    def _carry_back(self) -> None:
        """An unclosed quote followed by a quote that opens the next paragraph shares its speaker.

        English prints a quote over several paragraphs with no closing mark until the
        last one, and the speaker is often named only in that one.
        """
        for quote, following in zip(self.quotes, self.quotes[1:], strict=False):
            if quote.closed or quote.speaker_span is not None or following.speaker_span is None:
                continue
            if (
                following.paragraph == quote.paragraph + 1
                and following.start == self.paragraphs[following.paragraph][0]
            ):
                self._set_speaker(quote, following.speaker_span, None, "continued")

    # -- pronouns ------------------------------------------------------------

    def _resolve(self, position: int) -> tuple[int, int] | None:
        """The nearest person-like name before ``position``, outside quotes."""
        best: tuple[int, int] | None = None

        def nearer(span: tuple[int, int]) -> bool:
            # The mention that ends last; of two that end together, the longer ("Ann Lee", not "Lee").
            return best is None or (span[1], -span[0]) > (best[1], -best[0])

        runs = self._person_runs()
        k = bisect.bisect_right(self._run_ends, position) - 1
        while k >= 0 and self._quoted(runs[k][0]):
            k -= 1
        if k >= 0:
            best = runs[k]
        text = self.text
        for name in self.known:
            for piece in dict.fromkeys((name, name.split()[-1])):
                at = text.rfind(piece, 0, position)
                while at >= 0:
                    end = at + len(piece)
                    bounded = (at == 0 or not text[at - 1].isalnum()) and (
                        end >= len(text) or not text[end].isalnum()
                    )
                    if bounded and not self._quoted(at):
                        if nearer((at, end)):
                            best = (at, end)
                        break
                    at = text.rfind(piece, 0, at)
        return best

    def _quoted(self, pos: int) -> bool:
        """Whether ``pos`` is inside the words of a quote (its marks excluded)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self.quotes[i].inner_start <= pos < self.quotes[i].inner_end

    def _person_runs(self) -> list[tuple[int, int]]:
        """Runs of two to four capitalised words that look like a person's name."""
        if self._candidates is not None:
            return self._candidates
        toks = self._tokens(0, len(self.text))
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(toks):
            if not self._is_name_tok(toks[i]):
                i += 1
                continue
            j = i
            while j + 1 < len(toks):
                if self._is_name_tok(toks[j + 1]):
                    j += 1
                elif (after := self._particles_forward(toks, j + 1)) is not None:
                    j = after
                else:
                    break
            first = i
            if self.german and first > 0 and toks[first - 1].low in self.sp.determiners:
                first += 1  # "die Ärztin Ann Lee": the word after an article is a noun
            while first <= j and self._common(toks[first]) and self._sentence_initial(toks[first].start):
                first += 1
            span = self._clean_run(toks, first, j) if first <= j else None
            if span is not None:
                names = [t for t in toks[first : j + 1] if span[0] <= t.start and t.low not in NAME_PARTICLES]
                if 2 <= len(names) <= _NAME_MAX_TOKENS and all(self._personal(t) for t in names):
                    runs.append(span)
            i = j + 1
        self._candidates = runs
        self._run_ends = [end for _, end in runs]  # runs do not overlap: sorted by end too
        return runs

    def _personal(self, tok: _Tok) -> bool:
        low = tok.low
        if self._acronym(tok) or tok.text.isupper() or low in sp.NOT_PERSON_WORDS or low in MONTH_FULL:
            return False
        return not (self.german and low.endswith(_GERMAN_NOUN_ENDINGS))

    # -- output --------------------------------------------------------------

    def _fact(self, quote: _Quote) -> Fact:
        value = self.text[quote.inner_start : quote.inner_end].rstrip(",").rstrip()
        span = quote.speaker_span
        attrs: dict[str, object] = {
            "speaker": quote.speaker,
            "speaker_start": span[0] if span else None,
            "speaker_end": span[1] if span else None,
            "verb": quote.verb,
            "kind": quote.kind,
            "attribution": quote.how,
            "marks": quote.marks,
            "closed": quote.closed,
        }
        if quote.role:
            attrs["speaker_role"] = quote.role
        return Fact(
            type="quote",
            start=quote.start,
            end=quote.end,
            text=self.text[quote.start : quote.end],
            value=value,
            attrs=frozen_map(attrs),
        )
