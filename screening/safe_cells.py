"""Text a municipality wrote, made harmless for the spreadsheets it is exported into.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
by Excel and LibreOffice when it arrives in a csv file (CSV injection, OWASP). In a csv it is
neutralised the way OWASP advises: a single quote in front, which the spreadsheet shows as text.
In an xlsx no quote is needed: the cell is written as a string, never as a formula, and
xlsxwriter must be told so, because its ``write()`` turns a string beginning with ``=`` into a
formula by itself (:data:`XLSXWRITER_OPTIONS`).
"""

from __future__ import annotations

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# For xlsxwriter.Workbook(path, XLSXWRITER_OPTIONS): strings stay strings, whatever they begin
# with; URLs are not turned into links either (a hostile «https://…» must not become clickable).
XLSXWRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}


def is_formula_like(text: object) -> bool:
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """``"=1+1"`` -> ``"'=1+1"``; anything else unchanged (numbers stay numbers)."""
    return "'" + value if is_formula_like(value) else value


def csv_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` with :func:`csv_cell` applied, ready for ``write_csv``."""
    pattern = r"^[=+\-@\t\r]"
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )
