"""Decision assets: the decision store read into the warehouse, for history and documents.

The store (SQLite or PostgreSQL) takes the users' writes; these assets copy the log, the frozen
gross lists and the phase status derived from them into DuckDB, through the same domain
function (:func:`screening.decisions.state.phase_status`) the dashboard calls live.
"""

from __future__ import annotations

import json

import dagster as dg
import polars as pl

from assets.resources import ScreeningSettings
from screening.decisions import state
from screening.decisions.store import EVENT_SCHEMA, read_events, read_snapshots

KINDS = {"duckdb", "polars"}


@dg.asset(group_name="decisions", kinds=KINDS | {"sqlite"})
def decision_log(settings: ScreeningSettings) -> pl.DataFrame:
    """Every recorded decision, oldest first: who, when, what, old and new value, why."""
    return read_events(settings.decision_store())


@dg.asset(group_name="decisions", kinds=KINDS)
def phase_status(gross_list: pl.DataFrame, decision_log: pl.DataFrame) -> pl.DataFrame:
    """One row per candidate: its phase, who prioritised it, who decided, its coalition (the
    municipalities that want it) and whether it goes on to the targeted analysis."""
    status = state.phase_status(gross_list, decision_log.cast(EVENT_SCHEMA))
    return gross_list.select("candidate_id", "rank", "title").join(status, on="candidate_id")


SNAPSHOT_SCHEMA = {
    "snapshot_id": pl.String,
    "label": pl.String,
    "frozen_at": pl.String,
    "frozen_by": pl.String,
    "candidate_id": pl.String,
    "rank": pl.Int64,
    "score": pl.Float64,
    "title": pl.String,
    "municipalities": pl.List(pl.String),
    "priorities": pl.String,  # JSON: municipality -> phase-1 priority when frozen
}


@dg.asset(group_name="decisions", kinds=KINDS)
def gross_list_snapshots(settings: ScreeningSettings) -> pl.DataFrame:
    """The frozen gross lists, one row per snapshot and candidate, as they were presented."""
    rows = []
    for snapshot in read_snapshots(settings.decision_store(), with_rows=True):
        for row in json.loads(snapshot["rows"]):
            rows.append(
                {
                    "snapshot_id": snapshot["snapshot_id"],
                    "label": snapshot["label"],
                    "frozen_at": snapshot["frozen_at"],
                    "frozen_by": snapshot["frozen_by_name"],
                    "candidate_id": row["candidate_id"],
                    "rank": row["rank"],
                    "score": row["score"],
                    "title": row["title"],
                    "municipalities": row["municipalities"],
                    "priorities": json.dumps(row.get("priorities", {}), ensure_ascii=False),
                }
            )
    return pl.DataFrame(rows, schema=SNAPSHOT_SCHEMA)


ASSETS = [decision_log, phase_status, gross_list_snapshots]
