"""Built-in text-defect finder: slips of editing and translation, and furniture left behind.

Reports :class:`~generator.model.Anomaly` items of four kinds:

``repeated-clause``
    Six or more words that stand twice in one sentence or in two adjacent
    sentences: a stretch pasted twice, or two drafts of a translation left
    side by side. The span is the second occurrence; the explanation says
    where the first one is.
``repeated-word``
    A word doubled by mistake ("the the"), where the language does not
    allow the doubling ("die die" is a German relative clause, "nous nous" a
    French reflexive, "piano piano" an Italian idiom); and a noun left over
    at the end of a sentence after its verb ("… zuletzt geändert werden Pläne.").
``spacing``
    A space before a comma or full stop; before ``; : ! ?`` except in French,
    whose typography puts one there; a hyphen followed by a space inside a
    compound ("Beta- Version", but not the German "Ein- und Ausgang"); two or
    more spaces inside a line.
``furniture``
    Page furniture the cleaner left in the text: share prompts, "read more"
    links, picture credits "(Photo: …)", "Foto: …", cookie notices,
    newsletter calls, advertisement labels, copyright lines.

Thresholds are chosen to keep false positives rare, because every anomaly is
shown to readers as a defect of a source: see ``MIN_CLAUSE_WORDS`` and the
parallelism rules in :func:`_repeated_clauses`. Everything here is language
knowledge; nothing knows a story.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import compress

from generator import hookimpl
from generator.model import Anomaly, Article, Extraction, Span
from generator.settings import Settings
from plugins import lexicon as lx
from plugins.speech import wordlist

# ---------------------------------------------------------------------------
# Thresholds and word lists
# ---------------------------------------------------------------------------

# A repeated clause is at least this many words. Shorter repeats are everyday
# style: parallel phrases ("in the north and in the south"), refrains ("never
# again, never again"), formulas ("year after year"). Six words repeated in
# one sentence or the next are, in news prose, almost only a slip.
MIN_CLAUSE_WORDS = 6
# ... and at least this many letters, so that "1 2 3 4 5 6" or six one-letter
# words are not a clause.
MIN_CLAUSE_LETTERS = 25
# A stray noun repeats a word at most this many words before it.
STRAY_WINDOW = 6

# Coordinating conjunctions of the supported languages. A repeat right after one of
# them (or after , ; :) is a parallel construction, not a slip.
CONJUNCTIONS = frozenset(
    wordlist("""and or but nor e o ed od ma oppure né et ou mais ni und oder aber sowie bzw y u pero ni
    ou mas nem и или а но либо та і й або чи але i lub albo ani oraz en of maar noch""")
)
# Words after "X- " that make the hyphen a suspended one: "Ein- und Ausgang", "pre- and post-".
SUSPENDED_HYPHEN_WORDS = CONJUNCTIONS | frozenset(("bis", "als", "wie", "to", "a", "à"))
# Doubled words that are grammatical, per language.
VALID_DOUBLES: dict[str, frozenset[str]] = {
    "de": frozenset(wordlist("die der das den dem des sie ihr")),
    "nl": frozenset(wordlist("die dat")),
    "en": frozenset(wordlist("that had is")),
    "fr": frozenset(wordlist("nous vous")),
    "pt": frozenset(("se",)),
    "ru": frozenset(("что",)),
    "uk": frozenset(("що",)),
    "pl": frozenset(("to",)),
}
# Doublings used on purpose: emphasis, answers, idioms ("piano piano", "já já"). Per
# language, because a doubling that is style in one is a slip in another ("ha ha" is
# laughter in English, a doubled auxiliary in Italian).
REDUPLICATIONS: dict[str, frozenset[str]] = {
    "": frozenset(wordlist("ok okay no oh ah eh bye")),
    "en": frozenset(wordlist("very so yes ha he hi many much far now well bye")),
    "it": frozenset(
        wordlist("molto poco piano pian quasi zitto lento passo via così bene tanto pari appena ora sì")
    ),
    "fr": frozenset(wordlist("très non oui bien si")),
    "de": frozenset(wordlist("sehr ja nein na so")),
    "es": frozenset(wordlist("muy poco ya sí casi")),
    "pt": frozenset(wordlist("muito pouco já bem quase sim")),
    "ru": frozenset(wordlist("очень нет да так ну чуть много")),
    "uk": frozenset(wordlist("дуже ні так ну")),
    "pl": frozenset(wordlist("bardzo nie tak")),
    "nl": frozenset(wordlist("zeer heel ja nee")),
}
# Auxiliaries and modals that end a clause in verb-final word order; a repeated noun
# after one of them is left over from an edit: "… zuletzt geändert werden Pläne."
CLAUSE_FINAL_VERBS = frozenset(
    wordlist("""werden wird wurde wurden worden ist sind war waren sein hat haben hatte hatten kann können
    konnte konnten muss müssen musste soll sollen sollte will wollen
    is are was were be been has have had will would can could should
    è sono era erano stato stata stati essere ha hanno aveva
    est sont était étaient été être a ont avait
    es son era eran fue fueron sido ser ha han había
    é são era eram foi foram sido ser tem têm
    был была было были будет будут
    wordt worden werd werden is zijn was waren heeft hebben""")
)

# Cookie notices: the word "cookie" and a verb of use or consent, in one sentence.
_COOKIE_WORDS = (
    "use",
    "uses",
    "using",
    "accept",
    "consent",
    "policy",
    "utilizziamo",
    "usiamo",
    "accetta",
    "accetti",
    "consenso",
    "informativa",
    "utilisons",
    "utilise",
    "accepter",
    "acceptez",
    "consentement",
    "politique",
    "verwenden",
    "verwendet",
    "nutzen",
    "akzeptieren",
    "zustimmen",
    "einwilligung",
    "datenschutz",
    "usamos",
    "utilizamos",
    "aceptar",
    "acepta",
    "aceitar",
    "aceita",
    "consentimiento",
    "consentimento",
    "política",
    "используем",
    "использует",
    "принять",
    "согласие",
    "używamy",
    "akceptuj",
    "zgodę",
    "gebruiken",
    "gebruikt",
    "accepteren",
    "toestemming",
    "використовуємо",
    "прийняти",
    "згоду",
)

# ---------------------------------------------------------------------------
# Patterns, compiled once
# ---------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_SPACES_ONLY = re.compile(r"[ \t\u00a0]+")
# A space before punctuation: "word ," "word ." (not "...", ".NET", "3 .5"), and
# "word ;" "word :" "word !" "word ?" (not ":)" nor "?!"). The word before is checked in code:
# starting the pattern at the space is much faster than a look-behind at every position.
_SPACE_PUNCT_RE = re.compile(r"[ \t\u00a0\u202f]+(?:(?P<low>[,.])(?![.\w])|(?P<high>[;:!?])(?![\w)(:;!?]))")
_HYPHEN_SPACE_RE = re.compile(r"-[ \t\u00a0]+(?=[^\W\d_])")
_NEXT_WORD_RE = re.compile(r"[\w'’]+")
_DOUBLE_SPACE_RE = re.compile(r"[ \u00a0]{2,}")

_PHOTO = lx.alternation(lx.PHOTO_WORDS)
_CREDIT_INLINE_RE = re.compile(rf"[(\[]\s*(?:{_PHOTO})\s*:[^()\[\]\n]{{1,160}}[)\]]", re.IGNORECASE)
_CREDIT_LINE_RE = re.compile(
    rf"^(?:(?:{_PHOTO})\s*:|(?:{lx.alternation(lx.PHOTO_ABBREVIATIONS)})(?!\w))\s*\S", re.IGNORECASE
)
# "… end of a sentence. Foto: Agency" closing a paragraph.
_CREDIT_TAIL_RE = re.compile(rf"(?<=[.!?])\s+(?:{_PHOTO})\s*:\s*[^.!?\n]{{1,80}}$", re.IGNORECASE)
_READ_MORE_RE = re.compile(
    rf"(?:^|(?<=[.!?…]\s))(?:{lx.alternation(lx.READ_MORE_WORDS)})(?!\w)\s*(?:[:»>›→|]|\.\.\.|…)[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_READ_MORE_LINE_RE = re.compile(
    rf"^(?:{lx.alternation(lx.READ_MORE_WORDS)})(?!\w)[\s:.!»>›→|…-]*$", re.IGNORECASE
)
_SHARE_LINE_RE = re.compile(
    rf"^(?:(?:{lx.alternation(lx.PLEASE_WORDS)}),?\s+)?(?:{lx.alternation(lx.SHARE_WORDS)})(?!\w)[\s:!]*"
    rf"(?:(?:{lx.alternation(lx.SHARE_OBJECT_WORDS)})(?!\w)\s*)*"
    rf"(?:(?:{lx.alternation(lx.SHARE_NOUN_WORDS)})(?!\w))?[\s:!.]*$",
    re.IGNORECASE,
)
_SHARE_INLINE_RE = re.compile(
    rf"(?<!\w)(?:{lx.alternation(lx.SHARE_WORDS)})\s+(?:(?:{lx.alternation(lx.SHARE_OBJECT_WORDS)})\s+){{1,2}}"
    rf"(?:{lx.alternation(lx.SHARE_NOUN_WORDS)})(?!\w)",
    re.IGNORECASE,
)
_COOKIE_RE = re.compile(r"(?<!\w)(?:cookies?|cookie-?файл\w*)(?!\w)", re.IGNORECASE)


def _key_words(phrases: Sequence[str] | frozenset[str]) -> frozenset[str]:
    """The longest word of each phrase, lower case: a phrase matches only where that word stands,
    and the longest word is the rarest ("potrebbe" in "potrebbe interessarti", not "il")."""
    keys = (max(_WORD_RE.findall(p.lower()), key=len, default="") for p in phrases)
    return frozenset(k for k in keys if k)


# Gates: a costly alternation runs only when the text holds one of these words.
_SHARE_GATE = _key_words(lx.SHARE_WORDS)
_READ_MORE_GATE = _key_words(lx.READ_MORE_WORDS)
_PHOTO_GATE = _key_words(lx.PHOTO_WORDS)
_NEWSLETTER_GATE = _key_words(lx.NEWSLETTER_WORDS)
_ALL_RIGHTS_GATE = _key_words(lx.ALL_RIGHTS_WORDS) | {"copyright"}
_COOKIE_CONTEXT_RE = lx.phrase_re(_COOKIE_WORDS)
_NEWSLETTER_RE = lx.phrase_re(lx.NEWSLETTER_WORDS)
_SUBSCRIBE_RE = lx.phrase_re(lx.SUBSCRIBE_WORDS)
_ALL_RIGHTS_RE = re.compile(
    rf"(?:©|\(c\)|copyright)\s*\d{{4}}[^\n]*|(?<!\w)(?:{lx.alternation(lx.ALL_RIGHTS_WORDS)})(?!\w)\.?",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------
# Hook
# ---------------------------------------------------------------------------


@hookimpl
def parallax_extract(article: Article, settings: Settings) -> Extraction:
    """The article's text defects, as anomalies in reading order."""
    return Extraction(anomalies=tuple(find_defects(article.text, article.lang, article.sentences)))


