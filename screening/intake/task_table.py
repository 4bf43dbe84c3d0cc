"""A sheet's tasks as the columns of its task table, from the column pass and the row reader.

Most tasks are rows the column pass read (:mod:`screening.intake.row_scan`): their values stay in
its columns and are taken from there by position, with no dict per task. The few tasks read row
by row (:func:`screening.intake.task_rows.read_task_row`) are dicts. The reader's list of tasks
holds both, in the sheet's order: a row number of the scan, or a dict.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from screening.intake.row_scan import RowScan, goal_codes
from screening.intake.submission import TASK_SCHEMA
from screening.text import fold

Task = int | dict  # a usable row of the scan, or a task read row by row


def task_columns(tasks: list[Task], scan: RowScan) -> dict[str, list]:
    """Each column of the task table but the ids, over ``tasks`` in order."""
    ctx = scan.ctx
    n_rows = len(scan.usable)
    # What a usable row holds in each column: a list over the scan's rows, or one value for all.
    from_scan: dict[str, list | object] = {
        "municipality": ctx.municipality,
        "source_file": ctx.file,
        "source_row": range(scan.start + 1, scan.start + 1 + n_rows),
        "goals": [goal_codes(bits) for bits in scan.goal_bits],
        **scan.values,
    }
    # The scanned rows' values taken by position for every task at once; the few tasks read row
    # by row then put in their places.
    rows = [task if type(task) is int else 0 for task in tasks]
    read_by_row = [(place, task) for place, task in enumerate(tasks) if type(task) is dict]
    columns: dict[str, list] = {}
    for code in TASK_SCHEMA:
        if code == "task_id":
            continue
        held = from_scan.get(code)
        if isinstance(held, list | range):
            column = list(map(held.__getitem__, rows)) if n_rows else [None] * len(tasks)
        else:
            column = [held] * len(tasks)
        for place, task in read_by_row:
            column[place] = task.get(code)
        columns[code] = column
    columns["goals"] = [tuple(goals) for goals in columns["goals"]]
    return columns


def task_table(columns: dict[str, list], task_ids: list[str]) -> pl.DataFrame:
    """The task table (:data:`TASK_SCHEMA`) of ``columns`` (see :func:`task_columns`)."""
    # Each column built as a Series of its type and the frame made of them: a frame built from
    # a dict of lists and a schema costs twice its columns again (about 0.4 ms a file).
    return pl.DataFrame(
        [
            _goals_column(columns["goals"])
            if name == "goals"
            else pl.Series(name, task_ids if name == "task_id" else columns[name], dtype=dtype)
            for name, dtype in TASK_SCHEMA.items()
        ]
    )


# Every distinct set of goals seen in this process, in one list column: a list column from
# Python lists is slow to build (a Series per list), and a round's files share a few dozen sets.
_goal_sets: dict[tuple[str, ...], int] = {}
_goal_lists: list[pl.Series] = [pl.Series("goals", [], dtype=TASK_SCHEMA["goals"])]
_MAX_GOAL_SETS = 4096  # sets of a handful of goals: never reached by real files


def _goals_column(goals: list[tuple[str, ...]]) -> pl.Series:
    """The goals column of tasks with these goals, each distinct set taken from the process's
    list column by position."""
    new = [g for g in dict.fromkeys(goals) if g not in _goal_sets]
    if new:
        if len(_goal_sets) + len(new) > _MAX_GOAL_SETS:
            _goal_sets.clear()
            new = list(dict.fromkeys(goals))
        first = len(_goal_sets)
        _goal_sets.update(zip(new, range(first, first + len(new)), strict=True))
        _goal_lists[0] = pl.Series("goals", [list(g) for g in _goal_sets], TASK_SCHEMA["goals"])
    position = np.fromiter(map(_goal_sets.__getitem__, goals), dtype=np.uint32, count=len(goals))
    # Indexing gathers at once (Series.gather would go through an expression and a query).
    return _goal_lists[0][pl.Series(position)]


def task_ids(folded_titles: list[str], municipality: str) -> list[str]:
    """Ids built from municipality and title stay stable when a file is resent with rows moved."""
    prefix = _slug(fold(municipality))
    # Folded text is letters, digits and single spaces: a sheet's titles made slugs in one
    # replace over them all joined.
    slugs = "\n".join(folded_titles).replace(" ", "-").split("\n") if folded_titles else []
    bases = [f"{prefix}:{slug[:60] or 'opgave'}" for slug in slugs]
    if len(set(bases)) == len(bases):
        return bases  # no two alike (nearly always)
    seen: dict[str, int] = {}
    ids = []
    for base in bases:
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def _slug(folded: str) -> str:
    return folded.replace(" ", "-")[:60] or "opgave"
