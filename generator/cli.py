"""The `parallax` command: build the site, run the analysis only, list plugins."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import click
import mkdocs.utils
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import ParallaxError
from generator.executors import EXECUTORS
from generator.hookref import reference, write_into
from generator.manager import describe, plugin_manager
from generator.mkdocs_plugin import log_problems, settings_from
from generator.pipeline import extract as extract_report
from generator.scaffold import new_plugin
from generator.staging import write_streamed

log = logging.getLogger("parallax")

# `parallax build` writes the new site into ".<site>.parallax-new-*" next to the site
# folder and moves the old one through ".<site>.parallax-old-*" on its way out.
NEW_SUFFIX = ".parallax-new-"
OLD_SUFFIX = ".parallax-old-"

config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="The site's mkdocs.yml.",
)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO, format="%(levelname)-7s -  %(message)s"
    )


def _load(config_file: Path, **overrides: object):
    try:
        return load_config(str(config_file), **overrides)
    except MkDocsException as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.version_option(package_name="parallax")
@click.option("-v", "--verbose", is_flag=True, help="Say more.")
def main(verbose: bool) -> None:
    """Parallax: compare how the world's press reports one story."""
    _setup_logging(verbose)


def _siblings(site: Path) -> list[Path]:
    """Folders an earlier, interrupted build left next to the site."""
    prefixes = (f".{site.name}{NEW_SUFFIX}", f".{site.name}{OLD_SUFFIX}")
    if not site.parent.is_dir():
        return []
    return sorted(p for p in site.parent.iterdir() if p.name.startswith(prefixes) and p.is_dir())


def _swap_in(new: Path, site: Path) -> None:
    """Put the freshly built folder ``new`` where the site is, then delete the old site.

    Two renames in the same folder: the old site is complete until the first,
    the new one from the second. A build stopped before this point leaves
    the old site as it was.
    """
    umask = os.umask(0)
    os.umask(umask)
    new.chmod(0o777 & ~umask)  # mkdtemp made it private; a web server must read the site
    if not site.exists():
        os.replace(new, site)
        return
    old = Path(tempfile.mkdtemp(dir=site.parent, prefix=f".{site.name}{OLD_SUFFIX}"))
    os.replace(site, old / site.name)
    try:
        os.replace(new, site)
    except BaseException:
        os.replace(old / site.name, site)  # interrupted between the two: the old site goes back
        raise
    shutil.rmtree(old, ignore_errors=True)


def _recover(site: Path) -> None:
    """Clear what an interrupted build left next to the site; bring back a site it had moved aside."""
    for leftover in _siblings(site):
        kept = leftover / site.name
        if leftover.name.startswith(f".{site.name}{OLD_SUFFIX}") and kept.is_dir() and not site.exists():
            os.replace(kept, site)
        shutil.rmtree(leftover, ignore_errors=True)


