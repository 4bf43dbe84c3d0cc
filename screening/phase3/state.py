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
