"""Who gets an automatic reminder, why and on which day: a set number of days before and after
each municipality's screening deadline, only while its screening is not done, and never twice
for the same round, municipality, deadline and occasion."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from screening.decisions.store import EVENT_SCHEMA
from screening.rounds.mail import REMINDER_SENT
from screening.rounds.reminder_schedule import (
    CLAIMED,
    REMINDER_CLAIM,
    ReminderSettings,
    ReminderSettingsError,
    due_reminders,
    next_reminders,
    planned_reminders,
    reminder_settings,
    sent_reminders,
)

DEADLINE = date(2026, 12, 11)
NOW = datetime(2026, 12, 12, 7, 0, tzinfo=UTC)
SETTINGS = ReminderSettings(days_before=(7,), days_after=(1, 7))


def milestones(done: dict[str, date | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"milestone": "screening", "municipality": m, "planned_end": DEADLINE, "done_at": d}
            for m, d in done.items()
        ]
        + [{"milestone": "gross_list", "municipality": None, "planned_end": DEADLINE}],
        schema={
            "milestone": pl.String,
            "municipality": pl.String,
            "planned_end": pl.Date,
            "done_at": pl.Date,
        },
    )


def events(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(
        [{"version": 1, "new_value": "pg@x.dk", **row} for row in rows], schema=EVENT_SCHEMA
    )


PLAN = planned_reminders(
    "2026", milestones({"Aabenraa": date(2026, 11, 2), "Tønder": None}), SETTINGS
)


def due_on(day: date, log: pl.DataFrame | None = None, now: datetime = NOW) -> list[str]:
    log = events() if log is None else log
    return [d.planned.key for d in due_reminders(PLAN, log, day, now)]


def test_the_settings_are_read_with_defaults_and_explained_when_wrong() -> None:
    assert reminder_settings({}) == ReminderSettings(days_before=(7,), days_after=(1, 7))
    assert reminder_settings({"reminders": {"days_before": [2, 7, 7], "days_after": []}}) == (
        ReminderSettings(days_before=(2, 7), days_after=())
    )
    assert reminder_settings({"reminders": {"days_before": 3}}).days_before == (3,)
    with pytest.raises(ReminderSettingsError, match=r"days_after = \['en uge'\].*hele dage"):
        reminder_settings({"reminders": {"days_after": ["en uge"]}})


def test_only_a_municipality_still_screening_has_reminders_before_and_after_its_deadline() -> None:
    assert [(p.municipality, p.day, p.occasion) for p in PLAN] == [
        ("Tønder", date(2026, 12, 4), "7 dage før fristen"),
        ("Tønder", date(2026, 12, 12), "1 dag efter fristen"),
        ("Tønder", date(2026, 12, 18), "7 dage efter fristen"),
    ]
    assert PLAN[1].why() == (
        "Automatisk påmindelse 1 dag efter fristen (11. december 2026): "
        "screeningen er ikke afsluttet."
    )
    assert planned_reminders("2026", milestones({"Tønder": None}), ReminderSettings((), ())) == []


def test_a_reminder_is_due_on_its_day_and_never_again_once_logged() -> None:
    assert due_on(date(2026, 12, 3)) == []
    assert due_on(date(2026, 12, 4)) == ["2026|Tønder|2026-12-11|-7"]
    assert due_on(date(2026, 12, 5)) == ["2026|Tønder|2026-12-11|-7"]  # a missed day catches up
    sent = events({"kind": REMINDER_SENT, "subject": "2026|Tønder|2026-12-11|-7"})
    assert due_on(date(2026, 12, 4), sent) == []
    assert due_on(date(2026, 12, 11), sent) == []  # nothing on the deadline itself
    assert due_on(date(2026, 12, 12), sent) == ["2026|Tønder|2026-12-11|+1"]
    # Days without a run: only the latest occasion goes, not a pile of old ones.
    assert due_on(date(2026, 12, 20)) == ["2026|Tønder|2026-12-11|+7"]
    # A moved deadline is a new deadline, with reminders of its own.
    moved = planned_reminders(
        "2026",
        milestones({"Tønder": None}).with_columns(pl.lit(date(2026, 12, 18)).alias("planned_end")),
        SETTINGS,
    )
    assert [d.planned.key for d in due_reminders(moved, sent, date(2026, 12, 12), NOW)] == [
        "2026|Tønder|2026-12-18|-7"
    ]


def test_a_claim_keeps_a_second_run_from_sending_until_it_is_released_or_expires() -> None:
    key = "2026|Tønder|2026-12-11|+1"
    claimed = events(
        {
            "kind": REMINDER_CLAIM,
            "subject": key,
            "new_value": CLAIMED,
            "recorded_at": (NOW - timedelta(minutes=5)).isoformat(),
        }
    )
    assert due_on(date(2026, 12, 12), claimed) == []
    # A run that died mid-send leaves its claim; an hour on, the reminder is due again.
    later = NOW + timedelta(hours=2)
    (again,) = due_reminders(PLAN, claimed, date(2026, 12, 12), later)
    assert again.claim_version == 1  # the claim must still find version 1 to take it
    released = pl.concat(
        [
            claimed,
            events(
                {
                    "kind": REMINDER_CLAIM,
                    "subject": key,
                    "version": 2,
                    "new_value": None,
                    "recorded_at": NOW.isoformat(),
                }
            ),
        ]
    )
    (retry,) = due_reminders(PLAN, released, date(2026, 12, 12), NOW)
    assert retry.claim_version == 2


def test_the_next_reminder_and_the_ones_sent_for_the_round_plan_page() -> None:
    def upcoming(day: date, log: pl.DataFrame) -> dict[str, str | None]:
        return {m: p.occasion if p else None for m, p in next_reminders(PLAN, log, day).items()}

    assert upcoming(date(2026, 12, 1), events()) == {"Tønder": "7 dage før fristen"}
    sent = events(
        {
            "kind": REMINDER_SENT,
            "subject": "2026|Tønder|2026-12-11|-7",
            "municipality": "Tønder",
            "recorded_at": "2026-12-04T07:00:02+00:00",
            "reason": "Automatisk påmindelse 7 dage før fristen",
            "user_name": "Automatisk påmindelse",
        }
    )
    assert upcoming(date(2026, 12, 4), sent) == {"Tønder": "1 dag efter fristen"}
    assert upcoming(date(2026, 12, 12), sent) == {"Tønder": "1 dag efter fristen"}  # not yet run
    assert upcoming(date(2026, 12, 19), sent) == {"Tønder": "7 dage efter fristen"}
    (row,) = sent_reminders(sent).iter_rows(named=True)
    assert (row["municipality"], row["to"], row["user_name"]) == (
        "Tønder",
        "pg@x.dk",
        "Automatisk påmindelse",
    )
