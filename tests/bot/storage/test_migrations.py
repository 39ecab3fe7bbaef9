"""The Alembic migrations build exactly the schema the models describe, on both back-ends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from bot.storage import migrate
from bot.storage.models import Base, Course, CourseEntryRole, CourseSkill, Role, RoleRequirement


def not_sqlite_internal(name, type_, parent_names):  # type: ignore[no-untyped-def]
    """SQLite's own bookkeeping table (AUTOINCREMENT, migration 0006) is no part of the models."""
    return not (type_ == "table" and name == "sqlite_sequence")


def test_migrated_schema_matches_the_models(catalog_engine):
    with catalog_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": not_sqlite_internal})
        differences = compare_metadata(context, Base.metadata)
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
        {"audience": "everyone"},
        {"audience": "employer"},  # without the employer's name
        {"audience": "anyone", "employer": "Starbucks"},
        {"weekly_hours": 0},
        {"weekly_hours": 81},
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


COURSE = {
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


def test_upgrade_to_0005_keeps_existing_courses_and_their_links(catalog_engine):
    """0005 adds columns in place: on SQLite a table rebuild would cascade-delete course_skills."""
    migrate.downgrade(catalog_engine, "0004")
    try:
        with catalog_engine.begin() as connection:  # plain SQL: the models describe 0005
            connection.execute(
                text(
                    "INSERT INTO courses (code, title, provider, description, format, duration_hours, cost,"
                    " currency, level, credential, language, active) VALUES ('C1', 'T', 'P', '', 'workshop',"
                    " 1, 0, 'USD', 'beginner', 'none', 'en', :active)"
                ),
                {"active": True},
            )
            connection.execute(
                text("INSERT INTO skills (name, kind, description) VALUES ('SQL', 'skill', '')")
            )
            connection.execute(
                text(
                    "INSERT INTO course_skills (course_id, skill_id)"
                    " SELECT courses.id, skills.id FROM courses, skills"
                )
            )
            course_id = connection.execute(text("SELECT id FROM courses")).scalar_one()
    finally:
        migrate.upgrade(catalog_engine)

    with catalog_engine.connect() as connection:
        course = connection.execute(select(Course.audience, Course.paid_work, Course.weekly_hours)).one()
        links = connection.execute(select(CourseSkill.course_id)).scalars().all()
    assert tuple(course) == ("anyone", False, None)
    assert links == [course_id]


def test_entry_roles_and_requirements_go_with_their_role(catalog_engine):
    with catalog_engine.begin() as connection:
        role_id = connection.execute(
            insert(Role.__table__).values(code="R1", title="Nurse", description="", source="sample")
        ).inserted_primary_key[0]
        course_id = connection.execute(insert(Course.__table__).values(**COURSE)).inserted_primary_key[0]
        connection.execute(insert(CourseEntryRole.__table__).values(course_id=course_id, role_id=role_id))
        connection.execute(
            insert(RoleRequirement.__table__).values(
                role_id=role_id, kind="licence", name="RN licence", position=1
            )
        )
    with pytest.raises(IntegrityError), catalog_engine.begin() as connection:
        connection.execute(
            insert(RoleRequirement.__table__).values(role_id=role_id, kind="vibes", name="x", position=2)
        )
    with catalog_engine.begin() as connection:
        connection.execute(Role.__table__.delete().where(Role.id == role_id))
    with catalog_engine.connect() as connection:
        assert connection.execute(select(CourseEntryRole)).all() == []
        assert connection.execute(select(RoleRequirement)).all() == []
        assert connection.execute(select(Course.id)).scalars().all() == [course_id]
