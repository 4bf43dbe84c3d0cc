"""The write functions: every decision a user makes goes through one of these.

Each checks the user's right first (:mod:`screening.decisions.rights`), then the value against
the vocabulary, then appends one event to the log with the version the user saw, so a decision
changed by someone else meanwhile is refused as a conflict and never silently overwritten. A
decision on a candidate also records the candidate's tasks at that moment, so it can follow the
candidate through later runs, and be flagged when a split or a merge makes it ambiguous.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import InvalidDecision, Writer, authorise
from screening.decisions.rights import NotAllowed
from screening.decisions.snapshots import find_snapshot
from screening.decisions.store import ANY_VERSION, now
from screening.decisions.users import User
from screening.i18n import N_, _
from screening.matching.overrides import FRESH, MERGE, SPLIT
from screening.vocabulary import POLITICAL_DECISIONS, PRIORITIES, Term, find_term

PRIORITY = "priority"
POLITICAL = "political_decision"
MATCH_OVERRIDE = "match_override"
MATCH_FRESH = "fresh_matching"  # the project group asks for a matching from scratch
WEIGHT_PROFILE = "weight_profile"
ADOPTED_PROFILE = "adopted_profile"
SNAPSHOT = "snapshot"
IMPORT = "import"

MAX_TEXT = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Candidate:
    """A candidate as the user saw it when deciding: its id, title and tasks."""

    candidate_id: str
    title: str
    task_ids: tuple[str, ...]
    municipalities: tuple[str, ...]


def find_candidate(gross_list: pl.DataFrame, candidate_id: str) -> Candidate:
    row = gross_list.filter(pl.col("candidate_id") == candidate_id)
    if row.is_empty():
        raise InvalidDecision(
            _(
                "Kandidaten «{candidate_id}» findes ikke på bruttolisten. "
                "Kandidaternes id'er står i «screening decisions candidates»."
            ).format(candidate_id=candidate_id)
        )
    first = row.row(0, named=True)
    return Candidate(
        candidate_id,
        first["title"],
        tuple(first["task_ids"]),
        tuple(first["municipalities"]),
    )


def decision_subject(municipality: str, candidate_id: str) -> str:
    return f"{municipality}|{candidate_id}"


def clean_text(text: str | None, field: str) -> str:
    """Free text as the user wrote it, minus control characters; bounded in length."""
    text = _CONTROL.sub("", text or "").strip()
    if len(text) > MAX_TEXT:
        raise InvalidDecision(
            _("{field} er for lang ({length} tegn); højst {most} tegn.").format(
                field=_(field), length=len(text), most=MAX_TEXT
            )
        )
    return text


def valid_term(value: str, terms: tuple[Term, ...], what: str) -> Term:
    term = find_term(value, terms)
    if term is None:
        # The labels the store accepts are Danish, so they are named as written.
        raise InvalidDecision(
            _("«{value}» er ikke en gyldig {what}. Vælg en af: {options}").format(
                value=value,
                what=_(what),
                options=", ".join(f"«{t.label.lower()}»" for t in terms),
            )
        )
    return term


def record_priority(
    engine: sa.Engine,
    user: User,
    candidate: Candidate,
    value: str,
    comment: str = "",
    expected_version: int = ANY_VERSION,
    municipality: str | None = None,
) -> dict[str, Any]:
    """Phase 1: the user's directorate's priority for one candidate (høj … fravalgt)."""
    municipality = municipality or user.municipality
    writer = authorise(user, rights.PRIORITY, municipality)
    term = valid_term(value, PRIORITIES, N_("prioritet"))
    return _append_decision(
        engine,
        writer,
        PRIORITIES,
        kind=PRIORITY,
        phase=1,
        municipality=municipality,
        candidate=candidate,
        code=term.code,
        expected_version=expected_version,
        reason=clean_text(comment, N_("Kommentaren")),
    )


def record_political_decision(
    engine: sa.Engine,
    user: User,
    candidate: Candidate,
    value: str,
    committee: str,
    meeting_date: date | str,
    agenda_item: str = "",
    comment: str = "",
    expected_version: int = ANY_VERSION,
    municipality: str | None = None,
    snapshot_id: str | None = None,
) -> dict[str, Any]:
    """Phase 2: a committee's decision on one candidate of the frozen gross list."""
    municipality = municipality or user.municipality
    writer = authorise(user, rights.POLITICAL, municipality)
    term = valid_term(value, POLITICAL_DECISIONS, N_("politisk beslutning"))
    committee = clean_text(committee, N_("Udvalget"))
    if not committee:
        raise InvalidDecision(_("Skriv hvilket udvalg, der har truffet beslutningen."))
    meeting = meeting_date_of(meeting_date)
    snapshot = _snapshot_holding(engine, candidate.candidate_id, snapshot_id)
    return _append_decision(
        engine,
        writer,
        POLITICAL_DECISIONS,
        kind=POLITICAL,
        phase=2,
        municipality=municipality,
        candidate=candidate,
        code=term.code,
        expected_version=expected_version,
        reason=clean_text(comment, N_("Bemærkningen")),
        committee=committee,
        meeting_date=meeting.isoformat(),
        agenda_item=agenda_item_number(clean_text(agenda_item, N_("Dagsordenspunktet"))),
        snapshot_id=snapshot,
    )


def _append_decision(
    engine: sa.Engine,
    writer: Writer,
    terms: tuple[Term, ...],
    *,
    kind: str,
    phase: int,
    municipality: str,
    candidate: Candidate,
    code: str,
    expected_version: int,
    reason: str,
    **details: Any,
) -> dict[str, Any]:
    """A municipality's decision on one candidate, with the candidate's tasks of this moment so
    the decision can follow the candidate through later runs."""
    return writer.append(
        engine,
        terms,
        kind=kind,
        subject=decision_subject(municipality, candidate.candidate_id),
        new_value=code,
        expected_version=expected_version,
        phase=phase,
        municipality=municipality,
        candidate_id=candidate.candidate_id,
        reason=reason,
        details={"title": candidate.title, "task_ids": list(candidate.task_ids), **details},
    )


