"""Hostile and broken input: nothing crashes the build, nothing runs, nothing escapes, nothing is lost.

One hostile corpus (``tests/hostile/``: broken encodings, binary data, huge
files, malicious YAML, payloads in every field, dangerous ids and file names)
is built once beside good articles with ``mkdocs build`` in a subprocess; the
tests below read that one site. The interrupted-build tests build a small
project of their own with ``parallax build``.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import material
import mkdocs.utils
import pytest
from click.testing import CliRunner
from conftest import ROOT, write
from hostile.corpus import (
    ALERT,
    JINJA_RAN,
    MARKER,
    MAX_FILE_SIZE,
    SECRET,
    Expected,
    write_corpus,
)
from linkcheck import check_site
from mkdocs.config import load_config

from generator import cli, corpus
from generator.cli import NEW_SUFFIX, OLD_SUFFIX, main
from generator.corpus import discover
from generator.settings import Settings

UI_LANGUAGES = ("en", "it", "ru", "fr", "de", "pt")
EPOCH = "1736899200"
MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"


def _entries(root: Path) -> list[Path]:
    """Every entry under ``root``, links not followed; a loop, which a very deep tree cannot break."""
    found, pending = [], [root]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                found.append(Path(entry.path))
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
    return sorted(found)


def tree_state(root: Path) -> dict[str, tuple]:
    """Every entry under ``root`` (links not followed): its kind, and bytes, target or nothing."""
    state: dict[str, tuple] = {}
    for path in _entries(root):
        info = path.lstat()
        rel = path.relative_to(root).as_posix()
        if stat.S_ISLNK(info.st_mode):
            state[rel] = ("link", os.readlink(path))
        elif stat.S_ISREG(info.st_mode):
            state[rel] = ("file", path.read_bytes(), info.st_mtime_ns, stat.S_IMODE(info.st_mode))
        elif stat.S_ISDIR(info.st_mode):
            state[rel] = ("dir", stat.S_IMODE(info.st_mode))
        else:
            state[rel] = ("other", stat.S_IFMT(info.st_mode))
    return state


def remove_tree(root: Path) -> None:
    """Delete a folder without recursion (shutil.rmtree recurses once per level)."""
    for path in reversed(_entries(root)):
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()
    root.rmdir()


def build_env(**extra: str) -> dict[str, str]:
    """The test run's environment, pinned, less what would change which plugins load."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PARALLAX_")}
    return {**inherited, "NO_MKDOCS_2_WARNING": "1", "TZ": "UTC", "SOURCE_DATE_EPOCH": EPOCH, **extra}


@dataclass
class HostileSite:
    """The hostile corpus, built: the project, what it was meant to do, what it did."""

    base: Path  # everything the test made: project/, markers/, home/, tmp/, strict/
    project: Path
    expected: Expected
    stderr: str
    returncode: int
    before: dict[str, tuple]  # the whole base folder before the build
    after: dict[str, tuple]
    content_before: dict[str, tuple]
    strict: subprocess.CompletedProcess[str]  # `parallax build --strict` of a second copy
    strict_site_before: dict[str, tuple]
    report: dict = field(default_factory=dict)

    @property
    def site(self) -> Path:
        return self.project / "site"


