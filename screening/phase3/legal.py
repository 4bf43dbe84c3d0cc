"""Can the candidate happen at all: the legal feasibility screen and the approval route of a
§ 60 cooperation, derived from the decision log. Pure functions; the pages, the annexes and the
Dagster assets call the same ones.

- The checklist (:data:`~screening.vocabulary.LEGAL_CHECKLIST`) is answered per candidate with
  «ok», «åbent spørgsmål» or «hindring», a note and a source; a candidate's legal readiness
  (:func:`readiness`) is read from its newest answers, and a standing hindrance refuses
  «anbefalet» and «besluttet etableret» (:func:`hindrances`).
- A § 60 cooperation needs Ankestyrelsen's approval unless it is small by the criteria of
  revisorlovens § 1 a, stk. 1, nr. 4 (kommunestyrelseslovens § 60 a): then the participants only
  inform Ankestyrelsen of its entry, ending and any withdrawal (§ 60 a, stk. 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from screening.i18n import _
from screening.phase3.log import Entry, newest, newest_by_subject
from screening.vocabulary import (
    LEGAL_ANSWERS,
    LEGAL_CHECKLIST,
    LEGAL_READINESS,
    NOTICE_OCCASIONS,
    SMALL_COOPERATION_LIMITS,
    label_of,
)

ROUTE = "approval_route"
NOTICE = "ankestyrelsen_notice"
CHANGE = "cooperation_change"  # a member's withdrawal from, or the ending of, an operation
ANSWER = "legal_screen"
KINDS = (ROUTE, NOTICE, CHANGE, ANSWER)

APPROVAL, NOTIFICATION = "approval", "notification"
OK, OPEN_QUESTION, OBSTACLE = "ok", "open_question", "obstacle"
NO_ANSWERS, OPEN_QUESTIONS, CLEAR = "no_answers", "open_questions", "clear"
ENTRY, WITHDRAWAL, ENDING = "entry", "withdrawal", "ending"
SECTION_60 = "section_60"


# --- The checklist -------------------------------------------------------------------------------


def answer_subject(candidate_id: str, item: str) -> str:
    return f"{candidate_id}|{item}"


def answers(events: pl.DataFrame, candidate_id: str) -> dict[str, Entry]:
    """The newest answer to each checklist item (an Entry with no value: not answered)."""
    return {
        t.code: newest(events, ANSWER, answer_subject(candidate_id, t.code))
        for t in LEGAL_CHECKLIST
    }


def answers_by_candidate(
    events: pl.DataFrame, candidate_ids: list[str]
) -> dict[str, dict[str, Entry]]:
    """:func:`answers` for many candidates, reading the log once."""
    given = newest_by_subject(events, ANSWER)
    return {
        candidate_id: {
            t.code: given.get(answer_subject(candidate_id, t.code), Entry())
            for t in LEGAL_CHECKLIST
        }
        for candidate_id in candidate_ids
    }


def readiness_of(given: dict[str, Entry]) -> str:
    """No answers; a hindrance (whatever else); all «ok» (clear); otherwise open questions —
    an unanswered item is as open as an item answered «åbent spørgsmål»."""
    values = [e.value for e in given.values()]
    if not any(values):
        return NO_ANSWERS
    if OBSTACLE in values:
        return OBSTACLE
    if all(v == OK for v in values):
        return CLEAR
    return OPEN_QUESTIONS


def readiness(events: pl.DataFrame, candidate_id: str) -> str:
    """The candidate's legal readiness code (see :data:`~screening.vocabulary.LEGAL_READINESS`)."""
    return readiness_of(answers(events, candidate_id))


def readiness_label(events: pl.DataFrame, candidate_id: str) -> str:
    return label_of(LEGAL_READINESS, readiness(events, candidate_id))


