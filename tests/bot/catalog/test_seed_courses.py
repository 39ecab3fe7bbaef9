"""Invariants of the embedded sample catalog's courses (``bot/catalog/seed/courses.yaml``) and of
the references between the three seed files, read straight from the YAML: valid vocabularies
(the same tuples the schema's CHECK constraints use), realistic prices and durations, a course
for every skill a role needs (except the deliberate gaps), and no orphan skills.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

import pytest

from bot.storage.models import COURSE_FORMATS, COURSE_LEVELS, CREDENTIAL_TYPES, CURRENCIES
from tests.kit.seed import courses, deliberate_gaps, required_skills, skill_names, taught_skills

# ---------------------------------------------------------------------------- courses


def test_there_are_at_least_150_courses_with_unique_codes():
    codes = Counter(course["code"] for course in courses())
    assert len(courses()) >= 150
    assert [code for code, count in codes.items() if count > 1] == []


def test_course_vocabularies_are_valid():
    for course in courses():
        where = course["code"]
        assert course["format"] in COURSE_FORMATS, where
        assert course["level"] in COURSE_LEVELS, where
        assert course["credential"] in CREDENTIAL_TYPES, where
        assert course["currency"] in CURRENCIES, where
        assert isinstance(course["language"], str) and re.fullmatch(r"[a-z]{2}", course["language"]), where
        assert isinstance(course["active"], bool), where
        for field in ("title", "provider", "description"):
            assert isinstance(course[field], str) and course[field].strip(), (where, field)


@pytest.mark.parametrize("course_format", COURSE_FORMATS)
def test_every_format_appears_at_least_three_times(course_format):
    assert sum(course["format"] == course_format for course in courses()) >= 3


@pytest.mark.parametrize("credential", CREDENTIAL_TYPES)
def test_every_credential_type_appears_at_least_three_times(credential):
    assert sum(course["credential"] == credential for course in courses()) >= 3


def test_durations_are_positive_with_at_most_one_decimal():
    for course in courses():
        hours = course["duration_hours"]
        assert isinstance(hours, (int, float)) and not isinstance(hours, bool), course["code"]
        assert hours > 0, course["code"]
        exponent = Decimal(str(hours)).as_tuple().exponent
        assert isinstance(exponent, int) and exponent >= -1, course["code"]


def test_costs_are_non_negative_decimals_with_at_most_two_places():
    for course in courses():
        cost = course["cost"]
        assert isinstance(cost, str), f"{course['code']}: write the cost as a quoted decimal string"
        try:
            amount = Decimal(cost)
        except InvalidOperation:
            pytest.fail(f"{course['code']}: cost {cost!r} is not a decimal")
        exponent = amount.as_tuple().exponent
        assert amount.is_finite() and amount >= 0, course["code"]
        assert isinstance(exponent, int) and exponent >= -2, course["code"]


def test_at_least_twenty_courses_are_free():
    assert sum(Decimal(course["cost"]) == 0 for course in courses()) >= 20


def test_prices_and_durations_have_a_realistic_spread():
    costs = [Decimal(course["cost"]) for course in courses() if course["currency"] == "USD"]
    hours = [course["duration_hours"] for course in courses()]
    assert max(costs) >= 10_000, "expected some bootcamps or degrees"
    assert min(hours) <= 2 and max(hours) >= 2000, "expected short workshops and long apprenticeships"


def test_urls_are_absolute_or_absent():
    for course in courses():
        url = course.get("url")
        assert url is None or (isinstance(url, str) and url.startswith("https://")), course["code"]
        if course["provider"] == "Internal L&D":
            assert url is None and Decimal(course["cost"]) == 0, course["code"]


def test_course_skills_exist():
    known = skill_names()
    for course in courses():
        taught = course["skills"]
        assert 1 <= len(taught) <= 6, f"{course['code']} lists {len(taught)} skills"
        assert len(taught) == len(set(taught)), f"{course['code']} lists a skill twice"
        assert set(taught) <= known, f"{course['code']}: unknown {sorted(set(taught) - known)}"


def test_some_courses_are_retired():
    assert any(not course["active"] for course in courses())
    assert sum(course["active"] for course in courses()) >= 150


# ---------------------------------------------------------------------- cross-file checks


def test_every_required_skill_is_taught_by_an_active_course():
    missing = required_skills() - taught_skills(active_only=True) - set(deliberate_gaps())
    assert sorted(missing) == []


def test_there_are_three_to_six_deliberate_gaps():
    gaps = deliberate_gaps()
    assert 3 <= len(gaps) <= 6
    assert len(set(gaps)) == len(gaps)


@pytest.mark.parametrize("gap", deliberate_gaps())
def test_deliberate_gap_is_required_but_taught_by_no_course(gap):
    assert gap in skill_names()
    assert gap in required_skills(), f"{gap} is required by no role, so it is not a gap"
    assert gap not in taught_skills(active_only=False), f"{gap} is taught by a course"


def test_no_skill_is_an_orphan():
    used = required_skills() | taught_skills(active_only=False)
    assert sorted(skill_names() - used) == []
