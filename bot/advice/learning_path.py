"""Choose courses that close a skill gap within a learner's constraints.

Greedy set cover in order of importance: for the most important skill not yet covered,
pick the course that covers the most (importance-weighted) missing skills and fits every
constraint, preferring cheaper, better-levelled and shorter courses. A constraint is
never broken silently: when nothing fits, the skill is reported with the constraint that
excluded its courses and what relaxing it would allow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from bot.catalog.course_search import CatalogCourse
from bot.vocabulary import COURSE_LEVELS, money_text, value_text

#: What to suggest for skills no course teaches (training methods from the source articles).
NO_COURSE_METHODS = (
    "mentoring or job shadowing with an experienced colleague",
    "an internal rotation or a stretch project that uses the skill",
    "on-the-job practice with regular feedback, or an apprenticeship where one exists",
)


GAP_SOURCES = ("target", "deepen", "technology", "next_step")


@dataclass(frozen=True)
class Gap:
    """A skill the learner is missing, with how much it matters (1-5)."""

    skill_id: int
    name: str
    importance: float
    #: Only a course *above* this level (O*NET 0-7 scale, ``bot.vocabulary.COURSE_LEVEL_SCALE``)
    #: closes the gap: the person already has the skill at this level and wants to deepen it.
    above_level: float | None = None
    #: Why it is a gap (``GAP_SOURCES``): the target's core skill, deepening the current role's
    #: skill, an in-demand technology of the role, or the next-step role's skill.
    source: str = "target"


@dataclass(frozen=True)
class Constraints:
    hours_per_week: float | None = None
    #: Total budget for the whole path; ``Decimal(0)`` means free courses only.
    budget: Decimal | None = None
    formats: tuple[str, ...] = ()
    language: str | None = "en"
    max_courses: int = 6
    #: Course levels to prefer (not required), e.g. ("intermediate", "advanced") to deepen.
    preferred_levels: tuple[str, ...] = ()
    #: Longest acceptable single course, in hours (``None``: no limit).
    max_course_hours: Decimal | None = None
    #: Course codes not to suggest again (for "show me other options").
    exclude_codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlannedCourse:
    course: CatalogCourse
    covers: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """The course, with the missing skills it covers as its ``skills``."""
        return {**self.course.as_dict(), "skills": list(self.covers)}


@dataclass(frozen=True)
class UncoveredSkill:
    """A missing skill the path does not cover, and why."""

    name: str
    #: "no_course" | "no_other_course" | "budget" | "format" | "language" | "length" | "course_limit"
    reason: str
    detail: str


@dataclass
class LearningPath:
    courses: list[PlannedCourse] = field(default_factory=list)
    uncovered: list[UncoveredSkill] = field(default_factory=list)
    hours_per_week: float | None = None

    @property
    def total_hours(self) -> Decimal:
        return sum((planned.course.hours for planned in self.courses), Decimal(0))

    def total_cost(self) -> dict[str, Decimal]:
        """Cost per currency (the catalog may mix currencies; they are never added up)."""
        totals: dict[str, Decimal] = {}
        for planned in self.courses:
            course = planned.course
            totals[course.currency] = totals.get(course.currency, Decimal(0)) + course.cost
        return totals

    @property
    def weeks(self) -> int | None:
        """Calendar weeks at the learner's hours per week (``None`` when not given)."""
        if not self.hours_per_week or not self.courses:
            return None
        return max(1, math.ceil(float(self.total_hours) / self.hours_per_week))

    def relax_suggestions(self) -> list[str]:
        reasons = {item.reason for item in self.uncovered}
        suggestions = []
        if "budget" in reasons:
            suggestions.append("raise the budget")
        if "format" in reasons:
            suggestions.append("accept other formats")
        if "language" in reasons:
            suggestions.append("accept courses in other languages")
        if "length" in reasons:
            suggestions.append("accept longer courses")
        return suggestions


_LEVEL_ORDER = {level: rank for rank, level in enumerate(COURSE_LEVELS)}


