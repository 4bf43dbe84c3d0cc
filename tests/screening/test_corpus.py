"""Every file of the messy corpus (corpus.py) reads to exactly the findings a person needs to fix
it, in the right row and column, and the good rows in the same file still come through with the
values they hold. Nothing in the corpus makes the reader or the annotated copy crash."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import corpus_layouts  # noqa: F401  (registers its cases into CASES)
import openpyxl
import pytest
from corpus import CASES, CONFIG, Case

from screening.intake import file_guard
from screening.intake.feedback import FEEDBACK_SHEET, write_feedback
from screening.intake.inbox import receive
from screening.intake.message_language import translation
from screening.intake.reader import read_submission
from screening.intake.submission import Submission
from screening.intake.submissions import read_folder
from screening.text import fold


def read_case(case: Case, folder: Path) -> tuple[Path, Submission]:
    """Write the case's file and read it the way it arrives: through the inbox when it was
    uploaded under a name of its own, else straight from the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = case.write(folder)
    if case.sent_as is None:
        return path, read_submission(path, case.config)
    archive = folder / "arkiv"
    receipt = receive(path, archive, original_name=case.sent_as)
    [received] = read_folder(archive, case.config)
    return archive / receipt.archived_as, received.submission


@pytest.fixture(scope="module")
def reading(tmp_path_factory):
    """Each case's file and its reading, made once for all the tests below."""
    cache: dict[str, tuple[Path, Submission]] = {}

    def read(case: Case) -> tuple[Path, Submission]:
        if case.name not in cache:
            cache[case.name] = read_case(case, tmp_path_factory.mktemp(case.name))
        return cache[case.name]

    return read


def test_the_corpus_is_large_and_every_case_says_what_happened():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
    for case in CASES:
        assert len(case.story) > 40, f"{case.name}: the docstring must say what a person did"
        assert case.rejected or case.tasks or case.findings, case.name


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_findings_are_exactly_the_expected_ones(case: Case, reading):
    _, submission = reading(case)
    found = Counter((f.severity, f.row, f.column) for f in submission.findings)
    described = "\n".join(f.describe() for f in submission.findings)
    assert found == Counter(case.findings), f"{case.name}:\n{described}"
    for text in case.says:
        assert text in described, f"{case.name}: «{text}» not in\n{described}"
    for finding in submission.findings:
        # Every message is Danish and tells the sender what to do, not just what is wrong.
        assert finding.message.rstrip().endswith((".", ")")), finding.message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rejected_files_bring_no_tasks_and_say_why(case: Case, reading):
    _, submission = reading(case)
    assert submission.rejected is case.rejected
    if case.rejected:
        assert submission.tasks.is_empty()
        refusals = [f for f in submission.findings if f.blocks_file]
        assert len(refusals) == 1
        assert all(text in refusals[0].message for text in case.says), refusals[0].message


@pytest.mark.parametrize("case", [c for c in CASES if not c.rejected], ids=lambda c: c.name)
def test_good_rows_come_through_with_their_values(case: Case, reading):
    _, submission = reading(case)
    tasks = {t["source_row"]: t for t in submission.tasks.iter_rows(named=True)}
    assert sorted(tasks) == sorted(case.tasks), f"{case.name}: rows read {sorted(tasks)}"
    for excel_row, expected in case.tasks.items():
        task = tasks[excel_row]
        for code, value in expected.items():
            if isinstance(value, float | int) and not isinstance(value, bool):
                assert task[code] == pytest.approx(value), f"{case.name} row {excel_row}: {code}"
            else:
                assert task[code] == value, f"{case.name} row {excel_row}: {code}"
        assert task["municipality"] in case.config.municipality_names()
        assert task["task_id"].startswith(fold(task["municipality"]).replace(" ", "-") + ":")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_finding_reads_in_english(case: Case, reading):
    """An English reader reads each finding in English, with the file's own words as written."""
    _, submission = reading(case)
    for finding in submission.findings:
        english = translation(finding.message, "en")
        assert english.complete, f"no English template matches: {finding.message}"
        assert english.text != finding.message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_neither_the_reader_nor_the_annotated_copy_crashes(case: Case, reading, tmp_path: Path):
    path, submission = reading(case)
    out = write_feedback(path, submission, tmp_path / "rettelser.xlsx")
    with zipfile.ZipFile(out) as copy:
        assert not any(n.endswith("vbaProject.bin") for n in copy.namelist())
    summary = openpyxl.load_workbook(out)[FEEDBACK_SHEET]
    assert summary.parent.sheetnames[0] == FEEDBACK_SHEET
    if submission.findings:
        assert [c.value for c in summary["G"][4:]] == [f.message for f in submission.findings]


def test_the_row_limit_is_checked_on_the_sheet_not_on_what_was_loaded(reading):
    """A sheet longer than the limit is refused with its true length, even though only the
    first rows are turned into Python values."""
    [case] = [c for c in CASES if c.name == "far_too_many_rows"]
    _, submission = reading(case)
    assert f"grænsen er {file_guard.MAX_TASK_ROWS} opgaver" in submission.findings[0].message
    assert "6000 opgaverækker (række 3 til 6002)" in submission.findings[0].message


def test_a_zip_that_unpacks_beyond_the_limit_is_refused_unopened(tmp_path: Path, monkeypatch):
    """Many parts, each compressed normally, that together unpack to more than the limit."""
    monkeypatch.setattr(file_guard, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    [case] = [c for c in CASES if c.name == "official_template_filled_in"]
    path = case.write(tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.bin", bytes(range(256)) * 8192)  # 2 MB, ratio < 100
    submission = read_submission(path, CONFIG)
    assert submission.rejected
    assert "Filen pakker ud til 2 MB; grænsen er 1 MB" in submission.findings[0].message
