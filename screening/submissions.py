"""From a folder of received templates to the current set of tasks.

Each file is one submission. A municipality's newest readable submission is the one that counts;
an older one is kept as history with the status «erstattet», and a rejected file never pushes out
the last good one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from screening.config import ScreeningConfig
from screening.findings import ERROR, WARNING, findings_frame
from screening.intake import TASK_SCHEMA, Submission, read_submission

ACCEPTED, REJECTED, SUPERSEDED = "modtaget", "afvist", "erstattet"

SUBMISSION_SCHEMA = {
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
}


def template_files(folder: Path) -> list[Path]:
    """Every file a person put in the folder (hidden files and Excel's lock files excepted)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


def read_folder(folder: Path, config: ScreeningConfig) -> list[tuple[Submission, datetime]]:
    return [
        (
            read_submission(path, config),
            datetime.fromtimestamp(path.stat().st_mtime, tz=UTC),
        )
        for path in template_files(folder)
    ]


def _statuses(received: list[tuple[Submission, datetime]]) -> list[str]:
    newest: dict[str, int] = {}
    for index, (submission, received_at) in enumerate(received):
        if submission.rejected or submission.municipality is None:
            continue
        current = newest.get(submission.municipality)
        if current is None or (received_at, submission.file) > (
            received[current][1],
            received[current][0].file,
        ):
            newest[submission.municipality] = index
    current_indices = set(newest.values())
    return [
        REJECTED if s.rejected else ACCEPTED if i in current_indices else SUPERSEDED
        for i, (s, _) in enumerate(received)
    ]


def submissions_table(received: list[tuple[Submission, datetime]]) -> pl.DataFrame:
    rows = [
        {
            "file": s.file,
            "sha256": s.sha256,
            "municipality": s.municipality,
            "screening_round": s.screening_round,
            "template_version": s.template_version,
            "received_at": received_at,
            "status": status,
            "n_tasks": s.tasks.height,
            "n_errors": sum(f.severity == ERROR for f in s.findings),
            "n_warnings": sum(f.severity == WARNING for f in s.findings),
        }
        for (s, received_at), status in zip(received, _statuses(received), strict=True)
    ]
    return pl.DataFrame(rows, schema=SUBMISSION_SCHEMA)


def findings_table(received: list[tuple[Submission, datetime]]) -> pl.DataFrame:
    frames = [
        findings_frame(s.findings).with_columns(
            pl.lit(s.sha256).alias("sha256"),
            pl.lit(s.municipality, pl.String).alias("municipality"),
        )
        for s, _ in received
    ]
    if not frames:
        return findings_frame([]).with_columns(
            pl.lit(None, pl.String).alias("sha256"), pl.lit(None, pl.String).alias("municipality")
        )
    return pl.concat(frames)


def current_tasks(received: list[tuple[Submission, datetime]]) -> pl.DataFrame:
    """The tasks of each municipality's current submission."""
    frames = [
        s.tasks
        for (s, _), status in zip(received, _statuses(received), strict=True)
        if status == ACCEPTED
    ]
    return pl.concat(frames) if frames else pl.DataFrame(schema=TASK_SCHEMA)
