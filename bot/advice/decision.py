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

from bot.advice.learning_path import Constraints, Gap, LearningPath
from bot.catalog.role_profiles import RoleProfile, WeightedSkill
from bot.vocabulary import UNSURE, money_text

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


def constraints_for(decision: Decision, base: Constraints) -> Constraints:
    """Prefer deeper courses when upskilling, foundations when reskilling."""
    levels = ("intermediate", "advanced") if decision.path == "upskill" else ("beginner", "intermediate")
    return Constraints(
        hours_per_week=base.hours_per_week,
        budget=base.budget,
        formats=base.formats,
        language=base.language,
        max_courses=base.max_courses,
        preferred_levels=base.preferred_levels or levels,
        max_course_hours=base.max_course_hours,
        exclude_codes=base.exclude_codes,
    )


def _names(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _article(title: str) -> str:
    return f"an {title}" if title[:1].lower() in "aeiou" else f"a {title}"


PATH_MEANING = {
    "upskill": (
        "Upskilling usually means shorter, skill-specific learning (weeks to a few months) "
        "alongside your job: online courses, workshops, badges or a vendor certification."
    ),
    "reskill": (
        "Reskilling usually takes longer (several months, sometimes a year or more) and is "
        "more comprehensive: bootcamps, certificate programmes or an apprenticeship are typical."
    ),
    "both": (
        "This is a borderline move: part of it is upskilling what you already do, part is "
        "reskilling into new ground, so expect a mix of short courses and a longer programme."
    ),
}


def explain(decision: Decision, path: LearningPath | None = None) -> str:
    """Plain words, with the numbers the decision rests on."""
    current = decision.current.title
    top_missing = [gap.name for gap in decision.gaps[:3]]
    sentences = []
    if decision.target is not None:
        target = decision.target.title
        verdict = {
            "upskill": f"Moving from {current} to {target} is mostly upskilling",
            "reskill": f"Moving from {current} to {target} is reskilling",
            "both": f"Moving from {current} to {target} is a mix of upskilling and reskilling",
        }[decision.path]
        sentences.append(
            f"{verdict}: the two roles share about {round(decision.similarity * 100)}% of their core "
            f"skills (weighted by importance)."
        )
        sentences.append(
            f"You already have about {decision.have_count} of the {decision.core_count} core skills "
            f"of {_article(target)} ({round(decision.overlap * 100)}% by importance)."
        )
        if top_missing:
            sentences.append(f"The most important ones to add are {_names(top_missing)}.")
        sentences.append(PATH_MEANING[decision.path])
    elif decision.options:
        options = [
            f"{option.role.title} ({round(option.overlap * 100)}% overlap)" for option in decision.options
        ]
        sentences.append(
            f"Not sure yet is fine. Staying a {current} and upskilling is one way; "
            f"the roles closest to your skills, if you want to reskill, are {_names(options)}."
        )
        if top_missing:
            sentences.append(f"To grow where you are, deepen {_names(top_missing)}.")
    else:
        if decision.next_step is not None and decision.gaps:
            sentences.append(
                f"Growing as {_article(current)} is upskilling. A natural next step is "
                f"{decision.next_step.title}: you have about {decision.have_count} of its "
                f"{decision.core_count} core skills; the most important to add are {_names(top_missing)}."
            )
        else:
            sentences.append(
                f"Growing as {_article(current)} is upskilling: deepen your most important skills, "
                f"{_names(top_missing)}."
            )
        sentences.append(PATH_MEANING["upskill"])
    if path is not None and path.courses:
        costs = ", ".join(
            money_text(amount, currency, always_cents=True) for currency, amount in path.total_cost().items()
        )
        timing = f", about {path.weeks} weeks at {path.hours_per_week:g} hours a week" if path.weeks else ""
        sentences.append(
            f"The suggested path has {len(path.courses)} course(s): "
            f"{float(path.total_hours):g} hours in total, {costs}{timing}."
        )
    return " ".join(sentences)
