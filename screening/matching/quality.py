"""Pairwise precision, recall and F1 of a matching against labelled true groups.

A pair of tasks counts as a true positive when both the labels and the matching put them in one
candidate. This is the usual measure for record linkage: it punishes a wrong merge of two large
groups more than a wrong singleton, which is what a reader of the gross list would feel.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import polars as pl

from screening.vocabulary import SERVICE_AREAS, TASK_TYPES, Term, find_term


@dataclass(frozen=True)
class MatchQuality:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(groups: dict[str, str]) -> set[frozenset[str]]:
    by_group: dict[str, list[str]] = {}
    for item, group in groups.items():
        by_group.setdefault(group, []).append(item)
    return {frozenset(p) for members in by_group.values() for p in combinations(members, 2)}


def pairwise_quality(truth: dict[str, str], predicted: dict[str, str]) -> MatchQuality:
    """``truth`` and ``predicted`` map each item (task id) to its group."""
    true_pairs, found_pairs = _pairs(truth), _pairs(predicted)
    return MatchQuality(
        true_positives=len(true_pairs & found_pairs),
        false_positives=len(found_pairs - true_pairs),
        false_negatives=len(true_pairs - found_pairs),
    )


def labelled_tasks(path: Path) -> pl.DataFrame:
    """A labelled set written as a CSV (municipality, title, description, service_area,
    task_type, group) as the matcher sees tasks: an id per row, labels read as vocabulary codes."""
    labelled = pl.read_csv(path).with_row_index("row")
    return labelled.with_columns(
        (pl.col("municipality") + ":" + pl.col("row").cast(pl.String)).alias("task_id"),
        pl.col("service_area").map_elements(
            lambda v: _code(v, SERVICE_AREAS), return_dtype=pl.String
        ),
        pl.col("task_type").map_elements(lambda v: _code(v, TASK_TYPES), return_dtype=pl.String),
    )


def _code(label: str, terms: tuple[Term, ...]) -> str | None:
    term = find_term(label.strip(), terms)
    return term.code if term else None
