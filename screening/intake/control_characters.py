"""Control characters in a sheet's free text: found in one search over the whole sheet, and only
then looked for cell by cell, removed, and each cell named in a warning."""

from __future__ import annotations

import itertools
import operator
import re

from screening.intake.column_letters import column_letter
from screening.intake.findings import WARNING
from screening.intake.layout import Layout

# NUL and the other control characters that are not spacing (tab, line breaks, vertical tab and
# form feed read as spaces), and DEL and the C1 controls: invisible, never typed on purpose, and
# they break what later shows or stores the text.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def remove_control_characters(rows: list[list], layout: Layout, ctx, submission) -> None:
    """Strip control characters from the free-text cells, in place, with one warning per cell."""
    columns = [(index, column) for index, column in layout.columns.items() if column.kind == "text"]
    body = rows[layout.header_index + 1 :]
    # One search over each column's text joined (a line break is not a control character here)
    # finds the rare sheet with any; only then is it looked at cell by cell.
    if not CONTROL.search("\n".join(text_cells(body, [i for i, _ in columns]))):
        return
    for row_index in range(layout.header_index + 1, len(rows)):
        row = rows[row_index]
        for index, column in columns:
            value = row[index] if index < len(row) else None
            if isinstance(value, str) and CONTROL.search(value):
                row[index] = CONTROL.sub("", value)
                submission.add(
                    WARNING,
                    "Cellen indeholdt usynlige styretegn (fx NUL), som er fjernet; resten af "
                    "teksten er læst som skrevet. Tjek teksten i cellen.",
                    sheet=ctx.sheet,
                    row=row_index + 1,
                    column=column_letter(index),
                    header=column.header,
                    value=row[index],
                )


def text_cells(body: list[list], indices: list[int]):
    """The cells of these columns written out (no control character is in a number, a date or
    a blank written out, so only text can hold one)."""
    if not indices or not body:
        return ()
    if min(map(len, body)) > max(indices):  # calamine's rows are all as wide: no per-cell call
        cells = map(operator.itemgetter(*indices), body)
        return map(str, itertools.chain.from_iterable(cells) if len(indices) > 1 else cells)
    return (v for row in body for i in indices if i < len(row) and isinstance(v := row[i], str))
