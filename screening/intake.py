"""Read one filled screening template into typed task rows and findings.

The reader never raises on bad input: every problem becomes a :class:`Finding` that names the
file, sheet, row and column. What an error blocks is documented in :mod:`screening.findings`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name

from screening.config import ScreeningConfig
from screening.findings import ERROR, WARNING, Finding
from screening.parsing import (
    Parsed,
    cell_text,
    fold,
    is_blank,
    parse_choice,
    parse_flag,
    parse_number,
)
from screening.template_spec import (
    COLUMNS,
    GOAL_COLUMNS,
    META_MUNICIPALITY,
    META_ROUND,
    META_VERSION,
    METADATA_SHEET,
    TASK_SHEET,
    Column,
)
from screening.vocabulary import GOALS

READABLE_SUFFIXES = (".xlsx", ".xlsm", ".ods")

TASK_SCHEMA = {
    "task_id": pl.String,
    "municipality": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int64,
    "title": pl.String,
    "description": pl.String,
    "service_area": pl.String,
    "goals": pl.List(pl.String),
    "task_type": pl.String,
    "cooperation_form": pl.String,
    "authority_exercise": pl.Boolean,
    "cost_base_dkk": pl.Float64,
    "fte": pl.Float64,
    "potential_dkk": pl.Float64,
    "complexity": pl.Int64,
    "time_horizon_years": pl.Float64,
    "partners": pl.String,
    "barriers": pl.String,
    "contact": pl.String,
    "remarks": pl.String,
}


@dataclass
class Submission:
    """One received template: who sent it, what it holds, and what is wrong with it."""

    file: str
    sha256: str
    municipality: str | None = None
    screening_round: str | None = None
    template_version: str | None = None
    tasks: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=TASK_SCHEMA))
    findings: list[Finding] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(f.blocks_file for f in self.findings)

    @property
    def status(self) -> str:
        return "afvist" if self.rejected else "modtaget"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_submission(path: Path, config: ScreeningConfig) -> Submission:
    path = Path(path)
    submission = Submission(file=path.name, sha256=file_sha256(path))

    def reject(message: str, sheet: str | None = None) -> Submission:
        submission.findings.append(Finding(ERROR, path.name, message, sheet=sheet, file_level=True))
        return submission

    if path.suffix.lower() not in READABLE_SUFFIXES:
        return reject(
            f"Filtypen «{path.suffix}» kan ikke læses. Gem skabelonen som Excel-projektmappe "
            "(.xlsx) og send den igen."
        )
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine raises several types for broken files; all mean the same here
        return reject(
            "Filen kan ikke åbnes som et regneark. Den er måske beskadiget eller ikke en "
            "Excel-fil. Åbn den i Excel, gem den som .xlsx og send den igen."
        )
    sheets = {fold(name): name for name in workbook.sheet_names}
    if not _read_metadata(workbook, sheets, submission, config):
        return submission
    task_sheet = sheets.get(fold(TASK_SHEET))
    if task_sheet is None:
        return reject(
            f"Arket «{TASK_SHEET}» findes ikke i filen. Brug den udleverede skabelon, og skriv "
            f"opgaverne på arket «{TASK_SHEET}»."
        )
    rows = workbook.get_sheet_by_name(task_sheet).to_python(skip_empty_area=False)
    _read_tasks(rows, task_sheet, submission)
    return submission


def _read_metadata(workbook, sheets, submission: Submission, config: ScreeningConfig) -> bool:
    sheet = sheets.get(fold(METADATA_SHEET))
    if sheet is None:
        submission.findings.append(
            Finding(
                ERROR,
                submission.file,
                f"Arket «{METADATA_SHEET}» mangler, så det kan ikke ses, hvilken kommune filen "
                "kommer fra. Hent en ny skabelon med «screening template» og flyt opgaverne over.",
                file_level=True,
            )
        )
        return False
    meta: dict[str, tuple[str, int]] = {}
    for number, row in enumerate(workbook.get_sheet_by_name(sheet).to_python(False), start=1):
        if len(row) >= 2 and not is_blank(row[0]):
            meta[fold(cell_text(row[0]))] = (cell_text(row[1]), number)
    submission.template_version = meta.get(fold(META_VERSION), ("", 0))[0] or None
    municipality, municipality_row = meta.get(fold(META_MUNICIPALITY), ("", 0))
    names = {fold(m.name): m.name for m in config.municipalities}
    if fold(municipality) not in names:
        submission.findings.append(
            Finding(
                ERROR,
                submission.file,
                "Kommunen i skabelonen er ikke en af de deltagende kommuner ("
                + ", ".join(config.municipality_names())
                + "). Brug skabelonen, som projektgruppen har udleveret til jeres kommune.",
                sheet=sheet,
                row=municipality_row or None,
                column="B",
                header=META_MUNICIPALITY,
                value=municipality,
                file_level=True,
            )
        )
        return False
    submission.municipality = names[fold(municipality)]
    screening_round, round_row = meta.get(fold(META_ROUND), ("", 0))
    submission.screening_round = screening_round
    if screening_round != config.round.id:
        submission.findings.append(
            Finding(
                ERROR,
                submission.file,
                f"Skabelonen hører til screeningsrunde «{screening_round}», men den aktuelle "
                f"runde er «{config.round.id}». Hent en ny skabelon til runde "
                f"{config.round.id} og flyt opgaverne over.",
                sheet=sheet,
                row=round_row or None,
                column="B",
                header=META_ROUND,
                value=screening_round,
                file_level=True,
            )
        )
        return False
    return True


def _match_headers(header_row: list) -> dict[int, Column]:
    by_header = {fold(c.header): c for c in COLUMNS}
    return {
        index: by_header[fold(cell_text(value))]
        for index, value in enumerate(header_row)
        if fold(cell_text(value)) in by_header
    }


def _find_header_row(rows: list[list]) -> int | None:
    """The first row holding the required headers (people sometimes add a title row above)."""
    required = {c.code for c in COLUMNS if c.required}
    for index, row in enumerate(rows[:10]):
        found = {c.code for c in _match_headers(row).values()}
        if required <= found:
            return index
    return None


def _is_help_row(row: list, columns: dict[int, Column]) -> bool:
    helps = [fold(cell_text(row[i])) == fold(c.help) for i, c in columns.items() if i < len(row)]
    return sum(helps) >= max(2, len(helps) // 2)


def _read_tasks(rows: list[list], sheet: str, submission: Submission) -> None:
    header_index = _find_header_row(rows)
    if header_index is None:
        present = {c.code for row in rows[:10] for c in _match_headers(row).values()}
        missing = [c.header for c in COLUMNS if c.required and c.code not in present]
        submission.findings.append(
            Finding(
                ERROR,
                submission.file,
                "Overskrifterne " + ", ".join(f"«{h}»" for h in missing) + " mangler på "
                f"arket «{sheet}». Sæt overskrifterne tilbage som i skabelonen (række 1).",
                sheet=sheet,
                file_level=True,
            )
        )
        return
    columns = _match_headers(rows[header_index])
    tasks = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if all(is_blank(v) for v in row) or _is_help_row(row, columns):
            continue
        task = _read_task_row(row, index + 1, columns, sheet, submission)
        if task is not None:
            tasks.append(task)
    if not tasks and not any(f.row is not None for f in submission.findings):
        submission.findings.append(
            Finding(
                WARNING,
                submission.file,
                f"Der er ingen opgaver på arket «{sheet}». Skriv én opgave pr. række fra række "
                f"{header_index + 3}.",
                sheet=sheet,
            )
        )
    _assign_task_ids(tasks, submission.municipality or "")
    submission.tasks = pl.DataFrame(tasks, schema=TASK_SCHEMA) if tasks else submission.tasks


def _read_task_row(row, excel_row, columns, sheet, submission: Submission) -> dict | None:
    task: dict = {
        "municipality": submission.municipality,
        "source_file": submission.file,
        "source_row": excel_row,
    }
    row_findings: list[Finding] = []

    def finding(severity, index, column, value, message):
        row_findings.append(
            Finding(
                severity,
                submission.file,
                message,
                sheet=sheet,
                row=excel_row,
                column=xl_col_to_name(index),
                header=column.header,
                value=cell_text(value) or None,
            )
        )

    goals = []
    for index, column in columns.items():
        value = row[index] if index < len(row) else None
        parsed = _parse_cell(column, value)
        if not parsed.ok:
            finding(ERROR, index, column, value, _invalid_message(column))
            continue
        if parsed.note:
            finding(
                WARNING,
                index,
                column,
                value,
                f"Værdien er {parsed.note}. Ret cellen, hvis det ikke er det, I mente.",
            )
        if column in GOAL_COLUMNS:
            if parsed.value:
                goals.append(column.code.removeprefix("goal_"))
            continue
        if parsed.value is None and column.required:
            finding(ERROR, index, column, value, f"«{column.header}» skal udfyldes. {column.help}.")
        task[column.code] = parsed.value
    if not goals:
        first_goal = (
            next(i for i, c in columns.items() if c in GOAL_COLUMNS)
            if any(c in GOAL_COLUMNS for c in columns.values())
            else 0
        )
        finding(
            ERROR,
            first_goal,
            GOAL_COLUMNS[0],
            None,
            "Mindst ét mål skal være valgt. "
            "Skriv «Ja» i kolonnen for hvert mål, der gælder for opgaven.",
        )
    task["goals"] = [g.code for g in GOALS if g.code in goals]
    if task.get("complexity") is not None:
        task["complexity"] = int(task["complexity"])
    submission.findings.extend(row_findings)
    if any(f.severity == ERROR for f in row_findings):
        return None
    return task


def _parse_cell(column: Column, value):
    if column.kind == "choice":
        return parse_choice(value, column.choices)
    if column.kind == "flag":
        return parse_flag(value)
    if column.kind in ("number", "integer"):
        parsed = parse_number(value)
        if parsed.value is None:
            return parsed
        number = parsed.value
        too_low = column.minimum is not None and number < column.minimum
        too_high = column.maximum is not None and number > column.maximum
        not_whole = column.kind == "integer" and not float(number).is_integer()
        if too_low or too_high or not_whole:
            return Parsed(None, ok=False)
        return parsed
    return Parsed(cell_text(value) or None)


def _invalid_message(column: Column) -> str:
    if column.kind == "choice":
        allowed = ", ".join(f"«{t.label}»" for t in column.choices)
        return f"Værdien findes ikke på listen. Vælg en af: {allowed}."
    if column.kind == "flag":
        return "Skriv «Ja» eller «Nej»."
    bounds = ""
    if column.minimum is not None and column.maximum is not None:
        bounds = f" mellem {column.minimum:g} og {column.maximum:g}"
    elif column.minimum is not None:
        bounds = f" på mindst {column.minimum:g}"
    whole = " helt" if column.kind == "integer" else "t"
    return f"Skriv et{whole} tal{bounds}, fx {column.help.split('fx ')[-1]}."


def _slug(text: str) -> str:
    return re.sub(r"\s+", "-", fold(text))[:60] or "opgave"


def _assign_task_ids(tasks: list[dict], municipality: str) -> None:
    """Ids built from municipality and title stay stable when a file is resent with rows moved."""
    seen: dict[str, int] = {}
    prefix = _slug(municipality)
    for task in tasks:
        base = f"{prefix}:{_slug(task.get('title') or '')}"
        seen[base] = seen.get(base, 0) + 1
        task["task_id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