@main.command()
@config_option
@click.option("-s", "--strict", is_flag=True, help="Fail on any warning (a bad input, a failing plugin).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), help="Where to write the site.")
def build(config_file: Path, strict: bool, site_dir: str | None) -> None:
    """Analyse the corpus and build the site (the same as `mkdocs build`).

    The site is built in a new folder next to the site folder and put in its
    place only when the build succeeded: a failed, strict-failed or
    interrupted build leaves the previous site as it was.
    """
    overrides: dict[str, object] = {"strict": strict}
    if site_dir:
        overrides["site_dir"] = site_dir
    config = _load(config_file, **overrides)
    site = Path(config.site_dir)
    # A linked site folder stays linked: the new site goes where the link points.
    site = site.resolve() if site.is_symlink() else site.absolute()
    if site.exists() and not site.is_dir():
        raise click.ClickException(f"the site folder {site} exists and is not a folder")
    site.parent.mkdir(parents=True, exist_ok=True)
    _recover(site)
    new = Path(tempfile.mkdtemp(dir=site.parent, prefix=f".{site.name}{NEW_SUFFIX}"))
    config.site_dir = str(new)
    # mkdocs-static-i18n swaps mkdocs.utils.clean_directory out while it builds the other
    # languages and does not put it back if that build fails: put it back here.
    clean_directory = mkdocs.utils.clean_directory
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
        _swap_in(new, site)
        log.info("the site is in %s", site)
    except MkDocsException as exc:
        raise click.ClickException(f"{exc} (the previous site, if any, is unchanged)") from exc
    finally:
        mkdocs.utils.clean_directory = clean_directory
        shutil.rmtree(new, ignore_errors=True)
        config.plugins.on_shutdown()


@main.command()
@config_option
@click.option("-s", "--strict", is_flag=True, help="Exit with status 1 if anything was reported.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default="report.json",
    show_default=True,
    help="Where to write report.json ('-' for standard output).",
)
@click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    help="Where the per-article stages run (default: the config's, else auto).",
)
@click.option("-j", "--workers", type=int, help="Worker processes (0: one per core).")
@click.option(
    "--dask", "dask_address", metavar="ADDRESS", help="Run on this Dask scheduler (tcp://host:8786)."
)
@click.option("--no-cache", is_flag=True, help="Recompute every article, and do not write the cache.")
def extract(
    config_file: Path,
    strict: bool,
    output: Path,
    executor: str | None,
    workers: int | None,
    dask_address: str | None,
    no_cache: bool,
) -> None:
    """Run the analysis only and write report.json, without building HTML."""
    config = _load(config_file)
    plugin = config.plugins.get("parallax")
    if plugin is None:
        raise click.ClickException(f"{config_file} does not enable the parallax plugin")
    settings = settings_from(plugin.config, config, strict=strict)
    changes: dict[str, object] = {}
    if dask_address:
        changes |= {"executor": "dask", "dask_address": dask_address}
    if executor:
        changes["executor"] = executor
    if workers is not None:
        changes["workers"] = workers
    if no_cache:
        changes["cache_dir"] = None
    settings = dataclasses.replace(settings, **changes)
    try:
        pm = plugin_manager(disabled=settings.disabled, modules=settings.plugins)
        with ExitStack() as stack:
            with _Progress() as progress:  # the bar ends with the analysis, before the log
                extracted = stack.enter_context(extract_report(settings, pm, progress=progress))
            log_problems(extracted.problems, log)
            if str(output) == "-":
                extracted.write(sys.stdout)
            else:
                write_streamed(output, extracted.write)
                log.info("wrote %s: %d stories, %d articles", output, extracted.stories, extracted.articles)
    except ParallaxError as exc:
        raise click.ClickException(str(exc)) from exc
    if strict and extracted.problems:
        raise click.ClickException(f"{len(extracted.problems)} problem(s) reported, and --strict is set")


class _Progress:
    """A progress bar on standard error for long runs in a terminal; silent otherwise."""

    MIN_ARTICLES = 200

    def __init__(self) -> None:
        self._bar = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None and total >= self.MIN_ARTICLES and sys.stderr.isatty():
            self._bar = click.progressbar(length=total, label="Analysing articles", file=sys.stderr)
            self._bar.__enter__()
        if self._bar is not None:
            self._bar.update(done - self._bar.pos)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


@main.command("new-plugin")
@click.argument("name")
@click.option(
    "-d",
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Where to write the package folder.",
)
def new_plugin_command(name: str, directory: Path) -> None:
    """Write a plugin package parallax-NAME: pyproject with the entry point, hooks, a test."""
    try:
        folder = new_plugin(name, directory)
    except ParallaxError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {folder}: pip install -e {folder} && parallax plugins")


@main.command()
@click.option(
    "--write", "readme", type=click.Path(dir_okay=False, path_type=Path), help="Update this README's copy."
)
def hooks(readme: Path | None) -> None:
    """Print the hook reference (Markdown), generated from generator/hookspecs.py."""
    if readme is None:
        click.echo(reference())
        return
    try:
        changed = write_into(readme)
    except (OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{readme}: {'updated' if changed else 'already up to date'}")


@main.command()
@click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="The site's mkdocs.yml (its plugins and disabled lists apply when it exists).",
)
def plugins(config_file: Path) -> None:
    """List the loaded plugins as JSON: name, version, origin, hooks."""
    disabled: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    if config_file.is_file():
        config = _load(config_file)
        plugin = config.plugins.get("parallax")
        if plugin is not None:
            disabled, modules = tuple(plugin.config.disabled), tuple(plugin.config.plugins)
    try:
        pm = plugin_manager(disabled=disabled, modules=modules)
    except ParallaxError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(describe(pm), indent=2))
