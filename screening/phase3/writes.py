"""What every phase-3 write shares: the events it reads, the candidate's details it copies
onto each event, the one append, and the cleaning of texts, codes and amounts.

The writes themselves are in :mod:`screening.phase3.record` (analysis, figures, status),
:mod:`screening.phase3.coalition_record` (each municipality's decision to join, comments) and
:mod:`screening.phase3.operation_record` (the service agreement, follow-up).
"""

from __future__ import annotations

import math
from typing import Any

import sqlalchemy as sa

from screening.decisions.append import Writer
from screening.decisions.record import InvalidDecision, clean_text, valid_term
from screening.decisions.store import read_events
from screening.i18n import _
from screening.phase3 import state
from screening.phase3.state import Phase3Candidate
from screening.vocabulary import Term

MAX_ITEMS = 50
MAX_AMOUNT = 1e11  # 100 mia. kr.: beyond any municipal task, so a typo is caught


def events_of(engine: sa.Engine):
    return read_events(engine, kinds=state.KINDS)


def details_of(candidate: Phase3Candidate) -> dict[str, Any]:
    return {
        "title": candidate.title,
        "task_ids": list(candidate.task_ids),
        "coalition": list(candidate.coalition),
        "authority_exercise": candidate.authority_exercise,
    }


def append(
    engine: sa.Engine,
    writer: Writer,
    candidate: Phase3Candidate,
    terms: tuple[Term, ...] = (),
    **fields: Any,
) -> dict[str, Any]:
    """Every phase-3 event is about one candidate, in phase 3."""
    return writer.append(engine, terms, phase=3, candidate_id=candidate.candidate_id, **fields)


def summary(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def texts(items: list[str] | None, what: str) -> list[str]:
    cleaned = [clean_text(i, what) for i in (items or [])]
    cleaned = [i for i in cleaned if i]
    if len(cleaned) > MAX_ITEMS:
        raise InvalidDecision(
            _("{what}: højst {most} punkter.").format(what=_(what), most=MAX_ITEMS)
        )
    return cleaned


def code_of(value: str | None, terms, what: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    return valid_term(str(value), terms, what).code


def amount(value: float | None, what: str, municipality: str, signed: bool = False) -> float | None:
    """``value`` as kroner, or None when empty; a Danish refusal for text, an impossible sum
    or (unless ``signed``) a negative one."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidDecision(
            _("{municipality}, {what}: «{value}» er ikke et tal.").format(
                municipality=municipality, what=_(what), value=value
            )
        ) from None
    if not math.isfinite(number) or abs(number) > MAX_AMOUNT:
        raise InvalidDecision(
            _("{municipality}, {what}: {value} kr. kan ikke være rigtigt.").format(
                municipality=municipality, what=_(what), value=value
            )
        )
    if number < 0 and not signed:
        raise InvalidDecision(
            _("{municipality}, {what}: skriv et beløb på 0 eller derover.").format(
                municipality=municipality, what=_(what)
            )
        )
    return number
