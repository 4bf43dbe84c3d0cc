"""A real SMTP server for the reminder tests: aiosmtpd on 127.0.0.1 at a free port, keeping
every mail it receives and who logged in to send it. No mock: the product's sender talks SMTP
to it as to a municipality's mail server."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller

from screening.config import CONFIG_DIR

# The address the reminder tests give Sønderborg's project group.
SØNDERBORG_CONTACT = "projektgruppe@sonderborg.dk"


def users_with_a_contact(folder: Path) -> Path:
    """config/users.toml with Sønderborg's project group given a contact address («email»),
    written into ``folder``; point ``SCREENING_USERS`` at the path returned."""
    users = (CONFIG_DIR / "users.toml").read_text(encoding="utf-8")
    written = users.replace(
        'id = "soenderborg.projektgruppe"',
        f'id = "soenderborg.projektgruppe"\nemail = "{SØNDERBORG_CONTACT}"',
    )
    assert written != users, "Sønderborg's project group is no longer in config/users.toml"
    path = folder / "users.toml"
    path.write_text(written, encoding="utf-8")
    return path


class Inbox:
    """What the mail server received: each envelope, and the login it came with (or None)."""

    def __init__(self) -> None:
        self.envelopes: list = []
        self.logins: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        self.logins.append(session.auth_data)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def mail_server(authenticator: Callable | None = None) -> Iterator[tuple[Inbox, int]]:
    """A running server and its port; with ``authenticator``, a login is offered without TLS
    (a test server on 127.0.0.1; production uses STARTTLS or smtps)."""
    inbox, port = Inbox(), free_port()
    options = {"authenticator": authenticator, "auth_require_tls": False} if authenticator else {}
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
