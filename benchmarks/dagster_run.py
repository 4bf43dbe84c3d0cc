"""The full Dagster job in-process on the generated templates, three times: into an empty
warehouse, again with nothing changed (every file's reading is taken from the previous run), and
after one municipality resends its template (only that file is read).

Each run is in a fresh process of its own, as `screening run` and Dagster's run launcher give
in production, so a run's peak memory is its own and not what earlier runs left behind; the
runs share the temporary warehouse and archive, in order.

The templates are copied into a temporary archive first, because a run may receive files into
it; every path the job reads comes from the ``SCREENING_*`` environment variables, set here to
the generated data and a temporary warehouse, inbox and overrides file.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.measure import PER_STAGE_PEAK, peak_since_reset_mib, process_peak_mib, reset_peak
from benchmarks.synthetic import (
    MUNICIPALITY_NAMES,
    SyntheticRound,
    municipality_code,
    write_resubmission,
)

RESUBMITTING = 0  # the first municipality resends its file


RUNS = ("full_run", "unchanged_rerun", "one_resubmitted")


def run_dagster(generated: SyntheticRound, workdir: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp = Path(tmp)
        shutil.copytree(generated.templates_dir, tmp / "templates")
        result: dict = {}
        context = multiprocessing.get_context("spawn")
        for name in RUNS:
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                one = pool.submit(_one_run, generated, tmp, name).result()
            result[f"{name}_import_s"] = one.pop("import_s")
            result |= {f"{name}_{key}": value for key, value in one.items()}
            if not one["success"]:
                break
        peaks = [v for k, v in result.items() if k.endswith("_process_peak_rss_mib")]
        result["process_peak_rss_mib"] = max(peaks)
        result["isolation"] = "each run in a fresh spawned process"
        result["repetitions"] = "single run each"
        return result


def _one_run(generated: SyntheticRound, tmp: Path, name: str) -> dict:
    archive = tmp / "templates"
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

    result: dict = {"import_s": round(time.perf_counter() - start, 3)}
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
    result["s"] = round(time.perf_counter() - start, 3)
    if PER_STAGE_PEAK:
        result["peak_rss_mib"] = peak_since_reset_mib()
    result["process_peak_rss_mib"] = process_peak_mib()
    result["success"] = run.success
    result["steps_s"] = _step_seconds(run)
    return result


def _step_seconds(run) -> dict[str, float]:
    """Each step's duration as Dagster recorded it (compute and storing its outputs)."""
    return {
        event.step_key: round(event.event_specific_data.duration_ms / 1000, 3)
        for event in run.all_events
        if event.event_type_value == "STEP_SUCCESS"
    }
