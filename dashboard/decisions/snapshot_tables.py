"""Frozen gross lists and phase 2, shaped for the pages (pure functions, no Streamlit).

A snapshot is the gross list as presented to the coordination committee; phase-2 decisions
refer to the newest one. Here: the list of snapshots, two lists side by side with what moved,
one municipality's decisions, and the steering group's coordinated list of all four.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl

from dashboard.common import formatting
from dashboard.decisions.phase_tables import danish_date, when
from dashboard.ranking import tables
from dashboard.ranking.weights import DOWN, UNCHANGED, UP
from screening.decisions.record import agenda_item_number
from screening.i18n import N_, _
from screening.vocabulary import POLITICAL_DECISIONS

# The pages' widget keys and labels; tests find the widgets by them.
SNAPSHOT_LABEL_KEY = "snapshot_label"
FREEZE_LABEL = N_("Fastfrys bruttolisten")
PHASE2_MUNICIPALITY_KEY = "phase2_municipality"
CANDIDATE_KEY = "phase2_candidate"
DECISION_KEY = "phase2_decision"
COMMITTEE_KEY = "phase2_committee"
POLITICAL_SAVE_LABEL = N_("Gem beslutning")

TODAY_LABEL = N_("Bruttolisten i dag")
ENTERED, LEFT = N_("ny på listen"), N_("ikke på listen")
MOVE_HEADER = N_("Hvad flyttede sig")

DECISION_HEADER = N_("Beslutning")
COMMITTEE_HEADER = N_("Udvalg")
MEETING_HEADER = N_("Mødedato")
AGENDA_HEADER = N_("Dagsordenspunkt")
REMARK_HEADER = N_("Bemærkning")
RECORDED_BY_HEADER = N_("Registreret af")
RECORDED_AT_HEADER = N_("Registreret")
WILLING_HEADER = N_("Vil gå videre")
N_WILLING_HEADER = N_("Antal, der vil videre")
ADVANCES_HEADER = N_("Til fase 3")
ADVANCES_FLAG = N_("✅ Går videre")
DECISION_LABELS = [t.label for t in POLITICAL_DECISIONS]
# The columns of phase2_table holding labels, shown in the reader's language (language.table).
LABEL_COLUMNS = (DECISION_HEADER,)
PHASE2_SCHEMA = {
    tables.RANK_HEADER: pl.Int64,
    **dict.fromkeys(
        (
            tables.TITLE_HEADER,
            tables.MUNICIPALITIES_HEADER,
            DECISION_HEADER,
            COMMITTEE_HEADER,
            MEETING_HEADER,
            AGENDA_HEADER,
            REMARK_HEADER,
            RECORDED_BY_HEADER,
            RECORDED_AT_HEADER,
            WILLING_HEADER,
        ),
        pl.String,
    ),
}

SNAPSHOT_COLUMNS = {
    "candidate_id": pl.String,
    "rank": pl.Int64,
    "title": pl.String,
    "municipalities": pl.List(pl.String),
    "score": pl.Float64,
    "task_ids": pl.List(pl.String),
    "authority_exercise": pl.Boolean,  # flagged in the pickers, as on the gross list
}


@dataclass(frozen=True)
class ListVersion:
    """A gross list to compare: a snapshot's rows, or today's published list."""

    label: str
    rows: pl.DataFrame


def snapshot_rows(snapshot: dict) -> pl.DataFrame:
    """The candidates of a snapshot read ``with_rows``, in their frozen rank order."""
    rows = [
        {column: row.get(column) for column in SNAPSHOT_COLUMNS}
        for row in json.loads(snapshot["rows"])
    ]
    return pl.DataFrame(rows, schema=SNAPSHOT_COLUMNS).sort("rank")


def snapshot_option(snapshot: dict) -> str:
    """How a snapshot reads in a picker: ``"Forelagt KU 12. marts (02.12.2026 kl. 06.15)"``."""
    return f"{snapshot['label']} ({when(snapshot['frozen_at'])})"


def snapshots_table(snapshots: list[dict]) -> pl.DataFrame:
    """Every frozen list, newest first."""
    newest_first = list(reversed(snapshots))
    return pl.DataFrame(
        {
            _("Navn"): [s["label"] for s in newest_first],
            _("Fastfrosset"): [when(s["frozen_at"]) for s in newest_first],
            _("Af"): [s["frozen_by_name"] for s in newest_first],
            _("Kandidater"): [s["n_candidates"] for s in newest_first],
            _("Id"): [s["snapshot_id"] for s in newest_first],
        },
        schema={
            _("Navn"): pl.String,
            _("Fastfrosset"): pl.String,
            _("Af"): pl.String,
            _("Kandidater"): pl.Int64,
            _("Id"): pl.String,
        },
    )


def _move(before: int | None, after: int | None) -> str:
    if before is None:
        return ENTERED
    if after is None:
        return LEFT
    if after < before:
        return f"{UP} {before - after}"
    if after > before:
        return f"{DOWN} {after - before}"
    return _(UNCHANGED)


def compare_lists(before: ListVersion, after: ListVersion) -> pl.DataFrame:
    """Both lists side by side, one row per candidate on either: its rank in each and what moved
    (up or down so many places, new on the later list, or gone from it), the later list's order
    first and what left it at the end."""
    left = before.rows.select("candidate_id", pl.col("rank").alias("before"), "title")
    right = after.rows.select("candidate_id", pl.col("rank").alias("after"), "title")
    both = left.join(right, on="candidate_id", how="full", coalesce=True, suffix="_after")
    both = both.with_columns(pl.coalesce("title_after", "title").alias("title")).sort(
        pl.col("after").is_null(), "after", "before"
    )
    return pl.DataFrame(
        {
            tables.TITLE_HEADER: both["title"],
            # «før» and «efter» keep the headers apart when two lists share a name.
            _("Nr. før: {label}").format(label=before.label): both["before"],
            _("Nr. efter: {label}").format(label=after.label): both["after"],
            MOVE_HEADER: [_move(b, a) for b, a in zip(both["before"], both["after"], strict=True)],
        }
    )


def movement_summary(comparison: pl.DataFrame) -> str:
    moves = comparison[MOVE_HEADER].to_list()
    moved = sum(1 for m in moves if m.startswith((UP, DOWN)))
    # Counted first: a call inside formatting.count's arguments hides its words from the
    # catalogue's extraction.
    entered, left = moves.count(ENTERED), moves.count(LEFT)
    return _("{moved} har skiftet plads · {entered} · {left}").format(
        moved=formatting.count(moved, "kandidat", "kandidater"),
        entered=formatting.count(entered, "ny", "nye"),
        left=formatting.count(left, "udgået", "udgåede"),
    )


# --- Phase 2 -----------------------------------------------------------------------------------


def phase2_table(
    frozen: pl.DataFrame, political: pl.DataFrame, status: pl.DataFrame, municipality: str
) -> pl.DataFrame:
    """The frozen list's candidates with ``municipality``'s decision, meeting and remark, who
    recorded it and when, and each candidate's coalition so far."""
    own = {
        row["candidate_id"]: row
        for row in political.filter(pl.col("municipality") == municipality).iter_rows(named=True)
    }
    willing = {row["candidate_id"]: row for row in status.iter_rows(named=True)}
    rows = []
    for candidate in frozen.iter_rows(named=True):
        decided = own.get(candidate["candidate_id"], {})
        coalition = willing.get(candidate["candidate_id"], {}).get("willing_municipalities") or []
        rows.append(
            {
                tables.RANK_HEADER: candidate["rank"],
                tables.TITLE_HEADER: candidate["title"],
                tables.MUNICIPALITIES_HEADER: formatting.listing(candidate["municipalities"]),
                DECISION_HEADER: decided.get("label") or "",
                COMMITTEE_HEADER: decided.get("committee") or "",
                MEETING_HEADER: danish_date(decided.get("meeting_date")),
                AGENDA_HEADER: agenda_item_number(decided.get("agenda_item")),
                REMARK_HEADER: decided.get("comment") or "",
                RECORDED_BY_HEADER: decided.get("user_name") or "",
                RECORDED_AT_HEADER: when(decided.get("recorded_at")),
                WILLING_HEADER: formatting.listing(coalition),
            }
        )
    return pl.DataFrame(rows, schema=PHASE2_SCHEMA)


