"""The `parallax` command: build the site, run the analysis only, list plugins."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import ParallaxError
from generator.manager import describe, plugin_manager
from generator.mkdocs_plugin import log_problems, settings_from
from generator.pipeline import run
from generator.report import report_json

log = logging.getLogger("parallax")

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


@main.command()
@config_option
@click.option("-s", "--strict", is_flag=True, help="Fail on any warning (a bad input, a failing plugin).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), help="Where to write the site.")
def build(config_file: Path, strict: bool, site_dir: str | None) -> None:
    """Analyse the corpus and build the site (the same as `mkdocs build`)."""
    overrides: dict[str, object] = {"strict": strict}
    if site_dir:
        overrides["site_dir"] = site_dir
    config = _load(config_file, **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except MkDocsException as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
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
def extract(config_file: Path, strict: bool, output: Path) -> None:
    """Run the analysis only and write report.json, without building HTML."""
    config = _load(config_file)
    plugin = config.plugins.get("parallax")
    if plugin is None:
        raise click.ClickException(f"{config_file} does not enable the parallax plugin")
    settings = settings_from(plugin.config, config, strict=strict)
    try:
        pm = plugin_manager(disabled=settings.disabled, modules=settings.plugins)
        report = run(settings, pm)
    except ParallaxError as exc:
        raise click.ClickException(str(exc)) from exc
    log_problems(report, log)
    text = report_json(report, settings.default_language)
    if str(output) == "-":
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        log.info("wrote %s: %d stories, %d articles", output, len(report.stories), len(report.results))
    if strict and report.problems:
        raise click.ClickException(f"{len(report.problems)} problem(s) reported, and --strict is set")


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
