"""A number column holding only numbers and blanks is read all at once by the column pass; it
reads each cell exactly as the pass reads a column's distinct values one by one (bounds, whole
numbers, a blank in a required column, 1 beside 1.0)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.intake.row_scan import _blank, _distinct, _read_distinct, _read_number_cells
from screening.template.spec import COLUMNS

NUMBER_COLUMNS = [c for c in COLUMNS if c.kind in ("number", "integer")]

number_cell = st.one_of(
    st.none(),
    st.integers(min_value=-10, max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1.0, 1.5, 5.0, 6.0, 40.0, 41.0, 100.0, 2.000001, 1e9]),
)


@settings(max_examples=300)
@given(st.sampled_from(NUMBER_COLUMNS), st.lists(number_cell, max_size=30))
def test_numbers_read_at_once_as_one_by_one(column, cells):
    cells = tuple(cells)
    held, ok, blank = _read_number_cells(column, cells)
    distinct, codes = _distinct(cells)
    one_held, one_ok, _, one_warning = _read_distinct(column, distinct) if distinct else ((),) * 4
    assert held == [one_held[c] for c in codes]
    assert [type(v) for v in held] == [type(one_held[c]) for c in codes]
    assert ok.tolist() == [one_ok[c] for c in codes]
    assert blank.tolist() == _blank(distinct)[codes].tolist()
    assert all(one_warning[c] is None for c in codes)


def test_a_column_holding_anything_else_is_left_to_the_one_by_one_reading():
    for column in NUMBER_COLUMNS:
        assert _read_number_cells(column, (1.0, "1.250", None)) is None
        assert _read_number_cells(column, (1.0, True)) is None
