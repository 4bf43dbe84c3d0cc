"""From the archive of received templates to the current set of tasks.

Each file is one submission. A municipality's newest readable submission is the one that counts;
an older one stays as history with the status «erstattet»; a rejected file never pushes out the
last good one. A file identical to the municipality's current one («dublet») changes nothing;
an earlier file sent again becomes current again («genindsendt»), which is how a municipality
rolls back. What each file changed against the one it replaced (tasks added, removed, changed)
is kept on its row of the submissions table.

Reading is incremental: a file already read with the same reader and configuration is taken
from the previous run's tables instead of being parsed again.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import polars as pl

from screening.config import ScreeningConfig
from screening.intake import column_corrections
from screening.intake.findings import ERROR, FINDINGS_SCHEMA, WARNING, findings_frame
from screening.intake.inbox import (
    RECEIPTS_FILE,
    Receipt,
    is_candidate,
    not_regular_reason,
    read_receipts,
    safe_name,
)
from screening.intake.outcomes import (
    CURRENT,
    Received,
    changes,
    outcomes,
    statuses,
)
from screening.intake.second_reader import Reading, read_files
from screening.intake.submission import TASK_SCHEMA, Submission, file_sha256

READER_VERSION = "6"  # raise when the reader's results change, so cached readings are redone

SUBMISSION_SCHEMA = {
    "archived_as": pl.String,
    "file": pl.String,
    "sha256": pl.String,
    "municipality": pl.String,
    "screening_round": pl.String,
    "template_version": pl.String,
    "received_at": pl.Datetime("us", "UTC"),
    "status": pl.String,
    "n_tasks": pl.Int64,
    "n_errors": pl.Int64,
    "n_warnings": pl.Int64,
    "reader_key": pl.String,
    # Against the file it made non-current (null for a municipality's first file).
    "replaces": pl.String,
    "tasks_added": pl.Int64,
    "tasks_removed": pl.Int64,
    "tasks_changed": pl.Int64,
    "changes": pl.String,  # what it changed, in Danish (see resubmission.Change.describe)
}
SUBMISSION_TASK_SCHEMA = {"archived_as": pl.String, "sha256": pl.String, **TASK_SCHEMA}


def submitted_municipalities(submissions: pl.DataFrame, municipalities: list[str]) -> list[str]:
    """The municipalities (of ``municipalities``, in that order) with a current, accepted file:
    the one count behind «Kommuner, der har indsendt» and the round status's «Godkendt»."""
    current = set(submissions.filter(pl.col("status").is_in(CURRENT))["municipality"].to_list())
    return [m for m in municipalities if m in current]


def reader_key(config: ScreeningConfig) -> str:
    # The project group's column corrections change what a file reads as.
    corrections = column_corrections.fingerprint()
    text = repr((READER_VERSION, config.round, config.municipalities, corrections))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _entries(folder: Path) -> list[Path]:
    # Hidden files, Excel's lock files, folders and the receipt log are not received files.
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return sorted(Path(e.path) for e in entries if is_candidate(e) and e.name != RECEIPTS_FILE)


def template_files(folder: Path) -> list[Path]:
    """Every received file: regular files only, a symlink is never followed."""
    return [p for p in _entries(folder) if not_regular_reason(p) is None]


def refused(receipt: Receipt) -> Received:
    """A file set aside unread (a link, a file that could not be moved): one file-level error."""
    submission = Submission(file=safe_name(receipt.original_name), sha256=receipt.sha256)
    return Received(
        submission.reject(receipt.refused or ""), receipt.archived_as, receipt.received_at
    )


def read_folder(
    folder: Path,
    config: ScreeningConfig,
    known: dict[tuple[str, str], Submission] | None = None,
    not_moved: list[Receipt] | None = None,
) -> list[Received]:
    """Read every file in ``folder``; ``known`` maps (archived name, sha256) to earlier readings.

    Files set aside unread (logged in the receipts) and ``not_moved`` (left in the inbox) are
    one file-level error each; so is a link in ``folder`` or a file that cannot be read. Nothing
    one file holds or is stops the others from being read.
    """
    receipts = read_receipts(folder)
    paths = template_files(folder)
    arrivals = {path: _arrival(path, receipts.get(path.name), known) for path in paths}
    to_read = [
        (path, safe_name(arrival.original))
        for path, arrival in arrivals.items()
        if not isinstance(arrival, OSError) and arrival.earlier is None
    ]
    readings = dict(zip([path for path, _ in to_read], read_files(to_read, config), strict=True))
    read = [_received(path, arrivals[path], readings.get(path)) for path in paths]
    now = datetime.now(UTC)
    links = [
        Receipt(p.name, p.name, "", now, refused=reason)
        for p in _entries(folder)
        if (reason := not_regular_reason(p)) is not None
    ]
    set_aside = [r for r in receipts.values() if r.refused]
    return read + [refused(r) for r in [*set_aside, *links, *(not_moved or [])]]


class _Arrival(NamedTuple):
    original: str  # the file's name as sent
    at: datetime
    earlier: Submission | None  # an earlier run's reading of the same file


