"""The town-hall sets (tests/screening/data/townhall): screenings as six North Jutland and three
Funen town halls sent them, in the layouts real files have. What a sender would notice: every
task row arrives, no heading, sum or note becomes a task, the amounts add up to the file's own
«I alt», the same task under other words lands in one candidate, and the annotated copy is
written for every file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from benchmarks.intake_townhall import SETS, load_set, measure, read_files
from screening.intake.feedback import FEEDBACK_SHEET, write_feedback

FILES = [(name, file) for name in SETS for file in load_set(name).files]


@pytest.fixture(scope="module")
def read():
    return {name: read_files(load_set(name)) for name in SETS}


@pytest.mark.parametrize(("set_name", "file"), FILES, ids=[f for _, f in FILES])
def test_the_annotated_copy_is_written_for_every_file(set_name, file, read, tmp_path: Path):
    submission = read[set_name][file]
    out = write_feedback(load_set(set_name).folder / file, submission, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == FEEDBACK_SHEET
    listed = [c.value for c in book[FEEDBACK_SHEET]["G"][4:]]
    assert listed == [f.message for f in submission.findings]
    for finding in submission.findings:
        if finding.row and finding.column and finding.sheet in book.sheetnames:
            sheet = book[finding.sheet]
            cell = sheet[f"{finding.column}{finding.row}"]
            anchor = next(
                (
                    sheet.cell(r.min_row, r.min_col)
                    for r in sheet.merged_cells.ranges
                    if cell.coordinate in r
                ),
                cell,
            )
            assert finding.message in anchor.comment.text
            assert not sheet.row_dimensions[anchor.row].hidden


@pytest.mark.parametrize("set_name", SETS)
def test_every_task_row_and_nothing_else_is_read_and_the_totals_add_up(set_name, read):
    result = measure(set_name, read[set_name])
    assert result["task rows read"] == result["task rows"]
    assert result["non-task rows read as tasks"] == 0, result["_not_tasks"]
    assert result["_totals_off"] == []
    assert result["errors"] == 0


@pytest.mark.parametrize("set_name", SETS)
def test_the_same_task_under_other_words_is_one_candidate(set_name, read):
    """Measured on the reported set (Nordjylland) as on the tuning set (Fyn)."""
    result = measure(set_name, read[set_name])
    assert result["F1"] >= 0.95
    assert result["precision"] >= 0.98
