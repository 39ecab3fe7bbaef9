"""Load an organisation's course catalog from CSV or JSON, all or nothing.

Every row is validated before anything is written; each problem is reported with the
row it is on and the column it concerns. The embedded sample catalog goes through the
same validation (``bot.catalog.seeding``), so the sample can never hold what an import would
refuse.

Reading the file is ``bot.catalog.course_files``; here rows are validated and written.
Skills are matched case-insensitively on skill names and synonyms; ``entry_for`` names
role codes of the catalog exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from bot.catalog.course_files import RawRow, read_course_file
from bot.storage import models
from bot.storage.models import Course, CourseEntryRole, CourseSkill, Role, Skill, SkillSynonym

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


@dataclass(frozen=True)
class RowError:
    """One problem in one row: ``where`` is "line 4" for CSV, "item 3" for JSON."""

    where: str
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}, column '{self.column}': {self.message}"


class CourseValidationError(ValueError):
    """Some rows are invalid; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in the course file; nothing was imported")


@dataclass
class CourseRecord:
    """A validated course row, ready to be written (the write side: description and ``active``
    included; ``bot.catalog.course_search.CatalogCourse`` is the course as the advisor reads it)."""

    code: str
    title: str
    provider: str
    description: str
    format: str
    duration_hours: Decimal
    cost: Decimal
    currency: str
    level: str
    credential: str
    language: str
    url: str | None
    active: bool
    skill_ids: list[int] = field(default_factory=list)
    audience: str = "anyone"
    employer: str | None = None
    weekly_hours: Decimal | None = None
    paid_work: bool = False
    #: Ids of the roles the course is an entry credential of.
    entry_role_ids: list[int] = field(default_factory=list)


@dataclass
class CourseImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _vocabulary(value: Any, allowed: tuple[str, ...], default: str | None) -> str | None:
    """Accept friendly spellings ("Online self-paced") of a vocabulary value."""
    text = _text(value).lower().replace("-", "_").replace(" ", "_")
    if not text:
        return default
    return text if text in allowed else None


def _decimal(value: Any) -> Decimal | None:
    text = _text(value).replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _skill_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [_text(item) for item in value if _text(item)]
    return [part.strip() for part in _text(value).split(";") if part.strip()]