def _arrival(
    path: Path, receipt: Receipt | None, known: dict[tuple[str, str], Submission] | None
) -> _Arrival | OSError:
    try:
        at = receipt.received_at if receipt else datetime.fromtimestamp(path.stat().st_mtime, UTC)
        earlier = known.get((path.name, file_sha256(path))) if known else None
    except OSError as error:
        return error
    return _Arrival(receipt.original_name if receipt else path.name, at, earlier)


def _received(path: Path, arrival: _Arrival | OSError, reading: Reading | None) -> Received:
    """A file's reading (or its earlier one) with where and when it arrived; a file that could
    not be read is a file-level error."""
    error = arrival if isinstance(arrival, OSError) else reading
    if isinstance(error, OSError):
        now = datetime.now(UTC)
        return refused(Receipt(path.name, path.name, "", now, unreadable(error)))
    assert isinstance(arrival, _Arrival)
    submission = arrival.earlier or reading
    assert isinstance(submission, Submission)
    if arrival.original != safe_name(arrival.original) and arrival.earlier is None:
        submission.add(
            WARNING,
            f"Filnavnet «{arrival.original}» indeholdt tegn, der ikke kan bruges i et filnavn; "
            f"filen er gemt som «{path.name}».",
        )
    return Received(submission, path.name, arrival.at)


def unreadable(error: OSError) -> str:
    return (
        f"Filen i arkivet kan ikke læses ({error.strerror or error}), så den er ikke med. Tjek "
        "at filen og arkivmappen kan læses, og kør igen; filen er ikke ændret."
    )


def submissions_table(received: list[Received], config: ScreeningConfig) -> pl.DataFrame:
    key = reader_key(config)
    found = outcomes(received)
    changed = changes(received, found=found)
    rows = [
        {
            "archived_as": r.archived_as,
            "file": r.submission.file,
            "sha256": r.submission.sha256,
            "municipality": r.submission.municipality,
            "screening_round": r.submission.screening_round,
            "template_version": r.submission.template_version,
            "received_at": r.received_at,
            "status": outcome.status,
            "n_tasks": r.submission.tasks.height,
            "n_errors": sum(f.severity == ERROR for f in r.submission.findings),
            "n_warnings": sum(f.severity == WARNING for f in r.submission.findings),
            "reader_key": key,
            "replaces": (
                received[outcome.replaces].archived_as if outcome.replaces is not None else None
            ),
            "tasks_added": len(change.added) if change else None,
            "tasks_removed": len(change.removed) if change else None,
            "tasks_changed": len(change.changed) if change else None,
            "changes": change.describe() if change and not change.is_first else None,
        }
        for r, outcome, change in zip(received, found, changed, strict=True)
    ]
    return pl.DataFrame(rows, schema=SUBMISSION_SCHEMA)


def findings_table(received: list[Received]) -> pl.DataFrame:
    # One frame for the round, not a frame per file joined after: a round has tens of thousands
    # of findings, and a query per file costs more than building its columns.
    owners = [r for r in received for _ in r.submission.findings]
    findings = findings_frame([f for r in received for f in r.submission.findings])
    return findings.hstack(
        [
            pl.Series("archived_as", [r.archived_as for r in owners], pl.String),
            pl.Series("sha256", [r.submission.sha256 for r in owners], pl.String),
            pl.Series("municipality", [r.submission.municipality for r in owners], pl.String),
        ]
    )


FINDINGS_TABLE_SCHEMA = {
    **FINDINGS_SCHEMA,
    "archived_as": pl.String,
    "sha256": pl.String,
    "municipality": pl.String,
}


def submission_tasks(received: list[Received]) -> pl.DataFrame:
    """The tasks of every readable submission, current or not (history and reading cache)."""
    tasks = _all_tasks([r.submission.tasks for r in received])
    heights = [r.submission.tasks.height for r in received]
    archived = [r.archived_as for r in received]
    sha256 = [r.submission.sha256 for r in received]
    return pl.DataFrame(
        [
            pl.Series("archived_as", _repeated(archived, heights), pl.String),
            pl.Series("sha256", _repeated(sha256, heights), pl.String),
            *tasks.get_columns(),
        ]
    )


def _all_tasks(frames: list[pl.DataFrame]) -> pl.DataFrame:
    names = list(TASK_SCHEMA)
    # In the task table's column order (a reading rebuilt from an earlier run's tables may
    # differ); only such a frame is reordered, as that is a query of its own.
    ordered = [frame if frame.columns == names else frame.select(names) for frame in frames]
    return pl.concat([pl.DataFrame(schema=TASK_SCHEMA), *ordered])


def _repeated(values: list, times: list[int]) -> list:
    return [value for value, n in zip(values, times, strict=True) for _ in range(n)]


def current_tasks(received: list[Received]) -> pl.DataFrame:
    """The tasks of each municipality's current submission."""
    frames = [
        r.submission.tasks
        for r, status in zip(received, statuses(received), strict=True)
        if status in CURRENT
    ]
    return pl.concat(frames) if frames else pl.DataFrame(schema=TASK_SCHEMA)
