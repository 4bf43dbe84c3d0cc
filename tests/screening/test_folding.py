"""A sheet's texts folded as one column read exactly as :func:`screening.text.fold` reads each,
whether they hold only a Danish keyboard's letters (the shorter folding) or anything else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.intake.folding import folded
from screening.text import fold

danish = st.text(alphabet="abcxyzABCXYZæøåÆØÅ019 -/.,()\t\n\x00", max_size=30)
anything = st.text(alphabet="aæøåAÆØÅéüÉ\u0301\u030a ß-/İ1ﬁ²", max_size=30)


@settings(max_examples=300)
@given(st.lists(danish, max_size=6), st.lists(anything, max_size=2))
def test_a_column_folds_as_each_text_folds(plain, other):
    assert folded(plain) == [fold(text) for text in plain]
    assert folded(plain + other) == [fold(text) for text in plain + other]
