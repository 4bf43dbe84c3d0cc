"""``python -m pipelines.recompute STATUS_FILE``: the run the dashboard's «Genberegn bruttolisten»
starts, in a process of its own.

It runs the same job as ``screening run`` (:func:`pipelines.run.run_screening`) and writes to
``STATUS_FILE`` (JSON) the number of steps and, at the end, the result and its Danish summary,
which the dashboard shows (it counts the steps done in the run's log). Who may start a run, and
that only one runs at a time, is decided by ``dashboard/recompute/runner.py`` (a lock this process
inherits and holds until it ends).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path


def _write(path: Path, status: dict) -> None:
    # Replaced in one step, so a reader never sees half a file.
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


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
    status["pid"] = os.getpid()
    _write(path, status)
    try:
        result = run_screening()
        success, summary = result.success, summarise(result, for_operator=False)
        details = summarise(result)
    except Exception as error:  # the status must say the run ended, whatever ended it
        success, summary = False, "Genberegningen stoppede uventet."
        details = f"Genberegningen stoppede: {error}"
    status.update(
        state="finished",
        success=success,
        summary=summary,
        details=details,  # with paths and step names: shown to administrators only
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    _write(path, status)
    print(details, flush=True)
    return 0 if success else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
