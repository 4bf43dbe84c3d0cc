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


@settings(max_examples=100)
@given(st.lists(danish, max_size=6), st.lists(st.sampled_from(["\x04", "a\x04b", " \x04 "])))
def test_a_text_holding_the_separator_folds_as_fold_does(plain, odd):
    # The texts of a column are folded joined by a control character; one holding it must not
    # be cut in two.
    assert folded(plain + odd) == [fold(text) for text in plain + odd]


@settings(max_examples=200)
@given(st.lists(st.one_of(danish, anything), max_size=8))
def test_texts_needing_the_whole_folding_anywhere_in_the_column(texts):
    assert folded(texts) == [fold(text) for text in texts]


@settings(max_examples=200)
@given(st.lists(st.text(alphabet="aæøåÆØÅÃ¥¦¸\u0105\u01c5\u0605é –", max_size=12), max_size=8))
def test_letters_sharing_bytes_with_the_danish_letters_fold_as_fold_does(texts):
    # The plain texts are told by their UTF-8 bytes: «Ã¥» (å read with the wrong encoding) and
    # letters whose bytes end as æøå's do must still take the whole folding.
    assert folded(texts) == [fold(text) for text in texts]
