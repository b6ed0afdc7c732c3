"""The regex helpers of plugins.numbers: faster forms that must match exactly what the plain forms match."""

from __future__ import annotations

import re

import pytest

from plugins.numbers import (
    NUMBER_RE,
    SPACES,
    TailPattern,
    fold_case,
    fold_keeps_words,
    phrase_words,
    search_last_word,
    skip_ahead,
    words_alternation,
    words_trie,
)

# Texts in several languages and scripts, with the letters whose case rules are special
# (dotless and dotted i, long s, the Kelvin sign) and phrases split by odd spaces.
TEXTS = [
    "On 3 March the Harbour Board met again; in March 2031 it will meet in Marlow.",
    "Il 14 marzo, a Marzabotto, il MARZO più freddo: mar. 2019, Mar 2020.",
    "В марте 2024 года совет Зелёной гавани собрался; МАРТ, март, Марта.",
    "Üç gün önce İzmir'de ılık bir ISLAK gün: ıssız İstanbul, istasyon.",
    "The ſtation and the \u212aelvin scale, KELVIN, kelvin, Station, STATION.",
    "Mañana, el 5 de\u00a0mayo, la junta de Vila Nova; MAYO y mayo.",
    "W zeszłym\u2009roku Rada Portu w Gdyni: zeszłym  roku, ZESZŁYM ROKU.",
    "先月、港の委員会が会合を開いた。 2025年3月。 mars 2025, Mars, MARS.",
]
WORD_LISTS = [
    ["march", "mar", "marzo", "mars", "may", "mayo", "mai", "maggio", "marlow"],
    ["март", "марта", "марте", "мар", "май", "мая", "июнь"],
    ["istanbul", "ılık", "ıssız", "izmir", "ıslak", "islak", "gün"],
    ["station", "ſtation", "kelvin", "\u212aelvin", "scale", "s"],
    ["zeszłym roku", "w zeszłym roku", "roku", "rada", "de mayo", "el"],
    ["mars", "Mars", "MARS", "m", "ma", "mar"],
]


