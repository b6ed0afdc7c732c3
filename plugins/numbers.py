"""Numbers as the press of many languages writes them, shared by the quantity and date extractors.

Three things live here, none of them about a particular story:

* :data:`NUMBER_RE` finds a number written in digits with any locale's
  separators ("3.250", "3,250", "3 250" with a normal, thin or no-break space,
  "3'250", "1.234.567,89", "1,234,567.89", "0,25"), and :func:`parse_number`
  reads it, deciding per language and per digit-group shape which separator
  groups thousands and which marks decimals;
* per-language scale words ("milioni", "млн", "Mrd.", "mil milhões") and small
  number words ("two", "due", "два", "zwei"), for amounts such as "2,5
  миллиарда" and relative dates such as "vor zwei Jahren";
* generic tests that tell a number that names something ("X-7", "G7",
  "Model 0042") or a phone number from a quantity.

The module has no hook implementations; ``plugins.quantities`` and
``plugins.dates`` import it.
"""

from __future__ import annotations

import _sre
import re
import re._constants as _sre_c
import re._parser as _sre_parser
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from re._casefix import _EXTRA_CASES

# ---------------------------------------------------------------------------
# Languages and their decimal mark
# ---------------------------------------------------------------------------

# Languages whose decimal mark is a point (their thousands separator is then a comma).
# Every other language this module knows writes a decimal comma.
DECIMAL_POINT_LANGS = frozenset({"en", "ja", "zh", "ko", "he", "th", "hi", "ms", "ga"})
KNOWN_LANGS = ("en", "it", "ru", "fr", "de", "pt", "es", "nl", "pl", "uk", "tr")

# Spaces that group digits: a normal space, a no-break space, a thin space, a narrow no-break space.
SPACES = " \u00a0\u2009\u202f"


def base_lang(lang: str | None) -> str | None:
    """The primary subtag of a language tag, lower case ("pt-BR" -> "pt"), or None."""
    if not lang:
        return None
    code = re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()
    return code or None


def word_set(words: str) -> frozenset[str]:
    """A set of words from one string of words separated by whitespace (for long word lists)."""
    return frozenset(words.split())


def fold(text: str) -> str:
    """A matched word or phrase as a table key: lower case, single spaces.

    Turkish capital "İ" lowers to "i" plus a combining dot in Python; it is
    folded to a plain "i" so "İki" finds "iki".
    """
    return " ".join(text.replace("İ", "i").lower().split())


def decimal_mark(lang: str | None) -> str | None:
    """ "." or "," for a language, or None when the language is unknown (decide by shape alone)."""
    code = base_lang(lang)
    if code is None or code == "und":
        return None
    return "." if code in DECIMAL_POINT_LANGS else ","


# ---------------------------------------------------------------------------
# Digits
# ---------------------------------------------------------------------------

# A number in digits. First choice: groups of exactly three digits after a
# one-to-three-digit head, all joined by the same separator, with an optional
# decimal tail ("1.234.567,89", "3 250", "3,250"). Otherwise: digits with at
# most one decimal part ("4,5", "2019", "0.25"). A number directly touching
# another digit group through a point or comma ("14.03.2019", "1.2.3") is not
# matched at all: that is a date or a version, never a quantity.
NUMBER_RE = re.compile(
    # The first digit first, then what may not stand before it (no digit, no "5," or "5."): a
    # pattern that opens with a character class lets the regex engine skip to the next digit
    # on its own, without trying every position.
    r"\d(?<!\d\d)(?<!\d[.,]\d)"
    r"(?:"
    rf"\d{{0,2}}(?P<g>[.,'’{SPACES}])\d{{3}}(?!\d)(?:(?P=g)\d{{3}}(?!\d))*(?:[.,]\d+)?"
    r"|\d*(?:[.,]\d+)?"
    r")"
    r"(?!\d|[.,]\d)"
)


