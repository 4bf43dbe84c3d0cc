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
    if round(value, decimals) == 0:
        value = 0.0  # a penalty of -0.0 (or -0.01) must not read as "-0"
    english = f"{value:,.{decimals}f}"
    return english.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def kroner(value: float | None) -> str:
    """``1250000`` -> ``"1.250.000 kr."``."""
    return MISSING if value is None else f"{number(value)} kr."


def kroner_compact(value: float | None) -> str:
    """For key figures with little room: ``8270000`` -> ``"8,3 mio. kr."``."""
    if value is None:
        return MISSING
    if abs(value) >= 1_000_000:
        return f"{number(value / 1_000_000, decimals=1)} mio. kr."
    return kroner(value)


def quantity(value: float | None) -> str:
    """FTE or years: ``6.0`` -> ``"6"``, ``3.5`` -> ``"3,5"``."""
    if value is None:
        return MISSING
    return number(value, decimals=0 if float(value).is_integer() else 1)


def points(value: float | None) -> str:
    """A score or score contribution: one decimal, ``"62,3"``."""
    return number(value, decimals=1)


def listing(items: Iterable[str] | None) -> str:
    """``["Aabenraa", "Tønder"]`` -> ``"Aabenraa, Tønder"``."""
    return ", ".join(items or [])


def timestamp(moment: datetime) -> str:
    """``"23.11.2026 kl. 19.47"`` – the Danish way of writing a date and time."""
    return moment.strftime("%d.%m.%Y kl. %H.%M")


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|$<>~")


def markdown_text(text: str | None) -> str:
    """Municipalities' free text shown literally: a «$» or «*» must not turn into maths or bold."""
    if not text:
        return MISSING
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in text)
