"""Time and memory of one stage, and the total time spent inside one patched function.

Memory is the resident set size (RSS) the kernel reports, so it counts what Polars, Arrow,
DuckDB and calamine allocate outside Python too (tracemalloc would miss those). Per stage it is
the peak RSS during the stage: the kernel's high-water mark (``VmHWM``) is reset before the stage
through ``/proc/self/clear_refs`` and read after it. The reset also resets ``ru_maxrss``, so the
process peak is the largest of every high-water mark read. Where the reset is not possible (not
Linux) the process's lifetime peak (``ru_maxrss``) is reported instead and ``MEMORY_METHOD``
says so.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _can_reset_peak() -> bool:
    try:
        _CLEAR_REFS.write_text("5")
        return _STATUS.exists()
    except OSError:
        return False


PER_STAGE_PEAK = _can_reset_peak()
MEMORY_METHOD = (
    "peak RSS per stage: VmHWM from /proc/self/status, reset before each stage via "
    "/proc/self/clear_refs; process peak: the largest VmHWM read over the process's life"
    if PER_STAGE_PEAK
    else "process peak RSS so far (resource.getrusage ru_maxrss); no per-stage reset here"
)


def _status_kib(key: str) -> int | None:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return None


def rss_mib() -> float:
    """Current resident set size."""
    kib = _status_kib("VmRSS") if _STATUS.exists() else None
    return round((kib or 0) / 1024, 1)


_highest_mib = 0.0  # the largest high-water mark read before a reset


def process_peak_mib() -> float:
    """Peak RSS over the process's whole life."""
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lifetime = round(peak / (MIB if sys.platform == "darwin" else 1024), 1)
    return max(lifetime, _highest_mib, peak_since_reset_mib() if PER_STAGE_PEAK else 0.0)


def reset_peak() -> None:
    global _highest_mib
    if PER_STAGE_PEAK:
        _highest_mib = max(_highest_mib, peak_since_reset_mib())
        _CLEAR_REFS.write_text("5")


def peak_since_reset_mib() -> float:
    if PER_STAGE_PEAK:
        return round((_status_kib("VmHWM") or 0) / 1024, 1)
    return process_peak_mib()


@dataclass
class Stages:
    """Seconds and peak RSS per named stage, in the order they ran."""

    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds of the whole process (all threads): on a shared machine this moves less than
    # the wall time when other processes take the cores.
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    peak_mib: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        reset_peak()
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] = time.perf_counter() - start
            self.cpu_seconds[name] = time.process_time() - cpu_start
            self.peak_mib[name] = peak_since_reset_mib()


@dataclass
class CallTimer:
    """Total time and number of calls of one function while it is patched."""

    seconds: float = 0.0
    calls: int = 0
    cpu_seconds: float = 0.0  # the process's CPU time (all threads) while inside the function


@contextmanager
def timed_calls(owner: Any, name: str) -> Iterator[CallTimer]:
    """Replace ``owner.name`` by a wrapper that adds up the time spent in it; restored after."""
    original = getattr(owner, name)
    timer = CallTimer()

    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            timer.seconds += time.perf_counter() - start
            timer.cpu_seconds += time.process_time() - cpu
            timer.calls += 1

    setattr(owner, name, wrapper)
    try:
        yield timer
    finally:
        setattr(owner, name, original)


def median_seconds(work: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """Median wall time of ``repeats`` calls of ``work`` and every single time."""
    times = []
    for _ in range(max(repeats, 1)):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times
