"""What each received file is in the archive: its status («modtaget», «afvist», «erstattet»,
«dublet», «genindsendt») and what it changed against the file it made non-current.

A municipality's newest readable file is its current one; a rejected file never pushes out the
last good one; a file identical to the current one changes nothing; an earlier file sent again
is current again, which is how a municipality rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from screening.intake.resubmission import Change, compare_tasks
from screening.intake.submission import TASK_SCHEMA, Submission

ACCEPTED, REJECTED, SUPERSEDED, DUPLICATE = "modtaget", "afvist", "erstattet", "dublet"
RESENT = "genindsendt"  # an earlier file sent again: current again
CURRENT = (ACCEPTED, RESENT)  # the statuses of a municipality's current file


@dataclass
class Received:
    """A submission with where and when it arrived."""

    submission: Submission
    archived_as: str
    received_at: datetime


@dataclass(frozen=True)
class Outcome:
    """What a file is in the archive: its status, and the file it made non-current."""

    status: str
    replaces: int | None = None  # index into the received list


def outcomes(received: list[Received]) -> list[Outcome]:
    """Each file's outcome, in the order files were received (time, then archived name).

    The newest readable file of a municipality is current, unless it is identical to the file
    that was current when it arrived («dublet»). A file identical to an earlier, no longer
    current one is current again («genindsendt»): re-sending an earlier file rolls back.
    """
    order = sorted(
        range(len(received)), key=lambda i: (received[i].received_at, received[i].archived_as)
    )
    result: list[Outcome | None] = [None] * len(received)
    current: dict[str, int] = {}
    sent_before: dict[str, set[str]] = {}
    for i in order:
        submission = received[i].submission
        municipality = submission.municipality
        if submission.rejected or municipality is None:
            result[i] = Outcome(REJECTED)
            continue
        now = current.get(municipality)
        if now is not None and received[now].submission.sha256 == submission.sha256:
            result[i] = Outcome(DUPLICATE)
            continue
        earlier = sent_before.setdefault(municipality, set())
        result[i] = Outcome(RESENT if submission.sha256 in earlier else ACCEPTED, now)
        if now is not None:
            result[now] = Outcome(SUPERSEDED, result[now].replaces)
        earlier.add(submission.sha256)
        current[municipality] = i
    return result


def statuses(received: list[Received]) -> list[str]:
    """Each file's status (see :func:`outcomes`)."""
    return [outcome.status for outcome in outcomes(received)]


def changes(
    received: list[Received],
    candidates: pl.DataFrame | None = None,
    found: list[Outcome] | None = None,
) -> list[Change | None]:
    """What each file changed against the file it made non-current; None when it made none
    current (rejected, duplicate), a first file's Change when there was none before.
    ``found`` are the files' outcomes, when already known."""
    result = []
    # A first file is compared with no tasks: one empty table for all of them (a national
    # round's 98 first files built one each, a fifth of the round tables' time).
    nothing_before = pl.DataFrame(schema=TASK_SCHEMA)
    for r, outcome in zip(received, found or outcomes(received), strict=True):
        if outcome.status in (REJECTED, DUPLICATE):
            result.append(None)
            continue
        before = (
            received[outcome.replaces].submission.tasks
            if outcome.replaces is not None
            else nothing_before
        )
        result.append(compare_tasks(r.submission.tasks, before, candidates))
    return result
