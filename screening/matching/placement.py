"""One matching run: the previous run's candidates, and the tasks that arrived since.

Placeholder: a fresh matching with the previous ids carried forward.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from screening.matching.candidates import Overrides, assign_candidates, task_links
from screening.matching.identity import carry_forward_ids


@dataclass(frozen=True)
class Matching:
    assignments: pl.DataFrame  # task_id -> candidate_id
    links: pl.DataFrame


def match_round(
    tasks: pl.DataFrame,
    overrides: Overrides | None = None,
    previous: pl.DataFrame | None = None,
    fresh: bool = False,
) -> Matching:
    assignments, links = assign_candidates(tasks, task_links(tasks), overrides or Overrides())
    return Matching(carry_forward_ids(assignments, tasks, previous), links)
