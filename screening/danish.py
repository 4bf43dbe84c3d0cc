"""Numbers written the Danish way: dot between thousands, comma before decimals.

For the domain's own messages (findings, explanations), which are Danish source texts stored with
the data; Babel formats them for da_DK whatever language a reader has chosen. What the
dashboard shows in the reader's language goes through ``screening.i18n.number`` instead.
"""

from __future__ import annotations

from babel import numbers as babel_numbers


def number(value: float, decimals: int = 0) -> str:
    """1250000 -> "1.250.000"; 7.5 with one decimal -> "7,5"."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(value, format=pattern, locale="da_DK")
