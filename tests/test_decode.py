"""generator.decode: bytes of an input file -> text, or an InputError that names the file."""

from __future__ import annotations

import codecs
import random

import pytest

from generator.decode import declared_charset, decode
from generator.errors import InputError

REL = "story/article.txt"

# Paragraphs written for these tests: long enough to be a realistic article
# opening, with the accented letters each language really uses.
FRENCH = (
    "Le gouvernement a présenté mardi un projet de budget qui prévoit des économies importantes "
    "dans plusieurs ministères. Selon le ministre de l'Économie, le déficit public devrait être "
    "ramené à 4,6 % du PIB l'année prochaine, contre 5,1 % cette année.\n"
    "« Nous avons fait des choix difficiles, mais nécessaires », a déclaré le ministre lors d'une "
    "conférence de presse à Paris. Les syndicats ont immédiatement critiqué ces mesures."
)
RUSSIAN = (
    "Правительство во вторник представило проект бюджета, который предусматривает значительную "
    "экономию в нескольких министерствах. По словам министра финансов, дефицит бюджета в следующем "
    "году должен сократиться до 4,6% ВВП против 5,1% в этом году.\n"
    "Профсоюзы сразу же раскритиковали эти меры, назвав их несправедливыми по отношению к "
    "госслужащим и пенсионерам."
)
PORTUGUESE = (
    "O governo apresentou na terça-feira uma proposta de orçamento que prevê cortes importantes em "
    "vários ministérios. Segundo o ministro das Finanças, o défice público deverá descer para 4,6% do "
    "PIB no próximo ano, contra 5,1% este ano.\n"
    "«Fizemos escolhas difíceis, mas necessárias», afirmou o ministro numa conferência de imprensa em "
    "Lisboa. Os sindicatos criticaram de imediato estas medidas, que consideram injustas."
)
ITALIAN = (
    "Il governo ha presentato martedì una proposta di bilancio che prevede tagli importanti in diversi "
    "ministeri. Secondo il ministro dell'Economia, il deficit pubblico dovrebbe scendere al 4,6% del PIL "
    "l'anno prossimo, contro il 5,1% di quest'anno.\n"
    "«Abbiamo fatto scelte difficili, ma necessarie», ha dichiarato il ministro. Il dibattito inizierà "
    "la settimana prossima e durerà fino a ottobre. Perché così tanta fretta? Se lo chiedono in molti."
)
GERMAN = (
    "Die Regierung hat am Dienstag einen Haushaltsentwurf vorgelegt, der in mehreren Ministerien "
    "deutliche Einsparungen vorsieht. Nach Angaben des Finanzministers soll das Defizit im nächsten "
    "Jahr auf 4,6 Prozent sinken.\n"
    "„Wir haben schwierige, aber notwendige Entscheidungen getroffen“, sagte der Minister in Köln. "
    "Die Gewerkschaften kritisierten die Maßnahmen sofort. Größere Überraschungen erwartet niemand."
)
SPANISH = (
    "El Gobierno presentó el martes un proyecto de presupuestos que prevé recortes importantes en "
    "varios ministerios. Según el ministro de Hacienda, el déficit público debería bajar al 4,6 % "
    "del PIB el año que viene.\n"
    "«Hemos tomado decisiones difíciles, pero necesarias», afirmó el ministro en Madrid. ¿Habrá "
    "acuerdo? El debate empezará la semana próxima."
)
POLISH = (
    "Rząd przedstawił we wtorek projekt budżetu, który przewiduje znaczące oszczędności w kilku "
    "ministerstwach. Według ministra finansów deficyt sektora publicznego ma spaść w przyszłym roku "
    "do 4,6 proc. PKB.\n"
    "Związki zawodowe natychmiast skrytykowały te działania, uznając je za niesprawiedliwe wobec "
    "urzędników i emerytów. Debata rozpocznie się w przyszłym tygodniu."
)
JAPANESE = (
    "政府は火曜日、複数の省庁で大幅な歳出削減を盛り込んだ予算案を発表した。財務大臣によると、"
    "財政赤字は来年、国内総生産比で4.6%に縮小する見通しだという。\n"
    "「難しいが必要な決断をした」と大臣は東京での記者会見で述べた。"
)


# --------------------------------------------------------------------------
# Unicode with and without byte-order marks
# --------------------------------------------------------------------------


def test_plain_utf8_is_returned_unchanged() -> None:
    text = "Ünïcödé “quotes”, tabs\tand\u00a0no-break spaces, 😀 and 中文.\nSecond line."
    assert decode(text.encode("utf-8"), REL) == text


def test_utf8_bom_spanish_is_decoded_and_the_bom_dropped() -> None:
    data = codecs.BOM_UTF8 + SPANISH.encode("utf-8")
    assert decode(data, REL) == SPANISH


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_german(codec: str) -> None:
    # "utf-16" writes a BOM itself; the -le/-be variants get one by hand.
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[codec]
    assert decode(bom + GERMAN.encode(codec), REL) == GERMAN


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF32_LE if codec.endswith("le") else codecs.BOM_UTF32_BE
    assert decode(bom + GERMAN.encode(codec), REL) == GERMAN


