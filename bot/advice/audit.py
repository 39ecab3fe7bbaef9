"""Checks that must hold for every learning path, whatever the profile.

Used by the path-quality evaluation (``eval/path_quality.py``, 500 generated profiles) and
the tests: no stated limit broken, no course the learner may not take, never the entry
credential of the learner's own role, no course that does not close a gap above the level
already held, and no first path that another feasible path dominates (covers at least as
much for no more money and time, and is better in one). ``best_by_enumeration`` solves the
same choice by brute force, independently of the optimiser, for small candidate sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import combinations

from bot.advice.eligibility import closes
from bot.advice.learning_path import Constraints, Gap, LearningPath, excluded_by
from bot.advice.path_optimizer import MAX_PAID_WORK
from bot.catalog.course_search import CatalogCourse


@dataclass(frozen=True)
class Score:
    """What a path is judged on: weighted coverage (higher is better), price and hours (lower)."""

    cover: float
    price: Decimal
    hours: Decimal

    def dominates(self, other: Score) -> bool:
        at_least = (
            self.cover >= other.cover - 1e-9 and self.price <= other.price and self.hours <= other.hours
        )
        better = self.cover > other.cover + 1e-9 or self.price < other.price or self.hours < other.hours
        return at_least and better


def score(path: LearningPath, gaps: Sequence[Gap]) -> Score:
    covered = set()
    for planned in path.courses:
        covered |= {g.skill_id for g in gaps if closes(planned.course, g.skill_id, g.above_level)}
    cover = sum(g.importance for g in gaps if g.skill_id in covered)
    hours = sum((planned.course.hours for planned in path.courses), Decimal(0))
    return Score(cover, path.total_price, hours)


def violations(path: LearningPath, gaps: Sequence[Gap], constraints: Constraints) -> list[str]:
    """Every rule ``path`` breaks (empty when it is sound)."""
    found = []
    if constraints.budget is not None and path.total_price > constraints.budget:
        found.append(f"budget: {path.total_price} > {constraints.budget} {path.currency}")
    if path.currency != constraints.budget_currency:
        found.append(f"currency: path in {path.currency}, budget in {constraints.budget_currency}")
    if len(path.courses) > constraints.max_courses:
        found.append(f"course limit: {len(path.courses)} > {constraints.max_courses}")
    if (
        constraints.max_total_hours is not None
        and len(path.study_courses) > 1
        and path.total_hours > constraints.max_total_hours
    ):
        found.append(f"path length: {path.total_hours} > {constraints.max_total_hours} study hours")
    if len(path.paid_work) > MAX_PAID_WORK:
        found.append(f"paid work: {len(path.paid_work)} apprenticeships or rotations")
    for planned in path.courses:
        course = planned.course
        reason = excluded_by(course, constraints)
        if reason is not None:
            found.append(f"{course.code}: {reason.reason} ({reason.detail})")
        if not any(closes(course, g.skill_id, g.above_level) for g in gaps):
            found.append(f"{course.code}: closes no gap")
    return found


def best_by_enumeration(
    gaps: Sequence[Gap], courses: Sequence[CatalogCourse], constraints: Constraints, limit: int = 14
) -> Score | None:
    """The best score any feasible set of courses reaches, by trying them all (``None`` when
    more than ``limit`` courses are open to the learner: too many to enumerate)."""
    rates = constraints.rates
    open_courses = [
        course
        for course in courses
        if any(closes(course, g.skill_id, g.above_level) for g in gaps)
        and excluded_by(course, constraints) is None
    ]
    if len(open_courses) > limit:
        return None
    price = {c.code: rates.convert(c.cost, c.currency, constraints.budget_currency) for c in open_courses}
    best = Score(0.0, Decimal(0), Decimal(0))
    for size in range(1, min(constraints.max_courses, len(open_courses)) + 1):
        for chosen in combinations(open_courses, size):
            if sum(1 for c in chosen if c.paid_work) > MAX_PAID_WORK:
                continue
            total = sum((price[c.code] for c in chosen), Decimal(0))
            if constraints.budget is not None and total > constraints.budget:
                continue
            study = sum((c.hours for c in chosen if not c.paid_work), Decimal(0))
            if constraints.max_total_hours is not None and study > constraints.max_total_hours:
                continue
            covered = {g.skill_id for c in chosen for g in gaps if closes(c, g.skill_id, g.above_level)}
            candidate = Score(
                sum(g.importance for g in gaps if g.skill_id in covered),
                total,
                sum((c.hours for c in chosen), Decimal(0)),
            )
            if _lexicographically_better(candidate, best):
                best = candidate
    if best.cover == 0 and constraints.max_total_hours is not None:
        # as the planner does: a cap that leaves nothing gives way to the one best course
        return best_by_enumeration(
            gaps, courses, replace(constraints, max_total_hours=None, max_courses=1), limit
        )
    return best


def _lexicographically_better(a: Score, b: Score) -> bool:
    if abs(a.cover - b.cover) > 1e-9:
        return a.cover > b.cover
    if a.price != b.price:
        return a.price < b.price
    return a.hours < b.hours