def find_defects(text: str, lang: str | None = None, sentences: Sequence[Span] = ()) -> list[Anomaly]:
    """Every defect of ``text`` found by the checks of this module, sorted by position."""
    if not text:
        return []
    code = (lang or "").replace("_", "-").split("-", 1)[0].lower()
    spans = list(sentences) or list(_split_sentences(text))
    words = _Words(text, spans)
    found = [
        *_repeated_clauses(text, words, spans),
        *_repeated_words(text, code, words),
        *_spacing(text, code),
        *_furniture(text, words),
    ]
    found.sort(key=lambda a: (a.start, a.end, a.kind))
    return found


# ---------------------------------------------------------------------------
# Sentences and words
# ---------------------------------------------------------------------------


def _split_sentences(text: str) -> Iterator[Span]:
    """Rough sentences, for when no segmenter ran: paragraphs cut after . ! ? …"""
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        yield from _cut(text, start, m.start())
        start = m.end()
    yield from _cut(text, start, len(text))


def _cut(text: str, start: int, end: int) -> Iterator[Span]:
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() + 1 > start:
            yield Span(start, m.start() + 1)
        start = m.end()
    if start < end and text[start:end].strip():
        yield Span(start, end)


class _Words:
    """The words of a text, tokenised once: offsets, lower-case forms, sentence and paragraph."""

    def __init__(self, text: str, sentences: Sequence[Span]) -> None:
        # map() over the unbound methods: the same lists, without a Python loop per word.
        matches = list(_WORD_RE.finditer(text))
        self.starts = list(map(re.Match.start, matches))
        self.ends = list(map(re.Match.end, matches))
        self.forms = list(map(re.Match.group, matches))
        self.lows = list(map(str.lower, self.forms))
        # Sentence and paragraph of each word. A word belongs to the first sentence that ends
        # after it starts, if that sentence has begun by then (a heading the segmenter skipped
        # is in none: -1); to the paragraph after the breaks before it. Whole runs of words
        # at a time: the word starts are sorted, so each sentence's words are a slice.
        starts, n = self.starts, len(self.starts)
        self.sentence: list[int] = [-1] * n
        reach = 0  # the furthest end of the sentences so far: words before it went to one of them
        for k, span in enumerate(sentences):
            if span.end <= reach:
                continue  # ends before a sentence already seen ends: no word stops at it
            first = bisect.bisect_left(starts, reach)
            last = bisect.bisect_left(starts, span.end)
            begun = bisect.bisect_left(starts, span.start, first, last)
            self.sentence[begun:last] = [k] * (last - begun)
            reach = span.end
        self.paragraph: list[int] = [0] * n
        breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
        for para, after in enumerate(breaks, 1):
            first = bisect.bisect_left(starts, after)
            self.paragraph[first:] = [para] * (n - first)


