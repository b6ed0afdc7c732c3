"""Bytes to text for input files: byte-order marks, UTF-8, then detected legacy encodings.

Article files come from many outlets and many years, so some are not UTF-8.
The rules, in order:

1. A byte-order mark (UTF-8, UTF-16, UTF-32) says the encoding; the mark is
   dropped.
2. Bytes that are valid UTF-8 are UTF-8 (legacy text is almost never valid
   UTF-8 by accident).
3. A charset the file itself declares (an HTML ``<meta charset>``), if the
   bytes decode with it.
4. Otherwise charset-normalizer detects the encoding among the encodings
   news text is actually published in. When it cannot tell (nothing fits, the
   result does not read as any language, or several encodings fit equally
   well but give different text), the file is refused with a message that
   says so, rather than decoded into plausible-looking mojibake: a wrong
   letter in a name or a number is worse than a skipped file.

Newlines become ``"\\n"``; nothing else in the text changes.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from generator.errors import InputError

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# The encodings detection chooses from: the legacy code pages that news text
# is published in. Rare DOS and Mac code pages are left out on purpose: with
# them in the race, charset-normalizer picks cp775 for French or cp1125 for
# Russian on short texts, because they decode the same bytes into letters
# that look just as plausible. Vietnamese cp1258 is out for the same reason:
# it wins over cp1252 on Italian, turning "ì" into a combining accent.
LEGACY_ENCODINGS: tuple[str, ...] = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "iso8859_5",
    "cp866",
    "cp1253",
    "iso8859_7",
    "cp1254",
    "iso8859_9",
    "cp1255",
    "iso8859_8",
    "cp1256",
    "iso8859_6",
    "cp1257",
    "iso8859_13",
    "cp874",
    "cp932",
    "shift_jis",
    "euc_jp",
    "iso2022_jp",
    "gb18030",
    "big5",
    "cp949",
    "euc_kr",
)

# Multi-byte East Asian encodings: charset-normalizer gives them no language
# coherence score, so for them a unique, clean fit is the evidence.
_CJK_ENCODINGS = frozenset(
    {"cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "gb2312", "gbk", "big5", "cp949", "euc_kr"}
)

# A detected encoding is trusted only when its decoding reads cleanly ...
_MAX_CHAOS = 0.1
# ... and no other encoding fits within these margins while giving other text.
_TIE_CHAOS = 0.01
_TIE_COHERENCE = 0.01

# The non-ASCII letters of Latin-script languages (lowercase), to tell a right
# decoding of Latin-script text from a wrong one that fits just as well.
_ALPHABETS: tuple[frozenset[str], ...] = tuple(
    frozenset(letters)
    for letters in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "àèéìíîòóùú",  # Italian
        "áéíóúüñ",  # Spanish, Galician, Basque
        "áâãàçéêíóôõúü",  # Portuguese
        "àçéèíïòóúü",  # Catalan
        "äöüß",  # German
        "áéíóúàèëïöüĳ",  # Dutch
        "æøåéèêóòôü",  # Danish, Norwegian
        "åäöéü",  # Swedish
        "äöåšž",  # Finnish
        "áðéíóúýþæö",  # Icelandic
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "čćđšž",  # Slovene, Croatian, Bosnian, Serbian (Latin)
        "áéíóöőúüű",  # Hungarian
        "ăâîșțşţ",  # Romanian
        "çğıöşüâîû",  # Turkish
        "äõöüšž",  # Estonian
        "āčēģīķļņšūž",  # Latvian
        "ąčęėįšųūž",  # Lithuanian
        "çë",  # Albanian
        "ċġħżàèìòù",  # Maltese
        "áéíóú",  # Irish
        "âêîôûŵŷáéíóúàèìòùäëïöü",  # Welsh
        "êëéèîïôöûü",  # Afrikaans
        "çəğıöşü",  # Azerbaijani
    )
)
# Non-letters that do stand inside words: apostrophes, hyphens, the Catalan middle dot.
_IN_WORD_MARKS = frozenset("\u2019\u2018\u02bc\u00b7\u2010\u2011\u00ad")
# Share of accented letters one alphabet must account for.
_ALPHABET_SHARE = 0.95

# Above this share of control characters a "text" is really binary data.
_MAX_CONTROL_SHARE = 0.05
# Unicode's control characters (category Cc) less tab, newlines, form feed, vertical tab.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# HTML's own charset declaration, looked for in the first bytes only, as browsers do.
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096

# WHATWG: browsers read these labels as windows-1252, and so do authors' files.
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}


# What a document may declare: real text encodings of the web. Not UTF-7 (it
# hides "<script>" as "+ADw-script+AD4-"), not Python's own codecs
# ("unicode_escape"), not UTF-16 (a declaration readable as ASCII is not UTF-16).
_DECLARABLE = frozenset(
    codecs.lookup(name).name
    for name in (
        *LEGACY_ENCODINGS,
        "utf-8",
        "cp1258",
        "iso8859_3",
        "iso8859_4",
        "iso8859_10",
        "iso8859_14",
        "iso8859_16",
        "mac_roman",
        "mac_cyrillic",
        "gbk",
        "gb2312",
        "big5hkscs",
        "euc_jis_2004",
        "tis_620",
    )
)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes, or None."""
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, rel: str, *, declared: str | None = None) -> str:
    """Turn a file's bytes into text, or raise :class:`InputError` naming ``rel`` and the problem.

    ``declared`` is a charset the document itself names (see
    :func:`declared_charset`); it is used when the bytes are not UTF-8 and
    decode cleanly with it.
    """
    if not data.strip():
        raise InputError(f"{rel}: empty file")
    text = _decode_bom(data, rel)
    if text is None:
        if b"\x00" in data:
            raise InputError(
                f"{rel}: binary file (it contains NUL bytes); if it is UTF-16 or UTF-32 text, "
                "save it as UTF-8 or with a byte-order mark"
            )
        text = _decode_utf8(data)
    if text is None and declared:
        text = _decode_declared(data, declared)
    if text is None:
        text = _detect(data, f"{rel}: not UTF-8 ({_first_invalid_utf8(data)})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{rel}: empty file")
    _refuse_binary(text, rel)
    return text


