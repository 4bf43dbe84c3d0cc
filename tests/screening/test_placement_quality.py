"""The incremental matching is as good as a fresh one when all files arrive at once, on every
hand-labelled set; arriving one municipality at a time costs some quality (the figures are in
the README's matching section, ``python -m benchmarks.placement_quality``)."""

from __future__ import annotations

import pytest

from benchmarks.placement_quality import qualities, realism_set, townhall_set
from benchmarks.tune_matching import gold_set, sample_set


def nordjylland():
    return townhall_set("nordjylland")


def fyn():
    return townhall_set("fyn")


@pytest.mark.parametrize("labelled", [sample_set, gold_set, realism_set, nordjylland, fyn])
def test_all_files_at_once_match_as_well_as_a_fresh_matching(labelled):
    tasks, truth = labelled()
    found = qualities(tasks, truth)
    for run, quality in found.items():
        print(
            f"{labelled.__name__} {run}: P={quality.precision:.3f} R={quality.recall:.3f} "
            f"F1={quality.f1:.3f}"
        )
    fresh, at_once = found["fresh"], found["all at once"]
    assert abs(at_once.precision - fresh.precision) <= 0.01
    assert abs(at_once.recall - fresh.recall) <= 0.01
    assert abs(at_once.f1 - fresh.f1) <= 0.01
    # One file at a time, in either order: no worse than measured when this was written.
    assert found["one at a time"].f1 >= 0.85
    assert found["one at a time, reversed"].f1 >= 0.85
