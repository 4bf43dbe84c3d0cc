"""Run the screening job in this process, as ``screening run`` and the tests do."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.definitions import build_definitions
from screening import faults, store
from screening.config import warehouse_path


def run_instance() -> dg.DagsterInstance:
    """The Dagster instance runs are recorded in: with DAGSTER_HOME set (as `screening up`
    does) the real one, so the run shows in the Dagster UI; else one in memory."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def job_steps() -> int:
    """How many steps a run of the screening job has (the recompute panel counts them)."""
    from dagster._core.execution.api import create_execution_plan

    job = build_definitions().resolve_job_def("screening_job")
    return len(create_execution_plan(job).step_keys_to_execute)


def run_screening(instance: dg.DagsterInstance | None = None) -> dg.ExecuteInProcessResult:
    job = build_definitions().resolve_job_def("screening_job")
    return job.execute_in_process(instance=instance or run_instance(), raise_on_error=False)


def _disk_problem(event) -> str | None:
    """The Danish message for a full or read-only disk behind a failed step, if that was it."""
    failure = event.step_failure_data
    if failure.user_failure_data and failure.user_failure_data.description:
        return failure.user_failure_data.description  # the asset's own Danish message
    error = failure.error
    while error is not None:
        message = faults.disk_message(error.message, warehouse_path().parent)
        if message:
            return message
        error = error.cause
    return None


def summarise(result: dg.ExecuteInProcessResult, for_operator: bool = True) -> str:
    """A few Danish lines on what the run produced, read from the published copy.

    ``for_operator=False``: for the dashboard's readers, without the server's paths and the
    pipeline's step names, which say nothing to them (the operator's lines go to the log)."""
    lines = []
    failed_checks = [
        event.asset_check_evaluation_data.check_name
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
        and not event.asset_check_evaluation_data.passed
    ]
    if not result.success:
        failures = [e for e in result.all_events if e.is_step_failure]
        failed = [e.step_key for e in failures]
        disk = next(filter(None, (_disk_problem(e) for e in failures)), None)
        if not for_operator:
            lines.append(
                disk or "Kørslen fejlede. Administratoren kan se hvorfor i genberegningens log."
            )
        elif disk:
            lines.append(f"Kørslen stoppede i {', '.join(failed)}. {disk}")
        else:
            lines.append(f"Kørslen fejlede i: {', '.join(failed)}. Se loggen ovenfor.")
    if failed_checks and for_operator:
        lines.append(f"Datakontroller, der ikke holdt: {', '.join(failed_checks)}.")
    for event in result.all_events:
        # An asset's warning for the person at the keyboard (e.g. the decisions file vanished).
        if event.event_type_value == "ASSET_MATERIALIZATION":
            warning = event.event_specific_data.materialization.metadata.get("advarsel")
            if warning is not None:
                lines.append(f"Advarsel: {warning.value}")
    published = store.published_path(warehouse_path())
    if result.success and published.exists():
        with store.connect(published, read_only=True) as con:
            n_candidates, n_shared = con.execute(
                "SELECT count(*), count(*) FILTER (n_municipalities >= 2) FROM gross_list"
            ).fetchone()
            n_tasks = con.execute("SELECT count(*) FROM screening_tasks").fetchone()[0]
            by_status = con.execute(
                "SELECT status, count(*) FROM submissions GROUP BY status ORDER BY status"
            ).fetchall()
        status_text = ", ".join(f"{n} {status}" for status, n in by_status) or "ingen"
        lines.append(
            f"Skabeloner: {status_text}. Opgaver: {n_tasks}. Kandidater på bruttolisten: "
            f"{n_candidates}, heraf {n_shared} foreslået af mindst to kommuner."
        )
        if for_operator:
            lines.append(f"Databasen: {warehouse_path()} (dashboardets kopi: {published})")
    return "\n".join(lines)