class _RowValidator:
    """Collects every problem of one row instead of stopping at the first."""

    def __init__(self, raw: RawRow, skill_lookup: Mapping[str, int], role_ids: Mapping[str, int]):
        self.raw = raw
        self.skill_lookup = skill_lookup
        self.role_ids = role_ids
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.raw.where, column, message))

    def required_text(self, column: str, max_length: int) -> str:
        text = _text(self.raw.values.get(column))
        if not text:
            self.fail(column, "is empty")
        elif len(text) > max_length:
            self.fail(column, f"is longer than {max_length} characters")
        return text

    def vocabulary(self, column: str, allowed: tuple[str, ...], default: str | None) -> str:
        value = _vocabulary(self.raw.values.get(column), allowed, default)
        if value is None:
            given = _text(self.raw.values.get(column))
            self.fail(column, f"'{given}' is not one of: {', '.join(allowed)}" if given else "is empty")
            return ""
        return value

    def amount(self, column: str, *, positive: bool, places: int) -> Decimal:
        given = _text(self.raw.values.get(column))
        number = _decimal(given)
        if number is None:
            self.fail(column, f"'{given}' is not a number" if given else "is empty")
            return Decimal(0)
        if positive and number <= 0:
            self.fail(column, f"must be greater than 0 (got {given})")
        elif number < 0:
            self.fail(column, f"must not be negative (got {given})")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            self.fail(column, f"has more than {places} decimal places (got {given})")
        return number

    def skills(self) -> list[int]:
        names = _skill_list(self.raw.values.get("skills"))
        if not names:
            self.fail("skills", "lists no skill; name at least one skill the course teaches")
        ids: list[int] = []
        unknown = []
        for name in names:
            skill_id = self.skill_lookup.get(name.casefold())
            if skill_id is None:
                unknown.append(name)
            elif skill_id not in ids:
                ids.append(skill_id)
        if unknown:
            self.fail("skills", f"unknown skill(s): {', '.join(unknown)} (add them to the catalog first)")
        return ids

    def flag(self, column: str, default: bool) -> bool:
        value = self.raw.values.get(column)
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if not text:
            return default
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self.fail(column, f"'{text}' is not true/false")
        return default

    def audience(self) -> tuple[str, str | None]:
        """The audience and, for "employer" courses, the employer's name (required then only)."""
        audience = self.vocabulary("audience", models.AUDIENCES, "anyone")
        employer = _text(self.raw.values.get("employer")) or None
        if audience == "employer" and employer is None:
            self.fail("employer", "is empty; name the employer whose staff may take an 'employer' course")
        elif audience and audience != "employer" and employer is not None:
            self.fail("employer", f"is only for audience 'employer' (this course is for '{audience}')")
        elif employer is not None and len(employer) > 200:
            self.fail("employer", "is longer than 200 characters")
        return audience, employer

    def weekly_hours(self) -> Decimal | None:
        given = _text(self.raw.values.get("weekly_hours"))
        if not given or given.lower() in {"null", "none"}:
            return None
        number = _decimal(given)
        if number is None:
            self.fail("weekly_hours", f"'{given}' is not a number")
            return None
        if not 0 < number <= models.MAX_WEEKLY_HOURS:
            self.fail(
                "weekly_hours", f"must be more than 0 and at most {models.MAX_WEEKLY_HOURS} (got {given})"
            )
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -1:
            self.fail("weekly_hours", f"has more than 1 decimal place (got {given})")
        return number

    def entry_roles(self) -> list[int]:
        codes = _skill_list(self.raw.values.get("entry_for"))
        unknown = [code for code in codes if code not in self.role_ids]
        if unknown:
            self.fail(
                "entry_for",
                f"unknown role code(s): {', '.join(unknown)} (add the roles to the catalog first)",
            )
        ids: list[int] = []
        for code in codes:
            role_id = self.role_ids.get(code)
            if role_id is not None and role_id not in ids:
                ids.append(role_id)
        return ids

    def record(self) -> CourseRecord:
        values = self.raw.values
        url = _text(values.get("url")) or None
        if url and not url.startswith(("https://", "http://")):
            self.fail("url", "must start with https:// or http://")
        language = _text(values.get("language")).lower() or "en"
        if not (2 <= len(language) <= 8 and language.replace("-", "").isalpha()):
            self.fail("language", f"'{language}' is not a language code such as en, es or pt-br")
        currency = _text(values.get("currency")).upper()
        if currency not in models.CURRENCIES:
            self.fail("currency", f"unknown currency '{currency}'; use one of {', '.join(models.CURRENCIES)}")
        audience, employer = self.audience()
        return CourseRecord(
            code=self.required_text("code", 64),
            title=self.required_text("title", 250),
            provider=self.required_text("provider", 200),
            description=_text(values.get("description")),
            format=self.vocabulary("format", models.COURSE_FORMATS, None),
            duration_hours=self.amount("duration_hours", positive=True, places=1),
            cost=self.amount("cost", positive=False, places=2),
            currency=currency,
            level=self.vocabulary("level", models.COURSE_LEVELS, "beginner"),
            credential=self.vocabulary("credential", models.CREDENTIAL_TYPES, "none"),
            language=language,
            url=url,
            active=self.flag("active", True),
            skill_ids=self.skills(),
            audience=audience,
            employer=employer,
            weekly_hours=self.weekly_hours(),
            paid_work=self.flag("paid_work", False),
            entry_role_ids=self.entry_roles(),
        )


def validate_courses(
    rows: list[RawRow], skill_lookup: Mapping[str, int], role_ids: Mapping[str, int] | None = None
) -> list[CourseRecord]:
    """Turn raw rows into records, or raise ``CourseValidationError`` listing every problem.

    ``role_ids`` (role code -> id, :func:`role_lookup`) resolves ``entry_for``; without it
    any ``entry_for`` code is unknown."""
    records: list[CourseRecord] = []
    errors: list[RowError] = []
    first_seen: dict[str, str] = {}
    for raw in rows:
        validator = _RowValidator(raw, skill_lookup, role_ids or {})
        record = validator.record()
        key = record.code.casefold()
        if record.code and key in first_seen:
            validator.fail("code", f"duplicate code '{record.code}' (first used on {first_seen[key]})")
        first_seen.setdefault(key, raw.where)
        errors.extend(validator.errors)
        records.append(record)
    if errors:
        raise CourseValidationError(errors)
    return records


