"""UI string catalogues: one YAML file per UI language in site_templates/strings/.

A new UI language needs only a catalogue file ``<code>.yml`` (in the built-in
folder or in the user's templates folder) and a line in mkdocs.yml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from generator.errors import ParallaxError
from generator.model import frozen_map

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "site_templates" / "strings"


@dataclass(frozen=True)
class Catalog:
    """The UI strings of one language, falling back to the default language's."""

    lang: str
    entries: Mapping[str, str]
    fallback: Mapping[str, str] = field(default_factory=frozen_map)

    def __call__(self, key: str, **values: object) -> str:
        """The string for ``key``, with ``{name}`` placeholders filled from ``values``."""
        text = self.entries.get(key)
        if text is None:
            text = self.fallback.get(key, key)
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        """Whether this catalogue (or its fallback) defines ``key``."""
        return key in self.entries or key in self.fallback

    def fill(self, key: str, default: str, **values: object) -> str:
        """The entry for ``key`` with its placeholders filled, or ``default`` when the catalogue
        lacks the key or the values do not fit its placeholders (a user's broken entry)."""
        if not self.has(key):
            return default
        try:
            return self(key, **values)
        except (KeyError, IndexError, ValueError):
            return default

    @cached_property
    def keys(self) -> frozenset[str]:
        """Every key this catalogue answers, its own and the fallback's."""
        return frozenset(self.fallback) | frozenset(self.entries)

    def variants(self, base: str) -> tuple[str, ...]:
        """The keys ``base`` and ``base+<anything>`` (label variants), memoised per catalogue."""
        memo = self.__dict__.setdefault("_variants", {})
        found = memo.get(base)
        if found is None:
            found = memo[base] = tuple(sorted(k for k in self.keys if k == base or k.startswith(f"{base}+")))
        return found

    def missing(self) -> list[str]:
        """Keys the default language has and this one lacks."""
        return sorted(set(self.fallback) - set(self.entries))

    # Templates call it as ``t("key")``; ``get`` reads better in Python code.
    get = __call__


def _load_file(path: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ParallaxError(f"{path}: cannot read the string catalogue: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ParallaxError(f"{path}: a string catalogue must map keys to strings")
    return {str(k): v for k, v in data.items()}


def _files(folder: Path, lang: str) -> list[Path]:
    """A language's catalogue files in a folder: ``<lang>.yml``, then ``<lang>.<part>.yml`` by name."""
    main = folder / f"{lang}.yml"
    return ([main] if main.is_file() else []) + sorted(folder.glob(f"{lang}.*.yml"))


def load_entries(lang: str, user_dir: Path | None = None) -> dict[str, str]:
    """The entries for ``lang``: the built-in catalogue (split into parts by feature,
    ``<lang>.yml`` and ``<lang>.<part>.yml``), overridden key by key by the user's."""
    entries: dict[str, str] = {}
    found = False
    for folder in (BUILTIN_DIR, user_dir / "strings" if user_dir else None):
        for path in _files(folder, lang) if folder is not None and folder.is_dir() else []:
            entries.update(_load_file(path))
            found = True
    if not found:
        raise ParallaxError(
            f"no string catalogue for UI language '{lang}': add strings/{lang}.yml "
            f"to {BUILTIN_DIR} or to your templates folder"
        )
    return entries


def load_catalog(lang: str, default: str = "en", user_dir: Path | None = None) -> Catalog:
    """Load the catalogue of ``lang``, with the default language's as fallback."""
    entries = load_entries(lang, user_dir)
    fallback = entries if lang == default else load_entries(default, user_dir)
    return Catalog(lang, frozen_map(entries), frozen_map(fallback))
