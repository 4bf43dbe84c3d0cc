"""What a user reads, in the user's language: Danish first, English as a switch.

Danish is the source language: every user-facing text is written in Danish in the code and
wrapped in :func:`_`; English comes from the message catalogues in ``screening/locale/en/``
(one ``.po`` file per area of the product, so the areas never edit the same file). A text with
no English entry falls back to its Danish original rather than to nothing.

The language is held per script run in a :class:`~contextvars.ContextVar`: the dashboard serves
many readers from one process, each run on its own thread, so a module-level setting would
switch every reader's language at once.

Placeholders are named (``_("{n} kandidater").format(n=3)``), so a translation may put them in
another order. Numbers, money and dates go through :func:`number`, :func:`money` and
:func:`date_text`, which Babel formats for da_DK or en_GB.
"""

from __future__ import annotations

import decimal
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.pofile import read_po

from screening.danish import ALL_DIGITS

# The language codes a reader can choose, with their names in their own language.
LANGUAGES: dict[str, str] = {"da": "Dansk", "en": "English"}
DEFAULT_LANGUAGE = "da"
# The CLDR locale each language is formatted in.
LOCALES: dict[str, str] = {"da": "da_DK", "en": "en_GB"}
CATALOGUE_DIR = Path(__file__).parent / "locale"

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def use_language(code: str | None) -> str:
    """Set this run's language (an unknown code means Danish); returns the code in force."""
    chosen = code if code in LANGUAGES else DEFAULT_LANGUAGE
    _language.set(chosen)
    return chosen


def current_language() -> str:
    return _language.get()


def current_locale() -> str:
    return LOCALES[current_language()]


@cache
def catalogue(language: str) -> dict[str, str]:
    """Danish text -> translation, from every ``.po`` file of the language (read once)."""
    entries: dict[str, str] = {}
    for path in sorted((CATALOGUE_DIR / language).glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=LOCALES[language]):
                if message.id and isinstance(message.id, str) and message.string:
                    entries[message.id] = message.string
    return entries


def _(text: str) -> str:
    """``text`` (Danish) in the reader's language."""
    language = _language.get()
    if language == DEFAULT_LANGUAGE:
        return text
    return catalogue(language).get(text, text)


def number(value: float, decimals: int = 0) -> str:
    """``1234567.5`` -> «1.234.568» (da) or «1,234,568» (en); ``decimals`` fixed."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with decimal.localcontext(ALL_DIGITS):
        return babel_numbers.format_decimal(value, format=pattern, locale=current_locale())


def money(value: float, decimals: int = 0) -> str:
    """Danish kroner: «1.234.568 kr.» (da) or «DKK 1,234,568» (en); ``decimals`` fixed."""
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    pattern = f"{digits}\xa0¤" if current_language() == "da" else f"¤\xa0{digits}"
    with decimal.localcontext(ALL_DIGITS):
        return babel_numbers.format_currency(
            value, "DKK", format=pattern, locale=current_locale(), currency_digits=False
        )


def date_text(value: date | datetime, style: str = "long") -> str:
    """«2. december 2026» (da) or «2 December 2026» (en); ``style`` is Babel's."""
    if isinstance(value, datetime):
        value = value.date()
    return babel_dates.format_date(value, format=style, locale=current_locale())


def percent(value: float, decimals: int = 0) -> str:
    """``0.3745`` -> «37 %» (da) or «37%» (en)."""
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    pattern = f"{digits} %" if current_language() == "da" else f"{digits}%"
    with decimal.localcontext(ALL_DIGITS):
        return babel_numbers.format_percent(value, format=pattern, locale=current_locale())


def N_(text: str) -> str:
    """Marks a Danish text for the catalogues where it is defined (a module constant, read
    before any reader's language is known); translate it with :func:`_` where it is shown."""
    return text
