"""The upskill-or-reskill decision and the skill gaps it leaves.

Grounded in the source articles: upskilling deepens skills for the current role or field
(usually shorter and skill-specific: micro-credentials, badges, vendor certifications);
reskilling learns a different skill base for a different role (often longer: bootcamps,
certificates, apprenticeships).

The decision rests on *discriminating* evidence. O*NET rates broad basic skills (Reading
Comprehension, Active Listening, Speaking ...) as important for most office roles, so a plain
share of shared skills makes unrelated office roles look alike. Each skill is therefore weighted
by its importance times its rarity across the catalog (an IDF, ``WeightedSkill.rarity``), the
overlap is measured separately for skills, knowledge areas and technologies, and the job family,
O*NET's related-occupation tier and the job-zone step are added. The weights and thresholds are
fitted on a labelled set of moves (``eval/decision_accuracy.py --fit``).

A credential is not a skill: a move into a role that needs a licence, registration, degree or
apprenticeship the current role does not have (the catalog's curated ``role_requirements``) is
never plain upskilling, however much of the work carries over (LPN to RN, bookkeeper to
accountant): it is "both" at most, the shared skills deepened and the credential earned in a
formal programme. The score still tells "both" from "reskill".

A person in a role is taken to have its skills at the role's level. Growing where they are means
going beyond it: deepening the role's skills above its level, its in-demand technologies, and the
skills of the natural next-step role.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from bot.advice.learning_path import Gap
from bot.catalog.role_profiles import CORE_MIN_IMPORTANCE, RoleProfile, WeightedSkill
from bot.vocabulary import UNSURE

#: Tiers of O*NET's related occupations that count as a natural next step.
CLOSE_TIERS = ("primary_short", "primary_long")
#: The evidence the move score adds up, in this order (``move_features``).
FEATURES = (
    "skill_overlap",
    "knowledge_overlap",
    "technology_overlap",
    "close_related",
    "other_related",
    "zone_step",
)
#: Not weighed: 1.0 when the target needs a curated credential the current role lacks, which
#: caps the decision at "both" (``classify``).
NEW_CREDENTIAL = "new_credential"
# Fitted by eval/decision_accuracy.py --fit (ordinal logistic regression, thresholds tuned for
# accuracy with the credential cap applied) on the 115 pairs of
# tests/bot/advice/decision_pairs.yaml, on the sample catalog and on the sample catalog with
# O*NET 29.3 imported together, so one set serves both. Training accuracy 0.833 (0.849 sample,
# 0.817 O*NET), leave-one-pair-out 0.787; without the credential cap the same constants gave
# 0.783 and 0.738 (the refit with the cap did not move them): see docs/evaluation.md.
# O*NET's related-occupation tier carries most of the weight; of the overlaps, knowledge areas
# and technologies count more than O*NET's broad basic skills. Re-run the script after
# changing the features, the cap or the labelled set.
WEIGHTS = {
    "skill_overlap": 0.101,
    "knowledge_overlap": 0.266,
    "technology_overlap": 0.216,
    "close_related": 1.093,
    "other_related": 0.765,
    "zone_step": -0.191,
}
UPSKILL_FROM = 0.801
RESKILL_BELOW = 0.684
#: A target's skill the current role also has is a gap only when the target needs it this much
#: higher on O*NET's 0-7 level scale (a clearly higher level, not rating noise).
LEVEL_MARGIN = 1.0
#: In-demand (4.0) and hot (3.5) technologies, as the O*NET importer rates them.
HOT_TECHNOLOGY_FROM = 3.5
#: How many skills to deepen and technologies to add when growing in the role.
DEEPEN_COUNT = 4
TECHNOLOGY_COUNT = 4


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
    #: Rarity- and importance-weighted share of the target's skills the current role has,
    #: ignoring the user's own skills (generic skills every role lists count for ~nothing).
    similarity: float
    #: Importance-weighted share of ``core_count`` core skills the user already has.
    overlap: float
    #: ``have_count`` of the ``core_count`` core skills (of the target, the next-step role, or
    #: the current role when growing in place) are had; the other ``core_count - have_count``
    #: are exactly the gaps whose source is "target" / "next_step".
    have_count: int
    core_count: int
    gaps: list[Gap]
    options: list[RoleOption] = field(default_factory=list)
    next_step: RoleProfile | None = None
    #: The move score the path was decided on (``move_score``), for the record.
    score: float = 0.0
    #: Why ``next_step`` is the natural next step (family, job zones, O*NET tier).
    next_step_reason: str | None = None
    #: The target's curated credentials (``"kind: name"``) the current role lacks, sorted; any
    #: of them keeps the path from being "upskill".
    new_credentials: tuple[str, ...] = ()

    def gaps_from(self, source: str) -> list[Gap]:
        """The gaps of one ``GAP_SOURCES`` source, most important first."""
        return [gap for gap in self.gaps if gap.source == source]


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


def evidence_weight(skill: WeightedSkill) -> float:
    """How much sharing this skill says about two roles: importance times rarity."""
    rarity = 1.0 if skill.rarity is None else skill.rarity
    return skill.importance * rarity


def carried_over(
    current: RoleProfile, target: RoleProfile, user_skill_ids: AbstractSet[int] = frozenset(), count: int = 3
) -> list[str]:
    """What the person brings to the target: its skills the current role has or they named,
    the most telling (importance times rarity) first. A coach builds on these."""
    have = set(current.skills) | set(user_skill_ids)
    shared = [skill for skill in target.skills.values() if skill.skill_id in have]
    shared.sort(key=lambda skill: (-evidence_weight(skill), skill.name))
    return [skill.name for skill in shared[:count]]


def weighted_overlap(skills: Sequence[WeightedSkill], have: set[int]) -> float | None:
    """Evidence-weighted share of ``skills`` in ``have``; ``None`` when they weigh nothing."""
    total = sum(evidence_weight(skill) for skill in skills)
    if total <= 0:
        return None
    return sum(evidence_weight(skill) for skill in skills if skill.skill_id in have) / total


def new_credentials(current: RoleProfile, target: RoleProfile) -> frozenset[str]:
    """The target's curated credentials the current role does not have (``RoleProfile.credentials``).

    Only curated rows count: an O*NET-only role has none, and its job zone's "a bachelor's degree
    is usually needed" was tried as the same cap and did not help (docs/evaluation.md).
    """
    return target.credentials - current.credentials


def move_features(current: RoleProfile, target: RoleProfile) -> dict[str, float]:
    """The evidence for one move, each in about 0..1 (``FEATURES``, and ``NEW_CREDENTIAL``).

    An overlap per kind, so the many technologies of an O*NET role do not drown its knowledge
    areas; a kind the target lacks takes the overall overlap. The tiers are read both ways
    (O*NET lists related occupations from either end).
    The job family is left out: with O*NET imported it is the SOC major group, on the sample
    catalog an editorial family, so it would not mean the same on both.
    """
    have = set(current.skills)
    skills = list(target.skills.values())
    overall = weighted_overlap(skills, have) or 0.0
    per_kind = {}
    for kind in ("skill", "knowledge", "technology"):
        share = weighted_overlap([skill for skill in skills if skill.kind == kind], have)
        per_kind[kind] = overall if share is None else share
    tiers = {current.related.get(target.id), target.related.get(current.id)}
    zone_step = (
        (target.job_zone or 0) - (current.job_zone or 0) if current.job_zone and target.job_zone else 0
    )
    return {
        "skill_overlap": per_kind["skill"],
        "knowledge_overlap": per_kind["knowledge"],
        "technology_overlap": per_kind["technology"],
        "close_related": 1.0 if tiers & set(CLOSE_TIERS) else 0.0,
        "other_related": 1.0 if "supplemental" in tiers and not tiers & set(CLOSE_TIERS) else 0.0,
        "zone_step": float(abs(zone_step)),
        NEW_CREDENTIAL: 1.0 if new_credentials(current, target) else 0.0,
    }


def similarity_of(current: RoleProfile, target: RoleProfile) -> float:
    """Evidence-weighted share of the target's skills the current role has (0..1)."""
    return weighted_overlap(list(target.skills.values()), set(current.skills)) or 0.0


