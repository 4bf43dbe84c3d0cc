"""Where everything stands, derived from the decision log and the gross list.

One set of pure functions over DataFrames: the dashboard calls them on the live store the moment
a decision is made, and the Dagster assets call the same functions to materialize
``phase_status`` into the warehouse, so there is no second code path.

The current value of a decision is its newest event (highest version). A candidate's coalition
is the municipalities whose phase-2 decision is «ønsker at gå videre»; with at least two it goes
on to the targeted analysis (phase 3).
"""

from __future__ import annotations

import polars as pl

from screening.coalition import load_coalition_rule
from screening.decisions.attention import causes
from screening.decisions.record import POLITICAL, PRIORITY
from screening.i18n import _
from screening.vocabulary import (
    PHASES,
    POLITICAL_DECISIONS,
    PRIORITIES,
)

PROCEED = "proceed"
OPTED_OUT = "opted_out"
# The phase-3 status events (written by screening.phase3.record, which builds on this module):
# a candidate whose newest one is ESTABLISHED has reached the funnel's last stage.
PHASE3_STATUS = "phase3_status"
ESTABLISHED = "established"

# What a phase-1 or phase-2 event carries in its details: the candidate as the user saw it, and
# for a political decision the meeting and the frozen list it was made on.
DETAILS_FIELDS = {
    "title": pl.String,
    "task_ids": pl.List(pl.String),
    "committee": pl.String,
    "meeting_date": pl.String,
    "agenda_item": pl.String,
    "snapshot_id": pl.String,
}

DECISION_SCHEMA = {
    "municipality": pl.String,
    "candidate_id": pl.String,
    "value": pl.String,
    "label": pl.String,
    "comment": pl.String,
    "version": pl.Int64,
    "recorded_at": pl.String,
    "user_name": pl.String,
    **DETAILS_FIELDS,
}


def current(events: pl.DataFrame, kind: str) -> pl.DataFrame:
    """The newest event of each decision of one kind."""
    return (
        events.filter(pl.col("kind") == kind)
        .sort("version")
        .group_by("subject", maintain_order=True)
        .last()
    )


DETAILS_SCHEMA = pl.Struct(DETAILS_FIELDS)


def decisions(events: pl.DataFrame, kind: str) -> pl.DataFrame:
    """Current priorities (``kind=PRIORITY``) or political decisions, one row per municipality
    and candidate, with the candidate's tasks when decided and the meeting details."""
    latest = current(events, kind)
    if latest.is_empty():
        return pl.DataFrame(schema=DECISION_SCHEMA)
    terms = PRIORITIES if kind == PRIORITY else POLITICAL_DECISIONS
    labels = {t.code: t.label for t in terms}
    # Column-wise, and each distinct details text parsed once: the municipalities deciding on
    # one candidate share its task list, and a national round holds tens of thousands.
    distinct = latest.select(pl.col("details").unique()).with_columns(
        pl.col("details").str.json_decode(DETAILS_SCHEMA).alias("parsed")
    )
    return (
        latest.join(distinct, on="details", how="left", nulls_equal=True)
        .select(
            "municipality",
            "candidate_id",
            pl.col("new_value").alias("value"),
            pl.col("new_value").replace_strict(labels, default=pl.col("new_value")).alias("label"),
            pl.col("reason").alias("comment"),
            "version",
            "recorded_at",
            "user_name",
            pl.col("parsed").struct.field("title"),
            pl.col("parsed").struct.field("task_ids").fill_null(pl.lit([], pl.List(pl.String))),
            pl.col("parsed").struct.field("committee"),
            pl.col("parsed").struct.field("meeting_date"),
            pl.col("parsed").struct.field("agenda_item"),
            pl.col("parsed").struct.field("snapshot_id"),
        )
        .cast(DECISION_SCHEMA)
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
    "established": pl.Boolean,
    "needs_attention": pl.Boolean,
}


