"""Find courses that teach given skills within a learner's constraints.

One parameterised SQL query (never string-built SQL): courses that teach at least one of
the wanted skills, filtered by format, level, language, budget and length, ranked by how
many wanted skills they cover, then cheapest, then shortest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.catalog.course_import import skill_lookup
from bot.storage.models import Course, CourseSkill, Skill


@dataclass(frozen=True)
class CourseFilter:
    """What the learner wants; ``None`` or empty means "no limit"."""

    skill_ids: tuple[int, ...]
    max_cost: Decimal | None = None
    max_hours: Decimal | None = None
    formats: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    language: str | None = None
    title_contains: str | None = None
    limit: int = 10


@dataclass
class CourseHit:
    code: str
    title: str
    provider: str
    format: str
    duration_hours: Decimal
    cost: Decimal
    currency: str
    level: str
    credential: str
    url: str | None
    matched_skill_count: int
    skills: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "provider": self.provider,
            "format": self.format,
            "hours": float(self.duration_hours),
            "cost": str(self.cost),
            "currency": self.currency,
            "level": self.level,
            "credential": self.credential,
            "url": self.url,
            "skills": self.skills,
        }


@dataclass
class SkillMatch:
    """How one requested skill name was understood."""

    requested: str
    skill_id: int | None
    name: str | None


class SkillNames:
    """Case-insensitive skill lookup on names and synonyms, with typo tolerance."""

    FUZZY_CUTOFF = 88.0

    def __init__(self, connection: Connection):
        self._lookup = skill_lookup(connection)
        self._keys = list(self._lookup)
        self._names = {skill_id: name for skill_id, name in connection.execute(select(Skill.id, Skill.name))}

    def match(self, requested: str) -> SkillMatch:
        key = " ".join(requested.split()).casefold()
        skill_id = self._lookup.get(key)
        if skill_id is None and key and self._keys:
            found = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=self.FUZZY_CUTOFF)
            if found is not None:
                skill_id = self._lookup[found[0]]
        return SkillMatch(requested, skill_id, self._names.get(skill_id) if skill_id is not None else None)

    def match_all(self, requested: Iterable[str]) -> list[SkillMatch]:
        return [self.match(name) for name in requested if name.strip()]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_courses(connection: Connection, wanted: CourseFilter) -> list[CourseHit]:
    """Active courses teaching any wanted skill, best coverage first."""
    if not wanted.skill_ids and not wanted.title_contains:
        return []
    matched = func.count(CourseSkill.skill_id).label("matched")
    query = (
        select(
            Course.id,
            Course.code,
            Course.title,
            Course.provider,
            Course.format,
            Course.duration_hours,
            Course.cost,
            Course.currency,
            Course.level,
            Course.credential,
            Course.url,
            matched,
        )
        .join(CourseSkill, CourseSkill.course_id == Course.id)
        .where(Course.active.is_(True))
        .group_by(Course.id)
        .order_by(matched.desc(), Course.cost, Course.duration_hours, Course.title)
        .limit(max(1, min(wanted.limit, 100)))
    )
    if wanted.skill_ids:
        query = query.where(CourseSkill.skill_id.in_(wanted.skill_ids))
    if wanted.title_contains:
        pattern = f"%{_escape_like(wanted.title_contains.lower())}%"
        query = query.where(func.lower(Course.title).like(pattern, escape="\\"))
    if wanted.max_cost is not None:
        query = query.where(Course.cost <= wanted.max_cost)
    if wanted.max_hours is not None:
        query = query.where(Course.duration_hours <= wanted.max_hours)
    if wanted.formats:
        query = query.where(Course.format.in_(wanted.formats))
    if wanted.levels:
        query = query.where(Course.level.in_(wanted.levels))
    if wanted.language:
        query = query.where(Course.language == wanted.language)
    rows = connection.execute(query).all()
    hits = {
        row.id: CourseHit(
            code=row.code,
            title=row.title,
            provider=row.provider,
            format=row.format,
            duration_hours=Decimal(str(row.duration_hours)),
            cost=Decimal(str(row.cost)),
            currency=row.currency,
            level=row.level,
            credential=row.credential,
            url=row.url,
            matched_skill_count=row.matched,
        )
        for row in rows
    }
    _attach_skill_names(connection, hits)
    return list(hits.values())


def _attach_skill_names(connection: Connection, hits: dict[int, CourseHit]) -> None:
    if not hits:
        return
    rows = connection.execute(
        select(CourseSkill.course_id, Skill.name)
        .join(Skill, Skill.id == CourseSkill.skill_id)
        .where(CourseSkill.course_id.in_(list(hits)))
        .order_by(Skill.name)
    )
    for course_id, name in rows:
        hits[course_id].skills.append(name)


def skill_ids_of(matches: Sequence[SkillMatch]) -> tuple[int, ...]:
    """The distinct ids of the skills that were understood, in request order."""
    seen: list[int] = []
    for match in matches:
        if match.skill_id is not None and match.skill_id not in seen:
            seen.append(match.skill_id)
    return tuple(seen)