def parse_number(raw: str, lang: str | None, *, decimal_context: bool = False) -> Decimal | None:
    """The value of a number matched by :data:`NUMBER_RE`, or None if its shape is inconsistent.

    Rules, in order:

    * spaces and apostrophes only ever group thousands;
    * two different separators: the last one is the decimal mark ("1.234,5");
    * one separator used more than once groups thousands ("1.234.567");
    * one separator used once, with anything but three digits after it, is a
      decimal mark ("4,5", "4.5", "0,25");
    * one separator used once with exactly three digits after it ("3.250")
      groups thousands, unless the language writes its decimals with that mark
      *and* the context says decimal: a leading zero ("0,125"), or
      ``decimal_context`` (the caller saw a scale word or a percent sign after
      it: "1,250 milioni", "4.125%").
    """
    text = raw
    for space in SPACES + "'’":
        text = text.replace(space, "")
    marks = [c for c in text if c in ".,"]
    try:
        if not marks:
            return Decimal(text)
        if len(set(marks)) == 2:
            decimal = marks[-1]
            grouping = "," if decimal == "." else "."
            if text.count(decimal) != 1 or text.rfind(grouping) > text.rfind(decimal):
                return None
            return Decimal(text.replace(grouping, "").replace(decimal, "."))
        mark = marks[0]
        head, _, tail = text.partition(mark)
        if len(marks) > 1:
            return Decimal(text.replace(mark, ""))  # NUMBER_RE only lets well-formed groups through
        if len(tail) != 3:
            return Decimal(f"{head}.{tail}")
        if raw[len(head)] in SPACES + "'’":
            return Decimal(head + tail)  # "3 250": a space never marks decimals
        if decimal_mark(lang) == mark and (head == "0" or decimal_context):
            return Decimal(f"{head}.{tail}")
        if head == "0":
            return Decimal(f"{head}.{tail}")  # "0.125" / "0,125" can only be a decimal
        return Decimal(head + tail)
    except InvalidOperation:
        return None


def has_leading_zero(raw: str) -> bool:
    """True for "007" or "0042": digits that name (a code, a model), not count. "0" and "0,5" are numbers."""
    return len(raw) > 1 and raw[0] == "0" and raw[1].isdigit()


# ---------------------------------------------------------------------------
# Scale words
# ---------------------------------------------------------------------------

THOUSAND, MILLION, BILLION, TRILLION = 10**3, 10**6, 10**9, 10**12

# Scale words after a number, per language: every inflected form and the usual abbreviations.
# A trailing "." belongs to the abbreviation ("Mio.", "тыс.") and is matched optionally.
SCALE_WORDS: dict[str, dict[str, int]] = {
    "en": {
        "thousand": THOUSAND,
        "million": MILLION,
        "millions": MILLION,
        "mln": MILLION,
        "mn": MILLION,
        "billion": BILLION,
        "billions": BILLION,
        "bn": BILLION,
        "trillion": TRILLION,
        "tn": TRILLION,
    },
    "it": {
        "mila": THOUSAND,
        "mille": THOUSAND,
        "milione": MILLION,
        "milioni": MILLION,
        "mln": MILLION,
        "mln.": MILLION,
        "miliardo": BILLION,
        "miliardi": BILLION,
        "mld": BILLION,
        "mld.": BILLION,
        "mrd": BILLION,
        "mrd.": BILLION,
        "mila miliardi": TRILLION,
    },
    "ru": {
        "тысяча": THOUSAND,
        "тысячи": THOUSAND,
        "тысяч": THOUSAND,
        "тысячу": THOUSAND,
        "тыс.": THOUSAND,
        "тыс": THOUSAND,
        "миллион": MILLION,
        "миллиона": MILLION,
        "миллионов": MILLION,
        "млн": MILLION,
        "млн.": MILLION,
        "миллиард": BILLION,
        "миллиарда": BILLION,
        "миллиардов": BILLION,
        "млрд": BILLION,
        "млрд.": BILLION,
        "триллион": TRILLION,
        "триллиона": TRILLION,
        "триллионов": TRILLION,
        "трлн": TRILLION,
        "трлн.": TRILLION,
    },
    "uk": {
        "тисяча": THOUSAND,
        "тисячі": THOUSAND,
        "тисяч": THOUSAND,
        "тис.": THOUSAND,
        "тис": THOUSAND,
        "мільйон": MILLION,
        "мільйона": MILLION,
        "мільйони": MILLION,
        "мільйонів": MILLION,
        "млн": MILLION,
        "млн.": MILLION,
        "мільярд": BILLION,
        "мільярда": BILLION,
        "мільярди": BILLION,
        "мільярдів": BILLION,
        "млрд": BILLION,
        "млрд.": BILLION,
    },
    "fr": {
        "mille": THOUSAND,
        "million": MILLION,
        "millions": MILLION,
        "mln": MILLION,
        "milliard": BILLION,
        "milliards": BILLION,
        "md": BILLION,
        "mds": BILLION,
        "mrd": BILLION,
        "mrds": BILLION,
    },
    "de": {
        "tausend": THOUSAND,
        "tsd.": THOUSAND,
        "million": MILLION,
        "millionen": MILLION,
        "mio.": MILLION,
        "mio": MILLION,
        "milliarde": BILLION,
        "milliarden": BILLION,
        "mrd.": BILLION,
        "mrd": BILLION,
        "mia.": BILLION,
        # German "Billion" is 10^12, a million millions.
        "billion": TRILLION,
        "billionen": TRILLION,
        "bio.": TRILLION,
    },
    "pt": {
        "mil": THOUSAND,
        "milhão": MILLION,
        "milhao": MILLION,
        "milhões": MILLION,
        "milhoes": MILLION,
        "mi": MILLION,
        "mln": MILLION,
        "bilhão": BILLION,
        "bilhao": BILLION,
        "bilhões": BILLION,
        "bilhoes": BILLION,
        "bi": BILLION,
        "mil milhões": BILLION,  # European Portuguese: a thousand millions
        "mil milhoes": BILLION,
        "trilhão": TRILLION,
        "trilhões": TRILLION,
        "tri": TRILLION,
    },
    "es": {
        "mil": THOUSAND,
        "millón": MILLION,
        "millon": MILLION,
        "millones": MILLION,
        "mln": MILLION,
        "mil millones": BILLION,
        "mil mlns": BILLION,
        "millardo": BILLION,
        "millardos": BILLION,
        "billón": TRILLION,  # Spanish "billón" is 10^12
        "billones": TRILLION,
    },
    "nl": {
        "duizend": THOUSAND,
        "miljoen": MILLION,
        "mln": MILLION,
        "mln.": MILLION,
        "miljard": BILLION,
        "mld": BILLION,
        "mld.": BILLION,
        "mrd": BILLION,
        "mrd.": BILLION,
        "biljoen": TRILLION,
    },
    "pl": {
        "tysiąc": THOUSAND,
        "tysiące": THOUSAND,
        "tysięcy": THOUSAND,
        "tys.": THOUSAND,
        "tys": THOUSAND,
        "milion": MILLION,
        "miliony": MILLION,
        "milionów": MILLION,
        "miliona": MILLION,
        "mln": MILLION,
        "mln.": MILLION,
        "miliard": BILLION,
        "miliardy": BILLION,
        "miliardów": BILLION,
        "miliarda": BILLION,
        "mld": BILLION,
        "mld.": BILLION,
        "bilion": TRILLION,
    },
    "tr": {
        # Turkish adds case endings to the scale word: "30 binden fazla" (more than 30 thousand).
        **dict.fromkeys(("bin", "binden", "bine", "bini", "binin", "binde"), THOUSAND),
        **dict.fromkeys(("milyon", "mn", "milyondan", "milyona", "milyonu", "milyonun"), MILLION),
        **dict.fromkeys(("milyar", "mlr", "milyardan", "milyara", "milyarı", "milyarın"), BILLION),
        "trilyon": TRILLION,
    },
}

