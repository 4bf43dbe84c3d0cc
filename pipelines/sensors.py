"""The inbox sensor: when files wait in the inbox, run the screening job.

The run's first asset moves the files into the archive (accepted or not, never deleted) and reads
only what it has not read before; matching and scoring then redo the gross list, since any new
task can change every candidate's rank.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg

from assets.resources import ScreeningSettings


def waiting_files(inbox: Path) -> list[Path]:
    if not inbox.is_dir():
        return []
    # Excel's lock files (~$name.xlsx) are not submissions.
    return sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


def build_inbox_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(
        job=job,
        minimum_interval_seconds=15,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Starter en kørsel, når der ligger nye skabeloner i indbakken.",
    )
    def inbox_sensor(context: dg.SensorEvaluationContext, settings: ScreeningSettings):
        files = waiting_files(Path(settings.inbox_dir))
        if not files:
            return dg.SkipReason("Ingen nye filer i indbakken.")
        # The same waiting files give the same run key, so one batch starts one run.
        fingerprint = hashlib.sha256(
            "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files).encode()
        ).hexdigest()[:16]
        return dg.RunRequest(run_key=f"indbakke-{fingerprint}", tags={"kilde": "indbakke"})

    return inbox_sensor
