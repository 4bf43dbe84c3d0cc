"""The demo cycle's part of the round plan: the project group marks the milestones already
behind the sample round (the mandate approved, the screening tool made) as done, on their
planned day, through the same write as the page «Rundeplan». Called from
:func:`screening.demo.cycle.write_demo_cycle`, which writes only into an unused store."""

from __future__ import annotations

import sqlalchemy as sa

from screening.config import ScreeningConfig, round_plan_path, today
from screening.decisions.users import User
from screening.rounds.plan import load_plan
from screening.rounds.plan_changes import record_milestone_mark

BEHIND_THE_SAMPLE = ("mandate_approved", "screening_tool")


def write_demo_marks(engine: sa.Engine, users: dict[str, User], config: ScreeningConfig) -> int:
    """Mark the milestones behind the sample round done; returns how many were marked."""
    project_group = next((u for u in users.values() if u.has("projektgruppe")), None)
    if project_group is None:
        return 0
    plan = load_plan(round_plan_path(), config.round.id, today())
    marked = 0
    for planned in plan.milestones:
        if planned.code in BEHIND_THE_SAMPLE and planned.end <= today():
            record_milestone_mark(engine, project_group, config.round.id, planned.code, planned.end)
            marked += 1
    return marked
