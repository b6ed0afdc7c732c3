"""Names across scripts and spelling systems: transliteration and phonetic keys.

The same person is "Олександр Ткаченко" in Ukrainian, "Александр Ткаченко" in
Russian, "Oleksandr Tkachenko" in English, "Ołeksandr Tkaczenko" in Polish and
"Oleksandr Tkatschenko" in German.  Three functions bring such spellings
together, each a pure function of a word and the language it was written in:

* :func:`to_latin` transliterates Cyrillic and Greek to plain Latin letters
  (ASCII, lower case), and folds Latin diacritics ("Łódź" -> "lodz").  It is
  what ids, keys and displayed fallbacks are made of.
* :func:`phonemes` rewrites a word into a rough phoneme string that does not
  depend on the orthography it was spelt in: Polish "cz", German "tsch",
  English "ch" and Cyrillic "ч" all become one symbol.  Fuzzy comparison of
  names happens on these strings.
* :func:`skeleton` keeps only the consonant classes of the phoneme string
  (vowels are where transliterations and case endings disagree most:
  "Ткаченка"/"Tkachenko"), for blocking candidate pairs cheaply.

Nothing here knows a name: only alphabets and spelling conventions.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# ---------------------------------------------------------------------------
# Cyrillic and Greek to Latin (for keys, slugs and display fallbacks)
# ---------------------------------------------------------------------------

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # letters of the other Cyrillic alphabets, for texts in bg, sr, mk, be
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j", "љ": "lj",
    "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}  # fmt: skip
# Ukrainian spells "г" as h and "и" as y (the national standard the press uses).
_UK = {**_RU, "г": "h", "и": "y", "е": "e", "щ": "shch", "ь": "", "'": "", "ʼ": "", "’": ""}
_BG = {**_RU, "щ": "sht", "ъ": "a"}
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
_GREEK_PAIRS = {"ου": "ou", "αι": "e", "ει": "i", "οι": "i", "μπ": "b", "ντ": "d", "γκ": "g", "γγ": "ng"}
# Latin letters that NFKD does not decompose into a base letter and a mark.
_LATIN_EXTRA = {
    "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "þ": "th", "ð": "d",
    "ħ": "h", "ŀ": "l", "ĸ": "k", "ŉ": "n", "ſ": "s",
}  # fmt: skip
_CYRILLIC_TABLES = {"uk": _UK, "bg": _BG}


@lru_cache(maxsize=65536)
def script_of(word: str) -> str:
    """ "latin", "cyrillic", "greek" or "other": the script of the first letter of ``word``.

    Kept for the words last asked: the entity extractor asks again and again for the same ones.
    """
    for ch in word:
        if ch.isalpha():
            if "\u0400" <= ch <= "\u052f":
                return "cyrillic"
            if "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff":
                return "greek"
            return "latin" if ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" else "other"
    return "other"


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def to_latin(word: str, lang: str | None = None) -> str:
    """``word`` in lower-case ASCII Latin letters: transliterated, diacritics folded.

    ``lang`` picks the transliteration of a Cyrillic text (Ukrainian "г" is h,
    Russian g). Characters that are not letters or digits are kept as they are.
    """
    text = word.casefold()
    script = script_of(text)
    if script == "cyrillic":
        table = _CYRILLIC_TABLES.get(lang or "", _RU)
        text = "".join(table.get(ch, ch) for ch in text)
    elif script == "greek":
        text = _strip_marks(text)
        for pair, latin in _GREEK_PAIRS.items():
            text = text.replace(pair, latin)
        text = "".join(_GREEK.get(ch, ch) for ch in text)
    text = "".join(_LATIN_EXTRA.get(ch, ch) for ch in text)
    return _strip_marks(text)


# ---------------------------------------------------------------------------
# Phonemes: one symbol per sound, whatever the orthography
# ---------------------------------------------------------------------------

# Phoneme symbols (IPA letters that NFKD leaves alone): ʦ ts, ʧ ch as in "church",
# ʃ sh, ʒ zh, χ kh, ʤ j as in "John"; y is the glide. Plain letters pass through.
_CYRILLIC_PHONEMES = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "ʒ", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "χ", "ц": "ʦ", "ч": "ʧ", "ш": "ʃ", "щ": "ʃʧ",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya", "є": "ye", "і": "i", "ї": "yi",
    "ґ": "g", "ў": "u", "ђ": "ʤ", "ј": "y", "љ": "l", "њ": "n", "ћ": "ʧ", "џ": "ʤ",
    "'": "", "ʼ": "", "’": "",
}  # fmt: skip
_UK_PHONEMES = {**_CYRILLIC_PHONEMES, "г": "h", "и": "i"}
_CYRILLIC_PAIRS = (("дж", "ʤ"), ("дз", "ʤ"))

# Spelling conventions of Latin-script languages, applied in order to lower-case
# text with its diacritics still on (Polish "cz" is not "ć" is not "c").
_LATIN_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("shch", "ʃʧ"), ("tch", "ʧ"), ("sh", "ʃ"), ("zh", "ʒ"), ("kh", "χ"), ("ch", "ʧ"),
           ("ts", "ʦ"), ("tz", "ʦ"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("x", "ks"), ("j", "ʤ")),
    "de": (("tsch", "ʧ"), ("sch", "ʃ"), ("ch", "χ"), ("ck", "k"), ("tz", "ʦ"), ("z", "ʦ"), ("ph", "f"),
           ("th", "t"), ("x", "ks"), ("j", "y"), ("w", "v"), ("ß", "s")),
    "nl": (("tsj", "ʧ"), ("sj", "ʃ"), ("ch", "χ"), ("oe", "u"), ("ij", "ei"), ("j", "y"), ("w", "v"),
           ("x", "ks")),
    "pl": (("szcz", "ʃʧ"), ("cz", "ʧ"), ("sz", "ʃ"), ("rz", "ʒ"), ("ch", "χ"), ("dż", "ʤ"), ("ż", "ʒ"),
           ("ź", "ʒ"), ("ś", "ʃ"), ("ć", "ʧ"), ("c", "ʦ"), ("ł", "l"), ("w", "v"), ("j", "y"),
           ("y", "i")),
    "cs": (("ch", "χ"), ("č", "ʧ"), ("š", "ʃ"), ("ž", "ʒ"), ("c", "ʦ"), ("j", "y"), ("w", "v")),
    "fr": (("tch", "ʧ"), ("ch", "ʃ"), ("kh", "χ"), ("ou", "u"), ("ph", "f"), ("th", "t"), ("dj", "ʤ"),
           ("j", "ʒ"), ("qu", "k"), ("x", "ks")),
    "it": (("cch", "k"), ("ch", "k"), ("gh", "g"), ("sci", "ʃ"), ("sce", "ʃe"), ("ci", "ʧ"),
           ("ce", "ʧe"), ("gi", "ʤ"), ("ge", "ʤe"), ("zz", "ʦ"), ("z", "ʦ"), ("j", "y"), ("x", "ks")),
    "es": (("ch", "ʧ"), ("ll", "y"), ("ñ", "ny"), ("j", "χ"), ("qu", "k"), ("x", "ks")),
    "pt": (("ch", "ʃ"), ("lh", "ly"), ("nh", "ny"), ("j", "ʒ"), ("qu", "k"), ("x", "ʃ"), ("ç", "s")),
    "tr": (("ş", "ʃ"), ("ç", "ʧ"), ("c", "ʤ"), ("ğ", "g"), ("ı", "i"), ("j", "ʒ")),
}  # fmt: skip
# Latin words in a Cyrillic or Greek text are mostly English spellings.
for _lang in ("ru", "uk", "bg", "el"):
    _LATIN_RULES[_lang] = _LATIN_RULES["en"]
_VOWELS = frozenset("aeiouyàáâãäåèéêëìíîïòóôõöùúûüýÿąęėįųůőűœæø")
_SOFT_C_LANGS = frozenset(("en", "fr", "es", "pt", "ru", "uk", "bg", "el", ""))


@lru_cache(maxsize=65536)
def phonemes(word: str, lang: str | None = None) -> str:
    """A rough phoneme string for one word, the same for its spellings in different orthographies.

    ``lang`` is the language of the text the word was written in: it decides
    what "ch", "j" or "z" sound like.
    """
    text = word.casefold()
    script = script_of(text)
    if script == "cyrillic":
        for pair, symbol in _CYRILLIC_PAIRS:
            text = text.replace(pair, symbol)
        table = _UK_PHONEMES if lang == "uk" else _CYRILLIC_PHONEMES
        return "".join(table.get(ch, ch) for ch in text)
    if script == "greek":
        return to_latin(text)
    for spelling, symbol in _LATIN_RULES.get(lang or "", _LATIN_RULES["en"]):
        if spelling in text:
            text = text.replace(spelling, symbol)
    # A Latin "c" left over: soft before e/i/y in English and the Romance languages, hard elsewhere.
    # An "h" after a vowel is silent or a lengthening mark ("John", "Kohl", "Sarah").
    soft_c = (lang or "") in _SOFT_C_LANGS
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == "c":
            ch = "s" if soft_c and i + 1 < len(text) and text[i + 1] in "eiy" else "k"
        elif ch == "h" and out and out[-1] in _VOWELS:
            continue
        out.append(_LATIN_EXTRA.get(ch, ch))
    return _strip_marks("".join(out))


# Consonant classes: sounds that transliterations of one name swap for each other
# (Ukrainian h for Russian g, Polish w for English v, German z for s).
_CLASSES = {
    "b": "b", "p": "p", "d": "d", "t": "t", "l": "l", "m": "m", "n": "n", "r": "r",
    "v": "v", "w": "v", "f": "v",
    "s": "s", "z": "s", "ʃ": "s", "ʒ": "s",
    "ʦ": "c", "ʧ": "c",
    "k": "k", "q": "k", "c": "k",
    "g": "g", "h": "g", "χ": "g",
    "ʤ": "j",
}  # fmt: skip


@lru_cache(maxsize=65536)
def skeleton(phoneme_string: str) -> str:
    """The consonant classes of a phoneme string, repeats collapsed: "suʦkever" -> "sckvr"."""
    out: list[str] = []
    for ch in phoneme_string:
        cls = _CLASSES.get(ch) or (ch if ch.isdigit() else None)
        if cls is not None and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


def slug(text: str, lang: str | None = None) -> str:
    """A URL- and file-safe slug of a name in any script: "Олег Ткаченко" -> "oleg-tkachenko"."""
    latin = to_latin(text, lang)
    parts = []
    word = []
    for ch in latin:
        if ch.isascii() and ch.isalnum():
            word.append(ch)
        elif word:
            parts.append("".join(word))
            word = []
    if word:
        parts.append("".join(word))
    return "-".join(parts)[:80].strip("-")
