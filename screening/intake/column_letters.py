"""A column's letter in Excel («A», «AB»), remembered per column: every finding names one, and a
national round has tens of thousands of findings over a few dozen columns."""

from __future__ import annotations

import functools

from xlsxwriter.utility import xl_col_to_name


@functools.lru_cache(maxsize=1 << 10)
def column_letter(index: int) -> str:
    """The letter of the column at ``index`` (0-based), as xlsxwriter writes it."""
    return xl_col_to_name(index)
