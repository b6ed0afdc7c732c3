"""Built-in readers: plain text, Markdown with YAML front matter, and HTML pages.

Each reader turns a file's bytes into an :class:`~generator.model.Article`
with its body and whatever metadata the file itself declares. Nothing here
fetches anything: an HTML page is read as it is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml
from lingua import IsoCode639_3, Language

from generator import hookimpl
from generator.corpus import slug
from generator.decode import declared_charset, decode
from generator.errors import InputError
from generator.model import META_FIELDS, Article, MetaValue, Source
from generator.settings import Settings

FRONT_MATTER_ORIGIN = "front matter"
HTML_ORIGIN = "html metadata"

# Keys of the front matter that become declared metadata. "lang" and "id" are
# handled apart; any other key is the author's own business and is ignored.
_TEXT_KEYS = ("title", "outlet", "section")
_LIST_KEYS = ("author", "editor")  # a string or a list of strings
_DATE_KEYS = ("published", "updated")
# More names than this in one key is not a byline: a guard against generated front matter.
_MAX_NAMES = 50
# Front matter is a few lines; a huge block is a mistake or an attack on the YAML parser.
_MAX_FRONT_MATTER = 64_000

# A BCP 47 tag: primary language subtag of 2-3 letters, optional subtags ("pt-BR").
_LANG_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
_HTML_LANG = re.compile(
    r"""<html\b[^>]*?[\s:]lang\s*=\s*["']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""", re.I
)
# "2025", "2025-01": dates with the precision the author gave.
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")
# A line that looks like a YAML key, to tell unclosed front matter from a Markdown rule.
_YAML_KEY_LINE = re.compile(r"^\s*[A-Za-z_][\w-]*\s*:")


def safe_id(text: str) -> str:
    """A safe article id from any text: lowercase ``[a-z0-9_-]``, at most 80 characters, never empty.

    Accents are dropped ("Café" -> "cafe"), every other run of characters
    becomes one "-", so no id can name a path outside its folder
    ("../../etc/passwd" -> "etc-passwd"). A text with nothing left (a
    Cyrillic or Chinese file name) gets an id from its hash, so that two such
    files still get different ids; a long id keeps a hash of the whole text
    for the same reason.
    """
    return slug(text, "article")


@hookimpl
def parallax_read(source: Source, settings: Settings) -> Article | None:
    """Read ``.txt``, ``.md``/``.markdown`` and ``.html``/``.htm`` files; None for anything else."""
    suffix = PurePosixPath(source.rel).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        return None
    _check_size(source, settings)
    return reader(source)


def _check_size(source: Source, settings: Settings) -> None:
    size = len(source.data)
    if size > settings.max_file_size:
        raise InputError(
            f"{source.rel}: the file is {size:,} bytes, larger than the limit of "
            f"{settings.max_file_size:,} bytes (max_file_size)"
        )


def _stem_id(source: Source) -> str:
    return safe_id(PurePosixPath(source.rel).stem)


# --------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------


def read_text(source: Source) -> Article:
    """A plain-text article: the decoded file is the body."""
    body = decode(source.data, source.rel)
    return Article(id=_stem_id(source), story=source.story, source=source.rel, format="txt", body=body)


# --------------------------------------------------------------------------
# Markdown with YAML front matter
# --------------------------------------------------------------------------


def read_markdown(source: Source) -> Article:
    """A Markdown article, with optional YAML front matter between ``---`` lines at the top."""
    text = decode(source.data, source.rel)
    front, body, first_line = split_front_matter(text, source.rel)
    article_id = _stem_id(source)
    declared: list[MetaValue] = []
    declared_lang = None
    if front is not None:
        data = load_front_matter(front, source.rel, first_line)
        declared = front_matter_metadata(data, front, source.rel)
        declared_lang = language_tag(data.get("lang"))
        if data.get("id") is not None:
            if not isinstance(data["id"], (str, int)) or isinstance(data["id"], bool):
                raise InputError(f"{source.rel}: front matter 'id' must be text")
            article_id = safe_id(str(data["id"]))
    if not body.strip():
        raise InputError(f"{source.rel}: the file has front matter but no article text")
    return Article(
        id=article_id,
        story=source.story,
        source=source.rel,
        format="md",
        body=body,
        declared=tuple(declared),
        declared_lang=declared_lang,
    )


