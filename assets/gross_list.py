"""Gross-list assets: match tasks into candidates, score and rank them."""

from pathlib import Path

import dagster as dg
import polars as pl
from dagster import AssetExecutionContext

from assets.resources import ScreeningSettings
from screening import store
from screening.decisions.match_decisions import read_match_overrides, vanished_message
from screening.intake.outcomes import CURRENT
from screening.matching import candidates as matching
from screening.matching.overrides import OverridesFileError, effective, fresh_request
from screening.matching.placement import match_round
from screening.ranking.gross_list import (
    build_gross_list,
    with_match_confidence,
    with_rank_intervals,
)
from screening.ranking.provenance import provenance_row
from screening.ranking.scoring import criterion_values
from screening.ranking.sensitivity import rank_intervals

KINDS = {"duckdb", "polars"}


@dg.asset(group_name="gross_list", kinds=KINDS)
def match_overrides(context: dg.AssetExecutionContext, settings: ScreeningSettings):
    """The project group's decisions: these tasks are one candidate («saml») or not («adskil»),
    from the decision store (an older overrides file is imported into it once)."""
    try:
        decisions = read_match_overrides(settings.decision_store(), Path(settings.overrides))
    except OverridesFileError as error:
        # Building the list without the decisions would undo them without a word: stop instead.
        raise dg.Failure(description=str(error), allow_retries=False) from None
    metadata = {}
    if decisions.is_empty() and _last_run_had_overrides(Path(settings.warehouse)):
        # Not silent: a store replaced by an empty one means the decisions are gone.
        metadata[OVERRIDES_WARNING] = vanished_message(settings.decisions_url)
        context.log.warning(metadata[OVERRIDES_WARNING])
    return dg.Output(decisions, metadata=metadata)


OVERRIDES_WARNING = "advarsel"


def _last_run_had_overrides(warehouse: Path) -> bool:
    """Whether the last gross list recorded the hash of match decisions (see provenance)."""
    if not warehouse.exists():
        return False
    with store.connect(warehouse) as con:
        if "gross_list_provenance" not in store.table_names(con):
            return False
        row = con.execute("SELECT overrides_sha256 FROM gross_list_provenance LIMIT 1").fetchone()
    return bool(row and row[0])


@dg.multi_asset(
    outs={
        "candidate_links": dg.AssetOut(
            description="Koblingerne mellem opgaver: sikkerhed, accepteret, til gennemsyn.",
            kinds=KINDS,
        ),
        "screening_tasks": dg.AssetOut(
            description="Én række pr. indsendt opgave med den kandidat, den hører til.",
            kinds=KINDS,
        ),
        # Written last: a run killed before it leaves the old fingerprint, so the next run
        # recomputes rather than trusting half-written tables.
        "match_inputs": dg.AssetOut(
            description="Fingeraftryk af det, sammenkoblingen byggede på.",
            kinds=KINDS,
        ),
    },
    group_name="gross_list",
)
def match_candidates(
    context: AssetExecutionContext,
    submitted_tasks: pl.DataFrame,
    match_overrides: pl.DataFrame,
    settings: ScreeningSettings,
):
    """Place new and changed tasks against the previous run's candidates, which keep their
    tasks (screening/matching/placement.py); match everything afresh only on the first run or
    when the project group has asked for it. The computed links are stored once, in
    candidate_links, with what became of each (at national scale they are a million rows, not
    worth writing twice). When neither the matched columns nor the decisions changed (a
    rejected or duplicate file, a corrected figure), the previous matching is reused."""
    warehouse = Path(settings.warehouse)
    fingerprint = matching.inputs_fingerprint(submitted_tasks, match_overrides)
    request = fresh_request(match_overrides)
    previous = _previous_matching(warehouse, fingerprint)
    if previous is not None:
        context.log.info("Sammenkoblingen er uændret siden sidste kørsel og genbruges.")
        links, assignments = previous
        fresh = False
    else:
        fresh = request is not None and request != _applied_fresh_request(warehouse)
        if fresh:
            context.log.info(f"Projektgruppen har bedt om sammenkobling forfra ({request}).")
        result = match_round(
            submitted_tasks, effective(match_overrides), _previous_tasks(warehouse), fresh=fresh
        )
        links = result.links
        assignments = result.placed.select("task_id", "candidate_id", "placement", "beside_task_id")
        for row in result.beside().iter_rows(named=True):
            # The inbox has nobody to ask: the row joins beside its own task, and is reported.
            context.log.warning(
                f"«{row['task_id']}» ligner kommunens egen «{row['beside_task_id']}» og er lagt "
                f"ved siden af den i kandidaten {row['candidate_id']}; projektgruppen kan "
                "skille dem ad («adskil») på «Sammenkobling»."
            )
    context.add_output_metadata(
        {"genbrugt": previous is not None, "forfra": fresh}, output_name="match_inputs"
    )
    return (
        links,
        submitted_tasks.join(assignments, on="task_id", how="left"),
        pl.DataFrame(
            {"fingerprint": [fingerprint], "fresh_request": [request]},
            schema={"fingerprint": pl.String, "fresh_request": pl.String},
        ),
    )


