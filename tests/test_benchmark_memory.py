"""benchmarks/run.py's memory figure: all of a command's processes together, each command its own."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from conftest import benchmark_module

# A parent and two workers forked from it, each holding its own 64 MB (written to, so resident),
# for long enough that a sampler every quarter of a second sees all three at once.
FORKED = textwrap.dedent(
    """
    import multiprocessing, time

    def hold(seconds):
        block = bytearray(64 * 2**20)
        block[::4096] = b"x" * len(block[::4096])
        time.sleep(seconds)

    if __name__ == "__main__":
        ctx = multiprocessing.get_context("fork")
        workers = [ctx.Process(target=hold, args=(2.0,)) for _ in range(2)]
        for worker in workers:
            worker.start()
        hold(1.5)
        for worker in workers:
            worker.join()
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="forks workers and reads /proc (Linux)")
def test_peak_memory_counts_every_process_of_the_command(tmp_path: Path) -> None:
    bench = benchmark_module("run")
    elapsed, peak = bench._run([sys.executable, "-c", FORKED], tmp_path)
    assert elapsed >= 1.5
    # Three blocks of 64 MB at once: the largest process alone would be about 64 MB.
    assert 3 * 64 <= peak < 3 * 64 + 150, peak


def test_each_command_has_its_own_peak(tmp_path: Path) -> None:
    bench = benchmark_module("run")
    _, big = bench._run(
        [
            sys.executable,
            "-c",
            "import time; b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1)",
        ],
        tmp_path,
    )
    _, small = bench._run([sys.executable, "-c", "pass"], tmp_path)
    assert big >= 200
    assert small < 100, "an earlier command's peak carried over"


def test_a_failing_command_stops_the_benchmark_with_its_errors(tmp_path: Path) -> None:
    bench = benchmark_module("run")
    with pytest.raises(SystemExit, match="no such module"):
        bench._run([sys.executable, "-c", "raise SystemExit('no such module')"], tmp_path)
