"""Numbers written the Danish way: dot between thousands, comma before decimals."""

from __future__ import annotations


def number(value: float, decimals: int = 0) -> str:
    """1250000 -> "1.250.000"; 7.5 with one decimal -> "7,5"."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
