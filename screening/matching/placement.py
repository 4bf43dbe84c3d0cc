"""One matching run: the candidates the previous run made stay; only what is new is placed.

Directorates and committees decide on candidates while files still arrive and are corrected for
weeks, so a run never re-clusters tasks that already sit in a candidate (a fresh matching would:
any new task can move the links among old ones, and the IDF weights shift as the round grows).
A task that was in a candidate stays in it unless

- its own title, description, service area or task type changed so much that it is no longer
  the same task (:func:`screening.matching.identity.sameness` below ``SAME_TASK_CONFIDENCE``;
  a retitled task is recognised as before, :func:`~screening.matching.identity.renamed_tasks`);
- its municipality removed it; or
- the project group moved it: «adskil» between two tasks of one candidate re-forms that
  candidate from its own links alone, «saml» joins two candidates.

New and changed tasks are placed against the existing candidates by the matcher's own rules
(:func:`~screening.matching.candidates.assign_candidates` with ``anchored``): they join one,
form a new one with other new tasks, or stay alone; links in the review band are marked for the
project group as always. A new row that looks like a task its own municipality already has in a
candidate joins beside that task and is reported (``beside``), unless the sender answered the
question («saml»: the same task, «adskil»: its own candidate).

A fresh matching from scratch (``fresh=True``) is an explicit action of the project group (the
start of a round, or «Beregn sammenkobling forfra»); :func:`fresh_difference` says what it would
change before it is applied.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from screening.matching.candidates import (
    STOP_WORDS,
    SYNONYMS,
    WEIGHTS,
    Overrides,
    assign_candidates,
    task_links,
)
from screening.matching.identity import (
    SAME_TASK_CONFIDENCE,
    carry_forward_ids,
    renamed_tasks,
    sameness,
)
from screening.matching.text_vectors import tfidf_title_and_description

# A new row this alike to its municipality's own task in a shared candidate is that task in
# other words (the matcher's band of «the same task named otherwise», candidates.LINK_BANDS).
NEAR_DUPLICATE = 0.5
# How each task came to its candidate in a run.
KEPT, NEW, CHANGED, REGROUPED, FRESH = "kept", "new", "changed", "regrouped", "fresh"
COMPARED = ("title", "description", "service_area", "task_type")
PLACED_SCHEMA = {
    "task_id": pl.String,
    "placement": pl.String,  # KEPT, NEW, CHANGED, REGROUPED or FRESH
    "previous_task_id": pl.String,  # the task it was in the previous run (a retitled task)
    "previous_candidate_id": pl.String,
    "candidate_id": pl.String,
    "beside_task_id": pl.String,  # the own task a near-duplicate joined beside
}


@dataclass(frozen=True)
class Matching:
    assignments: pl.DataFrame  # task_id -> candidate_id
    links: pl.DataFrame  # as candidates.assign_candidates marks them
    placed: pl.DataFrame  # PLACED_SCHEMA: how each task came to its candidate

    def beside(self) -> pl.DataFrame:
        """The near-duplicates that joined beside their own municipality's task."""
        return self.placed.filter(pl.col("beside_task_id").is_not_null())


