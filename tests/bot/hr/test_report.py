"""The HR report on databases filled by a scripted set of conversations (both back-ends).

Conversations are stored by Rasa's own ``SQLTrackerStore`` (the real ``events`` schema);
advice records, tickets, feedback and unanswered messages through ``bot.hr``. Every figure
of the report is asserted, then the HTML (escaping, masking, charts, ``data-figure``), the
CSV and the CLI, and that all three show the same figures.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
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
from bot.hr.figures import csv_safe, format_duration, report_csv, report_rows, report_text
from bot.hr.report import build_report, parse_days, render_html

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
        ActionExecuted("action_log_unanswered", timestamp=minutes(DAY1, 3).timestamp()),
        user("/feedback_helpful", "feedback_helpful", minutes(DAY1, 4)),
        *session(DAY2),
        user("hello again", "greet", minutes(DAY2, 1)),
    ],
    "bob": [
        *session(DAY1),
        user("blah blah cat badge", "nlu_fallback", minutes(DAY1, 10)),
        ActionExecuted("action_log_unanswered", timestamp=minutes(DAY1, 10).timestamp()),
        user("how long does a bootcamp take", "faq", minutes(DAY1, 11), "duration"),
        user("and how much is it", "faq", minutes(DAY1, 12), "cost"),
        # A free-text follow-up to "Was this helpful?" is a message, never a vote.
        user("why?", "ask_why", minutes(DAY1, 13)),
        # Understood as some intent, but no rule knew what to do: the dialogue's fallback.
        user("can I get paid overtime for training?", "affirm", minutes(DAY1, 14)),
        ActionExecuted("action_core_fallback", timestamp=minutes(DAY1, 14).timestamp()),
        # Declined as HR's matter, then logged: one failure, of kind "declined".
        user("what is my salary band", "declined_topic", minutes(DAY1, 15)),
        ActionExecuted("action_log_unanswered", timestamp=minutes(DAY1, 15).timestamp()),
        # A refused career question is a failure, not noise like the weather.
        user("can I do the forklift course on paid time?", "out_of_scope", minutes(DAY1, 16)),
        ActionExecuted("action_log_unanswered", timestamp=minutes(DAY1, 16).timestamp()),
    ],
    "carol": [
        *session(DAY2),
        user("I want career advice", "start_advice", minutes(DAY2, 5)),
        user("is my dog allowed at work", "nlu_fallback", minutes(DAY2, 6)),
        ActionExecuted("action_log_unanswered", timestamp=minutes(DAY2, 6).timestamp()),
        # Unsure to NLU, but the form took it as the answer to its question: answered.
        user("night shift shelf stacker", "nlu_fallback", minutes(DAY2, 7)),
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
        tickets.resolve_ticket(connection, first.id, "Answer 1", now=DAY1 + timedelta(minutes=12))
        tickets.resolve_ticket(connection, second.id, "Answer 2", now=DAY1 + timedelta(hours=4))
        for helpful in (True, True, False):
            feedback.record_feedback(connection, "alice", helpful, subject="faq", topic="cost")
        feedback.record_feedback(connection, "carol", True, subject="advice", topic="reskill")
        for sender, message, kind in [
            ("alice", "what's the weather in Oslo?", "out_of_scope"),
            ("bob", "what is the weather in Oslo today", "out_of_scope"),
            ("carol", "is my dog allowed at work", "fallback"),
            ("carol", "<script>alert(1)</script> my manager: call me on 555-123-4567", "fallback"),
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
    assert report.user_messages == 14  # button payloads are not typed messages
    assert report.faq_topics == [("cost", 2), ("duration", 1)]
    assert report.advice_count == 3
    assert report.paths == {"upskill": 1, "reskill": 2, "both": 0}
    assert report.current_roles == [("Accountant", 2), ("Nurse", 1)]
    assert report.target_roles == [("Data Analyst", 2)]
    assert report.missing_skills == [("SQL", 2), ("Leadership", 1), ("Python", 1)]
    assert report.no_course_skills == [("Storytelling", 2)]
    assert report.tickets.total == 3 and report.tickets.open == 1 and report.tickets.resolved == 2
    assert report.tickets.by_reason == {"requested": 1, "fallback": 1, "declined": 1}
    assert report.tickets.median_seconds_to_resolve == pytest.approx((12 * 60 + 4 * 3600) / 2)
    assert (report.feedback["faq"].helpful, report.feedback["faq"].not_helpful) == (2, 1)
    # Only the pieces of the unanswered queue that are career questions are grouped.
    assert sorted(label for label, _ in report.unanswered_groups) == [
        "<script>alert(1)</script> my manager: call me on [phone]",
        "is my dog allowed at work",
    ]
    assert report.unanswered_off_topic == 2  # the two weather requests

    since = build_report(filled, filled, since=DAY2)
    assert since.conversations == 2 and since.users == 2 and since.user_messages == 4
    last_day = build_report(filled, filled, now=DAY2 + timedelta(hours=12), days=1)
    assert last_day.since == DAY2 - timedelta(hours=12) and last_day.days == 1
    assert last_day.conversations == 2 and last_day.tickets.total == 1


def test_refused_career_questions_are_failures_and_off_topic_requests_are_not(filled) -> None:
    """Seen: "not understood" and "out of scope" shares put refused career questions beside
    weather requests; a core fallback or a declined topic did not count at all."""
    report = build_report(filled, filled)

    # dog at work (nlu_fallback), overtime for training (core fallback), salary band
    # (declined), forklift course (refused); the weather and "blah blah cat badge" are noise.
    assert report.career_unanswered_by_kind == {"out_of_scope": 1, "fallback": 2, "declined": 1}
    assert report.career_unanswered == 4 and report.off_topic_messages == 2
    assert report.career_unanswered_share == pytest.approx(4 / 14)
    assert report.off_topic_share == pytest.approx(2 / 14)
    assert report.career_messages == 12 and report.career_failure_rate == pytest.approx(4 / 12)
    shown = {row.name: (row.value, row.n_text) for row in report_rows(report) if row.item is None}
    assert shown["career_unanswered_share"] == ("28.6%", "n = 14 typed messages")
    assert shown["off_topic_share"] == ("14.3%", "n = 14 typed messages")
    assert shown["career_failure_rate"] == ("33.3%", "n = 12 career messages")


def test_votes_are_only_the_stored_votes_with_their_number(filled) -> None:
    """Seen: "why?" after "Was this helpful?" counted as a helpful vote. The report counts the
    feedback table's votes only (the tracker's "why?" and button events are no votes) and says n."""
    report = build_report(filled, filled)

    shown = {row.name: (row.value, row.n_text) for row in report_rows(report) if row.item is None}
    assert shown["votes"] == ("4", "") and shown["not_helpful_votes"] == ("1", "")
    assert shown["helpful_share"] == ("75.0%", "n = 4 votes")
    assert shown["helpful_share_faq"] == ("66.7%", "n = 3 votes")
    assert shown["helpful_share_advice"] == ("100.0%", "n = 1 vote")
    assert shown["helpful_share_other"] == ("–", "n = 0 votes")


def test_resolve_times_in_minutes_hours_and_days() -> None:
    """Seen: resolve times showed "0 h" (a 12-minute answer rounded to hours)."""
    assert format_duration(None) == "–"
    assert format_duration(0) == "under 1 min" and format_duration(29) == "under 1 min"
    assert format_duration(30) == "1 min"
    assert format_duration(12 * 60) == "12 min"
    assert format_duration(59 * 60 + 29) == "59 min"
    assert format_duration(59 * 60 + 30) == "1.0 h"  # 60 min is an hour
    assert format_duration(3600) == "1.0 h" and format_duration(3.5 * 3600) == "3.5 h"
    assert format_duration(47.9 * 3600) == "47.9 h"
    assert format_duration(48 * 3600) == "2.0 days" and format_duration(72 * 3600) == "3.0 days"
    assert format_duration(-5) == "under 1 min"  # a clock set back is not a negative time


def test_report_shows_resolve_times_as_people_say_them(filled) -> None:
    report = build_report(filled, filled)
    shown = {row.name: (row.value, row.n_text) for row in report_rows(report) if row.item is None}
    assert shown["median_time_to_resolve"] == ("2.1 h", "n = 2 resolved tickets")  # 12 min and 4 h
    html = render_html(report)
    assert '<td data-figure="median_time_to_resolve">2.1 h</td>' in html and "0 h" not in html


def _html_figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([a-z_]+)">([^<]*)<', html))


def test_report_html_escapes_masks_and_has_charts(filled) -> None:
    html = render_html(build_report(filled, filled))

    assert html.startswith("<!doctype html>")
    assert html.count('src="data:image/svg+xml;base64,') >= 7
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "555-123-4567" not in html and "[phone]" in html
    assert "weather in Oslo" not in html  # off-topic requests are counted, not listed
    figures = _html_figures(html)
    assert figures["conversations"] == "4" and figures["career_failure_rate"] == "33.3%"
    assert figures["helpful_share"] == "75.0%" and figures["handoffs"] == "3"
    assert '<b data-tile="career_failure_rate">33.3%</b>' in html
    assert "<td>Storytelling</td><td>2</td>" in html
    assert 'id="period"' not in html  # the period links belong to the HR page


def test_page_cli_and_csv_show_the_same_figures(filled, tmp_path) -> None:
    report = build_report(filled, filled)
    rows = report_rows(report)
    headline = {row.name: row.value for row in rows if row.item is None}

    assert _html_figures(render_html(report)) == headline
    parsed = list(csv.DictReader(io.StringIO(report_csv(report))))
    assert {r["figure"]: r["value"] for r in parsed if not r["item"]} == headline
    assert [(r["figure"], r["item"], r["value"]) for r in parsed if r["item"]] == [
        (row.name, row.item, row.value) for row in rows if row.item is not None
    ]
    text = report_text(report)
    for row in rows:
        if row.item is None:
            assert f"  {row.label}: {row.value}" in text
    assert "Top FAQ topics: cost (2), duration (1)" in text


def test_csv_cells_cannot_start_a_formula(sqlite_catalog_engine) -> None:
    """Role names and unanswered texts come from users: a spreadsheet must show them as text."""
    with sqlite_catalog_engine.begin() as connection:
        for role in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"):
            advice_log.record_advice(connection, "eve", path="upskill", current_role=role)
        unanswered.record_unanswered(connection, "eve", "=cmd|' /C calc'!A0 my job", kind="fallback")
    rows = list(csv.reader(io.StringIO(report_csv(build_report(sqlite_catalog_engine, None)))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells and "'+1+1" in cells and "'-2+3" in cells
    assert "'@SUM(A1)" in cells and "'=cmd|' /C calc'!A0 my job" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert csv_safe("fine") == "fine" and csv_safe("\t=1") == "'\t=1"


def test_period_of_days_is_validated() -> None:
    assert parse_days(None) is None and parse_days("") is None and parse_days("all") is None
    assert parse_days("7") == 7 and parse_days(" 3650 ") == 3650
    for bad in ("0", "-5", "3651", "abc", "1.5", "1e3"):
        with pytest.raises(ValueError, match="from 1 to 3650"):
            parse_days(bad)


def test_report_without_a_tracker_store(sqlite_catalog_engine) -> None:
    report = build_report(sqlite_catalog_engine, None)
    assert not report.tracker_available and report.conversations == 0
    assert report.career_failure_rate is None and report.timeline is None
    shown = {row.name: row.value for row in report_rows(report) if row.item is None}
    assert shown["conversations"] == "–" and shown["career_unanswered"] == "–"  # unknown, not 0
    assert shown["advice"] == "0" and shown["handoffs"] == "0"
    assert "No conversations yet." in render_html(report) and "no events table" in report_text(report)


def test_report_cli(filled, tmp_path) -> None:
    url = filled.url.render_as_string(hide_password=False)
    out, figures, table = tmp_path / "report.html", tmp_path / "report.json", tmp_path / "report.csv"
    result = CliRunner().invoke(
        main,
        [
            "hr", "--db", url, "report", "--out", str(out), "--tracker-db", url,
            "--json", str(figures), "--csv", str(table),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "  conversations: 4" in result.stdout and "  career messages not answered: 33.3%" in result.stdout
    assert "Conversations and users per hour" in out.read_text(encoding="utf-8")
    payload = json.loads(figures.read_text(encoding="utf-8"))
    assert payload["paths"] == {"upskill": 1, "reskill": 2, "both": 0}
    assert payload["figures"]["career_failure_rate"]["value"] == pytest.approx(4 / 12)
    assert payload["figures"]["career_failure_rate"]["n"] == 12
    written = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert {"figure": "handoffs", "value": "3"}.items() <= written[
        [r["figure"] for r in written].index("handoffs")
    ].items()


def test_report_cli_prints_figures_or_csv_without_an_html_file(filled) -> None:
    url = filled.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["hr", "--db", url, "report", "--tracker-db", url, "--days", "3650"])
    assert result.exit_code == 0, result.output
    assert "last 3650 days" in result.stdout and "  hand-offs to HR: 3" in result.stdout
    result = CliRunner().invoke(main, ["hr", "--db", url, "report", "--tracker-db", url, "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["figure"]: r["value"] for r in rows if not r["item"]}["median_time_to_resolve"] == "2.1 h"
    result = CliRunner().invoke(main, ["hr", "--db", url, "report", "--tracker-db", url, "--days", "0"])
    assert result.exit_code == 2 and "0 is not in the range" in result.output


def test_report_cli_bad_output_path(filled, tmp_path) -> None:
    url = filled.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        main,
        ["hr", "--db", url, "report", "--out", str(tmp_path / "missing" / "r.html"), "--tracker-db", url],
    )
    assert result.exit_code == 1 and "cannot write the report" in result.output