def established(events: pl.DataFrame) -> list[str]:
    """The candidates whose shared operation is «besluttet etableret» in phase 3: the one
    source of the funnel's last stage, the phase-3 page and the warehouse's ``phase_status``."""
    latest = current(events, PHASE3_STATUS)
    if latest.is_empty():
        return []
    return sorted(latest.filter(pl.col("new_value") == ESTABLISHED)["subject"].to_list())


def phase_status(
    gross_list: pl.DataFrame,
    events: pl.DataFrame,
    tasks: pl.DataFrame | None = None,
    minimum: int | None = None,
) -> pl.DataFrame:
    """One row per candidate of the gross list: its phase, who prioritised it, who decided
    politically, its coalition (the willing municipalities) and whether it goes on (at least
    ``minimum`` willing; by default the group's rule in ``config/screening.toml``). ``tasks``
    (the run's task table) says why tasks moved, as in :func:`decisions_needing_attention`."""
    minimum = minimum or load_coalition_rule().minimum()
    candidates = gross_list.select("candidate_id")
    prio = priorities(events)
    political = political_decisions(events)
    attention = _needing_attention(gross_list, prio, political, tasks)
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
            established=pl.col("candidate_id").is_in(established(events)),
        )
        .with_columns(advances=pl.col("n_willing") >= minimum)
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
    "caused_by": pl.List(pl.String),  # municipalities, or «projektgruppen»
    "cause": pl.String,  # who did what, in the reader's language
    "settle": pl.String,  # how to settle it, in the reader's language
}


