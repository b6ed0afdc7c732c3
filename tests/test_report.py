"""report.json's text: the same data as report_data, one top-level list item per line."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write

from generator.manager import plugin_manager
from generator.pipeline import run
from generator.report import report_data, report_json
from generator.settings import Settings


def test_report_json_holds_report_data_one_item_per_line(tmp_path: Path) -> None:
    write(
        tmp_path / "content",
        "flood/a-en.txt",
        "The river rose by 2.5 metres on 3 March 2021, the mayor said. 40 homes were flooded.",
    )
    write(
        tmp_path / "content",
        "flood/b-es.txt",
        "El río subió 2,5 metros el 3 de marzo de 2021. Se inundaron 40 viviendas, dijo el alcalde.",
    )
    report = run(Settings(tmp_path / "content", tmp_path / "build"), plugin_manager())
    text = report_json(report)
    data = report_data(report)
    assert json.loads(text) == data
    lines = text.splitlines()
    # Each article and each fact stands on a line of its own, whole: diffs stay readable.
    for key in ("articles", "facts"):
        assert data[key], key
        for item in data[key]:
            assert (
                json.dumps(item, ensure_ascii=False) + "," in lines
                or json.dumps(item, ensure_ascii=False) in lines
            )
    assert "río" in text  # UTF-8, not \u escapes
