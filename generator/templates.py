"""The Jinja2 environment for page templates: safe for Markdown by default.

Templates are Markdown with Jinja2 syntax (``*.md.j2``). Autoescaping is off,
because HTML escaping is the wrong escaping for Markdown; instead a
``finalize`` hook passes every ``{{ value }}`` through
:func:`generator.markup.md_text` unless the value is already
:class:`~markupsafe.Markup`. Forgetting to escape is therefore impossible;
to insert markup on purpose, build it as Markup in code (or with the ``html``,
``url``, ``link`` filters). Article text only ever reaches a template as a
variable, never as template source.

A note for template authors: with autoescaping off, a macro's output is a
plain string, so ``{{ my_macro() }}`` would be escaped a second time. Use
``{% include %}`` or loops instead of macros, or write ``{{ my_macro() | safe }}``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.markup import html_text, lang_attrs, md_link, md_text, safe_url, yaml_string

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "site_templates"


def _finalize(value: object) -> object:
    """Escape what a ``{{ }}`` prints, unless code already made it safe."""
    return value if isinstance(value, Markup) else md_text(value)


def _url(value: object) -> Markup | None:
    """The ``url`` filter: a safe http(s)/mailto URL as Markup, or None (prints nothing)."""
    url = safe_url(value)
    return Markup(url) if url is not None else None


def environment(user_dir: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment loading ``user_dir`` first, then the built-in ``site_templates/``.

    A template in the user's folder replaces the built-in template of the same
    name. Undefined variables raise (``StrictUndefined``), so a misspelled
    name fails the build instead of leaving a hole in a page.
    """
    return _environment(user_dir.resolve() if user_dir is not None else None)


@lru_cache(maxsize=8)
def _environment(user_dir: Path | None) -> jinja2.Environment:
    # Cached: each UI language renders with the same templates, and Jinja
    # keeps its compiled templates on the environment; auto_reload checks the
    # files' times, so an edited template shows on the next ``mkdocs serve`` build.
    search = [str(user_dir)] if user_dir is not None else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(BUILTIN_DIR)], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters.update(
        md=md_text,
        html=html_text,
        url=_url,
        link=md_link,
        lang=lang_attrs,
        yaml=yaml_string,
    )
    return env
