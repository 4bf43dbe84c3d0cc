"""One run of the screening job at a time, across processes: the lock and the folder beside the
warehouse that «Genberegn bruttolisten» (the dashboard) and the run worker (pipelines) share."""

from __future__ import annotations

from pathlib import Path

from screening.config import warehouse_path


def folder() -> Path:
    """Where the lock, the recompute's status and log, and the worker's heartbeat live."""
    return warehouse_path().parent / "genberegning"


def lock_path() -> Path:
    """Held (``flock``, exclusive) by whichever process runs the job."""
    return folder() / "lock"
