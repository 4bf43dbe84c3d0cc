"""Phase 1 and where every candidate stands, shaped for the pages (pure functions, no Streamlit).

The numbers come from :mod:`screening.decisions.state` over the live log; here they only become
the Danish tables people read: the directorate's priorities to edit, each candidate's phase
status beside the gross list, the audit trail, and the decisions a regrouping made ambiguous.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from dashboard import formatting, tables
from screening.decisions.record import POLITICAL, PRIORITY, SNAPSHOT
from screening.vocabulary import (
    NO_LABEL,
    POLITICAL_DECISIONS,
    PRIORITIES,
    ROLES,
    YES_LABEL,
    label_of,
)

# The page's widget keys and labels; tests find the widgets by them.
PHASE1_MUNICIPALITY_KEY = "phase1_municipality"
PRIORITY_SAVE_LABEL = "Gem prioriteringer"

PRIORITY_HEADER = "Prioritet"
COMMENT_HEADER = "Kommentar"
CHANGED_BY_HEADER = "Senest ændret af"
CHANGED_AT_HEADER = "Ændret"
PROPOSED_HEADER = "Kommunens forhold"
OWN_PROPOSAL, COULD_JOIN = "Eget forslag", "Kan være med"
PRIORITY_LABELS = [t.label for t in PRIORITIES]
NOT_SET = "Ikke prioriteret"  # shown, not offered: a priority cannot be taken back, only changed

PHASE_HEADER = "Fase"
PRIORITISED_HEADER = "Prioriteret af"
OPTED_OUT_HEADER = "Fravalgt af"
DECIDED_HEADER = "Besluttet politisk af"
COALITION_HEADER = "Vil gå videre"
ATTENTION_HEADER = "Kræver opmærksomhed"
ATTENTION_FLAG = "⚠️ Kræver opmærksomhed"
STATUS_HEADERS = (
    PHASE_HEADER,
    PRIORITISED_HEADER,
    OPTED_OUT_HEADER,
    DECIDED_HEADER,
    COALITION_HEADER,
    ATTENTION_HEADER,
)

KIND_LABELS = {
    PRIORITY: "Prioritering (fase 1)",
    POLITICAL: "Politisk beslutning (fase 2)",
    SNAPSHOT: "Fastfrosset liste",
}


def when(recorded_at: str | None) -> str:
    """The store's UTC ISO time as Danes read it: ``"02.12.2026 kl. 06.15"`` (Danish time)."""
    return formatting.timestamp(datetime.fromisoformat(recorded_at)) if recorded_at else ""


def danish_date(iso: str | None) -> str:
    """``"2027-01-21"`` -> ``"21.01.2027"``; blank when there is none."""
    return date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else ""


# --- Phase 1: the directorate's priorities -------------------------------------------------------


