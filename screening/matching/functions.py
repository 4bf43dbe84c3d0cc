"""The chart of accounts' knowledge in matching (see :mod:`screening.kontoplan`): tasks that
name the same task of the chart are similar even when their titles share no word, and tasks
whose functions lie under different hovedkonti are less similar. One narrow hook: candidates'
``task_links`` adds :func:`task_evidence` to the similarity it computes.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import sparse

from screening.kontoplan import functions, known_task, known_tasks

# What the chart's knowledge adds to a pair's confidence (see candidates.task_links): naming the
# same task of the chart is about as strong as a close title; functions under different
# hovedkonti count against.
SAME_TASK = 0.2
OTHER_MAIN_ACCOUNT = 0.10


def task_evidence(tasks: pl.DataFrame) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Per task: a one-hot row of the chart's task its words name (empty when none), and its
    hovedkonto (-1 when unknown) from its declared function, else from that task."""
    catalogue = known_tasks()
    index = {k.name: i for i, k in enumerate(catalogue)}
    declared = tasks["function"].to_list() if "function" in tasks.columns else [None] * tasks.height
    rows, cols, main_accounts = [], [], []
    for n, (title, description, number) in enumerate(
        zip(tasks["title"].to_list(), tasks["description"].to_list(), declared, strict=True)
    ):
        known = known_task(title, description)
        if known is not None:
            rows.append(n)
            cols.append(index[known.name])
        function = functions().get(number or (known.function if known else ""))
        main_accounts.append(function.main_account if function else -1)
    one_hot = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(tasks.height, len(catalogue))
    )
    return one_hot, np.array(main_accounts, dtype=np.int64)


def differ(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs whose hovedkonti are both known and not the same."""
    return (a >= 0) & (b >= 0) & (a != b)
