"""The running round as one picture: its plan with the changes made, each milestone's status
and each municipality's submission, on a given day. The dashboard and the warehouse assets both
call :func:`round_status`, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from screening.config import ScreeningConfig
from screening.decisions import state
from screening.rounds.plan import RoundPlan, load_plan
from screening.rounds.plan_changes import apply_changes
from screening.rounds.status import (
    RoundEvidence,
    milestone_statuses,
    round_events,
    round_snapshots,
)
from screening.rounds.submission_status import screening_deadlines, submission_status


@dataclass(frozen=True)
class RoundStatus:
    round_id: str
    label: str
    plan: RoundPlan
    milestones: pl.DataFrame  # status.MILESTONE_STATUS_SCHEMA
    submissions: pl.DataFrame  # status.SUBMISSION_STATUS_SCHEMA
    today: date

    @property
    def started(self) -> date:
        return min(m.start for m in self.plan.milestones)


def round_status(
    config: ScreeningConfig,
    plan_path: Path,
    submissions: pl.DataFrame,
    gross_list: pl.DataFrame,
    events: pl.DataFrame,
    snapshots: list[dict[str, Any]],
    today: date,
) -> RoundStatus:
    """Everything the round plan shows, derived from what is recorded (see
    :mod:`screening.rounds.status`)."""
    round_id = config.round.id
    municipalities = config.municipality_names()
    plan = load_plan(plan_path, round_id, today)
    started = min(m.start for m in plan.milestones)
    mine = round_events(events, started)
    evidence = RoundEvidence(
        municipalities=municipalities,
        submissions=submissions,
        gross_list=gross_list.select("candidate_id", "municipalities")
        if not gross_list.is_empty()
        else pl.DataFrame(schema={"candidate_id": pl.String, "municipalities": pl.List(pl.String)}),
        priorities=state.priorities(mine),
        political=state.political_decisions(mine),
        snapshots=round_snapshots(snapshots, round_id),
    )
    planned = apply_changes(plan.rows(municipalities), events, round_id)
    milestones = milestone_statuses(planned, evidence, today)
    per_municipality = submission_status(
        round_id, municipalities, submissions, screening_deadlines(milestones), today
    )
    return RoundStatus(round_id, config.round.label, plan, milestones, per_municipality, today)