def _previous_matching(warehouse: Path, fingerprint: str):
    if not warehouse.exists():
        return None
    with store.connect(warehouse) as con:
        if not {"match_inputs", "candidate_links", "screening_tasks"} <= set(
            store.table_names(con)
        ):
            return None
        stored = con.execute("SELECT fingerprint FROM match_inputs").fetchall()
        if stored != [(fingerprint,)]:
            return None
        placed = con.execute("SELECT * FROM screening_tasks LIMIT 0").pl().columns
        columns = ", ".join(
            c if c in placed else f"NULL::VARCHAR AS {c}"
            for c in ("task_id", "candidate_id", "placement", "beside_task_id")
        )
        return (
            store.read_table(con, "candidate_links"),
            con.execute(f"SELECT {columns} FROM screening_tasks").pl(),
        )


def _applied_fresh_request(warehouse: Path) -> str | None:
    """The request for a fresh matching the previous run had already seen (None before any)."""
    if not warehouse.exists():
        return None
    with store.connect(warehouse) as con:
        if "match_inputs" not in store.table_names(con):
            return None
        if "fresh_request" not in con.execute("SELECT * FROM match_inputs LIMIT 0").pl().columns:
            return None
        row = con.execute("SELECT max(fresh_request) FROM match_inputs").fetchone()
    return row[0] if row else None


def _previous_tasks(warehouse: Path) -> pl.DataFrame | None:
    if not warehouse.exists():
        return None
    with store.connect(warehouse) as con:
        if "screening_tasks" not in store.table_names(con):
            return None
        return con.execute(
            "SELECT task_id, candidate_id, municipality, title, description, service_area, "
            "task_type FROM screening_tasks"
        ).pl()


@dg.asset(group_name="gross_list", kinds=KINDS)
def candidate_values(screening_tasks: pl.DataFrame, settings: ScreeningSettings) -> pl.DataFrame:
    """Each candidate's value (0-1) on every criterion, before weights: re-ranking with other
    weights (the dashboard's weights page) starts from here."""
    n_participants = len(settings.load_screening().municipalities)
    return criterion_values(screening_tasks, settings.load_scoring(), n_participants)


@dg.asset(group_name="gross_list", kinds=KINDS)
def gross_list(
    screening_tasks: pl.DataFrame,
    candidate_values: pl.DataFrame,
    candidate_links: pl.DataFrame,
    settings: ScreeningSettings,
) -> pl.DataFrame:
    """The ranked gross list (bruttoliste): one row per candidate with every score contribution,
    how sure the match is, and how sure the rank is under other weights (1,000 draws)."""
    n_participants = len(settings.load_screening().municipalities)
    scoring = settings.load_scoring()
    ranked = build_gross_list(screening_tasks, scoring, n_participants, values=candidate_values)
    ranked = with_match_confidence(ranked, screening_tasks, candidate_links)
    if ranked.is_empty():
        return ranked
    intervals = rank_intervals(
        candidate_values, scoring.profile(), scoring.authority_exercise_penalty
    )
    return with_rank_intervals(ranked, intervals)


@dg.asset(group_name="gross_list", kinds=KINDS, deps=["gross_list"])
def gross_list_provenance(
    submissions: pl.DataFrame, match_overrides: pl.DataFrame, settings: ScreeningSettings
) -> pl.DataFrame:
    """What the gross list was built from: submission hashes, weights, overrides, code version."""
    scoring = settings.load_scoring()
    current = submissions.filter(pl.col("status").is_in(CURRENT))["sha256"].to_list()
    profile = scoring.profile()
    return provenance_row(
        current,
        profile.label,
        scoring.version,
        Path(settings.scoring_config),
        match_overrides,
        weights={"weights": profile.weights, "goal_weights": profile.goal_weights},
    )


# The gross list's tables, in the order they are built.
ASSETS = [match_overrides, match_candidates, candidate_values, gross_list, gross_list_provenance]