def _hostile_project(folder: Path) -> tuple[Path, Expected]:
    project, markers = folder / "project", folder / "markers"
    for path in (project / "content", markers):
        path.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace(
            "      content_dir: content\n",
            f"      content_dir: content\n      max_file_size: {MAX_FILE_SIZE}\n",
        ),
        encoding="utf-8",
    )
    return project, write_corpus(project / "content", markers)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    """`mkdocs build` of the hostile corpus and, at the same time, `parallax build --strict` of a copy."""
    base = tmp_path_factory.mktemp("hostile")
    home, tmp = base / "home", base / "tmp"
    home.mkdir()
    tmp.mkdir()
    project, expected = _hostile_project(base)
    # The strict build gets a copy of its own (two builds of one project would share its cache)
    # and an old site, which its failure must leave as it was.
    strict_project, _ = _hostile_project(base / "strict")
    write(strict_project / "site", "index.html", "<!doctype html><title>the previous site</title>")
    strict_site_before = tree_state(strict_project / "site")
    before = tree_state(base)
    content_before = tree_state(project / "content")
    # A fresh HOME and TMPDIR: anything written there is written outside the output folder.
    env = build_env(HOME=str(home), TMPDIR=str(tmp), XDG_CACHE_HOME=str(home / ".cache"))
    running = [
        subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for command, cwd in (
            ([sys.executable, "-m", "mkdocs", "build"], project),
            (
                [sys.executable, "-c", "from generator.cli import main; main()", "build", "--strict"],
                strict_project,
            ),
        )
    ]
    outputs = [process.communicate(timeout=900) for process in running]
    (_, stderr), (strict_out, strict_err) = outputs
    site = HostileSite(
        base,
        project,
        expected,
        stderr,
        running[0].returncode,
        before,
        tree_state(base),
        content_before,
        subprocess.CompletedProcess(running[1].args, running[1].returncode, strict_out, strict_err),
        strict_site_before,
    )
    if site.returncode == 0:
        site.report = json.loads((project / "site" / "data" / "report.json").read_text(encoding="utf-8"))
    return site


def test_the_hostile_corpus_builds(hostile: HostileSite) -> None:
    assert hostile.returncode == 0, hostile.stderr[-6000:]
    assert "Traceback" not in hostile.stderr, hostile.stderr[-6000:]
    assert not re.search(r"^ERROR", hostile.stderr, re.M), hostile.stderr[-6000:]


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("WARNING")]


def test_every_bad_file_is_named_with_its_problem(hostile: HostileSite) -> None:
    warnings = _warnings(hostile.stderr)
    missing = []
    for rel, words in sorted(hostile.expected.problems.items()):
        # The words are looked for in the message, after the path (which may contain them too).
        named = [line.split(f"parallax: {rel}: ", 1)[1] for line in warnings if f"parallax: {rel}: " in line]
        if not any(all(word.lower() in message.lower() for word in words) for message in named):
            missing.append(f"{rel}: expected a warning naming it with {words}; got {named}")
    assert not missing, "\n".join(missing)
    # The report holds the same problems, each with its path.
    paths = {problem["path"] for problem in hostile.report["problems"]}
    assert set(hostile.expected.problems) <= paths


def test_file_names_cannot_forge_or_colour_the_log(hostile: HostileSite) -> None:
    assert "\x1b" not in hostile.stderr and "\u202e" not in hostile.stderr
    for line in hostile.stderr.splitlines():
        # Every line is a log record or the continuation of a YAML message: none starts with a file's name.
        assert not line.startswith(("line.txt", "txt.exe")), line


def test_future_date_is_kept_as_stated_and_warned_about(hostile: HostileSite) -> None:
    future = next(a for a in hostile.report["articles"] if a["source"] == "broken/future.md")
    assert future["published"] == "2999-01-01"
    messages = [
        line.split("parallax: broken/future.md: ", 1)[1]
        for line in _warnings(hostile.stderr)
        if "parallax: broken/future.md: " in line
    ]
    assert any("2999-01-01" in m and "in the future" in m for m in messages), messages


def _page(site: Path, ui: str, story: str, article: str | None = None) -> Path:
    prefix = site if ui == "en" else site / ui
    folder = prefix / "stories" / story
    if article is not None:
        folder = folder / ("index.article" if article == "index" else article)
    return folder / "index.html"


def test_every_good_article_has_its_pages_and_no_refused_file_has_one(hostile: HostileSite) -> None:
    articles = {a["source"]: a for a in hostile.report["articles"]}
    for rel, article_id in sorted(hostile.expected.articles.items()):
        assert rel in articles, (
            f"{rel} did not build: {[p for p in hostile.report['problems'] if p['path'] == rel]}"
        )
        found = articles[rel]
        if article_id is not None:
            assert found["id"] == article_id, rel
        assert re.fullmatch(r"[a-z0-9_-]{1,80}", found["id"]), found["id"]
        for ui in UI_LANGUAGES:
            assert _page(hostile.site, ui, found["story"], found["id"]).is_file(), (rel, ui)
    assert not hostile.expected.refused & set(articles)
    ids = [a["id"] for a in hostile.report["articles"]]
    assert len(ids) == len(set(ids)), "two articles share an id"


