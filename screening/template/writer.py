"""Write the screening template as a real Excel workbook (xlsxwriter).

The task sheet has Danish headers, a hint row, and dropdowns (data validation) for every
vocabulary column; the instructions sheet explains every field and the three dimensions; the
metadata sheet carries the template version, municipality and screening round so the reader can
tell one municipality's file from another's. ``tasks`` pre-fills rows (sample data, tests).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from screening.template.spec import (
    COLUMNS,
    FIRST_TASK_ROW,
    HEADER_ROW,
    HELP_ROW,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    META_MUNICIPALITY,
    META_ROUND,
    META_VERSION,
    METADATA_SHEET,
    TASK_SHEET,
    TEMPLATE_ROWS,
    TEMPLATE_VERSION,
    Column,
)
from screening.vocabulary import COOPERATION_FORMS, GOALS, NO_LABEL, TASK_TYPES, YES_LABEL
from screening.xlsx_formats import REQUIRED_HEADER, WRAP, shared_formats


def write_template(
    path: Path,
    municipality: str,
    screening_round: str,
    tasks: Iterable[Mapping[str, Any]] = (),
) -> Path:
    """Write a template for ``municipality``; each task maps column code -> cell value."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    formats = _formats(workbook)
    task_sheet = workbook.add_worksheet(TASK_SHEET)
    _write_instructions(workbook.add_worksheet(INSTRUCTIONS_SHEET), formats, municipality)
    _write_metadata(workbook.add_worksheet(METADATA_SHEET), formats, municipality, screening_round)
    list_ranges = _write_lists(workbook.add_worksheet(LISTS_SHEET))
    _write_task_sheet(task_sheet, formats, list_ranges, list(tasks))
    task_sheet.activate()
    workbook.close()
    return path


def template_bytes(municipality: str, screening_round: str) -> bytes:
    """The blank template for ``municipality`` as the file's bytes (for a download)."""
    with tempfile.TemporaryDirectory() as folder:
        return write_template(
            Path(folder) / "skabelon.xlsx", municipality, screening_round
        ).read_bytes()


def _formats(workbook: xlsxwriter.Workbook) -> dict[str, Any]:
    return {
        **shared_formats(workbook),
        "required": workbook.add_format(REQUIRED_HEADER),
        "help": workbook.add_format(
            {"italic": True, "font_color": "#595959", "bg_color": "#F2F2F2", **WRAP}
        ),
    }


def _write_task_sheet(sheet, formats, list_ranges: dict[str, str], tasks: list) -> None:
    header_row, help_row, first = HEADER_ROW - 1, HELP_ROW - 1, FIRST_TASK_ROW - 1
    last = first + max(TEMPLATE_ROWS, len(tasks)) - 1
    for col, column in enumerate(COLUMNS):
        fmt = formats["required"] if column.required else formats["header"]
        sheet.write_string(header_row, col, column.header, fmt)
        sheet.write_string(help_row, col, column.help, formats["help"])
        sheet.set_column(col, col, column.width)
        validation = _validation(column, list_ranges)
        if validation:
            sheet.data_validation(first, col, last, col, validation)
    sheet.set_row(header_row, 45)
    sheet.freeze_panes(FIRST_TASK_ROW - 1, 1)
    for offset, task in enumerate(tasks):
        for col, column in enumerate(COLUMNS):
            value = task.get(column.code)
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                value = YES_LABEL if value else NO_LABEL
            if isinstance(value, int | float):
                sheet.write_number(first + offset, col, value)
            else:
                sheet.write_string(first + offset, col, str(value))


def _validation(column: Column, list_ranges: dict[str, str]) -> dict | None:
    if column.kind == "choice":
        return {
            "validate": "list",
            "source": list_ranges[column.code],
            "error_title": "Ugyldig værdi",
            "error_message": f"Vælg {column.header.lower()} fra listen.",
        }
    if column.kind == "flag":
        return {"validate": "list", "source": [YES_LABEL, NO_LABEL]}
    if column.kind in ("number", "integer"):
        validation = {
            "validate": "integer" if column.kind == "integer" else "decimal",
            "criteria": "between",
            "minimum": column.minimum if column.minimum is not None else 0,
            "maximum": column.maximum if column.maximum is not None else 1e12,
            "error_title": "Ugyldigt tal",
            "error_message": f"{column.header}: {column.help}.",
        }
        return validation
    return None


