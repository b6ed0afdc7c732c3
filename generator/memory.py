"""Giving memory that a finished stage freed back to the system.

A large build frees most of what a stage held once it ends (a UI language's
pages, the analysis's temporary structures), but the C library's allocator
keeps the freed memory in the process, scattered between the objects that
live on: the next stage's allocations do not always fit in it, and the
process grows language after language although what is alive does not.
glibc's ``malloc_trim`` returns every freed page to the system. Elsewhere
(macOS, musl) there is nothing to call, and nothing is done.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def return_freed_memory() -> bool:
    """Collect garbage, then return freed memory to the system; whether the allocator could."""
    gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
