"""What a role requires before one can work in it: a licence, a registration, a degree...

The sample catalog curates these facts for its regulated roles (``role_requirements``, from
``seed/roles.yaml``). A role without curated rows (an O*NET import) gets what its job zone
says about education, in O*NET's Job Zone Reference wording: zone 4 "a bachelor's degree is
usually needed", zone 5 "a graduate degree is usually needed"; zones 1-3 name no degree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from bot.storage.models import Role, RoleRequirement

CATALOG = "catalog"
JOB_ZONE = "job_zone"
#: Requirements without which one cannot work in the role (a certification or exam alone
#: is often an employer's preference or a step towards one of these).
CREDENTIAL_KINDS = frozenset({"licence", "registration", "degree", "apprenticeship"})


@dataclass(frozen=True)
class Requirement:
    """One requirement of a role; ``source`` says where it comes from ("catalog" or "job_zone")."""

    kind: str
    name: str
    typical_time: str | None
    granted_by: str | None
    note: str
    source: str


#: O*NET Job Zone Reference (O*NET 29.3), education column, for the zones that name a degree.
_ONET_NOTE = "O*NET job zone {zone}: {education}"
JOB_ZONE_DEGREES: dict[int, Requirement] = {
    4: Requirement(
        kind="degree",
        name="A bachelor's degree is usually needed",
        typical_time="about 4 years",
        granted_by="a college or university",
        note=_ONET_NOTE.format(
            zone=4,
            education="Most of these occupations require a four-year bachelor's degree, but some do not.",
        ),
        source=JOB_ZONE,
    ),
    5: Requirement(
        kind="degree",
        name="A graduate degree is usually needed",
        typical_time="typically 2 or more years after a bachelor's degree",
        granted_by="a university",
        note=_ONET_NOTE.format(
            zone=5,
            education=(
                "Most of these occupations require graduate school. For example, they may require a "
                "master's degree, and some require a Ph.D., M.D., or J.D. (law degree)."
            ),
        ),
        source=JOB_ZONE,
    ),
}


def requirements_for(connection: Connection, role_code: str) -> list[Requirement]:
    """The role's curated requirements in order, else the one its job zone implies (maybe none)."""
    role = connection.execute(select(Role.id, Role.job_zone).where(Role.code == role_code)).first()
    if role is None:
        return []
    rows = connection.execute(
        select(
            RoleRequirement.kind,
            RoleRequirement.name,
            RoleRequirement.typical_time,
            RoleRequirement.granted_by,
            RoleRequirement.note,
        )
        .where(RoleRequirement.role_id == role.id)
        .order_by(RoleRequirement.position, RoleRequirement.id)
    ).all()
    if rows:
        return [
            Requirement(row.kind, row.name, row.typical_time, row.granted_by, row.note or "", CATALOG)
            for row in rows
        ]
    degree = JOB_ZONE_DEGREES.get(role.job_zone) if role.job_zone is not None else None
    return [degree] if degree is not None else []


def requires_credential(requirements: Iterable[Requirement]) -> bool:
    """True when the role needs a licence, registration, degree or apprenticeship: a learning
    path then prepares for it and is never enough on its own."""
    return any(requirement.kind in CREDENTIAL_KINDS for requirement in requirements)


#: The kinds a licensed route starts with and that take years: the rest of the route waits for them.
LONG_FIRST_STEPS = frozenset({"degree", "apprenticeship"})


def long_first_step(requirements: Iterable[Requirement]) -> Requirement | None:
    """The curated degree or apprenticeship a licensed route starts with, or ``None``."""
    return next(
        (item for item in requirements if item.source == CATALOG and item.kind in LONG_FIRST_STEPS), None
    )