def test_stories_get_safe_ids_and_every_story_file_problem_keeps_its_articles(hostile: HostileSite) -> None:
    stories = {s["id"]: s for s in hostile.report["stories"]}
    for story_id in stories:
        assert re.fullmatch(r"[a-z0-9_-]{1,80}", story_id), story_id
        for ui in UI_LANGUAGES:
            assert _page(hostile.site, ui, story_id).is_file(), (story_id, ui)
    for folder, story_id in hostile.expected.stories.items():
        if story_id is not None:
            assert story_id in stories, folder
    # A story file that cannot be read leaves the story titled by its folder's name.
    assert stories["story-broken"]["title"] == "story-broken"
    assert stories["story-huge"]["title"] == "story-huge"


def test_legacy_encodings_are_decoded_right(hostile: HostileSite) -> None:
    texts = {a["source"]: a["text"] for a in hostile.report["articles"]}
    assert "Порт города вновь открылся в понедельник" in texts["broken/cp1251.txt"]
    assert "deux jours après la tempête qui l'avait fermé" in texts["broken/cp1252.txt"]
    assert "The harbour of the city reopened on Monday" in texts["broken/utf16-bom.txt"]
    assert "\ufeff" not in texts["broken/utf16-bom.txt"]


def test_overlong_titles_are_clipped_on_pages_and_kept_whole_in_the_report(hostile: HostileSite) -> None:
    articles = {a["source"]: a for a in hostile.report["articles"]}
    assert len(articles["broken/long-title.md"]["title"]) > 50_000
    stories = {s["id"]: s for s in hostile.report["stories"]}
    assert len(stories["story-long"]["title"]) > 90_000
    html = _page(hostile.site, "en", "broken", "long-title").read_text(encoding="utf-8")
    [title] = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert len(title) < 400 and title.startswith("Harbour Harbour")
    # The menu of every page lists the stories: each page stays small.
    for ui in UI_LANGUAGES:
        assert _page(hostile.site, ui, "good", "gazette").stat().st_size < 300_000


def test_a_web_url_with_markup_in_it_is_one_encoded_link(hostile: HostileSite, audits: dict) -> None:
    page = _page(hostile.site, "en", "inject", "markdown-syntax")
    links = [
        attrs["href"]
        for tag, attrs in audits[page].tags
        if tag == "a" and "example.com" in attrs.get("href", "")
    ]
    assert links == [
        "https://example.com/a%22%3E%3Cscript%3Ealert%28%27px-xss-url2%27%29%3C/script%3E%29%5Bx%5D%28javascript:alert%28%27px-xss-url3%27%29%29?q=%3Cb%3E&x=%27y%27"
    ]


def test_right_to_left_articles_are_marked_rtl(hostile: HostileSite) -> None:
    by_id = {a["id"]: a for a in hostile.report["articles"]}
    assert by_id["arabic"]["lang"] == "ar" and by_id["hebrew"]["lang"] == "he"
    for article_id in sorted(hostile.expected.rtl):
        for ui in ("en", "ru"):
            html = _page(hostile.site, ui, "broken", article_id).read_text(encoding="utf-8")
            assert re.search(r'<div class="px-article" lang="(ar|he)" dir="rtl">', html), (article_id, ui)
            assert re.search(r'<h1 dir="rtl" id="[^"]*" lang="(ar|he)">', html), (article_id, ui)
    # A text whose language nobody can determine is not forced left-to-right either.
    html = _page(hostile.site, "en", "broken", "no-language").read_text(encoding="utf-8")
    assert '<div class="px-article" lang="und" dir="auto">' in html


