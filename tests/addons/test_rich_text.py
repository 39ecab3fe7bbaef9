"""Rich replies written per channel (addons.channels.rich_text): limits, splitting between
courses, unicode, and markup in catalog texts that must stay inert."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from typing import Any

import pytest

from addons.channels import rich_text
from addons.channels.replies import FACEBOOK, SLACK, TELEGRAM, TWILIO
from bot.advice.learning_path import LearningPath, PlannedCourse
from bot.advice.rich_path import course_payload, path_payload
from bot.catalog.course_search import CatalogCourse

INJECTED = (
    "<script>alert(1)</script> **x** <b>bold</b> [y](javascript:alert(3)) *z* _w_ `c` :x: &amp; <@U123>"
)


def course(number: int, title: str | None = None, url: str | None = "auto", **fields: Any) -> CatalogCourse:
    values: dict[str, Any] = {
        "id": number,
        "code": f"C{number}",
        "title": title or f"Course number {number} on a useful skill",
        "provider": "Acme Learning",
        "format": "online_self_paced",
        "hours": Decimal(10 + number),
        "cost": Decimal(number * 10),
        "currency": "USD",
        "level": "beginner",
        "credential": "certificate",
        "language": "en",
        "url": f"https://example.com/courses/{number}?ref=bot&x=1" if url == "auto" else url,
        "skill_ids": frozenset({number}),
        "skill_names": ("Skill",),
    }
    values.update(fields)
    return CatalogCourse(**values)


def path(count: int, **fields: Any) -> dict[str, Any]:
    planned = [
        PlannedCourse(course(n, **fields), (f"Skill {n}", "Data analysis", "Reporting"))
        for n in range(1, count + 1)
    ]
    return path_payload(LearningPath(courses=planned, hours_per_week=5))


SHORT, LONG = path(3), path(30)
UNICODE = path(2, title="Análisis de datos 📊 für Anfänger — 数据分析")
INJECTION = path(2, title=INJECTED, provider="<i>Evil</i> & Co")
DETAILS = course_payload(course(1), ["Skill 1"], "Course number 1 on a useful skill: it closes Skill 1.")
PAYLOADS = {"short": SHORT, "long": LONG, "unicode": UNICODE, "injection": INJECTION, "details": DETAILS}


# --- which payloads are rich ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("custom", "rich"),
    [
        (SHORT, True),
        (DETAILS, True),
        (None, False),
        ("text", False),
        ({}, False),
        ({**SHORT, "schema": 2}, False),
        ({**SHORT, "type": "carousel"}, False),
        ({**SHORT, "courses": "none"}, False),
        ({**SHORT, "text": None}, False),
    ],
)
def test_rich_payload_knows_only_schema_1_paths_and_courses(custom, rich):
    assert (rich_text.rich_payload(custom) is not None) is rich


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.com/a?b=1&c=2", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("https://exa mple.com", False),
        ("https://example.com/\nx", False),
        ("//example.com", False),
        ("https:///nohost", False),
        ("https://example.com/" + "a" * 600, False),
        (None, False),
    ],
)
def test_only_absolute_http_urls_become_links(url, safe):
    assert (rich_text.safe_url(url) != "") is safe


# --- plain text: Twilio (WhatsApp) and Facebook -----------------------------------------------------


@pytest.mark.parametrize("limit", [TWILIO.text_chars, FACEBOOK.text_chars])
@pytest.mark.parametrize("name", PAYLOADS)
def test_plain_messages_fit_the_limit_and_keep_every_course_whole(name, limit):
    payload = PAYLOADS[name]
    messages = rich_text.plain_messages(payload, limit)
    assert messages and all(len(message) <= limit for message in messages)
    for index, item in enumerate(payload["courses"], start=1):
        block = rich_text.plain_course(rich_text.course_views(payload)[index - 1])
        assert sum(block in message for message in messages) == 1  # never split between two
        assert item["cost_text"] in block
    if payload["totals"]:
        assert messages[-1].endswith(rich_text.totals_line(payload))


def test_plain_text_is_numbered_with_labelled_links_and_totals():
    (message,) = rich_text.plain_messages(SHORT, TWILIO.text_chars)
    lines = message.splitlines()
    assert lines[0] == "Your learning path"
    assert lines[2] == "1. Course number 1 on a useful skill (Acme Learning)"
    assert lines[3] == "   online, self-paced · 11 h · 10 USD"
    assert lines[4] == "   Closes: Skill 1, Data analysis, Reporting"
    assert lines[5] == "   Course page: https://example.com/courses/1?ref=bot&x=1"
    assert lines[-1] == "Total: 36 h of study · 60 USD · about 8 weeks at 5 h a week"


def test_a_long_path_is_split_between_courses():
    messages = rich_text.plain_messages(LONG, TWILIO.text_chars)
    assert len(messages) > 1
    starts = [re.match(r"(\d+)\. ", message) for message in messages[1:]]
    assert all(starts), "every later message starts with a course"
    numbers = [int(n) for message in messages for n in re.findall(r"^(\d+)\. ", message, re.MULTILINE)]
    assert numbers == list(range(1, 31))


def test_plain_text_keeps_markup_literal_and_unicode_whole():
    (message,) = rich_text.plain_messages(INJECTION, FACEBOOK.text_chars)
    assert INJECTED in message and "<i>Evil</i> & Co" in message  # text channels show text
    (message,) = rich_text.plain_messages(UNICODE, FACEBOOK.text_chars)
    assert "Análisis de datos 📊 für Anfänger — 数据分析" in message


def test_a_course_with_an_unsafe_url_gets_no_link():
    payload = path(1, url="javascript:alert(1)")
    (message,) = rich_text.plain_messages(payload, TWILIO.text_chars)
    assert "Course page" not in message and "javascript" not in message


def test_course_details_are_titled_by_the_course_with_why_and_what_it_teaches():
    (message,) = rich_text.plain_messages(DETAILS, TWILIO.text_chars)
    assert message.startswith("Course number 1 on a useful skill (Acme Learning)\n")
    assert "   Teaches: Skill" in message
    assert message.endswith("Why I suggested it: it closes Skill 1.")
    assert "Total" not in message


def test_overlong_catalog_fields_are_clipped():
    payload = path(1, title="T" * 5000, provider="P" * 5000)
    view = rich_text.course_views(payload)[0]
    assert len(view.title) == rich_text.TITLE_CHARS and view.title.endswith("…")
    assert len(view.provider) == rich_text.PROVIDER_CHARS


# --- Telegram (HTML) --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAYLOADS)
def test_telegram_messages_fit_and_their_html_is_balanced(name):
    messages = rich_text.telegram_messages(PAYLOADS[name])
    assert messages and all(len(message) <= TELEGRAM.text_chars for message in messages)
    for message in messages:
        tags = re.findall(r"</?([a-z]+)[^>]*>", message)
        assert set(tags) <= {"b", "a"}
        assert message.count("<b>") == message.count("</b>") and message.count("<a ") == message.count("</a>")


def test_telegram_escapes_catalog_text_and_links_only_the_label():
    (message,) = rich_text.telegram_messages(INJECTION)
    assert f"<b>{html.escape(INJECTED)}</b> (&lt;i&gt;Evil&lt;/i&gt; &amp; Co)" in message
    assert "<script>" not in message and "<i>" not in message
    assert '<a href="https://example.com/courses/1?ref=bot&amp;x=1">Course page</a>' in message
    # what Telegram shows: the same text as typed in the catalog
    shown = html.unescape(re.sub(r"<[^>]+>", "", message))
    assert INJECTED in shown


def test_telegram_splits_a_long_path_between_courses():
    long_titles = path(30, title="A rather long course title " * 5)
    messages = rich_text.telegram_messages(long_titles)
    assert len(messages) > 1
    assert all(re.match(r"\d+\. <b>", message) for message in messages[1:])


# --- Slack (Block Kit) ------------------------------------------------------------------------------


def texts_of(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for block in blocks:
        if "text" in block:
            found.append(block["text"])
        found += block.get("elements", [])
    return found


@pytest.mark.parametrize("name", PAYLOADS)
def test_slack_messages_stay_within_block_kit_limits(name):
    messages = rich_text.slack_messages(PAYLOADS[name])
    for notification, blocks in messages:
        assert 0 < len(blocks) <= 50 and notification
        for item in texts_of(blocks):
            assert len(item["text"]) <= SLACK.text_chars
        header = blocks[0] if blocks[0]["type"] == "header" else None
        if header:
            assert len(header["text"]["text"]) <= 150
    json.dumps(messages)


def test_slack_has_a_section_per_course_and_a_labelled_link():
    ((notification, blocks),) = rich_text.slack_messages(SHORT)
    assert notification == "Your learning path"
    assert [block["type"] for block in blocks] == ["header"] + ["section", "context"] * 3 + ["section"]
    first = blocks[1]["text"]
    assert first == {
        "type": "plain_text",
        "text": "1. Course number 1 on a useful skill (Acme Learning)\n"
        "online, self-paced · 11 h · 10 USD\nCloses: Skill 1, Data analysis, Reporting",
        "emoji": False,
    }
    link = blocks[2]["elements"][0]
    assert link == {"type": "mrkdwn", "text": "<https://example.com/courses/1?ref=bot&amp;x=1|Course page>"}
    assert blocks[-1]["text"]["text"] == "Total: 36 h of study · 60 USD · about 8 weeks at 5 h a week"


def test_slack_splits_a_thirty_course_path_into_messages_of_whole_courses():
    messages = rich_text.slack_messages(LONG)
    assert len(messages) == 2
    assert [notification for notification, _ in messages] == [
        "Your learning path (1/2)",
        "Your learning path (2/2)",
    ]
    sections = [block for _, blocks in messages for block in blocks if block["type"] == "section"]
    numbers = [int(s["text"]["text"].split(".")[0]) for s in sections if s["text"]["text"][0].isdigit()]
    assert numbers == list(range(1, 31))
    for _, blocks in messages:
        types = [block["type"] for block in blocks]
        for index, kind in enumerate(types):
            if kind == "context":
                assert types[index - 1] == "section"  # a course's link stays with its section


def test_slack_never_reads_catalog_text_as_mrkdwn():
    ((_, blocks),) = rich_text.slack_messages(INJECTION)
    for item in texts_of(blocks):
        if item["type"] == "mrkdwn":
            assert re.fullmatch(
                r"<https://example\.com/courses/\d\?ref=bot&amp;x=1\|Course page>", item["text"]
            )
        else:
            assert item["type"] == "plain_text" and item["emoji"] is False
    assert INJECTED in blocks[1]["text"]["text"]
    details = rich_text.slack_messages(course_payload(course(1, title=INJECTED), [], ""))
    assert "<" not in details[0][0] and "&lt;script&gt;" in details[0][0]  # the notification is escaped


def test_slack_links_cannot_break_out_of_the_link_syntax():
    assert rich_text.slack_link("https://example.com/a|b>c<d&e") == (
        "<https://example.com/a%7Cb&gt;c&lt;d&amp;e|Course page>"
    )
