"""The built-in page renderer (plugins/pages.py) and the template environment."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markdown
import pluggy
import pytest
import yaml
from markupsafe import Markup
from rendering import site_pages

from generator import hookspecs
from generator.errors import ParallaxError
from generator.markup import md_text
from generator.model import (
    Article,
    ArticleResult,
    Block,
    MetaValue,
    Page,
    Problem,
    Removed,
    Report,
    Span,
    Story,
    frozen_map,
)
from generator.settings import Settings
from generator.strings import load_catalog
from generator.templates import environment
from plugins import pages as pages_plugin
from plugins.pages import parallax_pages

UI_LANGUAGES = ("en", "it", "ru", "fr", "de", "pt")
EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "admonition",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.tilde",
    "pymdownx.caret",
    "pymdownx.mark",
]
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) "
    "{: onclick=alert(1)} | cell {{ 7*7 }} {% for x in y %}<!--"
)


# --------------------------------------------------------------------------
# A small report, built by hand
# --------------------------------------------------------------------------


def _sentences(text: str) -> tuple[Span, ...]:
    """Sentence spans ending at . ! ?, without the spaces between them."""
    return tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^\s.!?][^.!?]*[.!?]?", text))


def _result(
    aid: str,
    story: str,
    lang: str | None,
    text: str,
    *,
    blocks: tuple[Block, ...] | None = None,
    metadata: tuple[MetaValue, ...] = (),
    problems: tuple[Problem, ...] = (),
    **fields: object,
) -> ArticleResult:
    article = Article(
        id=aid,
        story=story,
        source=f"{story}/{aid}.txt",
        format="txt",
        body=text,
        text=text,
        blocks=blocks if blocks is not None else (Block(0, len(text)),),
        lang=lang,
        sentences=_sentences(text),
        metadata=metadata,
        **fields,  # type: ignore[arg-type]
    )
    return ArticleResult(article=article, problems=problems)


RU = "Илон Маск заявил, что данные для обучения ИИ закончились. Он назвал выход: синтетические данные."
AR = "قال إيلون ماسك إن بيانات التدريب نفدت. الحل هو البيانات الاصطناعية."
PT = "Elon Musk disse que os dados de treinamento acabaram. A saída seriam dados sintéticos."
IT_PARTS = ("Il contesto", "Musk ha parlato al CES. I dati sono finiti.", "primo punto", "secondo punto")
IT = "\n\n".join(IT_PARTS)


def _it_blocks() -> tuple[Block, ...]:
    blocks, pos = [], 0
    for part, kind in zip(IT_PARTS, ("h", "p", "li", "li"), strict=True):
        start = IT.index(part, pos)
        blocks.append(Block(start, start + len(part), kind))
        pos = start + len(part)
    return tuple(blocks)


def make_report() -> Report:
    results = (
        _result(
            "ru-ria",
            "ai-data",
            "ru",
            RU,
            declared_lang="ru",
            lang_confidence=1.0,
            lang_method="declared",
            metadata=(
                MetaValue("title", "Маск: данные закончились", "Маск: данные закончились", "first line"),
                MetaValue("outlet", "РИА Новости", "© РИА Новости", "footer"),
                MetaValue("author", "Иван Петров", "Автор: Иван Петров", "byline"),
                MetaValue("author", "Анна Смирнова", "Автор: Анна Смирнова", "byline"),
                MetaValue("published", "2025-01-10", "10.01.2025", "byline"),
                MetaValue("url", "https://example.org/ru?id=1&x=(2)", "", "front matter"),
            ),
        ),
        _result(
            "ar-news",
            "ai-data",
            "ar",
            AR,
            lang_confidence=0.93,
            lang_method="lingua",
            metadata=(MetaValue("title", "ماسك: نفدت البيانات", "", "front matter"),),
            removed=(
                Removed("Partager sur Facebook | X", "share", 2),
                Removed("<img src=x onerror=alert(1)>", "mystery-kind", 9),
            ),
        ),
        _result(
            "pt-folha",
            "ai-data",
            "pt",
            PT,
            lang_confidence=0.88,
            lang_method="lingua",
            metadata=(
                MetaValue("title", "Musk: dados de treinamento acabaram", "", "first line"),
                MetaValue(
                    "author",
                    "Maria Silva",
                    "Por Maria Silva, editado por João Souza 09/01/2025 20h53",
                    "byline",
                ),
                MetaValue(
                    "editor",
                    "João Souza",
                    "Por Maria Silva, editado por João Souza 09/01/2025 20h53",
                    "byline",
                ),
                MetaValue("published", "2025-01-09T20:53:00-03:00", "09/01/2025 20h53", "byline"),
            ),
        ),
        _result(
            "it-bare",
            "second",
            "it",
            IT,
            blocks=_it_blocks(),
            problems=(
                Problem("no publication date found", "second/it-bare.txt", "meta", "parallax_metadata"),
            ),
        ),
        _result(
            "index",
            "second",
            None,
            HOSTILE,
            metadata=(
                MetaValue("title", HOSTILE, HOSTILE, "<b>byline</b>"),
                MetaValue("url", "javascript:alert(1)", "", "footer"),
                MetaValue("x-custom", "value | x", "", ""),
            ),
        ),
    )
    stories = (
        Story(
            "ai-data",
            frozen_map(
                {"en": "AI runs out of data", "it": "L'IA ha finito i dati", "ru": "У ИИ кончились данные"}
            ),
            ("ru-ria", "ar-news", "pt-folha"),
        ),
        Story("second", frozen_map({"en": HOSTILE}), ("it-bare", "index", "never-read")),
    )
    problems = (
        Problem("cannot decode the file", "second/broken.html", "read", "parallax_read", "error"),
        Problem("not an article", "stray.bin"),
    )
    return Report(stories=stories, results=results, problems=problems)


# This module renders the pages plugin alone: the other renderers are off, so that the story
# page links no page that is not rendered here.
OTHER_RENDERERS = ("claim_pages", "discrepancy_pages", "overview_pages", "methodology_pages")
SETTINGS = Settings(content_dir=Path("."), build_dir=Path("."), disabled=OTHER_RENDERERS)
EXPECTED_PATHS = {
    "index.md",
    "stories/index.md",
    "stories/ai-data/index.md",
    "stories/ai-data/ru-ria.md",
    "stories/ai-data/ar-news.md",
    "stories/ai-data/pt-folha.md",
    "stories/second/index.md",
    "stories/second/it-bare.md",
    "stories/second/index.article.md",
}


@pytest.fixture(scope="module")
def site() -> dict[str, dict[str, str]]:
    """UI language -> page path -> Markdown."""
    report = make_report()
    out = {}
    for lang in UI_LANGUAGES:
        pages = site_pages(report, lang, load_catalog(lang), SETTINGS, pages_plugin)
        assert all(isinstance(page, Page) for page in pages)
        paths = [page.path for page in pages]
        assert len(paths) == len(set(paths)), "two pages with the same path"
        out[lang] = {page.path: page.markdown for page in pages}
    return out


def split_front_matter(page: str) -> tuple[dict, str]:
    match = re.match(r"---\n(.*?)\n---\n", page, re.S)
    assert match, f"no front matter: {page[:80]!r}"
    return yaml.safe_load(match.group(1)), page[match.end() :]


def render(page: str) -> str:
    return markdown.markdown(split_front_matter(page)[1], extensions=EXTENSIONS)


def label(lang: str, key: str, **values: str) -> str:
    """A catalogue string as it appears in a page (escaped for Markdown)."""
    text = load_catalog(lang)(key)
    return str(md_text(text.format(**values) if values else text))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


# --------------------------------------------------------------------------
# Pages, links and labels in every UI language
# --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_page_exists(site: dict[str, dict[str, str]], lang: str) -> None:
    assert set(site[lang]) == EXPECTED_PATHS


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_page_has_an_escaped_front_matter_title_and_an_h1(
    site: dict[str, dict[str, str]], lang: str
) -> None:
    for path, page in site[lang].items():
        meta, body = split_front_matter(page)
        assert set(meta) == {"title"}, path
        assert "<" not in meta["title"], path  # Material prints it into <title> as it is
        assert body.lstrip("\n").startswith("# "), path


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_links_point_at_pages_that_exist(site: dict[str, dict[str, str]], lang: str) -> None:
    pages = site[lang]
    seen = 0
    for path, page in pages.items():
        for target in re.findall(r"\]\(([^)\s]+)\)", page):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target.split("#")[0]))
            assert resolved in pages, f"{path} links to {target}"
            seen += 1
    # home -> 2 stories; the stories page -> home + 2 stories;
    # each story -> home + its articles; each article -> home + story
    assert seen == 2 + (1 + 2) + (1 + 3) + (1 + 2) + 5 * 2


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_labels_are_in_the_ui_language(site: dict[str, dict[str, str]], lang: str) -> None:
    pages = site[lang]
    assert label(lang, "home_stories") in pages["index.md"]
    assert label(lang, "home_intro") in pages["index.md"]
    story = pages["stories/ai-data/index.md"]
    for key in ("story_sources", "col_outlet", "col_language", "col_published", "col_authors", "col_length"):
        assert label(lang, key) in story, key
    article = pages["stories/ai-data/pt-folha.md"]
    for key in ("article_metadata", "col_field", "col_value", "col_evidence", "field_author", "field_editor"):
        assert label(lang, key) in article, key
    assert label(lang, "article_text") in article


# A word of each catalogue, written here so that a catalogue copied from English fails.
OUTLET = {"en": "Outlet", "it": "Testata", "ru": "Издание", "fr": "Média", "de": "Medium", "pt": "Veículo"}
RUSSIAN = {"en": "Russian", "it": "Russo", "ru": "Русский", "fr": "Russe", "de": "Russisch", "pt": "Russo"}


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_story_table_speaks_the_ui_language(site: dict[str, dict[str, str]], lang: str) -> None:
    story = site[lang]["stories/ai-data/index.md"]
    assert f"| {OUTLET[lang]} |" in story
    assert RUSSIAN[lang] in story
    if lang != "en":
        assert "| Outlet |" not in story and "Russian" not in story


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_rendered_pages_hold_no_active_content(site: dict[str, dict[str, str]], lang: str) -> None:
    allowed = {
        "h1", "h2", "h3", "p", "a", "table", "thead", "tbody", "tr", "th", "td",
        "ul", "li", "span", "div", "details", "summary", "strong",
    }  # fmt: skip
    for path, page in site[lang].items():
        html = render(page)
        found = parse(html)
        for tag, attrs in found.tags:
            assert tag in allowed, f"<{tag}> in {path}"
            assert not any(name.startswith("on") for name in attrs), f"handler on <{tag}> in {path}"
            href = attrs.get("href")
            if href is not None:
                assert href.endswith(".md") or href.startswith("https://example.org/"), f"{href} in {path}"
        text = "".join(found.text)
        assert "javascript:alert(1)" not in " ".join(v or "" for _, a in found.tags for v in a.values())
        if "second" in path:
            # Jinja syntax in article text and metadata shows as it is, never evaluated.
            assert "{{ 7*7 }}" in text and "49" not in text, path


def test_hostile_text_shows_literally_in_every_place(site: dict[str, dict[str, str]]) -> None:
    page = site["en"]["stories/second/index.article.md"]
    meta, _ = split_front_matter(page)
    html = render(page)
    text = "".join(parse(html).text)
    # Title (h1), the story's title in the back link, metadata value, evidence, text.
    assert text.count("<script>alert(1)</script>") == 5
    assert text.count("{: onclick=alert(1)} | cell") == 5
    assert meta["title"] == str(md_text(HOSTILE))
    # An unknown origin is shown as text, and a javascript: URL is not a link.
    assert "<b>byline</b>" in text
    assert not [a for t, a in parse(html).tags if t == "a" and "javascript" in (a.get("href") or "")]
    # A field the renderer does not know keeps its name as label.
    assert "x-custom" in text and "value | x" in text


# --------------------------------------------------------------------------
# Content of the pages
# --------------------------------------------------------------------------


def test_home_page_lists_the_stories(site: dict[str, dict[str, str]]) -> None:
    home = site["it"]["index.md"]
    assert (
        "[L&#39;IA ha finito i dati](stories/ai-data/index.md) | 3 | Arabo, Portoghese, Russo | 09–10 gen 2025 |"
        in home
    )
    # A story without an Italian title falls back to English; unknown dates are said so.
    assert f"]({'stories/second/index.md'}) | 2 | Italiano | data sconosciuta |" in home
    # A problem that belongs to no story is on the home page, with its file.
    assert "stray&#46;bin&#58; not an article" in home
    assert "broken" not in home


def test_story_page_sources_table(site: dict[str, dict[str, str]]) -> None:
    story = site["it"]["stories/ai-data/index.md"]
    rows = [line for line in story.splitlines() if line.startswith("| <span")]
    assert len(rows) == 3
    ru_row, ar_row, pt_row = rows
    assert 'lang="ru" dir="ltr">[Маск&#58; данные закончились](ru-ria.md)</span>' in ru_row
    assert "| РИА Новости | Russo | 10 gen 2025 | Иван Петров, Анна Смирнова |" in ru_row
    words, chars = len(RU.split()), len(RU)
    assert f"| {words} parole, {chars} caratteri |" in ru_row
    assert 'lang="ar" dir="rtl">[ماسك&#58; نفدت البيانات](ar-news.md)' in ar_row
    assert "| — | Arabo | — | — |" in ar_row
    # The time as the source gave it, with its offset.
    assert "| 9 gen 2025, 20&#58;53 GMT-03&#58;00 |" in pt_row.replace("&#45;", "-")


def test_story_page_lists_its_problems(site: dict[str, dict[str, str]]) -> None:
    story = site["en"]["stories/second/index.md"]
    problems = story.split("## Problems", 1)[1]
    assert "**Error**&#58; second/broken&#46;html, plugin &#39;read&#39;" in problems
    assert (
        "**Warning**&#58; second/it&#45;bare&#46;txt" in problems and "no publication date found" in problems
    )
    assert "stray" not in problems
    assert "## Problems" not in site["en"]["stories/ai-data/index.md"]


def test_article_page_metadata_with_evidence(site: dict[str, dict[str, str]]) -> None:
    page = site["pt"]["stories/ai-data/pt-folha.md"]
    assert (
        page.split("---\n", 2)[2]
        .lstrip()
        .startswith('# Musk&#58; dados de treinamento acabaram { lang="pt" dir="ltr" }')
    )
    evidence = '<span lang="pt" dir="ltr">Por Maria Silva, editado por João Souza 09/01/2025 20h53</span>'
    assert f'| Autor | <span lang="pt" dir="ltr">Maria Silva</span> | assinatura&#58; “{evidence}” |' in page
    assert (
        "| Editor | " in page and "| Publicado | 9 de jan&#46; de 2025 20&#58;53 GMT&#45;03&#58;00 |" in page
    )
    assert "| Língua | Português &#40;pt&#41; | detectada por lingua &#40;confiança 88%&#41; |" in page
    assert "| Arquivo de origem | ai&#45;data/pt&#45;folha&#46;txt |" in page
    # Fields come in the order of META_FIELDS.
    assert (
        page.index("| Título |")
        < page.index("| Autor |")
        < page.index("| Editor |")
        < page.index("| Publicado |")
    )


def test_article_page_declared_language_and_safe_url(site: dict[str, dict[str, str]]) -> None:
    page = site["fr"]["stories/ai-data/ru-ria.md"]
    assert "| Russe &#40;ru&#41; | déclarée par le fichier |" in page
    assert "](https://example.org/ru?id=1&x=%282%29)" in page
    assert "en&#45;tête du fichier &#40;front matter&#41;" in page  # origin translated


def test_article_page_text_and_sentence_anchors(site: dict[str, dict[str, str]]) -> None:
    page = site["ru"]["stories/ai-data/ar-news.md"]
    assert '<div class="px-article" lang="ar" dir="rtl">' in page
    assert '<span class="px-s" id="s-1" data-s="1">قال إيلون ماسك إن بيانات التدريب نفدت&#46;</span>' in page
    html = render(page)
    assert 'id="s-2"' in html and "<div" in html


def test_article_page_folds_removed_furniture(site: dict[str, dict[str, str]]) -> None:
    page = site["de"]["stories/ai-data/ar-news.md"]
    block = page[page.index("<details") : page.index("</details>")]
    assert "\n\n" not in block  # a blank line would end the raw HTML block
    assert "<summary>Als Seitenelemente entfernte Zeilen&#58; 2</summary>" in block
    assert '<span class="px-kind">Teilen&#45;Schaltflächen</span>' in block
    assert '<span class="px-kind">Sonstiges</span>' in block  # unknown kind: generic label
    assert "Partager sur Facebook &#124; X" in block and "Zeile 9" in block
    html = render(page)
    assert '<details class="note">' in html and "<img" not in html


def test_article_without_metadata(site: dict[str, dict[str, str]]) -> None:
    page = site["it"]["stories/second/it-bare.md"]
    meta, body = split_front_matter(page)
    # No title: the first words of the text stand in for it, never the file's id.
    assert meta["title"].startswith("Il contesto")
    assert body.lstrip().startswith("# Il contesto")
    assert "In questo articolo non sono stati trovati metadati&#46;" in page
    assert "| Italiano &#40;it&#41; | rilevata |" in page  # no confidence known: no "0%"
    assert "<h3>" in page and "<ul>" in page and page.count("<li>") == 2
    assert "## Problemi" in page and "no publication date found" in page
    assert "<details" not in page


def test_article_called_index_does_not_replace_the_story_page(site: dict[str, dict[str, str]]) -> None:
    story = site["en"]["stories/second/index.md"]
    assert "](index.article.md)" in story
    assert "# " + str(md_text(HOSTILE)) in site["en"]["stories/second/index.md"]


@pytest.mark.parametrize("bad", ["../evil", "a b", "x/y", "", "ok.md"])
def test_unsafe_ids_are_refused(bad: str) -> None:
    report = Report(
        stories=(Story(bad, frozen_map({"en": "t"}), ("a",)),),
        results=(_result("a", bad, "en", "Text."),),
    )
    with pytest.raises(ParallaxError, match="not a safe slug"):
        list(parallax_pages(report, "en", load_catalog("en"), SETTINGS))


def test_empty_report_and_unknown_babel_locale() -> None:
    pages = site_pages(Report(stories=(), results=()), "en", load_catalog("en"), SETTINGS, pages_plugin)
    assert [page.path for page in pages] == ["index.md", "stories/index.md"]
    assert all("There are no stories yet&#46;" in page.markdown for page in pages)
    # A UI language babel does not know still renders, with ISO dates and codes.
    pages = site_pages(make_report(), "xx", load_catalog("en"), SETTINGS, pages_plugin)
    assert {page.path for page in pages} == EXPECTED_PATHS


def test_the_hook_runs_through_pluggy() -> None:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(pages_plugin, name="pages")
    pm.check_pending()
    report = make_report()
    args = {"lang": "ru", "strings": load_catalog("ru"), "settings": SETTINGS}
    pages = [
        p
        for story in report.stories
        for [batch] in [pm.hook.parallax_pages(report=report.story_report(story), **args)]
        for p in batch
    ]
    [batch] = pm.hook.parallax_site_pages(site=report.outline(), **args)
    site = list(batch)
    assert {page.path for page in [*pages, *site]} == EXPECTED_PATHS
    assert {page.path for page in site} == {"index.md", "stories/index.md"}


# --------------------------------------------------------------------------
# The template environment
# --------------------------------------------------------------------------


def test_environment_escapes_by_default_and_keeps_markup() -> None:
    env = environment(None)
    template = env.from_string(
        "{{ value }} {{ safe }} {{ value | html }} {{ url | url }}|{{ bad | url }}|{{ none }}"
    )
    out = template.render(
        value="[x](javascript:alert(1)) {{ 7*7 }}",
        safe=Markup("**bold**"),
        url="https://example.org/a b",
        bad="javascript:alert(1)",
        none=None,
    )
    assert out == (
        "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41; &#123;&#123; 7&#42;7 &#125;&#125; **bold** "
        "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41; &#123;&#123; 7&#42;7 &#125;&#125; "
        "https://example.org/a%20b||"
    )


def test_environment_concatenation_is_escaped_too() -> None:
    # With autoescape off, ~ joins as plain str: the result is escaped as a whole.
    out = environment(None).from_string("{{ safe ~ value }}").render(safe=Markup("*"), value="*")
    assert out == "&#42;&#42;"


def test_environment_undefined_names_fail() -> None:
    with pytest.raises(jinja2.UndefinedError):
        environment(None).from_string("{{ missing }}").render()


def test_user_templates_override_builtins(tmp_path: Path) -> None:
    (tmp_path / "home.md.j2").write_text(
        '---\ntitle: {{ t("site_name") | yaml }}\n---\n\n# Custom {{ t("home_stories") }}\n'
        "{% for story in stories %}\n- {{ story.title | link(story.path) }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    settings = Settings(content_dir=Path("."), build_dir=Path("."), templates_dir=tmp_path)
    pages = {
        p.path: p.markdown
        for p in site_pages(make_report(), "it", load_catalog("it"), settings, pages_plugin)
    }
    assert pages["index.md"].startswith('---\ntitle: "Parallax"\n---\n\n# Custom Notizie\n')
    assert "- [L&#39;IA ha finito i dati](stories/ai-data/index.md)\n" in pages["index.md"]
    # Templates the user did not replace are the built-in ones.
    assert "| Testata |" in pages["stories/ai-data/index.md"]


# --------------------------------------------------------------------------
# The real thing: MkDocs + Material + mkdocs-static-i18n, --strict
# --------------------------------------------------------------------------

MKDOCS_YML = """\
site_name: Parallax
theme:
  name: material
  font: false
  features: [navigation.prune]
