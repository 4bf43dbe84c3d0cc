"""Where every candidate stands, shaped for the pages (pure functions, no Streamlit).

The numbers come from :mod:`screening.decisions.state` over the live log; here they only become
the Danish tables people read: each candidate's phase status beside the gross list, every
municipality's decisions side by side, the audit trail, and the decisions a regrouping made
ambiguous. The phase-1 table a directorate edits is :mod:`dashboard.decisions.priority_table`.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import polars as pl

from dashboard.common import formatting
from screening.decisions.record import POLITICAL, PRIORITY, SNAPSHOT, agenda_item_number
from screening.i18n import N_, _
from screening.vocabulary import (
    NO_LABEL,
    POLITICAL_DECISIONS,
    PRIORITIES,
    ROLES,
    YES_LABEL,
    label_of,
)

PHASE_HEADER = N_("Fase")
PRIORITISED_HEADER = N_("Prioriteret af")
OPTED_OUT_HEADER = N_("Fravalgt af")
DECIDED_HEADER = N_("Besluttet politisk af")
COALITION_HEADER = N_("Vil gå videre")
ATTENTION_HEADER = N_("Kræver opmærksomhed")
ATTENTION_FLAG = N_("⚠️ Kræver opmærksomhed")
STATUS_HEADERS = (
    PHASE_HEADER,
    PRIORITISED_HEADER,
    OPTED_OUT_HEADER,
    DECIDED_HEADER,
    COALITION_HEADER,
    ATTENTION_HEADER,
)

KIND_LABELS = {
    PRIORITY: N_("Prioritering (fase 1)"),
    POLITICAL: N_("Politisk beslutning (fase 2)"),
    SNAPSHOT: N_("Fastfrosset liste"),
}


def agenda_text(item: str | None) -> str:
    """«pkt. 14», as the annexes print it; empty when no item was given."""
    number = agenda_item_number(item)
    return _("pkt. {item}").format(item=number) if number else ""


def when(recorded_at: str | None) -> str:
    """The store's UTC ISO time as Danes read it: ``"02.12.2026 kl. 06.15"`` (Danish time)."""
    return formatting.timestamp(datetime.fromisoformat(recorded_at)) if recorded_at else ""


def danish_date(iso: str | None) -> str:
    """``"2027-01-21"`` -> ``"21.01.2027"``; blank when there is none."""
    return date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else ""


# --- Where every candidate stands ----------------------------------------------------------------


def _with_labels(decisions: pl.DataFrame, header: str) -> pl.DataFrame:
    """``candidate_id`` -> ``"Aabenraa (Høj), Tønder (Middel)"`` from current decisions."""
    labels = decisions["label"].unique().to_list()
    return (
        decisions.sort("municipality")
        .group_by("candidate_id", maintain_order=True)
        .agg(
            pl.format(
                "{} ({})",
                "municipality",
                pl.col("label").replace_strict({label: _(label) for label in labels}),
            )
            .str.join(", ")
            .alias(header)
        )
    )


def status_table(
    candidate_ids: pl.Series,
    status: pl.DataFrame,
    priorities: pl.DataFrame,
    political: pl.DataFrame,
) -> pl.DataFrame:
    """The phase-status columns for the candidates ``candidate_ids``, in that order.

    Column expressions rather than a loop over rows: at national scale (~4,700 candidates) the
    gross list draws this on every filter change."""
    phase_labels = status["phase_label"].unique().drop_nulls().to_list()
    return (
        pl.DataFrame({"candidate_id": candidate_ids})
        .join(status, on="candidate_id", how="left", maintain_order="left")
        .join(
            _with_labels(priorities.filter(pl.col("priority") != "opted_out"), PRIORITISED_HEADER),
            on="candidate_id",
            how="left",
            maintain_order="left",
        )
        .join(
            _with_labels(political, DECIDED_HEADER),
            on="candidate_id",
            how="left",
            maintain_order="left",
        )
        .select(
            pl.col("phase_label")
            .replace_strict({label: _(label) for label in phase_labels}, default=None)
            .alias(PHASE_HEADER),
            pl.col(PRIORITISED_HEADER),
            pl.col("opted_out_by").list.join(", ").alias(OPTED_OUT_HEADER),
            pl.col(DECIDED_HEADER),
            pl.col("willing_municipalities").list.join(", ").alias(COALITION_HEADER),
            pl.when(pl.col("needs_attention"))
            .then(pl.lit(_(ATTENTION_FLAG)))
            .otherwise(pl.lit(""))
            .alias(ATTENTION_HEADER),
        )
        .with_columns(pl.all().cast(pl.String).fill_null(""))
    )


