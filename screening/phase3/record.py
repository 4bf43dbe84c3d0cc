"""The phase-3 writes: the analysis, its figures, the status, each municipality's decision to
join, comments, the service agreement and the follow-up.

Each checks the user's right first (:mod:`screening.decisions.rights`), then the values, then
appends one event with the version the user saw, so a colleague's change made meanwhile is a
:class:`~screening.decisions.store.Conflict`, never silently overwritten.
"""

from __future__ import annotations

import math
import secrets
from datetime import date
from typing import Any

import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import Writer, authorise
from screening.decisions.record import InvalidDecision, clean_text, meeting_date_of, valid_term
from screening.decisions.rights import NotAllowed
from screening.decisions.store import ANY_VERSION, read_events
from screening.decisions.users import User
from screening.phase3 import baseline_record, state
from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.state import Phase3Candidate
from screening.vocabulary import (
    DISTRIBUTION_KEYS,
    JOIN_DECISIONS,
    LEGAL_VEHICLES,
    PHASE3_STATUSES,
    PHASE3_TRANSITIONS,
    PRICING_TYPES,
    RISK_LEVELS,
    Term,
    label_of,
)

MAX_ITEMS = 50
MAX_AMOUNT = 1e11  # 100 mia. kr.: beyond any municipal task, so a typo is caught


def _events(engine: sa.Engine):
    return read_events(engine, kinds=state.KINDS)


def _details(candidate: Phase3Candidate) -> dict[str, Any]:
    return {
        "title": candidate.title,
        "task_ids": list(candidate.task_ids),
        "coalition": list(candidate.coalition),
        "authority_exercise": candidate.authority_exercise,
    }


def _append(
    engine: sa.Engine,
    writer: Writer,
    candidate: Phase3Candidate,
    terms: tuple[Term, ...] = (),
    **fields: Any,
) -> dict[str, Any]:
    """Every phase-3 event is about one candidate, in phase 3."""
    return writer.append(engine, terms, phase=3, candidate_id=candidate.candidate_id, **fields)


