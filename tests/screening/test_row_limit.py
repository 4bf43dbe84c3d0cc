"""The row limit counts tasks: the header row and the template's hint row are not tasks, so a
file with exactly the limit's number of tasks is read, and one more is refused with the count."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CONFIG, HEADERS, HELP, PAYROLL, _csv, row, workbook

from screening.intake.file_guard import MAX_TASK_ROWS
from screening.intake.reader import read_submission


def _tasks(n: int) -> list[list]:
    return [row(PAYROLL, title=f"Konto {i}") for i in range(n)]


@pytest.mark.parametrize("hint_row", [True, False], ids=["with_hint_row", "without_hint_row"])
def test_exactly_the_limit_is_read(tmp_path: Path, hint_row: bool):
    rows = [HEADERS, *([HELP] if hint_row else []), *_tasks(MAX_TASK_ROWS)]
    submission = read_submission(workbook(tmp_path / "tønder.xlsx", rows), CONFIG)
    assert not submission.rejected
    assert submission.tasks.height == MAX_TASK_ROWS


def test_one_task_over_the_limit_is_refused_with_the_count_of_tasks(tmp_path: Path):
    rows = [HEADERS, HELP, *_tasks(MAX_TASK_ROWS + 1)]
    submission = read_submission(workbook(tmp_path / "tønder.xlsx", rows), CONFIG)
    assert submission.rejected and submission.tasks.is_empty()
    assert "Filen har 5001 opgaverækker (række 3 til 5003); grænsen er 5000" in (
        submission.findings[0].message
    )


def test_a_csv_is_counted_the_same_way(tmp_path: Path):
    path = _csv(tmp_path / "tønder.csv", [HEADERS, *_tasks(MAX_TASK_ROWS + 1)], "utf-8", ";")
    submission = read_submission(path, CONFIG)
    assert submission.rejected
    [refusal] = [f for f in submission.findings if f.blocks_file]
    assert "Filen har 5001 opgaverækker (række 2 til 5002)" in refusal.message