def split_front_matter(text: str, rel: str) -> tuple[str | None, str, int]:
    """Split ``text`` into (front matter or None, body, line number of the first YAML line)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, text, 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :]).lstrip("\n")
            return front, body, 2
    # No closing line. A Markdown file may begin with a horizontal rule; but a
    # "key:" line after the "---" means front matter its author forgot to close,
    # and reading it as article text would put the YAML into the article.
    if len(lines) > 1 and _YAML_KEY_LINE.match(lines[1]):
        raise InputError(f"{rel}: the front matter opened with '---' on line 1 is never closed with '---'")
    return None, text, 0


def load_front_matter(front: str, rel: str, first_line: int) -> dict[str, Any]:
    """Parse front matter with ``yaml.safe_load``: a mapping, or InputError naming the file and line.

    ``safe_load`` builds only plain data (no ``!!python/...`` objects). Aliases
    are built as shared references, so an alias "bomb" costs no memory here;
    the values are then read only as scalars or flat lists of scalars, so it is
    never expanded either.
    """
    if len(front) > _MAX_FRONT_MATTER:
        raise InputError(f"{rel}: the front matter is larger than {_MAX_FRONT_MATTER:,} characters")
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        raise InputError(f"{rel}: broken YAML front matter: {_yaml_problem(exc, first_line)}") from None
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
        # PyYAML's constructors raise plain exceptions for values that look
        # like a type but are not one ("2025-13-45", "!!int abc"), and the
        # parser recurses once per nesting level ("[[[[...").
        if isinstance(exc, RecursionError):
            raise InputError(f"{rel}: broken YAML front matter: too deeply nested") from None
        where = _failing_key(front, first_line)
        raise InputError(f"{rel}: broken YAML front matter: {exc}{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{rel}: the front matter must be a mapping of keys to values, not a {_kind(data)}")
    return data


def _failing_key(front: str, first_line: int) -> str:
    """`` (key 'published', line 3)`` for the top-level key whose value PyYAML cannot build, or "".

    Only called once ``safe_load`` has failed: the front matter is composed
    (parsed without building values) and its values are built one by one.
    """
    try:
        node = yaml.compose(front, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return ""
    if not isinstance(node, yaml.MappingNode):
        return ""
    for key, value in node.value:
        try:
            yaml.SafeLoader("").construct_object(value, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, AttributeError, OverflowError, RecursionError):
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            # The key is the file's text: only word characters go into the message.
            name = re.sub(r"[^\w .-]", "?", name[:40])
            return f" (key '{name}', line {value.start_mark.line + first_line})"
    return ""


def _yaml_problem(exc: yaml.YAMLError, first_line: int) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    if mark is None:
        return str(problem)
    # The mark counts from 0 within the YAML; report the line of the file.
    return f"{problem} (line {mark.line + first_line}, column {mark.column + 1})"


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def front_matter_metadata(data: dict[str, Any], front: str, rel: str) -> list[MetaValue]:
    """The declared metadata of a front-matter mapping, with the line each value came from."""
    values: list[MetaValue] = []
    for key in _TEXT_KEYS:
        if data.get(key) is not None:
            text = _scalar_text(data[key], key, rel)
            if text:
                values.append(_front_value(key, text, front))
    for key in _LIST_KEYS:
        for name in _names(data.get(key), key, rel):
            values.append(_front_value(key, name, front))
    for key in _DATE_KEYS:
        if data.get(key) is not None:
            values.append(_front_value(key, iso_date(data[key], key, rel), front))
    url = data.get("url")
    if isinstance(url, str) and is_web_url(url.strip()):
        values.append(_front_value("url", url.strip(), front))
    # In the order pages show them (the sort keeps authors in their own order).
    return sorted(values, key=lambda value: META_FIELDS.index(value.field))


def _front_value(key: str, value: str, front: str) -> MetaValue:
    # The evidence is the front matter line the value stands on, when it can be
    # found (a date's line even though the value was normalised).
    match = re.search(rf"^{re.escape(key)}\s*:.*$", front, re.MULTILINE)
    line = match.group(0).strip() if match else ""
    evidence = line if line and (value in line or key in _DATE_KEYS) else f"{key}: {value}"
    return MetaValue(field=key, value=value, evidence=evidence, origin=FRONT_MATTER_ORIGIN)


def _scalar_text(value: object, key: str, rel: str) -> str:
    # YAML reads "title: yes" as True and "title: 2025" as a number; a number
    # is fine as text, a boolean or a structure is a mistake worth reporting.
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InputError(f"{rel}: front matter '{key}' must be text, not a {_kind(value)} (quote it)")
    return str(value).strip()


def _names(value: object, key: str, rel: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if len(items) > _MAX_NAMES:
        raise InputError(f"{rel}: front matter '{key}' lists more than {_MAX_NAMES} names")
    names = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise InputError(
                f"{rel}: front matter '{key}' must be a name or a list of names, "
                f"not a list of {_kind(item)} values"
            )
        if str(item).strip():
            names.append(str(item).strip())
    return names


def iso_date(value: object, key: str, rel: str) -> str:
    """A front-matter date as ISO 8601, keeping the precision given; InputError if it is not a date."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)  # "published: 2025": a year
    if isinstance(value, str):
        text = value.strip()
        if _PARTIAL_DATE.match(text):
            return text
        try:
            return dt.datetime.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise InputError(
        f"{rel}: front matter '{key}' is not a date: {value!r} "
        "(write it as YYYY-MM-DD or an ISO 8601 date and time)"
    )


