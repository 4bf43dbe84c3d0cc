"""Run the screening job in this process, as ``screening run`` and the tests do."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import build_definitions


def run_screening(instance: dg.DagsterInstance | None = None) -> dg.ExecuteInProcessResult:
    defs = build_definitions()
    job = defs.resolve_job_def("screening_job")
    if instance is None:
        # With DAGSTER_HOME set (as `screening up` does) the run shows in the Dagster UI.
        instance = dg.DagsterInstance.get() if _has_dagster_home() else dg.DagsterInstance.ephemeral()
    return job.execute_in_process(instance=instance, raise_on_error=False)


def _has_dagster_home() -> bool:
    import os

    return bool(os.environ.get("DAGSTER_HOME"))
