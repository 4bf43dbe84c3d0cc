"""Danish number and text formatting for what the dashboard shows.

Danish writes 1.250.000 and 7,5 (point for thousands, comma for decimals). Python's locale module
depends on which locales the machine has installed, so the separators are swapped by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

MISSING = "–"  # shown for a figure a municipality left blank, so a blank is not read as zero


def number(value: float | None, decimals: int = 0) -> str:
    """``1234567.8`` -> ``"1.234.568"``; ``7.5`` with one decimal -> ``"7,5"``."""
    if value is None:
        return MISSING
    english = f"{value:,.{decimals}f}"
    return english.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def kroner(value: float | None) -> str:
    """``1250000`` -> ``"1.250.000 kr."``."""
    return MISSING if value is None else f"{number(value)} kr."


def points(value: float | None) -> str:
    """A score or score contribution: one decimal, ``"62,3"``."""
    return number(value, decimals=1)


def listing(items: Iterable[str] | None) -> str:
    """``["Aabenraa", "Tønder"]`` -> ``"Aabenraa, Tønder"``."""
    return ", ".join(items or [])


def timestamp(moment: datetime) -> str:
    """``"23.11.2026 kl. 19.47"`` – the Danish way of writing a date and time."""
    return moment.strftime("%d.%m.%Y kl. %H.%M")
