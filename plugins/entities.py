"""Built-in extractor of named-entity mentions: people, organisations, products, events, places.

No gazetteer and no model: a name is found by its shape (capitals, an
acronym, "CamelCase", a version number, quotation marks around a short
capitalised title) and typed by the words around it, in any language and
script (Latin, Cyrillic, Greek):

* a **person**: two or more capitalised words that are not common words, a
  common first name, a title or role before it ("presidente",
  "председатель", "Vorsitzende"), an occupation ("the singer X"), or a verb
  of saying next to it ("said", "ritiene", "заявил");
* an **organisation**: a company suffix or head word inside it ("AG",
  "S.p.A.", "Universität", "Ministry"), a noun before it ("la société",
  "компании"), a role followed by "of" ("CEO di X"), an acronym;
* a **product**: a number or version in it ("X 3.5", "Y-4"), or "model",
  "модель", "modello" next to it;
* an **event**: "Summit", "Conferenza" inside it, "на конференции" before it;
* a **place**: a preposition of place before it ("in", "à", "в"), a
  Turkish case suffix after it ("Ankara'da"), the morphology's word (Russian,
  Ukrainian) for a place.

What is not a name: a capitalised word at the start of a sentence, unless the
text shows it is one (it is seen capitalised mid-sentence, a cue word or verb
of saying stands next to it, it is listed with names, it is unknown to the
language's word list or used alike in every language); German nouns
(capitalised, but declined common words, as word frequencies tell); acronyms
of common nouns ("AI", "KI"); months and weekdays. Articles and prepositions
glued to a name ("d'", "dell'") and possessive or case endings after an
apostrophe ("'s", Turkish "'da") stay outside the mention.

Each mention gets a ``key``: its words in lower-case Latin letters, Slavic
case endings stripped ("Ткаченка" -> "tkachenk"), which the linker
(:mod:`plugins.linking`) starts from. Word lists and frequencies live in
:mod:`plugins.names`, loaded once per process when first needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from generator import hookimpl
from generator.model import Article, Extraction, Mention, Span
from generator.settings import Settings
from plugins import morphology
from plugins import names as nm
from plugins.translit import script_of, to_latin

# A word: letters and digits, with inner hyphens, apostrophes, dots and ampersands
# ("Jean-Pierre", "d'Alembert", "S.p.A", "3.5", "AT&T").
_TOKEN_RE = re.compile(r"\w+(?:[-'’ʼ.&]\w+)*")
_APOSTROPHES = "'’ʼ"
# Between two words of one name: spaces only (a line break ends a name).
_SPACE_RE = re.compile(r"[ \t\u00a0\u202f]+")
# Between a cue word and its name, quotation marks may stand ("компания «X»").
_QUOTES = frozenset('«»"“”„‘’‹›')
_OPEN_QUOTES = frozenset('«"“„‘‹')
_CLOSE_QUOTES = frozenset('»"”“’›')
# Characters that end a clause (_CLAUSE_BREAK_RE): a cue word beyond them is not about this name.
# Characters after which the next word is capitalised whatever it is.
_YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")
_CLAUSE_BREAK_RE = re.compile(r"[.!?…:;,()\[\]{}|•·\n—–]")
_IRISH_SCOTS_RE = re.compile(r"^(?:[OD]['’]|Ma?c)[A-Z][^A-Z]*$")
_OPEN_QUOTE_RE = re.compile("[" + re.escape("".join(sorted(_OPEN_QUOTES))) + "]")
_OPENERS_RE = re.compile(r"[.!?…:“„«\"‘\n—–(•]")
# Head words inside a name that type it (organisations, events, places).
_HEADS = nm.ORG_HEADS | nm.EVENT_HEADS | nm.PLACE_HEADS
# Nouns before a quoted title that make it one ("the company «X»").
_TITLE_CUES = nm.ORG_CUES | nm.EVENT_CUES | nm.PRODUCT_CUES
_TERMINAL = ".!?…:;"
_CURRENCY_SIGNS = "$€£¥₽₴"
# Endings of inflected common words that may start a sentence but are no names.
_WORD_ENDINGS = ("mente", "ando", "endo", "indo", "ment", "ción", "ção", "zione", "tion", "ness", "ing")
_CYRILLIC_LANGS = frozenset(("ru", "uk", "bg", "sr", "mk", "be"))
_STRONG = 2.0  # a vote at least this heavy comes from a cue word, not from the name's shape

# Case endings of Slavic and Greek names, longest first: "Марковым" -> "Марков", "Nowaka" -> "Nowak".
_ENDINGS = {
    "ru": ("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ом", "ем", "ём", "ой", "ей", "ую",
           "юю", "ым", "им", "ах", "ях", "ам", "ям", "ий", "ый", "ая", "яя", "ое", "ою", "ею", "а", "я",
           "у", "ю", "е", "ы", "и", "о"),
    "uk": ("ами", "ями", "ого", "ому", "ові", "еві", "єві", "ими", "ом", "ем", "ій", "ий", "ої", "ою",
           "ею", "ам", "ям", "ах", "ях", "им", "а", "я", "у", "ю", "е", "и", "і", "ї", "о"),
    "pl": ("iego", "iemu", "ego", "emu", "owi", "iem", "ami", "ach", "em", "om", "ie", "ą", "ę", "a",
           "u", "y", "i", "o"),
    "el": ("ους", "ος", "ου", "ης", "ας", "ων", "ες", "ο", "η", "α", "ε"),
}  # fmt: skip
_ENDINGS["bg"] = _ENDINGS["ru"]


def strip_ending(word: str, lang: str | None) -> str:
    """``word`` without a case ending of its language, when at least three letters remain."""
    for ending in _ENDINGS.get(lang or "", ()):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)
def mention_key(text: str, lang: str | None) -> str:
    """The linking key of a name: lower-case Latin words, case endings of its language stripped."""
    words = []
    for word in text.split():
        low = word.casefold()
        script = script_of(low)
        if script == "cyrillic":
            low = strip_ending(low, lang if lang in _ENDINGS else "ru")
        elif script == "greek":
            low = strip_ending(low, "el")
        elif lang == "pl":
            low = strip_ending(low, "pl")
        words.append(to_latin(low, lang))
    return " ".join(words)


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Tok:
    """A word of the text, trimmed of elisions and suffixes, with its shape and position."""

    start: int
    end: int
    text: str
    shape: str  # "cap", "upper", "camel", "num", "lower"
    initial: bool = False  # first word of a sentence, line or quotation
    title: bool = False  # in a Title-Case Or ALL-CAPS heading
    head: str = ""  # the rest of a hyphenated compound after the name: "Forscher" in "X-Forscher"
    elided: str = ""  # an elided article or preposition before the name: "d" in "d'X"
    suffix: str = ""  # what followed an apostrophe: "s" in "X's", "da" in Turkish "X'da"
    quote: int = 0  # > 0: the id of the short quoted title the word belongs to ("«X Y»")


@lru_cache(maxsize=65536)
def _shape(word: str) -> str:
    """ "num", "lower", "upper" ("NATO"), "camel" ("DeepMind", "iOS") or "cap" ("Paris")."""
    first = word[0]
    if first.isdigit():
        return "num"
    if word.islower() or not any(ch.isalpha() for ch in word):
        return "lower"
    if not first.isupper():
        return "camel"  # "iOS", "eBay"
    if word.isupper():
        return "upper" if sum(ch.isalpha() for ch in word) >= 2 else "cap"
    if any(ch.isupper() for ch in word[1:]) and not _IRISH_SCOTS_RE.match(word):
        return "camel"  # "O'Connor", "McDonald" are capitalised names, not CamelCase
    return "cap"


_NAME_SHAPES = frozenset(("cap", "upper", "camel"))


def _name_shaped(tok: _Tok) -> bool:
    return tok.shape in _NAME_SHAPES


def _split_apostrophe(word: str) -> tuple[str, str]:
    for i, ch in enumerate(word):
        if ch in _APOSTROPHES:
            return word[:i], word[i + 1 :]
    return word, ""


def _tokens(text: str, lang: str | None) -> list[_Tok]:
    """Every word of the text; names trimmed of elided articles, suffixes and compound heads."""
    toks: list[_Tok] = []
    append = toks.append
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        start, end = m.span()
        if word.islower() and "-" not in word:
            append(_Tok(start, end, word, "lower"))  # most words: nothing more to know
            continue
        elided = suffix = ""
        if "'" in word or "’" in word or "ʼ" in word:
            head, rest = _split_apostrophe(word)
            if rest and head.casefold() in nm.ELISIONS:
                if rest == rest.lower():
                    toks.append(_Tok(start, end, word, "lower"))  # "L'une", "dell'azienda": words
                    continue
                # "d'Airbus", "dell’Università": the elided article or preposition is not the name.
                start += len(head) + 1
                word, elided = rest, head.casefold()
            elif (
                rest
                and word[0].isupper()
                and (rest.casefold() == "s" or (lang == "tr" and rest.islower() and len(rest) <= 5))
            ):
                # "Name's", "Ankara'da", "X'ın": the suffix is not the name.
                end = start + len(head)
                word, suffix = head, rest.casefold()
        tok = _Tok(start, end, word, _shape(word), elided=elided, suffix=suffix)
        if "-" in word and tok.shape != "num":
            _trim_compound(tok, lang)
        toks.append(tok)
    return toks


def _trim_compound(tok: _Tok, lang: str | None) -> None:
    """Hyphenated words: "Y-4" is one product name, "Jean-Pierre" one name, "X-Forscher" a name + head.

    A compound whose parts are all capitalised and none a common word stays
    whole; otherwise the name is its leading capitalised parts and the rest is
    its head, which says what the name is ("X-Vorsitzende": an organisation).
    """
    parts = tok.text.split("-")
    if any(ch.isdigit() for ch in parts[-1]) and parts[0][:1].isalpha():
        tok.shape = "upper" if tok.shape == "upper" else "camel"  # a model name: "Y-4", "Ил-76"
        return
    keep = 0
    for i, part in enumerate(parts):
        if not part or not (part[0].isupper() or (i == 0 and tok.shape == "camel")):
            break
        low = part.casefold()
        if i and ((lang == "de" and nm.is_german_noun(low)) or low in nm.PRODUCT_CUES or nm.is_role(low)):
            break
        keep = i + 1
    head = "-".join(parts[keep:])
    if keep == 0 or parts[-1].casefold() in nm.CURRENCY_WORDS:
        tok.shape = "lower"  # "ex-ministro", "US-Dollar": not a name
        return
    if keep < len(parts):
        name = "-".join(parts[:keep])
        tok.end = tok.start + len(name)
        tok.text = name
        tok.head = head
    first = tok.text.split("-", 1)[0]
    # A hyphenated name has the shape of its first part ("X-Premium" is not CamelCase).
    tok.shape = "cap" if len(first) == 1 else _shape(first)


def _mark_positions(toks: list[_Tok], text: str, sentences: tuple[Span, ...]) -> None:
    """Mark sentence-initial words, words of Title-Case headings and short quoted titles."""
    starts = sorted({s.start for s in sentences} | {0})
    starts.append(len(text) + 1)  # past every word: the loop below needs no bound check
    si = 0
    next_start = starts[0]
    prev_end = 0
    for tok in toks:
        if next_start <= tok.start:
            while starts[si] <= tok.start:
                if starts[si] >= prev_end:
                    tok.initial = True
                si += 1
            next_start = starts[si]
        # Only capitalised words need to know (lower-case ones are never names).
        if not tok.initial and tok.shape != "lower" and _OPENERS_RE.search(text, prev_end, tok.start):
            tok.initial = True
        prev_end = tok.end
    token_starts = [t.start for t in toks]  # sorted: the words of a line are a slice
    # Headings: a line without final punctuation whose words are mostly capitalised.
    line_start = i = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        j = bisect_left(token_starts, line_end, i)
        stripped = line.rstrip()
        words = [t for t in toks[i:j] if t.shape != "num"] if stripped[-1:] not in _TERMINAL else []
        if len(words) >= 3 and stripped and sum(t.shape != "lower" for t in words) / len(words) >= 0.6:
            for t in toks[i:j]:
                t.title = True
        i = j
        line_start = line_end + 1
    # «X», „X Y“: one to four words in quotation marks, the first capitalised, is a title.
    # Only the words right after an opening mark can start one: found through the marks.
    quote = 0
    opened = [m.end() for m in _OPEN_QUOTE_RE.finditer(text)]
    for after_mark in opened:
        i = bisect_left(token_starts, after_mark)
        if i == len(toks) or token_starts[i] != after_mark:
            continue
        tok = toks[i]
        if not _name_shaped(tok):
            continue
        cue = i > 0 and (toks[i - 1].text.casefold() in _TITLE_CUES or nm.is_role(toks[i - 1].text))
        for j in range(i, min(i + 4, len(toks))):
            gap = text[toks[j].end : toks[j + 1].start] if j + 1 < len(toks) else text[toks[j].end :]
            if gap[:1] in _CLOSE_QUOTES:
                inside = toks[i : j + 1]
                # A title, not a quoted sentence: one word, all words capitalised, or a cue before it.
                titled = len(inside) == 1 or cue or all(t.shape != "lower" for t in inside)
                if titled and not any(ch in ".!?," for ch in text[tok.start : toks[j].end]):
                    quote += 1
                    for t in inside:
                        t.quote = quote
                break
            if not _SPACE_RE.fullmatch(gap) and gap not in (" — ", " – "):
                break


# ---------------------------------------------------------------------------
# Candidates: runs of name-shaped words
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Cand:
    """A candidate name: a run of tokens, the evidence for it and the type it was given."""

    toks: list[_Tok]
    votes: dict[str, float] = field(default_factory=dict)
    evidence: bool = False  # a cue word says it is a name ("the company X", "X-Chef", «X»)
    verb: bool = False  # a verb of saying or announcing next to it
    key: str = ""

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end

    def vote(self, kind: str, weight: float) -> None:
        self.votes[kind] = self.votes.get(kind, 0.0) + weight

    @property
    def type(self) -> str:
        if not self.votes:
            return "organisation"
        return max(self.votes.items(), key=lambda kv: kv[1])[0]


def _space_between(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.end : b.start]
    return bool(gap) and _SPACE_RE.fullmatch(gap) is not None


def _particle(word: str, lang: str | None) -> bool:
    return word in nm.NAME_PARTICLES and not (lang == "de" and word in nm.GERMAN_ARTICLES)


def _runs(toks: list[_Tok], text: str, lang: str | None) -> list[list[_Tok]]:
    """Maximal runs of name-shaped words, with versions and particles between names."""
    runs: list[list[_Tok]] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        if tok.quote:
            j = i
            while j + 1 < n and toks[j + 1].quote == tok.quote:
                j += 1
            runs.append(toks[i : j + 1])
            i = j + 1
            continue
        if tok.shape not in _NAME_SHAPES or nm.is_month_or_weekday(tok.text):
            i += 1
            continue
        run = [tok]
        j = i
        while j + 1 < n:
            cur, nxt = toks[j], toks[j + 1]
            if nxt.initial or nxt.quote or cur.head or cur.suffix or not _space_between(text, cur, nxt):
                break
            if (nxt.shape in _NAME_SHAPES and not nm.is_month_or_weekday(nxt.text)) or nxt.shape == "num":
                run.append(nxt)
                j += 1
                continue
            # Particles: "da Silva", "van der Berg", "de la Cruz" (at most two, then a name).
            k = j + 1
            while k < n and k - j <= 2 and _particle(toks[k].text, lang):
                if not _space_between(text, toks[k - 1], toks[k]):
                    break
                k += 1
            if j + 1 < k < n and _name_shaped(toks[k]) and _space_between(text, toks[k - 1], toks[k]):
                run.extend(toks[j + 1 : k + 1])
                j = k
                continue
            break
        runs.append(run)
        i = j + 1
    return runs


def _is_common_start(tok: _Tok, lang: str | None) -> bool:
    """A word that starts a sentence or heading because it is a word of the language."""
    low = tok.text.casefold()
    z = nm.zipf(low, lang)
    return z >= 5.0 or (z >= 3.5 and nm.is_common(low, lang))


def _has_head(piece: list[_Tok]) -> bool:
    return any(t.text.casefold() in _HEADS for t in piece)


def _droppable_lead(tok: _Tok, piece: list[_Tok], lang: str | None) -> bool:
    """Words that stand before a name without being part of it."""
    low = tok.text.casefold()
    if tok.text in nm.NAME_PARTICLES or low in nm.NEVER_NAMES or low in nm.HONORIFICS:
        return True
    if tok.shape == "upper" and low in nm.COMMON_ACRONYMS:
        return True
    if tok.shape != "cap" or low in nm.FIRST_NAMES or tok.quote:
        return False
    if len(piece) > 1 and (low in nm.ORG_CUES or low in nm.PRODUCT_CUES or low in nm.PERSON_CUES):
        return True  # "Die Firma X": the cue noun types the name, it is not part of it
    if tok.initial or tok.title:
        return len(piece) > 1 and _is_common_start(tok, lang) and not _has_head(piece)
    if lang == "de" and len(piece) > 1:
        # "Kunden von X": a noun before the name; "Deutsche Bahn": a capitalised adjective is part of it.
        return nm.is_german_noun(low) and not nm.is_german_adjective(low)
    return False


def _droppable_tail(tok: _Tok, lang: str | None) -> bool:
    """Words that follow a name without being part of it ("X Kommentare", "X AI")."""
    low = tok.text.casefold()
    if tok.quote:
        return False
    if tok.text in nm.NAME_PARTICLES or (tok.shape == "upper" and low in nm.COMMON_ACRONYMS):
        return True
    return lang == "de" and tok.shape == "cap" and low not in nm.FIRST_NAMES and nm.is_german_noun(low)


def _pieces(run: list[_Tok], lang: str | None) -> list[list[_Tok]]:
    """Cut a run into names: roles split it ("Acme CEO Ann Lee"), words that are not part of a
    name come off its ends, an organisation before a full name is a name of its own.

    The cut depends only on what :func:`_cut_run` reads of each word: worked out once per
    distinct run (names recur), as slices of it.
    """
    if run[0].quote:
        return [run]
    key = tuple((t.text, t.shape, bool(t.head), bool(t.quote), t.initial, t.title) for t in run)
    return [run[a:b] for a, b in _cut(key, lang)]


@lru_cache(maxsize=65536)
def _cut(
    key: tuple[tuple[str, str, bool, bool, bool, bool], ...], lang: str | None
) -> tuple[tuple[int, int], ...]:
    """:func:`_cut_run` of a run given by what it reads of each word, as (start, end) slices."""
    run = [
        _Tok(i, i + 1, text, shape, initial=initial, title=title, head="-" if head else "", quote=int(quote))
        for i, (text, shape, head, quote, initial, title) in enumerate(key)
    ]
    # Each piece is a stretch of the run (its words keep their order, none skipped inside).
    return tuple((piece[0].start, piece[-1].start + 1) for piece in _cut_run(run, lang))


def _cut_run(run: list[_Tok], lang: str | None) -> list[list[_Tok]]:
    """The body of :func:`_pieces`, for a run that is not a quoted title."""
    pieces: list[list[_Tok]] = [[]]
    before_role: set[int] = set()
    for tok in run:
        if tok.shape != "num" and not tok.head and nm.is_role(tok.text):
            before_role.add(len(pieces) - 1)
            pieces.append([])
            continue
        pieces[-1].append(tok)
    out: list[list[_Tok]] = []
    for n, piece in enumerate(pieces):
        while piece and _droppable_lead(piece[0], piece, lang):
            piece = piece[1:]
        adjective = lang == "de" and bool(piece) and nm.is_german_adjective(piece[0].text)
        while len(piece) > 1 and not adjective and _droppable_tail(piece[-1], lang):
            piece = piece[:-1]
        if not piece or piece[0].shape == "num":
            continue
        if n in before_role and all(_modifier(t, lang) for t in piece):
            continue  # "Prime Minister", "Deputy Prime Minister": part of the title
        for part in _split_before_person(piece, lang):
            out.extend(_split_particles(part, lang))
    return out


def _modifier(tok: _Tok, lang: str | None) -> bool:
    """A common word before a role inside a title ("Prime" Minister), not an organisation."""
    low = tok.text.casefold()
    if low in nm.ROLE_MODIFIERS:
        return True
    return (
        tok.shape == "cap" and nm.zipf(low, lang) >= 3.5 and (nm.is_common(low, lang) or nm.is_loanword(low))
    )


def _split_before_person(piece: list[_Tok], lang: str | None) -> list[list[_Tok]]:
    """ "… of X Ann Lee", "ministro dell'Economia Ann Lee": an acronym, a CamelCase name or a
    common word followed by a full name are two names."""
    seen = ""
    for k, tok in enumerate(piece):
        script = script_of(tok.text)
        if script in ("latin", "cyrillic", "greek"):
            if seen and script != seen:
                # "председатель X Ann Lee": a Latin name and a Cyrillic one are two names.
                return [*_split_before_person(piece[:k], lang), *_split_before_person(piece[k:], lang)]
            seen = script
    if len(piece) < 3:
        return [piece]
    first, rest = piece[0], piece[1:]
    if not all(t.shape == "cap" for t in rest[:2]):
        return [piece]
    low = first.text.casefold()
    if (
        first.shape in ("upper", "camel")
        or (
            first.shape == "cap"
            and low not in nm.FIRST_NAMES
            and nm.zipf(low, lang) >= 4.0
            and nm.is_common(low, lang)
            and not _has_head(piece)
        )
        or (first.shape == "cap" and _morph_kind(first.text, lang) in ("place", "thing"))
    ):
        return [[first], rest]
    return [piece]


def _split_particles(piece: list[_Tok], lang: str | None) -> list[list[_Tok]]:
    """Particles double as "of" and "from": "X do Y" is two names, "Maria da Silva" and
    "Banco de X" one."""
    for k, tok in enumerate(piece):
        if tok.text not in nm.NAME_PARTICLES:
            continue
        left = [t for t in piece[:k] if t.text not in nm.NAME_PARTICLES]
        if tok.text in nm.GERMANIC_PARTICLES or (lang == "nl" and tok.text == "de"):
            # "Ursula von der X" (a given name, then the particle); "Ann Lee von X" is "from X",
            # "Vorstand der X" a noun and its complement.
            personal = len(left) == 1 and not (lang == "de" and nm.is_german_noun(left[0].text))
        else:
            personal = bool(left) and (left[0].text.casefold() in nm.FIRST_NAMES or len(left) >= 2)
        if (personal and not any(t.shape in ("upper", "camel", "num") for t in left)) or _has_head(left):
            continue
        right = piece[k:]
        while right and right[0].text in nm.NAME_PARTICLES:
            right = right[1:]
        return [p for p in (piece[:k], *(_split_particles(right, lang) if right else [])) if p]
    return [piece]


# ---------------------------------------------------------------------------
# Evidence around a name
# ---------------------------------------------------------------------------


def _neighbours(toks: list[_Tok], index: int, text: str, step: int, limit: int = 3) -> Iterator[_Tok]:
    """Up to ``limit`` words before (step -1) or after (step 1) toks[index] in the same clause.

    One at a time: the reader mostly stops at the first.
    """
    j = index + step
    stop = max(-1, index + step * (limit + 1)) if step < 0 else min(len(toks), index + step * (limit + 1))
    while j != stop:
        a, b = (toks[j], toks[j - step]) if step < 0 else (toks[j - step], toks[j])
        if _CLAUSE_BREAK_RE.search(text, a.end, b.start):
            return
        yield toks[j]
        j += step


@lru_cache(maxsize=65536)
def _morph_kind(word: str, lang: str | None) -> str | None:
    """What the Russian/Ukrainian dictionary says a capitalised word is: "person" (a first name,
    surname or patronymic), "place", "organisation", "thing" (a known common noun) or None."""
    if lang not in ("ru", "uk") or script_of(word) != "cyrillic":
        return None
    analyzer = morphology.analyzer(lang)
    if analyzer is None:
        return None
    parses = analyzer.parse(word.casefold())  # type: ignore[attr-defined]
    best = max((p.score for p in parses), default=0.0)
    for parse in parses:
        if parse.score < best * 0.5:
            continue
        grammemes = parse.tag.grammemes
        if grammemes & {"Name", "Surn", "Patr"}:
            return "person"
        if "Geox" in grammemes:
            return "place"
        if "Orgn" in grammemes or "Trad" in grammemes:
            return "organisation"
    top = parses[0] if parses else None
    if top is not None and top.is_known and "NOUN" in top.tag.grammemes:
        return "thing"
    return None


def _context_votes(cand: _Cand, toks: list[_Tok], pos: dict[int, int], text: str, lang: str | None) -> None:
    """Votes from the words before and after the name."""
    first, last = pos[id(cand.toks[0])], pos[id(cand.toks[-1])]
    lone = len(cand.toks) == 1
    name_script = script_of(cand.toks[0].text)
    own_script = (
        name_script == "latin" if lang not in _CYRILLIC_LANGS and lang != "el" else (name_script != "latin")
    )
    special = any(t.shape in ("upper", "camel") for t in cand.toks) or (
        lang in _CYRILLIC_LANGS and not own_script
    )

    saw_of = cand.toks[0].elided in nm.OF_WORDS  # "d'X", "dell'X"
    for distance, tok in enumerate(_neighbours(toks, first, text, -1)):
        low = tok.text.casefold()
        if tok.shape == "upper" and low in nm.COMMON_ACRONYMS:
            continue  # "la startup AI X": look past the acronym
        if distance == 0 and own_script and low in nm.PLACE_PREPOSITIONS.get(lang or "", ()):
            if cand.toks[0].shape == "cap":
                cand.vote("place", 1.5)  # "in X"; a role further back ("CEO in X") outvotes it
            if low not in nm.OF_WORDS:
                break
        if distance == 0 and low in nm.OF_WORDS:
            saw_of = True
            continue
        if tok.head and nm.is_role(tok.head.rsplit("-", 1)[-1]):
            cand.vote("person", 3)  # "the X-Vorsitzende Ann Lee": the person after the role
            cand.evidence = True
            break
        if nm.is_role(tok.text) and tok.shape != "num":
            cand.evidence = True
            if saw_of:
                cand.vote("place" if low in nm.PLACE_ROLES else "organisation", 3)
            elif special:
                cand.vote("organisation", 3)  # "prezes PKO", "председатель X" with a Latin name
            elif lone and (kind := _morph_kind(cand.toks[0].text, lang)) in (
                "place",
                "organisation",
                "thing",
            ):
                cand.vote("place" if kind == "place" else "organisation", 3)
            elif lone and distance > 0:
                # "the minister of agriculture of X": a word after the role's own words is
                # what the role is of, not who holds it.
                cand.vote("organisation", 1.5)
            else:
                cand.vote("person", 3)
            break
        if tok.shape != "lower" and distance > 0:
            break  # a capitalised cue ("der Konzern X") stands right before its name
        for cues, kind in (
            (nm.PERSON_CUES, "person"),
            (nm.ORG_CUES, "organisation"),
            (nm.PRODUCT_CUES, "product"),
            (nm.EVENT_CUES, "event"),
        ):
            if low in cues:
                if kind == "person" and saw_of:
                    kind = "organisation"  # "economist at X"
                cand.vote(kind, 3 if kind != "product" else 2.5)
                cand.evidence = True
                break
        else:
            if distance == 0 and nm.is_speech_verb(low):
                cand.vote("person", 1)
                cand.verb = True
            elif distance == 0 and low in nm.REPORT_VERBS:
                cand.verb = True
            elif tok.shape == "lower":
                continue  # look further back, past adjectives: "la società americana X"
            break
        break
    for distance, tok in enumerate(_neighbours(toks, last, text, 1)):
        low = tok.text.casefold()
        tail = (tok.head or low).casefold().rsplit("-", 1)[-1]  # "X KI-Chatbot": the compound's end
        if nm.is_speech_verb(low):
            cand.vote("person", 1)
            cand.verb = True
        elif low in nm.REPORT_VERBS:
            cand.verb = True
        elif low in nm.AUXILIARIES and distance == 0:
            continue
        elif distance == 0 and tail in nm.PRODUCT_CUES and lang in ("en", "de", "nl", "tr", None):
            cand.vote("product", 2)
            cand.evidence = True
        elif distance == 0 and low in nm.ORG_CUES and lang in ("en", "tr", "nl", None):
            cand.vote("organisation", 2)
            cand.evidence = True
        break
    # The head of a hyphenated compound: "X-Vorsitzende" (an organisation), "X-App" (a product).
    head = cand.toks[-1].head.casefold().rsplit("-", 1)[-1]
    if head:
        if nm.is_role(head):
            cand.vote("organisation", 3)
            cand.evidence = True
        elif head in nm.PRODUCT_CUES or head.endswith(("chatbot", "app", "modell")):
            cand.vote("product", 2.5)
            cand.evidence = True
        elif head in nm.ORG_CUES:
            cand.vote("organisation", 2.5)
            cand.evidence = True
    suffix = cand.toks[-1].suffix
    if suffix and lang == "tr":
        cand.evidence = True  # Turkish writes an apostrophe only after proper names
        if nm.TURKISH_PLACE_SUFFIX.match(suffix):
            cand.vote("place", 1.5)
    elif suffix == "s":
        cand.evidence = True  # "X's"
    if cand.toks[0].quote:
        cand.evidence = True
        cand.vote("organisation", 1.2)


def _shape_votes(cand: _Cand, lang: str | None) -> None:
    """Votes from the name itself: heads, numbers, acronyms, first names, how many words.

    They depend only on the words and their shapes: worked out once per distinct name
    (:func:`_shape_verdict`) and cast again for each of its mentions, in the same order.
    """
    votes, international = _shape_verdict(tuple((t.text, t.shape) for t in cand.toks), lang)
    for kind, weight in votes:
        cand.vote(kind, weight)
    if international and cand.votes.get("person"):
        cand.vote("organisation", cand.votes["person"] + 0.1)  # "X said": a brand that speaks


@lru_cache(maxsize=65536)
def _shape_verdict(
    words_shapes: tuple[tuple[str, str], ...], lang: str | None
) -> tuple[tuple[tuple[str, float], ...], bool]:
    """The votes of :func:`_shape_votes` for a name's (word, shape) pairs, and whether, being
    one word used alike in many languages, it is a brand when the person votes win."""
    recorder = _Recorder([_Tok(0, 0, text, shape) for text, shape in words_shapes])
    international = _shape_votes_of(recorder, lang)
    return tuple(recorder.cast), bool(international)


class _Recorder:
    """Stands for a candidate in :func:`_shape_votes_of`: keeps the votes cast, one by one."""

    __slots__ = ("cast", "toks")

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.cast: list[tuple[str, float]] = []

    def vote(self, kind: str, weight: float) -> None:
        self.cast.append((kind, weight))


def _shape_votes_of(cand: _Recorder, lang: str | None) -> bool | None:
    """The body of :func:`_shape_votes`, casting its votes on ``cand``; True when the name is
    one word used alike in many languages (the last check of :func:`_shape_votes`)."""
    words = [t for t in cand.toks if t.shape != "num" and t.text not in nm.NAME_PARTICLES]
    lows = [t.text.casefold().rstrip(".") for t in words]
    has_num = any(t.shape == "num" or any(ch.isdigit() for ch in t.text) for t in cand.toks)
    if any(low in nm.EVENT_HEADS for low in lows) or (
        has_num and len(words) == 1 and any(_YEAR_RE.match(t.text) for t in cand.toks)
    ):
        cand.vote("event", 2.5)
    elif any(low in nm.ORG_HEADS for low in lows) or (
        lang == "de" and lows and lows[-1].endswith(nm.GERMAN_ORG_ENDINGS)
    ):
        cand.vote("organisation", 2.5)
    elif any(low in nm.PLACE_HEADS for low in lows):
        cand.vote("place", 2.5)
    if has_num:
        cand.vote("product", 2)
    if not words:
        return None
    if len(words) == 1:
        tok, low = words[0], lows[0]
        if tok.shape == "camel":
            cand.vote("product" if tok.text[0].islower() else "organisation", 1)
        elif tok.shape == "upper":
            cand.vote("organisation", 1)
        elif low in nm.FIRST_NAMES:
            cand.vote("person", 1)
        elif (kind := _morph_kind(tok.text, lang)) in ("person", "place", "organisation"):
            cand.vote(kind, 1)
        else:
            cand.vote("organisation", 0.5)
        return nm.international(low)
    first_is_name = lows[0] in nm.FIRST_NAMES or _morph_kind(words[0].text, lang) == "person"
    # "Casa Bianca", "Banco Central": frequent words of the language are not a person's name.
    first_ordinary = nm.zipf(lows[0], lang) >= 4.8 and nm.is_common(lows[0], lang)
    last_ordinary = nm.zipf(lows[-1], lang) >= 4.5
    if lang == "de" and nm.is_german_adjective(lows[0]):
        cand.vote("organisation", 1.2)  # "Deutsche X": German capitalises adjectives only in names
    elif any(t.shape == "upper" for t in words) or ((first_ordinary or last_ordinary) and not first_is_name):
        cand.vote("organisation", 1.2)
    else:
        cand.vote("person", 1.5 if first_is_name else 1.2)
    return None


# ---------------------------------------------------------------------------
# From candidates to mentions
# ---------------------------------------------------------------------------


def _after_article(prev: _Tok | None, prev2: _Tok | None) -> bool:
    """German "der Download", "der neuen App": an article, maybe an adjective, then the word."""
    if prev is None:
        return False
    low = prev.text.casefold()
    if low in nm.GERMAN_DETERMINERS:
        return True
    adjective = prev.shape == "lower" and len(low) >= 4 and low.endswith(("e", "en", "er", "es", "em"))
    return adjective and prev2 is not None and prev2.text.casefold() in nm.GERMAN_DETERMINERS


def _previous(
    toks: list[_Tok], pos: dict[int, int], cand: _Cand, text: str
) -> tuple[_Tok | None, _Tok | None]:
    """The two words right before a candidate, nearest first, as far as only spaces separate them."""
    i = pos[id(cand.toks[0])]
    prev = toks[i - 1] if i and _space_between(text, toks[i - 1], toks[i]) else None
    prev2 = toks[i - 2] if prev is not None and i > 1 and _space_between(text, toks[i - 2], prev) else None
    return prev, prev2


def _ordinary_word(tok: _Tok, prev: _Tok | None, prev2: _Tok | None, lang: str | None) -> bool:
    """A capitalised word that is an ordinary word of the language where it stands.

    German capitalises nouns: a word after an article, or a declined German
    noun, is one. English, Dutch and Turkish capitalise adjectives of
    nationality ("American"): a word far more frequent in the language than
    elsewhere is one. Elsewhere a capital in mid-sentence means a name.
    """
    low = tok.text.casefold()
    if lang == "de":
        return _after_article(prev, prev2) or nm.is_german_noun(low)
    # "American", "Amerikaanse": adjectives of nationality.
    return (
        lang in nm.DEMONYM_ENDINGS
        and low not in nm.FIRST_NAMES
        and (low in nm.DEMONYMS or (low.endswith(nm.DEMONYM_ENDINGS[lang]) and nm.zipf(low, lang) >= 3.5))
    )


def _plain_german_noun(cand: _Cand) -> bool:
    """A lone capitalised German word that is a German noun, with nothing to make it a name."""
    tok = cand.toks[0]
    return (
        len(cand.toks) == 1
        and tok.shape == "cap"
        and not (tok.head or tok.quote or tok.suffix)
        and (nm.is_german_noun(tok.text))
    )


def _unknown_word(low: str, lang: str | None) -> bool:
    """A word the language's list does not know and that does not look inflected: likely a name."""
    return (
        len(low) >= 3
        and nm.zipf(low, lang) == 0.0
        and nm.zipf(low, "en") < 3.0
        and not low.endswith(_WORD_ENDINGS)
        and bool(lang)
    )


