"""How courses and learning paths are written for people, in the chat and on the command line.

One place for the course line ("SQL basics (Acme): online self paced, 12 h, free"), the
learning path, what the path leaves out, and a course's details, so every reply and
the CLI show the same course the same way. Prices and hours are written by
``bot.vocabulary.money_text`` / ``hours_text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.advice.learning_path import LearningPath
from bot.catalog.course_search import CatalogCourse
from bot.vocabulary import hours_text, money_text, value_text

#: How many left-out skills one reply lists (the most important; "why?" and the CLI say more).
MAX_LIMIT_NOTES = 4
#: Reasons of uncovered skills that are not about the learner's limits (said separately).
_NOT_A_LIMIT = ("no_course", "course_limit")


def course_summary(course: CatalogCourse, price: Decimal | None = None, currency: str | None = None) -> str:
    """``"SQL basics (Acme): online self paced, 12 h, free"``; with ``price`` in another
    ``currency`` the converted price follows the course's own (``"100 EUR, about 85.04 GBP"``),
    written as it enters the path's total, so the courses add up to the total said."""
    cost = money_text(course.cost, course.currency)
    if price is not None and currency and currency != course.currency and course.cost:
        cost += f", about {money_text(price, currency)}"
    hours = f"{hours_text(course.hours)} h"
    if course.paid_work:
        hours += " of paid work time"
    elif course.weekly_hours is not None and course.weekly_hours < course.hours:
        hours += f" at {hours_text(course.weekly_hours)} h a week"
    audience = {"employees": ", for employees", "employer": f", for {course.employer} staff"}.get(
        course.audience, ""
    )
    return f"{course.title} ({course.provider}): {value_text(course.format)}, {hours}, {cost}{audience}"


def course_line(
    number: int,
    course: CatalogCourse,
    covers: Sequence[str] = (),
    price: Decimal | None = None,
    currency: str | None = None,
) -> str:
    """A numbered course of a list in the chat, with what it covers and its link."""
    line = f"{number}. {course_summary(course, price, currency)}"
    if covers:
        line += f". Covers {', '.join(covers)}"
    if course.url:
        line += f". {course.url}"
    return line


def path_lines(path: LearningPath) -> list[str]:
    """The path's courses as numbered lines, in study order."""
    return [
        course_line(number, planned.course, planned.covers, planned.cost, path.currency)
        for number, planned in enumerate(path.courses, 1)
    ]


def limits_note(path: LearningPath) -> str | None:
    """Which skills the learner's limits left out, and what relaxing them would allow."""
    gaps = [item for item in path.uncovered if item.reason not in _NOT_A_LIMIT]
    if not gaps:
        return None
    notes = "; ".join(f"{item.name} ({item.detail})" for item in gaps[:MAX_LIMIT_NOTES])
    if len(gaps) > MAX_LIMIT_NOTES:
        notes += f"; and {len(gaps) - MAX_LIMIT_NOTES} more"
    relax = path.relax_suggestions()
    suffix = f" If you like, you could {' or '.join(relax)}." if relax else ""
    return f"Not covered within your limits: {notes}.{suffix}"


def course_details(course: CatalogCourse, covers: Sequence[str], reason: str = "") -> str:
    """Everything about one suggested course, and why it was suggested (``reason``, from
    ``bot.advice.reasons``; else the gaps it ``covers``)."""
    details = [
        f"{course.title}, by {course.provider}.",
        f"Format: {value_text(course.format)}; about {hours_text(course.hours)} hours"
        + (" of paid work time" if course.paid_work else "")
        + (
            f" at {hours_text(course.weekly_hours)} hours a week"
            if course.weekly_hours and course.weekly_hours < course.hours
            else ""
        )
        + f"; cost: {money_text(course.cost, course.currency)}; level: {course.level}; "
        f"credential: {value_text(course.credential)}.",
        f"It teaches {', '.join(sorted(course.skill_names))}.",
    ]
    if reason:
        details.append(f"Why I suggested it: {reason.removeprefix(course.title + ': ')}")
    elif covers:
        details.append(
            f"I suggested it because it covers {', '.join(covers)}, among the skills you are missing."
        )
    if course.url:
        details.append(f"More information: {course.url}")
    return " ".join(details)
