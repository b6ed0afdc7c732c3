"""The MkDocs side: a thin adapter from MkDocs events to the Parallax host.

``mkdocs build`` runs the analysis once, stages the generated Markdown in a
cache folder and points MkDocs' ``docs_dir`` at it, so that
mkdocs-static-i18n sees real files for every UI language. The corpus folder
is only ever read.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape
from mkdocs import utils as mkdocs_utils
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError as MkDocsPluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.meta import get_data

from generator.anchors import AnchorIds, AnchorLinks
from generator.errors import ParallaxError
from generator.manager import plugin_manager
from generator.memory import return_freed_memory
from generator.model import Problem
from generator.navigation import PrunedNavigation
from generator.pipeline import story_reports
from generator.settings import Settings
from generator.sitemap import Sitemap
from generator.staging import render

log = get_plugin_logger("parallax")

CSS = "assets/parallax.css"
OVERRIDES = Path(__file__).resolve().parent.parent / "site_templates" / "overrides"
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_HREFLANG_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_THEME_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
SEARCH_INDEX = "search/search_index.json"
# Where Material keeps lunr's stemmers, one file per language it can stem (lunr.<code>.min.js).
_LUNR = "assets/javascripts/lunr/min"


class ParallaxConfig(base.Config):
    """The ``parallax`` block of mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    # The corpus: one folder per story. Defaults to MkDocs' docs_dir.
    content_dir = c.Optional(c.Type(str))
    # Where generated Markdown is staged for MkDocs; a cache, removed and rewritten freely.
    build_dir = c.Type(str, default=".cache/parallax/docs")
    # A folder whose templates and strings/<lang>.yml override the built-in ones by name.
    templates_dir = c.Optional(c.Type(str))
    # Extra plugin modules to load, as dotted names; and plugin names to switch off.
    plugins = c.ListOfItems(c.Type(str), default=[])
    disabled = c.ListOfItems(c.Type(str), default=[])
    max_file_size = c.Type(int, default=5_000_000)
    # Per-article results are cached here, keyed by the article, the plugins and the options.
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/parallax/articles")
    # Where the per-article stages run: auto, serial, process (a pool), dask (a cluster).
    executor = c.Choice(("auto", "serial", "process", "dask"), default="auto")
    workers = c.Type(int, default=0)  # 0: one per core
    dask_address = c.Optional(c.Type(str))  # e.g. tcp://scheduler:8786
    # Per-plugin options: {plugin name: {option: value}}.
    options = c.Type(dict, default={})
    # Of a navigation section with more sections than this in it (the stories of a large site),
    # a page's sidebar lists only the one the page is in, not all of them on every page.
    nav_max_sections = c.Type(int, default=50)

    def validate(self):
        """Refuse unknown keys: a misspelled option must not be ignored silently."""
        failed, warnings = super().validate()
        for key, message in list(warnings):
            if message.startswith("Unrecognised configuration name"):
                warnings.remove((key, message))
                failed.append((key, c.ValidationError(f"unknown option '{key}' of the parallax plugin")))
        return failed, warnings


