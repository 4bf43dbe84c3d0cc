"""Reminders sent as e-mail through the SMTP server the municipality names, each logged in the
decision log (to whom, why, when).

The server is one address in ``SCREENING_SMTP_URL``, read when a reminder is sent (never at
import): ``smtp://user:password@mail.kommune.dk:587?starttls=true&from=screening@kommune.dk``
(STARTTLS), ``smtps://…:465`` (TLS from the start) or ``smtp://localhost:25`` (no login). The
reminder's text is :func:`screening.rounds.reminder.reminder_text`; its first line («Emne: …»)
becomes the subject.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import Writer, authorise
from screening.decisions.store import read_events
from screening.decisions.users import User
from screening.errors import ScreeningError
from screening.i18n import _

SMTP_URL_ENV = "SCREENING_SMTP_URL"
REMINDER_SENT = "reminder_sent"  # the decision log's kind for a sent reminder
SUBJECT_PREFIX = "Emne: "
# A second click within this many seconds is taken for a double click, not a second reminder.
JUST_SENT_SECONDS = 120
SETUP_TEXT = (
    "Påmindelser kan sendes som e-mail, når administratoren har sat miljøvariablen "
    "SCREENING_SMTP_URL til kommunens mailserver, fx "
    "smtp://bruger:adgangskode@mail.kommune.dk:587?starttls=true&from=screening@kommune.dk. "
    "Indtil da: kopiér teksten ind i en e-mail."
)


class MailError(ScreeningError):
    """The mail server setting is wrong, or the server refused the e-mail (Danish message)."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    tls: bool = False  # smtps: encrypted from the first byte


def smtp_server(url: str | None = None) -> SmtpServer | None:
    """The server ``url`` (default ``SCREENING_SMTP_URL``) names, or None when none is set."""
    url = os.environ.get(SMTP_URL_ENV, "") if url is None else url
    if not url.strip():
        return None
    parts = urlsplit(url.strip())
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailError(
            _(
                "{setting} skal være en adresse som "
                "smtp://mail.kommune.dk:587?starttls=true&from=screening@kommune.dk (eller "
                "smtps://…); den er «{scheme}://…»."
            ).format(setting=SMTP_URL_ENV, scheme=parts.scheme)
        )
    sender = query.get("from") or (unquote(parts.username) if parts.username else "")
    if "@" not in sender:
        raise MailError(
            _(
                "{setting} mangler afsenderen: tilføj ?from=screening@kommune.dk til adressen."
            ).format(setting=SMTP_URL_ENV)
        )
    tls = parts.scheme == "smtps"
    return SmtpServer(
        host=parts.hostname,
        port=parts.port or (465 if tls else 25),
        sender=sender,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        starttls=query.get("starttls", "").lower() in ("1", "true", "ja", "yes"),
        tls=tls,
    )


def recipients(users: dict[str, User], municipality: str) -> list[str]:
    """The municipality's project group's e-mail addresses (``email`` in config/users.toml)."""
    return sorted(
        {
            user.email
            for user in users.values()
            if user.municipality == municipality and user.has("projektgruppe") and user.email
        }
    )


def _message(server: SmtpServer, to: list[str], text: str) -> EmailMessage:
    first, _newline, body = text.partition("\n")
    message = EmailMessage()
    message["Subject"] = first.removeprefix(SUBJECT_PREFIX).strip()
    message["From"] = server.sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=server.sender.split("@")[-1])
    message.set_content(body.lstrip("\n"))
    return message


def deliver(server: SmtpServer, municipality: str, to: list[str], text: str) -> EmailMessage:
    """Hand the reminder ``text`` to the mail server; the message as sent. Raises
    :class:`MailError` (Danish) when there is no address or the server refuses it."""
    if not to:
        raise MailError(
            _(
                "Der er ingen e-mail-adresse til {municipality}s projektgruppe. Skriv den under "
                "«email» i config/users.toml, eller kopiér teksten ind i en e-mail."
            ).format(municipality=municipality)
        )
    message = _message(server, to, text)
    try:
        if server.tls:
            client = smtplib.SMTP_SSL(
                server.host, server.port, context=ssl.create_default_context(), timeout=30
            )
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=30)
        with client:
            if server.starttls:
                client.starttls(context=ssl.create_default_context())
            if server.username and server.password:
                client.login(server.username, server.password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(
            _(
                "Påmindelsen til {municipality} blev ikke sendt: mailserveren {host} svarede "
                "«{error}». Prøv igen senere, eller kopiér teksten ind i en e-mail."
            ).format(municipality=municipality, host=server.host, error=error)
        ) from error
    return message


def log_sent(
    engine: sa.Engine,
    writer: Writer,
    message: EmailMessage,
    municipality: str,
    to: list[str],
    why: str,
    key: str | None = None,
) -> dict:
    """The decision log's entry for a sent reminder: to whom, why, when (the entry's time).
    ``key`` names an automatic reminder (its round, municipality, deadline and occasion), so
    it is found again; a reminder sent by hand is named by its Message-ID."""
    return writer.append(
        engine,
        kind=REMINDER_SENT,
        subject=key or message["Message-ID"],
        new_value=", ".join(to),
        municipality=municipality,
        reason=why,
        details={
            "to": to,
            "subject": message["Subject"],
            "why": why,
            "message_id": message["Message-ID"],
        },
    )


def send_reminder(
    engine: sa.Engine,
    user: User,
    server: SmtpServer,
    municipality: str,
    to: list[str],
    text: str,
    why: str,
) -> dict:
    """Send the reminder ``text`` to ``to`` as ``user`` (the project group) and log it: to whom,
    why and when. Nothing is logged when the server refuses it."""
    writer = authorise(user, rights.ROUND_PLAN)
    _not_just_sent(engine, municipality)
    message = deliver(server, municipality, to, text)
    return log_sent(engine, writer, message, municipality, to, why)


def _not_just_sent(engine: sa.Engine, municipality: str) -> None:
    """Refuse a reminder to a municipality that got one moments ago (by anyone): a double click,
    or two colleagues pressing at once, would otherwise send the same mail twice."""
    sent = read_events(engine, kinds=(REMINDER_SENT,))
    sent = sent.filter(sent["municipality"] == municipality)
    if sent.is_empty():
        return
    last = sent.row(-1, named=True)
    ago = datetime.now(UTC) - datetime.fromisoformat(last["recorded_at"])
    if ago.total_seconds() < JUST_SENT_SECONDS:
        raise MailError(
            _(
                "Påmindelsen er ikke sendt igen: {municipality} fik en påmindelse fra "
                "{user_name} for {seconds} sekunder siden. Vent to minutter, hvis den "
                "virkelig skal sendes en gang til."
            ).format(
                municipality=municipality,
                user_name=last["user_name"],
                seconds=max(int(ago.total_seconds()), 1),
            )
        )