def _why_nothing_fits(
    gap: Gap, teaching: list[CatalogCourse], constraints: Constraints, remaining: Decimal | None
) -> UncoveredSkill:
    """Name the first constraint that excludes every course teaching the skill."""
    others = [course for course in teaching if course.code not in constraints.exclude_codes]
    if not others:
        return UncoveredSkill(gap.name, "no_other_course", "no other course in the catalog teaches it")
    teaching = others
    if constraints.max_course_hours is not None and not any(
        course.hours <= constraints.max_course_hours for course in teaching
    ):
        shortest = min(course.hours for course in teaching)
        return UncoveredSkill(gap.name, "length", f"the shortest course takes {shortest:g} hours")
    if constraints.formats and not any(course.format in constraints.formats for course in teaching):
        formats = sorted({value_text(course.format) for course in teaching})
        return UncoveredSkill(gap.name, "format", f"only available as: {', '.join(formats)}")
    in_format = [c for c in teaching if not constraints.formats or c.format in constraints.formats]
    if constraints.language and not any(course.language == constraints.language for course in in_format):
        languages = sorted({course.language for course in in_format})
        return UncoveredSkill(gap.name, "language", f"only taught in: {', '.join(languages)}")
    cheapest = min(in_format, key=lambda course: course.cost)
    left = money_text(remaining if remaining is not None else Decimal(0), cheapest.currency)
    return UncoveredSkill(
        gap.name,
        "budget",
        f"the cheapest course costs {money_text(cheapest.cost, cheapest.currency)}, budget left: {left}",
    )


def _preference(
    course: CatalogCourse, covered: set[int], importance: dict[int, float], constraints: Constraints
) -> tuple[int, float, Decimal, int, Decimal, str]:
    """Sort key of a fitting course: preferred level, then coverage, cost, level, length."""
    gain = sum(importance[skill] for skill in course.skill_ids - covered if skill in importance)
    level_fit = 0 if not constraints.preferred_levels or course.level in constraints.preferred_levels else 1
    return (level_fit, -gain, course.cost, _LEVEL_ORDER.get(course.level, 0), course.hours, course.code)


def plan_learning_path(
    gaps: Sequence[Gap], courses: Sequence[CatalogCourse], constraints: Constraints
) -> LearningPath:
    """Pick courses for ``gaps`` (most important first) from ``courses``."""
    path = LearningPath(hours_per_week=constraints.hours_per_week)
    importance = {gap.skill_id: gap.importance for gap in gaps}
    names = {gap.skill_id: gap.name for gap in gaps}
    covered: set[int] = set()
    remaining = constraints.budget
    chosen: set[int] = set()
    for gap in sorted(gaps, key=lambda gap: (-gap.importance, gap.name)):
        if gap.skill_id in covered:
            continue
        teaching = [course for course in courses if gap.skill_id in course.skill_ids]
        if not teaching:
            path.uncovered.append(
                UncoveredSkill(gap.name, "no_course", "no course in the catalog teaches it")
            )
            continue
        if len(path.courses) >= constraints.max_courses:
            path.uncovered.append(
                UncoveredSkill(gap.name, "course_limit", "left for a later step to keep the path short")
            )
            continue
        fitting = [
            course
            for course in teaching
            if course.id not in chosen
            and course.code not in constraints.exclude_codes
            and (constraints.max_course_hours is None or course.hours <= constraints.max_course_hours)
            and (not constraints.formats or course.format in constraints.formats)
            and (not constraints.language or course.language == constraints.language)
            and (remaining is None or course.cost <= remaining)
        ]
        if not fitting:
            path.uncovered.append(_why_nothing_fits(gap, teaching, constraints, remaining))
            continue

        best = min(fitting, key=lambda course: _preference(course, covered, importance, constraints))
        newly = sorted((best.skill_ids - covered) & set(importance), key=lambda s: -importance[s])
        covered |= best.skill_ids
        chosen.add(best.id)
        if remaining is not None:
            remaining -= best.cost
        path.courses.append(PlannedCourse(best, tuple(names[s] for s in newly)))
    # Study order: foundations first.
    path.courses.sort(key=lambda planned: _LEVEL_ORDER.get(planned.course.level, 0))
    return path
