"""A column's letter in Excel («A», «AB») and back. The letter is remembered per column: every
finding names one, and a national round has tens of thousands of findings over a few dozen
columns.

Worked out here rather than by xlsxwriter's ``xl_col_to_name`` (a test holds the two equal):
importing xlsxwriter costs a reading process more than all its letters together."""

from __future__ import annotations

import functools
from string import ascii_uppercase


@functools.lru_cache(maxsize=1 << 10)
def column_letter(index: int) -> str:
    """The letter of the column at ``index`` (0-based), as xlsxwriter writes it."""
    letters = ""
    number = index + 1  # Excel's letters count from 1 with no zero digit: Z, then AA
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = ascii_uppercase[remainder] + letters
    return letters


def column_index(letters: str) -> int:
    """The 0-based index of the column with these letters («A» is 0, «XFD» 16,383)."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1
