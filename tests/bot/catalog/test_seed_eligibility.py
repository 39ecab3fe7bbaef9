"""Issue-13 annotations of the sample catalog, read straight from the YAML: who may take each
course, the hours a week it demands, paid work, entry credentials, and the requirements of
the regulated roles."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.storage.models import AUDIENCES, MAX_WEEKLY_HOURS, REQUIREMENT_KINDS
from tests.kit.seed import courses, roles

PAID_FORMATS = ("apprenticeship", "on_the_job_rotation")
#: Paid work in another format: the new-graduate RN residency is a paid RN job with a preceptor.
PAID_MENTORSHIPS = {"SAMPLE-C-0220"}
ROLE_CODES = {role["code"] for role in roles()}


def by_code(code: str) -> dict:
    (course,) = [course for course in courses() if course["code"] == code]
    return course


def test_every_course_states_its_audience_and_weekly_hours():
    for course in courses():
        assert "audience" in course and "weekly_hours" in course, course["code"]
        assert course["audience"] in AUDIENCES, course["code"]


def test_internal_programmes_and_only_they_are_for_employees():
    for course in courses():
        internal = course["provider"] == "Internal L&D" or course["provider"].endswith("via employer")
        assert (course["audience"] == "employees") is internal, course["code"]


def test_employer_courses_name_their_employer_and_others_do_not():
    for course in courses():
        assert ("employer" in course) is (course["audience"] == "employer"), course["code"]
    assert by_code("SAMPLE-C-0290")["employer"] == "Starbucks"


def test_paid_work_is_apprenticeships_and_rotations():
    for course in courses():
        paid = course["format"] in PAID_FORMATS or course["code"] in PAID_MENTORSHIPS
        assert course.get("paid_work", False) is paid, course["code"]


def test_weekly_hours_are_in_range_and_null_only_at_ones_own_pace():
    for course in courses():
        weekly = course["weekly_hours"]
        if course["format"] == "online_self_paced":
            assert weekly is None, course["code"]
            continue
        assert weekly is not None, course["code"]
        assert 0 < Decimal(str(weekly)) <= MAX_WEEKLY_HOURS, course["code"]
        assert weekly <= course["duration_hours"], course["code"]


@pytest.mark.parametrize(
    ("code", "weekly"),
    [
        ("SAMPLE-C-0052", 40),  # General Assembly bootcamp: full time
        ("SAMPLE-C-0053", 40),  # Flatiron School: full time
        ("SAMPLE-C-0249", 40),  # electrical apprenticeship: a full-time job
        ("SAMPLE-C-0288", 40),  # CDL school
        ("SAMPLE-C-0079", 10),  # a cohort course: a few hours a week
    ],
)
def test_known_intensities(code, weekly):
    assert by_code(code)["weekly_hours"] == weekly


def test_entry_credentials_name_existing_roles():
    for course in courses():
        entry_for = course.get("entry_for", [])
        assert isinstance(entry_for, list) and len(set(entry_for)) == len(entry_for), course["code"]
        assert set(entry_for) <= ROLE_CODES, course["code"]


@pytest.mark.parametrize(
    ("code", "role"),
    [
        ("SAMPLE-C-0218", "29-1141.00"),  # Associate Degree in Nursing -> registered nurse
        ("SAMPLE-C-0219", "29-1141.00"),  # NCLEX-RN review
        ("SAMPLE-C-0220", "29-1141.00"),  # new-graduate residency
        ("SAMPLE-C-0221", "29-2061.00"),  # practical nursing diploma -> LPN
        ("SAMPLE-C-0223", "31-1131.00"),  # CNA training -> nursing assistant
        ("SAMPLE-C-0288", "53-3032.00"),  # Class A CDL -> truck driver
        ("SAMPLE-C-0249", "47-2111.00"),  # electrical apprenticeship -> electrician
        ("SAMPLE-C-0236", "29-2052.00"),  # PTCB CPhT -> pharmacy technician
        ("SAMPLE-C-0239", "29-1051.00"),  # PharmD -> pharmacist
        ("SAMPLE-C-0273", "53-7051.00"),  # forklift training -> forklift operator
    ],
)
def test_entry_credentials_of_regulated_roles(code, role):
    assert role in by_code(code)["entry_for"]


@pytest.mark.parametrize(
    "role_code",
    ["29-1141.00", "15-1252.00", "11-2021.00", "SAMPLE-DATA-001", "13-2011.00", "53-1042.00", "43-1011.00"],
)
def test_roles_have_an_advanced_course_to_grow_with(role_code):
    (role,) = [role for role in roles() if role["code"] == role_code]
    role_skills = {link["skill"] for link in role["skills"]}
    growth = [
        course["code"]
        for course in courses()
        if course["active"]
        and course["level"] == "advanced"
        and role_code not in course.get("entry_for", [])
        and role_skills & set(course["skills"])
    ]
    assert len(growth) >= 2, growth


REGULATED = {
    "29-1141.00": "licence",  # registered nurse
    "29-2061.00": "licence",  # licensed practical nurse
    "31-1131.00": "registration",  # nursing assistant
    "29-1051.00": "licence",  # pharmacist
    "29-2052.00": "registration",  # pharmacy technician
    "47-2111.00": "licence",  # electrician
    "49-9021.00": "certification",  # HVAC technician (EPA 608)
    "53-3032.00": "licence",  # truck driver (CDL)
    "13-2011.00": "licence",  # accountant (CPA, public accounting only)
    "31-9097.00": "certification",  # phlebotomist
    "31-9092.00": "certification",  # medical assistant
    "53-7051.00": "certification",  # forklift operator
    "51-4121.00": "certification",  # welder
    "13-2082.00": "registration",  # tax preparer (PTIN)
    "29-2072.00": "certification",  # medical coder
}


@pytest.mark.parametrize(("role_code", "kind"), sorted(REGULATED.items()))
def test_regulated_roles_state_their_requirements(role_code, kind):
    (role,) = [role for role in roles() if role["code"] == role_code]
    requirements = role.get("requirements") or []
    assert kind in [requirement["kind"] for requirement in requirements]
    for requirement in requirements:
        assert set(requirement) <= {"kind", "name", "typical_time", "granted_by", "note"}
        assert requirement["kind"] in REQUIREMENT_KINDS
        for field in ("name", "typical_time", "granted_by"):
            assert isinstance(requirement[field], str) and requirement[field].strip(), (role_code, field)
    if {"licence", "registration"} & {requirement["kind"] for requirement in requirements}:
        assert any("vary" in requirement.get("note", "") for requirement in requirements), role_code


def test_only_the_listed_roles_carry_requirements():
    assert {role["code"] for role in roles() if role.get("requirements")} == set(REGULATED)
