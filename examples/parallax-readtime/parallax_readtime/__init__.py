"""A Parallax plugin: each article's reading time as a fact, and a reading-time page per story.

It shows the three things most plugins do: declare options
(``parallax_options``), add a kind of fact (``parallax_extract``) and add a
kind of page, in every UI language (``parallax_pages``: once per story, with that story's
analysis alone).
"""

from __future__ import annotations

import math

from generator import hookimpl
from generator.markup import md_text
from generator.model import Extraction, Fact, Page

__version__ = "0.1.0"
NAME = "readtime"  # the entry point's name: the plugin's name in mkdocs.yml and in messages

# The plugin's own UI strings. A language it does not know falls back to English.
LABELS = {
    "en": {"title": "Reading time", "article": "Article", "words": "Words", "minutes": "Minutes"},
    "de": {"title": "Lesezeit", "article": "Artikel", "words": "Wörter", "minutes": "Minuten"},
    "fr": {"title": "Temps de lecture", "article": "Article", "words": "Mots", "minutes": "Minutes"},
    "it": {"title": "Tempo di lettura", "article": "Articolo", "words": "Parole", "minutes": "Minuti"},
    "pt": {"title": "Tempo de leitura", "article": "Artigo", "words": "Palavras", "minutes": "Minutos"},
    "ru": {"title": "Время чтения", "article": "Статья", "words": "Слова", "minutes": "Минуты"},
}


@hookimpl
def parallax_options() -> dict:
    """One option, set in mkdocs.yml under ``options: {readtime: {words_per_minute: 200}}``."""
    return {"words_per_minute": (int, 230, "Reading speed used to turn words into minutes.")}


@hookimpl
def parallax_extract(article, settings) -> Extraction:
    """A 'reading-time' fact for the whole article: minutes, with the word count beside it."""
    words = len(article.text.split())
    per_minute = settings.plugin_options(NAME)["words_per_minute"]
    minutes = max(1, math.ceil(words / per_minute)) if words else 0
    # A fact about the whole text has an empty span at its start: offsets stay valid.
    return Extraction(
        facts=(Fact("reading-time", 0, 0, "", value=minutes, unit="min", attrs={"words": words}),)
    )


@hookimpl
def parallax_pages(report, lang) -> list[Page]:
    """The story's page, ``stories/<story>/reading-time.md``, in UI language ``lang``: the host
    calls this once per story, with ``report`` holding that story alone."""
    labels = LABELS.get(lang, LABELS["en"])
    pages = []
    for story in report.stories:
        rows = []
        for result in report.articles_of(story):
            fact = next((f for f in result.extraction.facts if f.type == "reading-time"), None)
            if fact is None:
                continue
            title = result.article.meta("title") or result.article.id
            # Article text and titles are untrusted: md_text escapes them for Markdown and HTML.
            rows.append(
                f"| [{md_text(title)}]({result.article.id}.md) | {fact.attrs['words']} | {fact.value} |"
            )
        markdown = "\n".join(
            [
                f"# {labels['title']}",
                "",
                f"| {labels['article']} | {labels['words']} | {labels['minutes']} |",
                "| --- | ---: | ---: |",
                *rows,
                "",
            ]
        )
        pages.append(Page(f"stories/{story.id}/reading-time.md", markdown, labels["title"]))
    return pages
