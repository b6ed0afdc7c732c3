"""One UI language, as a renderer needs it: the catalogue escaped for Markdown, the locale's
formats, language names, and the page templates.

The built-in renderers subclass :class:`UiLanguage` with what only they need (their
date styles); a third party's renderer can use it as it is.
"""

from __future__ import annotations

from typing import Any

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from generator.labels import local_number
from generator.markup import md_format, md_text
from generator.settings import Settings
from generator.strings import Catalog
from generator.templates import environment


class UiLanguage:
    """The catalogue, the locale and the templates of UI language ``lang``."""

    def __init__(self, lang: str, strings: Catalog, settings: Settings) -> None:
        self.lang = lang
        self.strings = strings
        self.default = settings.default_language
        self.env = environment(settings.templates_dir)
        try:
            self.locale: Locale | None = Locale.parse(lang.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            # A UI language babel does not know still gets pages, with ISO dates and plain numbers.
            self.locale = None

    def t(self, key: str, **values: object) -> Markup:
        """A catalogue string escaped for Markdown, placeholders filled (values escaped unless Markup).

        A user's catalogue entry with a broken placeholder still builds: its text without values.
        """
        try:
            return md_format(self.strings(key), **values)
        except (KeyError, IndexError, ValueError):
            return md_text(self.strings(key))

    def plain(self, key: str, **values: object) -> str:
        """A catalogue string as plain text, for a context that escapes it itself (XML, JSON)."""
        return self.strings.fill(key, self.strings(key), **{k: str(v) for k, v in values.items()})

    def has(self, key: str) -> bool:
        """Whether the catalogue (or its fallback) defines ``key``."""
        return self.strings.has(key)

    def render(self, template: str, **context: Any) -> str:
        """Render a page template with the catalogue available as ``t``."""
        return self.env.get_template(template).render(t=self.t, lang=self.lang, **context)

    def number(self, value: float) -> str:
        """A number in the UI language's format (12 345, 12.345, 12,345)."""
        return local_number(value, self.lang)

    def language(self, code: str | None, unknown: str = "unknown") -> str:
        """A language's name in the UI language ("russo" in Italian), capitalised; else its code.

        Without a code: the catalogue's ``unknown`` entry.
        """
        if not code:
            return self.strings(unknown)
        name = None
        if self.locale is not None:
            names = self.locale.languages
            name = names.get(code.replace("-", "_")) or names.get(code.split("-")[0].lower())
        # Names are lower case in several languages; a cell or a label starts with a capital.
        return name[:1].upper() + name[1:] if name else code
