"""Exported text that would run as a formula in a spreadsheet is neutralised (OWASP)."""

from __future__ import annotations

import polars as pl

from screening import safe_cells

PAYLOADS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_every_formula_start_gets_a_quote_in_csv_and_plain_text_stays():
    for payload in PAYLOADS:
        assert safe_cells.csv_cell(payload) == "'" + payload
    assert safe_cells.csv_cell("Løn og personale") == "Løn og personale"
    assert safe_cells.csv_cell(-3) == -3  # a negative number is a number, not a payload


def test_a_frame_is_neutralised_column_by_column():
    frame = pl.DataFrame({"titel": [*PAYLOADS, "IT-drift"], "score": list(range(7))})
    neutral = safe_cells.csv_frame(frame)
    assert neutral["titel"].to_list() == ["'" + p for p in PAYLOADS] + ["IT-drift"]
    assert neutral["score"].to_list() == list(range(7))
