"""Whatever the cells hold, the column-by-column pass agrees with the row-by-row reader: each row
it takes gives the same task and warnings, and it skips and flags exactly the rows the row
reader's own tests skip and flag. Columns that mix kinds of cell (1, 1.0 and True; text with
direction controls; blanks of spaces) are where the pass's shortcuts could differ."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from screening.intake.headers import match_headers
from screening.intake.row_kinds import Blocks
from screening.intake.row_scan import _blank, scan_rows
from screening.intake.task_rows import (
    RowContext,
    is_help_row,
    read_task_row,
)
from screening.intake.task_table import task_columns, task_table
from screening.template.spec import COLUMNS
from screening.text import is_blank

HEADER = [column.header for column in COLUMNS]
COLUMNS_READ = match_headers(HEADER)

cell = st.one_of(
    st.none(),
    st.sampled_from(["", "  ", "Ja", "Nej", "x", "1", "ja ", "NB: note", "I alt"]),
    st.sampled_from([column.help for column in COLUMNS]),  # the template's hints
    st.sampled_from(["1.250.000", "1,5 mio. kr.", "12,5", "20 %", "ca. 10 pct", "2027", "-3"]),
    st.sampled_from(["Affald \u202eslx.exe", "Vej\u2066 og park", "x" * 200, "Løn"]),
    st.booleans(),
    st.integers(min_value=-5, max_value=3_000_000),
    st.sampled_from([0.0, 1.0, 2.5, 7.5, 1e9, 3.0, -1.0]),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.just(dt.datetime(2025, 5, 7)),
    st.text(max_size=12),
)


def fine_values(column) -> list:
    """Values the column reads without a word: most rows of a real sheet are made of these."""
    if column.kind in ("choice", "choices"):
        return [column.choices[0].label, column.choices[-1].label]
    if column.kind == "flag":
        return ["Ja", "Nej", True]
    if column.kind in ("number", "integer"):
        low = column.minimum if column.minimum is not None else 0
        return [low + 1, float(low + 2), "1.250" if column.kind == "number" else low + 1]
    return [f"{column.header} {n}" for n in range(3)]


@st.composite
def sheets(draw):
    width = len(HEADER) + draw(st.integers(min_value=0, max_value=2))
    # Few distinct values per column, as in real sheets, so values repeat down a column.
    palette = [
        draw(st.lists(cell, min_size=1, max_size=3))
        + (fine_values(COLUMNS[i]) * 3 if i < len(COLUMNS) else [])
        for i in range(width)
    ]
    n_rows = draw(st.integers(min_value=0, max_value=12))
    rows = []
    hint = [column.help for column in COLUMNS]
    for _ in range(n_rows):
        kind = draw(st.sampled_from(["cells"] * 5 + ["blank", "hint", "half hint", "one"]))
        row = [draw(st.sampled_from(palette[i])) for i in range(width)]
        if kind == "blank":
            row = [draw(st.sampled_from([None, "", " "])) for _ in range(width)]
        elif kind == "hint":
            row = list(hint)
        elif kind == "half hint":
            row = [h if i % 2 else row[i] for i, h in enumerate(hint)]
        elif kind == "one":
            row = [None] * width
            row[draw(st.integers(min_value=0, max_value=width - 1))] = draw(cell)
        rows.append(row[: draw(st.integers(min_value=len(HEADER) - 3, max_value=width))])
    return [HEADER, *rows]


@settings(max_examples=150, deadline=None)
@given(sheets(), st.booleans())
def test_the_column_pass_reads_every_sheet_as_the_row_reader_does(sheet, with_formula):
    formulas = {(2, "A"): "=B2"} if with_formula else {}
    ctx = RowContext("fil.xlsx", "Opgaver", "Aabenraa", formulas=formulas)
    scan = scan_rows(sheet, 1, COLUMNS_READ, ctx)
    for offset, row in enumerate(sheet[1:]):
        filled = sum(not is_blank(v) for v in row)
        assert scan.skip[offset] == (filled == 0 or is_help_row(row, COLUMNS_READ))
        assert scan.one_cell[offset] == (filled == 1)
        taken = scan.clean[offset]
        if taken is not None and not scan.skip[offset]:
            assert taken == read_task_row(row, offset + 2, COLUMNS_READ, ctx)
            assert taken[0] is not None


@settings(max_examples=150, deadline=None)
@given(sheets(), st.booleans())
def test_the_task_table_from_the_columns_is_the_table_of_the_rows_read_one_by_one(
    sheet, with_formula
):
    """The tasks the column pass keeps in its columns (no dict per task) give the same task
    table as every task read by the row reader."""
    formulas = {(2, "A"): "=B2"} if with_formula else {}
    ctx = RowContext("fil.xlsx", "Opgaver", "Aabenraa", formulas=formulas)
    scan = scan_rows(sheet, 1, COLUMNS_READ, ctx)
    from_columns, from_rows = [], []
    for offset, row in enumerate(sheet[1:]):
        if scan.skip[offset]:
            continue
        task, _ = read_task_row(row, offset + 2, COLUMNS_READ, ctx)
        if task is None:
            continue
        from_rows.append(task)
        read = scan.usable[offset] or scan.percent[offset]
        from_columns.append(offset if read else task)
    columns = task_columns(from_columns, scan)
    assert columns == task_columns(from_rows, scan)
    if from_rows:
        ids = [f"id-{i}" for i in range(len(from_rows))]
        assert_frame_equal(task_table(columns, ids), task_table(task_columns(from_rows, scan), ids))
        assert task_table(columns, ids).height == len(from_rows)


amounts = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False), st.just(0.1))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.just("sum"), st.just("close"), st.tuples(amounts, amounts))))
def test_blocks_sum_as_if_each_task_were_added_at_once(steps):
    """Blocks sums its tasks when a sum is asked for; the sums are those of adding each task's
    amounts as it comes (the same additions in the same order, so the same floats)."""
    columns = {i: c for i, c in COLUMNS_READ.items() if c.code in ("cost_base_dkk", "fte")}
    blocks = Blocks.of(columns)
    block: dict[str, float] = {}
    whole: dict[str, float] = {}
    for step in steps:
        if step == "sum":
            assert blocks.block == block and blocks.sheet == whole
        elif step == "close":
            blocks.close_block()
            block = {}
        else:
            task = dict(zip(("cost_base_dkk", "fte"), step, strict=True))
            blocks.add(task)
            for code in ("cost_base_dkk", "fte"):
                block[code] = block.get(code, 0.0) + (task[code] or 0.0)
                whole[code] = whole.get(code, 0.0) + (task[code] or 0.0)
    assert blocks.block == block and blocks.sheet == whole


@given(st.lists(cell))
def test_blank_cells_are_found_as_is_blank_finds_them(values):
    assert _blank(values).tolist() == [is_blank(v) for v in values]