_AGENDA_PREFIX = re.compile(r"^\s*(?:dagsordens)?(?:punkt|pkt)\.?\s*(?:nr\.?\s*)?", re.IGNORECASE)


def agenda_item_number(text: str | None) -> str:
    """The agenda item as the documents print it after «pkt.»: «Punkt 14», «pkt. 14» and «14»
    are all «14», so no annex reads «pkt. Punkt 14». Free text without the word is kept."""
    return _AGENDA_PREFIX.sub("", text or "").strip()


def meeting_date_of(value: date | str) -> date:
    """A meeting date as typed (ÅÅÅÅ-MM-DD) or picked; refused in Danish when unreadable."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidDecision(
            _(
                "Mødedatoen «{value}» kan ikke læses; skriv den som ÅÅÅÅ-MM-DD, fx 2027-01-21."
            ).format(value=value)
        ) from None


def _snapshot_holding(engine: sa.Engine, candidate_id: str, snapshot_id: str | None) -> str:
    """Phase-2 decisions refer to the list as presented: the given or the newest snapshot."""
    snapshot = find_snapshot(engine, snapshot_id)
    if not any(row["candidate_id"] == candidate_id for row in json.loads(snapshot["rows"])):
        raise InvalidDecision(
            _(
                "Kandidaten «{candidate_id}» er ikke på den fastfrosne bruttoliste «{label}»."
            ).format(candidate_id=candidate_id, label=snapshot["label"])
        )
    return snapshot["snapshot_id"]


def record_match_override(
    engine: sa.Engine,
    user: User,
    action: str,
    task_id: str,
    other_task_id: str,
    note: str = "",
    expected_version: int = ANY_VERSION,
) -> dict[str, Any]:
    """The project group's «saml» or «adskil» for a pair of tasks."""
    writer = authorise(user, rights.MATCH)
    if action not in (MERGE, SPLIT):
        raise InvalidDecision(
            _("Ukendt handling «{action}»: brug «{merge}» eller «{split}».").format(
                action=action, merge=MERGE, split=SPLIT
            )
        )
    if task_id == other_task_id:
        raise InvalidDecision(_("Vælg to forskellige opgaver."))
    first, second = sorted((task_id, other_task_id))
    return writer.append(
        engine,
        kind=MATCH_OVERRIDE,
        subject=f"{first}|{second}",  # as match_decisions.pair_subject
        new_value=action,
        expected_version=expected_version,
        reason=clean_text(note, N_("Noten")),
        details={"task_id": first, "other_task_id": second},
    )


def record_fresh_matching(
    engine: sa.Engine, user: User, difference: str, note: str = ""
) -> dict[str, Any]:
    """The project group asks for a fresh matching from scratch at the next run, having seen
    ``difference`` (what it changes, :func:`screening.decisions.effects.fresh_effects`),
    which is logged with the request."""
    writer = authorise(user, rights.MATCH)
    return writer.append(
        engine,
        kind=MATCH_FRESH,
        subject="matching",
        new_value=FRESH,
        reason=clean_text(note, N_("Noten")),
        details={"difference": clean_text(difference[:MAX_TEXT], N_("Forskellen"))},
    )


def freeze_snapshot(
    engine: sa.Engine,
    user: User,
    label: str,
    gross_list: pl.DataFrame,
    priorities: pl.DataFrame,
    provenance: dict[str, Any] | None = None,
    round_id: str | None = None,
) -> dict[str, Any]:
    """Freeze the gross list as presented: ranks, scores, contributions, weights, sources and
    the phase-1 priorities of this moment, with who froze it. Never changed afterwards."""
    writer = authorise(user, rights.SNAPSHOT)
    label = clean_text(label, N_("Navnet"))
    if not label:
        raise InvalidDecision(_("Giv den fastfrosne liste et navn, fx «Forelagt KU 12. marts»."))
    if gross_list.is_empty():
        raise InvalidDecision(_("Bruttolisten er tom; der er intet at fastfryse."))
    by_candidate: dict[str, dict[str, str]] = {}
    for row in priorities.iter_rows(named=True):
        by_candidate.setdefault(row["candidate_id"], {})[row["municipality"]] = row["priority"]
    rows = [
        {**row, "priorities": by_candidate.get(row["candidate_id"], {})}
        for row in gross_list.sort("rank").to_dicts()
    ]
    frozen_at = now()
    snapshot_id = f"S-{frozen_at[:10]}-{secrets.token_hex(3)}"
    snapshot = {
        "snapshot_id": snapshot_id,
        "label": label,
        "round_id": round_id,
        "frozen_at": frozen_at,
        "frozen_by_id": user.id,
        "frozen_by_name": user.name,
        "n_candidates": len(rows),
        "provenance": json.dumps(provenance or {}, ensure_ascii=False, default=str),
        "rows": json.dumps(rows, ensure_ascii=False, default=str),
    }
    writer.append(
        engine,
        kind=SNAPSHOT,
        subject=snapshot_id,
        new_value=label,
        details={"n_candidates": len(rows)},
        snapshot=snapshot,
    )
    return {"snapshot_id": snapshot_id, "label": label, "frozen_at": frozen_at}


__all__ = [
    "Candidate",
    "InvalidDecision",
    "NotAllowed",
    "find_candidate",
    "freeze_snapshot",
    "record_match_override",
    "record_political_decision",
    "record_priority",
]