def move_score(current: RoleProfile, target: RoleProfile) -> tuple[float, float]:
    """(role similarity, score used for the decision) of moving from current to target."""
    features = move_features(current, target)
    score = sum(WEIGHTS[name] * features[name] for name in FEATURES)
    return similarity_of(current, target), score


def classify(score: float, needs_new_credential: bool = False) -> str:
    """The path for a move score; a move that needs a new credential is "both" at most."""
    if score >= UPSKILL_FROM:
        return "both" if needs_new_credential else "upskill"
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
    # A "primary_short" move (O*NET: the most common next jobs) before a longer-term one, then
    # the most similar; the title breaks ties so the choice never depends on order.
    return max(
        steps,
        key=lambda role: (
            current.related[role.id] == "primary_short",
            similarity_of(current, role),
            role.title,
        ),
    )


def next_step_reason(current: RoleProfile, step: RoleProfile) -> str:
    """Why ``step`` is the natural next step, in plain words."""
    tier = current.related.get(step.id, "")
    how = "a common next move" if tier == "primary_short" else "a usual longer-term move"
    return f"{how} from {current.title}: the same line of work, one level up"


def adjacent_roles(
    current: RoleProfile, roles: Sequence[RoleProfile], have: set[int], count: int = 3
) -> list[RoleOption]:
    """Other roles whose core skills the user covers best (a related role breaks ties).

    Never a step down: a role in a lower job zone than the current one (an entry-level job for
    an experienced manager) is only offered when nothing at the same level or above is left."""
    scored = []
    for role in roles:
        if role.id == current.id or not role.skills:
            continue
        core = role.core_skills()
        share = coverage(core, have)
        bonus = 0.05 if current.related.get(role.id) in CLOSE_TIERS else 0.0
        step_down = (role.job_zone or 0) < (current.job_zone or 0)
        scored.append((step_down, share + bonus, share, role, core))
    scored.sort(key=lambda item: (item[0], -item[1], item[3].title))
    return [
        RoleOption(RoleRef(role.code, role.title), share, tuple(gap.name for gap in gaps_for(core, have)[:3]))
        for _, _, share, role, core in scored[:count]
    ]


