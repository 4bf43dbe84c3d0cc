"""Read one received screening template into typed task rows and findings.

The reader never raises on bad input: every problem becomes a :class:`Finding` that names the
file, sheet, row and column and says how to fix it. What an error blocks is documented in
:mod:`screening.intake.findings`. Order of work: look at the file before parsing it (file_guard),
load the cells (sheets), check who sent it (metadata), find the headers, then read the task rows
(task_sheet).
"""

from __future__ import annotations

import re
from pathlib import Path

from screening.config import ScreeningConfig
from screening.intake import column_corrections, file_guard
from screening.intake.control_characters import remove_control_characters
from screening.intake.feedback_names import FEEDBACK_SHEET, is_feedback_name, is_feedback_workbook
from screening.intake.file_guard import MAX_TASK_ROWS, FileFacts, Refused
from screening.intake.findings import WARNING
from screening.intake.headers import (
    is_municipality_header,
    match_headers,
)
from screening.intake.layout import HEADER_SEARCH_ROWS, Layout, rows_under_header, task_sheets
from screening.intake.merged_cells import fill_merged
from screening.intake.sender import read_sender
from screening.intake.sheets import RawWorkbook, load_workbook, too_many_rows_message
from screening.intake.submission import Submission, file_sha256
from screening.intake.task_rows import (
    RowContext,
    is_help_row,
)
from screening.intake.task_sheet import read_tasks
from screening.template.spec import (
    READ_COLUMNS,
    TASK_SHEET,
)
from screening.text import cell_text, fold


def read_submission(
    path: Path, config: ScreeningConfig, display_name: str | None = None
) -> Submission:
    """Read ``path``; findings name the file as ``display_name`` (its name as sent) if given."""
    path = Path(path)
    submission = Submission(file=display_name or path.name, sha256=file_sha256(path))
    try:
        facts = file_guard.inspect(path)
        workbook = load_workbook(path)
    except Refused as refused:
        return submission.reject(str(refused))
    if is_feedback_name(submission.file) or is_feedback_workbook(workbook.sheets):
        # The copy carries the sender's rows and our findings: read as a submission it would
        # replace the file it annotates, with the findings sheet on top.
        return submission.reject(
            f"Filen er en kommenteret kopi med rettelser (arket «{FEEDBACK_SHEET}»), ikke en "
            "indsendelse, og den er ikke læst. Ret jeres egen fil og send den; har I rettet i "
            f"kopien, så slet arket «{FEEDBACK_SHEET}», gem den under et nyt navn og send den."
        )
    if facts.has_macros:
        submission.add(
            WARNING,
            "Filen indeholder makroer. De er ikke kørt; kun cellernes "
            "værdier er læst. Gem gerne som .xlsx uden makroer næste gang.",
        )
    layouts = task_sheets(workbook.sheets, TASK_SHEET, match_headers, workbook.hidden)
    layout = layouts[0] if layouts else None
    if not read_sender(workbook, submission, config, _municipality_cells(workbook, layout)):
        return submission
    if layout is None:
        return _reject_without_tasks(workbook, submission, facts)
    sheet, header_index = layout.sheet, layout.header_index
    corrected = column_corrections.apply(layout, submission.municipality)
    if not workbook.is_csv and fold(sheet) != fold(TASK_SHEET):
        submission.add(
            WARNING,
            f"Opgaverne blev fundet på arket «{sheet}» i stedet for «{TASK_SHEET}».",
            sheet=sheet,
        )
    _warn_other_task_sheets(workbook, layouts, submission)
    rows = workbook.sheets[sheet]
    last_row = workbook.last_row(sheet)
    # The limit counts task rows: the header row and the template's hint row are not tasks.
    first_task_index = header_index + 1
    if first_task_index < len(rows) and is_help_row(rows[first_task_index], layout.columns):
        first_task_index += 1
    if last_row - first_task_index > MAX_TASK_ROWS:
        return submission.reject(
            too_many_rows_message(last_row - first_task_index, first_task_index + 1, last_row),
            sheet=None if workbook.is_csv else sheet,
        )
    context = RowContext(
        file=submission.file,
        sheet=None if workbook.is_csv else sheet,
        municipality=submission.municipality,
        formulas=facts.formulas.get(sheet, {}),
        errors=facts.errors.get(sheet, {}),
    )
    remove_control_characters(rows, layout, context, submission)
    fill_merged(rows, layout, facts.merged.get(sheet, []), context, submission)
    read_tasks(rows, layout, context, submission, corrected)
    return submission


def _warn_other_task_sheets(
    workbook: RawWorkbook, layouts: list[Layout], submission: Submission
) -> None:
    """Tasks on a sheet beside the one read are not read: say so, sheet by sheet."""
    read = layouts[0].sheet
    for other in layouts[1:]:
        count = rows_under_header(workbook.sheets, other)
        if count == 0:
            continue
        rows = "1 udfyldt række" if count == 1 else f"{count} udfyldte rækker"
        if other.sheet in workbook.hidden:
            message = (
                f"Det skjulte ark «{other.sheet}» har også en opgavetabel med {rows}, som ikke "
                f"er læst: kun arket «{read}» er læst. Slet det skjulte ark, "
                "hvis det er en gammel kopi; hører rækkerne med, så saml opgaverne på ét ark, og "
                "send filen igen."
            )
        else:
            message = (
                f"Arket «{other.sheet}» har også en opgavetabel med {rows}, som ikke er læst: "
                f"kun arket «{read}» er læst. Hører rækkerne med, så saml opgaverne på ét ark, og "
                "send filen igen."
            )
        submission.add(WARNING, message, sheet=other.sheet)


def _municipality_cells(workbook: RawWorkbook, layout: Layout | None) -> list[str]:
    """The task rows' «Kommune» cells, when the task sheet has such a column."""
    if layout is None:
        return []
    rows = workbook.sheets[layout.sheet]
    index = next((i for i, v in enumerate(layout.labels) if is_municipality_header(v)), None)
    if index is None:
        return []
    return [cell_text(r[index]) for r in rows[layout.header_index + 1 :] if index < len(r)]


def _reject_without_tasks(workbook: RawWorkbook, submission: Submission, facts: FileFacts):
    sheet = next((n for n in workbook.sheets if fold(n) == fold(TASK_SHEET)), None)
    if sheet is None and not workbook.is_csv:
        return submission.reject(
            f"Arket «{TASK_SHEET}» findes ikke i filen. Brug den udleverede skabelon, og skriv "
            f"opgaverne på arket «{TASK_SHEET}»."
        )
    sheet = sheet or next(iter(workbook.sheets))
    rows = workbook.sheets[sheet]
    present = {c.code for row in rows[:HEADER_SEARCH_ROWS] for c in match_headers(row).values()}
    missing = [c.header for c in READ_COLUMNS if c.required and c.code not in present]
    merged = [r for r in facts.merged.get(sheet, []) if re.fullmatch(r"[A-Z]+[1-3]:[A-Z]+[1-3]", r)]
    hint = (
        f" Overskriftscellerne {', '.join(merged)} er flettet: ophæv fletningen (Start › Flet og "
        "centrer), så hver kolonne har sin egen overskrift."
        if merged
        else " Sæt overskrifterne tilbage som i skabelonen (række 1)."
    )
    return submission.reject(
        "Overskrifterne " + ", ".join(f"«{h}»" for h in missing or ["Mål"]) + " mangler på arket "
        f"«{sheet}».{hint}",
        sheet=None if workbook.is_csv else sheet,
        row=1,
    )
