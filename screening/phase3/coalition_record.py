"""The coalition's own phase-3 writes: each municipality's decision to join the shared
operation, and its comments on the analysis. Only a municipality in the candidate's coalition
(or an administrator) may make them."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import authorise
from screening.decisions.record import InvalidDecision, clean_text, meeting_date_of, valid_term
from screening.decisions.rights import NotAllowed
from screening.decisions.store import ANY_VERSION
from screening.decisions.users import User
from screening.i18n import N_, _
from screening.phase3 import state
from screening.phase3.state import Phase3Candidate
from screening.phase3.writes import append, details_of
from screening.vocabulary import JOIN_DECISIONS


def _in_coalition(user: User, candidate: Phase3Candidate, municipality: str, what: str) -> None:
    if municipality not in candidate.coalition and not user.has("administrator"):
        raise NotAllowed(
            _(
                "{user} må ikke {what}: {municipality} er ikke i koalitionen for «{title}» "
                "({coalition})."
            ).format(
                user=user.name,
                what=_(what),
                municipality=municipality,
                title=candidate.title,
                coalition=", ".join(candidate.coalition),
            )
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
    _in_coalition(user, candidate, municipality, N_("registrere en tiltrædelse"))
    code = valid_term(value, JOIN_DECISIONS, N_("beslutning om at tiltræde")).code
    committee = clean_text(committee, N_("Udvalget"))
    if not committee:
        raise InvalidDecision(_("Skriv hvilket udvalg eller byråd, der besluttede."))
    meeting = meeting_date_of(meeting_date)
    return append(
        engine,
        writer,
        candidate,
        JOIN_DECISIONS,
        kind=state.JOIN,
        subject=state.join_subject(municipality, candidate.candidate_id),
        new_value=code,
        expected_version=expected_version,
        municipality=municipality,
        reason=clean_text(comment, N_("Bemærkningen")),
        details={
            **details_of(candidate),
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
    _in_coalition(user, candidate, municipality, N_("kommentere analysen"))
    comment = clean_text(text, N_("Kommentaren"))
    if not comment:
        raise InvalidDecision(_("Skriv en kommentar."))
    return append(
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
