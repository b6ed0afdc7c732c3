"""Anchors and links to anchors packed while MkDocs holds them: the same answers, less memory."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write
from hypothesis import given
from hypothesis import strategies as st

from generator.anchors import AnchorIds, AnchorLinks
from generator.cli import main

ids = st.sets(st.text(min_size=0, max_size=12))


@given(ids, st.text(max_size=12))
def test_packed_ids_answer_as_the_set_does(anchors: set[str], probe: str) -> None:
    packed = AnchorIds.pack(set(anchors))
    for anchor in [*anchors, probe, "", "s-1", "\n"]:
        assert (anchor in packed) == (anchor in anchors)
    assert sorted(packed) == sorted(anchors) and len(packed) == len(anchors)


@given(st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=20))
def test_packed_links_give_the_same_pairs(links: dict[str, str]) -> None:
    target = object()
    packed = AnchorLinks.pack({target: dict(links)})
    assert list(packed) == [target] if links else packed == {target: links}
    assert dict(packed[target].items()) == links
    assert len(packed[target]) == len(links)
    for anchor, link in links.items():
        assert packed[target][anchor] == link


def test_packing_saves_memory_on_a_pages_worth_of_anchors() -> None:
    anchors = {f"s-{n}" for n in range(1, 400)} | {f"f-{n}" for n in range(1, 200)}
    packed = AnchorIds.pack(anchors)
    as_set = sys.getsizeof(anchors) + sum(sys.getsizeof(a) for a in anchors)
    assert sys.getsizeof(packed) + sys.getsizeof(packed._text) < as_set / 5
    links = {f"s-{n}": f"a{n % 50:05d}-de.md#s-{n}" for n in range(3000)}
    as_dict = sys.getsizeof(links) + sum(sys.getsizeof(k) + sys.getsizeof(v) for k, v in links.items())
    (held,) = AnchorLinks.pack({"file": links}).values()
    assert sys.getsizeof(held._packed) < as_dict / 20


# A renderer that links to one sentence that exists and one that does not.
LINKS_PLUGIN = """\
from generator import hookimpl
from generator.model import Page
from plugins.pages import article_page

@hookimpl
def parallax_pages(report):
    story = report.stories[0]
    page = article_page(report.results[0].article.id)
    text = f"# Links\\n\\n[here]({page}#s-1) and [nowhere]({page}#s-4242)\\n"
    return [Page(f"stories/{story.id}/links.md", text, "Links")]
"""


def test_mkdocs_still_finds_a_link_to_an_anchor_that_does_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    project = tmp_path / "project"
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "      content_dir: content\n", "      content_dir: content\n      plugins: [links]\n"
    )
    write(project, "mkdocs.yml", config)
    write(
        project / "content",
        "porto/cronaca.txt",
        "Il porto ha riaperto lunedì. Quattordici barche sono danneggiate.\n",
    )
    write(
        project / "content", "porto/haber.txt", "Liman pazartesi yeniden açıldı. On dört tekne hasar gördü.\n"
    )
    write(project / "plugins_here", "links.py", LINKS_PLUGIN)
    monkeypatch.syspath_prepend(str(project / "plugins_here"))
    with caplog.at_level(logging.INFO):
        result = CliRunner().invoke(
            main, ["build", "-f", str(project / "mkdocs.yml")], catch_exceptions=False
        )
    assert result.exit_code == 0
    checked = [r.getMessage() for r in caplog.records if "contains a link" in r.getMessage()]
    # Once per UI language: the missing anchor, and not the one that exists.
    assert len(checked) == 6 and all("does not contain an anchor '#s-4242'" in m for m in checked)
