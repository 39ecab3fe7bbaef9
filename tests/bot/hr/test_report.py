"""The HR report on databases filled by a scripted set of conversations (both back-ends).

Conversations are stored by Rasa's own ``SQLTrackerStore`` (the real ``events`` schema);
advice records, tickets, feedback and unanswered messages through ``bot.hr``. Every figure
of the report is asserted, then the HTML (escaping, masking, charts) and the CLI.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from click.testing import CliRunner
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.cli import main
from bot.hr import advice_log, feedback, tickets, unanswered
from bot.hr.report import build_report, render_html

DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
DAY2 = DAY1 + timedelta(days=1)


def user(text_: str, intent: str, at: datetime, topic: str | None = None) -> UserUttered:
    parse_data: dict[str, Any] = {
        "text": text_,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [],
    }
    if topic:
        parse_data["intent"]["full_retrieval_intent_name"] = f"faq/{topic}"
        parse_data["response_selector"] = {
            "faq": {"response": {"intent_response_key": f"faq/{topic}", "confidence": 0.8}}
        }
    return UserUttered(
        text_, parse_data["intent"], [], parse_data, timestamp=at.timestamp(), input_channel="rest"
    )


def session(at: datetime) -> list[Any]:
    return [
        ActionExecuted("action_session_start", timestamp=at.timestamp()),
        SessionStarted(timestamp=at.timestamp()),
        ActionExecuted("action_listen", timestamp=at.timestamp()),
    ]


def minutes(start: datetime, n: int) -> datetime:
    return start + timedelta(minutes=n)


CONVERSATIONS: dict[str, list[Any]] = {
    "alice": [
        *session(DAY1),
        user("hi", "greet", minutes(DAY1, 1)),
        BotUttered("Hi!", timestamp=minutes(DAY1, 1).timestamp()),
        user("what does reskilling cost?", "faq", minutes(DAY1, 2), "cost"),
        user("what's the weather in Oslo?", "out_of_scope", minutes(DAY1, 3)),
        user("/feedback_helpful", "feedback_helpful", minutes(DAY1, 4)),
        *session(DAY2),
        user("hello again", "greet", minutes(DAY2, 1)),
    ],
    "bob": [
        *session(DAY1),
        user("blah blah cat badge", "nlu_fallback", minutes(DAY1, 10)),
        user("how long does a bootcamp take", "faq", minutes(DAY1, 11), "duration"),
        user("and how much is it", "faq", minutes(DAY1, 12), "cost"),
    ],
    "carol": [
        *session(DAY2),
        user("I want career advice", "start_advice", minutes(DAY2, 5)),
        user("is my dog allowed at work", "nlu_fallback", minutes(DAY2, 6)),
    ],
}


def store_conversations(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        store = SQLTrackerStore(dialect="sqlite", db=parsed.database)
    else:
        store = SQLTrackerStore(
            dialect="postgresql",
            host=parsed.host,
            port=parsed.port or 5432,
            username=parsed.username,
            password=parsed.password,
            db=parsed.database,
        )
        with store.session_scope() as scope:
            scope.execute(text("DELETE FROM events"))
            scope.commit()
    for sender, events in CONVERSATIONS.items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()


def fill_app_tables(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        no_course = {"skill": "Storytelling", "reason": "no_course"}
        advice_log.record_advice(
            connection,
            "alice",
            path="reskill",
            current_role="Accountant",
            target_role="Data Analyst",
            missing_skills=["SQL", "Python"],
            uncovered_skills=[no_course],
        )
        advice_log.record_advice(
            connection, "bob", path="upskill", current_role="Nurse", missing_skills=["Leadership"]
        )
        advice_log.record_advice(
            connection,
            "carol",
            path="reskill",
            current_role="Accountant",
            target_role="Data Analyst",
            missing_skills=["SQL"],
            uncovered_skills=[no_course, {"skill": "Tableau", "reason": "budget"}],
        )
        first = tickets.create_ticket(connection, "alice", "pay question", reason="declined", now=DAY1)
        second = tickets.create_ticket(connection, "bob", "cat badge?", reason="fallback", now=DAY1)
        tickets.create_ticket(connection, "carol", "talk to someone", reason="requested", now=DAY2)
        tickets.resolve_ticket(connection, first.id, "Answer 1", now=DAY1 + timedelta(hours=2))
        tickets.resolve_ticket(connection, second.id, "Answer 2", now=DAY1 + timedelta(hours=4))
        for helpful in (True, True, False):
            feedback.record_feedback(connection, "alice", helpful, subject="faq", topic="cost")
        feedback.record_feedback(connection, "carol", True, subject="advice", topic="reskill")
        for sender, message, kind in [
            ("alice", "what's the weather in Oslo?", "out_of_scope"),
            ("bob", "what is the weather in Oslo today", "out_of_scope"),
            ("carol", "is my dog allowed at work", "fallback"),
            ("carol", "<script>alert(1)</script> call me on 555-123-4567", "fallback"),
        ]:
            unanswered.record_unanswered(connection, sender, message, kind=kind)


@pytest.fixture
def filled(catalog_engine):  # type: ignore[no-untyped-def]
    url = catalog_engine.url.render_as_string(hide_password=False)
    store_conversations(url)
    fill_app_tables(catalog_engine)
    yield catalog_engine
    # The PostgreSQL database is shared by the session: leave no Rasa table behind
    # (tests/bot/storage/test_migrations.py compares the schema with the models).
    with catalog_engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS events"))


def test_report_figures(filled) -> None:
    report = build_report(filled, filled, now=DAY2 + timedelta(days=1))

    assert report.tracker_available
    assert report.conversations == 4 and report.users == 3
    assert {d.isoformat(): n for d, n in report.conversations_per_day.items()} == {
        "2026-03-02": 2,
        "2026-03-03": 2,
    }
    assert {d.isoformat(): n for d, n in report.users_per_day.items()} == {"2026-03-02": 2, "2026-03-03": 2}
    assert report.user_messages == 9  # button payloads are not typed messages
    assert report.fallback_messages == 2 and report.fallback_rate == pytest.approx(2 / 9)
    assert report.out_of_scope_messages == 1 and report.out_of_scope_rate == pytest.approx(1 / 9)
    assert report.faq_topics == [("cost", 2), ("duration", 1)]
    assert report.advice_count == 3
    assert report.paths == {"upskill": 1, "reskill": 2, "both": 0}
    assert report.current_roles == [("Accountant", 2), ("Nurse", 1)]
    assert report.target_roles == [("Data Analyst", 2)]
    assert report.missing_skills == [("SQL", 2), ("Leadership", 1), ("Python", 1)]
    assert report.no_course_skills == [("Storytelling", 2)]
    assert report.tickets.total == 3 and report.tickets.open == 1 and report.tickets.resolved == 2
    assert report.tickets.by_reason == {"requested": 1, "fallback": 1, "declined": 1}
    assert report.tickets.median_hours_to_resolve == 3.0 and report.tickets.mean_hours_to_resolve == 3.0
    assert (report.feedback["faq"].helpful, report.feedback["faq"].not_helpful) == (2, 1)
    assert report.feedback["all"].share_helpful == pytest.approx(0.75)
    assert "weather in Oslo" in report.unanswered_groups[0][0] and report.unanswered_groups[0][1] == 2
    assert sorted(count for _, count in report.unanswered_groups) == [1, 1, 2]

    since = build_report(filled, filled, since=DAY2)
    assert since.conversations == 2 and since.users == 2 and since.user_messages == 3


def test_report_html_escapes_masks_and_has_charts(filled) -> None:
    html = render_html(build_report(filled, filled))

    assert html.startswith("<!doctype html>")
    assert html.count('src="data:image/svg+xml;base64,') >= 7
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "555-123-4567" not in html and "[phone]" in html
    assert '<div class="tile" id="conversations"><b>4</b>' in html
    assert '<div class="tile" id="fallback-rate"><b>22.2%</b>' in html
    assert "<td>Storytelling</td><td>2</td>" in html


def test_report_without_a_tracker_store(sqlite_catalog_engine) -> None:
    report = build_report(sqlite_catalog_engine, None)
    assert not report.tracker_available and report.conversations == 0 and report.fallback_rate is None
    assert "No conversations yet." in render_html(report)


def test_report_cli(filled, tmp_path) -> None:
    url = filled.url.render_as_string(hide_password=False)
    out, figures = tmp_path / "report.html", tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["hr", "--db", url, "report", "--out", str(out), "--tracker-db", url, "--json", str(figures)]
    )
    assert result.exit_code == 0, result.output
    assert "4 conversations, 3 users, 3 pieces of advice, 3 hand-offs" in result.output
    assert "Conversations and users per day" in out.read_text(encoding="utf-8")
    assert json.loads(figures.read_text(encoding="utf-8"))["paths"] == {"upskill": 1, "reskill": 2, "both": 0}


def test_report_cli_bad_output_path(filled, tmp_path) -> None:
    url = filled.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        main,
        ["hr", "--db", url, "report", "--out", str(tmp_path / "missing" / "r.html"), "--tracker-db", url],
    )
    assert result.exit_code == 1 and "cannot write the report" in result.output