def decisions_needing_attention(
    gross_list: pl.DataFrame, events: pl.DataFrame, tasks: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Decisions a regrouping has made ambiguous («kræver opmærksomhed»), never guessed:

    - the candidate is gone and its tasks now sit in another candidate (merged, or its id
      changed) or in none (the tasks were withdrawn);
    - the candidate still exists but some of its tasks at the time of the decision now sit in
      another candidate (it was split).
    A candidate that only gained tasks (a new municipality joined) keeps its decisions.

    Each names who caused it and how to settle it. ``tasks`` (the run's task table: task_id,
    municipality, title, placement, see :mod:`screening.matching.placement`) says why a task
    moved; without it, a moved task is put down to the project group's matching.
    """
    return _needing_attention(gross_list, priorities(events), political_decisions(events), tasks)


def _needing_attention(
    gross_list: pl.DataFrame,
    prio: pl.DataFrame,
    political: pl.DataFrame,
    tasks: pl.DataFrame | None = None,
) -> pl.DataFrame:
    both = pl.concat(
        [
            frame.select(
                pl.lit(kind).alias("kind"),
                "municipality",
                "candidate_id",
                "label",
                "task_ids",
                "recorded_at",
                pl.col("title").alias("decided_title"),
            )
            for kind, frame in ((PRIORITY, prio), (POLITICAL, political))
        ]
    )
    if both.is_empty():
        return pl.DataFrame(schema=ATTENTION_SCHEMA)
    home = gross_list.select(
        pl.col("task_ids").alias("task_id"), pl.col("candidate_id").alias("home")
    ).explode("task_id")
    titles = gross_list.select("candidate_id", "title")
    # Where each candidate's tasks (as they were when decided) are now: once per distinct
    # membership, not per decision, since many municipalities decide on one candidate.
    both = both.with_columns(members=pl.col("task_ids").hash())
    distinct = (
        both.select("candidate_id", "members", "task_ids")
        .unique(["candidate_id", "members"], maintain_order=True)
        .with_row_index("membership")
    )
    where = (
        distinct.select("membership", "task_ids")
        .explode("task_ids")
        .join(home, left_on="task_ids", right_on="task_id", how="left")
        .group_by("membership")
        .agg(pl.col("home").drop_nulls().unique().sort().alias("homes"))
    )
    flagged = (
        distinct.join(where, on="membership", how="left")
        .with_columns(
            pl.col("homes").fill_null(pl.lit([], pl.List(pl.String))),
        )
        .with_columns(
            pl.col("homes")
            .list.set_difference(pl.concat_list("candidate_id"))
            .list.sort()
            .alias("elsewhere"),
            pl.col("candidate_id").is_in(gross_list["candidate_id"].implode()).alias("on_list"),
        )
        .filter(~pl.col("on_list") | (pl.col("elsewhere").list.len() > 0))
        .select("candidate_id", "members", "homes", "elsewhere", "on_list")
    )
    homes = both.join(flagged, on=["candidate_id", "members"])
    # A decision on a candidate that is gone is settled once the same municipality has decided
    # again, later, on a candidate that now holds its tasks.
    redecided = (
        homes.filter(~pl.col("on_list"))
        .select(
            "kind", "municipality", "candidate_id", "recorded_at", pl.col("homes").alias("home")
        )
        .explode("home")
        .join(
            both.select(
                "kind",
                "municipality",
                pl.col("candidate_id").alias("home"),
                pl.col("recorded_at").alias("decided_again_at"),
            ),
            on=["kind", "municipality", "home"],
        )
        .filter(pl.col("decided_again_at") > pl.col("recorded_at"))
        .select("kind", "municipality", "candidate_id")
        .unique()
    )
    homes = homes.join(redecided, on=["kind", "municipality", "candidate_id"], how="anti")
    reason = (
        pl.when(pl.col("on_list"))
        .then(
            pl.lit(_("Kandidaten er delt: nogle af dens opgaver hører nu til en anden kandidat."))
        )
        .when(pl.col("homes").list.len() > 0)
        .then(pl.lit(_("Kandidaten findes ikke længere; dens opgaver hører nu til en anden.")))
        .otherwise(pl.lit(_("Kandidaten findes ikke længere; dens opgaver er trukket tilbage.")))
    )
    title_of = dict(titles.iter_rows())
    found = causes(
        homes.select("candidate_id", "members", "task_ids", "elsewhere", "on_list").unique(
            ["candidate_id", "members"], maintain_order=True
        ),
        home,
        tasks,
    )
    # A candidate that only lost another municipality's task, which that municipality changed
    # into another task, is still the candidate the others decided on: only the municipality
    # that changed its own task is asked to look again.
    homes = homes.join(found, on=["candidate_id", "members"], how="left").filter(
        ~pl.col("on_list")
        | ~pl.col("changed_only").fill_null(False)
        | pl.col("caused_by").list.contains(pl.col("municipality"))
    )
    return (
        homes.join(titles, on="candidate_id", how="left")
        .select(
            "kind",
            "municipality",
            "candidate_id",
            pl.col("title").fill_null(pl.col("decided_title")).fill_null(pl.col("candidate_id")),
            pl.col("label").alias("value"),
            reason.alias("reason"),
            pl.col("elsewhere")
            .list.eval(pl.element().replace_strict(title_of, default=pl.element()))
            .alias("now_in"),
            "caused_by",
            "cause",
            "settle",
        )
        .cast(ATTENTION_SCHEMA)
    )


FUNNEL_STAGES = (
    ("screened", "Screenet"),
    ("prioritised", "Prioriteret af en direktion"),
    ("selected", "Valgt politisk"),
    ("in_analysis", "I målrettet analyse"),
    ("established", "Etableret"),
)


def stage_counts(status: pl.DataFrame) -> dict[str, int]:
    """The funnel's figures by stage code, from :func:`phase_status`: every page, annex and
    command that shows one of them reads it here."""
    return {
        "screened": status.height,
        "prioritised": status.filter(pl.col("prioritised_by").list.len() > 0).height,
        "selected": status.filter(pl.col("n_willing") > 0).height,
        "in_analysis": status.filter(pl.col("advances")).height,
        "established": status.filter(pl.col("established")).height,
    }


def funnel(status: pl.DataFrame) -> pl.DataFrame:
    """How many candidates reached each stage: screened → prioritised → selected politically →
    in analysis (at least two willing) → established (decided in phase 3)."""
    counts = stage_counts(status)
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
