"""The settings every stage sees: one frozen value, built from mkdocs.yml or the CLI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model import frozen_map


@dataclass(frozen=True)
class Settings:
    """Parallax's settings, independent of MkDocs so the CLI and tests can build them."""

    content_dir: Path
    build_dir: Path  # where generated Markdown is staged for MkDocs (a cache, never content/)
    ui_languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    strict: bool = False
    disabled: tuple[str, ...] = ()  # plugin names switched off
    plugins: tuple[str, ...] = ()  # extra plugin modules to load ("package.module")
    templates_dir: Path | None = None  # a user's folder of templates overriding built-ins
    max_file_size: int = 5_000_000  # bytes; larger inputs are reported and skipped
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=frozen_map)
    # How the per-article stages run: "auto" (a process pool when it pays), "serial",
    # "process" or "dask" (on the cluster at dask_address); workers 0 means one per core.
    executor: str = "auto"
    workers: int = 0
    dask_address: str | None = None
    cache_dir: Path | None = None  # None: no cache
    # MkDocs' use_directory_urls: how renderers write links inside raw HTML (which MkDocs
    # does not rewrite): "../claims/" when True, "claims.html" when False.
    directory_urls: bool = True

    def plugin_options(self, plugin: str) -> Mapping[str, Any]:
        """The options block a plugin was given in the config (empty if none)."""
        return self.options.get(plugin, frozen_map())
