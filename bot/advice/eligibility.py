"""Which catalog courses a learner can take, and, for those they cannot, the reason.

Every hard limit lives here, so the planner never breaks one and a skill left uncovered is
always explained by the limit that excluded its courses. The checks run in a fixed order
(the first that fails is the reason): shown before, the learner's own role's entry
credential, who may enrol, length, format, language, weekly intensity, currency. Budget is
not a per-course check: it limits the whole path (``bot.advice.path_optimizer``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.catalog.course_search import CatalogCourse
from bot.catalog.currency import RateTable
from bot.vocabulary import COURSE_LEVEL_SCALE, hours_text


@dataclass(frozen=True)
class Learner:
    """Who is asking, as far as enrolment goes."""

    #: Employees of the organisation running the assistant (the intranet widget) may take its
    #: internal programmes; the public on messaging channels may not.
    is_employee: bool = False
    #: The organisation's name, to match courses reserved for one named employer's staff.
    employer: str | None = None
    #: The catalog code of the learner's current role: its entry credentials are never advice.
    own_role_code: str | None = None
    #: The target role, when its licensed route starts with a degree or an apprenticeship: its
    #: later steps (an exam review, a residency) wait until that first step is done.
    route_target_code: str | None = None


@dataclass(frozen=True)
class Exclusion:
    """Why one course is not offered: a reason key (``UncoveredSkill.reason``) and words."""

    reason: str
    detail: str


def level_value(course: CatalogCourse) -> float:
    """The O*NET-scale level (0-7) a course takes a learner to."""
    return COURSE_LEVEL_SCALE.get(course.level, 0.0)


def closes(course: CatalogCourse, skill_id: int, above_level: float | None) -> bool:
    """Does the course close this gap: it teaches the skill, above the level already held, and
    not at an advanced level to someone who does not have the skill at all (an advanced
    certification such as a critical-care nursing exam assumes the profession's basics)."""
    if skill_id not in course.skill_ids:
        return False
    if above_level is None:
        return course.level != "advanced"
    return level_value(course) > above_level


def exclusion(
    course: CatalogCourse,
    learner: Learner,
    *,
    exclude_codes: frozenset[str] = frozenset(),
    max_course_hours: Decimal | None = None,
    formats: tuple[str, ...] = (),
    language: str | None = None,
    hours_per_week: float | None = None,
    rates: RateTable | None = None,
) -> Exclusion | None:
    """The first limit ``course`` breaks for this learner, or ``None`` when it may be offered."""
    if course.code in exclude_codes:
        return Exclusion("no_other_course", "no other course in the catalog teaches it")
    if learner.own_role_code and learner.own_role_code in course.entry_for:
        return Exclusion("own_entry", f"{course.title} is for people entering the role you already have")
    if later_in_the_route(course, learner.route_target_code):
        return Exclusion("route_order", f"{course.title} comes later, after the degree or apprenticeship")
    if course.audience == "employees" and not learner.is_employee:
        return Exclusion(
            "eligibility",
            f"{course.title} is only for the organisation's employees; if you work here, ask me "
            "from the intranet chat",
        )
    if course.audience == "employer" and not _same_employer(course.employer, learner.employer):
        return Exclusion("eligibility", f"{course.title} is only open to {course.employer} staff")
    if max_course_hours is not None and not course.paid_work and course.hours > max_course_hours:
        return Exclusion("length", f"the shortest course takes {hours_text(course.hours)} hours")
    if formats and course.format not in formats:
        return Exclusion("format", course.format)
    if language and course.language != language:
        return Exclusion("language", course.language)
    if (
        hours_per_week is not None
        and course.weekly_hours is not None
        and not course.paid_work
        and float(course.weekly_hours) > hours_per_week
    ):
        return Exclusion(
            "intensity",
            f"{course.title} needs {hours_text(course.weekly_hours)} hours a week",
        )
    if rates is not None and not rates.knows(course.currency):
        return Exclusion("currency", f"{course.title} is priced in {course.currency}, which I cannot convert")
    return None


def later_in_the_route(course: CatalogCourse, route_target_code: str | None) -> bool:
    """An entry step of the target's licensed route that is not its first step (the degree or
    the apprenticeship) and not a beginner's preparation: an NCLEX review before nursing school."""
    return (
        route_target_code is not None
        and route_target_code in course.entry_for
        and course.credential != "degree"
        and course.format != "apprenticeship"
        and course.level != "beginner"
    )


def _same_employer(required: str | None, learner_employer: str | None) -> bool:
    if not required or not learner_employer:
        return False
    return required.casefold() == learner_employer.casefold()
