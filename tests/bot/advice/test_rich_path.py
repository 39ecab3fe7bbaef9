"""The learning path and a course as structured payloads (bot.advice.rich_path)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from bot.advice.learning_path import LearningPath, PlannedCourse
from bot.advice.presentation import course_details, path_lines
from bot.advice.rich_path import SCHEMA, course_payload, path_payload
from bot.catalog.course_search import CatalogCourse


def course(code: str, **fields: Any) -> CatalogCourse:
    values: dict[str, Any] = {
        "id": abs(hash(code)) % 10_000,
        "code": code,
        "title": code,
        "provider": "Acme",
        "format": "online_self_paced",
        "hours": Decimal("12"),
        "cost": Decimal("0"),
        "currency": "USD",
        "level": "beginner",
        "credential": "none",
        "language": "en",
        "url": f"https://example.com/{code}",
        "skill_ids": frozenset({1}),
        "skill_names": ("SQL",),
    }
    values.update(fields)
    return CatalogCourse(**values)


def eur_path() -> LearningPath:
    """Two courses totalled in EUR, one of them priced in USD and converted."""
    return LearningPath(
        courses=[
            PlannedCourse(course("SQL", cost=Decimal("294"), currency="USD"), ("SQL",), Decimal("272.22")),
            PlannedCourse(course("STATS", cost=Decimal("100"), currency="EUR"), ("Statistics", "R"), None),
        ],
        hours_per_week=5,
        currency="EUR",
        conversion_note="Prices in other currencies are converted at 1 USD = 0.9259 EUR (rates of 2026-11).",
    )


def test_a_path_payload_has_one_currency_and_courses_that_add_up_to_the_total():
    payload = path_payload(eur_path())

    assert payload["schema"] == SCHEMA == 1 and payload["type"] == "learning_path"
    assert payload["title"] == "Your learning path"
    first, second = payload["courses"]
    assert (first["cost"], first["currency"], first["cost_text"]) == (272.22, "EUR", "272.22 EUR")
    assert first["list_price_text"] == "294 USD"  # its own price, said beside
    assert (second["cost_text"], second["list_price_text"]) == ("100 EUR", "")
    assert second["covers"] == ["Statistics", "R"]
    totals = payload["totals"]
    assert totals == {
        "hours": 24.0,
        "hours_text": "24 h",
        "cost": 372.22,
        "currency": "EUR",
        "cost_text": "372.22 EUR",
        "weeks": 5,
        "hours_per_week": 5,
    }
    assert sum(item["cost"] for item in payload["courses"]) == pytest.approx(totals["cost"])
    assert payload["notes"] == [eur_path().conversion_note]
    json.dumps(payload)  # JSON as it is: Rasa SDK sends it as is


def test_the_text_fallback_is_the_path_reply_the_chat_always_sent():
    path = eur_path()
    payload = path_payload(path)
    assert payload["text"] == "Your learning path:\n" + "\n".join(path_lines(path))
    # the converted price is written as it enters the total (not rounded to "about 272 EUR")
    assert "294 USD, about 272.22 EUR" in payload["text"]


@pytest.mark.parametrize(
    ("fields", "hours_text", "audience_note"),
    [
        ({}, "12 h", ""),
        ({"hours": Decimal("400"), "weekly_hours": Decimal("40")}, "400 h at 40 h a week", ""),
        (
            {"hours": Decimal("2000"), "paid_work": True, "weekly_hours": Decimal("40")},
            "2000 h of paid work time",
            "",
        ),
        ({"audience": "employees"}, "12 h", "for employees"),
        ({"audience": "employer", "employer": "Acme"}, "12 h", "for Acme staff"),
        ({"hours": Decimal("1.5")}, "1.5 h", ""),
    ],
)
def test_course_hours_and_audience(fields, hours_text, audience_note):
    planned = PlannedCourse(course("C", **fields), ("SQL",))
    item = path_payload(LearningPath(courses=[planned]))["courses"][0]
    assert (item["hours_text"], item["audience_note"]) == (hours_text, audience_note)
    assert item["format"] == "online, self-paced"


def test_a_path_without_courses_has_no_totals():
    payload = path_payload(LearningPath())
    assert payload["courses"] == [] and payload["totals"] is None


def test_unicode_and_markup_in_titles_are_kept_as_data():
    title = "<script>alert(1)</script> **x** — Ünïcødé 🚀"
    payload = path_payload(LearningPath(courses=[PlannedCourse(course("X", title=title, url=None), ())]))
    item = payload["courses"][0]
    assert item["title"] == title and item["url"] == ""  # escaping is each channel's job
    assert title in payload["text"]


def test_a_course_payload_has_its_details_as_text_and_why_as_a_note():
    sql = course("SQL", title="SQL basics", cost=Decimal("49.5"), credential="certificate")
    payload = course_payload(sql, ["SQL"], "SQL basics: it closes SQL, your most important gap.")
    assert payload["type"] == "course" and payload["title"] == "SQL basics"
    assert payload["text"] == course_details(
        sql, ["SQL"], "SQL basics: it closes SQL, your most important gap."
    )
    assert payload["notes"] == ["Why I suggested it: it closes SQL, your most important gap."]
    (item,) = payload["courses"]
    assert (item["cost_text"], item["credential"], item["teaches"]) == ("49.50 USD", "certificate", ["SQL"])
    assert payload["totals"] is None