MUNICIPALITY_DECISION_HEADERS = (
    N_("Kommune"),
    N_("Har foreslået opgaven"),
    N_("Prioritet (fase 1)"),
    N_("Politisk beslutning (fase 2)"),
    N_("Udvalg og møde"),
    N_("Senest ændret"),
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
            for part in (
                d.get("committee"),
                d.get("meeting_date"),
                agenda_text(d.get("agenda_item")),
            )
            if part
        )
        latest = max((x.get("recorded_at") or "" for x in (p, d)), default="")
        rows.append(
            {
                _("Kommune"): municipality,
                _("Har foreslået opgaven"): _(YES_LABEL)
                if municipality in (candidate["municipalities"] or [])
                else _(NO_LABEL),
                _("Prioritet (fase 1)"): _(p.get("label") or formatting.MISSING),
                _("Politisk beslutning (fase 2)"): _(d.get("label") or formatting.MISSING),
                _("Udvalg og møde"): meeting,
                _("Senest ændret"): when(latest or None),
            }
        )
    return pl.DataFrame(rows, schema=dict.fromkeys(MUNICIPALITY_DECISION_HEADERS, pl.String))


def _details(text: str | None) -> dict:
    return json.loads(text) if text else {}


def _value_label(kind: str, value: str | None) -> str:
    if value is None:
        return ""
    if kind == PRIORITY:
        return _(label_of(PRIORITIES, value))
    if kind == POLITICAL:
        return _(label_of(POLITICAL_DECISIONS, value))
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
                agenda_text(details.get("agenda_item")),
            )
            if part
        )
        role = _(label_of(ROLES, event["user_role"]))
        rows.append(
            {
                _("Tidspunkt"): when(event["recorded_at"]),
                _("Hvad"): _(KIND_LABELS.get(event["kind"], event["kind"])),
                _("Kommune"): event["municipality"] or "",
                _("Fra"): _value_label(event["kind"], event["old_value"]) or formatting.MISSING,
                _("Til"): _value_label(event["kind"], event["new_value"]),
                _("Af"): f"{event['user_name']} ({role})",
                _("Udvalg og møde"): meeting,
                _("Kommentar"): event["reason"] or "",
            }
        )
    headers = (
        _("Tidspunkt"),
        _("Hvad"),
        _("Kommune"),
        _("Fra"),
        _("Til"),
        _("Af"),
        _("Udvalg og møde"),
        _("Kommentar"),
    )
    return pl.DataFrame(rows, schema=dict.fromkeys(headers, pl.String))


def attention_table(attention: pl.DataFrame) -> pl.DataFrame:
    """Decisions a regrouping has made ambiguous, as the project group reads them."""
    return pl.DataFrame(
        {
            _("Kommune"): attention["municipality"],
            _("Hvad"): [_(KIND_LABELS.get(k, k)) for k in attention["kind"].to_list()],
            _("Kandidat"): attention["title"],
            _("Beslutning"): [_(v) for v in attention["value"].to_list()],
            _("Hvorfor"): attention["reason"],
            _("Opgaverne hører nu til"): [
                formatting.listing(t) for t in attention["now_in"].to_list()
            ],
            _("Hvem ændrede den"): attention["cause"],
            _("Sådan afgøres den"): attention["settle"],
        },
        schema=dict.fromkeys(
            (
                _("Kommune"),
                _("Hvad"),
                _("Kandidat"),
                _("Beslutning"),
                _("Hvorfor"),
                _("Opgaverne hører nu til"),
                _("Hvem ændrede den"),
                _("Sådan afgøres den"),
            ),
            pl.String,
        ),
    )
