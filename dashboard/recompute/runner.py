"""«Genberegn bruttolisten»: the project group builds the gross list anew from the dashboard.

The run is the same job ``screening run`` runs, in a child process (``python -m
pipelines.recompute``), so the dashboard never imports the Dagster layer and a long run never
holds a page. One run at a time, across every dashboard process on the machine: the starter
takes an exclusive ``flock`` on a lock file beside the warehouse and hands the open file to the
child, which holds it until it ends, however it ends (a killed run frees the lock with it). The
child writes its progress and result to a status file beside the lock, which every process
reads.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dashboard.common import formatting
from screening.config import PROJECT_ROOT
from screening.decisions import rights
from screening.decisions.users import User
from screening.errors import ScreeningError
from screening.i18n import _
from screening.run_lock import folder, lock_path

BUTTON_LABEL = "Genberegn bruttolisten"


def status_path() -> Path:
    return folder() / "status.json"


def log_path() -> Path:
    return folder() / "run.log"


@dataclass(frozen=True)
class RecomputeStatus:
    running: bool
    started_at: datetime | None = None
    started_by: str = ""
    steps_done: int = 0
    steps_total: int = 0
    finished_at: datetime | None = None
    success: bool | None = None  # None: never run, or stopped without a result
    summary: str = ""  # for every reader
    details: str = ""  # the operator's lines (server paths, step names): administrators only
    # The run's process is still starting (loading Dagster and the job): no step can end yet.
    preparing: bool = False

    @property
    def progress(self) -> float:
        return min(self.steps_done / self.steps_total, 1.0) if self.steps_total else 0.0


def _is_locked() -> bool:
    """Whether a run holds the lock now (asked without waiting, and without keeping it)."""
    path = lock_path()
    if not path.exists():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


# How the run's log (Dagster's console lines) marks a step that has ended.
STEP_ENDED = (b" - STEP_SUCCESS - ", b" - STEP_FAILURE - ")


def _steps_ended() -> int:
    try:
        text = log_path().read_bytes()
    except FileNotFoundError:
        return 0
    return sum(text.count(marker) for marker in STEP_ENDED)


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def status() -> RecomputeStatus:
    """The newest run as the status file and the lock tell it."""
    running = _is_locked()
    try:
        raw = json.loads(status_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return RecomputeStatus(running=running)
    finished = raw.get("state") == "finished"
    return RecomputeStatus(
        running=running and not finished,
        started_at=_moment(raw.get("started_at")),
        started_by=raw.get("started_by", ""),
        steps_done=_steps_ended(),
        steps_total=int(raw.get("steps_total", 0)),
        finished_at=_moment(raw.get("finished_at")),
        success=raw.get("success") if finished else None,
        summary=raw.get("summary", ""),
        preparing=running and not finished and "pid" not in raw,
        details=raw.get("details", ""),
    )


class AlreadyRunning(ScreeningError, RuntimeError):
    """Another run is under way; the message says who started it and when (Danish)."""


def start(user: User) -> None:
    """Start a run as ``user``. Raises ``NotAllowed`` (not the project group) or
    :class:`AlreadyRunning`; nothing is started then."""
    rights.check(user, rights.RECOMPUTE)
    folder().mkdir(parents=True, exist_ok=True)
    lock = lock_path().open("a")
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            current = status()
            raise AlreadyRunning(
                _("{who} genberegner allerede bruttolisten (startet {when}).").format(
                    who=current.started_by or _("En anden"), when=clock(current.started_at)
                )
            ) from None
        started = {
            # The previous run's number of steps, so the page shows how far the run has come
            # from its first second; the run writes its own number once Dagster is loaded.
            "steps_total": _previous_steps_total(),
            "state": "running",
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "started_by": user.name,
            "started_by_id": user.id,
        }
        temporary = status_path().with_suffix(".tmp")
        temporary.write_text(json.dumps(started, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, status_path())
        with log_path().open("w") as log:
            subprocess.Popen(
                [sys.executable, "-m", "pipelines.recompute", str(status_path())],
                cwd=PROJECT_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # The child holds the lock from here until it ends.
                pass_fds=(lock.fileno(),),
                # Its own session: a dashboard restarted meanwhile does not take the run with it.
                start_new_session=True,
            )
    finally:
        lock.close()  # the child's copy keeps the lock; ours is not needed


def _previous_steps_total() -> int:
    try:
        return int(json.loads(status_path().read_text(encoding="utf-8")).get("steps_total", 0))
    except (FileNotFoundError, json.JSONDecodeError, TypeError, ValueError):
        return 0


def clock(moment: datetime | None) -> str:
    """When, in the reader's clock and their language's way of writing it: the same function
    as «data udgivet …» beside it (never the server's own time zone)."""
    if moment is None:
        return ""
    return formatting.timestamp(moment)


def when_on_list() -> str:
    """When a change made now (an upload, a match decision) will be on the gross list."""
    current = status()
    if current.running:
        return _(
            "En genberegning er i gang (startet {when}). Ændringer, der er gemt før den "
            "startede, kommer med; det, du gemmer nu, kommer med ved den næste genberegning."
        ).format(when=clock(current.started_at))
    return _(
        "Ændringen kommer på bruttolisten ved næste genberegning: projektgruppen trykker "
        "«Genberegn bruttolisten» på sin forside."
    )
