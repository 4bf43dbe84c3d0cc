"""The baseline's writes: frozen once when an operation is «besluttet etableret», in the same
transaction as that status, and corrected afterwards only by a logged event that says why. Both
append through the one append function (:meth:`screening.decisions.append.Writer.append`)."""

from __future__ import annotations

from typing import Any

import polars as pl
import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import authorise
from screening.decisions.record import InvalidDecision, clean_text
from screening.decisions.store import ANY_VERSION, read_events
from screening.decisions.users import User
from screening.i18n import N_, _
from screening.phase3 import baseline, state
from screening.phase3.state import Phase3Candidate


def first_baselines(
    events: pl.DataFrame,
    candidate: Phase3Candidate,
    screening: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Each member's baseline as frozen at «besluttet etableret», from the analysis, falling
    back to ``screening`` (per municipality: cost_base, fte, source): the first records that
    the status event writes in its own transaction, each only where none is frozen yet.
    ``events``: the phase-3 log as the status write read it."""
    entered, _record = state.figures(events, candidate)
    by_municipality = {f.municipality: f for f in entered}
    frozen = baseline.baselines(events, candidate.candidate_id, state.joined(events, candidate))
    records = []
    for municipality, current in frozen.items():
        if current.version:
            continue
        doc = baseline.baseline_of(
            municipality, by_municipality.get(municipality), (screening or {}).get(municipality)
        )
        records.append(
            {
                "kind": baseline.BASELINE,
                "subject": baseline.subject(candidate.candidate_id, municipality),
                "new_value": repr(doc["cost_base"]),
                "phase": 3,
                "municipality": municipality,
                "candidate_id": candidate.candidate_id,
                "reason": "Fastfrosset ved «besluttet etableret».",
                "details": {"title": candidate.title, **doc},
            }
        )
    return records


def record_baseline_correction(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    municipality: str,
    *,
    reason: str,
    cost_base: float | None = None,
    fte: float | None = None,
    service_level: str | None = None,
    source: str = "",
    expected_version: int = ANY_VERSION,
) -> dict[str, Any]:
    """Correct one member's frozen baseline; the reason is required and kept in the log beside
    the figures it replaced."""
    writer = authorise(user, rights.PHASE3)
    why = clean_text(reason, N_("Begrundelsen"))
    if not why:
        raise InvalidDecision(
            _("En fastfrosset baseline rettes kun med en begrundelse: skriv hvorfor.")
        )
    events = read_events(engine, kinds=state.KINDS)
    current = baseline.baselines(events, candidate.candidate_id, [municipality])[municipality]
    if not current.version:
        raise InvalidDecision(
            _(
                "{municipality} har ingen fastfrosset baseline for «{title}»; den fastfryses, når "
                "driftsfællesskabet besluttes etableret."
            ).format(municipality=municipality, title=candidate.title)
        )
    doc = dict(current.details)
    for name, value in (("cost_base", cost_base), ("fte", fte)):
        if value is None:
            continue
        if not 0 <= float(value) < 1e11:
            raise InvalidDecision(
                _("{municipality}: {value} kan ikke være rigtigt.").format(
                    municipality=municipality, value=value
                )
            )
        doc[name] = float(value)
        doc[f"{name}_from"] = "correction"
    if service_level is not None:
        doc["service_level"] = clean_text(service_level, N_("Serviceniveauet"))
    if source:
        doc["source"] = clean_text(source, N_("Kilden"))
    return writer.append(
        engine,
        kind=baseline.BASELINE,
        subject=baseline.subject(candidate.candidate_id, municipality),
        new_value=repr(doc["cost_base"]),
        expected_version=expected_version,
        phase=3,
        municipality=municipality,
        candidate_id=candidate.candidate_id,
        reason=why,
        details=doc,
    )