# Scale letters glued to a number in English money ("3.5m", "2bn", "40k"): only read after a currency.
GLUED_SCALES: dict[str, int] = {"k": THOUSAND, "m": MILLION, "mn": MILLION, "bn": BILLION, "b": BILLION}


def scale_words(lang: str | None) -> dict[str, int]:
    """Scale words for a language: its own and the English ones; every language's when unknown."""
    code = base_lang(lang)
    if code in SCALE_WORDS:
        return {**SCALE_WORDS["en"], **SCALE_WORDS[code]} if code != "en" else SCALE_WORDS["en"]
    merged: dict[str, int] = {}
    for words in SCALE_WORDS.values():
        for word, value in words.items():
            merged.setdefault(word, value)
    return merged


def first_letters(words: Iterable[str]) -> str:
    """A lookahead for the first letters of some words, in both cases: ``(?=[aAbB])``.

    Put in front of a pattern, it lets the regex engine skip quickly to the
    places where one of the words can start.
    """
    letters = {c for w in words if w for c in (w[0].lower(), w[0].upper())}
    return "(?=[" + "".join(re.escape(c) for c in sorted(letters)) + "])" if letters else ""


def _case_class(char: str) -> int:
    """One code for all the characters that the regex engine, ignoring case, takes for ``char``.

    ``re`` compares a lower-cased text character with the lower-cased pattern
    character, and a few letters have more than one lower-case twin ("i" and
    dotless "ı", "s" and long "ſ"): those count as one. Two words whose first
    characters have different codes can never start at the same place.
    """
    low = _sre.unicode_tolower(ord(char))
    return min((low, *_EXTRA_CASES.get(low, ())))


