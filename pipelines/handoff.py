"""«Genberegn bruttolisten» handed to the run worker, which has Dagster loaded already.

The recompute's process (:mod:`pipelines.recompute`) would spend its first seconds importing
Dagster, and the dashboard's panel would stand at «starter kørslen» meanwhile. When a worker is
alive, the recompute's process asks it instead, through files in the run folder:

1. the recompute writes a request and waits a few of the worker's looks for it to be taken;
   whoever removes the request first has it: the worker (taken) or the recompute (withdrawn,
   then it runs the job itself as before);
2. the worker writes how many steps the job has, runs it with Dagster's log lines going to a
   file the recompute copies into its own log (where the panel counts the steps), and writes
   the result;
3. the recompute writes its status from that result and ends, which frees the lock.

The recompute's process holds the run lock throughout, as before, so the worker runs without
taking it, and nothing else runs meanwhile. A worker that dies during the run stops the wait.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from screening.run_lock import folder

# A heartbeat older than this is a worker that has stopped (killed, machine restarted).
HEARTBEAT_FRESH_SECONDS = 10.0
# Several of the worker's looks (pipelines.worker.POLL_SECONDS): a worker that does not take the
# request by then is busy or stuck, and the recompute runs the job itself.
TAKE_SECONDS = 3.0
WAIT_STEP_SECONDS = 0.1


def heartbeat_path() -> Path:
    return folder() / "worker.json"


def worker_alive() -> bool:
    """Whether a run worker has looked at the inbox in the last few seconds. Here rather than
    in :mod:`pipelines.worker`, so the recompute's process can ask without loading Polars."""
    try:
        beat = json.loads(heartbeat_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return False
    return time.time() - float(beat.get("at", 0)) < HEARTBEAT_FRESH_SECONDS


def request_path() -> Path:
    return folder() / "recompute-request.json"


def taken_path() -> Path:
    return folder() / "recompute-taken.json"


def log_path() -> Path:
    return folder() / "recompute-worker.log"


def result_path() -> Path:
    return folder() / "recompute-result.json"


def _write(path: Path, content: dict) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


# --- The recompute's side ------------------------------------------------------------------------


def ask_worker(
    on_taken: Callable[[int], None], alive: Callable[[], bool], log: IO[str]
) -> dict | None:
    """Have the worker run the job; its result (success, summary, details), or None when the
    worker did not take the request (the caller runs the job itself). ``on_taken`` gets the
    job's number of steps; the worker's log lines are copied to ``log`` as they come."""
    for stale in (taken_path(), result_path(), log_path()):
        stale.unlink(missing_ok=True)
    _write(request_path(), {"pid": os.getpid()})
    deadline = time.monotonic() + TAKE_SECONDS
    while request_path().exists() and time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
    try:
        request_path().unlink()
        return None  # withdrawn before the worker took it
    except FileNotFoundError:
        pass  # taken
    copied = 0
    told = False
    while True:
        taken = _read(taken_path())
        if taken is not None and not told:
            on_taken(int(taken["steps_total"]))
            told = True
        copied = _copy_new(log, copied)
        result = _read(result_path())
        if result is not None:
            _copy_new(log, copied)
            return result
        if not alive():
            return {
                "success": False,
                "summary": "Genberegningen stoppede uventet.",
                "details": "Kørselsarbejderen stoppede under genberegningen.",
            }
        time.sleep(WAIT_STEP_SECONDS)


def _copy_new(log: IO[str], copied: int) -> int:
    try:
        with log_path().open("rb") as source:
            source.seek(copied)
            new = source.read()
    except FileNotFoundError:
        return copied
    if new:
        log.write(new.decode("utf-8", errors="replace"))
        log.flush()
    return copied + len(new)


# --- The worker's side ---------------------------------------------------------------------------


def take_request() -> bool:
    """Take a waiting request (True), unless there is none or the recompute withdrew it."""
    try:
        request_path().unlink()
    except FileNotFoundError:
        return False
    return True


def serve_request(steps_total: int, run: Callable[[], dict]) -> None:
    """Run the job for the recompute that asked: ``run`` returns the result to hand back; the
    job's Dagster log goes to the file the recompute copies (Dagster's console handler writes
    to whatever ``sys.stderr`` is when a line is logged)."""
    _write(taken_path(), {"steps_total": steps_total, "pid": os.getpid()})
    try:
        with log_path().open("w", buffering=1) as log, contextlib.redirect_stderr(log):
            result = run()
    except Exception as error:  # the recompute must hear that the run ended, whatever ended it
        result = {
            "success": False,
            "summary": "Genberegningen stoppede uventet.",
            "details": f"Genberegningen stoppede: {error}",
        }
    _write(result_path(), result)