def skill_lookup(connection: Any) -> dict[str, int]:
    """Case-folded skill names and synonyms -> skill id (names win over synonyms)."""
    lookup: dict[str, int] = {}
    for synonym, skill_id in connection.execute(select(SkillSynonym.synonym, SkillSynonym.skill_id)):
        lookup.setdefault(synonym.casefold(), skill_id)
    for name, skill_id in connection.execute(select(Skill.name, Skill.id)):
        lookup[name.casefold()] = skill_id
    return lookup


def role_lookup(connection: Any) -> dict[str, int]:
    """Role code -> role id (codes are matched exactly: they are identifiers)."""
    return {code: role_id for code, role_id in connection.execute(select(Role.code, Role.id))}


_COURSE_FIELDS = (
    "title",
    "provider",
    "description",
    "format",
    "duration_hours",
    "cost",
    "currency",
    "level",
    "credential",
    "language",
    "url",
    "active",
    "audience",
    "employer",
    "weekly_hours",
    "paid_work",
)


def _course_values(record: CourseRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in _COURSE_FIELDS}


def _same(existing: Mapping[str, Any], wanted: Mapping[str, Any]) -> bool:
    for name, value in wanted.items():
        current = existing[name]
        if isinstance(value, Decimal) and current is not None:
            if Decimal(str(current)) != value:
                return False
        elif current != value:
            return False
    return True


def write_courses(connection: Any, records: list[CourseRecord]) -> CourseImportResult:
    """Insert new courses and update changed ones by ``code``, inside the caller's transaction."""
    result = CourseImportResult()
    columns = [Course.id, Course.code, *(getattr(Course, name) for name in _COURSE_FIELDS)]
    existing = {row.code: row._mapping for row in connection.execute(select(*columns))}
    links: dict[int, set[int]] = {}
    for course_id, skill_id in connection.execute(select(CourseSkill.course_id, CourseSkill.skill_id)):
        links.setdefault(course_id, set()).add(skill_id)
    entry_links: dict[int, set[int]] = {}
    for course_id, role_id in connection.execute(select(CourseEntryRole.course_id, CourseEntryRole.role_id)):
        entry_links.setdefault(course_id, set()).add(role_id)
    for record in records:
        values = _course_values(record)
        current = existing.get(record.code)
        if current is None:
            course_id = connection.execute(
                insert(Course).values(code=record.code, **values)
            ).inserted_primary_key[0]
            result.created += 1
            old_skills: set[int] = set()
            old_entry_roles: set[int] = set()
        else:
            course_id = current["id"]
            old_skills = links.get(course_id, set())
            old_entry_roles = entry_links.get(course_id, set())
            if (
                _same(current, values)
                and old_skills == set(record.skill_ids)
                and old_entry_roles == set(record.entry_role_ids)
            ):
                result.unchanged += 1
                continue
            connection.execute(update(Course).where(Course.id == course_id).values(**values))
            result.updated += 1
        _sync_entry_roles(connection, course_id, old_entry_roles, set(record.entry_role_ids))
        new_skills = set(record.skill_ids)
        if old_skills - new_skills:
            connection.execute(
                delete(CourseSkill).where(
                    CourseSkill.course_id == course_id, CourseSkill.skill_id.in_(old_skills - new_skills)
                )
            )
        if new_skills - old_skills:
            connection.execute(
                insert(CourseSkill),
                [
                    {"course_id": course_id, "skill_id": skill_id}
                    for skill_id in sorted(new_skills - old_skills)
                ],
            )
    return result


def _sync_entry_roles(connection: Any, course_id: int, old: set[int], new: set[int]) -> None:
    if old - new:
        connection.execute(
            delete(CourseEntryRole).where(
                CourseEntryRole.course_id == course_id, CourseEntryRole.role_id.in_(old - new)
            )
        )
    if new - old:
        connection.execute(
            insert(CourseEntryRole),
            [{"course_id": course_id, "role_id": role_id} for role_id in sorted(new - old)],
        )


def import_courses(engine: Engine, path: Path, *, dry_run: bool = False) -> CourseImportResult:
    """Validate the whole file, then write it in one transaction (or roll back for ``dry_run``)."""
    rows = read_course_file(path)
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            records = validate_courses(rows, skill_lookup(connection), role_lookup(connection))
            result = write_courses(connection, records)
            result.dry_run = dry_run
            if dry_run:
                transaction.rollback()
            else:
                transaction.commit()
        except BaseException:
            transaction.rollback()
            raise
    return result
