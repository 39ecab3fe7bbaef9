"""Loading catalog courses fills the issue-13 fields from the seeded sample catalog, in a
fixed number of queries whatever the number of courses."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from bot.catalog.course_search import CourseFilter, load_courses_by_code, load_courses_for, search_courses
from bot.catalog.seeding import seed_sample_catalog
from bot.storage.models import Course, Skill
from tests.kit.databases import migrated_engine, sqlite_url
from tests.kit.seed import courses


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = migrated_engine(sqlite_url(tmp_path_factory.mktemp("loading")))
    seed_sample_catalog(engine)
    yield engine
    engine.dispose()


def by_code(engine: Engine, *codes: str) -> dict[str, object]:
    with engine.connect() as connection:
        return {course.code: course for course in load_courses_by_code(connection, list(codes))}


def test_fields_come_from_the_seed(seeded):
    loaded = by_code(
        seeded, "SAMPLE-C-0219", "SAMPLE-C-0290", "SAMPLE-C-0249", "SAMPLE-C-0008", "SAMPLE-C-0001"
    )
    nclex, scap, electrician = loaded["SAMPLE-C-0219"], loaded["SAMPLE-C-0290"], loaded["SAMPLE-C-0249"]
    assert nclex.entry_for == frozenset({"29-1141.00"})
    assert (scap.audience, scap.employer) == ("employer", "Starbucks")
    assert (electrician.paid_work, electrician.weekly_hours) == (True, Decimal("40"))
    assert loaded["SAMPLE-C-0008"].audience == "employees"
    assert (loaded["SAMPLE-C-0001"].audience, loaded["SAMPLE-C-0001"].weekly_hours) == ("anyone", None)


def test_every_seed_course_loads_as_written(seeded):
    with seeded.connect() as connection:
        loaded = {
            course.code: course for course in load_courses_by_code(connection, [c["code"] for c in courses()])
        }
    assert len(loaded) == len(courses())
    for course in courses():
        got = loaded[course["code"]]
        weekly = course["weekly_hours"]
        assert got.audience == course["audience"], course["code"]
        assert got.employer == course.get("employer"), course["code"]
        assert got.weekly_hours == (None if weekly is None else Decimal(str(weekly))), course["code"]
        assert got.paid_work is course.get("paid_work", False), course["code"]
        assert got.entry_for == frozenset(course.get("entry_for", [])), course["code"]


def test_search_and_load_for_skills_fill_the_fields_too(seeded):
    with seeded.connect() as connection:
        skill_id = connection.execute(select(Skill.id).where(Skill.name == "Nursing Assessment")).scalar_one()
        found = {
            course.code: course for course in search_courses(connection, CourseFilter((skill_id,), limit=50))
        }
        for_skills = {course.code: course for course in load_courses_for(connection, [skill_id])}
    assert (
        found["SAMPLE-C-0219"].entry_for == for_skills["SAMPLE-C-0219"].entry_for == frozenset({"29-1141.00"})
    )
    assert found["SAMPLE-C-0291"].entry_for == frozenset()  # CCRN: a way to grow as an RN


def test_loading_takes_three_queries_whatever_the_number_of_courses(seeded):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    with seeded.connect() as connection:
        codes = list(connection.execute(select(Course.code)).scalars())
        event.listen(seeded, "before_cursor_execute", count)
        try:
            load_courses_by_code(connection, codes[:2])
            few = len(statements)
            statements.clear()
            load_courses_by_code(connection, codes)
            many = len(statements)
        finally:
            event.remove(seeded, "before_cursor_execute", count)
    assert few == many == 3  # courses, their skills, their entry roles
