"""Choose courses that close a skill gap within a learner's constraints.

The choice is an optimisation (``bot.advice.path_optimizer``): the most importance-weighted
coverage of the gaps within the budget and the course limit, then the lowest cost, then the
least time. Which courses a learner may take at all is ``bot.advice.eligibility``'s job:
who may enrol, format, language, length, weekly intensity, the level a gap must be closed
above, and never the entry credential of the learner's own role. Prices are compared in one
currency (the budget's), converted with an explicit rate table (``bot.catalog.currency``).
Apprenticeships and rotations are paid work: their hours are not study hours. A constraint
is never broken silently: each skill left uncovered is reported with the limit that
excluded its courses and what relaxing it would allow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from bot.advice.eligibility import Exclusion, Learner, closes, exclusion
from bot.advice.path_optimizer import Candidate, choose
from bot.catalog.course_search import CatalogCourse
from bot.catalog.currency import RateTable
from bot.vocabulary import (
    COURSE_LEVELS,
    DEFAULT_CURRENCY,
    RECOGNISED_CREDENTIALS,
    hours_text,
    money_text,
    value_text,
)

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
    #: Total budget for the whole path, in ``budget_currency``; ``Decimal(0)``: free courses only.
    budget: Decimal | None = None
    formats: tuple[str, ...] = ()
    language: str | None = "en"
    max_courses: int = 6
    #: Course levels to prefer among equally good paths, e.g. ("intermediate", "advanced").
    preferred_levels: tuple[str, ...] = ()
    #: Longest acceptable single course, in study hours (``None``: no limit).
    max_course_hours: Decimal | None = None
    #: Course codes not to suggest again (for "show me other options").
    exclude_codes: frozenset[str] = frozenset()
    #: Most study hours for the whole path (``None``: no limit); growing in one's role keeps
    #: the path to a few months at the learner's pace (``bot.advice.service.constraints_for``).
    max_total_hours: Decimal | None = None
    #: The currency prices are compared and totalled in (the budget's).
    budget_currency: str = DEFAULT_CURRENCY
    learner: Learner = field(default_factory=Learner)
    rates: RateTable = field(default_factory=RateTable)


@dataclass(frozen=True)
class PlannedCourse:
    course: CatalogCourse
    covers: tuple[str, ...]
    #: The price in the path's currency (the course's own when they are the same).
    price: Decimal | None = None

    @property
    def cost(self) -> Decimal:
        return self.course.cost if self.price is None else self.price

    def as_dict(self) -> dict[str, object]:
        """The course, with the missing skills it covers as its ``skills``."""
        return {**self.course.as_dict(), "skills": list(self.covers)}


@dataclass(frozen=True)
class UncoveredSkill:
    """A missing skill the path does not cover, and why."""

    name: str
    #: ``UNCOVERED_REASONS``
    reason: str
    detail: str


#: Why a skill is left out: nothing teaches it (above the level held), only courses already
#: shown, the learner's limits, or the path's size.
UNCOVERED_REASONS = (
    "no_course",
    "no_other_course",
    "own_entry",
    "route_order",
    "eligibility",
    "length",
    "format",
    "language",
    "intensity",
    "currency",
    "budget",
    "course_limit",
)
#: The order in which a skill's exclusions are reported: the learner's own limits (which they
#: can relax) before the catalog's rules (which they cannot).
REPORT_ORDER = (
    "format",
    "length",
    "intensity",
    "language",
    "no_other_course",
    "eligibility",
    "route_order",
    "own_entry",
    "currency",
)
#: Details of "no_course": nothing teaches it, nothing above the level held, only advanced courses.
NOT_TAUGHT = "no course in the catalog teaches it"
BEYOND_LEVEL = "you have some of it already, and no course goes beyond that level"
ONLY_ADVANCED = "only advanced courses teach it, and they assume you already know the basics"
#: Reasons that are the learner's own limits, and what relaxing them would mean.
RELAX = {
    "budget": "raise the budget",
    "format": "accept other formats",
    "language": "accept courses in other languages",
    "length": "accept longer courses",
    "intensity": "find more hours a week",
}


@dataclass
class LearningPath:
    courses: list[PlannedCourse] = field(default_factory=list)
    uncovered: list[UncoveredSkill] = field(default_factory=list)
    hours_per_week: float | None = None
    #: The one currency the path's prices are compared and totalled in.
    currency: str = DEFAULT_CURRENCY
    #: The rate sentence when a price was converted (``RateTable.describe``), else "".
    conversion_note: str = ""
    #: For each chosen course code, the other courses open to the learner that close some of
    #: the same gaps, with their prices in :attr:`currency` (to say why it won: "why?").
    rivals: dict[str, list[tuple[CatalogCourse, Decimal]]] = field(default_factory=dict)

    @property
    def study_courses(self) -> list[PlannedCourse]:
        return [planned for planned in self.courses if not planned.course.paid_work]

    @property
    def paid_work(self) -> list[PlannedCourse]:
        """Apprenticeships and rotations: learning on paid work time, not study hours."""
        return [planned for planned in self.courses if planned.course.paid_work]

    @property
    def total_hours(self) -> Decimal:
        """Study hours (paid work time not included)."""
        return sum((planned.course.hours for planned in self.study_courses), Decimal(0))

    @property
    def total_price(self) -> Decimal:
        """The whole path's cost in :attr:`currency`."""
        return sum((planned.cost for planned in self.courses), Decimal(0))

    def total_cost(self) -> dict[str, Decimal]:
        """``{currency: total}``: always one currency, the path's (empty without courses)."""
        return {self.currency: self.total_price} if self.courses else {}

    @property
    def weeks(self) -> int | None:
        """Calendar weeks of study at the learner's hours per week (``None`` when not given);
        a programme with a fixed weekly schedule runs at its own pace."""
        if not self.hours_per_week or not self.study_courses:
            return None
        weeks = 0.0
        for planned in self.study_courses:
            pace = float(planned.course.weekly_hours or self.hours_per_week)
            weeks += float(planned.course.hours) / min(pace, self.hours_per_week)
        return max(1, math.ceil(round(weeks, 6)))

    def conditions(self) -> list[str]:
        """What a course needs that the learner did not say they have (weekly hours)."""
        if self.hours_per_week is not None:
            return []
        return [
            f"{planned.course.title} needs about {hours_text(planned.course.weekly_hours)} hours a week"
            for planned in self.study_courses
            if planned.course.weekly_hours is not None and planned.course.weekly_hours >= FULL_TIME_HOURS
        ]

    def relax_suggestions(self) -> list[str]:
        reasons = {item.reason for item in self.uncovered}
        return [text for reason, text in RELAX.items() if reason in reasons]


