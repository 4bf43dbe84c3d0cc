"""Data rules the tables must satisfy; the Dagster asset checks call these.

Each rule returns the violations it found (empty list = the rule holds), described so a person
can find the row.
"""

from __future__ import annotations

import polars as pl

from screening.ranking.scoring import CONTRIBUTION_COLUMNS
from screening.template.spec import COLUMNS
from screening.vocabulary import (
    COOPERATION_FORMS,
    GOALS,
    OTHER_SERVICE_AREA,
    SERVICE_AREAS,
    TASK_TYPES,
)

SCORE_TOLERANCE = 1e-9


def unique_task_ids(tasks: pl.DataFrame) -> list[str]:
    duplicated = tasks.filter(pl.col("task_id").is_duplicated())["task_id"].unique().sort()
    return [f"task_id {task_id} forekommer flere gange" for task_id in duplicated]


def required_fields_present(tasks: pl.DataFrame) -> list[str]:
    """What no task can be without: its title and municipality (the intake holds back a row
    without a title and rejects a file without a municipality)."""
    problems = []
    for column in ("title", "municipality"):
        missing = tasks.filter(pl.col(column).is_null())
        problems += [f"{row['task_id']}: {column} mangler" for row in missing.iter_rows(named=True)]
    return problems


def incomplete_tasks(tasks: pl.DataFrame) -> list[str]:
    """Tasks that came through without a field the template asks for (each has a warning on
    its submission): they are ranked, but with less to go on."""
    problems = []
    for column in (c.code for c in COLUMNS if c.required and c.code != "title"):
        missing = tasks.filter(pl.col(column).is_null())
        problems += [f"{row['task_id']}: {column} mangler" for row in missing.iter_rows(named=True)]
    empty_goals = tasks.filter(pl.col("goals").list.len() == 0)
    problems += [f"{task_id}: ingen mål" for task_id in empty_goals["task_id"]]
    return problems


def vocabulary_values(tasks: pl.DataFrame) -> list[str]:
    allowed = {
        "service_area": {t.code for t in (*SERVICE_AREAS, OTHER_SERVICE_AREA)},
        "task_type": {t.code for t in TASK_TYPES},
        "cooperation_form": {t.code for t in COOPERATION_FORMS},
    }
    problems = []
    for column, codes in allowed.items():
        bad = tasks.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(codes)))
        problems += [f"{r['task_id']}: {column} = {r[column]}" for r in bad.iter_rows(named=True)]
    goal_codes = {g.code for g in GOALS}
    for row in tasks.select("task_id", "goals").iter_rows(named=True):
        problems += [
            f"{row['task_id']}: ukendt mål {g}" for g in row["goals"] if g not in goal_codes
        ]
    return problems


def every_task_has_candidate(tasks: pl.DataFrame) -> list[str]:
    return [
        f"{t}: ingen kandidat" for t in tasks.filter(pl.col("candidate_id").is_null())["task_id"]
    ]


def ranks_consecutive(gross_list: pl.DataFrame) -> list[str]:
    expected = list(range(1, gross_list.height + 1))
    return [] if sorted(gross_list["rank"].to_list()) == expected else ["rangerne er ikke 1..N"]


def contributions_add_up(gross_list: pl.DataFrame) -> list[str]:
    off = gross_list.with_columns(
        (pl.sum_horizontal(CONTRIBUTION_COLUMNS) - pl.col("score")).abs().alias("_gap")
    ).filter(pl.col("_gap") > SCORE_TOLERANCE)
    return [f"{c}: bidragene summer ikke til scoren" for c in off["candidate_id"]]
