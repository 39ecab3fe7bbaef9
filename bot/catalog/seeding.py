"""Load the embedded sample catalog (``bot/catalog/seed/*.yaml``) into a migrated database.

Idempotent: running it again changes nothing unless the YAML changed, and then it
updates rows in place by their natural keys (skill name, role code, course code). Roles
that an O*NET import has taken over (``source='onet'``) keep the O*NET data; only the
sample's extra aliases and links are added to them. Role requirements (licences, degrees)
are the sample's own facts and are kept in step with the YAML for every role.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine

from bot.catalog.course_import import (
    CourseImportResult,
    RawRow,
    role_lookup,
    skill_lookup,
    validate_courses,
    write_courses,
)
from bot.storage.models import (
    REQUIREMENT_KINDS,
    RelatedRole,
    Role,
    RoleAlias,
    RoleRequirement,
    RoleSkill,
    Skill,
    SkillSynonym,
)

SEED_DIR = Path(__file__).resolve().parent / "seed"


class SeedDataError(ValueError):
    """The sample YAML is inconsistent (a bug in the project's own data)."""


@dataclass
class SeedSummary:
    skills_created: int = 0
    roles_created: int = 0
    roles_updated: int = 0
    requirements_written: int = 0
    courses: CourseImportResult | None = None


def load_yaml(name: str, seed_dir: Path = SEED_DIR) -> dict[str, Any]:
    with (seed_dir / name).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise SeedDataError(f"{name}: expected a mapping at the top level")
    return data


def _upsert_skills(connection: Connection, skills: list[dict[str, Any]], summary: SeedSummary) -> None:
    existing = {
        name.casefold(): skill_id for name, skill_id in connection.execute(select(Skill.name, Skill.id))
    }
    synonyms = {
        (skill_id, synonym.casefold())
        for skill_id, synonym in connection.execute(select(SkillSynonym.skill_id, SkillSynonym.synonym))
    }
    for skill in skills:
        name = skill["name"].strip()
        skill_id = existing.get(name.casefold())
        if skill_id is None:
            skill_id = connection.execute(
                insert(Skill).values(
                    name=name, kind=skill.get("kind", "skill"), description=skill.get("description", "")
                )
            ).inserted_primary_key[0]
            existing[name.casefold()] = skill_id
            summary.skills_created += 1
        new_synonyms = []
        for synonym in skill.get("synonyms") or []:
            key = (skill_id, str(synonym).casefold())
            if key not in synonyms:
                synonyms.add(key)
                new_synonyms.append({"skill_id": skill_id, "synonym": str(synonym).strip()})
        if new_synonyms:
            connection.execute(insert(SkillSynonym), new_synonyms)


def _role_values(role: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": role["title"].strip(),
        "description": (role.get("description") or "").strip(),
        "family": role.get("family"),
        "job_zone": role.get("job_zone"),
    }


def _upsert_roles(
    connection: Connection, roles: list[dict[str, Any]], summary: SeedSummary
) -> dict[str, int]:
    rows = connection.execute(
        select(Role.id, Role.code, Role.source, Role.title, Role.description, Role.family, Role.job_zone)
    )
    existing = {row.code: row for row in rows}
    role_ids: dict[str, int] = {}
    for role in roles:
        code = str(role["code"])
        values = _role_values(role)
        current = existing.get(code)
        if current is None:
            role_ids[code] = connection.execute(
                insert(Role).values(code=code, source="sample", **values)
            ).inserted_primary_key[0]
            summary.roles_created += 1
            continue
        role_ids[code] = current.id
        changed = any(getattr(current, key) != value for key, value in values.items())
        if current.source == "sample" and changed:
            connection.execute(update(Role).where(Role.id == current.id).values(**values))
            summary.roles_updated += 1
    return role_ids


def _sync_role_links(
    connection: Connection, roles: list[dict[str, Any]], role_ids: dict[str, int], skill_ids: dict[str, int]
) -> None:
    aliases = {
        (role_id, alias.casefold())
        for role_id, alias in connection.execute(select(RoleAlias.role_id, RoleAlias.alias))
    }
    for role in roles:
        role_id = role_ids[str(role["code"])]
        new_aliases = []
        for alias in role.get("aliases") or []:
            key = (role_id, str(alias).casefold())
            if key not in aliases:
                aliases.add(key)
                kind = (
                    "abbreviation"
                    if str(alias).replace(".", "").isupper() and len(str(alias)) <= 6
                    else "alternate"
                )
                new_aliases.append({"role_id": role_id, "alias": str(alias).strip(), "kind": kind})
        if new_aliases:
            connection.execute(insert(RoleAlias), new_aliases)

        wanted_skills = {}
        for link in role.get("skills") or []:
            skill_id = skill_ids.get(link["skill"].casefold())
            if skill_id is None:
                raise SeedDataError(f"role {role['code']}: unknown skill {link['skill']!r}")
            wanted_skills[skill_id] = {
                "importance": Decimal(str(link["importance"])),
                "level": Decimal(str(link["level"])) if link.get("level") is not None else None,
            }
        current_skills = {
            row.skill_id: row
            for row in connection.execute(select(RoleSkill).where(RoleSkill.role_id == role_id))
        }
        for skill_id, values in wanted_skills.items():
            current = current_skills.get(skill_id)
            if current is None:
                connection.execute(insert(RoleSkill).values(role_id=role_id, skill_id=skill_id, **values))
            elif (current.importance, current.level) != (values["importance"], values["level"]):
                connection.execute(
                    update(RoleSkill)
                    .where(RoleSkill.role_id == role_id, RoleSkill.skill_id == skill_id)
                    .values(**values)
                )

        wanted_related = {}
        for rank, link in enumerate(role.get("related") or [], start=1):
            related_id = role_ids.get(str(link["role"]))
            if related_id is None:
                raise SeedDataError(f"role {role['code']}: unknown related role {link['role']!r}")
            wanted_related[related_id] = {"tier": link.get("tier", "primary_short"), "rank": rank}
        current_related = {
            row.related_role_id
            for row in connection.execute(
                select(RelatedRole.related_role_id).where(RelatedRole.role_id == role_id)
            )
        }
        for related_id, values in wanted_related.items():
            if related_id not in current_related:
                connection.execute(
                    insert(RelatedRole).values(role_id=role_id, related_role_id=related_id, **values)
                )


_REQUIREMENT_FIELDS = ("kind", "name", "typical_time", "granted_by", "note")


def _wanted_requirements(role: dict[str, Any]) -> list[tuple[str, str, str | None, str | None, str]]:
    wanted = []
    for item in role.get("requirements") or []:
        unknown = set(item) - set(_REQUIREMENT_FIELDS)
        if unknown or item.get("kind") not in REQUIREMENT_KINDS or not str(item.get("name") or "").strip():
            raise SeedDataError(f"role {role['code']}: bad requirement {item!r}")
        wanted.append(
            (
                item["kind"],
                " ".join(str(item["name"]).split()),
                " ".join(str(item["typical_time"]).split()) if item.get("typical_time") else None,
                " ".join(str(item["granted_by"]).split()) if item.get("granted_by") else None,
                " ".join(str(item.get("note") or "").split()),
            )
        )
    return wanted


def _sync_requirements(
    connection: Connection, roles: list[dict[str, Any]], role_ids: dict[str, int], summary: SeedSummary
) -> None:
    """Make each role's requirements exactly the YAML's list (rewritten only when it changed)."""
    current: dict[int, list[tuple[Any, ...]]] = {}
    rows = connection.execute(
        select(
            RoleRequirement.role_id, *(getattr(RoleRequirement, name) for name in _REQUIREMENT_FIELDS)
        ).order_by(RoleRequirement.role_id, RoleRequirement.position, RoleRequirement.id)
    )
    for role_id, *values in rows:
        current.setdefault(role_id, []).append(tuple(values))
    for role in roles:
        role_id = role_ids[str(role["code"])]
        wanted = _wanted_requirements(role)
        if current.get(role_id, []) == wanted:
            continue
        connection.execute(delete(RoleRequirement).where(RoleRequirement.role_id == role_id))
        if wanted:
            connection.execute(
                insert(RoleRequirement),
                [
                    {
                        "role_id": role_id,
                        "position": position,
                        **dict(zip(_REQUIREMENT_FIELDS, values, strict=True)),
                    }
                    for position, values in enumerate(wanted, start=1)
                ],
            )
            summary.requirements_written += len(wanted)


def _course_rows(courses: list[dict[str, Any]]) -> list[RawRow]:
    return [RawRow(f"courses.yaml item {number}", course) for number, course in enumerate(courses, start=1)]


def seed_sample_catalog(engine: Engine, seed_dir: Path = SEED_DIR) -> SeedSummary:
    """Write the sample skills, roles and courses in one transaction."""
    skills = load_yaml("skills.yaml", seed_dir)["skills"]
    roles = load_yaml("roles.yaml", seed_dir)["roles"]
    courses = load_yaml("courses.yaml", seed_dir)["courses"]
    summary = SeedSummary()
    with engine.begin() as connection:
        _upsert_skills(connection, skills, summary)
        skill_ids = {
            name.casefold(): skill_id for name, skill_id in connection.execute(select(Skill.name, Skill.id))
        }
        role_ids = _upsert_roles(connection, roles, summary)
        _sync_role_links(connection, roles, role_ids, skill_ids)
        _sync_requirements(connection, roles, role_ids, summary)
        records = validate_courses(_course_rows(courses), skill_lookup(connection), role_lookup(connection))
        summary.courses = write_courses(connection, records)
    return summary
