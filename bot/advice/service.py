"""One call from a profile to advice: resolve roles, decide, plan the learning path.

Used by the conversation's actions and by ``python -m bot advise``, so both give the
same answer for the same profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.engine import Connection

from bot.advice.decision import Decision as Decision
from bot.advice.decision import RoleRef, decide
from bot.advice.explanation import explain, requirements_text
from bot.advice.learning_path import (
    BEYOND_LEVEL,
    NO_COURSE_METHODS,
    NOT_TAUGHT,
    ONLY_ADVANCED,
    Constraints,
    LearningPath,
    plan_learning_path,
)
from bot.catalog.course_search import load_courses_for
from bot.catalog.requirements import (
    CATALOG,
    Requirement,
    long_first_step,
    requirements_for,
    requires_credential,
)
from bot.catalog.role_profiles import RoleProfile, WeightedSkill, load_all_roles, load_role
from bot.storage.models import Skill
from bot.vocabulary import SWITCH


class AdviceError(ValueError):
    """The request cannot be answered (for example an unknown role code)."""


@dataclass(frozen=True)
class AdviceRequest:
    #: Catalog code of the current role; ``None`` for a role the catalog does not know.
    current_code: str | None
    goal: str = SWITCH
    target_code: str | None = None
    skill_ids: frozenset[int] = frozenset()
    constraints: Constraints = field(default_factory=Constraints)
    #: The user's own words for a current role the catalog does not know.
    current_title: str = "your current role"


@dataclass
class Advice:
    decision: Decision
    path: LearningPath
    explanation: str
    #: What the target (or next-step) role requires before one may work in it.
    requirements: list[Requirement] = field(default_factory=list)
    #: The limits the path was planned with (the request's, plus what the decision added).
    constraints: Constraints = field(default_factory=Constraints)

    def as_dict(self) -> dict[str, object]:
        decision = self.decision
        target = decision.target
        path = self.path
        return {
            "path": decision.path,
            "overlap": round(decision.overlap, 3),
            "similarity": round(decision.similarity, 3),
            "current_role": _ref(decision.current).as_dict(),
            "target_role": _ref(target).as_dict() if target else None,
            "next_step_role": _ref(decision.next_step).as_dict() if decision.next_step else None,
            "missing_skills": [gap.name for gap in decision.gaps],
            "courses": [planned.as_dict() for planned in path.courses],
            "total_hours": float(path.total_hours),
            "paid_work_hours": float(sum((p.course.hours for p in path.paid_work), Decimal(0))),
            "total_cost": str(path.total_price.quantize(Decimal("0.01"))),
            "currency": path.currency,
            "conversion": path.conversion_note or None,
            "weeks": self.path.weeks,
            "uncovered_skills": [
                {"skill": item.name, "reason": item.reason, "detail": item.detail}
                for item in self.path.uncovered
            ],
            "relax": self.path.relax_suggestions(),
            "options": [
                {
                    **option.role.as_dict(),
                    "overlap": round(option.overlap, 3),
                    "missing": list(option.missing),
                }
                for option in decision.options
            ],
            "requirements": [
                {
                    "kind": item.kind,
                    "name": item.name,
                    "typical_time": item.typical_time,
                    "granted_by": item.granted_by,
                    "source": item.source,
                }
                for item in self.requirements
            ],
            "explanation": self.explanation,
        }


def _ref(role: RoleProfile) -> RoleRef:
    return RoleRef(role.code, role.title)


def advise(connection: Connection, request: AdviceRequest) -> Advice:
    """Decide and plan for one profile."""
    if request.current_code is None:
        current = unknown_role(connection, request.current_title, request.skill_ids)
    else:
        found = load_role(connection, request.current_code)
        if found is None:
            raise AdviceError(f"no role with code {request.current_code!r} in the catalog")
        current = found
    target = None
    if request.target_code:
        target = load_role(connection, request.target_code)
        if target is None:
            raise AdviceError(f"no role with code {request.target_code!r} in the catalog")
    needs_all_roles = target is None
    all_roles = load_all_roles(connection) if needs_all_roles else []
    decision = decide(current, target, request.goal, set(request.skill_ids), all_roles)
    heading = decision.target or decision.next_step
    requirements = requirements_for(connection, heading.code) if heading is not None and heading.code else []
    constraints = constraints_for(decision, request.constraints, requirements)
    courses = load_courses_for(connection, [gap.skill_id for gap in decision.gaps])
    path = plan_learning_path(decision.gaps, courses, constraints)
    return Advice(decision, path, explain(decision, path, requirements), requirements, constraints)


#: The longest a path for growing in one's role may take at the learner's pace (six months):
#: the source articles' upskilling is weeks to a few months alongside the job.
UPSKILL_MAX_WEEKS = 26


def constraints_for(
    decision: Decision, base: Constraints, requirements: Sequence[Requirement] = ()
) -> Constraints:
    """Prefer deeper courses when upskilling, foundations when reskilling (a tie-break only:
    the optimiser decides on coverage, cost and time first); never the own role's entry route."""
    levels = ("intermediate", "advanced") if decision.path == "upskill" else ("beginner", "intermediate")
    learner = base.learner
    if learner.own_role_code is None and decision.current.code:
        learner = replace(learner, own_role_code=decision.current.code)
    if decision.target is not None and long_first_step(requirements) is not None:
        learner = replace(learner, route_target_code=decision.target.code)
    # upskilling is "shorter, skill-specific learning alongside your job": at most a few months
    growing = decision.target is None and decision.path == "upskill"
    cap = base.max_total_hours
    if growing and cap is None and base.hours_per_week:
        cap = (Decimal(str(base.hours_per_week)) * UPSKILL_MAX_WEEKS).quantize(Decimal("1"))
    return replace(
        base, preferred_levels=base.preferred_levels or levels, learner=learner, max_total_hours=cap
    )


