"""The rows under a task sheet's header read into a submission's tasks and findings.

The column pass (:mod:`screening.intake.row_scan`) reads every column at once; this goes down the
rows once in the sheet's order for what only order can tell (notes, headings and sum rows set
aside, repeated rows, the section a task is under) and reads the rows the pass could not by
:func:`screening.intake.task_rows.read_task_row`. The sheet's checks on its figures and words
(same titles, plausibility, function proposals) then run over the tasks' columns, and the task
table is built from them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from itertools import compress

from screening.intake.amount_units import header_units, in_kroner
from screening.intake.column_corrections import Correction
from screening.intake.column_letters import column_letter
from screening.intake.findings import ERROR, WARNING
from screening.intake.folding import folded as folded_texts
from screening.intake.layout import Layout
from screening.intake.plausibility import plausibility_findings
from screening.intake.row_kinds import (
    HEADER_AGAIN,
    HEADING,
    Blocks,
    SetAside,
    headings_with_sums,
    is_bare,
    is_sum_label,
    repeats_header,
    set_aside,
    set_aside_message,
)
from screening.intake.row_scan import scan_rows
from screening.intake.sheet_findings import (
    column_readings,
    propose_functions,
    use_section,
    warn_interpreted_headers,
    warn_missing_columns,
    warn_unknown_headers,
)
from screening.intake.submission import Submission
from screening.intake.task_rows import RowContext, is_note_row, read_task_row
from screening.intake.task_table import Task, task_columns, task_ids, task_table
from screening.intake.understood import SetAsideRow, Understood
from screening.template.spec import COLUMNS_BY_CODE
from screening.text import cell_text, is_blank


def read_tasks(
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
    units = header_units(layout, ctx, submission)
    if "potential_dkk" in units:
        ctx = dataclasses.replace(ctx, shares=False)
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
    # Looked up once: the loops below go over a national round's 29,000 rows.
    skip, one_cell, usable_rows, scan_warnings = (
        scan.skip,
        scan.one_cell,
        scan.usable,
        scan.warnings,
    )
    headed = _headings_with_sums(rows, header_index + 1, scan, title_index, blocks)
    body = rows[header_index + 1 :]
    title_texts = [cell_text(row[title_index]) if title_index < len(row) else "" for row in body]
    # Rows needing no more than the column pass gave them are taken between the others in a few
    # steps rather than one by one (29,000 rows in a national round): usable rows whose title no
    # other row has, so they cannot repeat a row nor be repeated.
    kept = [not skipped for skipped in skip]
    times = Counter(compress(title_texts, kept))
    by_one = [
        scanned
        for scanned in compress(range(len(body)), kept)
        if not usable_rows[scanned] or one_cell[scanned] or times[title_texts[scanned]] > 1
    ]
    done = 0
    for next_by_one in [*by_one, len(body)]:
        # The rows before it, each a task with the warnings of its cells.
        between = list(compress(range(done, next_by_one), kept[done:next_by_one]))
        if section is None:
            for scanned in filter(scan_warnings.__contains__, between):
                submission.findings.extend(scan.findings(scanned))
            tasks.extend(between)
        else:
            for scanned in between:
                if scanned in scan_warnings:
                    submission.findings.extend(scan.findings(scanned))
                task = scan.task(scanned)
                use_section(task, section, columns, ctx, submission)
                tasks.append(task)
        blocks.add(*tasks[len(tasks) - len(between) :])
        if next_by_one == len(body):
            break
        done = next_by_one + 1
        scanned = next_by_one
        index = header_index + 1 + scanned
        row, excel_row = rows[index], index + 1
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
        if index in headed:
            aside = SetAside(HEADING, title_index, cell_text(row[title_index]))
        elif not usable and repeats_header(row, layout.labels):
            aside = SetAside(HEADER_AGAIN, _first_filled(row), "")
        else:
            aside = None if usable else set_aside(row, title_index)
        if aside is None and not usable:
            aside = blocks.sum_row(row, title_index)
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
        if usable or scan.percent[scanned]:
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
        earlier = same_title.setdefault(title_texts[scanned], [])
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
    in_kroner(found, units)
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
        code: blocks.sheet.get(code, 0.0) * units.get(code, 1.0)
        for code in blocks.amount_columns.values()
    }


def _headings_with_sums(
    rows: list[list], start: int, scan, title_index: int, blocks: Blocks
) -> set[int]:
    """The rows (indices in ``rows``) that are headings carrying their block's sum: looked for
    among the rows the column pass could not read, as such a heading has no goals."""
    candidates = [
        start + scanned
        for scanned, usable in enumerate(scan.usable)
        if not usable
        and not scan.skip[scanned]
        and is_bare(rows[start + scanned], title_index, blocks.amount_columns)
        and isinstance(rows[start + scanned][title_index], str)
        and not is_sum_label(rows[start + scanned][title_index])
    ]
    if not candidates:
        return set()
    return headings_with_sums(rows, candidates, title_index, blocks.amount_columns)


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
