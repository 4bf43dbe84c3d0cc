"""What the reader understood of an uploaded file, as tables (no Streamlit here): each of the
file's columns and what it was read as, and the rows set aside as headings, sums or notes.
Text from the file is escaped for Markdown like every other text from a file."""

from __future__ import annotations

import polars as pl

from dashboard.common import formatting, safe_text
from screening.i18n import _
from screening.intake.column_corrections import NOT_USED
from screening.intake.understood import TOTAL_NAMES, Understood
from screening.template.spec import READ_COLUMNS

COLUMN = "Kolonne"
WRITTEN = "Overskrift i filen"
READ_AS = "Læst som"
HOW = "Hvordan"
ROW = "Række"
KIND = "Taget for"
TEXT = "Tekst"


def columns_table(understood: Understood) -> pl.DataFrame:
    return pl.DataFrame(
        {
            COLUMN: [c.letter for c in understood.columns],
            WRITTEN: [safe_text.markdown(c.header) for c in understood.columns],
            READ_AS: [_(c.read_as) if c.code is None else c.read_as for c in understood.columns],
            HOW: [_(c.how) if c.how else "" for c in understood.columns],
        },
        schema={COLUMN: pl.String, WRITTEN: pl.String, READ_AS: pl.String, HOW: pl.String},
    )


def set_aside_table(understood: Understood) -> pl.DataFrame:
    return pl.DataFrame(
        {
            ROW: [r.row for r in understood.set_aside],
            KIND: [_(r.kind_name) for r in understood.set_aside],
            TEXT: [
                safe_text.markdown(" ".join(r.text.split()), missing="")
                for r in understood.set_aside
            ],
        },
        schema={ROW: pl.Int64, KIND: pl.String, TEXT: pl.String},
    )


def summary(understood: Understood) -> str:
    """«22 opgaver; i alt udgiftsbase 69.350.000 kr., …» in the reader's language."""
    text = formatting.count(understood.tasks, "opgave", "opgaver")
    totals = [
        f"{_(TOTAL_NAMES[code])} {formatting.number(value, 0 if float(value).is_integer() else 1)}"
        for code, value in understood.totals.items()
    ]
    return text + (_("; i alt ") + ", ".join(totals) if totals else "")


def read_as_choices() -> dict[str, str]:
    """What a column can be corrected to: the template's columns by header, and «ikke brugt»."""
    return {NOT_USED: NOT_USED, **{c.header: c.code for c in READ_COLUMNS}}
