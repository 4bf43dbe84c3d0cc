"""Reminders sent as e-mail to a real SMTP server (aiosmtpd, started by the test, with login
over STARTTLS-less plain SMTP on 127.0.0.1), and each one in the decision log."""

from __future__ import annotations

import dataclasses
from email import message_from_bytes, policy

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from mail_server import mail_server as running_mail_server

from screening.config import load_screening_config
from screening.decisions.rights import NotAllowed
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.rounds.mail import (
    REMINDER_SENT,
    MailError,
    recipients,
    send_reminder,
    smtp_server,
)

TEXT = (
    "Emne: Påmindelse fra projektgruppen – Screeningsrunde 2026, Tønder Kommune\n\n"
    "Kære kolleger i Tønder Kommune\n\nVi mangler jeres skabelon. Fristen var 27. november 2026."
)


def _authenticate(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"kk", b"hemmelig")
    return AuthResult(success=ok, handled=False, auth_data=data if ok else None)


@pytest.fixture
def mail_server():
    with running_mail_server(authenticator=_authenticate) as server:
        yield server


def test_a_reminder_reaches_the_municipality_and_is_logged(mail_server, tmp_path) -> None:
    inbox, port = mail_server
    config = load_screening_config()
    users = load_users(config)
    # The project group's address, as «email» in config/users.toml gives it.
    users["toender.projektgruppe"] = dataclasses.replace(
        users["toender.projektgruppe"], email="pg@toender.dk"
    )
    to = recipients(users, "Tønder")
    assert to == ["pg@toender.dk"]
    server = smtp_server(f"smtp://kk:hemmelig@127.0.0.1:{port}?from=screening%40haderslev.dk")
    engine = open_store(f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    sender = users["haderslev.projektgruppe"]

    # Only the project group sends; a refused server logs nothing.
    with pytest.raises(NotAllowed):
        send_reminder(engine, users["toender.direktion"], server, "Tønder", to, TEXT, "x")
    wrong = dataclasses.replace(server, password="forkert")
    with pytest.raises(MailError, match="blev ikke sendt"):
        send_reminder(engine, sender, wrong, "Tønder", to, TEXT, "x")
    assert read_events(engine, kinds=(REMINDER_SENT,)).is_empty()

    send_reminder(engine, sender, server, "Tønder", to, TEXT, "skabelonen mangler")

    (login,), (envelope,) = inbox.logins, inbox.envelopes
    assert login.login == b"kk"  # logged in as the URL says
    assert envelope.rcpt_tos == ["pg@toender.dk"]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == TEXT.splitlines()[0].removeprefix("Emne: ")
    assert mail["From"] == "screening@haderslev.dk"
    assert mail.get_body().get_content().startswith("Kære kolleger i Tønder Kommune")
    (logged,) = read_events(engine, kinds=(REMINDER_SENT,)).iter_rows(named=True)
    assert logged["user_name"] == "Karen Holm" and logged["municipality"] == "Tønder"
    assert logged["new_value"] == "pg@toender.dk" and logged["reason"] == "skabelonen mangler"
    assert logged["recorded_at"]

    # A second click (or a colleague's at the same moment) sends nothing more.
    with pytest.raises(MailError, match="fik en påmindelse fra Karen Holm for"):
        send_reminder(engine, users["soenderborg.projektgruppe"], server, "Tønder", to, TEXT, "x")
    assert len(inbox.envelopes) == 1
    assert read_events(engine, kinds=(REMINDER_SENT,)).height == 1


def test_the_server_address_is_read_or_explained() -> None:
    assert smtp_server("") is None
    starttls = smtp_server("smtp://u:p%40ss@mail.kommune.dk:587?starttls=true&from=a%40b.dk")
    assert (starttls.host, starttls.port, starttls.starttls, starttls.password) == (
        "mail.kommune.dk",
        587,
        True,
        "p@ss",
    )
    assert smtp_server("smtps://mail.kommune.dk?from=a@b.dk").port == 465
    with pytest.raises(MailError, match="mangler afsenderen"):
        smtp_server("smtp://mail.kommune.dk")
    with pytest.raises(MailError, match="skal være en adresse"):
        smtp_server("http://mail.kommune.dk")