#: Weekly hours from which a programme counts as full time (said as a condition).
FULL_TIME_HOURS = Decimal(30)
_LEVEL_ORDER = {level: rank for rank, level in enumerate(COURSE_LEVELS)}


def plan_learning_path(
    gaps: Sequence[Gap], courses: Sequence[CatalogCourse], constraints: Constraints
) -> LearningPath:
    """The best path through ``gaps`` (module docstring), with every left-out skill explained."""
    currency = constraints.budget_currency
    rates = constraints.rates
    path = LearningPath(hours_per_week=constraints.hours_per_week, currency=currency)
    weights = {gap.skill_id: gap.importance for gap in gaps}
    excluded: dict[str, Exclusion] = {}
    offered: list[CatalogCourse] = []
    for course in courses:
        reason = excluded_by(course, constraints)
        if reason is None:
            offered.append(course)
        else:
            excluded[course.code] = reason
    prices = {course.code: rates.convert(course.cost, course.currency, currency) for course in offered}
    closing = {
        course.code: frozenset(g.skill_id for g in gaps if closes(course, g.skill_id, g.above_level))
        for course in offered
    }
    candidates = [
        Candidate(
            key=course.code,
            closes=closing[course.code],
            price=prices[course.code],
            hours=course.hours,
            paid_work=course.paid_work,
            preference=_preference(course, constraints),
        )
        for course in offered
        if closing[course.code]
    ]
    chosen = set(
        choose(
            candidates,
            weights,
            budget=constraints.budget,
            max_courses=constraints.max_courses,
            max_study_hours=constraints.max_total_hours,
        )
    )
    if not chosen and constraints.max_total_hours is not None:
        # the cap keeps a path short; it never leaves the person with nothing: then the one
        # best course, however long (its weeks are said)
        chosen = set(choose(candidates, weights, budget=constraints.budget, max_courses=1))
    by_code = {course.code: course for course in offered}
    covered: set[int] = set()
    ranked_gaps = sorted(gaps, key=lambda gap: (-gap.importance, gap.name))
    for code in sorted(
        chosen, key=lambda code: (_LEVEL_ORDER.get(by_code[code].level, 0), by_code[code].paid_work, code)
    ):
        course = by_code[code]
        newly = [
            gap.name for gap in ranked_gaps if gap.skill_id in closing[code] and gap.skill_id not in covered
        ]
        covered |= closing[code]
        path.courses.append(PlannedCourse(course, tuple(newly), prices[code]))
    for planned in path.courses:
        mine = closing[planned.course.code]
        path.rivals[planned.course.code] = [
            (course, prices[course.code])
            for course in offered
            if course.code not in chosen and closing[course.code] & mine
        ]
    spent = path.total_price
    for gap in ranked_gaps:
        if gap.skill_id not in covered:
            path.uncovered.append(_why_uncovered(gap, courses, excluded, candidates, constraints, spent))
    used = {(planned.course.currency, currency) for planned in path.courses if planned.course.cost}
    path.conversion_note = rates.describe(used)
    return path


