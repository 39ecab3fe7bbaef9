"""Import an O*NET 29.x text release (tab-separated files) into the training catalog.

What goes where
---------------
========================================  ===============================================
``Occupation Data.txt``                   ``roles`` (code, title, description,
                                          ``source='onet'``; ``family`` = the SOC major
                                          group of the code's first two digits)
``Job Zones.txt``                         ``roles.job_zone``
``Alternate Titles.txt``                  ``role_aliases`` kind ``alternate`` (and its
                                          ``Short Title`` column, when present, ``short``)
``Sample of Reported Titles.txt``         ``role_aliases`` kind ``reported``
``Skills.txt`` / ``Knowledge.txt``        ``skills`` kind ``skill`` / ``knowledge``
                                          (``external_id`` = Element ID) and
                                          ``role_skills`` from the IM (importance 1-5) and
                                          LV (level 0-7) rows of each (occupation, element)
``Technology Skills.txt``                 ``skills`` kind ``technology`` (name = Example,
                                          ``external_id`` = Commodity Code) and
                                          ``role_skills`` with a derived importance
``Related Occupations.txt``               ``related_roles`` (tier, rank = Index)
``Content Model Reference.txt``           optional: descriptions of skill/knowledge elements
========================================  ===============================================

Choices
-------
* **Importance threshold** (``min_importance``, default :data:`DEFAULT_MIN_IMPORTANCE` =
  3.0). O*NET rates every one of its 35 skills and 33 knowledge areas for every
  occupation, most of them as marginal. 3.0 on the 1-5 scale is "Important" and is the
  cut O*NET OnLine itself uses for an occupation's summary (a standardised score of 50 of
  100). It keeps ~19k of ~60k links: the core skills an upskill/reskill comparison should
  be built on, not noise that makes every pair of roles look alike. Pass ``1.0`` to import
  every rated link. The threshold filters Skills/Knowledge links only (see below).
* **Technology importance.** O*NET gives technologies no importance rating, only flags, so
  the importer derives one: 4.0 when the technology is *In Demand* (frequently in the
  occupation's job postings: what employers ask for), 3.5 when it is a *Hot Technology*
  (frequent in postings across all occupations), else 3.0 (used in the occupation, i.e.
  still "Important"). Level stays NULL: O*NET does not rate it. Every technology link
  is kept whatever ``min_importance`` says: the list is already the tools observed in the
  occupation, and the derived number only orders them.
* **Suppressed data.** A row with ``Recommend Suppress`` = Y or ``Not Relevant`` = Y is
  skipped: a skipped IM row drops the link, a skipped LV row leaves the level NULL.
* **Matching existing data.** Roles match on ``code``: a role of the embedded sample data
  with an O*NET code is updated to O*NET's title, description, family and job zone
  (``source`` becomes ``onet``); its aliases stay, and a replaced title is kept as an
  alias. Skill/knowledge elements match on (kind, Element ID), then on name or synonym
  (case-insensitively, same kind); a technology matches any skill by name or synonym, so a
  curated "Microsoft Excel" is reused, not duplicated. A reused curated skill only gets its
  blank ``external_id``/description filled in. When an element's name is already taken by
  a skill of another kind (O*NET has both a *skill* and a *knowledge* "Mathematics"), the
  later one is named ``"<name> (<kind>)"``.
* **Re-running** updates rows in place (upsert on role code, skill name, (role, alias),
  (role, skill), (role, related role)); it never deletes, so links added by hand survive.
* **All or nothing.** Every file is read and validated before the database is touched,
  and all writes run in one transaction. A missing file or column, a malformed line or a
  value that is not a number (or out of range) raises :class:`OnetImportError` naming the
  file, line and column; nothing is written.

Performance: existing keys are loaded once into dicts and rows are written with Core
``insert()``/``update()`` executemany batches, never per-row ORM round trips.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SAWarning

from bot.storage.models import RelatedRole, Role, RoleAlias, RoleSkill, Skill, SkillSynonym

#: The attribution O*NET's CC BY 4.0 licence requires wherever this data ships or shows.
ONET_ATTRIBUTION = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET(R) is a trademark of USDOL/ETA. This project has modified all or some of "
    "this information. USDOL/ETA has not approved, endorsed, or tested these modifications."
)

#: Links with a lower importance (1-5 scale) are not imported; see the module docstring.
DEFAULT_MIN_IMPORTANCE = 3.0

#: Derived importance of a technology link (O*NET has only the two flags).
TECH_IMPORTANCE_IN_DEMAND = Decimal("4.00")
TECH_IMPORTANCE_HOT = Decimal("3.50")
TECH_IMPORTANCE_DEFAULT = Decimal("3.00")

#: SOC 2018 major groups (first two digits of an O*NET-SOC code) -> ``roles.family``.
SOC_MAJOR_GROUPS: dict[str, str] = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical",
    "31": "Healthcare Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}

#: O*NET "Relatedness Tier" -> ``related_roles.tier``.
RELATEDNESS_TIERS: dict[str, str] = {
    "Primary-Short": "primary_short",
    "Primary-Long": "primary_long",
    "Supplemental": "supplemental",
}

OCCUPATION_DATA = "Occupation Data.txt"
JOB_ZONES = "Job Zones.txt"
ALTERNATE_TITLES = "Alternate Titles.txt"
REPORTED_TITLES = "Sample of Reported Titles.txt"
SKILLS = "Skills.txt"
KNOWLEDGE = "Knowledge.txt"
TECHNOLOGY_SKILLS = "Technology Skills.txt"
RELATED_OCCUPATIONS = "Related Occupations.txt"
CONTENT_MODEL = "Content Model Reference.txt"

#: Files the import needs (``Content Model Reference.txt`` is optional).
REQUIRED_FILES = (
    OCCUPATION_DATA,
    JOB_ZONES,
    ALTERNATE_TITLES,
    REPORTED_TITLES,
    SKILLS,
    KNOWLEDGE,
    TECHNOLOGY_SKILLS,
    RELATED_OCCUPATIONS,
)

CODE = "O*NET-SOC Code"
_CODE_PATTERN = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_CENT = Decimal("0.01")
_BATCH = 5000

_roles = Role.__table__
_aliases = RoleAlias.__table__
_skills = Skill.__table__
_synonyms = SkillSynonym.__table__
_role_skills = RoleSkill.__table__
_related = RelatedRole.__table__


class OnetImportError(ValueError):
    """The release cannot be imported; ``file``/``line``/``column`` say where (when known)."""

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        where = ", ".join(
            part
            for part in (
                file,
                f"line {line}" if line is not None else None,
                f"column {column!r}" if column is not None else None,
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


@dataclass
class ImportSummary:
    """What one import did: rows created/updated per table, rows skipped, time taken."""

    roles_created: int = 0
    roles_updated: int = 0
    aliases_created: int = 0
    skills_created: int = 0
    skills_updated: int = 0
    role_skills_created: int = 0
    role_skills_updated: int = 0
    related_roles_created: int = 0
    related_roles_updated: int = 0
    #: Lines naming an occupation that is neither in the release nor in the catalog.
    rows_skipped: int = 0
    elapsed_seconds: float = 0.0

    @property
    def total_created(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name.endswith("_created"))

    @property
    def total_updated(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name.endswith("_updated"))

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        """A short human-readable report (for the CLI)."""
        return [
            f"roles: {self.roles_created} created, {self.roles_updated} updated",
            f"role aliases: {self.aliases_created} created",
            f"skills: {self.skills_created} created, {self.skills_updated} updated",
            f"role-skill links: {self.role_skills_created} created, {self.role_skills_updated} updated",
            f"related roles: {self.related_roles_created} created, {self.related_roles_updated} updated",
            f"rows skipped (unknown occupation): {self.rows_skipped}",
            f"elapsed: {self.elapsed_seconds:.1f} s",
        ]


# --------------------------------------------------------------------------- reading


@dataclass
class _Element:
    element_id: str
    name: str
    kind: str
    description: str = ""


@dataclass
class _Link:
    """The IM and LV rows of one (occupation, element) pair; None when absent/suppressed."""

    importance: Decimal | None = None
    level: Decimal | None = None


@dataclass
class _Technology:
    name: str
    commodity_code: str
    commodity_title: str


@dataclass
class _Release:
    occupations: dict[str, tuple[str, str]]  # code -> (title, description)
    job_zones: dict[str, int]
    aliases: list[tuple[str, str, str]]  # (code, alias, kind), in file order
    elements: dict[str, _Element]  # element id -> element (skills before knowledge)
    element_links: dict[tuple[str, str], _Link]  # (code, element id) -> link
    technologies: dict[str, _Technology]  # casefolded name -> technology
    tech_links: dict[tuple[str, str], Decimal]  # (code, casefolded name) -> importance
    related: dict[tuple[str, str], tuple[str, int]]  # (code, related code) -> (tier, rank)


class _File:
    """One tab-separated release file: header checks, and typed access to its fields."""

    def __init__(self, directory: Path, name: str, progress: bool) -> None:
        self.name = name
        self.progress = progress
        path = directory / name
        if not path.is_file():
            raise OnetImportError(f"required file not found in {directory}", file=name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise OnetImportError(
                f"not UTF-8 text ({error.reason} at byte {error.start})", file=name
            ) from None
        self.lines = text.split("\n")
        self.header = self.lines[0].rstrip("\r").split("\t") if self.lines else []
        self.index = {column: i for i, column in enumerate(self.header)}

    def has(self, column: str) -> bool:
        return column in self.index

    def require(self, *columns: str) -> None:
        for column in columns:
            if column not in self.index:
                raise OnetImportError(
                    "missing column in the header line", file=self.name, line=1, column=column
                )

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(line number, fields)`` of every data line; blank lines are ignored."""
        width = len(self.header)
        lines: Iterable[str] = self.lines[1:]
        if self.progress:
            from tqdm import tqdm

            lines = tqdm(lines, desc=self.name, unit=" rows", total=len(self.lines) - 1, leave=False)
        for number, raw in enumerate(lines, start=2):
            line = raw.rstrip("\r")
            if not line.strip():
                continue
            values = line.split("\t")
            if len(values) != width:
                raise OnetImportError(
                    f"expected {width} tab-separated fields, found {len(values)}", file=self.name, line=number
                )
            yield number, values

    def text(self, values: list[str], column: str, line: int, *, max_length: int | None = None) -> str:
        value = values[self.index[column]].strip()
        if not value:
            raise OnetImportError("empty value", file=self.name, line=line, column=column)
        if max_length is not None and len(value) > max_length:
            raise OnetImportError(
                f"value longer than {max_length} characters", file=self.name, line=line, column=column
            )
        return value

    def code(self, values: list[str], column: str, line: int) -> str:
        value = self.text(values, column, line)
        if not _CODE_PATTERN.match(value):
            raise OnetImportError(
                f"not an O*NET-SOC code (NN-NNNN.NN): {value!r}", file=self.name, line=line, column=column
            )
        return value

    def number(self, values: list[str], column: str, line: int, low: Decimal, high: Decimal) -> Decimal:
        raw = values[self.index[column]].strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise OnetImportError(
                f"not a number: {raw!r}", file=self.name, line=line, column=column
            ) from None
        if not value.is_finite() or not low <= value <= high:
            raise OnetImportError(
                f"{raw!r} is outside {low}-{high}", file=self.name, line=line, column=column
            )
        return value.quantize(_CENT, rounding=ROUND_HALF_UP)

    def flag(self, values: list[str], column: str) -> bool:
        return column in self.index and values[self.index[column]].strip().upper() == "Y"


