"""Built-in metadata reader: title, outlet, authors, editor and dates stated in the article itself.

Runs after cleaning.  Most of what it reads is furniture the cleaner took out
(the headline, the byline, the logo line, the author box, the copyright
footer), so it looks at ``article.removed`` first; with a cleaner that
reports nothing removed, it looks at the first and last lines of the body.
Every value carries the exact words it was read from (``evidence``) and
where they stood (``origin``).  Dates come out as ISO 8601, with the
precision the text gives.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator import hookimpl
from generator.model import Article, MetaValue
from generator.settings import Settings
from plugins import lexicon as lx

# Without a list of removed lines, bylines and logos are looked for this far from either end of the body.
_EDGE_LINES = 12


def _norm(text: str) -> str:
    """One space between words: the value shown and compared; the evidence keeps the original."""
    return " ".join(text.split())


def _candidate_lines(article: Article) -> list[tuple[str, str | None]]:
    """(line, kind) pairs that may hold metadata: the removed lines, or the edges of the body."""
    if article.removed:
        return [(r.text, r.kind) for r in sorted(article.removed, key=lambda r: r.line)]
    lines = [line for line in article.body.splitlines() if line.strip()]
    if len(lines) > 2 * _EDGE_LINES:
        lines = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
    return [(line, None) for line in lines]


def _unique(values: Iterable[MetaValue]) -> list[MetaValue]:
    """Drop repeats of the same field and value (a byline printed at the top and the bottom)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for value in values:
        if (value.field, value.value.lower()) not in seen:
            seen.add((value.field, value.value.lower()))
            out.append(value)
    return out


def find_metadata(article: Article) -> list[MetaValue]:
    """Every metadata value the article's own words state, in META_FIELDS order."""
    lang = article.declared_lang or article.lang
    lines = _candidate_lines(article)
    cleaned = bool(article.removed)
    found: dict[str, list[MetaValue]] = {name: [] for name in ("title", "outlet", "author", "editor")}
    dates: dict[str, list[MetaValue]] = {"published": [], "updated": []}
    outlets: dict[str, list[MetaValue]] = {"logo": [], "byline": [], "box": [], "footer": []}
    box_names: list[MetaValue] = []
    sections: list[MetaValue] = []

    for raw, kind in lines:
        text = raw.strip()
        if kind == "title":
            found["title"].append(MetaValue("title", _norm(text), text, "title line"))
            continue
        if kind == "section":
            sections.append(MetaValue("section", _norm(text), text, "section line"))
            continue
        if kind in ("logo", None) and (name := lx.outlet_of_logo(text)):
            outlets["logo"].append(MetaValue("outlet", name, text, "logo line"))
            continue
        # "für X" alone counts only where the cleaner saw it beside the author's name.
        if kind in ("author-box", None) and (name := lx.outlet_of_author_box(text, bare=kind is not None)):
            outlets["box"].append(MetaValue("outlet", name, text, "author box"))
            continue
        if kind in ("footer", None) and (name := lx.outlet_of_footer(text)):
            outlets["footer"].append(MetaValue("outlet", name, text, "footer"))
            continue
        if kind == "author-box" and lx.is_name(text, min_tokens=2, max_tokens=4):
            box_names.append(MetaValue("author", _norm(text), text, "author box"))
            continue
        if kind not in ("byline", None):
            continue
        byline = lx.parse_byline(text, lang)
        # Without a cleaner's word for it, only a byline that names someone counts (a bare date may be news).
        if byline is None or (not cleaned and not (byline.authors or byline.editors)):
            continue
        found["author"] += [MetaValue("author", name, text, "byline") for name in byline.authors]
        found["editor"] += [MetaValue("editor", name, text, "byline") for name in byline.editors]
        if byline.outlet:
            outlets["byline"].append(MetaValue("outlet", byline.outlet, text, "byline"))
        for hit in byline.dates:
            dates[hit.role].append(MetaValue(hit.role, hit.value, text, "byline"))

    result: list[MetaValue] = found["title"][:1]
    # One outlet: a logo at the top names the site most surely, then what the author box or byline says.
    for origin in ("logo", "byline", "box", "footer"):
        if outlets[origin]:
            result.append(outlets[origin][0])
            break
    result += _unique(found["author"] or box_names)
    result += _unique(found["editor"])
    result += dates["published"][:1]
    result += dates["updated"][-1:]  # the last update is the one that counts
    result += sections[:1]
    return result


@hookimpl
def parallax_metadata(article: Article, settings: Settings) -> list[MetaValue]:
    """Metadata stated in the article's text: title, outlet, authors, editor, dates."""
    return find_metadata(article)
