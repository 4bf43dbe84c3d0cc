"""Changes to the round plan, recorded in the decision store: a new date or owner for a
milestone (event ``round_plan``) and a milestone marked done by hand (event
``round_milestone``), each with who, when, old and new value and the version the user saw, so
a colleague's change meanwhile is a conflict, never lost. :func:`apply_changes` lays the newest
of each over the plan from the file."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import polars as pl
import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import authorise
from screening.decisions.record import clean_text
from screening.decisions.store import ANY_VERSION
from screening.decisions.users import User
from screening.errors import ScreeningError
from screening.i18n import N_, _
from screening.rounds.plan import PLAN_SCHEMA
from screening.vocabulary import MILESTONE_OWNERS, MILESTONES, by_code

PLAN_EVENT = "round_plan"  # a changed date or owner
MARK_EVENT = "round_milestone"  # the project group marked a milestone done (or not done)
DONE, REOPENED = "done", "open"

# Milestones only the project group can say are done: nothing in the data shows them.
MARKED_BY_HAND = frozenset(
    {
        "mandate_approved",
        "screening_tool",
        "steering_group_informed",
        "wishes_coordinated",
        "targeted_analyses",
    }
)


class InvalidPlanChange(ScreeningError, ValueError):
    """A change to the plan cannot be recorded as given; the message says what to change."""


def subject(round_id: str, milestone: str, municipality: str | None) -> str:
    return f"{round_id}|{milestone}|{municipality or '*'}"


def _current(events: pl.DataFrame, kind: str, round_id: str) -> pl.DataFrame:
    return (
        events.filter((pl.col("kind") == kind) & pl.col("subject").str.starts_with(f"{round_id}|"))
        .sort("version")
        .group_by("subject", maintain_order=True)
        .last()
    )


def apply_changes(plan: pl.DataFrame, events: pl.DataFrame, round_id: str) -> pl.DataFrame:
    """The plan with the project group's changes and marks from the log (newest of each)."""
    plan = plan.with_columns(
        pl.struct("round_id", "milestone", "municipality")
        .map_elements(
            lambda r: subject(r["round_id"], r["milestone"], r["municipality"]),
            return_dtype=pl.String,
        )
        .alias("subject")
    )
    changes = {
        row["subject"]: row for row in _current(events, PLAN_EVENT, round_id).iter_rows(named=True)
    }
    marks = {
        row["subject"]: row for row in _current(events, MARK_EVENT, round_id).iter_rows(named=True)
    }
    rows = []
    for row in plan.iter_rows(named=True):
        change = changes.get(row["subject"])
        if change is not None:
            value = json.loads(change["new_value"])
            row.update(
                planned_start=date.fromisoformat(value["start"]),
                planned_end=date.fromisoformat(value["end"]),
                owner=value["owner"],
                plan_version=change["version"],
                changed_by=change["user_name"],
                changed_at=change["recorded_at"],
            )
        mark = marks.get(row["subject"])
        if mark is not None:
            done = mark["new_value"] == DONE
            details = json.loads(mark["details"] or "{}")
            row.update(
                done_on=date.fromisoformat(details["done_on"]) if done else None,
                marked_by=mark["user_name"],
                mark_version=mark["version"],
            )
        rows.append(row)
    return pl.DataFrame(rows, schema={**PLAN_SCHEMA, "subject": pl.String}).drop("subject")


def record_plan_change(
    engine: sa.Engine,
    user: User,
    round_id: str,
    milestone: str,
    municipality: str | None,
    start: date,
    end: date,
    owner: str,
    expected_version: int = ANY_VERSION,
    comment: str = "",
) -> dict[str, Any]:
    """A new date or owner for one milestone (one municipality's, where each does it)."""
    writer = authorise(user, rights.ROUND_PLAN)
    if milestone not in by_code(MILESTONES):
        raise InvalidPlanChange(_("Ukendt milepæl «{milestone}».").format(milestone=milestone))
    if end < start:
        raise InvalidPlanChange(
            _(
                "Slutdatoen {end:%d.%m.%Y} ligger før startdatoen {start:%d.%m.%Y}; ret en af dem."
            ).format(end=end, start=start)
        )
    if owner not in by_code(MILESTONE_OWNERS):
        raise InvalidPlanChange(_("Ukendt ansvarlig «{owner}».").format(owner=owner))
    return writer.append(
        engine,
        kind=PLAN_EVENT,
        subject=subject(round_id, milestone, municipality),
        new_value=json.dumps(
            {"start": start.isoformat(), "end": end.isoformat(), "owner": owner},
            sort_keys=True,
        ),
        expected_version=expected_version,
        municipality=municipality,
        reason=clean_text(comment, N_("Kommentaren")),
        details={"round_id": round_id, "milestone": milestone, "municipality": municipality},
    )


def record_milestone_mark(
    engine: sa.Engine,
    user: User,
    round_id: str,
    milestone: str,
    done_on: date | None,
    expected_version: int = ANY_VERSION,
    comment: str = "",
) -> dict[str, Any]:
    """Mark a milestone the data cannot show as done on ``done_on`` (None: not done after all)."""
    writer = authorise(user, rights.ROUND_PLAN)
    if milestone not in MARKED_BY_HAND:
        raise InvalidPlanChange(
            _("«{label}» afledes af de registrerede data og kan ikke markeres i hånden.").format(
                label=by_code(MILESTONES)[milestone].label
            )
        )
    return writer.append(
        engine,
        kind=MARK_EVENT,
        subject=subject(round_id, milestone, None),
        new_value=DONE if done_on else REOPENED,
        expected_version=expected_version,
        reason=clean_text(comment, N_("Kommentaren")),
        details={
            "round_id": round_id,
            "milestone": milestone,
            "done_on": done_on.isoformat() if done_on else None,
        },
    )
