"""Read a large round's files on two cores: this process and a second Python process take the
files one at a time from the same list until it is empty (the second is given its next file
while it reads one, so it never waits for this process).

Reading a template is mostly Python, which holds the interpreter's lock, so a second thread in
this process adds next to nothing; a second process does. It costs its start (importing the
reader, under half a second), so it is used only when the files to read are many enough to pay
for it (:data:`SECOND_PROCESS_FROM_BYTES`): when a whole national round is read, not when one
resent file is. The child reads a file exactly as this process would (the same
:func:`read_submission`) and answers with the reading as a pickle, as the upload check's child
does (:mod:`screening.intake.sandbox`).

Nothing is lost if the child fails: the files it was given and did not answer for are read here,
and a child that cannot start leaves every file to this process.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from screening.config import ScreeningConfig
from screening.intake.file_guard import MAX_SCAN_SECONDS
from screening.intake.submission import Submission

# About 50 filled 300-task templates, read in about a second: the second process's start is then
# under half the reading it shares (benchmarks/README.md, «Ingest»).
SECOND_PROCESS_FROM_BYTES = 2 * 1024 * 1024
# How long this process waits, once the list is empty, for the file the child has in hand
# before reading it itself: the file checks' own budget and as much again for the rest.
CHILD_FILE_SECONDS = 2 * MAX_SCAN_SECONDS
_QUEUED = 2  # files the child has in hand: the one it reads and the next
_LENGTH = struct.Struct("<q")
log = logging.getLogger(__name__)
_DONE = -1

Job = tuple[Path, str]  # a file to read, and its name as sent (what findings call it)
Reading = Submission | OSError  # a file's reading, or why it could not be opened


def read_files(
    jobs: list[Job], config: ScreeningConfig, from_bytes: int = SECOND_PROCESS_FROM_BYTES
) -> list[Reading]:
    """Each job's reading, in order; with a second process when the files add up to at least
    ``from_bytes`` and the machine has two cores for it."""
    with collection_paused():
        if len(jobs) < 2 or _cores() < 2 or _size(jobs) < from_bytes:
            return [_read_one(job, config) for job in jobs]
        return _Shared(jobs, config).run()


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector off while files are read. Reading makes hundreds of thousands
    of short-lived lists and tuples, and every few hundred of them start a collection that
    walks what the process holds (all of Dagster's and Polars' objects in a pipeline run): a
    twentieth of the reading's time, for next to no cycles. What cycles there are go at the
    first collection after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Shared:
    """The list of files both processes take from, and each file's reading."""

    def __init__(self, jobs: list[Job], config: ScreeningConfig) -> None:
        self.jobs, self.config = jobs, config
        self.readings: list[Reading | None] = [None] * len(jobs)
        self.next_job = 0
        self.lock = threading.Lock()
        self.with_child: set[int] = set()  # files given to the child and not yet answered
        self.by_child = 0
        self.child_done = threading.Event()

    def take(self, for_child: bool = False) -> int | None:
        with self.lock:
            if self.next_job >= len(self.jobs):
                return None
            self.next_job += 1
            if for_child:
                self.with_child.add(self.next_job - 1)
            return self.next_job - 1

    def run(self) -> list[Reading]:
        child = _start_child()
        talk = threading.Thread(target=self._serve_child, args=(child,), daemon=True)
        talk.start()
        while (index := self.take()) is not None:
            self.readings[index] = _read_one(self.jobs[index], self.config)
        # A child still starting is not waited for; one with files in hand gets the time they
        # may take.
        self.child_done.wait(CHILD_FILE_SECONDS * len(self.with_child))
        _end(child)
        talk.join()
        # Whatever the child took and did not answer for is read here.
        unanswered = [index for index, reading in enumerate(self.readings) if reading is None]
        for index in unanswered:
            self.readings[index] = _read_one(self.jobs[index], self.config)
        log.info(
            "%d of %d files read by a second process (%d of them read again here)",
            self.by_child,
            len(self.jobs),
            len(unanswered),
        )
        return self.readings  # type: ignore[return-value]

    def _serve_child(self, child: subprocess.Popen | None) -> None:
        """Give the child a file each time it is ready for one, and keep what it answers."""
        try:
            if child is None:
                return
            _send(child.stdin, (self.jobs, self.config))
            if _receive(child.stdout) != "ready":
                return
            # The child has its next file queued while it reads one, so it never waits for
            # this process (whose thread here needs the interpreter's lock to answer it).
            queued: deque[int] = deque()
            for _ in range(_QUEUED):
                if (index := self.take(for_child=True)) is not None:
                    _send(child.stdin, index)
                    queued.append(index)
            while queued:
                answered, reading = _receive(child.stdout)  # type: ignore[misc]
                if answered != queued.popleft():
                    return
                self.readings[answered] = reading
                self.with_child.discard(answered)
                self.by_child += 1
                if (index := self.take(for_child=True)) is not None:
                    _send(child.stdin, index)
                    queued.append(index)
            _send(child.stdin, _DONE)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, struct.error):
            return  # the child is gone: its file, if any, is read here
        finally:
            self.child_done.set()


def _read_one(job: Job, config: ScreeningConfig) -> Reading:
    # Here, not at the top: the reader's imports are for the processes that read.
    from screening.intake.reader import read_submission

    path, display_name = job
    try:
        return read_submission(path, config, display_name=display_name)
    except OSError as error:
        return error


def _start_child() -> subprocess.Popen | None:
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "screening.intake.second_reader"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
    except OSError:
        return None


def _end(child: subprocess.Popen | None) -> None:
    """Stop the child, done, still starting or over its time, and close its pipes. Killed, not
    waited for: a Python process with Polars takes a tenth of a second to end by itself."""
    if child is None:
        return
    if child.poll() is None:
        child.kill()
    child.wait()
    for stream in (child.stdin, child.stdout):
        try:
            stream.close()  # type: ignore[union-attr]
        except OSError:
            continue


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _size(jobs: list[Job]) -> int:
    total = 0
    for path, _ in jobs:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # said when the file is read
    return total


def _send(stream: BinaryIO | None, value: object) -> None:
    assert stream is not None
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream: BinaryIO | None) -> object:
    assert stream is not None
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def _serve() -> None:
    """The child: read each file it is given and answer with its reading, until told it is done."""
    # The answers own stdout: anything a library prints goes to stderr, not into a pickle.
    answers, sys.stdout = sys.stdout.buffer, sys.stderr
    questions = sys.stdin.buffer
    import screening.intake.reader  # noqa: F401  (before saying it is ready)

    # A process that only reads: the collector stays off for its short life (see
    # collection_paused).
    gc.disable()

    jobs, config = _receive(questions)  # type: ignore[misc]
    _send(answers, "ready")
    while (index := _receive(questions)) != _DONE:
        _send(answers, (index, _read_one(jobs[index], config)))


if __name__ == "__main__":
    _serve()
