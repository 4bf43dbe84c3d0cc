"""A real SMTP server for the reminder tests: aiosmtpd on 127.0.0.1 at a free port, keeping
every mail it receives and who logged in to send it. No mock: the product's sender talks SMTP
to it as to a municipality's mail server."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller


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
