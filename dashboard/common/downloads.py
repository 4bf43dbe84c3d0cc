"""Our own «Hent som CSV» under a table, in place of the table toolbar's English «Download as CSV».

The toolbar's button is switched off in ``.streamlit/config.toml`` (``client.disableDataExport``):
it is English, and it writes text from a municipality's file as it stands, so a cell such as
``=HYPERLINK(…)`` would run as a formula when the file is opened in Excel. This button's file
goes through :func:`screening.safe_cells.csv_frame`, which keeps such cells as text, and is
written the way Danish Excel opens it directly: semicolons between columns, decimal commas in
numbers (so Excel reads them as numbers it can sum), UTF-8 with a byte order mark so æ, ø and å
survive.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from screening.i18n import _
from screening.safe_cells import csv_frame


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """``frame`` as a csv file Danish Excel opens as it is, formula payloads kept as text."""
    return (
        csv_frame(frame)
        .write_csv(separator=";", include_bom=True, decimal_comma=True)
        .encode("utf-8")
    )


def csv_button(frame: pl.DataFrame, file_name: str, *, key: str | None = None) -> None:
    """A «Hent som CSV» button for ``frame`` (already with the headers the reader sees).

    The file is written when the reader clicks, not on every rerun of the page: a national
    gross list's file takes a noticeable part of a filter's rerun, and most reruns are not
    followed by a download."""
    st.download_button(
        _("Hent som CSV"),
        data=lambda: csv_bytes(frame),
        file_name=file_name,
        mime="text/csv",
        icon=":material/download:",
        key=key,
        on_click="ignore",  # a download need not rerun the page
    )
