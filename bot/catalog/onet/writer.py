"""Write a read O*NET release into the catalog: upserts matched on natural keys, in
executemany batches, never deleting (see :mod:`bot.catalog.onet_import` for the choices)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SAWarning

from bot.catalog.onet.release import CENT, SOC_MAJOR_GROUPS, Release
from bot.catalog.onet.summary import ImportSummary
from bot.catalog.onet.titles import singular_title
from bot.storage.models import RelatedRole, Role, RoleAlias, RoleSkill, Skill, SkillSynonym

_BATCH = 5000

_roles = Role.__table__
_aliases = RoleAlias.__table__
_skills = Skill.__table__
_synonyms = SkillSynonym.__table__
_role_skills = RoleSkill.__table__
_related = RelatedRole.__table__


def _family(code: str) -> str | None:
    return SOC_MAJOR_GROUPS.get(code[:2])


def _decimal(value: Any) -> Decimal | None:
    """A stored Numeric as a 2-place Decimal (SQLite may hand back floats)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _chunks(rows: Sequence[dict[str, Any]], progress: bool, label: str) -> Iterator[Sequence[dict[str, Any]]]:
    bar = None
    if progress and rows:
        from tqdm import tqdm

        bar = tqdm(total=len(rows), desc=label, unit=" rows", leave=False)
    for start in range(0, len(rows), _BATCH):
        chunk = rows[start : start + _BATCH]
        yield chunk
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()


def _execute_many(
    connection: Connection, statement: Any, rows: Sequence[dict[str, Any]], progress: bool, label: str
) -> None:
    for chunk in _chunks(rows, progress, label):
        connection.execute(statement, list(chunk))


