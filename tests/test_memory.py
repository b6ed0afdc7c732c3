"""Memory a finished stage freed goes back to the system, not kept scattered in the process."""

from __future__ import annotations

import os
import platform

import pytest

from generator.memory import return_freed_memory


def _resident_mb() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20


@pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's; elsewhere nothing is done"
)
def test_freed_memory_between_live_objects_goes_back_to_the_system() -> None:
    # What a language's build leaves: big blocks freed, small ones living on between them,
    # so the allocator cannot give the freed memory back by itself.
    freed, kept = [], []
    for n in range(3000):
        freed.append(bytes(64_000) + bytes([n % 256]))
        kept.append(bytes(1_000) + bytes([n % 256]))
    grown = _resident_mb()
    del freed
    before = _resident_mb()
    assert before > grown - 50  # still held by the process
    assert return_freed_memory()
    assert _resident_mb() < before - 120
    assert len(kept) == 3000