# ---------------------------------------------------------------------------
# Repeated clauses
# ---------------------------------------------------------------------------


def _repeated_clauses(text: str, words: _Words, sentences: Sequence[Span]) -> Iterator[Anomaly]:
    """Six or more words that stand twice within a sentence or two adjacent ones.

    Not a slip: a repeat that follows a conjunction or , ; : (parallel clauses and
    lists: "the cost of X, the cost of Y"), and a repeat that opens two sentences
    without being the whole sentence (anaphora: "We will … . We will … ."). A whole
    sentence printed twice is a slip.
    """
    lows, sent_of, para_of = words.lows, words.sentence, words.paragraph
    n = len(lows)
    if n < 2 * MIN_CLAUSE_WORDS:
        return
    # A repeat is the same words twice in one paragraph: only paragraphs where some run of
    # MIN_CLAUSE_WORDS words stands twice need the search below (counted all at once).
    runs = zip(para_of, *(lows[k:] for k in range(MIN_CLAUSE_WORDS)), strict=False)
    busy = {run[0] for run, count in Counter(runs).items() if count > 1}
    if not busy:
        return
    # Where each word stood before: only a word seen in this sentence or the one before
    # can open a repeat, which keeps the comparisons few. A paragraph without repeats is
    # skipped whole: a word of another paragraph only ever ends the search for an earlier one.
    seen: dict[str, list[int]] = {}
    i = 0
    while i <= n - MIN_CLAUSE_WORDS:
        if para_of[i] not in busy:
            i = bisect.bisect_right(para_of, para_of[i])  # the next paragraph's first word
            continue
        low, hit = lows[i], None
        if sent_of[i] >= 0:
            for p in reversed(seen.get(low, ())):
                if sent_of[i] - sent_of[p] > 1 or para_of[p] != para_of[i]:
                    break
                if (
                    i - p >= MIN_CLAUSE_WORDS
                    and lows[p + 1] == lows[i + 1]  # most candidates differ at once: no slices for them
                    and lows[p : p + MIN_CLAUSE_WORDS] == lows[i : i + MIN_CLAUSE_WORDS]
                ):
                    hit = p
                    break
            seen.setdefault(low, []).append(i)
        if hit is None:
            i += 1
            continue
        p = hit
        k = MIN_CLAUSE_WORDS
        while i + k < n and p + k < i and lows[p + k] == lows[i + k] and para_of[i + k] == para_of[i]:
            k += 1
        start, end = words.starts[i], words.ends[i + k - 1]
        first_start, first_end = words.starts[p], words.ends[p + k - 1]
        letters = sum(ch.isalpha() for ch in text[start:end])
        if letters >= MIN_CLAUSE_LETTERS and not _parallel(text, words, p, i, k, sentences):
            where = "earlier in the same sentence" if sent_of[i] == sent_of[p] else "in the sentence before"
            yield Anomaly(
                kind="repeated-clause",
                start=start,
                end=end,
                text=text[start:end],
                explanation=(
                    f"These {k} words already stand {where} (characters {first_start}–{first_end}): "
                    "a stretch repeated by an editing or translation slip."
                ),
            )
        # Past the whole repeat either way: a parallel judged once is not judged again one
        # word later ("the number of … and the number of …" is not a slip at "number").
        for j in range(i + 1, i + k):
            seen.setdefault(lows[j], []).append(j)
        i += k