def _accept(cand: _Cand, toks: list[_Tok], pos: dict[int, int], text: str, lang: str | None) -> bool | None:
    """True: a name; False: not one; None: a name only if the text shows it elsewhere as one."""
    words = [t for t in cand.toks if t.text not in nm.NAME_PARTICLES]
    tok = words[0]
    if cand.toks[0].quote and len(words) == 1 and lang == "de":
        return None if nm.is_german_noun(tok.text) else True  # „Spitzenwerte“: a quoted noun
    if len(words) > 1 or cand.toks[0].quote:
        return True
    if tok.shape in ("upper", "camel") or any(ch.isdigit() for ch in tok.text):
        return True
    if len(tok.text) < 2:
        return False
    low = tok.text.casefold()
    prev, prev2 = _previous(toks, pos, cand, text)
    if low in nm.CURRENCY_WORDS:
        return False
    if prev is not None and prev.shape == "num":
        return None  # "2,2 Prozent", "40 Milliarden": a unit or a noun after a number
    if tok.initial or tok.title:
        z = nm.zipf(low, lang)
        if (z >= 5.0 and not tok.suffix) or (lang == "de" and nm.is_german_noun(low)):
            return None
        if cand.evidence and (z < 4.5 or tok.suffix):
            return True
        if _is_common_start(tok, lang):
            return None
        return True if cand.verb or nm.international(low) or _unknown_word(low, lang) else None
    if tok.head and cand.evidence and lang == "de":
        return True  # "der X-Vorsitzende": the article belongs to the compound's noun
    if cand.evidence and lang == "de" and not nm.is_german_noun(low):
        return True  # "sein X-Chatbot", "der Konzern X"
    if _ordinary_word(tok, prev, prev2, lang):
        return None
    return True


