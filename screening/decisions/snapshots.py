"""The frozen gross lists: finding one, and reading its candidates back as a gross-list frame.

A frozen list is the gross list as presented to the coordination committee; phase-2 decisions,
the committee annex and the round status all refer to it, so they all look it up here.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import sqlalchemy as sa

from screening.decisions.append import InvalidDecision
from screening.decisions.store import read_snapshots
from screening.i18n import _

FROZEN_SCHEMA = {
    "candidate_id": pl.String,
    "rank": pl.Int64,
    "title": pl.String,
    "municipalities": pl.List(pl.String),
    "task_ids": pl.List(pl.String),
    "score": pl.Float64,
}


def find_snapshot(engine: sa.Engine, snapshot_id: str | None = None) -> dict[str, Any]:
    """The given frozen list, or the newest, with its rows; :class:`InvalidDecision` when none."""
    snapshots = read_snapshots(engine, with_rows=True)
    if snapshot_id:
        snapshots = [s for s in snapshots if s["snapshot_id"] == snapshot_id]
        if not snapshots:
            raise InvalidDecision(
                _(
                    "Den fastfrosne liste «{id}» findes ikke. De fastfrosne lister står i "
                    "«screening snapshot list»."
                ).format(id=snapshot_id)
            )
    if not snapshots:
        raise InvalidDecision(
            _(
                "Der er ingen fastfrosset bruttoliste endnu. Politiske beslutninger træffes om "
                "listen, som den blev forelagt; projektgruppen fastfryser den først."
            )
        )
    return snapshots[-1]


def snapshot_frame(snapshot: dict[str, Any]) -> pl.DataFrame:
    """The frozen list's candidates by rank (empty when the snapshot was read without rows)."""
    rows = json.loads(snapshot["rows"]) if isinstance(snapshot.get("rows"), str) else []
    return pl.DataFrame(
        {
            "candidate_id": [r["candidate_id"] for r in rows],
            "rank": [int(r["rank"]) for r in rows],
            "title": [r["title"] for r in rows],
            "municipalities": [list(r["municipalities"]) for r in rows],
            "task_ids": [list(r["task_ids"]) for r in rows],
            "score": [float(r.get("score") or 0.0) for r in rows],
        },
        schema=FROZEN_SCHEMA,
    ).sort("rank")


def frozen_candidates(engine: sa.Engine) -> pl.DataFrame:
    """The newest frozen list's candidates (empty when nothing is frozen): phase-2 decisions
    are made on the list as it was presented."""
    try:
        return snapshot_frame(find_snapshot(engine))
    except InvalidDecision:
        return pl.DataFrame(schema=FROZEN_SCHEMA)
