"""Each municipality's submission in the round: template arrived, accepted, errors still open,
when, and the deadline with the days left or overdue, on a given day (see
:mod:`screening.rounds.status` for the milestones)."""

from __future__ import annotations

from datetime import date

import polars as pl

from screening.intake.outcomes import CURRENT
from screening.intake.submissions import submitted_municipalities
from screening.rounds.status import WAS_ACCEPTED, local_day

SUBMISSION_STATUS_SCHEMA = {
    "round_id": pl.String,
    "municipality": pl.String,
    "arrived": pl.Boolean,  # any file from the municipality received
    "n_files": pl.Int64,
    "first_received_at": pl.Datetime("us", "UTC"),
    "last_received_at": pl.Datetime("us", "UTC"),
    "accepted": pl.Boolean,  # it has a current, accepted file
    "accepted_at": pl.Datetime("us", "UTC"),  # when its first accepted file arrived
    "current_file": pl.String,
    "n_tasks": pl.Int64,
    "open_errors": pl.Int64,  # errors in the newest file received, still to be fixed
    "open_errors_file": pl.String,
    "open_errors_archived_as": pl.String,
    "deadline": pl.Date,
    "days_left": pl.Int64,  # deadline - today; negative: overdue; null once accepted
    "days_late": pl.Int64,  # accepted after the deadline by this many days (else null)
    "status": pl.String,
    "status_label": pl.String,
}

SUBMISSION_LABELS = {
    "accepted": "Godkendt",
    "accepted_with_errors": "Godkendt, fejl at rette",
    "rejected": "Afvist, skal rettes",
    "missing": "Ikke modtaget",
}


def submission_status(
    round_id: str,
    municipalities: list[str],
    submissions: pl.DataFrame,
    deadlines: dict[str, date],
    today: date,
) -> pl.DataFrame:
    """One row per municipality: what arrived, what was accepted, errors still open, the
    deadline and the days left (or overdue)."""
    rows = []
    submitted = set(submitted_municipalities(submissions, municipalities))
    for municipality in municipalities:
        mine = submissions.filter(pl.col("municipality") == municipality).sort(
            ["received_at", "archived_as"]
        )
        current = mine.filter(pl.col("status").is_in(CURRENT))
        accepted = mine.filter(pl.col("status").is_in(WAS_ACCEPTED))
        newest = mine.row(-1, named=True) if mine.height else None
        deadline = deadlines.get(municipality)
        accepted_at = accepted["received_at"].min() if current.height else None
        open_errors = int(newest["n_errors"] or 0) if newest else 0
        with_errors = newest if open_errors else None
        if municipality in submitted:
            status = "accepted_with_errors" if open_errors else "accepted"
        else:
            status = "rejected" if mine.height else "missing"
        late = (
            (local_day(accepted_at) - deadline).days
            if accepted_at is not None and deadline is not None
            else None
        )
        rows.append(
            {
                "round_id": round_id,
                "municipality": municipality,
                "arrived": mine.height > 0,
                "n_files": mine.height,
                "first_received_at": mine["received_at"].min() if mine.height else None,
                "last_received_at": mine["received_at"].max() if mine.height else None,
                "accepted": municipality in submitted,
                "accepted_at": accepted_at,
                "current_file": current.row(-1, named=True)["file"] if current.height else None,
                "n_tasks": current.row(-1, named=True)["n_tasks"] if current.height else 0,
                "open_errors": open_errors,
                "open_errors_file": with_errors["file"] if with_errors else None,
                "open_errors_archived_as": with_errors["archived_as"] if with_errors else None,
                "deadline": deadline,
                "days_left": (
                    (deadline - today).days if deadline is not None and not current.height else None
                ),
                "days_late": late if late is not None and late > 0 else None,
                "status": status,
                "status_label": SUBMISSION_LABELS[status],
            }
        )
    return pl.DataFrame(rows, schema=SUBMISSION_STATUS_SCHEMA)


def screening_deadlines(statuses: pl.DataFrame) -> dict[str, date]:
    """Each municipality's screening deadline from the plan."""
    rows = statuses.filter(
        (pl.col("milestone") == "screening") & pl.col("municipality").is_not_null()
    )
    return dict(zip(rows["municipality"], rows["planned_end"], strict=True))
