"""The reader's quick look for control characters in a sheet's free text (all columns' cells
written out and searched at once) finds one exactly when a text cell of those columns holds one,
whatever the rows hold and however wide they are."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.intake.control_characters import CONTROL, text_cells

cells = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(["a", "ø", " ", "\n", "\t", "\x00", "\x1f", "\x7f", "\x9f"])),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.just(dt.datetime(2025, 5, 7)),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(cells, max_size=6), max_size=6),
    st.lists(st.integers(min_value=0, max_value=6), max_size=3, unique=True),
)
def test_a_control_character_is_found_exactly_when_a_text_cell_holds_one(rows, indices):
    expected = any(
        isinstance(row[i], str) and CONTROL.search(row[i])
        for row in rows
        for i in indices
        if i < len(row)
    )
    assert bool(CONTROL.search("\n".join(text_cells(rows, indices)))) == expected
