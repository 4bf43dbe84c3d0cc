"""Amounts in thousands or millions of kroner, as a header says («Budget 2026 (t.kr.)»,
«Skønnet potentiale (1.000 kr.)», «Udgift (mio. kr.)»).

Budgets are often kept in thousands, and the column then says so in its header. Read as
written, every amount would be a thousand times too small and the task would sink on the gross
list. The amounts are multiplied by what the header says, and a warning on the header says so
and how to change it if the header is wrong.
"""

from __future__ import annotations

import re

from screening.intake.column_letters import column_letter
from screening.intake.findings import WARNING
from screening.intake.layout import Layout
from screening.intake.parsing import format_number
from screening.intake.sheet_findings import label_row
from screening.intake.submission import Submission
from screening.intake.task_rows import RowContext
from screening.text import fold

KRONER_CODES = ("cost_base_dkk", "potential_dkk")
# On the folded header: «t.kr.» is «t kr», «1.000 kr.» is «1 000 kr».
_THOUSANDS = re.compile(r"\b(t kr|tkr|1 ?000 kr|tusinde? kr|i tusinder)\b")
_MILLIONS = re.compile(r"\b(mio|mill|millioner)\b")


def unit_of(label: str) -> tuple[float, str] | None:
    """What a header says its amounts are counted in: (factor, in words), or None for kroner."""
    folded = fold(label)
    if _MILLIONS.search(folded):
        return 1_000_000.0, "millioner kroner"
    if _THOUSANDS.search(folded):
        return 1_000.0, "tusinde kroner"
    return None


def header_units(layout: Layout, ctx: RowContext, submission: Submission) -> dict[str, float]:
    """The factor of each kroner column whose header names a larger unit, with a warning on
    each such header."""
    factors = {}
    for index, column in layout.columns.items():
        if column.code not in KRONER_CODES or index >= len(layout.labels):
            continue
        unit = unit_of(layout.labels[index])
        if unit is None:
            continue
        factor, words = unit
        factors[column.code] = factor
        submission.add(
            WARNING,
            f"Overskriften siger, at beløbene er i {words}, så de er ganget med "
            f"{format_number(factor)} og læst som kroner. Er de i hele kroner, så ret "
            f"overskriften til skabelonens «{column.header}».",
            sheet=ctx.sheet,
            row=label_row(layout, index),
            column=column_letter(index),
            value=layout.shown_header(index),
        )
    return factors


def in_kroner(found: dict[str, list], factors: dict[str, float]) -> None:
    """Multiply the tasks' amounts (``found``: the sheet's tasks' columns) by their header's
    factor."""
    for code, factor in factors.items():
        found[code] = [None if v is None else v * factor for v in found[code]]