def test_broken_utf16_after_its_bom_is_an_error() -> None:
    data = codecs.BOM_UTF16_LE + "Hallo".encode("utf-16-le") + b"\x00"  # odd byte count
    with pytest.raises(InputError, match=r"story/article\.txt: .*UTF-16"):
        decode(data, REL)


# --------------------------------------------------------------------------
# Legacy encodings, detected
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (FRENCH, "latin-1"),
        (FRENCH, "cp1252"),
        (PORTUGUESE, "latin-1"),
        (ITALIAN, "latin-1"),
        (GERMAN.replace("„", '"').replace("“", '"'), "latin-1"),
        (SPANISH, "latin-1"),
        (POLISH, "cp1250"),
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc_jp"),
    ],
    ids=[
        "ru-cp1251",
        "ru-koi8r",
        "fr-latin1",
        "fr-cp1252",
        "pt-latin1",
        "it-latin1",
        "de-latin1",
        "es-latin1",
        "pl-cp1250",
        "ja-shiftjis",
        "ja-eucjp",
    ],
)
def test_legacy_encodings_are_detected(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding), REL) == text


def test_too_short_legacy_text_is_refused_not_guessed() -> None:
    # Six Cyrillic letters in cp1251 are also six plausible letters in a dozen
    # other code pages: saying so beats inventing a word.
    with pytest.raises(InputError, match=r"story/article\.txt: .*could not be detected confidently"):
        decode("Москва".encode("cp1251"), REL)


def test_declared_html_charset_is_used_when_bytes_are_not_utf8() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body><p>Москва</p></body></html>'
    data = html.encode("cp1251")
    assert declared_charset(data) == "windows-1251"
    assert decode(data, "s/page.html", declared=declared_charset(data)) == html


def test_wrong_declared_charset_falls_back_to_detection() -> None:
    # Declares UTF-8 but is cp1251: the declaration cannot decode it, detection can.
    data = ('<meta charset="utf-8">\n' + RUSSIAN).encode("cp1251")
    assert decode(data, "s/page.html", declared="utf-8") == '<meta charset="utf-8">\n' + RUSSIAN


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="ISO-8859-1">', "iso-8859-1"),
        (b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>", "koi8-r"),
        (b'<?xml version="1.0" encoding="Shift_JIS"?><html>', "shift_jis"),
        (b"<html><body>no declaration</body></html>", None),
    ],
)
def test_declared_charset(head: bytes, expected: str | None) -> None:
    assert declared_charset(head) == expected


@pytest.mark.parametrize("label", ["utf-7", "unicode_escape", "utf-16", "rot13", "base64", "no-such-charset"])
def test_dangerous_or_unknown_declared_charsets_are_not_used(label: str) -> None:
    # Read with unicode_escape these bytes would say "<script>" (and UTF-7 hides
    # it as "+ADw-"): the declaration is ignored and the encoding detected.
    text = "+ADw-script+AD4- \\u003cscript\\u003e " + RUSSIAN
    assert decode(text.encode("cp1251"), "s/p.html", declared=label) == text


def test_latin1_label_is_read_as_windows_1252() -> None:
    # Browsers read "iso-8859-1" as windows-1252: curly quotes at 0x93/0x94 must survive.
    data = "<meta charset=iso-8859-1><p>\u201cCitação\u201d</p>".encode("cp1252")
    assert decode(data, "s/p.html", declared="iso-8859-1") == "<meta charset=iso-8859-1><p>“Citação”</p>"


# --------------------------------------------------------------------------
# Newlines
# --------------------------------------------------------------------------


def test_newlines_are_normalised_and_nothing_else_changes() -> None:
    data = "Line one\r\nLine two\rLine three\n\n  indented\u2028kept\t".encode()
    assert decode(data, REL) == "Line one\nLine two\nLine three\n\n  indented\u2028kept\t"


def test_utf16_newlines_are_normalised_too() -> None:
    assert decode("a\r\nb".encode("utf-16"), REL) == "a\nb"


# --------------------------------------------------------------------------
# Empty and binary files
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b" \n\t\r\n ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n", " \n".encode("utf-16")],
    ids=["empty", "whitespace", "bom-only", "bom-whitespace", "utf16-whitespace"],
)
def test_empty_files_are_refused(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^story/article\.txt: empty file$"):
        decode(data, REL)


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(InputError, match=r"story/article\.txt: binary file .*NUL"):
        decode(b"Some text\x00with a NUL byte", REL)


def test_utf16_without_bom_is_refused_with_a_hint() -> None:
    with pytest.raises(InputError, match="byte-order mark"):
        decode("Hallo Welt".encode("utf-16-le"), REL)


def test_png_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
    with pytest.raises(InputError, match=r"story/article\.txt: binary"):
        decode(png, REL)


def test_random_bytes_without_nul_are_refused() -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(InputError, match=r"story/article\.txt: "):
        decode(data, REL)


def test_mostly_control_characters_is_binary() -> None:
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 20 + b"a few letters"
    with pytest.raises(InputError, match=r"story/article\.txt: binary file"):
        decode(data, REL)


def test_a_stray_control_character_does_not_make_text_binary() -> None:
    text = "A normal paragraph of text with one stray escape \x1b character in it, nothing more."
    assert decode(text.encode(), REL) == text