markdown_extensions: {extensions}
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
{languages}
"""


def test_mkdocs_strict_build_of_all_languages(site: dict[str, dict[str, str]], tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for lang, pages in site.items():
        for path, text in pages.items():
            target = docs / lang / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    languages = "\n".join(
        f"        - {{locale: {lang}, name: {lang}, build: true{', default: true' if lang == 'en' else ''}}}"
        for lang in UI_LANGUAGES
    )
    extensions = [*EXTENSIONS[:3], {"toc": {"permalink": True}}, *EXTENSIONS[4:]]
    (tmp_path / "mkdocs.yml").write_text(
        MKDOCS_YML.format(extensions=extensions, languages=languages).replace("'", '"'), encoding="utf-8"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    built = tmp_path / "site"
    for lang in UI_LANGUAGES:
        prefix = built if lang == "en" else built / lang
        assert (prefix / "stories" / "second" / "index.article" / "index.html").is_file()
    hostile_page = (built / "it" / "stories" / "second" / "index.article" / "index.html").read_text()
    title = re.search(r"<title>(.*?)</title>", hostile_page, re.S)
    assert title and "<" not in title.group(1)  # Material's <title>: still escaped
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "onerror=alert" not in html, page
        assert 'href="javascript' not in html, page


def test_story_page_links_the_story_pages_of_the_plugins_that_run() -> None:
    def story_page(settings: Settings) -> str:
        pages = {
            p.path: p.markdown
            for p in site_pages(make_report(), "de", load_catalog("de"), settings, pages_plugin)
        }
        return pages["stories/ai-data/index.md"]

    story = story_page(replace(SETTINGS, disabled=()))
    for key, target in (
        ("explore_claims", "claims.md"),
        ("explore_discrepancies", "discrepancies/index.md"),
        ("explore_coverage", "coverage.md"),
        ("explore_timeline", "timeline.md"),
        ("explore_entities", "entities/index.md"),
    ):
        assert f"[{label('de', key)}]({target})" in story
    # Without the overview plugin, no link to its pages (they would be broken).
    story = story_page(replace(SETTINGS, disabled=("overview_pages",)))
    assert "(claims.md)" in story and "(coverage.md)" not in story and "(timeline.md)" not in story
    assert "(claims.md)" not in story_page(SETTINGS)