def words_alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words and phrases, longest first.

    A space in a phrase matches any run of spaces; a trailing "." is made
    optional when the bare form is not listed as well, so "Mio." also reads
    "Mio" at the end of a sentence.

    For speed, the words are grouped by their first letter, each group behind a
    lookahead on it (``(?=[mM])(?:marzo|maggio)|(?=[gG])(?:giugno)``): the
    engine skips a whole group at once instead of trying its words one by one.
    The groups cannot start at the same character (in either case), and within
    a group the words keep their order, so the engine tries exactly the words
    it tried before, in the same order: what matches does not change.
    """
    ordered = sorted(set(words), key=len, reverse=True)
    escaped = {word: re.escape(word).replace(r"\ ", rf"[{SPACES}]+") for word in ordered}
    if len(ordered) < 4 or any(not word or word[0].isspace() for word in ordered):
        return "|".join(escaped[word] for word in ordered)
    groups: dict[int, list[str]] = {}
    for word in ordered:
        groups.setdefault(_case_class(word[0]), []).append(word)
    out = []
    for group in groups.values():
        firsts = sorted({re.escape(word[0]) for word in group})
        # One letter: a plain character (a class costs more to compile, for the same test).
        ahead = firsts[0] if len(firsts) == 1 else f"[{''.join(firsts)}]"
        out.append(f"(?={ahead})(?:{'|'.join(escaped[word] for word in group)})")
    return "|".join(out)


# Parts of a parsed regex (``re._parser``) that :func:`_first_chars` reads.
_CATEGORIES = {
    _sre_c.CATEGORY_DIGIT: r"\d",
    _sre_c.CATEGORY_NOT_DIGIT: r"\D",
    _sre_c.CATEGORY_SPACE: r"\s",
    _sre_c.CATEGORY_NOT_SPACE: r"\S",
    _sre_c.CATEGORY_WORD: r"\w",
    _sre_c.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT)
_REPEATS = (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, _sre_c.POSSESSIVE_REPEAT)


class _Unknown(Exception):
    """A regex part whose first characters :func:`_first_chars` does not work out."""


def _first_chars(items: Iterable[tuple[object, object]]) -> tuple[set[str], bool]:
    """The characters (as class items) that can start a match of a parsed sequence, and whether it can be empty."""
    chars: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # a lookaround or an anchor consumes nothing; ignoring it only widens the set
        if op is _sre_c.LITERAL:
            return chars | {re.escape(chr(av))}, False  # type: ignore[arg-type]
        if op is _sre_c.IN:
            for kind, value in av:  # type: ignore[union-attr]
                if kind is _sre_c.LITERAL:
                    chars.add(re.escape(chr(value)))
                elif kind is _sre_c.RANGE:
                    chars.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                elif kind is _sre_c.CATEGORY and value in _CATEGORIES:
                    chars.add(_CATEGORIES[value])
                else:
                    raise _Unknown  # a negated class and the like
            return chars, False
        if op is _sre_c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av  # type: ignore[misc]
            if add_flags:
                raise _Unknown  # "(?i:...)" inside: the lookahead would be stricter than the group
            found, empty = _first_chars(sub.data)
        elif op is _sre_c.ATOMIC_GROUP:
            found, empty = _first_chars(av.data)  # type: ignore[union-attr]
        elif op is _sre_c.BRANCH:
            found, empty = set(), False
            for alternative in av[1]:  # type: ignore[index]
                alt_found, alt_empty = _first_chars(alternative.data)
                found |= alt_found
                empty = empty or alt_empty
        elif op in _REPEATS:
            low, _high, sub = av  # type: ignore[misc]
            found, empty = _first_chars(sub.data)
            empty = empty or low == 0
        else:
            raise _Unknown  # any character, a back reference...
        chars |= found
        if not empty:
            return chars, False
    return chars, True


# ---------------------------------------------------------------------------
# Case folding for fast scans
# ---------------------------------------------------------------------------
# An ignore-case regex compares each character of the text, in lower case, with the pattern's:
# slow to fail at every position. A text folded once (:func:`fold_case`), with the same number of
# characters, can be scanned case-sensitively for lower-case words (:func:`words_trie`), which
# the engine does much faster, and finds the same words at the same places.


def _twin(low: int, extras: tuple[int, ...]) -> str:
    """The one letter that stands for a set of case twins: the first that is a letter or digit."""
    return chr(min((low, *extras), key=lambda c: (not chr(c).isalnum(), c)))


# Letters the engine, ignoring case, takes for one another ("s" and long "ſ", "i" and dotless "ı").
_CASE_TWINS = {
    chr(other): _twin(low, extras)
    for low, extras in _EXTRA_CASES.items()
    for other in (low, *extras)
    if chr(other) != _twin(low, extras)
}
_CASE_TWIN_RE = re.compile("[" + re.escape("".join(sorted(_CASE_TWINS))) + "]")
_CASE_TWIN_TABLE = str.maketrans(_CASE_TWINS)
# Twins that are not both letters or digits (a Greek combining mark and iota): folding a text
# that has one changes where its words begin and end (see :func:`fold_keeps_words`).
CASE_UNSAFE = "".join(sorted(c for c, t in _CASE_TWINS.items() if c.isalnum() != t.isalnum()))


def fold_case(text: str) -> str:
    """``text`` in lower case as the regex engine compares it when ignoring case; same length.

    Lower case as the engine has it ("İ" is "i", where str.lower gives two characters), and
    one letter for each set of twins. Folding keeps every character a letter, a digit, a space
    or neither, as it was, except the characters of :data:`CASE_UNSAFE`.
    """
    folded = text.replace("İ", "i").lower()
    return folded.translate(_CASE_TWIN_TABLE) if _CASE_TWIN_RE.search(folded) else folded


def fold_keeps_words(text: str) -> bool:
    """Whether :func:`fold_case` keeps the text's letters, digits and spaces where they are."""
    return not any(c in text for c in CASE_UNSAFE)


