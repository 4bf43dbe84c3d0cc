"""Closing a round: the running round written as an earlier round's folder, so the next round
reads it beside its own (:mod:`screening.rounds.archive`).

What is written is what the round decided, as it was presented: the newest frozen list of the
round with each candidate's coalition and phase-1 priorities, the plan with what was done and
when, and who closed it. A folder that exists is never overwritten: a closed round is history.
The TOML is written by hand (strings as JSON strings, which TOML reads the same), so no writer
library is needed for this one small file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from screening.coalition import CoalitionRule, load_coalition_rule
from screening.decisions import rights
from screening.decisions.append import authorise
from screening.decisions.users import User
from screening.errors import ScreeningError
from screening.i18n import _
from screening.rounds.archive import ROUND_FILE
from screening.rounds.current import RoundStatus
from screening.vocabulary import PRIORITIES, label_of

CLOSE_EVENT = "round_closed"


class CannotClose(ScreeningError, ValueError):
    """The round cannot be closed as asked; the message says why, in Danish."""


@dataclass(frozen=True)
class Closed:
    folder: Path
    n_candidates: int


def _string(value: object) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def _strings(values: list[str]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"


def round_toml(
    status: RoundStatus,
    municipalities: list[str],
    snapshot: dict[str, Any],
    political: pl.DataFrame,
    closed_by: str,
    closed_on: date,
    rule: CoalitionRule | None = None,
) -> str:
    """The round's folder file (see ``archive.read_round`` for the layout), with the coalition
    rule the round ran under (default: the one in ``config/screening.toml``)."""
    note = (
        f"Afsluttet {closed_on:%d.%m.%Y} af {closed_by} ud fra den fastfrosne liste "
        f"«{snapshot['label']}»."
    )
    lines = [
        f"# {status.label}: closed on {closed_on.isoformat()}, written by the product.",
        "",
        "[round]",
        f"id = {_string(status.round_id)}",
        f"label = {_string(status.label)}",
        f"municipalities = {_strings(municipalities)}",
        f"note = {_string(note)}",
        "",
        (rule or load_coalition_rule()).toml(),
    ]
    for planned in status.plan.milestones:
        rows = status.milestones.filter(pl.col("milestone") == planned.code)
        done_days = [d for d in rows["done_at"].to_list() if d is not None]
        all_done = rows.height > 0 and set(rows["status"]) <= {"done", "done_late"}
        lines += [
            "",
            "[[milestones]]",
            f"code = {_string(planned.code)}",
            f"start = {rows['planned_start'].min().isoformat()}",
            f"end = {rows['planned_end'].max().isoformat()}",
            f"owner = {_string(planned.owner)}",
        ]
        if all_done:
            lines.append(f"done = {max(done_days).isoformat()}" if done_days else "done = true")
    willing = (
        political.filter(pl.col("decision") == "proceed")
        .group_by("candidate_id")
        .agg(pl.col("municipality").sort())
    )
    coalition = dict(zip(willing["candidate_id"], willing["municipality"].to_list(), strict=True))
    for row in sorted(json.loads(snapshot["rows"]), key=lambda r: r["rank"]):
        parts = []
        if coalition.get(row["candidate_id"]):
            parts.append("Ønsker at gå videre: " + ", ".join(coalition[row["candidate_id"]]))
        priorities = row.get("priorities") or {}
        if priorities:
            parts.append(
                "Prioriteret: "
                + ", ".join(
                    f"{m} {label_of(PRIORITIES, p).lower()}" for m, p in sorted(priorities.items())
                )
            )
        lines += [
            "",
            "[[candidates]]",
            f"id = {_string(row['candidate_id'])}",
            f"rank = {int(row['rank'])}",
            f"title = {_string(row['title'])}",
            # The list holds each task's title; they describe the candidate for the next match.
            f"description = {_string('. '.join(row.get('titles') or [row['title']]))}",
            f"municipalities = {_strings(list(row['municipalities']))}",
        ]
        for field in ("service_area", "task_type", "cooperation_form"):
            if row.get(field) and row[field] != "other":
                lines.append(f"{field} = {_string(row[field])}")
        if parts:
            lines.append(f"assessment = {_string('; '.join(parts))}")
    return "\n".join(lines) + "\n"


def close_round(
    engine: sa.Engine,
    user: User,
    status: RoundStatus,
    municipalities: list[str],
    snapshots: list[dict[str, Any]],
    political: pl.DataFrame,
    rounds_folder: Path,
    closed_on: date,
) -> Closed:
    """Write the running round into ``rounds_folder/<id>/`` and record who closed it."""
    writer = authorise(user, rights.ROUND_PLAN)
    frozen = [s for s in snapshots if s.get("round_id") == status.round_id]
    if not frozen:
        raise CannotClose(
            _(
                "{label} har ingen fastfrosset bruttoliste; en runde afsluttes med listen, som den "
                "blev forelagt. Fastfrys den først på siden «Fastfrosne lister»."
            ).format(label=status.label)
        )
    folder = rounds_folder / status.round_id
    if (folder / ROUND_FILE).exists():
        raise CannotClose(
            _(
                "{label} er allerede afsluttet ({path}); en afsluttet runde overskrives aldrig."
            ).format(label=status.label, path=folder / ROUND_FILE)
        )
    text = round_toml(status, municipalities, frozen[-1], political, user.name, closed_on)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".{ROUND_FILE}.tmp"
    staging.write_text(text, encoding="utf-8")
    staging.replace(folder / ROUND_FILE)  # whole or not at all
    writer.append(
        engine,
        kind=CLOSE_EVENT,
        subject=status.round_id,
        new_value=str(folder / ROUND_FILE),
        details={
            "snapshot_id": frozen[-1]["snapshot_id"],
            "n_candidates": frozen[-1]["n_candidates"],
        },
    )
    return Closed(folder, int(frozen[-1]["n_candidates"]))
