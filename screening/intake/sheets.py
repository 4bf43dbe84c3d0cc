"""Load the cells of a received file: every sheet as rows of typed Python values.

Spreadsheets (.xlsx, .xlsm, .ods) are read with calamine, which reads cached values and never
runs macros. CSV is read as UTF-8 or, failing that, Windows-1252, with ``;`` or ``,`` between
fields, as Danish Excel writes it.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from screening.intake.file_guard import MAX_TASK_ROWS, TEXT_SUFFIXES, Refused


@dataclass
class RawWorkbook:
    sheets: dict[str, list[list]]  # sheet name -> rows; rows[0] is Excel row 1
    is_csv: bool = False
    # sheet name -> Excel number of its last row; beyond the rows loaded when a sheet is too long
    last_rows: dict[str, int] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()  # sheets hidden in Excel (Format › Skjul ark)

    def last_row(self, sheet: str) -> int:
        return self.last_rows.get(sheet, len(self.sheets[sheet]))


def load_workbook(path: Path) -> RawWorkbook:
    if path.suffix.lower() in TEXT_SUFFIXES:
        rows = _read_csv(path)
        # As for a sheet: the rows a template can have, and the true length for the row limit.
        loaded = rows[: MAX_TASK_ROWS + 50]
        return RawWorkbook({path.stem: loaded}, is_csv=True, last_rows={path.stem: len(rows)})
    try:
        # From the file's bytes, not its name: calamine then tells .xlsx from .ods by what the
        # file holds, so an .ods saved under an .xlsx name (or the reverse) is read, not refused.
        with open(path, "rb") as handle:
            workbook = CalamineWorkbook.from_filelike(handle)
            sheets, last_rows = {}, {}
            hidden = frozenset(
                sheet.name for sheet in workbook.sheets_metadata if str(sheet.visible) != _VISIBLE
            )
            for name in workbook.sheet_names:
                sheet = workbook.get_sheet_by_name(name)
                # Only the rows a template can have are turned into Python values; the true
                # length is kept so a too-long sheet is refused with its real number of rows.
                sheets[name] = sheet.to_python(skip_empty_area=False, nrows=MAX_TASK_ROWS + 50)
                last_rows[name] = sheet.end[0] + 1 if sheet.end else len(sheets[name])
    except OSError:
        raise
    except Exception as error:  # calamine raises several types for broken files
        raise Refused(
            "Filen kan ikke åbnes som et regneark. Den er måske beskadiget eller ikke en "
            "Excel-fil. Åbn den i Excel, gem den som .xlsx og send den igen."
        ) from error
    return RawWorkbook(sheets, last_rows=last_rows, hidden=hidden)


_VISIBLE = "SheetVisibleEnum.Visible"


def _read_csv(path: Path) -> list[list]:
    data = path.read_bytes()
    text = _decode_csv(data)
    # The sniffer looks for «\n» between lines.
    sample = text[:4096].replace("\r\n", "\n").replace("\r", "\n")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";"
    try:
        # newline="": the csv module finds the line ends itself, «\r» alone (old Mac) included.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:  # e.g. a field longer than the csv module's limit (128 KB)
        raise Refused(
            "CSV-filen kan ikke læses (en celle er alt for lang, eller filen er ikke en "
            "CSV-fil). Brug Excel-skabelonen (.xlsx), eller gem filen som «CSV UTF-8» igen."
        ) from error
    return rows


def _decode_csv(data: bytes) -> str:
    # Excel's «Unicode-tekst» is UTF-16 with a byte-order mark (and tabs between fields).
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused(
        "Tegnene i CSV-filen kan ikke læses (hverken UTF-8 eller Windows-1252). Gem filen i "
        "Excel som «CSV UTF-8 (kommasepareret)» eller som .xlsx, og send den igen."
    )


def too_many_rows_message(n_rows: int, first: int, last: int) -> str:
    return (
        f"Filen har {n_rows} opgaverækker (række {first} til {last}); grænsen er "
        f"{MAX_TASK_ROWS} opgaver pr. fil. Del opgaverne på flere filer, eller slet tomme rækker "
        "med indhold (fx formler) i bunden."
    )
