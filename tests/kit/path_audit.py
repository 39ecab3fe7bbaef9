"""Generated profiles and the path-quality audit run on them (``eval/path_quality.py`` prints
it for 500 profiles; ``tests/bot/advice/test_path_quality.py`` asserts it on fewer).

Profiles are drawn with a fixed seed from the catalog itself: any current role, a goal,
a target role, some skills, and random limits (hours, budgets in three currencies, formats,
employee or public). For each, the advice's first path is checked with
``bot.advice.audit.violations``, compared with brute force where the candidate set is small,
and with the "cheaper", "shorter", "online" and "other options" follow-ups, none of which may
dominate it.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.engine import Connection

from bot.advice.audit import best_by_enumeration, score, violations
from bot.advice.eligibility import Learner
from bot.advice.follow_ups import CHEAPER, MORE, ONLINE, SHORTER, advise_alternative
from bot.advice.learning_path import Constraints
from bot.advice.service import AdviceRequest, advise
from bot.catalog.course_search import load_courses_for
from bot.catalog.currency import RateTable
from bot.storage.models import Role, RoleSkill
from bot.vocabulary import ADVANCE, COURSE_FORMATS, ONLINE_SELF_PACED, SWITCH, UNSURE

HOURS = (None, 1, 3, 5, 10, 20, 40)
BUDGETS = (None, Decimal(0), Decimal(50), Decimal(200), Decimal(1000), Decimal(5000))
CURRENCIES = ("USD", "USD", "EUR", "GBP")


@dataclass
class AuditReport:
    profiles: int = 0
    paths_with_courses: int = 0
    checked_by_enumeration: int = 0
    problems: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def add(self, kind: str, example: str) -> None:
        self.problems[kind] += 1
        if len(self.examples) < 20:
            self.examples.append(f"{kind}: {example}")


def generated_requests(connection: Connection, count: int, seed: int = 13) -> list[AdviceRequest]:
    """``count`` advice requests drawn from the catalog's roles with ``seed``."""
    rng = random.Random(seed)
    roles = [code for (code,) in connection.execute(select(Role.code).order_by(Role.code))]
    skills_of: dict[str, list[int]] = {}
    for code, skill_id in connection.execute(
        select(Role.code, RoleSkill.skill_id)
        .join(RoleSkill, RoleSkill.role_id == Role.id)
        .order_by(Role.code)
    ):
        skills_of.setdefault(code, []).append(skill_id)
    roles = [code for code in roles if skills_of.get(code)]
    requests = []
    for _ in range(count):
        current = rng.choice(roles)
        goal = rng.choice((ADVANCE, SWITCH, SWITCH, UNSURE))
        target = rng.choice([code for code in roles if code != current]) if goal == SWITCH else None
        pool = skills_of[target or current]
        own = rng.sample(pool, k=rng.randint(0, min(3, len(pool))))
        formats = tuple(sorted(rng.sample(COURSE_FORMATS, k=rng.choice((0, 0, 1, 2, 3)))))
        budget = rng.choice(BUDGETS)
        requests.append(
            AdviceRequest(
                current_code=current,
                goal=goal,
                target_code=target,
                skill_ids=frozenset(own),
                constraints=Constraints(
                    hours_per_week=rng.choice(HOURS),
                    budget=budget,
                    budget_currency=rng.choice(CURRENCIES),
                    formats=formats,
                    learner=Learner(is_employee=rng.random() < 0.5),
                    rates=RateTable(),
                ),
            )
        )
    return requests


def audit(connection: Connection, requests: list[AdviceRequest]) -> AuditReport:
    """Run every request and record each broken rule (see the module docstring)."""
    report = AuditReport()
    for request in requests:
        report.profiles += 1
        advice = advise(connection, request)
        gaps = advice.decision.gaps
        constraints = advice.constraints
        limits = request.constraints
        label = (
            f"{request.current_code}->{request.target_code or request.goal} hours={limits.hours_per_week} "
            f"budget={limits.budget} {limits.budget_currency} formats={','.join(limits.formats) or 'any'} "
            f"employee={limits.learner.is_employee}"
        )
        first = advice.path
        if first.courses:
            report.paths_with_courses += 1
        for problem in violations(first, gaps, constraints):
            report.add(problem.split(":")[0] if ":" in problem else problem, f"{problem} | {label}")
        own = constraints.learner.own_role_code
        if own and any(own in planned.course.entry_for for planned in first.courses):
            report.add("entry credential of the own role", label)
        mine = score(first, gaps)
        courses = load_courses_for(connection, [gap.skill_id for gap in gaps])
        best = best_by_enumeration(gaps, courses, constraints)
        if best is not None:
            report.checked_by_enumeration += 1
            if best.dominates(mine) or best.cover > mine.cover + 1e-9:
                report.add("not optimal", f"{mine} vs best {best} | {label}")
        shown = [planned.course.code for planned in first.courses]
        for alternative in (CHEAPER, SHORTER, ONLINE, MORE):
            other = advise_alternative(connection, request, alternative, shown)
            if other.unchanged:
                continue
            # "online only" replaces the formats the user gave; every other follow-up only tightens
            # a limit, so it must keep all the original ones and cannot beat the first path
            kept = constraints
            if alternative == ONLINE:
                kept = replace(constraints, formats=(ONLINE_SELF_PACED,))
            theirs = score(other.advice.path, gaps)
            tightens = alternative != ONLINE or not constraints.formats
            if tightens and theirs.dominates(mine):
                report.add("dominated by a follow-up", f"{alternative}: {theirs} over {mine} | {label}")
            for problem in violations(other.advice.path, gaps, kept):
                report.add(f"follow-up {problem.split(':')[0]}", f"{alternative}: {problem} | {label}")
    return report
