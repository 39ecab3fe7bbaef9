"""A real SMTP server on 127.0.0.1 for the HR digest's tests (aiosmtpd, a test-only dependency).

``local_smtp_server()`` starts it on a free port in a thread and stops it afterwards; every
message it accepts is kept (envelope sender, recipients, the parsed e-mail). With ``login``
it requires that user name and password (AUTH over the plain connection, as a local relay
would allow).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class LocalSmtpServer:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def local_smtp_server(login: tuple[str, str] | None = None) -> Iterator[LocalSmtpServer]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    server = LocalSmtpServer("127.0.0.1", free_port())

    class Handler:
        async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:
            parsed = message_from_bytes(envelope.original_content, policy=policy.default)
            server.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
            return "250 OK"

    def authenticate(smtp: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        given = (auth_data.login.decode(), auth_data.password.decode())
        return AuthResult(success=login is not None and given == login, handled=False)

    options: dict[str, Any] = {}
    if login is not None:
        options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}
    controller = Controller(Handler(), hostname=server.host, port=server.port, **options)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
