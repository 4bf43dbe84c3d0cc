"""Read one received screening template into typed task rows and findings.

The reader never raises on bad input: every problem becomes a :class:`Finding` that names the
file, sheet, row and column and says how to fix it. What an error blocks is documented in
:mod:`screening.intake.findings`. Order of work: look at the file before parsing it (file_guard),
load the cells (sheets), check who sent it (metadata), find the headers, then read each task row
(task_rows).
"""

from __future__ import annotations

import re
from pathlib import Path

from screening.config import ScreeningConfig
from screening.intake import column_corrections, file_guard
from screening.intake.column_corrections import Correction
from screening.intake.column_letters import column_letter
from screening.intake.control_characters import remove_control_characters
from screening.intake.feedback import FEEDBACK_SHEET, is_feedback_name, is_feedback_workbook
from screening.intake.file_guard import MAX_TASK_ROWS, FileFacts, Refused
from screening.intake.findings import ERROR, WARNING
from screening.intake.folding import folded as folded_texts
from screening.intake.headers import (
    is_municipality_header,
    match_headers,
)
from screening.intake.layout import HEADER_SEARCH_ROWS, Layout, find_layout
from screening.intake.plausibility import plausibility_findings
from screening.intake.row_kinds import HEADING, SUM, Blocks, SetAside, set_aside, set_aside_message
from screening.intake.row_scan import scan_rows
from screening.intake.sender import read_sender
from screening.intake.sheet_findings import (
    column_readings,
    propose_functions,
    use_section,
    warn_interpreted_headers,
    warn_missing_columns,
    warn_unknown_headers,
)
from screening.intake.sheets import RawWorkbook, load_workbook, too_many_rows_message
from screening.intake.submission import Submission, file_sha256
from screening.intake.task_rows import (
    RowContext,
    is_help_row,
    is_note_row,
    read_task_row,
)
from screening.intake.task_table import Task, task_columns, task_ids, task_table
from screening.intake.understood import (
    SetAsideRow,
    Understood,
)
from screening.template.spec import (
    COLUMNS_BY_CODE,
    READ_COLUMNS,
    TASK_SHEET,
)
from screening.text import cell_text, fold, is_blank


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
    layout = find_layout(workbook.sheets, TASK_SHEET, match_headers)
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
    )
    remove_control_characters(rows, layout, context, submission)
    _read_tasks(rows, layout, context, submission, corrected)
    return submission


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