def _parallel(text: str, words: _Words, p: int, i: int, k: int, sentences: Sequence[Span]) -> bool:
    """Whether the repeat at word ``i`` of the words at ``p`` is a deliberate parallel."""
    if words.lows[i - 1] in CONJUNCTIONS:
        return True
    between = text[words.ends[i - 1] : words.starts[i]]
    if any(ch in ",;:" for ch in between):
        return True
    first, second = sentences[words.sentence[p]], sentences[words.sentence[i]]
    if words.starts[p] <= first.start + 2 and words.starts[i] <= second.start + 2:
        # Anaphora, unless the whole sentence is printed twice.
        rest = text[words.ends[p + k - 1] : first.end].strip(" .!?…\"'”»")
        return bool(rest)
    return False


# ---------------------------------------------------------------------------
# Repeated words
# ---------------------------------------------------------------------------


def _repeated_words(text: str, lang: str, words: _Words) -> Iterator[Anomaly]:
    # A text in another language gets every language's exceptions: a missed slip is
    # better than a false one.
    if lang in REDUPLICATIONS:
        valid = VALID_DOUBLES.get(lang, frozenset()) | REDUPLICATIONS[lang] | REDUPLICATIONS[""]
    else:
        valid = frozenset().union(*VALID_DOUBLES.values(), *REDUPLICATIONS.values())
    lows, forms = words.lows, words.forms
    # Only the words equal to the word before (picked without a Python loop over every word).
    for j in compress(range(1, len(lows)), map(operator.eq, lows[1:], lows)):
        if not _SPACES_ONLY.fullmatch(text, words.ends[j - 1], words.starts[j]):
            continue
        low, first, second = lows[j], forms[j - 1], forms[j]
        if low.isdigit() or low in valid:
            continue
        if first[0].isupper() and second[0].isupper():
            continue  # "Bora Bora", "Baden Baden": a name
        yield Anomaly(
            kind="repeated-word",
            start=words.starts[j],
            end=words.ends[j],
            text=second,
            explanation=f"“{second}” is printed twice in a row.",
        )
    yield from _stray_nouns(text, words)


