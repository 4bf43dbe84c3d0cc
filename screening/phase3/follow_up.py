"""The follow-up of established operations: each year's expected net gain per member
municipality (its share under the chosen key) against the gain realised and recorded, as the
«Opfølgning» page and the warehouse show it."""

from __future__ import annotations

from typing import Any

import polars as pl

from screening.phase3 import baseline
from screening.phase3.settings import Phase3Settings
from screening.phase3.state import (
    ESTABLISHED,
    agreement,
    analysis,
    chosen_key_shares,
    figures,
    follow_ups,
    joined,
    phase3_candidates,
    phase3_events,
    status,
)

FOLLOW_UP_SCHEMA = {
    "candidate_id": pl.String,
    "title": pl.String,
    "year": pl.Int64,
    "municipality": pl.String,
    "expected_gain_dkk": pl.Float64,
    "baseline_cost_dkk": pl.Float64,
    "realised_cost_dkk": pl.Float64,
    "realised_change_dkk": pl.Float64,
    "baseline_fte": pl.Float64,
    "realised_fte": pl.Float64,
    "realised_gain_dkk": pl.Float64,
    "deviation_dkk": pl.Float64,
    "deviation_share": pl.Float64,
    "note": pl.String,
    "recorded_by": pl.String,
    "recorded_at": pl.String,
}


def follow_up_table(
    gross_list: pl.DataFrame,
    events: pl.DataFrame,
    populations: dict[str, int | None],
    settings: Phase3Settings,
) -> pl.DataFrame:
    """One row per established operation, year and member municipality: the expected net gain
    (its share under the chosen key, or its own figure without one) against the realised gain,
    from the operation's first year to the last year followed up."""
    mine = phase3_events(events)
    rows = []
    for candidate in phase3_candidates(gross_list, events):
        if status(mine, candidate.candidate_id).value != ESTABLISHED:
            continue
        entered, _record = figures(mine, candidate)
        members = joined(mine, candidate)
        doc = analysis(mine, candidate.candidate_id).details
        under_key = chosen_key_shares(
            [f for f in entered if f.municipality in members],
            doc.get("distribution_key"),
            populations,
            settings,
        )
        own = {f.municipality: f.net_annual_gain for f in entered}
        recorded = follow_ups(mine, candidate.candidate_id)
        frozen = baseline.baselines(mine, candidate.candidate_id, members)
        start = agreement(mine, candidate.candidate_id).details.get("start_year")
        years = sorted({y for y, _m in recorded} | ({int(start)} if start else set()))
        if years:
            years = list(range(years[0], years[-1] + 1))
        for year in years:
            for municipality in members:
                expected = float(
                    under_key[municipality] if under_key else own.get(municipality, 0.0)
                )
                record = recorded.get((year, municipality))
                realised = _number(record.value) if record else None
                deviation = realised - expected if realised is not None else None
                base = frozen[municipality].details
                cost = _number(record.details.get("realised_cost")) if record else None
                base_cost = _number(base.get("cost_base"))
                rows.append(
                    {
                        "candidate_id": candidate.candidate_id,
                        "title": candidate.title,
                        "year": year,
                        "municipality": municipality,
                        "expected_gain_dkk": expected,
                        "baseline_cost_dkk": base_cost,
                        "realised_cost_dkk": cost,
                        # Positive is a saving against the frozen baseline.
                        "realised_change_dkk": (
                            base_cost - cost if base_cost is not None and cost is not None else None
                        ),
                        "baseline_fte": _number(base.get("fte")),
                        "realised_fte": _number(record.details.get("realised_fte"))
                        if record
                        else None,
                        "realised_gain_dkk": realised,
                        "deviation_dkk": deviation,
                        "deviation_share": (
                            deviation / expected if deviation is not None and expected else None
                        ),
                        "note": record.details.get("note") if record else None,
                        "recorded_by": record.user_name if record else None,
                        "recorded_at": record.recorded_at if record else None,
                    }
                )
    return pl.DataFrame(rows, schema=FOLLOW_UP_SCHEMA)


def _number(value: Any) -> float | None:
    return None if value is None or value == "None" else float(value)
