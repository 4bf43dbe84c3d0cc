"""When the automatic reminders go: a set number of days before and after each municipality's
screening deadline, to the municipalities whose screening is not done (``[reminders]`` in
config/screening.toml).

Pure decisions, no mail and no clock: who gets a reminder, why and on which day, from the
round's milestone statuses (:func:`screening.rounds.current.round_status`) and the decision log.
A reminder is named by its round, municipality, deadline and occasion (:attr:`Planned.key`);
once the log holds that name it is never sent again, and a claim in the log (one version of one
subject, which only one writer can take) keeps two runs at the same moment from both sending it.
:mod:`screening.rounds.automatic` does the sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl

from screening.errors import ScreeningError
from screening.i18n import N_, _
from screening.rounds.mail import REMINDER_SENT
from screening.rounds.reminder import danish_date

REMINDER_CLAIM = "reminder_claim"  # the decision log's kind for "this run is sending it"
CLAIMED = "sender"  # a claim's value while its run sends; a claim released after a failure: None
# A claim older than this whose reminder never reached the log belongs to a run that died
# mid-send (a killed process, a restarted machine): the reminder is due again.
CLAIM_EXPIRES = timedelta(hours=1)
DEFAULT_DAYS_BEFORE = (7,)
DEFAULT_DAYS_AFTER = (1, 7)


class ReminderSettingsError(ScreeningError, ValueError):
    """``[reminders]`` in config/screening.toml cannot be used; the message says what to write."""


@dataclass(frozen=True)
class ReminderSettings:
    days_before: tuple[int, ...] = DEFAULT_DAYS_BEFORE
    days_after: tuple[int, ...] = DEFAULT_DAYS_AFTER

    def offsets(self) -> list[int]:
        """Days from the deadline, earliest first: negative before it, positive after."""
        return sorted({-d for d in self.days_before} | set(self.days_after))


def _days(section: dict[str, Any], name: str, default: tuple[int, ...], where: str) -> tuple:
    written = section.get(name, list(default))
    values = written if isinstance(written, list) else [written]
    if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 365 for v in values):
        raise ReminderSettingsError(
            _(
                "{where}, [reminders] {name} = {written!r}: skriv en liste af hele dage mellem 0 "
                "og 365, fx {name} = {example} (eller [] for ingen)."
            ).format(where=where, name=name, written=written, example=list(default))
        )
    return tuple(sorted(set(values)))


def reminder_settings(
    raw: dict[str, Any], where: str = "config/screening.toml"
) -> ReminderSettings:
    """The ``[reminders]`` section of the screening file as read (``read_screening_file``);
    the defaults where it is missing."""
    section = raw.get("reminders", {})
    if not isinstance(section, dict):
        raise ReminderSettingsError(
            _("{where}: [reminders] skal være en sektion.").format(where=where)
        )
    return ReminderSettings(
        days_before=_days(section, "days_before", DEFAULT_DAYS_BEFORE, where),
        days_after=_days(section, "days_after", DEFAULT_DAYS_AFTER, where),
    )


# Who the decision log names as the sender of an automatic reminder (Danish, as it is stored).
AUTOMATIC_SENDER_ID = "automatisk-paamindelse"
AUTOMATIC_SENDER = N_("Automatisk påmindelse")


@dataclass(frozen=True)
class Planned:
    """One automatic reminder in the plan: to whom, on which day, about which deadline."""

    round_id: str
    municipality: str
    deadline: date
    offset: int  # days from the deadline: negative before it, positive after

    @property
    def day(self) -> date:
        return self.deadline + timedelta(days=self.offset)

    @property
    def occasion(self) -> str:
        """«7 dage før fristen», «1 dag efter fristen», «på fristens dag»."""
        if self.offset < 0:
            return f"{_count(-self.offset)} før fristen"
        return f"{_count(self.offset)} efter fristen" if self.offset else "på fristens dag"

    @property
    def key(self) -> str:
        """The name the decision log knows it by: sent once per round, municipality, deadline
        and occasion (a moved deadline has reminders of its own)."""
        return f"{self.round_id}|{self.municipality}|{self.deadline.isoformat()}|{self.offset:+d}"

    @classmethod
    def from_key(cls, key: str | None) -> Planned | None:
        """The automatic reminder a decision-log entry's ``key`` names; None for another key
        (a reminder sent by hand is named by its Message-ID)."""
        parts = (key or "").split("|")
        if len(parts) != 4:
            return None
        round_id, municipality, deadline, offset = parts
        try:
            return cls(round_id, municipality, date.fromisoformat(deadline), int(offset))
        except ValueError:
            return None

    def why(self) -> str:
        """Why it was sent, for the decision log and the e-mail (Danish: it goes to a Danish
        municipality, and the log is kept in Danish)."""
        return (
            f"Automatisk påmindelse {self.occasion} ({danish_date(self.deadline)}): "
            "screeningen er ikke afsluttet."
        )


def _count(days: int) -> str:
    return "1 dag" if days == 1 else f"{days} dage"


def planned_reminders(
    round_id: str, milestones: pl.DataFrame, settings: ReminderSettings
) -> list[Planned]:
    """Every automatic reminder of the round for the municipalities whose screening is not
    done, by municipality and day."""
    return [
        Planned(round_id, row["municipality"], row["planned_end"], offset)
        for row in _still_screening(milestones).iter_rows(named=True)
        for offset in settings.offsets()
    ]


def _still_screening(milestones: pl.DataFrame) -> pl.DataFrame:
    return milestones.filter(
        (pl.col("milestone") == "screening")
        & pl.col("municipality").is_not_null()
        & pl.col("done_at").is_null()
        & pl.col("planned_end").is_not_null()
    ).sort("municipality")


def still_screening(milestones: pl.DataFrame) -> list[str]:
    """The municipalities whose screening is not done (no accepted template yet): the ones
    the automatic reminders go to."""
    return _still_screening(milestones)["municipality"].to_list()


@dataclass(frozen=True)
class Due:
    planned: Planned
    claim_version: int  # the claim's version as read; the claim must still find it


def _claims(events: pl.DataFrame) -> dict[str, dict]:
    """The newest claim per reminder."""
    claims = events.filter(pl.col("kind") == REMINDER_CLAIM).sort("version")
    return {row["subject"]: row for row in claims.iter_rows(named=True)}


def _sent(events: pl.DataFrame) -> set[str]:
    return set(events.filter(pl.col("kind") == REMINDER_SENT)["subject"].to_list())


def _claim_alive(claim: dict | None, now: datetime) -> bool:
    if claim is None or claim["new_value"] != CLAIMED:
        return False
    return now - datetime.fromisoformat(claim["recorded_at"]) < CLAIM_EXPIRES


def due_reminders(
    planned: list[Planned], events: pl.DataFrame, today: date, now: datetime | None = None
) -> list[Due]:
    """The reminders to send on ``today``: per municipality, the latest one whose day has come,
    unless the log has it (sent) or a run is sending it now (a live claim). An earlier one
    missed (no run that day) is passed over: one e-mail about the latest occasion, not a pile.

    ``events`` holds at least the log's ``reminder_sent`` and ``reminder_claim`` events;
    ``now`` (UTC) tells a live claim from one a dead run left."""
    now = now or datetime.now(UTC)
    sent, claims = _sent(events), _claims(events)
    latest: dict[tuple[str, date], Planned] = {}
    for reminder in planned:
        if reminder.day <= today:
            latest[(reminder.municipality, reminder.deadline)] = reminder  # later days win
    due = []
    for reminder in latest.values():
        claim = claims.get(reminder.key)
        if reminder.key in sent or _claim_alive(claim, now):
            continue
        due.append(Due(reminder, int(claim["version"]) if claim else 0))
    return due


def next_reminders(
    planned: list[Planned], events: pl.DataFrame, today: date
) -> dict[str, Planned | None]:
    """Per municipality in the plan, the next automatic reminder: the one still to send at the
    next run (its day has come, see :func:`due_reminders`), else the first one after today;
    None when none is left."""
    sent = _sent(events)
    upcoming: dict[str, Planned | None] = {}
    for reminder in sorted(planned, key=lambda r: (r.municipality, r.day)):
        municipality = reminder.municipality
        chosen = upcoming.setdefault(municipality, None)
        if reminder.day <= today:
            # A later occasion that has come replaces an earlier one (sent or passed over).
            upcoming[municipality] = None if reminder.key in sent else reminder
        elif chosen is None or chosen.day > reminder.day:
            upcoming[municipality] = reminder
    return upcoming


def sent_reminders(events: pl.DataFrame) -> pl.DataFrame:
    """The reminders the log says were sent, newest first: when, to which municipality and
    addresses, why and by whom (a person, or the automatic reminder), and the entry's subject
    (an automatic reminder's key)."""
    return (
        events.filter(pl.col("kind") == REMINDER_SENT)
        .select(
            "recorded_at",
            "municipality",
            pl.col("new_value").alias("to"),
            "reason",
            "user_name",
            "user_id",
            "subject",
        )
        .sort("recorded_at", descending=True)
    )
