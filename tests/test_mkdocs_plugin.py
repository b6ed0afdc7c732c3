"""The MkDocs adapter's own bookkeeping (the whole build is tested in test_site.py)."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

from mkdocs import utils as mkdocs_utils
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files

from generator.mkdocs_plugin import ParallaxPlugin, _own_sitemap_template, _PackedEntries
from generator.settings import Settings
from generator.sitemap import Sitemap


def _plugin() -> ParallaxPlugin:
    plugin = ParallaxPlugin()
    errors, _ = plugin.load_config({})
    assert not errors
    return plugin


def test_a_built_language_keeps_only_what_the_sitemap_reads() -> None:
    # A page as MkDocs leaves it after its language's build: URLs, date, and the heavy parts
    # (table of contents, anchors, anchor links, navigation) that nothing reads any more.
    page = SimpleNamespace(
        canonical_url="https://example.org/site/it/story/a/",
        abs_url="/site/it/story/a/",
        update_date="2025-01-15",
        is_link=False,
        toc=[object()] * 50,
        links_to_anchors={object(): {"s-1": "s-1"}},
        parent=object(),
    )
    english = SimpleNamespace(url="story/a/", page=None, alternates={})
    unpaged = SimpleNamespace(url="it/assets/x/", page=None, alternates={})
    file = SimpleNamespace(url="it/story/a/", page=page, alternates={"en": english, "it": None})
    i18n = SimpleNamespace(current_language="it", i18n_files_per_language={"it": [file, unpaged], "en": []})
    _plugin()._release_language(SimpleNamespace(plugins={"i18n": i18n}))

    kept, bare = i18n.i18n_files_per_language["it"]
    assert kept.url == "it/story/a/"
    assert (kept.page.canonical_url, kept.page.abs_url) == (page.canonical_url, page.abs_url)
    assert (kept.page.update_date, kept.page.is_link) == ("2025-01-15", False)
    assert kept.alternates["en"].url == "story/a/" and kept.alternates["en"].page is None
    assert kept.alternates["it"] is None
    assert not any(hasattr(kept.page, name) for name in ("toc", "links_to_anchors", "parent"))
    assert (bare.url, bare.page, bare.alternates) == ("it/assets/x/", None, {})
    assert i18n.i18n_files_per_language["en"] == []


def test_search_entries_packed_as_they_come_are_written_as_one_languages_index(tmp_path) -> None:
    pages = [
        [{"location": "de/stories/a/", "title": "Hafen", "text": "Der Hafen öffnet wieder."}],
        [{"location": "stories/b/", "title": "other language", "text": "not this one"}],
        [{"location": "de/stories/c/#s-2", "title": "Zahl", "text": "Vierzehn Boote, 14 %"}],
    ]
    packed = _PackedEntries("de", "de/")
    for entries in pages:
        packed.add(entries)
    settings = {"lang": ["de"], "separator": "[\\s\\-]+"}
    packed.finish(f'{{"config":{json.dumps(settings, separators=(",", ":"))},"docs":[')
    packed.write(tmp_path / "de" / "search" / "search_index.json")
    written = (tmp_path / "de" / "search" / "search_index.json").read_text(encoding="utf-8")
    docs = [{**e, "location": e["location"][3:]} for e in (pages[0][0], pages[2][0])]
    # Byte for byte what the search plugin would write for these entries alone.
    assert written == json.dumps({"config": settings, "docs": docs}, separators=(",", ":"))
    assert packed.count == 2


def test_a_built_languages_own_pages_let_go_of_what_nothing_reads_any_more() -> None:
    # MkDocs keeps the first language's files and pages while mkdocs-static-i18n builds the
    # others: once MkDocs has checked the links to anchors and written the pages, the plugin
    # lets go of their anchors, tables of contents, other languages' files and link lookups.
    pages = [
        SimpleNamespace(
            present_anchor_ids={"s-1", "f-2"},
            links_to_anchors={object(): {"s-1": "a/#s-1"}},
            toc=[object()] * 12,
        ),
        SimpleNamespace(present_anchor_ids=set(), links_to_anchors={}, toc=[]),
    ]
    files = [SimpleNamespace(page=p, alternates={"fr": object(), "ja": object()}) for p in pages]
    docs = SimpleNamespace(documentation_pages=lambda: files, get_file_from_path=lambda path: None)
    mkdocs_utils.get_relative_url("stories/a/", "stories/b/")  # MkDocs remembers both paths
    assert mkdocs_utils._norm_parts.cache_info().currsize > 0
    plugin = _plugin()
    plugin.files, plugin.navigation = docs, object()
    i18n = SimpleNamespace(current_language="en", i18n_files_per_language={"en": []})
    plugin._release_language(SimpleNamespace(plugins={"i18n": i18n}))
    assert all(p.present_anchor_ids is None and p.links_to_anchors is None for p in pages)
    assert all(len(p.toc) == 0 for p in pages)
    assert all(f.alternates == {} for f in files)
    assert "get_file_from_path" not in vars(docs)
    assert mkdocs_utils._norm_parts.cache_info().currsize == 0
    assert plugin.files is None and plugin.navigation is None


def test_each_languages_sitemap_entries_are_spooled_and_written_after_the_last(tmp_path) -> None:
    def files(lang: str) -> list[SimpleNamespace]:
        url = "stories/a/" if lang == "en" else f"{lang}/stories/a/"
        page = SimpleNamespace(
            canonical_url=f"https://example.org/{url}", abs_url=f"/{url}", update_date="2026-01-02"
        )
        alternates = {
            "en": SimpleNamespace(url="stories/a/", page=None),
            "sw": SimpleNamespace(url="sw/stories/a/", page=None),
        }
        return [SimpleNamespace(url=url, page=page, alternates=alternates)]

    plugin = _plugin()
    plugin.sitemap = Sitemap("https://example.org/")
    held = {"en": files("en")}
    i18n = SimpleNamespace(current_language="en", i18n_files_per_language=held, building=False)
    config = SimpleNamespace(plugins={"i18n": i18n}, site_dir=str(tmp_path / "site"))
    (tmp_path / "site").mkdir()
    # The default language's build ends (its entries spooled); in its post_build, i18n builds
    # the other language, whose build ends the same way; then the default one's post_build goes on.
    for lang in ("en", "sw"):
        i18n.current_language, i18n.building = lang, lang != "en"
        held[lang] = files(lang)
        plugin.files = SimpleNamespace(documentation_pages=lambda lang=lang: held[lang])
        plugin._release_language(config)
        assert held[lang] == []  # mkdocs-static-i18n keeps nothing for its sitemap template
    plugin._write_sitemap(config)  # the other language's build: not yet
    assert not (tmp_path / "site" / "sitemap.xml").exists()
    i18n.building = False
    plugin._write_sitemap(config)
    text = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert re.findall(r"<loc>([^<]*)</loc>", text) == [
        "https://example.org/stories/a/",
        "https://example.org/sw/stories/a/",
    ]
    assert text.count('hreflang="sw" href="https://example.org/sw/stories/a/"') == 2
    assert plugin.sitemap is None


def test_a_sitemap_template_of_the_sites_own_is_left_to_mkdocs(tmp_path) -> None:
    theme = SimpleNamespace(custom_dir=None)
    assert not _own_sitemap_template(SimpleNamespace(theme=theme))
    theme.custom_dir = str(tmp_path)
    assert not _own_sitemap_template(SimpleNamespace(theme=theme))
    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    assert _own_sitemap_template(SimpleNamespace(theme=theme))


def test_serve_watches_the_corpus_not_the_staged_pages(tmp_path) -> None:
    # Every build rewrites staged pages: a watched staging folder meant a second build per change.
    plugin = _plugin()
    plugin.settings = Settings(content_dir=tmp_path / "content", build_dir=tmp_path / "staged")
    (tmp_path / "content").mkdir()
    (tmp_path / "staged").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path / "staged"))  # what mkdocs serve does with docs_dir
    assert plugin.on_serve(server, config=None, builder=None) is server
    server.watch(str(tmp_path / "content"))  # config.watch, after the plugins' on_serve
    assert set(server._watched_paths) == {str(tmp_path / "content")}
    assert plugin.on_serve(server, config=None, builder=None) is server  # not watched: no error


def test_a_links_target_is_looked_up_once_per_path() -> None:
    # A claims table links to the same few pages tens of thousands of times.
    asked: list[str] = []

    class Files:
        def get_file_from_path(self, path: str):
            asked.append(path)
            return f"file of {path}" if path.endswith(".md") else None

    files = _plugin().on_files(Files(), config=None)
    for _ in range(3):
        assert files.get_file_from_path("story/a.md") == "file of story/a.md"
        assert files.get_file_from_path("story/b.md") == "file of story/b.md"
        assert files.get_file_from_path("story/missing") is None  # not found: asked again
    assert asked.count("story/a.md") == asked.count("story/b.md") == 1
    assert asked.count("story/missing") == 3


def test_a_converted_pages_html_waits_on_disk_until_the_page_is_written() -> None:
    # MkDocs converts every page of a language before writing the first: their HTML waits in
    # a temporary file, and comes back whole when each page is written, in any order.
    plugin = _plugin()
    texts = [
        "<p>ქალაქის საბჭომ 14 ხმით დაამტკიცა ბიუჯეტი.</p>",
        "<p>नगर परिषद ने 12 करोड़ रुपये मंज़ूर किए।</p>",
        "<p>Le maire a dit : « non » 🙂</p>" * 300,
    ]
    pages = [
        SimpleNamespace(markdown="# source", present_anchor_ids={"s-1"}, links_to_anchors={}) for _ in texts
    ]
    for page, html in zip(pages, texts, strict=True):
        assert plugin.on_page_content(html, page=page, config=None, files=None) == ""
        assert page.markdown == "" and not hasattr(page, "content")
    for page, html in reversed(list(zip(pages, texts, strict=True))):
        assert plugin._restore_content({}, page=page, config=None, nav=None) == {}
        assert page.content == html and not hasattr(page, "parallax_html")
    spool = plugin.page_spool
    plugin._release_language(SimpleNamespace(plugins={}))
    assert plugin.page_spool is None and spool._file.closed


def test_the_themes_sitemap_template_is_not_copied_as_a_file(tmp_path) -> None:
    # MkDocs copies a theme's files but its templates: Parallax writes the sitemap, so MkDocs
    # no longer renders the theme's sitemap template, and must not copy it as it is either.
    theme_dir, docs = tmp_path / "theme", tmp_path / "docs"
    site = str(tmp_path / "site")
    template = File("sitemap.xml", src_dir=str(theme_dir), dest_dir=site, use_directory_urls=True)
    kept = [
        File("assets/app.js", src_dir=str(theme_dir), dest_dir=site, use_directory_urls=True),
        File("stories/a.md", src_dir=str(docs), dest_dir=site, use_directory_urls=True),
    ]
    config = SimpleNamespace(theme=SimpleNamespace(dirs=[str(theme_dir)]))
    plugin = _plugin()
    plugin.sitemap = Sitemap("")
    files = plugin.on_files(Files([template, *kept]), config=config)
    assert list(files) == kept
    own = File("sitemap.xml", src_dir=str(docs), dest_dir=site, use_directory_urls=True)  # not the theme's
    assert list(plugin.on_files(Files([own, *kept]), config=config)) == [own, *kept]
    plugin.sitemap = None  # a sitemap template of the site's own: MkDocs renders it, and skips it
    assert list(plugin.on_files(Files([template, *kept]), config=config)) == [template, *kept]