# Between the names of a list: a comma or a conjunction ("X, Y und Z").
_LIST_GAP_RE = re.compile(
    r"\s*[,;]?\s*(?:(?:and|und|e|ed|et|y|и|i|ve|en|та|і|oraz|och|og|or|oder|ou|или|або|lub|veya)\s+)?",
    re.IGNORECASE,
)


def _coordinated(cands: list[_Cand], accepted: set[int], text: str) -> set[int]:
    """Candidates listed next to an accepted name ("X, Y and Z"): names like their neighbours."""
    out: set[int] = set()
    for a, b in pairwise(cands):
        if _LIST_GAP_RE.fullmatch(text[a.end : b.start]):
            if id(b) in accepted:
                out.add(id(a))
            if id(a) in accepted:
                out.add(id(b))
    return out


def _unify_types(cands: list[_Cand]) -> None:
    """One type per name within an article: the votes of all its mentions together.

    A lone word that is the last word of a person's full name in the same text
    ("Lee" after "Ann Lee") is that person.
    """
    surnames = {c.key.split()[-1] for c in cands if " " in c.key and c.type == "person"}
    groups: dict[str, list[_Cand]] = {}
    for cand in cands:
        if " " not in cand.key and cand.key in surnames:
            cand.vote("person", 3)
        groups.setdefault(cand.key, []).append(cand)
    for group in groups.values():
        total: dict[str, float] = {}
        for cand in group:
            for kind, weight in cand.votes.items():
                total[kind] = total.get(kind, 0.0) + weight
        for cand in group:
            cand.votes = dict(total)


