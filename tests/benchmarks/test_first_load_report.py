"""The first-load benchmark sums what the first visit imported by package, each module once."""

from __future__ import annotations

from benchmarks.first_load import _imports_by_package

LOG = """\
import time: self [us] | cumulative | imported package
2026-12-06 18:00:00.000 Uvicorn running
import time:      1000 |       1000 |     pandas._libs
import time:      2500 |       3500 |   pandas.core
import time:       500 |       4000 | pandas
import time:      1500 |       1500 | scipy.sparse
"""


def test_imports_are_summed_per_package_from_each_modules_own_time():
    by_package = _imports_by_package(LOG.splitlines())
    assert by_package == {"pandas": 4.0, "scipy": 1.5}
    assert list(by_package) == ["pandas", "scipy"]  # heaviest first