def words_trie(words: Iterable[str], after_first: str = "") -> str:
    """A case-sensitive regex for any of ``words`` (folded), as a tree of letters: "ma(?:i|rs)".

    What ``words_alternation`` matches, ignoring case, in a text, this matches in the folded
    text, at the same places: each word literally, a space as any run of spaces, longer words
    first. The engine tries each letter once where an alternation tries every word, and, each
    branch opening with a plain letter, it skips fast to where one can start. ``after_first``
    goes right after each word's first letter (a lookbehind on what stands before the word).
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict], after: str = "") -> str:
        branches = [
            (f"[{SPACES}]+" if ch == " " else re.escape(ch)) + after + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(tree, after_first) or r"(?!x)x"


class TailPattern:
    """A pattern that only matches at the end of a text (``\\Z``), over at most ``words`` words.

    ``re`` searches such a pattern from the start of the text, trying (and
    failing at) every word; a match can only start in the text's last ``words``
    runs of non-space characters, so :meth:`search` starts where they start.
    The match is the same (and its offsets still count from the start of the text).
    """

    __slots__ = ("_words", "pattern")

    def __init__(self, pattern: re.Pattern[str], words: int) -> None:
        self.pattern = pattern
        self._words = words

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``."""
        # The last ``words`` runs of non-space characters with the spaces around them: they start
        # where the run before them ends (str.split and the regex engine's \s agree on spaces).
        parts = text.rsplit(None, self._words)
        return self.pattern.search(text, len(parts[0]) if len(parts) > self._words else 0)


def phrase_words(phrases: Iterable[str]) -> int:
    """The most words (runs of non-space characters) in one of ``phrases``: 1 for no phrase."""
    return max((len(phrase.split()) for phrase in phrases), default=1)


def search_last_word(pattern: re.Pattern[str], left: str) -> re.Match[str] | None:
    """``pattern.search(left)`` for a pattern that reads the last word of ``left``: a run of
    non-space characters, then only spaces (:data:`SPACES`) up to the end (``\\Z``).

    Searched from the start of the text, such a pattern tries every word and
    backtracks through each before failing at the end; only the last run of
    non-space characters can hold the match, so the search starts there. The
    match is the same (and its offsets still count from the start of ``left``).
    """
    stripped = left.rstrip(SPACES)
    words = stripped.rsplit(None, 1)
    return pattern.search(left, len(stripped) - len(words[-1]) if words else 0)


