"""The Alembic migrations build exactly the schema the models describe, on both back-ends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect
from sqlalchemy.exc import IntegrityError

from bot.storage import migrate
from bot.storage.models import Base, Course, Role


def test_migrated_schema_matches_the_models(catalog_engine):
    with catalog_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert migrate.is_up_to_date(catalog_engine)


def test_downgrade_to_base_and_back(catalog_engine):
    migrate.downgrade(catalog_engine, "base")
    assert not {"roles", "courses"} & set(inspect(catalog_engine).get_table_names())
    assert migrate.current_revision(catalog_engine) is None
    migrate.upgrade(catalog_engine)
    assert {table.name for table in Base.metadata.sorted_tables} <= set(
        inspect(catalog_engine).get_table_names()
    )


@pytest.mark.parametrize(
    "bad_course",
    [
        {"format": "telepathy"},
        {"duration_hours": -1},
        {"cost": -5},
        {"currency": "XXX"},
        {"credential": "diploma-mill"},
    ],
)
def test_database_constraints_refuse_bad_courses(catalog_engine, bad_course):
    course = {
        "code": "C1",
        "title": "T",
        "provider": "P",
        "description": "",
        "format": "workshop",
        "duration_hours": 1,
        "cost": 0,
        "currency": "USD",
        "level": "beginner",
        "credential": "none",
        "language": "en",
        "active": True,
    }
    with pytest.raises(IntegrityError), catalog_engine.begin() as connection:
        connection.execute(insert(Course).values(**{**course, **bad_course}))


def test_foreign_keys_are_enforced(catalog_engine):
    from bot.storage.models import RoleSkill

    with pytest.raises(IntegrityError), catalog_engine.begin() as connection:
        connection.execute(insert(RoleSkill).values(role_id=999, skill_id=999, importance=3))
    with pytest.raises(IntegrityError), catalog_engine.begin() as connection:
        connection.execute(insert(Role).values(code="X", title="X", source="onet", job_zone=9))
