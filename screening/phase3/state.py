"""Where each phase-3 candidate stands, derived from the decision log: its analysis, figures,
status and its history, the municipalities' decisions to join, comments, the service agreement
and the follow-up. Pure functions over the log; the dashboard calls them live and the Dagster
assets call the same ones.

The current value of each record is its newest event (highest version), as in phases 1–2.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from screening.coalition import load_coalition_rule
from screening.decisions import state as decision_state
from screening.i18n import _
from screening.phase3 import baseline, legal
from screening.phase3.business_case import (
    KeyUnavailable,
    MunicipalityFigures,
    allocate,
    business_case,
    key_weights,
)
from screening.phase3.settings import Phase3Settings
from screening.vocabulary import PHASE3_STATUSES, label_of

ANALYSIS = "phase3_analysis"
FIGURES = "phase3_figures"
STATUS = decision_state.PHASE3_STATUS
JOIN = "phase3_join"
COMMENT = "phase3_comment"
AGREEMENT = "service_agreement"
FOLLOW_UP = "follow_up"
KINDS = (
    ANALYSIS, FIGURES, STATUS, JOIN, COMMENT, AGREEMENT, FOLLOW_UP, baseline.BASELINE,
    *legal.KINDS,
)  # fmt: skip

IN_ANALYSIS = "analysis_in_progress"
RECOMMENDED = "recommended"
NOT_RECOMMENDED = "not_recommended"
ESTABLISHED = decision_state.ESTABLISHED
ABANDONED = "abandoned"
JOINS = "joins"


@dataclass(frozen=True)
class Phase3Candidate:
    """A candidate in the targeted analysis: its coalition is the municipalities that decided
    «ønsker at gå videre» in phase 2."""

    candidate_id: str
    title: str
    task_ids: tuple[str, ...]
    coalition: tuple[str, ...]
    authority_exercise: bool = False
    rank: int | None = None


@dataclass
class Record:
    """The current value of one phase-3 record and the version it is at (0: none yet)."""

    value: Any = None
    version: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    recorded_at: str | None = None
    user_name: str | None = None


def phase3_events(events: pl.DataFrame) -> pl.DataFrame:
    return events.filter(pl.col("kind").is_in(KINDS))


def without_phase3(events: pl.DataFrame) -> pl.DataFrame:
    """The log without phase-3 events, for views of phases 1–2 (phase 3 has its own page)."""
    return events.filter(~pl.col("kind").is_in(KINDS))


def _details(text: str | None) -> dict[str, Any]:
    return json.loads(text) if text else {}


def _current(events: pl.DataFrame, kind: str, subject: str) -> Record:
    rows = events.filter(pl.col("kind") == kind, pl.col("subject") == subject)
    if rows.is_empty():
        return Record()
    row = rows.sort("version").row(-1, named=True)
    return Record(
        row["new_value"], row["version"], _details(row["details"]), row["recorded_at"],
        row["user_name"],
    )  # fmt: skip


def analysis(events: pl.DataFrame, candidate_id: str) -> Record:
    """The analysis text: rationale, advantages, disadvantages, risks, vehicle, key."""
    return _current(events, ANALYSIS, candidate_id)


def figures(events: pl.DataFrame, candidate: Phase3Candidate) -> tuple[list, Record]:
    """Each coalition municipality's figures (empty ones for those not yet entered)."""
    record = _current(events, FIGURES, candidate.candidate_id)
    entered = record.details.get("figures", {})
    names = list(candidate.coalition) + [m for m in entered if m not in candidate.coalition]
    return [
        MunicipalityFigures(m, **entered[m]) if m in entered else MunicipalityFigures(m)
        for m in names
    ], record


def status(events: pl.DataFrame, candidate_id: str) -> Record:
    return _current(events, STATUS, candidate_id)


established = decision_state.established  # one source for the funnel and the phase-3 pages


def status_history(events: pl.DataFrame, candidate_id: str) -> pl.DataFrame:
    """Every step of the status, oldest first: from what to what, who, when and why."""
    return (
        events.filter(pl.col("kind") == STATUS, pl.col("subject") == candidate_id)
        .sort("version")
        .select(
            "recorded_at",
            "old_value",
            "new_value",
            "reason",
            "user_name",
            "user_role",
            "user_municipality",
        )
    )


def join_subject(municipality: str, candidate_id: str) -> str:
    return f"{municipality}|{candidate_id}"


def joins(events: pl.DataFrame, candidate: Phase3Candidate) -> dict[str, Record]:
    """Each coalition municipality's own decision to join (a Record with no value: none yet)."""
    return {
        m: _current(events, JOIN, join_subject(m, candidate.candidate_id))
        for m in candidate.coalition
    }


def joined(events: pl.DataFrame, candidate: Phase3Candidate) -> list[str]:
    return [m for m, r in joins(events, candidate).items() if r.value == JOINS]


