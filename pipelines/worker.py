"""``python -m pipelines.worker``: the run worker, which puts a sent file on the list in seconds.

A long-lived process that has Dagster and the job loaded once. It looks in the inbox twice a
second; when files wait there and their names, sizes and times have stood still for one look (a
file still being copied in changes between two), it runs the screening job in this process, as
``screening run`` does. Against the inbox sensor this saves the sensor's interval, the daemon's
tick and the run launcher's new process, which imports Dagster and the code again for every run
(8-20 s on the sample round).

Only one run at a time, across processes: the worker takes the same lock as «Genberegn
bruttolisten» (:mod:`screening.run_lock`), without waiting; while a recompute holds it,
the files wait for the next look. The worker writes a heartbeat beside the lock, by which the
inbox sensor leaves the inbox to it, and by which «Genberegn bruttolisten» hands its run to it
(:mod:`pipelines.handoff`: the run starts within a look instead of after Dagster has loaded in a
new process). Without the worker (``screening run``, the Dagster UI alone) the sensor still
starts runs, and the recompute runs the job itself, as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import sys
import threading
import time
from pathlib import Path

from pipelines import handoff
from pipelines.handoff import HEARTBEAT_FRESH_SECONDS, heartbeat_path
from screening.config import inbox_dir
from screening.intake.inbox import waiting_files
from screening.run_lock import folder, lock_path

POLL_SECONDS = 0.5


def inbox_signature(inbox: Path) -> tuple[str, ...]:
    """Each waiting file's name, size and time: unchanged between two looks, the files are
    complete; the same signature after a run means the run left them (nothing new to do)."""
    signature = []
    for name in waiting_files(inbox):
        try:
            info = os.lstat(inbox / name)  # lstat: a link's own, never followed
        except FileNotFoundError:
            continue
        signature.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return tuple(signature)


class Worker:
    """The job, loaded once; :meth:`look` runs it when the inbox asks for it."""

    def __init__(self) -> None:
        from pipelines.run import run_instance, run_screening, summarise

        # One instance for every run: setting one up (its storage and migrations) is a good
        # part of a small run's time.
        self._instance = run_instance()
        self._run = functools.partial(run_screening, self._instance)
        self._summarise = summarise
        self._seen: tuple[str, ...] = ()  # the inbox at the previous look
        self._done: tuple[str, ...] = ()  # the inbox a run has already been given
        self.runs = 0
        self._steps_total: int | None = None

    def look(self) -> bool:
        """Take a recompute that asks for the worker, or look at the inbox once and run the
        job if files wait that no run has had. True if a run was made."""
        if handoff.take_request():
            # The recompute's process holds the run lock for this run.
            handoff.serve_request(self._steps(), self._recompute)
            return True
        signature = inbox_signature(inbox_dir())
        steady, self._seen = signature == self._seen, signature
        if not signature or not steady or signature == self._done:
            return False
        folder().mkdir(parents=True, exist_ok=True)
        with lock_path().open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # a recompute is running; it or the next look takes the files
            result = self._run()
        self._after_run(result, signature)
        print(self._summarise(result), flush=True)
        return True

    def _recompute(self) -> dict:
        signature = inbox_signature(inbox_dir())
        result = self._run()
        self._after_run(result, signature)
        details = self._summarise(result)
        print(details, flush=True)  # the operator's console, as for an inbox run
        return {
            "success": result.success,
            "summary": self._summarise(result, for_operator=False),
            "details": details,
        }

    def _after_run(self, result, signature: tuple[str, ...]) -> None:
        self.runs += 1
        if self._instance.is_ephemeral:
            # An instance in memory keeps every run's events: a worker up for months would grow.
            self._instance.delete_run(result.run_id)
        # Files the run could not move stay in the inbox: not run again until they change. A
        # file that arrived during the run was not given to it, and is taken at a later look.
        self._seen = inbox_signature(inbox_dir())
        self._done = tuple(entry for entry in self._seen if entry in signature)

    def _steps(self) -> int:
        if self._steps_total is None:
            from pipelines.run import job_steps

            self._steps_total = job_steps()
        return self._steps_total

    def serve(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        # The heartbeat has a thread of its own, so a long run does not look like a dead worker.
        threading.Thread(target=_beat, args=(stop,), name="worker-heartbeat", daemon=True).start()
        while not stop.is_set():
            self.look()
            stop.wait(POLL_SECONDS)


def _beat(stop: threading.Event) -> None:
    path = heartbeat_path()
    while not stop.is_set():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"pid": os.getpid(), "at": time.time()}), "utf-8")
        os.replace(temporary, path)
        stop.wait(HEARTBEAT_FRESH_SECONDS / 5)


def main() -> int:
    worker = Worker()
    print("Kørselsarbejderen holder øje med indbakken.", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C in `screening up` stops it
        worker.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
