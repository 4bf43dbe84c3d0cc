"""Four workbooks written by town halls that never saw the template (data/realism): their own
headers and words, numbers in several notations, a «Kommune» column or the name in the file
name, no metadata sheet. Every row with a title must reach the gross list, every
interpretation must be visible as a warning on its cell, and the candidates must match the
hand-made groups."""

from __future__ import annotations

import csv

import pytest

from benchmarks.intake_realism import FILES, REALISM, measure, read_set
from screening.intake.findings import ERROR, WARNING


@pytest.fixture(scope="module")
def received():
    return read_set()


def test_every_file_is_read_as_the_municipality_it_names(received):
    assert [r.submission.municipality for r in received] == [m for _, m in FILES.values()]
    assert not any(r.submission.rejected for r in received)
    for r in received:
        assert any(
            "Arket «Om skabelonen» mangler" in f.message and f.severity == WARNING
            for f in r.submission.findings
        )


def test_every_row_with_a_title_comes_through(received):
    for csv_name, (name, _) in FILES.items():
        with open(REALISM / csv_name, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        [submission] = [r.submission for r in received if r.archived_as == name]
        assert submission.tasks.height == len(rows) - 1, name
        assert not [f for f in submission.findings if f.severity == ERROR], name


def test_each_interpretation_is_a_warning_on_its_cell(received):
    herning = received[0].submission
    by_cell = {(f.row, f.column): f.message for f in herning.findings}
    # Row 4: «Administration» is none of our service areas: kept in their words.
    assert "«Andet (ikke genkendt)» med jeres ord" in by_cell[(4, "D")]
    task = herning.tasks.row(0, named=True)
    assert (task["service_area"], task["service_area_written"]) == ("other", "Administration")
    # Row 4: «Mere rationel drift» is the mandate's own wording of the first goal.
    assert task["goals"] == ["rational_operation"]
    # «Organisation» read as «Organisering», said on the cell.
    assert "tolket som «Organisering»" in by_cell[(4, "F")]
    # Row 5: «6,5 mio.» read as 6.500.000, said on the cell.
    assert "tolket som 6.500.000" in by_cell[(5, "H")]
    # Headers in their own words are read with a warning on the header cell.
    assert "læst som «Skønnet potentiale (kr. pr. år)»" in by_cell[(3, "J")]


def test_matching_finds_the_true_groups():
    result = measure()
    print(
        f"realism: rows {result['rows read']}/{result['labelled rows']}, "
        f"{result['warnings per row read']} warnings per row, P={result['precision']} "
        f"R={result['recall']} F1={result['F1']}"
    )
    assert result["rows read"] == result["labelled rows"] == 83
    assert result["F1"] >= 0.9