def comments(events: pl.DataFrame, candidate_id: str) -> pl.DataFrame:
    """The coalition's comments, newest first."""
    return (
        events.filter(pl.col("kind") == COMMENT, pl.col("candidate_id") == candidate_id)
        .sort("event_id", descending=True)
        .select("recorded_at", "municipality", "user_name", "user_role", "new_value")
    )


def agreement(events: pl.DataFrame, candidate_id: str) -> Record:
    return _current(events, AGREEMENT, candidate_id)


def follow_up_subject(candidate_id: str, year: int, municipality: str) -> str:
    return f"{candidate_id}|{year}|{municipality}"


def follow_ups(events: pl.DataFrame, candidate_id: str) -> dict[tuple[int, str], Record]:
    """The realised gain recorded per (year, municipality)."""
    rows = events.filter(pl.col("kind") == FOLLOW_UP, pl.col("candidate_id") == candidate_id)
    found: dict[tuple[int, str], Record] = {}
    for subject in rows["subject"].unique().to_list():
        record = _current(rows, FOLLOW_UP, subject)
        found[(int(record.details["year"]), record.details["municipality"])] = record
    return found


def phase3_candidates(gross_list: pl.DataFrame, events: pl.DataFrame) -> list[Phase3Candidate]:
    """The candidates on the phase-3 list (at least two willing municipalities), in rank order,
    then any analysed candidate no longer on it (its coalition as when last analysed)."""
    status_frame = decision_state.phase_status(gross_list, events)
    authority = (
        dict(gross_list.select("candidate_id", "authority_exercise").iter_rows())
        if "authority_exercise" in gross_list.columns
        else {}
    )
    rows = gross_list.join(status_frame, on="candidate_id").sort("rank")
    found = [
        Phase3Candidate(
            row["candidate_id"],
            row["title"],
            tuple(row["task_ids"]),
            tuple(row["willing_municipalities"]),
            bool(authority.get(row["candidate_id"])),
            row["rank"],
        )
        for row in rows.filter(pl.col("advances")).iter_rows(named=True)
    ]
    seen = {c.candidate_id for c in found}
    mine = phase3_events(events)
    for candidate_id in mine.filter(pl.col("kind") == ANALYSIS)["candidate_id"].unique().sort():
        if candidate_id in seen:
            continue
        doc = analysis(mine, candidate_id).details
        found.append(
            Phase3Candidate(
                candidate_id,
                doc.get("title", candidate_id),
                tuple(doc.get("task_ids", [])),
                tuple(doc.get("coalition", [])),
                bool(doc.get("authority_exercise")),
            )
        )
    return found


def recommendation_problems(events: pl.DataFrame, candidate: Phase3Candidate) -> list[str]:
    """Why the candidate cannot be recommended yet (Danish); empty when it can."""
    doc = analysis(events, candidate.candidate_id).details
    entered, _record = figures(events, candidate)
    problems = []
    rule = load_coalition_rule()
    if len(candidate.coalition) < rule.minimum():
        problems.append(
            _("Koalitionen skal have {rule}, der vil være med.").format(rule=rule.text())
        )
    if not doc.get("rationale"):
        problems.append(_("Rationalet er ikke gjort konkret i analysen."))
    if not doc.get("legal_vehicle"):
        problems.append(_("Vælg den juridiske form (værtskommune, § 60, forening, fælles udbud)."))
    if candidate.authority_exercise and not doc.get("legal_basis"):
        problems.append(
            _(
                "Opgaven indeholder myndighedsudøvelse: skriv den hjemmel, der tillader, at den "
                "løses i fællesskab. Uden hjemmel kan kandidaten ikke anbefales."
            )
        )
    missing = [f.municipality for f in entered if not f.complete]
    if missing:
        problems.append(
            _("Mangler forventet årlig gevinst og engangsudgift for {municipalities}.").format(
                municipalities=", ".join(missing)
            )
        )
    problems.extend(legal.hindrances(events, candidate.candidate_id))
    return problems


def establishment_problems(events: pl.DataFrame, candidate: Phase3Candidate) -> list[str]:
    """Why the operation cannot be recorded as established yet (Danish)."""
    problems = recommendation_problems(events, candidate)
    doc = analysis(events, candidate.candidate_id).details
    members = joined(events, candidate)
    rule = load_coalition_rule()
    if len(members) < rule.minimum():
        problems.append(
            _(
                "Gruppens regel er {rule}: så mange skal selv have besluttet at tiltræde (nu: "
                "{now})."
            ).format(rule=rule.text(), now=len(members))
        )
    problems.extend(legal.route_problems(events, candidate.candidate_id, doc))
    return problems


def chosen_key_shares(
    entered: list[MunicipalityFigures],
    key: str | None,
    populations: dict[str, int | None],
    settings: Phase3Settings,
) -> dict[str, int] | None:
    """Each municipality's net annual gain under the chosen key (None: no usable key)."""
    if not key:
        return None
    try:
        weights = key_weights(key, entered, populations)
    except KeyUnavailable:
        return None
    _rows, total = business_case(entered, settings)
    return allocate(total.net_annual_gain, weights)


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
