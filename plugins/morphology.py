"""Russian and Ukrainian morphology: pymorphy3's analysers, shared by the plugins that need them.

Names in these languages change with grammatical case ("Ткаченко",
"Ткаченка"); the dictionaries say which form is a first name, a surname or a
place, and what its nominative is. Each analyser loads its dictionaries once
per process (tens of megabytes), so the entity extractor and the linker use
the same one.
"""

from __future__ import annotations

from functools import cache

LANGUAGES = ("ru", "uk")


def analyzer(lang: str | None) -> object | None:
    """pymorphy3's analyser for Russian or Ukrainian (Russian for any other language code);
    None when pymorphy3 or that language's dictionaries are not installed."""
    return _load("uk" if lang == "uk" else "ru")


@cache
def _load(lang: str) -> object | None:
    try:
        import pymorphy3
    except ImportError:
        return None
    try:
        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:  # a missing dictionary package: the callers fall back on other cues
        return None
