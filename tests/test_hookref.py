"""The hook reference: every hook documented, and the README's copy up to date."""

from __future__ import annotations

import inspect
import re

import pytest
from conftest import ROOT

from generator.hookref import END, START, reference, specs

HOOKS = specs()


def test_there_are_hooks_for_every_stage() -> None:
    names = {name for name, *_ in HOOKS}
    assert {
        "parallax_read",
        "parallax_clean",
        "parallax_extract",
        "parallax_entities",
        "parallax_pages",
    } <= names


@pytest.mark.parametrize(("name", "signature", "doc", "first"), HOOKS, ids=[h[0] for h in HOOKS])
def test_each_hook_documents_its_signature_and_behaviour(
    name: str, signature: inspect.Signature, doc: str, first: bool
) -> None:
    assert signature.return_annotation is not inspect.Signature.empty, f"{name}: no return type"
    for parameter in signature.parameters.values():
        assert parameter.annotation is not inspect.Parameter.empty, f"{name}: {parameter.name} has no type"
        assert f"``{parameter.name}``" in doc or re.search(rf"\b{parameter.name}\b", doc), (
            f"{name}: the docstring does not say what '{parameter.name}' is"
        )
    assert re.search(r"\b(Runs|Called|Gets|Get)\b", doc), f"{name}: the docstring does not say when it runs"
    assert re.search(r"\bReturns?\b|\breturn\b", doc), f"{name}: the docstring does not say what it returns"
    assert ("First result wins." in doc) == first, f"{name}: docstring and firstresult disagree"


def test_readme_holds_the_current_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.find(START), readme.find(END)
    assert start >= 0 and end > start, "README.md has no generated hook reference"
    assert readme[start : end + len(END)] == reference(), (
        "README's hook reference is stale: run `parallax hooks --write`"
    )
