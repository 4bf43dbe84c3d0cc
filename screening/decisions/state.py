"""Where everything stands, derived from the decision log and the gross list.

One set of pure functions over DataFrames: the dashboard calls them on the live store the moment
a decision is made, and the Dagster assets call the same functions to materialize
``phase_status`` into the warehouse, so there is no second code path.

The current value of a decision is its newest event (highest version). A candidate's coalition
is the municipalities whose phase-2 decision is «ønsker at gå videre»; with at least two it goes
on to the targeted analysis (phase 3).
"""

from __future__ import annotations

import json

import polars as pl

from screening.decisions.record import POLITICAL, PRIORITY
from screening.vocabulary import (
    MIN_WILLING_MUNICIPALITIES,
    PHASES,
    POLITICAL_DECISIONS,
    PRIORITIES,
    label_of,
)

PROCEED = "proceed"
OPTED_OUT = "opted_out"

DECISION_SCHEMA = {
    "municipality": pl.String,
    "candidate_id": pl.String,
    "value": pl.String,
    "label": pl.String,
    "comment": pl.String,
    "version": pl.Int64,
    "recorded_at": pl.String,
    "user_name": pl.String,
    "task_ids": pl.List(pl.String),
    "committee": pl.String,
    "meeting_date": pl.String,
    "agenda_item": pl.String,
    "snapshot_id": pl.String,
}


def current(events: pl.DataFrame, kind: str) -> pl.DataFrame:
    """The newest event of each decision of one kind."""
    return (
        events.filter(pl.col("kind") == kind)
        .sort("version")
        .group_by("subject", maintain_order=True)
        .last()
    )


def decisions(events: pl.DataFrame, kind: str) -> pl.DataFrame:
    """Current priorities (``kind=PRIORITY``) or political decisions, one row per municipality
    and candidate, with the candidate's tasks when decided and the meeting details."""
    latest = current(events, kind)
    if latest.is_empty():
        return pl.DataFrame(schema=DECISION_SCHEMA)
    terms = PRIORITIES if kind == PRIORITY else POLITICAL_DECISIONS
    details = [json.loads(d) if d else {} for d in latest["details"].to_list()]
    return pl.DataFrame(
        {
            "municipality": latest["municipality"],
            "candidate_id": latest["candidate_id"],
            "value": latest["new_value"],
            "label": [label_of(terms, v) for v in latest["new_value"].to_list()],
            "comment": latest["reason"],
            "version": latest["version"],
            "recorded_at": latest["recorded_at"],
            "user_name": latest["user_name"],
            "task_ids": [d.get("task_ids", []) for d in details],
            "committee": [d.get("committee") for d in details],
            "meeting_date": [d.get("meeting_date") for d in details],
            "agenda_item": [d.get("agenda_item") for d in details],
            "snapshot_id": [d.get("snapshot_id") for d in details],
        },
        schema=DECISION_SCHEMA,
    )


def priorities(events: pl.DataFrame) -> pl.DataFrame:
    return decisions(events, PRIORITY).rename({"value": "priority"})


def political_decisions(events: pl.DataFrame) -> pl.DataFrame:
    return decisions(events, POLITICAL).rename({"value": "decision"})


STATUS_SCHEMA = {
    "candidate_id": pl.String,
    "phase": pl.String,
    "phase_label": pl.String,
    "prioritised_by": pl.List(pl.String),
    "opted_out_by": pl.List(pl.String),
    "decided_by": pl.List(pl.String),
    "willing_municipalities": pl.List(pl.String),
    "n_willing": pl.Int64,
    "advances": pl.Boolean,
    "needs_attention": pl.Boolean,
}