def readiness_by_candidate(events: pl.DataFrame, candidate_ids: list[str]) -> pl.DataFrame:
    """candidate_id, legal_readiness (code), legal_readiness_label: for the gross list. The log
    is read once; a candidate nobody has screened yet has no answers without further ado (a
    national list has thousands, few of them screened)."""
    given = newest_by_subject(events, ANSWER)
    screened = {subject.rsplit("|", 1)[0] for subject in given}
    codes = [
        readiness_of(
            {t.code: given.get(answer_subject(c, t.code), Entry()) for t in LEGAL_CHECKLIST}
        )
        if c in screened
        else NO_ANSWERS
        for c in candidate_ids
    ]
    labels = {code: label_of(LEGAL_READINESS, code) for code in set(codes)}
    return pl.DataFrame(
        {
            "candidate_id": candidate_ids,
            "legal_readiness": codes,
            "legal_readiness_label": [labels[c] for c in codes],
        },
        schema={
            "candidate_id": pl.String,
            "legal_readiness": pl.String,
            "legal_readiness_label": pl.String,
        },
    )


def hindrances(events: pl.DataFrame, candidate_id: str) -> list[str]:
    """Why a standing hindrance refuses «anbefalet» and «besluttet etableret» (Danish)."""
    found = []
    for code, entry in answers(events, candidate_id).items():
        if entry.value == OBSTACLE:
            note = entry.details.get("note") or _("uden note")
            found.append(
                _(
                    "Den juridiske screening har en hindring ved «{item}» ({note}; {user_name}). "
                    "Løs den, og registrér svaret igen."
                ).format(
                    item=_(label_of(LEGAL_CHECKLIST, code)), note=note, user_name=entry.user_name
                )
            )
    return found


LEGAL_SCREEN_SCHEMA = {
    "candidate_id": pl.String,
    "title": pl.String,
    "item": pl.String,
    "item_label": pl.String,
    "answer": pl.String,
    "answer_label": pl.String,
    "note": pl.String,
    "source": pl.String,
    "answered_by": pl.String,
    "answered_at": pl.String,
    "legal_readiness": pl.String,
}