@dataclass(frozen=True)
class CoreGaps:
    """A role's core skills split into what the person has and what they lack: one set, so
    the counts and the gaps can never disagree."""

    core: list[WeightedSkill]
    gaps: list[Gap]

    @property
    def have_count(self) -> int:
        return len(self.core) - len(self.gaps)

    @property
    def overlap(self) -> float:
        total = sum(skill.importance for skill in self.core)
        missing = sum(gap.importance for gap in self.gaps)
        return (total - missing) / total if total else 0.0


def core_gaps(current: RoleProfile, target: RoleProfile, user_skill_ids: set[int], source: str) -> CoreGaps:
    """The target's core skills the person lacks.

    A skill of the current role counts at the current role's level: it is a gap only when the
    target needs a clearly higher level (then only a course above the current level closes it).
    A skill the user named counts as had.
    """
    core = target.core_skills()
    gaps = []
    for skill in core:
        own = current.skills.get(skill.skill_id)
        if own is not None:
            if own.level is not None and skill.level is not None and skill.level - own.level >= LEVEL_MARGIN:
                gaps.append(
                    Gap(skill.skill_id, skill.name, skill.importance, above_level=own.level, source=source)
                )
        elif skill.skill_id not in user_skill_ids:
            gaps.append(Gap(skill.skill_id, skill.name, skill.importance, source=source))
    return CoreGaps(core, gaps)


