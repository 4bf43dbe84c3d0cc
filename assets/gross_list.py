"""Gross-list assets: match tasks into candidates, score and rank them, publish the result."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.resources import ScreeningSettings
from screening import matching, store
from screening.gross_list import build_gross_list

KINDS = {"duckdb", "polars"}


@dg.asset(group_name="gross_list", kinds=KINDS)
def task_links(submitted_tasks: pl.DataFrame) -> pl.DataFrame:
    """Pairs of tasks from different municipalities that look like the same task."""
    return matching.task_links(submitted_tasks)


@dg.asset(group_name="gross_list", kinds=KINDS)
def screening_tasks(submitted_tasks: pl.DataFrame, task_links: pl.DataFrame) -> pl.DataFrame:
    """One row per submitted task, with the candidate it belongs to."""
    candidates = matching.assign_candidates(submitted_tasks, task_links)
    return submitted_tasks.join(candidates, on="task_id", how="left")


@dg.asset(group_name="gross_list", kinds=KINDS)
def gross_list(screening_tasks: pl.DataFrame, settings: ScreeningSettings) -> pl.DataFrame:
    """The ranked gross list (bruttoliste): one row per candidate with every score contribution."""
    n_participants = len(settings.load_screening().municipalities)
    return build_gross_list(screening_tasks, settings.load_scoring(), n_participants)


@dg.asset(
    group_name="gross_list",
    kinds={"duckdb"},
    deps=[
        "submissions",
        "findings",
        "submission_tasks",
        "task_links",
        "screening_tasks",
        "gross_list",
    ],
)
def published_warehouse(settings: ScreeningSettings) -> dg.MaterializeResult:
    """Copy of the finished tables for the dashboard, replaced in one atomic step."""
    target = store.publish(Path(settings.warehouse))
    return dg.MaterializeResult(metadata={"path": str(target)})
