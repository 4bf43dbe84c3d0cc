"""The newest event of one subject of the decision log, for the phase-3 modules that cannot
import :mod:`screening.phase3.state` (which imports them)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from screening.decisions.state import current


@dataclass
class Entry:
    """The newest event of one subject (version 0: none yet)."""

    value: Any = None
    version: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    recorded_at: str | None = None
    user_name: str | None = None
    reason: str | None = None


def newest(events: pl.DataFrame, kind: str, subject: str) -> Entry:
    rows = events.filter(pl.col("kind") == kind, pl.col("subject") == subject)
    if rows.is_empty():
        return Entry()
    return entry_of(rows.sort("version").row(-1, named=True))


def newest_by_subject(events: pl.DataFrame, kind: str) -> dict[str, Entry]:
    """The newest event of every subject of ``kind``, in one pass over the log (a national
    list asks for thousands of subjects, and one filter each would take seconds)."""
    latest = current(events, kind)
    return {row["subject"]: entry_of(row) for row in latest.iter_rows(named=True)}


def entry_of(row: dict[str, Any]) -> Entry:
    details = json.loads(row["details"]) if row["details"] else {}
    return Entry(
        row["new_value"], row["version"], details, row["recorded_at"], row["user_name"],
        row["reason"],
    )  # fmt: skip
