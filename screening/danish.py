"""Numbers written the Danish way: dot between thousands, comma before decimals.

For the domain's own messages (findings, explanations), which are Danish source texts stored with
the data; Babel formats them for da_DK whatever language a reader has chosen. What the
dashboard shows in the reader's language goes through ``screening.i18n.number`` instead.
"""

from __future__ import annotations

import decimal

from babel import numbers as babel_numbers

# Babel rounds in the decimal context in force, whose 28 digits a figure of 10^28 or more (a cell
# typed with far too many digits, or a ratio to a figure near nought) overflows; a float has at
# most 309 digits before the point.
ALL_DIGITS = decimal.Context(prec=400)


def number(value: float, decimals: int = 0) -> str:
    """1250000 -> "1.250.000"; 7.5 with one decimal -> "7,5"."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with decimal.localcontext(ALL_DIGITS):
        return babel_numbers.format_decimal(value, format=pattern, locale="da_DK")
