"""The plausibility warnings go through only the rows a whole-sheet look picks out; they are the
same warnings, in the same order, as going through every row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.intake import plausibility
from screening.template.spec import COLUMNS_BY_CODE

COLUMNS = {12: "cost_base_dkk", 13: "fte", 14: "potential_dkk"}

# Round figures, figures at and around the rules' bounds, blanks, zeros and negatives.
figure = st.one_of(
    st.none(),
    st.sampled_from([0.0, 1.0, 0.5, 0.49, 100_000.0, 99_999.0, 20_000_000.0, 50_000.0, -3.0]),
    st.floats(min_value=-1e9, max_value=1e12, allow_nan=False, allow_infinity=False),
    # A cell typed with far too many digits, or a figure near nought: warned about, said back.
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=1, max_value=400).map(lambda n: n * 25_000.0),
)


def _tasks(rows: list[tuple]) -> dict[str, list]:
    """A sheet's tasks' columns from (cost base, årsværk, potential) per row, from Excel row 3."""
    return {
        "source_row": list(range(3, 3 + len(rows))),
        "cost_base_dkk": [r[0] for r in rows],
        "fte": [r[1] for r in rows],
        "potential_dkk": [r[2] for r in rows],
    }


def _every_row(figures, filled, index_of):
    return list(range(len(figures[0])))


@settings(max_examples=300)
@given(
    st.lists(st.tuples(figure, figure, figure), max_size=40),
    st.sets(st.sampled_from(sorted(COLUMNS)), min_size=1),
)
def test_the_rows_picked_out_give_every_warning(rows, present):
    columns = {i: COLUMNS_BY_CODE[COLUMNS[i]] for i in sorted(present)}
    tasks = _tasks(rows)
    found = plausibility.plausibility_findings(tasks, columns, "f.xlsx", "Opgaver")
    picked = plausibility._rows_to_check
    plausibility._rows_to_check = _every_row
    try:
        every = plausibility.plausibility_findings(tasks, columns, "f.xlsx", "Opgaver")
    finally:
        plausibility._rows_to_check = picked
    assert found == every


@settings(max_examples=200)
@given(st.lists(st.tuples(figure, figure, figure), max_size=40))
def test_figures_sorted_at_once_warn_as_each_row_read_alone(rows):
    # Plain finite figures are sorted in one step; the rule for every row on its own (as for
    # a figure that is no plain number) must say the same.
    columns = {i: COLUMNS_BY_CODE[code] for i, code in COLUMNS.items()}
    tasks = _tasks(rows)
    found = plausibility.plausibility_findings(tasks, columns, "f.xlsx", "Opgaver")
    at_once = plausibility._finite_arrays
    plausibility._finite_arrays = lambda figures: None
    try:
        alone = plausibility.plausibility_findings(tasks, columns, "f.xlsx", "Opgaver")
    finally:
        plausibility._finite_arrays = at_once
    assert found == alone
