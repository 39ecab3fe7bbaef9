"""Answers to "why?": why this decision, and for each course which gap it closes, why it
beat the alternatives the learner could also take, and what it leads to.

"Why?" is a question about the reasons, so it gets the reasons, not the whole advice again.
The comparison is with the path's rivals (``LearningPath.rivals``): the courses open to this
learner that close some of the same gaps.
"""

from __future__ import annotations

from decimal import Decimal

from bot.advice.explanation import names
from bot.advice.learning_path import LearningPath, PlannedCourse
from bot.advice.service import Advice
from bot.catalog.course_search import CatalogCourse
from bot.vocabulary import COURSE_LEVELS, RECOGNISED_CREDENTIALS, hours_text, money_text, value_text

PATH_NAMES = {"upskill": "upskilling", "reskill": "reskilling", "both": "a mix of upskilling and reskilling"}


def why_text(advice: Advice) -> str:
    """The decision's reason in one sentence, then one line per course."""
    lines = [decision_reason(advice)]
    for number, planned in enumerate(advice.path.courses, 1):
        lines.append(f"{number}. {course_reason(planned, advice.path, leads_to(advice))}")
    if not advice.path.courses:
        lines.append("No course in the catalog fits your limits for these skills yet.")
    left = advice.path.uncovered[:4]
    if left:
        lines.append("Not on the path: " + "; ".join(f"{item.name} ({item.detail})" for item in left) + ".")
    return "\n".join(lines)


def decision_reason(advice: Advice) -> str:
    decision = advice.decision
    path_name = PATH_NAMES.get(decision.path, decision.path)
    if decision.target is not None:
        return (
            f"Why {path_name}: {decision.current.title} already covers about "
            f"{round(decision.similarity * 100)}% of what is specific to {decision.target.title}, and you "
            f"have {decision.have_count} of its {decision.core_count} core skills."
        )
    if decision.next_step is not None:
        return (
            f"Why {path_name}: you are growing as a {decision.current.title}, so the path goes beyond the "
            f"role's core skills, towards {decision.next_step.title}."
        )
    return f"Why {path_name}: you are growing where you are, so the path deepens what the role already uses."


def leads_to(advice: Advice) -> str | None:
    decision = advice.decision
    role = decision.target or decision.next_step
    return role.title if role is not None else None


def course_reason(planned: PlannedCourse, path: LearningPath, goal_role: str | None) -> str:
    """``"SQL for analysts: closes SQL; cheaper than X (120 USD); leads towards Data Analyst."``"""
    course = planned.course
    parts = [f"{course.title}: closes {names(list(planned.covers))}" if planned.covers else course.title]
    rivals = path.rivals.get(course.code, [])
    parts.append(_beats(planned, rivals, path.currency))
    credential = value_text(course.credential) if course.credential in RECOGNISED_CREDENTIALS else None
    if credential:
        parts.append(f"it ends with a {credential}")
    if goal_role:
        parts.append(f"it leads towards {goal_role}")
    return "; ".join(part for part in parts if part) + "."


def _beats(planned: PlannedCourse, rivals: list[tuple[CatalogCourse, Decimal]], currency: str) -> str:
    """Why this course and not the others that teach the same things."""
    course = planned.course
    if not rivals:
        return "the only course for it that fits your limits"
    reasons = []
    cheapest = min(rivals, key=lambda item: item[1])
    if planned.cost < cheapest[1]:
        price = cheapest[1] if cheapest[0].currency == currency else cheapest[1].quantize(Decimal("1"))
        reasons.append(f"cheaper than {cheapest[0].title} ({money_text(price, currency)})")
    shortest = min(rivals, key=lambda item: item[0].hours)
    if course.hours < shortest[0].hours:
        reasons.append(f"shorter than {shortest[0].title} ({hours_text(shortest[0].hours)} h)")
    rank = COURSE_LEVELS.index(course.level) if course.level in COURSE_LEVELS else 0
    if all(rank > COURSE_LEVELS.index(rival.level) for rival, _ in rivals if rival.level in COURSE_LEVELS):
        reasons.append(f"a higher level ({course.level}) than the alternatives")
    covers = len(planned.covers)
    if covers > 1 and all(len(set(rival.skill_ids) & set(course.skill_ids)) < covers for rival, _ in rivals):
        reasons.append(f"it covers {covers} of your gaps in one course")
    if not reasons:
        return (
            f"of the {len(rivals) + 1} courses that teach this, it gives the path the most coverage "
            "for the money and time"
        )
    return names(reasons)
