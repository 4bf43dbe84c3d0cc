"""The project group's match decisions («saml» / «adskil») as the matcher reads them, from the
decision store; an older ``data/overrides/matches.csv`` is imported into the store once."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from screening.decisions.record import MATCH_FRESH, MATCH_OVERRIDE
from screening.decisions.state import current
from screening.decisions.store import (
    Actor,
    already_imported,
    any_imported,
    import_once,
    read_events,
)
from screening.intake.submission import file_sha256
from screening.matching.overrides import MERGE, OVERRIDE_SCHEMA, SPLIT, read_overrides

IMPORTER = Actor("import", "Import", "projektgruppe", None)


def match_overrides(events: pl.DataFrame, fresh_request: bool = False) -> pl.DataFrame:
    """Every current match decision, in the shape :func:`screening.matching.overrides.effective`
    reads (the newest decision per pair wins); with ``fresh_request``, also the project group's
    newest request for a fresh matching (a «forfra» row without tasks), as the run reads it."""
    kinds = (MATCH_OVERRIDE, MATCH_FRESH) if fresh_request else (MATCH_OVERRIDE,)
    latest = pl.concat([current(events, kind) for kind in kinds], how="vertical").sort("event_id")
    details = [json.loads(d) if d else {} for d in latest["details"].to_list()]
    return pl.DataFrame(
        {
            "action": latest["new_value"],
            "task_id": [d.get("task_id") for d in details],
            "other_task_id": [d.get("other_task_id") for d in details],
            "note": latest["reason"],
            "decided_by": latest["user_name"],
            "decided_at": [
                d.get("decided_at") or at
                for d, at in zip(details, latest["recorded_at"], strict=True)
            ],
        },
        schema=OVERRIDE_SCHEMA,
    )


def import_overrides_csv(engine: sa.Engine, path: Path) -> int:
    """Import the decisions of an older overrides file once; returns how many were imported."""
    if not path.exists() or (path.is_dir() and any_imported(engine, "overrides:")):
        return 0  # once imported, the file no longer matters: the store holds the decisions
    rows = read_overrides(path)  # a folder in its place stops here with a Danish message
    # Keyed by content, not path: the same file reached by another path (a moved checkout, a
    # container's mount) must not be imported again on top of later decisions.
    key = f"overrides:{file_sha256(path)}"
    if already_imported(engine, key):
        return 0  # once imported, the file no longer matters: the store holds the decisions
    events = []
    for row in rows.iter_rows(named=True):
        if row["action"] not in (MERGE, SPLIT) or not row["task_id"] or not row["other_task_id"]:
            continue
        first, second = sorted((row["task_id"], row["other_task_id"]))
        events.append(
            {
                "kind": MATCH_OVERRIDE,
                "subject": f"{first}|{second}",
                "new_value": row["action"],
                "reason": row["note"],
                "user_name": row["decided_by"] or IMPORTER.name,
                "details": {
                    "task_id": first,
                    "other_task_id": second,
                    "decided_at": row["decided_at"],
                    "imported_from": str(path),
                },
            }
        )
    return len(events) if import_once(engine, IMPORTER, key, events) else 0


def read_match_overrides(engine: sa.Engine, legacy_csv: Path | None = None) -> pl.DataFrame:
    if legacy_csv is not None:
        import_overrides_csv(engine, legacy_csv)
    events = read_events(engine, kinds=(MATCH_OVERRIDE, MATCH_FRESH))
    return match_overrides(events, fresh_request=True)


def vanished_message(url: str) -> str:
    return (
        "Projektgruppens beslutninger om sammenkobling findes ikke i beslutningsdatabasen "
        f"({url}), men den sidste bruttoliste byggede på nogle. Bruttolisten er nu dannet uden "
        "dem. Læg beslutningsdatabasen tilbage (fx fra en sikkerhedskopi) og kør igen; var det "
        "meningen at slette dem, så er der intet at gøre."
    )


def pair_subject(task_id: str, other_task_id: str) -> str:
    """The decision's key: the pair in a fixed order, whichever task was named first."""
    first, second = sorted((task_id, other_task_id))
    return f"{first}|{second}"


def pair_versions(events: pl.DataFrame) -> dict[str, int]:
    """The current version of each pair's decision (absent: no decision yet, version 0)."""
    latest = current(events, MATCH_OVERRIDE)
    return dict(zip(latest["subject"].to_list(), latest["version"].to_list(), strict=True))
