"""The phase-3 writes of the project group's analysis: the analysis itself, its figures and the
candidate's status.

Each checks the user's right first (:mod:`screening.decisions.rights`), then the values, then
appends one event with the version the user saw, so a colleague's change made meanwhile is a
:class:`~screening.decisions.store.Conflict`, never silently overwritten. The coalition's own
writes are in :mod:`screening.phase3.coalition_record`, the established operation's in
:mod:`screening.phase3.operation_record`; what they share is in :mod:`screening.phase3.writes`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import authorise
from screening.decisions.record import InvalidDecision, clean_text, valid_term
from screening.decisions.store import ANY_VERSION
from screening.decisions.users import User
from screening.i18n import N_, _
from screening.phase3 import baseline_record, state
from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.state import Phase3Candidate
from screening.phase3.writes import (
    MAX_ITEMS,
    amount,
    append,
    code_of,
    details_of,
    events_of,
    summary,
    texts,
)
from screening.vocabulary import (
    DISTRIBUTION_KEYS,
    LEGAL_VEHICLES,
    PHASE3_STATUSES,
    PHASE3_TRANSITIONS,
    RISK_LEVELS,
    label_of,
)


def record_analysis(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    *,
    rationale: str = "",
    advantages: list[str] | None = None,
    disadvantages: list[str] | None = None,
    risks: list[dict[str, str]] | None = None,
    legal_vehicle: str | None = None,
    host_municipality: str | None = None,
    legal_basis: str = "",
    supervisory_approval: str = "",
    distribution_key: str | None = None,
    expected_version: int = ANY_VERSION,
) -> dict[str, Any]:
    """The project group's analysis: the rationale made concrete, advantages and
    disadvantages, risks, the legal vehicle (and legal basis), the distribution key."""
    writer = authorise(user, rights.PHASE3)
    cleaned_risks = []
    for number, risk in enumerate(risks or [], start=1):
        text = clean_text(risk.get("risk"), _("Risiko {number}").format(number=number))
        if not text:
            continue
        cleaned_risks.append(
            {
                "risk": text,
                "likelihood": code_of(risk.get("likelihood"), RISK_LEVELS, N_("sandsynlighed"))
                or "medium",
                "impact": code_of(risk.get("impact"), RISK_LEVELS, N_("konsekvens")) or "medium",
                "mitigation": clean_text(
                    risk.get("mitigation"), _("Tiltag mod risiko {number}").format(number=number)
                ),
            }
        )
    host = clean_text(host_municipality, N_("Værtskommunen")) or None
    if host and host not in candidate.coalition:
        raise InvalidDecision(
            _("Værtskommunen skal være en af koalitionens kommuner: {coalition}.").format(
                coalition=", ".join(candidate.coalition)
            )
        )
    doc = {
        **details_of(candidate),
        "rationale": clean_text(rationale, N_("Rationalet")),
        "advantages": texts(advantages, N_("Fordele")),
        "disadvantages": texts(disadvantages, N_("Ulemper")),
        "risks": cleaned_risks[:MAX_ITEMS],
        "legal_vehicle": code_of(legal_vehicle, LEGAL_VEHICLES, N_("juridisk form")),
        "host_municipality": host,
        "legal_basis": clean_text(legal_basis, N_("Hjemlen")),
        "supervisory_approval": clean_text(supervisory_approval, N_("Godkendelsen")),
        "distribution_key": code_of(distribution_key, DISTRIBUTION_KEYS, N_("fordelingsnøgle")),
    }
    return append(
        engine,
        writer,
        candidate,
        kind=state.ANALYSIS,
        subject=candidate.candidate_id,
        # What a colleague's conflict message quotes: the rationale as they wrote it.
        new_value=summary(doc["rationale"] or "(uden rationale)"),
        expected_version=expected_version,
        details=doc,
    )


def record_figures(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    entered: list[MunicipalityFigures],
    *,
    usage_unit: str = "",
    expected_version: int = ANY_VERSION,
) -> dict[str, Any]:
    """Each coalition municipality's baseline, expected gain, running and one-off cost and
    usage, each with its source (the screening template, an estimate, a quote)."""
    writer = authorise(user, rights.PHASE3)
    by_municipality: dict[str, dict[str, Any]] = {}
    for f in entered:
        if f.municipality not in candidate.coalition:
            raise InvalidDecision(
                _("{municipality} er ikke i koalitionen ({coalition}).").format(
                    municipality=f.municipality, coalition=", ".join(candidate.coalition)
                )
            )
        m = f.municipality
        by_municipality[m] = {
            "baseline_cost": amount(f.baseline_cost, N_("udgiftsbase"), m),
            # A gain may be negative: an honest analysis can find that a municipality loses.
            "expected_gain": amount(f.expected_gain, N_("forventet årlig gevinst"), m, signed=True),
            "one_off_cost": amount(f.one_off_cost, N_("engangsudgift"), m),
            "running_cost": amount(f.running_cost, N_("løbende udgift"), m) or 0.0,
            "usage": amount(f.usage, N_("forbrug"), m),
            "source": clean_text(f.source, _("Kilden for {m}").format(m=m)),
            "fte": amount(f.fte, N_("årsværk"), m),
            "service_level": clean_text(f.service_level, _("Serviceniveauet for {m}").format(m=m)),
        }
    return append(
        engine,
        writer,
        candidate,
        kind=state.FIGURES,
        subject=candidate.candidate_id,
        new_value=summary(
            "; ".join(
                f"{m}: gevinst {v['expected_gain'] or 0:.0f} kr."
                for m, v in by_municipality.items()
            )
        ),
        expected_version=expected_version,
        details={
            **details_of(candidate),
            "figures": by_municipality,
            "usage_unit": clean_text(usage_unit, N_("Forbrugets enhed")),
        },
    )


def record_status(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    value: str,
    reason: str,
    *,
    expected_version: int = ANY_VERSION,
    screening_baselines: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A step of the status (analyse i gang → anbefalet / ikke anbefalet → besluttet etableret /
    opgivet), with why. A recommendation needs a complete analysis, and the legal basis when
    the task is authority exercise; «besluttet etableret» needs the municipalities' own
    decisions to join. «Besluttet etableret» freezes each member's baseline (from the analysis,
    falling back to ``screening_baselines``: per municipality cost_base, fte, source)."""
    writer = authorise(user, rights.PHASE3)
    code = valid_term(value, PHASE3_STATUSES, N_("status")).code
    why = clean_text(reason, N_("Begrundelsen"))
    if not why:
        raise InvalidDecision(_("Skriv hvorfor status ændres (fx mødet og beslutningen)."))
    events = events_of(engine)
    current = state.status(events, candidate.candidate_id)
    # A colleague moved the status since the user looked: the store refuses the write below
    # with the colleague's value, so the rules are checked only against the status the user saw.
    if expected_version in (ANY_VERSION, current.version):
        _check_step(events, candidate, current.value, code)
    baselines = (
        baseline_record.first_baselines(events, candidate, screening_baselines)
        if code == state.ESTABLISHED
        else None
    )
    return append(
        engine,
        writer,
        candidate,
        PHASE3_STATUSES,
        kind=state.STATUS,
        subject=candidate.candidate_id,
        new_value=code,
        expected_version=expected_version,
        reason=why,
        details=details_of(candidate),
        first_records=baselines,
    )


def _check_step(events, candidate: Phase3Candidate, now: str | None, code: str) -> None:
    allowed = PHASE3_TRANSITIONS.get(now, ())
    if code not in allowed:
        shown = _(label_of(PHASE3_STATUSES, now)) if now else _("ingen status")
        wanted = _(label_of(PHASE3_STATUSES, code))
        raise InvalidDecision(
            _("Fra «{shown}» kan status ikke blive «{wanted}». Mulige: {allowed}").format(
                shown=shown,
                wanted=wanted,
                allowed=", ".join(f"«{_(label_of(PHASE3_STATUSES, a))}»" for a in allowed),
            )
            if allowed
            else _("Fra «{shown}» kan status ikke blive «{wanted}». Status er endelig.").format(
                shown=shown, wanted=wanted
            )
        )
    problems = []
    if code == state.RECOMMENDED:
        problems = state.recommendation_problems(events, candidate)
    elif code == state.ESTABLISHED:
        problems = state.establishment_problems(events, candidate)
    if problems:
        raise InvalidDecision(
            _("Kan ikke blive «{status}»: {problems}").format(
                status=_(label_of(PHASE3_STATUSES, code)), problems=" ".join(problems)
            )
        )
