"""Number, date and text formatting for what the dashboard shows, in the reader's language.

Danish writes 1.250.000 and 7,5 (point for thousands, comma for decimals), English 1,250,000 and
7.5. Babel formats them from CLDR's data (``screening.i18n``), so the output does not depend on
which locales the machine has installed; units and words go through the catalogues.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from screening import i18n
from screening.i18n import _
from screening.vocabulary import OTHER_SERVICE_AREA, SERVICE_AREAS, label_of

MISSING = "–"  # shown for a figure a municipality left blank, so a blank is not read as zero
# The pipeline stores times in UTC; people read them in Danish time (summer time included).
DANISH_TIME = ZoneInfo("Europe/Copenhagen")
# CLDR's medium date-time patterns, fixed here so a Babel update does not change what users read.
_TIMESTAMP_PATTERNS = {"da": "dd.MM.yyyy 'kl.' HH.mm", "en": "dd/MM/yyyy HH:mm"}


def number(value: float | None, decimals: int = 0) -> str:
    """``1234567.8`` -> ``"1.234.568"``; ``7.5`` with one decimal -> ``"7,5"`` (in English
    ``"1,234,568"`` and ``"7.5"``)."""
    if value is None:
        return MISSING
    if round(value, decimals) == 0:
        value = 0.0  # a penalty of -0.0 (or -0.01) must not read as "-0"
    # Babel's own formatting costs ~40 µs a number, and a national gross list shows 15,000 of
    # them on every rerun; the separators come from Babel's locale data, the digits from Python.
    decimal, group = _separators(i18n.current_locale())
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", group)


@cache
def _separators(locale: str) -> tuple[str, str]:
    """The locale's decimal and thousands separators (CLDR, through Babel)."""
    return babel_numbers.get_decimal_symbol(locale), babel_numbers.get_group_symbol(locale)


def kroner(value: float | None) -> str:
    """``1250000`` -> ``"1.250.000 kr."``."""
    return MISSING if value is None else _("{amount} kr.").format(amount=number(value))


def kroner_compact(value: float | None) -> str:
    """For key figures with little room: ``8270000`` -> ``"8,3 mio. kr."``."""
    if value is None:
        return MISSING
    if abs(value) >= 1_000_000:
        return _("{amount} mio. kr.").format(amount=number(value / 1_000_000, decimals=1))
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
    """``count(1, "opgave", "opgaver")`` -> ``"1 opgave"``; 0 and more take the plural.

    The words are Danish source texts, translated here (English counts the same way)."""
    return f"{number(n)} {_(singular) if n == 1 else _(plural)}"


def listing(items: Iterable[str] | None) -> str:
    """``["Aabenraa", "Tønder"]`` -> ``"Aabenraa, Tønder"``."""
    return ", ".join(items or [])


def and_listing(items: Iterable[object]) -> str:
    """``[6, 9, 12]`` -> ``"6, 9 og 12"`` – a list in a sentence («6, 9 and 12» in English)."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return _("{items} og {last}").format(items=", ".join(words[:-1]), last=words[-1])


def timestamp(moment: datetime | None) -> str:
    """``"23.11.2026 kl. 19.47"`` – the Danish way of writing a date and time, in Danish time
    (``"23/11/2026 19:47"`` in English).

    A time without a zone is taken as already local.
    """
    if moment is None:
        return MISSING
    if moment.tzinfo is not None:
        moment = moment.astimezone(DANISH_TIME)
    return babel_dates.format_datetime(
        moment.replace(tzinfo=None),
        _TIMESTAMP_PATTERNS[i18n.current_language()],
        locale=i18n.current_locale(),
    )


def short_hash(sha256: str | None) -> str:
    """The first 12 hex digits of a SHA-256: enough to tell files apart and to search for."""
    return sha256[:12] if sha256 else MISSING


def share(value: float | None) -> str:
    """A similarity or confidence 0-1 as a Danish percentage: ``0.3745`` -> ``"37 %"``."""
    return MISSING if value is None else _("{percent} %").format(percent=number(value * 100))


def service_area(task: dict) -> str:
    """The task's service area as the user reads it: our label, or for one none of ours fits,
    «Andet (ikke genkendt): » and the municipality's own words."""
    label = _(label_of(SERVICE_AREAS, task.get("service_area")))
    written = task.get("service_area_written")
    if task.get("service_area") == OTHER_SERVICE_AREA.code and written:
        return f"{label}: {written}"
    return label or MISSING
