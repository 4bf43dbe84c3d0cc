"""The automatic reminder: each day, send the reminders that are due
(:mod:`screening.rounds.reminder_schedule`) through the mail server in ``SCREENING_SMTP_URL``,
each logged in the decision log like one sent by hand (:mod:`screening.rounds.mail`).

The round's status is the one the dashboard shows (:func:`screening.rounds.current.round_status`),
read from the published copy of the warehouse and the decision store. Before sending, the run
claims the reminder in the log (the next version of its claim, which only one writer gets): a
second run at the same moment, or a rerun the same day, sends nothing. A refused e-mail releases
the claim, so the next run tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from screening import store
from screening.config import ScreeningConfig
from screening.decisions.append import Writer
from screening.decisions.store import Actor, Conflict, read_events, read_snapshots
from screening.decisions.users import User
from screening.intake.submissions import SUBMISSION_SCHEMA
from screening.rounds.current import RoundStatus, round_status
from screening.rounds.mail import (
    REMINDER_SENT,
    SMTP_URL_ENV,
    MailError,
    SmtpServer,
    deliver,
    log_sent,
    recipients,
)
from screening.rounds.reminder import reminder_text
from screening.rounds.reminder_schedule import (
    AUTOMATIC_SENDER,
    AUTOMATIC_SENDER_ID,
    CLAIMED,
    REMINDER_CLAIM,
    Due,
    ReminderSettings,
    due_reminders,
    planned_reminders,
)

# Who the log names as the sender: the schedule acts for the project group, for no one
# municipality.
AUTOMATIC = Writer(Actor(AUTOMATIC_SENDER_ID, AUTOMATIC_SENDER, "projektgruppe", None))
NO_SERVER = (
    f"{SMTP_URL_ENV} er ikke sat, så ingen påmindelser er sendt. Sæt den til kommunens "
    "mailserver (fx smtp://bruger:adgangskode@mail.kommune.dk:587?starttls=true"
    "&from=screening@kommune.dk) for at sende dem automatisk; se docs/drift.md."
)
NOT_PUBLISHED = (
    "Bruttolisten er ikke dannet endnu, så det vides ikke, hvem der har sendt deres skabelon: "
    "ingen påmindelser er sendt."
)
FINDINGS_SCHEMA = {"archived_as": pl.String, "severity": pl.String}


@dataclass(frozen=True)
class Outcome:
    """One line for the run's log: what happened to one reminder (or to all, without a server)."""

    text: str
    sent: bool = False
    municipality: str | None = None


def published_round_status(
    config: ScreeningConfig, plan_path: Path, published: Path, engine: sa.Engine, today: date
) -> tuple[RoundStatus, pl.DataFrame]:
    """The round's status as the dashboard derives it (the published copy's submissions and
    gross list, the store's decisions and frozen lists), and the intake's findings."""

    def table(name: str, schema: dict) -> pl.DataFrame:
        frame = store.read_published_table(published, name)
        return frame if frame is not None else pl.DataFrame(schema=schema)

    status = round_status(
        config,
        plan_path,
        table("submissions", SUBMISSION_SCHEMA),
        table("gross_list", {"candidate_id": pl.String, "municipalities": pl.List(pl.String)}),
        read_events(engine),
        read_snapshots(engine, with_rows=True),
        today,
    )
    return status, table("findings", FINDINGS_SCHEMA)


def _send_one(
    engine: sa.Engine,
    server: SmtpServer,
    due: Due,
    status: RoundStatus,
    findings: pl.DataFrame,
    to: list[str],
) -> Outcome:
    planned = due.planned
    municipality = planned.municipality
    submission = status.submissions.filter(pl.col("municipality") == municipality).row(
        0, named=True
    )
    text = reminder_text(
        status.label,
        submission,
        status.milestones,
        findings,
        status.today,
        note=f"Denne påmindelse er sendt automatisk {planned.occasion}.",
    )
    if text is None:  # nothing missing after all (the status moved since the plan was read)
        return Outcome(f"{municipality}: mangler intet; ingen påmindelse.", False, municipality)
    why = planned.why()
    try:
        AUTOMATIC.append(
            engine,
            kind=REMINDER_CLAIM,
            subject=planned.key,
            new_value=CLAIMED,
            expected_version=due.claim_version,
            municipality=municipality,
            reason=why,
        )
    except Conflict:
        return Outcome(f"{municipality}: en anden kørsel sender påmindelsen.", False, municipality)
    try:
        message = deliver(server, municipality, to, text)
    except MailError as error:
        AUTOMATIC.append(
            engine,
            kind=REMINDER_CLAIM,
            subject=planned.key,
            new_value=None,
            expected_version=due.claim_version + 1,
            municipality=municipality,
            reason=str(error),
        )
        return Outcome(f"{municipality}: {error}", False, municipality)
    log_sent(engine, AUTOMATIC, message, municipality, to, why, key=planned.key)
    return Outcome(
        f"{municipality}: påmindelse sendt til {', '.join(to)} ({why})", True, municipality
    )


def send_due_reminders(
    engine: sa.Engine,
    status: RoundStatus,
    findings: pl.DataFrame,
    users: dict[str, User],
    server: SmtpServer | None,
    settings: ReminderSettings,
    now: datetime | None = None,
) -> list[Outcome]:
    """Send the reminders due on the status's day and log each; what happened, one line each.
    Without a mail server nothing is sent and the one line says how to set it up."""
    if server is None:
        return [Outcome(NO_SERVER)]
    planned = planned_reminders(status.round_id, status.milestones, settings)
    events = read_events(engine, kinds=(REMINDER_SENT, REMINDER_CLAIM))
    due = due_reminders(planned, events, status.today, now or datetime.now(UTC))
    if not due:
        return [Outcome(f"Ingen påmindelser skal sendes i dag ({status.today.isoformat()}).")]
    outcomes = []
    for reminder in due:
        municipality = reminder.planned.municipality
        to = recipients(users, municipality)
        if not to:
            outcomes.append(
                Outcome(
                    f"{municipality}: ingen e-mail-adresse til projektgruppen («email» i "
                    "config/users.toml); påmindelsen er ikke sendt.",
                    False,
                    municipality,
                )
            )
            continue
        outcomes.append(_send_one(engine, server, reminder, status, findings, to))
    return outcomes


def send_todays_reminders(
    config: ScreeningConfig,
    plan_path: Path,
    published: Path,
    engine: sa.Engine,
    users: dict[str, User],
    server: SmtpServer | None,
    settings: ReminderSettings,
    today: date,
) -> list[Outcome]:
    """What the daily run does: the round's status from the published copy, then the reminders
    due today. Nothing is sent without a mail server, nor before a run has published what the
    municipalities sent (every one would look late)."""
    if server is None:
        return [Outcome(NO_SERVER)]
    if not published.is_file():
        return [Outcome(NOT_PUBLISHED)]
    status, findings = published_round_status(config, plan_path, published, engine, today)
    return send_due_reminders(engine, status, findings, users, server, settings)