def _decode_bom(data: bytes, rel: str) -> str | None:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{rel}: starts with a {name} byte-order mark but is not valid {name} "
                    f"({exc.reason} at byte {exc.start})"
                ) from None
            # The utf-16/utf-32 codecs drop the mark themselves; utf-8-sig too.
            return text
    return None


def _decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_declared(data: bytes, label: str) -> str | None:
    label = label.strip().lower()
    for name in dict.fromkeys((_LABEL_ALIASES.get(label, label), label)):
        try:
            if codecs.lookup(name).name not in _DECLARABLE:
                continue
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    # A wrong declaration is common on the web: fall through to detection.
    return None


def _first_invalid_utf8(data: bytes) -> str:
    """Where a file stops being UTF-8, as a person finds it in an editor: line, column, byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return f"byte 0x{data[exc.start]:02X} on line {line}, column {column} is not valid UTF-8"
    return "valid UTF-8"


def _detect(data: bytes, not_utf8: str) -> str:
    """Detect a legacy encoding; ``not_utf8`` opens every message ("<file>: not UTF-8 (where)")."""
    results = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS))
    best = results.best()
    if best is None:
        raise InputError(f"{not_utf8}, and no known text encoding fits it (is it a binary file?)")
    if best.chaos > _MAX_CHAOS:
        raise InputError(
            f"{not_utf8}, and the encoding could not be detected confidently "
            f"(the best fit, {best.encoding}, gives garbled text); save the file as UTF-8"
        )
    text = str(best)
    # Encodings that fit as well as the best one but give a different text.
    tied = {text: best.encoding}
    for match in results:
        if (
            abs(match.chaos - best.chaos) <= _TIE_CHAOS
            and match.coherence >= best.coherence - _TIE_COHERENCE
            and str(match) not in tied
        ):
            tied[str(match)] = match.encoding
    if len(tied) > 1:
        # charset-normalizer cannot separate, say, cp1252 from cp1250 on
        # Portuguese: both give letters. Only one of them gives the letters of
        # one language (ã, õ, ç), the other a mix no language writes (ă, ő, ç).
        readable = [candidate for candidate in tied if _reads_as_one_alphabet(candidate) is True]
        if len(readable) != 1:
            raise InputError(
                f"{not_utf8}, and the encoding could not be detected confidently "
                f"({', '.join(sorted(tied.values()))} fit equally well but give different text); "
                "save the file as UTF-8"
            )
        text = readable[0]
        best = next(match for match in results if match.encoding == tied[text])
    elif _reads_as_one_alphabet(text) is False:
        # A lone fit can be wrong too (cp1258 read Italian that way before it
        # was left out): letters no language writes together give it away.
        raise InputError(
            f"{not_utf8}, and the encoding could not be detected confidently "
            f"({best.encoding} decodes it into a mix of letters no one language uses); "
            "save the file as UTF-8"
        )
    if best.coherence <= 0 and best.encoding not in _CJK_ENCODINGS:
        raise InputError(
            f"{not_utf8}, and the encoding could not be detected confidently "
            f"({best.encoding} decodes it, but the result does not read as any language; "
            "the text may be too short to tell); save the file as UTF-8"
        )
    return text


def _reads_as_one_alphabet(text: str) -> bool | None:
    """Whether the accented Latin letters of ``text`` are (nearly all) those of one language.

    None when there is nothing to judge: no accented Latin letters.

    A wrong single-byte decoding of Latin-script text turns accented letters
    into letters of other languages, into symbols inside words ("przyj¹³" is
    Polish read as cp1257) or into combining marks; a right one keeps them
    within one alphabet. A few foreign letters (names) are allowed.
    """
    counts: dict[str, int] = {}
    strays = 0
    for index, char in enumerate(text):
        if ord(char) < 0x80:
            continue
        if char.isalpha():
            if _is_latin(char):
                lower = char.lower()
                counts[lower] = counts.get(lower, 0) + 1
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if unicodedata.category(char).startswith("M"):
            # Precomposed Latin text has no combining marks (Thai or Arabic ones are fine).
            strays += _is_latin(before)
        elif char not in _IN_WORD_MARKS and unicodedata.category(char) != "Cf":
            strays += _is_latin(before) and _is_latin(after)
    total = sum(counts.values()) + strays
    if not total:
        return None
    covered = max(sum(n for letter, n in counts.items() if letter in alphabet) for alphabet in _ALPHABETS)
    return covered >= _ALPHABET_SHARE * total


def _is_latin(char: str) -> bool:
    return char.isalpha() and (char.isascii() or unicodedata.name(char, "").startswith("LATIN"))


def _refuse_binary(text: str, rel: str) -> None:
    controls = len(_CONTROLS.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(f"{rel}: binary file ({controls} control characters in {len(text)}), not text")
