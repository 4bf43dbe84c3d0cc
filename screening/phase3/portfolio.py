"""The phase-3 portfolio: one row per candidate in phase 3 with its status, coalition, legal
vehicle, distribution key and business case, as the «Fase 3» page and the warehouse show it."""

from __future__ import annotations

import polars as pl

from screening.phase3.business_case import business_case
from screening.phase3.settings import Phase3Settings
from screening.phase3.state import (
    analysis,
    figures,
    joined,
    phase3_candidates,
    phase3_events,
    status,
)
from screening.vocabulary import PHASE3_STATUSES, label_of

PORTFOLIO_SCHEMA = {
    "candidate_id": pl.String,
    "rank": pl.Int64,
    "title": pl.String,
    "status": pl.String,
    "status_label": pl.String,
    "status_since": pl.String,
    "coalition": pl.List(pl.String),
    "joined": pl.List(pl.String),
    "legal_vehicle": pl.String,
    "authority_exercise": pl.Boolean,
    "legal_basis": pl.String,
    "distribution_key": pl.String,
    "baseline_cost_dkk": pl.Float64,
    "one_off_cost_dkk": pl.Float64,
    "net_annual_gain_dkk": pl.Float64,
    "payback_years": pl.Float64,
    "net_present_value_dkk": pl.Float64,
    "discount_rate": pl.Float64,
    "horizon_years": pl.Int64,
}


def portfolio(
    gross_list: pl.DataFrame, events: pl.DataFrame, settings: Phase3Settings
) -> pl.DataFrame:
    """One row per candidate in phase 3: status, coalition, the business case, the key."""
    mine = phase3_events(events)
    rows = []
    for candidate in phase3_candidates(gross_list, events):
        doc = analysis(mine, candidate.candidate_id).details
        entered, _record = figures(mine, candidate)
        _parts, total = business_case(entered, settings)
        current = status(mine, candidate.candidate_id)
        baselines = [f.baseline_cost for f in entered if f.baseline_cost is not None]
        # A total over some municipalities' figures would read as the coalition's: none until
        # every coalition municipality's gain and one-off cost are in.
        computed = bool(entered) and all(f.complete for f in entered)
        rows.append(
            {
                "candidate_id": candidate.candidate_id,
                "rank": candidate.rank,
                "title": candidate.title,
                "status": current.value,
                "status_label": label_of(PHASE3_STATUSES, current.value) or None,
                "status_since": current.recorded_at,
                "coalition": list(candidate.coalition),
                "joined": joined(mine, candidate),
                "legal_vehicle": doc.get("legal_vehicle"),
                "authority_exercise": candidate.authority_exercise,
                "legal_basis": doc.get("legal_basis") or None,
                "distribution_key": doc.get("distribution_key"),
                "baseline_cost_dkk": sum(baselines) if baselines else None,
                "one_off_cost_dkk": total.one_off_cost if computed else None,
                "net_annual_gain_dkk": total.net_annual_gain if computed else None,
                "payback_years": total.payback_years if computed else None,
                "net_present_value_dkk": total.net_present_value if computed else None,
                "discount_rate": settings.discount_rate,
                "horizon_years": settings.horizon_years,
            }
        )
    return pl.DataFrame(rows, schema=PORTFOLIO_SCHEMA)
