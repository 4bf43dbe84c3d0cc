"""``python -m pipelines.recompute STATUS_FILE``: the run the dashboard's «Genberegn bruttolisten»
starts, in a process of its own.

It runs the same job as ``screening run`` (:func:`pipelines.run.run_screening`) and keeps
``STATUS_FILE`` (JSON) up to date with the steps done and, at the end, the result and its Danish
summary, which the dashboard shows. Which run may start, and that only one runs at a time, is
decided by the dashboard's ``dashboard/recompute.py`` (a lock this process inherits and holds).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path


def _write(path: Path, status: dict) -> None:
    # Replaced in one step, so a reader never sees half a file.
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


class _StepCounter(logging.Handler):
    """Counts finished steps from the run's own log records, and writes them to the status."""

    def __init__(self, path: Path, status: dict) -> None:
        super().__init__()
        self.path, self.status = path, status

    def emit(self, record: logging.LogRecord) -> None:
        event = (getattr(record, "dagster_meta", None) or {}).get("dagster_event")
        if event is not None and event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            self.status["steps_done"] = self.status.get("steps_done", 0) + 1
            self.status["current_step"] = event.step_key
            _write(self.path, self.status)


def main(status_file: str) -> int:
    path = Path(status_file)
    status = json.loads(path.read_text(encoding="utf-8"))
    from dagster._core.execution.api import create_execution_plan

    from pipelines.definitions import build_definitions
    from pipelines.run import run_screening, summarise

    status["steps_total"] = len(
        create_execution_plan(
            build_definitions().resolve_job_def("screening_job")
        ).step_keys_to_execute
    )
    status["steps_done"] = 0
    _write(path, status)
    logging.getLogger("dagster").addHandler(_StepCounter(path, status))
    try:
        result = run_screening()
        success, summary = result.success, summarise(result)
    except Exception as error:  # the status must say the run ended, whatever ended it
        success, summary = False, f"Genberegningen stoppede: {error}"
    status.update(
        state="finished",
        success=success,
        summary=summary,
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    _write(path, status)
    print(summary, flush=True)
    return 0 if success else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
