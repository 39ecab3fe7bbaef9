"""The learning path and a course's details as structured data, for channels that can show more
than text (the widget's cards, Slack's blocks), always with the plain-text reply inside.

A payload is a plain JSON-able dict (``schema`` 1)::

    {"schema": 1, "type": "learning_path" | "course", "title": "Your learning path",
     "courses": [{"title", "provider", "format", "hours", "hours_text", "weekly_hours",
                  "cost", "currency", "cost_text", "list_price_text", "covers", "url",
                  "audience_note", "level", "credential"}],
     "totals": {"hours", "cost", "currency", "cost_text", "weeks"} | None,
     "notes": ["..."], "text": "<the same reply as plain text>"}

One currency per payload: every ``cost`` / ``cost_text`` is in the path's currency (the
price that enters the total, written by ``bot.vocabulary.money_text``), so the courses add
up to the total shown; a course priced in another currency keeps its own price in
``list_price_text``. ``text`` is the reply the chat always sent, unchanged, for channels
(and stored transcripts) that show text only. Channel renderers: ``addons.channels.rich_text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bot.advice.learning_path import LearningPath, PlannedCourse
from bot.advice.presentation import course_details, path_lines
from bot.catalog.course_search import CatalogCourse
from bot.vocabulary import format_description, hours_text, money_text, value_text

SCHEMA = 1
LEARNING_PATH, COURSE = "learning_path", "course"
PATH_TITLE = "Your learning path"
#: The plain-text path as the chat has always written it (tests and transcripts read it).
PATH_TEXT_HEADING = "Your learning path:"


def course_hours_text(course: CatalogCourse) -> str:
    """``"12 h"``, ``"400 h at 40 h a week"``, ``"2000 h of paid work time"``."""
    text = f"{hours_text(course.hours)} h"
    if course.paid_work:
        return text + " of paid work time"
    if course.weekly_hours is not None and course.weekly_hours < course.hours:
        return text + f" at {hours_text(course.weekly_hours)} h a week"
    return text


def audience_note(course: CatalogCourse) -> str:
    """Who may take the course, when not anyone: ``"for employees"``, ``"for Acme staff"``
    (as ``bot.advice.presentation.course_summary`` says it)."""
    if course.audience == "employees":
        return "for employees"
    if course.audience == "employer":
        return f"for {course.employer} staff"
    return ""


def course_item(
    course: CatalogCourse,
    covers: Sequence[str] = (),
    price: Decimal | None = None,
    currency: str | None = None,
) -> dict[str, Any]:
    """One course of a payload; ``price`` in ``currency`` when the path converted it."""
    currency = currency or course.currency
    cost = course.cost if price is None else price
    converted = currency != course.currency
    return {
        "title": course.title,
        "provider": course.provider,
        "format": format_description(course.format),
        "hours": float(course.hours),
        "hours_text": course_hours_text(course),
        "weekly_hours": None if course.weekly_hours is None else float(course.weekly_hours),
        "cost": float(cost),
        "currency": currency,
        "cost_text": money_text(cost, currency),
        "list_price_text": money_text(course.cost, course.currency) if converted and course.cost else "",
        "covers": list(covers),
        "url": course.url or "",
        "audience_note": audience_note(course),
        "level": course.level,
        "credential": value_text(course.credential) if course.credential != "none" else "",
    }


def planned_item(planned: PlannedCourse, currency: str) -> dict[str, Any]:
    return course_item(planned.course, planned.covers, planned.cost, currency)


def path_totals(path: LearningPath) -> dict[str, Any]:
    """Study hours (paid work time not included), cost in the path's currency, weeks."""
    return {
        "hours": float(path.total_hours),
        "hours_text": f"{hours_text(path.total_hours)} h",
        "cost": float(path.total_price),
        "currency": path.currency,
        "cost_text": money_text(path.total_price, path.currency),
        "weeks": path.weeks,
        "hours_per_week": path.hours_per_week,
    }


def path_payload(path: LearningPath, title: str = PATH_TITLE) -> dict[str, Any]:
    """The path as a payload; its ``text`` is the path reply the chat always sent."""
    notes = [path.conversion_note] if path.conversion_note else []
    return {
        "schema": SCHEMA,
        "type": LEARNING_PATH,
        "title": title,
        "courses": [planned_item(planned, path.currency) for planned in path.courses],
        "totals": path_totals(path) if path.courses else None,
        "notes": notes,
        "text": path_text(path),
    }


def path_text(path: LearningPath) -> str:
    """``"Your learning path:\\n1. ...\\n2. ..."``: the text-only reply."""
    return PATH_TEXT_HEADING + "\n" + "\n".join(path_lines(path))


def course_payload(course: CatalogCourse, covers: Sequence[str], reason: str = "") -> dict[str, Any]:
    """One course's details (``bot.advice.presentation.course_details`` as its text)."""
    text = course_details(course, covers, reason)
    why = reason.removeprefix(course.title + ": ") if reason else ""
    notes = [f"Why I suggested it: {why}"] if why else []
    item = course_item(course, covers)
    item["teaches"] = sorted(course.skill_names)
    return {
        "schema": SCHEMA,
        "type": COURSE,
        "title": course.title,
        "courses": [item],
        "totals": None,
        "notes": notes,
        "text": text,
    }
