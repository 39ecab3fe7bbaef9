"""HR's daily digest: what is new in the queue and what is overdue, as plain text or e-mail.

``python -m bot hr digest`` prints it; ``--email`` sends it through the mail server named by
``SMTP_HOST`` / ``SMTP_PORT`` (login with ``SMTP_USER`` / ``SMTP_PASSWORD`` when set, STARTTLS
with ``SMTP_STARTTLS=true``) from ``HR_DIGEST_FROM`` to ``HR_DIGEST_TO`` (comma separated).
Sending uses the standard library (``smtplib``, ``email.message``): no extra dependency.
Meant for a daily cron job; the digest covers the last ``since_hours`` (24).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.config import env_flag, env_value
from bot.hr.queue import DEFAULT_OVERDUE_HOURS, QueueEntry, open_queue, queue_entry, queue_line_question
from bot.hr.tickets import ticket_from_row
from bot.storage.models import HrTicket

DEFAULT_SINCE_HOURS = 24
SMTP_TIMEOUT_SECONDS = 30.0


class DigestError(RuntimeError):
    """The digest cannot be sent: mail not configured, or the server refused (message says why)."""


def _line(entry: QueueEntry) -> str:
    ticket = entry.ticket
    return (
        f"  #{ticket.id:<5} {entry.age_text:<8} {entry.owner:<16} {ticket.status:<12} "
        f"{queue_line_question(ticket)}"
    )


def build_digest(
    connection: Connection | Session,
    now: datetime | None = None,
    since_hours: int = DEFAULT_SINCE_HOURS,
    overdue_hours: int = DEFAULT_OVERDUE_HOURS,
) -> str:
    """The digest as plain text. Its first line is a summary (the e-mail's subject):
    tickets opened in the last ``since_hours``, the overdue ones, and the queue's counts."""
    if since_hours < 1:
        raise ValueError(f"since_hours must be at least 1, not {since_hours}")
    moment = now or datetime.now(timezone.utc)
    since = moment - timedelta(hours=since_hours)
    table = HrTicket.__table__
    rows = connection.execute(
        select(table).where(table.c.created_at >= since).order_by(table.c.created_at, table.c.id)
    ).all()
    new = [queue_entry(ticket_from_row(row), moment, overdue_hours) for row in rows]
    queue = open_queue(connection, moment, overdue_hours)
    overdue = [entry for entry in queue if entry.overdue]
    resolved = int(connection.execute(select(func.count()).where(table.c.resolved_at >= since)).scalar_one())
    in_progress = sum(1 for entry in queue if entry.ticket.status == "in_progress")
    unassigned = sum(1 for entry in queue if entry.ticket.assigned_to is None)

    lines = [
        f"HR digest, {moment.strftime('%Y-%m-%d %H:%M')} UTC: {len(new)} new, {len(overdue)} overdue, "
        f"{len(queue)} in the queue",
        "",
        f"In the queue: {len(queue)} ticket{'' if len(queue) == 1 else 's'} not resolved "
        f"({in_progress} in progress, {unassigned} unassigned); overdue after {overdue_hours} h.",
        f"Resolved in the last {since_hours} h: {resolved}.",
        "",
        f"New in the last {since_hours} h ({len(new)}):",
        *([_line(entry) for entry in new] or ["  none"]),
        "",
        f"Overdue, waiting {overdue_hours} h or longer ({len(overdue)}):",
        *([_line(entry) for entry in overdue] or ["  none"]),
        "",
        "Columns: number, waiting for, owner, status, question. "
        "Work on them on the HR page or with `python -m bot hr queue`.",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SmtpSettings:
    """Where the digest e-mail goes and through which server."""

    host: str
    sender: str
    recipients: tuple[str, ...]
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings:
        """The settings from the environment; ``DigestError`` saying what is missing."""
        host = env_value("SMTP_HOST", env)
        sender = env_value("HR_DIGEST_FROM", env)
        recipients = tuple(
            address.strip()
            for address in (env_value("HR_DIGEST_TO", env) or "").split(",")
            if address.strip()
        )
        missing = [
            name
            for name, value in (("SMTP_HOST", host), ("HR_DIGEST_FROM", sender), ("HR_DIGEST_TO", recipients))
            if not value
        ]
        if missing or host is None or sender is None:
            raise DigestError(f"e-mail is not configured: set {', '.join(missing)} (see docs/hr.md)")
        port_text = env_value("SMTP_PORT", env) or "25"
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise DigestError(f"SMTP_PORT must be a port number (1-65535), got {port_text!r}")
        user = env_value("SMTP_USER", env)
        password = env_value("SMTP_PASSWORD", env)
        if user and not password:
            raise DigestError("SMTP_USER is set but SMTP_PASSWORD is not")
        return cls(
            host=host,
            sender=sender,
            recipients=recipients,
            port=int(port_text),
            user=user,
            password=password,
            starttls=env_flag("SMTP_STARTTLS", env),
        )


def digest_message(text: str, settings: SmtpSettings) -> EmailMessage:
    """The digest as an e-mail: the first line is the subject, the whole text the body."""
    message = EmailMessage()
    message["Subject"] = text.split("\n", 1)[0]
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message.set_content(text)
    return message


def send_digest(text: str, settings: SmtpSettings, timeout: float = SMTP_TIMEOUT_SECONDS) -> tuple[str, ...]:
    """Send the digest; returns the recipients. ``DigestError`` when the server cannot be
    reached or refuses (the password is never part of the message)."""
    message = digest_message(text, settings)
    where = f"{settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as server:
            if settings.starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.user:
                server.login(settings.user, settings.password or "")
            refused = server.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise DigestError(f"the mail server {where} refused the login of SMTP_USER") from None
    except (smtplib.SMTPException, OSError) as error:
        raise DigestError(f"cannot send the digest through {where}: {error}") from None
    if refused:
        raise DigestError(
            f"the digest was sent, but the mail server {where} refused these recipients: "
            f"{', '.join(sorted(refused))}"
        )
    return settings.recipients
