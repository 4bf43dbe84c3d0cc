"""Asset checks: the data rules of screening/rules.py, run after each materialization."""

from __future__ import annotations

import dagster as dg
import polars as pl

from screening import rules


def _result(problems: list[str], severity=dg.AssetCheckSeverity.ERROR) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=not problems,
        severity=severity,
        metadata={"antal": len(problems), "eksempler": "\n".join(problems[:10])},
    )


@dg.asset_check(asset="screening_tasks", description="Hvert task_id er unikt.")
def task_ids_unique(screening_tasks: pl.DataFrame) -> dg.AssetCheckResult:
    return _result(rules.unique_task_ids(screening_tasks))


@dg.asset_check(asset="screening_tasks", description="Hver opgave har titel og kommune.")
def required_fields(screening_tasks: pl.DataFrame) -> dg.AssetCheckResult:
    return _result(rules.required_fields_present(screening_tasks))


@dg.asset_check(
    asset="screening_tasks",
    description="Opgaver, der mangler et felt fra skabelonen (kommet med, med en advarsel).",
)
def complete_tasks(screening_tasks: pl.DataFrame) -> dg.AssetCheckResult:
    # A warning, not an error: the intake lets such rows through on purpose, each with a
    # finding on its submission, so the list is built and the gaps are visible.
    return _result(rules.incomplete_tasks(screening_tasks), dg.AssetCheckSeverity.WARN)


@dg.asset_check(asset="screening_tasks", description="Kun værdier fra ordforrådet.")
def accepted_vocabulary(screening_tasks: pl.DataFrame) -> dg.AssetCheckResult:
    return _result(rules.vocabulary_values(screening_tasks))


@dg.asset_check(asset="screening_tasks", description="Hver opgave hører til en kandidat.")
def tasks_have_candidates(screening_tasks: pl.DataFrame) -> dg.AssetCheckResult:
    return _result(rules.every_task_has_candidate(screening_tasks))


@dg.asset_check(asset="gross_list", description="Rangerne er 1, 2, …, N uden huller.")
def ranks_consecutive(gross_list: pl.DataFrame) -> dg.AssetCheckResult:
    return _result(rules.ranks_consecutive(gross_list))


@dg.asset_check(asset="gross_list", description="Kriteriernes bidrag summer præcis til scoren.")
def contributions_add_up(gross_list: pl.DataFrame) -> dg.AssetCheckResult:
    return _result(rules.contributions_add_up(gross_list))


CHECKS = [
    task_ids_unique,
    required_fields,
    complete_tasks,
    accepted_vocabulary,
    tasks_have_candidates,
    ranks_consecutive,
    contributions_add_up,
]
