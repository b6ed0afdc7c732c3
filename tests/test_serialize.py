"""The cache's JSON form of the model: every value comes back equal, and data that does not fit is refused."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from generator.manager import plugin_manager
from generator.model import ArticleResult, Problem, Source, Span, Summary, SummaryPoint, frozen_map
from generator.pipeline import analyse
from generator.serialize import from_data, to_data
from generator.settings import Settings

# A story of our own, in a language the seeds do not have.
TEXT = (
    "La alcaldesa Marta Ibarrondo anunció el 3 de marzo de 2024 un plan de 12 millones de euros "
    "para el puerto de Vigoa.\n\n"
    "«Es una inversión necesaria», dijo Ibarrondo ante 250 vecinos. El plan durará 18 meses."
)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ArticleResult:
    tmp = tmp_path_factory.mktemp("serialize")
    path = tmp / "content" / "puerto" / "a.txt"
    path.parent.mkdir(parents=True)
    path.write_text(TEXT, encoding="utf-8")
    settings = Settings(content_dir=tmp / "content", build_dir=tmp / "out")
    source = Source(path=path, rel="puerto/a.txt", story="puerto", data=path.read_bytes())
    found, problems = analyse(source, plugin_manager(), settings)
    assert found is not None, problems
    return found


def test_an_analysed_article_comes_back_equal_through_json(result: ArticleResult) -> None:
    assert result.extraction.facts, "the article should have facts to carry"
    data = json.loads(json.dumps(to_data(result), ensure_ascii=False))
    back = from_data(ArticleResult, data)
    assert back == result
    assert isinstance(back.article.metadata, tuple)
    assert from_data(ArticleResult | None, None) is None


def test_mappings_come_back_read_only_and_floats_from_integers() -> None:
    summary = Summary(
        story="puerto",
        points=(SummaryPoint(key="agreed", params=frozen_map({"n": 2}), claim="c1"),),
        articles=frozen_map({"a": (Span(0, 5),)}),
    )
    back = from_data(Summary, json.loads(json.dumps(to_data(summary))))
    assert back == summary
    assert isinstance(back.articles, Mapping)
    with pytest.raises(TypeError):
        back.articles["b"] = ()  # type: ignore[index]
    assert from_data(float, 3) == 3.0 and isinstance(from_data(float, 3), float)
    assert from_data(Path, "a/b") == Path("a/b")


@pytest.mark.parametrize(
    ("cls", "data"),
    [
        (Problem, {"message": "m", "colour": "red"}),  # a field the type does not have
        (Problem, {"path": "x"}),  # a required field missing
        (Problem, ["message"]),  # a list for an object
        (Span, {"start": "0", "end": 5}),  # a string for an int
        (float, True),  # a boolean is no number here
        (tuple[Span, ...], {"start": 0, "end": 1}),  # an object for a list
        (Mapping[str, int], [1, 2]),
        (Span | None, "nothing"),
    ],
)
def test_data_that_does_not_fit_its_type_is_refused(cls: object, data: object) -> None:
    with pytest.raises((TypeError, ValueError, KeyError)):
        from_data(cls, data)
