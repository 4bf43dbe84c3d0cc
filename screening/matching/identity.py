"""Candidates keep their id from one run to the next, so decisions stay on their candidate.

A fresh matching names each candidate after its alphabetically first task, which would change
the id whenever a task that sorts earlier joins (a new municipality's task), and would lose it
when a task is renamed. Instead, each new candidate takes the id of the previous run's candidate
it shares the most tasks with (one to one, biggest overlap first). A task whose title was edited
gets a new task id; it is recognised as the same task when the same municipality's task of the
previous run disappeared and its description (or title) is nearly the same.

What this cannot settle — a candidate split in two, two candidates merged — is not guessed
away: the larger part keeps the id, and decisions whose tasks now lie elsewhere are listed as
«kræver opmærksomhed» (:func:`screening.decisions.state.decisions_needing_attention`).
"""

from __future__ import annotations

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from screening.text import fold

# A renamed task: same municipality, the old task is gone, and its text is this similar (0-100).
SAME_TASK_SIMILARITY = 85.0
# A task is still the same task after an edit when its old and new versions score at least this
# on the matcher's own weights (title, description, service area, task type; the texts compared
# word by word, 0-1): a corrected description stays, a row rewritten for another task does not.
SAME_TASK_CONFIDENCE = 0.6


def renamed_tasks(tasks: pl.DataFrame, previous: pl.DataFrame) -> dict[str, str]:
    """New task id -> the previous run's task id it replaces (same municipality, similar text)."""
    current_ids = set(tasks["task_id"])
    previous_ids = set(previous["task_id"])
    new = tasks.filter(~pl.col("task_id").is_in(previous_ids))
    gone = previous.filter(~pl.col("task_id").is_in(current_ids))
    if new.is_empty() or gone.is_empty():
        return {}
    pairs = []
    for municipality in sorted(set(new["municipality"]) & set(gone["municipality"])):
        mine = new.filter(pl.col("municipality") == municipality)
        theirs = gone.filter(pl.col("municipality") == municipality)
        # Whole matrices in C++ (rapidfuzz's cdist): a new round can replace every task at once.
        similarity = np.maximum(
            _similarities(mine["description"], theirs["description"]),
            _similarities(mine["title"], theirs["title"]),
        )
        mine_ids, their_ids = mine["task_id"].to_list(), theirs["task_id"].to_list()
        for i, j in zip(*np.nonzero(similarity >= SAME_TASK_SIMILARITY), strict=True):
            pairs.append((-float(similarity[i, j]), mine_ids[i], their_ids[j]))
    renamed: dict[str, str] = {}
    taken: set[str] = set()
    for _, new_id, old_id in sorted(pairs):  # most similar first; ties by id, so deterministic
        if new_id not in renamed and old_id not in taken:
            renamed[new_id] = old_id
            taken.add(old_id)
    return renamed


def _similarities(a: pl.Series, b: pl.Series) -> np.ndarray:
    """0-100 similarity of every folded text in ``a`` to every one in ``b``; blank texts 0."""
    left = [fold(t) if t else "" for t in a.to_list()]
    right = [fold(t) if t else "" for t in b.to_list()]
    scores = process.cdist(left, right, scorer=fuzz.ratio, dtype=np.float32)
    scores[[not t for t in left], :] = 0
    scores[:, [not t for t in right]] = 0
    return scores


def carry_forward_ids(
    assignments: pl.DataFrame,
    tasks: pl.DataFrame,
    previous: pl.DataFrame | None,
    kept: set[str] | None = None,
) -> pl.DataFrame:
    """``assignments`` (task_id -> freshly named candidate_id) with the previous run's ids.

    ``previous`` is the previous run's task table (task_id, candidate_id, municipality, title,
    description); without it the fresh names stand, so a first run is unchanged. Tasks in
    ``kept`` stayed in their candidate (see :mod:`screening.matching.placement`): their group
    inherits the id before any group that only holds tasks that moved out of it.
    """
    if previous is None or previous.is_empty() or assignments.is_empty():
        return assignments
    renamed = renamed_tasks(tasks, previous)
    previous_home = dict(zip(previous["task_id"], previous["candidate_id"], strict=True))
    overlap: dict[tuple[str, str], int] = {}
    heavy = assignments.height + 1  # one kept task outweighs any number of moved ones
    for task_id, fresh in assignments.iter_rows():
        old_home = previous_home.get(renamed.get(task_id, task_id))
        if old_home is not None:
            weight = heavy if kept and task_id in kept else 1
            overlap[(fresh, old_home)] = overlap.get((fresh, old_home), 0) + weight
    new_id: dict[str, str] = {}
    used: set[str] = set()
    for (fresh, old), _count in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
        if fresh not in new_id and old not in used:
            new_id[fresh] = old
            used.add(old)
    # A candidate with nothing to inherit keeps its fresh name, unless that name is, or was, a
    # different candidate's: an id never comes to mean another candidate.
    reserved = used | set(previous_home.values())
    for fresh in sorted(set(assignments["candidate_id"]) - set(new_id)):
        name, n = fresh, 1
        while name in reserved:
            n += 1
            name = f"{fresh}-{n}"
        new_id[fresh] = name
        reserved.add(name)
    return assignments.with_columns(
        pl.col("candidate_id").replace_strict(new_id, return_dtype=pl.String)
    )


def sameness(tasks: pl.DataFrame, previous: pl.DataFrame, weights: dict[str, float]) -> pl.Series:
    """How much each task in ``tasks`` is still its version in ``previous`` (same row order,
    columns title, description, service_area, task_type), 0-1 on the matcher's ``weights``: the
    titles and descriptions compared word by word (order and added words do not count against
    it, rapidfuzz's token set ratio), service area and task type equal or not."""

    def similar(column: str) -> np.ndarray:
        now = [fold(t) if t else "" for t in tasks[column].to_list()]
        then = [fold(t) if t else "" for t in previous[column].to_list()]
        return np.array(
            [
                1.0 if a == b else fuzz.token_set_ratio(a, b) / 100
                for a, b in zip(now, then, strict=True)
            ]
        )

    def equal(column: str) -> np.ndarray:
        return (tasks[column].fill_null("") == previous[column].fill_null("")).to_numpy()

    score = (
        weights["title"] * similar("title")
        + weights["description"] * similar("description")
        + weights["service_area"] * equal("service_area")
        + weights["task_type"] * equal("task_type")
    ) / sum(weights[k] for k in ("title", "description", "service_area", "task_type"))
    return pl.Series("sameness", score, dtype=pl.Float64)
