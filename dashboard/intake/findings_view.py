"""The findings table as both project-group pages show it (upload and data quality).

A static table, not a data grid: the message says what to do and is often two lines long, and a
grid cuts every cell to one line («Besked» ended in «…»). The table wraps it instead. Its cells
are Markdown, so the text from the file is escaped like all other Markdown (``safe_text``).
A finding about the whole file has no row; its cell stays empty instead of reading «None».
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import safe_text
from dashboard.intake import quality
from dashboard.shell import language


def readable_findings(findings: pl.DataFrame) -> pl.DataFrame:
    """The findings table as the reader sees it: every cell text, escaped, empty where unknown."""
    table = quality.findings_table(findings)
    return table.with_columns(
        pl.col(name)
        .cast(pl.String)
        .map_elements(lambda text: safe_text.markdown(text, missing=""), return_dtype=pl.String)
        .fill_null("")
        for name in table.columns
    )


def show_findings(findings: pl.DataFrame) -> None:
    st.table(language.headers(readable_findings(findings)), border="horizontal")
