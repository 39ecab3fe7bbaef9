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
            contact="jane@example.com",
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
