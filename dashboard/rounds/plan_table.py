"""The round plan as the table the project group edits, and the changes its edits ask for (pure
functions, no Streamlit). The page is ``app_pages/round_plan.py``; the writes go through
:func:`screening.rounds.plan.record_plan_change`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from dashboard.rounds.charts import row_label
from screening.i18n import _
from screening.vocabulary import MILESTONE_OWNERS, MILESTONE_STATUSES, by_code

SAVE_LABEL = "Gem rundeplanen"
MARK_LABEL = "Markér som udført"
UNMARK_LABEL = "Markér som ikke udført"

MILESTONE_HEADER = "Milepæl"
START_HEADER = "Start"
END_HEADER = "Frist"
OWNER_HEADER = "Ansvarlig"
STATUS_HEADER = "Status"
PROGRESS_HEADER = "Registreret"
CHANGED_HEADER = "Senest ændret af"
HIDDEN = ("milestone", "municipality", "plan_version")


def owner_labels() -> list[str]:
    return [_(t.label) for t in MILESTONE_OWNERS]


def owner_code(label: str) -> str | None:
    return next((t.code for t in MILESTONE_OWNERS if _(t.label) == label), None)


def plan_table(milestones: pl.DataFrame) -> pl.DataFrame:
    """One row per milestone (and municipality), with the version each row is at."""
    owners = by_code(MILESTONE_OWNERS)
    statuses = by_code(MILESTONE_STATUSES)
    rows = [
        {
            "milestone": row["milestone"],
            "municipality": row["municipality"],
            "plan_version": row["plan_version"],
            _(MILESTONE_HEADER): row_label(row["milestone"], row["municipality"]),
            _(START_HEADER): row["planned_start"],
            _(END_HEADER): row["planned_end"],
            _(OWNER_HEADER): _(owners[row["owner"]].label) if row["owner"] in owners else "",
            _(STATUS_HEADER): _(statuses[row["status"]].label),
            _(PROGRESS_HEADER): row["progress"] or "",
            _(CHANGED_HEADER): row["changed_by"] or "",
        }
        for row in milestones.sort(["position", "municipality"], nulls_last=False).iter_rows(
            named=True
        )
    ]
    return pl.DataFrame(
        rows,
        schema={
            "milestone": pl.String,
            "municipality": pl.String,
            "plan_version": pl.Int64,
            _(MILESTONE_HEADER): pl.String,
            _(START_HEADER): pl.Date,
            _(END_HEADER): pl.Date,
            _(OWNER_HEADER): pl.String,
            _(STATUS_HEADER): pl.String,
            _(PROGRESS_HEADER): pl.String,
            _(CHANGED_HEADER): pl.String,
        },
    )


@dataclass(frozen=True)
class PlanChange:
    milestone: str
    municipality: str | None
    label: str
    start: date
    end: date
    owner: str
    expected_version: int


def _as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def plan_changes(shown: pl.DataFrame, edited_rows: dict) -> tuple[list[PlanChange], list[str]]:
    """The rows whose start, deadline or owner the user changed, and problems (Danish)."""
    changes, problems = [], []
    for index, edits in sorted(edited_rows.items(), key=lambda kv: int(kv[0])):
        row = shown.row(int(index), named=True)
        start = _as_date(edits.get(_(START_HEADER), row[_(START_HEADER)]))
        end = _as_date(edits.get(_(END_HEADER), row[_(END_HEADER)]))
        owner_label = edits.get(_(OWNER_HEADER), row[_(OWNER_HEADER)])
        owner = owner_code(owner_label)
        label = row[_(MILESTONE_HEADER)]
        if start is None or end is None:
            problems.append(
                _("{label}: både start og frist skal have en dato.").format(label=label)
            )
            continue
        if owner is None:
            problems.append(_("{label}: vælg en ansvarlig.").format(label=label))
            continue
        if (start, end, owner_label) == (
            row[_(START_HEADER)],
            row[_(END_HEADER)],
            row[_(OWNER_HEADER)],
        ):
            continue
        changes.append(
            PlanChange(
                row["milestone"], row["municipality"], label, start, end, owner, row["plan_version"]
            )
        )
    return changes, problems
