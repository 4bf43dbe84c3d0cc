"""A potential written as a percentage of the cost base («10 %», «ca. 5 pct.», or 0,1 in a cell
formatted as percent): read as that share of the task's cost base, with a warning saying what it
became. The row reader and the column pass read it alike (a test holds them equal)."""

from __future__ import annotations

import re

import numpy as np

from screening.intake.findings import WARNING
from screening.intake.parsing import format_number
from screening.text import cell_text

PERCENT = re.compile(r"^\s*(ca\.?\s*)?(\d+(?:[.,]\d+)?)\s*(%|pct\.?|procent)\s*$", re.I)


def in_percent(value: object, shares: bool) -> float | None:
    """The percentage a potential's cell gives, or None when it is no percentage; ``shares``: a
    number between 0 and 1 is a share (see :class:`screening.intake.task_rows.RowContext`)."""
    if match := PERCENT.match(cell_text(value)):
        return float(match.group(2).replace(",", "."))
    if shares and is_share(value):
        return float(value) * 100  # type: ignore[arg-type]
    return None


def percent_cells(index, column, cells, distinct, read, codes, ctx) -> tuple[np.ndarray, dict]:
    """Which cells of a potential column are percentages (which the column pass's cell reader
    does not read; ``read`` tells it of each of the ``distinct`` values, ``codes`` which one
    each cell holds), and by row, each one's (index, column, cell, percentage)."""
    percent_of = {
        i: percent
        for i, (value, fine) in enumerate(zip(distinct, read, strict=True))
        if not fine and (percent := in_percent(value, ctx.shares)) is not None
    }
    if not percent_of:
        return np.zeros(len(codes), dtype=bool), {}
    rows = np.isin(codes, list(percent_of))
    return rows, {
        row: (index, column, cells[row], percent_of[codes[row]])
        for row in np.flatnonzero(rows).tolist()
    }


def potential_of(percent_of_cost: tuple, cost_base: float | None) -> tuple[float | None, tuple]:
    """The potential of a task with this cost base and a percentage (index, column, cell,
    percentage) in its potential's cell, and the warning as (index, column, cell, message)."""
    task = {"cost_base_dkk": cost_base}
    warnings = []
    apply_percent(task, percent_of_cost, lambda _severity, *warning: warnings.append(warning))
    return task.get(percent_of_cost[1].code), warnings[0]


def apply_percent(task: dict, percent_of_cost, note) -> None:
    """The potential of ``task`` worked out from the percentage its cell gave (see
    :func:`in_percent`), and the warning saying so through ``note``."""
    index, column, value, percent = percent_of_cost
    cost_base = task.get("cost_base_dkk")
    if not cost_base:
        note(
            WARNING,
            index,
            column,
            value,
            "Potentialet er angivet i procent, men udgiftsbasen "
            "mangler, så potentialet er regnet som tomt. Udfyld «Årlig udgiftsbase (kr.)», eller "
            "skriv potentialet i kroner.",
        )
        return
    task[column.code] = cost_base * percent / 100
    if is_share(value):
        note(
            WARNING,
            index,
            column,
            value,
            f"Potentialet {format_number(value)} er læst som {format_number(percent)} % af "
            f"udgiftsbasen og regnet om til {format_number(task[column.code])} kr. (cellen er "
            "formateret som procent, eller tallet er en andel). Skriv potentialet i kroner, hvis "
            "det ikke passer.",
        )
        return
    note(
        WARNING,
        index,
        column,
        value,
        f"Potentialet er angivet i procent og regnet om til "
        f"{format_number(task[column.code])} kr. ({format_number(percent)} % af udgiftsbasen).",
    )


def is_share(value: object) -> bool:
    """A potential between 0 and 1 kr.: a share of the cost base, as a cell formatted as percent
    («10 %») holds it (0,1); no task saves less than a krone."""
    return type(value) in (float, int) and 0 < value < 1  # type: ignore[operator]