def unknown_role(connection: Connection, title: str, skill_ids: frozenset[int]) -> RoleProfile:
    """A stand-in profile for a role the catalog lacks: just the skills the user named."""
    names = (
        {
            skill_id: name
            for skill_id, name in connection.execute(
                select(Skill.id, Skill.name).where(Skill.id.in_(list(skill_ids)))
            )
        }
        if skill_ids
        else {}
    )
    profile = RoleProfile(id=-1, code="", title=title, family=None, job_zone=None)
    profile.skills = {skill_id: WeightedSkill(skill_id, name, 3.0) for skill_id, name in names.items()}
    return profile


def no_course_advice(path: LearningPath) -> str | None:
    """What to do about skills no course teaches, none beyond the level already held, or only
    advanced courses (None when there are none)."""
    by_detail: dict[str, list[str]] = {}
    for item in path.uncovered:
        if item.reason == "no_course":
            by_detail.setdefault(item.detail, []).append(item.name)
    if not by_detail:
        return None
    said = []
    if by_detail.get(NOT_TAUGHT):
        said.append(f"No course in the catalog teaches {', '.join(by_detail[NOT_TAUGHT])}.")
    if by_detail.get(BEYOND_LEVEL):
        said.append(
            f"You already have some {', '.join(by_detail[BEYOND_LEVEL])}, and no course in the catalog "
            "goes beyond that level."
        )
    if by_detail.get(ONLY_ADVANCED):
        said.append(
            f"Only advanced courses teach {', '.join(by_detail[ONLY_ADVANCED])}, and they assume the basics."
        )
    return f"{' '.join(said)} These are usually learned through {'; '.join(NO_COURSE_METHODS)}."


#: FAQ answers about degrees, credentials, apprenticeships, duration and first steps are
#: general; for someone moving into a licensed role they get the role's real rules too.
REQUIREMENT_TOPICS = frozenset(
    {"back_to_school", "duration", "certificates", "recognised_credentials", "apprenticeships", "first_step"}
)


def requirements_note(connection: Connection, role_code: str | None) -> str | None:
    """The licence/registration/degree rules of the user's target role, or ``None`` when the
    catalog curates none for it (a general FAQ answer is then enough)."""
    role = load_role(connection, role_code) if role_code else None
    if role is None:
        return None
    requirements = [item for item in requirements_for(connection, role.code) if item.source == CATALOG]
    if not requires_credential(requirements):
        return None
    return requirements_text(role.title, requirements, moving=True)
