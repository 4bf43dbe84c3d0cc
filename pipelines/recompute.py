"""``python -m pipelines.recompute STATUS_FILE``: the run the dashboard's «Genberegn bruttolisten»
starts, in a process of its own.

It runs the same job as ``screening run`` (:func:`pipelines.run.run_screening`), or has the run
worker run it when one is alive (:mod:`pipelines.handoff`: no Dagster to load first), and writes to
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

from pipelines import handoff
from pipelines.handoff import worker_alive


def _write(path: Path, status: dict) -> None:
    # Replaced in one step, so a reader never sees half a file.
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def main(status_file: str) -> int:
    path = Path(status_file)
    status = json.loads(path.read_text(encoding="utf-8"))
    outcome = _through_worker(path, status) if worker_alive() else None
    if outcome is None:
        outcome = _here(path, status)
    success, summary, details = outcome["success"], outcome["summary"], outcome["details"]
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


def _through_worker(path: Path, status: dict) -> dict | None:
    """The run worker's result, or None when it did not take the run."""

    def taken(steps_total: int) -> None:
        status.update(steps_total=steps_total, steps_done=0, pid=os.getpid())
        _write(path, status)

    return handoff.ask_worker(taken, worker_alive, sys.stdout)


def _here(path: Path, status: dict) -> dict:
    """Run the job in this process (Dagster loaded first)."""
    from pipelines.run import job_steps, run_screening, summarise

    status["steps_total"] = job_steps()
    status["steps_done"] = 0
    status["pid"] = os.getpid()
    _write(path, status)
    try:
        result = run_screening()
        return {
            "success": result.success,
            "summary": summarise(result, for_operator=False),
            "details": summarise(result),
        }
    except Exception as error:  # the status must say the run ended, whatever ended it
        return {
            "success": False,
            "summary": "Genberegningen stoppede uventet.",
            "details": f"Genberegningen stoppede: {error}",
        }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