def match_round(
    tasks: pl.DataFrame,
    overrides: Overrides | None = None,
    previous: pl.DataFrame | None = None,
    fresh: bool = False,
) -> Matching:
    """Candidates for ``tasks``: placed against ``previous`` (the previous run's task table:
    task_id, candidate_id, municipality and the compared columns), or afresh when ``fresh`` or
    when there is no previous run."""
    overrides = overrides or Overrides()
    links = task_links(tasks)
    if fresh or previous is None or previous.is_empty():
        assignments, marked = assign_candidates(tasks, links, overrides)
        assignments = carry_forward_ids(assignments, tasks, previous)
        return Matching(assignments, marked, _placed(assignments, tasks, previous, FRESH))
    anchored, how, before = _anchors(tasks, previous, overrides, links)
    beside: list[tuple[str, str]] = []
    assignments, marked = assign_candidates(
        tasks, links, overrides, anchored=anchored, beside=beside
    )
    assignments = _beside_own(tasks, assignments, how, overrides, beside)
    kept = {t for t, h in how.items() if h == KEPT}
    assignments = carry_forward_ids(assignments, tasks, previous, kept=kept)
    placed = (
        assignments.join(before, on="task_id", how="left")
        .join(
            pl.DataFrame(
                list(how.items()),
                schema={"task_id": pl.String, "placement": pl.String},
                orient="row",
            ),
            on="task_id",
            how="left",
        )
        .join(
            pl.DataFrame(
                beside, schema={"task_id": pl.String, "beside_task_id": pl.String}, orient="row"
            ),
            on="task_id",
            how="left",
        )
        .with_columns(pl.col("placement").fill_null(NEW))
    )
    return Matching(assignments, marked, placed.select(list(PLACED_SCHEMA)).cast(PLACED_SCHEMA))


def _anchors(
    tasks: pl.DataFrame, previous: pl.DataFrame, overrides: Overrides, links: pl.DataFrame
) -> tuple[dict[str, str], dict[str, str], pl.DataFrame]:
    """The tasks that stay where they were (task -> its group), how each previous task fares
    (KEPT, CHANGED, REGROUPED), and each task's previous id and candidate."""
    renamed = renamed_tasks(tasks, previous)
    old = previous.select(
        "task_id",
        "candidate_id",
        *(
            pl.col(c) if c in previous.columns else pl.lit(None, pl.String).alias(c)
            for c in COMPARED
        ),
    )
    now = tasks.select(
        "task_id",
        pl.col("task_id").replace(renamed).alias("previous_task_id"),
        *COMPARED,
    )
    pairs = now.join(old, left_on="previous_task_id", right_on="task_id", suffix="_before")
    # A column an older run did not store is taken as unchanged.
    then = pairs.select(
        pl.coalesce(f"{c}_before", c).alias(c)
        if c in ("service_area", "task_type")
        else f"{c}_before"
        for c in COMPARED
    ).rename({f"{c}_before": c for c in ("title", "description")})
    same = sameness(pairs.select(COMPARED), then, WEIGHTS) >= SAME_TASK_CONFIDENCE
    how = {t: KEPT if s else CHANGED for t, s in zip(pairs["task_id"], same, strict=True)}
    anchored = {
        t: c for t, c, s in zip(pairs["task_id"], pairs["candidate_id"], same, strict=True) if s
    }
    # «adskil» between two tasks that stay in one candidate: that candidate is re-formed from
    # its own links alone; the other candidates are not touched.
    broken = {
        anchored[a]
        for a, b in overrides.split
        if a in anchored and b in anchored and anchored[a] == anchored[b]
    }
    for group in sorted(broken):
        inside = [t for t, g in anchored.items() if g == group]
        parts, _ = assign_candidates(
            tasks.filter(pl.col("task_id").is_in(inside)),
            links.filter(pl.col("task_id").is_in(inside) & pl.col("other_task_id").is_in(inside)),
            overrides,
        )
        for task, part in parts.iter_rows():
            anchored[task] = f"{group}\x00{part}"
            how[task] = REGROUPED
    before = pairs.select(
        "task_id", "previous_task_id", pl.col("candidate_id").alias("previous_candidate_id")
    )
    return anchored, how, before