def _summary(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _texts(items: list[str] | None, what: str) -> list[str]:
    cleaned = [clean_text(i, what) for i in (items or [])]
    cleaned = [i for i in cleaned if i]
    if len(cleaned) > MAX_ITEMS:
        raise InvalidDecision(f"{what}: højst {MAX_ITEMS} punkter.")
    return cleaned


def _code(value: str | None, terms, what: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    return valid_term(str(value), terms, what).code


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
        text = clean_text(risk.get("risk"), f"Risiko {number}")
        if not text:
            continue
        cleaned_risks.append(
            {
                "risk": text,
                "likelihood": _code(risk.get("likelihood"), RISK_LEVELS, "sandsynlighed")
                or "medium",
                "impact": _code(risk.get("impact"), RISK_LEVELS, "konsekvens") or "medium",
                "mitigation": clean_text(risk.get("mitigation"), f"Tiltag mod risiko {number}"),
            }
        )
    host = clean_text(host_municipality, "Værtskommunen") or None
    if host and host not in candidate.coalition:
        raise InvalidDecision(
            "Værtskommunen skal være en af koalitionens kommuner: "
            + ", ".join(candidate.coalition)
            + "."
        )
    doc = {
        **_details(candidate),
        "rationale": clean_text(rationale, "Rationalet"),
        "advantages": _texts(advantages, "Fordele"),
        "disadvantages": _texts(disadvantages, "Ulemper"),
        "risks": cleaned_risks[:MAX_ITEMS],
        "legal_vehicle": _code(legal_vehicle, LEGAL_VEHICLES, "juridisk form"),
        "host_municipality": host,
        "legal_basis": clean_text(legal_basis, "Hjemlen"),
        "supervisory_approval": clean_text(supervisory_approval, "Godkendelsen"),
        "distribution_key": _code(distribution_key, DISTRIBUTION_KEYS, "fordelingsnøgle"),
    }
    return _append(
        engine,
        writer,
        candidate,
        kind=state.ANALYSIS,
        subject=candidate.candidate_id,
        # What a colleague's conflict message quotes: the rationale as they wrote it.
        new_value=_summary(doc["rationale"] or "(uden rationale)"),
        expected_version=expected_version,
        details=doc,
    )


def _amount(value: float | None, what: str, municipality: str, signed: bool = False):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        amount = float(value)
    except (TypeError, ValueError):
        raise InvalidDecision(f"{municipality}, {what}: «{value}» er ikke et tal.") from None
    if not math.isfinite(amount) or abs(amount) > MAX_AMOUNT:
        raise InvalidDecision(f"{municipality}, {what}: {value} kr. kan ikke være rigtigt.")
    if amount < 0 and not signed:
        raise InvalidDecision(f"{municipality}, {what}: skriv et beløb på 0 eller derover.")
    return amount


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
                f"{f.municipality} er ikke i koalitionen ({', '.join(candidate.coalition)})."
            )
        m = f.municipality
        by_municipality[m] = {
            "baseline_cost": _amount(f.baseline_cost, "udgiftsbase", m),
            # A gain may be negative: an honest analysis can find that a municipality loses.
            "expected_gain": _amount(f.expected_gain, "forventet årlig gevinst", m, signed=True),
            "one_off_cost": _amount(f.one_off_cost, "engangsudgift", m),
            "running_cost": _amount(f.running_cost, "løbende udgift", m) or 0.0,
            "usage": _amount(f.usage, "forbrug", m),
            "source": clean_text(f.source, f"Kilden for {m}"),
            "fte": _amount(f.fte, "årsværk", m),
            "service_level": clean_text(f.service_level, f"Serviceniveauet for {m}"),
        }
    return _append(
        engine,
        writer,
        candidate,
        kind=state.FIGURES,
        subject=candidate.candidate_id,
        new_value=_summary(
            "; ".join(
                f"{m}: gevinst {v['expected_gain'] or 0:.0f} kr."
                for m, v in by_municipality.items()
            )
        ),
        expected_version=expected_version,
        details={
            **_details(candidate),
            "figures": by_municipality,
            "usage_unit": clean_text(usage_unit, "Forbrugets enhed"),
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
    code = valid_term(value, PHASE3_STATUSES, "status").code
    why = clean_text(reason, "Begrundelsen")
    if not why:
        raise InvalidDecision("Skriv hvorfor status ændres (fx mødet og beslutningen).")
    events = _events(engine)
    current = state.status(events, candidate.candidate_id)
    # A colleague moved the status since the user looked: the store refuses the write below
    # with the colleague's value, so the rules are checked only against the status the user saw.
    if expected_version in (ANY_VERSION, current.version):
        _check_step(events, candidate, current.value, code)
    baselines = (
        baseline_record.first_baselines(engine, candidate, screening_baselines)
        if code == state.ESTABLISHED
        else None
    )
    return _append(
        engine,
        writer,
        candidate,
        PHASE3_STATUSES,
        kind=state.STATUS,
        subject=candidate.candidate_id,
        new_value=code,
        expected_version=expected_version,
        reason=why,
        details=_details(candidate),
        first_records=baselines,
    )


def _check_step(events, candidate: Phase3Candidate, now: str | None, code: str) -> None:
    allowed = PHASE3_TRANSITIONS.get(now, ())
    if code not in allowed:
        shown = label_of(PHASE3_STATUSES, now) or "ingen status"
        raise InvalidDecision(
            f"Fra «{shown}» kan status ikke blive «{label_of(PHASE3_STATUSES, code)}». "
            + (
                "Mulige: " + ", ".join(f"«{label_of(PHASE3_STATUSES, a)}»" for a in allowed)
                if allowed
                else "Status er endelig."
            )
        )
    problems = []
    if code == state.RECOMMENDED:
        problems = state.recommendation_problems(events, candidate)
    elif code == state.ESTABLISHED:
        problems = state.establishment_problems(events, candidate)
    if problems:
        raise InvalidDecision(
            f"Kan ikke blive «{label_of(PHASE3_STATUSES, code)}»: " + " ".join(problems)
        )


def _in_coalition(user: User, candidate: Phase3Candidate, municipality: str, what: str) -> None:
    if municipality not in candidate.coalition and not user.has("administrator"):
        raise NotAllowed(
            f"{user.name} må ikke {what}: {municipality} er ikke i koalitionen for "
            f"«{candidate.title}» ({', '.join(candidate.coalition)})."
        )


def record_join(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    value: str,
    *,
    committee: str,
    meeting_date: date | str,
    comment: str = "",
    municipality: str | None = None,
    expected_version: int = ANY_VERSION,
) -> dict[str, Any]:
    """A coalition municipality's own decision to join the shared operation (or not)."""
    municipality = municipality or user.municipality
    writer = authorise(user, rights.PHASE3_JOIN, municipality)
    _in_coalition(user, candidate, municipality, "registrere en tiltrædelse")
    code = valid_term(value, JOIN_DECISIONS, "beslutning om at tiltræde").code
    committee = clean_text(committee, "Udvalget")
    if not committee:
        raise InvalidDecision("Skriv hvilket udvalg eller byråd, der besluttede.")
    meeting = meeting_date_of(meeting_date)
    return _append(
        engine,
        writer,
        candidate,
        JOIN_DECISIONS,
        kind=state.JOIN,
        subject=state.join_subject(municipality, candidate.candidate_id),
        new_value=code,
        expected_version=expected_version,
        municipality=municipality,
        reason=clean_text(comment, "Bemærkningen"),
        details={
            **_details(candidate),
            "committee": committee,
            "meeting_date": meeting.isoformat(),
        },
    )


def record_comment(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    text: str,
    *,
    municipality: str | None = None,
) -> dict[str, Any]:
    """A coalition municipality's comment on the analysis (a new one each time, never edited)."""
    municipality = municipality or user.municipality
    writer = authorise(user, rights.PHASE3_COMMENT, municipality)
    _in_coalition(user, candidate, municipality, "kommentere analysen")
    comment = clean_text(text, "Kommentaren")
    if not comment:
        raise InvalidDecision("Skriv en kommentar.")
    return _append(
        engine,
        writer,
        candidate,
        kind=state.COMMENT,
        subject=f"{candidate.candidate_id}|{municipality}|{secrets.token_hex(6)}",
        new_value=comment,
        expected_version=0,
        municipality=municipality,
        details={"title": candidate.title},
    )


def _established(engine: sa.Engine, candidate: Phase3Candidate, what: str) -> None:
    if state.status(_events(engine), candidate.candidate_id).value != state.ESTABLISHED:
        raise InvalidDecision(
            f"{what} gælder et etableret driftsfællesskab; «{candidate.title}» er ikke "
            "besluttet etableret."
        )


def record_service_agreement(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    *,
    supplier: str,
    start_year: int,
    services: list[dict[str, Any]],
    annual_budget: float | None = None,
    cost_price: str = "",
    zero_result: str = "",
    surplus_share: float = 0.8,
    surplus_cap: float = 0.04,
    deficit: str = "",
    notice_months: int = 12,
    exit_terms: str = "",
    expected_version: int = ANY_VERSION,
) -> dict[str, Any]:
    """The established operation's service agreement: the service catalogue (each service
    with its level of quality and quantity and its pricing type A–D), the cost-price and
    zero-result principles, how a surplus or deficit is carried over, and the terms for
    leaving."""
    writer = authorise(user, rights.PHASE3)
    _established(engine, candidate, "Serviceaftalen")
    catalogue = []
    for number, service in enumerate(services, start=1):
        name = clean_text(service.get("name"), f"Ydelse {number}")
        if not name:
            continue
        catalogue.append(
            {
                "name": name,
                "quality": clean_text(service.get("quality"), f"Kvalitet for {name}"),
                "quantity": clean_text(service.get("quantity"), f"Mængde for {name}"),
                "pricing_type": _code(service.get("pricing_type"), PRICING_TYPES, "pristype")
                or "C",
                "price": clean_text(service.get("price"), f"Pris for {name}"),
            }
        )
    if not catalogue:
        raise InvalidDecision("Servicekataloget skal have mindst én ydelse.")
    if not 0 <= surplus_share <= 1 or not 0 <= surplus_cap <= 1:
        raise InvalidDecision("Andel af overskud og loft skal være mellem 0 og 100 %.")
    if not 1900 < int(start_year) < 2200:
        raise InvalidDecision(f"Startåret {start_year} kan ikke være rigtigt.")
    if not 0 <= int(notice_months) <= 120:
        raise InvalidDecision("Opsigelsesvarslet skal være mellem 0 og 120 måneder.")
    supplier = clean_text(supplier, "Leverandøren")
    if not supplier:
        raise InvalidDecision("Skriv hvem der leverer ydelserne (fx værtskommunen).")
    details = {
        **_details(candidate),
        "supplier": supplier,
        "start_year": int(start_year),
        "services": catalogue,
        "annual_budget": _amount(annual_budget, "årligt budget", supplier),
        "cost_price": clean_text(cost_price, "Selvkostprincippet"),
        "zero_result": clean_text(zero_result, "Nulresultatprincippet"),
        "surplus_share": float(surplus_share),
        "surplus_cap": float(surplus_cap),
        "deficit": clean_text(deficit, "Underskud"),
        "notice_months": int(notice_months),
        "exit_terms": clean_text(exit_terms, "Vilkårene for udtræden"),
    }
    return _append(
        engine,
        writer,
        candidate,
        kind=state.AGREEMENT,
        subject=candidate.candidate_id,
        new_value=_summary(f"{supplier}: {', '.join(s['name'] for s in catalogue)}"),
        expected_version=expected_version,
        details=details,
    )


def record_follow_up(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    *,
    year: int,
    municipality: str,
    realised_gain: float | None = None,
    note: str = "",
    realised_cost: float | None = None,
    realised_fte: float | None = None,
    expected_version: int = ANY_VERSION,
) -> dict[str, Any]:
    """A follow-up milestone: the gain one member municipality realised in one year, and its
    realised cost and staff for the task, measured against its frozen baseline."""
    writer = authorise(user, rights.PHASE3)
    _established(engine, candidate, "Opfølgningen")
    members = state.joined(_events(engine), candidate)
    if municipality not in members:
        raise InvalidDecision(
            f"{municipality} har ikke tiltrådt driftsfællesskabet ({', '.join(members)})."
        )
    realised = _amount(realised_gain, f"realiseret gevinst {year}", municipality, signed=True)
    cost = _amount(realised_cost, f"realiseret udgift {year}", municipality)
    if realised is None and cost is None:
        raise InvalidDecision(
            f"{municipality}, {year}: skriv den realiserede gevinst eller udgift."
        )
    return _append(
        engine,
        writer,
        candidate,
        kind=state.FOLLOW_UP,
        subject=state.follow_up_subject(candidate.candidate_id, int(year), municipality),
        new_value=repr(realised),
        expected_version=expected_version,
        municipality=municipality,
        reason=clean_text(note, "Noten"),
        details={
            "title": candidate.title,
            "year": int(year),
            "municipality": municipality,
            "note": clean_text(note, "Noten"),
            "realised_cost": cost,
            "realised_fte": _amount(realised_fte, f"realiserede årsværk {year}", municipality),
        },
    )
