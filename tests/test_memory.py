"""Memory a finished stage freed goes back to the system, not kept scattered in the process."""

from __future__ import annotations

import json
import platform
import subprocess
import sys

import pytest

# What a language's build leaves: big blocks freed, small ones living on between them, so the
# allocator cannot give the freed memory back by itself. Run in a fresh process: the test
# process's own heap, after hundreds of tests, would blur the figures.
SCENARIO = """
import json, os
from generator.memory import return_freed_memory

def resident_mb():
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20

freed, kept = [], []
for n in range(3000):
    freed.append(bytes(64_000) + bytes([n % 256]))
    kept.append(bytes(1_000) + bytes([n % 256]))
grown = resident_mb()
del freed
before = resident_mb()
trimmed = return_freed_memory()
print(json.dumps({"grown": grown, "before": before, "after": resident_mb(), "trimmed": trimmed, "kept": len(kept)}))
"""


@pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's; elsewhere nothing is done"
)
def test_freed_memory_between_live_objects_goes_back_to_the_system() -> None:
    result = subprocess.run([sys.executable, "-c", SCENARIO], capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout)
    assert figures["grown"] > 150 and figures["kept"] == 3000
    assert figures["before"] > figures["grown"] - 50  # freed, yet still held by the process
    assert figures["trimmed"]
    assert figures["after"] < figures["before"] - 120
