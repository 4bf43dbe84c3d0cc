"""From the archive of received templates to the current set of tasks.

Each file is one submission. A municipality's newest readable submission is the one that counts;
an older one stays as history with the status «erstattet»; a rejected file never pushes out the
last good one; a file identical to one received before («dublet») changes nothing.

Reading is incremental: a file already read with the same reader and configuration is taken
from the previous run's tables instead of being parsed again.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from screening.config import ScreeningConfig
from screening.intake.findings import ERROR, FINDINGS_SCHEMA, WARNING, Finding, findings_frame
from screening.intake.inbox import (
    RECEIPTS_FILE,
    Receipt,
    is_candidate,
    not_regular_reason,
    read_receipts,
    safe_name,
)
from screening.intake.reader import read_submission
from screening.intake.submission import TASK_SCHEMA, Submission, file_sha256

ACCEPTED, REJECTED, SUPERSEDED, DUPLICATE = "modtaget", "afvist", "erstattet", "dublet"
READER_VERSION = "2"  # raise when the reader's results change, so cached readings are redone

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
}
SUBMISSION_TASK_SCHEMA = {"archived_as": pl.String, "sha256": pl.String, **TASK_SCHEMA}


@dataclass
class Received:
    """A submission with where and when it arrived."""

    submission: Submission
    archived_as: str
    received_at: datetime


def reader_key(config: ScreeningConfig) -> str:
    text = repr((READER_VERSION, config.round, config.municipalities))
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

    def receive(path: Path) -> Received:
        try:
            return read_one(path)
        except OSError as error:
            now = datetime.now(UTC)
            return refused(Receipt(path.name, path.name, "", now, unreadable(error)))

    def read_one(path: Path) -> Received:
        receipt = receipts.get(path.name)
        original = receipt.original_name if receipt else path.name
        at = receipt.received_at if receipt else datetime.fromtimestamp(path.stat().st_mtime, UTC)
        cached = (known or {}).get((path.name, file_sha256(path))) if known else None
        submission = cached or read_submission(path, config, display_name=safe_name(original))
        if original != safe_name(original) and cached is None:
            submission.add(
                WARNING,
                f"Filnavnet «{original}» indeholdt tegn, der ikke kan bruges i et filnavn; filen "
                f"er gemt som «{path.name}».",
            )
        return Received(submission, path.name, at)

    # Two at a time: unzipping, hashing and calamine's parsing release the GIL, so one file's
    # reading overlaps another's checks (national round: 3.2 s -> 2.8 s, median of 4).
    with ThreadPoolExecutor(max_workers=2) as pool:
        read = list(pool.map(receive, template_files(folder)))
    now = datetime.now(UTC)
    links = [
        Receipt(p.name, p.name, "", now, refused=reason)
        for p in _entries(folder)
        if (reason := not_regular_reason(p)) is not None
    ]
    set_aside = [r for r in receipts.values() if r.refused]
    return read + [refused(r) for r in [*set_aside, *links, *(not_moved or [])]]


def unreadable(error: OSError) -> str:
    return (
        f"Filen i arkivet kan ikke læses ({error.strerror or error}), så den er ikke med. Tjek "
        "at filen og arkivmappen kan læses, og kør igen; filen er ikke ændret."
    )


def statuses(received: list[Received]) -> list[str]:
    """Each file's status; the newest readable file per municipality is the current one."""
    order = sorted(
        range(len(received)), key=lambda i: (received[i].received_at, received[i].archived_as)
    )
    first_seen: set[str] = set()
    result = [""] * len(received)
    newest: dict[str, int] = {}
    for i in order:
        submission = received[i].submission
        # A file set aside unread has no checksum; two of them are never «dublet».
        if submission.sha256 and submission.sha256 in first_seen:
            result[i] = DUPLICATE
            continue
        first_seen.add(submission.sha256)
        if submission.rejected or submission.municipality is None:
            result[i] = REJECTED
            continue
        newest[submission.municipality] = i
        result[i] = SUPERSEDED
    for i in newest.values():
        result[i] = ACCEPTED
    return result


