"""Shape the matcher's links and the project group's decisions for the match-review page.

Pure functions (no Streamlit). Decisions are read from the overrides file the page appends to;
the published ``match_overrides`` table holds the ones the last pipeline run used, so a decision
in the file but not in that table is still waiting for the next run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from dashboard import formatting, safe_text
from screening.matching.candidates import LINK_THRESHOLD, REVIEW_BAND
from screening.matching.overrides import MERGE, SPLIT
from screening.vocabulary import SERVICE_AREAS, label_of

ACTION_LABELS = {MERGE: "Samme opgave (saml)", SPLIT: "Ikke samme opgave (adskil)"}
APPLIED, PENDING = "Med i bruttolisten", "Venter på næste kørsel"
COMPUTED = "beregnet"  # links the matcher found, as opposed to the project group's own

NEXT_RUN = (
    "Ændringen ses på bruttolisten efter næste kørsel af pipelinen: «screening run» eller en "
    "kørsel i Dagster-UI'et."
)


def review_band_text() -> str:
    low, high = REVIEW_BAND
    return (
        f"Beregningen kobler opgaver med en sikkerhed på mindst {formatting.share(LINK_THRESHOLD)};"
        f" koblinger mellem {formatting.share(low)} og {formatting.share(high)} bør ses efter, "
        "hvad enten beregningen har koblet dem eller ej. Først kommer de koblinger, der har "
        "samlet opgaver til en kandidat (de svageste først), så de par, der ikke blev koblet "
        "(de nærmeste først). Par under grænsen vises ikke her: hører to af dem sammen, så brug "
        "«Saml to opgaver»."
    )


@dataclass(frozen=True)
class ReviewItem:
    """A computed link the matcher was unsure of, with both tasks."""

    task: dict
    other: dict
    confidence: float
    title_similarity: float | None
    description_similarity: float | None
    linked: bool = True  # whether the matching joined the two in one candidate

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.task["task_id"], self.other["task_id"]))


def review_items(candidate_links: pl.DataFrame, tasks: pl.DataFrame) -> list[ReviewItem]:
    """Computed links marked for review: first the accepted links that joined two groups (they
    change the list), weakest first; then the other accepted ones, weakest first; then the
    near-misses the matching did not join, closest to joining first."""
    by_id = {row["task_id"]: row for row in tasks.iter_rows(named=True)}
    # A copy from before the «joined» column counts every accepted link as a join.
    joined = pl.col("joined") if "joined" in candidate_links.columns else pl.col("accepted")
    marked = (
        candidate_links.filter(pl.col("needs_review") & (pl.col("source") == COMPUTED))
        .with_columns(
            pl.when(joined.fill_null(False))
            .then(0)
            .when(pl.col("accepted"))
            .then(1)
            .otherwise(2)
            .alias("_group"),
            pl.when(pl.col("accepted"))
            .then(pl.col("confidence"))
            .otherwise(-pl.col("confidence"))
            .alias("_order"),
        )
        .sort(["_group", "_order", "task_id", "other_task_id"])
    )
    return [
        ReviewItem(
            task=by_id[row["task_id"]],
            other=by_id[row["other_task_id"]],
            confidence=row["confidence"],
            title_similarity=row["title_similarity"],
            description_similarity=row["description_similarity"],
            linked=row["accepted"],
        )
        for row in marked.iter_rows(named=True)
        if row["task_id"] in by_id and row["other_task_id"] in by_id
    ]


def similarity_text(item: ReviewItem) -> str:
    state = "koblet i bruttolisten nu" if item.linked else "ikke koblet i bruttolisten nu"
    return (
        f"Sikkerhed **{formatting.share(item.confidence)}** · lighed i titel "
        f"{formatting.share(item.title_similarity)} · lighed i beskrivelse "
        f"{formatting.share(item.description_similarity)} · {state}"
    )


def _key(row: dict) -> tuple:
    return (row["action"], row["task_id"], row["other_task_id"], row["decided_at"])


def latest_decisions(decisions: pl.DataFrame) -> dict[frozenset[str], dict]:
    """The newest decision per pair of tasks (the one the pipeline follows)."""
    latest: dict[frozenset[str], dict] = {}
    for row in decisions.iter_rows(named=True):
        if row["action"] in ACTION_LABELS and row["task_id"] and row["other_task_id"]:
            latest[frozenset((row["task_id"], row["other_task_id"]))] = row
    return latest


def is_applied(decision: dict, applied: pl.DataFrame) -> bool:
    """Whether the last pipeline run read this decision (it is in the published table)."""
    return _key(decision) in {_key(row) for row in applied.iter_rows(named=True)}


def decision_text(decision: dict, applied: pl.DataFrame) -> str:
    when = formatting.timestamp(_parse_time(decision["decided_at"]))
    who = f" af {safe_text.markdown(decision['decided_by'])}" if decision["decided_by"] else ""
    state = APPLIED if is_applied(decision, applied) else PENDING
    return f"Afgjort {when}{who}: {ACTION_LABELS[decision['action']]} · {state.lower()}"


def task_option(task: dict) -> str:
    """How a task reads in a picker: ``"Lønadministration (Tønder)"``."""
    return safe_text.plain(f"{task['title']} ({task['municipality']})")


def split_pairs(candidate_tasks: pl.DataFrame, task_id: str) -> list[tuple[str, str]]:
    """The pairs to split so ``task_id`` leaves its candidate: it and each other task in it."""
    return [(task_id, other) for other in candidate_tasks["task_id"] if other != task_id]


def tasks_table(tasks: pl.DataFrame) -> pl.DataFrame:
    """A candidate's tasks as the project group compares them."""
    return pl.DataFrame(
        {
            "Kommune": tasks["municipality"],
            "Opgave": tasks["title"],
            "Beskrivelse": tasks["description"].fill_null(""),
            "Fagområde": [label_of(SERVICE_AREAS, code) for code in tasks["service_area"]],
        },
        schema={name: pl.String for name in ("Kommune", "Opgave", "Beskrivelse", "Fagområde")},
    )


def decisions_table(
    decisions: pl.DataFrame, tasks: pl.DataFrame, applied: pl.DataFrame
) -> pl.DataFrame:
    """Every decision so far, newest first, with the tasks by name and whether it is in use."""
    names = {row["task_id"]: task_option(row) for row in tasks.iter_rows(named=True)}
    applied_keys = {_key(row) for row in applied.iter_rows(named=True)}
    rows = [
        {
            "Tidspunkt": formatting.timestamp(_parse_time(row["decided_at"])),
            "Beslutning": ACTION_LABELS.get(row["action"], row["action"]),
            "Opgave": names.get(row["task_id"], row["task_id"]),
            "Anden opgave": names.get(row["other_task_id"], row["other_task_id"]),
            "Note": row["note"] or "",
            "Besluttet af": row["decided_by"] or "",
            "Status": APPLIED if _key(row) in applied_keys else PENDING,
        }
        # The file is appended to, so its last line is the newest decision.
        for row in reversed(list(decisions.iter_rows(named=True)))
    ]
    headers = (
        "Tidspunkt",
        "Beslutning",
        "Opgave",
        "Anden opgave",
        "Note",
        "Besluttet af",
        "Status",
    )
    return pl.DataFrame(rows, schema={name: pl.String for name in headers})


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
