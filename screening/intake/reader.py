"""Read one received screening template into typed task rows and findings.

The reader never raises on bad input: every problem becomes a :class:`Finding` that names the
file, sheet, row and column and says how to fix it. What an error blocks is documented in
:mod:`screening.intake.findings`. Order of work: look at the file before parsing it (file_guard),
load the cells (sheets), check who sent it (metadata), find the headers, then read each task row
(task_rows).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import polars as pl
from xlsxwriter.utility import xl_col_to_name

from screening.config import ScreeningConfig
from screening.intake import file_guard
from screening.intake.feedback import FEEDBACK_SHEET, is_feedback_name, is_feedback_workbook
from screening.intake.file_guard import MAX_TASK_ROWS, FileFacts, Refused
from screening.intake.findings import ERROR, WARNING
from screening.intake.layout import HEADER_SEARCH_ROWS, Layout, find_layout
from screening.intake.parsing import parse_choice
from screening.intake.plausibility import plausibility_findings
from screening.intake.row_kinds import HEADING, SUM, Blocks, SetAside, set_aside, set_aside_message
from screening.intake.sender import read_sender
from screening.intake.sheets import RawWorkbook, load_workbook, too_many_rows_message
from screening.intake.submission import TASK_SCHEMA, Submission, file_sha256
from screening.intake.task_rows import (
    RowContext,
    is_help_row,
    is_note_row,
    read_task_row,
    scan_rows,
)
from screening.template.spec import (
    COLUMNS_BY_CODE,
    READ_COLUMNS,
    TASK_SHEET,
    Column,
)
from screening.text import cell_text, fold, fold_expr, is_blank
from screening.vocabulary import OTHER_SERVICE_AREA, SERVICE_AREAS, label_of


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
    _remove_control_characters(rows, layout, context, submission)
    _read_tasks(rows, layout, context, submission)
    return submission


# NUL and the other control characters that are not spacing (tab, line breaks, vertical tab and
# form feed read as spaces), and DEL and the C1 controls: invisible, never typed on purpose, and
# they break what later shows or stores the text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _remove_control_characters(rows: list[list], layout: Layout, ctx, submission) -> None:
    """Strip control characters from the free-text cells, in place, with one warning per cell."""
    columns = [(index, column) for index, column in layout.columns.items() if column.kind == "text"]
    for row_index in range(layout.header_index + 1, len(rows)):
        row = rows[row_index]
        for index, column in columns:
            value = row[index] if index < len(row) else None
            if isinstance(value, str) and _CONTROL.search(value):
                row[index] = _CONTROL.sub("", value)
                submission.add(
                    WARNING,
                    "Cellen indeholdt usynlige styretegn (fx NUL), som er fjernet; resten af "
                    "teksten er læst som skrevet. Tjek teksten i cellen.",
                    sheet=ctx.sheet,
                    row=row_index + 1,
                    column=xl_col_to_name(index),
                    header=column.header,
                    value=row[index],
                )


def match_headers(
    row: list, exact_only: bool = False, taken: set[str] | frozenset[str] = frozenset()
) -> dict[int, Column]:
    """Column index -> column, matching headers by meaning (case, spacing, æøå, synonyms),
    and then, for the columns still missing, by the words a header uses (see
    :data:`HEADER_WORDS`; :func:`interpreted_headers` says which were read that way). Columns
    whose code is in ``taken`` are already found elsewhere."""
    matched: dict[int, Column] = {}
    codes = set(taken)
    for index, value in enumerate(row):
        column = _by_header().get(_header_key(cell_text(value)))
        if column is not None and column.code not in codes:
            matched[index] = column
            codes.add(column.code)
    if exact_only:
        return matched
    for index, value in enumerate(row):
        if index in matched or is_blank(value) or _is_municipality_header(value):
            continue
        column = _column_by_words(cell_text(value))
        if column is not None and column.code not in codes:
            matched[index] = column
            codes.add(column.code)
    return matched


def interpreted_headers(row: list, columns: dict[int, Column]) -> list[int]:
    """The indexes of the headers that were matched by their words, not as written."""
    return [i for i in columns if _by_header().get(_header_key(cell_text(row[i]))) is None]


@functools.cache
def _by_header() -> dict[str, Column]:
    by_header: dict[str, Column] = {}
    for column in READ_COLUMNS:
        for header in (column.header, *column.aliases):
            by_header.setdefault(_header_key(header), column)
    return by_header


# The words town halls' own headers use for each column (folded word beginnings), tried in this
# order, for a header none of the template's names matches: «Hvad går opgaven ud på»,
# «Forvaltning», «Hvorfor», «Samarbejdsmodel», «Antal medarbejdere», «Besparelse pr. år».
HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("description", ("beskriv", "omfatter", "ud paa", "indhold")),
    ("service_area", ("fagomr", "omraade", "forvaltning", "afdeling", "sektor")),
    ("cooperation_form", ("samdrift", "samarbejdsform", "samarbejdsmodel", "model", "form")),
    ("task_type", ("opgavetype", "type", "kategori")),
    ("goals", ("maal", "formaal", "rationale", "hvorfor", "begrundelse")),
    ("authority_exercise", ("myndighed",)),
    ("cost_base_dkk", ("udgift", "budget", "omkostning", "forbrug")),
    ("fte", ("aarsvaerk", "medarbejder", "ansatte", "fte", "normering")),
    ("potential_dkk", ("potentiale", "besparelse", "gevinst", "effektivisering")),
    ("complexity", ("kompleksitet", "svaerhed")),
    ("time_horizon_years", ("tidshorisont", "tidsperspektiv", "hvornaar", "tidsplan")),
    ("partners", ("samarbejdskommune", "partner")),
    ("barriers", ("barriere", "hindring", "udfordring")),
    ("contact", ("kontakt", "ansvarlig")),
    ("remarks", ("bemaerk", "kommentar", "note")),
)
_READ_BY_CODE = {c.code: c for c in READ_COLUMNS}


def _column_by_words(header: str) -> Column | None:
    text = fold(header)
    words = text.split()
    for code, beginnings in HEADER_WORDS:
        for beginning in beginnings:
            if " " in beginning:
                if f" {beginning} " in f" {text} ":
                    return _READ_BY_CODE[code]
            elif any(w.startswith(beginning) for w in words):
                return _READ_BY_CODE[code]
    return None


def _is_municipality_header(value: object) -> bool:
    return fold(cell_text(value)) in ("kommune", "kommunenavn", "kommunens navn", "afsender")


def _municipality_cells(workbook: RawWorkbook, layout: Layout | None) -> list[str]:
    """The task rows' «Kommune» cells, when the task sheet has such a column."""
    if layout is None:
        return []
    rows = workbook.sheets[layout.sheet]
    index = next((i for i, v in enumerate(layout.labels) if _is_municipality_header(v)), None)
    if index is None:
        return []
    return [cell_text(r[index]) for r in rows[layout.header_index + 1 :] if index < len(r)]


