"""The built-in UI string catalogues: complete, consistent and really translated."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from generator.model import META_FIELDS
from generator.strings import BUILTIN_DIR, load_catalog

LANGUAGES = ("en", "it", "ru", "fr", "de", "pt")
ROOT = Path(__file__).resolve().parent.parent
# Kinds of removed page furniture the cleaners produce (generator.model.Removed.kind).
FURNITURE_KINDS = (
    "title", "logo", "share", "caption", "credit", "read-more", "breadcrumb", "byline",
    "author-box", "bio", "section", "sources", "navigation", "duplicate", "tag",
)  # fmt: skip

# Where the built-in readers and metadata plugin say a value was read from (MetaValue.origin).
ORIGINS = (
    "front matter", "html metadata", "title line", "section line", "logo line",
    "author box", "footer", "byline", "first line",
)  # fmt: skip


def _raw(lang: str) -> dict[str, str]:
    """Every built-in entry of a language: ``<lang>.yml`` and its ``<lang>.<part>.yml`` parts, merged."""
    entries: dict[str, str] = {}
    for path in [BUILTIN_DIR / f"{lang}.yml", *sorted(BUILTIN_DIR.glob(f"{lang}.*.yml"))]:
        part = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert not set(part) & set(entries), (
            f"{path.name} repeats keys of another part: {set(part) & set(entries)}"
        )
        entries.update(part)
    return entries


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


CATALOGUES = {lang: _raw(lang) for lang in LANGUAGES}


def test_the_six_catalogues_exist_and_only_they() -> None:
    files = list(BUILTIN_DIR.glob("*.yml"))
    assert {path.name.split(".")[0] for path in files} == set(LANGUAGES)
    # Every language has the same parts (claims, discrepancies, ...).
    parts = {
        lang: {p.name.split(".", 1)[1] for p in files if p.name.split(".")[0] == lang} for lang in LANGUAGES
    }
    assert all(found == parts["en"] for found in parts.values()), parts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_keys_as_english(lang: str) -> None:
    assert set(CATALOGUES[lang]) == set(CATALOGUES["en"])
    assert load_catalog(lang).missing() == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_values(lang: str) -> None:
    for key, value in CATALOGUES[lang].items():
        assert isinstance(value, str) and value.strip(), f"{lang}.yml: {key} is empty"
        assert value == value.strip(), f"{lang}.yml: {key} has surrounding spaces"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_english(lang: str) -> None:
    for key, value in CATALOGUES[lang].items():
        assert _placeholders(value) == _placeholders(CATALOGUES["en"][key]), f"{lang}.yml: {key}"
        # The catalogue formats with str.format: a stray brace would raise at render time.
        value.format(**dict.fromkeys(_placeholders(value), "x"))


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_really_translated(lang: str) -> None:
    # Some labels are the same word in two languages ("Logo", "Navigation"),
    # but a copied catalogue would share nearly all of them.
    same = [key for key, value in CATALOGUES[lang].items() if value == CATALOGUES["en"][key]]
    assert len(same) < len(CATALOGUES["en"]) // 5, same


def test_labels_for_every_furniture_kind_and_metadata_field() -> None:
    keys = set(CATALOGUES["en"])
    for kind in FURNITURE_KINDS:
        assert "kind_" + re.sub(r"[^a-z0-9]+", "_", kind) in keys, kind
    assert "kind_other" in keys  # for a kind a plugin invents
    for field in META_FIELDS:
        assert f"field_{field}" in keys, field
    for origin in ORIGINS:
        assert "origin_" + re.sub(r"[^a-z0-9]+", "_", origin) in keys, origin
    for key in ("site_name", "home_intro", "lang_declared", "lang_detected", "col_outlet", "col_length"):
        assert key in keys
    assert CATALOGUES["en"]["site_name"] == "Parallax"


def test_every_key_the_renderer_and_templates_use_exists() -> None:
    keys = set(CATALOGUES["en"])
    used = set()
    for template in (ROOT / "site_templates").glob("*.md.j2"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']""", template.read_text(encoding="utf-8")))
    source = (ROOT / "plugins" / "pages.py").read_text(encoding="utf-8")
    used |= set(re.findall(r"""ui\.t\(\s*["']([a-z_]+)["']""", source))
    used |= set(re.findall(r"""\.t\(\s*["']([a-z_]+)["']""", source))
    assert used, "found no catalogue keys in use: the pattern is wrong"
    assert used <= keys, sorted(used - keys)


def test_user_catalogue_overrides_key_by_key(tmp_path: Path) -> None:
    (tmp_path / "strings").mkdir()
    (tmp_path / "strings" / "it.yml").write_text('home_stories: "Vicende"\n', encoding="utf-8")
    catalog = load_catalog("it", user_dir=tmp_path)
    assert catalog("home_stories") == "Vicende"
    assert catalog("col_outlet") == "Testata"
    assert catalog("length", words="3", chars="15") == "3 parole, 15 caratteri"
