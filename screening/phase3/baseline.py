"""The frozen baseline of an established operation: each member's cost base, staff (FTE) and
service level for the task as they were when the coalition decided to establish it, with where
they came from and when. Follow-up measures realised cost and staff against it.

The baseline is frozen once, when the status becomes «besluttet etableret», from the analysis's
figures, falling back to the municipality's own screening figures; afterwards it changes only by
a correction, a new event with a reason (:mod:`screening.phase3.baseline_record`). Pure
functions over the log.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.log import Entry, newest

BASELINE = "benefit_baseline"
ANALYSIS_SOURCE, SCREENING_SOURCE = "analysis", "screening"


def subject(candidate_id: str, municipality: str) -> str:
    return f"{candidate_id}|{municipality}"


def baseline_of(
    municipality: str,
    figures: MunicipalityFigures | None,
    screening: dict[str, Any] | None,
) -> dict[str, Any]:
    """One member's baseline: each figure from the analysis where it has one, else from the
    screening; ``source`` says which, per figure, and the analysis's own source."""
    screening = screening or {}
    cost = figures.baseline_cost if figures else None
    fte = figures.fte if figures else None
    found: dict[str, Any] = {
        "municipality": municipality,
        "cost_base": cost if cost is not None else screening.get("cost_base"),
        "fte": fte if fte is not None else screening.get("fte"),
        "service_level": (figures.service_level if figures else "") or "",
        "cost_base_from": ANALYSIS_SOURCE if cost is not None else SCREENING_SOURCE,
        "fte_from": ANALYSIS_SOURCE if fte is not None else SCREENING_SOURCE,
    }
    sources = []
    origins = (found["cost_base_from"], found["fte_from"])
    if figures and figures.source and ANALYSIS_SOURCE in origins:
        sources.append(f"Analysen: {figures.source}")
    if SCREENING_SOURCE in origins and screening.get("source"):
        sources.append(str(screening["source"]))
    found["source"] = "; ".join(sources)
    return found


def baselines(events: pl.DataFrame, candidate_id: str, members: list[str]) -> dict[str, Entry]:
    """Each member's current baseline (an Entry with no value: none frozen)."""
    return {m: newest(events, BASELINE, subject(candidate_id, m)) for m in members}


BASELINE_SCHEMA = {
    "candidate_id": pl.String,
    "title": pl.String,
    "municipality": pl.String,
    "baseline_cost_dkk": pl.Float64,
    "baseline_fte": pl.Float64,
    "service_level": pl.String,
    "cost_base_from": pl.String,
    "fte_from": pl.String,
    "source": pl.String,
    "frozen_at": pl.String,
    "version": pl.Int64,
    "corrected_because": pl.String,
    "recorded_by": pl.String,
    "recorded_at": pl.String,
}


def baseline_table(events: pl.DataFrame) -> pl.DataFrame:
    """One row per candidate and municipality with a frozen baseline: its current figures, when
    it was frozen, and the reason of the newest correction, if any."""
    mine = events.filter(pl.col("kind") == BASELINE)
    rows = []
    for name in mine["subject"].unique().sort().to_list():
        entry = newest(mine, BASELINE, name)
        first = mine.filter(pl.col("subject") == name).sort("version").row(0, named=True)
        doc = entry.details
        rows.append(
            {
                "candidate_id": name.split("|")[0],
                "title": doc.get("title"),
                "municipality": doc.get("municipality"),
                "baseline_cost_dkk": doc.get("cost_base"),
                "baseline_fte": doc.get("fte"),
                "service_level": doc.get("service_level") or None,
                "cost_base_from": doc.get("cost_base_from"),
                "fte_from": doc.get("fte_from"),
                "source": doc.get("source") or None,
                "frozen_at": first["recorded_at"],
                "version": entry.version,
                "corrected_because": entry.reason if entry.version > 1 else None,
                "recorded_by": entry.user_name,
                "recorded_at": entry.recorded_at,
            }
        )
    return pl.DataFrame(rows, schema=BASELINE_SCHEMA)