def _write_lists(sheet) -> dict[str, str]:
    """Dropdown sources live on a hidden sheet: Excel limits inline lists to 255 characters."""
    ranges = {}
    choice_columns = [c for c in COLUMNS if c.kind == "choice"]
    for col, column in enumerate(choice_columns):
        sheet.write_string(0, col, column.header)
        for row, term in enumerate(column.choices, start=1):
            sheet.write_string(row, col, term.label)
        letter = xl_col_to_name(col)
        ranges[column.code] = f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(column.choices) + 1}"
    sheet.hide()
    return ranges


def _write_metadata(sheet, formats, municipality: str, screening_round: str) -> None:
    sheet.write_string(0, 0, "Om skabelonen", formats["title"])
    rows = [
        (META_VERSION, TEMPLATE_VERSION),
        (META_MUNICIPALITY, municipality),
        (META_ROUND, screening_round),
    ]
    for row, (key, value) in enumerate(rows, start=2):
        sheet.write_string(row, 0, key, formats["bold"])
        sheet.write_string(row, 1, value)
    sheet.write_string(
        6, 0, "Felterne ovenfor udfyldes af projektgruppen. Ret dem ikke.", formats["wrap"]
    )
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 30)
    sheet.protect()


def _write_instructions(sheet, formats, municipality: str) -> None:
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 100)
    lines: list[tuple[str, str]] = [
        ("Screening af opgaver til driftsfællesskaber", ""),
        ("", f"Skabelon for {municipality} Kommune."),
        (
            "Formål",
            "Vi leder efter opgaver, som kommunerne med fordel kan løse sammen i et "
            "driftsfællesskab. Ingen opgavetyper er udelukket på forhånd. Skriv én opgave pr. "
            f"række på arket «{TASK_SHEET}», fra række {FIRST_TASK_ROW}. Røde overskrifter skal "
            "udfyldes; de øvrige er frivillige, men direktionerne kan ikke prioritere uden "
            "økonomi og årsværk.",
        ),
        ("", ""),
        ("De tre dimensioner", ""),
        ("1. Mål og rationale", "Hvorfor opgaven bør løses i fællesskab. Flere mål kan gælde."),
        *[(f"   {g.short}", f"{g.label}. {g.explanation}") for g in GOALS],
        ("2. Opgavetype", "Hvad der skal deles."),
        *[(f"   {t.label}", t.explanation) for t in TASK_TYPES],
        ("3. Samdriftsform", "Hvor forpligtende samarbejdet er, fra løst til bindende."),
        *[(f"   {c.label}", c.explanation) for c in COOPERATION_FORMS],
        (
            "Eksempel",
            "Lønadministration · Løn og personale · Mål: Økonomisk effektivisering og Mindre "
            "sårbarhed · Organisering · Shared service · Myndighedsudøvelse: Nej · "
            "4.200.000 kr. · 7,5 årsværk · potentiale 600.000 kr. · kompleksitet 3 · 2 år.",
        ),
        ("", ""),
        ("Felterne", ""),
        *[(c.header + (" (skal udfyldes)" if c.required else ""), c.explanation) for c in COLUMNS],
        ("", ""),
        (
            "Tal",
            "Skriv beløb i hele kroner uden «kr.» og «mio.», fx 1250000. Decimaler med komma, "
            "fx 3,5 årsværk.",
        ),
        (
            "Aflevering",
            "Gem filen som .xlsx og send den til projektgruppen. Ret ikke i arket "
            f"«{METADATA_SHEET}». Kør gerne «screening validate» på filen først.",
        ),
    ]
    for row, (key, text) in enumerate(lines):
        fmt = formats["title"] if row == 0 else formats["bold"]
        sheet.write_string(row, 0, key, fmt)
        if text:
            sheet.write_string(row, 1, text, formats["wrap"])
