"""Shape the matcher's links and the project group's decisions for the match-review page.

Pure functions (no Streamlit). Decisions are read from the overrides file the page appends to;
the published ``match_overrides`` table holds the ones the last pipeline run used, so a decision
in the file but not in that table is still waiting for the next run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from dashboard.common import formatting, safe_text
from screening.i18n import N_, _
from screening.matching.candidates import LINK_THRESHOLD, REVIEW_BAND
from screening.matching.overrides import MERGE, SPLIT
from screening.vocabulary import SERVICE_AREAS, label_of

ACTION_LABELS = {MERGE: N_("Samme opgave (saml)"), SPLIT: N_("Ikke samme opgave (adskil)")}
APPLIED, PENDING = N_("Med i bruttolisten"), N_("Venter på næste beregning")
COMPUTED = "beregnet"  # links the matcher found, as opposed to the project group's own

NEXT_RUN = N_("Ændringen ses på bruttolisten, næste gang bruttolisten dannes på ny.")


def review_band_text() -> str:
    low, high = REVIEW_BAND
    return _(
        "Beregningen kobler opgaver med en sikkerhed på mindst {threshold}; koblinger mellem {low} "
        "og {high} bør ses efter, hvad enten beregningen har koblet dem eller ej. Først kommer de "
        "koblinger, der har samlet opgaver til en kandidat (de svageste først), så de par, der "
        "ikke blev koblet (de nærmeste først). Par under grænsen vises ikke her: hører to af dem "
        "sammen, så brug «Saml to opgaver»."
    ).format(
        threshold=formatting.share(LINK_THRESHOLD),
        low=formatting.share(low),
        high=formatting.share(high),
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
    state = _("koblet i bruttolisten nu") if item.linked else _("ikke koblet i bruttolisten nu")
    return _(
        "Sikkerhed **{confidence}** · lighed i titel {title} · lighed i beskrivelse {description} "
        "· {state}"
    ).format(
        confidence=formatting.share(item.confidence),
        title=formatting.share(item.title_similarity),
        description=formatting.share(item.description_similarity),
        state=state,
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
    who = (
        _(" af {who}").format(who=safe_text.markdown(decision["decided_by"]))
        if decision["decided_by"]
        else ""
    )
    state = _(APPLIED) if is_applied(decision, applied) else _(PENDING)
    return _("Afgjort {when}{who}: {action} · {state}").format(
        when=when, who=who, action=_(ACTION_LABELS[decision["action"]]), state=state.lower()
    )


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
            _("Kommune"): tasks["municipality"],
            _("Opgave"): tasks["title"],
            _("Beskrivelse"): tasks["description"].fill_null(""),
            _("Fagområde"): [_(label_of(SERVICE_AREAS, code)) for code in tasks["service_area"]],
        },
        schema={
            name: pl.String
            for name in (_("Kommune"), _("Opgave"), _("Beskrivelse"), _("Fagområde"))
        },
    )


def decisions_table(
    decisions: pl.DataFrame, tasks: pl.DataFrame, applied: pl.DataFrame
) -> pl.DataFrame:
    """Every decision so far, newest first, with the tasks by name and whether it is in use."""
    names = {row["task_id"]: task_option(row) for row in tasks.iter_rows(named=True)}
    applied_keys = {_key(row) for row in applied.iter_rows(named=True)}
    rows = [
        {
            _("Tidspunkt"): formatting.timestamp(_parse_time(row["decided_at"])),
            _("Beslutning"): _(ACTION_LABELS.get(row["action"], row["action"])),
            _("Opgave"): names.get(row["task_id"], row["task_id"]),
            _("Anden opgave"): names.get(row["other_task_id"], row["other_task_id"]),
            _("Note"): row["note"] or "",
            _("Besluttet af"): row["decided_by"] or "",
            _("Status"): _(APPLIED) if _key(row) in applied_keys else _(PENDING),
        }
        # The file is appended to, so its last line is the newest decision.
        for row in reversed(list(decisions.iter_rows(named=True)))
    ]
    headers = (
        _("Tidspunkt"),
        _("Beslutning"),
        _("Opgave"),
        _("Anden opgave"),
        _("Note"),
        _("Besluttet af"),
        _("Status"),
    )
    return pl.DataFrame(rows, schema={name: pl.String for name in headers})


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def beside_rows(tasks: pl.DataFrame, latest: dict[frozenset[str], dict]) -> list[dict]:
    """Rows the matching put beside their own municipality's task in a candidate, with nobody
    to ask (a file from the inbox), that the project group has not decided on yet."""
    if "beside_task_id" not in tasks.columns:
        return []
    title = dict(tasks.select("task_id", "title").iter_rows())
    return [
        {
            "task_id": row["task_id"],
            "own_task_id": row["beside_task_id"],
            "municipality": row["municipality"],
            "title": row["title"],
            "own_title": title.get(row["beside_task_id"], row["beside_task_id"]),
        }
        for row in tasks.filter(pl.col("beside_task_id").is_not_null()).iter_rows(named=True)
        if frozenset((row["task_id"], row["beside_task_id"])) not in latest
    ]
