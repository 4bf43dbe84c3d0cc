"""The annotated copy a municipality gets back: the problem cells highlighted with a comment that
says what to do, a first sheet «Rettelser» listing every finding, and the file they sent left
exactly as it was."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pytest
from corpus import (
    BUILDING,
    CASES,
    CONFIG,
    DEPOT,
    HEADERS,
    PAYROLL,
    Formula,
    row,
    template_rows,
    workbook,
)

from screening.intake.feedback import FEEDBACK_SHEET, FILLS, feedback_path, write_feedback
from screening.intake.reader import read_submission

ERROR_FILL = FILLS["error"].start_color.rgb
WARNING_FILL = FILLS["warning"].start_color.rgb


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sent(tmp_path: Path) -> Path:
    """Tønder's file: a formula (O3), an unknown task type and «SSC» (J4, K4), a good row, and
    the first row pasted again (A6)."""
    rows = template_rows(
        {**PAYROLL, "potential_dkk": Formula("=M3*0.1", 420_000)},
        {**BUILDING, "task_type": "Outsourcing", "cooperation_form": "SSC"},
        DEPOT,
        {**PAYROLL, "potential_dkk": Formula("=M6*0.1", 420_000)},
    )
    return workbook(tmp_path / "tønder.xlsx", rows)


def commented_cells(book) -> dict[tuple[str, str], str]:
    return {
        (sheet.title, cell.coordinate): cell.comment.text
        for sheet in book.worksheets
        for line in sheet.iter_rows()
        for cell in line
        if cell.comment is not None
    }


def test_exactly_the_problem_cells_are_highlighted_with_the_message(sent: Path, tmp_path: Path):
    submission = read_submission(sent, CONFIG)
    out = write_feedback(sent, submission, feedback_path(sent, tmp_path / "ud"))
    assert out.name == "tønder - rettelser.xlsx"
    book = openpyxl.load_workbook(out)
    comments = commented_cells(book)
    assert set(comments) == {
        ("Opgaver", "O3"),
        ("Opgaver", "J4"),
        ("Opgaver", "K4"),
        ("Opgaver", "A6"),
        ("Opgaver", "O6"),
    }
    tasks = book["Opgaver"]
    # An unknown task type no longer holds the row back: a warning, the cell read as empty.
    assert (
        "Advarsel: Værdien findes ikke på listen. Vælg en af: «Processer»"
        in comments[("Opgaver", "J4")]
    )
    assert "Advarsel: Værdien er tolket som «Shared service»" in comments[("Opgaver", "K4")]
    assert "Cellen indeholder formlen «=M3*0.1»" in comments[("Opgaver", "O3")]
    assert "Rækken er en gentagelse af række 3" in comments[("Opgaver", "A6")]
    assert tasks["J4"].fill.start_color.rgb == WARNING_FILL
    assert tasks["A6"].fill.start_color.rgb == ERROR_FILL
    assert tasks["K4"].fill.start_color.rgb == WARNING_FILL
    assert tasks["O3"].fill.start_color.rgb == WARNING_FILL
    # What they wrote is still there to be corrected, and good cells are untouched.
    assert tasks["J4"].value == "Outsourcing"
    assert tasks["J3"].fill.start_color.rgb != ERROR_FILL and tasks["J3"].comment is None


def test_first_sheet_lists_every_finding(sent: Path, tmp_path: Path):
    submission = read_submission(sent, CONFIG)
    book = openpyxl.load_workbook(write_feedback(sent, submission, tmp_path / "r.xlsx"))
    assert book.sheetnames[0] == FEEDBACK_SHEET
    assert book.active.title == FEEDBACK_SHEET
    sheet = book[FEEDBACK_SHEET]
    assert sheet["A1"].value == "Rettelser til tønder.xlsx"
    assert sheet["A2"].value.startswith("3 opgaver er modtaget.")
    assert [c.value for c in sheet[4]] == [
        "Alvor",
        "Ark",
        "Række",
        "Kolonne",
        "Overskrift",
        "Fundet",
        "Sådan retter I det",
    ]
    listed = [tuple(c.value for c in line) for line in sheet.iter_rows(min_row=5)]
    assert listed == [
        (
            {"error": "Fejl", "warning": "Advarsel"}[f.severity],
            f.sheet,
            f.row,
            f.column,
            f.header,
            f.value,
            f.message,
        )
        for f in submission.findings
    ]
    assert [(line[0], line[2], line[3]) for line in listed] == [
        ("Advarsel", 3, "O"),
        ("Advarsel", 4, "J"),
        ("Advarsel", 4, "K"),
        ("Advarsel", 6, "O"),
        ("Fejl", 6, "A"),
    ]


def test_the_file_they_sent_is_left_byte_identical(sent: Path, tmp_path: Path):
    before = sha256(sent)
    submission = read_submission(sent, CONFIG)
    write_feedback(sent, submission, feedback_path(sent))  # beside the original, as the CLI does
    assert sha256(sent) == before
    assert feedback_path(sent).exists()


@pytest.mark.parametrize(
    "name",
    [
        "text_file_renamed_to_xlsx",
        "zip_bomb",
        "password_protected_workbook",
        "empty_file",
        "truncated_download",
        "far_too_many_rows",  # not opened either: copying 6,000 rows helps nobody
    ],
)
def test_an_unreadable_file_gets_only_the_list_of_corrections(name: str, tmp_path: Path):
    [case] = [c for c in CASES if c.name == name]
    path = case.write(tmp_path)
    before = sha256(path)
    submission = read_submission(path, CONFIG)
    out = write_feedback(path, submission, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [FEEDBACK_SHEET]
    sheet = book[FEEDBACK_SHEET]
    assert sheet["A2"].value.startswith("Filen er AFVIST")
    assert sheet["G5"].value == submission.findings[0].message
    assert case.says[0] in sheet["G5"].value
    assert sha256(path) == before


def test_metadata_problems_are_highlighted_on_the_metadata_sheet(tmp_path: Path):
    path = workbook(tmp_path / "tønder.xlsx", template_rows(PAYROLL), screening_round="2014")
    submission = read_submission(path, CONFIG)
    book = openpyxl.load_workbook(write_feedback(path, submission, tmp_path / "r.xlsx"))
    comments = commented_cells(book)
    assert list(comments) == [("Om skabelonen", "B5")]
    assert "hører til screeningsrunde «2014»" in comments[("Om skabelonen", "B5")]


def test_a_csv_file_gets_its_cells_highlighted_and_no_live_formulas(tmp_path: Path):
    path = tmp_path / "tønder.csv"
    rows = [
        HEADERS,
        row(PAYROLL, fte="7,5", remarks='=HYPERLINK("http://example.invalid")'),
        row(BUILDING, task_type="Outsourcing"),
    ]
    path.write_text("\n".join(";".join(str(v or "") for v in r) for r in rows), encoding="utf-8")
    submission = read_submission(path, CONFIG)
    book = openpyxl.load_workbook(write_feedback(path, submission, tmp_path / "r.xlsx"))
    comments = commented_cells(book)
    assert list(comments) == [("tønder", "J3")]
    assert "Værdien findes ikke på listen" in comments[("tønder", "J3")]
    remark = book["tønder"]["U2"]
    assert remark.value == '=HYPERLINK("http://example.invalid")'
    assert remark.data_type == "s"  # text in the copy, as in the file they sent


def test_the_copy_of_a_macro_workbook_carries_no_macros(tmp_path: Path):
    [case] = [c for c in CASES if c.name == "macro_enabled_workbook"]
    path = case.write(tmp_path)
    out = write_feedback(path, read_submission(path, CONFIG), tmp_path / "r.xlsx")
    with zipfile.ZipFile(out) as copy:
        assert not [n for n in copy.namelist() if "vba" in n.lower()]
    assert "Filen indeholder makroer" in openpyxl.load_workbook(out)[FEEDBACK_SHEET]["G5"].value


def test_a_clean_file_is_told_it_is_in_order(tmp_path: Path):
    [case] = [c for c in CASES if c.name == "official_template_filled_in"]
    path = case.write(tmp_path)
    book = openpyxl.load_workbook(
        write_feedback(path, read_submission(path, CONFIG), tmp_path / "r.xlsx")
    )
    assert book[FEEDBACK_SHEET]["A5"].value == "Ingen fund – filen er i orden."
    assert book[FEEDBACK_SHEET]["A2"].value.startswith("2 opgaver er modtaget.")
    assert commented_cells(book) == {}


def test_a_right_to_left_override_is_removed_with_a_warning_on_its_cell(tmp_path: Path):
    path = workbook(
        tmp_path / "tønder.xlsx",
        template_rows({**PAYROLL, "title": "Affald \u202eslx.exe"}, BUILDING),
    )
    submission = read_submission(path, CONFIG)
    assert submission.tasks["title"].to_list()[0] == "Affald slx.exe"
    [warning] = [f for f in submission.findings if "vender tekstens retning" in f.message]
    assert (warning.row, warning.header) == (3, "Opgave")
    book = openpyxl.load_workbook(write_feedback(path, submission, tmp_path / "r.xlsx"))
    assert ("Opgaver", "A3") in commented_cells(book)
