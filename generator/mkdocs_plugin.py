"""The MkDocs side: a thin adapter from MkDocs events to the Parallax host.

``mkdocs build`` runs the analysis once, stages the generated Markdown in a
cache folder and points MkDocs' ``docs_dir`` at it, so that
mkdocs-static-i18n sees real files for every UI language. The corpus folder
is only ever read.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError as MkDocsPluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage

from generator.errors import ParallaxError
from generator.manager import plugin_manager
from generator.model import Report
from generator.pipeline import run
from generator.settings import Settings
from generator.staging import render, stage

log = get_plugin_logger("parallax")

CSS = "assets/parallax.css"
OVERRIDES = Path(__file__).resolve().parent.parent / "site_templates" / "overrides"
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_HREFLANG_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


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
    )


def log_problems(report: Report, logger: logging.Logger | logging.LoggerAdapter) -> None:
    """Every problem as a warning (an error for a failing plugin): ``--strict`` fails on them."""
    for problem in report.problems:
        # Messages may carry text from the input: no control or bidi character reaches the log.
        text = _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], str(problem))
        (logger.error if problem.severity == "error" else logger.warning)(text)


class ParallaxPlugin(BasePlugin[ParallaxConfig]):
    """``plugins: [parallax]`` in mkdocs.yml."""

    def __init__(self) -> None:
        self.report: Report | None = None
        self.settings: Settings | None = None
        self.titles: dict[str, str] = {}
        self.scripts: list[str] = []

    @event_priority(100)  # before mkdocs-static-i18n reads docs_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        # mkdocs-static-i18n calls build() again for each language, and with it
        # on_config: the analysis runs once per plugin instance.
        if self.report is None:
            settings = settings_from(self.config, config, strict=bool(config.strict))
            try:
                pm = plugin_manager(disabled=settings.disabled, modules=settings.plugins)
                report = run(settings, pm)
                problems = list(report.problems)
                staged = render(report, pm, settings, problems)
                stage(staged.files, settings)
            except (ParallaxError, ValueError) as exc:
                raise MkDocsPluginError(f"parallax: {exc}") from exc
            self.settings = settings
            self.titles = staged.titles
            self.scripts = sorted(p for p in staged.files if p.startswith("assets/") and p.endswith(".js"))
            self.report = replace(report, problems=tuple(problems))
            log_problems(self.report, log)
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
        return config

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
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        env.filters["parallax_without_hreflang"] = lambda html: Markup(_HREFLANG_LINK.sub("", str(html)))
        return env

    @event_priority(-50)  # after mkdocs-static-i18n has set this page's language links
    def on_page_context(self, context, page, config: MkDocsConfig, nav):
        """Make root-absolute language links relative, so the site works from any sub-path."""
        base = urlsplit(config.site_url or "").path.rstrip("/")
        # mkdocs-static-i18n sets ``config.extra.alternate`` as an attribute: read it the same way.
        for alternate in getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []:
            link = alternate.get("link", "")
            if link.startswith("/") and not link.startswith("//"):
                link = link[len(base) :] if base and link.startswith(base + "/") else link
                alternate["link"] = link.lstrip("/") or "./"
        return context
