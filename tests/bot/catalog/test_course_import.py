"""Course catalog import: validation by row and column, all-or-nothing, re-import updates."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from bot.catalog.course_files import CourseFileError
from bot.catalog.course_import import CourseValidationError, import_courses
from bot.storage.models import Course, CourseSkill, Skill, SkillSynonym

HEADER = (
    "code,title,provider,description,format,duration_hours,cost,currency,"
    "level,credential,language,url,active,skills"
)


@pytest.fixture
def engine(catalog_engine):
    """A catalog with three skills (one with synonyms) and no courses."""
    with catalog_engine.begin() as connection:
        connection.execute(
            insert(Skill),
            [
                {"name": "SQL", "kind": "technology", "description": ""},
                {"name": "Microsoft Excel", "kind": "technology", "description": ""},
                {"name": "Negotiation", "kind": "skill", "description": ""},
            ],
        )
        excel = connection.execute(select(Skill.id).where(Skill.name == "Microsoft Excel")).scalar_one()
        connection.execute(insert(SkillSynonym), [{"skill_id": excel, "synonym": "spreadsheets"}])
    return catalog_engine


def write_csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "courses.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


GOOD_ROW = (
    "SQL-101,SQL for beginners,Acme Academy,Queries and joins,online self-paced,12.5,49.99,usd,"
    "beginner,certificate,en,https://example.org/sql,true,SQL; spreadsheets"
)


def course_count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Course)).scalar_one()


def test_imports_a_valid_csv_with_friendly_spellings(engine, tmp_path):
    result = import_courses(engine, write_csv(tmp_path, GOOD_ROW))

    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    with engine.connect() as connection:
        course = connection.execute(select(Course)).one()
        skills = (
            connection.execute(
                select(Skill.name).join(CourseSkill, CourseSkill.skill_id == Skill.id).order_by(Skill.name)
            )
            .scalars()
            .all()
        )
    assert course.format == "online_self_paced"
    assert course.currency == "USD"
    assert Decimal(str(course.cost)) == Decimal("49.99")
    assert Decimal(str(course.duration_hours)) == Decimal("12.5")
    assert skills == ["Microsoft Excel", "SQL"]


def test_reimport_updates_in_place_and_never_duplicates(engine, tmp_path):
    import_courses(engine, write_csv(tmp_path, GOOD_ROW))
    again = import_courses(engine, write_csv(tmp_path, GOOD_ROW))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)

    cheaper = GOOD_ROW.replace("49.99", "19.00").replace("SQL; spreadsheets", "SQL")
    changed = import_courses(engine, write_csv(tmp_path, cheaper))

    assert (changed.created, changed.updated) == (0, 1)
    assert course_count(engine) == 1
    with engine.connect() as connection:
        assert Decimal(str(connection.execute(select(Course.cost)).scalar_one())) == Decimal("19.00")
        assert connection.execute(select(func.count()).select_from(CourseSkill)).scalar_one() == 1


def test_json_list_and_object_forms(engine, tmp_path):
    course = {
        "code": "NEG-1",
        "title": "Negotiation basics",
        "provider": "Internal L&D",
        "format": "workshop",
        "duration_hours": 3,
        "cost": "0",
        "currency": "EUR",
        "skills": ["negotiation"],
        "active": False,
    }
    path = tmp_path / "courses.json"
    path.write_text(json.dumps({"courses": [course]}), encoding="utf-8")
    assert import_courses(engine, path).created == 1
    path.write_text(json.dumps([course]), encoding="utf-8")
    assert import_courses(engine, path).unchanged == 1
    with engine.connect() as connection:
        active, credential, level = connection.execute(
            select(Course.active, Course.credential, Course.level)
        ).one()
    assert (active, credential, level) == (False, "none", "beginner")


def test_dry_run_reports_but_writes_nothing(engine, tmp_path):
    result = import_courses(engine, write_csv(tmp_path, GOOD_ROW), dry_run=True)
    assert result.created == 1 and result.dry_run
    assert course_count(engine) == 0


def test_every_bad_row_is_reported_by_line_and_column_and_nothing_is_written(engine, tmp_path):
    rows = [
        GOOD_ROW,
        GOOD_ROW.replace("SQL-101", "SQL-102").replace("12.5", "-3"),
        GOOD_ROW.replace("SQL-101", "SQL-103").replace("usd", "XYZ"),
        GOOD_ROW.replace("SQL-101", "SQL-104").replace("SQL; spreadsheets", "Underwater Basket Weaving"),
        GOOD_ROW,  # duplicate code SQL-101
        GOOD_ROW.replace("SQL-101", "SQL-105")
        .replace("online self-paced", "telepathy")
        .replace("49.99", "abc"),
    ]
    with pytest.raises(CourseValidationError) as raised:
        import_courses(engine, write_csv(tmp_path, *rows))

    problems = {(error.where, error.column) for error in raised.value.errors}
    assert problems == {
        ("line 3", "duration_hours"),
        ("line 4", "currency"),
        ("line 5", "skills"),
        ("line 6", "code"),
        ("line 7", "format"),
        ("line 7", "cost"),
    }
    messages = {str(error) for error in raised.value.errors}
    assert (
        "line 5, column 'skills': unknown skill(s): Underwater Basket Weaving (add them to the catalog first)"
        in messages
    )
    assert any("duplicate code 'SQL-101' (first used on line 2)" in message for message in messages)
    assert course_count(engine) == 0


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "courses.csv", "empty"),
        (b"code,title\nA,B\n", "courses.csv", "missing column(s): provider"),
        (HEADER.encode() + b",colour\n", "courses.csv", "unknown column(s): colour"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "courses.csv", "binary"),
        (b"\xff\xfe\xfa broken", "courses.csv", "not UTF-8"),
        (b"{not json", "courses.json", "invalid JSON"),
        (b'{"courses": 3}', "courses.json", "expected a list"),
        (b"[1, 2]", "courses.json", "item 1: expected an object"),
        (b"a;b", "courses.xlsx", "unknown file type"),
    ],
)
def test_unreadable_files_get_a_clear_message(sqlite_catalog_engine, tmp_path, content, name, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CourseFileError, match=re.escape(expected)):
        import_courses(sqlite_catalog_engine, path)


def test_missing_file(sqlite_catalog_engine, tmp_path):
    with pytest.raises(CourseFileError, match="no such file"):
        import_courses(sqlite_catalog_engine, tmp_path / "nope.csv")


def test_injection_and_unicode_are_stored_as_plain_text(engine, tmp_path):
    title = "Robert'); DROP TABLE courses;-- <script>alert(1)</script> 数据 📊"
    row = GOOD_ROW.replace("SQL for beginners", f'"{title}"')
    import_courses(engine, write_csv(tmp_path, row))
    with engine.connect() as connection:
        assert connection.execute(select(Course.title)).scalar_one() == title