def phase_status(gross_list: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """One row per candidate of the gross list: its phase, who prioritised it, who decided
    politically, its coalition (the willing municipalities) and whether it goes on."""
    candidates = gross_list.select("candidate_id")
    prio = priorities(events)
    political = political_decisions(events)
    prioritised = prio.group_by("candidate_id").agg(
        pl.col("municipality")
        .filter(pl.col("priority") != OPTED_OUT)
        .sort()
        .alias("prioritised_by"),
        pl.col("municipality").filter(pl.col("priority") == OPTED_OUT).sort().alias("opted_out_by"),
    )
    decided = political.group_by("candidate_id").agg(
        pl.col("municipality").sort().alias("decided_by"),
        pl.col("municipality")
        .filter(pl.col("decision") == PROCEED)
        .sort()
        .alias("willing_municipalities"),
    )
    attention = decisions_needing_attention(gross_list, events)
    flagged = attention.select("candidate_id").unique().with_columns(needs_attention=True)
    empty = pl.lit([], dtype=pl.List(pl.String))
    status = (
        candidates.join(prioritised, on="candidate_id", how="left")
        .join(decided, on="candidate_id", how="left")
        .join(flagged, on="candidate_id", how="left")
        .with_columns(
            pl.col(c).fill_null(empty)
            for c in ("prioritised_by", "opted_out_by", "decided_by", "willing_municipalities")
        )
        .with_columns(
            n_willing=pl.col("willing_municipalities").list.len().cast(pl.Int64),
            needs_attention=pl.col("needs_attention").fill_null(False),
        )
        .with_columns(advances=pl.col("n_willing") >= MIN_WILLING_MUNICIPALITIES)
    )
    phase = (
        pl.when(pl.col("advances"))
        .then(pl.lit(PHASES[2].code))
        .when(pl.col("decided_by").list.len() > 0)
        .then(pl.lit(PHASES[1].code))
        .otherwise(pl.lit(PHASES[0].code))
    )
    labels = {t.code: t.short for t in PHASES}
    return (
        status.with_columns(phase=phase)
        .with_columns(phase_label=pl.col("phase").replace_strict(labels, return_dtype=pl.String))
        .select(list(STATUS_SCHEMA))
    )


ATTENTION_SCHEMA = {
    "kind": pl.String,
    "municipality": pl.String,
    "candidate_id": pl.String,
    "title": pl.String,
    "value": pl.String,
    "reason": pl.String,
    "now_in": pl.List(pl.String),
}


def decisions_needing_attention(gross_list: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """Decisions a regrouping has made ambiguous («kræver opmærksomhed»), never guessed:

    - the candidate is gone and its tasks now sit in another candidate (merged, or its id
      changed) or in none (the tasks were withdrawn);
    - the candidate still exists but some of its tasks at the time of the decision now sit in
      another candidate (it was split).
    A candidate that only gained tasks (a new municipality joined) keeps its decisions.
    """
    rows = []
    task_home = {
        task: candidate
        for candidate, tasks in zip(
            gross_list["candidate_id"].to_list(), gross_list["task_ids"].to_list(), strict=True
        )
        for task in tasks
    }
    on_list = set(task_home.values())
    titles = dict(zip(gross_list["candidate_id"], gross_list["title"], strict=True))
    for kind in (PRIORITY, POLITICAL):
        latest = decisions(events, kind)
        for row in latest.iter_rows(named=True):
            candidate = row["candidate_id"]
            homes = sorted({task_home[t] for t in row["task_ids"] if t in task_home})
            elsewhere = [h for h in homes if h != candidate]
            if candidate in on_list and not elsewhere:
                continue
            if candidate in on_list:
                reason = "Kandidaten er delt: nogle af dens opgaver hører nu til en anden kandidat."
            elif homes:
                reason = "Kandidaten findes ikke længere; dens opgaver hører nu til en anden."
            else:
                reason = "Kandidaten findes ikke længere; dens opgaver er trukket tilbage."
            rows.append(
                {
                    "kind": kind,
                    "municipality": row["municipality"],
                    "candidate_id": candidate,
                    "title": titles.get(candidate, row["candidate_id"]),
                    "value": row["label"],
                    "reason": reason,
                    "now_in": [titles[h] for h in elsewhere],
                }
            )
    return pl.DataFrame(rows, schema=ATTENTION_SCHEMA)


FUNNEL_STAGES = (
    ("screened", "Screenet"),
    ("prioritised", "Prioriteret af en direktion"),
    ("selected", "Valgt politisk"),
    ("in_analysis", "I målrettet analyse"),
    ("established", "Etableret"),
)


def funnel(status: pl.DataFrame) -> pl.DataFrame:
    """How many candidates reached each stage: screened → prioritised → selected politically →
    in analysis (at least two willing) → established (phase 3, not yet recorded here)."""
    counts = {
        "screened": status.height,
        "prioritised": status.filter(pl.col("prioritised_by").list.len() > 0).height,
        "selected": status.filter(pl.col("n_willing") > 0).height,
        "in_analysis": status.filter(pl.col("advances")).height,
        "established": 0,
    }
    return pl.DataFrame(
        {
            "stage": [code for code, _ in FUNNEL_STAGES],
            "label": [label for _, label in FUNNEL_STAGES],
            "candidates": [counts[code] for code, _ in FUNNEL_STAGES],
        }
    )


def candidate_history(events: pl.DataFrame, candidate_id: str) -> pl.DataFrame:
    """Every decision about one candidate, newest first (the audit trail)."""
    return events.filter(pl.col("candidate_id") == candidate_id).sort("event_id", descending=True)
