"""The list a municipality decides on in each phase, and each of its decisions as exported.

Phase 1 (the directorates' priorities) is decided on today's gross list; phase 2 (the
committees) on the newest frozen list, as presented to the coordination committee. A workbook
names its list by an id: the snapshot's id in phase 2, and in phase 1 a fingerprint of the
candidates on today's list, so an import can tell whether the list has changed since.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa

from screening.decisions import record, state
from screening.decisions.record import POLITICAL, PRIORITY, InvalidDecision
from screening.decisions.snapshots import find_snapshot, snapshot_frame
from screening.i18n import _

PHASES = (1, 2)


@dataclass(frozen=True)
class DecisionList:
    phase: int
    list_id: str
    label: str
    candidates: pl.DataFrame  # candidate_id, rank, title, municipalities, task_ids, score
    snapshot: dict[str, Any] | None = None  # the frozen list's row (phase 2)


def kind_of(phase: int) -> str:
    return PRIORITY if phase == 1 else POLITICAL


def subject(municipality: str, candidate_id: str) -> str:
    return record.decision_subject(municipality, candidate_id)


def gross_list_fingerprint(gross_list: pl.DataFrame) -> str:
    ids = "\n".join(sorted(gross_list["candidate_id"].to_list()))
    return "B-" + hashlib.sha256(ids.encode()).hexdigest()[:12]


def decision_list(engine: sa.Engine, phase: int, gross_list: pl.DataFrame | None) -> DecisionList:
    """Phase 1: today's gross list (``gross_list``); phase 2: the newest frozen list."""
    if phase == 1:
        if gross_list is None or gross_list.is_empty():
            raise InvalidDecision(_("Der er ingen bruttoliste endnu."))
        columns = ["candidate_id", "rank", "title", "municipalities", "task_ids", "score"]
        return DecisionList(
            1,
            gross_list_fingerprint(gross_list),
            _("Bruttolisten"),
            gross_list.select(columns).sort("rank"),
        )
    snapshot = find_snapshot(engine)
    return DecisionList(
        2, snapshot["snapshot_id"], snapshot["label"], snapshot_frame(snapshot), snapshot
    )


def current_decisions(events: pl.DataFrame, phase: int, municipality: str) -> dict[str, dict]:
    """candidate id -> the municipality's current decision (label, comment, version, …)."""
    frame = state.decisions(events, kind_of(phase)).filter(pl.col("municipality") == municipality)
    return {row["candidate_id"]: row for row in frame.iter_rows(named=True)}


def decision_at_version(
    events: pl.DataFrame, phase: int, municipality: str, candidate_id: str, version: int
) -> dict[str, Any] | None:
    """The decision as it was at ``version`` (the log keeps every version), or None for 0."""
    if version <= 0:
        return None
    found = events.filter(
        (pl.col("kind") == kind_of(phase))
        & (pl.col("subject") == subject(municipality, candidate_id))
        & (pl.col("version") == version)
    )
    if found.is_empty():
        return None
    rows = state.decisions(found, kind_of(phase)).to_dicts()
    return rows[0] if rows else None