def coordinated_table(
    frozen: pl.DataFrame,
    political: pl.DataFrame,
    status: pl.DataFrame,
    municipalities: list[str],
) -> pl.DataFrame:
    """The steering group's coordinated list: every municipality's decision side by side, how
    many want to go on, and whether the candidate goes to phase 3 (by the group's coalition rule, as
    ``status`` counted it)."""
    decided = {
        (row["municipality"], row["candidate_id"]): row["label"]
        for row in political.iter_rows(named=True)
    }
    by_id = {row["candidate_id"]: row for row in status.iter_rows(named=True)}
    rows = []
    for candidate in frozen.iter_rows(named=True):
        current = by_id.get(candidate["candidate_id"], {})
        n_willing = current.get("n_willing", 0)
        rows.append(
            {
                tables.RANK_HEADER: candidate["rank"],
                tables.TITLE_HEADER: candidate["title"],
                **{
                    m: decided.get((m, candidate["candidate_id"]), formatting.MISSING)
                    for m in municipalities
                },
                N_WILLING_HEADER: n_willing,
                ADVANCES_HEADER: _(ADVANCES_FLAG) if current.get("advances") else "",
            }
        )
    schema = {
        tables.RANK_HEADER: pl.Int64,
        tables.TITLE_HEADER: pl.String,
        **dict.fromkeys(municipalities, pl.String),
        N_WILLING_HEADER: pl.Int64,
        ADVANCES_HEADER: pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


def phase3_list(frozen: pl.DataFrame, status: pl.DataFrame) -> pl.DataFrame:
    """The candidates at least two municipalities want analysed, with who they are."""
    advancing = status.filter(pl.col("advances")).select("candidate_id", "willing_municipalities")
    chosen = frozen.join(advancing, on="candidate_id", how="inner").sort("rank")
    return pl.DataFrame(
        {
            tables.RANK_HEADER: chosen["rank"],
            tables.TITLE_HEADER: chosen["title"],
            WILLING_HEADER: [
                formatting.listing(m) for m in chosen["willing_municipalities"].to_list()
            ],
        },
        schema={
            tables.RANK_HEADER: pl.Int64,
            tables.TITLE_HEADER: pl.String,
            WILLING_HEADER: pl.String,
        },
    )