def _stray_nouns(text: str, words: _Words) -> Iterator[Anomaly]:
    """A sentence that ends "… <auxiliary> X." where X already stood a few words before.

    Narrow on purpose: the auxiliary right before the repeated word shows that the clause
    had ended (German verb-final order: "… zuletzt geändert werden Pläne."), so "day after day"
    or "from data to data" are never reported.
    """
    lows, sent_of = words.lows, words.sentence
    n = len(lows)
    # Only the words right after an auxiliary (j from 3: the auxiliaries from word 2 on).
    after_verb = map(CLAUSE_FINAL_VERBS.__contains__, lows[2 : n - 1])
    for j in compress(range(3, n), after_verb):
        if sent_of[j] < 0 or (j + 1 < n and sent_of[j + 1] == sent_of[j]):
            continue  # not the last word of its sentence
        low = lows[j]
        if len(low) < 4 or not low.isalpha():
            continue
        tail = text[words.ends[j] : words.ends[j] + 3].lstrip()
        if tail and tail[0] not in ".!?…":
            continue
        for back in range(2, STRAY_WINDOW):
            if j - back < 0 or sent_of[j - back] != sent_of[j]:
                break
            if lows[j - back] == low:
                yield Anomaly(
                    kind="repeated-word",
                    start=words.starts[j],
                    end=words.ends[j],
                    text=words.forms[j],
                    explanation=(
                        f"“{words.forms[j]}” already stands {back} words earlier in this sentence, and the "
                        f"clause had ended with “{words.forms[j - 1]}”: a word left over from an edit."
                    ),
                )
                break


# ---------------------------------------------------------------------------
# Spacing
# ---------------------------------------------------------------------------


def _spacing(text: str, lang: str) -> Iterator[Anomaly]:
    for m in _SPACE_PUNCT_RE.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if m.group("low"):
            if not (before.isalnum() or before in '"”»)]'):
                continue
            mark = m.group("low")
            why = f"A space before “{mark}”, which follows the word directly."
        else:
            # French typography puts a (thin) space before ; : ! ?; "2 : 1" is a score.
            if lang == "fr" or not before.isalpha():
                continue
            mark = m.group("high")
            why = f"A space before “{mark}”, which this language writes without one."
        yield Anomaly(kind="spacing", start=m.start(), end=m.end(), text=m.group(), explanation=why)
    for m in _HYPHEN_SPACE_RE.finditer(text):
        if not m.start() or not text[m.start() - 1].isalpha():
            continue
        following = _NEXT_WORD_RE.match(text, m.end())
        if following is None or following.group().lower() in SUSPENDED_HYPHEN_WORDS:
            continue  # "Ein- und Ausgang", "pre- and post-war": a suspended hyphen
        start = m.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’"):
            start -= 1
        yield Anomaly(
            kind="spacing",
            start=start,
            end=following.end(),
            text=text[start : following.end()],
            explanation="A hyphen followed by a space inside a compound word.",
        )
    for m in _DOUBLE_SPACE_RE.finditer(text):
        if not m.start() or text[m.start() - 1].isspace() or m.end() >= len(text) or text[m.end()].isspace():
            continue  # indentation or trailing space, not a gap between words
        yield Anomaly(
            kind="spacing",
            start=m.start(),
            end=m.end(),
            text=m.group(),
            explanation=f"{len(m.group())} spaces where one belongs.",
        )


