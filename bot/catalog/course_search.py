"""Find courses that teach given skills within a learner's constraints.

One parameterised SQL query (never string-built SQL): courses that teach at least one of
the wanted skills, filtered by format, level, language, budget and length, ranked by how
many wanted skills they cover, then cheapest, then shortest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Row

from bot.catalog.course_import import skill_lookup
from bot.storage.models import Course, CourseEntryRole, CourseSkill, Role, Skill


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


@dataclass(frozen=True)
class CatalogCourse:
    """An active or retired catalog course as the advisor, the search and the replies see it."""

    id: int
    code: str
    title: str
    provider: str
    format: str
    hours: Decimal
    cost: Decimal
    currency: str
    level: str
    credential: str
    language: str
    url: str | None
    skill_ids: frozenset[int]
    #: Names of every skill the course teaches, alphabetically.
    skill_names: tuple[str, ...] = ()
    #: Who may take it (``bot.vocabulary.AUDIENCES``): "anyone", "employees" of the
    #: organisation running the assistant, or one named ``employer``'s staff.
    audience: str = "anyone"
    employer: str | None = None
    #: Hours a week the programme demands (a full-time bootcamp: 40); ``None``: at one's own pace.
    weekly_hours: Decimal | None = None
    #: Paid work time (apprenticeships, rotations): its hours are not study hours.
    paid_work: bool = False
    #: Codes of the roles this course is an entry credential of (a licence exam review,
    #: the degree that qualifies one): never a way to grow *in* those roles.
    entry_for: frozenset[str] = frozenset()

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "provider": self.provider,
            "format": self.format,
            "hours": float(self.hours),
            "cost": str(self.cost),
            "currency": self.currency,
            "level": self.level,
            "credential": self.credential,
            "url": self.url,
            "skills": list(self.skill_names),
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


_COURSE_COLUMNS = (
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
    Course.language,
    Course.url,
    Course.audience,
    Course.employer,
    Course.weekly_hours,
    Course.paid_work,
)


def search_courses(connection: Connection, wanted: CourseFilter) -> list[CatalogCourse]:
    """Active courses teaching any wanted skill, best coverage first."""
    if not wanted.skill_ids and not wanted.title_contains:
        return []
    matched = func.count(CourseSkill.skill_id).label("matched")
    query = (
        select(*_COURSE_COLUMNS, matched)
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
    return _with_skills(connection, connection.execute(query).all())


def load_courses_for(connection: Connection, skill_ids: Sequence[int]) -> list[CatalogCourse]:
    """Every active course teaching at least one of ``skill_ids``, with all its skills."""
    if not skill_ids:
        return []
    course_ids = select(CourseSkill.course_id).where(CourseSkill.skill_id.in_(list(skill_ids)))
    query = select(*_COURSE_COLUMNS).where(Course.active.is_(True), Course.id.in_(course_ids))
    return _with_skills(connection, connection.execute(query.order_by(Course.id)).all())


def load_courses_by_code(connection: Connection, codes: Sequence[str]) -> list[CatalogCourse]:
    """The courses with these codes (active or not), with their skills."""
    if not codes:
        return []
    query = select(*_COURSE_COLUMNS).where(Course.code.in_(list(codes)))
    return _with_skills(connection, connection.execute(query.order_by(Course.id)).all())


def _entry_roles(connection: Connection, course_ids: list[int]) -> dict[int, set[str]]:
    """Course id -> codes of the roles it is an entry credential of (one query for all)."""
    entry_for: dict[int, set[str]] = {course_id: set() for course_id in course_ids}
    if course_ids:
        links = connection.execute(
            select(CourseEntryRole.course_id, Role.code)
            .join(Role, Role.id == CourseEntryRole.role_id)
            .where(CourseEntryRole.course_id.in_(course_ids))
        )
        for course_id, code in links:
            entry_for[course_id].add(code)
    return entry_for


def _with_skills(connection: Connection, rows: Sequence[Row]) -> list[CatalogCourse]:
    """The rows (in their order) as courses, with the ids and names of the skills they teach
    and the roles they are entry credentials of (two queries, whatever the number of rows)."""
    skills: dict[int, list[tuple[int, str]]] = {row.id: [] for row in rows}
    if rows:
        links = connection.execute(
            select(CourseSkill.course_id, Skill.id, Skill.name)
            .join(Skill, Skill.id == CourseSkill.skill_id)
            .where(CourseSkill.course_id.in_(list(skills)))
            .order_by(Skill.name)
        )
        for course_id, skill_id, name in links:
            skills[course_id].append((skill_id, name))
    entry_for = _entry_roles(connection, list(skills))
    return [
        CatalogCourse(
            id=row.id,
            code=row.code,
            title=row.title,
            provider=row.provider,
            format=row.format,
            hours=Decimal(str(row.duration_hours)),
            cost=Decimal(str(row.cost)),
            currency=row.currency,
            level=row.level,
            credential=row.credential,
            language=row.language,
            url=row.url,
            skill_ids=frozenset(skill_id for skill_id, _ in skills[row.id]),
            skill_names=tuple(name for _, name in skills[row.id]),
            audience=row.audience,
            employer=row.employer,
            weekly_hours=Decimal(str(row.weekly_hours)) if row.weekly_hours is not None else None,
            paid_work=bool(row.paid_work),
            entry_for=frozenset(entry_for[row.id]),
        )
        for row in rows
    ]


def skill_ids_of(matches: Sequence[SkillMatch]) -> tuple[int, ...]:
    """The distinct ids of the skills that were understood, in request order."""
    seen: list[int] = []
    for match in matches:
        if match.skill_id is not None and match.skill_id not in seen:
            seen.append(match.skill_id)
    return tuple(seen)


def known_skill_ids(connection: Connection, names: Iterable[str]) -> frozenset[int]:
    """The catalog skills among ``names`` (names, synonyms, small typos); others are ignored.

    Runs on every advice turn: without names, the skill table is not read at all."""
    wanted = list(names)
    if not wanted:
        return frozenset()
    return frozenset(skill_ids_of(SkillNames(connection).match_all(wanted)))
