"""The findings table as both project-group pages show it (upload and data quality)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import quality


def show_findings(findings: pl.DataFrame) -> None:
    st.dataframe(
        quality.findings_table(findings),
        hide_index=True,
        column_config={
            "Ark": st.column_config.TextColumn(width="small"),
            "Række": st.column_config.NumberColumn(width="small", format="%d"),
            "Kolonne": st.column_config.TextColumn(width="small"),
            "Besked": st.column_config.TextColumn(width=640),  # what to do: give it the room
        },
    )
