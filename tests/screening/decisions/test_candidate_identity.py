"""A decision stays on its candidate through re-runs, resubmissions, a renamed task, a new
municipality's task joining, and merges and splits — or is listed as «kræver opmærksomhed».

Each case runs the real matcher on the sample round, changes the tasks as the case says, runs
it again with the previous run's table, and checks where a priority recorded on the first run
ends up (through the same state functions the dashboard and the assets use).
"""

from __future__ import annotations

import polars as pl
import pytest

from screening.config import DATA_DIR, load_screening_config
from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.intake.submissions import current_tasks, read_folder
from screening.matching.candidates import Overrides, assign_candidates, task_links
from screening.matching.identity import carry_forward_ids


@pytest.fixture(scope="module")
def sample_tasks() -> pl.DataFrame:
    return current_tasks(read_folder(DATA_DIR / "templates", load_screening_config()))


def run(tasks: pl.DataFrame, previous: pl.DataFrame | None = None, overrides=None):
    """One matching run as the asset does it: match, then carry the previous ids forward."""
    assignments, _ = assign_candidates(tasks, task_links(tasks), overrides or Overrides())
    assignments = carry_forward_ids(assignments, tasks, previous)
    return tasks.join(assignments, on="task_id")


def gross_list(tasks_with_candidates: pl.DataFrame) -> pl.DataFrame:
    return (
        tasks_with_candidates.group_by("candidate_id")
        .agg(
            pl.col("title").first(),
            pl.col("municipality").sort().alias("municipalities"),
            pl.col("task_id").sort().alias("task_ids"),
        )
        .sort("candidate_id")
        .with_row_index("rank", offset=1)
    )


def candidate_of(tasks_with_candidates: pl.DataFrame, task_id: str) -> str:
    return tasks_with_candidates.filter(pl.col("task_id") == task_id)["candidate_id"].item()


def members(tasks_with_candidates: pl.DataFrame, candidate_id: str) -> list[str]:
    return sorted(
        tasks_with_candidates.filter(pl.col("candidate_id") == candidate_id)["task_id"].to_list()
    )