def submissions_table(received: list[Received], config: ScreeningConfig) -> pl.DataFrame:
    key = reader_key(config)
    rows = [
        {
            "archived_as": r.archived_as,
            "file": r.submission.file,
            "sha256": r.submission.sha256,
            "municipality": r.submission.municipality,
            "screening_round": r.submission.screening_round,
            "template_version": r.submission.template_version,
            "received_at": r.received_at,
            "status": status,
            "n_tasks": r.submission.tasks.height,
            "n_errors": sum(f.severity == ERROR for f in r.submission.findings),
            "n_warnings": sum(f.severity == WARNING for f in r.submission.findings),
            "reader_key": key,
        }
        for r, status in zip(received, statuses(received), strict=True)
    ]
    return pl.DataFrame(rows, schema=SUBMISSION_SCHEMA)


def findings_table(received: list[Received]) -> pl.DataFrame:
    frames = [
        findings_frame(r.submission.findings).with_columns(
            pl.lit(r.archived_as, pl.String).alias("archived_as"),
            pl.lit(r.submission.sha256, pl.String).alias("sha256"),
            pl.lit(r.submission.municipality, pl.String).alias("municipality"),
        )
        for r in received
    ]
    empty = pl.DataFrame(schema=FINDINGS_TABLE_SCHEMA)
    return pl.concat([empty, *frames], how="vertical") if frames else empty


FINDINGS_TABLE_SCHEMA = {
    **FINDINGS_SCHEMA,
    "archived_as": pl.String,
    "sha256": pl.String,
    "municipality": pl.String,
}


def submission_tasks(received: list[Received]) -> pl.DataFrame:
    """The tasks of every readable submission, current or not (history and reading cache)."""
    frames = [
        r.submission.tasks.with_columns(
            pl.lit(r.archived_as, pl.String).alias("archived_as"),
            pl.lit(r.submission.sha256, pl.String).alias("sha256"),
        ).select(SUBMISSION_TASK_SCHEMA.keys())
        for r in received
    ]
    empty = pl.DataFrame(schema=SUBMISSION_TASK_SCHEMA)
    return pl.concat([empty, *frames]) if frames else empty


def current_tasks(received: list[Received]) -> pl.DataFrame:
    """The tasks of each municipality's current submission."""
    frames = [
        r.submission.tasks
        for r, status in zip(received, statuses(received), strict=True)
        if status == ACCEPTED
    ]
    return pl.concat(frames) if frames else pl.DataFrame(schema=TASK_SCHEMA)


def known_submissions(
    submissions: pl.DataFrame,
    findings: pl.DataFrame,
    tasks: pl.DataFrame,
    config: ScreeningConfig,
) -> dict[tuple[str, str], Submission]:
    """Rebuild earlier readings from the previous run's tables, for files read with the same
    reader and configuration."""
    key = reader_key(config)
    if submissions.is_empty() or "reader_key" not in submissions.columns:
        return {}
    current = submissions.filter(pl.col("reader_key") == key)
    findings_by = findings.partition_by(["archived_as", "sha256"], as_dict=True)
    tasks_by = tasks.partition_by(["archived_as", "sha256"], as_dict=True)
    known = {}
    for row in current.iter_rows(named=True):
        ident = (row["archived_as"], row["sha256"])
        found = findings_by.get(ident)
        task_frame = tasks_by.get(ident)
        known[ident] = Submission(
            file=row["file"],
            sha256=row["sha256"],
            municipality=row["municipality"],
            screening_round=row["screening_round"],
            template_version=row["template_version"],
            tasks=(
                task_frame.select(TASK_SCHEMA.keys())
                if task_frame is not None
                else pl.DataFrame(schema=TASK_SCHEMA)
            ),
            findings=[
                Finding(**{k: f[k] for k in FINDINGS_SCHEMA})
                for f in (found.iter_rows(named=True) if found is not None else [])
            ],
        )
    return known
