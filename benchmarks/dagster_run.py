"""The full Dagster job in-process on the generated templates, three times: into an empty
warehouse, again with nothing changed (every file's reading is taken from the previous run), and
after one municipality resends its template (only that file is read).

The templates are copied into a temporary archive first, because a run may receive files into
it; every path the job reads comes from the ``SCREENING_*`` environment variables, set here to
the generated data and a temporary warehouse, inbox and overrides file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.measure import PER_STAGE_PEAK, peak_since_reset_mib, process_peak_mib, reset_peak
from benchmarks.synthetic import (
    MUNICIPALITY_NAMES,
    SyntheticRound,
    municipality_code,
    write_resubmission,
)

RESUBMITTING = 0  # the first municipality resends its file


def run_dagster(generated: SyntheticRound, workdir: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp = Path(tmp)
        archive = tmp / "templates"
        shutil.copytree(generated.templates_dir, archive)
        os.environ.update(
            {
                "SCREENING_TEMPLATES": str(archive),
                "SCREENING_DB": str(tmp / "warehouse.duckdb"),
                "SCREENING_CONFIG": str(generated.config_path),
                "SCREENING_INBOX": str(tmp / "inbox"),
                "SCREENING_OVERRIDES": str(tmp / "overrides.csv"),
            }
        )
        start = time.perf_counter()
        import dagster as dg

        from pipelines.run import run_screening

        import_s = time.perf_counter() - start
        result: dict = {"import_s": round(import_s, 3)}
        for name in ("full_run", "unchanged_rerun", "one_resubmitted"):
            if name == "one_resubmitted":
                code = municipality_code(MUNICIPALITY_NAMES[RESUBMITTING])
                revised = archive / f"{code}-revideret.xlsx"
                resent = write_resubmission(generated, RESUBMITTING, revised)
                os.utime(resent)  # received after every other file
            if PER_STAGE_PEAK:
                reset_peak()
            start = time.perf_counter()
            # An ephemeral instance: the benchmark must not fill a real DAGSTER_HOME.
            run = run_screening(instance=dg.DagsterInstance.ephemeral())
            result[f"{name}_s"] = round(time.perf_counter() - start, 3)
            if PER_STAGE_PEAK:
                # Each run's own peak. Memory is not all returned between runs in one process,
                # so later runs start higher than a run in a fresh process (as `screening
                # run` and Dagster's run launcher give) would.
                result[f"{name}_peak_rss_mib"] = peak_since_reset_mib()
            result[f"{name}_success"] = run.success
            result[f"{name}_steps_s"] = _step_seconds(run)
            if not run.success:
                break
        result["process_peak_rss_mib"] = process_peak_mib()
        result["repetitions"] = "single run each"
        return result


def _step_seconds(run) -> dict[str, float]:
    """Each step's duration as Dagster recorded it (compute and storing its outputs)."""
    return {
        event.step_key: round(event.event_specific_data.duration_ms / 1000, 3)
        for event in run.all_events
        if event.event_type_value == "STEP_SUCCESS"
    }
