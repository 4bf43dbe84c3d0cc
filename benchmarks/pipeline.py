"""Templates → gross list in one process, by calling the domain functions in the order the
Dagster assets do, with the time and peak memory of each stage; then the dashboard's data path
(re-rank, sensitivity) and a partial refresh after one municipality resends its file.

Reading, validating and normalising are one pass (``intake.read_submission``, two files at a
time); the split is made by timing the calls inside that pass: ``read`` is calamine loading
every sheet (``sheets.load_workbook``, summed over the two reading threads),
``validate_normalise`` the rest of the pass's wall time (file checks and hashing, metadata,
headers, every row parsed and checked, the task tables built). Their sum is the pass's wall
time; as the threads overlap, ``read`` is a little high and ``validate_normalise`` a little low.
Peak memory is measured for the pass as a whole.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import polars as pl

from benchmarks.measure import (
    MEMORY_METHOD,
    Stages,
    median_seconds,
    process_peak_mib,
    rss_mib,
    timed_calls,
)
from benchmarks.synthetic import SyntheticRound
from screening import store
from screening.config import load_screening_config
from screening.intake import file_guard
from screening.intake import reader as intake
from screening.intake.reader import read_submission
from screening.intake.submissions import (
    current_tasks,
    findings_table,
    read_folder,
    submission_tasks,
    submissions_table,
)
from screening.matching import candidates as matching
from screening.matching.placement import match_round
from screening.ranking.gross_list import build_gross_list
from screening.ranking.scoring import criterion_values, load_scoring_config, score_values

try:  # written in parallel with the benchmark; absent in older checkouts
    from screening.ranking.sensitivity import rank_intervals
except ImportError:  # pragma: no cover
    rank_intervals = None

RERANK_PROFILE = "economy_first"  # another profile than the gross list's default
SENSITIVITY_DRAWS = 1_000


def run_pipeline(
    generated: SyntheticRound,
    scoring_path: Path,
    workdir: Path | None = None,
    rerank_repeats: int = 20,
    sensitivity_repeats: int = 5,
    incremental: bool = True,
) -> dict:
    """Every stage once (they are the expensive part), the dashboard path as medians."""
    config = load_screening_config(generated.config_path)
    scoring = load_scoring_config(scoring_path)
    n_participants = len(config.municipalities)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        warehouse = Path(tmp) / "warehouse.duckdb"
        stages, sub, tables = _stages(generated, config, scoring, n_participants, warehouse)
        result = {
            "municipalities": generated.municipalities,
            "tasks_per_municipality": generated.tasks,
            "files": len(list(generated.templates_dir.glob("*.xlsx"))),
            "tasks_read": tables["submitted_tasks"].height,
            "candidates": tables["gross_list"].height,
            "shared_candidates": tables["gross_list"]
            .filter(pl.col("n_municipalities") >= 2)
            .height,
            "largest_candidate_municipalities": int(tables["gross_list"]["n_municipalities"].max()),
            "links": sub.pop("links"),
            "stages_s": {k: round(v, 4) for k, v in stages.seconds.items()},
            "stage_details_s": {k: round(v, 4) for k, v in sub.items()},
            "stages_cpu_s": {k: round(v, 4) for k, v in stages.cpu_seconds.items()},
            "stage_peak_rss_mib": stages.peak_mib,
            "total_s": round(sum(stages.seconds.values()), 4),
            "repetitions": "each stage run once (single run)",
            "match_quality": match_quality(tables["screening_tasks"], generated.truth_path),
        }
        extras = Stages()
        with extras.stage("dashboard"):
            result["dashboard"] = _dashboard(
                tables["screening_tasks"],
                scoring,
                n_participants,
                rerank_repeats,
                sensitivity_repeats,
            )
        if incremental:
            with extras.stage("incremental"):
                result["incremental"] = _incremental(
                    generated, config, scoring, n_participants, tables, stages.seconds
                )
        # Measured while the pipeline's tables are still held, as the dashboard would.
        result["after_pipeline_peak_rss_mib"] = extras.peak_mib
    result["process_peak_rss_mib"] = process_peak_mib()
    result["rss_at_end_mib"] = rss_mib()
    result["memory_method"] = MEMORY_METHOD
    return result


def _stages(generated, config, scoring, n_participants, warehouse):
    stages, sub = Stages(), {}
    with (
        timed_calls(intake, "load_workbook") as calamine,
        timed_calls(file_guard, "inspect") as inspect,
        timed_calls(intake, "file_sha256") as hashing,
        stages.stage("read_validate_normalise"),
    ):
        received = read_folder(generated.templates_dir, config)
        tables = {
            "submissions": submissions_table(received, config),
            "findings": findings_table(received),
            "submission_tasks": submission_tasks(received),
            "submitted_tasks": current_tasks(received),
        }
    whole = stages.seconds.pop("read_validate_normalise")
    peak = stages.peak_mib.pop("read_validate_normalise")
    stages.seconds["read"] = calamine.seconds
    stages.seconds["validate_normalise"] = whole - calamine.seconds
    stages.peak_mib["read_validate_normalise"] = peak
    sub["file_checks_and_hash"] = inspect.seconds + hashing.seconds
    sub["rows_and_tables"] = whole - calamine.seconds - sub["file_checks_and_hash"]
    # A national round's other files are read by a second process, whose calamine time and file
    # checks are not in the figures above: «read» and these are this process's share.
    sub["files_read_in_this_process"] = calamine.calls
    submitted = tables["submitted_tasks"]
    with stages.stage("match"):
        start = time.perf_counter()
        # The first run of a round: no previous candidates, so a fresh matching (as
        # match_round does it), timed in its two steps.
        links = matching.task_links(submitted)
        sub["match_task_links"] = time.perf_counter() - start
        assignments, candidate_links = matching.assign_candidates(submitted, links)
        del links  # the similarity links: what is kept of them is in candidate_links
        screening_tasks = submitted.join(assignments, on="task_id", how="left")
        sub["match_assign_candidates"] = time.perf_counter() - start - sub["match_task_links"]
    # As in the Dagster graph, the links are stored once, in candidate_links.
    tables |= {
        "candidate_links": candidate_links,
        "screening_tasks": screening_tasks,
    }
    with stages.stage("score"):
        tables["gross_list"] = build_gross_list(screening_tasks, scoring, n_participants)
    with stages.stage("write"):
        start = time.perf_counter()
        with store.connect(warehouse) as con:
            for name, frame in tables.items():
                table_start = time.perf_counter()
                store.write_table(con, name, frame)
                sub[f"write_table_{name}"] = time.perf_counter() - table_start
        sub["write_tables"] = time.perf_counter() - start
        store.publish(warehouse)
        sub["write_publish"] = time.perf_counter() - start - sub["write_tables"]
    # Written: the links are the largest table, and nothing after the write reads them (the
    # dashboard reads the published copy), so they are let go as the Dagster run lets them go.
    sub["links"] = tables.pop("candidate_links").height
    return stages, sub, tables


def _dashboard(screening_tasks, scoring, n_participants, rerank_repeats, sensitivity_repeats):
    """What the dashboard does when weights change: criterion values are computed once per
    gross list; re-ranking and the sensitivity analysis start from them. Measured on the gross
    list built, and on the largest list these tasks could give (every task its own candidate,
    as a stricter matcher would come closer to)."""
    result = _rerank_and_sensitivity(
        screening_tasks, scoring, n_participants, rerank_repeats, sensitivity_repeats
    )
    every_task_alone = screening_tasks.with_columns(pl.col("task_id").alias("candidate_id"))
    result["worst_case_one_candidate_per_task"] = _rerank_and_sensitivity(
        every_task_alone, scoring, n_participants, rerank_repeats, sensitivity_repeats
    )
    return result


def _rerank_and_sensitivity(tasks, scoring, n_participants, rerank_repeats, sensitivity_repeats):
    start = time.perf_counter()
    values = criterion_values(tasks, scoring, n_participants)
    values_s = time.perf_counter() - start
    profile, penalty = scoring.profile(RERANK_PROFILE), scoring.authority_exercise_penalty
    rerank_s, rerank_all = median_seconds(
        lambda: score_values(values, profile, penalty), rerank_repeats
    )
    result = {
        "candidates": values.height,
        "criterion_values_s": round(values_s, 4),
        "rerank_profile": RERANK_PROFILE,
        "rerank_ms_median": round(rerank_s * 1000, 2),
        "rerank_repetitions": len(rerank_all),
        "sensitivity_draws": SENSITIVITY_DRAWS,
    }
    if rank_intervals is None:
        result |= {
            "sensitivity_s_median": None,
            "sensitivity_note": (
                "screening.ranking.sensitivity.rank_intervals not available: not measured"
            ),
        }
        return result
    sensitivity_s, sensitivity_all = median_seconds(
        lambda: rank_intervals(values, profile, penalty, draws=SENSITIVITY_DRAWS, workers=2),
        sensitivity_repeats,
    )
    result |= {
        "sensitivity_s_median": round(sensitivity_s, 4),
        "sensitivity_repetitions": len(sensitivity_all),
        "sensitivity_call": "screening.ranking.sensitivity.rank_intervals(draws=1000, workers=2)",
    }
    return result


def _incremental(generated, config, scoring, n_participants, tables, full_stages) -> dict:
    """One municipality resends its file with one row's description corrected and one row
    more: read that file only, then place it against the previous run's candidates (as the
    run does, screening/matching/placement.py: links over all tasks, only the new and changed
    tasks placed) and rescore everything."""
    path = sorted(generated.templates_dir.glob("*.xlsx"))[0]
    one_read_s, _ = median_seconds(lambda: read_submission(path, config), 3)
    submission = read_submission(path, config)
    submitted = tables["submitted_tasks"]
    previous = tables["screening_tasks"]
    times, moved = [], None
    for _ in range(3 if submitted.height < 5_000 else 1):
        start = time.perf_counter()
        submission = read_submission(path, config)
        resent = pl.concat(
            [
                submission.tasks.with_columns(
                    pl.when(pl.int_range(pl.len()) == 0)
                    .then(pl.col("description") + " Rettet.")
                    .otherwise(pl.col("description"))
                    .alias("description")
                ),
                submission.tasks.tail(1).with_columns(
                    (pl.col("task_id") + "-ny").alias("task_id"),
                    (pl.col("title") + " (ny)").alias("title"),
                ),
            ]
        )
        refreshed = pl.concat(
            [submitted.filter(pl.col("municipality") != submission.municipality), resent]
        )
        placed = match_round(refreshed, previous=previous)
        screening_tasks = refreshed.join(placed.assignments, on="task_id", how="left")
        build_gross_list(screening_tasks, scoring, n_participants)
        times.append(time.perf_counter() - start)
        before = dict(previous.select("task_id", "candidate_id").iter_rows())
        moved = sum(before.get(t, c) != c for t, c in placed.assignments.iter_rows())
    full_read = full_stages["read"] + full_stages["validate_normalise"]
    return {
        "file": path.name,
        "one_file_read_validate_s_median_of_3": round(one_read_s, 4),
        "all_files_read_validate_s": round(full_read, 4),
        "read_speedup": round(full_read / one_read_s, 1) if one_read_s else None,
        "partial_refresh_s": round(statistics.median(times), 4),
        "partial_refresh_repetitions": len(times),
        "partial_refresh_covers": "read 1 file (a description corrected, a row added) + "
        "match_round against the previous candidates + build_gross_list over all tasks "
        "(no DuckDB write)",
        "tasks_moved_by_the_resent_file": moved,
        "full_refresh_s": round(sum(full_stages.values()), 4),
    }


def match_quality(screening_tasks: pl.DataFrame, truth_path: Path) -> dict | None:
    """Pairwise precision and recall of the candidates against the generator's true families,
    counted from group sizes (a national round has millions of pairs)."""
    if not Path(truth_path).exists():
        return None
    truth = pl.read_csv(truth_path, schema_overrides={"source_row": pl.Int64})
    joined = screening_tasks.select("municipality", "source_row", "candidate_id").join(
        truth, on=["municipality", "source_row"], how="inner"
    )

    def pairs(*keys: str) -> int:
        sizes = joined.group_by(*keys).len()["len"].cast(pl.Int64)
        return int((sizes * (sizes - 1) // 2).sum())

    both, found, actual = pairs("candidate_id", "family"), pairs("candidate_id"), pairs("family")
    return {
        "pair_precision": round(both / found, 4) if found else 1.0,
        "pair_recall": round(both / actual, 4) if actual else 1.0,
        "true_pairs": actual,
        "found_pairs": found,
        "tasks_compared": joined.height,
    }
