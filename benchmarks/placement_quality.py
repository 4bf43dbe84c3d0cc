"""Pairwise quality of the incremental matching against a fresh one, on every labelled set.

A run keeps the previous run's candidates and places only new tasks
(screening/matching/placement.py). This prints precision, recall and F1 of

- a fresh matching of all tasks (the reference);
- all files arriving at once (one run: the same as fresh, by construction);
- the files arriving one municipality at a time, each a run on top of the previous one, in the
  municipalities' order and in the reverse order (the hardest case for placement: early
  candidates are formed before the later municipalities' tasks exist).

    uv run python -m benchmarks.placement_quality [--synthetic 24]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import polars as pl

from benchmarks.intake_realism import labelled_rows, read_set
from benchmarks.intake_townhall import SETS, load_set, read_files
from benchmarks.tune_matching import gold_set, sample_set, synthetic_set
from screening.matching.placement import match_round
from screening.matching.quality import MatchQuality, pairwise_quality
from screening.text import fold


def realism_set() -> tuple[pl.DataFrame, dict[str, str]]:
    tasks = pl.concat([r.submission.tasks for r in read_set() if not r.submission.rejected])
    key = {(row["municipality"], fold(row["title"])): row["group"] for row in labelled_rows()}
    truth = {
        t["task_id"]: key.get((t["municipality"], fold(t["title"])), t["task_id"])
        for t in tasks.iter_rows(named=True)
    }
    return tasks, truth


def townhall_set(name: str) -> tuple[pl.DataFrame, dict[str, str]]:
    """A town-hall set (tests/screening/data/townhall), its task rows with their groups."""
    townhall = load_set(name)
    tables = [t.tasks for t in read_files(townhall).values() if not t.rejected]
    tasks = pl.concat([t for t in tables if not t.is_empty()], how="diagonal_relaxed")
    group = {(r["file"], int(r["row"])): r["group"] for r in townhall.truth if r["kind"] == "task"}
    truth = {
        t["task_id"]: group.get((t["source_file"], t["source_row"])) or t["task_id"]
        for t in tasks.iter_rows(named=True)
    }
    return tasks, truth


def one_at_a_time(tasks: pl.DataFrame, order: list[str]) -> dict[str, str]:
    """Each municipality's file a run of its own, on top of the previous run."""
    previous = None
    for k in range(1, len(order) + 1):
        arrived = tasks.filter(pl.col("municipality").is_in(order[:k]))
        matching = match_round(arrived, previous=previous)
        previous = arrived.join(matching.assignments, on="task_id")
    return dict(previous.select("task_id", "candidate_id").iter_rows())


def qualities(tasks: pl.DataFrame, truth: dict[str, str]) -> dict[str, MatchQuality]:
    municipalities = sorted(tasks["municipality"].unique())
    runs = {
        "fresh": dict(match_round(tasks, fresh=True).assignments.iter_rows()),
        "all at once": dict(match_round(tasks).assignments.iter_rows()),
        "one at a time": one_at_a_time(tasks, municipalities),
        "one at a time, reversed": one_at_a_time(tasks, municipalities[::-1]),
    }
    return {name: pairwise_quality(truth, predicted) for name, predicted in runs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, help="Also a generated round of N municipalities.")
    args = parser.parse_args(argv)
    sets = {"sample": sample_set(), "independent": gold_set(), "realism": realism_set()}
    sets |= {f"town halls, {name}": townhall_set(name) for name in SETS}
    with tempfile.TemporaryDirectory() as root:
        if args.synthetic:
            sets[f"generated {args.synthetic}"] = synthetic_set(args.synthetic, Path(root))
        print("| set | tasks | run | precision | recall | F1 |")
        print("|---|--:|---|--:|--:|--:|")
        for name, (tasks, truth) in sets.items():
            for run, q in qualities(tasks, truth).items():
                print(
                    f"| {name} | {tasks.height} | {run} | {q.precision:.3f} | {q.recall:.3f} "
                    f"| {q.f1:.3f} |"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
