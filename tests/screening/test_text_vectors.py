"""The column-wise folding used for matching reads text exactly as the cell reader does."""

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from screening.matching.text_vectors import tfidf_title_and_description
from screening.text import fold, fold_expr

SAMPLES = ["Løn- og personaleadministration", "  Fælles  UDBUD! ", "Ærø-Åbenrå (café)", "IT/drift"]


@given(st.lists(st.text(alphabet="aæøåAÆØÅéü -/.,()1xyzLØN", max_size=30), max_size=5))
def test_fold_expr_equals_fold(texts):
    folded = (
        pl.Series(texts + SAMPLES, dtype=pl.String).to_frame("t").select(fold_expr(pl.col("t")))
    )
    assert folded["t"].to_list() == [fold(t) for t in texts + SAMPLES]


def test_compound_shares_features_with_its_parts():
    titles = ["Lønadministration", "Løn- og personaleadministration", "Rottebekæmpelse"]
    vectors, _ = tfidf_title_and_description(titles, [None] * 3, frozenset({"og"}), {})
    similarity = (vectors @ vectors.T).toarray()
    assert similarity[0, 1] > 0.3
    assert similarity[0, 2] < 0.05
