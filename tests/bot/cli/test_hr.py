"""`python -m bot hr ...`: tickets, show, resolve, unanswered (grouped), export-faq; bad input."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from bot.hr import tickets, unanswered


@pytest.fixture
def db(sqlite_catalog_engine) -> str:  # type: ignore[no-untyped-def]
    with sqlite_catalog_engine.begin() as connection:
        tickets.create_ticket(
            connection, "u1", "Is overtime paid?", reason="declined", channel="rest",
            transcript=[{"speaker": "user", "text": "Is overtime paid?"}], profile={"current_role": "Nurse"},
            contact="jane@example.com", contact_email="jane@example.com",
        )  # fmt: skip
        tickets.create_ticket(connection, "u2", "Can I talk to someone about my career?", channel="socketio")
        for text in (
            "what's the weather today",
            "what is the weather like",
            "call me at 555-123-4567 about leave",
        ):
            unanswered.record_unanswered(
                connection, "u3", text, kind="fallback", top_intents=[{"name": "faq", "confidence": 0.4}]
            )
    return str(sqlite_catalog_engine.url)


def hr(db: str, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["hr", "--db", db, *args])


def test_tickets_show_resolve(db: str) -> None:
    listing = hr(db, "tickets")
    assert listing.exit_code == 0 and "#1" in listing.output and "Is overtime paid?" in listing.output
    shown = hr(db, "show", "1")
    assert "Contact: jane@example.com" in shown.output and "current role: Nurse" in shown.output
    assert "E-mail: jane@example.com" in shown.output and "Phone:" not in shown.output
    assert "user: Is overtime paid?" in shown.output
    resolved = hr(db, "resolve", "1", "--answer", "Yes, at 1.5x.", "--by", "Sam")
    assert resolved.exit_code == 0 and "Ticket #1 resolved" in resolved.output
    assert "#1" not in hr(db, "tickets").output
    payload = json.loads(hr(db, "show", "1", "--json").output)
    assert (
        payload["status"] == "resolved"
        and payload["answer"] == "Yes, at 1.5x."
        and payload["resolved_by"] == "Sam"
    )
    assert [t["id"] for t in json.loads(hr(db, "tickets", "--status", "all", "--json").output)] == [2, 1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "99"], "there is no ticket 99"),
        (["resolve", "99", "--answer", "x"], "there is no ticket 99"),
        (["resolve", "1", "--answer", "   "], "must not be empty"),
        (["export-faq", "1", "--topic", "Bad Topic"], "topic must be"),
        (["export-faq", "1", "77", "--topic", "leave"], "no unanswered message with id 77"),
    ],
)
def test_bad_input_exits_1_with_a_message(db: str, args: list[str], message: str) -> None:
    result = hr(db, *args)
    assert result.exit_code == 1 and message in result.output


@pytest.mark.parametrize(
    "args",
    [["show", "abc"], ["resolve", "1"], ["tickets", "--status", "closed"], ["export-faq", "--topic", "x"]],
)
def test_usage_errors_exit_2(db: str, args: list[str]) -> None:
    assert hr(db, *args).exit_code == 2


def test_uninitialised_database_exits_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = hr(f"sqlite:///{tmp_path / 'empty.db'}", "tickets")
    assert result.exit_code == 2 and "not initialised" in result.output


def test_unanswered_masked_and_grouped(db: str) -> None:
    flat = hr(db, "unanswered")
    assert flat.exit_code == 0 and "555-123-4567" not in flat.output and "[phone]" in flat.output
    groups = json.loads(hr(db, "unanswered", "--group", "--off-topic", "--json").output)
    assert sorted(sorted(group["ids"]) for group in groups) == [[1, 2], [3]]


def test_unanswered_leaves_off_topic_requests_out_by_default(db: str) -> None:
    """The weather questions are noise, not gaps HR should fill; the count says they were left out."""
    groups = json.loads(hr(db, "unanswered", "--group", "--json").output)
    assert [group["ids"] for group in groups] == [[3]]
    flat = hr(db, "unanswered")
    assert "weather" not in flat.stdout and "2 off-topic requests left out" in flat.stderr


def test_export_faq_writes_rasa_yaml_and_marks_exported(db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    printed = hr(db, "export-faq", "3", "--topic", "leave", "--dry-run")
    assert yaml.safe_load(printed.output)["nlu"][0] == {
        "intent": "faq/leave",
        "examples": "- call me at [phone] about leave\n",
    }
    assert "#3" in hr(db, "unanswered").output  # dry run: still in the queue
    out = tmp_path / "faq_weather.yml"
    result = hr(db, "export-faq", "1", "2", "--topic", "weather", "--out", str(out))
    assert result.exit_code == 0
    assert yaml.safe_load(out.read_text())["nlu"][0]["intent"] == "faq/weather"
    remaining = hr(db, "unanswered").output
    assert "#1 " not in remaining and "#3" in remaining


# --- the queue by age and owner, assignment, statuses, the digest -------------------------------


def test_queue_assign_status_and_the_history_in_show(db: str) -> None:
    listing = hr(db, "queue")
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    assert lines[0].split() == ["#", "age", "!", "status", "owner", "question"]
    assert lines[1].startswith("#1") and "unassigned" in lines[1] and "Is overtime paid?" in lines[1]
    assert lines[-1] == "2 waiting, 0 overdue (! = waiting 48 h or longer)."
    assigned = hr(db, "assign", "1", "Dana Smith", "--by", "Sam")
    assert assigned.exit_code == 0 and assigned.output == "Ticket #1 is assigned to Dana Smith.\n"
    moved = hr(db, "status", "1", "in_progress")
    assert moved.exit_code == 0 and moved.output == "Ticket #1 is in progress.\n"
    [first, second] = json.loads(hr(db, "queue", "--json").output)
    assert (first["id"], first["assigned_to"], first["status"], first["overdue"]) == (
        1,
        "Dana Smith",
        "in_progress",
        False,
    )
    assert second["assigned_to"] is None and second["age"] == "0 min"
    # tickets opened a moment ago are not overdue even at a 1-hour threshold
    assert "! in_progress" not in hr(db, "queue", "--overdue-hours", "1").output
    assert [t["id"] for t in json.loads(hr(db, "queue", "--owner", "dana smith", "--json").output)] == [1]
    assert hr(db, "queue", "--owner", "Lee").output == "No open tickets assigned to Lee.\n"
    shown = hr(db, "show", "1").output
    assert "Owner: Dana Smith" in shown
    history = shown.split("History:\n", 1)[1].splitlines()
    assert [line.strip().split("  ", 1)[1] for line in history] == [
        "opened: declined",
        "assigned: Dana Smith (by Sam)",
        "status: open -> in_progress",
    ]
    payload = json.loads(hr(db, "show", "1", "--json").output)
    assert [event["kind"] for event in payload["events"]] == ["created", "assigned", "status"]
    hr(db, "resolve", "1", "--answer", "Yes.")
    assert "#1 " not in hr(db, "queue").output


def test_the_queue_marks_what_is_overdue(db: str, sqlite_catalog_engine) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta, timezone

    with sqlite_catalog_engine.begin() as connection:
        tickets.create_ticket(
            connection, "u9", "Old one", now=datetime.now(timezone.utc) - timedelta(hours=50)
        )
    lines = hr(db, "queue").output.splitlines()
    assert lines[1].split()[:5] == ["#3", "2", "days", "!", "open"] and "Old one" in lines[1]
    assert lines[-1] == "3 waiting, 1 overdue (! = waiting 48 h or longer)."
    assert "0 overdue" in hr(db, "queue", "--overdue-hours", "51").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assign", "99", "Dana"], "there is no ticket 99"),
        (["assign", "1", "  "], "give the name of the HR person"),
        (["assign", "1", "x" * 101], "at most 100"),
        (["status", "1", "closed"], "status must be one of open, in_progress"),
        (["status", "1", "resolved"], "resolved with its answer"),
        (["status", "99", "open"], "there is no ticket 99"),
    ],
)
def test_queue_bad_input_exits_1_with_a_message(db: str, args: list[str], message: str) -> None:
    result = hr(db, *args)
    assert result.exit_code == 1 and message in result.output


def test_a_bad_overdue_threshold_is_refused(db: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert hr(db, "queue", "--overdue-hours", "0").exit_code == 2  # click: out of range
    monkeypatch.setenv("HR_OVERDUE_HOURS", "two days")
    result = hr(db, "queue")
    assert result.exit_code == 1 and "HR_OVERDUE_HOURS must be a whole number" in result.output
    monkeypatch.setenv("HR_OVERDUE_HOURS", "1")
    assert "overdue after 1 h" in hr(db, "digest").output


def test_digest_prints_and_emails(db: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.kit.smtp import free_port, local_smtp_server

    printed = hr(db, "digest")
    assert printed.exit_code == 0 and printed.output.startswith("HR digest, ")
    assert ": 2 new, 0 overdue, 2 in the queue\n" in printed.output and "Is overtime paid?" in printed.output
    for name in ("SMTP_HOST", "SMTP_PORT", "HR_DIGEST_FROM", "HR_DIGEST_TO", "SMTP_USER", "SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    result = hr(db, "digest", "--email")
    assert result.exit_code == 2 and "e-mail is not configured: set SMTP_HOST" in result.output
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HR_DIGEST_FROM", "careerbot@example.org")
    monkeypatch.setenv("HR_DIGEST_TO", "hr@example.org,lead@example.org")
    with local_smtp_server() as server:
        monkeypatch.setenv("SMTP_PORT", str(server.port))
        sent = hr(db, "digest", "--email")
    assert sent.exit_code == 0, sent.output
    assert (
        sent.output == f"Digest sent to hr@example.org, lead@example.org through 127.0.0.1:{server.port}.\n"
    )
    [received] = server.received
    assert received.message["Subject"].endswith(": 2 new, 0 overdue, 2 in the queue")
    assert "Can I talk to someone about my career?" in received.message.get_content()
    monkeypatch.setenv("SMTP_PORT", str(free_port()))  # nobody listens: unreachable
    unreachable = hr(db, "digest", "--email")
    assert unreachable.exit_code == 2 and "cannot send the digest through 127.0.0.1:" in unreachable.output


def test_draft_faq_from_unanswered_and_from_a_ticket(db: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot.hr import faq_drafts

    review = tmp_path / "review"
    monkeypatch.setenv("FAQ_REVIEW_DIR", str(review))
    monkeypatch.setattr(  # the real validator runs in tests/bot/hr/test_faq_drafts.py
        faq_drafts, "validate", lambda target: faq_drafts.Validation(True, True, "rasa data validate", [])
    )
    result = hr(
        db, "draft-faq", "--topic", "leave_calls", "--answer", "Ask: HR\n- x", "--from-unanswered", "3"
    )
    assert result.exit_code == 1 and "at least 2 different examples" in result.output
    result = hr(
        db, "draft-faq", "--topic", "leave_calls", "--answer", "Ask: HR\n- x", "--from-unanswered", "3",
        "--example", "who do I call about leave?",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "new topic" in result.output
        and "Validation: passed" in result.output
        and "make train" in result.output
    )
    (draft,) = review.iterdir()
    nlu = yaml.safe_load((draft / "nlu.yml").read_text(encoding="utf-8"))
    assert nlu["nlu"][0] == {
        "intent": "faq/leave_calls",
        "examples": "- call me at [phone] about leave\n- who do I call about leave?\n",
    }
    assert yaml.safe_load((draft / "responses.yml").read_text(encoding="utf-8"))["responses"] == {
        "utter_faq/leave_calls": [{"text": "Ask: HR\n- x"}]
    }
    assert "#3" not in hr(db, "unanswered").output  # exported
    assert "is not resolved yet" in hr(db, "draft-faq", "--topic", "overtime", "--from-ticket", "1").output
    hr(db, "resolve", "1", "--answer", "Yes, at 1.5x.")
    extra = ["--example", "do I get paid for overtime"]
    result = hr(db, "draft-faq", "--topic", "overtime", "--from-ticket", "1", *extra)
    assert result.exit_code == 0, result.output
    (ticket_draft,) = [path for path in review.iterdir() if path != draft]
    assert "ticket #1 (CLI)" in (ticket_draft / "README.txt").read_text(encoding="utf-8")
    assert yaml.safe_load((ticket_draft / "responses.yml").read_text(encoding="utf-8"))["responses"] == {
        "utter_faq/overtime": [{"text": "Yes, at 1.5x."}]
    }
    for args, message in [
        (["--topic", "x_y", "--from-ticket", "1", "--from-unanswered", "3"], "either --from-unanswered"),
        (["--topic", "x_y"], "either --from-unanswered"),
        (["--topic", "x_y", "--from-ticket", "99"], "there is no ticket 99"),
        (["--topic", "x_y", "--from-unanswered", "1,x"], "takes message ids (numbers)"),
        (["--topic", "x_y", "--from-unanswered", "77"], "no unanswered message with id 77"),
        (["--topic", "Bad Key", "--from-ticket", "1"], "lowercase snake_case"),
    ]:
        result = hr(db, "draft-faq", *args)
        assert result.exit_code == 1 and message in result.output, (args, result.output)