def _plain(words: list[str]) -> str:
    """The alternation as it was before grouping: every word, longest first."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", rf"[{SPACES}]+") for w in ordered)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("words", WORD_LISTS)
@pytest.mark.parametrize("flags", [re.IGNORECASE, 0])
def test_grouped_alternation_matches_like_the_plain_one(words: list[str], flags: int) -> None:
    grouped = words_alternation(words)
    for wrap in (r"(?<!\w)(?P<w>{})(?!\w)", r"(?P<w>{})", r"(?P<w>{})\w*"):
        new = re.compile(wrap.format(grouped), flags)
        old = re.compile(wrap.format(_plain(words)), flags)
        for text in TEXTS:
            assert _spans(new, text) == _spans(old, text), (words, wrap, text)


def test_grouped_alternation_keeps_case_twins_in_one_group() -> None:
    # "ı" and "i" match the same letters when case is ignored: one group, so the longer word
    # still comes before the shorter one (split apart, the "ı" group would be tried first).
    alternation = words_alternation(["ızzzzzz", "ilk", "ı", "x1"])
    assert re.compile(rf"(?:{alternation})", re.IGNORECASE).match("ılk").group() == "ılk"
    assert re.compile(rf"(?:{alternation})").match("ılk").group() == "ı"  # case kept: "i" is not "ı"
    assert "(?=" not in words_alternation(["a", "b"])  # short lists stay plain


def test_grouped_alternation_really_groups() -> None:
    alternation = words_alternation(["march", "mars", "april", "august", "june"])
    assert alternation.count("(?=") == 3  # m, a, j
    assert re.fullmatch(alternation, "august") and not re.fullmatch(alternation, "augusta")


PATTERNS = [
    (r"(?<![^\W_])(?:(?P<pre>in|by|entro)\s+)?(?P<mon>march|marzo|март\w*)(?:\s+(?P<y>\d{4}))?", re.I),
    (r"(?<![\w.])(?P<d>[0-3]?\d)\.?\s*(?P<mon>mar\w*|мар\w*)", re.I),
    (r"(?<![^\W\d_])(?P<cur>(?-i:USD|EUR)(?![^\W\d_])|\$|€)\s*\Z", re.I),
    (r"(?:[A-Z]{2,}|\d+)(?:-\d+)?", 0),
    (r"(?i:station)|KELVIN", 0),
    (r"(?<!\w)(?:ıs\w+|is\w+)", re.I),
]


@pytest.mark.parametrize(("source", "flags"), PATTERNS)
def test_skip_ahead_finds_the_same_matches(source: str, flags: int) -> None:
    plain = re.compile(source, flags)
    fast = skip_ahead(source, flags)
    for text in TEXTS:
        assert _spans(fast, text) == _spans(plain, text), (source, text)
        for tail in range(0, len(text), 7):
            left = text[:tail]
            old, new = plain.search(left), fast.search(left)
            assert (old and old.span()) == (new and new.span())


def test_skip_ahead_adds_a_lookahead_only_where_it_is_safe() -> None:
    source = r"(?<!\w)(?:march|may)\b"
    assert skip_ahead(source, re.I).pattern == "(?=[m])" + source
    assert skip_ahead(source, re.I).flags == re.compile(source, re.I).flags
    for source in (
        r"(?:march)?\d*",  # can match the empty string
        r"(?=[12])\d{4}",  # has its own lookahead already
        r"[^\W\d_]+ \d+",  # starts with a negated class
        r".x",  # any character
        r"(?i:m)arch",  # a group that turns on ignoring case
    ):
        assert skip_ahead(source).pattern == source


LEFTS = [
    "",
    "   ",
    "the Harbour Board said on ",
    "circa il ",
    "entro  la fine del ",
    "(entro il\u00a0",
    "в течение ",
    "L'ARTICLE No. ",
    "costs about US$ ",
    "as of\n",
    "the law § ",
    "Model-X ",
    "d'ici l'",
    "fino al\t",
]


@pytest.mark.parametrize(
    "phrases",
    [["entro", "entro il", "entro la fine del", "fino al"], ["в течение", "к"], ["about", "US$", "d'ici"]],
)
def test_tail_pattern_finds_what_a_full_search_finds(phrases: list[str]) -> None:
    source = rf"(?<![^\W_])(?P<m>{words_alternation(phrases)})(?:[{SPACES}]+(?:il|la|l'))?(?:[{SPACES}]+|(?<=['’]))\Z"
    plain = re.compile(source, re.IGNORECASE)
    tail = TailPattern(plain, phrase_words(phrases) + 1)
    found = 0
    for left in LEFTS + [text[:cut] for text in TEXTS for cut in range(0, len(text), 5)]:
        for variant in (left, left.upper()):
            old, new = plain.search(variant), tail.search(variant)
            assert (old and (old.span(), old.group("m"))) == (new and (new.span(), new.group("m"))), variant
            found += old is not None
    assert found >= 2  # the texts do hold such phrases


def test_tail_pattern_needs_its_word_count() -> None:
    # Told the phrase has one word when it has three, the search misses it: the bound matters.
    plain = re.compile(r"entro la fine del \Z")
    assert TailPattern(plain, 4).search("ha detto entro la fine del ") is not None
    assert TailPattern(plain, 1).search("ha detto entro la fine del ") is None
    assert phrase_words(["a", "entro la fine del"]) == 4 and phrase_words([]) == 1


def test_search_last_word_is_a_plain_search() -> None:
    pattern = re.compile(rf"(?P<w>[^\W\d_][\w'’.-]*|[№#§])[{SPACES}]*\Z")
    for left in LEFTS + [text[:cut] for text in TEXTS for cut in range(0, len(text), 3)]:
        old, new = pattern.search(left), search_last_word(pattern, left)
        assert (old and (old.span(), old.group("w"))) == (new and (new.span(), new.group("w"))), left


# --- fold_case and words_trie: the folded text scanned case-sensitively finds what the
# ignore-case alternation finds in the text, at the same places.

FOLD_TEXTS = [
    *TEXTS,
    "İSTANBUL'da İki gün; ıSLAK, Islak, İslak ve ıslak.",
    "Σεπτέμβριος ΣΕΠΤΕΜΒΡΙΟΣ, ΟΔΟΣ.ΑΘΗΝΑ, σ ς Σ",
    "ONE HUNDRED and a\u00a0\u00a0hundred, A HUNDRED, ahundred, one-hundred",
]


def test_fold_case_keeps_length_and_word_boundaries() -> None:
    for text in FOLD_TEXTS:
        folded = fold_case(text)
        assert len(folded) == len(text)
        assert fold_keeps_words(text)
        assert [c.isalnum() for c in folded] == [c.isalnum() for c in text]
    assert fold_case("İSTANBUL ſtation") == "istanbul station"
    assert not fold_keeps_words("a\u0345b")  # a combining mark whose case twin is a letter


@pytest.mark.parametrize("words", [*WORD_LISTS, ["a hundred", "one hundred", "one", "hundred"]])
def test_words_trie_on_folded_text_matches_like_the_alternation(words: list[str]) -> None:
    lows = [w.lower() for w in words]
    old = re.compile(rf"(?<![^\W_])(?:{words_alternation(lows)})(?![^\W_])", re.IGNORECASE)
    new = re.compile(words_trie({fold_case(w) for w in lows}, r"(?<![^\W_][\s\S])") + r"(?![^\W_])")
    found = 0
    for text in FOLD_TEXTS:
        for variant in (text, text.upper(), text.lower()):
            spans = [m.span() for m in old.finditer(variant)]
            assert [m.span() for m in new.finditer(fold_case(variant))] == spans, (words, variant)
            found += len(spans)
    assert found > 0


def test_words_trie_prefers_the_longer_word() -> None:
    pattern = re.compile(words_trie(["mar", "marzo", "ma"]))
    assert pattern.match("marzo").group() == "marzo"
    assert pattern.match("marx").group() == "mar"
    assert pattern.match("max").group() == "ma"
    assert pattern.match("mx") is None
    assert re.compile(words_trie([])).search("anything") is None


def test_number_re_reads_numbers_whole() -> None:
    text = "1 234 567,5 and 12.5% of 1,000,000 but 1,00 and 7-9, 2024-01-15, x12, 3.14.15 ٣٤"
    found = [m.group() for m in NUMBER_RE.finditer(text)]
    assert found == ["1 234 567,5", "12.5", "1,000,000", "1,00", "7", "9", "2024", "01", "15", "12", "٣٤"]
    assert NUMBER_RE.match(text, 3) is None  # inside a number
    assert [m.group("g") for m in NUMBER_RE.finditer("12 500 and 12.500")] == [" ", "."]
