"""Gross-list assets: match tasks into candidates, score and rank them, publish the result."""

from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.resources import ScreeningSettings
from screening import matching, store
from screening.gross_list import build_gross_list, with_match_confidence, with_rank_intervals
from screening.overrides import effective, read_overrides
from screening.provenance import provenance_row
from screening.scoring import criterion_values
from screening.sensitivity import rank_intervals
from screening.submissions import ACCEPTED

KINDS = {"duckdb", "polars"}


@dg.asset(group_name="gross_list", kinds=KINDS)
def match_overrides(settings: ScreeningSettings) -> pl.DataFrame:
    """The project group's decisions: these tasks are one candidate («saml») or not («adskil»)."""
    return read_overrides(Path(settings.overrides))


@dg.multi_asset(
    outs={
        "candidate_links": dg.AssetOut(
            description="Koblingerne mellem opgaver: sikkerhed, accepteret, til gennemsyn.",
            kinds=KINDS,
        ),
        "screening_tasks": dg.AssetOut(
            description="Én række pr. indsendt opgave med den kandidat, den hører til.",
            kinds=KINDS,
        ),
    },
    group_name="gross_list",
)
def match_candidates(submitted_tasks: pl.DataFrame, match_overrides: pl.DataFrame):
    """Link tasks that look alike and join them into candidates, respecting the project group's
    overrides. The computed links are stored once, in candidate_links, with what became of each
    (at national scale they are a million rows, not worth writing twice)."""
    assignments, links = matching.assign_candidates(
        submitted_tasks, matching.task_links(submitted_tasks), effective(match_overrides)
    )
    return links, submitted_tasks.join(assignments, on="task_id", how="left")


@dg.asset(group_name="gross_list", kinds=KINDS)
def candidate_values(screening_tasks: pl.DataFrame, settings: ScreeningSettings) -> pl.DataFrame:
    """Each candidate's value (0-1) on every criterion, before weights: re-ranking with other
    weights (the dashboard's weights page) starts from here."""
    n_participants = len(settings.load_screening().municipalities)
    return criterion_values(screening_tasks, settings.load_scoring(), n_participants)


@dg.asset(group_name="gross_list", kinds=KINDS)
def gross_list(
    screening_tasks: pl.DataFrame,
    candidate_values: pl.DataFrame,
    candidate_links: pl.DataFrame,
    settings: ScreeningSettings,
) -> pl.DataFrame:
    """The ranked gross list (bruttoliste): one row per candidate with every score contribution,
    how sure the match is, and how sure the rank is under other weights (1,000 draws)."""
    n_participants = len(settings.load_screening().municipalities)
    scoring = settings.load_scoring()
    ranked = build_gross_list(screening_tasks, scoring, n_participants, values=candidate_values)
    ranked = with_match_confidence(ranked, screening_tasks, candidate_links)
    if ranked.is_empty():
        return ranked
    intervals = rank_intervals(
        candidate_values, scoring.profile(), scoring.authority_exercise_penalty
    )
    return with_rank_intervals(ranked, intervals)


@dg.asset(group_name="gross_list", kinds=KINDS, deps=["gross_list"])
def gross_list_provenance(submissions: pl.DataFrame, settings: ScreeningSettings) -> pl.DataFrame:
    """What the gross list was built from: submission hashes, weights, overrides, code version."""
    scoring = settings.load_scoring()
    current = submissions.filter(pl.col("status") == ACCEPTED)["sha256"].to_list()
    return provenance_row(
        current,
        scoring.profile().label,
        scoring.version,
        Path(settings.scoring_config),
        Path(settings.overrides),
    )


@dg.asset(
    group_name="gross_list",
    kinds={"duckdb"},
    deps=[
        "submissions",
        "findings",
        "submission_tasks",
        "match_overrides",
        "candidate_links",
        "screening_tasks",
        "candidate_values",
        "gross_list",
        "gross_list_provenance",
    ],
)
def published_warehouse(settings: ScreeningSettings) -> dg.MaterializeResult:
    """Copy of the finished tables for the dashboard, replaced in one atomic step."""
    target = store.publish(Path(settings.warehouse))
    return dg.MaterializeResult(metadata={"path": str(target)})