def ui_languages(config: MkDocsConfig) -> tuple[tuple[str, ...], str]:
    """The UI languages and the default one, from the i18n plugin (or the theme's language)."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        languages = [lang for lang in i18n.config.languages if lang.build]
        default = next((lang.locale for lang in languages if lang.default), languages[0].locale)
        return tuple(lang.locale for lang in languages), default
    theme_lang = config.theme.get("language") or "en"
    return (theme_lang,), theme_lang


def settings_from(plugin_config: ParallaxConfig, config: MkDocsConfig, strict: bool = False) -> Settings:
    """Parallax settings from the validated mkdocs.yml, paths relative to the config file."""
    root = Path(config.config_file_path or ".").resolve().parent
    languages, default = ui_languages(config)
    content = plugin_config.content_dir or config.docs_dir
    templates = plugin_config.templates_dir
    return Settings(
        content_dir=(root / content).resolve(),
        build_dir=(root / plugin_config.build_dir).resolve(),
        ui_languages=languages,
        default_language=default,
        strict=strict,
        disabled=tuple(plugin_config.disabled),
        plugins=tuple(plugin_config.plugins),
        templates_dir=(root / templates).resolve() if templates else None,
        max_file_size=plugin_config.max_file_size,
        options={k: dict(v or {}) for k, v in plugin_config.options.items()},
        executor=plugin_config.executor,
        workers=plugin_config.workers,
        dask_address=plugin_config.dask_address,
        cache_dir=(root / plugin_config.cache_dir).resolve() if plugin_config.cache else None,
        directory_urls=bool(config.use_directory_urls),
    )


def log_problems(problems: Iterable[Problem], logger: logging.Logger | logging.LoggerAdapter) -> None:
    """Every problem as a warning (an error for a failing plugin): ``--strict`` fails on them."""
    for problem in problems:
        # Messages may carry text from the input: no control or bidi character reaches the log.
        text = _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], str(problem))
        (logger.error if problem.severity == "error" else logger.warning)(text)


def _front_matter(path: str) -> dict:
    """The YAML front matter of a page's source, read up to its end and no further."""
    head: list[str] = []
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle):
            head.append(line)
            if number == 0 and line.rstrip() != "---":
                return {}
            if number > 0 and line.rstrip() in ("---", "..."):
                break
            if number > 200:
                return {}
    _, meta = get_data("".join(head))
    return meta if isinstance(meta, dict) else {}


def _title_unread_pages(files: Files) -> None:
    """Give the pages a dirty build did not read (``mkdocs serve --dirty``) their titles.

    MkDocs reads only the pages whose source changed; the others have no
    title, and the navigation of every page it writes showed them as "None".
    Their front matter (every staged page has a title there) is all that is read.
    """
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.markdown is not None or not file.abs_src_path:
            continue
        try:
            title = _front_matter(file.abs_src_path).get("title")
        except OSError:
            continue
        if isinstance(title, str) and title:
            page.markdown = ""  # read, as far as MkDocs' title goes: the title is the front matter's
            page.meta = {"title": title}


def _own_sitemap_template(config: MkDocsConfig) -> bool:
    """Whether the site has a sitemap template of its own (in the theme's ``custom_dir``),
    which MkDocs then renders as it would without Parallax."""
    custom = config.theme.custom_dir
    return bool(custom) and (Path(custom) / "sitemap.xml").is_file()


def _forget_urls() -> None:
    """Empty MkDocs' caches of normalized URLs, which grow by every URL of every language.

    ``mkdocs.utils`` keeps each path it normalizes, without bound, and a
    language's build normalizes every link of every page: on a large site,
    every language's pages' URLs pile up. Private to MkDocs: if they are
    gone or renamed, nothing is done.
    """
    for name in ("_norm_parts", "_get_norm_url"):
        clear = getattr(getattr(mkdocs_utils, name, None), "cache_clear", None)
        if callable(clear):
            clear()


@dataclass(frozen=True, slots=True)
class _SitemapPage:
    """What a sitemap reads of a built page."""

    canonical_url: str | None
    abs_url: str | None
    update_date: str | None
    is_link: bool = False


@dataclass(frozen=True, slots=True)
class _SitemapFile:
    """What a sitemap reads of a built file: its URL, its page, its alternates' URLs."""

    url: str
    page: _SitemapPage | None
    alternates: dict[str, _SitemapFile | None]

    @classmethod
    def of(cls, file, alternates: bool = True) -> _SitemapFile | None:
        if file is None:
            return None
        page = getattr(file, "page", None)
        slim = None
        if page is not None:
            slim = _SitemapPage(
                canonical_url=getattr(page, "canonical_url", None),
                abs_url=getattr(page, "abs_url", None),
                update_date=getattr(page, "update_date", None),
                is_link=bool(getattr(page, "is_link", False)),
            )
        others = getattr(file, "alternates", None) if alternates else None
        return cls(
            url=file.url,
            page=slim,
            alternates={k: cls.of(v, alternates=False) for k, v in others.items()} if others else {},
        )


