"""bot/profiles/answers.py: the parsers that read every free-text answer a user gives.

Typical answers and edge cases; tests/bot/profiles/test_answers_invariants.py checks what holds for
every answer (no parser raises, results are normalised) over many generated ones.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bot.profiles.answers import (
    ANY_WORDS,
    FORMAT_CHOICES,
    MAX_ANSWER_CHARS,
    SKIP_WORDS,
    CourseQuery,
    ProfileUpdate,
    budget_amount,
    budget_from_text,
    clean,
    is_skip,
    parse_budget,
    parse_course_query,
    parse_format,
    parse_goal,
    parse_hours_per_week,
    parse_profile_update,
    strip_correction,
)

# --- clean and skip ------------------------------------------------------------------------


def test_clean_collapses_whitespace_and_drops_control_characters() -> None:
    assert clean("  Data \n\t analyst  ") == "Data analyst"
    assert clean("a\x00b\u202ec") == "abc"  # NUL and a right-to-left override are dropped
    assert clean("Ingénieure 😀 データ") == "Ingénieure 😀 データ"


@pytest.mark.parametrize("empty", [None, "", "   ", "\x00\x01"])
def test_clean_of_nothing_is_empty(empty: str | None) -> None:
    assert clean(empty) == ""


def test_clean_caps_the_length() -> None:
    assert clean("x" * 10_000) == "x" * MAX_ANSWER_CHARS


def test_clean_accepts_a_non_string() -> None:
    assert clean(123) == "123"  # type: ignore[arg-type]


@pytest.mark.parametrize("word", sorted(SKIP_WORDS))
def test_every_skip_word_skips_whatever_the_case_and_punctuation(word: str) -> None:
    assert is_skip(word)
    assert is_skip(f"  {word.upper()}!")
    assert is_skip(f"{word}.")


@pytest.mark.parametrize("answer", ["skip it", "Python", "", None, "next year"])
def test_other_answers_do_not_skip(answer: str | None) -> None:
    assert not is_skip(answer)


# --- goal ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "goal"),
    [
        ("advance", "advance"),
        ("Switch", "switch"),
        ("unsure", "unsure"),
        ("grow in my current role", "advance"),
        ("stay where I am and get promoted", "advance"),
        ("I want to move to marketing", "switch"),
        ("become a nurse", "switch"),
        ("a career change", "switch"),
        ("not sure", "unsure"),
        ("maybe, I'd like to explore options", "unsure"),
        ("I'm not sure whether to switch", "unsure"),  # doubt wins over a goal it mentions
    ],
)
def test_goal_from_buttons_and_free_text(answer: str, goal: str) -> None:
    assert parse_goal(answer) == goal


@pytest.mark.parametrize("answer", ["", None, "banana", "42", "😀"])
def test_goal_without_a_goal_is_none(answer: str | None) -> None:
    assert parse_goal(answer) is None


# --- hours per week ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "hours"),
    [
        ("5", 5.0),
        ("about 10 hours", 10.0),
        ("1.5h", 1.5),
        ("0,5", 0.5),  # a decimal comma
        ("two hours a day", 14.0),  # every day, as said (confirmed)
        ("half an hour a day", 3.5),
        ("8 hours a month", 2.0),
        ("a couple of hours", 2.0),
        ("five", 5.0),
        ("10-15 hours", 10.0),  # the first number of a range
        ("0.5", 0.5),  # the lowest accepted
        ("80", 80.0),  # the highest accepted
    ],
)
def test_hours_per_week(answer: str, hours: float) -> None:
    assert parse_hours_per_week(answer) == hours


@pytest.mark.parametrize(
    "answer", ["", None, "none", "lots", "0", "0.4", "81", "100", "twenty hours a day", "fivehours"]
)
def test_hours_outside_the_range_or_unreadable_are_none(answer: str | None) -> None:
    assert parse_hours_per_week(answer) is None


# --- budget --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "budget"),
    [
        ("free", "free"),
        ("Free courses only", "free"),
        ("0", "free"),
        ("0.00", "free"),
        ("nothing", "free"),
        ("zero", "free"),
        ("no money", "free"),
        ("any", "any"),
        ("no budget", "any"),
        ("no limit", "any"),
        ("unlimited", "any"),
        ("1500", "1500"),
        ("$1,500", "1500"),
        ("1,000.50", "1000.5"),
        ("€300", "300 EUR"),  # another currency keeps its code (bot/profiles/money.py)
        ("12 dollars", "12"),
        ("up to 500 euros", "500 EUR"),
        ("2k", "2000"),
        ("1.5k", "1500"),
        ("3 k", "3000"),
    ],
)
def test_budget_answers(answer: str, budget: str) -> None:
    assert parse_budget(answer) == budget


@pytest.mark.parametrize("answer", ["", None, "lots", "NaN", "Infinity", "😀"])
def test_unreadable_budgets_are_none(answer: str | None) -> None:
    assert parse_budget(answer) is None


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("free", Decimal(0)),
        ("none", Decimal(0)),
        ("0", Decimal(0)),
        ("1500", Decimal(1500)),
        ("$1,500", Decimal(1500)),
        ("1500 USD", Decimal(1500)),
        (" 99.99 ", Decimal("99.99")),
        (500, Decimal(500)),  # a slot filled from /inform{"budget": 500} holds a number
    ],
)
def test_budget_from_text_reads_amounts(value: Any, amount: Decimal) -> None:
    assert budget_from_text(value) == amount


@pytest.mark.parametrize("value", [None, "", " ", "any", "no limit", "unlimited", "-5", "nan", "inf", "abc"])
def test_budget_from_text_without_an_amount_is_none(value: str | None) -> None:
    assert budget_from_text(value) is None


@pytest.mark.parametrize(
    ("slot", "amount"),
    [
        (None, None),
        ("", None),
        ("any", None),
        ("free", Decimal(0)),
        ("1500", Decimal(1500)),
        (250, Decimal(250)),
    ],
)
def test_budget_amount_is_the_planner_limit(slot: Any, amount: Decimal | None) -> None:
    assert budget_amount(slot) == amount


@pytest.mark.parametrize("answer", ["free", "any", "1500", "$1,500", "2k", "1,000.50", "up to 500 euros"])
def test_a_parsed_budget_reads_back_as_the_same_limit(answer: str) -> None:
    """What the form stores in the slot (parse_budget) is what the planner reads (budget_amount)."""
    stored = parse_budget(answer)
    assert stored is not None
    if stored in ("free", "any"):
        expected = {"free": Decimal(0), "any": None}[stored]
    else:
        expected = Decimal(stored.split()[0])
    assert budget_amount(stored) == expected
    assert parse_budget(stored) == stored


# --- format --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(FORMAT_CHOICES))
def test_every_format_key_is_its_own_answer(key: str) -> None:
    assert parse_format(key) == key


@pytest.mark.parametrize("word", sorted(ANY_WORDS))
def test_no_preference_words_mean_any_format(word: str) -> None:
    assert parse_format(word) == "any"


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        ("Online, self-paced", "online"),
        ("at my own pace", "online"),
        ("in person class", "live"),
        ("a workshop with an instructor", "live"),
        ("boot camp", "bootcamp"),
        ("with a mentor", "on_the_job"),
        ("on-the-job rotation", "on_the_job"),
        ("online or in person", "online+live"),  # several formats, in FORMAT_CHOICES' order
        ("ANY", "any"),
    ],
)
def test_format_from_free_text(answer: str, key: str) -> None:
    assert parse_format(answer) == key


@pytest.mark.parametrize("answer", ["", None, "banana", "company training"])
def test_format_without_a_format_is_none(answer: str | None) -> None:
    assert parse_format(answer) is None


# --- corrections ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "role"),
    [
        ("change my target to data analyst", "data analyst"),
        ("No, sorry, I meant nurse", "nurse"),
        ("my role is teacher", "teacher"),
        ("I'd rather become a data scientist", "data scientist"),
        ("I want to become an accountant", "accountant"),
        ("set my current role to Nurse.", "Nurse"),
        ("  Teacher!  ", "Teacher"),
        ("accountant", "accountant"),
        ("", ""),
    ],
)
def test_strip_correction_leaves_the_role(answer: str, role: str) -> None:
    assert strip_correction(answer) == role


# --- course search and profile changes -----------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "query"),
    [
        (
            "find me an online SQL course under 10 hours",
            CourseQuery(max_hours=Decimal(10), format_key="online"),
        ),
        ("free beginner python course", CourseQuery(max_cost=Decimal(0), level="beginner")),
        ("courses under $50", CourseQuery(max_cost=Decimal(50))),
        ("under 30 euros", CourseQuery(max_cost=Decimal(30), cost_currency="EUR")),
        ("less than 2.5 hrs", CourseQuery(max_hours=Decimal("2.5"))),
        ("intro to excel", CourseQuery(level="beginner")),
        ("advanced sql bootcamp", CourseQuery(format_key="bootcamp", level="advanced")),
        ("any format sql", CourseQuery()),  # "any" is no limit
        ("sql", CourseQuery()),
        ("", CourseQuery()),
    ],
)
def test_course_query_limits(request_text: str, query: CourseQuery) -> None:
    assert parse_course_query(request_text) == query


@pytest.mark.parametrize(
    ("request_text", "update"),
    [
        ("make my budget 1000", ProfileUpdate(budget="1000")),
        ("make it free", ProfileUpdate(budget="free")),
        ("I can do 5 hours a week now", ProfileUpdate(hours_per_week="5")),
        ("10 hours", ProfileUpdate(hours_per_week="10")),
        ("switch to online courses", ProfileUpdate(preferred_format="online")),  # not a goal change
        ("my goal is to switch instead", ProfileUpdate(goal="switch")),
        ("I'd rather grow in my current role", ProfileUpdate(goal="advance")),
        ("hello", ProfileUpdate()),
    ],
)
def test_profile_update_names_only_what_the_request_talks_about(
    request_text: str, update: ProfileUpdate
) -> None:
    assert parse_profile_update(request_text) == update
