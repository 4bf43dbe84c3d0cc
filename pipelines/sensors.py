"""The inbox sensor: when files wait in the inbox, run the screening job.

The run's first asset moves the files into the archive (accepted or not, never deleted) and reads
only what it has not read before; matching and scoring then redo the gross list, since any new
task can change every candidate's rank.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dagster as dg

from assets.resources import ScreeningSettings
from pipelines.handoff import worker_alive
from screening.intake.inbox import LOOK_INTERVAL_SECONDS, waiting_files


def _signature(path: Path) -> str:
    # lstat: a link's own size and time, so a dangling link cannot stop the sensor.
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "borte"
    return f"{info.st_size}:{info.st_mtime_ns}"


def build_inbox_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(
        job=job,
        minimum_interval_seconds=LOOK_INTERVAL_SECONDS,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Starter en kørsel, når der ligger nye skabeloner i indbakken.",
    )
    def inbox_sensor(context: dg.SensorEvaluationContext, settings: ScreeningSettings):
        # Links count too (never followed): the run sets them aside and reports them.
        inbox = Path(settings.inbox_dir)
        files = [inbox / name for name in waiting_files(inbox)]
        if not files:
            return dg.SkipReason("Ingen nye filer i indbakken.")
        if worker_alive():  # it runs the job within a second, in a process already started
            return dg.SkipReason("Kørselsarbejderen (screening up) tager filerne i indbakken.")
        # The same waiting files give the same run key, so one batch starts one run.
        fingerprint = hashlib.sha256(
            "|".join(f"{p.name}:{_signature(p)}" for p in files).encode()
        ).hexdigest()[:16]
        return dg.RunRequest(run_key=f"indbakke-{fingerprint}", tags={"kilde": "indbakke"})

    return inbox_sensor
