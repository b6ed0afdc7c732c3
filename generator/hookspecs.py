"""Every hook a Parallax plugin can implement, grouped by pipeline stage.

A plugin is a module or object whose functions carry ``@hookimpl`` (import it
with ``from generator import hookimpl``) and are named after these specs. It
may accept any subset of a hook's arguments. Hooks marked *first result wins*
stop at the first implementation that returns something other than None; use
``@hookimpl(tryfirst=True)`` to go before the built-ins. For the other hooks
every implementation runs and the host merges the results; when one plugin
raises, the host reports it (naming the plugin, the hook and the article) and
keeps the results of the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from generator.model import (
        Article,
        ArticleResult,
        Claim,
        Cleaned,
        Discrepancy,
        Entity,
        Extraction,
        LanguageGuess,
        Lineage,
        MetaValue,
        Outline,
        Page,
        Report,
        Source,
        Span,
        Story,
        Summary,
    )
    from generator.settings import Settings
    from generator.strings import Catalog

PROJECT = "parallax"

hookspec = pluggy.HookspecMarker(PROJECT)


# --------------------------------------------------------------------------
# Read: bytes on disk -> Article
# --------------------------------------------------------------------------


@hookspec(firstresult=True)
def parallax_read(source: Source, settings: Settings) -> Article | None:
    """Turn one input file into an :class:`~generator.model.Article`.

    Runs once per file found under the content folder (story files excepted).
    ``source`` holds the path, the story id and the raw bytes. Return an
    Article with ``id``, ``story``, ``source``, ``format`` and ``body`` set
    (and ``declared``/``declared_lang`` from any front matter), or None when
    the file is not of a format this plugin reads. Raise
    :class:`~generator.errors.InputError` for a file of your format that is
    broken: the host reports it with its path and skips it. ``settings`` is the build's :class:`~generator.settings.Settings`
    (``max_file_size``, options). First result wins.
    """


# --------------------------------------------------------------------------
# Prepare: Article -> Article with clean text, language, metadata, sentences.
# The host calls these in this order and fills the article between calls.
# --------------------------------------------------------------------------


@hookspec(firstresult=True)
def parallax_clean(article: Article, settings: Settings) -> Cleaned | None:
    """Separate the article's own text from page furniture.

    Gets the article as read (``body`` set, ``text`` still empty). Returns a
    :class:`~generator.model.Cleaned`: the clean text (paragraphs joined by a
    blank line), its blocks, and every removed line with its kind, so that the
    site can show what was taken out. Must not drop a sentence of the article.
    ``settings`` is the build's :class:`~generator.settings.Settings`. First result wins.
    """


@hookspec(firstresult=True)
def parallax_language(article: Article, settings: Settings) -> LanguageGuess | None:
    """Detect the language of an article whose file does not declare one.

    Gets the cleaned article (``text`` set, metadata not yet). Returns a :class:`~generator.model.LanguageGuess`
    with an ISO 639-1 code, or None when it cannot tell. Not called when the
    file declares its language. ``settings`` is the build's :class:`~generator.settings.Settings`. First result wins.
    """


@hookspec
def parallax_metadata(article: Article, settings: Settings) -> list[MetaValue] | None:
    """Find metadata stated in the text itself: title, outlet, authors, editor, dates.

    Gets the cleaned article with its language (``text``, ``removed`` and
    ``lang`` set: bylines, logo lines and footers are usually among the
    removed lines). Returns
    :class:`~generator.model.MetaValue` items with the evidence they were read
    from. Every implementation runs; values the file declares (front matter)
    win, then the first plugin to give a field. ``settings`` is the build's :class:`~generator.settings.Settings`.
    """


@hookspec(firstresult=True)
def parallax_segment(article: Article, settings: Settings) -> list[Span] | None:
    """Split the clean text into sentences.

    Gets the cleaned article with its language and metadata. Returns sentence spans into
    ``article.text`` in reading order, not overlapping. ``settings`` is the build's :class:`~generator.settings.Settings`.
    First result wins.
    """


# --------------------------------------------------------------------------
# Extract: facts from one prepared article
# --------------------------------------------------------------------------


@hookspec
def parallax_extract(article: Article, settings: Settings) -> Extraction | None:
    """Extract facts, entity mentions and text defects from one prepared article.

    Gets the article with clean text, language, sentences and metadata.
    Returns an :class:`~generator.model.Extraction` whose offsets point into
    ``article.text``. Every extractor runs; the host merges the results and
    drops (and reports) any item whose offsets do not match its text, and
    marks each item with the plugin that returned it. ``settings`` is the build's :class:`~generator.settings.Settings`; a plugin reads its own options with
    ``settings.plugin_options(name)``.
    """


# --------------------------------------------------------------------------
# Story level: the articles of one story together
# --------------------------------------------------------------------------


@hookspec(firstresult=True)
def parallax_entities(
    story: Story, results: tuple[ArticleResult, ...], settings: Settings
) -> list[Entity] | None:
    """Link the entity mentions of a story's articles into entities.

    Runs once per story, after every article was extracted: ``story`` is the
    :class:`~generator.model.Story`, ``results`` its
    :class:`~generator.model.ArticleResult` items (their ``extraction.mentions``
    come from the extractors). Returns :class:`~generator.model.Entity` items
    whose mentions point into the articles' clean texts: the same person in
    Latin and Cyrillic script, in the genitive or by surname alone, is one
    entity. A mention may also be a pronoun or a role the linker resolved.
    The host then links each fact to the entities mentioned inside its span
    or inside its speaker's span (``attrs["speaker_start"/"speaker_end"]``).
    ``settings`` is the build's :class:`~generator.settings.Settings`. First result wins.
    """


@hookspec(firstresult=True)
def parallax_embed(texts: list[str], settings: Settings) -> list[list[float]] | None:
    """Embed sentences in one multilingual vector space.

    Called by the host whenever a comparison plugin asks for embeddings
    (through the ``embed`` argument of ``parallax_claims``); ``texts`` are
    sentences in any language. Returns one vector per text, in order, such
    that the cosine of two vectors says how close their meanings are across
    languages. ``settings`` is the build's :class:`~generator.settings.Settings`.
    A plugin can plug in a model the user has on disk. First result wins.
    """


@hookspec(firstresult=True)
def parallax_lineage(
    story: Story,
    results: tuple[ArticleResult, ...],
    embed: Callable[[list[str]], list[list[float]]],
    settings: Settings,
) -> list[Lineage] | None:
    """Find articles that are translations or rewrites of one another.

    Runs once per story, after entity linking: ``story`` is the
    :class:`~generator.model.Story`, ``results`` its articles, and
    ``embed(texts)`` returns multilingual sentence vectors (from
    ``parallax_embed``, cached by the host in memory and on disk; its
    ``available`` attribute is False when no plugin embeds, and a failed
    embedding gives empty vectors). Returns
    :class:`~generator.model.Lineage` families (the same facts in the same
    order, the same quotes): corroboration then counts independent families,
    not articles. ``settings`` is the build's
    :class:`~generator.settings.Settings`. First result wins.
    """


@hookspec(firstresult=True)
def parallax_claims(
    story: Story,
    results: tuple[ArticleResult, ...],
    entities: tuple[Entity, ...],
    lineage: tuple[Lineage, ...],
    embed: Callable[[list[str]], list[list[float]]],
    settings: Settings,
) -> list[Claim] | None:
    """Align the facts and sentences of a story's articles into claims.

    Runs once per story, after lineage: ``results`` are the story's articles
    with their facts, ``entities`` its linked entities, ``lineage`` its
    families, and ``embed(texts)`` returns multilingual sentence vectors
    (as for ``parallax_lineage``). Returns
    :class:`~generator.model.Claim` items whose evidence points into the
    articles' clean texts, with a status per source (states, differs,
    absent). ``settings`` is the build's :class:`~generator.settings.Settings`.
    First result wins.
    """


@hookspec
def parallax_discrepancies(
    story: Story,
    claims: tuple[Claim, ...],
    results: tuple[ArticleResult, ...],
    entities: tuple[Entity, ...],
    lineage: tuple[Lineage, ...],
    settings: Settings,
) -> list[Discrepancy] | None:
    """Flag where the sources of a story disagree, or where one stands alone.

    Runs once per story, after the claims were aligned: gets the ``story``,
    its ``claims``, its articles' ``results``, its ``entities`` and its
    ``lineage``. Returns :class:`~generator.model.Discrepancy` items (value
    conflicts, temporal inconsistencies, differing details, coverage), each
    with every source's own words as evidence, a catalogue key explaining
    why it was flagged, and a weight for ordering. Every detector runs; the
    host merges them. ``settings`` is the build's
    :class:`~generator.settings.Settings`.
    """


@hookspec(firstresult=True)
def parallax_summarize(
    story: Story,
    results: tuple[ArticleResult, ...],
    claims: tuple[Claim, ...],
    discrepancies: tuple[Discrepancy, ...],
    entities: tuple[Entity, ...],
    lineage: tuple[Lineage, ...],
    settings: Settings,
) -> Summary | None:
    """Summarize a story and each of its articles.

    Runs once per story, after the discrepancies were found: gets the
    ``story``, its articles' ``results``, its ``claims``, its
    ``discrepancies`` (heaviest first), its ``entities`` and its ``lineage``.
    Returns a :class:`~generator.model.Summary`: the story summary as
    language-neutral :class:`~generator.model.SummaryPoint` items (a
    catalogue key and its parameters, each tied to a claim or a discrepancy,
    written out in every UI language when the site is rendered), and for each
    article the sentences chosen as its extractive summary (spans of its
    clean text). The host drops, and reports, points whose claim or
    discrepancy does not exist and spans outside the text. ``settings`` is
    the build's :class:`~generator.settings.Settings`. First result wins.
    """


# --------------------------------------------------------------------------
# Render: the analysis -> Markdown pages, story by story, in every UI language
# --------------------------------------------------------------------------


@hookspec
def parallax_pages(report: Report, lang: str, strings: Catalog, settings: Settings) -> Iterable[Page] | None:
    """Produce one story's pages in one UI language.

    Runs once per story and UI language, with that story's analysis alone in
    ``report`` (a :class:`~generator.model.Report`): ``report.stories`` holds
    the one story, and its results, entities, claims, discrepancies, lineage,
    summary and problems are the story's own. The host renders a story in
    every UI language, then lets it go: a large corpus is never whole in
    memory. ``lang`` is the UI language, ``strings`` its string catalogue
    (``strings("key")``) and ``settings`` the build's
    :class:`~generator.settings.Settings`. Returns
    :class:`~generator.model.Page` items with paths relative to the language
    root (``stories/<story>/...``): a list, or a generator that yields them one
    by one (the host writes each page as it comes). Every renderer runs; two
    pages with the same path are an error naming both plugins, and a renderer
    failing midway keeps the pages it gave. Untrusted text must be escaped
    (see ``generator.markup``). Pages about the whole site come from
    ``parallax_site_pages``.
    """


@hookspec
def parallax_site_pages(
    site: Outline, lang: str, strings: Catalog, settings: Settings
) -> Iterable[Page] | None:
    """Produce the pages about the whole site in one UI language: a home page, lists of stories.

    Runs once per UI language, after every story's pages were made, with
    ``site``, the :class:`~generator.model.Outline` of the corpus: every
    story, every article's metadata and language (not its text), every
    problem. ``lang``, ``strings`` and ``settings`` are as for
    ``parallax_pages``. Returns :class:`~generator.model.Page` items, as
    ``parallax_pages`` does; a page's path must not be one a story's renderer
    gave.
    """


# --------------------------------------------------------------------------
# Setup
# --------------------------------------------------------------------------


@hookspec
def parallax_options() -> dict[str, Any] | None:
    """Declare the plugin's options.

    Called once per build, before any article is read. Returns
    ``{name: (type, default, description)}``. The user sets them in the
    ``options: {plugin-name: {...}}`` block of the parallax plugin in
    mkdocs.yml; the plugin reads them, defaults filled in, with
    ``settings.plugin_options(name)``. An unknown key or a value of the wrong
    type fails the build with a message naming the plugin and the key.
    """
