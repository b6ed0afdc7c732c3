"""A built page's anchors and links to anchors, held compactly until MkDocs checks them.

MkDocs keeps, for every page of a build, the ids of its anchors (a set of
strings) and its links to other pages' anchors (a dict per target file),
until it checks every link against every anchor after the last page is
written. A claims table links to tens of thousands of sentences, and an
article page holds an anchor per sentence and per fact: about 20 KB a page
as Python objects, 450 MB for the 22,000 pages of one UI language of a
10,000-article site. Held as one string each (the links compressed), they
take a tenth of that or less, and answer the only questions MkDocs asks of
them (``anchor in ids``; ``links.items()``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping

_SEP = "\n"  # between entries: no anchor id or link holds a line break (else nothing is packed)
_PAIR = "\t"  # between an anchor and its link as written


class AnchorIds:
    """A set of anchor ids held as one string: ``anchor in ids``, iteration and ``len``."""

    __slots__ = ("_count", "_text")

    def __init__(self, ids: Iterable[str]) -> None:
        ids = sorted(ids)
        self._text = _SEP + _SEP.join(ids) + _SEP
        self._count = len(ids)

    @classmethod
    def pack(cls, ids: set[str] | None) -> set[str] | AnchorIds | None:
        """``ids`` packed, or as they are when there is nothing to gain or an id has a line break."""
        if not ids or any(_SEP in anchor for anchor in ids):
            return ids
        return cls(ids)

    def __contains__(self, anchor: object) -> bool:
        return isinstance(anchor, str) and _SEP not in anchor and f"{_SEP}{anchor}{_SEP}" in self._text

    def __iter__(self) -> Iterator[str]:
        return iter(self._text[1:-1].split(_SEP)) if self._count else iter(())

    def __len__(self) -> int:
        return self._count


class AnchorLinks(Mapping[str, str]):
    """One page's links to the anchors of one file (anchor -> the link as written), as one
    compressed string: a claims table's links repeat the same few paths thousands of times,
    and MkDocs reads them once, all together."""

    __slots__ = ("_count", "_packed")

    def __init__(self, links: Mapping[str, str]) -> None:
        text = _SEP.join(f"{anchor}{_PAIR}{link}" for anchor, link in links.items())
        self._packed = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        self._count = len(links)

    @classmethod
    def pack(cls, links: dict | None) -> dict | None:
        """Each target file's links packed (the dict of files stays), or ``links`` as they are
        when a link or an anchor holds a tab or a line break."""
        if not links:
            return links
        for per_file in links.values():
            if any(_SEP in a or _PAIR in a or _SEP in u or _PAIR in u for a, u in per_file.items()):
                return links
        return {target: cls(per_file) for target, per_file in links.items()}

    def _pairs(self) -> Iterator[tuple[str, str]]:
        if not self._count:
            return
        for line in zlib.decompress(self._packed).decode("utf-8", "surrogatepass").split(_SEP):
            anchor, _, link = line.partition(_PAIR)
            yield anchor, link

    def __getitem__(self, anchor: str) -> str:
        for key, link in self._pairs():
            if key == anchor:
                return link
        raise KeyError(anchor)

    def __iter__(self) -> Iterator[str]:
        return (anchor for anchor, _ in self._pairs())

    def __len__(self) -> int:
        return self._count

    def items(self):  # type: ignore[override]  # one pass over the string, not a lookup per key
        return list(self._pairs())
