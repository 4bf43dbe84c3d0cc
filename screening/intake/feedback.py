"""An annotated copy of a submitted workbook: every problem cell highlighted, with a comment
that says what is wrong and how to fix it, and a first sheet «Rettelser» listing every finding.
The project group fixes the file in Excel and sends it again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from screening.intake import file_guard
from screening.intake.feedback_names import (  # noqa: F401 (the copy's names, also here)
    FEEDBACK_SHEET,
    FEEDBACK_SUFFIX,
    feedback_path,
    is_feedback_name,
    is_feedback_workbook,
)
from screening.intake.file_guard import Refused
from screening.intake.findings import ERROR, SEVERITY_LABELS, Finding
from screening.intake.sheets import load_workbook
from screening.intake.submission import Submission

FILLS = {
    ERROR: PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
    "warning": PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C"),
}
AUTHOR = "Screening"


def write_feedback(path: Path, submission: Submission, out: Path) -> Path:
    """Write the annotated copy of ``path`` to ``out`` (always .xlsx; the original is untouched).

    Never raises on what a sender's workbook holds: where openpyxl cannot annotate or save the
    workbook itself, the copy is made from the cell values instead, and its first sheet says so.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook, csv_sheet = _open_copy(path)
    try:
        _annotate(workbook, csv_sheet, submission)
        _write_summary(workbook, submission)
        workbook.save(out)
        return out
    except Exception:  # openpyxl raises many types on workbooks it half understands
        workbook, csv_sheet = _values_copy(path)
    _annotate(workbook, csv_sheet, submission)
    _write_summary(workbook, submission, note=VALUES_ONLY_NOTE)
    workbook.save(out)
    return out


VALUES_ONLY_NOTE = (
    "Kopien er lavet ud fra cellernes værdier, fordi jeres projektmappes formatering ikke "
    "kunne gemmes igen; ret i jeres egen fil ud fra listen her."
)


def _annotate(workbook: Workbook, csv_sheet: str | None, submission: Submission) -> None:
    by_cell: dict[tuple[str, int, str], list[Finding]] = defaultdict(list)
    for finding in submission.findings:
        # A CSV file's findings name no sheet: they belong to its one sheet.
        sheet = finding.sheet or csv_sheet
        if sheet and finding.row and finding.column and sheet in workbook.sheetnames:
            by_cell[(sheet, finding.row, finding.column)].append(finding)
    merged_anchor = {name: _merged_anchors(workbook[name]) for name in workbook.sheetnames}
    for (sheet, row, column), findings in by_cell.items():
        worksheet = workbook[sheet]
        # A merged cell's comment and fill live on the range's top-left cell.
        coordinate = merged_anchor[sheet].get(f"{column}{row}", f"{column}{row}")
        cell = worksheet[coordinate]
        worst = ERROR if any(f.severity == ERROR for f in findings) else "warning"
        cell.fill = FILLS[worst]
        text = "\n".join(f"{SEVERITY_LABELS[f.severity]}: {_clean(f.message)}" for f in findings)
        if cell.comment is not None:  # the sender's own comment stays, ours below it
            text = f"{_clean(cell.comment.text)}\n\n{text}"
        cell.comment = Comment(text, AUTHOR, width=320, height=140)
        # A finding in a hidden row or column must be seen in the copy.
        if worksheet.row_dimensions[cell.row].hidden:
            worksheet.row_dimensions[cell.row].hidden = False
        if worksheet.column_dimensions[cell.column_letter].hidden:
            worksheet.column_dimensions[cell.column_letter].hidden = False


def _merged_anchors(worksheet) -> dict[str, str]:
    """Every covered cell of a merged range -> the range's top-left cell."""
    anchors: dict[str, str] = {}
    for merged in getattr(worksheet, "merged_cells", None) or ():
        first = f"{get_column_letter(merged.min_col)}{merged.min_row}"
        for row, col in merged.cells:
            anchors[f"{get_column_letter(col)}{row}"] = first
    return anchors


def _open_copy(path: Path) -> tuple[Workbook, str | None]:
    """The workbook itself where openpyxl can read it, else its cell values in a new workbook;
    and the name of the sheet holding a CSV file's rows (None for a spreadsheet)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    try:
        # A file the guard refuses (zip bomb, encrypted, not a spreadsheet) is never opened.
        facts = file_guard.inspect(path)
    except Refused:
        return workbook, None
    if facts.too_long():  # refused by the reader; copying it would take minutes and gigabytes
        return workbook, None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            # keep_vba=False: the copy carries no macros, whatever the original had.
            return openpyxl.load_workbook(path, keep_vba=False), None
        except Exception:  # a file openpyxl cannot read still gets its list of findings
            pass
    return _values_copy(path, workbook)


def _values_copy(path: Path, workbook: Workbook | None = None) -> tuple[Workbook, str | None]:
    """A new workbook holding the file's cell values, one sheet per sheet."""
    if workbook is None:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
    try:
        raw = load_workbook(path)
    except Refused:
        return workbook, None
    names = []
    for name, rows in raw.sheets.items():
        sheet = workbook.create_sheet(_sheet_title(name, len(names)))
        names.append(sheet.title)
        for row in rows:
            _append_values(sheet, [v if isinstance(v, int | float | str) else str(v) for v in row])
    return workbook, (names[0] if raw.is_csv and names else None)


def _append_values(sheet, values: list) -> None:
    """Append a row of values as values: text that starts with «=» stays text, never a formula
    (a CSV cell or a finding must not become a live formula in the copy)."""
    sheet.append([_clean(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _sheet_title(name: str, index: int) -> str:
    # Excel forbids []:*?/\ in sheet names and allows 31 characters; a CSV's name is its file's.
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31].strip("' ") or f"Ark{index + 1}"


def _clean(value):
    """Text without the control characters an xlsx cell cannot hold (pasted from other programs)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _write_summary(workbook: Workbook, submission: Submission, note: str | None = None) -> None:
    if FEEDBACK_SHEET in workbook.sheetnames:
        del workbook[FEEDBACK_SHEET]
    sheet = workbook.create_sheet(FEEDBACK_SHEET, 0)
    verdict = (
        "Filen er AFVIST: intet fra den kommer med på bruttolisten, før fejlene er rettet."
        if submission.rejected
        else f"{submission.tasks.height} opgaver er modtaget. Rækker med fejl er holdt tilbage."
    )
    sheet.append([_clean(f"Rettelser til {submission.file}")])
    sheet.append([verdict])
    sheet.append([note] if note else [])
    sheet.append(["Alvor", "Ark", "Række", "Kolonne", "Overskrift", "Fundet", "Sådan retter I det"])
    for finding in submission.findings:
        _append_values(
            sheet,
            [
                SEVERITY_LABELS[finding.severity],
                finding.sheet or "",
                finding.row or "",
                finding.column or "",
                finding.header or "",
                finding.value or "",
                finding.message,
            ],
        )
    if not submission.findings:
        sheet.append(["Ingen fund – filen er i orden."])
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (10, 14, 8, 9, 24, 24, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.active = 0
