"""The archive as the last run left it: its readings rebuilt from the run's tables, so a file
already read is not parsed again, and so the upload page and ``screening validate`` can say
what the next run will make of a new file (by the run's own rule, :func:`outcomes`)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from screening.config import ScreeningConfig
from screening.intake.findings import FINDINGS_SCHEMA, Finding
from screening.intake.outcomes import DUPLICATE, REJECTED, Outcome, Received, outcomes
from screening.intake.resubmission import Change, compare_tasks
from screening.intake.submission import TASK_SCHEMA, Submission
from screening.intake.submissions import current_tasks, reader_key


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
    return _rebuild(submissions.filter(pl.col("reader_key") == key), findings, tasks)


def received_from_tables(
    submissions: pl.DataFrame, findings: pl.DataFrame, tasks: pl.DataFrame
) -> list[Received]:
    """The archive as the last run saw it, from its tables (for a prediction, see
    :func:`predict`)."""
    if submissions.is_empty():
        return []
    known = _rebuild(submissions, findings, tasks)
    return [
        Received(known[(row["archived_as"], row["sha256"])], row["archived_as"], row["received_at"])
        for row in submissions.iter_rows(named=True)
    ]


def predict(
    received: list[Received], new: Submission, candidates: pl.DataFrame | None = None
) -> tuple[Outcome, Change | None]:
    """What ``new`` will be once it arrives after everything in ``received``: its outcome and
    what it changes. The same rule as the run's (:func:`outcomes`), so the upload page says
    what the next run does."""
    everything = _with_arriving(received, new)
    outcome = outcomes(everything)[-1]
    if outcome.status in (REJECTED, DUPLICATE):
        return outcome, None
    before = (
        everything[outcome.replaces].submission.tasks
        if outcome.replaces is not None
        else pl.DataFrame(schema=TASK_SCHEMA)
    )
    return outcome, compare_tasks(new.tasks, before, candidates)


def tasks_after(received: list[Received], new: Submission) -> pl.DataFrame:
    """The tasks the next run will match once ``new`` arrives after everything in
    ``received`` (every municipality's current file then, by the run's own rule)."""
    return current_tasks(_with_arriving(received, new))


def _with_arriving(received: list[Received], new: Submission) -> list[Received]:
    latest = max((r.received_at for r in received), default=datetime.now(UTC))
    arriving = Received(new, "\uffff", max(latest, datetime.now(UTC)))  # sorts last
    return [*received, arriving]


def _rebuild(
    current: pl.DataFrame, findings: pl.DataFrame, tasks: pl.DataFrame
) -> dict[tuple[str, str], Submission]:
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
                _as_task_schema(task_frame)
                if task_frame is not None
                else pl.DataFrame(schema=TASK_SCHEMA)
            ),
            findings=[
                Finding(**{k: f[k] for k in FINDINGS_SCHEMA})
                for f in (found.iter_rows(named=True) if found is not None else [])
            ],
        )
    return known


def _as_task_schema(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with exactly TASK_SCHEMA's columns; a column a table from an older reader
    lacks (e.g. service_area_written) is read as empty."""
    return frame.select(
        pl.col(name) if name in frame.columns else pl.lit(None, dtype).alias(name)
        for name, dtype in TASK_SCHEMA.items()
    )
