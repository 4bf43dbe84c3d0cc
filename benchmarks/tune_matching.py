"""Pairwise quality of the matching on every labelled set, over a grid of its thresholds.

    uv run python -m benchmarks.tune_matching
    uv run python -m benchmarks.tune_matching --cohesion 0.2 0.25 0.3 --pair 0.3 --synthetic 24

The labelled sets are the sample round (tests/screening/data/sample_groups.csv), the independent
gold set of four other municipalities (matching_gold.csv) and, with ``--synthetic N``, a
generated round of N municipalities whose true task families the generator knows. This is how
``GROUP_COHESION`` and ``PAIR_CONFIDENCE`` in screening/matching/candidates.py were chosen: the
tests ask for F1 >= 0.9 on the two hand-labelled sets.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import polars as pl

from benchmarks.data import BENCHMARK_DIR, ensure_round
from screening.config import DATA_DIR, load_screening_config
from screening.intake.submissions import current_tasks, read_folder
from screening.matching import candidates as matching
from screening.matching.quality import labelled_tasks, pairwise_quality

LABELS = Path(__file__).resolve().parent.parent / "tests" / "screening" / "data"


def sample_set() -> tuple[pl.DataFrame, dict[str, str]]:
    tasks = current_tasks(read_folder(DATA_DIR / "templates", load_screening_config()))
    labels = pl.read_csv(LABELS / "sample_groups.csv")
    labelled = tasks.join(labels, on=["municipality", "title"], how="left")
    truth = {r["task_id"]: r["group"] or r["task_id"] for r in labelled.iter_rows(named=True)}
    return tasks, truth


def gold_set() -> tuple[pl.DataFrame, dict[str, str]]:
    # Ordered by municipality, as a round is (and as the test reads it).
    tasks = labelled_tasks(LABELS / "matching_gold.csv").sort("municipality", maintain_order=True)
    return tasks, dict(zip(tasks["task_id"], tasks["group"], strict=True))


def synthetic_set(municipalities: int, root: Path) -> tuple[pl.DataFrame, dict[str, str]]:
    generated, _ = ensure_round(municipalities, 300, 0, root)
    tasks = current_tasks(
        read_folder(generated.templates_dir, load_screening_config(generated.config_path))
    )
    truth_rows = pl.read_csv(generated.truth_path, schema_overrides={"source_row": pl.Int64})
    joined = tasks.join(truth_rows, on=["municipality", "source_row"], how="left")
    truth = {
        r["task_id"]: r["family"] if r["family"] is not None else r["task_id"]
        for r in joined.select("task_id", pl.col("family").cast(pl.String)).iter_rows(named=True)
    }
    return tasks, truth


def evaluate(sets: dict, cohesions: list[float], pairs: list[float]) -> list[dict]:
    prepared = {}
    for name, (tasks, truth) in sets.items():
        prepared[name] = (tasks, truth, matching.task_links(tasks))
    rows = []
    for cohesion, pair in itertools.product(cohesions, pairs):
        row = {"cohesion": cohesion, "pair_confidence": pair}
        for name, (tasks, truth, links) in prepared.items():
            assignments, _ = matching.assign_candidates(
                tasks, links, cohesion=cohesion, pair_confidence=pair
            )
            quality = pairwise_quality(truth, dict(assignments.iter_rows()))
            row[name] = {
                "P": round(quality.precision, 3),
                "R": round(quality.recall, 3),
                "F1": round(quality.f1, 3),
            }
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tune_matching", description=__doc__)
    parser.add_argument("--cohesion", type=float, nargs="+", default=[matching.GROUP_COHESION])
    parser.add_argument("--pair", type=float, nargs="+", default=[matching.PAIR_CONFIDENCE])
    parser.add_argument("--synthetic", type=int, nargs="*", default=[], help="municipalities")
    parser.add_argument("--data-dir", type=Path, default=BENCHMARK_DIR)
    args = parser.parse_args(argv)
    sets = {"sample": sample_set(), "gold": gold_set()}
    for n in args.synthetic:
        sets[f"synthetic_{n}"] = synthetic_set(n, args.data_dir)
    for row in evaluate(sets, args.cohesion, args.pair):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
