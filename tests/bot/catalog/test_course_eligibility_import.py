"""The issue-13 course columns in import files: audience, employer, weekly_hours, paid_work,
entry_for; defaults for files written before them, and row/column-named errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from bot.catalog.course_import import CourseValidationError, import_courses
from bot.catalog.course_search import load_courses_by_code
from bot.storage.models import Course, CourseEntryRole, Role, Skill

OLD_HEADER = "code,title,provider,format,duration_hours,cost,currency,skills"
NEW_HEADER = OLD_HEADER + ",audience,employer,weekly_hours,paid_work,entry_for"
OLD_ROW = "SQL-101,SQL for beginners,Acme Academy,online_self_paced,12,0,USD,SQL"


@pytest.fixture
def engine(catalog_engine):
    """A catalog with one skill and two roles, no courses."""
    with catalog_engine.begin() as connection:
        connection.execute(insert(Skill), [{"name": "SQL", "kind": "technology", "description": ""}])
        connection.execute(
            insert(Role),
            [
                {"code": "29-1141.00", "title": "Registered Nurse", "source": "sample"},
                {"code": "29-2061.00", "title": "Licensed Practical Nurse", "source": "sample"},
            ],
        )
    return catalog_engine


def write_csv(tmp_path: Path, header: str, *rows: str) -> Path:
    path = tmp_path / "courses.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def loaded(engine, code: str):
    with engine.connect() as connection:
        (course,) = load_courses_by_code(connection, [code])
    return course


def test_a_file_without_the_new_columns_gets_the_defaults(engine, tmp_path):
    import_courses(engine, write_csv(tmp_path, OLD_HEADER, OLD_ROW))

    course = loaded(engine, "SQL-101")
    assert (course.audience, course.employer, course.weekly_hours, course.paid_work, course.entry_for) == (
        "anyone",
        None,
        None,
        False,
        frozenset(),
    )


def test_csv_with_every_new_column(engine, tmp_path):
    rows = [
        OLD_ROW.replace("SQL-101", "NCLEX") + ",anyone,,,no,29-1141.00; 29-2061.00",
        OLD_ROW.replace("SQL-101", "SCAP") + ",Employer,Starbucks,20,,",
        OLD_ROW.replace("SQL-101", "ROTATION").replace("online_self_paced", "on-the-job rotation")
        + ",employees,,40,yes,",
    ]
    result = import_courses(engine, write_csv(tmp_path, NEW_HEADER, *rows))

    assert result.created == 3
    nclex, scap, rotation = (loaded(engine, code) for code in ("NCLEX", "SCAP", "ROTATION"))
    assert nclex.entry_for == frozenset({"29-1141.00", "29-2061.00"})
    assert (scap.audience, scap.employer, scap.weekly_hours) == ("employer", "Starbucks", Decimal("20"))
    assert (rotation.audience, rotation.paid_work, rotation.weekly_hours) == (
        "employees",
        True,
        Decimal("40"),
    )


def test_json_lists_and_booleans(engine, tmp_path):
    course = {
        "code": "CNA",
        "title": "CNA training",
        "provider": "Red Cross",
        "format": "cohort",
        "duration_hours": 100,
        "cost": "1500.00",
        "currency": "USD",
        "skills": ["SQL"],
        "weekly_hours": 20,
        "paid_work": False,
        "entry_for": ["29-2061.00"],
    }
    path = tmp_path / "courses.json"
    path.write_text(json.dumps({"courses": [course]}), encoding="utf-8")

    import_courses(engine, path)

    assert loaded(engine, "CNA").entry_for == frozenset({"29-2061.00"})
    assert loaded(engine, "CNA").weekly_hours == Decimal("20")


def test_reimport_updates_entry_roles_in_place(engine, tmp_path):
    import_courses(engine, write_csv(tmp_path, NEW_HEADER, OLD_ROW + ",,,,,29-1141.00"))
    result = import_courses(engine, write_csv(tmp_path, NEW_HEADER, OLD_ROW + ",,,,,29-2061.00"))
    again = import_courses(engine, write_csv(tmp_path, NEW_HEADER, OLD_ROW + ",,,,,29-2061.00"))

    assert (result.updated, again.unchanged) == (1, 1)
    assert loaded(engine, "SQL-101").entry_for == frozenset({"29-2061.00"})
    with engine.connect() as connection:
        assert len(connection.execute(select(CourseEntryRole)).all()) == 1


def test_bad_new_values_are_reported_by_line_and_column(engine, tmp_path):
    rows = [
        OLD_ROW.replace("SQL-101", "A") + ",everyone,,,,",
        OLD_ROW.replace("SQL-101", "B") + ",employer,,,,",
        OLD_ROW.replace("SQL-101", "C") + ",anyone,Walmart,,,",
        OLD_ROW.replace("SQL-101", "D") + ",,,0,,",
        OLD_ROW.replace("SQL-101", "E") + ",,,81,,",
        OLD_ROW.replace("SQL-101", "F") + ",,,lots,,",
        OLD_ROW.replace("SQL-101", "G") + ",,,,maybe,",
        OLD_ROW.replace("SQL-101", "H") + ",,,,,99-9999.00",
    ]
    with pytest.raises(CourseValidationError) as raised:
        import_courses(engine, write_csv(tmp_path, NEW_HEADER, *rows))

    messages = {(error.where, error.column): error.message for error in raised.value.errors}
    assert set(messages) == {
        ("line 2", "audience"),
        ("line 3", "employer"),
        ("line 4", "employer"),
        ("line 5", "weekly_hours"),
        ("line 6", "weekly_hours"),
        ("line 7", "weekly_hours"),
        ("line 8", "paid_work"),
        ("line 9", "entry_for"),
    }
    assert messages[("line 2", "audience")] == "'everyone' is not one of: anyone, employees, employer"
    assert "name the employer" in messages[("line 3", "employer")]
    assert "at most 80" in messages[("line 6", "weekly_hours")]
    assert "unknown role code(s): 99-9999.00" in messages[("line 9", "entry_for")]
    with engine.connect() as connection:
        assert connection.execute(select(Course)).all() == []