# ---------------------------------------------------------------------------
# Furniture left in the text
# ---------------------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-blank line, trimmed."""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            yield start, end


def _furniture(text: str, words: _Words) -> Iterator[Anomaly]:
    def anomaly(start: int, end: int, what: str) -> Anomaly:
        return Anomaly(
            kind="furniture",
            start=start,
            end=end,
            text=text[start:end],
            explanation=f"Page furniture left in the article's text: {what}.",
        )

    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        if any(s < end and start < e for s, e in taken):
            return False
        taken.append((start, end))
        return True

    # Each costly pattern runs only on a line that holds its key word (the rarest word of
    # one of its phrases): most lines of an article hold none, and are never scanned.
    lowered = text.lower()
    abbreviation = any(a in lowered for a in lx.PHOTO_ABBREVIATIONS)
    rights = "©" in text or "(c)" in lowered
    for start, end in _lines(text):
        line = text[start:end]
        first = bisect.bisect_left(words.starts, start)
        last = bisect.bisect_left(words.starts, end, first)
        vocabulary = set(words.lows[first:last])
        count = last - first
        share = not _SHARE_GATE.isdisjoint(vocabulary)
        read_more = not _READ_MORE_GATE.isdisjoint(vocabulary)
        photo = abbreviation or not _PHOTO_GATE.isdisjoint(vocabulary)
        what = None
        if share and count <= 12 and _SHARE_LINE_RE.match(line):
            what = "a share prompt"
        elif read_more and count <= 8 and _READ_MORE_LINE_RE.match(line):
            what = "a “read more” heading"
        elif photo and count <= 12 and _CREDIT_LINE_RE.match(line):
            what = "a picture credit"
        elif count <= 3 and line.lower().rstrip(" :.!") in lx.AD_WORDS:
            what = "an advertisement label"
        elif (
            count <= 25
            and not _NEWSLETTER_GATE.isdisjoint(vocabulary)
            and _NEWSLETTER_RE.search(line)
            and _SUBSCRIBE_RE.search(line)
        ):
            what = "a newsletter sign-up"
        if what and free(start, end):
            yield anomaly(start, end, what)
            continue
        for m in _READ_MORE_RE.finditer(text, start, end) if read_more else ():
            if free(m.start(), m.end()):
                yield anomaly(m.start(), m.end(), "a “read more” link")
        if photo:
            for m in _CREDIT_INLINE_RE.finditer(text, start, end):
                if free(m.start(), m.end()):
                    yield anomaly(m.start(), m.end(), "a picture credit")
            m = _CREDIT_TAIL_RE.search(text, start, end)
            if m:
                s = m.start() + len(m.group()) - len(m.group().lstrip())
                if free(s, m.end()):
                    yield anomaly(s, m.end(), "a picture credit")
        for m in _SHARE_INLINE_RE.finditer(text, start, end) if share else ():
            if free(m.start(), m.end()):
                yield anomaly(m.start(), m.end(), "a share prompt")
        if rights or not _ALL_RIGHTS_GATE.isdisjoint(vocabulary):
            for m in _ALL_RIGHTS_RE.finditer(text, start, end):
                if free(m.start(), m.end()):
                    yield anomaly(m.start(), m.end(), "a copyright line")
    if "cookie" not in lowered:
        return
    for sentence in _split_sentences(text):
        chunk = text[sentence.start : sentence.end]
        if _COOKIE_RE.search(chunk) and _COOKIE_CONTEXT_RE.search(chunk) and len(chunk.split()) <= 60:
            s, e = sentence.start, sentence.end
            while e > s and text[e - 1].isspace():
                e -= 1
            if free(s, e):
                yield anomaly(s, e, "a cookie notice")
