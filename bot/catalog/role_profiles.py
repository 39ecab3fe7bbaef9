"""Roles as the advisor sees them: title, family, level, weighted skills, related roles and the
credentials the catalog curates for them.

Loading is separate from deciding: ``bot.advice.decision`` works on these plain objects and is
tested without a database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.catalog.requirements import CREDENTIAL_KINDS
from bot.storage.models import RelatedRole, Role, RoleRequirement, RoleSkill, Skill

#: How many of a role's most important skills count as its "core" skills.
CORE_SKILL_COUNT = 10
#: Skills rated below this (O*NET 1-5 importance) are never core.
CORE_MIN_IMPORTANCE = 3.0


@dataclass(frozen=True)
class WeightedSkill:
    skill_id: int
    name: str
    importance: float
    #: O*NET's level scale (0-7) the role needs the skill at; ``None`` when not rated.
    level: float | None = None
    #: ``bot.storage.models.SKILL_KINDS``: "skill", "knowledge" or "technology".
    kind: str = "skill"
    #: How rare the skill is across the catalog's roles: ``log(roles / roles with the skill)``
    #: (an IDF). 0 for a skill every role lists (O*NET's Reading Comprehension), high for one
    #: few roles list. ``None`` when not loaded from a catalog; the decision then weighs 1.
    rarity: float | None = None


@dataclass
class RoleProfile:
    id: int
    code: str
    title: str
    family: str | None
    job_zone: int | None
    skills: dict[int, WeightedSkill] = field(default_factory=dict)
    #: related role id -> relatedness tier
    related: dict[int, str] = field(default_factory=dict)
    #: The curated credentials one needs to work in the role (``role_requirements`` of a
    #: ``CREDENTIAL_KINDS`` kind: licence, registration, degree, apprenticeship), as
    #: ``"kind: name"``. Empty for a role the catalog curates none for (every O*NET import): its
    #: job zone is then the only evidence of a degree.
    credentials: frozenset[str] = frozenset()

    def core_skills(self) -> list[WeightedSkill]:
        """The role's most important skills, most important first."""
        ranked = sorted(self.skills.values(), key=lambda skill: (-skill.importance, skill.name))
        core = [skill for skill in ranked if skill.importance >= CORE_MIN_IMPORTANCE][:CORE_SKILL_COUNT]
        return core or ranked[:CORE_SKILL_COUNT]


def _roles_where(connection: Connection, condition) -> list[RoleProfile]:  # type: ignore[no-untyped-def]
    roles = {
        row.id: RoleProfile(row.id, row.code, row.title, row.family, row.job_zone)
        for row in connection.execute(
            select(Role.id, Role.code, Role.title, Role.family, Role.job_zone).where(condition)
        )
    }
    if not roles:
        return []
    skill_rows = connection.execute(
        select(
            RoleSkill.role_id,
            RoleSkill.skill_id,
            Skill.name,
            RoleSkill.importance,
            RoleSkill.level,
            Skill.kind,
        )
        .join(Skill, Skill.id == RoleSkill.skill_id)
        .where(RoleSkill.role_id.in_(list(roles)))
    )
    links = list(skill_rows)
    rarity = _rarity(connection, {row[1] for row in links})
    for role_id, skill_id, name, importance, level, kind in links:
        roles[role_id].skills[skill_id] = WeightedSkill(
            skill_id,
            name,
            float(importance),
            float(level) if level is not None else None,
            kind,
            rarity.get(skill_id),
        )
    related_rows = connection.execute(
        select(RelatedRole.role_id, RelatedRole.related_role_id, RelatedRole.tier).where(
            RelatedRole.role_id.in_(list(roles))
        )
    )
    for role_id, related_id, tier in related_rows:
        roles[role_id].related[related_id] = tier
    credential_rows = connection.execute(
        select(RoleRequirement.role_id, RoleRequirement.kind, RoleRequirement.name).where(
            RoleRequirement.role_id.in_(list(roles)), RoleRequirement.kind.in_(sorted(CREDENTIAL_KINDS))
        )
    )
    credentials: dict[int, set[str]] = {}
    for role_id, kind, name in credential_rows:
        credentials.setdefault(role_id, set()).add(f"{kind}: {name}")
    for role_id, names in credentials.items():
        roles[role_id].credentials = frozenset(names)
    return list(roles.values())


#: Up to this many skills, rarity is counted for those skills only (see ``_rarity``).
_RARITY_IN_LIST_MAX = 500


def _rarity(connection: Connection, skill_ids: set[int]) -> dict[int, float]:
    """skill id -> ``log(roles with any skill / roles with this skill)``, over the whole catalog,
    so the decision can tell the skills nearly every role shares from the discriminating ones."""
    if not skill_ids:
        return {}
    role_count = connection.execute(select(func.count(func.distinct(RoleSkill.role_id)))).scalar_one()
    query = select(RoleSkill.skill_id, func.count(func.distinct(RoleSkill.role_id))).group_by(
        RoleSkill.skill_id
    )
    if len(skill_ids) <= _RARITY_IN_LIST_MAX:
        # one or two roles (an advice request): the skill_id index answers for their skills only
        query = query.where(RoleSkill.skill_id.in_(sorted(skill_ids)))
    # else every role (adjacent roles): one aggregate over all links, not an IN list that could
    # pass SQLite's bound-parameter limit
    return {
        skill_id: math.log(role_count / count)
        for skill_id, count in connection.execute(query)
        if count and skill_id in skill_ids
    }


def load_role(connection: Connection, code: str) -> RoleProfile | None:
    """The role with this catalog code, or ``None``."""
    found = _roles_where(connection, Role.code == code)
    return found[0] if found else None


def load_all_roles(connection: Connection) -> list[RoleProfile]:
    """Every role with its skills (for finding adjacent roles)."""
    return [role for role in _roles_where(connection, Role.id.isnot(None)) if role.skills]
