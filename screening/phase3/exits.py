"""What if a member leaves: for a recommended or established operation, each member's
withdrawal in turn, and what each remaining member would then gain under the chosen
distribution key, beside the exit terms of the service agreement. Pure functions; the phase-3
page, the committee annex and the warehouse table ``exit_scenarios`` call the same one."""

from __future__ import annotations

import polars as pl

from screening.phase3 import state
from screening.phase3.business_case import business_case
from screening.phase3.settings import Phase3Settings

SHARE = pl.Struct({"municipality": pl.String, "net_annual_gain_dkk": pl.Float64})
EXIT_SCHEMA = {
    "candidate_id": pl.String,
    "title": pl.String,
    "status": pl.String,
    "leaving_municipality": pl.String,
    "remaining": pl.List(pl.String),
    "distribution_key": pl.String,
    "net_annual_gain_before_dkk": pl.Float64,
    "net_annual_gain_after_dkk": pl.Float64,
    "shares_before": pl.List(SHARE),
    "shares_after": pl.List(SHARE),
    "below_minimum": pl.Boolean,
    "notice_months": pl.Int64,
    "exit_terms": pl.String,
}


def _shares(entered, members, key, populations, settings) -> dict[str, float]:
    """Each member's net annual gain under the key, or its own figure without a usable key."""
    mine = [f for f in entered if f.municipality in members]
    under_key = state.chosen_key_shares(mine, key, populations, settings)
    if under_key:
        return {m: float(v) for m, v in under_key.items()}
    return {f.municipality: f.net_annual_gain for f in mine}


def exit_scenarios(
    gross_list: pl.DataFrame,
    events: pl.DataFrame,
    populations: dict[str, int | None],
    settings: Phase3Settings,
    minimum: int,
) -> pl.DataFrame:
    """One row per recommended or established operation and leaving member: the coalition's net
    annual gain and each member's share before, and after that member left."""
    mine = state.phase3_events(events)
    rows = []
    for candidate in state.phase3_candidates(gross_list, events):
        current = state.status(mine, candidate.candidate_id).value
        if current not in (state.RECOMMENDED, state.ESTABLISHED):
            continue
        members = state.joined(mine, candidate) or list(candidate.coalition)
        entered, _record = state.figures(mine, candidate)
        if not entered or not all(f.complete for f in entered if f.municipality in members):
            continue
        key = state.analysis(mine, candidate.candidate_id).details.get("distribution_key")
        terms = state.agreement(mine, candidate.candidate_id).details
        before = _shares(entered, members, key, populations, settings)
        _parts, total = business_case([f for f in entered if f.municipality in members], settings)
        for leaving in members:
            remaining = [m for m in members if m != leaving]
            after = _shares(entered, remaining, key, populations, settings) if remaining else {}
            _parts, rest = business_case(
                [f for f in entered if f.municipality in remaining], settings
            )
            rows.append(
                {
                    "candidate_id": candidate.candidate_id,
                    "title": candidate.title,
                    "status": current,
                    "leaving_municipality": leaving,
                    "remaining": remaining,
                    "distribution_key": key,
                    "net_annual_gain_before_dkk": total.net_annual_gain,
                    "net_annual_gain_after_dkk": rest.net_annual_gain,
                    "shares_before": [
                        {"municipality": m, "net_annual_gain_dkk": v} for m, v in before.items()
                    ],
                    "shares_after": [
                        {"municipality": m, "net_annual_gain_dkk": v} for m, v in after.items()
                    ],
                    "below_minimum": len(remaining) < minimum,
                    "notice_months": terms.get("notice_months"),
                    "exit_terms": terms.get("exit_terms") or None,
                }
            )
    return pl.DataFrame(rows, schema=EXIT_SCHEMA)
