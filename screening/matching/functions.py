"""The chart of accounts' knowledge in matching (see :mod:`screening.kontoplan`): tasks that
name the same task of the chart are similar even when their titles share no word, and tasks
whose functions lie under different hovedkonti are less similar. One narrow hook: candidates'
``task_links`` adds :func:`task_evidence` to the similarity it computes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse

from screening.kontoplan import functions, known_task, known_tasks

# What the chart's knowledge does to a pair (see candidates.task_links): two tasks that name the
# same known task are at least as similar in their words as SAME_TASK (a close title); tasks
# whose functions lie under different hovedkonti lose OTHER_MAIN_ACCOUNT.
SAME_TASK = 0.25
OTHER_MAIN_ACCOUNT = 0.10
MARK = 1e-6  # the known tasks' share of the product: enough to bring the pair, then removed


@dataclass(frozen=True)
class Evidence:
    known: sparse.csr_matrix  # tasks x known tasks, one-hot (a row is empty when none)
    known_index: np.ndarray  # per task, its known task's index, -1 when none
    main_account: np.ndarray  # per task, its hovedkonto, -1 when unknown

    def adjusted_text(
        self, text: np.ndarray, i: np.ndarray, j: np.ndarray, title_weight: float
    ) -> np.ndarray:
        """The pairs' text similarity without the mark, raised to SAME_TASK where both tasks
        name the same known task."""
        same = (self.known_index[i] >= 0) & (self.known_index[i] == self.known_index[j])
        text = text - title_weight * MARK * same
        return np.where(same, np.maximum(text, SAME_TASK), text)

    def counter_evidence(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        a, b = self.main_account[i], self.main_account[j]
        return OTHER_MAIN_ACCOUNT * ((a >= 0) & (b >= 0) & (a != b))


def task_evidence(tasks: pl.DataFrame) -> Evidence:
    """Per task: the known task its words name, and its hovedkonto from its declared function,
    else from that known task."""
    catalogue = known_tasks()
    index = {k.name: i for i, k in enumerate(catalogue)}
    declared = tasks["function"].to_list() if "function" in tasks.columns else [None] * tasks.height
    known_index, main_accounts = [], []
    for title, description, number in zip(
        tasks["title"].to_list(), tasks["description"].to_list(), declared, strict=True
    ):
        known = known_task(title, description)
        known_index.append(index[known.name] if known else -1)
        function = functions().get(number or (known.function if known else ""))
        main_accounts.append(function.main_account if function else -1)
    known_index = np.array(known_index, dtype=np.int64)
    rows = np.flatnonzero(known_index >= 0)
    one_hot = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, known_index[rows])), shape=(tasks.height, len(catalogue))
    )
    return Evidence(one_hot, known_index, np.array(main_accounts, dtype=np.int64))