def language_tag(value: object) -> str | None:
    """The ISO 639-1 code of a declared language ("pt-BR" -> "pt", "ita" -> "it"); None if there is none.

    Three-letter codes become two-letter ones where ISO 639-1 has one, as the
    rest of Parallax (and the language detector) speaks ISO 639-1; others
    ("fil") stay as they are. An invalid value, or a code that names no
    language ("und", "mul", "zxx"), is ignored rather than refused: the host
    then detects the language, as it would have without the key.
    """
    if not isinstance(value, str):
        return None
    match = _LANG_TAG.match(value.strip())
    if not match:
        return None
    code = match.group(1).lower()
    if code in _NOT_A_LANGUAGE:
        return None
    if len(code) == 3:
        code = _BIBLIOGRAPHIC_CODES.get(code, code)
        iso3 = getattr(IsoCode639_3, code.upper(), None)
        if isinstance(iso3, IsoCode639_3):
            return Language.from_iso_code_639_3(iso3).iso_code_639_1.name.lower()
    return code


# ISO 639-2 codes for "undetermined", "multiple", "no linguistic content", "uncoded", local use.
_NOT_A_LANGUAGE = frozenset({"und", "mul", "zxx", "mis", "qaa"})
# ISO 639-2/B codes (library catalogues, some CMSs) -> the ISO 639-3 ones.
_BIBLIOGRAPHIC_CODES = {
    "alb": "sqi",
    "arm": "hye",
    "baq": "eus",
    "bur": "mya",
    "chi": "zho",
    "cze": "ces",
    "dut": "nld",
    "fre": "fra",
    "geo": "kat",
    "ger": "deu",
    "gre": "ell",
    "ice": "isl",
    "mac": "mkd",
    "mao": "mri",
    "may": "msa",
    "per": "fas",
    "rum": "ron",
    "slo": "slk",
    "tib": "bod",
    "wel": "cym",
}


def is_web_url(value: str) -> bool:
    """Whether ``value`` is an absolute http(s) URL (the only links the site shows)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.netloc)
        and not any(char.isspace() for char in value)
    )


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2}(?:T[\d:.+\-Z]+)?)?)?$")
# htmldate (through trafilatura): the publication date, not the last change;
# only from the page's markup, never guessed from dates in the article text;
# and no "not after today" limit, so that the result does not depend on the
# day of the build.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2999-12-31"}


def read_html(source: Source) -> Article:
    """An HTML page: its main text (trafilatura) as body, its metadata as declared values."""
    html = decode(source.data, source.rel, declared=declared_charset(source.data))
    body, found = extract_html(html)
    if not body.strip():
        raise InputError(f"{source.rel}: no article text found in the HTML page")
    match = _HTML_LANG.search(html)
    return Article(
        id=_stem_id(source),
        story=source.story,
        source=source.rel,
        format="html",
        body=body,
        declared=tuple(found),
        declared_lang=language_tag(match.group(1)) if match else None,
    )


def extract_html(html: str) -> tuple[str, list[MetaValue]]:
    """The main text of a page (paragraphs joined by blank lines) and its metadata.

    trafilatura drops navigation, footers, scripts and styles; it is given a
    string, so it never fetches anything.
    """
    # Imported here: trafilatura takes a noticeable time to import, and a
    # corpus of plain-text files never needs it.
    from trafilatura import bare_extraction

    document = bare_extraction(
        html, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    if document is None:
        return "", []
    # trafilatura 2 returns a Document, 1.x a dict.
    data: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = data.get("text") or ""
    # One block (paragraph, heading, list item) per line in trafilatura's text;
    # a blank line between blocks is how the rest of Parallax marks paragraphs.
    body = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    return body, html_metadata(data)


def html_metadata(data: dict[str, Any]) -> list[MetaValue]:
    """Declared metadata from trafilatura's fields: title, author(s), date, site name, URL."""
    values: list[MetaValue] = []

    def add(field: str, value: object, check: Callable[[str], bool] = bool) -> None:
        if isinstance(value, str) and value.strip() and check(value.strip()):
            values.append(MetaValue(field, value.strip(), evidence=value.strip(), origin=HTML_ORIGIN))

    add("title", data.get("title"))
    # trafilatura joins several authors with "; ".
    for name in str(data.get("author") or "").split(";"):
        add("author", name)
    add("published", data.get("date"), lambda text: bool(_ISO_DATE.match(text)))
    add("outlet", data.get("sitename"))
    add("url", data.get("url"), is_web_url)
    return values


_READERS: dict[str, Callable[[Source], Article]] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}