def _spool_file(folder: Path | None):
    """A temporary file, removed once closed, in ``folder`` (the project's cache: the system's
    temporary folder may be in memory), or the system's when there is none."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryFile(dir=folder)  # closed by its owner, or when collected


class _PackedEntries:
    """One UI language's search entries, encoded as the search index writes them (each page's
    as it is written) and spooled to a temporary file: a language's index holds the text of
    every page, and the default language's waits for the last language's build.

    ``prefix`` is the language's folder: its entries' locations are made relative to it (each
    language has an index of its own, in its folder), and entries outside it are left out.
    """

    def __init__(self, lang: str, prefix: str, folder: Path | None = None) -> None:
        self.lang = lang
        self.prefix = prefix
        self.count = 0
        self.head = ""  # the index's text before the entries, given by finish()
        self._spool = _spool_file(folder)

    def add(self, entries: Iterable[dict]) -> None:
        for entry in entries:
            if self.prefix:
                location = entry.get("location")
                if not isinstance(location, str) or not location.startswith(self.prefix):
                    continue
                entry = {**entry, "location": location[len(self.prefix) :]}
            text = json.dumps(entry, separators=(",", ":"), default=str)
            self._spool.write(f"{',' if self.count else ''}{text}".encode())
            self.count += 1

    def finish(self, head: str) -> None:
        """No more entries; ``head`` is the index's text before them."""
        self.head = head

    def write(self, path: Path) -> None:
        """Write the index, its entries copied from the spool, and remove the spool."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._spool, path.open("wb") as out:
            out.write(self.head.encode())
            self._spool.seek(0)
            shutil.copyfileobj(self._spool, out)
            out.write(b"]}")


class _PageSpool:
    """Converted pages' HTML, each compressed, in a temporary file until the page is written."""

    def __init__(self, folder: Path | None = None) -> None:
        self._file = _spool_file(folder)
        self._end = 0

    def put(self, html: str) -> tuple[int, int]:
        """Set ``html`` aside; where it is, for :meth:`get`."""
        data = zlib.compress(html.encode("utf-8", "surrogatepass"), 1)
        self._file.seek(self._end)
        self._file.write(data)
        where = (self._end, len(data))
        self._end += len(data)
        return where

    def get(self, where: tuple[int, int]) -> str:
        offset, length = where
        self._file.seek(offset)
        return zlib.decompress(self._file.read(length)).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self._file.close()


