"""Build the gross list (bruttoliste): one ranked row per candidate, with its source tasks'
municipalities and economics side by side and every score contribution stored."""

from __future__ import annotations

import polars as pl

from screening.ranking.scoring import (
    CONTRIBUTION_COLUMNS,
    ScoringConfig,
    criterion_values,
    score_values,
    sum_or_null,
)


def _mode(column: str) -> pl.Expr:
    # The most common choice among the source tasks; ties go to the alphabetically first code.
    return pl.col(column).drop_nulls().mode().sort().first().alias(column)


def build_gross_list(
    screening_tasks: pl.DataFrame,
    config: ScoringConfig,
    n_participants: int,
    profile: str | None = None,
    values: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """``values`` (from :func:`criterion_values`) may be passed when already computed."""
    if screening_tasks.is_empty():
        return pl.DataFrame(schema=GROSS_LIST_SCHEMA)
    weight_profile = config.profile(profile)
    if values is None:
        values = criterion_values(screening_tasks, config, n_participants)
    scored = score_values(values, weight_profile, config.authority_exercise_penalty)
    described = screening_tasks.group_by("candidate_id").agg(
        # The shortest title is usually the plain name of the task ("Lønadministration").
        pl.col("title").sort_by(pl.col("title").str.len_chars(), "title").first().alias("title"),
        pl.col("title").unique().sort().alias("titles"),
        pl.col("municipality").unique().sort().alias("municipalities"),
        pl.col("task_id").sort().alias("task_ids"),
        _mode("service_area"),
        _mode("task_type"),
        _mode("cooperation_form"),
        pl.col("goals")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .unique()
        .sort()
        .alias("goals"),
        sum_or_null("fte"),
        pl.col("complexity").mean().alias("complexity"),
        pl.col("time_horizon_years").max().alias("time_horizon_years"),
        pl.col("authority_exercise").any().alias("authority_exercise"),
    )
    gross_list = scored.join(described, on="candidate_id", how="left").with_columns(
        pl.lit(weight_profile.label).alias("weight_profile"),
        pl.lit(config.version).alias("weights_version"),
    )
    return gross_list.select(GROSS_LIST_SCHEMA.keys()).cast(GROSS_LIST_SCHEMA).sort("rank")


GROSS_LIST_SCHEMA: dict[str, pl.DataType] = {
    "candidate_id": pl.String,
    "rank": pl.Int64,
    "score": pl.Float64,
    "title": pl.String,
    "titles": pl.List(pl.String),
    "municipalities": pl.List(pl.String),
    "n_municipalities": pl.Int64,
    "task_ids": pl.List(pl.String),
    "service_area": pl.String,
    "task_type": pl.String,
    "cooperation_form": pl.String,
    "goals": pl.List(pl.String),
    "cost_base_dkk": pl.Float64,
    "fte": pl.Float64,
    "potential_dkk": pl.Float64,
    "complexity": pl.Float64,
    "time_horizon_years": pl.Float64,
    "authority_exercise": pl.Boolean,
    **{c: pl.Float64 for c in CONTRIBUTION_COLUMNS},
    "weight_profile": pl.String,
    "weights_version": pl.String,
}


def with_match_confidence(
    gross_list: pl.DataFrame, screening_tasks: pl.DataFrame, candidate_links: pl.DataFrame
) -> pl.DataFrame:
    """Add each candidate's weakest accepted link (``match_confidence``; null for a task only
    one municipality proposed) and whether a link awaits the project group's review."""
    candidate_of = screening_tasks.select("task_id", "candidate_id")
    per_candidate = (
        candidate_links.filter(pl.col("accepted"))
        .join(candidate_of, on="task_id")
        .group_by("candidate_id")
        .agg(
            pl.col("confidence").min().alias("match_confidence"),
            pl.col("needs_review").any().alias("needs_review"),
        )
    )
    return gross_list.join(per_candidate, on="candidate_id", how="left").with_columns(
        pl.col("needs_review").fill_null(False)
    )


def with_rank_intervals(gross_list: pl.DataFrame, intervals: pl.DataFrame) -> pl.DataFrame:
    """Add the rank interval (5th-95th percentile) and P(top 10) from the sensitivity draws."""
    return gross_list.join(
        intervals.select("candidate_id", "rank_p05", "rank_median", "rank_p95", "p_top_k"),
        on="candidate_id",
        how="left",
    ).rename({"p_top_k": "p_top10"})
