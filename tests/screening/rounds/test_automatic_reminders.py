"""The automatic reminders sent through a real SMTP server (aiosmtpd on 127.0.0.1, started
here), against SQLite and PostgreSQL: two runs at once send each reminder once, and a reminder
the server refused is sent by the next run."""

from __future__ import annotations

import dataclasses
import socket
import threading
from datetime import date
from email import message_from_bytes, policy

import polars as pl
import pytest
from mail_server import mail_server as running_mail_server

from screening.config import load_screening_config, round_plan_path
from screening.decisions.store import EVENT_SCHEMA, open_store, read_events
from screening.decisions.users import load_users
from screening.intake.submissions import SUBMISSION_SCHEMA
from screening.rounds.automatic import NOT_PUBLISHED, send_due_reminders, send_todays_reminders
from screening.rounds.current import round_status
from screening.rounds.mail import REMINDER_SENT, smtp_server
from screening.rounds.reminder_schedule import REMINDER_CLAIM, ReminderSettings

DAY_AFTER = date(2026, 12, 12)  # the sample plan's screening deadline is 11 December


@pytest.fixture
def mail_server():
    with running_mail_server() as server:
        yield server


def nobody_has_sent():
    """The round on the day after the deadline, with no template from anyone."""
    config = load_screening_config()
    status = round_status(
        config,
        round_plan_path(),
        pl.DataFrame(schema=SUBMISSION_SCHEMA),
        pl.DataFrame(schema={"candidate_id": pl.String, "municipalities": pl.List(pl.String)}),
        pl.DataFrame(schema=EVENT_SCHEMA),
        [],
        DAY_AFTER,
    )
    users = {
        user_id: dataclasses.replace(user, email=f"{user_id}@kommune.dk")
        if user.has("projektgruppe")
        else user
        for user_id, user in load_users(config).items()
    }
    return status, users


def test_two_runs_at_once_mail_each_late_municipality_once(store_url, mail_server) -> None:
    inbox, port = mail_server
    engine = open_store(store_url)
    status, users = nobody_has_sent()
    server = smtp_server(f"smtp://127.0.0.1:{port}?from=screening@haderslev.dk")
    start = threading.Barrier(2)
    outcomes: list = []

    def run() -> None:
        start.wait()
        outcomes.extend(
            send_due_reminders(engine, status, pl.DataFrame(), users, server, ReminderSettings())
        )

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == [
        "aabenraa.projektgruppe@kommune.dk",
        "haderslev.projektgruppe@kommune.dk",
        "soenderborg.projektgruppe@kommune.dk",
        "toender.projektgruppe@kommune.dk",
    ]
    assert sum(o.sent for o in outcomes) == 4, [o.text for o in outcomes]
    logged = read_events(engine, kinds=(REMINDER_SENT,))
    assert sorted(logged["municipality"]) == ["Aabenraa", "Haderslev", "Sønderborg", "Tønder"]
    mail = message_from_bytes(inbox.envelopes[0].content, policy=policy.default)
    assert "Fristen var 11. december 2026, og den er overskredet med 1 dag." in (
        mail.get_body().get_content()
    )


def test_a_refused_reminder_is_sent_by_the_next_run(store_url, mail_server) -> None:
    inbox, port = mail_server
    engine = open_store(store_url)
    status, users = nobody_has_sent()
    only_toender = {k: u for k, u in users.items() if u.municipality == "Tønder"}
    with socket.socket() as probe:  # a port nothing listens on: the server is down
        probe.bind(("127.0.0.1", 0))
        down = probe.getsockname()[1]
    refused = send_due_reminders(
        engine,
        status,
        pl.DataFrame(),
        only_toender,
        smtp_server(f"smtp://127.0.0.1:{down}?from=screening@haderslev.dk"),
        ReminderSettings(),
    )
    (toender,) = [o for o in refused if o.municipality == "Tønder"]
    assert not toender.sent and "Påmindelsen til Tønder blev ikke sendt" in toender.text
    assert read_events(engine, kinds=(REMINDER_SENT,)).is_empty()
    # The claim was taken and released, with the server's answer as the reason.
    claims = read_events(engine, kinds=(REMINDER_CLAIM,))
    assert claims["new_value"].to_list() == ["sender", None]

    again = send_due_reminders(
        engine,
        status,
        pl.DataFrame(),
        only_toender,
        smtp_server(f"smtp://127.0.0.1:{port}?from=screening@haderslev.dk"),
        ReminderSettings(),
    )
    assert [o.municipality for o in again if o.sent] == ["Tønder"]
    assert [e.rcpt_tos for e in inbox.envelopes] == [["toender.projektgruppe@kommune.dk"]]


def test_nothing_is_sent_before_a_run_has_published_what_arrived(tmp_path, mail_server) -> None:
    """Without the published copy every municipality would look late."""
    inbox, port = mail_server
    status, users = nobody_has_sent()
    outcomes = send_todays_reminders(
        load_screening_config(),
        round_plan_path(),
        tmp_path / "warehouse.published.duckdb",
        open_store(f"sqlite:///{tmp_path / 'decisions.sqlite'}"),
        users,
        smtp_server(f"smtp://127.0.0.1:{port}?from=screening@haderslev.dk"),
        ReminderSettings(),
        DAY_AFTER,
    )
    assert [o.text for o in outcomes] == [NOT_PUBLISHED]
    assert inbox.envelopes == []