class ParallaxPlugin(BasePlugin[ParallaxConfig]):
    """``plugins: [parallax]`` in mkdocs.yml."""

    def __init__(self) -> None:
        self.analysed = False  # the analysis runs once per plugin instance (see on_config)
        self.settings: Settings | None = None
        self.titles: dict[str, str] = {}
        self.scripts: list[str] = []
        # The search entries of the language being built, packed as its pages are written; and
        # the default language's index, kept until the i18n plugin has merged all languages'
        # indexes into the root one, which it replaces.
        self.packed: _PackedEntries | None = None
        self.search_index: _PackedEntries | None = None
        # The navigation and files of the language being built, the navigation as each page shows it.
        self.navigation: PrunedNavigation | None = None
        self.files: Files | None = None
        # Every language's sitemap entries, spooled as each language's build ends (see
        # generator.sitemap); None when the theme's sitemap template is left to write it.
        self.sitemap: Sitemap | None = None
        # The HTML of the language's converted pages, until each is written (see on_page_content).
        self.page_spool: _PageSpool | None = None

    @event_priority(100)  # before mkdocs-static-i18n reads docs_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        # mkdocs-static-i18n calls build() again for each language, and with it
        # on_config: the analysis runs once per plugin instance.
        if not self.analysed:
            settings = settings_from(self.config, config, strict=bool(config.strict))
            try:
                pm = plugin_manager(disabled=settings.disabled, modules=settings.plugins)
                # Story by story: each story is analysed, rendered in every UI language and let
                # go, so that a large corpus's analysis is never whole in memory.
                found: list[Problem] = []
                problems: list[Problem] = []
                staged = render(story_reports(settings, pm, found), found, pm, settings, problems)
            except (ParallaxError, ValueError) as exc:
                raise MkDocsPluginError(f"parallax: {exc}") from exc
            self.settings = settings
            self.titles = staged.titles
            self.scripts = [p for p in staged.paths if p.startswith("assets/") and p.endswith(".js")]
            log_problems([*found, *problems], log)
            self.analysed = True
            return_freed_memory()  # the analysis's, before MkDocs reads the pages
            config.watch.append(str(settings.content_dir))
            if settings.templates_dir:
                config.watch.append(str(settings.templates_dir))
        assert self.settings is not None
        config.docs_dir = str(self.settings.build_dir)
        if str(OVERRIDES) not in config.theme.dirs:
            # After a user's custom_dir (which may override ours), before the theme.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        # Scripts the renderers ship (sortable tables...), all local: the site works offline.
        for script in self.scripts:
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        if not _own_sitemap_template(config):
            config.theme.static_templates.discard("sitemap.xml")  # written once, at the end
            i18n = self._i18n(config)
            if i18n is None or not getattr(i18n, "building", False):  # the first language's build
                self.sitemap = Sitemap(config.site_url or "", _spool_file(self._spool_dir()))
        return config

    def on_serve(self, server, config: MkDocsConfig, builder):
        """Watch the corpus (``config.watch``), not the staging folder MkDocs takes for docs_dir.

        Each build rewrites the staged pages of what changed: watched, they made
        ``mkdocs serve`` build everything a second time after each change.
        """
        if self.config.enabled and self.settings is not None:
            with contextlib.suppress(KeyError):  # not watched: mkdocs serve --no-livereload
                server.unwatch(str(self.settings.build_dir))
        return server

    @event_priority(-300)  # after mkdocs-static-i18n has made this language's files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Remember where each link leads: MkDocs looks its target up once per link.

        A claims table has a link per source and claim, tens of thousands to the
        same few dozen pages, and mkdocs-static-i18n's lookup of a link's
        target builds paths in several ways each time. Each path found is kept
        for the rest of this language's build (files are not added once the
        pages are read); a path not found is looked up again.

        MkDocs copies a theme's files but its templates: the sitemap's, no
        longer rendered by MkDocs (Parallax writes the sitemap), would be
        copied as it is, a Jinja template, until the sitemap replaced it.
        """
        if not self.config.enabled:
            return files
        if self.sitemap is not None:
            theme_dirs = {os.path.normpath(folder) for folder in config.theme.dirs}
            for file in [f for f in files if f.src_uri == "sitemap.xml"]:
                if file.src_dir and os.path.normpath(file.src_dir) in theme_dirs:
                    files.remove(file)
        lookup = files.get_file_from_path
        found: dict[str, object] = {}

        def get_file_from_path(path: str):
            target = found.get(path)
            if target is None:
                target = lookup(path)
                if target is not None:
                    found[path] = target
            return target

        files.get_file_from_path = get_file_from_path  # type: ignore[method-assign]
        return files

    @event_priority(-200)  # after mkdocs-static-i18n has built this language's navigation
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Name each section after its index page (a story's title, not its folder's name)."""
        if not self.config.enabled:
            return nav

        def visit(items: list) -> None:
            for item in items:
                if isinstance(item, Section):
                    index = next(
                        (c for c in item.children if isinstance(c, MkDocsPage) and c.file.name == "index"),
                        None,
                    )
                    if index is not None and index.file.src_uri in self.titles:
                        # Material prints section titles as they are: a story title is untrusted.
                        item.title = str(escape(self.titles[index.file.src_uri]))
                    visit(item.children)

        visit(nav.items)
        features = config.theme.get("features") or ()
        self.navigation = PrunedNavigation(nav, features, max(0, self.config.nav_max_sections))
        self.files = files  # this language's, let go of once it is built (see _release_language)
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        if self.config.enabled:
            _title_unread_pages(files)
        env.filters["parallax_without_hreflang"] = lambda html: Markup(_HREFLANG_LINK.sub("", str(html)))
        if self._i18n(config) is not None:
            env.filters["parallax_language_search"] = self._language_search
        else:
            env.filters["parallax_language_search"] = Markup  # one language: the root index is its own
        return env

    # -- search: one index per UI language ------------------------------------------------
    #
    # mkdocs-static-i18n builds the languages one after the other into one site and merges
    # their search entries into one index at the site's root, which Material's search loads
    # from every page (``<base>/search/search_index.json``): a search from an Italian page
    # would find every language's pages, stemmed as no language in particular. Instead each
    # language other than the default gets its own index in its folder (``it/search/...``),
    # with its locations relative to that folder and lunr's stemmer for that language only,
    # and its pages' theme configuration points Material's ``base`` at that folder; the
    # root index keeps the default language's pages.

    def _spool_dir(self) -> Path | None:
        """Where the build's temporary files go: beside the staged pages, in the project's cache."""
        return self.settings.build_dir.parent if self.settings is not None else None

    def _i18n(self, config: MkDocsConfig):
        i18n = config.plugins.get("i18n")
        return i18n if i18n is not None and self.config.enabled else None

    def _search_plugin(self, config: MkDocsConfig):
        for name in ("search", "material/search"):
            plugin = config.plugins.get(name)
            if plugin is not None and getattr(plugin, "search_index", None) is not None:
                return plugin
        return None

    def _page_language(self, url: str) -> str | None:
        """The UI language whose folder holds a page (by its URL), None for the default language."""
        if self.settings is None:
            return None
        for lang in self.settings.ui_languages:
            if lang != self.settings.default_language and (url == lang or url.startswith(f"{lang}/")):
                return lang
        return None

    @jinja2.pass_context
    def _language_search(self, context, html: str) -> Markup:
        """Material's configuration script with ``base`` at the page's language folder (see above)."""
        page = context.get("page")
        url = getattr(page, "url", None)
        lang = self._page_language(url) if isinstance(url, str) else None
        if lang is None:
            return Markup(html)

        def rebase(match: re.Match) -> str:
            try:
                data = json.loads(match.group(2))
            except ValueError:
                return match.group(0)
            if not isinstance(data, dict) or not isinstance(data.get("base"), str):
                return match.group(0)
            # base_url leads from the page to the site's root; the language's root is one folder
            # further. The trailing slash matters: Material resolves the index against it.
            data["base"] = posixpath.normpath(f"{data['base']}/{lang}") + "/"
            return f"{match.group(1)}{htmlsafe_json_dumps(data)}{match.group(3)}"

        return Markup(_THEME_CONFIG.sub(rebase, str(html)))

    def _search_lang(self, lang: str, config: MkDocsConfig) -> list[str]:
        """lunr's language for a UI language: its own stemmer when Material ships one, else English."""
        code = lang.split("-")[0].lower()
        if code == "en":
            return ["en"]
        for folder in config.theme.dirs:
            if (Path(folder) / _LUNR / f"lunr.{code}.min.js").is_file():
                return [code]
        return ["en"]

    def _take_search_entries(self, config: MkDocsConfig) -> _PackedEntries | None:
        """Move the search entries made so far into this language's packed ones; those, or None
        when the index is left to the search plugin (no i18n, or a dirty reload)."""
        i18n, search = self._i18n(config), self._search_plugin(config)
        if i18n is None or search is None or self.settings is None or getattr(search, "is_dirty", False):
            return None
        lang = getattr(i18n, "current_language", None)
        held = getattr(search.search_index, "entries", None)
        if lang not in self.settings.ui_languages or not isinstance(held, list):
            return None
        if self.packed is None or self.packed.lang != lang:
            prefix = "" if lang == self.settings.default_language else f"{lang}/"
            self.packed = _PackedEntries(lang, prefix, self._spool_dir())
        # Taken as they come, not left for the search plugin to hold (every page's text of a
        # language) nor for mkdocs-static-i18n to stack up: it would keep every language's
        # entries to the end and de-duplicate them pairwise (quadratic: most of a large site's
        # build), only for the merged index that is replaced here.
        self.packed.add(held)
        held.clear()
        return self.packed

    @event_priority(-50)  # after the search plugin wrote this language's index, before i18n merges
    def _search_per_language(self, config: MkDocsConfig) -> None:
        packed = self._take_search_entries(config)
        if packed is None:
            return
        self.packed = None
        assert self.settings is not None
        packed.finish(self._search_index_head(config, self._search_plugin(config), packed.lang))
        if packed.lang == self.settings.default_language:
            self.search_index = packed  # written once mkdocs-static-i18n has written its merged index
        else:
            packed.write(Path(config.site_dir) / packed.lang / SEARCH_INDEX)

    @event_priority(-200)  # after mkdocs-static-i18n built every language and merged their indexes
    def _search_default_language(self, config: MkDocsConfig) -> None:
        i18n, search = self._i18n(config), self._search_plugin(config)
        if i18n is None or search is None or self.settings is None or getattr(i18n, "building", False):
            return  # no i18n, or one language's build inside i18n's loop: nothing merged yet
        if self.search_index is not None:
            self.search_index.write(Path(config.site_dir) / SEARCH_INDEX)
            self.search_index = None

    @event_priority(-90)  # after MkDocs checked this language's anchors, before i18n builds the next
    def _release_language(self, config: MkDocsConfig) -> None:
        """Spool a built language's sitemap entries and let go of what nothing reads any more.

        mkdocs-static-i18n keeps every language's pages to the end for the
        sitemap template, and with them every file of that language's build
        (through each page's alternates), each page's table of contents,
        anchors and anchor links (a claims table links tens of thousands), and
        the navigation: on a large site, six languages of it. Parallax writes
        the sitemap itself (see :mod:`generator.sitemap`): this language's
        entries go to the spool, and mkdocs-static-i18n keeps nothing of it.
        With a sitemap template of the site's own, it keeps what a sitemap
        reads (:class:`_SitemapFile`). MkDocs has checked this language's
        anchors by now (just before ``post_build``).
        """
        if not self.config.enabled:
            return
        i18n = self._i18n(config)
        held = getattr(i18n, "i18n_files_per_language", None)
        lang = getattr(i18n, "current_language", None)
        built = self.files.documentation_pages() if self.files is not None else []
        if self.sitemap is not None:
            self.sitemap.add(built)
        if isinstance(held, dict) and isinstance(held.get(lang), list):
            held[lang] = [] if self.sitemap is not None else [_SitemapFile.of(file) for file in held[lang]]
        # MkDocs itself keeps the first language's files, navigation and pages (in its build(),
        # from which mkdocs-static-i18n builds all the others) to the end. Their anchors and links
        # to anchors are checked by now; their tables of contents and the files of their other
        # languages (each page's alternates) were for their own HTML, written by now.
        for file in built:
            page = file.page
            if page is not None:
                page.present_anchor_ids = None
                page.links_to_anchors = None
                page.toc = TableOfContents([])
            if getattr(file, "alternates", None):
                file.alternates = {}
        if self.files is not None:
            self.files.__dict__.pop("get_file_from_path", None)  # the link targets remembered (on_files)
        self.files = None
        self.navigation = None
        if self.page_spool is not None:
            self.page_spool.close()
            self.page_spool = None
        _forget_urls()
        return_freed_memory()  # before the next language's build: see generator.memory

    @event_priority(-200)  # after mkdocs-static-i18n built every language
    def _write_sitemap(self, config: MkDocsConfig) -> None:
        i18n = self._i18n(config)
        if self.sitemap is None or (i18n is not None and getattr(i18n, "building", False)):
            return  # the sitemap template's, or one language's build inside i18n's loop
        self.sitemap.write(Path(config.site_dir))
        self.sitemap = None

    on_post_build = CombinedEvent(
        _search_per_language, _release_language, _search_default_language, _write_sitemap
    )

    def _search_index_head(self, config: MkDocsConfig, search, lang: str) -> str:
        """A language's search index up to its entries: the same keys as the search plugin
        writes (Material's worker reads them), and lunr's language for that language."""
        keys = ("separator", "pipeline", "fields")
        settings = {"lang": self._search_lang(lang, config), **{k: search.config[k] for k in keys}}
        return f'{{"config":{json.dumps(settings, separators=(",", ":"), default=str)},"docs":['

    # -- memory: a page's HTML set aside from its conversion until it is written ---------

    @event_priority(-100)  # after every other plugin has changed the page's HTML
    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        """Set a converted page's HTML aside, let go of its Markdown, pack its anchors.

        MkDocs converts every page of a language before it writes the first,
        and keeps each page's Markdown and HTML meanwhile: about 220 MB per
        1,000 articles, because a str takes two or four bytes a character as
        soon as one character of it is outside Latin-1 (a Cyrillic word, a
        check mark), so over 2 GB for 10,000 articles. The HTML goes,
        compressed, to a temporary file (:class:`_PageSpool`); nothing reads
        the Markdown again once converted. The HTML is restored just before
        the page is written (see :meth:`_restore_content`). The page's anchors
        and links to anchors, kept until every page is written, are packed
        (see :mod:`generator.anchors`).
        """
        if not self.config.enabled:
            return html
        if self.page_spool is None:
            self.page_spool = _PageSpool(self._spool_dir())
        page.parallax_html = self.page_spool.put(html)
        page.markdown = ""  # not None: MkDocs takes a page without Markdown for one without a title
        # Kept until MkDocs checks every link to an anchor, after the last page: packed meanwhile.
        page.present_anchor_ids = AnchorIds.pack(getattr(page, "present_anchor_ids", None))
        page.links_to_anchors = AnchorLinks.pack(getattr(page, "links_to_anchors", None))
        return ""

    @event_priority(100)  # before any other plugin reads the page's HTML (the search index does)
    def _restore_content(self, context, page, config: MkDocsConfig, nav):
        held = getattr(page, "parallax_html", None)
        if held is not None and self.page_spool is not None:
            page.content = self.page_spool.get(held)
            del page.parallax_html
        return context

    @event_priority(-50)  # after mkdocs-static-i18n has set this page's language links
    def _relative_alternates(self, context, page, config: MkDocsConfig, nav):
        """Make root-absolute language links relative, so the site works from any sub-path."""
        base = urlsplit(config.site_url or "").path.rstrip("/")
        # mkdocs-static-i18n sets ``config.extra.alternate`` as an attribute: read it the same way.
        for alternate in getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []:
            link = alternate.get("link", "")
            if link.startswith("/") and not link.startswith("//"):
                link = link[len(base) :] if base and link.startswith(base + "/") else link
                alternate["link"] = link.lstrip("/") or "./"
        return context

    @event_priority(-100)  # after every other plugin has seen the page's context
    def _page_navigation(self, context, page, config: MkDocsConfig, nav):
        """The navigation as the page shows it (see :mod:`generator.navigation`)."""
        if self.navigation is not None and context.get("nav") is self.navigation.nav:
            context["nav"] = self.navigation.view()
        return context

    on_page_context = CombinedEvent(_restore_content, _relative_alternates, _page_navigation)

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        """Let go of a written page's HTML (and Markdown, if :meth:`on_page_content` did not).

        MkDocs keeps every page's source and HTML until the build ends, and
        mkdocs-static-i18n builds the languages one after the other in one
        process: on a large corpus, six languages of pages would stay in
        memory. What comes after this (the anchor check, the sitemap, the
        search index, already filled) needs neither.
        """
        if self.config.enabled:
            # Not None: MkDocs gives a page without Markdown no title, and the navigation of
            # the pages written after this one shows its title (as "None" it did).
            page.markdown = ""
            page.content = None
            self._take_search_entries(config)  # this page's, indexed by now
        return output
