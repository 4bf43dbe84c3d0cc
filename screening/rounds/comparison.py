"""The last round's candidates beside this round's, matched by meaning with the same text
similarity that groups tasks into candidates (:func:`screening.matching.candidates.task_links`).

Each round's candidates are put in as the tasks of one «municipality» (the round), so a link is
only ever drawn across the two rounds, and only between candidates that are each other's best
match. A link as strong as two lone tasks need to become one candidate
(``PAIR_CONFIDENCE``) makes the pair the same area proposed again. Then each candidate is:

- «Etableret siden»: the last round's candidate that a shared operation came of (whether or
  not it is proposed again, which is shown beside it);
- «Foreslået igen»: matched with a candidate of this round;
- «Ikke foreslået igen»: the last round's candidate with no match now;
- «Ny i denne runde»: this round's candidate with no match then.

Nothing of the last round (its priorities, its assessment) is carried onto this round's
candidates; it is shown beside them.
"""

from __future__ import annotations

import polars as pl

from screening.matching.candidates import PAIR_CONFIDENCE, task_links
from screening.vocabulary import ROUND_COMPARISON, label_of

COMPARISON_SCHEMA = {
    "comparison": pl.String,
    "comparison_label": pl.String,
    "previous_candidate_id": pl.String,
    "previous_rank": pl.Int64,
    "previous_title": pl.String,
    "previous_municipalities": pl.List(pl.String),
    "previous_assessment": pl.String,
    "established": pl.String,
    "candidate_id": pl.String,
    "rank": pl.Int64,
    "title": pl.String,
    "municipalities": pl.List(pl.String),
    "confidence": pl.Float64,
}
ORDER = {t.code: i for i, t in enumerate(ROUND_COMPARISON)}


def candidate_texts(gross_list: pl.DataFrame, screening_tasks: pl.DataFrame) -> pl.DataFrame:
    """This round's candidates with a description to match on: the titles and descriptions of
    the tasks they hold (a candidate is described by its tasks, in every municipality's words)."""
    if screening_tasks.is_empty() or "description" not in screening_tasks.columns:
        texts = gross_list.select("candidate_id", pl.lit("").alias("description"))
    else:
        texts = screening_tasks.group_by("candidate_id").agg(
            pl.concat_str([pl.col("title"), pl.col("description").fill_null("")], separator=". ")
            .str.join(" ")
            .alias("description")
        )
    return gross_list.select(
        "candidate_id", "rank", "title", "municipalities", "service_area", "task_type"
    ).join(texts, on="candidate_id", how="left")


def match_rounds(previous: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """previous_candidate_id, candidate_id, confidence: one to one, strongest first."""
    columns = ["candidate_id", "title", "description", "service_area", "task_type"]
    tasks = pl.concat(
        [
            frame.select(columns).with_columns(
                pl.lit(side).alias("municipality"),
                (pl.lit(f"{side}:") + pl.col("candidate_id")).alias("task_id"),
            )
            for side, frame in (("previous", previous), ("current", current))
        ]
    ).with_columns(pl.col("description").fill_null(""))
    links = task_links(tasks).filter(pl.col("confidence") >= PAIR_CONFIDENCE)
    pairs, seen = [], set()
    for row in links.sort("confidence", descending=True).iter_rows(named=True):
        ends = sorted((row["task_id"], row["other_task_id"]))  # "current:…" < "previous:…"
        now, then = ends[0].removeprefix("current:"), ends[1].removeprefix("previous:")
        if now in seen or then in seen or not ends[1].startswith("previous:"):
            continue
        seen |= {now, then}
        pairs.append((then, now, row["confidence"]))
    return pl.DataFrame(
        pairs,
        schema={
            "previous_candidate_id": pl.String,
            "candidate_id": pl.String,
            "confidence": pl.Float64,
        },
        orient="row",
    )


def compare_rounds(previous: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """One row per candidate of either round (see the module docstring for the four kinds).

    ``previous``: the earlier round's candidates (``archive.CANDIDATE_SCHEMA``); ``current``:
    this round's (:func:`candidate_texts`)."""
    pairs = match_rounds(previous, current)
    then = previous.select(
        pl.col("candidate_id").alias("previous_candidate_id"),
        pl.col("rank").alias("previous_rank"),
        pl.col("title").alias("previous_title"),
        pl.col("municipalities").alias("previous_municipalities"),
        pl.col("assessment").alias("previous_assessment"),
        "established",
    )
    now = current.select("candidate_id", "rank", "title", "municipalities")
    joined = (
        then.join(pairs, on="previous_candidate_id", how="full", coalesce=True)
        .join(now, on="candidate_id", how="full", coalesce=True)
        .with_columns(
            pl.when(pl.col("established").is_not_null())
            .then(pl.lit("established_since"))
            .when(pl.col("previous_candidate_id").is_null())
            .then(pl.lit("new"))
            .when(pl.col("candidate_id").is_null())
            .then(pl.lit("dropped"))
            .otherwise(pl.lit("proposed_again"))
            .alias("comparison")
        )
        .with_columns(
            pl.col("comparison")
            .map_elements(lambda c: label_of(ROUND_COMPARISON, c), return_dtype=pl.String)
            .alias("comparison_label")
        )
    )
    return (
        joined.select(list(COMPARISON_SCHEMA))
        .cast(COMPARISON_SCHEMA)
        .with_columns(pl.col("comparison").replace_strict(ORDER).alias("_order"))
        .sort(["_order", "previous_rank", "rank"], nulls_last=True)
        .drop("_order")
    )


def comparison_counts(comparison: pl.DataFrame) -> dict[str, int]:
    counts = dict(comparison.group_by("comparison").len().iter_rows())
    return {t.code: counts.get(t.code, 0) for t in ROUND_COMPARISON}
