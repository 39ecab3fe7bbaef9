"""The upskill-or-reskill decision and its plain-words explanation.

Grounded in the source articles: upskilling deepens skills for the current role or field
(usually shorter and skill-specific: micro-credentials, badges, vendor certifications);
reskilling learns a different skill base for a different role (often longer: bootcamps,
certificates, apprenticeships). The decision compares the importance-weighted core
skills of the current and target roles, their job families and O*NET's related-roles
data; the explanation states the numbers it rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.advice.learning_path import Gap
from bot.catalog.role_profiles import RoleProfile, WeightedSkill
from bot.vocabulary import UNSURE

#: Decision thresholds on the move score (similarity plus family / related-role bonuses).
UPSKILL_FROM = 0.55
RESKILL_BELOW = 0.35
FAMILY_BONUS = 0.10
RELATED_BONUS = 0.10
#: Tiers of O*NET's related occupations that count as a natural next step.
CLOSE_TIERS = ("primary_short", "primary_long")


@dataclass(frozen=True)
class RoleRef:
    code: str
    title: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "title": self.title}


@dataclass(frozen=True)
class RoleOption:
    """An adjacent role suggested to someone who is not sure yet."""

    role: RoleRef
    overlap: float
    missing: tuple[str, ...]


@dataclass
class Decision:
    path: str  # "upskill" | "reskill" | "both"
    current: RoleProfile
    target: RoleProfile | None
    similarity: float  # of the two roles' skill bases, ignoring the user's own skills
    overlap: float  # of the target's core skills the user already has
    have_count: int
    core_count: int
    gaps: list[Gap]
    options: list[RoleOption] = field(default_factory=list)
    next_step: RoleProfile | None = None


def coverage(core: Sequence[WeightedSkill], have: set[int]) -> float:
    """Importance-weighted share of ``core`` that is in ``have`` (0..1)."""
    total = sum(skill.importance for skill in core)
    if not total:
        return 0.0
    return sum(skill.importance for skill in core if skill.skill_id in have) / total


def gaps_for(core: Sequence[WeightedSkill], have: set[int]) -> list[Gap]:
    """The core skills not in ``have``, most important first."""
    missing = [skill for skill in core if skill.skill_id not in have]
    return [Gap(skill.skill_id, skill.name, skill.importance) for skill in missing]


def move_score(current: RoleProfile, target: RoleProfile) -> tuple[float, float]:
    """(role similarity, score used for the decision) of moving from current to target."""
    similarity = coverage(target.core_skills(), set(current.skills))
    score = similarity
    if current.family and current.family == target.family:
        score += FAMILY_BONUS
    if current.related.get(target.id) in CLOSE_TIERS:
        score += RELATED_BONUS
    return similarity, score


def classify(score: float) -> str:
    if score >= UPSKILL_FROM:
        return "upskill"
    if score < RESKILL_BELOW:
        return "reskill"
    return "both"


def next_step_role(current: RoleProfile, roles: Sequence[RoleProfile]) -> RoleProfile | None:
    """A related role in the same family at a higher job zone: the natural promotion."""
    by_id = {role.id: role for role in roles}
    steps = [
        by_id[role_id]
        for role_id, tier in current.related.items()
        if role_id in by_id
        and tier in CLOSE_TIERS
        and by_id[role_id].family == current.family
        and (by_id[role_id].job_zone or 0) > (current.job_zone or 0)
    ]
    if not steps:
        return None
    return max(steps, key=lambda role: (move_score(current, role)[0], role.title))


def adjacent_roles(
    current: RoleProfile, roles: Sequence[RoleProfile], have: set[int], count: int = 3
) -> list[RoleOption]:
    """Other roles whose core skills the user covers best (a related role breaks ties)."""
    scored = []
    for role in roles:
        if role.id == current.id or not role.skills:
            continue
        core = role.core_skills()
        share = coverage(core, have)
        bonus = 0.05 if current.related.get(role.id) in CLOSE_TIERS else 0.0
        scored.append((share + bonus, share, role, core))
    scored.sort(key=lambda item: (-item[0], item[2].title))
    return [
        RoleOption(RoleRef(role.code, role.title), share, tuple(gap.name for gap in gaps_for(core, have)[:3]))
        for _, share, role, core in scored[:count]
    ]


def decide(
    current: RoleProfile,
    target: RoleProfile | None,
    goal: str,
    user_skill_ids: set[int],
    all_roles: Sequence[RoleProfile] = (),
) -> Decision:
    """Upskill, reskill or both, with the numbers behind it."""
    have = set(current.skills) | user_skill_ids
    if goal == UNSURE and target is None:
        options = adjacent_roles(current, all_roles, have)
        core = current.core_skills()
        return Decision(
            path="both",
            current=current,
            target=None,
            similarity=1.0,
            overlap=coverage(core, have),
            have_count=sum(1 for skill in core if skill.skill_id in have),
            core_count=len(core),
            gaps=_deepen(current, user_skill_ids),
            options=options,
            next_step=next_step_role(current, all_roles),
        )
    if target is None or target.id == current.id:
        step = next_step_role(current, all_roles)
        core = (step or current).core_skills()
        gaps = gaps_for(core, have) if step else []
        return Decision(
            path="upskill",
            current=current,
            target=None,
            similarity=move_score(current, step)[0] if step else 1.0,
            overlap=coverage(core, have),
            have_count=sum(1 for skill in core if skill.skill_id in have),
            core_count=len(core),
            gaps=gaps or _deepen(current, user_skill_ids),
            next_step=step,
        )
    similarity, score = move_score(current, target)
    core = target.core_skills()
    return Decision(
        path=classify(score),
        current=current,
        target=target,
        similarity=similarity,
        overlap=coverage(core, have),
        have_count=sum(1 for skill in core if skill.skill_id in have),
        core_count=len(core),
        gaps=gaps_for(core, have),
    )


def _deepen(current: RoleProfile, user_skill_ids: set[int]) -> list[Gap]:
    """Skills to deepen in the current role: the core skills the user did not claim,
    or, when they claimed them all (or none), the three most important ones."""
    core = current.core_skills()
    unclaimed = [skill for skill in core if skill.skill_id not in user_skill_ids]
    chosen = unclaimed if user_skill_ids and unclaimed else core[:3]
    return [Gap(skill.skill_id, skill.name, skill.importance) for skill in chosen[:5]]