def _beside_own(
    tasks: pl.DataFrame,
    assignments: pl.DataFrame,
    how: dict[str, str],
    overrides: Overrides,
    beside: list[tuple[str, str]],
) -> pl.DataFrame:
    """A new task left on its own that is its municipality's own task in a shared candidate
    once more, in other words, joins beside that task (appended to ``beside``). The links never
    show it: they pair tasks of different municipalities, and another municipality's task
    matches the own task better than the new one. Compared with the matcher's own vectors and
    weights over the municipality's tasks; «adskil» between the two keeps them apart."""
    group = dict(assignments.iter_rows())
    size: dict[str, int] = {}
    for g in group.values():
        size[g] = size.get(g, 0) + 1
    municipality_of = dict(tasks.select("task_id", "municipality").iter_rows())
    groups_municipalities: dict[str, set[str]] = {}
    for t, g in group.items():
        groups_municipalities.setdefault(g, set()).add(municipality_of[t])
    lone = [t for t, g in group.items() if size[g] == 1 and how.get(t, NEW) in (NEW, CHANGED)]
    apart = {frozenset(p) for p in overrides.split}
    moved: dict[str, str] = {}
    for municipality in sorted({municipality_of[t] for t in lone}):
        own = tasks.filter(pl.col("municipality") == municipality)
        new = {t for t in lone if municipality_of[t] == municipality}
        shared = [
            t for t in own["task_id"] if t not in new and len(groups_municipalities[group[t]]) > 1
        ]
        if not shared:
            continue
        for task, twin, _ in _own_twins(own, sorted(new), shared):
            if frozenset((task, twin)) not in apart and task not in moved:
                moved[task] = group[twin]
                beside.append((task, twin))
    if not moved:
        return assignments
    return assignments.with_columns(
        pl.col("task_id")
        .replace_strict(moved, default=pl.col("candidate_id"))
        .alias("candidate_id")
    )


def _own_twins(
    own: pl.DataFrame, new: list[str], shared: list[str]
) -> list[tuple[str, str, float]]:
    """(new task, own shared task, confidence) for each new task's best own twin at least
    ``NEAR_DUPLICATE`` alike, strongest first."""
    titles, descriptions = tfidf_title_and_description(
        own["title"].to_list(), own["description"].to_list(), STOP_WORDS, SYNONYMS
    )
    index = {t: i for i, t in enumerate(own["task_id"])}
    rows, cols = [index[t] for t in new], [index[t] for t in shared]
    area = own["service_area"].to_list()
    kind = own["task_type"].to_list()
    confidence = (
        WEIGHTS["title"] * (titles[rows] @ titles[cols].T).toarray()
        + WEIGHTS["description"] * (descriptions[rows] @ descriptions[cols].T).toarray()
        + WEIGHTS["service_area"] * np.equal.outer([area[r] for r in rows], [area[c] for c in cols])
        + WEIGHTS["task_type"] * np.equal.outer([kind[r] for r in rows], [kind[c] for c in cols])
    )
    twins = []
    for i, task in enumerate(new):
        j = int(np.argmax(confidence[i]))
        if confidence[i, j] >= NEAR_DUPLICATE:
            twins.append((task, shared[j], float(confidence[i, j])))
    return sorted(twins, key=lambda x: (-x[2], x[0]))


def _placed(
    assignments: pl.DataFrame, tasks: pl.DataFrame, previous: pl.DataFrame | None, how: str
) -> pl.DataFrame:
    """Every task placed the same way (a fresh matching), with where it was before."""
    placed = assignments.with_columns(
        pl.lit(how).alias("placement"),
        pl.col("task_id").alias("previous_task_id"),
        pl.lit(None, pl.String).alias("beside_task_id"),
    )
    if previous is None or previous.is_empty():
        placed = placed.with_columns(pl.lit(None, pl.String).alias("previous_candidate_id"))
    else:
        renamed = renamed_tasks(tasks, previous)
        home = dict(zip(previous["task_id"], previous["candidate_id"], strict=True))
        placed = placed.with_columns(
            pl.col("task_id").replace(renamed).alias("previous_task_id")
        ).with_columns(
            pl.col("previous_task_id")
            .replace_strict(home, default=None, return_dtype=pl.String)
            .alias("previous_candidate_id")
        )
    return placed.select(list(PLACED_SCHEMA)).cast(PLACED_SCHEMA)
