"""The legal writes: an answer to the legal feasibility screen, the approval route of a § 60
cooperation (its size by the § 60 a criteria, and the approval where one is needed), a notice to
Ankestyrelsen, and a member's withdrawal from or the ending of an established operation.

Each checks the user's right, then the values, then appends one event through the one append
function (:meth:`screening.decisions.append.Writer.append`) with the version the user saw, so the
answer is dated and attributed in the decision log and a colleague's change is never
overwritten.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import authorise
from screening.decisions.record import InvalidDecision, clean_text, valid_term
from screening.decisions.store import ANY_VERSION, read_events
from screening.decisions.users import User
from screening.i18n import N_, _
from screening.phase3 import legal, state
from screening.phase3.state import Phase3Candidate
from screening.vocabulary import (
    APPROVAL_ROUTES,
    LEGAL_ANSWERS,
    LEGAL_CHECKLIST,
    NOTICE_OCCASIONS,
    label_of,
)

MAX_FIGURE = 1e12


class Named(Protocol):
    candidate_id: str
    title: str


def _date(value: date | str | None, what: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value or "").strip()).isoformat()
    except ValueError:
        raise InvalidDecision(
            _("{what} «{value}» kan ikke læses; skriv den som ÅÅÅÅ-MM-DD.").format(
                what=_(what), value=value
            )
        ) from None


def record_legal_answer(
    engine: sa.Engine,
    user: User,
    candidate: Named,
    item: str,
    answer: str,
    *,
    note: str = "",
    source: str = "",
    expected_version: int = ANY_VERSION,
) -> dict[str, Any]:
    """The project group's answer to one question of the legal screen: «ok», «åbent spørgsmål»
    or «hindring», with a note and where the answer comes from. A hindrance needs its note."""
    writer = authorise(user, rights.PHASE3)
    question = valid_term(item, LEGAL_CHECKLIST, N_("spørgsmål i den juridiske screening"))
    value = valid_term(answer, LEGAL_ANSWERS, N_("svar (ok, åbent spørgsmål, hindring)")).code
    note = clean_text(note, N_("Noten"))
    if value != legal.OK and not note:
        raise InvalidDecision(
            _("«{label}»: skriv i noten, hvad der er åbent eller står i vejen.").format(
                label=question.label
            )
        )
    return writer.append(
        engine,
        LEGAL_ANSWERS,
        kind=legal.ANSWER,
        subject=legal.answer_subject(candidate.candidate_id, question.code),
        new_value=value,
        expected_version=expected_version,
        phase=3,
        candidate_id=candidate.candidate_id,
        reason=note,
        details={
            "title": candidate.title,
            "item": question.code,
            "note": note,
            "source": clean_text(source, N_("Kilden")),
        },
    )


def _figure(value: Any, what: str, year: int) -> float:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        raise InvalidDecision(
            _("{year}, {what}: «{value}» er ikke et tal.").format(
                year=year, what=_(what), value=value
            )
        ) from None
    if not 0 <= amount < MAX_FIGURE:
        raise InvalidDecision(
            _("{year}, {what}: skriv et tal på 0 eller derover.").format(year=year, what=_(what))
        )
    return amount


def record_approval_route(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    *,
    years: list[dict[str, Any]],
    source: str,
    approval_date: date | str | None = None,
    approval_reference: str = "",
    expected_version: int = ANY_VERSION,
) -> dict[str, Any]:
    """The size of a § 60 cooperation in two consecutive accounting years (balance sum, net
    turnover or gross expenditure, full-time staff), where those figures come from, the route
    they give (§ 60 a: a notice; otherwise Ankestyrelsen's approval), and the approval's date
    and reference when one is needed."""
    writer = authorise(user, rights.PHASE3)
    doc = state.analysis(read_events(engine, kinds=state.KINDS), candidate.candidate_id).details
    if doc.get("legal_vehicle") != legal.SECTION_60:
        raise InvalidDecision(
            _(
                "Godkendelsesvejen gælder et § 60-fællesskab; vælg først den juridiske form «§ "
                "60-fællesskab» i analysen."
            )
        )
    figures = []
    for row in years:
        try:
            year = int(row["year"])
        except (KeyError, TypeError, ValueError):
            raise InvalidDecision(_("Skriv regnskabsåret for hver række (fx 2027).")) from None
        figures.append(
            legal.YearFigures(
                year,
                _figure(row.get("balance_sum"), N_("balancesum"), year),
                _figure(row.get("turnover"), N_("nettoomsætning eller bruttoudgifter"), year),
                _figure(row.get("fte"), N_("heltidsbeskæftigede"), year),
            )
        )
    if len(figures) < 2:
        raise InvalidDecision(
            _(
                "Skriv tallene for 2 på hinanden følgende regnskabsår (for et nyt fællesskab: "
                "budgettet for de første to år); det er dem, § 60 a-kriterierne gælder."
            )
        )
    source = clean_text(source, N_("Kilden"))
    if not source:
        raise InvalidDecision(_("Skriv hvor tallene kommer fra (fx budget 2027–28, regnskab)."))
    small = legal.is_small(figures)
    chosen = legal.NOTIFICATION if small else legal.APPROVAL
    reference = clean_text(approval_reference, N_("Journalnummeret"))
    if chosen == legal.NOTIFICATION and reference:
        raise InvalidDecision(
            _(
                "Fællesskabet er lille efter § 60 a og skal ikke godkendes; registrér i stedet "
                "orienteringen af Ankestyrelsen."
            )
        )
    approved_on = _date(approval_date, N_("Godkendelsens dato")) if reference else None
    return writer.append(
        engine,
        APPROVAL_ROUTES,
        kind=legal.ROUTE,
        subject=candidate.candidate_id,
        new_value=chosen,
        expected_version=expected_version,
        phase=3,
        candidate_id=candidate.candidate_id,
        details={
            "title": candidate.title,
            "years": [vars(f) for f in sorted(figures, key=lambda f: f.year)],
            "source": source,
            "small": small,
            "route": chosen,
            "approval_date": approved_on,
            "approval_reference": reference or None,
        },
    )


def record_notice(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    occasion: str,
    *,
    sent_on: date | str,
    reference: str,
    municipality: str | None = None,
) -> dict[str, Any]:
    """The participants' notice to Ankestyrelsen of a § 60 a cooperation's entry, ending or a
    member's withdrawal (§ 60 a, stk. 3), with its date and reference."""
    writer = authorise(user, rights.PHASE3)
    code = valid_term(
        occasion, NOTICE_OCCASIONS, N_("anledning (indgåelse, udtræden, ophævelse)")
    ).code
    events = read_events(engine, kinds=state.KINDS)
    if legal.route(events, candidate.candidate_id).details.get("route") != legal.NOTIFICATION:
        raise InvalidDecision(
            _(
                "Orientering af Ankestyrelsen gælder et § 60 a-fællesskab; registrér først "
                "fællesskabets størrelse, så godkendelsesvejen er afgjort."
            )
        )
    if code == legal.WITHDRAWAL and municipality not in candidate.coalition:
        raise InvalidDecision(_("Vælg den kommune, der træder ud."))
    reference = clean_text(reference, N_("Journalnummeret"))
    if not reference:
        raise InvalidDecision(_("Skriv orienteringens journalnummer eller reference."))
    who = municipality if code == legal.WITHDRAWAL else None
    return writer.append(
        engine,
        kind=legal.NOTICE,
        subject=legal.notice_subject(candidate.candidate_id, code, who),
        new_value=reference,
        phase=3,
        municipality=who,
        candidate_id=candidate.candidate_id,
        details={
            "title": candidate.title,
            "occasion": code,
            "sent_on": _date(sent_on, N_("Orienteringens dato")),
            "reference": reference,
        },
    )


def record_cooperation_change(
    engine: sa.Engine,
    user: User,
    candidate: Phase3Candidate,
    occasion: str,
    *,
    decided_on: date | str,
    reason: str,
    municipality: str | None = None,
) -> dict[str, Any]:
    """A member's withdrawal from an established operation, or its ending, as decided. Under
    § 60 a it calls for a notice to Ankestyrelsen (:func:`screening.phase3.legal.notices_due`)."""
    writer = authorise(user, rights.PHASE3)
    code = valid_term(occasion, NOTICE_OCCASIONS, N_("ændring (udtræden, ophævelse)")).code
    if code == legal.ENTRY:
        raise InvalidDecision(_("Indgåelsen registreres som status «besluttet etableret»."))
    events = read_events(engine, kinds=state.KINDS)
    if state.status(events, candidate.candidate_id).value != state.ESTABLISHED:
        raise InvalidDecision(
            _("«{title}» er ikke besluttet etableret.").format(title=candidate.title)
        )
    members = state.joined(events, candidate)
    if code == legal.WITHDRAWAL and municipality not in members:
        raise InvalidDecision(
            _("Vælg den kommune, der træder ud: en af {members}.").format(
                members=", ".join(members) or _("(ingen)")
            )
        )
    why = clean_text(reason, N_("Begrundelsen"))
    if not why:
        raise InvalidDecision(_("Skriv beslutningen (møde og dato) bag ændringen."))
    who = municipality if code == legal.WITHDRAWAL else None
    return writer.append(
        engine,
        NOTICE_OCCASIONS,
        kind=legal.CHANGE,
        subject=legal.notice_subject(candidate.candidate_id, code, who),
        new_value=code,
        phase=3,
        municipality=who,
        candidate_id=candidate.candidate_id,
        reason=why,
        details={
            "title": candidate.title,
            "decided_on": _date(decided_on, N_("Beslutningens dato")),
            "what": label_of(NOTICE_OCCASIONS, code),
        },
    )