def _read_tasks(
    rows: list[list],
    layout: Layout,
    ctx: RowContext,
    submission: Submission,
    corrected: dict[int, Correction],
):
    columns, header_index = layout.columns, layout.header_index
    warn_unknown_headers(layout, header_index + 1, ctx, submission, corrected)
    warn_interpreted_headers(layout, header_index + 1, ctx, submission, corrected)
    understood = submission.understood = Understood(
        ctx.sheet, tuple(r + 1 for r in layout.header_rows), column_readings(layout, corrected)
    )
    warn_missing_columns(header_index + 1, columns, ctx, submission)
    if "authority_exercise" not in {c.code for c in columns.values()}:
        # Older templates lack the column; its tasks must not pass as free of authority exercise.
        submission.add(
            WARNING,
            f"Kolonnen «{COLUMNS_BY_CODE['authority_exercise'].header}» mangler, så det er ukendt, "
            "om opgaverne er myndighedsudøvelse. Tilføj kolonnen, skriv «Ja» eller «Nej» ved "
            "hver opgave, og send filen igen.",
            sheet=ctx.sheet,
            row=header_index + 1,
        )
    # Row-level findings point at the title cell, so the annotated copy can highlight them.
    title_cell = next(
        (
            {"column": column_letter(i), "header": c.header}
            for i, c in columns.items()
            if c.code == "title"
        ),
        {},
    )
    title_index = next((i for i, c in columns.items() if c.code == "title"), 0)
    scan = scan_rows(rows, header_index + 1, columns, ctx)
    tasks: list[Task] = []  # a usable row of the scan, or a task read row by row
    same_title: dict[str, list] = {}
    scanned_titles = scan.values.get("title")

    def amounts_of(tasks: list[Task], code: str) -> list:
        held = scan.values[code]
        return [held[task] if type(task) is int else task.get(code) for task in tasks]

    blocks, section = Blocks.of(columns, amounts_of), None
    # Looked up once: the loop below runs once per row of a national round's 29,000.
    skip, one_cell, usable_rows, scan_warnings = (
        scan.skip,
        scan.one_cell,
        scan.usable,
        scan.warnings,
    )
    for index in range(header_index + 1, len(rows)):
        row, excel_row, scanned = rows[index], index + 1, index - header_index - 1
        if skip[scanned]:
            continue
        if one_cell[scanned] and is_note_row(row):
            note_index = next(i for i, v in enumerate(row) if not is_blank(v))
            submission.add(
                WARNING,
                "Rækken ligner en note og er sprunget over. Flyt noten til "
                "«Bemærkninger», hvis den hører til en opgave.",
                sheet=ctx.sheet,
                row=excel_row,
                column=column_letter(note_index),
                value=cell_text(row[note_index]),
            )
            continue
        usable = usable_rows[scanned]
        aside = None if usable else set_aside(row, title_index)
        if aside is None and not usable and blocks.is_unlabelled_sum(row, title_index):
            aside = SetAside(SUM, _first_filled(row), "")
        if aside is not None:
            submission.add(
                WARNING,
                set_aside_message(aside, row, excel_row, blocks),
                sheet=ctx.sheet,
                row=excel_row,
                column=column_letter(aside.index),
                value=aside.text or None,
            )
            blocks.close_block()
            understood.set_aside.append(SetAsideRow(excel_row, aside.kind, aside.text))
            section = (aside.text, excel_row) if aside.kind == HEADING else section
            continue
        if usable:
            # Read in the column pass: the task stays in its columns (see task_table).
            task: Task | None = scanned
            if scanned in scan_warnings:
                submission.findings.extend(scan.findings(scanned))
            if section is not None:
                task = scan.task(scanned)
            title = scanned_titles[scanned] if scanned_titles is not None else None
        else:
            task, findings = read_task_row(row, excel_row, columns, ctx)
            submission.findings.extend(findings)
            if task is None:
                continue
            title = task.get("title")
        if section is not None:
            use_section(task, section, columns, ctx, submission)
        # Only rows with the same title can repeat each other, so whole rows are compared only
        # then (a national round has 600,000 cells).
        title_text = cell_text(row[title_index]) if title_index < len(row) else ""
        earlier = same_title.setdefault(title_text, [])
        repeats = (
            next((first for first in earlier if _row_key(first[0]) == _row_key(row)), None)
            if earlier
            else None
        )
        if repeats is not None:
            submission.add(
                ERROR,
                f"Rækken er en gentagelse af række {repeats[1]} og er holdt "
                "tilbage. Slet den, eller ret den, hvis det er en anden opgave.",
                sheet=ctx.sheet,
                row=excel_row,
                value=title,
                **title_cell,
            )
            continue
        earlier.append((row, excel_row))
        tasks.append(task)
        blocks.add(task)
    if not tasks and not any(f.row is not None for f in submission.findings):
        submission.add(
            WARNING,
            "Der er ingen opgaver i filen. Skriv én opgave pr. række under overskrifterne.",
            sheet=ctx.sheet,
        )
    found = task_columns(tasks, scan)
    # Titles folded once, for the whole sheet: same-title warnings, task ids and the function
    # proposals use them (and the descriptions, folded in the same call).
    title_texts = [title or "" for title in found["title"]]
    descriptions = [text or "" for text in found["description"]]
    folded = folded_texts(title_texts + descriptions)[: len(title_texts)]
    _warn_same_titles(found, folded, submission, ctx, title_cell)
    submission.findings.extend(plausibility_findings(found, columns, ctx.file, ctx.sheet))
    propose_functions(found, columns, ctx, submission)
    if tasks:
        submission.tasks = task_table(found, task_ids(folded, submission.municipality or ""))
    understood.tasks = len(tasks)
    understood.totals = {
        code: blocks.sheet.get(code, 0.0) for code in blocks.amount_columns.values()
    }


def _first_filled(row: list) -> int:
    return next(i for i, v in enumerate(row) if not is_blank(v))


def _row_key(row: list) -> tuple[str, ...]:
    return tuple(map(cell_text, row))


def _warn_same_titles(
    found: dict[str, list], folded: list[str], submission: Submission, ctx: RowContext, title_cell
) -> None:
    first_row: dict[str, int] = {}
    for key, title, row in zip(folded, found["title"], found["source_row"], strict=True):
        if key in first_row:
            submission.add(
                WARNING,
                f"Opgaven har samme navn som række {first_row[key]}. Giv "
                "opgaverne hver sit navn, hvis de er forskellige, eller slet den ene.",
                sheet=ctx.sheet,
                row=row,
                value=title,
                **title_cell,
            )
        else:
            first_row[key] = row
