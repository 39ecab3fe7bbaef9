"""Role requirements (``bot/catalog/requirements.py``): curated rows from the sample catalog,
the job-zone fallback for roles without them, and ``requires_credential``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from bot.catalog.requirements import JOB_ZONE_DEGREES, Requirement, requirements_for, requires_credential
from bot.catalog.seeding import seed_sample_catalog
from bot.storage.models import Role, RoleRequirement
from tests.kit.databases import migrated_engine, sqlite_url

REGISTERED_NURSE = "29-1141.00"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = migrated_engine(sqlite_url(tmp_path_factory.mktemp("requirements")))
    seed_sample_catalog(engine)
    with engine.begin() as connection:
        connection.execute(
            insert(Role),
            [
                {"code": "11-1011.00", "title": "Chief Executive", "job_zone": 5, "source": "onet"},
                {"code": "99-0000.00", "title": "Unzoned", "job_zone": None, "source": "custom"},
            ],
        )
    yield engine
    engine.dispose()


def kinds(engine: Engine, code: str) -> list[str]:
    with engine.connect() as connection:
        return [requirement.kind for requirement in requirements_for(connection, code)]


def test_registered_nurse_needs_a_degree_the_nclex_and_a_licence_in_that_order(seeded):
    with seeded.connect() as connection:
        requirements = requirements_for(connection, REGISTERED_NURSE)
    assert [requirement.kind for requirement in requirements] == ["degree", "exam", "licence"]
    assert {requirement.source for requirement in requirements} == {"catalog"}
    assert "NCLEX-RN" in requirements[1].name
    assert requirements[2].granted_by == "the state board of nursing"
    assert "vary by state" in requirements[2].note
    assert requires_credential(requirements)


def test_the_cpa_is_required_only_for_public_accounting(seeded):
    with seeded.connect() as connection:
        cpa = [item for item in requirements_for(connection, "13-2011.00") if item.kind == "licence"]
    assert len(cpa) == 1
    assert "required only for public accounting" in cpa[0].name
    assert "do not require it" in cpa[0].note


@pytest.mark.parametrize(
    ("code", "expected_kinds", "credential"),
    [
        ("47-2111.00", ["apprenticeship", "exam", "licence"], True),  # electrician
        ("53-3032.00", ["certification", "certification", "licence"], True),  # truck driver
        ("31-1131.00", ["certification", "exam", "registration"], True),  # nursing assistant
        ("29-2052.00", ["registration", "certification"], True),  # pharmacy technician
        ("53-7051.00", ["certification"], False),  # forklift operator: the employer certifies
        ("31-9092.00", ["certification"], False),  # medical assistant: preferred, not required
        ("SAMPLE-DATA-001", ["degree"], True),  # data analyst: job zone 4, nothing curated
        ("11-1011.00", ["degree"], True),  # job zone 5
        ("41-2011.00", [], False),  # cashier: job zone 2
        ("99-0000.00", [], False),  # no job zone
        ("00-0000.00", [], False),  # unknown role
    ],
)
def test_requirements_by_role(seeded, code, expected_kinds, credential):
    with seeded.connect() as connection:
        requirements = requirements_for(connection, code)
    assert [requirement.kind for requirement in requirements] == expected_kinds
    assert requires_credential(requirements) is credential


def test_job_zone_requirements_quote_onet(seeded):
    with seeded.connect() as connection:
        (analyst,) = requirements_for(connection, "SAMPLE-DATA-001")
        (executive,) = requirements_for(connection, "11-1011.00")
    assert analyst == JOB_ZONE_DEGREES[4]
    assert (analyst.source, analyst.name) == ("job_zone", "A bachelor's degree is usually needed")
    assert executive.name == "A graduate degree is usually needed"
    assert "Most of these occupations require graduate school" in executive.note


@pytest.mark.parametrize(
    ("kind", "credential"),
    [
        ("licence", True),
        ("registration", True),
        ("degree", True),
        ("apprenticeship", True),
        ("certification", False),
        ("exam", False),
    ],
)
def test_requires_credential_by_kind(kind, credential):
    requirement = Requirement(kind, "x", None, None, "", "catalog")
    assert requires_credential([requirement]) is credential
    assert requires_credential([]) is False


def test_reseeding_leaves_requirements_alone(seeded):
    with seeded.connect() as connection:
        before = connection.execute(select(func.count()).select_from(RoleRequirement)).scalar_one()
    summary = seed_sample_catalog(seeded)
    with seeded.connect() as connection:
        after = connection.execute(select(func.count()).select_from(RoleRequirement)).scalar_one()
    assert summary.requirements_written == 0
    assert after == before > 30
