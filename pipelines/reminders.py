"""The automatic reminder: every morning a run sends the reminders that are due (days before
and after each municipality's screening deadline, ``[reminders]`` in config/screening.toml).

Thin: what is due and the sending are :mod:`screening.rounds.automatic`; the run only reads the
settings and logs one line per reminder. Safe to run again: a reminder the decision log has is
never sent twice.
"""

# No ``from __future__ import annotations`` here: Dagster checks the op's context annotation as
# a class, not as a string.
from pathlib import Path

import dagster as dg

from assets.resources import ScreeningSettings
from assets.rounds import RoundSettings
from screening import store
from screening.config import read_screening_file
from screening.decisions.users import load_users
from screening.errors import ScreeningError
from screening.rounds.automatic import Outcome, send_todays_reminders
from screening.rounds.mail import smtp_server
from screening.rounds.reminder_schedule import reminder_settings

SEND_AT = "0 8 * * *"  # 08:00, before the working day, in Danish time
TIMEZONE = "Europe/Copenhagen"


@dg.op(description="Sender de påmindelser, der skal sendes i dag, og skriver dem i loggen.")
def send_reminders(
    context: dg.OpExecutionContext, settings: ScreeningSettings, round_settings: RoundSettings
) -> None:
    """The reminders due today, sent and logged, one line each in the run's log (no output:
    the e-mails and the decision log are what it makes)."""
    try:
        outcomes = _send(settings, round_settings)
    except ScreeningError as error:  # a wrong setting: its Danish message, not a traceback
        raise dg.Failure(description=str(error), allow_retries=False) from None
    for outcome in outcomes:
        context.log.info(outcome.text)


def _send(settings: ScreeningSettings, round_settings: RoundSettings) -> list[Outcome]:
    config_path = Path(settings.screening_config)
    config = settings.load_screening()
    return send_todays_reminders(
        config,
        Path(round_settings.round_plan),
        store.published_path(Path(settings.warehouse)),
        settings.decision_store(),
        load_users(config),
        smtp_server(),
        reminder_settings(read_screening_file(config_path), str(config_path)),
        round_settings.day(),
    )


@dg.job(description="Send dagens påmindelser til kommuner, hvis screening ikke er afsluttet.")
def reminder_job() -> None:
    send_reminders()


reminder_schedule = dg.ScheduleDefinition(
    name="reminder_schedule",
    job=reminder_job,
    cron_schedule=SEND_AT,
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Hver morgen: påmindelser før og efter kommunernes screeningsfrist.",
)