def excluded_by(course: CatalogCourse, constraints: Constraints) -> Exclusion | None:
    """The first of ``constraints``' limits that ``course`` breaks (``bot.advice.eligibility``)."""
    return exclusion(
        course,
        constraints.learner,
        exclude_codes=constraints.exclude_codes,
        max_course_hours=constraints.max_course_hours,
        formats=constraints.formats,
        language=constraints.language,
        hours_per_week=constraints.hours_per_week,
        rates=constraints.rates,
    )


def _preference(course: CatalogCourse, constraints: Constraints) -> int:
    """Lower is preferred among equally good paths: a preferred level, then a recognised credential."""
    level_fit = 0 if not constraints.preferred_levels or course.level in constraints.preferred_levels else 1
    credential = 0 if course.credential in RECOGNISED_CREDENTIALS else 1
    return level_fit * 2 + credential


def _why_uncovered(
    gap: Gap,
    courses: Sequence[CatalogCourse],
    excluded: dict[str, Exclusion],
    candidates: Sequence[Candidate],
    constraints: Constraints,
    spent: Decimal,
) -> UncoveredSkill:
    """The limit that keeps ``gap`` out of the path (see ``UNCOVERED_REASONS``)."""
    teaching = [course for course in courses if closes(course, gap.skill_id, gap.above_level)]
    if not teaching:
        if any(gap.skill_id in course.skill_ids for course in courses):
            detail = BEYOND_LEVEL if gap.above_level is not None else ONLY_ADVANCED
            return UncoveredSkill(gap.name, "no_course", detail)
        return UncoveredSkill(gap.name, "no_course", NOT_TAUGHT)
    reasons = [excluded[course.code] for course in teaching if course.code in excluded]
    if len(reasons) == len(teaching):
        # the learner's own limits first: relaxing one of them is something they can do
        first = min(reasons, key=lambda item: REPORT_ORDER.index(item.reason))
        detail = first.detail
        if first.reason == "format":
            detail = "only available as: " + ", ".join(sorted({value_text(c.format) for c in teaching}))
        elif first.reason == "language":
            detail = "only taught in: " + ", ".join(sorted({c.language for c in teaching}))
        elif first.reason == "length":
            too_long = [c for c in teaching if excluded[c.code].reason == "length"]
            detail = f"the shortest course takes {hours_text(min(c.hours for c in too_long))} hours"
        return UncoveredSkill(gap.name, first.reason, detail)
    open_to_learner = [c for c in candidates if gap.skill_id in c.closes]
    cheapest = min((c.price for c in open_to_learner), default=None)
    budget = constraints.budget
    if budget is not None and cheapest is not None and cheapest > budget - spent:
        currency = constraints.budget_currency
        remaining = max(budget - spent, Decimal(0))
        if budget == 0:
            left = "you asked for free courses only"
        elif remaining == 0:
            left = "the budget is used up"
        else:
            left = f"budget left: {money_text(remaining, currency)}"
        return UncoveredSkill(
            gap.name, "budget", f"the cheapest course for it costs {money_text(cheapest, currency)}, {left}"
        )
    return UncoveredSkill(gap.name, "course_limit", "left for a later step to keep the path short")
