"""Built-in language detection with lingua, for articles that do not declare their language.

lingua's models are loaded lazily, per language and n-gram size, the first
time a text needs them, and then stay in memory for the life of the process
(they are shared by every detector). What a text needs depends on its length:

* from 120 letters on (spaces, digits and punctuation do not count),
  lingua scores trigrams only, and only for the
  languages whose script the text uses: Latin-script articles load about
  80 MB of models, once.
* below 120 letters, lingua's high-accuracy mode scores 1- to 5-grams of
  every candidate language: a single short Latin-script line loads about
  900 MB and takes about 7 seconds. So short texts go to a trigram-only
  detector (lingua's "low accuracy mode", which needs no model the long
  texts have not loaded already) unless the ``accurate_short_texts`` option
  asks for the expensive way. A news article is rarely that short, and a
  short text's guess comes with its (lower) confidence either way.
"""

from __future__ import annotations

import functools
from typing import Any

from lingua import LanguageDetector, LanguageDetectorBuilder

from generator import hookimpl
from generator.model import Article, LanguageGuess
from generator.settings import Settings

PLUGIN = "language"  # the name the host registers this plugin under, for its options
METHOD = "lingua"

# lingua's own threshold, in letters: below it, high-accuracy mode uses 1- to 5-grams.
SHORT_TEXT = 120
# The language of an article shows in its first paragraphs: lingua's cost grows
# faster than the text (measured per 3 KB article: 9 ms whole, 3.8 ms for the
# first 2,000 characters), and some 300 words leave no doubt about a language.
MAX_CHARS = 2_000


@functools.cache
def detector() -> LanguageDetector:
    """The detector for all languages, high-accuracy mode, models loaded lazily; built once per process."""
    return LanguageDetectorBuilder.from_all_languages().build()


@functools.cache
def short_text_detector() -> LanguageDetector:
    """A trigram-only detector for all languages, for texts under 120 letters (see the module doc)."""
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect(text: str, *, accurate_short_texts: bool = False) -> LanguageGuess | None:
    """The most likely language of ``text`` with lingua's confidence, or None if lingua has no guess.

    The confidence is lingua's relative confidence (0..1) of the top language;
    short and mixed texts get low values, which callers should heed.
    """
    sample = _sample(text)
    if not sample:
        return None
    short = not accurate_short_texts and sum(char.isalpha() for char in sample) < SHORT_TEXT
    values = (short_text_detector() if short else detector()).compute_language_confidence_values(sample)
    if not values or values[0].value <= 0.0:
        # No letters lingua knows (digits, emoji, an unknown script): no guess.
        return None
    top = values[0]
    return LanguageGuess(lang=top.language.iso_code_639_1.name.lower(), confidence=top.value, method=METHOD)


def _sample(text: str) -> str:
    text = text.strip()
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_CHARS)
    return text[: cut if cut > 0 else MAX_CHARS]


@hookimpl
def parallax_language(article: Article, settings: Settings) -> LanguageGuess | None:
    """Detect the article's language from its clean text (its body if the text is empty)."""
    options = settings.plugin_options(PLUGIN)
    return detect(
        article.text or article.body, accurate_short_texts=bool(options.get("accurate_short_texts", False))
    )


@hookimpl
def parallax_options() -> dict[str, Any]:
    """The language plugin's one option."""
    return {
        "accurate_short_texts": (
            bool,
            False,
            "Use lingua's high-accuracy mode on texts under 120 letters too "
            "(loads about 900 MB of models per process).",
        )
    }