def skip_ahead(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, behind a lookahead on the characters a match can start with.

    ``re`` tries a pattern at every position of the text; a pattern that opens
    with a lookbehind and a long alternation is slow to fail there. The
    lookahead fails at once where no match can start, and since every match
    starts with one of those characters (under the pattern's own flags), the
    matches are the same. A pattern whose first characters are not simple
    (one that can match the empty string, a negated class...) is compiled as it is.
    """
    if source.startswith("(?="):
        return re.compile(source, flags)
    try:
        chars, empty = _first_chars(_sre_parser.parse(source, flags).data)
    except _Unknown:
        return re.compile(source, flags)
    if empty or not chars:
        return re.compile(source, flags)
    try:
        return re.compile(f"(?=[{''.join(sorted(chars))}])" + source, flags)
    except re.error:  # "(?i)" and other global flags must stay at the very start
        return re.compile(source, flags)


@cache
def scale_re(lang: str | None) -> re.Pattern[str]:
    """At a number's end: optional space, then a scale word of the language (group "scale")."""
    alt = words_alternation(scale_words(lang))
    # A word that ends in "." may not be followed by a letter; others must end at a word boundary.
    return re.compile(rf"[{SPACES}]*(?P<scale>(?:{alt}))(?<=\.|\w)(?!(?<=\w)\w)", re.IGNORECASE)


# ---------------------------------------------------------------------------
# Number words
# ---------------------------------------------------------------------------

# Small cardinal numbers as words, with the case forms running text uses
# ("два года", "двух лет", "zwei Jahren"). Compound numerals are not read.
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {
        "a": 1,
        "an": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "fifteen": 15,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "a hundred": 100,
        "one hundred": 100,
    },
    "it": {
        "un": 1,
        "uno": 1,
        "una": 1,
        "due": 2,
        "tre": 3,
        "quattro": 4,
        "cinque": 5,
        "sei": 6,
        "sette": 7,
        "otto": 8,
        "nove": 9,
        "dieci": 10,
        "undici": 11,
        "dodici": 12,
        "quindici": 15,
        "venti": 20,
        "trenta": 30,
        "quaranta": 40,
        "cinquanta": 50,
        "sessanta": 60,
        "settanta": 70,
        "ottanta": 80,
        "novanta": 90,
        "cento": 100,
    },
    "ru": {
        "один": 1,
        "одна": 1,
        "одного": 1,
        "два": 2,
        "две": 2,
        "двух": 2,
        "три": 3,
        "трёх": 3,
        "трех": 3,
        "четыре": 4,
        "четырёх": 4,
        "четырех": 4,
        "пять": 5,
        "пяти": 5,
        "шесть": 6,
        "шести": 6,
        "семь": 7,
        "семи": 7,
        "восемь": 8,
        "восьми": 8,
        "девять": 9,
        "девяти": 9,
        "десять": 10,
        "десяти": 10,
        "двадцать": 20,
        "тридцать": 30,
        "сорок": 40,
        "пятьдесят": 50,
        "шестьдесят": 60,
        "семьдесят": 70,
        "восемьдесят": 80,
        "девяносто": 90,
        "сто": 100,
    },
    "uk": {
        "один": 1,
        "одна": 1,
        "два": 2,
        "дві": 2,
        "двох": 2,
        "три": 3,
        "трьох": 3,
        "чотири": 4,
        "чотирьох": 4,
        "п'ять": 5,
        "пʼять": 5,
        "п’ять": 5,
        "шість": 6,
        "сім": 7,
        "вісім": 8,
        "дев'ять": 9,
        "десять": 10,
        "двадцять": 20,
        "тридцять": 30,
        "сорок": 40,
        "п'ятдесят": 50,
        "шістдесят": 60,
        "сто": 100,
    },
    "fr": {
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "quinze": 15,
        "vingt": 20,
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "soixante": 60,
        "cent": 100,
    },
    "de": {
        "ein": 1,
        "eine": 1,
        "einem": 1,
        "einer": 1,
        "einen": 1,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "elf": 11,
        "zwölf": 12,
        "fünfzehn": 15,
        "zwanzig": 20,
        "dreißig": 30,
        "vierzig": 40,
        "fünfzig": 50,
        "sechzig": 60,
        "siebzig": 70,
        "achtzig": 80,
        "neunzig": 90,
        "hundert": 100,
    },
    "pt": {
        "um": 1,
        "uma": 1,
        "dois": 2,
        "duas": 2,
        "três": 3,
        "tres": 3,
        "quatro": 4,
        "cinco": 5,
        "seis": 6,
        "sete": 7,
        "oito": 8,
        "nove": 9,
        "dez": 10,
        "onze": 11,
        "doze": 12,
        "quinze": 15,
        "vinte": 20,
        "trinta": 30,
        "quarenta": 40,
        "cinquenta": 50,
        "sessenta": 60,
        "setenta": 70,
        "oitenta": 80,
        "noventa": 90,
        "cem": 100,
    },
    "es": {
        "un": 1,
        "uno": 1,
        "una": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
        "quince": 15,
        "veinte": 20,
        "treinta": 30,
        "cuarenta": 40,
        "cincuenta": 50,
        "sesenta": 60,
        "setenta": 70,
        "ochenta": 80,
        "noventa": 90,
        "cien": 100,
    },
    "nl": {
        "een": 1,
        "één": 1,
        "twee": 2,
        "drie": 3,
        "vier": 4,
        "vijf": 5,
        "zes": 6,
        "zeven": 7,
        "acht": 8,
        "negen": 9,
        "tien": 10,
        "twintig": 20,
        "dertig": 30,
        "veertig": 40,
        "vijftig": 50,
        "zestig": 60,
        "honderd": 100,
    },
    "pl": {
        "jeden": 1,
        "jedna": 1,
        "dwa": 2,
        "dwie": 2,
        "dwóch": 2,
        "trzy": 3,
        "trzech": 3,
        "cztery": 4,
        "czterech": 4,
        "pięć": 5,
        "sześć": 6,
        "siedem": 7,
        "osiem": 8,
        "dziewięć": 9,
        "dziesięć": 10,
        "dwadzieścia": 20,
        "trzydzieści": 30,
        "czterdzieści": 40,
        "pięćdziesiąt": 50,
        "sześćdziesiąt": 60,
        "sto": 100,
    },
    "tr": {
        "bir": 1,
        "iki": 2,
        "üç": 3,
        "dört": 4,
        "beş": 5,
        "altı": 6,
        "yedi": 7,
        "sekiz": 8,
        "dokuz": 9,
        "on": 10,
        "yirmi": 20,
        "otuz": 30,
        "kırk": 40,
        "elli": 50,
        "altmış": 60,
        "yüz": 100,
    },
}


def number_words(lang: str | None) -> dict[str, int]:
    """Number words of a language (empty for a language this module does not know)."""
    return NUMBER_WORDS.get(base_lang(lang) or "", {})


# ---------------------------------------------------------------------------
# Currency signs and codes (the words are per language, in plugins.quantities)
# ---------------------------------------------------------------------------

# ISO 4217 codes read as a currency when written in capitals as a whole word ("USD 5", "5 EUR").
CURRENCY_CODES = word_set(
    "USD EUR GBP JPY CNY RUB BRL CHF INR TRY UAH PLN CAD AUD NZD HKD SGD MXN ARS CLP COP PEN SEK NOK "
    "DKK CZK HUF RON BGN KRW ZAR ILS AED SAR EGP NGN KES"
)
CODE_ALIASES = {"RMB": "CNY", "TL": "TRY", "RUR": "RUB"}

# Currency signs; letters before "$" name the dollar ("US$", "R$", "C$").
CURRENCY_SYMBOLS = {
    "US$": "USD",
    "U$S": "USD",
    "U$": "USD",
    "R$": "BRL",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "MX$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "₹": "INR",
    "₺": "TRY",
    "₴": "UAH",
    "₩": "KRW",
    "₪": "ILS",
    "zł": "PLN",
    "Kč": "CZK",
}


# ---------------------------------------------------------------------------
# Numbers that are not quantities
# ---------------------------------------------------------------------------

# A phone number: an international prefix, or three or more digit groups of
# irregular length joined by spaces, hyphens or slashes ("06 1234 5678",
# "555-0134-22"). Regular thousands groups ("12 500 000") are not phones.
_PHONE_RE = re.compile(
    rf"(?=[\d+(])(?<![\w+])(?:\+\d{{1,3}}[{SPACES}.-]?(?:\(\d{{1,4}}\)[{SPACES}.-]?)?\d{{1,4}}(?:[{SPACES}./-]\d{{1,5}}){{1,4}}"
    rf"|\(\d{{2,5}}\)[{SPACES}-]?\d{{2,5}}(?:[{SPACES}-]\d{{2,5}}){{0,3}}"
    rf"|\d{{2,5}}(?:[{SPACES}/-]\d{{2,5}}){{2,5}})(?![\w])"
)
_REGULAR_GROUPS_RE = re.compile(rf"\d{{1,3}}(?:[{SPACES}]\d{{3}})+")
# Numeric dates have the same shape as short phone numbers: "2019-03-14", "14/03/2019", "14-03-2019".
_DATE_SHAPE_RE = re.compile(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[-/]\d{1,2}[-/]\d{4}")


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` that are phone numbers (or similar digit codes), as (start, end)."""
    return list(_phone_spans(text))


@lru_cache(maxsize=4)
def _phone_spans(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`phone_spans`, kept for the few texts last asked: the date and the quantity
    extractors both ask for the same article's."""
    spans = []
    for m in _PHONE_RE.finditer(text):
        s = m.group(0)
        if not s.startswith(("+", "(")) and (
            _REGULAR_GROUPS_RE.fullmatch(s)  # "12 500 000": thousands, not a phone
            or _DATE_SHAPE_RE.fullmatch(s)  # left to the date grammar
            or sum(c.isdigit() for c in s) < 7  # a range or a score ("10-15-20")
        ):
            continue
        spans.append((m.start(), m.end()))
    return tuple(spans)


def glued_to_word(text: str, start: int, end: int) -> bool:
    """True when digits at ``text[start:end]`` are part of a word or a name.

    Glued to a letter ("G7", "A4", "5G") or joined by a hyphen to a word on
    either side ("X-7", "Y-12", "7-Eleven"); a hyphen between two numbers
    ("10-15") is a range and does not count.
    """
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isalpha() or before == "_":
        return True
    if before in "-‐‑" and start >= 2 and (text[start - 2].isalpha() or text[start - 2] in "-_"):
        return True
    return after in "-‐‑" and end + 1 < len(text) and text[end + 1].isalpha()


# ---------------------------------------------------------------------------
# Words around numbers
# ---------------------------------------------------------------------------

# Function words (articles, prepositions, conjunctions, auxiliaries): a word of
# this kind right after a number is not the noun it counts ("14 of the boats",
# "2019 was", "2019 war"). Lower case.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the a an and or nor but of to in on at for with by from as is are was were be been being "
        "will would shall should can could may might must has have had do does did that this these those "
        "it its which who whom than then so if not no also after before about over under into per via up "
        "down out more less most least some all each every both only just very when while where saw marked "
        "brought became remains remained through until since during between against among",
        "it": "il lo la i gli le l un una uno e ed o od di a da in con su per tra fra che è sono era erano "
        "sarà saranno ha hanno aveva avevano del dello della dei degli delle al allo alla ai agli alle "
        "nel nello nella nei negli nelle sul sullo sulla sui sugli sulle dal dallo dalla dai dagli dalle "
        "come anche più meno non si ci ne ma se quando dopo prima fino verso contro fu sia stato stata",
        "ru": "и в во на с со к ко по о об обо от до за из у для не что как это был была были было будет "
        "будут уже также а но или ли же бы то его ее её их который которая которые которых при над под "
        "перед после через между стал стала стали является",
        "uk": "і й та в у на з зі із до від по за для не що як це був була були було буде будуть вже також "
        "а але або чи же б то його її їх який яка які при над під перед після через між став стала",
        "fr": "le la les l un une des du de d et ou à au aux en dans sur pour par avec que qui qu est sont "
        "était étaient ont a avait sera seront ne n pas plus moins ce cette ces se s sa son ses il elle ils "
        "elles on y été fut entre contre vers depuis jusqu après avant sans sous chez",
        "de": "der die das den dem des ein eine einer einem einen eines und oder aber in im an am auf aus bei "
        "beim mit nach von vom zu zum zur für über unter vor seit bis ist sind war waren wird werden wurde "
        "wurden hat haben hatte hatten als wie auch nicht noch mehr weniger es sie er sich so dass gegen "
        "durch ohne um ins ans",
        "pt": "o a os as um uma uns umas e ou de do da dos das em no na nos nas num numa por pelo pela pelos "
        "pelas para com que é são foi foram era eram será serão tem têm teve ao à aos às se não mais menos "
        "como também entre contra sobre até desde após sem antes depois",
        "es": "el la los las un una unos unas y e o u de del en con por para que es son fue fueron era eran "
        "será serán ha han había al a se no más menos como también lo entre contra sobre hasta desde tras "
        "sin antes después",
        "nl": "de het een en of in op aan van voor met door bij uit is zijn was waren wordt worden werd "
        "werden heeft hebben had dat die dan als ook niet meer minder te tot naar om over onder tegen",
        "pl": "i w we na z ze do od po o za dla nie że jak to był była były było będzie będą już także a ale "
        "lub oraz czy przez przy nad pod przed po między został została zostały",
        "tr": "ve ile bir bu şu o da de ki için gibi daha en çok az olarak oldu olan ise veya fazla kadar "
        "civarında",
    }.items()
}

# Words that make the number after them a label, not a quantity: "No. 5",
# "article 12", "page 3", "flight 404", "§ 7". Lower case, without the final dot.
LABEL_WORDS = word_set(
    """
    no nr n nº n° № # art article articolo artikel artículo artigo статья статьи статье ст page p pp
    pagina pag seite s страница стр página chapter capitolo kapitel глава chapitre capítulo rozdział
    section sezione abschnitt paragraph paragrafo absatz пункт п § version versione версия v line linea
    linie ligne línea линия route strada room stanza zimmer chambre sala level livello stufe niveau
    nivel уровень round turno runde раунд episode episodio folge épisode episódio серия season stagione
    staffel saison temporada сезон annex allegato anlage annexe anexo приложение law legge gesetz loi ley
    lei закон decree decreto dekret décret указ flight volo flug vol voo vuelo рейс platform binario gleis
    quai andén track pista hall halle salle stand gate code codice kod код tel telefono telefon téléphone
    telefone teléfono телефон fax tél nummer numero número номер ustawa wet artykuł madde sayfa saat godz
    """
)
