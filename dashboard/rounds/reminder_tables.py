"""The automatic reminders on the round plan page, as tables (pure, no Streamlit): the next one
per municipality and the ones the decision log says were sent. The decisions themselves are
:mod:`screening.rounds.reminder_schedule`'s."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from dashboard.common import formatting
from screening import i18n
from screening.i18n import N_, _, date_text
from screening.rounds.reminder_schedule import (
    AUTOMATIC_SENDER,
    AUTOMATIC_SENDER_ID,
    Planned,
    ReminderSettings,
)

MUNICIPALITY_HEADER = "Kommune"
NEXT_HEADER = "Næste automatiske påmindelse"
OCCASION_HEADER = "Anledning"
TO_HEADER = "Til"
SENT_HEADER = "Sendt"
WHY_HEADER = "Hvorfor"
BY_HEADER = "Sendt af"
# How the round plan's «Send påmindelse nu» says why, before the day it gives.
MANUAL_WHY = N_("Påmindelse fra rundeplanen")


def _days(days: tuple[int, ...]) -> str:
    return formatting.and_listing(days)


def _before(days: tuple[int, ...]) -> str:
    if days == (1,):
        return _("1 dag før")
    return _("{days} dage før").format(days=_days(days))


def _after(days: tuple[int, ...]) -> str:
    if days == (1,):
        return _("1 dag efter")
    return _("{days} dage efter").format(days=_days(days))


def schedule_text(settings: ReminderSettings) -> str:
    """What the automatic reminder does, from the settings in force."""
    if not settings.days_before and not settings.days_after:
        return _(
            "Automatiske påmindelser er slået fra ([reminders] i config/screening.toml). "
            "Påmindelser sendes kun med knappen nedenfor."
        )
    parts = []
    if settings.days_before:
        parts.append(_before(settings.days_before))
    if settings.days_after:
        parts.append(_after(settings.days_after))
    return _(
        "Hver morgen kl. 8 sendes en påmindelse automatisk til hver kommune, hvis screening ikke "
        "er afsluttet: {when} screeningsfristen ([reminders] i config/screening.toml). Hver "
        "påmindelse sendes én gang og skrives i beslutningsloggen."
    ).format(when=formatting.and_listing(parts))


def _occasion(planned: Planned) -> str:
    if planned.offset < 0:
        return _("{when} fristen").format(when=_before((-planned.offset,)))
    if planned.offset > 0:
        return _("{when} fristen").format(when=_after((planned.offset,)))
    return _("på fristens dag")


def next_table(
    municipalities: list[str],
    screening: set[str],
    upcoming: dict[str, Planned | None],
    addresses: dict[str, list[str]],
    today: date,
) -> pl.DataFrame:
    """One row per municipality: when its next automatic reminder goes, why and to whom.
    ``screening``: the municipalities whose screening is not done."""
    rows = []
    for municipality in municipalities:
        planned = upcoming.get(municipality)  # None: none left
        if municipality not in screening:
            when, occasion = _("Ingen: screeningen er afsluttet"), ""
        elif planned is None:
            when, occasion = _("Ingen flere"), ""
        else:
            when = (
                date_text(planned.day, "medium")
                if planned.day > today
                else _("ved næste morgenkørsel")
            )
            occasion = _occasion(planned)
        to = addresses.get(municipality) or []
        if to:
            to_text = ", ".join(to)
        elif municipality in screening:  # a reminder is due one day, but to no one
            to_text = _("ingen e-mail-adresse («email» i config/users.toml)")
        else:
            to_text = ""
        rows.append(
            {
                _(MUNICIPALITY_HEADER): municipality,
                _(NEXT_HEADER): when,
                _(OCCASION_HEADER): occasion,
                _(TO_HEADER): to_text,
            }
        )
    return pl.DataFrame(rows)


def _why(sent: dict) -> str:
    """Why a reminder went. The log keeps it in Danish (as the mail said it); another reader
    reads it worded again from the entry: an automatic reminder's occasion and deadline from its
    key, a reminder sent by hand as such (the time is in its own column)."""
    stored = sent["reason"] or ""
    if not stored or i18n.current_language() == i18n.DEFAULT_LANGUAGE:
        return stored
    planned = Planned.from_key(sent.get("subject"))
    if planned is not None:
        return _(
            "Automatisk påmindelse {occasion} ({deadline}): screeningen er ikke afsluttet."
        ).format(occasion=_occasion(planned), deadline=date_text(planned.deadline))
    if stored.startswith(MANUAL_WHY):
        return _(MANUAL_WHY)
    return stored


def sent_table(sent: pl.DataFrame) -> pl.DataFrame:
    """The reminders sent, newest first: when (the reader's time), to whom, why, by whom."""
    return pl.DataFrame(
        [
            {
                _(SENT_HEADER): formatting.timestamp(datetime.fromisoformat(row["recorded_at"])),
                _(MUNICIPALITY_HEADER): row["municipality"],
                _(TO_HEADER): row["to"],
                _(WHY_HEADER): _why(row),
                _(BY_HEADER): _(AUTOMATIC_SENDER)
                if row.get("user_id") == AUTOMATIC_SENDER_ID
                else row["user_name"],
            }
            for row in sent.iter_rows(named=True)
        ],
        schema={
            _(h): pl.String
            for h in (SENT_HEADER, MUNICIPALITY_HEADER, TO_HEADER, WHY_HEADER, BY_HEADER)
        },
    )