def _header_key(text: str) -> str:
    # "Årlig udgiftsbase (kr.)" and "aarlig udgiftsbase kr" are the same header.
    return re.sub(r"\b(kr|dkk|i kr)\b", "", fold(text)).replace(" ", "")


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


def _read_tasks(rows: list[list], layout: Layout, ctx: RowContext, submission: Submission):
    columns, header_index = layout.columns, layout.header_index
    _warn_unknown_headers(layout, header_index + 1, ctx, submission)
    _warn_interpreted_headers(layout, header_index + 1, ctx, submission)
    _warn_missing_columns(header_index + 1, columns, ctx, submission)
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
            {"column": xl_col_to_name(i), "header": c.header}
            for i, c in columns.items()
            if c.code == "title"
        ),
        {},
    )
    tasks, same_title = [], {}
    title_index = next((i for i, c in columns.items() if c.code == "title"), 0)
    scan = scan_rows(rows, header_index + 1, columns, ctx)
    blocks, section = Blocks.of(columns), None
    for index in range(header_index + 1, len(rows)):
        row, excel_row, scanned = rows[index], index + 1, index - header_index - 1
        if scan.skip[scanned]:
            continue
        if scan.one_cell[scanned] and is_note_row(row):
            note_index = next(i for i, v in enumerate(row) if not is_blank(v))
            submission.add(
                WARNING,
                "Rækken ligner en note og er sprunget over. Flyt noten til "
                "«Bemærkninger», hvis den hører til en opgave.",
                sheet=ctx.sheet,
                row=excel_row,
                column=xl_col_to_name(note_index),
                value=cell_text(row[note_index]),
            )
            continue
        clean = scan.clean[scanned]
        aside = None if clean else set_aside(row, title_index)
        if aside is None and clean is None and blocks.is_unlabelled_sum(row, title_index):
            aside = SetAside(SUM, _first_filled(row), "")
        if aside is not None:
            submission.add(
                WARNING,
                set_aside_message(aside, row, excel_row, blocks),
                sheet=ctx.sheet,
                row=excel_row,
                column=xl_col_to_name(aside.index),
                value=aside.text or None,
            )
            blocks.close_block()
            section = (aside.text, excel_row) if aside.kind == HEADING else section
            continue
        task, findings = clean or read_task_row(row, excel_row, columns, ctx)
        submission.findings.extend(findings)
        if task is None:
            continue
        if section is not None:
            _use_section(task, section, columns, ctx, submission)
        # Only rows with the same title can repeat each other, so whole rows are compared only
        # then (a national round has 600,000 cells).
        title_text = cell_text(row[title_index]) if title_index < len(row) else ""
        earlier = same_title.setdefault(title_text, [])
        repeats = next((first for first in earlier if _row_key(first[0]) == _row_key(row)), None)
        if repeats is not None:
            submission.add(
                ERROR,
                f"Rækken er en gentagelse af række {repeats[1]} og er holdt "
                "tilbage. Slet den, eller ret den, hvis det er en anden opgave.",
                sheet=ctx.sheet,
                row=excel_row,
                value=task["title"],
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
    # Titles folded once, for the whole sheet: same-title warnings and task ids both use them.
    folded = (
        pl.Series("title", [task.get("title") or "" for task in tasks], dtype=pl.String)
        .to_frame()
        .select(fold_expr(pl.col("title")))["title"]
        .to_list()
    )
    _warn_same_titles(tasks, folded, submission, ctx, title_cell)
    submission.findings.extend(plausibility_findings(tasks, columns, ctx.file, ctx.sheet))
    _assign_task_ids(tasks, folded, submission.municipality or "")
    if tasks:
        submission.tasks = _task_table(tasks)


def _first_filled(row: list) -> int:
    return next(i for i, v in enumerate(row) if not is_blank(v))


def _use_section(task: dict, section: tuple[str, int], columns, ctx, submission) -> None:
    """Keep the heading a task was written under; where the sheet has no service-area column,
    it is the service area the sender grouped the task under."""
    heading, heading_row = section
    task["section"] = heading
    if any(c.code == "service_area" for c in columns.values()):
        return
    parsed = parse_choice(heading, SERVICE_AREAS)
    if parsed.ok and parsed.value:
        task["service_area"] = parsed.value
        read_as = f"læst som «{label_of(SERVICE_AREAS, parsed.value)}»"
    else:
        task["service_area"] = OTHER_SERVICE_AREA.code
        task["service_area_written"] = heading
        read_as = f"kommet med under «{OTHER_SERVICE_AREA.label}» med jeres ord"
    submission.add(
        WARNING,
        f"Arket har ingen kolonne til fagområde, så fagområdet er taget fra overskriften "
        f"«{heading}» i række {heading_row} og {read_as}. Tilføj kolonnen «Fagområde», hvis "
        "det ikke passer.",
        sheet=ctx.sheet,
        row=task["source_row"],
        value=heading,
    )


def _task_table(tasks: list[dict]) -> pl.DataFrame:
    # Column lists, not row dicts: Polars builds them several times faster.
    values = {name: [task.get(name) for task in tasks] for name in TASK_SCHEMA}
    # A list column from Python lists is slow to build; goal codes joined and split is not.
    goals = pl.Series([";".join(g) for g in values.pop("goals")], dtype=pl.String)
    return pl.DataFrame(
        values, schema={k: v for k, v in TASK_SCHEMA.items() if k != "goals"}
    ).select(
        *(
            goals.str.split(";").list.filter(pl.element() != "").alias("goals")
            if name == "goals"
            else pl.col(name)
            for name in TASK_SCHEMA
        )
    )


def _row_key(row: list) -> tuple[str, ...]:
    return tuple(map(cell_text, row))


def _warn_interpreted_headers(layout: Layout, excel_row, ctx, submission) -> None:
    for index in interpreted_headers(layout.labels, layout.columns):
        column = layout.columns[index]
        by_values = index in layout.goals_by_values
        submission.add(
            WARNING,
            f"Kolonnen er læst som «{column.header}» ({column.help})"
            + (", fordi den har Ja/Nej ved opgaverne" if by_values else "")
            + ". Giv den skabelonens overskrift, hvis det ikke er det, den indeholder.",
            sheet=ctx.sheet,
            row=_label_row(layout, index),
            column=xl_col_to_name(index),
            value=layout.shown_header(index),
        )


def _label_row(layout: Layout, index: int) -> int:
    """The Excel row a column's header was read from."""
    rows = layout.label_rows
    return (rows[index] if index < len(rows) else layout.header_index) + 1


def _warn_missing_columns(excel_row, columns, ctx, submission) -> None:
    codes = {c.code for c in columns.values()}
    has_goals = "goals" in codes or any(c.startswith("goal_") for c in codes)
    # authority_exercise has its own message (older templates lack it).
    missing = [
        c.header
        for c in READ_COLUMNS
        if c.required and c.code not in codes and c.code != "authority_exercise"
    ] + ([] if has_goals else ["Mål"])
    if missing:
        submission.add(
            WARNING,
            "Arket har ingen kolonne til "
            + ", ".join(f"«{h}»" for h in missing)
            + ", så opgaverne er læst uden. Tilføj kolonnen med skabelonens overskrift, så "
            "opgaverne kan sammenlignes og prioriteres.",
            sheet=ctx.sheet,
            row=excel_row,
        )


def _warn_unknown_headers(layout: Layout, excel_row, ctx, submission) -> None:
    for index, value in enumerate(layout.labels):
        if _is_municipality_header(value):
            continue  # read for the sender (see sender.py), not a task column
        if index not in layout.columns and not is_blank(value):
            submission.add(
                WARNING,
                "Kolonnen genkendes ikke og er ikke læst. Brug skabelonens "
                "overskrifter, eller flyt indholdet til «Bemærkninger».",
                sheet=ctx.sheet,
                row=_label_row(layout, index),
                column=xl_col_to_name(index),
                value=layout.shown_header(index),
            )


def _warn_same_titles(
    tasks: list[dict], folded: list[str], submission: Submission, ctx: RowContext, title_cell: dict
) -> None:
    first_row: dict[str, int] = {}
    for task, key in zip(tasks, folded, strict=True):
        if key in first_row:
            submission.add(
                WARNING,
                f"Opgaven har samme navn som række {first_row[key]}. Giv "
                "opgaverne hver sit navn, hvis de er forskellige, eller slet den ene.",
                sheet=ctx.sheet,
                row=task["source_row"],
                value=task["title"],
                **title_cell,
            )
        else:
            first_row[key] = task["source_row"]


def _slug(folded: str) -> str:
    return folded.replace(" ", "-")[:60] or "opgave"


def _assign_task_ids(tasks: list[dict], folded: list[str], municipality: str) -> None:
    """Ids built from municipality and title stay stable when a file is resent with rows moved."""
    seen: dict[str, int] = {}
    prefix = _slug(fold(municipality))
    for task, title in zip(tasks, folded, strict=True):
        base = f"{prefix}:{_slug(title)}"
        seen[base] = seen.get(base, 0) + 1
        task["task_id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