def deepen_gaps(current: RoleProfile, user_skill_ids: AbstractSet[int] = frozenset()) -> list[Gap]:
    """The role's most important skills to take above the role's level.

    Ranked by importance times rarity, so a nurse deepens patient care before reading
    comprehension, with the skills the person named first (their own stack: a Python
    developer deepens Python, not the role's Java). A technology is deepened only when the
    person named it: a role's tools vary from job to job, so one they did not name is not
    assumed known (``technology_gaps`` offers the in-demand ones to learn). Only skills with a
    known level: the planner needs a level to go above, and without one a course could
    re-teach what the person already does.
    """
    rated = [
        skill
        for skill in current.skills.values()
        if skill.level is not None
        and skill.importance >= CORE_MIN_IMPORTANCE
        and (skill.kind != "technology" or skill.skill_id in user_skill_ids)
    ]
    ranked = sorted(
        rated,
        key=lambda skill: (
            skill.skill_id not in user_skill_ids,
            -evidence_weight(skill),
            -skill.importance,
            skill.name,
        ),
    )
    chosen = ranked[:DEEPEN_COUNT]
    return [
        Gap(skill.skill_id, skill.name, skill.importance, above_level=skill.level, source="deepen")
        for skill in chosen
    ]


def technology_gaps(current: RoleProfile, user_skill_ids: set[int]) -> list[Gap]:
    """The role's in-demand and hot technologies the user did not name, most wanted first: the
    tools employers ask of the role now, which its holders may not have learned yet."""
    hot = [
        skill
        for skill in current.skills.values()
        if skill.kind == "technology"
        and skill.importance >= HOT_TECHNOLOGY_FROM
        and skill.skill_id not in user_skill_ids
    ]
    # In demand (in this occupation's postings) before hot (in postings across occupations),
    # then the rarer first: the role's own tools before everyday office software.
    hot.sort(key=lambda skill: (-skill.importance, -evidence_weight(skill), skill.name))
    # A level, where the catalog rates one (the sample data does), is the person's own level.
    return [
        Gap(skill.skill_id, skill.name, skill.importance, above_level=skill.level, source="technology")
        for skill in hot[:TECHNOLOGY_COUNT]
    ]


def _growth(
    current: RoleProfile, user_skill_ids: set[int], step: RoleProfile | None
) -> tuple[CoreGaps, list[Gap]]:
    """(the core set the counts describe, all gaps) of growing in the current role.

    With a next-step role the counts describe its core skills and its gaps come first; without
    one they describe the current role's core, which the person has by definition.
    """
    deepen = deepen_gaps(current, user_skill_ids)
    deepened = {gap.skill_id for gap in deepen}
    growth = deepen + [
        gap for gap in technology_gaps(current, user_skill_ids) if gap.skill_id not in deepened
    ]
    if step is None:
        return CoreGaps(current.core_skills(), []), growth
    towards = core_gaps(current, step, user_skill_ids, "next_step")
    taken = {gap.skill_id for gap in towards.gaps}
    return towards, towards.gaps + [gap for gap in growth if gap.skill_id not in taken]


def decide(
    current: RoleProfile,
    target: RoleProfile | None,
    goal: str,
    user_skill_ids: set[int],
    all_roles: Sequence[RoleProfile] = (),
) -> Decision:
    """Upskill, reskill or both, with the numbers behind it."""
    if target is None or target.id == current.id:
        step = next_step_role(current, all_roles)
        counted, gaps = _growth(current, user_skill_ids, step)
        unsure = goal == UNSURE and target is None
        if unsure:  # "to grow where you are, deepen ...": the role's own growth leads
            gaps = [gap for gap in gaps if gap.source != "next_step"] + [
                gap for gap in gaps if gap.source == "next_step"
            ]
        return Decision(
            path="both" if unsure else "upskill",
            current=current,
            target=None,
            similarity=similarity_of(current, step) if step else 1.0,
            overlap=counted.overlap,
            have_count=counted.have_count,
            core_count=len(counted.core),
            gaps=gaps,
            options=adjacent_roles(current, all_roles, set(current.skills) | user_skill_ids)
            if unsure
            else [],
            next_step=step,
            next_step_reason=next_step_reason(current, step) if step else None,
        )
    similarity, score = move_score(current, target)
    counted = core_gaps(current, target, user_skill_ids, "target")
    credentials = tuple(sorted(new_credentials(current, target)))
    return Decision(
        path=classify(score, needs_new_credential=bool(credentials)),
        current=current,
        target=target,
        similarity=similarity,
        overlap=counted.overlap,
        have_count=counted.have_count,
        core_count=len(counted.core),
        gaps=counted.gaps,
        score=score,
        new_credentials=credentials,
    )