def legal_screen_table(gross_list: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """One row per candidate on the gross list and checklist item, with the newest answer
    (empty where none yet) and the candidate's readiness."""
    by_candidate = answers_by_candidate(events, gross_list["candidate_id"].to_list())
    rows = []
    for candidate_id, title in gross_list.select("candidate_id", "title").iter_rows():
        given = by_candidate[candidate_id]
        ready = readiness_of(given)
        for term in LEGAL_CHECKLIST:
            entry = given[term.code]
            rows.append(
                {
                    "candidate_id": candidate_id,
                    "title": title,
                    "item": term.code,
                    "item_label": term.label,
                    "answer": entry.value,
                    "answer_label": label_of(LEGAL_ANSWERS, entry.value) or None,
                    "note": entry.details.get("note"),
                    "source": entry.details.get("source"),
                    "answered_by": entry.user_name,
                    "answered_at": entry.recorded_at,
                    "legal_readiness": ready,
                }
            )
    return pl.DataFrame(rows, schema=LEGAL_SCREEN_SCHEMA)


# --- The approval route of a § 60 cooperation ----------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """One accounting year of the cooperation, as the § 60 a criteria count it. ``turnover`` is
    the net turnover, or the gross operating and capital expenditure when the cooperation
    accounts only by the municipal budget and accounting system."""

    year: int
    balance_sum: float
    turnover: float
    fte: float


def limits_exceeded(figures: YearFigures) -> list[str]:
    """Which of the three size limits one year exceeds (Danish names)."""
    limits = SMALL_COOPERATION_LIMITS
    exceeded = []
    if figures.balance_sum > limits["balance_sum"]:
        exceeded.append("balancesum")
    if figures.turnover > limits["turnover"]:
        exceeded.append("nettoomsætning/bruttoudgifter")
    if figures.fte > limits["fte"]:
        exceeded.append("heltidsbeskæftigede")
    return exceeded


def is_small(years: list[YearFigures]) -> bool:
    """Revisorlovens § 1 a, stk. 1, nr. 4: in 2 consecutive accounting years not exceeding two
    of the three limits. The two newest years given must follow each other."""
    ordered = sorted(years, key=lambda y: y.year)[-2:]
    if len(ordered) < 2 or ordered[1].year != ordered[0].year + 1:
        return False
    return all(len(limits_exceeded(y)) < 2 for y in ordered)


def route(events: pl.DataFrame, candidate_id: str) -> Entry:
    """The recorded approval route: the figures, their source, the route and any approval."""
    return newest(events, ROUTE, candidate_id)


def notice_subject(candidate_id: str, occasion: str, municipality: str | None = None) -> str:
    return f"{candidate_id}|{occasion}|{municipality or ''}"


def notices(events: pl.DataFrame, candidate_id: str) -> dict[str, Entry]:
    """Each notice to Ankestyrelsen recorded, by its subject."""
    rows = events.filter(pl.col("kind") == NOTICE, pl.col("candidate_id") == candidate_id)
    return {s: newest(rows, NOTICE, s) for s in rows["subject"].unique().sort().to_list()}


def changes(events: pl.DataFrame, candidate_id: str) -> dict[str, Entry]:
    """Each withdrawal or ending recorded for an operation, by its subject (the same subject as
    the notice it calls for)."""
    rows = events.filter(pl.col("kind") == CHANGE, pl.col("candidate_id") == candidate_id)
    return {s: newest(rows, CHANGE, s) for s in rows["subject"].unique().sort().to_list()}


def _occasion(subject: str) -> tuple[str, str]:
    _candidate, occasion, municipality = subject.split("|")
    return occasion, municipality


def notices_due(events: pl.DataFrame, candidate_id: str, established: bool) -> list[str]:
    """The notices to Ankestyrelsen a § 60 a cooperation still owes (Danish): its entry once it
    is established, and each withdrawal or ending recorded since."""
    if route(events, candidate_id).details.get("route") != NOTIFICATION:
        return []
    given = notices(events, candidate_id)
    due = []
    if established and notice_subject(candidate_id, ENTRY) not in given:
        due.append(_("Orientér Ankestyrelsen om indgåelsen af aftalen (§ 60 a, stk. 3)."))
    for subject, change in changes(events, candidate_id).items():
        if subject in given:
            continue
        occasion, municipality = _occasion(subject)
        what = _(label_of(NOTICE_OCCASIONS, occasion)).lower()
        decided = change.details.get("decided_on")
        due.append(
            _(
                "Orientér Ankestyrelsen om {what} af {municipality} (besluttet {decided}; "
                "§ 60 a, stk. 3)."
            ).format(what=what, municipality=municipality, decided=decided)
            if municipality
            else _(
                "Orientér Ankestyrelsen om {what} (besluttet {decided}; § 60 a, stk. 3)."
            ).format(what=what, decided=decided)
        )
    return due


def route_problems(events: pl.DataFrame, candidate_id: str, analysis: dict[str, Any]) -> list[str]:
    """Why a § 60 cooperation cannot be «besluttet etableret» yet: the approval, or under § 60 a
    the notification of its entry, must be recorded (Danish)."""
    if analysis.get("legal_vehicle") != SECTION_60:
        return []
    found = route(events, candidate_id)
    chosen = found.details.get("route")
    if not chosen:
        if analysis.get("supervisory_approval"):
            return []  # recorded before the route was: an approval written in the analysis
        return [
            _(
                "Et § 60-fællesskab kræver tilsynsmyndighedens godkendelse (Ankestyrelsen), "
                "medmindre det er lille efter § 60 a: registrér fællesskabets størrelse og "
                "godkendelsesvejen."
            )
        ]
    if chosen == APPROVAL and not found.details.get("approval_reference"):
        return [
            _(
                "Fællesskabet er ikke lille efter § 60 a og kræver tilsynsmyndighedens godkendelse "
                "(Ankestyrelsen): skriv godkendelsens dato og journalnummer."
            )
        ]
    if chosen == NOTIFICATION and notice_subject(candidate_id, ENTRY) not in notices(
        events, candidate_id
    ):
        return [
            _(
                "Fællesskabet er lille efter § 60 a og skal ikke godkendes, men Ankestyrelsen skal "
                "orienteres om indgåelsen: skriv orienteringens dato og journalnummer."
            )
        ]
    return []
