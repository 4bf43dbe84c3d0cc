"""The established operation's phase-3 writes: its service agreement, and the follow-up of
what each member realised against its frozen baseline. Both need the candidate to be
«besluttet etableret»."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import authorise
from screening.decisions.record import InvalidDecision, clean_text
from screening.decisions.store import ANY_VERSION
from screening.decisions.users import User
from screening.i18n import N_, _
from screening.phase3 import state
from screening.phase3.state import Phase3Candidate
from screening.phase3.writes import amount, append, code_of, details_of, events_of, summary
from screening.vocabulary import PRICING_TYPES


def _established(engine: sa.Engine, candidate: Phase3Candidate, what: str) -> None:
    if state.status(events_of(engine), candidate.candidate_id).value != state.ESTABLISHED:
        raise InvalidDecision(
            _(
                "{what} gælder et etableret driftsfællesskab; "
                "«{title}» er ikke besluttet etableret."
            ).format(what=_(what), title=candidate.title)
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
    _established(engine, candidate, N_("Serviceaftalen"))
    catalogue = []
    for number, service in enumerate(services, start=1):
        name = clean_text(service.get("name"), _("Ydelse {number}").format(number=number))
        if not name:
            continue
        catalogue.append(
            {
                "name": name,
                "quality": clean_text(
                    service.get("quality"), _("Kvalitet for {name}").format(name=name)
                ),
                "quantity": clean_text(
                    service.get("quantity"), _("Mængde for {name}").format(name=name)
                ),
                "pricing_type": code_of(service.get("pricing_type"), PRICING_TYPES, N_("pristype"))
                or "C",
                "price": clean_text(service.get("price"), _("Pris for {name}").format(name=name)),
            }
        )
    if not catalogue:
        raise InvalidDecision(_("Servicekataloget skal have mindst én ydelse."))
    if not 0 <= surplus_share <= 1 or not 0 <= surplus_cap <= 1:
        raise InvalidDecision(_("Andel af overskud og loft skal være mellem 0 og 100 %."))
    if not 1900 < int(start_year) < 2200:
        raise InvalidDecision(
            _("Startåret {start_year} kan ikke være rigtigt.").format(start_year=start_year)
        )
    if not 0 <= int(notice_months) <= 120:
        raise InvalidDecision(_("Opsigelsesvarslet skal være mellem 0 og 120 måneder."))
    supplier = clean_text(supplier, N_("Leverandøren"))
    if not supplier:
        raise InvalidDecision(_("Skriv hvem der leverer ydelserne (fx værtskommunen)."))
    details = {
        **details_of(candidate),
        "supplier": supplier,
        "start_year": int(start_year),
        "services": catalogue,
        "annual_budget": amount(annual_budget, N_("årligt budget"), supplier),
        "cost_price": clean_text(cost_price, N_("Selvkostprincippet")),
        "zero_result": clean_text(zero_result, N_("Nulresultatprincippet")),
        "surplus_share": float(surplus_share),
        "surplus_cap": float(surplus_cap),
        "deficit": clean_text(deficit, N_("Underskud")),
        "notice_months": int(notice_months),
        "exit_terms": clean_text(exit_terms, N_("Vilkårene for udtræden")),
    }
    return append(
        engine,
        writer,
        candidate,
        kind=state.AGREEMENT,
        subject=candidate.candidate_id,
        new_value=summary(f"{supplier}: {', '.join(s['name'] for s in catalogue)}"),
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
    _established(engine, candidate, N_("Opfølgningen"))
    members = state.joined(events_of(engine), candidate)
    if municipality not in members:
        raise InvalidDecision(
            _("{municipality} har ikke tiltrådt driftsfællesskabet ({members}).").format(
                municipality=municipality, members=", ".join(members)
            )
        )
    realised = amount(
        realised_gain, _("realiseret gevinst {year}").format(year=year), municipality, signed=True
    )
    cost = amount(realised_cost, _("realiseret udgift {year}").format(year=year), municipality)
    if realised is None and cost is None:
        raise InvalidDecision(
            _("{municipality}, {year}: skriv den realiserede gevinst eller udgift.").format(
                municipality=municipality, year=year
            )
        )
    return append(
        engine,
        writer,
        candidate,
        kind=state.FOLLOW_UP,
        subject=state.follow_up_subject(candidate.candidate_id, int(year), municipality),
        new_value=repr(realised),
        expected_version=expected_version,
        municipality=municipality,
        reason=clean_text(note, N_("Noten")),
        details={
            "title": candidate.title,
            "year": int(year),
            "municipality": municipality,
            "note": clean_text(note, N_("Noten")),
            "realised_cost": cost,
            "realised_fte": amount(
                realised_fte, _("realiserede årsværk {year}").format(year=year), municipality
            ),
        },
    )
