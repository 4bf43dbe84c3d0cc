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
    # finds the rare sheet with any; only then is it looked at cell by cell. Column by column,
    # so one column's dash or emoji (which Latin-1 cannot hold) leaves the others to the quick
    # look of _holds_control.
    if not any(_holds_control("\n".join(text_cells(body, [i]))) for i, _ in columns):
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


# CONTROL's characters as Latin-1 bytes.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)])


def _holds_control(text: str) -> bool:
    """Whether CONTROL finds anything in ``text``: for text that Latin-1 can hold (nearly all
    Danish), by deleting the control bytes from it, a table look-up a byte, where the pattern
    tries every character (about 5 ns each; a national round has millions)."""
    try:
        latin = text.encode("latin-1")
    except UnicodeEncodeError:
        return CONTROL.search(text) is not None
    return len(latin.translate(None, _CONTROL_BYTES)) != len(latin)


def text_cells(body: list[list], indices: list[int]):
    """The cells of these columns written out (no control character is in a number, a date or
    a blank written out, so only text can hold one)."""
    if not indices or not body:
        return ()
    if min(map(len, body)) > max(indices):  # calamine's rows are all as wide: no per-cell call
        cells = map(operator.itemgetter(*indices), body)
        return map(str, itertools.chain.from_iterable(cells) if len(indices) > 1 else cells)
    return (v for row in body for i in indices if i < len(row) and isinstance(v := row[i], str))
