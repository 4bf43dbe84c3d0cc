"""Write the four workbooks of the realism set from the CSV files beside this script.

Each CSV is one municipality's sheet as its own staff wrote it, headers included, plus a
``_gruppe`` column (the true candidate group, for measuring matching) that is not written to
the workbook. Cells that are plain digits become numbers, as Excel stores typed numbers; every
other cell stays text, as typed. Run ``python tests/screening/data/realism/make_workbooks.py``
after editing a CSV; the workbooks are committed so the tests need no generation step.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
GROUP = "_gruppe"

# CSV -> (workbook name as the municipality would send it, sheet name, rows above the headers)
WORKBOOKS = {
    "herning.csv": ("Herning Kommune - driftsfællesskaber.xlsx", "Ark1", 2),
    "holstebro.csv": ("holstebro_screening.xlsx", "Opgaver 2026", 0),
    "ringkoebing-skjern.csv": ("ringkobing-skjern opgaver.xlsx", "Screening", 0),
    "lemvig.csv": ("Lemvig Kommune forslag.xlsx", "Forslag", 0),
}


def read_rows(csv_name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(HERE / csv_name, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_workbook(csv_name: str) -> Path:
    name, sheet_name, rows_above = WORKBOOKS[csv_name]
    fields, rows = read_rows(csv_name)
    headers = [f for f in fields if f != GROUP]
    path = HERE / name
    with xlsxwriter.Workbook(path) as workbook:
        # A fixed creation time: the same CSV gives the same bytes, so a rerun changes no file.
        workbook.set_properties({"created": dt.datetime(2026, 11, 30, 9, 0)})
        sheet = workbook.add_worksheet(sheet_name)
        bold = workbook.add_format({"bold": True})
        if rows_above:
            sheet.write(0, 0, "Screening af opgaver til driftsfællesskaber", bold)
        sheet.write_row(rows_above, 0, headers, bold)
        for r, row in enumerate(rows, start=rows_above + 1):
            for c, header in enumerate(headers):
                value = row[header]
                if re.fullmatch(r"\d+", value):
                    sheet.write_number(r, c, int(value))
                elif value:
                    sheet.write_string(r, c, value)
    return path


if __name__ == "__main__":
    for csv_name in WORKBOOKS:
        print(write_workbook(csv_name))