def phase1_table(
    gross_list: pl.DataFrame, priorities: pl.DataFrame, municipality: str
) -> pl.DataFrame:
    """Every candidate in rank order, with ``municipality``'s current priority, its comment, who
    set it and when, and the ``version`` it had (what a save must name to detect a conflict).

    A municipality prioritises its own proposals and may join the others', so all are listed.
    """
    own = priorities.filter(pl.col("municipality") == municipality)
    current = {row["candidate_id"]: row for row in own.iter_rows(named=True)}
    rows = []
    for candidate in gross_list.sort("rank").iter_rows(named=True):
        decided = current.get(candidate["candidate_id"], {})
        rows.append(
            {
                "candidate_id": candidate["candidate_id"],
                "version": decided.get("version", 0),
                tables.RANK_HEADER: candidate["rank"],
                tables.TITLE_HEADER: candidate["title"],
                tables.MUNICIPALITIES_HEADER: formatting.listing(candidate["municipalities"]),
                PROPOSED_HEADER: OWN_PROPOSAL
                if municipality in (candidate["municipalities"] or [])
                else COULD_JOIN,
                PRIORITY_HEADER: decided.get("label") or NOT_SET,
                COMMENT_HEADER: decided.get("comment") or "",
                CHANGED_BY_HEADER: decided.get("user_name") or "",
                CHANGED_AT_HEADER: when(decided.get("recorded_at")),
            }
        )
    schema = {
        "candidate_id": pl.String,
        "version": pl.Int64,
        tables.RANK_HEADER: pl.Int64,
        tables.TITLE_HEADER: pl.String,
        tables.MUNICIPALITIES_HEADER: pl.String,
        PROPOSED_HEADER: pl.String,
        PRIORITY_HEADER: pl.String,
        COMMENT_HEADER: pl.String,
        CHANGED_BY_HEADER: pl.String,
        CHANGED_AT_HEADER: pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


@dataclass(frozen=True)
class PriorityChange:
    candidate_id: str
    title: str
    label: str
    comment: str
    expected_version: int  # the version the user saw; the store refuses the save if it moved


def priority_changes(
    seen: pl.DataFrame, edited_rows: dict
) -> tuple[list[PriorityChange], list[str]]:
    """The saves the user's edits ask for, and the edits that cannot be saved (Danish reasons).

    ``edited_rows`` is ``st.data_editor``'s edit state: ``{row position: {header: new value}}``
    over the table the user saw. An unchanged row is no save, so nothing is recorded twice.
    """
    changes, refused = [], []
    for position, edits in sorted(edited_rows.items(), key=lambda item: int(item[0])):
        row = seen.row(int(position), named=True)
        label = edits.get(PRIORITY_HEADER, row[PRIORITY_HEADER])
        comment = (edits.get(COMMENT_HEADER, row[COMMENT_HEADER]) or "").strip()
        if label == row[PRIORITY_HEADER] and comment == (row[COMMENT_HEADER] or "").strip():
            continue
        if not label or label == NOT_SET:
            refused.append(
                f"«{row[tables.TITLE_HEADER]}»: vælg en prioritet. En prioritering kan ikke "
                "fjernes igen; vælg «Fravalgt», hvis kommunen ikke ønsker kandidaten."
            )
            continue
        changes.append(
            PriorityChange(
                row["candidate_id"], row[tables.TITLE_HEADER], label, comment, row["version"]
            )
        )
    return changes, refused


# --- Where every candidate stands ----------------------------------------------------------------


def _with_labels(decisions: pl.DataFrame) -> dict[str, str]:
    """``{candidate_id: "Aabenraa (Høj), Tønder (Middel)"}`` from current decisions."""
    by_candidate: dict[str, list[str]] = {}
    for row in decisions.sort("municipality").iter_rows(named=True):
        by_candidate.setdefault(row["candidate_id"], []).append(
            f"{row['municipality']} ({row['label']})"
        )
    return {candidate: ", ".join(parts) for candidate, parts in by_candidate.items()}


def status_table(
    candidate_ids: pl.Series,
    status: pl.DataFrame,
    priorities: pl.DataFrame,
    political: pl.DataFrame,
) -> pl.DataFrame:
    """The phase-status columns for the candidates ``candidate_ids``, in that order."""
    by_id = {row["candidate_id"]: row for row in status.iter_rows(named=True)}
    prioritised = _with_labels(priorities.filter(pl.col("priority") != "opted_out"))
    decided = _with_labels(political)
    rows = []
    for candidate_id in candidate_ids.to_list():
        row = by_id.get(candidate_id)
        if row is None:
            rows.append(dict.fromkeys(STATUS_HEADERS, ""))
            continue
        rows.append(
            {
                PHASE_HEADER: row["phase_label"],
                PRIORITISED_HEADER: prioritised.get(candidate_id, ""),
                OPTED_OUT_HEADER: formatting.listing(row["opted_out_by"]),
                DECIDED_HEADER: decided.get(candidate_id, ""),
                COALITION_HEADER: formatting.listing(row["willing_municipalities"]),
                ATTENTION_HEADER: ATTENTION_FLAG if row["needs_attention"] else "",
            }
        )
    return pl.DataFrame(rows, schema=dict.fromkeys(STATUS_HEADERS, pl.String))


MUNICIPALITY_DECISION_HEADERS = (
    "Kommune",
    "Har foreslået opgaven",
    "Prioritet (fase 1)",
    "Politisk beslutning (fase 2)",
    "Udvalg og møde",
    "Senest ændret",
)


def municipality_decisions(
    candidate: dict,
    municipalities: list[str],
    priorities: pl.DataFrame,
    political: pl.DataFrame,
) -> pl.DataFrame:
    """One row per participating municipality: did it propose the candidate, its directorate's
    priority and its committee's decision, side by side."""
    candidate_id = candidate["candidate_id"]
    prio = {
        r["municipality"]: r
        for r in priorities.filter(pl.col("candidate_id") == candidate_id).iter_rows(named=True)
    }
    decided = {
        r["municipality"]: r
        for r in political.filter(pl.col("candidate_id") == candidate_id).iter_rows(named=True)
    }
    rows = []
    for municipality in municipalities:
        p, d = prio.get(municipality, {}), decided.get(municipality, {})
        meeting = ", ".join(
            part
            for part in (d.get("committee"), d.get("meeting_date"), d.get("agenda_item"))
            if part
        )
        latest = max((x.get("recorded_at") or "" for x in (p, d)), default="")
        rows.append(
            {
                "Kommune": municipality,
                "Har foreslået opgaven": YES_LABEL
                if municipality in (candidate["municipalities"] or [])
                else NO_LABEL,
                "Prioritet (fase 1)": p.get("label") or formatting.MISSING,
                "Politisk beslutning (fase 2)": d.get("label") or formatting.MISSING,
                "Udvalg og møde": meeting,
                "Senest ændret": when(latest or None),
            }
        )
    return pl.DataFrame(rows, schema=dict.fromkeys(MUNICIPALITY_DECISION_HEADERS, pl.String))


def _details(text: str | None) -> dict:
    return json.loads(text) if text else {}


def _value_label(kind: str, value: str | None) -> str:
    if value is None:
        return ""
    if kind == PRIORITY:
        return label_of(PRIORITIES, value)
    if kind == POLITICAL:
        return label_of(POLITICAL_DECISIONS, value)
    return value


def history_table(history: pl.DataFrame) -> pl.DataFrame:
    """The audit trail of one candidate as read: newest first, every change dated and signed."""
    rows = []
    for event in history.iter_rows(named=True):
        details = _details(event["details"])
        meeting = ", ".join(
            part
            for part in (
                details.get("committee"),
                danish_date(details.get("meeting_date")),
                details.get("agenda_item"),
            )
            if part
        )
        role = label_of(ROLES, event["user_role"])
        rows.append(
            {
                "Tidspunkt": when(event["recorded_at"]),
                "Hvad": KIND_LABELS.get(event["kind"], event["kind"]),
                "Kommune": event["municipality"] or "",
                "Fra": _value_label(event["kind"], event["old_value"]) or formatting.MISSING,
                "Til": _value_label(event["kind"], event["new_value"]),
                "Af": f"{event['user_name']} ({role})",
                "Udvalg og møde": meeting,
                "Kommentar": event["reason"] or "",
            }
        )
    headers = ("Tidspunkt", "Hvad", "Kommune", "Fra", "Til", "Af", "Udvalg og møde", "Kommentar")
    return pl.DataFrame(rows, schema=dict.fromkeys(headers, pl.String))


def attention_table(attention: pl.DataFrame) -> pl.DataFrame:
    """Decisions a regrouping has made ambiguous, as the project group reads them."""
    return pl.DataFrame(
        {
            "Kommune": attention["municipality"],
            "Hvad": [KIND_LABELS.get(k, k) for k in attention["kind"].to_list()],
            "Kandidat": attention["title"],
            "Beslutning": attention["value"],
            "Hvorfor": attention["reason"],
            "Opgaverne hører nu til": [
                formatting.listing(t) for t in attention["now_in"].to_list()
            ],
        },
        schema=dict.fromkeys(
            ("Kommune", "Hvad", "Kandidat", "Beslutning", "Hvorfor", "Opgaverne hører nu til"),
            pl.String,
        ),
    )
