"""HR's daily digest (bot/hr/digest.py): what is new and overdue, and a real SMTP round trip
through a local aiosmtpd server on 127.0.0.1 (tests/kit/smtp.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.hr import queue, tickets
from bot.hr.digest import DigestError, SmtpSettings, build_digest, digest_message, send_digest
from tests.kit.smtp import free_port, local_smtp_server

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def busy_queue(sqlite_catalog_engine):  # type: ignore[no-untyped-def]
    """Two tickets from today, one overdue and assigned, one old and answered yesterday."""
    with sqlite_catalog_engine.begin() as connection:
        stale = tickets.create_ticket(
            connection, "u1", "Is overtime paid\nfor training days?", now=NOW - timedelta(days=3)
        )
        queue.assign(connection, stale.id, "Dana")
        queue.set_status(connection, stale.id, "in_progress")
        old = tickets.create_ticket(connection, "u2", "Old question", now=NOW - timedelta(days=5))
        tickets.resolve_ticket(connection, old.id, "Answered.", now=NOW - timedelta(hours=20))
        tickets.create_ticket(connection, "u3", "Can I switch to part time?", now=NOW - timedelta(hours=3))
        fresh = tickets.create_ticket(
            connection, "u4", "Who approves a course?", now=NOW - timedelta(minutes=20)
        )
        queue.assign(connection, fresh.id, "Lee")
    return sqlite_catalog_engine


def test_the_digest_lists_what_is_new_and_what_is_overdue(busy_queue) -> None:
    with busy_queue.connect() as connection:
        text = build_digest(connection, now=NOW, overdue_hours=48)
    lines = text.splitlines()
    assert lines[0] == "HR digest, 2026-03-05 09:00 UTC: 2 new, 1 overdue, 3 in the queue"
    assert "In the queue: 3 tickets not resolved (1 in progress, 1 unassigned); overdue after 48 h." in lines
    assert "Resolved in the last 24 h: 1." in lines
    new = lines[lines.index("New in the last 24 h (2):") + 1 : lines.index("New in the last 24 h (2):") + 3]
    assert new[0].split() == [
        "#3",
        "3",
        "h",
        "unassigned",
        "open",
        "Can",
        "I",
        "switch",
        "to",
        "part",
        "time?",
    ]
    assert new[1].split()[:5] == ["#4", "20", "min", "Lee", "open"]
    overdue = lines[lines.index("Overdue, waiting 48 h or longer (1):") + 1]
    # the question on one line, whatever the user typed
    assert overdue.split() == [
        "#1",
        "3",
        "days",
        "Dana",
        "in_progress",
        "Is",
        "overtime",
        "paid",
        "for",
        "training",
        "days?",
    ]
    assert "Old question" not in text  # resolved and older than a day


def test_the_window_and_threshold_are_parameters_and_an_empty_queue_says_none(
    busy_queue, sqlite_catalog_engine
) -> None:
    with busy_queue.connect() as connection:
        text = build_digest(connection, now=NOW, since_hours=1, overdue_hours=2)
    assert text.splitlines()[0] == "HR digest, 2026-03-05 09:00 UTC: 1 new, 2 overdue, 3 in the queue"
    with busy_queue.begin() as connection:
        for ticket in tickets.list_tickets(connection, "open"):
            tickets.resolve_ticket(connection, ticket.id, "Done.", now=NOW)
        text = build_digest(connection, now=NOW + timedelta(days=2))
    assert text.count("  none") == 2 and "0 new, 0 overdue, 0 in the queue" in text
    with pytest.raises(ValueError, match="since_hours"), busy_queue.connect() as connection:
        build_digest(connection, now=NOW, since_hours=0)


SMTP_ENV = {
    "SMTP_HOST": "127.0.0.1",
    "HR_DIGEST_FROM": "careerbot@example.org",
    "HR_DIGEST_TO": "hr@example.org",
}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "not configured: set SMTP_HOST, HR_DIGEST_FROM, HR_DIGEST_TO"),
        ({**SMTP_ENV, "HR_DIGEST_TO": " , "}, "not configured: set HR_DIGEST_TO"),
        ({**SMTP_ENV, "SMTP_PORT": "smtp"}, "SMTP_PORT must be a port number"),
        ({**SMTP_ENV, "SMTP_PORT": "70000"}, "SMTP_PORT must be a port number"),
        ({**SMTP_ENV, "SMTP_USER": "bot"}, "SMTP_PASSWORD is not"),
    ],
)
def test_settings_from_the_environment_say_what_is_missing(env: dict[str, str], message: str) -> None:
    with pytest.raises(DigestError, match=message):
        SmtpSettings.from_env(env)


def test_settings_defaults_and_recipients() -> None:
    settings = SmtpSettings.from_env({**SMTP_ENV, "HR_DIGEST_TO": "a@example.org, b@example.org,"})
    assert (settings.port, settings.starttls, settings.user) == (25, False, None)
    assert settings.recipients == ("a@example.org", "b@example.org")
    assert SmtpSettings.from_env({**SMTP_ENV, "SMTP_STARTTLS": "true", "SMTP_PORT": "587"}).starttls


def test_the_digest_goes_through_a_real_smtp_server(busy_queue) -> None:
    with busy_queue.connect() as connection:
        text = build_digest(connection, now=NOW)
    with local_smtp_server() as server:
        settings = SmtpSettings.from_env(
            {**SMTP_ENV, "SMTP_PORT": str(server.port), "HR_DIGEST_TO": "hr@example.org, lead@example.org"}
        )
        assert send_digest(text, settings) == ("hr@example.org", "lead@example.org")
    [received] = server.received
    assert received.mail_from == "careerbot@example.org"
    assert received.rcpt_tos == ["hr@example.org", "lead@example.org"]
    assert received.message["Subject"] == "HR digest, 2026-03-05 09:00 UTC: 2 new, 1 overdue, 3 in the queue"
    assert received.message["From"] == "careerbot@example.org"
    assert received.message.get_content().replace("\r\n", "\n") == text  # SMTP sends CRLF line ends


# a local test server: AUTH without TLS is what it is meant to allow
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")
def test_the_digest_logs_in_when_the_server_asks() -> None:
    with local_smtp_server(login=("digest", "s3cret")) as server:
        env = {**SMTP_ENV, "SMTP_PORT": str(server.port), "SMTP_USER": "digest"}
        send_digest("HR digest\n", SmtpSettings.from_env({**env, "SMTP_PASSWORD": "s3cret"}))
        with pytest.raises(DigestError, match="refused the login") as refused:
            send_digest("HR digest\n", SmtpSettings.from_env({**env, "SMTP_PASSWORD": "wrong-password"}))
        assert "wrong-password" not in str(refused.value)
        without_login = SmtpSettings.from_env({**SMTP_ENV, "SMTP_PORT": str(server.port)})
        with pytest.raises(DigestError, match="cannot send the digest"):
            send_digest("HR digest\n", without_login)
    assert [r.message["Subject"] for r in server.received] == ["HR digest"]


def test_an_unreachable_server_is_a_digest_error() -> None:
    settings = SmtpSettings.from_env({**SMTP_ENV, "SMTP_PORT": str(free_port())})  # nothing listens there
    with pytest.raises(DigestError, match=f"cannot send the digest through 127.0.0.1:{settings.port}"):
        send_digest("HR digest\n", settings, timeout=5)


def test_the_message_uses_the_first_line_as_subject() -> None:
    message = digest_message("Subject line\n\nBody", SmtpSettings.from_env(SMTP_ENV))
    assert message["Subject"] == "Subject line" and message["To"] == "hr@example.org"
    assert message["Message-ID"].endswith("@example.org>")