def test_long_and_dangerous_ids_stay_inside_their_story_folder(hostile: HostileSite) -> None:
    articles = {a["source"]: a for a in hostile.report["articles"]}
    assert len(articles["broken/long-id.md"]["id"]) <= 80
    assert _page(hostile.site, "en", "broken", "escape").is_file()
    # "index" cannot take the story page's place, "assets" cannot shadow the site's assets.
    story_page = _page(hostile.site, "en", "broken").read_text(encoding="utf-8")
    assert 'href="index.article/"' in story_page
    assert (hostile.site / "assets" / "parallax.css").is_file()
    assert (hostile.site / "stories" / "broken" / "assets" / "index.html").is_file()
    for path in hostile.site.rglob("*"):
        assert ".." not in path.relative_to(hostile.site).parts


# --------------------------------------------------------------------------
# Injection: nothing from the input is active in the built HTML
# --------------------------------------------------------------------------

# Element kinds no page of the site may contain: Material uses none of them.
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "style", "template"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "srcset",
    "background",
}
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def _material_inline_scripts() -> list[re.Pattern[str]]:
    """Material's own inline scripts, from its templates; a ``{{ ... }}`` there is a base URL."""
    patterns = []
    for template in sorted(MATERIAL_TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for body in re.findall(r"<script>(.*?)</script>", text, re.S):
            parts = re.split(r"\{\{.*?\}\}", body.strip())
            patterns.append(re.compile(r"[^\"'<>]*".join(re.escape(part) for part in parts)))
    assert patterns, f"no inline scripts found in {MATERIAL_TEMPLATES}"
    return patterns


class _Audit(HTMLParser):
    """Collects what could be active in a page: tags, attributes, scripts; and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str] | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if tag == "script":
            self._script, self._body = values, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._body)))
            self._script = None

    def handle_data(self, data: str) -> None:
        (self._body if self._script is not None else self.text).append(data)


def _audit(path: Path) -> _Audit:
    audit = _Audit()
    audit.feed(path.read_text(encoding="utf-8"))
    audit.close()
    return audit


def _active(site: Path, page: Path, audit: _Audit, inline: list[re.Pattern[str]]) -> list[str]:
    """What is active in one page and did not come from Material itself."""
    found = []
    for tag, attrs in audit.tags:
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag} {attrs}>")
        if tag == "meta" and "http-equiv" in attrs:
            found.append(f"<meta http-equiv {attrs}>")
        if tag == "form" and "action" in attrs:
            found.append(f"<form action={attrs['action']!r}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and re.match(
                r"(javascript|vbscript|data|file):", _URL_NOISE.sub("", value), re.I
            ):
                found.append(f"<{tag} {name}={value!r}>")
            if "alert(" in value or "evil.example" in value:
                found.append(f"<{tag} {name}={value!r}> (from the input)")
    for attrs, body in audit.scripts:
        src = attrs.get("src")
        if src is not None:
            # A root-absolute src (only in 404.html, see linkcheck) starts at the site's root.
            target = (site / src.lstrip("/") if src.startswith("/") else page.parent / src).resolve()
            # Material's scripts and Parallax's own, shipped under assets/: files of the site.
            if body.strip() or not target.is_relative_to((site / "assets").resolve()) or not target.is_file():
                found.append(f"<script src={src!r}>")
        elif attrs.get("type") == "application/json" and attrs.get("id") == "__config":
            try:
                json.loads(body)
            except ValueError:
                found.append(f"<script id=__config> that is not JSON: {body[:200]!r}")
        elif not any(pattern.fullmatch(body.strip()) for pattern in inline):
            found.append(f"<script> {body[:200]!r}")
    return found


@pytest.fixture(scope="module")
def audits(hostile: HostileSite) -> dict[Path, _Audit]:
    return {path: _audit(path) for path in sorted(hostile.site.rglob("*.html"))}


def test_no_injection_is_active_in_any_page(hostile: HostileSite, audits: dict[Path, _Audit]) -> None:
    inline = _material_inline_scripts()
    problems = []
    for path, audit in audits.items():
        for item in _active(hostile.site, path, audit, inline):
            problems.append(f"{path.relative_to(hostile.site)}: {item}")
    assert not problems, f"{len(problems)} active items, e.g.:\n" + "\n".join(sorted(set(problems))[:40])


def test_payloads_show_as_text(hostile: HostileSite, audits: dict[Path, _Audit]) -> None:
    def text(story: str, article: str | None = None, ui: str = "en") -> str:
        return " ".join("".join(audits[_page(hostile.site, ui, story, article)].text).split())

    html_payloads = text("inject", "html-payloads")
    for payload in (
        "<script>alert('px-xss-body-script')</script>",
        "<iframe src=\"javascript:alert('px-xss-iframe')\"></iframe>",
        "<svg onload=alert('px-xss-svg')>",
        "<a href=\"javascript:alert('px-xss-anchor')\">click here</a>",
        "<!-- an unclosed comment",
    ):
        assert payload in html_payloads, payload
    # Front matter values are text too; the javascript: URL is not shown as a link at all.
    for payload in ("<img src=x onerror=alert('px-xss-outlet')>", "<svg onload=alert('px-xss-author')>"):
        assert payload in html_payloads, payload
    markdown = text("inject", "markdown-syntax")
    for literal in (
        "{{ 7*191 }}",
        "{% raw %}",
        "{: onclick=\"alert('px-xss-attr')\" .evil #evil }",
        "[a link](javascript:alert('px-xss-mdlink'))",
        '--8<-- "/etc/passwd"',
        "!!! danger \"<script>alert('px-xss-admonition')</script>\"",
        "**bold** _it_ `code` [link](https://evil.example/)",
    ):
        assert literal in markdown, literal
    plain = text("inject", "plain-payloads")
    assert "<script>alert('px-xss-plain-title')</script> Harbour reopens {{ 7*191 }}" in plain
    page = text("inject", "page")
    assert "<img src=x onerror=alert('px-xss-escapedp')>" in page
    assert "px-xss-htmlscript" not in page  # the page's own scripts are dropped, not shown
    # The story title from story.yml, in every UI language, as text.
    for ui, payload in (
        ("en", "<script>alert('px-xss-story-en')</script> Injection {{ 7*191 }}"),
        ("fr", "</title><svg onload=alert('px-xss-story-fr')> Injection"),
    ):
        assert payload in text("inject", None, ui), ui


def test_nothing_was_evaluated_included_or_run(hostile: HostileSite) -> None:
    staged = hostile.project / ".cache"
    for folder in (hostile.site, staged):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".md", ".json", ".csv", ".xml"):
                data = path.read_text(encoding="utf-8", errors="replace")
                assert JINJA_RAN not in data, f"a Jinja payload was evaluated in {path}"
                assert SECRET not in data, f"a file outside the content folder was read into {path}"
                assert "root:x:0:0" not in data, f"a snippet was included in {path}"
                assert "site_description:" not in data, f"mkdocs.yml was included in {path}"
    # The payloads would create a file of this exact name (in the project or the marker folder).
    assert not [path for path in _entries(hostile.base) if path.name == MARKER], "a payload ran"
    config = load_config(str(hostile.project / "mkdocs.yml"))
    assert "pymdownx.snippets" not in config.markdown_extensions


def test_every_alert_marker_is_text(hostile: HostileSite, audits: dict[Path, _Audit]) -> None:
    # Each payload's marker shows somewhere as text: the payloads really reached the pages.
    shown = " ".join("".join(audit.text) for audit in audits.values())
    for marker in ("px-xss-body-script", "px-xss-story-en", "px-xss-folder", "px-xss-name", "px-xss-cell"):
        assert f"{marker}" in shown, marker
    assert ALERT in shown


# --------------------------------------------------------------------------
# Nothing escapes, nothing is lost
# --------------------------------------------------------------------------


def test_nothing_is_written_outside_the_output_folders(hostile: HostileSite) -> None:
    def outside(state: dict[str, tuple]) -> dict[str, tuple]:
        # The builds may write their sites and their caches (the staged pages), nothing else.
        return {
            rel: v
            for rel, v in state.items()
            if not rel.startswith(
                ("project/site", "project/.cache", "strict/project/site", "strict/project/.cache")
            )
        }

    assert outside(hostile.after) == outside(hostile.before)
    assert not [rel for rel in hostile.after if rel.startswith(("home/", "tmp/"))]


def test_content_is_unchanged(hostile: HostileSite) -> None:
    assert tree_state(hostile.project / "content") == hostile.content_before


def test_the_hostile_site_has_no_broken_internal_links(hostile: HostileSite) -> None:
    broken = check_site(hostile.site)
    assert not broken, f"{len(broken)} broken links, e.g.:\n" + "\n".join(map(str, broken[:30]))


def test_strict_build_fails_and_leaves_the_site_as_it_was(hostile: HostileSite) -> None:
    strict = hostile.strict
    assert strict.returncode != 0, strict.stderr[-4000:]
    assert "strict mode" in strict.stderr, strict.stderr[-4000:]
    assert "Traceback" not in strict.stderr, strict.stderr[-4000:]
    project = hostile.base / "strict" / "project"
    assert tree_state(project / "site") == hostile.strict_site_before
    assert not _leftovers(project)


# --------------------------------------------------------------------------
# `parallax build`: a failed or interrupted build leaves the previous site usable
# --------------------------------------------------------------------------

ARTICLE = """\
---
title: The harbour reopens
lang: en
published: 2024-03-02
---
The harbour of the city reopened on Monday, two days after the storm had closed it.

Officials said that fourteen boats were damaged.
"""

INTERRUPT_HOOK = """\
pages = 0


def on_post_page(output, page, config):
    global pages
    pages += 1
    if pages == 5:  # some pages are written by now
        raise KeyboardInterrupt
    return output
"""

INTERRUPT_PLUGIN = """\
from generator import hookimpl


@hookimpl
def parallax_extract(article):
    raise KeyboardInterrupt
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A small project, built once with `parallax build`."""
    project = tmp_path / "small"
    (project / "content").mkdir(parents=True)
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    write(project / "content", "harbour/story.yml", "title: Harbour\n")
    write(project / "content", "harbour/gazette.md", ARTICLE)
    result = CliRunner().invoke(main, ["build", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    return project


def _leftovers(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if NEW_SUFFIX in p.name or OLD_SUFFIX in p.name]


def test_a_successful_build_replaces_the_site_readably(small: Path) -> None:
    (small / "site" / "stale.html").write_text("old", encoding="utf-8")
    write(small / "content", "harbour/second.md", ARTICLE.replace("The harbour reopens", "Second"))
    result = CliRunner().invoke(main, ["build", "-f", str(small / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert not (small / "site" / "stale.html").exists()
    assert (small / "site" / "stories" / "harbour" / "second" / "index.html").is_file()
    assert not _leftovers(small)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((small / "site").stat().st_mode) == 0o777 & ~umask


@pytest.mark.parametrize("how", ["mkdocs hook", "parallax plugin", "strict"])
def test_an_interrupted_or_failed_build_leaves_the_old_site(small: Path, how: str) -> None:
    before = tree_state(small / "site")
    config = small / "mkdocs.yml"
    args = ["build", "-f", str(config)]
    if how == "mkdocs hook":
        write(small, "interrupt.py", INTERRUPT_HOOK)
        config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - interrupt.py\n", encoding="utf-8")
    elif how == "parallax plugin":
        write(small, "interrupting.py", INTERRUPT_PLUGIN)
        sys.path.insert(0, str(small))
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "      content_dir: content\n", "      content_dir: content\n      plugins: [interrupting]\n"
            ),
            encoding="utf-8",
        )
    else:
        write(small / "content", "harbour/broken.md", b"\xff\xfe\x00broken")
        args.append("--strict")
    clean_directory = mkdocs.utils.clean_directory
    try:
        result = CliRunner().invoke(main, args)
    finally:
        if how == "parallax plugin":
            sys.path.remove(str(small))
            sys.modules.pop("interrupting", None)
    assert result.exit_code != 0, result.output
    assert tree_state(small / "site") == before
    assert not _leftovers(small)
    # mkdocs-static-i18n's stand-in for clean_directory does not outlive the failed build.
    assert mkdocs.utils.clean_directory is clean_directory


def test_a_build_killed_between_the_two_renames_gets_its_site_back(small: Path) -> None:
    # What a kill -9 between moving the old site aside and moving the new one in leaves.
    before = tree_state(small / "site")
    aside = Path(tempfile.mkdtemp(dir=small, prefix=f".site{OLD_SUFFIX}"))
    (small / "site").rename(aside / "site")
    Path(tempfile.mkdtemp(dir=small, prefix=f".site{NEW_SUFFIX}")).joinpath("half.html").write_text("x")
    config = small / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - interrupt.py\n", encoding="utf-8")
    write(small, "interrupt.py", INTERRUPT_HOOK)
    result = CliRunner().invoke(main, ["build", "-f", str(config)])
    assert result.exit_code != 0
    assert tree_state(small / "site") == before
    assert not _leftovers(small)


def test_a_swap_interrupted_between_its_two_renames_puts_the_old_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, new = tmp_path / "site", tmp_path / ".site.parallax-new-x"
    write(site, "index.html", "old")
    write(new, "index.html", "new")
    real_replace, calls = os.replace, []

    def interrupted(src: object, dst: object) -> None:
        calls.append((src, dst))
        if len(calls) == 2:  # the new site's move into place
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(cli.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cli._swap_in(new, site)
    assert (site / "index.html").read_text() == "old"


# --------------------------------------------------------------------------
# Finding the input: unreadable files, names that collide once shown, linked story files
# --------------------------------------------------------------------------


def _discover(content: Path) -> tuple[list, list]:
    problems: list = []
    stories = discover(Settings(content_dir=content, build_dir=content.parent / "build"), problems)
    return stories, [str(p) for p in problems]


def test_an_unreadable_file_is_reported_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    write(content, "s/locked.txt", "x")
    write(content, "s/open.txt", "y")
    real_open = os.open

    def refuse(path: object, *args: object) -> int:
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args)

    monkeypatch.setattr(corpus.os, "open", refuse)
    [story], problems = _discover(content)
    assert [s.rel for s in story.sources] == ["s/open.txt"]
    assert problems == ["s/locked.txt: cannot read the file: Permission denied"]


def test_names_that_look_the_same_once_shown_are_not_mixed_up(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "s/a\nb.txt", "one")
    write(content, "s/a\\nb.txt", "two")
    [story], problems = _discover(content)
    assert [(s.rel, s.data) for s in story.sources] == [("s/a\\nb.txt", b"one")]
    assert "s/a\\nb.txt: two files have this name once shown; skipped" in problems


def test_a_linked_story_file_is_not_followed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(tmp_path, "elsewhere.yml", "title: Secret title\n")
    write(content, "s/a.txt", "text")
    os.symlink(tmp_path / "elsewhere.yml", content / "s" / "story.yml")
    [story], problems = _discover(content)
    assert story.titles == {"en": "s"}
    assert problems == ["s/story.yml: symbolic link skipped"]


def test_a_tree_deeper_than_the_recursion_limit_is_read() -> None:
    # pathlib's rglob and os.walk recurse once per folder, and so does shutil.rmtree, which
    # pytest uses to clear its old temporary folders: this tree lives in a folder of its own.
    root = Path(tempfile.mkdtemp(prefix="parallax-deep-"))
    try:
        folder = root / "content" / "deep"
        folder.mkdir(parents=True)
        for _ in range(sys.getrecursionlimit() + 100):
            folder = folder / "d"
            os.mkdir(folder)
        write(folder, "article.txt", ARTICLE)
        [story], problems = _discover(root / "content")
        assert problems == []
        assert [s.rel.rsplit("/", 1)[1] for s in story.sources] == ["article.txt"]
        assert story.sources[0].rel.count("/") > sys.getrecursionlimit()
    finally:
        remove_tree(root)