def _read_release(directory: Path, progress: bool) -> _Release:
    missing = [name for name in REQUIRED_FILES if not (directory / name).is_file()]
    if missing:
        raise OnetImportError(
            f"required file(s) not found in {directory}: {', '.join(missing)}", file=missing[0]
        )

    occupations: dict[str, tuple[str, str]] = {}
    f = _File(directory, OCCUPATION_DATA, progress)
    f.require(CODE, "Title", "Description")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        occupations[code] = (
            f.text(values, "Title", line, max_length=200),
            values[f.index["Description"]].strip(),
        )

    job_zones: dict[str, int] = {}
    f = _File(directory, JOB_ZONES, progress)
    f.require(CODE, "Job Zone")
    for line, values in f.rows():
        zone = f.number(values, "Job Zone", line, Decimal(1), Decimal(5))
        if zone != zone.to_integral_value():
            raise OnetImportError(f"not a whole number: {zone}", file=f.name, line=line, column="Job Zone")
        job_zones[f.code(values, CODE, line)] = int(zone)

    aliases: list[tuple[str, str, str]] = []
    f = _File(directory, ALTERNATE_TITLES, progress)
    f.require(CODE, "Alternate Title")
    short = f.has("Short Title")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        aliases.append((code, f.text(values, "Alternate Title", line, max_length=250), "alternate"))
        if short and values[f.index["Short Title"]].strip():
            aliases.append((code, f.text(values, "Short Title", line, max_length=250), "short"))
    f = _File(directory, REPORTED_TITLES, progress)
    f.require(CODE, "Reported Job Title")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        aliases.append((code, f.text(values, "Reported Job Title", line, max_length=250), "reported"))

    elements: dict[str, _Element] = {}
    element_links: dict[tuple[str, str], _Link] = {}
    scale_ranges = {"IM": (Decimal(1), Decimal(5)), "LV": (Decimal(0), Decimal(7))}
    for name, kind in ((SKILLS, "skill"), (KNOWLEDGE, "knowledge")):
        f = _File(directory, name, progress)
        f.require(CODE, "Element ID", "Element Name", "Scale ID", "Data Value")
        for line, values in f.rows():
            scale = values[f.index["Scale ID"]].strip()
            if scale not in scale_ranges:
                continue  # other scales are not used by the catalog
            code = f.code(values, CODE, line)
            element_id = f.text(values, "Element ID", line, max_length=32)
            element = elements.get(element_id)
            if element is None:
                element_name = f.text(values, "Element Name", line, max_length=180)
                elements[element_id] = _Element(element_id, element_name, kind)
            low, high = scale_ranges[scale]
            value = f.number(values, "Data Value", line, low, high)  # validated even when suppressed
            link = element_links.setdefault((code, element_id), _Link())
            if f.flag(values, "Recommend Suppress") or f.flag(values, "Not Relevant"):
                continue
            if scale == "IM":
                link.importance = value
            else:
                link.level = value

    if (directory / CONTENT_MODEL).is_file():
        f = _File(directory, CONTENT_MODEL, progress)
        f.require("Element ID", "Description")
        for _line, values in f.rows():
            found = elements.get(values[f.index["Element ID"]].strip())
            if found is not None:
                found.description = values[f.index["Description"]].strip()

    technologies: dict[str, _Technology] = {}
    tech_links: dict[tuple[str, str], Decimal] = {}
    f = _File(directory, TECHNOLOGY_SKILLS, progress)
    f.require(CODE, "Example", "Commodity Code")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        example = f.text(values, "Example", line, max_length=200)
        key = example.casefold()
        if key not in technologies:
            commodity_title = values[f.index["Commodity Title"]].strip() if f.has("Commodity Title") else ""
            technologies[key] = _Technology(
                example, f.text(values, "Commodity Code", line, max_length=32), commodity_title
            )
        if f.flag(values, "In Demand"):
            importance = TECH_IMPORTANCE_IN_DEMAND
        elif f.flag(values, "Hot Technology"):
            importance = TECH_IMPORTANCE_HOT
        else:
            importance = TECH_IMPORTANCE_DEFAULT
        tech_links[(code, key)] = max(importance, tech_links.get((code, key), importance))

    related: dict[tuple[str, str], tuple[str, int]] = {}
    f = _File(directory, RELATED_OCCUPATIONS, progress)
    f.require(CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        other = f.code(values, "Related O*NET-SOC Code", line)
        tier_name = values[f.index["Relatedness Tier"]].strip()
        tier = RELATEDNESS_TIERS.get(tier_name)
        if tier is None:
            raise OnetImportError(
                f"unknown tier {tier_name!r} (expected one of {', '.join(RELATEDNESS_TIERS)})",
                file=f.name,
                line=line,
                column="Relatedness Tier",
            )
        rank = f.number(values, "Index", line, Decimal(0), Decimal(1_000_000))
        if code != other:
            related.setdefault((code, other), (tier, int(rank)))

    return _Release(
        occupations, job_zones, aliases, elements, element_links, technologies, tech_links, related
    )


# --------------------------------------------------------------------------- writing


def _family(code: str) -> str | None:
    return SOC_MAJOR_GROUPS.get(code[:2])


def _decimal(value: Any) -> Decimal | None:
    """A stored Numeric as a 2-place Decimal (SQLite may hand back floats)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)


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


class _Writer:
    def __init__(self, connection: Connection, release: _Release, min_importance: Decimal, progress: bool):
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
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for code, (title, description) in self.release.occupations.items():
            values = {
                "title": title,
                "description": description,
                "family": _family(code),
                "job_zone": self.release.job_zones.get(code),
                "source": "onet",
            }
            row = existing.get(code)
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


def import_onet(
    engine: Engine,
    directory: Path,
    *,
    min_importance: float = DEFAULT_MIN_IMPORTANCE,
    progress: bool = False,
) -> ImportSummary:
    """Import the O*NET text release in ``directory`` into the catalog behind ``engine``.

    ``min_importance`` (1-5, default 3.0 = "Important") is the lowest importance of a
    skill/knowledge link that is imported (technology links are all kept); ``progress``
    shows tqdm bars per file and table. Runs in one transaction: on
    :class:`OnetImportError` (or any database error) nothing is written. See the module
    docstring for the mapping and the choices behind it.
    """
    started = time.perf_counter()
    if not 1 <= min_importance <= 5:
        raise OnetImportError(f"min_importance must be between 1 and 5, got {min_importance}")
    directory = Path(directory)
    if not directory.is_dir():
        raise OnetImportError(f"O*NET release folder not found: {directory}")
    release = _read_release(directory, progress)
    threshold = Decimal(str(min_importance)).quantize(_CENT, rounding=ROUND_HALF_UP)
    with engine.begin() as connection:
        summary = _Writer(connection, release, threshold, progress).run()
    summary.elapsed_seconds = time.perf_counter() - started
    return summary
