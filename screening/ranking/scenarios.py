"""Two weight profiles side by side: how each candidate's rank moves from one to the other."""

from __future__ import annotations

import polars as pl

from screening.ranking.scoring import WeightProfile, score_values


def compare_profiles(
    values: pl.DataFrame,
    first: WeightProfile,
    second: WeightProfile,
    authority_exercise_penalty: float,
) -> pl.DataFrame:
    """candidate_id, rank and score under each profile, and ``rank_change`` (positive = the
    candidate moves up the list under ``second``), best under ``second`` first."""
    a = score_values(values, first, authority_exercise_penalty).select(
        "candidate_id", pl.col("rank").alias("rank_first"), pl.col("score").alias("score_first")
    )
    b = score_values(values, second, authority_exercise_penalty).select(
        "candidate_id", pl.col("rank").alias("rank_second"), pl.col("score").alias("score_second")
    )
    return (
        a.join(b, on="candidate_id")
        .with_columns((pl.col("rank_first") - pl.col("rank_second")).alias("rank_change"))
        .sort("rank_second")
    )
