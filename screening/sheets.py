"""Load the cells of a received file: every sheet as rows of typed Python values.

Spreadsheets (.xlsx, .xlsm, .ods) are read with calamine, which reads cached values and never
runs macros. CSV is read as UTF-8 or, failing that, Windows-1252, with ``;`` or ``,`` between
fields, as Danish Excel writes it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from screening.file_guard import MAX_TASK_ROWS, TEXT_SUFFIXES, Refused


@dataclass
class RawWorkbook:
    sheets: dict[str, list[list]]  # sheet name -> rows; rows[0] is Excel row 1
    is_csv: bool = False


def load_workbook(path: Path) -> RawWorkbook:
    if path.suffix.lower() in TEXT_SUFFIXES:
        return RawWorkbook({path.stem: _read_csv(path)}, is_csv=True)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = {}
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(
                skip_empty_area=False, nrows=MAX_TASK_ROWS + 50
            )
            sheets[name] = rows
    except Exception as error:  # calamine raises several types for broken files
        raise Refused(
            "Filen kan ikke åbnes som et regneark. Den er måske beskadiget eller ikke en "
            "Excel-fil. Åbn den i Excel, gem den som .xlsx og send den igen."
        ) from error
    return RawWorkbook(sheets)


def _read_csv(path: Path) -> list[list]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";"
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if len(rows) > MAX_TASK_ROWS + 50:
        raise Refused(too_many_rows_message(len(rows)))
    return rows


def too_many_rows_message(n_rows: int) -> str:
    return (
        f"Filen har {n_rows} rækker; grænsen er {MAX_TASK_ROWS} opgaver pr. fil. Del "
        "opgaverne på flere filer, eller slet tomme rækker med indhold (fx formler) i bunden."
    )
