"""Cells merged down over task rows («Fagområde» merged over three tasks of the same area).

The sender sees the merged value on every row, but the file holds it in the first row only: read
as stored, the other rows would lose it without a word. A merged text or choice is read for
every row of the range, with a warning that says so and how to unmerge; a merged amount is not
spread (an amount over three rows may be the three tasks' sum), and the warning says that the
other rows have none.
"""

from __future__ import annotations

import re

from screening.intake.column_letters import column_index, column_letter
from screening.intake.findings import WARNING
from screening.intake.layout import Layout
from screening.intake.row_kinds import AMOUNT_CODES
from screening.intake.submission import Submission
from screening.intake.task_rows import RowContext
from screening.text import cell_text, is_blank

_RANGE = re.compile(r"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)")


def fill_merged(
    rows: list[list], layout: Layout, merged: list[str], ctx: RowContext, submission: Submission
) -> None:
    """Spread each merged range's value down the task rows it covers (not an amount's)."""
    for ref in merged:
        found = _RANGE.fullmatch(ref)
        if found is None:
            continue
        index, top, bottom = column_index(found[1]), int(found[2]) - 1, int(found[4]) - 1
        bottom = min(bottom, len(rows) - 1)
        column = layout.columns.get(index)
        if column is None or top <= layout.header_index or bottom <= top:
            continue
        value = rows[top][index] if index < len(rows[top]) else None
        if is_blank(value):
            continue
        if column.code in AMOUNT_CODES:
            message = (
                f"Cellerne {ref} er flettet, så beløbet hører kun til række {top + 1}; de andre "
                "rækker i fletningen er læst uden beløb. Ophæv fletningen (Start › Flet og "
                "centrer), og skriv beløbet ved hver opgave."
            )
        else:
            for row in rows[top + 1 : bottom + 1]:
                if index >= len(row):
                    row.extend([None] * (index + 1 - len(row)))
                if is_blank(row[index]):
                    row[index] = value
            message = (
                f"Cellerne {ref} er flettet, så værdien er læst for rækkerne {top + 1}-"
                f"{bottom + 1}. Ophæv fletningen (Start › Flet og centrer), og skriv værdien i "
                "hver række."
            )
        submission.add(
            WARNING,
            message,
            sheet=ctx.sheet,
            row=top + 1,
            column=column_letter(index),
            header=column.header,
            value=cell_text(value),
        )