def extract_mentions(text: str, lang: str | None, sentences: tuple[Span, ...] = ()) -> list[Mention]:
    """Every named-entity mention in ``text`` (written in ``lang``), in reading order."""
    if not text:
        return []
    lang = (lang or "").split("-")[0].lower() or None
    toks = _tokens(text, lang)
    _mark_positions(toks, text, sentences)
    pos = {id(t): i for i, t in enumerate(toks)}

    cands: list[_Cand] = []
    for run in _runs(toks, text, lang):
        for piece in _pieces(run, lang):
            if len(piece) == 1 and text[piece[0].end : piece[0].end + 1] in _CURRENCY_SIGNS:
                continue  # "US$", "R$": a currency, not a place
            cands.append(_Cand(piece))
    verdicts: dict[int, bool | None] = {}
    for cand in cands:
        cand.key = mention_key(" ".join(t.text for t in cand.toks), lang)
        if lang == "de" and _plain_german_noun(cand):
            verdicts[id(cand)] = None  # most capitalised German words: no need to weigh them
            continue
        _context_votes(cand, toks, pos, text, lang)
        _shape_votes(cand, lang)
        verdicts[id(cand)] = _accept(cand, toks, pos, text, lang)

    # Second pass: a doubtful word is a name when the text shows it elsewhere as one:
    # the same word accepted elsewhere, a person's surname, a list with names in it.
    accepted = {i for i, v in verdicts.items() if v}
    known: set[str] = set()
    for cand in cands:
        if id(cand) in accepted:
            known.add(cand.key)
            if " " in cand.key and cand.type == "person":
                known.add(cand.key.rsplit(" ", 1)[-1])
    coordinated = _coordinated(cands, accepted, text)
    for cand in cands:
        if verdicts[id(cand)] is not None:
            continue
        key = cand.key
        if key in known or id(cand) in coordinated:
            accepted.add(id(cand))
        elif lang in ("de", "nl", "en") and key.endswith("s") and key[:-1] in known:
            cand.key = key[:-1]  # the genitive "Xs" of a name seen elsewhere
            accepted.add(id(cand))

    final = [c for c in cands if id(c) in accepted]
    if lang in ("de", "nl", "en"):
        keys = {c.key for c in final}
        for c in final:
            if c.key.endswith("s") and c.key[:-1] in keys:
                c.key = c.key[:-1]  # the genitive "Xs" of a name seen elsewhere
    _unify_types(final)
    return [
        Mention(type=c.type, start=c.start, end=c.end, text=text[c.start : c.end], key=c.key) for c in final
    ]


@hookimpl
def parallax_extract(article: Article, settings: Settings) -> Extraction:
    """Mentions of people, organisations, products, events and places in the article's clean text."""
    return Extraction(mentions=tuple(extract_mentions(article.text, article.lang, article.sentences)))
