"""Danish number and text formatting for what the dashboard shows.

Danish writes 1.250.000 and 7,5 (point for thousands, comma for decimals). Python's locale module
depends on which locales the machine has installed, so the separators are swapped by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from screening import danish
from screening.vocabulary import OTHER_SERVICE_AREA, SERVICE_AREAS, label_of

MISSING = "–"  # shown for a figure a municipality left blank, so a blank is not read as zero
# The pipeline stores times in UTC; people read them in Danish time (summer time included).
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def number(value: float | None, decimals: int = 0) -> str:
    """``1234567.8`` -> ``"1.234.568"``; ``7.5`` with one decimal -> ``"7,5"``."""
    if value is None:
        return MISSING
    if round(value, decimals) == 0:
        value = 0.0  # a penalty of -0.0 (or -0.01) must not read as "-0"
    return danish.number(value, decimals)


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


def count(n: int, singular: str, plural: str) -> str:
    """``count(1, "opgave", "opgaver")`` -> ``"1 opgave"``; 0 and more take the plural."""
    return f"{number(n)} {singular if n == 1 else plural}"


def listing(items: Iterable[str] | None) -> str:
    """``["Aabenraa", "Tønder"]`` -> ``"Aabenraa, Tønder"``."""
    return ", ".join(items or [])


def and_listing(items: Iterable[object]) -> str:
    """``[6, 9, 12]`` -> ``"6, 9 og 12"`` – a list in a Danish sentence."""
    words = [str(item) for item in items]
    return " og ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def timestamp(moment: datetime | None) -> str:
    """``"23.11.2026 kl. 19.47"`` – the Danish way of writing a date and time, in Danish time.

    A time without a zone is taken as already local.
    """
    if moment is None:
        return MISSING
    if moment.tzinfo is not None:
        moment = moment.astimezone(DANISH_TIME)
    return moment.strftime("%d.%m.%Y kl. %H.%M")


def short_hash(sha256: str | None) -> str:
    """The first 12 hex digits of a SHA-256: enough to tell files apart and to search for."""
    return sha256[:12] if sha256 else MISSING


def share(value: float | None) -> str:
    """A similarity or confidence 0-1 as a Danish percentage: ``0.3745`` -> ``"37 %"``."""
    return MISSING if value is None else f"{number(value * 100)} %"


def service_area(task: dict) -> str:
    """The task's service area as the user reads it: our label, or for one none of ours fits,
    «Andet (ikke genkendt): » and the municipality's own words."""
    label = label_of(SERVICE_AREAS, task.get("service_area"))
    written = task.get("service_area_written")
    if task.get("service_area") == OTHER_SERVICE_AREA.code and written:
        return f"{label}: {written}"
    return label or MISSING