@pytest.fixture
def decided(tmp_path, sample_tasks):
    """The first run, and a store with Tønder's priority on its payroll candidate."""
    first = run(sample_tasks)
    engine = open_store(f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    users = load_users(load_screening_config())
    payroll = candidate_of(first, "aabenraa:loenadministration")
    record.record_priority(
        engine, users["toender.direktion"], find_candidate(gross_list(first), payroll), "høj"
    )
    return first, engine, payroll


def test_a_rerun_and_an_identical_resubmission_keep_every_id(decided, sample_tasks):
    first, engine, payroll = decided
    again = run(sample_tasks, previous=first)
    assert dict(again.select("task_id", "candidate_id").iter_rows()) == dict(
        first.select("task_id", "candidate_id").iter_rows()
    )
    status = state.phase_status(gross_list(again), read_events(engine))
    assert status.filter(pl.col("candidate_id") == payroll)["prioritised_by"].to_list() == [
        ["Tønder"]
    ]
    assert state.decisions_needing_attention(gross_list(again), read_events(engine)).is_empty()


def test_a_renamed_task_keeps_its_candidate(decided, sample_tasks):
    first, engine, payroll = decided
    # Aabenraa resends its file with a new title for payroll: a new task id, same description.
    renamed = sample_tasks.with_columns(
        pl.when(pl.col("task_id") == "aabenraa:loenadministration")
        .then(pl.lit("aabenraa:aaa-loen-og-personale"))
        .otherwise(pl.col("task_id"))
        .alias("task_id"),
        pl.when(pl.col("task_id") == "aabenraa:loenadministration")
        .then(pl.lit("Løn og personale – administration"))
        .otherwise(pl.col("title"))
        .alias("title"),
    )
    second = run(renamed, previous=first)
    assert candidate_of(second, "aabenraa:aaa-loen-og-personale") == payroll
    assert state.decisions_needing_attention(gross_list(second), read_events(engine)).is_empty()


def test_a_singleton_renamed_keeps_its_id(sample_tasks):
    first = run(sample_tasks)
    lonely = next(c for c in first["candidate_id"].unique().sort() if len(members(first, c)) == 1)
    (task_id,) = members(first, lonely)
    renamed = sample_tasks.with_columns(
        pl.when(pl.col("task_id") == task_id)
        .then(pl.lit(task_id.split(":")[0] + ":omdoebt"))
        .otherwise(pl.col("task_id"))
        .alias("task_id"),
        pl.when(pl.col("task_id") == task_id)
        .then(pl.col("title") + " (omdøbt)")
        .otherwise(pl.col("title"))
        .alias("title"),
    )
    second = run(renamed, previous=first)
    assert candidate_of(second, task_id.split(":")[0] + ":omdoebt") == lonely


def test_a_new_municipalitys_task_that_sorts_first_joins_without_changing_the_id(
    decided, sample_tasks
):
    first, engine, payroll = decided
    source = sample_tasks.filter(pl.col("task_id") == "aabenraa:loenadministration")
    # A fifth municipality's payroll task, whose id sorts before every other member's.
    joining = source.with_columns(
        task_id=pl.lit("aalborg:loenadministration"), municipality=pl.lit("Aalborg")
    )
    second = run(pl.concat([sample_tasks, joining]), previous=first)
    assert candidate_of(second, "aalborg:loenadministration") == payroll
    assert "aalborg:loenadministration" in members(second, payroll)
    # The fresh name would have been the new task's own: the carried id wins.
    assert payroll != "K-aalborg:loenadministration"
    assert state.decisions_needing_attention(gross_list(second), read_events(engine)).is_empty()


def test_a_split_keeps_the_id_on_the_larger_part_and_asks_for_attention(decided, sample_tasks):
    first, engine, payroll = decided
    tasks = members(first, payroll)
    assert len(tasks) >= 3
    # The project group splits one task off («adskil» against every other member).
    loner = tasks[-1]
    split = Overrides(split=tuple(tuple(sorted((loner, t))) for t in tasks if t != loner))
    second = run(sample_tasks, previous=first, overrides=split)
    assert members(second, payroll) == [t for t in tasks if t != loner]
    assert candidate_of(second, loner) != payroll
    attention = state.decisions_needing_attention(gross_list(second), read_events(engine))
    assert attention.select("municipality", "candidate_id").rows() == [("Tønder", payroll)]
    assert "delt" in attention["reason"].item()
    status = state.phase_status(gross_list(second), read_events(engine))
    assert status.filter(pl.col("candidate_id") == payroll)["needs_attention"].item() is True


def test_a_merge_keeps_one_id_and_lists_the_other_candidates_decisions(tmp_path, sample_tasks):
    first = run(sample_tasks)
    singles = {
        c: members(first, c)[0]
        for c in first["candidate_id"].unique().sort()
        if len(members(first, c)) == 1
    }
    (one, task_one), (two, task_two) = next(
        ((a, ta), (b, tb))
        for a, ta in singles.items()
        for b, tb in singles.items()
        if ta.split(":")[0] != tb.split(":")[0]
    )
    engine = open_store(f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    users = load_users(load_screening_config())
    for candidate, task in ((one, task_one), (two, task_two)):
        director = users[f"{task.split(':')[0]}.direktion"]
        record.record_priority(
            engine, director, find_candidate(gross_list(first), candidate), "høj"
        )
    # The project group says «saml»: the two are one task.
    merged = run(sample_tasks, previous=first, overrides=Overrides(merge=((task_one, task_two),)))
    kept = candidate_of(merged, task_one)
    assert candidate_of(merged, task_two) == kept
    assert kept in (one, two)
    gone = two if kept == one else one
    attention = state.decisions_needing_attention(gross_list(merged), read_events(engine))
    assert attention["candidate_id"].to_list() == [gone]
    assert attention["reason"].item() == (
        "Kandidaten findes ikke længere; dens opgaver hører nu til en anden."
    )
    # The municipality decides again on the merged candidate: nothing needs attention any more.
    task = task_two if gone == two else task_one
    director = users[f"{task.split(':')[0]}.direktion"]
    record.record_priority(engine, director, find_candidate(gross_list(merged), kept), "middel")
    assert state.decisions_needing_attention(gross_list(merged), read_events(engine)).is_empty()


def test_withdrawn_tasks_leave_their_decisions_listed(decided, sample_tasks):
    first, engine, payroll = decided
    second = run(sample_tasks.filter(~pl.col("task_id").is_in(members(first, payroll))), first)
    attention = state.decisions_needing_attention(gross_list(second), read_events(engine))
    assert attention.select("candidate_id", "reason").rows() == [
        (payroll, "Kandidaten findes ikke længere; dens opgaver er trukket tilbage.")
    ]
