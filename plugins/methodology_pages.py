"""Built-in renderer: the Methodology page, ``methodology.md`` in every UI language.

The page tells journalists and fact-checkers how Parallax reads, cleans and
compares articles, and where it goes wrong. Its prose is static Markdown,
Parallax's own text (never article text), one file per UI language:
``site_templates/methodology/<lang>.md``. A file of the same name in the
user's ``templates_dir/methodology/`` replaces the built-in one, as a user's
template replaces a built-in template; a UI language without a file of its
own (the user's or the built-in one) gets the default language's text. The
title comes from the string catalogue (``<lang>.methodology.yml``), and the
heading, the title and the link back home are escaped like every catalogue
string.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from generator import hookimpl
from generator.errors import ParallaxError
from generator.markup import md_link, md_text, yaml_string
from generator.model import Page
from generator.settings import Settings
from generator.strings import Catalog

PATH = "methodology.md"
HOME = "index.md"
FOLDER = "methodology"
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "site_templates" / FOLDER
# A language code names a file: nothing but letters, digits, '-' and '_' (never a path).
_CODE = re.compile(r"[A-Za-z0-9_-]+")


@hookimpl
def parallax_site_pages(lang: str, strings: Catalog, settings: Settings) -> list[Page]:
    """The methodology page of UI language ``lang`` (the default language's text when it has none)."""
    body = methodology_text(lang, settings.default_language, settings.templates_dir)
    title = strings("methodology_title")
    markdown = (
        f"---\ntitle: {yaml_string(title)}\n---\n\n"
        f"# {md_text(title)}\n\n"
        f"{md_link(strings('back_home'), HOME)}\n\n"
        f"{body.strip()}\n"
    )
    return [Page(PATH, markdown, title)]


def source(lang: str, default: str, user_dir: Path | None = None) -> Path:
    """The file the methodology of ``lang`` is read from.

    In order: the user's ``<lang>.md``, the built-in one, then the same two for
    the default language.
    """
    folders = [user_dir / FOLDER if user_dir is not None else None, BUILTIN_DIR]
    for code in dict.fromkeys((lang, default)):
        if not _CODE.fullmatch(code):
            continue
        for folder in folders:
            if folder is not None and (folder / f"{code}.md").is_file():
                return folder / f"{code}.md"
    raise ParallaxError(
        f"no methodology text for UI language '{lang}' nor for the default language '{default}': "
        f"add {FOLDER}/{default}.md to your templates folder"
    )


def methodology_text(lang: str, default: str, user_dir: Path | None = None) -> Markup:
    """The Markdown of the methodology for ``lang``: Parallax's (or the user's) own text, as it is."""
    path = source(lang, default, user_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParallaxError(f"{path}: cannot read the methodology text: {exc}") from exc
    # Trusted text (shipped with Parallax or written by the site's owner), never an article's.
    return Markup(text)