class CatalogWriter:
    """Writes one read :class:`Release` into the catalog on ``connection`` (the caller's
    transaction): roles, aliases, skills, role-skill links, related roles, in that order."""

    def __init__(self, connection: Connection, release: Release, min_importance: Decimal, progress: bool):
        self.connection = connection
        self.release = release
        self.min_importance = min_importance
        self.progress = progress
        self.summary = ImportSummary()
        self.role_ids: dict[str, int] = {}
        self.role_titles: dict[int, str] = {}
        self.extra_aliases: list[tuple[str, str, str]] = []  # titles replaced by O*NET's

    def run(self) -> ImportSummary:
        self.write_roles()
        self.write_aliases()
        element_ids, tech_ids = self.write_skills()
        self.write_role_skills(element_ids, tech_ids)
        self.write_related()
        return self.summary

    def _role_id(self, code: str) -> int | None:
        role_id = self.role_ids.get(code)
        if role_id is None:
            self.summary.rows_skipped += 1
        return role_id

    def write_roles(self) -> None:
        existing = {
            row.code: row
            for row in self.connection.execute(
                select(
                    _roles.c.id,
                    _roles.c.code,
                    _roles.c.title,
                    _roles.c.description,
                    _roles.c.family,
                    _roles.c.job_zone,
                    _roles.c.source,
                )
            )
        }
        aliases: dict[int, set[str]] = {}
        for role_id, alias in self.connection.execute(select(_aliases.c.role_id, _aliases.c.alias)):
            aliases.setdefault(role_id, set()).add(alias)
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for code, (onet_title, description) in self.release.occupations.items():
            row = existing.get(code)
            title = self._display_title(row, onet_title, aliases.get(row.id, set()) if row else set())
            values = {
                "title": title,
                "description": description,
                "family": _family(code),
                "job_zone": self.release.job_zones.get(code),
                "source": "onet",
            }
            # O*NET's own (plural) title stays findable as an alias.
            self.extra_aliases.append((code, onet_title, "alternate"))
            if row is None:
                new.append({"code": code, **values})
            elif any(getattr(row, key) != value for key, value in values.items()):
                changed.append({"b_id": row.id, **{f"b_{key}": value for key, value in values.items()}})
                if row.title.casefold() != title.casefold():
                    self.extra_aliases.append((code, row.title, "alternate"))
        _execute_many(self.connection, insert(_roles), new, self.progress, "roles (new)")
        statement = (
            update(_roles)
            .where(_roles.c.id == bindparam("b_id"))
            .values(
                {
                    key: bindparam(f"b_{key}")
                    for key in ("title", "description", "family", "job_zone", "source")
                }
            )
        )
        _execute_many(self.connection, statement, changed, self.progress, "roles (changed)")
        self.summary.roles_created = len(new)
        self.summary.roles_updated = len(changed)
        for row in self.connection.execute(select(_roles.c.id, _roles.c.code, _roles.c.title)):
            self.role_ids[row.code] = row.id
            self.role_titles[row.id] = row.title.casefold()

    @staticmethod
    def _display_title(row: Any, onet_title: str, aliases: set[str]) -> str:
        """The title to store: a sample role keeps its own (singular) title; a role whose title
        came from O*NET (the plural, or the singular of it or of an earlier O*NET title kept
        as an alias) gets the singular of the current O*NET title."""
        display = singular_title(onet_title)
        if row is None:
            return display
        if row.source == "sample":
            return str(row.title)
        from_onet = {onet_title, display, *aliases, *(singular_title(alias) for alias in aliases)}
        if row.title.casefold() in {name.casefold() for name in from_onet}:
            return display
        return str(row.title)

    def write_aliases(self) -> None:
        seen = {
            (row.role_id, row.alias.casefold())
            for row in self.connection.execute(select(_aliases.c.role_id, _aliases.c.alias))
        }
        new: list[dict[str, Any]] = []
        for code, alias, kind in [*self.extra_aliases, *self.release.aliases]:
            role_id = self._role_id(code)
            if role_id is None:
                continue
            key = (role_id, alias.casefold())
            if key[1] == self.role_titles[role_id] or key in seen:
                continue
            seen.add(key)
            new.append({"role_id": role_id, "alias": alias, "kind": kind})
        _execute_many(self.connection, insert(_aliases), new, self.progress, "role aliases")
        self.summary.aliases_created = len(new)

    def write_skills(self) -> tuple[dict[str, int], dict[str, int]]:
        """Create/update skills; the ids of O*NET elements and of technologies (casefolded)."""
        rows = list(
            self.connection.execute(
                select(
                    _skills.c.id, _skills.c.name, _skills.c.kind, _skills.c.external_id, _skills.c.description
                )
            )
        )
        by_id = {row.id: row for row in rows}
        by_name: dict[str, int] = {row.name.casefold(): row.id for row in rows}
        by_synonym: dict[str, int] = {}
        for synonym in self.connection.execute(select(_synonyms.c.skill_id, _synonyms.c.synonym)):
            by_synonym.setdefault(synonym.synonym.casefold(), synonym.skill_id)
        by_external = {
            (row.kind, row.external_id): row.id
            for row in rows
            if row.external_id and row.kind != "technology"
        }

        new: dict[str, dict[str, Any]] = {}  # casefolded name -> row to insert
        changes: dict[int, dict[str, Any]] = {}
        element_target: dict[str, int | str] = {}  # element id -> existing id or new casefolded name
        tech_target: dict[str, int | str] = {}

        def lookup(name: str, kind: str | None) -> int | str | None:
            key = name.casefold()
            if key in new and (kind is None or new[key]["kind"] == kind):
                return key
            for index in (by_name, by_synonym):
                skill_id = index.get(key)
                if skill_id is not None and (kind is None or by_id[skill_id].kind == kind):
                    return skill_id
            return None

        def taken(name: str) -> bool:
            key = name.casefold()
            return key in new or key in by_name

        def fill_blanks(skill_id: int, external_id: str, description: str) -> None:
            row = by_id[skill_id]
            change = changes.setdefault(skill_id, {})
            if not row.external_id and "external_id" not in change:
                change["external_id"] = external_id
            if not row.description and description:
                change["description"] = description

        for element in self.release.elements.values():
            skill_id = by_external.get((element.kind, element.element_id))
            if skill_id is not None:  # an O*NET element imported before: O*NET owns it
                row = by_id[skill_id]
                change = changes.setdefault(skill_id, {})
                if row.name != element.name and not taken(element.name):
                    change["name"] = element.name
                    by_name[element.name.casefold()] = skill_id
                if element.description and row.description != element.description:
                    change["description"] = element.description
                element_target[element.element_id] = skill_id
                continue
            names = [element.name, f"{element.name} ({element.kind})"]
            target = next(
                (found for name in names if (found := lookup(name, element.kind)) is not None), None
            )
            if isinstance(target, int):
                fill_blanks(target, element.element_id, element.description)
            elif target is None:
                name = next(name for name in names if not taken(name))
                target = name.casefold()
                new[target] = {
                    "name": name,
                    "kind": element.kind,
                    "description": element.description,
                    "external_id": element.element_id,
                }
            element_target[element.element_id] = target

        for key, tech in self.release.technologies.items():
            target = lookup(tech.name, None)
            if isinstance(target, int):
                fill_blanks(target, tech.commodity_code, tech.commodity_title)
            elif target is None:
                target = key
                new[key] = {
                    "name": tech.name,
                    "kind": "technology",
                    "description": tech.commodity_title,
                    "external_id": tech.commodity_code,
                }
            tech_target[key] = target

        _execute_many(self.connection, insert(_skills), list(new.values()), self.progress, "skills")
        columns = ("name", "description", "external_id")
        updates = [
            {"b_id": skill_id, **{f"b_{c}": change.get(c, getattr(by_id[skill_id], c)) for c in columns}}
            for skill_id, change in changes.items()
            if change
        ]
        statement = (
            update(_skills)
            .where(_skills.c.id == bindparam("b_id"))
            .values({c: bindparam(f"b_{c}") for c in columns})
        )
        _execute_many(self.connection, statement, updates, self.progress, "skills (changed)")
        self.summary.skills_created = len(new)
        self.summary.skills_updated = len(updates)

        ids: dict[str, int] = {}
        if new:
            for row in self.connection.execute(select(_skills.c.id, _skills.c.name)):
                ids[row.name.casefold()] = row.id

        def resolve(targets: dict[str, int | str]) -> dict[str, int]:
            return {key: value if isinstance(value, int) else ids[value] for key, value in targets.items()}

        return resolve(element_target), resolve(tech_target)

    def write_role_skills(self, element_ids: dict[str, int], tech_ids: dict[str, int]) -> None:
        wanted: dict[tuple[int, int], tuple[Decimal, Decimal | None]] = {}

        def want(role_id: int, skill_id: int, importance: Decimal, level: Decimal | None) -> None:
            previous = wanted.get((role_id, skill_id))
            if previous is None or previous[0] < importance:
                wanted[(role_id, skill_id)] = (importance, level)

        for (code, element_id), link in self.release.element_links.items():
            if link.importance is None or link.importance < self.min_importance:
                continue  # suppressed, or below the threshold
            role_id = self._role_id(code)
            if role_id is not None:
                want(role_id, element_ids[element_id], link.importance, link.level)
        for (code, key), importance in self.release.tech_links.items():
            role_id = self._role_id(code)
            if role_id is not None:
                want(role_id, tech_ids[key], importance, None)

        with warnings.catch_warnings():
            # SQLite hands Numeric back as floats; _decimal() rounds them to the 2 stored places.
            warnings.filterwarnings("ignore", message=".*does \\*not\\* support Decimal", category=SAWarning)
            rows = self.connection.execute(
                select(
                    _role_skills.c.role_id,
                    _role_skills.c.skill_id,
                    _role_skills.c.importance,
                    _role_skills.c.level,
                )
            )
            existing = {
                (row.role_id, row.skill_id): (_decimal(row.importance), _decimal(row.level)) for row in rows
            }
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for (role_id, skill_id), (importance, level) in wanted.items():
            current = existing.get((role_id, skill_id))
            if current is None:
                new.append(
                    {"role_id": role_id, "skill_id": skill_id, "importance": importance, "level": level}
                )
            elif current != (importance, level):
                changed.append(
                    {"b_role": role_id, "b_skill": skill_id, "b_importance": importance, "b_level": level}
                )
        _execute_many(self.connection, insert(_role_skills), new, self.progress, "role-skill links")
        statement = (
            update(_role_skills)
            .where(
                _role_skills.c.role_id == bindparam("b_role"), _role_skills.c.skill_id == bindparam("b_skill")
            )
            .values(importance=bindparam("b_importance"), level=bindparam("b_level"))
        )
        _execute_many(self.connection, statement, changed, self.progress, "role-skill links (changed)")
        self.summary.role_skills_created = len(new)
        self.summary.role_skills_updated = len(changed)

    def write_related(self) -> None:
        existing = {
            (row.role_id, row.related_role_id): (row.tier, row.rank)
            for row in self.connection.execute(
                select(_related.c.role_id, _related.c.related_role_id, _related.c.tier, _related.c.rank)
            )
        }
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for (code, other), (tier, rank) in self.release.related.items():
            role_id = self._role_id(code)
            related_id = self._role_id(other) if role_id is not None else None
            if role_id is None or related_id is None:
                continue
            current = existing.get((role_id, related_id))
            if current is None:
                new.append({"role_id": role_id, "related_role_id": related_id, "tier": tier, "rank": rank})
            elif current != (tier, rank):
                changed.append({"b_role": role_id, "b_related": related_id, "b_tier": tier, "b_rank": rank})
        _execute_many(self.connection, insert(_related), new, self.progress, "related roles")
        statement = (
            update(_related)
            .where(
                _related.c.role_id == bindparam("b_role"),
                _related.c.related_role_id == bindparam("b_related"),
            )
            .values(tier=bindparam("b_tier"), rank=bindparam("b_rank"))
        )
        _execute_many(self.connection, statement, changed, self.progress, "related roles (changed)")
        self.summary.related_roles_created = len(new)
        self.summary.related_roles_updated = len(changed)
